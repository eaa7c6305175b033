"""Build and open the index: chunks on disk, a Chroma vector store beside them, BM25 in memory.

An index lives in `index/<key>/`, where the key hashes the corpus files' content and every setting
that changes the index; a stale or missing index is rebuilt. A build writes into a temporary
folder and is renamed into place only when complete, so a crash never leaves a half index in use.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.chunking import Chunk, chunk_documents
from assistant.config import Settings
from assistant.embeddings import Deduplicating
from assistant.errors import AssistantError
from assistant.ingest import corpus_files, load_corpus
from assistant.keywords import KeywordIndex
from assistant.targets import Target, extract_targets

log = logging.getLogger(__name__)

INDEX_VERSION = 2  # bump when chunking or the stored layout changes
COLLECTION = "plan"
MANIFEST = "manifest.json"
BATCH = 1000


@dataclass
class Index:
    """A loaded index: the chunks in order, the plan's targets, the keyword index and the vector store."""

    path: Path
    chunks: list[Chunk]
    targets: list[Target]
    keywords: KeywordIndex
    vectors: object  # langchain_chroma.Chroma

    def chunk(self, chunk_id: str) -> Chunk:
        """The chunk with this id."""
        return self._by_id[chunk_id]

    def __post_init__(self) -> None:
        self._by_id = {c.id: c for c in self.chunks}


# The modules whose code shapes what an index holds: a change to any of them makes a new index.
_BUILDERS = ("normalize.py", "ingest.py", "chunking.py", "targets.py", "keywords.py", "indexing.py")


def index_key(settings: Settings) -> str:
    """Hash of everything the index depends on: corpus bytes, settings, and the code that builds it."""
    digest = hashlib.sha256(f"{INDEX_VERSION}|{settings.embeddings}|{settings.chunk_chars}".encode())
    package = Path(__file__).resolve().parent
    for name in _BUILDERS:
        digest.update((package / name).read_bytes())
    for path in corpus_files(settings.corpus_dir):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _chroma(path: Path, embeddings: Embeddings):
    import chromadb
    from langchain_chroma import Chroma

    client = chromadb.PersistentClient(path=str(path), settings=chromadb.Settings(anonymized_telemetry=False))
    # embedding_function is ours: Chroma never falls back to its downloading default.
    return Chroma(
        collection_name=COLLECTION,
        embedding_function=embeddings,
        client=client,
        collection_metadata={"hnsw:space": "cosine"},
    )


def build_index(settings: Settings, embeddings: Embeddings) -> Path:
    """Build the index for the current corpus and settings; return its folder."""
    key = index_key(settings)
    final = settings.index_dir / key
    if (final / MANIFEST).is_file():
        return final
    started = time.perf_counter()
    documents = load_corpus(settings.corpus_dir)
    chunks = chunk_documents(documents, settings.chunk_chars)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    temporary = settings.index_dir / f".building-{key}-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    try:
        _write_jsonl(temporary / "chunks.jsonl", chunks)
        targets = extract_targets(chunks)
        _write_jsonl(temporary / "targets.jsonl", targets)
        store = _chroma(temporary / "chroma", Deduplicating(embeddings))
        for start in range(0, len(chunks), BATCH):  # Chroma caps how many records one call may add
            batch = chunks[start:start + BATCH]
            store.add_texts(
                texts=[c.index_text() for c in batch],
                metadatas=[{"document": c.document, "section": c.section, "page": c.page or 0} for c in batch],
                ids=[c.id for c in batch],
            )
        manifest = {
            "key": key,
            "version": INDEX_VERSION,
            "embeddings": settings.embeddings,
            "chunk_chars": settings.chunk_chars,
            "documents": [d.name for d in documents],
            "chunks": len(chunks),
            "targets": len(targets),
            "seconds": round(time.perf_counter() - started, 2),
        }
        (temporary / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _forget_clients()  # Chroma caches clients per path; the built store is about to move
        try:
            temporary.rename(final)
        except OSError:  # another process finished the same build first
            if not (final / MANIFEST).is_file():
                raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    _remove_others(settings.index_dir, keep=key)
    log.info("built index %s: %d chunks in %.1f s", key, len(chunks), time.perf_counter() - started)
    return final


def _forget_clients() -> None:
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _remove_others(index_dir: Path, keep: str) -> None:
    for path in index_dir.iterdir():
        if path.is_dir() and path.name != keep and not path.name.startswith(".building-"):
            shutil.rmtree(path, ignore_errors=True)


def _write_jsonl(path: Path, records: list) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _read_chunks(path: Path) -> list[Chunk]:
    return [Chunk(**(data | {"headings": tuple(data["headings"])})) for data in _read_jsonl(path / "chunks.jsonl")]


def open_index(settings: Settings, embeddings: Embeddings, build: bool = True) -> Index:
    """Open the index for the current corpus and settings, building it first when missing or stale."""
    path = settings.index_dir / index_key(settings)
    if not (path / MANIFEST).is_file():
        if not build:
            raise AssistantError("Chưa có chỉ mục cho kho tài liệu hiện tại. Hãy chạy: python -m assistant index")
        path = build_index(settings, embeddings)
    try:
        chunks = _read_chunks(path)
        targets = [Target(**data) for data in _read_jsonl(path / "targets.jsonl")]
        store = _chroma(path / "chroma", embeddings)
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("index %s unreadable (%s); rebuilding", path, error)
        shutil.rmtree(path, ignore_errors=True)
        if not build:
            raise AssistantError("Chỉ mục bị hỏng. Hãy chạy lại: python -m assistant index") from None
        return open_index(settings, embeddings, build=True)
    keywords = KeywordIndex([c.index_text() for c in chunks])
    return Index(path=path, chunks=chunks, targets=targets, keywords=keywords, vectors=store)
