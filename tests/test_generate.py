"""Answers worded by a chat model, through a scripted server speaking the real protocol: what is shown, step by step.

The replies scripted here are those a real small model wrote (Qwen2.5-Coder 1.5B on llama-cpp-python,
README): declines with a marker, contradictions, altered quotes, forgotten markers, tool calls as text.
Every test asserts each state the user sees, not only the last.
"""

import threading

import pytest

from assistant.answering.reply import Answer
from assistant.generation.chat_model import make_chat_model
from assistant.generation.generate import NOTE_FAILED, NOTE_INVALID, Generator
from assistant.generation.prompts import render, template, variables
from assistant.targets.tool import make_lookup_tool
from assistant.understanding.conversation import resolve
from tests.fake_llm import FakeChatServer, Reply, passage_number
from tests.helpers import SmallPlan, forest, model_said, with_llm

FOREST = "Tỷ lệ che phủ rừng đạt bao nhiêu?"
TOURISM = "Tỉnh phát triển những loại hình du lịch nào?"


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> SmallPlan:
    """A small plan in memory (no model, no index), for what the model's reply is checked against."""
    return SmallPlan(tmp_path_factory.mktemp("plan"))


def generated(plan: SmallPlan, server: FakeChatServer, question: str, timeout: float = 5.0) -> tuple[list[str], Answer]:
    """The model's checked texts as they grow, and the finished answer, for `question` over the small plan."""
    generator = Generator(make_chat_model(server.url, "fake", "", timeout), make_lookup_tool(plan.table), "kế hoạch",
                          timeout, [], plan.chunk)
    understood = resolve(question)
    deltas = list(generator.stream(understood, plan.answer(understood)))
    assert [d.answer is not None for d in deltas] == [False] * (len(deltas) - 1) + [True]
    return [d.text for d in deltas[:-1]], deltas[-1].answer


def quoted(plan: SmallPlan, question: str) -> str:
    return plan.answer(resolve(question)).text


def shown(generative, question):
    """Every state of the answer the user is shown, and the finished answer."""
    events = list(generative.ask_stream(question))
    assert [e.final for e in events] == [False] * (len(events) - 1) + [True]
    return [e.answer.text for e in events], events[-1]


def test_the_quoted_answer_shows_at_once_then_the_models_checked_sentences(assistant):
    quoted = assistant.ask(FOREST).answer.text
    reply = Reply(lambda r: f"Theo kế hoạch, tỷ lệ che phủ rừng đạt 55% [{forest(r)}]. Đây là chỉ tiêu (15) [{forest(r)}].")
    with FakeChatServer([reply]) as server:
        states, timed = shown(with_llm(assistant, server), FOREST)
    assert states[0] == quoted  # instantly, before the model has said a word
    first = f"Theo kế hoạch, tỷ lệ che phủ rừng đạt 55% [{1}]."
    assert states[1] == first and states[2] == f"{first} Đây là chỉ tiêu (15) [1]."  # a sentence at a time
    assert timed.answer.via == "llm" and model_said(timed.answer.text) == states[2]
    assert timed.answer.text.endswith("\n\nNguyên văn kế hoạch:\n«Tỷ lệ che phủ rừng đạt 55%» [1]")  # the quote's words under
    assert "(15) Tỷ lệ che phủ rừng đạt 55%." in timed.answer.citations[0].chunk.text


def test_an_altered_quote_is_never_shown(assistant):
    question = "Mục tiêu tổng quát nói gì về hạ tầng giao thông?"
    quoted = assistant.ask(question).answer.text
    with FakeChatServer([Reply("Kế hoạch nêu: «tạo đột biến về hạ tầng giao thông» [1].")]) as server:
        states, timed = shown(with_llm(assistant, server), question)
    assert not any("đột biến" in state for state in states)
    assert timed.answer.text == f"{quoted}\n\n{NOTE_INVALID}"


