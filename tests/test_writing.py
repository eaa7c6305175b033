"""One writer at a time in the index folder: adds at once wait their turn, a killed add loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.documents.corpus import STAGING
from assistant.service import Assistant
from assistant.store.indexing import open_index
from assistant.store.writing import writing
from assistant.web.library import add_documents
from tests.conftest import PLAN, ROOT

FOREST = "I. MỤC TIÊU\n1. Các chỉ tiêu chủ yếu\n(1) Tỷ lệ che phủ rừng đạt 55%.\n(2) Tỷ lệ hộ nghèo giảm 3%/năm.\n"
POWER = "I. MỤC TIÊU\n1. Các chỉ tiêu chủ yếu\n(1) Tỷ lệ hộ dân dùng điện lưới quốc gia đạt 99%.\n"
SCHOOLS = "I. MỤC TIÊU\n1. Các chỉ tiêu chủ yếu\n(1) Tỷ lệ trường học đạt chuẩn quốc gia đạt 80%.\n"
WAITING = "Đang chờ một lần thêm tài liệu khác"


def until(condition, timeout: float = 120.0, every: float = 0.005) -> None:
    """Wait for `condition()` to hold (a test's step, not a measured time)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(every)


def cli_add(settings: Settings, path: Path, stderr: Path) -> subprocess.Popen:
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir), "ASSISTANT_INDEX_DIR": str(settings.index_dir),
           "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-m", "assistant", "add", str(path)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=open(stderr, "w"), text=True)


@pytest.fixture()
def forest(tmp_path: Path, embeddings) -> tuple[Settings, Assistant]:
    """A one-document corpus, its index built, and the assistant serving it."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "rung.txt").write_text(FOREST, encoding="utf-8")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    return settings, Assistant.from_settings(settings, embeddings)


def test_a_writer_waits_for_the_one_before_and_is_told(tmp_path):
    events: list[str] = []

    def second() -> None:
        with writing(tmp_path, waiting=lambda: events.append("waiting")):
            events.append("writing")

    with writing(tmp_path):
        with writing(tmp_path):  # the holder may take it again
            thread = threading.Thread(target=second)
            thread.start()
            until(lambda: events == ["waiting"])
            time.sleep(0.2)
            assert events == ["waiting"]  # still out while the first one writes
    thread.join(timeout=10)
    assert events == ["waiting", "writing"]


def test_an_upload_and_a_command_line_add_at_once_both_land(forest, tmp_path):
    settings, assistant = forest
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "dien.txt").write_text(POWER, encoding="utf-8")
    (uploads / "truong.txt").write_text(SCHOOLS, encoding="utf-8")
    told: list[str] = []
    web: list[str] = []
    with writing(settings.index_dir):  # a third writer holds the folder: both must wait for it
        cli = cli_add(settings, uploads / "dien.txt", tmp_path / "cli.err")
        upload = threading.Thread(target=lambda: web.append(
            add_documents(assistant, [str(uploads / "truong.txt")], lambda p: told.append(p.line()))))
        upload.start()
        until(lambda: WAITING in (tmp_path / "cli.err").read_text(encoding="utf-8") and any(WAITING in t for t in told))
    out, _ = cli.communicate(timeout=300)
    upload.join(timeout=300)
    assert cli.returncode == 0 and "«dien.txt»: đã thêm vào kho tài liệu" in out
    assert "«truong.txt»: đã thêm vào kho tài liệu" in web[0]
    index = open_index(settings, assistant.index.vectors.embeddings, build=False)  # both, and nothing left to build
    assert index.documents == ["dien.txt", "rung.txt", "truong.txt"]
    assert not [p for p in settings.index_dir.rglob(".building-*")]


def excerpt(path: Path) -> Path:
    """A document long enough that its add takes a while: the first sixth of the real plan."""
    text = PLAN.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 6], encoding="utf-8")
    return path


POINTS = {  # where a killed add may stop, seen from outside as a real user's `kill -9` would
    "while staging its copy": lambda s: any(s.corpus_dir.glob(f"{STAGING}*")),
    "with the copy in place": lambda s: (s.corpus_dir / "trich.txt").exists(),
    "while embedding": lambda s: len(list((s.index_dir / "docs").glob("[!.]*"))) > 1,
}


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_a_killed_add_leaves_the_library_answering_and_the_next_start_completes(forest, embeddings, tmp_path, point):
    settings, assistant = forest
    question = "Tỷ lệ che phủ rừng đạt bao nhiêu?"
    before = assistant.ask(question).answer.text
    adding = cli_add(settings, excerpt(tmp_path / "trich.txt"), tmp_path / "add.err")
    until(lambda: POINTS[point](settings) or adding.poll() is not None)
    adding.send_signal(signal.SIGKILL)
    adding.wait(timeout=30)
    assert adding.returncode == -signal.SIGKILL, f"the add finished before «{point}»"
    assert assistant.ask(question).answer.text == before  # the library in use still answers
    again = Assistant.from_settings(settings, embeddings)  # the next start: with the copy in place, it completes
    assert again.index.documents == (["rung.txt", "trich.txt"] if (settings.corpus_dir / "trich.txt").exists()
                                     else ["rung.txt"])
    assert "55%" in again.ask(question).answer.text
    assert not list(settings.index_dir.rglob(".building-*"))
    added = again.add_files([tmp_path / "trich.txt"])  # and adding it again completes, leaving nothing half done
    assert added.index.documents == ["rung.txt", "trich.txt"] and not list(settings.corpus_dir.glob(f"{STAGING}*"))
