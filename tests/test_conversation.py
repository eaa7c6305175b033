import pytest

from assistant.conversation import Turn, resolve
from assistant.question import split_parts, understand


@pytest.mark.parametrize(
    "follow_up, focus",
    [
        ("còn nông thôn thì sao?", "nông thôn"),
        ("Còn nông thôn?", "nông thôn"),
        ("con nong thon thi sao", "nong thon"),
        ("Thế còn THPT?", "THPT"),
        ("vậy năm 2030 thì sao?", "năm 2030"),
        ("và tiểu học?", "tiểu học"),
    ],
)
def test_a_follow_up_is_read_with_the_question_before_it(follow_up, focus):
    question = resolve(follow_up, [Turn(understand("Tỷ lệ dân số đô thị dùng nước sạch là bao nhiêu?"))])
    assert question.focus == focus
    assert question.text == f"Tỷ lệ dân số đô thị dùng nước sạch là bao nhiêu — {focus}?"
    assert question.asked == follow_up


def test_a_question_that_stands_alone_is_kept_as_asked():
    question = resolve("Tỉnh xử lý rác thải y tế ra sao?", [Turn(understand("Dân số năm 2030?"))])
    assert question.text == "Tỉnh xử lý rác thải y tế ra sao?" and question.focus == ""
    assert resolve("còn nông thôn thì sao?").focus == ""  # nothing before it to follow


def test_follow_ups_chain():
    first = resolve("Tỷ lệ huy động học sinh mẫu giáo?")
    second = resolve("còn tiểu học thì sao?", [Turn(first)])
    question = resolve("còn THPT?", [Turn(first), Turn(second)])
    assert question.text == "Tỷ lệ huy động học sinh mẫu giáo — tiểu học — THPT?" and question.focus == "THPT"


def test_a_question_on_several_things_has_parts():
    assert split_parts("Tỷ lệ bác sỹ và tuổi thọ bình quân là bao nhiêu?") == ["Tỷ lệ bác sỹ", "tuổi thọ bình quân là bao nhiêu"]
    assert split_parts("Dân số năm 2030 là bao nhiêu?") == []
