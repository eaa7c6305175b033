"""Build the library of a corpus: each document's part, their vectors, and the library's merged postings.

    index/
      docs/<doc key>/        one document's part (docindex.py): chunks, outline, targets, postings, facts
      embeddings.sqlite3     every passage's vector by model and text (embedcache.py): none embedded twice
      chroma/                the vectors by document (vectors.py), unless ASSISTANT_CHROMA_URL names a server
      <library key>/         manifest.json (the documents, in order), the merged keyword and target postings

Adding, replacing or removing a document builds only its part and embeds only its new passages;
the library is written into a temporary folder, sealed and renamed into place when complete, so a
build that dies leaves the previous library serving; the next build removes what it left. One writer
at a time (`writing`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.documents.corpus import corpus_files
from assistant.errors import AssistantError
from assistant.store import meaning_files
from assistant.store.docindex import MANIFEST, DocumentPart, builders_digest, doc_key
from assistant.store.embedcache import EmbeddingCache
from assistant.store.postings import Postings
from assistant.store.progress import Progress, Report, told_waiting
from assistant.store.sealed import seal, sealed
from assistant.store.vectors import VectorStore, connect
from assistant.store.writing import writing
from assistant.targets.extract import TargetPostings

log = logging.getLogger(__name__)

INDEX_VERSION = 6  # bump when the library's stored layout changes
LIBRARY_FILES = (MANIFEST, "postings.npz", "targets-named.npz", "targets-quoted.npz")


def _parts(settings: Settings) -> list[tuple[Path, str]]:
    builders = builders_digest()
    return [(path, doc_key(path, settings.chunk_chars, builders)) for path in corpus_files(settings.corpus_dir)]


def _library_key(settings: Settings, keys: list[str]) -> str:
    digest = hashlib.sha256(f"{INDEX_VERSION}|{settings.embeddings}|{settings.chroma_url}|{'|'.join(keys)}".encode())
    return digest.hexdigest()[:16]


def index_key(settings: Settings) -> str:
    """The key of the library the corpus and settings make: its documents' keys, the model, the store."""
    return _library_key(settings, [key for _, key in _parts(settings)])


def built(folder: Path) -> bool:
    """Whether a library folder is complete: written whole and sealed."""
    return sealed(folder)


class StoreBroken(Exception):
    """The vector store on disk cannot be opened or read back."""


def store_for(settings: Settings, embeddings: Embeddings, client=None) -> VectorStore:
    """The vector store the settings name (raises `StoreBroken` for a store on disk that cannot be opened)."""
    try:
        return VectorStore(client or connect(settings.chroma_url, settings.index_dir / "chroma"), embeddings,
                           settings.embeddings)
    except AssistantError:  # a server that cannot be reached: said as such
        raise
    except Exception as error:  # whatever chromadb raises for a garbled store
        raise StoreBroken(f"{type(error).__name__}: {error}") from error


def build_index(settings: Settings, embeddings: Embeddings, client=None, report: Report | None = None) -> Path:
    """Build the library for the current corpus and settings (only what is new in it); return its folder.

    One writer at a time: a build started while another runs waits for it (and `report` is told so).
    """
    parts = _parts(settings)
    key = _library_key(settings, [k for _, k in parts])
    final = settings.index_dir / key
    if built(final):
        return final
    started = time.monotonic()
    with writing(settings.index_dir, told_waiting(report, len(parts))):
        if built(final):  # the writer waited for built it
            return final
        _forget_half_built(settings)
        store = store_for(settings, embeddings, client)
        documents = _documents(settings, parts, started, report)
        total = sum(len(d.chunks) for d in documents)
        _embed(settings, embeddings, store, documents, started, report)
        temporary = settings.index_dir / f".building-{key}"
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
            seal(temporary)
            shutil.rmtree(final, ignore_errors=True)  # a part-built or broken folder of this key
            temporary.rename(final)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)
        _tidy(settings, store, keep=key, live={d.key for d in documents})
    if report:
        report(Progress("done", len(documents), len(documents), total, total, started))
    log.info("built index %s: %d documents, %d chunks in %.1f s", key, len(documents), total,
             time.monotonic() - started)
    return final


def _forget_half_built(settings: Settings) -> None:
    """Remove what a writer killed mid-build left (only a lock holder calls this: no writer is running)."""
    for folder in (settings.index_dir, settings.index_dir / "docs"):
        for path in folder.glob(".building-*") if folder.is_dir() else ():
            log.warning("removing %s, left by a build that did not finish", path)
            shutil.rmtree(path, ignore_errors=True)


def _documents(settings: Settings, parts: list[tuple[Path, str]], started: float,
               report: Report | None) -> list[DocumentPart]:
    """Each document's part: loaded when built before, else built (read, cut, indexed) and kept."""
    documents: list[DocumentPart] = []
    for path, key in parts:
        folder = settings.index_dir / "docs" / key
        try:
            part = DocumentPart.load(folder)
        except Exception as error:  # not built yet, or broken: built again
            if folder.exists():
                log.warning("document part %s unreadable (%s), rebuilt", folder, error)
            part = DocumentPart.build(key, path, settings.chunk_chars, settings.max_document_mb * 1024 * 1024)
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
