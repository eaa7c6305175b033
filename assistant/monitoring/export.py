"""The progress table as rows: one per linked figure (JSON lines, CSV, Excel), and as a plain-text table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from assistant.monitoring.linking import Link
from assistant.monitoring.progress import Figure, Progress
from assistant.targets.extract import Target
from assistant.text.units import with_unit

COLUMNS = ("target", "indicator", "year", "reported", "unit", "planned", "status", "report", "sure", "standing", "revises",
           "plan_citation", "report_citation")
HEADINGS = {"target": "Chỉ tiêu số", "indicator": "Chỉ tiêu (lời kế hoạch)", "year": "Năm", "reported": "Báo cáo nêu",
            "unit": "Đơn vị", "planned": "Mục tiêu kế hoạch", "status": "Đánh giá", "report": "Báo cáo",
            "sure": "Liên kết chắc chắn", "standing": "Số liệu hiện hành", "revises": "Thay số của", "plan_citation": "Nguồn kế hoạch",
            "report_citation": "Nguồn báo cáo"}


def planned(target: Target) -> str:
    """The plan's figure as written, with its qualifier and unit: «trên 4.500 tỷ đồng»."""
    return f"{target.qualifier} {with_unit(target.value_text, target.unit)}".strip()


def row(figure: Figure, revised: Link | None = None) -> dict:
    """One linked figure as a record with both citations; with `revised`, that earlier figure the standing one revised."""
    found = revised or figure.link
    reported, target = found.reported, figure.target
    return {
        "target": f"({target.number})", "indicator": target.indicator, "year": figure.year,
        "reported": reported.figure, "unit": reported.unit, "planned": planned(target),
        "status": "" if revised else figure.status, "report": reported.document, "sure": found.sure,
        "standing": revised is None,
        "revises": [] if revised else [f"{lk.reported.figure} ({lk.reported.document})" for lk in figure.earlier],
        "plan_citation": {"document": target.document, "section": target.section, "chunk_id": target.chunk_id,
                          "page": target.page, "quote": target.quote},
        "report_citation": {"document": reported.document, "chunk_id": reported.chunk_id, "quote": reported.quote},
    }


def rows(progress: Progress, year: int | None = None, document: str | None = None) -> list[dict]:
    """The records of every linked figure (of one year, or one report): each standing one, then those it revised."""
    found = []
    for figure in progress.select(year):
        found += [r for r in [row(figure), *(row(figure, lk) for lk in figure.earlier)]
                  if document is None or r["report"] == document]
    return found


def flat(record: dict) -> dict:
    """A record with its citations as text, for CSV and Excel."""
    out = dict(record)
    out["revises"] = "; ".join(record["revises"])
    out["plan_citation"] = f"{record['plan_citation']['section']}: «{record['plan_citation']['quote']}»"
    out["report_citation"] = f"{record['report_citation']['document']}: «{record['report_citation']['quote']}»"
    out["sure"] = "có" if record["sure"] else "chưa chắc"
    out["standing"] = "có" if record["standing"] else "đã được báo cáo sau thay"
    return out


def to_csv(records: list[dict]) -> str:
    """CSV with Vietnamese headings."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[HEADINGS[c] for c in COLUMNS])
    writer.writeheader()
    for record in records:
        writer.writerow({HEADINGS[c]: flat(record)[c] for c in COLUMNS})
    return buffer.getvalue()


def to_excel(records: list[dict], path: Path) -> Path:
    """An Excel workbook of the records, one sheet."""
    from openpyxl import Workbook  # only the download needs it

    book = Workbook()
    sheet = book.active
    sheet.title = "Theo dõi chỉ tiêu"
    sheet.append([HEADINGS[c] for c in COLUMNS])
    for record in records:
        sheet.append([flat(record)[c] for c in COLUMNS])
    book.save(path)
    return path


def to_table(records: list[dict]) -> str:
    """A plain-text table for the terminal."""
    lines = []
    for r in records:
        mark = "" if r["sure"] else " (chưa chắc)"
        status = f" — {r['status']}" if r["status"] else ""
        lines.append(f"{r['target']:>5} {r['year']} {r['indicator'][:60]}: {r['reported']} {r['unit']} "
                     f"(mục tiêu {r['planned']}){status}{mark} [{r['report']}]")
    return "\n".join(lines)
