"""Faults of the LLM endpoint and of the feedback log: what the user sees, how soon, and that no secret leaks."""

from __future__ import annotations

import base64
import json
import logging
import threading
import time

import pytest

from assistant.answering.reply import Answer
from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.generation.chat_model import endpoint_secrets, make_chat_model
from assistant.generation.generate import MAX_ANSWER_CHARS, NOTE_FAILED, NOTE_INVALID, Generator
from assistant.measure import free_port
from assistant.service import Assistant
from assistant.targets.tool import make_lookup_tool
from assistant.understanding.conversation import resolve
from tests.fake_llm import FakeChatServer, Reply, passage_number
from tests.helpers import SmallPlan, model_said

FOREST = "Tỷ lệ che phủ rừng đạt bao nhiêu?"
KEY = "sk-bi-mat-123456"


def grounded(request: dict) -> str:
    """A right answer to FOREST, citing the passage the prompt numbered."""
    return f"Tỷ lệ che phủ rừng đạt 55% [{passage_number(request, 'che phủ rừng đạt 55%')}]."


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> SmallPlan:
    """A small plan in memory (no model, no index): its quoted answer is what every fallback shows."""
    return SmallPlan(tmp_path_factory.mktemp("plan"))


def answered(plan: SmallPlan, url: str, timeout: float = 5.0, key: str = "") -> tuple[list[str], Answer]:
    """The model's texts shown while streaming, and the finished answer to FOREST, through the chat model at `url`
    as `Assistant` would build it."""
    generator = Generator(make_chat_model(url, "fake", key, timeout), make_lookup_tool(plan.table), "kế hoạch", timeout,
                          endpoint_secrets(url, key), plan.chunk)
    question = resolve(FOREST)
    deltas = list(generator.stream(question, plan.answer(question)))
    assert [d.answer is not None for d in deltas] == [False] * (len(deltas) - 1) + [True]
    return [d.text for d in deltas[:-1]], deltas[-1].answer


@pytest.fixture(scope="module")
def quoted(plan: SmallPlan) -> str:
    """The extractive answer to FOREST."""
    answer = plan.answer(resolve(FOREST))
    assert answer.via == "table" and "55%" in answer.text
    return answer.text


def test_a_down_endpoint_gives_the_quoted_answer_without_waiting_for_the_timeout(plan, quoted):
    # a timeout this long would be noticed: waiting it out would hang the run
    partial, answer = answered(plan, f"http://127.0.0.1:{free_port()}/v1", timeout=600.0)
    assert partial == [] and answer.text == f"{quoted}\n\n{NOTE_FAILED}"
    assert answer.via == "table" and "55%" in quoted


def test_a_stream_that_opens_but_never_sends_a_word_ends_at_the_timeout(plan, quoted):
    held = threading.Event()
    with FakeChatServer([Reply(grounded, hold=held)]) as server:
        partial, answer = answered(plan, server.url, timeout=1.0)
        assert not held.is_set() and server.finished == 0  # given up while the server still held its reply
        held.set()
    assert partial == [] and answer.text == f"{quoted}\n\n{NOTE_FAILED}"


def test_a_trickling_stream_is_cut_at_the_timeout_and_what_passed_is_kept(plan, quoted):
    words = " ".join(["rừng"] * 80)  # 80 pieces, 0.1 s apart: 8 s, though no read waits past the timeout
    before = _readers()
    with FakeChatServer([Reply(lambda r: f"{grounded(r)} {words}", pause=0.1)]) as server:
        partial, answer = answered(plan, server.url, timeout=2.0)
        assert server.finished == 0  # cut before the trickle's end
        given_up = time.perf_counter()
        while _readers() - before and time.perf_counter() - given_up < 2.0:
            time.sleep(0.05)
        assert not _readers() - before  # the reader hung up at the next piece, not after the 8 s
    assert partial == ["Tỷ lệ che phủ rừng đạt 55% [1]."]  # the sentence that passed; the trickle never ended one
    assert answer.via == "llm" and model_said(answer.text) == partial[0]


def _readers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "llm-answer" and t.is_alive()}


def _events(*payloads: object, done: bool = True) -> bytes:
    lines = [f"data: {p if isinstance(p, str) else json.dumps(p)}\n\n" for p in payloads]
    return ("".join(lines) + ("data: [DONE]\n\n" if done else "")).encode()


