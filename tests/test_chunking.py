import re

import pytest

from assistant.documents.chunking import chunk_document
from assistant.documents.ingest import load_document
from tests.conftest import PLAN

GROUPS = {**{n: "2.1. Về kinh tế" for n in range(1, 7)}, **{n: "2.2. Về xã hội" for n in range(7, 15)},
          **{n: "2.3. Về môi trường" for n in range(15, 19)}}


@pytest.fixture(scope="module")
def document():
    return load_document(PLAN)


@pytest.fixture(scope="module")
def chunks(document):
    return chunk_document(document, max_chars=500)


@pytest.mark.parametrize("number", range(1, 19))
def test_every_target_is_whole_in_one_chunk_with_its_section_path(document, chunks, number):
    marker = f"({number}) "
    start = next(p.text for p in document.paragraphs if p.text.startswith(marker))
    holding = [c for c in chunks if start in c.text]
    assert len(holding) == 1
    chunk = holding[0]
    assert chunk.section == f"I > 2. Các chỉ tiêu chủ yếu > {GROUPS[number]} > ({number})"
    following = f"({number + 1}) "
    assert following not in chunk.text
    assert "2. Các chỉ tiêu chủ yếu" in chunk.headings


def test_a_target_spanning_two_paragraphs_stays_together(chunks):
    target = next(c for c in chunks if c.section.endswith("> (3)"))
    assert "10,5%/năm" in target.text and "2.747 tỷ đồng" in target.text


def test_offsets_point_into_the_document(document, chunks):
    for chunk in chunks:
        assert document.text[chunk.start:chunk.end] == chunk.text


def test_task_chunks_are_small_and_carry_their_outline(chunks):
    tasks = [c for c in chunks if "3. Nhiệm vụ trọng tâm" in c.section]
    assert tasks and all(len(c.text) <= 650 for c in tasks)
    tea = next(c for c in tasks if "10.000 ha chè" in c.text)
    assert re.match(r"I > 3\. Nhiệm vụ trọng tâm > 3\.1\. .+ > a\) Phát triển nông, lâm nghiệp", tea.section)


def test_section_two_items_are_their_own_chunks(chunks):
    solutions = [c for c in chunks if c.section.startswith("II > ")]
    assert [c.section.split(" ", 3)[:3] for c in solutions] == [["II", ">", f"{n}."] for n in range(1, 6)]
    # an item of part II shows in paths with the start of its own first sentence, as a title
    assert solutions[0].section == "II > 1. Đẩy mạnh hoàn thiện cơ chế, chính sách và các …"


def test_a_number_at_a_line_start_is_not_taken_for_a_heading(chunks):
    budget = next(c for c in chunks if c.section.endswith("> (2)"))
    assert "4.500 tỷ đồng" in budget.text
