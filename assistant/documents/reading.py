"""Reading a document that comes in from outside, in a child process bounded in time, memory and pages.

An upload or an `add` is read here before it enters the corpus: a PDF made to stall or swell
pypdf (thousands of pages, a decompression bomb, a loop in its structure) is stopped and refused
with a Vietnamese message, and the app keeps answering everyone else meanwhile. The child is this
module run as a script: it imports only the reader, sets its own memory limit, and sends back the
document (pickled: it is our own process) or the refusal.
"""

from __future__ import annotations

import logging
import pickle
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings
from assistant.documents.ingest import Document, check_file, load_document, megabytes
from assistant.errors import AssistantError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """How much one incoming document may take: bytes on disk, PDF pages, seconds and memory to read it."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 1000
    seconds: float = 60.0
    memory_bytes: int = 1024 * 1024 * 1024

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        """The limits the settings set."""
        return cls(settings.max_document_mb * 1024 * 1024, settings.max_pages, settings.read_seconds)


def read_untrusted(path: Path, limits: Limits = Limits()) -> Document:
    """The document in `path`, read within `limits`; raises `AssistantError` saying why it cannot be."""
    check_file(path, limits.max_bytes)
    command = [sys.executable, "-m", "assistant.documents.reading", str(path.resolve()), str(limits.max_pages),
               str(limits.max_bytes), str(limits.memory_bytes)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=limits.seconds, cwd=Path(__file__).resolve().parents[2])
    except subprocess.TimeoutExpired:
        log.warning("reading %s took over %s s: stopped", path.name, limits.seconds)
        raise AssistantError(
            f"Đọc tệp «{path.name}» mất quá {limits.seconds:g} giây nên đã dừng (tệp quá nặng hoặc cấu trúc bất "
            "thường). Hãy tách tệp thành các phần nhỏ hơn, hoặc mở bằng trình đọc PDF rồi lưu lại thành PDF mới."
        ) from None
    if done.returncode == 0:
        kind, value = pickle.loads(done.stdout)
        if kind == "document":
            return value
        raise AssistantError(value)
    log.warning("reading %s failed (exit %s): %s", path.name, done.returncode, done.stderr.decode(errors="replace")[-500:])
    raise AssistantError(
        f"Đọc tệp «{path.name}» cần quá {megabytes(limits.memory_bytes)} bộ nhớ hoặc làm trình đọc dừng, nên không "
        "thêm được. Hãy mở tệp bằng trình đọc PDF rồi lưu lại thành PDF mới (hoặc tách nhỏ), rồi thử lại."
    )


def _child(path: str, max_pages: int, max_bytes: int, memory_bytes: int) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        result = ("document", load_document(Path(path), max_pages, max_bytes))
    except AssistantError as error:
        result = ("refused", str(error))
    sys.stdout.buffer.write(pickle.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], *map(int, sys.argv[2:5])))
