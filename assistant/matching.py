"""How well a text covers a question: the question's key terms, weighted by how rare they are in the plan."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from assistant.chunking import Chunk
from assistant.keywords import terms, words
from assistant.normalize import fold, has_diacritics, match_form, nfc, unify_tones

_FIGURE_QUESTION = re.compile(r"\b(bao nhieu|may|bao gio|khi nao|nam nao|ty le|ti le|phan tram|muc)\b|%")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_YEARS_ONLY = re.compile(r"(?:19|20)\d\d(?:-(?:19|20)\d\d)?")
HAS_DIGIT = re.compile(r"\d")

Terms = tuple[tuple[str, ...], ...]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function and question words that say nothing about a question's topic."""
    text = resources.files("assistant").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(match_form(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


class Evidence:
    """Statistics of the indexed plan: how rare each term is, and which numbers the plan states."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.size = len(chunks)
        self.frequency: Counter[str] = Counter()
        self.numbers: set[str] = set()
        mentions: Counter[str] = Counter()
        for chunk in chunks:
            self.frequency.update(set(terms(chunk.index_text())))
            self.numbers.update(re.findall(r"\d+", chunk.text))
            mentions.update(_any_place().findall(unify_tones(chunk.text)))
        mentions = +mentions
        # The province the plan is about: the one it names most.
        self.home = mentions.most_common(1)[0][0] if mentions else ""
        self.places = set(mentions)

    def weight(self, term: str) -> float:
        """Inverse document frequency: rare terms say more about what a question asks."""
        return math.log(1 + self.size / (1 + self.frequency[term]))

    def unknown_years(self, question: str) -> list[str]:
        """Years the question names that the plan never mentions."""
        return [y for y in _YEAR.findall(question) if y not in self.numbers]

    def other_provinces(self, question: str) -> list[str]:
        """Provinces the question names when it does not name the plan's own."""
        text = unify_tones(nfc(question))
        named = [p for p in provinces() if _place(p).search(text) or _place_after_word(p).search(fold(text.lower()))]
        return [] if not named or self.home in named else named

    def unknown_words(self, question: str) -> list[str]:
        """Content words of the question the plan never uses."""
        found = [t for t in words(question) if not _is_stopword(t) and not HAS_DIGIT.search(t) and not self.frequency[t]]
        return list(dict.fromkeys(found))


@lru_cache(maxsize=256)
def _place(name: str) -> re.Pattern[str]:
    """A province name as written, capitalised ("hòa bình" in running text is peace, not a province)."""
    return re.compile(rf"(?<!\w){re.escape(unify_tones(name))}(?!\w)")


@lru_cache(maxsize=1)
def _any_place() -> re.Pattern[str]:
    """Every province name at once, longest first, as written (capitalised)."""
    names = sorted((unify_tones(p) for p in provinces()), key=len, reverse=True)
    return re.compile(rf"(?<!\w)({'|'.join(map(re.escape, names))})(?!\w)")


@lru_cache(maxsize=256)
def _place_after_word(name: str) -> re.Pattern[str]:
    """A province named after "tỉnh"/"thành phố", in any case and with or without diacritics."""
    return re.compile(rf"\b(?:tinh|thanh pho|tp\.?)\s+{re.escape(fold(name.lower()))}(?!\w)")


@lru_cache(maxsize=1)
def provinces() -> tuple[str, ...]:
    """Names of Vietnam's provinces, from the packaged list."""
    text = resources.files("assistant").joinpath("data/provinces.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _folded_stopwords() -> frozenset[str]:
    return frozenset(fold(w) for w in stopwords())


def _is_stopword(token: str) -> bool:
    """A stopword, also when typed without diacritics ("bao nhieu", "nam")."""
    return token in stopwords() or (not has_diacritics(token) and token in _folded_stopwords())


def asks_figure(question: str) -> bool:
    """True when the question asks for a number, a share or a time ("bao nhiêu", "tỷ lệ", "bao giờ")."""
    return bool(_FIGURE_QUESTION.search(fold(match_form(question))))


@lru_cache(maxsize=4096)
def question_terms(question: str) -> Terms:
    """The question's content words and adjacent pairs, each as the forms that count as a match."""
    stop = stopwords()
    tokens = words(question)
    # Years set the period, not the topic; the year check handles years the plan lacks.
    content = [t for t in tokens if not _is_stopword(t) and not _YEARS_ONLY.fullmatch(t)]
    groups = [(t,) for t in dict.fromkeys(content)]
    joined = " ".join(tokens)
    groups += [(p,) for p in dict.fromkeys(f"{a}_{b}" for a, b in zip(content, content[1:]) if f"{a} {b}" in joined)]
    # A term typed without diacritics may match the plan's folded form too.
    return tuple((g[0], fold(g[0])) if not has_diacritics(g[0]) else g for g in groups)


@lru_cache(maxsize=8192)
def _terms_of(text: str) -> frozenset[str]:
    return frozenset(terms(text))


def text_terms(text: str) -> frozenset[str]:
    """The index terms of a text (cached): what `coverage` compares a question against."""
    return _terms_of(text)


def coverage(wanted: Terms, text: str | frozenset[str], evidence: Evidence) -> float:
    """Share of the question's terms, weighted by rarity, that `text` (or its terms) holds (0 to 1)."""
    present = text if isinstance(text, frozenset) else _terms_of(text)
    total = sum(evidence.weight(g[0]) for g in wanted)
    found = sum(evidence.weight(g[0]) for g in wanted if any(form in present for form in g))
    return found / total if total else 0.0


_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")


def plain_number(text: str) -> str:
    """4.500 → 4500, 55,15 → 55.15, 08 → 8: numbers compared as readers of the plan mean them."""
    text = re.sub(r"(?<=\d)\.(?=\d{3}(?!\d))", "", text)
    return re.sub(r"^0+(?=\d)", "", text.replace(",", "."))


def numbers(text: str) -> set[str]:
    """Every number in `text`, in plain form (a range 9-10 gives 9 and 10)."""
    return {plain_number(n) for n in _NUMBER_TOKEN.findall(text)}
