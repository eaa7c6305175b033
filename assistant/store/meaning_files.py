"""What a document's part keeps for comparing by meaning: its clauses' vectors and its vocabulary's.

Both are made when the part's passages are embedded (through the embedding cache: nothing is embedded
twice) and kept beside the part, one file of each per embedding model, added to the part's seal; a file
missing or changed since makes the part be rebuilt, its vectors taken from the cache.
"""

from __future__ import annotations

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.store.clauses import ClauseTable, clauses_of, embedded_text, unit_rows, vectors_file
from assistant.store.docindex import DocumentPart
from assistant.store.embedcache import EmbeddingCache
from assistant.store.sealed import check, seal
from assistant.store.vocabulary import LANGUAGES, prepare, reference_words, vocabulary_file, vocabulary_of


def make(part: DocumentPart, folder, model: str, cache: EmbeddingCache, embeddings: Embeddings) -> None:
    """Write the part's clause vectors and vocabulary into `folder` and its seal, unless they are there."""
    clauses = vectors_file(folder, model)
    written = []
    if not clauses.is_file():
        texts = [embedded_text(chunk, c.text) for chunk in part.chunks for c in clauses_of(chunk, 0)]
        np.save(clauses, unit_rows(cache.embed(embeddings, texts)).astype(np.float16))
        written.append(clauses.name)
    words = vocabulary_file(folder, model)
    if not words.is_file():
        terms = vocabulary_of(part.chunks)
        references = {lang: np.array(cache.embed_queries(embeddings, reference_words(lang))) for lang in LANGUAGES}
        vectors = np.array(cache.embed_queries(embeddings, [t.replace("_", " ") for t in terms])).reshape(len(terms), -1)
        np.savez(words, **prepare(terms, vectors, references))
        written.append(words.name)
    if written:
        seal(folder, written)


def read_clauses(part: DocumentPart, folder, model: str) -> np.ndarray:
    """The part's clause vectors as stored (raises `sealed.Broken` for a file missing or changed since)."""
    path = vectors_file(folder, model)
    check(path.parent, [path.name])
    vectors = np.load(path).astype(np.float32)
    expected = sum(len(clauses_of(chunk, 0)) for chunk in part.chunks)
    if vectors.ndim != 2 or len(vectors) != expected:
        raise ValueError(f"{part.name}: {len(vectors)} clause vectors for {expected} clauses")
    return vectors


def read_words(part: DocumentPart, folder, model: str) -> dict[str, np.ndarray]:
    """The part's vocabulary as `bridge.prepare` stored it (raises `sealed.Broken` for a file missing or changed since)."""
    path = vocabulary_file(folder, model)
    check(path.parent, [path.name])
    with np.load(path) as stored:
        words = {key: stored[key] for key in stored.files}
    if not all(len(words["terms"]) == len(words[k]) for k in ("vectors", *(f"hub_{lang}" for lang in LANGUAGES))):
        raise ValueError(f"{part.name}: {len(words['vectors'])} word vectors for {len(words['terms'])} words")
    words["vectors"] = words["vectors"].astype(np.float32)
    return words


def clause_table(chunks, clause_vectors: dict[str, np.ndarray]) -> ClauseTable:
    """The clauses of `chunks` (documents in order) with their documents' stored vectors."""
    vectors = [clause_vectors[d] for d in dict.fromkeys(c.document for c in chunks)]
    return ClauseTable.of(chunks, np.concatenate(vectors) if vectors else np.zeros((0, 1)))
