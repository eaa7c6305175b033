"""Keyword search: BM25 over syllable unigrams and bigrams, with and without diacritics."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import numpy as np

from assistant.text.lexicon import terms


class Postings:
    """Which texts (by position) hold each term, and how often: an inverted index."""

    def __init__(self, term_lists: Iterable[Iterable[str]]) -> None:
        found: dict[str, dict[int, int]] = {}
        lengths = []
        for position, listed in enumerate(term_lists):
            counted = Counter(listed)
            lengths.append(sum(counted.values()))
            for term, count in counted.items():
                found.setdefault(term, {})[position] = count
        self.size = len(lengths)
        self.lengths = np.array(lengths, dtype=np.float64)
        self._found = {
            term: (np.fromiter(held, dtype=np.int64), np.fromiter(held.values(), dtype=np.float64))
            for term, held in found.items()
        }

    def holders(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The positions of the texts holding `term`, and how many times each holds it."""
        return self._found.get(term, (np.empty(0, dtype=np.int64), np.empty(0)))

    def frequency(self, term: str) -> int:
        """In how many texts `term` stands (its document frequency)."""
        return len(self.holders(term)[0])

    def __contains__(self, term: str) -> bool:
        return term in self._found


class KeywordIndex:
    """BM25 (Okapi, k1 = 1.5, b = 0.75) over a fixed list of texts, on an inverted index.

    A query touches only the postings of its own terms, so it stays fast as the corpus grows.
    """

    K1, B = 1.5, 0.75

    def __init__(self, texts: list[str]) -> None:
        self.postings = Postings(terms(text) for text in texts)
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
