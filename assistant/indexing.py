"""Build and open the index of a corpus: a library of documents' parts, and their vectors in Chroma.

    index/
      docs/<doc key>/        one document's part (docindex.py): chunks, outline, targets, postings, facts
      embeddings.sqlite3     every passage's vector by model and text (embedcache.py): none embedded twice
      chroma/                the vectors by document (vectors.py), unless ASSISTANT_CHROMA_URL names a server
      <library key>/         manifest.json (the documents, in order), the merged keyword and target postings

Adding, replacing or removing a document builds only its part and embeds only its new passages;
the library is written into a temporary folder and renamed into place when complete, so a build
that dies leaves the previous library serving. An index that fails to read back (truncated files,
a garbled store) is discarded and rebuilt; vectors come back from the embedding cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant import meaning_files
from assistant.bridge import Vocabulary
from assistant.chunking import Chunk
from assistant.clauses import ClauseTable
from assistant.config import Settings
from assistant.corpus import corpus_files
from assistant.docindex import DocumentPart, builders_digest, doc_key
from assistant.embedcache import EmbeddingCache
from assistant.errors import AssistantError
from assistant.keywords import KeywordIndex, Postings
from assistant.outline import Section
from assistant.targets.extract import Target, TargetPostings
from assistant.vectors import VectorStore, connect

log = logging.getLogger(__name__)

INDEX_VERSION = 6  # bump when the library's stored layout changes
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Progress:
    """How far a build is: documents read and cut, passages embedded, and since when."""

    stage: str  # "documents", "vectors" or "done"
    documents: int
    documents_total: int
    chunks: int
    chunks_total: int
    started: float  # time.monotonic() at the start

    def line(self) -> str:
        """The progress as one Vietnamese line: counts and rates."""
        spent = max(time.monotonic() - self.started, 1e-6)
        return (f"{self.documents}/{self.documents_total} tài liệu · {self.chunks}/{self.chunks_total} đoạn · "
                f"{self.documents / spent:.1f} tài liệu/s · {self.chunks / spent:.0f} đoạn/s")


Report = Callable[[Progress], None]


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

    def in_document(self, document: str) -> np.ndarray:
        """Which chunks (by position) belong to `document`."""
        return np.array([c.document == document for c in self.chunks], dtype=bool)

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
            self._vocabulary = meaning_files.merged_vocabulary(self.words)
        return self._vocabulary

    def __post_init__(self) -> None:
        self._by_id = {c.id: c for c in self.chunks}
        self.positions = {c.id: i for i, c in enumerate(self.chunks)}  # a passage's place, as clauses name it
        self._clauses: ClauseTable | None = None
        self._vocabulary: Vocabulary | None = None


def _parts(settings: Settings) -> list[tuple[Path, str]]:
    builders = builders_digest()
    return [(path, doc_key(path, settings.chunk_chars, builders)) for path in corpus_files(settings.corpus_dir)]


def _library_key(settings: Settings, keys: list[str]) -> str:
    digest = hashlib.sha256(f"{INDEX_VERSION}|{settings.embeddings}|{settings.chroma_url}|{'|'.join(keys)}".encode())
    return digest.hexdigest()[:16]


def index_key(settings: Settings) -> str:
    """The key of the library the corpus and settings make: its documents' keys, the model, the store."""
    return _library_key(settings, [key for _, key in _parts(settings)])


def _complete(folder: Path) -> bool:
    return (folder / MANIFEST).is_file() and (folder / "postings.npz").is_file()


def _store(settings: Settings, embeddings: Embeddings, client=None) -> VectorStore:
    return VectorStore(client or connect(settings.chroma_url, settings.index_dir / "chroma"), embeddings,
                       settings.embeddings)


def build_index(settings: Settings, embeddings: Embeddings, client=None, report: Report | None = None) -> Path:
    """Build the library for the current corpus and settings (only what is new in it); return its folder."""
    parts = _parts(settings)
    key = _library_key(settings, [k for _, k in parts])
    final = settings.index_dir / key
    if _complete(final):
        return final
    started = time.monotonic()
    store = _store(settings, embeddings, client)
    documents = _documents(settings, parts, started, report)
    total = sum(len(d.chunks) for d in documents)
    _embed(settings, embeddings, store, documents, started, report)
    temporary = settings.index_dir / f".building-{key}-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    try:
        Postings.merge([d.postings for d in documents]).save(temporary / "postings.npz")
        TargetPostings.merge([d.target_postings for d in documents]).save(temporary)
        manifest = {"key": key, "version": INDEX_VERSION, "embeddings": settings.embeddings,
                    "chunk_chars": settings.chunk_chars, "vectors": settings.chroma_url or "chroma/",
                    "documents": [{"name": d.name, "key": d.key} for d in documents], "chunks": total,
                    "targets": sum(len(d.targets) for d in documents),
                    "seconds": round(time.monotonic() - started, 2)}
        (temporary / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)  # a part-built folder of this key
        try:
            temporary.rename(final)
        except OSError:  # another process finished the same build first
            if not _complete(final):
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    _tidy(settings, store, keep=key, live={d.key for d in documents})
    if report:
        report(Progress("done", len(documents), len(documents), total, total, started))
    log.info("built index %s: %d documents, %d chunks in %.1f s", key, len(documents), total,
             time.monotonic() - started)
    return final


