import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.fake_llm import FakeChatServer, Reply
from tests.helpers import forest, run_cli


def test_ask_prints_the_answer_and_its_sources(assistant, plan_settings):
    result = run_cli(plan_settings, "ask", "Tỷ lệ che phủ rừng đạt bao nhiêu?")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Kế hoạch đặt mục tiêu «Tỷ lệ che phủ rừng»: 55% [1] — chỉ tiêu (15), nhóm môi trường.\n")
    assert "Nguyên văn: «Tỷ lệ che phủ rừng đạt 55%» [1]" in result.stdout
    assert "Nguồn:\n[1] I > 2. Các chỉ tiêu chủ yếu > 2.3. Về môi trường > (15)" in result.stdout


def test_batch_writes_one_scorer_line_per_question(assistant, plan_settings):
    questions = [
        {"id": "a", "question": "Dân số năm 2030 là bao nhiêu?"},
        {"id": "b", "question": "Tỷ lệ hộ nghèo năm 2040?"},
        {"id": "c", "question": "   "},
    ]
    result = run_cli(plan_settings, "batch", stdin="\n".join(json.dumps(q, ensure_ascii=False) for q in questions) + "\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["a", "b", "c"]
    for r in lines:
        assert isinstance(r["answer"], str) and isinstance(r["refused"], bool)
        assert isinstance(r["latency_ms"], float)
        assert all(isinstance(c["text"], str) for c in r["citations"] + r["contexts"])
    assert "530 nghìn" in lines[0]["answer"] and not lines[0]["refused"]
    assert len(lines[0]["contexts"]) == 5 and lines[0]["citations"][0]["section"].endswith("(10)")
    assert lines[1]["refused"] and "2040" in lines[1]["answer"]
    assert lines[2]["refused"] and "trống" in lines[2]["error"]


def test_targets_prints_the_table_filtered_and_as_csv(assistant, plan_settings):
    result = run_cli(plan_settings, "targets", "ty le", "--group", "môi trường")
    assert result.returncode == 0, result.stderr
    assert "(15) [môi trường] Tỷ lệ che phủ rừng: 55%" in result.stdout
    assert result.stdout.rstrip().endswith("(5 chỉ tiêu)")
    csv_out = run_cli(plan_settings, "targets", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,number,group,indicator") and len(csv_out) > 60
    assert run_cli(plan_settings, "targets", "sân bay quốc tế").returncode == 1


def test_a_bad_setting_exits_with_a_vietnamese_message():
    result = subprocess.run([sys.executable, "-m", "assistant", "ask", "x"], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "ASSISTANT_TOP_K": "nhiều"}, timeout=120)
    assert result.returncode == 2
    assert "ASSISTANT_TOP_K=«nhiều» không hợp lệ" in result.stderr
    assert "Traceback" not in result.stderr


def test_chat_keeps_the_conversation_until_an_empty_line(assistant, plan_settings):
    turns = "Tỷ lệ dân số đô thị được cung cấp nước sạch?\ncòn nông thôn thì sao?\n\nkhông đọc tới đây\n"
    result = run_cli(plan_settings, "chat", stdin=turns)
    assert result.returncode == 0, result.stderr
    replies = result.stdout.split("\n> ")
    assert len(replies) == 4  # greeting, two answers, the prompt the empty line ends
    assert "82%" in replies[1]
    assert "(Hiểu câu hỏi là: Tỷ lệ dân số đô thị được cung cấp nước sạch — nông thôn?)" in replies[2]
    assert "80%" in replies[2] and "82%" not in replies[2]


def test_index_reports_the_built_index(assistant, plan_settings):
    result = run_cli(plan_settings, "index")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Chỉ mục sẵn sàng: {assistant.index.path}")
    assert '"chunks": ' in result.stdout and '"targets": 63' in result.stdout


def test_a_batch_line_is_read_after_its_history(assistant, plan_settings):
    lines = [
        {"id": "f", "question": "ý thứ hai là gì?", "history": ["Mục 3.4 gồm những gì?"]},
        {"id": "g", "question": "còn năm 2027?", "history": ["Thu ngân sách nhà nước đến năm 2030 đạt bao nhiêu?"]},
        {"id": "h", "question": "ý thứ hai là gì?"},  # no history: nothing to point at
        {"id": "i", "question": "x", "history": "không phải danh sách"},
    ]
    result = run_cli(plan_settings, "batch", stdin="\n".join(json.dumps(q, ensure_ascii=False) for q in lines) + "\n")
    found = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert "Bảo đảm an ninh quốc gia" in found["f"]["answer"] and not found["f"]["refused"]
    assert found["g"]["refused"] and "2027" in found["g"]["answer"]
    assert "Bảo đảm an ninh quốc gia" not in found["h"]["answer"]
    assert "i" not in found and result.returncode == 1 and "history" in result.stderr


def test_chat_answers_follow_ups_about_the_outline(assistant, plan_settings):
    result = run_cli(plan_settings, "chat", stdin="Kế hoạch có mấy giải pháp?\ngiải pháp cuối cùng nói về gì?\n\n")
    replies = result.stdout.split("\n> ")
    assert "5 giải pháp" in replies[1] and "hội nhập quốc tế" in replies[2]


@pytest.mark.builds
def test_a_build_shows_a_progress_bar_on_a_terminal(tmp_path):
    import pty

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in (1, 2):
        (corpus / f"doc{n}.txt").write_text(f"I. MỤC TIÊU\n(1) Tỷ lệ che phủ rừng đạt {50 + n}%.\n", encoding="utf-8")
    parent, child = pty.openpty()
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(tmp_path / "index")}
    done = subprocess.run([sys.executable, "-m", "assistant", "index"], cwd=ROOT, env=env, stderr=child,
                          stdout=subprocess.PIPE, timeout=300)
    os.close(child)
    shown = os.read(parent, 100_000).decode("utf-8", "replace")
    os.close(parent)
    assert done.returncode == 0 and "Chỉ mục sẵn sàng" in done.stdout.decode()
    assert "[##############################] 2/2 tài liệu" in shown and "đoạn/s" in shown


def test_batch_lines_say_which_path_answered_and_why_a_models_text_was_not_shown(assistant, plan_settings):
    questions = [{"id": i, "question": q} for i, q in
                 (("a", "Tỷ lệ che phủ rừng đạt bao nhiêu?"), ("b", "Tỷ lệ che phủ rừng đạt bao nhiêu?"),
                  ("c", "Tỷ lệ hộ nghèo năm 2040?"))]
    replies = [Reply(lambda r: f"Tỷ lệ che phủ rừng đạt 55% [{forest(r)}]."),
               Reply("Kế hoạch không nêu tỷ lệ che phủ rừng [1].")]  # declines what the plan answers
    with FakeChatServer(replies) as server:
        result = run_cli(plan_settings, "batch", stdin="\n".join(json.dumps(q, ensure_ascii=False) for q in questions),
                         env={"ASSISTANT_LLM_BASE_URL": server.url, "ASSISTANT_LLM_MODEL": "fake"})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["via"], r["fallback"]) for r in lines] == [("model", None), ("quoted", "declined"), ("quoted", None)]
    assert lines[0]["answer"].startswith("Tỷ lệ che phủ rừng đạt 55% [1].\n\nNguyên văn kế hoạch:\n«") and lines[2]["refused"]
    assert len(server.requests) == 2  # a decline on the evidence never asks the model
