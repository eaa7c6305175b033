import pytest

from assistant.understanding.question import content_terms, understand


def test_compounds_are_terms_and_words_across_them_are_not():
    terms = [g[0] for g in content_terms("Tỷ lệ học sinh tốt nghiệp THPT")]
    assert {"tỉ_lệ", "học_sinh", "tốt_nghiệp"} <= set(terms)
    assert "sinh_tốt" not in terms and "lệ_học" not in terms
    assert "đô_thị_hóa" in [g[0] for g in content_terms("Tỷ lệ đô thị hóa")]  # a word of three syllables
    # four syllables the segmenter joins are two words: neither the whole nor the pair across them is a term
    joined = [g[0] for g in content_terms("Để đối phó thiên tai, tỉnh làm gì?")]
    assert {"đối_phó", "thiên_tai"} <= set(joined) and "đối_phó_thiên_tai" not in joined and "phó_thiên" not in joined


def test_typed_without_diacritics_every_pair_counts_with_its_folded_form():
    assert ("che_phu", "che_phu") in content_terms("ty le che phu rung")


@pytest.mark.parametrize("question, figure", [
    ("Có mấy xã đạt chuẩn nông thôn mới?", True),
    ("tỉnh ưu đãi cho mấy người như ông ở những mặt nào?", False),  # «mấy người như …»: those people
    ("Kế hoạch có xây nhà máy không?", False),  # máy, not mấy
    ("Mục tiêu tổng quát là gì?", False),  # mục, not mức
    ("Quyết định đó ban hành ngày nào?", True),
    ("Huyện mình mạnh về mấy loại cây nào, kể giúp với?", False),  # «mấy … nào»: which ones, not how many
    ("Tỉnh định làm gì với mấy cơ sở gây ô nhiễm?", False),  # «làm gì với mấy …»: those
    ("Liệt kê giúp mình mấy công trình điện tỉnh ưu tiên.", False),  # a request for some, not how many
    ("Kể tên mấy khu du lịch được đẩy nhanh nhé", False),
    ("Năm nào lũ cũng về, nhà tôi ngập. Tỉnh định làm gì để chống lũ?", False),  # the story asks nothing
])
def test_what_counts_as_asking_for_a_figure(question, figure):
    assert understand(question).asks_figure is figure


def test_units_asked_in_so_many_words_and_those_only_suggested():
    question = understand("Diện tích chè là bao nhiêu ha?")
    assert question.units == ("ha",)
    assert understand("Tỷ lệ hộ nghèo?").units == () and understand("Tỷ lệ hộ nghèo?").likely_units == ("%",)
    assert understand("có đúng không hả?").units == ()  # «hả» is no hectare


def test_the_parts_of_a_question_borrow_what_they_share():
    parts = understand("Tỷ lệ dân số đô thị và nông thôn được dùng nước sạch là bao nhiêu?").parts
    assert [p.text for p in parts] == ["Tỷ lệ dân số đô thị", "nông thôn được dùng nước sạch là bao nhiêu"]
    assert "Tỷ lệ dân số nông thôn được dùng nước sạch là bao nhiêu" in [r.text for r in parts[1].readings]


def test_what_is_asked_is_read_from_the_asking_part_not_the_story():
    question = understand("Nhà tôi có 3 ha ruộng. Tỉnh hỗ trợ bao nhiêu hộ làm nông?")
    assert question.asks_figure and question.units == () and question.asks.unit == ""


def test_two_questions_in_one_message_are_two_parts_each_with_its_tail():
    parts = understand("Phòng học kiên cố đạt bao nhiêu %? Còn cây chè thì bao nhiêu % diện tích theo chuẩn an toàn, hữu cơ?").parts
    assert [p.text for p in parts] == ["Phòng học kiên cố đạt bao nhiêu %",
                                       "Còn cây chè thì bao nhiêu % diện tích theo chuẩn an toàn, hữu cơ"]
    assert understand("Nhà tôi ở bản xa, tỉnh hỗ trợ bao nhiêu hộ? Còn vay vốn thì sao?").parts[0].text == "tỉnh hỗ trợ bao nhiêu hộ"


def test_a_count_with_may_asks_and_a_later_sentence_keeps_its_opening():
    parts = understand("Tỷ lệ thôn bản có nhà văn hóa là bao nhiêu? Lao động có bằng cấp, chứng chỉ chiếm mấy phần trăm?").parts
    assert [p.text for p in parts] == ["Tỷ lệ thôn bản có nhà văn hóa là bao nhiêu",
                                       "Lao động có bằng cấp, chứng chỉ chiếm mấy phần trăm"]


def test_a_piece_that_asks_two_things_is_two_parts():
    parts = understand("Tuổi thọ bình quân là bao nhiêu, tỷ lệ thấp còi dưới mức nào, và mỗi vạn dân có bao nhiêu bác sĩ?").parts
    assert [p.text for p in parts] == ["Tuổi thọ bình quân là bao nhiêu", "tỷ lệ thấp còi dưới mức nào",
                                       "mỗi vạn dân có bao nhiêu bác sĩ"]


def test_a_part_without_a_question_word_asks_what_the_whole_asks():
    parts = understand("Trạm y tế đạt chuẩn và trường đạt chuẩn quốc gia: tỷ lệ mỗi loại là bao nhiêu?").parts
    assert len(parts) == 2 and all(p.asks_figure and p.asks.answer == "figure" for p in parts)
    which, share = understand("Tỉnh có những vùng kinh tế nào? Còn di tích quốc gia thì bao nhiêu % được tu bổ?").parts
    assert which.asks.answer == "text" and share.asks.answer == "figure"
    count, share = understand("Tỉnh có ít nhất mấy xã đạt chuẩn nông thôn mới, và đường xã cứng hóa bao nhiêu %?").parts
    assert count.asks.counted == "xã" and share.asks.unit == "%"  # «mấy» is a question word of the part's own


def test_a_section_number_is_no_figure():
    question = understand("Điểm d) của mục 3.1 nói về gì?")
    assert question.values == () and question.reference.numbers == ("3", "1")
    assert understand("Chỉ tiêu thứ 10 là gì?").values == ()  # an ordinal, not a figure
    assert understand("Có 10 xã đạt chuẩn phải không?").values == ("10",)
    assert understand("Bác năm nay 60 rồi, tỉnh có làm đường cao tốc không?").values == ()  # an age, counting nothing
    assert understand("Chỉ tiêu (14) là gì?").target_number == 14
    assert understand("<img onerror=alert(1)> tàu vũ trụ").target_number is None  # a call's argument, no target
