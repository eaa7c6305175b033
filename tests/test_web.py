import csv
import re

import pytest
from gradio_client import Client

from assistant.errors import AssistantError
from assistant.web.chat import UNEXPECTED_ANSWER, respond
from tests.fake_llm import FakeChatServer, Reply
from tests.helpers import forest, with_llm


class Broken:
    """An assistant whose every answer fails, as a bug would."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def ask_stream(self, question, previous=(), document=None):
        raise self.error


def test_reply_shows_the_answer_with_numbered_sources(assistant):
    history, _, turns = respond(assistant, "Tỷ lệ che phủ rừng đạt bao nhiêu?", [])
    text = history[-1]["content"]
    assert turns[0]["sources"][0]["label"].startswith("I > 2. Các chỉ tiêu chủ yếu > 2.3. Về môi trường > (15)")
    assert "«Tỷ lệ che phủ rừng»: 55% [1]" in text
    assert "**Nguồn** (bấm để xem nguyên văn)" in text
    assert "<details><summary>[1] I &gt; 2. Các chỉ tiêu chủ yếu &gt; 2.3. Về môi trường &gt; (15)" in text
    assert "(15) <b>Tỷ lệ che phủ rừng đạt 55%</b>." in text  # the passage, the quoted words in bold


def test_a_user_error_is_shown_in_vietnamese_and_a_bug_never_as_a_trace():
    assert respond(Broken(AssistantError("Câu hỏi đang trống.")), "", [])[0][-1]["content"] == "Lỗi: Câu hỏi đang trống."
    message = respond(Broken(RuntimeError("boom")), "x", [])[0][-1]["content"]
    assert message == UNEXPECTED_ANSWER and "boom" not in message


def test_respond_appends_both_turns_and_clears_the_box(assistant):
    history, box, turns = respond(assistant, "Dân số năm 2030?", [])
    assert box == "" and len(turns) == 1
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert "530 nghìn" in history[1]["content"]


def test_the_running_app_answers_through_gradio_client(server):
    client = Client(server, verbose=False)
    history, box, _ = client.predict("Thu ngân sách nhà nước đến năm 2030 đạt bao nhiêu?", api_name="/chat")
    assert box == ""
    answer = history[-1]["content"][0]["text"]
    assert "4.500 tỷ đồng" in answer and "[1]" in answer
    history, *_ = client.predict("ty le che phu rung", api_name="/chat")
    assert len(history) == 4
    assert "55%" in history[-1]["content"][0]["text"]


def test_follow_ups_through_the_gradio_api_point_at_what_was_answered(server):
    client = Client(server, verbose=False)
    history, _, _ = client.predict("Mục 3.4 gồm những gì?", api_name="/chat")
    history, _, _ = client.predict("ý thứ hai là gì?", api_name="/chat")
    assert "Bảo đảm an ninh quốc gia" in history[-1]["content"][0]["text"]


def test_target_search_filters_and_links_each_row_to_its_passage(assistant, tmp_path):
    from assistant.web.tables import (
        ALL_GROUPS,
        search_targets,
        target_source,
        targets_csv,
    )

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
    history, *_ = client.predict("Tỷ lệ chất thải rắn sinh hoạt đô thị được xử lý là bao nhiêu?", api_name="/chat")
    assert "95%" in history[-1]["content"][0]["text"]
    history, *_ = client.predict("còn nông thôn thì sao?", api_name="/chat")
    answer, sources = history[-1]["content"][0]["text"].split("**Nguồn**")
    assert answer.startswith("_Hiểu câu hỏi là: Tỷ lệ chất thải rắn sinh hoạt đô thị được xử lý là bao nhiêu — nông thôn?_")
    assert "90%" in answer and "95%" not in answer
    assert "(16)" in sources
    history, *_ = client.predict("Dân số năm 2030?", api_name="/chat")  # a new topic stands alone
    assert "530 nghìn" in history[-1]["content"][0]["text"] and "Hiểu câu hỏi là" not in history[-1]["content"][0]["text"]


def test_feedback_is_appended_to_the_log_with_question_answer_and_citations(tmp_path):
    import json

    from assistant.web.chat import give_feedback
    from tests.helpers import forest_turn

    log = tmp_path / "gop-y" / "feedback.jsonl"
    message = give_feedback(log, forest_turn(), "trích dẫn sai", "  nên dẫn chỉ tiêu (15)  ")
    assert message == "Đã ghi góp ý «trích dẫn sai». Cảm ơn bạn!"
    entry = json.loads(log.read_text(encoding="utf-8"))
    assert entry["verdict"] == "trích dẫn sai" and entry["note"] == "nên dẫn chỉ tiêu (15)"
    assert entry["question"] == "Tỷ lệ che phủ rừng đạt bao nhiêu?" and "55%" in entry["answer"]
    assert entry["citations"][0].startswith("I > 2. Các chỉ tiêu chủ yếu > 2.3. Về môi trường > (15)")


def test_an_unwritable_feedback_log_is_reported_and_the_chat_goes_on(assistant, tmp_path):
    from assistant.web.chat import give_feedback

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    history, _, turns = respond(assistant, "Dân số năm 2030?", [])
    assert give_feedback(blocker / "feedback.jsonl", turns[0], "đúng").startswith("Lỗi: Không ghi được góp ý")
    history, _, turns = respond(assistant, "Tỷ lệ che phủ rừng?", turns)
    assert "55%" in history[-1]["content"] and len(turns) == 2


def test_every_public_endpoint_of_the_running_app(server, assistant):
    client = Client(server, verbose=False)
    assert set(client.view_api(return_format="dict", print_info=False)["named_endpoints"]) == {
        "/chat", "/feedback", "/targets", "/plan", "/export", "/add_documents"}
    files, status = client.predict(api_name="/export")  # this client's session has asked nothing yet
    assert files is None and status.startswith("Lỗi: Chưa có câu hỏi nào để xuất")
    history, _, _ = client.predict("Tỷ lệ che phủ rừng đạt bao nhiêu?", api_name="/chat")
    status = client.predict("đúng", "", api_name="/feedback")
    assert status == "Đã ghi góp ý «đúng». Cảm ơn bạn!"
    logged = assistant.settings.feedback_log.read_text(encoding="utf-8").splitlines()[-1]
    assert '"verdict": "đúng"' in logged and "Tỷ lệ che phủ rừng" in logged
    found, text = client.predict("Ma Lù Thàng", api_name="/plan")  # the reader's search: summary and marked text
    assert re.match(r'<div class="ket-qua"><p>[1-9]\d* mục chứa «Ma Lù Thàng»', found)
    assert "<mark>Ma Lù Thàng</mark>" in text


@pytest.mark.parametrize("path", ["/etc/passwd", "../../../../etc/passwd", "corpus/ke-hoach-ktxh-lai-chau-2026-2030.txt",
                                  "%2e%2e/%2e%2e/%2e%2e/etc/passwd"])
def test_the_running_app_serves_no_file_a_user_names(server, path, plan_settings):
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{server}gradio_api/file={path}", timeout=10) as response:
            body = response.read().decode("utf-8", "replace")
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = "", error.code
    assert status in (403, 404) and "root:" not in body and "MỤC TIÊU" not in body


def test_the_kept_turn_and_the_timing_line_say_whether_the_model_answered_and_why_not(assistant):
    replies = [Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{forest(r)}]."), Reply("Kế hoạch không nêu tỷ lệ che phủ rừng [1].")]
    with FakeChatServer(replies) as server:
        generative = with_llm(assistant, server)
        _, _, turns = respond(generative, "Tỷ lệ che phủ rừng đạt bao nhiêu?", [])
        shown, _, turns = respond(generative, "Tỷ lệ che phủ rừng đạt bao nhiêu?", turns)
    assert [(t["via"], t["fallback"]) for t in turns] == [("model", None), ("quoted", "declined")]
    assert "nguồn: mô hình ngôn ngữ</sub>" in shown[1]["content"]
    assert "(không dùng câu trả lời của mô hình: mô hình từ chối dù kế hoạch có câu trả lời)</sub>" in shown[3]["content"]


def test_through_the_gradio_api_the_answer_says_whether_the_model_answered_and_why_not(assistant):
    from assistant.measure import free_port
    from assistant.web import build_ui

    replies = [Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{forest(r)}]."), Reply("Kế hoạch không nêu tỷ lệ che phủ rừng [1].")]
    with FakeChatServer(replies) as server:
        demo = build_ui(with_llm(assistant, server))
        port = free_port()
        demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
        try:
            client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            shown = [client.predict("Tỷ lệ che phủ rừng đạt bao nhiêu?", api_name="/chat")[0][-1]["content"][0]["text"]
                     for _ in range(2)]
        finally:
            demo.close()
    assert "nguồn: mô hình ngôn ngữ" in shown[0]
    assert "không dùng câu trả lời của mô hình: mô hình từ chối dù kế hoạch có câu trả lời" in shown[1]
