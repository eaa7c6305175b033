"""Build and open the index: chunks on disk, a Chroma vector store beside them (or on a server), BM25 in memory.

An index lives in `index/<key>/`, where the key hashes the corpus files' content and every setting
that changes the index; a stale or missing index is rebuilt. A build writes into a temporary
folder and is renamed into place only when complete, so a crash never leaves a half index in use;
an index that fails to read back (truncated files, a garbled store) is discarded and rebuilt.
With ASSISTANT_CHROMA_URL the vectors live in a Chroma server as collection `plan-<key>`, filled under
a temporary name and renamed when complete, so replicas share one embedding of the corpus."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.chunking import Chunk, chunk_documents
from assistant.config import Settings
from assistant.corpus import corpus_files, load_corpus
from assistant.embeddings import Deduplicating
from assistant.errors import AssistantError
from assistant.keywords import KeywordIndex
from assistant.outline import Section, outline_document
from assistant.targets.extract import Target, extract_targets

log = logging.getLogger(__name__)

INDEX_VERSION = 3  # bump when chunking or the stored layout changes
COLLECTION = "plan"
MANIFEST = "manifest.json"
BATCH = 1000


@dataclass
class Index:
    """A loaded index: the chunks in order, the outline, the plan's targets, the keyword index and the vector store."""

    path: Path
    chunks: list[Chunk]
    sections: list[Section]
    targets: list[Target]
    keywords: KeywordIndex
    vectors: object  # langchain_chroma.Chroma

    def chunk(self, chunk_id: str) -> Chunk:
        """The chunk with this id."""
        return self._by_id[chunk_id]

    def has_chunk(self, chunk_id: str) -> bool:
        """Whether a chunk with this id is indexed."""
        return chunk_id in self._by_id

    @property
    def documents(self) -> list[str]:
        """The names of the indexed documents, in corpus order."""
        return list(dict.fromkeys(c.document for c in self.chunks))

    def in_document(self, document: str) -> np.ndarray:
        """Which chunks (by position) belong to `document`."""
        return np.array([c.document == document for c in self.chunks], dtype=bool)

    def among(self, ids: set[str]) -> np.ndarray:
        """Which chunks (by position) have one of these ids."""
        return np.array([c.id in ids for c in self.chunks], dtype=bool)

    def __post_init__(self) -> None:
        self._by_id = {c.id: c for c in self.chunks}


# The modules whose code shapes what an index holds: a change to any of them makes a new index.
_BUILDERS = ("text/normalize.py", "text/paragraphs.py", "text/outline.py", "text/sentences.py", "text/numbers.py",
             "ingest.py", "chunking.py", "outline.py", "targets/extract.py", "indexing.py")


def index_key(settings: Settings) -> str:
    """Hash of everything the index depends on: corpus bytes, settings, and the code that builds it."""
    digest = hashlib.sha256(f"{INDEX_VERSION}|{settings.embeddings}|{settings.chunk_chars}".encode())
    package = Path(__file__).resolve().parent
    for name in _BUILDERS:
        digest.update((package / name).read_bytes())
    for path in corpus_files(settings.corpus_dir):
        with open(path, "rb") as content:  # in blocks: an oversized file must reach its size check, not fill memory
            digest.update(path.name.encode() + b"\0" + hashlib.file_digest(content, "sha256").digest())
    return digest.hexdigest()[:16]


def _client(settings: Settings, folder: Path):
    """The Chroma client: the server at ASSISTANT_CHROMA_URL, else an embedded store in `folder`."""
    import chromadb

    options = chromadb.Settings(anonymized_telemetry=False)
    if not settings.chroma_url:
        return chromadb.PersistentClient(path=str(folder / "chroma"), settings=options)
    url = urlsplit(settings.chroma_url)
    try:
        client = chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                     ssl=url.scheme == "https", settings=options)
        client.heartbeat()
    except Exception as error:  # refused, DNS, TLS, not a Chroma server: all mean the same to the user
        log.warning("Chroma server %s unreachable: %s", settings.chroma_url, type(error).__name__)
        raise AssistantError(
            f"Không kết nối được máy chủ Chroma ở {settings.chroma_url}. Hãy khởi động nó "
            "(chroma run --path <thư mục> --host <địa chỉ> --port <cổng>) hoặc bỏ ASSISTANT_CHROMA_URL "
            "để dùng kho trong thư mục chỉ mục."
        ) from None
    return client


def _collection_name(settings: Settings, key: str) -> str:
    # A server is shared by replicas and by successive versions: each index has its own collection.
    return f"{COLLECTION}-{key}" if settings.chroma_url else COLLECTION


def _store(client, name: str, embeddings: Embeddings):
    from langchain_chroma import Chroma

    # embedding_function is ours: Chroma never falls back to its downloading default.
    return Chroma(collection_name=name, embedding_function=embeddings, client=client,
                  collection_metadata={"hnsw:space": "cosine"})


def _count(client, name: str) -> int:
    """Records in the collection `name`, -1 when there is none."""
    try:
        return client.get_collection(name).count()
    except Exception:  # chromadb raises NotFoundError (1.x) or ValueError (older) for a missing collection
        return -1


