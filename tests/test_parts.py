"""The parts of a question on several things, read from its text."""

import pytest

from assistant.understanding.parts import split_parts


def test_a_question_on_several_things_has_parts():
    assert split_parts("Tỷ lệ bác sỹ và tuổi thọ bình quân là bao nhiêu?") == ["Tỷ lệ bác sỹ", "tuổi thọ bình quân là bao nhiêu"]
    assert split_parts("Dân số năm 2030 là bao nhiêu?") == []
    # two asking clauses, each with its own question word; a story before one asking clause is not a part
    assert split_parts("Dân số năm 2030 bao nhiêu? Thu nhập bình quân đạt mức nào?") == [
        "Dân số năm 2030 bao nhiêu", "Thu nhập bình quân đạt mức nào"]
    assert split_parts("Rừng che phủ bao nhiêu, đồng thời hộ nghèo giảm bao nhiêu phần trăm?") == [
        "Rừng che phủ bao nhiêu", "hộ nghèo giảm bao nhiêu phần trăm"]
    assert split_parts("Nhà em trồng chè, tỉnh có hỗ trợ gì không?") == []


@pytest.mark.parametrize("question, compared", [
    ("So sánh tỷ lệ che phủ rừng với tỷ lệ hộ nghèo.", ["tỷ lệ che phủ rừng", "tỷ lệ hộ nghèo"]),
    ("Thu ngân sách với vốn đầu tư, cái nào cao hơn?", ["Thu ngân sách", "vốn đầu tư, cái nào cao hơn"]),
    ("Lao động nông nghiệp nhiều hơn lao động dịch vụ bao nhiêu?", ["Lao động nông nghiệp", "lao động dịch vụ bao nhiêu"]),
    ("Trường đạt chuẩn so với xã đạt chuẩn, bên nào cao hơn?", ["Trường đạt chuẩn", "xã đạt chuẩn, bên nào cao hơn"]),
    ("Dân số và thu nhập, cái nào tăng nhanh hơn?", ["Dân số", "thu nhập, cái nào tăng nhanh hơn"]),  # «và» joins them
])
def test_a_comparison_s_parts_are_the_two_things_compared(question, compared):
    assert split_parts(question) == compared


def test_a_clause_naming_again_what_the_first_asked_about_asks_more_of_it():
    assert split_parts("Kế hoạch chia làm mấy phần, mỗi phần nói về gì?") == []
    assert split_parts("Nhiệm vụ trọng tâm mở đầu bằng mục nào và mục đó nói về cái gì?") == []
    assert split_parts("Dân số năm 2030 bao nhiêu? Thu nhập đó đạt mức nào?") != []  # «thu nhập» is another thing


def test_a_yes_no_clause_followed_by_its_figure_is_one_question():
    assert split_parts("Tỉnh có định xây nhà ở xã hội không, bao nhiêu căn?") == []
    assert split_parts("Kinh tế số chiếm bao nhiêu GRDP, và tỉnh có phủ sóng 5G không?") == [
        "Kinh tế số chiếm bao nhiêu GRDP", "tỉnh có phủ sóng 5G không"]
