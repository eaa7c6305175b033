"""Answers about the plan's outline: what a section says, what it holds, how many, where a target or a topic stands.

`locating.locate` finds the section(s) a question points at; `answer_located` answers from them, each part cited.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.answering.locating import Located, members_of
from assistant.answering.reply import Answer, Citation, cite
from assistant.answering.retrieval import Hit
from assistant.documents.chunking import Chunk
from assistant.documents.outline import Outline, Section
from assistant.text.sentences import sentences
from assistant.understanding.question import Question

ITEM_SENTENCES = 2  # of an item's or a section's own text quoted when asked what it says


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


def _heading(section: Section) -> str:
    """A part as the plan writes its heading («e) Phát triển kinh tế vùng»), or its marker and first words."""
    return section.text if section.heading else f"{section.marker} {section.title}"


def _listing(section: Section, members: list[Section], counted: list[str] = ()) -> Chunk:
    """A section with its members' headings or first sentences, as one citable passage of the outline.

    `counted` are lines that state how many members it (and each of its parts) has: the outline's own
    numbering shows them, and the passage says them so that an answer's count stands in its source.
    """
    lines = [section.text, *counted] + [_heading(m) for m in members]
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
    members = members_of(section, noun, outline) if noun else outline.children(section)
    listing = _listing(section, members)
    citations: list[Citation] = []
    number = cite(citations, listing, listing.text)
    lines = [f"{_capital(name(section, outline))} («{section.title}») gồm:"]
    lines += [f"- {m.marker} {m.title} [{number}]" for m in members]
    return _answer(lines, citations, hits, section, members)


def count_answer(container: Section, noun: str, outline: Outline, hits: list[Hit]) -> Answer:
    """How many of a noun a section holds («18 chỉ tiêu»), and how many in each of its parts, cited by their list."""
    members = members_of(container, noun, outline)
    counts, sizes = [f"{len(members)} {noun}"], [len(members)]
    for group in (g for g in outline.children(container) if g not in members):
        inside = [m for m in members if group in outline.ancestors(m)]
        if inside:
            sizes.append(len(inside))
            counts.append(f"{group.title}: {len(inside)} {noun}, từ {inside[0].marker} đến {inside[-1].marker}")
    listing = _listing(container, members, [f"({line})" for line in counts])
    citations: list[Citation] = []
    number = cite(citations, listing, listing.text)
    lines = [f"Kế hoạch có {counts[0]} ({name(container, outline)} «{container.title}») [{number}]."]
    lines += [f"- {line} [{number}]" for line in counts[1:]] or [f"- {m.marker} {m.title} [{number}]" for m in members]
    return replace(_answer(lines, citations, hits, container, members), must_keep=tuple(dict.fromkeys(map(str, sizes))))


_NOUNS = {"letter": "ý", "roman": "phần", "item": "chỉ tiêu"}  # what a reader calls a part of each kind (else «mục»)


def _place(section: Section, outline: Outline) -> str:
    """A section and the one above it, each by its heading as the plan writes it: «ý «e) …» thuộc mục «3.1. …»»."""
    chain = [section, *outline.ancestors(section)[-1:]]
    return " thuộc ".join(f"{_NOUNS.get(s.kind, 'mục')} «{_heading(s)}»" for s in chain)


def group_answer(chunk: Chunk, what: str, outline: Outline, hits: list[Hit]) -> Answer | None:
    """Which group a target belongs to: the heading it sits under and the one above, cited."""
    section = outline.of_chunk(chunk)
    if section is None:
        return None
    owner = section if section.heading else outline.parent(section)
    if owner is None:
        return None
    citations: list[Citation] = []
    number = cite(citations, chunk, what)
    item = f" ({name(section, outline)})" if section.kind == "item" else ""
    return _answer([f"«{what}»{item} thuộc nhóm {_place(owner, outline)} [{number}]."], citations, hits, owner)


def where_answer(passages: list[tuple[Chunk, str]], outline: Outline, hits: list[Hit]) -> Answer | None:
    """Where in the outline something stands: for each passage that says it (with the clause that does), its
    section and the one above it, then the clause quoted."""
    citations: list[Citation] = []
    lines, places = [], []
    for chunk, clause in passages:
        section = outline.of_chunk(chunk)
        if section is None or section in places:
            continue
        places.append(section)
        lines.append(f"{_place(section, outline)}: «{clause}» [{cite(citations, chunk, clause)}]")
    if not places:
        return None
    if len(places) == 1:
        return _answer([f"Kế hoạch nêu nội dung này ở {lines[0]}"], citations, hits, places[0])
    return _answer(["Kế hoạch nêu nội dung này ở:", *(f"- {_capital(line)}" for line in lines)], citations, hits, places[0])


def section_where(section: Section, outline: Outline, hits: list[Hit]) -> Answer:
    """Where a part whose heading names the topic stands: it and the part above it, cited by its heading."""
    citations: list[Citation] = []
    number = cite(citations, _own_words(section, outline)[0], section.text)
    return _answer([f"Kế hoạch nêu nội dung này ở {_place(section, outline)} [{number}]."], citations, hits, section)


def _answer(lines: list[str], citations: list[Citation], hits: list[Hit], about: Section,
            listed: list[Section] = ()) -> Answer:
    """The outline answer: its lines, its sources first among the passages shown, what it was about."""
    cited = [Hit(c.chunk, 1.0, None, None) for c in citations]
    rest = [h for h in hits if all(h.chunk.id != c.chunk.id for c in citations)]
    return Answer("\n".join(lines), False, tuple(citations), tuple(cited + rest), via="outline",
                  sections=(about.id,), items=tuple(m.id for m in listed))


def parts_answer(parts: tuple[Section, ...], outline: Outline, hits: list[Hit]) -> Answer:
    """The document's outline as a whole: how many parts, each with its heading and the headings of its parts."""
    lines = [f"({len(parts)} phần)"]
    for part in parts:
        lines += [part.text, *map(_heading, outline.children(part))]
    first = parts[0]
    listing = Chunk(f"{first.document}:parts", first.document, "\n".join(lines), "", (), first.page, first.start,
                    parts[-1].end)
    citations: list[Citation] = []
    number = cite(citations, listing, listing.text)
    shown = [f"Kế hoạch gồm {len(parts)} phần [{number}]:"]
    for part in parts:
        shown.append(f"- {part.text} [{number}]")  # as the plan writes it: «I. MỤC TIÊU …»
        shown += [f"  - {m.marker} {m.title}" for m in outline.children(part) if m.heading]
    return replace(_answer(shown, citations, hits, first, list(parts)), must_keep=(str(len(parts)),))


def answer_located(located: Located, question: Question, outline: Outline, hits: list[Hit]) -> Answer:
    """The outline answer to a question `locate` placed: what a section says, holds, or how many it counts."""
    if located.how == "parts":
        return parts_answer(located.sections, outline, hits)
    section = located.sections[0]
    if located.how == "count":
        return count_answer(section, question.reference.noun, outline, hits)
    if located.how == "list":
        return list_answer(section, outline, hits)
    return content_answer(section, outline, hits)
