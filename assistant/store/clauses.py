"""Every clause of the indexed passages, with its vector: what a question is compared with by meaning.

A clause is a piece of a sentence between semicolons, as the answer quotes it; it is embedded with
the heading it sits under («2.2. Về xã hội: tỷ lệ hộ nghèo giảm …»), which gives it its topic.
The vectors are made when the index is built (through the embedding cache: nothing is embedded
twice) and kept beside each document's part, one file per embedding model.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.documents.chunking import Chunk
from assistant.text.outline import strip_marker
from assistant.text.sentences import clauses, sentences

HEADING_WORDS = 12  # of the heading a clause is embedded with


@dataclass(frozen=True)
class Clause:
    """Where a clause sits: its passage (by position in the index), sentence and place in the sentence."""

    chunk: int
    sentence: int
    position: int
    text: str


def clauses_of(chunk: Chunk, position: int) -> list[Clause]:
    """The clauses of one passage (the index's `position`-th), in reading order."""
    return [Clause(position, s, c, text)
            for s, sentence in enumerate(sentences(chunk.text))
            for c, text in enumerate(clauses(strip_marker(sentence.strip())))]


def embedded_text(chunk: Chunk, clause: str) -> str:
    """What is embedded for a clause: the heading it sits under, then the clause."""
    if not chunk.headings:
        return clause
    heading = " ".join(strip_marker(chunk.headings[-1]).split()[:HEADING_WORDS])
    return f"{heading}: {clause}"


def vectors_file(folder: Path, model: str) -> Path:
    """Where a document part's clause vectors for `model` are kept."""
    return folder / f"clauses-{hashlib.sha256(model.encode()).hexdigest()[:12]}.npy"


@dataclass
class ClauseTable:
    """The clauses of some passages and their unit vectors (one row each), searched by cosine similarity."""

    clauses: list[Clause]
    vectors: np.ndarray  # float32, (len(clauses), dimensions), each row of length 1

    @classmethod
    def of(cls, chunks: list[Chunk], vectors: np.ndarray) -> ClauseTable:
        """The table of `chunks`' clauses, given their vectors in the same order."""
        found = [c for position, chunk in enumerate(chunks) for c in clauses_of(chunk, position)]
        if len(found) != len(vectors):
            raise ValueError(f"{len(vectors)} clause vectors for {len(found)} clauses")
        return cls(found, np.asarray(vectors, dtype=np.float32))

    def similarities(self, query: np.ndarray) -> np.ndarray:
        """The cosine similarity of a (unit) query vector to every clause."""
        if not len(self.clauses):
            return np.zeros(0, dtype=np.float32)
        return self.vectors @ np.asarray(query, dtype=np.float32)


def unit_rows(vectors: list[np.ndarray] | np.ndarray) -> np.ndarray:
    """The vectors as float32 rows of length 1."""
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)
