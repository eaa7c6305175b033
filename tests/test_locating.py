"""Locating a question in the outline of a small plan: the parts it names, and the words left to look for inside."""

from dataclasses import replace
from pathlib import Path

from assistant.answering.locating import locate, topic_terms
from assistant.documents.chunking import chunk_document
from assistant.documents.ingest import load_document
from assistant.documents.outline import Outline, outline_document
from assistant.understanding.question import understand
from tests.helpers import SMALL_PLAN

PLAN = SMALL_PLAN + "II. GIẢI PHÁP\n1. Đẩy mạnh cải cách hành chính.\n2. Huy động nguồn lực.\n"


def outline(tmp_path: Path) -> Outline:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    document = load_document(tmp_path / "plan.txt")
    return Outline(outline_document(document), chunk_document(document))


def test_a_word_made_only_of_outline_syllables_names_no_topic(tmp_path):
    words = [g[0] for g in topic_terms(understand("Chính sách dân số ở điểm nào?"), (), outline(tmp_path))]
    assert "chính_sách" in words and "dân_số" in words  # a syllable of an outline word («chính», «số») in a topic word
    read = replace(understand("du lịch"), terms=(("vấn_đề_chính",), ("du_lịch",)))  # a segmenter's three-syllable word
    assert [g[0] for g in topic_terms(read, (), outline(tmp_path))] == ["du_lịch"]  # all its syllables are outline words


def test_the_second_part_is_the_second_roman_part(tmp_path):
    found = locate(understand("Phần thứ hai nói về gì?"), outline(tmp_path))
    assert found is not None and found.sections[0].title == "GIẢI PHÁP"


def test_a_title_heading_a_longer_name_names_no_section(tmp_path):
    plan = outline(tmp_path)
    found = locate(understand("Phát triển du lịch có những nội dung gì?"), plan)
    assert found is not None and found.sections[0].title == "Phát triển du lịch"
    assert locate(understand("Phát triển du lịch cộng đồng ra sao?"), plan) is None  # a kind of tourism, anywhere


def test_the_kind_of_thing_asked_after_is_no_topic_to_look_for_inside(tmp_path):
    found = locate(understand("Ý b) của mục 2 là về việc gì?"), outline(tmp_path))
    assert found is not None and found.sections[0].title == "Hợp tác" and found.how == "content"
    inside = locate(understand("Ý b) của mục 2 nói gì về tỉnh Vân Nam?"), outline(tmp_path))
    assert inside is not None and inside.how == "scope"  # a topic: looked for inside it
