from assistant.text.lexicon import expand, terms, words
from assistant.text.stopwords import is_stopword, stop_mask


def test_numbers_and_codes_stay_whole():
    tokens = words("đạt trên 4.500 tỷ đồng; 55,15 triệu; 9-10% GRDP; 2x900MVA; ĐT.132; Nghị quyết 68-NQ/TW")
    for token in ["4.500", "55,15", "9-10%", "2x900mva", "đt.132", "68-nq/tw", "68"]:
        assert token in tokens


def test_abbreviations_are_understood_both_ways():
    assert "bảo hiểm y tế" in expand("BHYT bao phủ bao nhiêu")
    assert "bhyt" in expand("tỷ lệ bao phủ bảo hiểm y tế").split()
    assert "trung học cơ sở" in expand("ty le hoc sinh THCS")


def test_terms_hold_pairs_and_forms_without_diacritics():
    found = terms("che phủ rừng")
    assert {"che", "phủ", "che_phủ", "phu", "che_phu"} <= set(found)


def test_stopwords_are_known_with_or_without_diacritics():
    assert is_stopword("bao nhiêu") and is_stopword("bao nhieu") and is_stopword("không")
    assert not is_stopword("rừng") and not is_stopword("bao")  # «bao» of «bao phủ» names something


def test_a_stopword_phrase_is_set_aside_only_whole():
    assert stop_mask(words("dân số dự kiến đạt")) == [False, False, True, True, True]
    assert stop_mask(words("các dự án thủy điện")) == [True, False, False, False, False]


def test_a_word_joined_to_a_number_by_a_slash_still_pairs_with_the_word_before():
    from assistant.text.lexicon import terms
    found = terms("Có trên 13,5 bác sỹ/1 vạn dân")
    assert "bác_sĩ" in found and "bác_sĩ/1" in found  # «bác sĩ» is a word of the plan, as is the joined token
