"""The part of a small plan a summary is about, found by its heading."""

from pathlib import Path

from assistant.answering.summaries import by_title
from assistant.documents.ingest import load_document
from assistant.documents.outline import Outline, outline_document
from assistant.understanding.question import understand
from tests.helpers import SmallPlan


def test_an_english_questions_topic_names_a_heading_through_its_close_bridges(tmp_path: Path):
    plan = SmallPlan(tmp_path)
    outline = Outline(outline_document(load_document(tmp_path / "plan.txt")), plan.chunks)
    bridges = {"summarize": (("khuyến_cáo", 0.31),), "plan": (("kế_hoạch", 0.40),), "tourism": (("du_lịch", 0.58),)}
    question = understand("Summarize what the plan says about tourism")
    found = by_title(question, outline, plan.stats, bridges=bridges)
    assert found is not None and found.title == "Phát triển du lịch"
    assert by_title(question, outline, plan.stats) is None  # its English words name no Vietnamese heading
