"""Outline answers on a small plan: each count and heading stated stands in the passage it cites."""

from pathlib import Path

from assistant.answering.guard import grounded
from assistant.answering.locating import locate
from assistant.answering.sections import answer_located
from assistant.documents.chunking import chunk_document
from assistant.documents.ingest import load_document
from assistant.documents.outline import Outline, outline_document
from assistant.understanding.question import understand
from tests.helpers import SMALL_PLAN

PLAN = SMALL_PLAN + "II. GIẢI PHÁP\n1. Đẩy mạnh cải cách hành chính.\n2. Huy động nguồn lực.\n"


def test_the_documents_parts_are_counted_listed_and_cited(tmp_path: Path):
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    document = load_document(tmp_path / "plan.txt")
    outline = Outline(outline_document(document), chunk_document(document))
    question = understand("Kế hoạch gồm mấy phần?")
    found = answer_located(locate(question, outline), question, outline, [])
    assert found.text.splitlines() == [
        "Kế hoạch gồm 2 phần [1]:",
        "- I. MỤC TIÊU VÀ NHIỆM VỤ [1]",
        "  - 1. Các chỉ tiêu chủ yếu",
        "  - 2. Nhiệm vụ trọng tâm",
        "- II. GIẢI PHÁP [1]",
    ]
    assert grounded(found.text, question.text, found.sources) and not found.refused


def test_where_a_part_stands_is_said_by_its_headings_as_written(tmp_path: Path):
    from assistant.answering.sections import section_where
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    document = load_document(tmp_path / "plan.txt")
    outline = Outline(outline_document(document), chunk_document(document))
    part = next(s for s in outline.sections if s.title == "Hợp tác")
    found = section_where(part, outline, [])
    assert found.text == "Kế hoạch nêu nội dung này ở ý «b) Hợp tác» thuộc mục «2. Nhiệm vụ trọng tâm» [1]."
