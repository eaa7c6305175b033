"""A document from outside is read in a child process, within limits of time, memory and pages."""

from pathlib import Path

import pytest

from assistant.documents.reading import Limits, read_untrusted
from assistant.errors import AssistantError
from tests.conftest import PLAN


def test_a_document_read_in_the_child_is_the_one_read_in_process(tmp_path):
    from assistant.documents.ingest import load_document

    assert read_untrusted(PLAN) == load_document(PLAN)


def test_a_read_that_takes_too_long_is_stopped_and_said_so():
    with pytest.raises(AssistantError, match=r"Đọc tệp «ke-hoach-ktxh-lai-chau-2026-2030.txt» mất quá 0.01 giây nên đã dừng"):
        read_untrusted(PLAN, Limits(seconds=0.01))  # a child cannot even start in that time


def test_a_read_that_needs_too_much_memory_is_stopped_and_said_so(tmp_path: Path):
    big = tmp_path / "lon.txt"
    big.write_text("Tỷ lệ che phủ rừng của tỉnh đạt năm mươi lăm phần trăm.\n" * 600_000, encoding="utf-8")  # ~40 MB
    with pytest.raises(AssistantError, match=r"Đọc tệp «lon.txt» cần quá 150 MB bộ nhớ"):
        read_untrusted(big, Limits(memory_bytes=150 * 1024 * 1024))


def test_limits_come_from_the_settings():
    from assistant.config import Settings

    limits = Limits.of(Settings(max_document_mb=7, max_pages=30, read_seconds=9))
    assert (limits.max_bytes, limits.max_pages, limits.seconds) == (7 * 1024 * 1024, 30, 9)
