
import pytest

from assistant.errors import AssistantError
from tests.helpers import cited_numbers, numbers


@pytest.mark.parametrize(
    "question, figure",
    [
        ("Đến năm 2030 dân số của tỉnh khoảng bao nhiêu người?", "530 nghìn"),
        ("Mục tiêu về tỷ lệ thất nghiệp?", "0,77%"),
        ("ty le xa dat tieu chi quoc gia ve y te", "92,1%"),
        ("Năng suất lao động tăng bao nhiêu mỗi năm?", "8,63%/năm"),
    ],
)
def test_a_figure_question_quotes_the_figure_and_cites_its_target(assistant, question, figure):
    answer = assistant.ask(question).answer
    assert not answer.refused
    assert figure in answer.text
    assert "[1]" in answer.text and answer.citations[0].number == 1
    assert figure in answer.citations[0].chunk.text
    assert answer.citations[0].chunk.section.startswith("I > 2. Các chỉ tiêu chủ yếu")


def test_every_number_in_an_answer_is_in_its_citations(assistant):
    for question in ["Tỷ lệ lao động qua đào tạo?", "Có bao nhiêu di tích được xếp hạng?", "Năm 2027 tổ chức diễn tập gì?"]:
        answer = assistant.ask(question).answer
        assert numbers(answer.text) <= cited_numbers(answer) | numbers(question)


def test_a_year_the_plan_does_not_cover_is_declined_without_a_figure(assistant):
    answer = assistant.ask("Thu ngân sách năm 2040 đạt bao nhiêu?").answer
    assert answer.refused
    assert answer.text.startswith("Kế hoạch không nêu")
    assert "2040" in answer.text
    assert numbers(answer.text) <= cited_numbers(answer) | {"2040"}
    assert answer.citations  # the closest passages are shown instead


def test_a_topic_the_plan_never_mentions_is_declined(assistant):
    answer = assistant.ask("Kế hoạch có bao nhiêu trạm xe buýt điện?").answer
    assert answer.refused and answer.text.startswith("Kế hoạch không nêu")


def test_a_list_question_gets_the_whole_list(assistant):
    answer = assistant.ask("Những dự án du lịch nào cần đẩy nhanh tiến độ?").answer
    for name in ["Phiêng Phát", "Pắc Ta", "Sơn Bình", "Sìn Hồ"]:
        assert name in answer.text


@pytest.mark.parametrize("question", ["", "   ", "???", "x" * 5000])
def test_questions_that_cannot_be_asked_get_a_vietnamese_message(assistant, question):
    with pytest.raises(AssistantError) as error:
        assistant.ask(question)
    assert "Câu hỏi" in str(error.value)


def test_a_figure_question_is_answered_from_the_table_with_qualifier_unit_and_year(assistant):
    answer = assistant.ask("thu ngan sach nha nuoc nam 2030 bao nhieu?").answer
    assert answer.via == "table"
    assert answer.text.startswith("Kế hoạch đặt mục tiêu «Thu ngân sách nhà nước trên địa bàn phấn đấu đến năm 2030»: "
                                  "trên 4.500 tỷ đồng (năm 2030) [1] — chỉ tiêu (2), nhóm kinh tế.")
    assert answer.citations[0].chunk.section.endswith("(2)")


def test_a_question_on_two_figures_gets_both(assistant):
    answer = assistant.ask("Tỷ lệ dân số đô thị và nông thôn được dùng nước sạch là bao nhiêu?").answer
    assert "82%" in answer.text and "80%" in answer.text


def test_a_task_question_without_a_figure_is_answered_from_the_passages(assistant):
    answer = assistant.ask("Tỉnh phát triển những loại hình du lịch nào?").answer
    assert answer.via == "passages" and "sinh thái, mạo hiểm, cộng đồng" in answer.text


# Question forms real users type, written for these tests.
@pytest.mark.parametrize(
    "question, expected",
    [
        ("dan so den nam 2030 la bao nhieu", "530 nghìn"),  # no diacritics
        ("Tỷ lệ huy động học sinh THPT đến trường?", "60% trở lên"),  # abbreviation
        ("con tôi sắp học cấp 3, tỷ lệ đi học cấp 3 của tỉnh là bao nhiêu ạ?", "60% trở lên"),  # casual
        ("bao giờ thì tỉnh tổ chức diễn tập khu vực phòng thủ?", "năm 2027"),  # time
        ("con số 8,63% trong kế hoạch nói về gì?", "năng suất lao động"),  # reverse look-up by value
        ("chỉ tiêu số (12) là gì?", "10 xã"),  # by target number
    ],
)
def test_question_forms(assistant, question, expected):
    answer = assistant.ask(question).answer
    assert not answer.refused and expected in answer.text


def test_a_multi_part_question_gets_each_figure(assistant):
    answer = assistant.ask("Số bác sỹ trên 1 vạn dân và tuổi thọ bình quân là bao nhiêu?").answer
    assert "13,5" in answer.text and "70 tuổi" in answer.text


def test_a_list_question_lists_every_item(assistant):
    answer = assistant.ask("Những tuyến đường tỉnh nào được đầu tư kết nối liên vùng?").answer
    for road in ["ĐT.132", "ĐT.128", "ĐT.130", "ĐT.135", "ĐT.138C"]:
        assert road in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Tỉnh Sơn La đặt mục tiêu tăng trưởng GRDP bao nhiêu?",  # another province
        "Tỷ lệ hộ gia đình dùng internet cáp quang là bao nhiêu?",  # an indicator the plan does not set
        "Dân số Lai Châu năm 2040 là bao nhiêu?",  # a year it does not cover
    ],
)
def test_what_the_plan_does_not_say_is_declined_without_a_figure(assistant, question):
    answer = assistant.ask(question).answer
    assert answer.refused and answer.via == "refusal"
    assert answer.text.startswith("Kế hoạch không nêu")
    assert numbers(answer.text) <= cited_numbers(answer) | numbers(question)


def test_the_guard_rejects_a_figure_its_sources_lack(assistant):
    from dataclasses import replace

    from assistant.answering.guard import grounded

    good = assistant.ask("Tỷ lệ che phủ rừng đạt bao nhiêu?").answer
    assert grounded(good.text, "Tỷ lệ che phủ rừng đạt bao nhiêu?", good.sources)
    invented = replace(good, text=good.text.replace("55%", "57%"))
    assert not grounded(invented.text, "Tỷ lệ che phủ rừng đạt bao nhiêu?", invented.sources)


def test_a_follow_up_answers_about_what_it_changes(assistant):
    first = assistant.ask("Tỷ lệ dân số đô thị được cung cấp nước sạch là bao nhiêu?")
    second = assistant.ask("còn nông thôn thì sao?", [first.turn])
    assert "80%" in second.answer.text and "82%" not in second.answer.text
    assert second.question.focus == "nông thôn"


def test_a_question_typed_without_diacritics_is_answered_as_the_same_question_typed_with_them(assistant):
    plain = assistant.ask("tinh co phat trien du lich cong dong khong").answer
    marked = assistant.ask("tỉnh có phát triển du lịch cộng đồng không").answer
    assert not plain.refused and plain.text == marked.text
