"""Vietnamese text normalisation, applied once at the edges to documents and queries alike.

Two levels:
- `clean_text` repairs extraction artefacts but keeps the plan's own wording (what users see).
- `match_form` / `fold` give the forms used only for matching: lower case, one tone-mark style,
  and (for `fold`) no diacritics at all, so queries typed without diacritics still match.
"""

from __future__ import annotations

import re
import unicodedata

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining)
# Old ("hòa", "thủy") and new ("hoà", "thuỷ") styles differ only in oa/oe/uy at a syllable's end.
_NEW_STYLE = re.compile(rf"(?<![qQ])([oO][aAeE]|[uU][yY])([{_TONES}])(?![^\W\d_])")
_PAGE_NUMBER_LINE = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_WORD = r"[^\W\d_]+"
_DOUBLED = re.compile(rf"\b((?:{_WORD} +){{1,3}}{_WORD}) +\1\b")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


def nfc(text: str) -> str:
    """Return `text` in NFC with control characters other than newlines and tabs removed."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


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
    """Repair extraction artefacts (NFD, stray page numbers, doubled phrases, spacing), keep lines."""
    lines = fold_spaces(nfc(text)).split("\n")
    return undouble("\n".join(drop_page_numbers(lines)))


# "sỹ"/"sĩ", "kỹ"/"kĩ", "tỷ"/"tỉ", "lý"/"lí": a syllable ending in y after a consonant is spelt either way.
_FINAL_Y = re.compile(rf"(?<=[bcdđghklmnpqrstvx])y(?=[{_TONES}]?(?![^\W\d_]))")


def match_form(text: str) -> str:
    """Return the form used for matching: NFC, one tone style, final y as i, lower case, folded spaces."""
    lowered = unicodedata.normalize("NFD", unify_tones(nfc(text)).lower())
    return " ".join(unicodedata.normalize("NFC", _FINAL_Y.sub("i", lowered)).split())


def fold(text: str) -> str:
    """Strip all diacritics (and đ → d) from `text`, keeping its letters' case."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def has_diacritics(text: str) -> bool:
    """True when `text` carries any Vietnamese diacritic or đ."""
    return fold(text) != text


# Outline markers of Vietnamese plans: "I.", "2.", "2.1.", "(10)", "a)", "đ)".
OUTLINE_MARKER = re.compile(
    r"^(?P<marker>(?P<roman>[IVX]{1,4})\.|(?P<sub>\d{1,2}\.\d{1,2})\.|(?P<num>\d{1,2})\.(?!\d)"
    r"|\((?P<item>\d{1,2})\)|(?P<letter>[a-zđ])\))\s+"
)
_SENTENCE_END = re.compile(r"[.!?…]\s*$")
_INNER_SENTENCE = re.compile(r"[.!?]\s+\S")
_HEADING_MAX = 250


def is_heading(paragraph: str) -> bool:
    """A short marker paragraph that is no sentence is a heading ("a) Phát triển ..."); targets "(n)" never are."""
    match = OUTLINE_MARKER.match(paragraph)
    if not match or match.group("item") or len(paragraph) >= _HEADING_MAX or _SENTENCE_END.search(paragraph):
        return False
    return not _INNER_SENTENCE.search(paragraph[match.end():])


def join_wrapped(lines: list[str]) -> list[tuple[str, int]]:
    """Join wrapped lines into paragraphs; return (paragraph, index of its first line) pairs.

    A line starts a paragraph when it opens with an outline marker, or opens with a capital
    after a line that ended a sentence or a heading.
    """
    paragraphs: list[tuple[str, int]] = []
    for index, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if paragraphs:
            text, first = paragraphs[-1]
            capital = line[0].isupper() or line[0] in "“\"‘"
            starts = OUTLINE_MARKER.match(line) or (
                capital and (_SENTENCE_END.search(text) or is_heading(text))
            )
            if not starts:
                paragraphs[-1] = (f"{text} {line}", first)
                continue
        paragraphs.append((line, index))
    return paragraphs
