"""What the indexed plan holds, as statistics: how rare each term is, which numbers and places it names."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from assistant.documents.chunking import Chunk
from assistant.store.facts import facts_of
from assistant.store.postings import Postings
from assistant.text.lexicon import Terms, expand, words
from assistant.text.normalize import fold
from assistant.text.numbers import years
from assistant.text.places import named_in
from assistant.text.rarity import rarity, specificity


class CorpusStats:
    """Statistics of the indexed chunks, read from the keyword index's postings and each document's facts."""

    def __init__(self, chunks: list[Chunk], postings: Postings, facts: list[dict] | None = None, home: str = "") -> None:
        self.size = len(chunks)
        self._postings = postings
        self._chunks = chunks
        self._runs: dict[str, int] = {}
        self._weights: dict[str, float] = {}
        self._texts: dict[int, tuple[str, str]] = {}  # a chunk's tokens, as runs are looked for in them
        self._folded: list[str] | None = None
        facts = facts if facts is not None else [facts_of(chunks)]
        self.numbers: set[str] = {n for f in facts for n in f["numbers"]}
        places: Counter[str] = Counter()
        horizons: Counter[int] = Counter()
        for f in facts:
            places.update(f["places"])
            horizons.update({int(y): n for y, n in f["horizons"].items()})
        spans = [tuple(map(int, s.split("-"))) for f in facts for s in f["spans"]]
        # The period the plan covers: the year it most often aims at ("đến năm 2030"), from the latest
        # span ending there ("giai đoạn 2026-2030"), else the five years before it.
        end = horizons.most_common(1)[0][0] if horizons else None
        starts = [a for a, b in spans if b == end]
        self.period = (max(starts) if starts else end - 4, end) if end else None
        # The province the corpus is about (the main document's, else the one named most); and each document's.
        self.home = home or (places.most_common(1)[0][0] if places else "")
        self.homes = {Counter(f["places"]).most_common(1)[0][0] for f in facts if f["places"]}
        self.places = set(places)

    def frequency(self, term: str) -> int:
        """In how many chunks a term stands; a word of three syllables or more («đô_thị_hóa») is looked up as a run."""
        if term.count("_") < 2:
            return self._postings.frequency(term)
        if term not in self._runs:
            self._runs[term] = self._run_frequency(term)
        return self._runs[term]

    def _run_frequency(self, term: str) -> int:
        """How many chunks hold the run, counted in their text and in their text folded (as two texts each).

        Only chunks holding every two-syllable step of the run can hold it: the postings name those,
        so a look-up reads a handful of texts, not the library's.
        """
        syllables = term.split("_")
        candidates: np.ndarray | None = None
        for a, b in zip(syllables, syllables[1:]):
            holders = self._postings.holders(f"{a}_{b}")[0]
            candidates = holders if candidates is None else np.intersect1d(candidates, holders)
            if not len(candidates):
                return 0
        phrase = f" {term.replace('_', ' ')} "
        return sum((phrase in text) + (phrase in folded) for text, folded in map(self._token_text, candidates))

    def _token_text(self, position: int) -> tuple[str, str]:
        if position not in self._texts:
            text = f" {' '.join(words(expand(self._chunks[position].index_text())))} "
            self._texts[position] = (text, f" {fold(text.strip())} ")
        return self._texts[position]

    def weight(self, term: str) -> float:
        """How much a term says about what a question asks: its inverse document frequency in the plan, times
        how specific it is in the language at large («chè» more than «biết», however rare both are in the plan).

        A term the plan never uses weighs as the rarest, times how rare it is in the language at large:
        «golf» weighs that much, an everyday «giờ» or «thêm» nothing.
        """
        if term not in self._weights:
            frequency = self.frequency(term)
            idf = math.log(1 + self.size / (1 + frequency))
            self._weights[term] = idf * specificity(term) if frequency else idf * rarity(term)
        return self._weights[term]

    def known(self, forms: tuple[str, ...]) -> bool:
        """Whether the plan uses any of these forms of a term."""
        return any(self.frequency(form) for form in forms)

    def coverage(self, wanted: Terms, present: frozenset[str]) -> float:
        """Share of the terms `wanted`, weighted by rarity, that the term set `present` holds (0 to 1).

        A word of three syllables or more that `present` lacks («đô thị hóa») voids its parts: «đô thị»
        in a passage is not part of «đô thị hóa».
        """
        for group in wanted:
            if group[0].count("_") >= 2 and not any(form in present for form in group):
                parts = group[0].split("_")
                present = present - {"_".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}
        total = sum(self.weight(group[0]) for group in wanted)
        found = sum(self.weight(group[0]) for group in wanted if any(form in present for form in group))
        return found / total if total else 0.0

    def coverage_of_each(self, wanted: Terms, postings: Postings) -> np.ndarray:
        """`coverage` for every text of `postings` at once, touching only the postings of `wanted`."""
        found = np.zeros(postings.size)
        total = sum(self.weight(group[0]) for group in wanted)
        for group in wanted:
            holders = [postings.holders(form)[0] for form in group if form in postings]
            if holders:
                found[np.unique(np.concatenate(holders))] += self.weight(group[0])
        return found / total if total else found

    def unknown_years(self, text: str) -> list[str]:
        """Years `text` names that the plan never mentions."""
        return [y for y in years(text) if y not in self.numbers]

    def other_provinces(self, text: str) -> list[str]:
        """Provinces `text` names when it names none that a document of the corpus is about."""
        named = named_in(text)
        return [] if not named or self.homes & set(named) else named

    def mentions(self, phrase: str) -> bool:
        """Whether the plan's text holds `phrase` (any case, diacritics optional)."""
        if self._folded is None:
            self._folded = [fold(c.text.lower()) for c in self._chunks]
        wanted = fold(phrase.lower())
        return any(wanted in text for text in self._folded)
