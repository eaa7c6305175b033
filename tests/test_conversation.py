import pytest

from assistant.understanding.conversation import Source, Turn, resolve
from assistant.understanding.question import understand


def asked(text: str) -> Turn:
    """A turn that asked `text`."""
    return Turn(text, question=understand(text))


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
    question = resolve(follow_up, [asked("Tỷ lệ dân số đô thị dùng nước sạch là bao nhiêu?")])
    assert question.focus == focus
    assert question.text == f"Tỷ lệ dân số đô thị dùng nước sạch là bao nhiêu — {focus}?"
    assert question.asked == follow_up


def test_a_follow_up_naming_a_year_asks_it_instead_of_the_year_before():
    question = resolve("thế còn mốc năm 2045?", [asked("Đến năm 2030 tỉnh muốn trở thành tỉnh thế nào?")])
    assert question.text == "Đến năm 2045 tỉnh muốn trở thành tỉnh thế nào — mốc năm 2045?"
    assert question.focus_years == ("2045",)


def test_a_question_that_stands_alone_is_kept_as_asked():
    question = resolve("Tỉnh xử lý rác thải y tế ra sao?", [asked("Dân số năm 2030?")])
    assert question.text == "Tỉnh xử lý rác thải y tế ra sao?" and question.focus == ""
    assert resolve("còn nông thôn thì sao?").focus == ""  # nothing before it to follow


def test_follow_ups_chain():
    first = resolve("Tỷ lệ huy động học sinh mẫu giáo?")
    second = resolve("còn tiểu học thì sao?", [Turn(first.asked, question=first)])
    question = resolve("còn THPT?", [Turn(first.asked, question=first), Turn(second.asked, question=second)])
    assert question.text == "Tỷ lệ huy động học sinh mẫu giáo — tiểu học — THPT?" and question.focus == "THPT"


def test_a_part_asking_yes_or_no_asks_its_own_not_the_figure_of_the_other():
    figure, yes_no = understand("Kinh tế số chiếm bao nhiêu GRDP, và tỉnh có phủ sóng 5G không?").parts
    assert figure.asks.answer == "figure" and (yes_no.asks.answer, yes_no.asks.form) == ("text", "yesno")


def test_a_turn_kept_as_json_reads_back_as_it_was_understood_without_understanding_it_again(monkeypatch):
    import json

    import assistant.understanding.conversation
    import assistant.understanding.question

    first = resolve("Tỷ lệ hộ nghèo giảm bao nhiêu mỗi năm?")
    follow = resolve("còn dân tộc thiểu số thì sao?", [asked(first.asked)])
    turns = [Turn(q.asked, "đáp [1]", (Source(1, "I > (5)", "plan.txt#3", "giảm 3%"),), q, ("plan.txt#3",), ("I.2",),
                  ("t5",), ("I.2.1",)) for q in (first, follow, understand("Mục 3.4 gồm những gì?"))]
    for module in (assistant.understanding.question, assistant.understanding.conversation):
        monkeypatch.setattr(module, "understand", lambda *a, **k: pytest.fail("understood again"))
    for turn in turns:
        assert Turn.from_dict(json.loads(json.dumps(turn.to_dict()))) == turn
    assert Turn.from_dict({"asked": "x", "question": {"text": 3}}) is None and Turn.from_dict([]) is None


def test_a_question_typed_without_diacritics_is_read_with_them_and_shown_as_typed():
    question = resolve("ty le ho ngheo giam bao nhieu?", restore=lambda text: "tỷ lệ hộ nghèo giảm bao nhiêu?")
    assert question.asked == "ty le ho ngheo giam bao nhieu?"
    assert question.text == "tỷ lệ hộ nghèo giảm bao nhiêu?" and question.language == "vi"
    marked = resolve("Tỷ lệ hộ nghèo?", restore=lambda text: "never called")
    assert marked.text == "Tỷ lệ hộ nghèo?"


def test_a_follow_up_naming_another_thing_asks_its_own_figure_in_the_measure_asked_before():
    share = resolve("Vậy còn thu ngân sách nhà nước?", [asked("Tổng vốn đầu tư chiếm bao nhiêu phần trăm GRDP?")])
    assert share.text == "thu ngân sách nhà nước là bao nhiêu?" and share.asks.unit == ""  # a share need not fit it
    area = resolve("Còn cây mắc ca thì sao?", [asked("Diện tích chè đạt bao nhiêu ha?")])
    assert area.text == "cây mắc ca là bao nhiêu ha?" and area.asks.unit == "ha"


def test_the_outline_words_typed_without_diacritics_are_read_as_typed_where_restoring_loses_them():
    restored = {"chi tieu so 12 la gi": "chỉ tiêu sơ 12 là gì", "giai phap thu 4 la gi": "giải pháp thu 4 là gì"}
    number = resolve("chi tieu so 12 la gi", restore=restored.get)
    assert number.target_number == 12 and number.asked == "chi tieu so 12 la gi"
    fourth = resolve("giai phap thu 4 la gi", restore=restored.get)
    assert (fourth.reference.noun, fourth.reference.ordinal) == ("giải pháp", 4)
