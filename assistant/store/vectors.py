"""The vector store: every indexed passage's vector in one Chroma collection per embedding model.

Passages are kept by document (each a `doc_key`: its content and the code that cut it), so a
document is added or removed on its own, and a library is the set of documents its manifest names.
The client is a Chroma server (ASSISTANT_CHROMA_URL, shared by replicas) or a store on disk.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import AssistantError

log = logging.getLogger(__name__)

ADD_BATCH = 1000  # Chroma caps how many records one call may add


def connect(chroma_url: str, folder: Path):
    """The Chroma client: the server at `chroma_url`, else a store on disk in `folder`."""
    import chromadb

    options = chromadb.Settings(anonymized_telemetry=False)
    if not chroma_url:
        return chromadb.PersistentClient(path=str(folder), settings=options)
    url = urlsplit(chroma_url)
    try:
        client = chromadb.HttpClient(host=url.hostname or "localhost", port=url.port or 8000,
                                     ssl=url.scheme == "https", settings=options)
        client.heartbeat()
    except Exception as error:  # refused, DNS, TLS, not a Chroma server: all mean the same to the user
        log.warning("Chroma server %s unreachable: %s", chroma_url, type(error).__name__)
        raise AssistantError(
            f"Không kết nối được máy chủ Chroma ở {chroma_url}. Hãy khởi động nó "
            "(chroma run --path <thư mục> --host <địa chỉ> --port <cổng>) hoặc bỏ ASSISTANT_CHROMA_URL "
            "để dùng kho trong thư mục chỉ mục."
        ) from None
    return client


def collection_name(model: str) -> str:
    """The collection of one embedding model's vectors."""
    return f"chunks-{hashlib.sha256(model.encode()).hexdigest()[:12]}"


class VectorStore:
    """The passages' vectors of one embedding model, kept and searched by document."""

    def __init__(self, client, embeddings: Embeddings, model: str) -> None:
        self.embeddings = embeddings
        # embedding_function=None: vectors always come from us, Chroma never falls back to its downloading default
        self.collection = client.get_or_create_collection(collection_name(model), embedding_function=None,
                                                          metadata={"hnsw:space": "cosine"})
        self.live: list[str] | None = None  # the documents a search may return (None: all the collection holds)

    def within(self, doc_keys: list[str]) -> VectorStore:
        """The same store, searched only among these documents."""
        narrowed = copy.copy(self)
        narrowed.live = list(doc_keys)
        return narrowed

    def held(self, doc_key: str) -> int:
        """How many vectors the store holds for a document."""
        return len(self.collection.get(where={"doc_key": doc_key}, include=[])["ids"])

    def add(self, doc_key: str, document: str, chunk_ids: list[str], vectors: list[np.ndarray]) -> None:
        """Keep a document's vectors (replacing any it had)."""
        for start in range(0, len(chunk_ids), ADD_BATCH):
            ids = chunk_ids[start:start + ADD_BATCH]
            self.collection.upsert(ids=[f"{doc_key}:{i}" for i in ids], embeddings=np.array(vectors[start:start + ADD_BATCH]),
                                   metadatas=[{"doc_key": doc_key, "document": document}] * len(ids))

    def remove(self, doc_keys: list[str]) -> None:
        """Drop the vectors of these documents."""
        for key in doc_keys:
            self.collection.delete(where={"doc_key": key})

    def documents(self) -> set[str]:
        """The documents (doc keys) the store holds vectors of."""
        kept = self.collection.get(include=["metadatas"])["metadatas"]
        return {m["doc_key"] for m in kept}

    def probe(self) -> None:
        """Read one vector and search with it, so that a garbled store shows now, not mid-chat."""
        found = self.collection.get(limit=1, include=["embeddings"])["embeddings"]
        if len(found):
            self.collection.query(query_embeddings=[found[0]], n_results=1)

    def search(self, text: str, k: int) -> list[tuple[str, float]]:
        """The `k` passages nearest `text`, as (chunk id, cosine similarity), best first."""
        return self.nearest(np.asarray(self.embeddings.embed_query(text)), k)

    def nearest(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The `k` passages nearest a query vector, as (chunk id, cosine similarity), best first."""
        scope = self.live
        where = None if scope is None else ({"doc_key": scope[0]} if len(scope) == 1 else {"doc_key": {"$in": scope}})
        found = self.collection.query(query_embeddings=[query], n_results=k, where=where, include=["distances"])
        return [(i.split(":", 1)[1], 1.0 - d) for i, d in zip(found["ids"][0], found["distances"][0])]
