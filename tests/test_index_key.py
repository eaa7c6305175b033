"""The index key follows only what builds the index: a change to how questions are answered rebuilds nothing."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.store.docindex import BUILDERS
from tests.conftest import ROOT
from tests.helpers import INDEX_PLAN

PACKAGE = ROOT / "assistant"
# What a build may import besides its builders: errors, seals, and the embedding cache (whose vectors follow
# the embedder's name, which the key holds).
INFRASTRUCTURE = {"__init__.py", "errors.py", "store/sealed.py", "store/embedcache.py", "store/embeddings.py",
                  *(f"{package}/__init__.py" for package in ("data", "text", "targets", "documents", "store"))}
QUERY_TIME = ("store/keywords.py", "store/corpus_stats.py", "store/bridge.py", "answering/evidence.py",
              "answering/decision.py", "text/stopwords.py", "text/rarity.py", "data/stopwords.txt", "data/decision.json")


def _modules_loaded_by(code: str, package_root: Path = ROOT) -> set[str]:
    """The package's files (relative to it) that running `code` in a fresh interpreter imports."""
    script = code + "\nimport sys\nprint('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('assistant')))"
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=package_root, check=True,
                            env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(package_root)}).stdout
    return {str(Path(f).relative_to(package_root / "assistant")) for f in loaded.split()}


def test_the_builders_are_every_module_a_document_part_is_made_with_and_no_query_time_one():
    made_with = _modules_loaded_by("import assistant.store.docindex, assistant.store.meaning_files")
    assert made_with - INFRASTRUCTURE <= set(BUILDERS), "a module that makes a part is missing from docindex.BUILDERS"
    assert not set(QUERY_TIME) & set(BUILDERS)
    assert all((PACKAGE / name).is_file() for name in BUILDERS)


def _snapshot(index: Path) -> dict[str, int]:
    """Every file a build wrote (the parts, the embedding cache, the library), with its modification time."""
    return {str(p.relative_to(index)): p.stat().st_mtime_ns for p in sorted(index.rglob("*")) if p.is_file()
            and "chroma" not in p.relative_to(index).parts}  # Chroma rewrites its files when a store is opened


def _index(package_root: Path, corpus: Path, index: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(package_root), "HF_HUB_OFFLINE": "1",
           "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(index)}
    return subprocess.run([sys.executable, "-m", "assistant", "index"], capture_output=True, text=True, env=env,
                          cwd=package_root, timeout=300, check=True)


@pytest.mark.builds
def test_a_change_to_query_time_code_or_lists_rebuilds_nothing_and_a_builder_change_does(tmp_path):
    package_root = tmp_path / "code"
    shutil.copytree(PACKAGE, package_root / "assistant", ignore=shutil.ignore_patterns("__pycache__"))
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(INDEX_PLAN, encoding="utf-8")
    assert "store/keywords.py" in _modules_loaded_by("import assistant.store.keywords", package_root)  # the copy runs, not the checkout
    _index(package_root, corpus, index)
    before = _snapshot(index)

    for name in QUERY_TIME:
        path = package_root / "assistant" / name
        if name.endswith(".json"):
            path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")) | {"changed": True}), encoding="utf-8")
        else:
            path.write_text(path.read_text(encoding="utf-8") + ("\n# changed\n" if name.endswith(".py") else "\nchanged\n"),
                            encoding="utf-8")
    _index(package_root, corpus, index)
    assert _snapshot(index) == before

    chunking = package_root / "assistant" / "documents" / "chunking.py"
    chunking.write_text(chunking.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    _index(package_root, corpus, index)
    assert _snapshot(index) != before
