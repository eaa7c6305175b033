"""Keyword search: BM25 over syllable unigrams and bigrams, with and without diacritics."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

import numpy as np

from assistant.normalize import fold, has_diacritics, match_form

# A token keeps numbers and codes whole: 4.500, 55,15, 9-10%, 2x900mva, đt.132, 68-nq/tw.
_TOKEN = re.compile(r"\w+(?:(?:[.,](?=\d)|[-/&](?=\w))\w+)*%?")
_SPLIT = re.compile(r"[-/&]")


@lru_cache(maxsize=1)
def equivalents() -> tuple[tuple[str, str], ...]:
    """(term, equivalent) pairs as space-joined tokens, from the packaged list (abbreviations and synonyms)."""
    text = resources.files("assistant").joinpath("data/equivalents.tsv").read_text(encoding="utf-8")
    pairs = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            term, equivalent = line.split("\t")
            pairs.append((" ".join(words(term)), " ".join(words(equivalent))))
    return tuple(pairs)


def words(text: str) -> list[str]:
    """The syllable tokens of `text` in match form; compounds like 68-nq/tw also give their parts."""
    tokens = []
    for token in _TOKEN.findall(match_form(text)):
        tokens.append(token)
        if _SPLIT.search(token):
            tokens.extend(part for part in _SPLIT.split(token) if part)
    return tokens


def expand(text: str) -> str:
    """Append the equivalent of every listed term in `text` (abbreviation ↔ expansion, synonyms), both ways."""
    tokens = words(text)
    padded = f" {' '.join(tokens)} "
    folded = f" {' '.join(map(fold, tokens))} "
    extra = []
    for term, equivalent in equivalents():
        for this, that in ((term, equivalent), (equivalent, term)):
            if f" {this} " in padded or (not has_diacritics(padded) and f" {fold(this)} " in folded):
                extra.append(that)
    return " ".join([text, *extra])


def terms(text: str) -> list[str]:
    """Index terms: unigrams and bigrams of `text` (abbreviations expanded), plus their folded forms."""
    tokens = words(expand(text))
    grams = tokens + [f"{a}_{b}" for a, b in zip(tokens, tokens[1:])]
    return grams + [f for f in map(fold, grams) if f not in grams]


class KeywordIndex:
    """BM25 (Okapi, k1 = 1.5, b = 0.75) over a fixed list of texts, on an inverted index.

    A query touches only the postings of its own terms, so it stays fast as the corpus grows.
    """

    K1, B = 1.5, 0.75

    def __init__(self, texts: list[str]) -> None:
        postings: dict[str, dict[int, int]] = {}
        lengths = np.zeros(len(texts), dtype=np.float64)
        for position, text in enumerate(texts):
            counted = Counter(terms(text))
            lengths[position] = sum(counted.values())
            for term, count in counted.items():
                postings.setdefault(term, {})[position] = count
        size, average = len(texts), (lengths.mean() if len(texts) else 1.0) or 1.0
        self._norm = self.K1 * (1 - self.B + self.B * lengths / average)
        self._postings = {
            term: (np.fromiter(found, dtype=np.int64), np.fromiter(found.values(), dtype=np.float64),
                   math.log(1 + (size - len(found) + 0.5) / (len(found) + 0.5)))
            for term, found in postings.items()
        }
        self._size = size

    def search(self, query: str, k: int, within: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The `k` best-scoring texts for `query` with a positive score; only those `within` marks, if given."""
        scores = np.zeros(self._size, dtype=np.float64)
        for term in terms(query):
            if term in self._postings:
                ids, counts, idf = self._postings[term]
                scores[ids] += idf * counts * (self.K1 + 1) / (counts + self._norm[ids])
        if within is not None:
            scores[~within] = 0.0
        best = np.argsort(-scores, kind="stable")[:k]
        return [(int(i), float(scores[i])) for i in best if scores[i] > 0]
