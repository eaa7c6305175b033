"""Vietnamese text normalisation, applied once at the edges to documents and queries alike.

Two levels:
- `clean_text` repairs extraction artefacts and puts tone marks in one style, but keeps the plan's own wording
  (what users see).
- `match_form` / `fold` give the forms used only for matching: lower case, one tone-mark style,
  and (for `fold`) no diacritics at all, so queries typed without diacritics still match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining)
# Old ("hòa", "thủy") and new ("hoà", "thuỷ") styles differ only in oa/oe/uy at a syllable's end.
_NEW_STYLE = re.compile(rf"(?<![qQ])([oO][aAeE]|[uU][yY])([{_TONES}])(?![^\W\d_])")
_PAGE_NUMBER_LINE = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_WORD = r"[^\W\d_]+"
_DOUBLED = re.compile(rf"\b((?:{_WORD} +){{1,3}}{_WORD}) +\1\b")
_ALIGNED_ROW = re.compile(r"^.*\S {3,}\S.*\S {3,}\S.*$", re.MULTILINE)
_ALIGNED = re.compile(r"(?<=\S) {3,}(?=\S)")
_INNER_TABS = re.compile(r"(?<=\S)[ ]*\t[\t ]*(?=\S)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


class _Controls(dict):
    """A `str.translate` table that drops control characters other than newlines and tabs, each judged once."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        kept = char if char in "\n\t" or unicodedata.category(char)[0] != "C" else None
        self[code] = kept
        return kept


_CONTROLS = _Controls()


def nfc(text: str) -> str:
    """Return `text` in NFC with control characters other than newlines and tabs removed."""
    return unicodedata.normalize("NFC", text).translate(_CONTROLS)


def unify_tones(text: str) -> str:
    """Put tone marks in one style (the older "hòa", "thủy"), whichever the text used."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _NEW_STYLE.sub(lambda m: m.group(1)[0] + m.group(2) + m.group(1)[1], decomposed)
    return unicodedata.normalize("NFC", moved)


def fold_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs to one space and trim each line."""
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def drop_page_numbers(lines: list[str]) -> list[str]:
    """Remove lines that hold only a page number (a PDF footer or header)."""
    return [line for line in lines if not _PAGE_NUMBER_LINE.match(line)]


def undouble(text: str) -> str:
    """Remove an accidentally repeated phrase of two to four words ("xã hội xã hội")."""
    return _DOUBLED.sub(r"\1", text)


def clean_text(text: str) -> str:
    """Repair extraction artefacts (NFD, stray page numbers, doubled phrases, spacing), keep lines; put tone marks
    in one style, so that a plan writing «hoá» in one place and «hóa» in another reads the same throughout.

    Tabs inside a line, and runs of three spaces or more in a line holding two such runs (columns aligned
    with spaces), separate a table's cells: they become « | ».
    """
    text = _INNER_TABS.sub(" | ", unify_tones(nfc(text)))
    text = _ALIGNED_ROW.sub(lambda row: _ALIGNED.sub(" | ", row.group()), text)
    lines = fold_spaces(text).split("\n")
    return undouble("\n".join(drop_page_numbers(lines)))


# "sỹ"/"sĩ", "kỹ"/"kĩ", "tỷ"/"tỉ", "lý"/"lí": a syllable ending in y after a consonant is spelt either way.
_FINAL_Y = re.compile(rf"(?<=[bcdđghklmnpqrstvx])y(?=[{_TONES}]?(?![^\W\d_]))")


@lru_cache(maxsize=65536)
def match_form(text: str) -> str:
    """Return the form used for matching: NFC, one tone style, final y as i, lower case, folded spaces."""
    lowered = unicodedata.normalize("NFD", unify_tones(nfc(text)).lower())
    return " ".join(unicodedata.normalize("NFC", _FINAL_Y.sub("i", lowered)).split())


class _Folded(dict):
    """Each character's form without diacritics, worked out the first time it is met (a `str.translate` table)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        plain = "d" if char == "đ" else "D" if char == "Đ" else "".join(
            ch for ch in unicodedata.normalize("NFD", char) if not unicodedata.combining(ch))
        self[code] = plain
        return plain


_FOLDED = _Folded()


def fold(text: str) -> str:
    """Strip all diacritics (and đ → d) from `text`, keeping its letters' case."""
    return unicodedata.normalize("NFC", text).translate(_FOLDED) if not text.isascii() else text


def has_diacritics(text: str) -> bool:
    """True when `text` carries any Vietnamese diacritic or đ."""
    return fold(text) != text