def _documents(settings: Settings, parts: list[tuple[Path, str]], started: float,
               report: Report | None) -> list[DocumentPart]:
    """Each document's part: loaded when built before, else built (read, cut, indexed) and kept."""
    documents: list[DocumentPart] = []
    for path, key in parts:
        folder = settings.index_dir / "docs" / key
        try:
            part = DocumentPart.load(folder)
        except (OSError, ValueError, KeyError):  # not built yet, or a garbled part: built again
            part = DocumentPart.build(key, path, settings.chunk_chars)
            part.save(folder)
        documents.append(part)
        if report:
            report(Progress("documents", len(documents), len(parts), sum(len(d.chunks) for d in documents), 0, started))
    return documents


def _embed(settings: Settings, embeddings: Embeddings, store: VectorStore, documents: list[DocumentPart],
           started: float, report: Report | None) -> None:
    """Put every document's vectors into the store; only passages never embedded before are embedded."""
    cache = EmbeddingCache(settings.index_dir / "embeddings.sqlite3", settings.embeddings)
    total = sum(len(d.chunks) for d in documents)
    done = 0
    try:
        for number, part in enumerate(documents, start=1):
            if store.held(part.key) != len(part.chunks):

                def told(ready: int, before: int = done, at: int = number) -> None:
                    if report:
                        report(Progress("vectors", at, len(documents), before + ready, total, started))

                vectors = cache.embed(embeddings, [c.index_text() for c in part.chunks], told)
                store.add(part.key, part.name, [c.id for c in part.chunks], vectors)
            meaning_files.make(part, settings.index_dir / "docs" / part.key, settings.embeddings, cache, embeddings)
            done += len(part.chunks)
            if report:
                report(Progress("vectors", number, len(documents), done, total, started))
    finally:
        cache.close()


def _tidy(settings: Settings, store: VectorStore, keep: str, live: set[str]) -> None:
    """Remove older libraries, parts no longer used and (in a store of our own) their vectors."""
    for path in settings.index_dir.iterdir():
        if path.is_dir() and len(path.name) == 16 and path.name != keep:
            shutil.rmtree(path, ignore_errors=True)
    docs = settings.index_dir / "docs"
    for path in docs.iterdir() if docs.is_dir() else ():
        if path.is_dir() and path.name not in live and not path.name.startswith(".building-"):
            shutil.rmtree(path, ignore_errors=True)
    if not settings.chroma_url:  # a server's collection is shared with replicas, which may still use older documents
        store.remove(sorted(store.documents() - live))


def open_index(settings: Settings, embeddings: Embeddings, build: bool = True, client=None,
               report: Report | None = None) -> Index:
    """Open the index for the current corpus and settings, building what is new first (unless `build` is False)."""
    key = index_key(settings)
    path = settings.index_dir / key
    for attempt in (1, 2):  # a broken index is discarded and rebuilt once
        if not _complete(path):
            if not build:
                raise AssistantError("Chưa có chỉ mục cho kho tài liệu hiện tại. Hãy chạy: python -m assistant index")
            path = build_index(settings, embeddings, client, report)
        try:
            return _load(settings, path, embeddings, client)
        except AssistantError:
            raise
        except Exception as error:  # truncated files, a garbled store: whatever json, numpy or chromadb raise
            log.warning("index %s unreadable (%s: %s)", path, type(error).__name__, error)
            client = _discard(settings, path)
            if not build:
                raise AssistantError(f"Chỉ mục ở «{path}» bị hỏng nên đã được xóa. Hãy chạy: python -m assistant index") from None
            if attempt == 2:
                raise AssistantError(
                    f"Chỉ mục dựng lại ở «{path}» vẫn không đọc được. Hãy kiểm tra chỗ trống và quyền ghi của "
                    f"«{settings.index_dir}» rồi chạy: python -m assistant index"
                ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _load(settings: Settings, path: Path, embeddings: Embeddings, client=None) -> Index:
    manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    documents = [DocumentPart.load(settings.index_dir / "docs" / d["key"]) for d in manifest["documents"]]
    chunks = [c for d in documents for c in d.chunks]
    if len(chunks) != manifest["chunks"]:
        raise ValueError(f"{len(chunks)} chunks for {manifest['chunks']}")
    store = _store(settings, embeddings, client)
    held = store.collection.count()
    if held < len(chunks):
        raise ValueError(f"{held} vectors for {len(chunks)} chunks")
    store.probe()
    # A store holding exactly this library is searched whole; one shared with other libraries, by document.
    store.live = None if held == len(chunks) else [d.key for d in documents]
    folder = settings.index_dir / "docs"
    clause_vectors = {d.name: meaning_files.read_clauses(d, folder / d.key, settings.embeddings) for d in documents}
    words = {d.name: meaning_files.read_words(d, folder / d.key, settings.embeddings) for d in documents}
    return Index(path=path, chunks=chunks, sections=[s for d in documents for s in d.sections],
                 targets=[t for d in documents for t in d.targets], clause_vectors=clause_vectors, words=words,
                 keywords=KeywordIndex(postings=Postings.load(path / "postings.npz")), vectors=store,
                 doc_keys={d.name: d.key for d in documents}, facts=[d.facts for d in documents],
                 target_postings=TargetPostings.load(path), parts={d.name: d for d in documents})


def _discard(settings: Settings, path: Path):
    """Remove a broken library (and, for a store on disk, the store: its vectors come back from the cache)."""
    shutil.rmtree(path, ignore_errors=True)
    if settings.chroma_url:
        return None
    # Chroma keeps one client per path for the life of the process: a garbled store must be forgotten
    # before the folder is made again (this rare repair is the only place it is asked to).
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    shutil.rmtree(settings.index_dir / "chroma", ignore_errors=True)
    return None
