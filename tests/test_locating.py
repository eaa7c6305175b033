"""Locating a question in the outline of a small plan: the parts it names, and the words left to look for inside."""

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.answering.locating import locate, topic_terms
from assistant.documents.chunking import chunk_document
from assistant.documents.ingest import load_document
from assistant.documents.outline import Outline, outline_document
from assistant.understanding.conversation import resolve
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


def test_a_verb_said_of_the_plan_is_no_topic_to_look_for_inside(tmp_path):
    found = locate(understand("Mục 2 trong kế hoạch tập trung vào vấn đề gì?"), outline(tmp_path))
    assert found is not None and found.how != "scope"


def test_the_kind_of_thing_asked_after_is_no_topic_to_look_for_inside(tmp_path):
    found = locate(understand("Ý b) của mục 2 là về việc gì?"), outline(tmp_path))
    assert found is not None and found.sections[0].title == "Hợp tác" and found.how == "content"
    inside = locate(understand("Ý b) của mục 2 nói gì về tỉnh Vân Nam?"), outline(tmp_path))
    assert inside is not None and inside.how == "scope"  # a topic: looked for inside it


@pytest.mark.parametrize("question", ["Kế hoạch gồm mấy phần lớn?", "Bố cục của văn bản gồm những phần nào?",
                                      "Kế hoạch được chia thành mấy phần?", "Cấu trúc của kế hoạch như thế nào?",
                                      "How many parts does the plan have?", "Tóm tắt kế hoạch trong vài ý",
                                      "Bản kế hoạch này chia làm mấy phần, mỗi phần nói về cái gì?"])
def test_the_outline_as_a_whole_is_the_documents_parts(tmp_path, question):
    found = locate(understand(question), outline(tmp_path))
    assert found is not None and found.how == "parts"
    assert [s.title for s in found.sections] == ["MỤC TIÊU VÀ NHIỆM VỤ", "GIẢI PHÁP"]


def test_parts_of_a_topic_are_not_the_documents_parts(tmp_path):
    found = locate(understand("Phần về du lịch cộng đồng có mấy phần?"), outline(tmp_path))
    assert found is None or found.how != "parts"


def test_an_ordinal_of_a_numbered_section_is_its_part(tmp_path):
    found = locate(understand("Ý cuối cùng của mục 2 là gì?"), outline(tmp_path))
    assert found is not None and found.sections[0].title == "Nông thôn mới"
    second = locate(understand("Mục thứ hai của phần I là gì?"), outline(tmp_path))
    assert second is not None and second.sections[0].title == "Nhiệm vụ trọng tâm"


def test_a_one_letter_syllable_of_a_topic_word_is_no_marker(tmp_path):
    words = [g[0] for g in topic_terms(understand("Trong mục 2 phần nào nói về y tế?"), (), outline(tmp_path))]
    assert "y_tế" in words


def test_a_numbered_solution_is_numbered_within_the_solutions(tmp_path):
    found = locate(understand("Giải pháp 2 nói gì?"), outline(tmp_path))
    assert found is not None and found.sections[0].text.startswith("2. Huy động nguồn lực")
    english = locate(understand("What does the second solution say?"), outline(tmp_path))
    assert english is not None and english.how == "content" and english.sections[0] == found.sections[0]


def test_an_ordinal_is_no_topic_even_as_restored_wrongly(tmp_path):
    found = locate(resolve("giai phap thu 2 la gi", restore={"giai phap thu 2 la gi": "giải pháp thu 2 là gì"}.get),
                   outline(tmp_path))
    assert found is not None and found.how == "content" and found.sections[0].text.startswith("2. Huy động")


def test_a_numbered_target_asked_for_its_words_is_its_item(tmp_path):
    found = locate(understand("Chỉ tiêu số (3) gồm những nội dung gì?"), outline(tmp_path))
    assert found is not None and found.how == "content" and found.sections[0].marker == "(3)"
    assert locate(understand("Chỉ tiêu số (3) đạt bao nhiêu %?"), outline(tmp_path)) is None  # its figure: the table


def test_the_document_named_is_no_topic_inside_its_part(tmp_path):
    found = locate(understand("Phần II của văn bản có nội dung gì?"), outline(tmp_path))
    assert found is not None and found.how == "content" and found.sections[0].title == "GIẢI PHÁP"


def test_a_summary_asked_of_what_was_just_answered_is_not_the_whole_plan(tmp_path):
    from assistant.understanding.conversation import Turn
    first = understand("Tỉnh phát triển du lịch thế nào?")
    found = locate(resolve("Tóm tắt lại", [Turn(first.asked, question=first)]), outline(tmp_path))
    assert found is None or found.how != "parts"
