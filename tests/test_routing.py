"""A library with a main plan: unscoped questions go to it first, a named province to its own document."""

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.service import Assistant
from assistant.understanding.routing import Router

PLAN = """KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI TỈNH LAI CHÂU GIAI ĐOẠN 2026-2030
I. MỤC TIÊU
1. Các chỉ tiêu chủ yếu
(1) Tỷ lệ che phủ rừng của tỉnh Lai Châu đạt 55%.
(2) Dân số tỉnh Lai Châu đến năm 2030 đạt trên 530 nghìn người.
"""
OTHER = """KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI TỈNH ĐIỆN BIÊN GIAI ĐOẠN 2026-2030
I. MỤC TIÊU
1. Các chỉ tiêu chủ yếu
(1) Tỷ lệ che phủ rừng của tỉnh Điện Biên đạt 47%.
(2) Tỷ lệ hộ dân tỉnh Điện Biên dùng điện lưới quốc gia đạt 99%.
"""
SECTOR = """KẾ HOẠCH PHÁT TRIỂN NĂNG LƯỢNG TỈNH LAI CHÂU GIAI ĐOẠN 2026-2030
I. MỤC TIÊU
(1) Tỷ lệ hộ dân tỉnh Lai Châu dùng điện lưới quốc gia đạt 98%.
"""
FOREST = "Tỷ lệ che phủ rừng đạt bao nhiêu?"
POWER = "Tỷ lệ hộ dân dùng điện lưới quốc gia đạt bao nhiêu?"


@pytest.fixture()
def library(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lai-chau.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "dien-bien.txt").write_text(OTHER, encoding="utf-8")
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", main_document="lai-chau.txt")


def test_an_unscoped_question_is_answered_from_the_main_plan(library, embeddings):
    assistant = Assistant.from_settings(library, embeddings)
    answer = assistant.ask(FOREST).answer
    assert "55%" in answer.text and "47%" not in answer.text
    assert {c.chunk.document for c in answer.citations} == {"lai-chau.txt"}


def test_a_named_province_goes_to_its_document_and_another_provinces_plan_never_fills_a_silence(library, embeddings):
    assistant = Assistant.from_settings(library, embeddings)
    named = assistant.ask("Tỷ lệ che phủ rừng tỉnh Điện Biên đạt bao nhiêu?").answer
    assert "47%" in named.text and {c.chunk.document for c in named.citations} == {"dien-bien.txt"}
    silent = assistant.ask(POWER).answer  # only Điện Biên's plan says it: not an answer about Lai Châu
    assert silent.refused and "99%" not in silent.text
    assert "99%" in assistant.ask(POWER.replace("hộ dân", "hộ dân tỉnh Điện Biên")).answer.text
    assert assistant.ask(FOREST, document="dien-bien.txt").answer.citations[0].chunk.document == "dien-bien.txt"


def test_the_main_provinces_other_documents_answer_what_the_main_plan_does_not_say(library, embeddings):
    (library.corpus_dir / "nang-luong-lai-chau.txt").write_text(SECTOR, encoding="utf-8")
    assistant = Assistant.from_settings(library, embeddings)
    power = assistant.ask(POWER).answer
    assert "98%" in power.text and "99%" not in power.text
    assert {c.chunk.document for c in power.citations} == {"nang-luong-lai-chau.txt"}
    assert "55%" in assistant.ask(FOREST).answer.text  # the main plan first


def test_a_question_asked_in_the_main_plan_is_answered_as_if_the_plan_stood_alone(library, embeddings, tmp_path):
    alone = replace(library, corpus_dir=tmp_path / "alone", index_dir=tmp_path / "alone-index", main_document="")
    alone.corpus_dir.mkdir()
    (alone.corpus_dir / "lai-chau.txt").write_text(PLAN, encoding="utf-8")
    in_library, by_itself = Assistant.from_settings(library, embeddings), Assistant.from_settings(alone, embeddings)
    for question in (FOREST, "Dân số đến năm 2030 là bao nhiêu?", "Kế hoạch có bao nhiêu chỉ tiêu?", "Năm 2035 thì sao?"):
        assert in_library.ask(question).answer == by_itself.ask(question).answer


def test_a_main_document_not_in_the_corpus_is_named_in_the_message(library, embeddings):
    with pytest.raises(AssistantError, match="ASSISTANT_MAIN_DOCUMENT=«ke-hoach.txt» không có trong kho. Chọn một trong:"):
        Assistant.from_settings(replace(library, main_document="ke-hoach.txt"), embeddings)


def test_routes_without_a_main_document_and_with_one():
    router = Router(["a.txt", "b.txt"], [{"places": {"Lai Châu": 3}}, {"places": {"Điện Biên": 2}}])
    assert router.scopes("Tỷ lệ che phủ rừng?") == [None] and router.home == ""
    main = Router(["a.txt", "b.txt"], [{"places": {"Lai Châu": 3}}, {"places": {"Điện Biên": 2}}], "a.txt")
    assert main.scopes("Tỷ lệ che phủ rừng?") == [("a.txt",)] and main.home == "Lai Châu"
    assert main.scopes("che phu rung tinh dien bien") == [("b.txt",)] and main.scopes("x", chosen="b.txt") == [("b.txt",)]
    three = Router(["a.txt", "b.txt", "c.txt", "d.txt"], [{"places": {"Lai Châu": 3}}, {"places": {"Điện Biên": 2}},
                                                          {"places": {"Lai Châu": 1}}, {"places": {}}], "a.txt")
    assert three.scopes("Tỷ lệ che phủ rừng?") == [("a.txt",), ("c.txt", "d.txt")]
    assert three.scopes("rừng Lai Châu và Điện Biên") == [("a.txt", "b.txt", "c.txt")]


def test_the_models_look_up_stays_in_the_documents_the_answer_was_read_in(library, embeddings):
    from assistant.generation.chat_model import make_chat_model
    from tests.fake_llm import FakeChatServer, Reply, passage_number

    look_up = {"name": "tra_cuu_chi_tieu", "arguments": {"query": "che phủ rừng"}}
    replies = [Reply(tool_call=look_up), Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{passage_number(r, '55%')}]."),
               Reply(tool_call=look_up), Reply(lambda r: "Tỷ lệ che phủ rừng đạt 47% [1].")]
    with FakeChatServer(replies) as server:
        assistant = Assistant.from_settings(library, embeddings, make_chat_model(server.url, "fake", "", 5.0))
        main = assistant.ask(FOREST).answer  # the main plan, Lai Châu
        chosen = assistant.ask(FOREST, document="dien-bien.txt").answer
    found = [server.requests[i]["messages"][-1]["content"] for i in (1, 3)]  # what each look-up returned
    assert "55%" in found[0] and "47%" not in found[0] and "55%" in main.text
    assert "47%" in found[1] and "55%" not in found[1] and "47%" in chosen.text
