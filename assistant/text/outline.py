"""The outline of Vietnamese plans: markers I. → 2. → 2.2. → (10), 3.1. → a), and which paragraphs are headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.sentences import ENDS_SENTENCE, INNER_SENTENCE

OUTLINE_MARKER = re.compile(
    r"^(?P<marker>(?P<roman>[IVX]{1,4})\.|(?P<sub>\d{1,2}\.\d{1,2})\.|(?P<num>\d{1,2})\.(?!\d)"
    r"|\((?P<item>\d{1,2})\)|(?P<letter>[a-zđ])\))\s+"
)
LEVELS = {"roman": 0, "num": 1, "sub": 2, "item": 3, "letter": 3}  # depth of each kind of marker
LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese outline letters (no f, j, w, z)
ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_HEADING_MAX = 250  # characters: a longer marker paragraph is body text, not a title


@dataclass(frozen=True)
class Marker:
    """An outline marker at the start of a paragraph: its kind, its number within its kind, as written."""

    kind: str  # roman, num, sub, item or letter (see LEVELS)
    number: int  # I → 1, 3 → 3, 2.2 → 2, (10) → 10, đ) → 5
    major: int | None  # for "2.2.": the 2 of its parent section
    text: str  # as written: "I.", "2.", "2.2.", "(10)", "đ)"
    end: int  # where the paragraph's own words start


def marker(paragraph: str) -> Marker | None:
    """The outline marker `paragraph` opens with, or None."""
    match = OUTLINE_MARKER.match(paragraph)
    if not match:
        return None
    kind = next(k for k in LEVELS if match.group(k))
    value = match.group(kind)
    major = None
    if kind == "roman":
        if value not in ROMANS:
            return None
        number = ROMANS.index(value) + 1
    elif kind == "letter":
        number = LETTERS.index(value) + 1
    elif kind == "sub":
        major, number = (int(part) for part in value.split("."))
    else:
        number = int(value)
    return Marker(kind, number, major, match.group("marker"), match.end())


def strip_marker(text: str) -> str:
    """`text` without the outline marker it opens with."""
    match = OUTLINE_MARKER.match(text)
    return text[match.end():] if match else text


def is_heading(paragraph: str) -> bool:
    """A short marker paragraph that is no sentence is a heading ("a) Phát triển ..."); targets "(n)" never are."""
    match = OUTLINE_MARKER.match(paragraph)
    if not match or match.group("item") or len(paragraph) >= _HEADING_MAX or ENDS_SENTENCE.search(paragraph):
        return False
    return not INNER_SENTENCE.search(paragraph[match.end():])
