"""Questions across turns: a follow-up ("còn nông thôn thì sao?") is read with the question before it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.question import Question, understand
from assistant.text.normalize import fold, match_form

# Openers and closers that mark a follow-up, matched without diacritics so "con nong thon thi sao" counts too.
_FILLER = re.compile(r"^(?:(?:the|vay|thi|the thi)\s+)?")
_OPENER = re.compile(r"(?:con|va|nhung)\s+(?:ve\s+)?")
_CLOSER = re.compile(r"\s*(?:thi|the)\s+(?:sao|nao|ra sao)\s*[?.!]*\s*$")
_MAX_FOLLOW_UP_WORDS = 8


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


def resolve(asked: str, history: Sequence[Question] = ()) -> Question:
    """Understand `asked` (clean text) after the questions before it, oldest first, each already resolved."""
    focus = _follow_up_focus(asked) if history else None
    if focus is None:
        return understand(asked)
    return understand(f"{history[-1].text.rstrip(' ?.!')} — {focus}?", asked, focus)
