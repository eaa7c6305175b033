"""Answers about the plan's outline: what a section says, what it holds, how many, which group a target is in.

`locate` finds the section(s) a question points at — by number («mục 3.3», «II.1»), letter («ý g) của
3.1»), ordinal («giải pháp thứ tư»), title («theo mục tiêu tổng quát»), or, in a follow-up, relative to
the section before («ý g) ngay sau đó»). `answer_located` answers from them, each part cited.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from assistant.chunking import Chunk
from assistant.outline import Outline, Section
from assistant.question import Question, content_terms
from assistant.references import META, Reference
from assistant.reply import Answer, Citation, cite
from assistant.retrieval import Hit
from assistant.text.lexicon import Terms
from assistant.text.normalize import match_form
from assistant.text.sentences import sentences

ITEM_SENTENCES = 2  # of an item's or a section's own text quoted when asked what it says
_TITLE_CUE = re.compile(r"\b(?:theo|phần|mục|trong|thuộc|của|ở|tại|các|những)\s+$")  # «theo mục tiêu tổng quát»
_MARKER = re.compile(r"[a-zđ]|[ivx]+|\d{1,2}(?:\.\d{1,2})?")  # what a reference names a section by: «g», «II», «3.2»
_TITLE_MAX_WORDS = 6  # only short titles are named in questions («Mục tiêu tổng quát», «Nhiệm vụ trọng tâm»)


@dataclass(frozen=True)
class Located:
    """The sections a question points at, and what it asks of them."""

    sections: tuple[Section, ...]
    how: str  # "content": what it says; "list": what it holds; "count": how many; "scope": search only inside it
    missing: str = ""  # a part the question names that the section does not have («ý c)» of a section with a), b))


def _container(noun: str, outline: Outline, document: str | None) -> Section | None:
    """The top section a noun names by its title: «giải pháp» → «Một số giải pháp chủ yếu …»."""
    if not noun:
        return None
    named = [s for s in outline.sections if s.heading and s.depth <= 1 and document in (None, s.document)
             and re.search(rf"\b{noun}\b", match_form(s.title))]
    return min(named, key=lambda s: len(s.title), default=None)


def _members(container: Section, noun: str, outline: Outline) -> list[Section]:
    """What a container's noun counts: its numbered items for «chỉ tiêu» (1)…(18), else its parts."""
    items = [s for s in outline.descendants(container) if s.kind == "item"]
    return items if noun == "chỉ tiêu" and items else outline.children(container)


def _by_numbers(numbers: tuple[str, ...], outline: Outline, document: str | None) -> Section | None:
    """«II.1», «3.1», «II», «mục 3»: the section with those markers."""
    pool = [s for s in outline.sections if document in (None, s.document)]
    if numbers[0].isalpha():  # a roman part, then a numbered section in it
        part = next((s for s in pool if s.kind == "roman" and s.marker.rstrip(".") == numbers[0]), None)
        if part is None or len(numbers) == 1:
            return part
        return next((s for s in outline.children(part) if s.marker.rstrip(".") == numbers[1]), None)
    wanted = ".".join(numbers)
    return next((s for s in pool if s.kind in ("sub", "num") and s.marker.rstrip(".") == wanted), None)


def _child(parent: Section | None, letter: str, outline: Outline) -> Section | None:
    if parent is None:
        return None
    return next((s for s in outline.children(parent) if s.marker == f"{letter})"), None)


def _named_by_title(question: Question, outline: Outline, document: str | None) -> Section | None:
    """A section the question names by its short title after «theo», «phần», «trong» …: «theo mục tiêu tổng quát»."""
    text = match_form(question.search_text)
    best = None
    for section in outline.sections:
        if not section.heading or document not in (None, section.document):
            continue
        title = _bare(section.title)
        if title not in text or len(title.split()) > _TITLE_MAX_WORDS or len(title.split()) < 2:
            continue
        found = re.search(rf"\b{re.escape(title)}\b", text)
        if found and document in (None, section.document) and (_TITLE_CUE.search(text[:found.start()]) or found.start() == 0):
            best = section if best is None or len(section.title) > len(best.title) else best
    return best


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
    known = {g[0] for word in META for g in content_terms(word)}
    for section in sections:
        for named in (section, *outline.ancestors(section)):
            known |= {g[0] for g in content_terms(named.title)}
    return tuple(g for g in question.terms if not any(part in known or _MARKER.fullmatch(part) for part in g[0].split("_")))


