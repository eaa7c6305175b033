"""Generative answers through a scripted OpenAI-compatible server: what the user sees in each case."""

import pytest

from assistant.generate import NOTE_FAILED, NOTE_INVALID, make_chat_model
from assistant.prompts import render, template, variables
from assistant.service import Assistant
from tests.fake_llm import FakeChatServer, Reply, passage_number

FOREST = "Tỷ lệ che phủ rừng đạt bao nhiêu?"


def with_llm(assistant, server, timeout=5.0):
    from dataclasses import replace

    settings = replace(assistant.settings, llm_base_url=server.url, llm_model="fake", llm_timeout=timeout)
    return Assistant(settings, assistant.index, make_chat_model(server.url, "fake", "", timeout))


def final(generative, question):
    pieces = list(generative.ask_stream(question))
    return [text for text, timed in pieces if timed is None], pieces[-1][1]


def test_a_grounded_answer_streams_and_keeps_its_citation(assistant):
    reply = Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{passage_number(r, 'che phủ rừng đạt 55%')}].")
    with FakeChatServer([reply]) as server:
        partial, timed = final(with_llm(assistant, server), FOREST)
    assert len(partial) > 3 and partial[-1].startswith("Tỷ lệ che phủ rừng đạt 55%")
    assert timed.answer.via == "llm" and timed.answer.text.startswith("Tỷ lệ che phủ rừng đạt 55% [")
    assert "(15) Tỷ lệ che phủ rừng đạt 55%." in timed.answer.citations[0].chunk.text
    system = server.requests[0]["messages"][0]["content"]
    assert "Chỉ dùng thông tin trong các đoạn trích" in system and "tra_cuu_chi_tieu" in str(server.requests[0]["tools"])


def test_an_invented_figure_is_replaced_by_the_quoted_answer(assistant):
    reply = Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 57% [{passage_number(r, 'che phủ rừng đạt 55%')}].")
    with FakeChatServer([reply]) as server:
        _, timed = final(with_llm(assistant, server), FOREST)
    assert "57%" not in timed.answer.text and "55%" in timed.answer.text
    assert timed.answer.text.endswith(NOTE_INVALID) and timed.answer.via == "table"


def test_a_citation_that_points_nowhere_is_replaced(assistant):
    with FakeChatServer([Reply("Tỷ lệ che phủ rừng đạt 55% [7].")]) as server:
        _, timed = final(with_llm(assistant, server), FOREST)
    assert timed.answer.text.endswith(NOTE_INVALID) and "[7]" not in timed.answer.text


def test_the_model_may_call_the_target_lookup(assistant):
    call = Reply(tool_call={"name": "tra_cuu_chi_tieu", "arguments": {"query": "bảo hiểm y tế"}})
    answer = Reply(lambda r: f"Tỷ lệ bao phủ bảo hiểm y tế đạt 96,01% [{passage_number(r, '96,01%')}].")
    with FakeChatServer([call, answer]) as server:
        _, timed = final(with_llm(assistant, server), "BHYT bao phủ bao nhiêu?")
    assert timed.answer.via == "llm" and "96,01%" in timed.answer.text
    tool_message = next(m for m in server.requests[1]["messages"] if m["role"] == "tool")
    assert "96,01" in tool_message["content"] and "tỷ lệ bao phủ bảo hiểm y tế" in tool_message["content"]


def test_a_slow_model_past_the_timeout_gives_the_quoted_answer_in_time(assistant):
    from tests.test_faults import answered

    with FakeChatServer([Reply("Muộn quá.", delay=4.0)]) as server:
        _, timed, waited = answered(with_llm(assistant, server, timeout=1.0), FOREST)
    assert waited < 1.5  # the model's share: the timeout and a little, not the 4 s the server takes
    assert timed.answer.text.endswith(NOTE_FAILED) and "55%" in timed.answer.text


def test_a_server_error_gives_the_quoted_answer(assistant):
    with FakeChatServer([Reply(status=500)]) as server:
        _, timed = final(with_llm(assistant, server), FOREST)
    assert timed.answer.text.endswith(NOTE_FAILED) and "55%" in timed.answer.text


def test_refusal_rests_on_the_evidence_and_never_asks_the_model(assistant):
    with FakeChatServer([Reply("Có 3 sân bay [1].")]) as server:
        _, timed = final(with_llm(assistant, server), "Lai Châu có bao nhiêu sân bay quốc tế?")
    assert timed.answer.refused and server.requests == []


def test_prompts_are_files_with_checked_variables():
    assert variables(template("system")) == {"plan_title", "passages"}
    with pytest.raises(ValueError, match="expects"):
        render("system", plan_title="x")


def test_the_chat_shows_the_answer_growing_then_with_its_sources(assistant):
    from assistant.web.chat import respond_stream

    reply = Reply(lambda r: f"Theo kế hoạch, tỷ lệ che phủ rừng đạt 55% [{passage_number(r, 'che phủ rừng đạt 55%')}].")
    with FakeChatServer([reply]) as server:
        states = [history[-1]["content"] for history, _ in respond_stream(with_llm(assistant, server), FOREST, [])]
    assert len(states) > 3 and states[1] in states[2]  # token by token
    assert "**Nguồn**" not in states[-2] and "**Nguồn**" in states[-1]
    assert "nguồn: mô hình ngôn ngữ" in states[-1]


def test_the_smoke_script_scores_a_question_file_through_the_endpoint(assistant, plan_settings, tmp_path):
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "a", "question": FOREST}, ensure_ascii=False) + "\n", encoding="utf-8")
    reply = Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{passage_number(r, 'che phủ rừng đạt 55%')}].")
    with FakeChatServer([reply]) as server:
        env = {**os.environ, "ASSISTANT_LLM_BASE_URL": server.url, "ASSISTANT_LLM_MODEL": "fake",
               "ASSISTANT_CORPUS_DIR": str(plan_settings.corpus_dir), "ASSISTANT_INDEX_DIR": str(plan_settings.index_dir)}
        result = subprocess.run([sys.executable, "scripts/llm_smoke.py", str(questions)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "fake at http://127.0.0.1:" in result.stdout and "'llm': 1" in result.stdout