def _delta(content: str, finish: str | None = None) -> dict:
    return {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "fake",
            "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": finish}]}


SSE = "text/event-stream"
NONSENSE = "Xin chào, tôi là mô hình, blah blah qwerty, rừng rất đẹp và nhiều cây."
GARBAGE = {
    "html page with status 200": (Reply(raw=b"<html><body>502 Bad Gateway</body></html>", content_type="text/html"), NOTE_FAILED),
    "json of the wrong shape": (Reply(raw=b'{"result": "ok", "text": "55% [1]"}'), NOTE_FAILED),
    "event that is not json": (Reply(raw=_events("khong phai json"), content_type=SSE), NOTE_FAILED),
    "event of the wrong shape": (Reply(raw=_events({"choices": "abc"}), content_type=SSE), NOTE_FAILED),
    "events without choices": (Reply(raw=_events({"id": "x"}, {"id": "y"}), content_type=SSE), NOTE_FAILED),
    "error event mid-stream": (Reply(raw=_events(_delta("Tỷ lệ "), {"error": {"message": "overloaded"}}), content_type=SSE), NOTE_FAILED),
    "stream cut off mid-body": (Reply(grounded, cut_after=4), NOTE_FAILED),
    "stream ended without finishing": (Reply(raw=lambda r: _events(_delta(grounded(r)), done=False), content_type=SSE), NOTE_FAILED),
    "answer cut at the token limit": (Reply(raw=lambda r: _events(_delta(grounded(r)), _delta("", "length")), content_type=SSE), NOTE_FAILED),
    "empty answer": (Reply(""), NOTE_FAILED),
    "nonsense without [n]": (Reply(NONSENSE), NOTE_INVALID),
    "200 KB of words": (Reply("bla " * 50_000), NOTE_INVALID),
    "200 KB in one piece": (Reply(raw=_events(_delta("x" * 200_000, "stop")), content_type=SSE), NOTE_INVALID),
    "200 KB of a cited figure": (Reply(lambda r: " ".join([grounded(r)] * 6000)), NOTE_INVALID),
}


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
@pytest.mark.parametrize("reply, note", GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_from_the_endpoint_gives_the_quoted_answer_with_its_note(plan, quoted, reply, note):
    with FakeChatServer([reply]) as server:
        partial, answer = answered(plan, server.url, timeout=600.0)  # garbage ends the wait, not the timeout
    assert answer.text == f"{quoted}\n\n{note}" and answer.via == "table"
    assert len(server.requests) == 1
    assert len(partial[-1] if partial else "") <= MAX_ANSWER_CHARS


def test_a_feedback_log_that_is_a_folder_is_reported_and_the_chat_goes_on(assistant, tmp_path):
    from assistant.web.chat import give_feedback, respond

    folder = tmp_path / "feedback.jsonl"
    folder.mkdir()
    history, _, turns = respond(assistant, FOREST, [])
    assert give_feedback(folder, turns[0], "đúng") == (
        "Lỗi: Không ghi được góp ý (tệp nhật ký không ghi được). Câu trả lời vẫn dùng được; hãy báo quản trị viên.")
    history, _, turns = respond(assistant, "Dân số năm 2030?", turns)
    assert "530 nghìn" in history[-1]["content"] and len(turns) == 2 and list(folder.iterdir()) == []


def test_feedback_with_a_broken_character_is_still_written(tmp_path):
    from assistant.web.chat import give_feedback
    from tests.helpers import forest_turn

    log = tmp_path / "feedback.jsonl"
    assert give_feedback(log, forest_turn(), "sai", "emoji hỏng \ud83d ở đây") == "Đã ghi góp ý «sai». Cảm ơn bạn!"
    assert json.loads(log.read_text(encoding="utf-8"))["note"] == "emoji hỏng \ud83d ở đây"


@pytest.fixture()
def every_logger_at_debug(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """caplog recording DEBUG from the root and every logger, the HTTP clients' included."""
    caplog.set_level(logging.DEBUG)
    for name in [*logging.root.manager.loggerDict, "openai", "httpx", "httpx2", "httpcore", "httpcore2", "langchain"]:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    handler = caplog.handler
    return "\n".join(handler.format(r) + repr(r.args) for r in caplog.records)


def test_the_api_key_is_sent_but_never_logged_or_shown(plan, quoted, every_logger_at_debug):
    echo = Reply(status=401, error=lambda headers: f"Incorrect API key provided: {headers['authorization']}")
    with FakeChatServer([echo]) as server:
        partial, answer = answered(plan, server.url, key=KEY)
    assert server.headers[0]["authorization"] == f"Bearer {KEY}"
    shown = [answer.text] + partial
    _, down = answered(plan, f"http://127.0.0.1:{free_port()}/v1", key=KEY)
    shown.append(down.text)
    assert shown == [f"{quoted}\n\n{NOTE_FAILED}"] * 2
    failures = [r.getMessage() for r in every_logger_at_debug.records
                if r.name == "assistant.generation.generate" and r.getMessage().startswith("chat model failed")]
    assert failures[0].startswith("chat model failed (") and "401" in failures[0] and "Bearer ***" in failures[0]
    assert "Connection error" in failures[1]
    logged = _logged(every_logger_at_debug)
    names = {r.name for r in every_logger_at_debug.records}  # the clients did log, at DEBUG
    assert "openai._base_client" in names and {"httpx", "httpcore"} <= {n.split(".")[0].rstrip("2") for n in names}
    assert KEY not in logged and KEY[3:] not in logged


def test_the_key_is_in_the_error_the_client_raises_and_gone_from_what_we_log(every_logger_at_debug):
    from assistant.generation.chat_model import redact

    echo = Reply(status=401, error=lambda headers: f"Incorrect API key provided: {headers['authorization']}")
    with FakeChatServer([echo]) as server:
        model = make_chat_model(server.url, "fake", KEY, 5.0)
        with pytest.raises(Exception) as raised:
            list(model.stream("xin chào"))
    assert KEY in str(raised.value)  # the endpoint echoed it: our log line must not pass it on
    assert redact(str(raised.value), endpoint_secrets(server.url, KEY)) == str(raised.value).replace(KEY, "***")
    assert KEY not in _logged(every_logger_at_debug)


def test_a_login_in_the_endpoint_url_is_sent_but_never_logged(plan, every_logger_at_debug):
    with FakeChatServer([Reply(grounded)]) as server:
        url = server.url.replace("http://", "http://canbo:mat-khau-url-789@")
        _, answer = answered(plan, url)
    assert answer.via == "llm" and answer.text.startswith("Tỷ lệ che phủ rừng đạt 55% [")
    assert server.headers[0]["authorization"] == "Basic " + base64.b64encode(b"canbo:mat-khau-url-789").decode()
    assert "mat-khau-url-789" not in _logged(every_logger_at_debug)


@pytest.mark.parametrize("bad", [
    {"ASSISTANT_LLM_BASE_URL": "http://127.0.0.1:11434/v1"},
    {"ASSISTANT_LLM_TIMEOUT": "0"},
    {"ASSISTANT_LLM_TIMEOUT": "mãi mãi"},
    {"ASSISTANT_HOST": "0.0.0.0"},
    {"ASSISTANT_FUSION": "magic"},
])
def test_settings_errors_never_echo_the_api_key(bad):
    with pytest.raises(AssistantError) as raised:
        Settings.from_env({"ASSISTANT_LLM_API_KEY": KEY, **bad})
    assert KEY not in str(raised.value) and KEY not in repr(raised.value)
    settings = Settings.from_env({"ASSISTANT_LLM_API_KEY": KEY})
    assert settings.llm_api_key == KEY and KEY not in repr(settings) and KEY not in str(settings)


def test_the_whole_answer_gets_the_timeout_and_secrets_of_the_settings(assistant):
    from dataclasses import replace

    settings = replace(assistant.settings, llm_base_url="http://canbo:mk-42@127.0.0.1:9/v1", llm_model="fake",
                       llm_api_key=KEY, llm_timeout=2.5)
    built = Assistant(settings, assistant.index, make_chat_model(settings.llm_base_url, "fake", KEY, 2.5))
    assert built.generator.timeout == 2.5
    assert {KEY, "mk-42"} <= set(built.generator.secrets)
