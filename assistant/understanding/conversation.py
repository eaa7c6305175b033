"""A conversation's memory: what each turn asked and what its answer rested on, and follow-ups read against it.

Follow-ups take several forms, each resolved here once:
- «còn nông thôn thì sao?», «thế còn THPT?»: the question before, with a new focus;
- «chỉ tiêu đó thuộc nhóm nào?», «quyết định đó ký ngày nào?»: about what the last answer cited;
- «ý thứ hai», «nói rõ hơn»: about the items the last answer listed, or the last answer itself;
- «vậy còn giải pháp?»: a part of the plan's outline, asked about as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.text.normalize import fold, match_form
from assistant.text.numbers import years
from assistant.text.rarity import language
from assistant.understanding.question import Question, key_words, understand
from assistant.understanding.records import from_plain, to_plain
from assistant.understanding.references import NOUNS

# Openers and closers that mark a follow-up, matched without diacritics so "con nong thon thi sao" counts too.
_FILLER = re.compile(r"^(?:(?:the|vay|thi|the thi)\s+)?")
_OPENER = re.compile(r"(?:con|va|nhung)\s+(?:ve\s+)?")
_CLOSER = re.compile(r"\s*(?:thi|the)\s+(?:sao|nao|ra sao)\s*[?.!]*\s*$")
_MAX_FOLLOW_UP_WORDS = 8
_NAMES_NOTHING = 1  # a follow-up with this few key terms of its own is about what the last answer was about
_NAMES_ANOTHER = 2  # a focus with this many key words names another thing, which the unit asked before may not fit
# A follow-up pointing back at what was just answered: «chỉ tiêu đó», «nó», «dự án này», «cái khu …».
_BACK = re.compile(r"\b(?:đó|này|ấy|kia|trên|vừa rồi|vừa nêu)\b(?!\s+(?:là|có))|\bnó\b|^cái\b|\bvấn đề này\b")
_BACK_FOLDED = re.compile(r"\b(?:do|nay|ay|no)\b")
_MORE = re.compile(r"\b(?:nói rõ hơn|rõ hơn|chi tiết hơn|cụ thể hơn|giải thích thêm|nói thêm|thêm về)\b")
_NTH = re.compile(r"\b(?:ý|mục|điểm|phần|nội dung|cái)\s+(?:thứ\s+(\w+)|(đầu tiên)|(cuối cùng|cuối))\b")
_NTH_WORDS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}


@dataclass(frozen=True)
class Source:
    """A source an answer cited: its number in the answer, where it is, the passage and the words quoted."""

    number: int
    label: str
    chunk_id: str
    quote: str


@dataclass(frozen=True)
class Turn:
    """One exchange: the question as typed and as understood, the answer shown, and what it rested on."""

    asked: str  # as typed
    answer: str = ""
    sources: tuple[Source, ...] = ()
    question: Question | None = None  # None when no answer could be given (an error)
    chunks: tuple[str, ...] = ()  # the passages it cited
    sections: tuple[str, ...] = ()  # the sections it was about
    targets: tuple[str, ...] = ()  # the target records it stated
    items: tuple[str, ...] = ()  # the sections it listed, in order
    refused: bool = False
    via: str = "quoted"  # "model" when a chat model's text was shown
    fallback: str | None = None  # why a model's text was not shown, when one was asked

    def to_dict(self) -> dict[str, Any]:
        """The turn as plain JSON data (for the web page's storage)."""
        return to_plain(self)

    @classmethod
    def from_dict(cls, data: Any) -> Turn | None:
        """A turn from `to_dict`'s data, as it was understood then; None for data that is not a turn."""
        try:
            return from_plain(cls, data)
        except (ValueError, TypeError, KeyError):
            return None


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


def _words(text: Question) -> int:
    """How many words name something in `text` (understood); typed without diacritics it cannot be segmented, and
    about two syllables make a word («nong thon»)."""
    found = len(key_words(text.terms, text.language))
    return found if text.language != "vi-plain" else (found + 1) // 2


def _nth(lowered: str) -> int:
    found = _NTH.search(lowered)
    if not found:
        return 0
    if found.group(2):
        return 1
    if found.group(3):
        return -1
    word = found.group(1)
    return int(word) if word.isdigit() else _NTH_WORDS.get(word, 0)


def resolve(asked: str, history: Sequence[Turn] = (), restore: Callable[[str], str] | None = None) -> Question:
    """Understand `asked` (clean text) after the turns before it, oldest first; `restore` puts back the
    diacritics of a question typed without them (`text.diacritics`), which is then read as if typed with them."""
    if restore is not None and language(asked) == "vi-plain":
        if not history:  # read with what was typed, too: «chi tieu so 12» is «chỉ tiêu số 12» whatever the restoring
            return understand(restore(asked), asked)
        return replace(resolve(restore(asked), history), asked=asked)
    if not history:
        return understand(asked)
    last = history[-1]
    focus = _follow_up_focus(asked)
    if focus is not None and fold(match_form(focus)) in {fold(n) for n in NOUNS if n not in ("ý", "mục", "điểm")}:
        return understand(f"Các {focus} gồm những gì?", asked)  # «vậy còn giải pháp?»: that part of the outline
    focused = understand(focus) if focus is not None else None
    if focused is not None and not _MORE.search(match_form(asked)) and not focused.reference:
        before, named = last.question.text.rstrip(" ?.!"), years(focus)
        for year in last.question.years if named else ():  # «còn năm 2045?»: that year instead of the one before
            before = re.sub(rf"(?<!\d){year}(?!\d)", named[0], before)
        if last.question.asks.answer == "figure" and _words(focused) >= _NAMES_ANOTHER:
            # «vậy còn thu ngân sách?» after «vốn đầu tư chiếm bao nhiêu phần trăm GRDP?»: its own figure; a measure
            # asked before still holds («còn cây mắc ca?» after «… bao nhiêu ha?»), a share need not
            measures = "".join(f" {unit}" for unit in last.question.units if unit != "%")
            return understand(f"{focus} là bao nhiêu{measures}?", asked, focus)
        return understand(f"{before} — {focus}?", asked, focus)
    lowered = match_form(asked)
    question = understand(asked)
    back = bool(_BACK.search(lowered) or (fold(lowered) == lowered and _BACK_FOLDED.search(lowered))
                or len(question.terms) <= _NAMES_NOTHING)  # «vậy tỉnh làm gì để đạt được?»: about what was answered
    ref = question.reference
    points = bool(ref.numbers or ref.letter or ref.ordinal or ref.relative)  # «ý g) ngay sau đó» points by the outline
    back = back and not points
    before = key_words(tuple(g for g in last.question.terms if g[0] not in last.question.story_terms),
                       last.question.language)
    return replace(question, back=back, more=bool(_MORE.search(lowered)), nth=_nth(lowered) if last.items else 0,
                   context=() if points else before)
