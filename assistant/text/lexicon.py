"""Words as search sees them: tokens, index terms, abbreviations and everyday equivalents, stopwords."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.data import read_list
from assistant.text.normalize import fold, has_diacritics, match_form

# A token keeps numbers and codes whole: 4.500, 55,15, 9-10%, 2x900mva, đt.132, 68-nq/tw.
TOKEN = re.compile(r"\w+(?:(?:[.,](?=\d)|[-/&](?=\w))\w+)*%?")
_SPLIT = re.compile(r"[-/&]")

Terms = tuple[tuple[str, ...], ...]  # terms to look for, each with the forms that count as a match


def words(text: str) -> list[str]:
    """The syllable tokens of `text` in match form; compounds like 68-nq/tw also give their parts."""
    tokens = []
    for token in TOKEN.findall(match_form(text)):
        tokens.append(token)
        if _SPLIT.search(token):
            tokens.extend(part for part in _SPLIT.split(token) if part)
    return tokens


@lru_cache(maxsize=1)
def equivalents() -> tuple[tuple[str, str], ...]:
    """(term, equivalent) pairs as space-joined tokens, from the packaged list (abbreviations and synonyms)."""
    pairs = []
    for line in read_list("equivalents.tsv"):
        term, equivalent = line.split("\t")
        pairs.append((" ".join(words(term)), " ".join(words(equivalent))))
    return tuple(pairs)


def expand(text: str) -> str:
    """Append the equivalent of every listed term in `text` (abbreviation ↔ expansion, synonyms), both ways."""
    tokens = words(text)
    padded = f" {' '.join(tokens)} "
    folded = f" {' '.join(map(fold, tokens))} "
    plain = not has_diacritics(padded)  # typed without diacritics: listed terms are matched folded too
    pairs, starting, starting_folded = _both_ways(), *_by_first_token()
    # Only pairs whose first word is in the text can match: those are checked, in the list's order.
    listed = {i for token in set(tokens) for i in starting.get(token, ())}
    if plain:
        listed |= {i for token in set(folded.split()) for i in starting_folded.get(token, ())}
    extra = []
    for i in sorted(listed):
        this, that, this_folded = pairs[i]
        if f" {this} " in padded or (plain and f" {this_folded} " in folded):
            extra.append(that)
    return " ".join([text, *extra])


@lru_cache(maxsize=1)
def _both_ways() -> tuple[tuple[str, str, str], ...]:
    """Each listed pair both ways, as (term, its equivalent, the term folded)."""
    return tuple((this, that, fold(this)) for term, equivalent in equivalents()
                 for this, that in ((term, equivalent), (equivalent, term)))


@lru_cache(maxsize=1)
def _by_first_token() -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Which pairs (by position) start with each word, and with each word folded."""
    starting: dict[str, list[int]] = {}
    starting_folded: dict[str, list[int]] = {}
    for i, (this, _, this_folded) in enumerate(_both_ways()):
        starting.setdefault(this.split(" ", 1)[0], []).append(i)
        starting_folded.setdefault(this_folded.split(" ", 1)[0], []).append(i)
    return starting, starting_folded


def terms(text: str) -> list[str]:
    """Index terms: unigrams and bigrams of `text` (abbreviations expanded), plus their folded forms."""
    expanded = expand(text)
    tokens = words(expanded)
    grams = tokens + [f"{a}_{b}" for a, b in zip(tokens, tokens[1:])] + _beside_joined(expanded)
    return grams + [f for f in map(fold, grams) if f not in grams]


def _beside_joined(text: str) -> list[str]:
    """Bigrams of a token joined by «/» or «-» with its neighbours' words: «bác sỹ/1 vạn dân» holds «bác_sĩ»."""
    tokens = TOKEN.findall(match_form(text))
    found = []
    for i, token in enumerate(tokens):
        parts = [p for p in _SPLIT.split(token) if p] if _SPLIT.search(token) else []
        if parts and i > 0:
            found.append(f"{tokens[i - 1]}_{parts[0]}")
        if parts and i + 1 < len(tokens):
            found.append(f"{parts[-1]}_{tokens[i + 1]}")
    return found


@lru_cache(maxsize=8192)
def term_set(text: str) -> frozenset[str]:
    """The index terms of a text as a set, with its runs of three and four syllables (cached): what coverage compares."""
    tokens = words(expand(text))
    runs = ["_".join(tokens[i:i + n]) for n in (3, 4) for i in range(len(tokens) - n + 1)]
    return frozenset(terms(text)) | frozenset(runs) | frozenset(map(fold, runs))
