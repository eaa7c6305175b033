"""The «Theo dõi chỉ tiêu» tab's handlers: the grid, a cell's two sources, a chart's points, the downloads."""

from assistant.documents.kinds import REPORT, DocumentKind
from assistant.monitoring.linking import Link
from assistant.monitoring.progress import Progress
from assistant.web.monitoring import REPORTED, TOWARD, cell_source, chart_points, downloads, grid
from tests.helpers import make_reported, make_target

FOREST = make_target(15, "Tỷ lệ che phủ rừng", 55.0, "%")
REVENUE = make_target(2, "Thu ngân sách nhà nước trên địa bàn", 4500.0, "tỷ đồng", "trên", "2030", "4.500")
KINDS = {"bc-2026.txt": DocumentKind("bc-2026.txt", REPORT, "Báo cáo số 468/BC-UBND ngày 08/12/2026", 2026),
         "bc-2028.txt": DocumentKind("bc-2028.txt", REPORT, "Báo cáo số 521/BC-UBND ngày 04/12/2028", 2028)}
LINKS = [Link(make_reported("độ che phủ rừng", "51,2", "%", status="đạt"), FOREST, 0.98, True),
         Link(make_reported("độ che phủ rừng", "49,8", "%", year=2025), FOREST, 0.98, True),
         Link(make_reported("Thu ngân sách", "3,72", "nghìn tỷ đồng", 2028, document="bc-2028.txt"), REVENUE, 0.9, False)]
PROGRESS = Progress(LINKS, KINDS, 2025)


def test_the_grid_has_a_row_per_indicator_and_a_column_per_reported_year():
    headers, rows = grid(PROGRESS, [REVENUE, FOREST])
    assert headers == ["Số", "Chỉ tiêu", "Mục tiêu kế hoạch", "2026", "2028"]
    assert rows == [["(2)", REVENUE.indicator, "trên 4.500 tỷ đồng (năm 2030)", "chưa có số liệu",
                     "3,72 nghìn tỷ đồng — chỉ hiển thị (liên kết chưa chắc)"],
                    ["(15)", "Tỷ lệ che phủ rừng", "55%", "51,2% — đạt", "chưa có số liệu"]]


def test_a_cell_shows_the_plan_and_the_report_and_opens_the_report_s_passage():
    text, chunk_id = cell_source(PROGRESS, [REVENUE, FOREST], 1, 3)
    assert chunk_id == "bc-2026.txt#3"
    assert "Báo cáo số 468/BC-UBND ngày 08/12/2026" in text and "«độ che phủ rừng đạt 51,2%.»" in text
    assert "Đánh giá: **đạt** (báo cáo nêu)." in text
    assert cell_source(PROGRESS, [REVENUE, FOREST], 1, 4) == (
        f"**Kế hoạch** (I &gt; 2. &gt; (15)): «{FOREST.quote}»\n\n**Năm 2028:** các báo cáo đã nạp chưa có số liệu.", None)
    assert cell_source(PROGRESS, [REVENUE, FOREST], 1, 1) == ("", None)  # not a year's cell


def test_a_chart_runs_from_the_base_year_through_the_reports_to_the_target_in_the_target_s_unit():
    assert chart_points(PROGRESS, FOREST) == [
        {"năm": "2025", "giá trị": 49.8, "loại": REPORTED}, {"năm": "2026", "giá trị": 51.2, "loại": REPORTED},
        {"năm": "2026", "giá trị": 51.2, "loại": TOWARD}, {"năm": "2030", "giá trị": 55.0, "loại": TOWARD}]
    assert chart_points(PROGRESS, REVENUE)[0] == {"năm": "2028", "giá trị": 3720.0, "loại": REPORTED}


def test_the_downloads_are_a_csv_and_an_excel_file(tmp_path):
    csv_path, excel_path = downloads(PROGRESS, tmp_path)
    assert csv_path.endswith(".csv") and excel_path.endswith(".xlsx")
    assert "51,2" in open(csv_path, encoding="utf-8-sig").read()
