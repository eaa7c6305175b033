"""Hybrid retrieval: BM25 keywords and Chroma vectors, fused into one ranking of chunks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.documents.chunking import Chunk
from assistant.store.indexing import Index

RRF_K = 60  # the usual reciprocal-rank constant
KEYWORD_WEIGHT = 0.6  # share of the keyword score in `weighted` fusion (0.5–0.8 measured alike)


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and its rank in each retriever (1-based, None if absent)."""

    chunk: Chunk
    score: float
    keyword_rank: int | None
    vector_rank: int | None


def _keyword(index: Index, question: str, pool: int, within: set[str] | None) -> list[tuple[str, float]]:
    mask = index.among(within) if within is not None else None
    return [(index.chunks[i].id, score) for i, score in index.keywords.search(question, pool, mask)]


def _vector(index: Index, question: str, pool: int, query: np.ndarray | None) -> list[tuple[str, float]]:
    size = min(pool, len(index.chunks))
    found = index.vectors.search(question, size) if query is None else index.vectors.nearest(query, size)
    return [(cid, score) for cid, score in found if index.has_chunk(cid)]  # a store shared with newer libraries


def _rrf(*rankings: list[tuple[str, float]]) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, (chunk_id, _) in enumerate(ranking, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
    return fused


def _weighted(keyword: list[tuple[str, float]], vector: list[tuple[str, float]]) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking, weight in ((keyword, KEYWORD_WEIGHT), (vector, 1.0 - KEYWORD_WEIGHT)):
        if not ranking:
            continue
        scores = [s for _, s in ranking]
        low, high = min(scores), max(scores)
        for chunk_id, score in ranking:
            normalised = (score - low) / (high - low) if high > low else 1.0
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * normalised
    return fused


def retrieve(index: Index, question: str, k: int = 5, fusion: str = "weighted", pool: int = 30,
             within: set[str] | None = None, query: np.ndarray | None = None,
             keywords: bool = True) -> list[Hit]:
    """The `k` chunks that best match `question` (clean text), best first, by the chosen fusion.

    With `within` (chunk ids: a section of the outline), only those.
    `query` is the question's vector when it was embedded already; without `keywords` (a question in
    another language than the plan's), only the vectors rank.
    """
    keyword = _keyword(index, question, pool, within) if fusion != "vector" and keywords else []
    vector = _vector(index, question, pool, query) if fusion != "keyword" or not keywords else []
    if within is not None:
        vector = [(cid, score) for cid, score in vector if cid in within]
    if fusion == "weighted":
        fused = _weighted(keyword, vector)
    else:
        fused = _rrf(keyword, vector)
    keyword_rank = {cid: r for r, (cid, _) in enumerate(keyword, start=1)}
    vector_rank = {cid: r for r, (cid, _) in enumerate(vector, start=1)}
    best = sorted(fused, key=lambda cid: -fused[cid])[:k]
    return [Hit(index.chunk(cid), fused[cid], keyword_rank.get(cid), vector_rank.get(cid)) for cid in best]
