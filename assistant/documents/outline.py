"""The plan's outline as data: every heading and numbered item, with its title, parent and place.

Built at index time from the same walk the chunker makes, so a section's `path` is exactly the
`section` of the chunks inside it. Questions about the plan's structure («mục 3.3 gồm những gì?»,
«giải pháp thứ tư», «có bao nhiêu chỉ tiêu chủ yếu?») are answered from these records.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.documents.chunking import Chunk, walk
from assistant.documents.ingest import Document
from assistant.text.outline import strip_marker
from assistant.text.sentences import sentences


@dataclass(frozen=True)
class Section:
    """One node of a document's outline."""

    id: str
    document: str
    path: str  # as chunks show it: "I > 3. Nhiệm vụ trọng tâm > 3.2. Tập trung … > đ) Thực hiện …"
    kind: str  # roman, num, sub, item or letter
    number: int  # its number within its kind: II → 2, 3.2 → 2, (10) → 10, đ) → 5
    marker: str  # as written: "II.", "3.", "3.2.", "(10)", "đ)"
    title: str  # the heading without its marker, or an item's first sentence
    text: str  # the heading as written, or the item's whole paragraph
    heading: bool  # a heading opens a section of body text; an item ("(10)", II's "1.") is body text itself
    parent: str | None  # the id of the section it belongs to
    depth: int  # 0 for I and II
    page: int | None
    start: int  # offset of its first paragraph in the document text
    end: int

    def as_chunk(self) -> Chunk:
        """The section as a citable passage: its own words, where it sits."""
        headings = tuple(part for part in self.path.split(" > ")[:-1])
        return Chunk(self.id, self.document, self.text, self.path, headings, self.page, self.start, self.end)


def outline_document(document: Document) -> list[Section]:
    """Every section of `document`, in reading order."""
    offsets, position = [], 0
    for paragraph in document.paragraphs:
        offsets.append(position)
        position += len(paragraph.text) + 1
    sections: list[Section] = []
    open_ids: list[tuple[int, str]] = []  # (level, id) of the sections the walk is inside
    for step in walk(document):
        node = step.opened
        if node is None:
            continue
        paragraph = document.paragraphs[step.index]
        while open_ids and open_ids[-1][0] >= node.level:
            open_ids.pop()
        body = strip_marker(paragraph.text).strip()
        title = body if node.heading else (sentences(body) or [body])[0].strip()
        section = Section(
            id=f"{document.name}§{len(sections) + 1}", document=document.name, path=step.path, kind=node.kind,
            number=node.number, marker=node.marker.text, title=title, text=paragraph.text, heading=bool(node.heading),
            parent=open_ids[-1][1] if open_ids else None, depth=len(open_ids), page=paragraph.page,
            start=offsets[step.index], end=offsets[step.index] + len(paragraph.text),
        )
        sections.append(section)
        open_ids.append((node.level, section.id))
    return sections


class Outline:
    """The sections of the indexed documents, navigable: parents, children, the chunks inside each."""

    def __init__(self, sections: list[Section], chunks: list[Chunk]) -> None:
        self.sections = sections
        self.by_id = {s.id: s for s in sections}
        self._children: dict[str | None, list[Section]] = {}
        for section in sections:
            self._children.setdefault(section.parent, []).append(section)
        self._by_path = {(s.document, s.path): s for s in sections}
        self._chunks: dict[tuple[str, str], list[Chunk]] = {}
        for chunk in chunks:
            self._chunks.setdefault((chunk.document, chunk.section), []).append(chunk)

    def children(self, section: Section | None, document: str | None = None) -> list[Section]:
        """The sections directly inside `section` (the top sections of `document` for None), in order."""
        found = self._children.get(section.id if section else None, [])
        return [s for s in found if document in (None, s.document)]

    def parent(self, section: Section) -> Section | None:
        """The section `section` sits in."""
        return self.by_id.get(section.parent) if section.parent else None

    def descendants(self, section: Section) -> list[Section]:
        """Every section inside `section`, in reading order."""
        found = []
        for child in self.children(section):
            found += [child, *self.descendants(child)]
        return found

    def ancestors(self, section: Section) -> list[Section]:
        """The sections `section` sits in, outermost first."""
        chain, current = [], self.parent(section)
        while current is not None:
            chain.insert(0, current)
            current = self.parent(current)
        return chain

    def of_chunk(self, chunk: Chunk) -> Section | None:
        """The section a chunk sits in (None for text before the first heading)."""
        return self._by_path.get((chunk.document, chunk.section))

    def body(self, section: Section) -> list[Chunk]:
        """The chunks of `section`'s own text (not those of the sections inside it)."""
        return self._chunks.get((section.document, section.path), [])

    def chunks_within(self, section: Section) -> list[Chunk]:
        """The chunks of `section` and of every section inside it, in reading order."""
        found = list(self.body(section))
        for child in self.children(section):
            found += self.chunks_within(child)
        return found
