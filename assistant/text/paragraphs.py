"""Paragraphs from the lines of an extracted document: wrapped lines joined back."""

from __future__ import annotations

from assistant.text.outline import OUTLINE_MARKER, is_heading
from assistant.text.sentences import ENDS_SENTENCE


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
            starts = OUTLINE_MARKER.match(line) or (capital and (ENDS_SENTENCE.search(text) or is_heading(text)))
            if not starts:
                paragraphs[-1] = (f"{text} {line}", first)
                continue
        paragraphs.append((line, index))
    return paragraphs
