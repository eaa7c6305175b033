import unicodedata

from assistant.text.normalize import clean_text, fold, match_form, unify_tones
from assistant.text.paragraphs import join_wrapped


def test_nfd_input_becomes_nfc():
    decomposed = unicodedata.normalize("NFD", "quyết khiếu nại")
    assert clean_text(decomposed) == "quyết khiếu nại"


def test_both_tone_styles_match_the_same():
    assert match_form("văn hoá") == match_form("văn hóa")
    assert match_form("thuỷ lợi") == match_form("thủy lợi")
    assert match_form("Khoẻ") == match_form("khỏe")
    assert unify_tones("quý") == "quý"  # qu + y: the tone stays on y in both styles
    assert unify_tones("hoàng") == "hoàng"  # a final consonant: nothing to move


def test_a_document_is_read_in_one_tone_style_whichever_it_mixes():
    assert clean_text("Kế hoạch hoá gia đình; thuỷ sản; sức khoẻ.\nCông nghiệp hóa") == (
        "Kế hoạch hóa gia đình; thủy sản; sức khỏe.\nCông nghiệp hóa")


def test_fold_strips_diacritics_and_d_bar():
    assert fold("Tỷ lệ che phủ rừng") == "Ty le che phu rung"
    assert fold("Đường tỉnh ĐT.132") == "Duong tinh DT.132"


def test_page_number_line_inside_a_sentence_is_removed_and_wrap_joined():
    raw = "rà soát các dự \n\n4 \n\nán phát điện đang vận hành."
    paragraphs = join_wrapped(clean_text(raw).split("\n"))
    assert [p for p, _ in paragraphs] == ["rà soát các dự án phát điện đang vận hành."]


def test_doubled_phrase_is_removed_but_a_repeated_word_across_a_heading_is_kept():
    assert clean_text("hoàn thành 1.500 căn nhà ở xã hội xã hội") == "hoàn thành 1.500 căn nhà ở xã hội"
    assert "Phát triển" in clean_text("du lịch phát triển\nPhát triển các ngành")


def test_wrapped_lines_join_into_paragraphs_along_the_outline():
    lines = [
        " 2.1. Về kinh tế ",
        "(1) Tốc độ tăng trưởng GRDP đạt bình quân khoảng 10%. GRDP bình ",
        "quân đầu người đạt 90 triệu đồng. ",
        "a) Phát triển nông, lâm nghiệp hàng hóa; tạo đột phá trong xây dựng ",
        "nông thôn mới ",
        "Khai thác tiềm năng, lợi thế địa phương. ",
    ]
    assert [p for p, _ in join_wrapped(lines)] == [
        "2.1. Về kinh tế",
        "(1) Tốc độ tăng trưởng GRDP đạt bình quân khoảng 10%. GRDP bình quân đầu người đạt 90 triệu đồng.",
        "a) Phát triển nông, lâm nghiệp hàng hóa; tạo đột phá trong xây dựng nông thôn mới",
        "Khai thác tiềm năng, lợi thế địa phương.",
    ]


def test_whitespace_and_control_characters_are_folded():
    assert clean_text("  Dân  số đạt\u00a0530 nghìn\x00 người\t ") == "Dân số đạt 530 nghìn người"


def test_a_tab_or_aligned_columns_inside_a_line_separate_table_cells():
    assert clean_text("Chỉ tiêu\tĐơn vị\t2026") == "Chỉ tiêu | Đơn vị | 2026"
    assert clean_text("1   Độ che phủ rừng    %    51,2") == "1 | Độ che phủ rừng | % | 51,2"
    assert clean_text("\tMột đoạn  thụt   đầu dòng.") == "Một đoạn thụt đầu dòng."  # one wide gap is no table
