import json
from pathlib import Path

import pytest

from assistant.documents.chunking import chunk_document
from assistant.documents.ingest import load_document
from assistant.store.corpus_stats import CorpusStats
from assistant.store.keywords import KeywordIndex
from assistant.targets.export import to_csv
from assistant.targets.extract import extract_targets
from assistant.targets.table import TargetTable
from assistant.targets.tool import make_lookup_tool
from tests.conftest import PLAN

GOLDEN = Path(__file__).parent / "golden" / "targets-1-18.json"


@pytest.fixture(scope="module")
def table() -> TargetTable:
    chunks = chunk_document(load_document(PLAN))
    keywords = KeywordIndex([c.index_text() for c in chunks])
    return TargetTable(extract_targets(chunks), CorpusStats(chunks, keywords.postings))


def test_the_18_targets_figures_match_the_hand_checked_golden_file(table):
    golden = [tuple(f) for f in json.loads(GOLDEN.read_text(encoding="utf-8"))["figures"]]
    found = [(t.number, t.value_text, t.unit, t.qualifier) for t in table.targets if t.number]
    assert found == golden


def test_every_record_quotes_its_figure_from_its_own_passage(table):
    chunks = {c.id: c for c in chunk_document(load_document(PLAN))}
    for target in table.targets:
        assert target.quote in chunks[target.chunk_id].text
        assert target.value_text.split("-")[0].split("x")[0] in target.quote


def test_task_figures_are_in_the_table_too(table):
    tasks = {(t.value_text, t.unit) for t in table.targets if t.number is None}
    for figure in [("10.000", "ha"), ("3.000", "ha"), ("2x900", "MVA"), ("100", "%"), ("08", "di tích"),
                   ("05", "di sản"), ("2027", "năm"), ("2029", "năm")]:
        assert figure in tasks
    assert all(t.group not in ("kinh tế", "xã hội", "môi trường") for t in table.targets if t.number is None)


def test_values_are_numbers_and_years_come_from_the_passage(table):
    budget = next(t for t in table.targets if t.value_text == "4.500")
    assert budget.value == 4500 and budget.qualifier == "trên" and budget.year == "2030" and budget.group == "kinh tế"
    assert next(t for t in table.targets if t.unit == "MVA").value == 1800
    assert next(t for t in table.targets if t.value_text == "0,77").value == pytest.approx(0.77)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("bảo hiểm y tế", "96,01"),
        ("BHYT", "96,01"),
        ("ty le che phu rung", "55"),
        ("96,01% là chỉ tiêu gì?", "96,01"),
        ("con số 4.500 tỷ nói về gì", "4.500"),
        ("năm 2029 diễn tập", "2029"),
    ],
)
def test_lookup_by_words_abbreviation_or_value(table, query, expected):
    assert table.search(query)[0].target.value_text == expected


def test_a_count_asked_from_a_figure_named_is_not_looked_up_by_that_figure(table):
    found = table.search("Cứ 100 xã thì bao nhiêu xã đạt chuẩn nông thôn mới?")
    assert not any(m.by_value for m in found)
    assert found[0].target.value_text != "100"


def test_lookup_by_target_number_group_and_year(table):
    assert [t.target.value_text for t in table.search("chỉ tiêu số (16)")] == ["95", "90"]
    environment = table.search("", group="moi truong", limit=100)
    assert {m.target.number for m in environment} == {15, 16, 17, 18}
    by_year = table.search("", year="2030", limit=100)
    assert by_year and all("2030" in m.target.year or "2030" in m.target.quote for m in by_year)
    assert any(m.target.value_text == "4.500" for m in by_year)


def test_a_share_question_prefers_a_share(table):
    found = [m.target for m in table.search("bao nhiêu phần trăm lao động qua đào tạo")]
    assert found[0].unit == "%" and found[0].value_text in ("70,5", "32")  # both shares of trained workers
    assert found.index(next(t for t in found if t.value_text == "4.700")) > 1  # the head count comes after them


def test_nothing_matches_a_topic_the_plan_lacks(table):
    assert table.search("số sân bay quốc tế") == []


def test_csv_has_a_header_and_a_row_per_target(table):
    lines = to_csv(table.targets).strip().splitlines()
    assert lines[0].startswith("id,number,group,indicator,value,value_text,unit")
    assert len(lines) == len(table.targets) + 1


def test_the_langchain_tool_answers_in_records(table):
    tool = make_lookup_tool(table)
    assert tool.name == "tra_cuu_chi_tieu" and "Tra cứu chỉ tiêu" in tool.description
    result = tool.invoke({"query": "tuổi thọ bình quân"})
    assert result[0]["value_text"] == "70" and result[0]["unit"] == "tuổi"
