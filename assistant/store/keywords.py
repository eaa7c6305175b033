"""Keyword search: BM25 over syllable unigrams and bigrams, with and without diacritics."""

from __future__ import annotations

import math

import numpy as np

from assistant.store.postings import Postings
from assistant.text.lexicon import terms


class KeywordIndex:
    """BM25 (Okapi, k1 = 1.5, b = 0.75) over a fixed list of texts, on an inverted index.

    A query touches only the postings of its own terms, so it stays fast as the corpus grows.
    """

    K1, B = 1.5, 0.75

    def __init__(self, texts: list[str] | None = None, postings: Postings | None = None) -> None:
        self.postings = postings if postings is not None else Postings(terms(text) for text in texts or [])
        size = self.postings.size
        average = (self.postings.lengths.mean() if size else 1.0) or 1.0
        self._norm = self.K1 * (1 - self.B + self.B * self.postings.lengths / average)

    def idf(self, term: str) -> float:
        """BM25's inverse document frequency of `term`."""
        found = self.postings.frequency(term)
        return math.log(1 + (self.postings.size - found + 0.5) / (found + 0.5))

    def search(self, query: str, k: int, within: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The `k` best-scoring texts for `query` with a positive score; only those `within` marks, if given."""
        scores = np.zeros(self.postings.size, dtype=np.float64)
        for term in terms(query):
            if term in self.postings:
                ids, counts = self.postings.holders(term)
                scores[ids] += self.idf(term) * counts * (self.K1 + 1) / (counts + self._norm[ids])
        if within is not None:
            scores[~within] = 0.0
        best = np.argsort(-scores, kind="stable")[:k]
        return [(int(i), float(scores[i])) for i in best if scores[i] > 0]
