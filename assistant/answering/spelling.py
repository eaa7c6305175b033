"""A model's words written without diacritics, spelled as its cited sources spell them.

A question typed without diacritics («dien tich sam Lai Chau») leads a small model to answer in the
same plain letters; the answer must carry the plan's spelling («diện tích sâm Lai Châu»). A word is
respelled only when the sources settle it: beside the same neighbour they write it one way («cơ chế»,
not «che phủ»), or they write it one way only and never plain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.text.normalize import fold, has_diacritics

_WORD = re.compile(r"[^\W\d_]+")


def respell(sentence: str, sources: Iterable[str]) -> str:
    """`sentence` with each plain word the sources spell with diacritics written their way."""
    words = [w for text in sources for w in _WORD.findall(text)]
    lower = [w.lower() for w in words]
    plain = {w for w in lower if not has_diacritics(w)}
    spellings: dict[str, set[str]] = {}
    for w in lower:
        if has_diacritics(w):
            spellings.setdefault(fold(w), set()).add(w)
    pairs = {(fold(a), fold(b)): (a, b) for a, b in zip(lower, lower[1:])}
    found = list(_WORD.finditer(sentence))
    out, at = [], 0
    for i, match in enumerate(found):
        word = match.group().lower()
        if has_diacritics(word) or word not in spellings:
            continue
        chosen = _by_neighbour(found, i, pairs)
        if chosen is None and word not in plain and len(spellings[word]) == 1:
            chosen = next(iter(spellings[word]))
        if chosen is None or chosen == word:
            continue
        written = chosen.capitalize() if match.group()[0].isupper() else chosen
        out += [sentence[at:match.start()], written]
        at = match.end()
    return "".join([*out, sentence[at:]])


def _by_neighbour(found: list[re.Match], i: int, pairs: dict[tuple[str, str], tuple[str, str]]) -> str | None:
    """The spelling the sources give the word beside the same neighbour (before it, else after it)."""
    word = fold(found[i].group().lower())
    if i > 0 and (pair := pairs.get((fold(found[i - 1].group().lower()), word))):
        return pair[1]
    if i + 1 < len(found) and (pair := pairs.get((word, fold(found[i + 1].group().lower())))):
        return pair[0]
    return None
