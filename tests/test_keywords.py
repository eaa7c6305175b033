from assistant.store.keywords import KeywordIndex
from assistant.store.postings import Postings


def test_query_without_diacritics_finds_the_passage():
    texts = ["Tỷ lệ che phủ rừng đạt 55%.", "Dân số đến năm 2030 đạt trên 530 nghìn người.", "Tỷ lệ hộ nghèo giảm 3%/năm."]
    index = KeywordIndex(texts)
    assert index.search("ty le che phu rung", 1)[0][0] == 0
    assert index.search("dan so nam 2030", 1)[0][0] == 1


def test_unrelated_query_finds_nothing():
    index = KeywordIndex(["Tỷ lệ che phủ rừng đạt 55%.", "Dân số đạt 530 nghìn người."])
    assert index.search("máy bay", 3) == []


def test_postings_know_which_texts_hold_a_term_and_how_often():
    postings = Postings([["rừng", "che", "rừng"], ["dân", "số"]])
    ids, counts = postings.holders("rừng")
    assert list(ids) == [0] and list(counts) == [2.0]
    assert postings.frequency("số") == 1 and postings.frequency("biển") == 0 and "biển" not in postings
