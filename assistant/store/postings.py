"""An inverted index in flat arrays: which texts hold each term and how often, stored with each document's part."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np


class Postings:
    """Which texts (by position) hold each term, and how often: an inverted index, in flat arrays.

    Built from the texts' terms, loaded from a file, or merged from the postings of several documents
    (each shifted to where its texts start), so that a library's keyword index is stored, not recomputed.
    """

    def __init__(self, term_lists: Iterable[Iterable[str]] = ()) -> None:
        found: dict[str, dict[int, int]] = {}
        lengths = []
        for position, listed in enumerate(term_lists):
            counted = Counter(listed)
            lengths.append(sum(counted.values()))
            for term, count in counted.items():
                found.setdefault(term, {})[position] = count
        ordered = sorted(found)
        self._set(ordered, [np.fromiter(found[t], dtype=np.int32) for t in ordered],
                  [np.fromiter(found[t].values(), dtype=np.float32) for t in ordered], np.array(lengths, dtype=np.float64))

    def _set(self, ordered: list[str], ids: list[np.ndarray], counts: list[np.ndarray], lengths: np.ndarray) -> None:
        self._terms = ordered
        self._where = {term: i for i, term in enumerate(ordered)}
        self._starts = np.zeros(len(ordered) + 1, dtype=np.int64)
        self._starts[1:] = np.cumsum([len(a) for a in ids]) if ids else []
        self._ids = np.concatenate(ids) if ids else np.empty(0, dtype=np.int32)
        self._counts = np.concatenate(counts) if counts else np.empty(0, dtype=np.float32)
        self.lengths = lengths
        self.size = len(lengths)

    def holders(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The positions of the texts holding `term`, and how many times each holds it."""
        i = self._where.get(term)
        if i is None:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.float32)
        start, end = self._starts[i], self._starts[i + 1]
        return self._ids[start:end], self._counts[start:end]

    def frequency(self, term: str) -> int:
        """In how many texts `term` stands (its document frequency)."""
        i = self._where.get(term)
        return 0 if i is None else int(self._starts[i + 1] - self._starts[i])

    def __contains__(self, term: str) -> bool:
        return term in self._where

    def save(self, path: Path) -> None:
        """Write the postings to `path` (.npz)."""
        np.savez(path, terms=np.array(self._terms, dtype=object), starts=self._starts, ids=self._ids,
                 counts=self._counts, lengths=self.lengths)

    @classmethod
    def load(cls, path: Path) -> Postings:
        """Postings written by `save`."""
        with np.load(path, allow_pickle=True) as stored:
            postings = cls.__new__(cls)
            postings._terms = list(stored["terms"])
            postings._where = {term: i for i, term in enumerate(postings._terms)}
            postings._starts, postings._ids, postings._counts = stored["starts"], stored["ids"], stored["counts"]
            postings.lengths = stored["lengths"]
            postings.size = len(postings.lengths)
        return postings

    @classmethod
    def merge(cls, parts: list[Postings]) -> Postings:
        """One index over the texts of `parts`, in order: each part's positions shift past those before it."""
        gathered: dict[str, tuple[list[np.ndarray], list[np.ndarray]]] = {}
        offset = 0
        for part in parts:
            for i, term in enumerate(part._terms):
                start, end = part._starts[i], part._starts[i + 1]
                ids, counts = gathered.setdefault(term, ([], []))
                ids.append(part._ids[start:end] + offset)
                counts.append(part._counts[start:end])
            offset += part.size
        merged = cls.__new__(cls)
        ordered = sorted(gathered)
        lengths = np.concatenate([p.lengths for p in parts]) if parts else np.empty(0)
        merged._set(ordered, [np.concatenate(gathered[t][0]) for t in ordered],
                    [np.concatenate(gathered[t][1]) for t in ordered], lengths)
        return merged
