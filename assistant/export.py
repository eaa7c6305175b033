"""A conversation as a report's material: Markdown and a Word document, each answer with its quoted sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

TITLE = "Hỏi đáp về kế hoạch"


@dataclass(frozen=True)
class Source:
    """One numbered source of an answer: where it sits in the plan and the words quoted from it."""

    number: int
    label: str  # the section path, with the document (and page) when the corpus has several
    quote: str


@dataclass(frozen=True)
class Exchange:
    """A question and the answer given, with its sources."""

    question: str
    answer: str
    sources: tuple[Source, ...] = ()


def _heading(when: datetime) -> str:
    return f"{TITLE} — xuất lúc {when:%H:%M ngày %d/%m/%Y}"


def to_markdown(exchanges: list[Exchange], when: datetime) -> str:
    """The conversation as Markdown: each question, its answer, then its sources as a numbered list."""
    lines = [f"# {_heading(when)}", ""]
    for number, exchange in enumerate(exchanges, start=1):
        lines += [f"## Câu hỏi {number}: {exchange.question}", "", exchange.answer, ""]
        if exchange.sources:
            lines += ["**Nguồn:**", ""]
            lines += [f"{s.number}. {s.label} — «{s.quote}»" for s in exchange.sources]
            lines.append("")
    return "\n".join(lines)


def write_docx(exchanges: list[Exchange], when: datetime, path: Path) -> Path:
    """The conversation as a Word document at `path`: headings per question, the sources as a numbered list."""
    from docx import Document  # imported here: only an export needs python-docx

    document = Document()
    document.add_heading(_heading(when), level=1)
    for number, exchange in enumerate(exchanges, start=1):
        document.add_heading(f"Câu hỏi {number}: {exchange.question}", level=2)
        for line in exchange.answer.split("\n"):
            document.add_paragraph(line)
        if exchange.sources:
            document.add_paragraph().add_run("Nguồn:").bold = True
            for source in exchange.sources:
                item = document.add_paragraph(style="List Number")
                item.add_run(f"[{source.number}] {source.label}: ").bold = True
                item.add_run(f"«{source.quote}»")
    document.save(str(path))
    return path


def export_files(exchanges: list[Exchange], folder: Path, when: datetime | None = None) -> tuple[Path, Path]:
    """The conversation written as `hoi-dap-<time>.md` and `.docx` in `folder`; their paths."""
    when = when or datetime.now()
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"hoi-dap-{when:%Y%m%d-%H%M%S}"
    markdown = stem.with_suffix(".md")
    markdown.write_text(to_markdown(exchanges, when), encoding="utf-8")
    return markdown, write_docx(exchanges, when, stem.with_suffix(".docx"))
