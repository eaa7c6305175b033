"""A conversation as a report's material: Markdown and a Word document, each answer with its quoted sources."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from assistant.understanding.conversation import Turn

EXPORT_TITLE = "Hỏi đáp về kế hoạch"


def _heading(when: datetime) -> str:
    return f"{EXPORT_TITLE} — xuất lúc {when:%H:%M ngày %d/%m/%Y}"


def to_markdown(turns: list[Turn], when: datetime) -> str:
    """The conversation as Markdown: each question, its answer, then its sources as a numbered list."""
    lines = [f"# {_heading(when)}", ""]
    for number, turn in enumerate(turns, start=1):
        lines += [f"## Câu hỏi {number}: {turn.asked}", "", turn.answer, ""]
        if turn.sources:
            lines += ["**Nguồn:**", ""]
            lines += [f"{s.number}. {s.label} — «{s.quote}»" for s in turn.sources]
            lines.append("")
    return "\n".join(lines)


def write_docx(turns: list[Turn], when: datetime, path: Path) -> Path:
    """The conversation as a Word document at `path`: headings per question, the sources as a numbered list."""
    from docx import Document  # imported here: only an export needs python-docx

    document = Document()
    document.add_heading(_heading(when), level=1)
    for number, turn in enumerate(turns, start=1):
        document.add_heading(f"Câu hỏi {number}: {turn.asked}", level=2)
        for line in turn.answer.split("\n"):
            document.add_paragraph(line)
        if turn.sources:
            document.add_paragraph().add_run("Nguồn:").bold = True
            for source in turn.sources:
                item = document.add_paragraph(style="List Number")
                item.add_run(f"[{source.number}] {source.label}: ").bold = True
                item.add_run(f"«{source.quote}»")
    document.save(str(path))
    return path


def export_files(turns: list[Turn], folder: Path, when: datetime | None = None) -> tuple[Path, Path]:
    """The conversation written as `hoi-dap-<time>.md` and `.docx` in `folder`; their paths."""
    when = when or datetime.now()
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"hoi-dap-{when:%Y%m%d-%H%M%S}"
    markdown = stem.with_suffix(".md")
    markdown.write_text(to_markdown(turns, when), encoding="utf-8")
    return markdown, write_docx(turns, when, stem.with_suffix(".docx"))
