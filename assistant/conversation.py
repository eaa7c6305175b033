"""Question understanding across turns: a follow-up ("còn nông thôn thì sao?") is read with the question before it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.normalize import fold, match_form

# Openers and closers that mark a follow-up, matched without diacritics so "con nong thon thi sao" counts too.
_FILLER = re.compile(r"^(?:(?:the|vay|thi|the thi)\s+)?")
_OPENER = re.compile(r"(?:con|va|nhung)\s+(?:ve\s+)?")
_CLOSER = re.compile(r"\s*(?:thi|the)\s+(?:sao|nao|ra sao)\s*[?.!]*\s*$")
_MAX_FOLLOW_UP_WORDS = 8


@dataclass(frozen=True)
class Question:
    """A question as asked, and as it is searched and answered once the conversation is taken in."""

    asked: str
    text: str  # the question to answer: the asked one, or the previous question completed by a follow-up
    focus: str = ""  # what a follow-up changes ("nông thôn"); an answer must be about it


def _follow_up_focus(asked: str) -> str | None:
    """The words a follow-up adds ("nông thôn"), or None when `asked` stands on its own."""
    folded = fold(match_form(asked))
    start = _FILLER.match(folded).end()
    opener = _OPENER.match(folded, start)
    closer = _CLOSER.search(folded)
    if not (opener or closer) or len(folded.split()) > _MAX_FOLLOW_UP_WORDS:
        return None
    start = opener.end() if opener else start
    end = closer.start() if closer else len(folded)
    words = " ".join(asked.split())  # folding keeps the length of NFC text, so the span maps back
    focus = words[start:max(start, end)].strip(" ,?.!")
    return focus or None


def resolve(asked: str, previous: Sequence[str] = ()) -> Question:
    """Read `asked` in the light of the questions before it (oldest first)."""
    focus = _follow_up_focus(asked) if previous else None
    if focus is None:
        return Question(asked, asked)
    base = resolve(previous[-1], previous[:-1]).text
    return Question(asked, f"{base.rstrip(' ?.!')} — {focus}?", focus)


_JOINS = re.compile(r"\s+(?:và|cùng với|với cả)\s+|;\s*", re.IGNORECASE)


def parts(question: str) -> list[str]:
    """The parts of a question that asks about several things ("… y tế và tuổi thọ bình quân?").

    A question about one thing gives an empty list.
    """
    pieces = [p.strip(" ,?") for p in _JOINS.split(question)]
    pieces = [p for p in pieces if len(p.split()) >= 2]
    return pieces if len(pieces) > 1 else []
