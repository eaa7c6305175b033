import pytest

from assistant.answering.retrieval import retrieve


@pytest.mark.parametrize("fusion", ["weighted", "rrf", "keyword", "vector"])
def test_each_fusion_finds_the_target(assistant, fusion):
    hits = retrieve(assistant.index, "Tỷ lệ che phủ rừng đạt bao nhiêu?", 5, fusion)
    assert any("che phủ rừng đạt 55%" in h.chunk.text for h in hits)


def test_a_question_typed_without_diacritics_finds_the_passage(assistant):
    hits = retrieve(assistant.index, "thu nhap binh quan dau nguoi nam 2030", 3)
    assert "55,15 triệu đồng/người/năm" in hits[0].chunk.text


def test_an_abbreviation_finds_the_spelled_out_passage(assistant):
    hits = retrieve(assistant.index, "BHYT", 3)
    assert any("bảo hiểm y tế đạt 96,01%" in h.chunk.text for h in hits)


def test_a_code_with_digits_is_matched_whole(assistant):
    hits = retrieve(assistant.index, "tuyến ĐT.128", 3)
    assert "ĐT.128" in hits[0].chunk.text


def test_hits_are_ranked_best_first_and_know_their_sources(assistant):
    hits = retrieve(assistant.index, "diễn tập phòng thủ dân sự", 5)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].keyword_rank is not None and hits[0].vector_rank is not None
