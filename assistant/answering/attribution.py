"""Whose words an answer quotes: an answer read in anything but the plan names the document instead.

The answers are written as the plan's («Theo kế hoạch: …», «Kế hoạch không nêu …»). When the
passages cited come from a report or another document, those phrases of the answer — never the
quoted words inside «…» — name that document: «Theo Báo cáo số 415/BC-UBND ngày 10/12/2026: …».
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from assistant.answering.reply import Answer

# The answers' own words for the plan; what stands inside «…» is quoted and stays as written.
_PLAN = re.compile(r"(?<!\w)[Kk]ế hoạch(?!\w)")
_QUOTE = re.compile(r"«[^»]*»")
MIXED = "các tài liệu được trích dẫn"


def attribute(result: Answer, titles: Mapping[str, str]) -> Answer:
    """`result`, with the plan's phrases naming the document its passages come from when that is in `titles`.

    `titles` names the documents that are not the plan an answer may speak for (document → title).
    An answer citing several documents, one of them in `titles`, speaks for «các tài liệu được trích dẫn».
    """
    sources = {c.chunk.document for c in result.citations} or {h.chunk.document for h in result.hits}
    named = {titles[d] for d in sources if d in titles}
    if not named:
        return result
    title = named.pop() if len(sources) == 1 else MIXED
    return replace(result, text=_renamed(result.text, title))


def _renamed(text: str, title: str) -> str:
    """`text` with «kế hoạch» outside «…» quotes naming `title` instead."""
    def named(match: re.Match[str]) -> str:  # a sentence opens with a capital
        return title[0].upper() + title[1:] if match.group()[0].isupper() else title

    pieces, last = [], 0
    for quote in _QUOTE.finditer(text):
        pieces += [_PLAN.sub(named, text[last:quote.start()]), quote.group()]
        last = quote.end()
    pieces.append(_PLAN.sub(named, text[last:]))
    return "".join(pieces)
