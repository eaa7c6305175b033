"""A question understood once: its forms for matching, its key terms, and what it asks for.

Everything downstream (retrieval, the target table, the answer) reads these fields instead of
parsing the text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.references import Reference, read_reference
from assistant.text.chat import story_part, strip_chat
from assistant.text.lexicon import Terms, is_stopword, words
from assistant.text.normalize import fold, has_diacritics, match_form
from assistant.text.numbers import is_year, plain_number, years
from assistant.text.units import asked_units

# Words that ask for a number, a share or a time, matched without diacritics; "mấy" on its own is matched
# with them, since "may" is also "máy" (nhà máy), and only where it counts ("có mấy xã", "mấy phần trăm"),
# not where it means "those" ("mấy sản phẩm đó", "mấy người như ông").
_FIGURE_QUESTION = re.compile(r"\b(?:bao nhiêu|bao giờ|khi nào|năm nào|tỉ lệ|phần trăm|mức)\b|%")
_FIGURE_QUESTION_FOLDED = re.compile(r"\b(?:bao nhieu|bao gio|khi nao|nam nao|ty le|ti le|phan tram|muc(?! tieu))\b|%")
_HOW_MANY = re.compile(r"\bmấy\s+(?!\w+(?:\s+\w+)?\s+(?:đó|này|ấy|kia|như)\b)|\bmấy\s*[?]*$")
_YES_NO = re.compile(r"\b(?:(?:có )?(?:đúng|phải) không|hả|phải chăng)\b")  # «…, có đúng không?»: it asks yes or no
_HOW_MANY_FOLDED = re.compile(r"\b(?:co|la|dat|duoc)\s+may\s+(?!\w+(?:\s+\w+)?\s+(?:do|nay|ay|kia|nhu)\b)")
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


def _asks_figure(text: str, folded: str) -> bool:
    """Whether the question asks for a number, a share or a time ("bao nhiêu", "tỷ lệ", "có mấy xã", "bao giờ")."""
    lowered = match_form(text)
    if not has_diacritics(lowered):
        return bool(_FIGURE_QUESTION_FOLDED.search(folded) or _HOW_MANY_FOLDED.search(folded))
    if _FIGURE_QUESTION.search(lowered):
        return True
    return bool(_HOW_MANY.search(lowered)) and not _YES_NO.search(lowered)


@dataclass(frozen=True)
class Question:
    """A question as asked, the text that is answered, and what was read from that text."""

    asked: str  # as the user typed it (cleaned)
    text: str  # what is answered: `asked`, or a follow-up completed with the question before it
    focus: str  # what a follow-up changes ("nông thôn"), which the answer must be about; "" otherwise
    search_text: str  # `text` without the chat around it (courtesy, particles, the asker's pronouns)
    folded: str  # `search_text` in match form without diacritics, for rules written without them
    terms: Terms  # the key terms of `search_text`
    story_terms: frozenset[str]  # terms only in the asker's story told before the question («nhà em ở chân núi, …»)
    focus_terms: Terms
    asks_figure: bool  # asks for a number, a share or a time ("bao nhiêu", "tỷ lệ", "bao giờ")
    units: tuple[str, ...]  # units it asks the figure in, in so many words («bao nhiêu ha», «mấy phần trăm»)
    likely_units: tuple[str, ...]  # those and the units it suggests («tỷ lệ»: a share)
    years: tuple[str, ...]  # years named
    values: tuple[str, ...]  # figures named that are worth a reverse look-up, in plain form ("4500", "96.01")
    target_number: int | None  # the numbered target it names: "chỉ tiêu số 12", "(15)"
    reference: Reference  # what it says about the plan's outline: «mục 3.3», «giải pháp thứ tư», «bao nhiêu chỉ tiêu»
    parts: tuple[Question, ...]  # the parts of a question on several things
    # Set by the conversation for a follow-up (see conversation.py):
    back: bool = False  # points back at what the last answer cited («chỉ tiêu đó», «nó»)
    more: bool = False  # asks for more of the last answer («nói rõ hơn»)
    nth: int = 0  # picks an item the last answer listed («ý thứ hai»: 2; «ý cuối cùng»: -1)

    def without_target_number(self) -> Question:
        """The question with its target-number reference taken out (what remains says the topic)."""
        if self.target_number is None:
            return self
        return replace(understand(_TARGET_NUMBER.sub(" ", self.text), self.asked, self.focus), target_number=None)


def understand(text: str, asked: str | None = None, focus: str = "") -> Question:
    """Read `text` (clean, NFC) once into a `Question`; `asked` is what the user typed, if other than `text`."""
    search_text = strip_chat(text)
    folded = fold(match_form(search_text))
    number = _TARGET_NUMBER.search(text)
    terms = content_terms(search_text)
    story = story_part(text)
    asking = strip_chat(text[len(story):]) if story else search_text
    reference = read_reference(text)
    named = ".".join(reference.numbers)  # «mục 3.1» names a section, not a figure
    return Question(
        asked=text if asked is None else asked,
        text=text,
        focus=focus,
        search_text=search_text,
        folded=folded,
        terms=terms,
        story_terms=frozenset({g[0] for g in content_terms(strip_chat(story))} - {g[0] for g in content_terms(asking)}),
        focus_terms=content_terms(focus) if focus else (),
        asks_figure=_asks_figure(search_text, folded),
        units=asked_units(match_form(search_text)),
        likely_units=asked_units(match_form(search_text), hinted=True),
        years=tuple(years(text)),
        # "4.500", "13,5", "96,01%", "70" — not the 3 of "cấp 3".
        values=tuple(dict.fromkeys(plain_number(n) for n in _VALUE.findall(text)
                                   if len(re.sub(r"\D", "", n)) > 1 and n != named)),
        target_number=int(number.group(1) or number.group(2)) if number else None,
        reference=reference,
        parts=tuple(understand(part, focus=focus) for part in split_parts(text)),
    )