def test_the_prompt_holds_only_what_the_answer_needs(assistant):
    with FakeChatServer([Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{forest(r)}].")]) as server:
        shown(with_llm(assistant, server), FOREST)
    system = server.requests[0]["messages"][0]["content"]
    assert "[1] (15) Tỷ lệ che phủ rừng đạt 55%." in system and "Câu trả lời nháp" in system
    assert "530 nghìn" not in system  # passages the answer does not cite stay out
    assert len(system) < 1500


def test_a_sentence_with_a_figure_its_source_lacks_is_never_shown(plan):
    reply = Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{forest(r)}]. Đến năm 2035 sẽ đạt 60% [{forest(r)}].")
    with FakeChatServer([reply]) as server:
        states, answer = generated(plan, server, FOREST)
    assert not any("60%" in state or "2035" in state for state in states)
    assert answer.via == "llm" and model_said(answer.text) == "Tỷ lệ che phủ rừng đạt 55% [1]."


@pytest.mark.parametrize("written", [
    "Kế hoạch không nêu tỷ lệ che phủ rừng [1].",  # declines with a marker
    "Kế hoạch không đề cập con số này. Tuy nhiên tỷ lệ che phủ rừng đạt 55% [1].",  # contradicts itself
])
def test_a_reply_that_declines_while_the_plan_answers_gives_the_quoted_answer(plan, written):
    with FakeChatServer([Reply(written)]) as server:
        states, answer = generated(plan, server, FOREST)
    assert states == []  # nothing of the model's was ever shown
    assert answer.text == f"{quoted(plan, FOREST)}\n\n{NOTE_INVALID}" and answer.note == "declined"


def test_a_forgotten_marker_is_repaired_from_the_source_that_supports_the_sentence(plan):
    with FakeChatServer([Reply("Tỷ lệ che phủ rừng của tỉnh đạt 55%.")]) as server:
        _, answer = generated(plan, server, FOREST)
    assert answer.via == "llm" and answer.text == (
        "Tỷ lệ che phủ rừng của tỉnh đạt 55% [1].\n\nNguyên văn kế hoạch:\n«Tỷ lệ che phủ rừng đạt 55%» [1]")
    assert answer.citations[0].number == 1 and "55%" in answer.citations[0].chunk.text


def test_a_reply_that_leaves_the_figure_out_gives_the_quoted_answer(plan):
    with FakeChatServer([Reply("Kế hoạch phấn đấu nâng tỷ lệ che phủ rừng [1].")]) as server:
        _, answer = generated(plan, server, FOREST)
    assert answer.text == f"{quoted(plan, FOREST)}\n\n{NOTE_INVALID}" and answer.note == "figure left out"


def test_a_reply_that_echoes_the_question_instead_of_the_plans_words_gives_the_quoted_answer(plan):
    assert plan.answer(resolve(TOURISM)).via == "passages"
    echo = "Theo kế hoạch, tỉnh phát triển những loại hình du lịch [1]."  # what the question said, not what the plan says
    with FakeChatServer([Reply(echo)]) as server:
        states, answer = generated(plan, server, TOURISM)
    assert states == [echo]  # it passed the sentence check (its words are in the passage) ...
    assert answer.text == f"{quoted(plan, TOURISM)}\n\n{NOTE_INVALID}" and answer.note == "plan's words left out"


@pytest.mark.parametrize("call", [
    Reply('```json\n{\n  "name": "tra_cuu_chi_tieu",\n  "arguments": {"query": "che phủ rừng"}\n}\n```'),
    Reply('{{"name": "tra_cuu_chi_tieu", "arguments": {"query": "che phủ rừng"}}}'),
    Reply('<tool_call>\n{"name": "tra_cuu_chi_tieu", "arguments": {"query": "che phủ rừng"}}\n</tool_call>'),
    Reply(tool_call={"name": "tra_cuu_chi_tieu", "arguments": {"query": "che phủ rừng"}}, repeat_name=True),
], ids=["json block", "doubled braces", "qwen tags", "tool_calls, name repeated"])
def test_a_tool_call_in_any_form_is_run_and_never_shown(plan, call):
    answer = Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{forest(r)}].")
    with FakeChatServer([call, answer]) as server:
        states, answered = generated(plan, server, FOREST)
    assert not any("tra_cuu" in state or "{" in state for state in states)
    assert answered.via == "llm" and "55%" in answered.text
    assert "tools" in server.requests[0] and "tools" not in server.requests[1]  # asked again, to answer in words
    assert "Kết quả tra cứu chỉ tiêu" in server.requests[1]["messages"][-1]["content"]


