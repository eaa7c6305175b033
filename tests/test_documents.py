"""Several plans in one corpus: every answer, target and citation stays inside the document asked about."""

import shutil

import pytest
from gradio_client import Client

from assistant.errors import AssistantError
from assistant.measure import free_port
from assistant.service import Assistant
from assistant.web.chat import respond
from tests.conftest import FONT_PATHS, PLAN, write_pdf
from tests.helpers import PAGES, RESOLUTION, run_cli

FOREST = "Tỷ lệ che phủ rừng đạt bao nhiêu?"


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory, embeddings, plan_settings):
    """The real plan and a one-year resolution made here as a real PDF, indexed together."""
    from dataclasses import replace

    base = tmp_path_factory.mktemp("two-plans")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(PLAN, corpus / PLAN.name)
    font = next(path for path in FONT_PATHS if path.is_file())
    write_pdf(corpus / RESOLUTION, PAGES, font)
    settings = replace(plan_settings, corpus_dir=corpus, index_dir=base / "index")
    return Assistant.from_settings(settings, embeddings)


def documents_cited(timed) -> set[str]:
    return {c.chunk.document for c in timed.answer.citations}


def test_both_documents_are_indexed_with_their_targets(two_plans):
    assert two_plans.index.documents == [PLAN.name, RESOLUTION]
    mine = [t for t in two_plans.targets.targets if t.document == RESOLUTION]
    assert {t.value_text for t in mine} >= {"8,2", "51,6", "2.950"}


def test_a_question_scoped_to_one_document_is_answered_only_from_it(two_plans):
    resolution = two_plans.ask(FOREST, document=RESOLUTION)
    assert "51,6%" in resolution.answer.text and "55%" not in resolution.answer.text
    assert documents_cited(resolution) == {RESOLUTION}
    assert all(h.chunk.document == RESOLUTION for h in resolution.answer.hits)
    plan = two_plans.ask(FOREST, document=PLAN.name)
    assert "55%" in plan.answer.text and "51,6%" not in plan.answer.text
    assert documents_cited(plan) == {PLAN.name}


def test_what_only_the_other_document_says_is_not_answered_from_it(two_plans):
    timed = two_plans.ask("Dân số đến năm 2030 đạt bao nhiêu người?", document=RESOLUTION)
    assert timed.answer.refused and "530" not in timed.answer.text
    assert documents_cited(timed) <= {RESOLUTION}


def test_unscoped_citations_name_the_document_and_page(two_plans):
    timed = two_plans.ask("Cầu treo bản Nậm Xe hoàn thành khi nào?")
    first = timed.answer.citations[0]
    assert "trước mùa mưa năm 2026" in timed.answer.text
    assert first.chunk.document == RESOLUTION and first.label.endswith(f", trang 2 — {RESOLUTION}")


def test_a_document_is_named_loosely_but_never_as_a_path(two_plans):
    assert two_plans.document("NGHI-QUYET-KTXH-2026") == RESOLUTION
    for bad in ("../../etc/passwd", "/etc/hosts", f"../corpus/{RESOLUTION}", "khong-co.pdf"):
        with pytest.raises(AssistantError, match=f"Không có tài liệu «{bad}» trong kho. Chọn một trong: {PLAN.name}, {RESOLUTION}."):
            two_plans.ask(FOREST, document=bad)


def test_the_cli_scopes_questions_and_the_target_table(two_plans):
    settings = two_plans.settings
    result = run_cli(settings, "ask", "--document", RESOLUTION, FOREST)
    assert result.returncode == 0, result.stderr
    assert "51,6%" in result.stdout and f"— {RESOLUTION}" in result.stdout and PLAN.name not in result.stdout
    table = run_cli(settings, "targets", "--document", RESOLUTION, "--format", "csv")
    lines = table.stdout.strip().splitlines()
    assert len(lines) - 1 == len([t for t in two_plans.targets.targets if t.document == RESOLUTION])
    assert all(RESOLUTION in line for line in lines[1:])
    wrong = run_cli(settings, "ask", "--document", "../../etc/passwd", FOREST)
    assert wrong.returncode == 2 and "Lỗi: Không có tài liệu «../../etc/passwd» trong kho." in wrong.stderr


def test_the_web_app_offers_the_documents_and_scopes_the_chat(two_plans):
    from assistant.web import build_ui
    from assistant.web.layout import CSS

    history, _, _ = respond(two_plans, FOREST, [], document=RESOLUTION)
    assert "51,6%" in history[-1]["content"] and "55%" not in history[-1]["content"]
    demo = build_ui(two_plans)
    port = free_port()
    demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        history, *_ = client.predict(FOREST, PLAN.name, api_name="/chat")
        assert "55%" in history[-1]["content"][0]["text"] and RESOLUTION not in history[-1]["content"][0]["text"]
        with pytest.raises(Exception, match=r"\.\./\.\./etc/passwd is not in the list of choices"):
            client.predict(FOREST, "../../etc/passwd", api_name="/chat")  # the dropdown refuses it first
        table, _, _ = client.predict("", "Tất cả", "", RESOLUTION, api_name="/targets")
        assert {row[3].split(" (")[0] for row in table["data"]} >= {"8,2%", "51,6%", "2.950 tỷ đồng"}
    finally:
        demo.close()


def test_the_models_lookup_tool_stays_inside_the_scoped_document(two_plans):
    from assistant.generation.chat_model import make_chat_model
    from tests.fake_llm import FakeChatServer, Reply, passage_number

    call = Reply(tool_call={"name": "tra_cuu_chi_tieu", "arguments": {"query": "che phủ rừng"}})
    answer = Reply(lambda r: f"Tỷ lệ che phủ rừng năm 2026 đạt 51,6% [{passage_number(r, '51,6%')}].")
    with FakeChatServer([call, answer]) as server:
        generative = Assistant(two_plans.settings, two_plans.index, make_chat_model(server.url, "fake", "", 5.0))
        timed = generative.ask(FOREST, document=RESOLUTION)
    looked_up = server.requests[1]["messages"][-1]["content"]  # the records come back as numbered passages
    assert "Kết quả tra cứu" in looked_up and "51,6" in looked_up and "55%" not in looked_up and PLAN.name not in looked_up
    assert timed.answer.via == "llm" and documents_cited(timed) == {RESOLUTION}
