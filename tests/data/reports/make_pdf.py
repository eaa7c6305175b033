"""Sinh bao-cao-ktxh-2027.pdf từ bao-cao-ktxh-2027.source.txt bằng fpdf2.

Chạy: .venv/bin/python tests/data/reports/make_pdf.py
Quy ước nguồn: đoạn văn cách nhau bằng dòng trống; các dòng có " | " liên tiếp
là một bảng (dòng đầu là tiêu đề cột); dòng ngay trước bảng là tên biểu.
"""
import re
import unicodedata
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SRC = HERE / "bao-cao-ktxh-2027.source.txt"
OUT = HERE / "bao-cao-ktxh-2027.pdf"
FONT_DIR = "/usr/share/fonts/truetype/dejavu/"

HEADING = re.compile(r"^(I|II|III|IV|V)\.\s|^\d+\.\s|^\d+\.\d+\.\s")


class Report(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 6, str(self.page_no()), align="C")


def build():
    text = unicodedata.normalize("NFC", SRC.read_text(encoding="utf-8"))
    lines = text.split("\n")

    pdf = Report(format="A4")
    pdf.set_margins(12, 15, 12)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("DejaVu", "", FONT_DIR + "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONT_DIR + "DejaVuSans-Bold.ttf")
    pdf.set_title("Báo cáo tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm 2027")
    pdf.set_author("Ủy ban nhân dân tỉnh Lai Châu")
    pdf.add_page()

    # --- Phần đầu văn bản: mọi dòng trước đoạn mở đầu (đến hết tên báo cáo) căn giữa
    i = 0
    header_bold = {"ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                   "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO"}
    while i < len(lines):
        ln = lines[i].strip()
        if ln.startswith("Thực hiện "):
            break
        if not ln:
            pdf.ln(2)
        else:
            bold = ln in header_bold
            size = 13 if ln == "BÁO CÁO" else 11
            pdf.set_font("DejaVu", "B" if bold else "", size)
            pdf.cell(0, 6, ln, align="C", new_x="LMARGIN", new_y="NEXT")
        i += 1
    pdf.ln(3)

    # --- Thân văn bản
    para = []

    def flush():
        if not para:
            return
        body = " ".join(para)
        if HEADING.match(body) or body in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"):
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(0, 6, body, align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(0, 6, body, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
        para.clear()

    while i < len(lines):
        ln = lines[i].strip()
        if " | " in ln:
            # tên biểu nằm ở dòng trước, đã nằm trong para
            caption = para.pop() if para else ""
            flush()
            rows = []
            while i < len(lines) and " | " in lines[i]:
                rows.append([c.strip() for c in lines[i].split(" | ")])
                i += 1
            draw_table(pdf, caption, rows)
            continue
        if not ln:
            flush()
        elif HEADING.match(ln) and not para:
            # dòng tiêu đề mục đứng riêng
            para.append(ln)
            flush()
        else:
            para.append(ln)
        i += 1
    flush()
    pdf.output(str(OUT))


def draw_table(pdf, caption, rows):
    size = 8
    pdf.set_font("DejaVu", "B", 10)
    if caption:
        pdf.cell(0, 7, caption, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", size)
    ncol = len(rows[0])
    widths = [0.0] * ncol
    for r, row in enumerate(rows):
        pdf.set_font("DejaVu", "B" if r == 0 else "", size)
        for c, cell in enumerate(row):
            widths[c] = max(widths[c], pdf.get_string_width(cell) + 2.5)
    avail = pdf.w - pdf.l_margin - pdf.r_margin
    assert sum(widths) <= avail, (sum(widths), avail)
    widths[1] += avail - sum(widths)  # phần dư cho cột "Chỉ tiêu"
    h = 6
    if pdf.get_y() + h * len(rows) > pdf.h - 20:
        pdf.add_page()
    for r, row in enumerate(rows):
        pdf.set_font("DejaVu", "B" if r == 0 else "", size)
        for c, cell in enumerate(row):
            align = "C" if r == 0 or c in (0, 2) else ("L" if c == 1 else "R")
            pdf.cell(widths[c], h, cell, border=1, align=align)
        pdf.ln(h)
    pdf.ln(3)


if __name__ == "__main__":
    build()
    print("wrote", OUT)
