"""Vectors of passages already embedded, kept by model and by the passage's text: no text is embedded twice.

A rebuild after a code change, a document added to a library, a corpus copied back: each finds the
vectors of the passages it has seen before in `index/embeddings.sqlite3` and embeds only the new ones.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

BATCH = 64  # passages embedded at once: progress is reported after each batch


def text_key(model: str, text: str) -> str:
    """What a passage's vector is kept under: the model and the text."""
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """A SQLite table of vectors by (model, text) key, beside the index."""

    def __init__(self, path: Path, model: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.model = model
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")

    def lookup(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The vectors kept for any of `texts`, by text."""
        keys = {text_key(self.model, t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        listed = list(keys)
        for start in range(0, len(listed), 500):  # SQLite caps the parameters of one statement
            part = listed[start:start + 500]
            rows = self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})", part)
            found.update({keys[key]: np.frombuffer(blob, dtype=np.float32) for key, blob in rows})
        return found

    def keep(self, vectors: dict[str, np.ndarray]) -> None:
        """Keep these vectors, by text."""
        rows = [(text_key(self.model, t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in vectors.items()]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)", rows)

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

    def close(self) -> None:
        """Close the table."""
        self._db.close()
