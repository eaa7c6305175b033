"""The «Theo dõi chỉ tiêu» tab: the plan's indicators × the reported years, a chart per indicator, downloads."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pandas as pd

from assistant.service import Assistant
from assistant.web.monitoring import (
    REPORTED,
    TOWARD,
    cell_source,
    chart_points,
    downloads,
    grid,
    indicators,
    target_figure,
)

EXPLAIN = ("Mỗi chỉ tiêu của kế hoạch bên cạnh số liệu các báo cáo năm đã nạp, cả hai đều dẫn nguồn. Đánh giá: "
           "**đạt / chưa đạt** theo lời báo cáo, hoặc so với mục tiêu hằng năm của kế hoạch; **chỉ hiển thị** khi kế "
           "hoạch chỉ đặt mục tiêu cho năm 2030. Bấm một ô để xem hai nguồn và mở đoạn báo cáo trong toàn văn.")
NO_REPORTS = "Chưa có báo cáo năm nào trong kho. Thêm báo cáo ở thẻ «Thêm tài liệu» (tệp .pdf hoặc .txt)."


def monitoring_tab(assistant: Assistant, folder: Path) -> tuple[gr.Textbox, list]:
    """Build the tab; returns the hidden box a clicked cell writes its report passage into, and what a page load
    refreshes (after reports were added)."""
    gr.Markdown(EXPLAIN)
    note = gr.Markdown(visible=False)
    table = gr.Dataframe(interactive=False, wrap=True, label="Chỉ tiêu × năm báo cáo (bấm một ô để xem nguồn)",
                         max_height=2600, elem_id="theo-doi")
    source = gr.Markdown(elem_id="nguon-theo-doi")
    opened = gr.Textbox(visible=False)  # the report passage a clicked cell opens in the reader
    with gr.Row():
        chosen = gr.Dropdown(label="Biểu đồ của chỉ tiêu", choices=[], scale=3, elem_id="chon-bieu-do")
        csv_file = gr.DownloadButton("Tải CSV", scale=1)
        excel_file = gr.DownloadButton("Tải Excel", scale=1)
    with gr.Group(elem_id="bieu-do-khung"):
        chart_title = gr.Markdown(padding=True)
        chart = gr.LinePlot(x="năm", y="giá trị", color="loại", color_map={REPORTED: "#2f6db5", TOWARD: "#e07b00"},
                            x_title="Năm", y_title="Giá trị", height=320, elem_id="bieu-do")

    def refresh() -> tuple:
        progress, targets = assistant.progress(), assistant.plan_targets()
        headers, rows = grid(progress, targets)
        names = [(f"({t.number}) {t.indicator}", t.id) for t in indicators(targets) if progress.of_target(t.id)]
        first = names[0][1] if names else None
        csv_path, excel_path = downloads(progress, folder)
        empty = not progress.figures
        widths = ["5%", "27%", "16%", *[f"{52 // max(len(headers) - 3, 1)}%"] * (len(headers) - 3)]
        return (gr.update(value=NO_REPORTS, visible=empty),
                gr.update(value=pd.DataFrame(rows, columns=headers), column_widths=widths),
                gr.update(choices=names, value=first), *_chart(first), csv_path, excel_path)

    def _chart(target_id: str | None) -> tuple[str, pd.DataFrame]:
        target = next((t for t in assistant.plan_targets() if t.id == target_id), None)
        points = chart_points(assistant.progress(), target) if target else []
        title = f"**({target.number}) {target.indicator}** — mục tiêu kế hoạch: {target_figure(target)}" if target else ""
        return title, pd.DataFrame(points, columns=["năm", "giá trị", "loại"])

    def on_cell(event: gr.SelectData) -> tuple:
        row, column = event.index
        text, chunk_id = cell_source(assistant.progress(), assistant.plan_targets(), row, column)
        return text, chunk_id or ""

    table.select(on_cell, None, [source, opened], api_visibility="private")
    chosen.change(_chart, chosen, [chart_title, chart], api_visibility="private")
    return opened, [refresh, [note, table, chosen, chart_title, chart, csv_file, excel_file]]
