import csv
import socket

import pytest
from gradio_client import Client

from assistant.errors import AssistantError
from assistant.web import UNEXPECTED, build_ui, reply, respond


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broken:
    """An assistant whose every answer fails, as a bug would."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def ask(self, question, previous=()):
        raise self.error


def test_reply_shows_the_answer_with_numbered_sources(assistant):
    text = reply(assistant, "Tỷ lệ che phủ rừng đạt bao nhiêu?")
    assert "«Tỷ lệ che phủ rừng»: 55% [1]" in text
    assert "**Nguồn** (bấm để xem nguyên văn)" in text
    assert "<details><summary>[1] I &gt; 2. Các chỉ tiêu chủ yếu &gt; 2.3. Về môi trường &gt; (15)" in text
    assert "(15) <b>Tỷ lệ che phủ rừng đạt 55%</b>." in text  # the passage, the quoted words in bold


def test_a_user_error_is_shown_in_vietnamese_and_a_bug_never_as_a_trace():
    assert reply(Broken(AssistantError("Câu hỏi đang trống.")), "") == "⚠️ Câu hỏi đang trống."
    message = reply(Broken(RuntimeError("boom")), "x")
    assert message == UNEXPECTED and "boom" not in message


def test_respond_appends_both_turns_and_clears_the_box(assistant):
    history, box = respond(assistant, "Dân số năm 2030?", [])
    assert box == ""
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert "530 nghìn" in history[1]["content"]


@pytest.fixture(scope="module")
def server(assistant):
    demo = build_ui(assistant)
    port = free_port()
    demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    demo.close()


def test_the_running_app_answers_through_gradio_client(server):
    client = Client(server, verbose=False)
    history, box = client.predict("Thu ngân sách nhà nước đến năm 2030 đạt bao nhiêu?", [], api_name="/chat")
    assert box == ""
    answer = history[-1]["content"][0]["text"]
    assert "4.500 tỷ đồng" in answer and "[1]" in answer
    history, _ = client.predict("ty le che phu rung", history, api_name="/chat")
    assert len(history) == 4
    assert "55%" in history[-1]["content"][0]["text"]


def test_target_search_filters_and_links_each_row_to_its_passage(assistant, tmp_path):
    from assistant.web import ALL_GROUPS, search_targets, target_source, targets_csv

    table, ids = search_targets(assistant, "bao hiem y te", ALL_GROUPS, "")
    assert table[0][:4] == ["(10)", "xã hội", "tỷ lệ bao phủ bảo hiểm y tế", "96,01%"]
    environment, _ = search_targets(assistant, "", "môi trường", "")
    assert {row[0] for row in environment} == {"(15)", "(16)", "(17)", "(18)"}
    source = target_source(assistant, ids, 0)
    assert source.startswith("**Nguồn:** I &gt; 2. Các chỉ tiêu chủ yếu &gt; 2.2. Về xã hội &gt; (10)")
    assert "**tỷ lệ bao phủ bảo hiểm y tế đạt 96,01%**" in source
    assert target_source(assistant, ids, 999) == ""
    with open(targets_csv(assistant, ids, tmp_path), encoding="utf-8-sig", newline="") as f:
        records = list(csv.DictReader(f))
    assert records[0]["value_text"] == "96,01" and records[0]["unit"] == "%"


def test_the_running_app_serves_the_target_table_and_its_csv(server):
    client = Client(server, verbose=False)
    table, csv_path, source = client.predict("", "môi trường", "", api_name="/targets")
    assert [row[3] for row in table["data"]] == ["55%", "95%", "90%", "65%", "98%"]
    text = open(csv_path, encoding="utf-8-sig").read()
    assert text.startswith("id,number,group,indicator") and text.count("\n") == 6
    assert source == ""


def test_a_follow_up_through_the_gradio_api_is_read_with_the_turn_before(server):
    client = Client(server, verbose=False)
    history, _ = client.predict("Tỷ lệ chất thải rắn sinh hoạt đô thị được xử lý là bao nhiêu?", [], api_name="/chat")
    assert "95%" in history[-1]["content"][0]["text"]
    history, _ = client.predict("còn nông thôn thì sao?", history, api_name="/chat")
    answer, sources = history[-1]["content"][0]["text"].split("**Nguồn**")
    assert answer.startswith("_Hiểu câu hỏi là: Tỷ lệ chất thải rắn sinh hoạt đô thị được xử lý là bao nhiêu — nông thôn?_")
    assert "90%" in answer and "95%" not in answer
    assert "(16)" in sources
    history, _ = client.predict("Dân số năm 2030?", history, api_name="/chat")  # a new topic stands alone
    assert "530 nghìn" in history[-1]["content"][0]["text"] and "Hiểu câu hỏi là" not in history[-1]["content"][0]["text"]
