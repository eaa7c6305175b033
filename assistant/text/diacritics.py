"""Diacritics put back into Vietnamese typed without them («ty le ho ngheo» → «tỷ lệ hộ nghèo»).

Each syllable typed without marks could be any of its marked forms («tinh»: tính, tỉnh, tình …). The
reading chosen is the likeliest sequence (Viterbi) under three sources: how common each form is in
Vietnamese at large (wordfreq), how often the documents write it, and which neighbouring pairs are words
(pyvi's dictionary of compounds) or stand side by side in the documents. A question is then read, ranked
and embedded as if it had been typed with its marks; what the user typed is kept for display.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from assistant.text.normalize import fold

COMMON = 20000  # the commonest Vietnamese words (wordfreq) a syllable's marked forms are drawn from
FORM_IN_DOCUMENTS = 0.3  # weight of the log count of a form in the documents (the language's frequency leads)
PAIR_IN_DOCUMENTS = 2.5  # weight of the log count of a pair in the documents: their compounds («nông thôn mới»)
IN_DICTIONARY = 3.0  # what a pair that is a word of the dictionary adds
_SYLLABLE = re.compile(r"[^\W\d_]+")
_RUN = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+)*")  # syllables side by side: punctuation and figures break a run


@lru_cache(maxsize=1)
def _language() -> tuple[dict[str, tuple[str, ...]], dict[str, float], frozenset[tuple[str, str]]]:
    """Vietnamese at large: each plain syllable's marked forms, each form's frequency (zipf), the dictionary's pairs."""
    from wordfreq import top_n_list, zipf_frequency

    forms: dict[str, list[str]] = defaultdict(list)
    frequency: dict[str, float] = {}
    for word in top_n_list("vi", COMMON):
        if _SYLLABLE.fullmatch(word):
            forms[fold(word)].append(word)
            frequency[word] = zipf_frequency(word, "vi")
    pairs = set()
    dictionary = resources.files("pyvi").joinpath("models/words.txt").read_text(encoding="utf-8")
    for line in dictionary.lower().splitlines():
        syllables = line.split()
        pairs.update(zip(syllables, syllables[1:]))
    return {k: tuple(v) for k, v in forms.items()}, frequency, frozenset(pairs)


class Restorer:
    """Puts diacritics back into text typed without them, knowing the documents' words."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.counts: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        for text in texts:
            for run in _RUN.findall(text.lower()):
                syllables = run.split()
                self.counts.update(syllables)
                self.pairs.update(zip(syllables, syllables[1:]))
        self.forms: dict[str, set[str]] = defaultdict(set)
        for syllable in self.counts:
            self.forms[fold(syllable)].add(syllable)

    def restore(self, text: str) -> str:
        """`text` with each run of unmarked syllables read as its likeliest marked words (case kept)."""
        return _RUN.sub(lambda run: self._run(run.group()), text)

    def _run(self, run: str) -> str:
        typed = run.split()
        lowered = [t.lower() for t in typed]
        options = [self._options(t, low) for t, low in zip(typed, lowered)]
        best = self._likeliest(options)
        return " ".join(_cased(t, chosen) for t, chosen in zip(typed, best))

    def _options(self, typed: str, lowered: str) -> list[str]:
        if fold(lowered) != lowered or (typed.isupper() and len(typed) > 1):  # marked already, or an acronym
            return [lowered]
        language, _, _ = _language()
        found = set(language.get(lowered, ())) | self.forms.get(lowered, set())
        return sorted(found) or [lowered]

    def _unigram(self, form: str) -> float:
        _, frequency, _ = _language()
        return frequency.get(form, 0.0) + FORM_IN_DOCUMENTS * math.log1p(self.counts[form])

    def _pair(self, first: str, second: str) -> float:
        _, _, dictionary = _language()
        return IN_DICTIONARY * ((first, second) in dictionary) + PAIR_IN_DOCUMENTS * math.log1p(self.pairs[first, second])

    def _likeliest(self, options: list[list[str]]) -> list[str]:
        scores = {form: (self._unigram(form), [form]) for form in options[0]}
        for choices in options[1:]:
            scores = {form: max(((score + self._pair(prev, form) + self._unigram(form), path + [form])
                                 for prev, (score, path) in scores.items()), key=lambda sp: sp[0])
                      for form in choices}
        return max(scores.values(), key=lambda sp: sp[0])[1]


def _cased(typed: str, chosen: str) -> str:
    """`chosen` in the case `typed` was written in."""
    if typed.isupper() and len(typed) > 1:
        return typed
    return chosen[:1].upper() + chosen[1:] if typed[:1].isupper() else chosen
