"""Cut documents into chunks that follow the plan's own outline (I. → 2. → 2.2. → (10), 3.1. → a))."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.ingest import Document
from assistant.text.outline import LEVELS, is_heading, marker
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
class _Node:
    kind: str
    number: int
    label: str
    heading: str  # the full heading text, or "" for a numbered item that is body text

    @property
    def level(self) -> int:
        return LEVELS[self.kind]


# Which numberings restart when a section of a kind opens: targets (1)…(18) run on across 2.1.–2.3.
_RESTARTS = {"roman": ("num", "sub", "item", "letter"), "num": ("sub", "item", "letter"), "sub": ("letter",)}


@dataclass
class _Outline:
    """The open sections while walking a document, with the last number seen of each kind."""

    stack: list[_Node] = field(default_factory=list)
    last: dict[str, int] = field(default_factory=dict)

    def accepts(self, kind: str, number: int, major: int | None) -> bool:
        """A marker counts only where it continues the outline, so "30. " inside text is not one."""
        if number not in (1, self.last.get(kind, 0) + 1):
            return False
        if kind == "sub":
            parent = next((n for n in reversed(self.stack) if n.kind == "num"), None)
            return parent is not None and parent.number == major
        return True

    def open(self, node: _Node) -> None:
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


def _blocks(document: Document) -> list[_Block]:
    """Group paragraphs by the section they sit in; headings open sections and make no block."""
    outline, blocks = _Outline(), []
    for index, paragraph in enumerate(document.paragraphs):
        found = marker(paragraph.text)
        if found and outline.accepts(found.kind, found.number, found.major):
            heading = paragraph.text if is_heading(paragraph.text) else ""
            label = found.text.rstrip(".") if found.kind == "roman" else (_short(heading) if heading else found.text)
            outline.open(_Node(found.kind, found.number, label, heading))
            if not heading:
                blocks.append(_Block(outline.path, outline.headings, [index], whole=found.kind == "item"))
        elif blocks and blocks[-1].path == outline.path:
            blocks[-1].paragraphs.append(index)
        else:
            blocks.append(_Block(outline.path, outline.headings, [index], whole=False))
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
            for i in block.paragraphs:
                cursor = offsets[i]
                for sentence in sentences(document.paragraphs[i].text):
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


def chunk_documents(documents: list[Document], max_chars: int = 500) -> list[Chunk]:
    """Chunk every document, in order."""
    return [chunk for document in documents for chunk in chunk_document(document, max_chars)]
