"""The scaling benchmark's library (benchmarks/library.py): distinct plans that keep the real plan's outline."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from assistant.documents.chunking import chunk_document
from assistant.documents.ingest import load_document
from assistant.store.docindex import DocumentPart
from assistant.text.numbers import years
from assistant.text.places import mentions

ROOT = Path(__file__).resolve().parent.parent


def _load_library():
    spec = importlib.util.spec_from_file_location("bench_library", ROOT / "benchmarks" / "library.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_library"] = module
    spec.loader.exec_module(module)
    return module


library = _load_library()


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> list[DocumentPart]:
    """The plan and generated documents 1 and 2, cut and indexed by the project's own code."""
    folder = tmp_path_factory.mktemp("library")
    return [DocumentPart.build(f"k{k}", path, 500) for k, path in enumerate(library.write_library(folder, 3))]


def test_document_zero_is_the_plan_unchanged(parts):
    assert (ROOT / "corpus" / parts[0].name).read_bytes() == library.document(0).encode()
    assert parts[0].name == library.PLAN.name


def test_every_chunk_differs_from_the_plan_and_from_each_other(parts):
    texts = [{c.index_text() for c in part.chunks} for part in parts]
    for part, own in zip(parts, texts):
        assert len(own) == len(part.chunks)  # no two chunks alike inside a document either
    assert not texts[0] & texts[1] and not texts[0] & texts[2] and not texts[1] & texts[2]
    assert not {c.text for c in parts[1].chunks} & {c.text for c in parts[2].chunks}


def test_the_outline_holds(parts):
    plan = parts[0]
    for part in parts[1:]:
        assert len(part.sections) == len(plan.sections)
        assert [(s.kind, s.marker) for s in part.sections] == [(s.kind, s.marker) for s in plan.sections]
        assert {t.number for t in part.targets if t.number} == set(range(1, 19))  # every target's figures found
        items = [s.number for s in part.sections if s.kind == "item"]
        assert items == list(range(1, 19))  # the 18 targets (1)…(18)
        headings = [s.text for s in part.sections if s.heading]
        assert headings == [s.text for s in plan.sections if s.heading]  # headings keep their words


def test_each_names_another_province_and_keeps_the_years():
    plan = library.document(0)
    plan_years = Counter(years(plan))
    named = set()
    for k in (1, 2):
        text = library.document(k)
        assert "Lai Châu" not in text
        home, _ = Counter(mentions(text)).most_common(1)[0]
        assert home == library.province(k) != "Lai Châu"
        named.add(home)
        assert Counter(years(text)) == plan_years
        assert text != plan
    assert len(named) == 2


def test_figures_change_in_the_plans_notation():
    assert library.scale("55,15", 1) != "55,15" and re.fullmatch(r"\d+,\d\d", library.scale("55,15", 1))
    assert re.fullmatch(r"\d\.\d{3}", library.scale("4.500", 1))
    assert all(library.scale("3", k) != "3" for k in range(1, 100))
    assert float(library.scale("99,9", 2, percent=True).replace(",", ".")) <= 100
    assert library.figures("giai đoạn 2026-2030, đến năm 2035, ngày 15/3/2024", 5) == \
        "giai đoạn 2026-2030, đến năm 2035, ngày 15/3/2024"


@pytest.mark.builds
def test_a_hundred_documents_have_no_chunk_alike(tmp_path):
    paths = library.write_library(tmp_path, 100)
    texts = [c.index_text() for path in paths for c in chunk_document(load_document(path), 500)]
    assert len(set(texts)) == len(texts)
    assert len({library.name(k) for k in range(100)}) == 100