def test_the_look_up_is_offered_only_for_a_question_about_a_figure(plan):
    reply = Reply(lambda r: f"Tỉnh phát triển du lịch sinh thái, mạo hiểm, cộng đồng [{passage_number(r, 'sinh thái')}].")
    with FakeChatServer([reply]) as server:
        _, answer = generated(plan, server, TOURISM)
    assert "tools" not in server.requests[0] and answer.via == "llm"


def test_a_slow_prompt_past_the_timeout_gives_the_quoted_answer_in_time(plan):
    reading = threading.Event()
    with FakeChatServer([Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{forest(r)}].", hold=reading)]) as server:
        states, answer = generated(plan, server, FOREST, timeout=1.0)
        assert not reading.is_set() and server.finished == 0  # answered while the server was still reading the prompt
        reading.set()
    assert states == [] and answer.text == f"{quoted(plan, FOREST)}\n\n{NOTE_FAILED}"


def test_a_slow_prompt_within_the_timeout_is_waited_for(plan):
    with FakeChatServer([Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{forest(r)}].", prompt_seconds=1.0)]) as server:
        _, answer = generated(plan, server, FOREST, timeout=5.0)
    assert answer.via == "llm"


def test_refusal_rests_on_the_evidence_and_never_asks_the_model(plan):
    with FakeChatServer([Reply("Có 3 sân bay [1].")]) as server:
        states, answer = generated(plan, server, "Lai Châu có bao nhiêu sân bay quốc tế?")
    assert answer.refused and server.requests == [] and states == []


def test_prompts_are_files_with_checked_variables():
    assert variables(template("system")) == {"plan_title", "passages", "draft"}
    with pytest.raises(ValueError, match="expects"):
        render("system", plan_title="x")


def test_the_chat_shows_only_checked_text_at_every_step(assistant):
    from assistant.web.chat import respond_stream

    reply = Reply(lambda r: f"Theo kế hoạch, tỷ lệ che phủ rừng đạt 55% [{forest(r)}]. Sau đó sẽ lên 70% [{forest(r)}].")
    with FakeChatServer([reply]) as server:
        states = [history[-1]["content"] for history, _ in respond_stream(with_llm(assistant, server), FOREST, [])]
    assert "«Tỷ lệ che phủ rừng»: 55% [1]" in states[0] and "**Nguồn**" in states[0]  # the quoted answer, at once
    assert "đang viết lại" in states[1] and "Theo kế hoạch, tỷ lệ che phủ rừng đạt 55% [1]." in states[1]
    assert not any("70%" in state for state in states)
    assert "**Nguồn**" in states[-1] and "nguồn: mô hình ngôn ngữ" in states[-1] and "đang viết" not in states[-1]


def test_the_cli_chat_prints_the_quoted_answer_then_the_checked_sentences(assistant):
    import io

    from assistant.cli import _chat

    reply = Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{forest(r)}]. Sau đó sẽ lên 70% [{forest(r)}].")
    out = io.StringIO()
    with FakeChatServer([reply]) as server:
        _chat(with_llm(assistant, server), io.StringIO(FOREST + "\n\n"), out)
    printed = out.getvalue()
    assert printed.index("«Tỷ lệ che phủ rừng»: 55% [1]") < printed.index("Mô hình ngôn ngữ viết lại")
    assert "Tỷ lệ che phủ rừng đạt 55% [1]." in printed and "70%" not in printed


def test_the_smoke_script_scores_a_question_file_through_the_endpoint(assistant, plan_settings, tmp_path):
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    questions = tmp_path / "q.jsonl"
    lines = [{"id": "a", "question": FOREST}, {"id": "b", "question": "Dân số năm 2030?"}]
    questions.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in lines), encoding="utf-8")
    replies = [Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{forest(r)}]."), Reply("Kế hoạch không nêu dân số [1].")]
    with FakeChatServer(replies) as server:
        env = {**os.environ, "ASSISTANT_LLM_BASE_URL": server.url, "ASSISTANT_LLM_MODEL": "fake", "TMPDIR": str(tmp_path),
               "ASSISTANT_CORPUS_DIR": str(plan_settings.corpus_dir), "ASSISTANT_INDEX_DIR": str(plan_settings.index_dir)}
        result = subprocess.run([sys.executable, "scripts/llm_smoke.py", str(questions)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "fake at http://127.0.0.1:" in result.stdout
    assert "model: 1" in result.stdout and "declined: 1" in result.stdout and "seconds per answer" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.jsonl"]  # no temp files left behind


def test_a_stray_line_that_only_names_the_plan_is_never_shown(plan):
    reply = Reply(lambda r: f"Theo kế hoạch: [{forest(r)}]\nTỷ lệ che phủ rừng đạt 55% [{forest(r)}].")
    with FakeChatServer([reply]) as server:
        states, answer = generated(plan, server, FOREST)
    assert not any(state.startswith("Theo kế hoạch") for state in states)
    assert answer.via == "llm" and model_said(answer.text) == "Tỷ lệ che phủ rừng đạt 55% [1]."


def test_diacritics_come_from_the_plan_never_from_a_question_typed_without_them(plan):
    question = "ty le che phu rung dat bao nhieu?"
    assert plan.answer(resolve(question)).via == "table"
    with FakeChatServer([Reply(lambda r: f"Ty le che phu rung dat 55% [{forest(r)}].")]) as server:
        states, answer = generated(plan, server, question)
    assert states == ["Tỷ lệ che phủ rừng đạt 55% [1]."] and model_said(answer.text) == states[0]


def test_a_plain_word_is_respelled_only_where_the_sources_settle_it():
    from assistant.answering.spelling import respell

    sources = ["Quản lý chặt chẽ đất đai; tỷ lệ che phủ rừng đạt 55%.", "Ban hành cơ chế hỗ trợ."]
    assert respell("Quan ly dat dai, che phu rung dat 55%.", sources) == "Quản lý đất đai, che phủ rừng đạt 55%."
    # «ban» is written plain too, «va» not at all, and «dat» alone could be «đất» or «đạt»: left as they are
    assert respell("Ban hanh co che va ban giao dat.", sources) == "Ban hành cơ chế va ban giao dat."


def test_a_reply_that_drops_the_name_the_question_asks_about_gives_the_quoted_answer(plan):
    question = "Tỉnh mở rộng hợp tác với tỉnh Vân Nam ra sao?"
    dropped = "Tỉnh Lai Châu mở rộng hợp tác với một tỉnh của Trung Quốc [1]."  # true, and in the plan's words
    kept = "Tỉnh Lai Châu mở rộng hợp tác với tỉnh Vân Nam (Trung Quốc) [1]."
    with FakeChatServer([Reply(dropped), Reply(kept)]) as server:
        _, without = generated(plan, server, question)
        _, with_it = generated(plan, server, question)
    assert without.text == f"{quoted(plan, question)}\n\n{NOTE_INVALID}" and without.fallback == "name left out"
    assert with_it.via == "llm" and model_said(with_it.text) == kept


def test_a_reply_that_drops_the_breakdown_of_a_count_gives_the_quoted_answer(assistant):
    question = "Kế hoạch có bao nhiêu chỉ tiêu chủ yếu?"
    quoted_answer = assistant.ask(question).answer
    assert quoted_answer.must_keep == ("18", "6", "8", "4")
    whole = "Kế hoạch có 18 chỉ tiêu chủ yếu [1]: 6 về kinh tế, 8 về xã hội và 4 về môi trường [1]."
    with FakeChatServer([Reply("Kế hoạch có 18 chỉ tiêu chủ yếu [1]."), Reply(whole)]) as server:
        generative = with_llm(assistant, server)
        _, dropped = shown(generative, question)
        _, kept = shown(generative, question)
    assert dropped.answer.text == f"{quoted_answer.text}\n\n{NOTE_INVALID}" and dropped.answer.fallback == "figure left out"
    assert kept.answer.path == "model" and model_said(kept.answer.text) == whole


def rescued(plan: SmallPlan, server: FakeChatServer, question: str) -> tuple[Answer, Answer]:
    """The decline the quoted path gave `question`, and what the model's rescue made of it."""
    generator = Generator(make_chat_model(server.url, "fake", "", 5.0), None, "kế hoạch", 5.0, [], plan.chunk)
    understood = resolve(question)
    declined = plan.answer(understood)
    assert declined.refused and declined.may_rescue and declined.citations
    return declined, list(generator.rescue(understood, declined))[-1].answer


NEAR = "Tỉnh làm gì để thu hút khách du lịch quốc tế?"  # declined, its closest passages about tourism


def test_a_decline_the_model_finds_answered_in_the_closest_passages_is_answered_from_them(plan):
    reply = Reply(lambda r: f"Tỉnh phát triển du lịch sinh thái, mạo hiểm, cộng đồng [{passage_number(r, 'sinh thái')}].")
    with FakeChatServer([reply]) as server:
        declined, answer = rescued(plan, server, NEAR)
    assert not answer.refused and answer.path == "model" and answer.fallback is None
    assert answer.text.startswith("Tỉnh phát triển du lịch sinh thái") and "sinh thái" in answer.citations[0].chunk.text
    assert "Các đoạn trích" in server.requests[0]["messages"][0]["content"] and "nháp" not in server.requests[0]["messages"][0]["content"]


@pytest.mark.parametrize(("written", "why"), [
    ("Kế hoạch không nêu điều này.", "declined"),  # what the rescue prompt asks when the passages do not answer
    ("Tỉnh có 12 khu du lịch biên giới [1].", "nothing supported"),  # a figure no passage holds
])
def test_a_rescue_that_fails_the_checks_leaves_the_decline_as_it_was(plan, written, why):
    with FakeChatServer([Reply(written)]) as server:
        declined, answer = rescued(plan, server, NEAR)
    assert answer.refused and answer.text == declined.text and answer.fallback == why


def test_a_decline_close_to_answering_is_shown_first_and_stays_when_the_model_finds_nothing(assistant):
    question = "Kế hoạch đề ra những gì cho trang trại điện gió ngoài khơi?"
    declined = assistant.ask(question).answer
    assert declined.refused and declined.may_rescue
    with FakeChatServer([Reply("Kế hoạch không nêu điều này.")]) as server:
        states, timed = shown(with_llm(assistant, server), question)
    assert states == [declined.text, declined.text] and timed.answer.refused and timed.answer.fallback == "declined"
    assert "nháp" not in server.requests[0]["messages"][0]["content"]  # the rescue's prompt: passages, no draft


def test_a_list_run_into_one_line_keeps_every_item_with_its_marker_in_the_plans_words_under_it(assistant):
    run_together = "Mục 3.4 gồm củng cố quốc phòng, bảo đảm an ninh và công tác đối ngoại [1]."
    with FakeChatServer([Reply(run_together)]) as server:
        _, timed = shown(with_llm(assistant, server), "Mục 3.4 gồm những gì?")
    assert timed.answer.path == "model" and model_said(timed.answer.text) == run_together
    for item in ("a) Củng cố, tăng cường quốc phòng", "b) Bảo đảm an ninh quốc gia", "c) Nâng cao hiệu quả công tác đối ngoại"):
        assert item in timed.answer.text
