"""A question understood once: its forms for matching, its key terms, and what it asks for.

Everything downstream (retrieval, the target table, the answer) reads these fields instead of
parsing the text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.text.lexicon import Terms, is_stopword, words
from assistant.text.normalize import fold, has_diacritics, match_form
from assistant.text.numbers import is_year, plain_number, years

_FIGURE_QUESTION = re.compile(r"\b(bao nhieu|may|bao gio|khi nao|nam nao|ty le|ti le|phan tram|muc)\b|%")
_TARGET_NUMBER = re.compile(r"ch[iỉ]\s+ti[eê]u\s+(?:s[oố]\s+)?\(?(\d{1,2})\)?(?![\d.,])|\((\d{1,2})\)", re.IGNORECASE)
_VALUE = re.compile(r"\d+(?:[.,]\d+)*(?:x\d+)?")
_JOINS = re.compile(r"\s+(?:và|cùng với|với cả)\s+|;\s*", re.IGNORECASE)


@lru_cache(maxsize=4096)
def content_terms(text: str) -> Terms:
    """The content words of `text` and their adjacent pairs, each as the forms that count as a match."""
    tokens = words(text)
    # Years set the period, not the topic; the year check handles years the plan lacks.
    content = [t for t in tokens if not is_stopword(t) and not is_year(t)]
    groups = [(t,) for t in dict.fromkeys(content)]
    joined = " ".join(tokens)
    groups += [(p,) for p in dict.fromkeys(f"{a}_{b}" for a, b in zip(content, content[1:]) if f"{a} {b}" in joined)]
    # A term typed without diacritics may match the plan's folded form too.
    return tuple((g[0], fold(g[0])) if not has_diacritics(g[0]) else g for g in groups)


def split_parts(text: str) -> list[str]:
    """The parts of a question on several things ("… y tế và tuổi thọ bình quân?"); [] for one thing."""
    pieces = [p.strip(" ,?") for p in _JOINS.split(text)]
    pieces = [p for p in pieces if len(p.split()) >= 2]
    return pieces if len(pieces) > 1 else []


@dataclass(frozen=True)
class Question:
    """A question as asked, the text that is answered, and what was read from that text."""

    asked: str  # as the user typed it (cleaned)
    text: str  # what is answered: `asked`, or a follow-up completed with the question before it
    focus: str  # what a follow-up changes ("nông thôn"), which the answer must be about; "" otherwise
    folded: str  # `text` in match form without diacritics, for rules written without them
    terms: Terms  # the key terms of `text`
    focus_terms: Terms
    asks_figure: bool  # asks for a number, a share or a time ("bao nhiêu", "tỷ lệ", "bao giờ")
    years: tuple[str, ...]  # years named
    values: tuple[str, ...]  # figures named that are worth a reverse look-up, in plain form ("4500", "96.01")
    target_number: int | None  # the numbered target it names: "chỉ tiêu số 12", "(15)"
    parts: tuple[Question, ...]  # the parts of a question on several things

    def without_target_number(self) -> Question:
        """The question with its target-number reference taken out (what remains says the topic)."""
        if self.target_number is None:
            return self
        return replace(understand(_TARGET_NUMBER.sub(" ", self.text), self.asked, self.focus), target_number=None)


def understand(text: str, asked: str | None = None, focus: str = "") -> Question:
    """Read `text` (clean, NFC) once into a `Question`; `asked` is what the user typed, if other than `text`."""
    folded = fold(match_form(text))
    number = _TARGET_NUMBER.search(text)
    return Question(
        asked=text if asked is None else asked,
        text=text,
        focus=focus,
        folded=folded,
        terms=content_terms(text),
        focus_terms=content_terms(focus) if focus else (),
        asks_figure=bool(_FIGURE_QUESTION.search(folded)),
        years=tuple(years(text)),
        # "4.500", "13,5", "96,01%", "70" — not the 3 of "cấp 3".
        values=tuple(dict.fromkeys(plain_number(n) for n in _VALUE.findall(text) if len(re.sub(r"\D", "", n)) > 1)),
        target_number=int(number.group(1) or number.group(2)) if number else None,
        parts=tuple(understand(part, focus=focus) for part in split_parts(text)),
    )