def _missing(ref: Reference, found: Section | None, outline: Outline, document: str | None) -> Located | None:
    """When a question names a part the outline lacks («ý c) của mục 3.3», «mục 3.7»): the nearest part it has."""
    if found is not None and (not ref.letter or _child(found, ref.letter, outline) is not None):
        return None
    if found is not None:
        return Located((found,), "list", missing=f"ý {ref.letter})")
    for size in range(len(ref.numbers) - 1, 0, -1):
        nearest = _by_numbers(ref.numbers[:size], outline, document)
        if nearest is not None:
            return Located((nearest,), "list", missing=f"mục {'.'.join(ref.numbers)}")
    return None


def _has_topic(question: Question, section: Section, outline: Outline) -> bool:
    """Whether the question asks about something inside the section, not the section as a whole."""
    return bool(topic_terms(question, (section,), outline) or question.years or question.values)


def locate(question: Question, outline: Outline, previous: Section | None = None,
           document: str | None = None) -> Located | None:
    """The sections `question` points at and what it asks of them, or None when it names no section."""
    ref = question.reference
    section = None
    if ref.numbers:
        found = _by_numbers(ref.numbers, outline, document)
        section = _child(found, ref.letter, outline) if found is not None and ref.letter else found
        missing = _missing(ref, found, outline, document)
        if missing is not None:
            return missing
    elif ref.letter or ref.relative:
        section = _relative(ref, previous, outline)
    container = _container(ref.noun, outline, document)
    if ref.noun == "nhóm" and container is None:  # «mấy nhóm chỉ tiêu»: the groups of the section the next noun names
        container = _container(ref.grouped, outline, document)
    if section is not None and ref.count and outline.children(section):  # «phần II có bao nhiêu giải pháp?»
        return Located((section,), "count")
    if section is None and container is not None and (ref.count or ref.ordinal):
        container = _named_within(question, container, outline)
        members = _members(container, ref.noun, outline)
        if ref.count:
            return Located((container,), "count")
        index = ref.ordinal - 1 if ref.ordinal > 0 else len(members) - 1
        section = members[index] if 0 <= index < len(members) else None
    if section is None and container is not None and ref.listing:
        named = _named_within(question, container, outline)  # «các nhóm chỉ tiêu», «các chỉ tiêu về xã hội»
        if not _has_topic(question, named, outline):
            return Located((named,), "list")
    if section is None:
        section = _named_by_title(question, outline, document)
        if section is None:
            return None
        return Located((section,), "scope" if _has_topic(question, section, outline) else "content")
    if _has_topic(question, section, outline):
        return Located((section,), "scope")
    if ref.listing and outline.children(section):
        return Located((section,), "list")
    return Located((section,), "content")


def name(section: Section, outline: Outline) -> str:
    """How a reader names a section: «phần II», «mục 3.1», «mục II.4», «ý g) của mục 3.1», «chỉ tiêu (10)»."""
    marker = section.marker.rstrip(".")
    parent = outline.parent(section)
    if section.kind == "roman":
        return f"phần {marker}"
    if section.kind == "item":
        return f"chỉ tiêu {marker}"
    if section.kind == "letter" and parent is not None:
        return f"ý {marker} của {name(parent, outline)}"
    if section.kind == "num" and parent is not None and parent.kind == "roman" and parent.marker != "I.":
        return f"mục {parent.marker.rstrip('.')}.{marker}"
    return f"mục {marker}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listing(section: Section, members: list[Section], counted: list[str] = ()) -> Chunk:
    """A section with its members' headings or first sentences, as one citable passage of the outline.

    `counted` are lines that state how many members it (and each of its parts) has: the outline's own
    numbering shows them, and the passage says them so that an answer's count stands in its source.
    """
    lines = [section.text, *counted] + [m.text if m.heading else f"{m.marker} {m.title}" for m in members]
    return Chunk(f"{section.id}:list", section.document, "\n".join(lines), section.path, (), section.page,
                 section.start, section.end)


def _own_words(section: Section, outline: Outline) -> list[Chunk]:
    """What a section itself says: an item's paragraph, or a heading and the first passage under it."""
    body = outline.body(section)
    if not section.heading:
        return [c for c in body if c.start < section.end and c.end > section.start] or [section.as_chunk()]
    return [section.as_chunk(), *body[:1]]


def _opening(chunk: Chunk, limit: int = ITEM_SENTENCES) -> str:
    return " ".join(s.strip() for s in sentences(chunk.text)[:limit])


