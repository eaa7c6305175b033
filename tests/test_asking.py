"""A question analysed once: its language, the answer it wants, the asker's story, the words that name nothing."""

import pytest

from assistant.text.chat import story_part
from assistant.text.rarity import language, rarity, specificity
from assistant.understanding.asking import read_asks, without_form_words
from assistant.understanding.question import key_words, understand


@pytest.mark.parametrize("text, expected", [
    ("Tỷ lệ che phủ rừng đạt bao nhiêu?", "vi"),
    ("ty le ho ngheo giam bao nhieu moi nam", "vi-plain"),
    ("What forest cover rate does the province aim for?", "en"),
    ("How many workers will Lai Châu train each year?", "en"),  # a Vietnamese name in it is one word of it
    ("GRDP 2030", "vi-plain"),  # an abbreviation and a year are no English sentence
])
def test_the_language_a_question_is_in(text, expected):
    assert language(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Về tín dụng ngân hàng, kế hoạch yêu cầu gì?", {"yêu_cầu"}),
    ("Kinh tế tư nhân được kế hoạch xác định vai trò gì?", {"xác_định"}),
    ("Kế hoạch sẽ ưu tiên những việc gì cho thiên tai?", {"ưu_tiên"}),  # past «sẽ»
    ("Theo kế hoạch, tỉnh phát triển gì?", set()),  # the province does it: the plan is no subject
    ("Tỉnh định hướng thế nào đối với chè?", set()),
    ("Kể tên các di tích được nhắc trong kế hoạch", {"nhắc"}),  # where in the plan it is said
])
def test_the_verbs_whose_subject_is_the_plan_say_what_is_asked_of_it(text, expected):
    assert set(understand(text).plan_verbs) == expected


@pytest.mark.parametrize("text, expected", [
    ("Ý b) của mục 3.3 là về việc gì?", {"việc"}),
    ("Tỉnh ưu tiên phát triển ngành công nghiệp nào?", {"ngành"}),  # the head of what «nào» asks after
    ("Ngành nào được ưu tiên?", set()),  # opening the question, it may be its topic
    ("Tỷ lệ hộ nghèo giảm bao nhiêu?", set()),
])
def test_the_noun_naming_the_kind_of_thing_asked_after_is_read(text, expected):
    assert set(understand(text).kind_nouns) == expected


def test_the_noun_naming_a_span_of_years_a_period_is_read():
    assert understand("Thời kỳ 2026 - 2030 GRDP tăng bao nhiêu?").period_words == {"thời_kì"}
    assert understand("GRDP năm 2030 đạt bao nhiêu?").period_words == frozenset()


def test_everyday_words_weigh_nothing_and_rare_ones_fully():
    assert rarity("giờ") == rarity("thêm") == 0.0
    assert rarity("golf") > 0.8 and rarity("homestay") == 1.0
    assert rarity("gio") == 0.0  # typed without diacritics: as common as «giờ»
    assert specificity("chè") == 1.0 and specificity("biết") < specificity("nghèo")


@pytest.mark.parametrize("question, answer, unit, form", [
    ("Tỷ lệ hộ nghèo giảm bao nhiêu phần trăm mỗi năm?", "figure", "%", "fact"),
    ("Nghị quyết 50-NQ/TW ban hành ngày nào?", "date", "", "fact"),
    ("Bao giờ thì hoàn thành hầm đường bộ?", "year", "", "fact"),
    ("Tỉnh có hỗ trợ người trồng chè không ạ?", "text", "", "yesno"),
    ("Những tuyến quốc lộ nào được nâng cấp?", "text", "", "list"),
    ("Tóm tắt giúp tôi phần phát triển du lịch.", "text", "", "summary"),
    ("Điểm qua các giải pháp chủ yếu ở phần II.", "text", "", "summary"),  # «điểm qua»: run through, no outline «điểm»
    ("Kế hoạch nói gì về y tế, tóm gọn giúp tôi", "text", "", "summary"),
    ("Tổng quan về du lịch trong kế hoạch?", "text", "", "summary"),
    ("Tỷ lệ trường đạt chuẩn so với xã đạt chuẩn y tế, bên nào cao hơn?", "figure", "", "compare"),
    ("How many communes should reach the new-style rural standard?", "figure", "", "fact"),
    ("Does the plan mention climate change?", "text", "", "yesno"),
    ("On what date was the resolution issued?", "date", "", "fact"),
    ("Công ty nào là nhà đầu tư khu du lịch?", "name", "", "fact"),  # who: a company's name
    ("Sở nào chủ trì theo dõi chỉ tiêu giáo dục?", "name", "", "fact"),  # who: a body the plan would name
    ("Nghị quyết đó do ai ban hành?", "name", "", "fact"),
    ("Tỉnh có ứng dụng AI trong quản lý không?", "text", "", "yesno"),  # «AI» is no «ai»
    ("Tỉnh có khuyến khích doanh nghiệp nào không?", "text", "", "fact"),  # «any company?», not «which»
])
def test_the_answer_a_question_wants(question, answer, unit, form):
    asks = understand(question).asks
    assert (asks.answer, asks.unit, asks.form) == (answer, unit, form)


