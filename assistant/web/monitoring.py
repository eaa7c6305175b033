"""Handlers of the «Theo dõi chỉ tiêu» tab: the indicators × years grid, a cell's two sources, a chart's points,
the downloads. Plain functions over a `Progress`."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

from assistant.monitoring.export import rows, to_csv, to_excel
from assistant.monitoring.linking import scale
from assistant.monitoring.progress import NO_DATA, Figure, Progress
from assistant.targets.export import statement
from assistant.targets.extract import Target
from assistant.text.units import with_unit

FIXED_COLUMNS = ["Số", "Chỉ tiêu", "Mục tiêu kế hoạch"]
UNSURE = " (liên kết chưa chắc)"
REPORTED, TOWARD = "Số liệu báo cáo", "Tới mục tiêu kế hoạch"  # the chart's two lines
HORIZON = "2030"  # the plan's horizon, for a target that names no year


def indicators(targets: list[Target]) -> list[Target]:
    """The plan's numbered indicators, in the plan's order: the grid's rows."""
    return [t for t in targets if t.number is not None]


def grid(progress: Progress, targets: list[Target]) -> tuple[list[str], list[list[str]]]:
    """The grid's headers and rows: each indicator, its target, and per reported year its figure and status."""
    years = progress.years
    cells = {(f.target.id, f.year): f for f in progress.figures}
    table = []
    for target in indicators(targets):
        row = [f"({target.number})", target.indicator, target_figure(target)]
        row += [_cell(cells.get((target.id, year))) for year in years]
        table.append(row)
    return [*FIXED_COLUMNS, *(str(y) for y in years)], table


def target_figure(target: Target) -> str:
    """The plan's figure as the target table says it: «trên 4.500 tỷ đồng (năm 2030)»."""
    return statement(target)


def _cell(figure: Figure | None) -> str:
    if figure is None:
        return NO_DATA
    reported = figure.link.reported
    shown = with_unit(reported.figure, reported.unit)
    return f"{shown} — {figure.status or 'chỉ hiển thị'}{'' if figure.link.sure else UNSURE}"


def cell_source(progress: Progress, targets: list[Target], row: int, column: int) -> tuple[str, str | None]:
    """A clicked cell's two sources as safe Markdown, and the report passage to open in the reader (or None)."""
    shown = indicators(targets)
    years = progress.years
    if not 0 <= row < len(shown) or not len(FIXED_COLUMNS) <= column < len(FIXED_COLUMNS) + len(years):
        return "", None
    target, year = shown[row], years[column - len(FIXED_COLUMNS)]
    figure = next((f for f in progress.of_target(target.id) if f.year == year), None)
    plan = f"**Kế hoạch** ({html.escape(target.section)}): «{html.escape(target.quote)}»"
    if figure is None:
        return f"{plan}\n\n**Năm {year}:** các báo cáo đã nạp chưa có số liệu.", None
    reported = figure.link.reported
    title = html.escape(progress.kinds[reported.document].title if reported.document in progress.kinds else reported.document)
    lines = [plan, f"**{title}** ({html.escape(reported.document)}), năm {year}: «{html.escape(reported.quote)}»"]
    lines += [f"Số trước đó: «{html.escape(lk.reported.quote)}» ({html.escape(lk.reported.document)})" for lk in figure.earlier]
    if figure.status:
        lines.append(f"Đánh giá: **{figure.status}** ({figure.judged_by}).")
    return "\n\n".join(lines), reported.chunk_id


def chart_points(progress: Progress, target: Target) -> list[dict]:
    """One indicator's points from the base year through the reports to the plan's target, in the target's unit."""
    points = []
    base = progress.base.get(target.id)
    for found in ([base] if base else []) + [f.link for f in progress.of_target(target.id)]:
        value = found.reported.value * scale(found.reported.unit) / scale(target.unit)
        points.append({"năm": str(found.reported.year), "giá trị": round(value, 4), "loại": REPORTED})
    if points:  # the way left: from the last report to the plan's target
        horizon = target.year if target.year.isdigit() else HORIZON
        points += [{**points[-1], "loại": TOWARD}, {"năm": horizon, "giá trị": target.value, "loại": TOWARD}]
    return points


def downloads(progress: Progress, folder: Path) -> tuple[str, str]:
    """The progress table as CSV and as Excel in `folder`; their paths."""
    records = rows(progress)
    text = to_csv(records)
    stem = f"theo-doi-chi-tieu-{hashlib.sha1(text.encode()).hexdigest()[:10]}"
    csv_path, excel_path = folder / f"{stem}.csv", folder / f"{stem}.xlsx"
    if not excel_path.exists():  # the same table again (each page load asks): its files are already there
        csv_path.write_text(text, encoding="utf-8-sig")  # with a BOM so spreadsheet programs read Vietnamese right
        to_excel(records, excel_path)
    return str(csv_path), str(excel_path)

