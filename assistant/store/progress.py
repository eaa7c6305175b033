"""How far a build of the index is, told to whoever started it (the CLI's bar, the web's progress)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """How far a build is: documents read and cut, passages embedded, and since when."""

    stage: str  # "waiting" (for another writer), "documents", "vectors" or "done"
    documents: int
    documents_total: int
    chunks: int
    chunks_total: int
    started: float  # time.monotonic() at the start

    def line(self) -> str:
        """The progress as one Vietnamese line: counts and rates."""
        if self.stage == "waiting":
            return "Đang chờ một lần thêm tài liệu khác (hay dựng chỉ mục) xong…"
        spent = max(time.monotonic() - self.started, 1e-6)
        return (f"{self.documents}/{self.documents_total} tài liệu · {self.chunks}/{self.chunks_total} đoạn · "
                f"{self.documents / spent:.1f} tài liệu/s · {self.chunks / spent:.0f} đoạn/s")


Report = Callable[[Progress], None]


def told_waiting(report: Report | None, documents: int = 0) -> Callable[[], None] | None:
    """What tells `report` that a build waits for another writer (for `writing.writing`)."""
    if report is None:
        return None
    started = time.monotonic()
    return lambda: report(Progress("waiting", 0, documents, 0, 0, started))
