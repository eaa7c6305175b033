"""Vectors of passages already embedded, kept by model and by the passage's text: no text is embedded twice.

A rebuild after a code change, a document added to a library, a corpus copied back: each finds the
vectors of the passages it has seen before in `index/embeddings.sqlite3` and embeds only the new ones.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.store.embeddings import embed_queries

log = logging.getLogger(__name__)

BATCH = 64  # passages embedded at once: progress is reported after each batch
MEMORY = 60_000  # vectors also kept in memory, process-wide (about 90 MB at 384 dimensions): an index folder made
# anew in the same process (a rebuild, a test) finds them there


class _Memory(OrderedDict):
    """The most recently used vectors by key, at most `MEMORY` of them, shared by every cache of the process."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def take(self, keys: dict[str, str]) -> dict[str, np.ndarray]:
        with self._lock:
            found = {text: self[key] for key, text in keys.items() if key in self}
            for key in keys:
                if key in self:
                    self.move_to_end(key)
            return found

    def put(self, rows: dict[str, np.ndarray]) -> None:
        with self._lock:
            self.update(rows)
            while len(self) > MEMORY:
                self.popitem(last=False)


_MEMORY = _Memory()


def forget() -> None:
    """Drop the vectors kept in memory (the caches on disk keep theirs)."""
    with _MEMORY._lock:
        _MEMORY.clear()


def text_key(model: str, text: str, role: str = "passage") -> str:
    """What a vector is kept under: the model, the text, and its role (a passage, or a query: E5 embeds them apart)."""
    key = f"{model}\0{text}" if role == "passage" else f"{model}\0{role}\0{text}"
    return hashlib.sha256(key.encode()).hexdigest()


class EmbeddingCache:
    """A SQLite table of vectors by (model, text) key, beside the index.

    A cache that fails to read (garbled, truncated) is dropped and started empty: it only saves time.
    """

    def __init__(self, path: Path, model: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.model, self.path = model, path
        try:
            self._open()
        except sqlite3.DatabaseError as error:
            self._drop(error)

    def _open(self) -> None:
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self._db.execute("SELECT key, vector FROM vectors LIMIT 1").fetchall()

    def _drop(self, error: sqlite3.DatabaseError) -> None:
        log.warning("embedding cache %s unreadable (%s): dropped, vectors will be embedded again", self.path, error)
        if getattr(self, "_db", None) is not None:
            self._db.close()
        for leftover in (self.path, self.path.with_name(self.path.name + "-journal")):
            if leftover.is_dir():  # not ours: the cache is a file
                shutil.rmtree(leftover)
            leftover.unlink(missing_ok=True)
        self._open()

    def _write(self, verb: str, rows: list[tuple[str, bytes]]) -> None:
        for attempt in (1, 2):
            try:
                with self._db:
                    self._db.executemany(f"{verb} INTO vectors (key, vector) VALUES (?, ?)", rows)
                return
            except sqlite3.DatabaseError as error:
                if attempt == 2:
                    raise
                self._drop(error)

    def lookup(self, texts: list[str], role: str = "passage") -> dict[str, np.ndarray]:
        """The vectors kept for any of `texts` (in `role`), by text."""
        keys = {text_key(self.model, t, role): t for t in texts}
        found = _MEMORY.take(keys)
        if found:  # kept in memory from another folder's cache: kept in this one too
            self._write("INSERT OR IGNORE", [(text_key(self.model, t, role), v.tobytes()) for t, v in found.items()])
        listed = [key for key, text in keys.items() if text not in found]
        for start in range(0, len(listed), 500):  # SQLite caps the parameters of one statement
            part = listed[start:start + 500]
            try:
                rows = self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})",
                                        part).fetchall()
            except sqlite3.DatabaseError as error:  # damaged past its first page
                self._drop(error)
                rows = []
            read = {key: np.frombuffer(blob, dtype=np.float32) for key, blob in rows}
            _MEMORY.put(read)
            found.update({keys[key]: vector for key, vector in read.items()})
        return found

    def keep(self, vectors: dict[str, np.ndarray], role: str = "passage") -> None:
        """Keep these vectors (in `role`), by text."""
        kept = {text_key(self.model, t, role): np.asarray(v, dtype=np.float32) for t, v in vectors.items()}
        _MEMORY.put(kept)
        self._write("INSERT OR REPLACE", [(key, vector.tobytes()) for key, vector in kept.items()])

    def embed(self, embeddings: Embeddings, texts: list[str],
              progress: Callable[[int], None] | None = None) -> list[np.ndarray]:
        """The vector of each of `texts`: kept ones looked up, the others embedded (in batches) and kept.

        `progress` is told how many of `texts` are ready after each batch.
        """
        found = self.lookup(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        ready = len(texts) - len(missing)
        if progress:
            progress(ready)
        for start in range(0, len(missing), BATCH):
            batch = missing[start:start + BATCH]
            made = dict(zip(batch, (np.asarray(v, dtype=np.float32) for v in embeddings.embed_documents(batch))))
            self.keep(made)
            found.update(made)
            if progress:
                progress(min(len(texts), ready + start + len(batch)))
        return [found[t] for t in texts]

    def embed_queries(self, embeddings: Embeddings, texts: list[str]) -> list[np.ndarray]:
        """The vector of each of `texts` embedded as a query (words, compared with a question's words)."""
        found = self.lookup(texts, "query")
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        made = {t: np.asarray(v, dtype=np.float32) for t, v in zip(missing, embed_queries(embeddings, missing))}
        if made:
            self.keep(made, "query")
            found.update(made)
        return [found[t] for t in texts]

    def close(self) -> None:
        """Close the table."""
        self._db.close()
