"""Yearly reports beside the plan, end to end: links, progress answers, the plan's answers unchanged, the CLI."""

from __future__ import annotations

import json
import re

from assistant.monitoring.export import rows
from tests.conftest import PLAN, REPORTS
from tests.helpers import cited_numbers, numbers, run_cli

# Questions about the plan alone, in the team's wording: with reports beside it, each gets the same answer.
PLAN_QUESTIONS = ("Tỷ lệ che phủ rừng đạt bao nhiêu?", "Thu ngân sách đến năm 2030 là bao nhiêu?",
                  "Có bao nhiêu chỉ tiêu chủ yếu?", "Tỷ lệ thất nghiệp năm 2029?", "Hiện nay tỷ lệ hộ nghèo là bao nhiêu?",
                  "Tỉnh có xây sân golf không?", "Doanh thu du lịch đến 2030 đạt bao nhiêu?", "Tóm tắt mục 3.4",
                  "GRDP bình quân đầu người là bao nhiêu?", "Các nhóm chỉ tiêu?")


def _key(record: dict) -> tuple:
    figure = re.sub(r"(?<=\d)\.(?=\d{3})", "", record["reported"]).replace(",", ".")
    return record["report"].split(".")[0], int(record["year"]), record["target"], float(figure)


def test_nine_in_ten_expected_links_are_found_and_nine_in_ten_found_are_right(monitored):
    expected = {_key(json.loads(line)) for line in (REPORTS / "expected.jsonl").read_text(encoding="utf-8").splitlines()}
    found = {_key(record) for record in rows(monitored.progress())}
    right = expected & found
    assert len(right) / len(expected) >= 0.9 and len(right) / len(found) >= 0.9


def test_only_reports_link_figures_and_no_report_figure_is_a_target(monitored):
    documents = {record["report"] for record in rows(monitored.progress())}
    assert documents == {"bao-cao-ktxh-2026.txt", "bao-cao-ktxh-2027.pdf", "bao-cao-ktxh-2028.txt"}
    assert {t.document for t in monitored.targets.targets} == {PLAN.name, "van-ban-khac.txt"}  # its own figures
    assert {t.document for t in monitored.plan_targets()} == {PLAN.name}  # what the reports are read against


def test_a_progress_question_gets_the_reported_figure_and_the_plan_s_target_both_cited(monitored):
    timed = monitored.ask("Tỷ lệ che phủ rừng năm 2026 đạt bao nhiêu so với mục tiêu?")
    text, cited = timed.answer.text, {c.chunk.document for c in timed.answer.citations}
    assert not timed.answer.refused and "51,2%" in text and "«Tỷ lệ che phủ rừng đạt 55%»" in text
    assert "Theo Báo cáo số 468/BC-UBND ngày 08/12/2026" in text.replace("theo Báo cáo", "Theo Báo cáo")
    assert cited == {"bao-cao-ktxh-2026.txt", PLAN.name}
    assert numbers(text) - numbers(timed.question.text) <= cited_numbers(timed.answer)  # no figure made up


def test_a_series_over_the_years_keeps_a_revised_figure_under_the_one_that_revised_it(monitored):
    text = monitored.ask("Thu ngân sách tăng thế nào qua các năm?").answer.text
    assert [line.split(",")[0] for line in text.splitlines()[:3]] == ["- Năm 2026", "- Năm 2027", "- Năm 2028"]
    assert "2.987" in text and "thay số trước đó" in text and "2.950" in text


def test_the_targets_not_met_in_a_year_are_listed_each_with_its_citation(monitored):
    timed = monitored.ask("Những chỉ tiêu nào chưa đạt kế hoạch năm 2027?")
    listed = [line for line in timed.answer.text.splitlines() if line.startswith("- ")]
    assert len(listed) >= 3 and all("chưa đạt" in line and re.search(r"\[\d+\]", line) for line in listed)


def test_a_year_or_an_indicator_no_report_gives_is_declined_as_such(monitored):
    for question in ("Tỷ lệ che phủ rừng năm 2029 đạt bao nhiêu so với mục tiêu?",
                     "Tỷ lệ thất nghiệp năm 2027 so với mục tiêu thế nào?"):
        found = monitored.ask(question).answer
        assert found.refused and found.text.startswith("Các báo cáo đã nạp chưa có số liệu"), found.text


