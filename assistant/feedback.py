"""Users' feedback on answers, appended as JSON lines to a local log."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from assistant.errors import AssistantError

log = logging.getLogger(__name__)

VERDICTS = ("đúng", "sai", "trích dẫn sai")


def record_feedback(path: Path, question: str, answer: str, citations: list[str], verdict: str, note: str = "") -> dict:
    """Append one feedback entry to the log at `path`; return what was written."""
    if verdict not in VERDICTS:
        raise AssistantError(f"Đánh giá «{verdict}» không hợp lệ. Chọn một trong: {', '.join(VERDICTS)}.")
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "verdict": verdict, "note": note.strip()[:2000],
             "question": question, "answer": answer, "citations": citations}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # a lone surrogate (a broken emoji from the browser) is kept as its JSON escape, not a failed write
        with open(path, "a", encoding="utf-8", errors="backslashreplace") as out:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError as error:
        log.error("cannot write feedback to %s: %s", path, error)
        raise AssistantError("Không ghi được góp ý (tệp nhật ký không ghi được). Câu trả lời vẫn dùng được; hãy báo quản trị viên.") from None
    return entry
