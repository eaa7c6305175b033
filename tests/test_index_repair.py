"""Every file an index build writes can be damaged, and the assistant comes back with the same answers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.service import Assistant
from assistant.store.embedcache import forget
from tests.helpers import INDEX_OTHER, INDEX_PLAN

QUESTIONS = ("Tỷ lệ che phủ rừng đạt bao nhiêu?", "Bao nhiêu xã đạt chuẩn nông thôn mới?")


def damage(path: Path, how: str) -> None:
    """Damage one file as a disk, a killed writer or a careless hand would."""
    if how == "garbled":
        path.write_bytes(os.urandom(max(path.stat().st_size, 64)))
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif how == "emptied":
        path.write_bytes(b"")
    elif how == "deleted":
        path.unlink()
    elif how == "unreadable":  # a folder where the file was: reading it fails, even for root
        path.unlink()
        path.mkdir()
    else:
        raise ValueError(how)


def answers(settings: Settings, embeddings) -> list[str]:
    """The assistant's answers to `QUESTIONS`, opened afresh from `settings` (repairing what it must)."""
    assistant = Assistant.from_settings(settings, embeddings)
    return [assistant.ask(q).answer.text for q in QUESTIONS]


@pytest.fixture(scope="module")
def built(tmp_path_factory, embeddings) -> tuple[Path, list[str]]:
    """A two-document corpus with its index built, and the answers it gives."""
    forget()  # the embedding cache on disk must be what serves the repairs
    root = tmp_path_factory.mktemp("built")
    (root / "corpus").mkdir()
    (root / "corpus" / "rung.txt").write_text(INDEX_PLAN, encoding="utf-8")
    (root / "corpus" / "dien.txt").write_text(INDEX_OTHER, encoding="utf-8")
    expected = answers(Settings(corpus_dir=root / "corpus", index_dir=root / "index"), embeddings)
    assert "55%" in expected[0] and "60 xã" in expected[1]
    return root, expected


def copy_of(built: tuple[Path, list[str]], where: Path) -> Settings:
    shutil.copytree(built[0], where)
    return Settings(corpus_dir=where / "corpus", index_dir=where / "index")


def written(index_dir: Path) -> list[Path]:
    """Every file the build wrote, listed now: a file added to the index later is covered too."""
    return sorted(p.relative_to(index_dir) for p in index_dir.rglob("*") if p.is_file())


@pytest.mark.parametrize("how", ["garbled", "truncated", "emptied", "deleted", "unreadable"])
def test_each_file_of_the_index_damaged_alone_is_repaired_and_answers_the_same(built, embeddings, tmp_path, how, caplog):
    files = written(built[0] / "index")
    assert len(files) >= 15 and any(f.name == "sealed.json" for f in files)
    for number, name in enumerate(files):
        settings = copy_of(built, tmp_path / str(number))
        damage(settings.index_dir / name, how)
        assert answers(settings, embeddings) == built[1], f"{how} {name}"
        assert answers(settings, embeddings) == built[1], f"{how} {name}, opened again"
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("how", ["garbled", "unreadable"])
def test_every_store_damaged_at_once_is_repaired(built, embeddings, tmp_path, caplog, how):
    settings = copy_of(built, tmp_path / "all")
    for name in written(settings.index_dir):
        damage(settings.index_dir / name, how)
    assert answers(settings, embeddings) == built[1]
    assert "unreadable" in caplog.text  # what was found broken is logged


def test_a_damaged_part_is_rebuilt_alone(built, embeddings, tmp_path):
    settings = copy_of(built, tmp_path / "one")
    docs = sorted((settings.index_dir / "docs").iterdir())
    stamps = {d.name: (d / "chunks.jsonl").stat().st_mtime_ns for d in docs}
    damage(docs[0] / "postings.npz", "garbled")
    assert answers(settings, embeddings) == built[1]
    assert (docs[1] / "chunks.jsonl").stat().st_mtime_ns == stamps[docs[1].name]  # the other part was kept
    assert (docs[0] / "chunks.jsonl").stat().st_mtime_ns != stamps[docs[0].name]
