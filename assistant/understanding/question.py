"""A question understood once: its forms for matching, its key terms, and what it asks for.

Everything downstream (retrieval, the target table, the answer) reads these fields instead of
parsing the text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.text.chat import spelled_out, story_part, strip_chat
from assistant.text.lexicon import Terms, words
from assistant.text.normalize import fold, has_diacritics, match_form
from assistant.text.numbers import is_year, plain_number, years
from assistant.text.rarity import language
from assistant.text.segment import compound_pairs, compound_words, tagged_words
from assistant.text.stopwords import stop_mask
from assistant.text.units import asked_units, without_units
from assistant.understanding.asking import (
    Asks,
    asks_aimed,
    asks_how_many,
    asks_met,
    asks_progress,
    asks_words,
    kind_nouns,
    own_place,
    plan_verbs,
    read_asks,
    without_form_words,
    yes_no,
)
from assistant.understanding.parts import asks_own, split_parts
from assistant.understanding.references import NOUNS, Reference, read_reference

# Words that ask for a number, a share or a time, matched without diacritics; "mấy" on its own is matched
# with them, since "may" is also "máy" (nhà máy), and only where it counts ("có mấy xã", "mấy phần trăm"),
# not where it means "those" ("mấy sản phẩm đó", "mấy người như ông").
_FIGURE_QUESTION = re.compile(r"\b(?:bao nhiêu|bao giờ|khi nào|năm nào|ngày nào|tỉ lệ|phần trăm|mức)\b|%")
_FIGURE_QUESTION_FOLDED = re.compile(r"\b(?:bao nhieu|bao gio|khi nao|nam nao|ngay nao|ty le|ti le|phan tram|muc(?! tieu))\b|%")
_YES_NO = re.compile(r"\b(?:(?:có )?(?:đúng|phải) không|hả|phải chăng)\b")  # «…, có đúng không?»: it asks yes or no
_HOW_MANY_FOLDED = re.compile(r"\b(?:co|la|dat|duoc)\s+may\s+(?!\w+(?:\s+\w+)?\s+(?:do|nay|ay|kia|nhu)\b)")
_TARGET_NUMBER = re.compile(r"ch[iỉ]\s+ti[eê]u\s+(?:s[oố]\s+)?\(?(\d{1,2})\)?(?![\d.,])|(?<!\w)\((\d{1,2})\)", re.IGNORECASE)
# A figure worth looking up in reverse («96,01% là chỉ tiêu gì?», «4.500 tỷ», «10 xã»): one written with a
# separator, a percent sign, three digits or more, or followed by what it counts — not the 10 of «lớp 10».
_VALUE = re.compile(r"(?<!thứ )(?:\d+(?:[.,]\d+)+(?:x\d+)?%?|\d{3,}(?:x\d+)?%?|\d+\s*%|\d{2}(?=\s+[^\W\d_]))")  # not «thứ 10»
_PERIOD = re.compile(r"\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b")


@lru_cache(maxsize=4096)
def content_terms(text: str) -> Terms:
    """The content words of `text` and the words of two syllables among them, each as the forms that count.

    A pair of adjacent syllables counts as a word where the segmenter joins them («tốt nghiệp»); in text
    typed without diacritics, which it cannot segment, every adjacent pair counts.
    """
    tokens = words(text)
    stop = stop_mask(tokens)
    # Years set the period, not the topic; the year check handles years the plan lacks.
    content = [t for t, s in zip(tokens, stop) if not s and not is_year(t)]
    groups = [(t,) for t in dict.fromkeys(content)]
    compounds = compound_pairs(text)
    pairs = (f"{a}_{b}" for (a, s), (b, r) in zip(zip(tokens, stop), zip(tokens[1:], stop[1:])) if not s and not r)
    segmented = has_diacritics(text)
    groups += [(p,) for p in dict.fromkeys(pairs) if p in compounds or not segmented]
    # A word of three syllables or more («đô thị hóa») is a term of its own: «đô thị» alone does not match it.
    joined = f" {' '.join(content)} "
    groups += [(w,) for w in compound_words(text) if f" {w.replace('_', ' ')} " in joined]
    # A term typed without diacritics may match the plan's folded form too.
    return tuple((g[0], fold(g[0])) if not has_diacritics(g[0]) else g for g in groups)


def key_words(terms: Terms, language: str) -> Terms:
    """Terms as words: a compound where the segmenter found one («sân bay»: «sân» and «bay» apart are not it),
    else a syllable; text typed without diacritics cannot be segmented, and its syllables are its words."""
    if language == "vi-plain":
        return tuple(g for g in terms if "_" not in g[0])
    in_words = {part for g in terms if "_" in g[0] for part in g[0].split("_")}
    return tuple(g for g in terms if "_" in g[0] or g[0] not in in_words)


def _edge_word(text: str, last: bool) -> int:
    """How many syllables the first (or last) word of `text` has: 2 where the segmenter joins them, else 1."""
    syllables = text.split()
    if len(syllables) < 2:
        return len(syllables)
    pair = match_form(" ".join(syllables[-2:] if last else syllables[:2])).replace(" ", "_")
    return 2 if pair in compound_pairs(text) else 1


def _parts(text: str, focus: str) -> tuple[Question, ...]:
    """The parts of a question on several things, each with its readings that borrow what the others share.

    In «Tỷ lệ dân số đô thị và nông thôn được dùng nước sạch?» the parts «Tỷ lệ dân số đô thị» and
    «nông thôn được dùng nước sạch» share a head and a tail; the look-up tries each part with them.
    """
    pieces = split_parts(text)
    if not pieces:
        return ()
    first, last = pieces[0].split(), pieces[-1].split()
    head = " ".join(first[:-_edge_word(pieces[0], last=True)])
    tail = " ".join(last[_edge_word(pieces[-1], last=False):])
    parts = []
    for i, piece in enumerate(pieces):
        readings = {piece, f"{head} {piece}".strip() if i else piece, f"{piece} {tail}".strip() if i < len(pieces) - 1 else piece}
        readings.add(f"{head if i else ''} {piece} {tail if i < len(pieces) - 1 else ''}".strip())
        variants = tuple(understand(r, focus=focus) for r in sorted(readings - {piece}))
        parts.append(replace(understand(piece, focus=focus), readings=variants))
    return tuple(parts)


def _asks_figure(text: str, folded: str) -> bool:
    """Whether the question asks for a number, a share or a time ("bao nhiêu", "tỷ lệ", "có mấy xã", "bao giờ")."""
    lowered = match_form(text)
    if not has_diacritics(lowered):
        return bool(_FIGURE_QUESTION_FOLDED.search(folded) or _HOW_MANY_FOLDED.search(folded))
    if _FIGURE_QUESTION.search(lowered):
        return True
    # «mấy» in a yes/no question («có định phủ sóng mấy chỗ vùng lõm không?») or beside a question word asking
    # for words («mạnh về mấy kiểu du lịch nào?») means «some», «those», not «how many»
    return (asks_how_many(lowered) and not _YES_NO.search(lowered) and not yes_no(lowered)
            and not asks_words(lowered))


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
    focus_years: tuple[str, ...]  # years the focus names («còn mốc năm 2045?»): a clause holding one is about it
    asks_figure: bool  # asks for a number, a share or a time ("bao nhiêu", "tỷ lệ", "bao giờ")
    compounds: frozenset[str]  # pairs of its syllables that form one word («tốt_nghiệp»)
    units: tuple[str, ...]  # units it asks the figure in, in so many words («bao nhiêu ha», «mấy phần trăm»)
    likely_units: tuple[str, ...]  # those and the units it suggests («tỷ lệ»: a share)
    years: tuple[str, ...]  # years named
    values: tuple[str, ...]  # figures named that are worth a reverse look-up, in plain form ("4500", "96.01")
    target_number: int | None  # the numbered target it names: "chỉ tiêu số 12", "(15)"
    reference: Reference  # what it says about the plan's outline: «mục 3.3», «giải pháp thứ tư», «bao nhiêu chỉ tiêu»
    parts: tuple[Question, ...]  # the parts of a question on several things
    language: str = "vi"  # "vi", "vi-plain" (typed without diacritics) or "en"
    asking: str = ""  # the asking part, without the asker's story before it or the chat around it
    asks: Asks = Asks()  # the answer it wants: a figure, a date, a year or words; a fact, yes/no, a list …
    tagged: tuple[tuple[str, str], ...] = ()  # the words of `search_text` with their parts of speech (pyvi)
    asking_tagged: tuple[tuple[str, str], ...] = ()  # those of `asking`: the question without the story told before it
    plan_verbs: frozenset[str] = frozenset()  # verbs whose subject is the plan: asked of it («kế hoạch yêu cầu gì»)
    kind_nouns: frozenset[str] = frozenset()  # nouns naming the kind of thing asked after («về việc gì»)
    own_place: str = ""  # a commune or village asked about as the asker's own or one named before: «xã em», «bản đó»
    readings: tuple[Question, ...] = ()  # for a part: it read with what the other parts share («… đô thị và nông thôn …»)
    # Set by the conversation for a follow-up (see conversation.py):
    back: bool = False  # points back at what the last answer cited («chỉ tiêu đó», «nó»)
    more: bool = False  # asks for more of the last answer («nói rõ hơn»)
    nth: int = 0  # picks an item the last answer listed («ý thứ hai»: 2; «ý cuối cùng»: -1)
    context: Terms = ()  # in a conversation: the key terms of the question before, what it may still be about
    progress: bool = False  # asks how the plan is being carried out («đạt bao nhiêu so với mục tiêu», «qua các năm»)
    periods: tuple[str, ...] = ()  # spans of years named («giai đoạn 2026-2030»): a period, not a year
    period_words: frozenset[str] = frozenset()  # the nouns naming those spans as periods («giai_đoạn»)
    aimed: bool = False  # asks what is planned or aimed at («dự kiến», «mục tiêu»), not what was done
    met: str = ""  # asks after the targets met («đạt») or not met («chưa đạt»)

    def without_target_number(self) -> Question:
        """The question with its target-number reference taken out (what remains says the topic)."""
        if self.target_number is None:
            return self
        return replace(understand(_TARGET_NUMBER.sub(" ", self.text), self.asked, self.focus), target_number=None)


def _counted_noun(asks: Asks, tagged: tuple[tuple[str, str], ...]) -> Asks:
    """What a count is of must be a noun («bao nhiêu xã»), not the verb after the count word («bao nhiêu có …»)."""
    if asks.counted and not any(w.split("_")[0] == asks.counted and tag.startswith("N") for w, tag in tagged):
        return replace(asks, counted="")
    return asks


def _own_asks(parts: tuple[Question, ...], asks: Asks, asks_figure: bool, units: tuple[str, ...]) -> tuple[Question, ...]:
    """The parts, each asking what the whole asks unless it has a question word of its own: in «Trường đạt chuẩn và
    xã đạt tiêu chí về y tế: tỷ lệ mỗi loại là bao nhiêu?» both parts ask a figure."""
    return tuple(part if asks_own(part.asking) else replace(part, asks=asks, asks_figure=asks_figure, units=units)
                 for part in parts)


def _values(text: str, named: str) -> tuple[str, ...]:
    """Figures named that are worth a reverse look-up, in plain form ("4500", "96.01"): not a section's number, and
    two bare digits only before what they count («10 xã»), not before any word («bác năm nay 60 rồi»)."""
    found = []
    for match in _VALUE.finditer(text):
        value = match.group(0).rstrip("% ")
        if len(re.sub(r"\D", "", value)) <= 1 or value == named:
            continue
        if re.fullmatch(r"\d{2}", match.group(0)):
            after = tagged_words(text[match.end():match.end() + 40])
            if not after or not after[0][1].startswith("N"):
                continue
        found.append(plain_number(value))
    return tuple(dict.fromkeys(found))


def _period_words(text: str) -> frozenset[str]:
    """The noun right before each span of years («giai đoạn 2026-2030», «thời kỳ 2026 - 2030»): what names it a period."""
    before = (tagged_words(text[:found.start()])[-1:] for found in _PERIOD.finditer(text))
    return frozenset(word for tagged in before for word, tag in tagged if tag.startswith("N"))


def understand(text: str, asked: str | None = None, focus: str = "") -> Question:
    """Read `text` (clean, NFC) once into a `Question`; `asked` is what the user typed, if other than `text`."""
    search_text = strip_chat(text)
    folded = fold(match_form(search_text))
    typed = asked if asked is not None and language(asked) == "vi-plain" else None  # typed without diacritics, restored
    # the outline's words as typed, where the restored reading lost them («chi tieu so 12» read as «chỉ tiêu sơ 12»)
    number = _TARGET_NUMBER.search(text) or (_TARGET_NUMBER.search(typed) if typed else None)
    terms = content_terms(without_units(without_form_words(match_form(search_text))))
    story = story_part(text, NOUNS)
    asking = strip_chat(text[len(story):]) if story else search_text
    spoken = language(search_text)
    reference = read_reference(text, spoken)
    if typed and not reference:
        reference = read_reference(typed, "vi-plain")
    named = ".".join(reference.numbers)  # «mục 3.1» names a section, not a figure
    # what is asked for is read from the asking part: «Năm nào mùa mưa cũng sạt, tỉnh định làm gì?» asks no year
    # (with its request kept: «liệt kê mấy công trình» asks for some, not how many)
    said = spelled_out(text[len(story):])  # the asking part with its courtesy and requests
    asks_figure = _asks_figure(said, fold(match_form(asking)))
    units = asked_units(match_form(asking))
    # the form is read before the chat is set aside: «tóm tắt», «liệt kê» ask for one
    asks = _counted_noun(read_asks(match_form(said) if spoken != "en" else asking.lower(), spoken, asks_figure, units,
                                   asking), tagged_words(search_text))
    if spoken == "en":  # «what rate», «how many», «when»: read in English, where the Vietnamese words are not
        asks_figure = asks.answer != "text"
    return Question(
        asked=text if asked is None else asked,
        text=text,
        focus=focus,
        search_text=search_text,
        folded=folded,
        terms=terms,
        story_terms=frozenset({g[0] for g in content_terms(strip_chat(story))} - {g[0] for g in content_terms(asking)}),
        focus_terms=content_terms(focus) if focus else (),
        focus_years=tuple(years(focus)) if focus else (),
        asks_figure=asks_figure,
        compounds=compound_pairs(search_text),
        units=units,
        likely_units=asked_units(match_form(asking), hinted=True),
        years=tuple(years(text)),
        # "4.500", "13,5", "96,01%", "70" — not the 3 of "cấp 3".
        values=_values(text, named),
        target_number=int(number.group(1) or number.group(2)) if number else None,
        reference=reference,
        parts=_own_asks(_parts(text, focus), asks, asks_figure, units) if spoken != "en" else (),
        language=spoken,
        asking=asking,
        asks=asks,
        tagged=tagged_words(search_text),
        asking_tagged=tagged_words(asking),
        plan_verbs=plan_verbs(tagged_words(asking)) if spoken == "vi" else frozenset(),
        kind_nouns=kind_nouns(tagged_words(asking)) if spoken == "vi" else frozenset(),
        own_place=own_place(text[len(story):]),
        progress=asks_progress(match_form(search_text)),
        periods=tuple(_PERIOD.findall(text)),
        period_words=_period_words(search_text),
        aimed=asks_aimed(match_form(search_text)),
        met=asks_met(match_form(search_text)),
    )
