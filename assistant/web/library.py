"""The «Thêm tài liệu» panel's handler: the same checks and messages as `python -m assistant add`."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path

from assistant.errors import AssistantError
from assistant.service import Assistant
from assistant.store.progress import Progress

log = logging.getLogger(__name__)

UNEXPECTED_ADD = "Lỗi: không thêm được tài liệu vì một lỗi ngoài dự kiến; kho tài liệu không thay đổi. Hãy báo quản trị viên."
READER = ("Lỗi: tài khoản «{name}» chỉ được hỏi, đọc và xuất; chỉ tài khoản biên tập (editor) mới thêm được tài liệu. "
          "Kho tài liệu không thay đổi.")


def refuse_reader(name: str | None) -> str:
    """Why a reader's upload was not added (and the log's note of it)."""
    log.warning("adding documents refused: %r is not an editor", (name or "")[:64])
    return READER.format(name=html.escape(name or ""))


def add_documents(assistant: Assistant, files: list[str] | None,
                  report: Callable[[Progress], None] | None = None, kind: str = "") -> str:
    """Add uploaded files to the corpus and index them, of `kind` if set; a Vietnamese summary, or the error (nothing
    changed)."""
    if not files:
        return "Lỗi: chưa chọn tệp nào. Hãy chọn một hay nhiều tệp .pdf hoặc .txt."
    try:
        added = assistant.add_files([Path(f) for f in files], report, kind or "")
    except AssistantError as error:
        return f"Lỗi: {error}"
    except Exception:  # the UI must not show a stack trace; the log keeps it
        log.exception("adding %s failed", [Path(f).name for f in files])
        return UNEXPECTED_ADD
    return "\n".join(f"- {line}" for line in added.lines())
