"""Read the plan's files (.txt and .pdf) into cleaned paragraphs that remember their page."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError
from assistant.normalize import clean_text, join_wrapped

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".pdf")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document, in the plan's own wording, and the page it starts on."""

    text: str
    page: int | None


@dataclass(frozen=True)
class Document:
    """A cleaned document: its file name and its paragraphs in reading order."""

    name: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def text(self) -> str:
        """The whole cleaned text, one paragraph per line (chunk offsets point into it)."""
        return "\n".join(p.text for p in self.paragraphs)


def _paragraphs(lines: list[tuple[str, int | None]]) -> tuple[Paragraph, ...]:
    texts = [text for text, _ in lines]
    return tuple(Paragraph(text, lines[first][1]) for text, first in join_wrapped(texts))


def _read_txt(path: Path) -> list[tuple[str, int | None]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AssistantError(
            f"Tệp «{path.name}» không phải văn bản UTF-8. Hãy lưu lại tệp với mã hóa UTF-8 (Unicode) rồi thử lại."
        ) from None
    return [(line, None) for line in clean_text(text).split("\n")]


def _read_pdf(path: Path) -> list[tuple[str, int | None]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise AssistantError(f"Tệp PDF «{path.name}» được đặt mật khẩu. Hãy gỡ mật khẩu rồi thử lại.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except AssistantError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as error:
        log.warning("cannot read %s: %s", path, error)
        raise AssistantError(
            f"Không đọc được tệp PDF «{path.name}»: tệp hỏng hoặc không phải PDF. Hãy kiểm tra lại tệp."
        ) from None
    lines: list[tuple[str, int | None]] = []
    for number, text in enumerate(pages, start=1):
        lines.extend((line, number) for line in clean_text(text).split("\n"))
    if not any(text.strip() for text, _ in lines):
        raise AssistantError(
            f"Tệp PDF «{path.name}» không có lớp văn bản (có thể là bản scan). Hãy dùng bản PDF có chữ hoặc tệp .txt."
        )
    return lines


def load_document(path: Path) -> Document:
    """Read one .txt or .pdf file into a cleaned `Document`."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise AssistantError(f"Không hỗ trợ tệp «{path.name}». Chỉ nhận tệp .txt hoặc .pdf.")
    lines = _read_pdf(path) if suffix == ".pdf" else _read_txt(path)
    paragraphs = _paragraphs(lines)
    if not paragraphs:
        raise AssistantError(f"Tệp «{path.name}» không có nội dung.")
    return Document(name=path.name, paragraphs=paragraphs)


def corpus_files(folder: Path) -> list[Path]:
    """The supported files of a corpus folder, in name order."""
    if not folder.is_dir():
        raise AssistantError(f"Không tìm thấy thư mục tài liệu «{folder}». Hãy đặt các tệp kế hoạch (.txt, .pdf) vào đó.")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED)


def load_corpus(folder: Path) -> list[Document]:
    """Read every .txt and .pdf file in `folder`."""
    files = corpus_files(folder)
    if not files:
        raise AssistantError(f"Thư mục «{folder}» không có tệp .txt hoặc .pdf nào.")
    return [load_document(path) for path in files]
