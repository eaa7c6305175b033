from assistant.keywords import KeywordIndex, expand, words


def test_numbers_and_codes_stay_whole():
    tokens = words("đạt trên 4.500 tỷ đồng; 55,15 triệu; 9-10% GRDP; 2x900MVA; ĐT.132; Nghị quyết 68-NQ/TW")
    for token in ["4.500", "55,15", "9-10%", "2x900mva", "đt.132", "68-nq/tw", "68"]:
        assert token in tokens


def test_abbreviations_are_understood_both_ways():
    assert "bảo hiểm y tế" in expand("BHYT bao phủ bao nhiêu")
    assert "bhyt" in expand("tỷ lệ bao phủ bảo hiểm y tế").split()
    assert "trung học cơ sở" in expand("ty le hoc sinh THCS")


def test_query_without_diacritics_finds_the_passage():
    texts = ["Tỷ lệ che phủ rừng đạt 55%.", "Dân số đến năm 2030 đạt trên 530 nghìn người.", "Tỷ lệ hộ nghèo giảm 3%/năm."]
    index = KeywordIndex(texts)
    assert index.search("ty le che phu rung", 1)[0][0] == 0
    assert index.search("dan so nam 2030", 1)[0][0] == 1


def test_unrelated_query_finds_nothing():
    index = KeywordIndex(["Tỷ lệ che phủ rừng đạt 55%.", "Dân số đạt 530 nghìn người."])
    assert index.search("máy bay", 3) == []