def content_answer(section: Section, outline: Outline, hits: list[Hit]) -> Answer:
    """What a section says: its heading quoted, then the opening of its text (or its parts, when it has them)."""
    citations: list[Citation] = []
    chunks = _own_words(section, outline)
    where = _capital(name(section, outline))
    if section.heading:
        number = cite(citations, chunks[0], section.text)
        lines = [f"{where} là «{section.title}» [{number}]."]
        members = outline.children(section)
        if members:
            listing = _listing(section, members)
            number = cite(citations, listing, listing.text)
            lines += ["Gồm:", *(f"- {m.marker} {m.title} [{number}]" for m in members)]
            return _answer(lines, citations, hits, section, members)
        if len(chunks) > 1:
            opening = _opening(chunks[1])
            lines.append(f"Nội dung mở đầu: «{opening}» [{cite(citations, chunks[1], opening)}]")
    else:
        quoted = " ".join(_opening(c, limit=10) for c in chunks)
        lines = [f"{where}: «{quoted}» [{cite(citations, chunks[0], quoted)}]"]
    return _answer(lines, citations, hits, section)


def list_answer(section: Section, outline: Outline, hits: list[Hit], noun: str = "") -> Answer:
    """What a section holds: each part with its heading (or first sentence), citing the section's list."""
    members = _members(section, noun, outline) if noun else outline.children(section)
    listing = _listing(section, members)
    citations: list[Citation] = []
    number = cite(citations, listing, listing.text)
    lines = [f"{_capital(name(section, outline))} («{section.title}») gồm:"]
    lines += [f"- {m.marker} {m.title} [{number}]" for m in members]
    return _answer(lines, citations, hits, section, members)


def count_answer(container: Section, noun: str, outline: Outline, hits: list[Hit]) -> Answer:
    """How many of a noun a section holds («18 chỉ tiêu»), and how many in each of its parts, cited by their list."""
    members = _members(container, noun, outline)
    counts = [f"{len(members)} {noun}"]
    for group in (g for g in outline.children(container) if g not in members):
        inside = [m for m in members if group in outline.ancestors(m)]
        if inside:
            counts.append(f"{group.title}: {len(inside)} {noun}, từ {inside[0].marker} đến {inside[-1].marker}")
    listing = _listing(container, members, [f"({line})" for line in counts])
    citations: list[Citation] = []
    number = cite(citations, listing, listing.text)
    lines = [f"Kế hoạch có {counts[0]} ({name(container, outline)} «{container.title}») [{number}]."]
    lines += [f"- {line} [{number}]" for line in counts[1:]] or [f"- {m.marker} {m.title} [{number}]" for m in members]
    return _answer(lines, citations, hits, container, members)


def group_answer(chunk: Chunk, what: str, outline: Outline, hits: list[Hit]) -> Answer | None:
    """Which group or task a target or passage belongs to: the heading it sits under, cited."""
    section = outline.of_chunk(chunk)
    if section is None:
        return None
    owner = section if section.heading else outline.parent(section)
    if owner is None:
        return None
    citations: list[Citation] = []
    number = cite(citations, chunk, what)
    item = f" ({name(section, outline)})" if section.kind == "item" else ""
    where = f"{name(owner, outline)} «{owner.title}»"
    above = outline.parent(owner)
    if above is not None and above.kind != "roman":
        where += f" của {name(above, outline)} «{above.title}»"
    return _answer([f"«{what}»{item} thuộc nhóm {where} [{number}]."], citations, hits, owner)


def _answer(lines: list[str], citations: list[Citation], hits: list[Hit], about: Section,
            listed: list[Section] = ()) -> Answer:
    """The outline answer: its lines, its sources first among the passages shown, what it was about."""
    cited = [Hit(c.chunk, 1.0, None, None) for c in citations]
    rest = [h for h in hits if all(h.chunk.id != c.chunk.id for c in citations)]
    return Answer("\n".join(lines), False, tuple(citations), tuple(cited + rest), via="outline",
                  sections=(about.id,), items=tuple(m.id for m in listed))


def answer_located(located: Located, question: Question, outline: Outline, hits: list[Hit]) -> Answer:
    """The outline answer to a question `locate` placed: what a section says, holds, or how many it counts."""
    section = located.sections[0]
    if located.how == "count":
        return count_answer(section, question.reference.noun, outline, hits)
    if located.how == "list":
        return list_answer(section, outline, hits)
    return content_answer(section, outline, hits)
