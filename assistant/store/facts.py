"""What statistics need of one document, counted once when it is indexed: its numbers, places, years aimed at, periods."""

from __future__ import annotations

import re
from collections import Counter

from assistant.documents.chunking import Chunk
from assistant.text.places import mentions

_HORIZON = re.compile(r"đến năm ((?:19|20)\d\d)")
_SPAN = re.compile(r"giai đoạn ((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)")


def facts_of(chunks: list[Chunk]) -> dict:
    """What the statistics need of one document's chunks: its numbers, places, years aimed at, periods."""
    return {"numbers": sorted({n for c in chunks for n in re.findall(r"\d+", c.text)}),
            "places": dict(Counter(p for c in chunks for p in mentions(c.text))),
            "horizons": dict(Counter(y for c in chunks for y in _HORIZON.findall(c.text))),
            "spans": sorted({f"{a}-{b}" for c in chunks for a, b in _SPAN.findall(c.text)})}
