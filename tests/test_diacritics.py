from assistant.text.diacritics import Restorer

PLAN = ("Tỷ lệ hộ nghèo giảm bình quân 3%/năm. Tập trung phát triển các loại hình du lịch sinh thái, cộng đồng. "
        "Phấn đấu đến năm 2030 có 50% số xã đạt chuẩn nông thôn mới nâng cao.")


def test_a_question_typed_without_diacritics_gets_them_back():
    restorer = Restorer([PLAN])
    assert restorer.restore("ty le ho ngheo giam bao nhieu") == "tỷ lệ hộ nghèo giảm bao nhiêu"
    assert restorer.restore("co phat trien du lich cong dong khong") == "có phát triển du lịch cộng đồng không"


def test_the_documents_decide_between_readings_the_language_finds_alike():
    # «nong thon moi» alone could be «nông thôn mới» or «nóng thơn mỗi»: the documents write the first
    assert Restorer([PLAN]).restore("xa dat chuan nong thon moi") == "xã đạt chuẩn nông thôn mới"


def test_case_acronyms_figures_and_marked_words_are_kept():
    restorer = Restorer([PLAN])
    assert restorer.restore("Muc tieu GRDP nam 2030, 68-NQ/TW?") == "Mục tiêu GRDP năm 2030, 68-NQ/TW?"
    assert restorer.restore("Tỷ lệ hộ nghèo") == "Tỷ lệ hộ nghèo"


def test_a_word_no_source_knows_stays_as_typed():
    assert Restorer([]).restore("zzz qwx") == "zzz qwx"