def test_a_count_is_of_the_noun_after_the_last_count_word():
    assert understand("Có bao nhiêu xã đạt chuẩn nông thôn mới?").asks.counted == "xã"
    assert understand("Mình mở thêm mấy phòng, khách mỗi năm tăng bao nhiêu?").asks.counted == ""
    assert understand("Tỉnh đào tạo nghề cho bao nhiêu người?").asks.counted == ""  # people, of whatever kind
    assert understand("Có bao nhiêu trạm y tế đạt chuẩn?").asks.counted == "trạm"  # «trạm», not «trăm» (a hundred)


@pytest.mark.parametrize("question, unit", [
    ("Diện tích quế trồng mới được bao nhiêu héc-ta?", "ha"),  # a loanword's syllables joined by hyphens
    ("Diện tích quế trồng mới được bao nhiêu héc ta?", "ha"),
    ("Làm mới được bao nhiêu ki-lô-mét đường?", "km"),
])
def test_a_unit_spelled_out_is_asked_and_names_no_topic(question, unit):
    read = understand(question)
    assert (read.asks.unit, read.asks.counted) == (unit, "")
    assert not {"héc", "héc-ta", "ki-lô-mét", "ki", "ta", "mét"} & {g[0] for g in read.terms}


def test_an_english_question_s_unit_is_read_in_its_spelling():
    assert understand("How many kilometres of border roads will be built?").asks.unit == "km"
    assert understand("How many hectares of tea will be grown?").asks.unit == "ha"


@pytest.mark.parametrize("question", [
    "Nhà tôi trồng chè mấy chục năm rồi, tỉnh có hỗ trợ gì không?",  # «mấy chục năm»: a while, not a question
    "Mấy năm tới tỉnh xây đô thị kiểu gì?",
])
def test_a_stretch_of_time_with_may_asks_no_figure(question):
    assert understand(question).asks.answer == "text"


def test_a_question_word_saying_every_asks_nothing():
    question = "Nhà tôi ở sát mép suối, mùa mưa năm nào cũng lở đất, tỉnh có tính làm gì chắn sạt lở không?"
    assert story_part(question) == "Nhà tôi ở sát mép suối, mùa mưa năm nào cũng lở đất,"
    assert understand(question).asks.answer == "text"  # no year is asked
    assert understand("Năm nào tỉnh hết hộ nghèo?").asks.unit == "năm"


def test_sentences_told_before_the_question_are_the_story():
    question = "Nhà tôi ở tít trong bản chưa có điện. Đến 2030 tỉnh tính bao nhiêu hộ có điện?"
    assert story_part(question) == "Nhà tôi ở tít trong bản chưa có điện."
    assert "tít" in understand(question).story_terms
    assert story_part("Bản em còn nhiều người không biết chữ. Tỉnh có nói gì về chuyện này?") == ""  # it points back


def test_words_asking_for_a_form_name_no_topic():
    assert without_form_words("tóm tắt ngắn gọn phần du lịch") == "phần du lịch"
    assert without_form_words("kể tên các di tích") == "các di tích"
    terms = [g[0] for g in understand("Tỷ lệ A so với tỷ lệ B thì chênh nhau bao nhiêu?").terms]
    assert "chênh" not in terms


def test_key_words_are_compounds_where_the_segmenter_found_them():
    question = understand("Tỷ lệ che phủ rừng đạt bao nhiêu?")
    words = [g[0] for g in key_words(question.terms, question.language)]
    assert "che_phủ" in words and "che" not in words and "phủ" not in words
    plain = understand("ty le che phu rung")
    assert "che" in [g[0] for g in key_words(plain.terms, plain.language)]


def test_english_asks_are_read_in_english():
    assert read_asks("what percentage of households use the grid?", "en", False, ()).unit == "%"
    # a question word inside a sentence asks; words with none, no «?» and no request ask nothing
    assert read_asks("as an investor, i'd like to know which power projects will be built", "en", False, ()).question
    assert not read_asks("the province plan for tourism and forests", "en", False, ()).question
    # a figure asked in English words is asked as one in Vietnamese would be («Lào Cai»: another province's figure)
    assert understand("What forest cover rate has Lào Cai province set for 2030?").asks_figure
    assert not understand("What does the plan say about Lào Cai?").asks_figure


def test_a_place_asked_about_as_the_askers_own_or_one_named_before():
    from assistant.understanding.asking import own_place
    assert own_place("xã em có bao nhiêu hộ nghèo?") == "xã em"
    assert own_place("Huyện đó được đầu tư bao nhiêu?") == "huyện đó"
    assert own_place("tỉnh mình giảm nghèo bao nhiêu?") == "" and own_place("bản xa có điện chưa?") == ""
