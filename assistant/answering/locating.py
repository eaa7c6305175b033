"""Which section(s) of the outline a question points at.

By number («mục 3.3», «II.1»), letter («ý g) của 3.1»), ordinal («giải pháp thứ tư»), title («theo mục tiêu
tổng quát»), or, in a follow-up, relative to the section before («ý g) ngay sau đó»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.documents.outline import Outline, Section
from assistant.text.lexicon import Terms
from assistant.text.normalize import fold, match_form
from assistant.text.rarity import zipf
from assistant.text.stopwords import is_stopword
from assistant.understanding.question import Question, content_terms
from assistant.understanding.references import EN_NOUNS, EN_WHOLE, META, NOUNS, WHOLE, Reference

_TITLE_CUE = re.compile(r"\b(?:theo|phần|mục|trong|thuộc|của|ở|tại|các|những)\s+$")  # «theo mục tiêu tổng quát»
# What a two-word title needs: «theo», «thuộc» or an outline noun before it («chỉ tiêu về môi trường»); «ở xã hội» is
# «nhà ở xã hội»
_OUTLINE_CUE = re.compile(rf"\b(?:theo|thuộc|{'|'.join(NOUNS)})\s+(?:về\s+)?$")
_TITLE_MAX_WORDS = 6  # only short titles are named in questions («Mục tiêu tổng quát», «Nhiệm vụ trọng tâm»)
_EN_COMMON = 5.2  # an English word this frequent (Zipf) names no topic: «what», «does», «say», «plan», «main»
_GENERIC = ("mục", "phần", "ý", "điểm", "nội dung")  # outline nouns that name no section of their own
_TITLE_ANYWHERE_WORDS = 3  # a title named without a cue must be this long: «xã hội» alone names no section


@dataclass(frozen=True)
class Located:
    """The sections a question points at, and what it asks of them."""

    sections: tuple[Section, ...]
    how: str  # "content": what it says; "list": what it holds; "count": how many; "scope": search only inside it;
    # "parts": the document's own parts, its outline as a whole («kế hoạch gồm mấy phần?», «bố cục»)
    missing: str = ""  # a part the question names that the section does not have («ý c)» of a section with a), b))


def _container(noun: str, outline: Outline) -> Section | None:
    """The top section a noun names by its title: «giải pháp» → «Một số giải pháp chủ yếu …»."""
    if not noun:
        return None
    named = [s for s in outline.sections if s.heading and s.depth <= 1
             and re.search(rf"\b{noun}\b", match_form(s.title))]
    return min(named, key=lambda s: len(s.title), default=None)


def members_of(container: Section, noun: str, outline: Outline) -> list[Section]:
    """What a container's noun counts: its numbered items for «chỉ tiêu» (1)…(18), else its parts."""
    items = [s for s in outline.descendants(container) if s.kind == "item"]
    return items if noun == "chỉ tiêu" and items else outline.children(container)


def _by_numbers(numbers: tuple[str, ...], outline: Outline) -> Section | None:
    """«II.1», «3.1», «II», «mục 3»: the section with those markers."""
    pool = outline.sections
    if numbers[0].isalpha():  # a roman part, then a numbered section in it
        part = next((s for s in pool if s.kind == "roman" and s.marker.rstrip(".") == numbers[0]), None)
        if part is None or len(numbers) == 1:
            return part
        return next((s for s in outline.children(part) if s.marker.rstrip(".") == numbers[1]), None)
    wanted = ".".join(numbers)
    return next((s for s in pool if s.kind in ("sub", "num") and s.marker.rstrip(".") == wanted), None)


def _numbered_in(container: Section | None, ref: Reference, outline: Outline) -> Section | None:
    """«giải pháp 2», «nhiệm vụ 2»: the part numbered so of the section the noun names (II.2, 3.2), not «mục 2»."""
    if container is None or len(ref.numbers) != 1 or ref.noun in _GENERIC:
        return None
    return next((s for s in outline.children(container) if s.marker.rstrip(".").split(".")[-1] == ref.numbers[0]), None)


def _nth(ordinal: int, sections: list[Section]) -> Section | None:
    """The `ordinal`-th of `sections` (-1: the last), or None; None too when they belong to several documents."""
    if len({s.document for s in sections}) != 1:
        return None
    index = ordinal - 1 if ordinal > 0 else len(sections) - 1
    return sections[index] if 0 <= index < len(sections) else None


def _child(parent: Section | None, letter: str, outline: Outline) -> Section | None:
    if parent is None:
        return None
    return next((s for s in outline.children(parent) if s.marker == f"{letter})"), None)