def _fill(store, chunks: list[Chunk]) -> None:
    for start in range(0, len(chunks), BATCH):  # Chroma caps how many records one call may add
        batch = chunks[start:start + BATCH]
        store.add_texts(
            texts=[c.index_text() for c in batch],
            metadatas=[{"document": c.document, "section": c.section, "page": c.page or 0} for c in batch],
            ids=[c.id for c in batch],
        )


def _fill_server(client, name: str, chunks: list[Chunk], embeddings: Embeddings) -> None:
    """Embed into a temporary collection and rename it to `name` once complete; replicas never see half of it."""
    building = f"building-{name}-{os.getpid()}"
    if _count(client, building) >= 0:
        client.delete_collection(building)
    _fill(_store(client, building, embeddings), chunks)
    try:
        client.get_collection(building).modify(name=name)
    except Exception:
        if _count(client, name) != len(chunks):
            raise
        client.delete_collection(building)  # another replica finished the same build first


def _complete(settings: Settings, folder: Path, key: str) -> bool:
    """Whether the index in `folder` is whole: its manifest written and its vectors in place."""
    if not (folder / MANIFEST).is_file():
        return False
    if not settings.chroma_url:
        return (folder / "chroma").is_dir()
    try:
        chunks = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["chunks"]
    except (OSError, ValueError, KeyError):
        return False
    return _count(_client(settings, folder), _collection_name(settings, key)) == chunks


def build_index(settings: Settings, embeddings: Embeddings) -> Path:
    """Build the index for the current corpus and settings; return its folder."""
    key = index_key(settings)
    final = settings.index_dir / key
    if _complete(settings, final, key):
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
        _write_jsonl(temporary / "sections.jsonl", [s for d in documents for s in outline_document(d)])
        targets = extract_targets(chunks)
        _write_jsonl(temporary / "targets.jsonl", targets)
        client, name = _client(settings, temporary), _collection_name(settings, key)
        if not settings.chroma_url:
            _fill(_store(client, name, Deduplicating(embeddings)), chunks)
        elif _count(client, name) != len(chunks):  # another replica may have embedded this corpus already
            _fill_server(client, name, chunks, Deduplicating(embeddings))
        manifest = {
            "key": key,
            "version": INDEX_VERSION,
            "embeddings": settings.embeddings,
            "chunk_chars": settings.chunk_chars,
            "vectors": settings.chroma_url or "chroma/",
            "documents": [d.name for d in documents],
            "chunks": len(chunks),
            "targets": len(targets),
            "seconds": round(time.perf_counter() - started, 2),
        }
        (temporary / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _forget_clients()  # Chroma caches clients per path; the built store is about to move
        shutil.rmtree(final, ignore_errors=True)  # a local part whose vectors were gone
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
    """Open the index for the current corpus and settings, building it first when missing, stale or broken."""
    key = index_key(settings)
    path = settings.index_dir / key
    for attempt in (1, 2):  # a broken index is discarded and rebuilt once
        if not _complete(settings, path, key):
            if not build:
                raise AssistantError("Chưa có chỉ mục cho kho tài liệu hiện tại. Hãy chạy: python -m assistant index")
            path = build_index(settings, embeddings)
        try:
            return _load(settings, path, key, embeddings)
        except AssistantError:
            raise
        except Exception as error:  # truncated files, a garbled store: whatever json or chromadb raise
            log.warning("index %s unreadable (%s: %s)", path, type(error).__name__, error)
            _discard(settings, path, key)
            if not build:
                raise AssistantError(f"Chỉ mục ở «{path}» bị hỏng nên đã được xóa. Hãy chạy: python -m assistant index") from None
            if attempt == 2:
                raise AssistantError(
                    f"Chỉ mục dựng lại ở «{path}» vẫn không đọc được. Hãy kiểm tra chỗ trống và quyền ghi của "
                    f"«{settings.index_dir}» rồi chạy: python -m assistant index"
                ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _load(settings: Settings, path: Path, key: str, embeddings: Embeddings) -> Index:
    chunks = _read_chunks(path)
    targets = [Target(**data) for data in _read_jsonl(path / "targets.jsonl")]
    sections = [Section(**data) for data in _read_jsonl(path / "sections.jsonl")]
    client, name = _client(settings, path), _collection_name(settings, key)
    store = _store(client, name, embeddings)
    collection = client.get_collection(name)
    stored = collection.count()
    if stored != len(chunks):
        raise ValueError(f"{stored} vectors for {len(chunks)} chunks")
    if stored:  # one nearest-neighbour query reads the vector segment, so a garbled one shows now, not mid-chat
        probe = collection.get(limit=1, include=["embeddings"])["embeddings"]
        collection.query(query_embeddings=[probe[0]], n_results=1)
    keywords = KeywordIndex([c.index_text() for c in chunks])
    return Index(path=path, chunks=chunks, sections=sections, targets=targets, keywords=keywords, vectors=store)


def _discard(settings: Settings, path: Path, key: str) -> None:
    """Remove a broken index so the next open rebuilds it."""
    _forget_clients()
    shutil.rmtree(path, ignore_errors=True)
    if settings.chroma_url:
        client = _client(settings, path)
        if _count(client, _collection_name(settings, key)) >= 0:
            client.delete_collection(_collection_name(settings, key))
