"""What the assistant says: an answer's text with [n] markers, and the numbered sources it cites."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.retrieval import Hit
from assistant.documents.chunking import Chunk


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer: the chunk, where it sits, and the words quoted from it."""

    number: int
    chunk: Chunk
    quote: str

    @property
    def label(self) -> str:
        """Where the passage sits: section path, page when known, document."""
        page = f", trang {self.chunk.page}" if self.chunk.page else ""
        return f"{self.chunk.section}{page} — {self.chunk.document}"

    @property
    def source(self) -> str:
        """The passage with its label: what a number of the answer may stand in."""
        return f"{self.chunk.text} {self.label}"


@dataclass(frozen=True)
class Answer:
    """What the assistant says: the text with [n] markers, whether it declined, its sources, its evidence."""

    text: str
    refused: bool
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    via: str = "passages"  # where the answer came from: "table", "passages", "outline", "refusal" or "llm"
    # What the answer was about, for follow-ups («chỉ tiêu đó», «ý thứ hai»): ids of target records, sections,
    # and the sections it listed in order.
    targets: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    note: str = ""  # why a chat model's answer was not shown, when the extractive answer stands in for it
    # The figures (plain numbers) the answer states as its answer — a target's value, a count and its parts: a
    # model's rewording must keep each.
    must_keep: tuple[str, ...] = ()
    may_rescue: bool = False  # a decline the evidence made close to answering: a chat model may read its passages

    @property
    def path(self) -> str:
        """Which path's text is shown: "model" (a chat model's checked sentences) or "quoted" (the plan's words)."""
        return "model" if self.via == "llm" else "quoted"

    @property
    def fallback(self) -> str | None:
        """Why the model's text was not shown though a model was asked («declined», «timeout» …); None otherwise."""
        return self.note or None

    @property
    def sources(self) -> list[str]:
        """The cited passages with their labels, for the guard."""
        return [c.source for c in self.citations]


def cite(citations: list[Citation], chunk: Chunk, quote: str) -> int:
    """The number of `chunk` among `citations`, appending it (with `quote`) when it is not cited yet."""
    number = next((c.number for c in citations if c.chunk.id == chunk.id), len(citations) + 1)
    if number > len(citations):
        citations.append(Citation(number, chunk, quote))
    return number