def _named_by_title(question: Question, outline: Outline, anywhere: bool = False) -> Section | None:
    """A section the question names by its short title after «theo», «phần», «trong» …: «theo mục tiêu tổng quát»
    (`anywhere`: wherever it stands, as a question counting its parts names it)."""
    text = match_form(question.search_text)
    best = None
    for section in outline.sections:
        if not section.heading:
            continue
        title = _bare(section.title)
        if title not in text or len(title.split()) > _TITLE_MAX_WORDS or len(title.split()) < 2:
            continue
        found = re.search(rf"\b{re.escape(title)}\b", text)
        if found is None or _heads_longer_name(title, question):
            continue
        cue = (_TITLE_CUE if len(title.split()) > 2 else _OUTLINE_CUE).search(text[:found.start()])
        cued = found.start() == 0 or (cue is not None and not _in_compound(cue, text, question))
        if cued or (anywhere and len(title.split()) >= _TITLE_ANYWHERE_WORDS):
            best = section if best is None or len(section.title) > len(best.title) else best
    return best


_MODIFIERS = frozenset({"N", "Np", "A"})  # pyvi's tags of a word that, after a noun, makes a longer name of something


def _heads_longer_name(title: str, question: Question) -> bool:
    """Whether the question writes a title as the head of a longer name: «kinh tế tư nhân» is no «Về kinh tế»."""
    wanted = title.split()
    words = [(w.split("_"), tag) for w, tag in question.tagged]
    for start in range(len(words)):
        syllables = [s for w, _ in words[start:] for s in w]
        if syllables[:len(wanted)] != wanted:
            continue
        taken, end = 0, start
        while taken < len(wanted):
            taken, end = taken + len(words[end][0]), end + 1
        if taken > len(wanted) or (end < len(words) and words[end][1] in _MODIFIERS):
            return True
    return False


def _in_compound(cue: re.Match[str], text: str, question: Question) -> bool:
    """Whether a cue word is the end of a compound («thành phần kinh tế» is no «phần kinh tế»)."""
    before = text[:cue.start()].split()[-1:]
    return bool(before) and f"{before[0]}_{cue.group(0).split()[0]}" in question.compounds


def _named_within(question: Question, container: Section, outline: Outline) -> Section:
    """The part of a container the question names by its title («chỉ tiêu về môi trường» → «Về môi trường»)."""
    text = match_form(question.search_text)
    named = [s for s in outline.descendants(container) if s.heading and re.search(rf"\b{re.escape(_bare(s.title))}\b", text)]
    return max(named, key=lambda s: (s.depth, len(s.title)), default=container)


@lru_cache(maxsize=65536)
def _bare(title: str) -> str:
    """A title as questions name it: match form, without «các», «một số», «về» in front."""
    return re.sub(r"^(?:các|một số|về)\s+", "", match_form(title))


def _relative(ref: Reference, previous: Section | None, outline: Outline) -> Section | None:
    """A section named against the one the conversation was about: «ý g) ngay sau đó», «mục tiếp theo»."""
    if previous is None:
        return None
    if ref.letter:
        return _child(outline.parent(previous), ref.letter, outline) or _child(previous, ref.letter, outline)
    siblings = outline.children(outline.parent(previous), previous.document)
    position = next((i for i, s in enumerate(siblings) if s.id == previous.id), None)
    if position is None or not 0 <= position + ref.relative < len(siblings):
        return None
    return siblings[position + ref.relative]


def topic_terms(question: Question, sections: tuple[Section, ...], outline: Outline) -> Terms:
    """The question's terms that are neither outline words nor its sections' titles: what to look for inside them."""
    known = {g[0] for word in (*META, *WHOLE) for g in content_terms(word)}  # «phần II của văn bản»
    for section in sections:
        for named in (section, *outline.ancestors(section)):
            known |= {g[0] for g in content_terms(named.title)}
    ref = question.reference
    asking = set(ref.group_of.split())  # «… nằm trong nhóm nào?»: the words asking where
    markers = {n.lower() for n in ref.numbers} | {".".join(ref.numbers).lower(), ref.letter} - {""}  # not «y» of «y tế»
    markers |= {str(ref.ordinal), "thứ", "thu"} if ref.ordinal > 0 else set()  # «giải pháp thứ 4», «thu 4» as typed
    known |= question.kind_nouns  # «ý b) là về việc gì?»: what kind of thing is asked after, not what is looked for
    # «nhiệm vụ 3.3 trong kế hoạch tập trung vào gì?»: what the plan does, not a topic (nor its syllables)
    known |= {part for verb in question.plan_verbs for part in (verb, *verb.split("_"))}
    if question.language == "vi-plain":  # «giai phap thu 4 la gi»: the outline words as typed without diacritics
        known |= {fold(syllable) for word in (*known, "thứ") for syllable in word.split("_")}
    if question.language == "en":  # «what does the second solution say?»: its common words and outline nouns
        known |= {match_form(w) for w in re.findall(r"[a-z]+", question.text.lower())
                  if w.removesuffix("s") in EN_NOUNS or zipf(w, "en") >= _EN_COMMON}
    # a word is an outline word when it is one or all its syllables are: «nội dung chính» is, «chính sách dân số» is not
    return tuple(g for g in question.terms
                 if g[0] not in known and not all(part in known for part in g[0].split("_"))
                 and not any(part in asking or part in markers for part in g[0].split("_")))


