"""The figures a yearly report states, from its prose and its tables (text and PDF), with what each measures."""

from pathlib import Path

from assistant.documents.chunking import Chunk, chunk_document
from assistant.documents.ingest import load_document
from assistant.monitoring.reported import read_reported
from assistant.text.paragraphs import is_table_row
from tests.conftest import write_pdf


def _chunk(text: str, *headings: str) -> Chunk:
    return Chunk("bc.txt#2", "bc.txt", text, " > ".join(headings), headings or ("I",), None, 0, len(text))


def _said(chunks: list[Chunk], year: int = 2026) -> list[tuple]:
    return [(r.year, r.indicator, r.figure, r.unit, r.measure, r.status) for r in read_reported(chunks, year)]


def test_a_level_a_change_a_share_of_the_plan_and_a_base_year_are_told_apart():
    found = read_reported([_chunk(
        "Thu ngân sách nhà nước trên địa bàn ước đạt 2.950 tỷ đồng, đạt 107,3% dự toán, tăng 12,3% so với cùng kỳ. "
        "Độ che phủ rừng ước đạt 51,2%, đạt kế hoạch (năm 2025 là 49,8%).")], 2026)
    assert [(r.year, r.indicator, r.figure, r.measure) for r in found] == [
        (2026, "Thu ngân sách nhà nước trên địa bàn", "2.950", "level"),
        (2026, "Thu ngân sách nhà nước trên địa bàn", "12,3", "change"),  # same subject, said once
        (2026, "Độ che phủ rừng", "51,2", "level"),
        (2025, "Độ che phủ rừng", "49,8", "level"),  # the base year, inside the bracket
    ]
    assert (found[0].share, found[0].status) == ("107,3% dự toán", "vượt")
    assert found[2].status == "đạt" and found[3].status == ""  # the report's word is for the year reported


def test_figures_compared_with_or_planned_are_not_reported_figures():
    said = _said([_chunk("GRDP ước tăng 9,35% so với năm 2025, chưa đạt kế hoạch (kế hoạch tăng 10%). "
                         "Năm 2027, tốc độ tăng trưởng GRDP đạt 8,61% (điều chỉnh so với ước tính 8,5%).")], 2027)
    assert [s[2] for s in said] == ["9,35", "8,61"]
    assert said[0][5] == "chưa đạt"


def test_subjects_listed_before_lan_luot_each_take_their_figure():
    said = _said([_chunk("Tỷ lệ lao động qua đào tạo, tỷ lệ có bằng cấp chứng chỉ lần lượt đạt 66,2% và 29,1%.")])
    assert [(s[1], s[2]) for s in said] == [("Tỷ lệ lao động qua đào tạo", "66,2"), ("tỷ lệ có bằng cấp chứng chỉ", "29,1")]


def test_the_part_that_plans_the_next_year_states_no_reported_figure():
    ahead = _chunk("Tốc độ tăng trưởng GRDP 10%; tỷ lệ che phủ rừng 52,8%.", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027")
    inline = _chunk("Các chỉ tiêu chủ yếu năm 2027: tỷ lệ che phủ rừng 52%.")
    assert _said([ahead, inline]) == []


def test_a_table_as_text_gives_its_reported_columns_by_year_and_its_share_column():
    table = _chunk("STT | Chỉ tiêu | Đơn vị | Kế hoạch 2026 | Thực hiện 2025 | Ước thực hiện 2026 | So sánh (%)\n"
                   "1 | Độ che phủ rừng | % | 51,5 | 49,8 | 51,2 | 99,4\n"
                   "2 | Thu ngân sách trên địa bàn | tỷ đồng | 2.800 | 2.640 | 2.950 | 105,4")
    said = read_reported([table], 2026)
    assert [(r.year, r.indicator, r.figure, r.unit) for r in said] == [
        (2025, "Độ che phủ rừng", "49,8", "%"), (2026, "Độ che phủ rừng", "51,2", "%"),
        (2025, "Thu ngân sách trên địa bàn", "2.640", "tỷ đồng"), (2026, "Thu ngân sách trên địa bàn", "2.950", "tỷ đồng")]
    assert said[1].status == "chưa đạt" and said[3].status == "vượt"


def test_a_pdf_table_read_by_pypdf_gives_each_row_with_its_unit(tmp_path: Path, font: Path):
    pdf = write_pdf(tmp_path / "bc-2027.pdf", [[
        "Số: 495/BC-UBND ngày 10 tháng 12 năm 2027", "BÁO CÁO", "I. KẾT QUẢ THỰC HIỆN NĂM 2027",
        "Kết quả một số chỉ tiêu như sau:",
        "STT Chỉ tiêu Đơn vị Kế hoạch năm 2027 Ước thực hiện năm 2027 So sánh (%)",
        "1 Tốc độ tăng trưởng GRDP % 9,5 8,5 89,5",
        "2 Số bác sĩ/vạn dân bác sĩ/vạn dân 12,5 12,6 100,8",
        "3 Thu ngân sách nhà nước trên địa bàn tỷ đồng 3.200 3.310 103,4",
        "Tổng vốn đầu tư toàn xã hội ước đạt 17.500 tỷ đồng.",
    ]], font)
    said = _said(chunk_document(load_document(pdf), 1200), 2027)
    assert [(s[1], s[2], s[3], s[5]) for s in said] == [
        ("Tốc độ tăng trưởng GRDP", "8,5", "%", "chưa đạt"), ("Số bác sĩ/vạn dân", "12,6", "bác sĩ/vạn dân", "vượt"),
        ("Thu ngân sách nhà nước trên địa bàn", "3.310", "tỷ đồng", "vượt"),
        ("Tổng vốn đầu tư toàn xã hội", "17.500", "tỷ đồng", "")]


def test_table_rows_stand_alone_and_prose_still_joins():
    assert is_table_row("1 | Độ che phủ rừng | % | 51,2")
    assert is_table_row("12 Tỷ lệ dân số đô thị dùng nước sạch % 76 76,5 100,7")
    assert is_table_row("STT Chỉ tiêu Đơn vị Kế hoạch")
    assert not is_table_row("4.500 tỷ đồng.")
    assert not is_table_row("2. Về văn hóa - xã hội")
