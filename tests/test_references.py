import pytest

from assistant.understanding.references import Reference, read_reference


@pytest.mark.parametrize("question, expected", [
    ("Ý g) trong nhiệm vụ trọng tâm 3.1 đề cập đến gì?", Reference(numbers=("3", "1"), letter="g", noun="nhiệm vụ")),
    ("Nội dung giải pháp đầu tiên (mục II.1)?", Reference(numbers=("II", "1"), noun="giải pháp", ordinal=1)),
    ("giải pháp cuối cùng nói về điều gì?", Reference(noun="giải pháp", ordinal=-1)),
    ("giai phap thu tu la gi", Reference(noun="giải pháp", ordinal=4)),
    ("thế còn ý g) ngay sau đó?", Reference(letter="g", noun="ý", relative=1)),
    ("Có bao nhiêu chỉ tiêu chủ yếu?", Reference(noun="chỉ tiêu", count=True)),
    ("Chỉ tiêu doanh thu du lịch thuộc nhóm nào?", Reference(noun="chỉ tiêu", group_of="thuộc nhóm nào")),
    ("Việc làm đường nông thôn nằm trong nhóm nhiệm vụ nào?", Reference(noun="nhiệm vụ", group_of="trong nhóm nhiệm vụ nào")),
    ("Kế hoạch chia nhiệm vụ trọng tâm thành mấy nhóm?", Reference(noun="nhóm", count=True)),
    ("Phần nói về đối ngoại là mục nào?", Reference(noun="mục", group_of="mục nào")),
    ("Phần nói về đối ngoại là mục số mấy?", Reference(noun="mục", group_of="là mục số mấy")),
    ("Muốn đọc về biên giới thì xem mục số mấy?", Reference(noun="mục", group_of="mục số mấy")),
    ("Điểm b mục 3.2 nói gì?", Reference(numbers=("3", "2"), letter="b", noun="mục")),
    ("Bình đẳng giới được nhắc ở điểm nào của mục 3.2?", Reference(numbers=("3", "2"), noun="mục", group_of="điểm nào của")),
    ("Chuyện giảm nghèo xếp vào tiểu mục nào?", Reference(noun="mục", group_of="vào tiểu mục nào")),
    ("Chuyển đổi số được nhắc ở những mục nào?", Reference(noun="mục", group_of="ở những mục nào")),
    ("Phát triển kinh tế vùng là ý thứ mấy của mục 3.1?", Reference(numbers=("3", "1"), noun="ý", group_of="là ý thứ mấy")),
    ("Trong mục 3.2 phần nào nói về y tế?", Reference(numbers=("3", "2"), noun="mục", group_of="phần nào nói")),
    ("Giảm nghèo nằm ở đâu trong kế hoạch?", Reference(group_of="nằm ở đâu trong kế hoạch")),
    ("Ý cuối cùng của mục 3.2 là gì?", Reference(numbers=("3", "2"), noun="ý", ordinal=-1)),
    ("Đâu là nhóm nhiệm vụ về quốc phòng?", Reference(noun="nhiệm vụ", group_of="đâu là nhóm")),
    ("Chương II nói gì?", Reference(numbers=("II",))),
])
def test_outline_references_are_read(question, expected):
    found = read_reference(question)
    for field in ("numbers", "letter", "ordinal", "relative", "count", "group_of"):
        assert getattr(found, field) == getattr(expected, field), field
    assert found.noun == expected.noun


@pytest.mark.parametrize("question", ["Tỷ lệ che phủ rừng đạt bao nhiêu?", "Thu nhập tăng 4.5% mỗi năm?",
                                      "Nhà máy chế biến ở đâu?", "Đồn biên phòng mới đặt ở những điểm nào?",
                                      "Dự án khu du lịch nằm ở đâu?", "Phần nào cải thiện đời sống của dân?",
                                      "Tỷ lệ hộ nghèo giảm mấy điểm phần trăm mỗi năm?"])
def test_questions_that_name_no_part_of_the_outline(question):
    assert not read_reference(question)


def test_a_list_of_parts_asks_what_they_are_not_where_something_stands():
    assert read_reference("Kế hoạch gồm những mục nào?").group_of == ""
    assert read_reference("Giải pháp có các phần nào?").group_of == ""


def test_the_outline_as_a_whole_is_named_by_its_own_words():
    assert read_reference("Bố cục của kế hoạch thế nào?").whole and read_reference("Mục lục có những gì?").whole
    assert not read_reference("Kế hoạch gồm mấy phần?").whole  # a count of parts, read with its noun


@pytest.mark.parametrize("question, expected", [
    ("How many main targets does the plan set?", Reference(noun="chỉ tiêu", count=True)),
    ("What is section 3.3 about?", Reference(numbers=("3", "3"), noun="mục")),
    ("What does the second solution say?", Reference(noun="giải pháp", ordinal=2)),
    ("Which section of the plan deals with tourism?", Reference(noun="mục", group_of="thuộc mục nào")),
])
def test_an_english_questions_outline_words_are_read_as_the_vietnamese_ones(question, expected):
    found = read_reference(question, "en")
    for field in ("numbers", "noun", "ordinal", "count", "group_of"):
        assert getattr(found, field) == getattr(expected, field), field
    assert read_reference("What is the structure of the plan?", "en").whole
    assert not read_reference("What is the structure of the tourism sector?", "en").whole
