"""Cut documents into chunks that follow the plan's own outline (I. → 2. → 2.2. → (10), 3.1. → a))."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.documents.ingest import Document
from assistant.text.outline import LEVELS, Marker, is_heading, marker, strip_marker
from assistant.text.sentences import sentences

_PATH_WORDS = 10  # a heading longer than this is cut short in section paths


@dataclass(frozen=True)
class Chunk:
    """A passage of the plan with where it sits: its section path, headings, page and offsets."""

    id: str
    document: str
    text: str
    section: str
    headings: tuple[str, ...]
    page: int | None
    start: int
    end: int

    def index_text(self) -> str:
        """Text to embed and to index for keywords: the headings give the passage its topic."""
        return " \n".join([*self.headings, self.text])


@dataclass
class Node:
    """A section of the outline: its marker, its label in section paths, and its heading if it has one."""

    marker: Marker
    label: str
    heading: str  # the full heading paragraph, or "" for a numbered item that is body text

    @property
    def kind(self) -> str:
        return self.marker.kind

    @property
    def number(self) -> int:
        return self.marker.number

    @property
    def level(self) -> int:
        return LEVELS[self.kind]


# Which numberings restart when a section of a kind opens: targets (1)…(18) run on across 2.1.–2.3.
_RESTARTS = {"roman": ("num", "sub", "item", "letter"), "num": ("sub", "item", "letter"), "sub": ("letter",)}


@dataclass
class _Outline:
    """The open sections while walking a document, with the last number seen of each kind."""

    stack: list[Node] = field(default_factory=list)
    last: dict[str, int] = field(default_factory=dict)

    def accepts(self, kind: str, number: int, major: int | None) -> bool:
        """A marker counts only where it continues the outline, so "30. " inside text is not one."""
        if number not in (1, self.last.get(kind, 0) + 1):
            return False
        if kind == "sub":
            parent = next((n for n in reversed(self.stack) if n.kind == "num"), None)
            return parent is not None and parent.number == major
        return True

    def open(self, node: Node) -> None:
        while self.stack and self.stack[-1].level >= node.level:
            self.stack.pop()
        self.stack.append(node)
        self.last[node.kind] = node.number
        for kind in _RESTARTS.get(node.kind, ()):
            self.last.pop(kind, None)

    @property
    def path(self) -> str:
        return " > ".join(n.label for n in self.stack)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(n.heading for n in self.stack if n.heading)


def _short(heading: str) -> str:
    words = heading.split()
    return heading if len(words) <= _PATH_WORDS else " ".join(words[:_PATH_WORDS]) + " …"


def _pack(units: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Group consecutive (start, end) spans of `text` into spans no longer than `max_chars`."""
    spans: list[tuple[int, int]] = []
    for start, end in units:
        if spans and end - spans[-1][0] <= max_chars:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


@dataclass
class _Block:
    path: str
    headings: tuple[str, ...]
    paragraphs: list[int]
    whole: bool  # a numbered target: kept in one chunk


@dataclass(frozen=True)
class Step:
    """One paragraph of a walk through a document's outline."""

    index: int  # of the paragraph
    opened: Node | None  # the section this paragraph opens, if it opens one
    path: str  # the section path the paragraph sits in (after opening its own)
    headings: tuple[str, ...]  # the headings of that path


def _label(found: Marker, paragraph: str, heading: str) -> str:
    """How a section shows in paths: "I", "2.1. Về kinh tế", "(10)", "1. Đẩy mạnh hoàn thiện cơ chế, …"."""
    if found.kind == "roman":
        return found.text.rstrip(".")
    if heading:
        return _short(heading)
    if found.kind == "item":  # targets keep their bare number, as the plan cites them
        return found.text
    return f"{found.text} {_short(sentences(strip_marker(paragraph))[0])}"


def walk(document: Document) -> Iterator[Step]:
    """Each paragraph of `document` with the section it opens (if any) and the path it sits in."""
    outline = _Outline()
    for index, paragraph in enumerate(document.paragraphs):
        found = marker(paragraph.text)
        opened = None
        if found and outline.accepts(found.kind, found.number, found.major):
            heading = paragraph.text if is_heading(paragraph.text) else ""
            opened = Node(found, _label(found, paragraph.text, heading), heading)
            outline.open(opened)
        yield Step(index, opened, outline.path, outline.headings)


def _blocks(document: Document) -> list[_Block]:
    """Group paragraphs by the section they sit in; headings open sections and make no block."""
    blocks: list[_Block] = []
    for step in walk(document):
        if step.opened is not None:
            if not step.opened.heading:
                blocks.append(_Block(step.path, step.headings, [step.index], whole=step.opened.kind == "item"))
        elif blocks and blocks[-1].path == step.path:
            blocks[-1].paragraphs.append(step.index)
        else:
            blocks.append(_Block(step.path, step.headings, [step.index], whole=False))
    return blocks


def chunk_document(document: Document, max_chars: int = 500) -> list[Chunk]:
    """Cut one document into outline-aware chunks of about `max_chars` at most; a target is never split."""
    text, offsets, position = document.text, [], 0
    for paragraph in document.paragraphs:
        offsets.append(position)
        position += len(paragraph.text) + 1
    chunks: list[Chunk] = []
    for block in _blocks(document):
        first, last = block.paragraphs[0], block.paragraphs[-1]
        if block.whole:
            spans = [(offsets[first], offsets[last] + len(document.paragraphs[last].text))]
        else:
            units = []
            for i in block.paragraphs:  # a paragraph that fits stays whole; a longer one is cut between sentences
                paragraph = document.paragraphs[i].text
                if len(paragraph) <= max_chars:
                    units.append((offsets[i], offsets[i] + len(paragraph)))
                    continue
                cursor = offsets[i]
                for sentence in sentences(paragraph):
                    start = text.index(sentence, cursor)
                    cursor = start + len(sentence)
                    units.append((start, cursor))
            spans = _pack(units, max_chars)
        for start, end in spans:
            paragraph = max(i for i in block.paragraphs if offsets[i] <= start)
            chunks.append(
                Chunk(
                    id=f"{document.name}#{len(chunks) + 1}",
                    document=document.name,
                    text=text[start:end],
                    section=block.path,
                    headings=block.headings,
                    page=document.paragraphs[paragraph].page,
                    start=start,
                    end=end,
                )
            )
    return chunks
