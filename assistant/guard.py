"""The one check every answer passes before it is shown: each number it states stands in its sources."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.text.numbers import numbers

MARKER = re.compile(r"\[(\d{1,2})\]")  # a citation marker, [1] … [99]


def unsupported_numbers(text: str, question: str, sources: Iterable[str]) -> set[str]:
    """The numbers of `text` (citation markers aside) that neither the question nor any of `sources` holds."""
    allowed = numbers(question)
    for source in sources:
        allowed |= numbers(source)
    return numbers(MARKER.sub(" ", text)) - allowed


def grounded(text: str, question: str, sources: Iterable[str]) -> bool:
    """True when every number of `text` stands in the question or in one of `sources`.

    A source is a cited passage with its label (section path, page, document), or what a tool
    returned: a target record's quote and figure, never its ids or scores.
    """
    return not unsupported_numbers(text, question, sources)