def test_questions_about_the_plan_get_the_same_answers_as_without_the_reports(monitored, assistant):
    for question in PLAN_QUESTIONS:
        alone, beside = assistant.ask(question).answer, monitored.ask(question).answer
        assert (beside.text, beside.refused) == (alone.text, alone.refused), question


def test_an_answer_read_in_a_report_names_the_report_never_the_plan(monitored):
    found = monitored.ask("Tổng mức bán lẻ hàng hóa đạt bao nhiêu?", document="bao-cao-ktxh-2026.txt").answer
    assert found.text.startswith("Theo Báo cáo số 468/BC-UBND ngày 08/12/2026") and "kế hoạch:" not in found.text


def test_the_cli_prints_each_linked_figure_as_json_csv_or_a_table(monitored):
    settings = monitored.settings
    out = run_cli(settings, "progress", "--format", "json", "--year", "2027",
                  env={"ASSISTANT_MAIN_DOCUMENT": PLAN.name})
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.returncode == 0 and records and {r["year"] for r in records} == {2027}
    assert set(records[0]) >= {"target", "indicator", "year", "reported", "unit", "planned", "status", "report",
                               "plan_citation", "report_citation"}
    csv = run_cli(settings, "progress", "--format", "csv", "--document", "bao-cao-ktxh-2028.txt")
    assert csv.stdout.startswith("Chỉ tiêu số,") and all("bao-cao-ktxh-2028.txt" in line for line in csv.stdout.splitlines()[1:])
    table = run_cli(settings, "progress")
    assert "(15) 2026 Tỷ lệ che phủ rừng: 51,2 %" in table.stdout


def test_a_chat_model_never_rewords_what_a_report_says(monitored):
    from tests.fake_llm import FakeChatServer, Reply
    from tests.helpers import with_llm

    with FakeChatServer([Reply(content="Theo kế hoạch, tỷ lệ che phủ rừng năm 2026 đạt 51,2% [1].")]) as server:
        worded = with_llm(monitored, server)
        found = worded.ask("Tỷ lệ che phủ rừng năm 2026 đạt bao nhiêu so với mục tiêu?").answer
        assert found.via == "progress" and not server.requests  # the model was not asked
        assert "Theo kế hoạch" not in found.text



def test_a_plan_decline_for_a_reported_year_stands_with_the_report_s_figure_under_it(monitored, assistant):
    done = "Năm 2028 giải quyết việc làm được cho bao nhiêu lao động?"
    alone, found = assistant.ask(done).answer, monitored.ask(done).answer
    assert alone.refused and found.refused and found.text.startswith(f"{alone.text}\n\nCác báo cáo năm đã nạp nêu:\n")  # still declined
    assert "theo Báo cáo số 521/BC-UBND ngày 04/12/2028" in found.text and "10,3" in found.text
    assert numbers(found.text) - numbers(done) <= cited_numbers(found)  # the report's lines cited after the plan's
    aimed = "Năm 2027 tốc độ tăng trưởng GRDP dự kiến là bao nhiêu?"
    assert (monitored.ask(aimed).answer.text, monitored.ask(aimed).answer.refused) == (
        assistant.ask(aimed).answer.text, assistant.ask(aimed).answer.refused)


def test_a_model_wording_another_document_names_it_as_the_quote_does(monitored):
    from tests.fake_llm import FakeChatServer, Reply, passage_number
    from tests.helpers import with_llm

    said = Reply(lambda r: "Theo kế hoạch, mỗi cơ sở homestay được hỗ trợ một lần 80 triệu đồng "
                           f"[{passage_number(r, '80 triệu đồng/cơ sở')}].")
    with FakeChatServer([said]) as server:
        found = with_llm(monitored, server).ask("Mỗi cơ sở homestay được hỗ trợ bao nhiêu tiền?",
                                               document="van-ban-khac.txt").answer
    assert found.via == "llm" and found.text.startswith("Theo Nghị quyết số 12/2027/NQ-HĐND ngày 15/07/2027, mỗi cơ sở")
