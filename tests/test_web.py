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

    def ask(self, question):
        raise self.error


def test_reply_shows_the_answer_with_numbered_sources(assistant):
    text = reply(assistant, "Tỷ lệ che phủ rừng đạt bao nhiêu?")
    assert "«Tỷ lệ che phủ rừng»: 55% [1]" in text
    assert "**Nguồn**" in text and "- [1] I &gt; 2. Các chỉ tiêu chủ yếu" in text


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