def _missing(ref: Reference, found: Section | None, outline: Outline) -> Located | None:
    """When a question names a part the outline lacks («ý c) của mục 3.3», «mục 3.7»): the nearest part it has."""
    if found is not None and (not ref.letter or _child(found, ref.letter, outline) is not None):
        return None
    if found is not None:
        return Located((found,), "list", missing=f"ý {ref.letter})")
    for size in range(len(ref.numbers) - 1, 0, -1):
        nearest = _by_numbers(ref.numbers[:size], outline)
        if nearest is not None:
            return Located((nearest,), "list", missing=f"mục {'.'.join(ref.numbers)}")
    return None


def _has_topic(question: Question, section: Section, outline: Outline) -> bool:
    """Whether the question asks about something inside the section, not the section as a whole."""
    return bool(topic_terms(question, (section,), outline) or question.years or question.values)


def _whole(question: Question, outline: Outline) -> Located | None:
    """The document's parts, when a question asks its outline as a whole, or a summary, and no topic in it («Kế hoạch
    gồm mấy phần lớn?», «Bố cục của văn bản?», «Tóm tắt kế hoạch»), of a library of one document."""
    ref = question.reference
    parts = [s for s in outline.children(None) if s.kind == "roman"]
    asks_whole = ref.whole or (ref.noun == "phần" and (ref.count or ref.listing)) or question.asks.form == "summary"
    if not asks_whole or question.back or len({s.document for s in parts}) != 1:  # «tóm tắt lại»: what was answered
        return None
    if question.language == "en":
        named = [g for g in topic_terms(question, (), outline) if not set(g[0].split("_")) & set(EN_WHOLE)]
    else:
        known = {fold(syllable) for word in (*META, *WHOLE, "nào", "gì", "mấy", "gồm") for syllable in word.split()}
        # a noun that names something: not a classifier («bản kế hoạch»), a stopword («cái gì») or an outline word
        named = [w for w, tag in question.tagged if tag in ("N", "Np") and not is_stopword(w.replace("_", " "))
                 and not {fold(p) for p in w.split("_")} <= known]
    return Located(tuple(parts), "parts") if len(parts) > 1 and not named else None


def locate(question: Question, outline: Outline, previous: Section | None = None) -> Located | None:
    """The sections `question` points at and what it asks of them, or None when it names no section."""
    ref = question.reference
    section = None
    if ref.numbers:
        found = _numbered_in(_container(ref.noun, outline), ref, outline) or _by_numbers(ref.numbers, outline)
        section = _child(found, ref.letter, outline) if found is not None and ref.letter else found
        missing = _missing(ref, found, outline)
        if missing is not None:
            return missing
    elif ref.letter or ref.relative:
        section = _relative(ref, previous, outline)
    elif question.target_number and not question.asks_figure:  # «chỉ tiêu số (13) gồm những gì?»: the item's own text
        items = [s for s in outline.sections if s.kind == "item" and s.marker == f"({question.target_number})"]
        if len(items) == 1:
            return Located((items[0],), "content")
    container = _container(ref.noun, outline)
    if ref.noun == "nhóm" and container is None:  # «mấy nhóm chỉ tiêu»: the groups of the section the next noun names
        container = _container(ref.grouped, outline)
    if section is not None and ref.count and outline.children(section):  # «phần II có bao nhiêu giải pháp?»
        return Located((section,), "count")
    if section is not None and ref.ordinal and not ref.letter:  # «ý cuối cùng của mục 3.2», «mục thứ hai của phần I»
        section = _nth(ref.ordinal, members_of(section, ref.noun, outline)) or section
    if section is None and container is None and ref.ordinal and ref.noun == "phần":  # «phần thứ hai»: a roman part
        section = _nth(ref.ordinal, [s for s in outline.children(None) if s.kind == "roman"])
    if section is None and container is not None and (ref.count or ref.ordinal):
        container = _named_within(question, container, outline)
        members = members_of(container, ref.noun, outline)
        if ref.count:
            return Located((container,), "count")
        index = ref.ordinal - 1 if ref.ordinal > 0 else len(members) - 1
        section = members[index] if 0 <= index < len(members) else None
    if section is None and container is not None and ref.listing:
        named = _named_within(question, container, outline)  # «các nhóm chỉ tiêu», «các chỉ tiêu về xã hội»
        if not _has_topic(question, named, outline):
            return Located((named,), "list")
    if section is None:
        section = _named_by_title(question, outline, anywhere=ref.count)
        if section is None:
            return _whole(question, outline)
        if ref.count and outline.children(section):  # «chia nhiệm vụ trọng tâm thành mấy nhóm?»
            return Located((section,), "count")
        return Located((section,), "scope" if _has_topic(question, section, outline) else "content")
    if _has_topic(question, section, outline):
        return Located((section,), "scope")
    if ref.listing and outline.children(section):
        return Located((section,), "list")
    return Located((section,), "content")
