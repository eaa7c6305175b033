"""Linked figures by target and year: what can compare, revisions, statuses, the exported rows."""

from dataclasses import replace

from assistant.documents.kinds import REPORT, DocumentKind
from assistant.monitoring.export import rows, to_csv, to_excel
from assistant.monitoring.linking import Link, compatible
from assistant.monitoring.progress import MET, NOT_MET, Progress
from tests.helpers import make_reported, make_target

REVENUE = make_target(2, "Thu ngân sách nhà nước trên địa bàn", 4500.0, "tỷ đồng", "trên", "2030", "4.500")
VISITORS = make_target(3, "Tổng lượt khách du lịch tăng bình quân", 10.0, "%/năm", year="hằng năm")
INCOME = make_target(1, "GRDP bình quân đầu người", 90.0, "triệu đồng")
KINDS = {name: DocumentKind(name, REPORT, f"Báo cáo năm {year}", year) for name, year in
         (("bc-2026.txt", 2026), ("bc-2027.txt", 2027))}


def test_a_figure_measures_a_target_only_of_the_same_kind_both_rates_or_both_levels_and_of_its_size():
    assert compatible(make_reported("Thu ngân sách", "2.950", "tỷ đồng"), REVENUE)
    assert compatible(make_reported("Thu ngân sách", "3,72", "nghìn tỷ đồng"), REVENUE)  # 3.720 tỷ đồng
    assert not compatible(make_reported("Thu ngân sách", "12,3", "%", measure="change"), REVENUE)  # its growth
    assert compatible(make_reported("tổng lượt khách du lịch", "11,2", "%", measure="change"), VISITORS)
    assert not compatible(make_reported("số lượt khách", "1,95", "triệu lượt"), VISITORS)
    assert not compatible(make_reported("Quy mô GRDP", "42,8", "nghìn tỷ đồng"), INCOME)  # no one's income


def test_a_later_report_revises_a_year_s_figure_and_the_earlier_stays_cited_under_it():
    estimate = Link(make_reported("Thu ngân sách", "2.950", "tỷ đồng", status="vượt"), REVENUE, 0.97, True)
    official = Link(make_reported("Thu ngân sách", "2.987", "tỷ đồng", document="bc-2027.txt"), REVENUE, 0.95, True)
    progress = Progress([official, estimate], KINDS, 2025)
    [figure] = progress.of_target(REVENUE.id)
    assert (figure.link, figure.earlier) == (official, (estimate,))
    assert [(r["reported"], r["standing"], r["report"]) for r in rows(progress)] == [
        ("2.987", True, "bc-2027.txt"), ("2.950", False, "bc-2026.txt")]


def test_a_status_is_the_report_s_own_word_else_the_yearly_target_else_none():
    said = Link(make_reported("Thu ngân sách", "2.950", "tỷ đồng", status="không đạt"), REVENUE, 0.97, True)
    yearly = Link(make_reported("tổng lượt khách", "9,6", "%", 2027, "change", "bc-2027.txt"), VISITORS, 0.96, True)
    shown = Link(make_reported("GRDP bình quân đầu người", "70,2", "triệu đồng"), INCOME, 0.99, True)
    base = Link(make_reported("GRDP bình quân đầu người", "64,5", "triệu đồng", year=2025), INCOME, 0.99, True)
    progress = Progress([said, yearly, shown, base], KINDS, 2025)
    assert [(f.target.number, f.year, f.status, f.judged_by) for f in progress.figures] == [
        (1, 2026, "", ""), (2, 2026, NOT_MET, "báo cáo nêu"), (3, 2027, NOT_MET, "so với mục tiêu hằng năm")]
    assert progress.years == [2026, 2027]  # the base year is not a reported year
    assert progress.select(2027)[0].status == NOT_MET and MET == "đạt"


def test_the_rows_cite_both_sides_and_download_as_csv_and_excel(tmp_path):
    from openpyxl import load_workbook

    link = Link(make_reported("Thu ngân sách", "2.950", "tỷ đồng"), REVENUE, 0.9, False)
    [record] = rows(Progress([link], KINDS, 2025))
    assert record | {"plan_citation": None, "report_citation": None} == {
        "target": "(2)", "indicator": REVENUE.indicator, "year": 2026, "reported": "2.950", "unit": "tỷ đồng",
        "planned": "trên 4.500 tỷ đồng", "status": "", "report": "bc-2026.txt", "sure": False, "standing": True,
        "revises": [], "plan_citation": None, "report_citation": None}
    assert record["plan_citation"]["quote"] == REVENUE.quote and record["report_citation"]["chunk_id"] == "bc-2026.txt#3"
    assert "chưa chắc" in to_csv([record]).splitlines()[1]
    sheet = load_workbook(to_excel([record], tmp_path / "theo-doi.xlsx")).active
    assert [c.value for c in sheet[2]][:5] == ["(2)", REVENUE.indicator, 2026, "2.950", "tỷ đồng"]


def test_a_report_giving_no_year_beyond_the_base_adds_nothing():
    only_base = Link(replace(make_reported("GRDP bình quân đầu người", "64,5", "triệu đồng"), year=2025), INCOME, 0.99, True)
    assert Progress([only_base], KINDS, 2025).figures == []
