"""Paragraphs from the lines of an extracted document: wrapped lines joined back."""

from __future__ import annotations

import re

from assistant.text.outline import OUTLINE_MARKER, is_heading
from assistant.text.sentences import ENDS_SENTENCE

# A table's row as text or PDF extraction gives it: cells between «|», or a numbered row ending in figures
# («1 Tốc độ tăng trưởng GRDP % 9,5 8,5 89,5»), or a header that opens with «STT».
_PIPED = re.compile(r"^[^|]*\|[^|]*\|")
_NUMBERED_ROW = re.compile(r"^\d{1,3}\.?\s+[^\W\d_].*?(?:\s+[-+]?\d+(?:[.,]\d+)*\s*%?){2,}$")
_HEADER_ROW = re.compile(r"^(?:STT|TT)\s+\w", re.IGNORECASE)


def is_table_row(line: str) -> bool:
    """Whether a line is a row of a table, which stands alone instead of joining a paragraph."""
    return bool(_PIPED.match(line) or _HEADER_ROW.match(line) or _NUMBERED_ROW.match(line))


def join_wrapped(lines: list[str]) -> list[tuple[str, int]]:
    """Join wrapped lines into paragraphs; return (paragraph, index of its first line) pairs.

    A line starts a paragraph when it opens with an outline marker, or opens with a capital
    after a line that ended a sentence or a heading; a table's row is a paragraph of its own.
    """
    paragraphs: list[tuple[str, int]] = []
    for index, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if paragraphs:
            text, first = paragraphs[-1]
            capital = line[0].isupper() or line[0] in "“\"‘"
            starts = (OUTLINE_MARKER.match(line) or (capital and (ENDS_SENTENCE.search(text) or is_heading(text)))
                      or is_table_row(line) or is_table_row(text))
            if not starts:
                paragraphs[-1] = (f"{text} {line}", first)
                continue
        paragraphs.append((line, index))
    return paragraphs
