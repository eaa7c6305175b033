"""Open the index of a corpus (built first by `building` where needed), repairing what fails to read back.

Every folder's files are sealed when written and checked when read (`sealed`): a document's part, a
library or a vector store that fails to read back (a truncated file, a garbled store) is logged and
rebuilt by the lock's holder, vectors from the embedding cache.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.documents.chunking import Chunk
from assistant.documents.outline import Section
from assistant.errors import AssistantError
from assistant.store import meaning_files
from assistant.store.bridge import Vocabulary
from assistant.store.building import LIBRARY_FILES, MANIFEST, StoreBroken, build_index, built, index_key, store_for
from assistant.store.clauses import ClauseTable
from assistant.store.docindex import DocumentPart
from assistant.store.keywords import KeywordIndex
from assistant.store.postings import Postings
from assistant.store.progress import Report
from assistant.store.sealed import Broken, check
from assistant.store.vectors import VectorStore
from assistant.store.writing import writing
from assistant.targets.extract import Target, TargetPostings

log = logging.getLogger(__name__)




@dataclass
class Index:
    """A loaded index: the chunks in order, the outline, the targets, the keyword index, the vector store."""

    path: Path
    chunks: list[Chunk]
    sections: list[Section]
    targets: list[Target]
    keywords: KeywordIndex
    vectors: VectorStore
    doc_keys: dict[str, str] = field(default_factory=dict)  # document name → its part's key
    facts: list[dict] = field(default_factory=list)  # each document's, for the corpus statistics
    target_postings: TargetPostings | None = None  # of `targets`, as stored (None: made when needed)
    parts: dict[str, DocumentPart] = field(default_factory=dict)  # document name → its part, for `only`
    clause_vectors: dict[str, np.ndarray] = field(default_factory=dict)  # document name → its clauses' vectors
    words: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # document → its vocabulary (`bridge.prepare`)

    def chunk(self, chunk_id: str) -> Chunk:
        """The chunk with this id."""
        return self._by_id[chunk_id]

    def has_chunk(self, chunk_id: str) -> bool:
        """Whether a chunk with this id is indexed."""
        return chunk_id in self._by_id

    @property
    def documents(self) -> list[str]:
        """The names of the indexed documents, in corpus order."""
        return list(self.doc_keys)

    def among(self, ids: set[str]) -> np.ndarray:
        """Which chunks (by position) have one of these ids."""
        return np.array([c.id in ids for c in self.chunks], dtype=bool)

    def only(self, documents: tuple[str, ...]) -> Index:
        """The index of some of its documents, as if they were alone: their own chunks, postings and facts."""
        parts = [self.parts[d] for d in documents]
        one = len(parts) == 1
        return Index(path=self.path, chunks=[c for p in parts for c in p.chunks],
                     sections=[s for p in parts for s in p.sections], targets=[t for p in parts for t in p.targets],
                     keywords=KeywordIndex(postings=parts[0].postings if one else Postings.merge([p.postings for p in parts])),
                     vectors=self.vectors.within([p.key for p in parts]), doc_keys={p.name: p.key for p in parts},
                     facts=[p.facts for p in parts], parts={p.name: p for p in parts},
                     clause_vectors={p.name: self.clause_vectors[p.name] for p in parts if p.name in self.clause_vectors},
                     words={p.name: self.words[p.name] for p in parts if p.name in self.words},
                     target_postings=parts[0].target_postings if one else TargetPostings.merge([p.target_postings for p in parts]))

    @property
    def clauses(self) -> ClauseTable:
        """Every clause of the index's passages with its vector (made on first use)."""
        if self._clauses is None:
            self._clauses = meaning_files.clause_table(self.chunks, self.clause_vectors)
        return self._clauses

    @property
    def vocabulary(self) -> Vocabulary:
        """The documents' words with their vectors, each word once (made on first use)."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary.merged(self.words)
        return self._vocabulary

    def __post_init__(self) -> None:
        self._by_id = {c.id: c for c in self.chunks}
        self.positions = {c.id: i for i, c in enumerate(self.chunks)}  # a passage's place, as clauses name it
        self._clauses: ClauseTable | None = None
        self._vocabulary: Vocabulary | None = None


def open_index(settings: Settings, embeddings: Embeddings, build: bool = True, client=None,
               report: Report | None = None) -> Index:
    """Open the index for the current corpus and settings, building what is new first (unless `build` is False).

    A file that fails its check (see `sealed`) or a store that fails to read is logged, and what it belongs
    to is rebuilt: a document's part, the library's merged postings, the vectors (from the embedding cache).
    """
    path = settings.index_dir / index_key(settings)
    if built(path):
        try:
            return _load(settings, path, embeddings, client)
        except AssistantError:
            raise
        except Exception:  # read again, and repaired, by the lock's holder below
            pass
    elif not build:
        raise AssistantError("Chưa có chỉ mục cho kho tài liệu hiện tại. Hãy chạy: python -m assistant index")
    with writing(settings.index_dir):
        for _ in range(3):  # the library, a part, the store: each repaired once
            if not built(path) and build:
                try:
                    path = build_index(settings, embeddings, client, report)  # a failing embedder raises through
                except StoreBroken as error:
                    client = _discard(settings, path, error)
                    continue
            try:
                return _load(settings, path, embeddings, client)
            except AssistantError:
                raise
            except Exception as error:
                client = _discard(settings, path, error)
                if not build:
                    raise AssistantError(
                        f"Chỉ mục ở «{path}» bị hỏng nên đã được xóa. Hãy chạy: python -m assistant index") from None
    raise AssistantError(
        f"Chỉ mục dựng lại ở «{path}» vẫn không đọc được. Hãy kiểm tra chỗ trống và quyền ghi của "
        f"«{settings.index_dir}» rồi chạy: python -m assistant index")


def _load(settings: Settings, path: Path, embeddings: Embeddings, client=None) -> Index:
    check(path, LIBRARY_FILES)
    manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    documents = [DocumentPart.load(settings.index_dir / "docs" / d["key"]) for d in manifest["documents"]]
    chunks = [c for d in documents for c in d.chunks]
    folder = settings.index_dir / "docs"
    clause_vectors = {d.name: meaning_files.read_clauses(d, folder / d.key, settings.embeddings) for d in documents}
    words = {d.name: meaning_files.read_words(d, folder / d.key, settings.embeddings) for d in documents}
    store = store_for(settings, embeddings, client)
    try:
        held = store.collection.count()
        if held < len(chunks):
            raise ValueError(f"{held} vectors for {len(chunks)} chunks")
        store.probe()
    except AssistantError:
        raise
    except Exception as error:  # whatever chromadb raises for a garbled store
        raise StoreBroken(f"{type(error).__name__}: {error}") from error
    # A store holding exactly this library is searched whole; one shared with other libraries, by document.
    store.live = None if held == len(chunks) else [d.key for d in documents]
    return Index(path=path, chunks=chunks, sections=[s for d in documents for s in d.sections],
                 targets=[t for d in documents for t in d.targets], clause_vectors=clause_vectors, words=words,
                 keywords=KeywordIndex(postings=Postings.load(path / "postings.npz")), vectors=store,
                 doc_keys={d.name: d.key for d in documents}, facts=[d.facts for d in documents],
                 target_postings=TargetPostings.load(path), parts={d.name: d for d in documents})


def _discard(settings: Settings, path: Path, error: Exception):
    """Log `error`, and remove what it shows broken and the library (rebuilt from its parts in a moment).

    A broken document part goes alone; a store on disk goes whole (its vectors come back from the cache);
    an error of unknown origin takes the store too.
    """
    log.warning("index %s unreadable (%s: %s)", path, type(error).__name__, error)
    shutil.rmtree(path, ignore_errors=True)
    if isinstance(error, Broken):
        if error.folder != path:  # a document's part
            shutil.rmtree(error.folder, ignore_errors=True)
        return None
    if settings.chroma_url:
        return None
    # Chroma keeps one client per path for the life of the process: a garbled store must be forgotten
    # before the folder is made again (this rare repair is the only place it is asked to).
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    shutil.rmtree(settings.index_dir / "chroma", ignore_errors=True)
    return None
