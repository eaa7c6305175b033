"""The Gradio web app: built from an `Assistant`, handlers are plain functions testable without a browser."""

from __future__ import annotations

import hashlib
import html
import logging
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.service import Assistant, Timed
from assistant.targets import COLUMNS, rows, to_csv

log = logging.getLogger(__name__)

TITLE = "Trợ lý Kế hoạch — Kế hoạch phát triển KTXH tỉnh Lai Châu 2026–2030"
EXAMPLES = [
    "Tỷ lệ che phủ rừng đến năm 2030 đạt bao nhiêu?",
    "Thu ngân sách nhà nước trên địa bàn đến năm 2030 phấn đấu đạt bao nhiêu?",
    "Những tuyến quốc lộ nào được ưu tiên cải tạo, nâng cấp?",
    "ty le bao phu bao hiem y te",
    "Tỉnh có đầu tư trường học thông minh không?",
]
UNEXPECTED = "Xin lỗi, đã có lỗi ngoài dự kiến khi trả lời. Hãy thử lại hoặc hỏi cách khác."
ALL_GROUPS = "Tất cả"
TABLE_COLUMNS = ["number", "group", "indicator", "figure", "year", "section"]


def to_markdown(timed: Timed) -> str:
    """The answer with its numbered sources, as Markdown safe to render (plan text is escaped)."""
    answer = timed.answer
    lines = [f"_Hiểu câu hỏi là: {html.escape(timed.question.text, quote=False)}_", ""] if timed.question.focus else []
    lines += [html.escape(line, quote=False) for line in answer.text.split("\n")]
    title = "Đoạn tham khảo" if answer.refused else "Nguồn"
    lines += ["", f"**{title}** (bấm để xem nguyên văn)", ""]
    for c in answer.citations:  # each footnote opens to the exact passage, the quoted words in bold
        passage = html.escape(c.chunk.text, quote=False)
        quote = html.escape(c.quote, quote=False)
        passage = passage.replace(quote, f"<b>{quote}</b>", 1)
        label = html.escape(c.label, quote=False)
        lines.append(f"<details><summary>[{c.number}] {label}</summary>\n\n{passage}\n\n</details>")
    return "\n".join(lines)


def _text(content: Any) -> str:
    """The text of a chat message's content, whichever shape Gradio gives it."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text", ""))
    if isinstance(content, list):
        return " ".join(_text(part) for part in content)
    return ""


def reply(assistant: Assistant, message: str, previous: list[str] | None = None) -> str:
    """The assistant's chat reply to one message: an answer, or a Vietnamese error, never a trace."""
    try:
        return to_markdown(assistant.ask(message, previous or []))
    except AssistantError as error:
        return f"⚠️ {html.escape(str(error), quote=False)}"
    except Exception:  # the UI must not show a stack trace; the log keeps it
        log.exception("unexpected error answering %r", message[:200])
        return UNEXPECTED


def respond(assistant: Assistant, message: str, history: list[dict[str, Any]] | None) -> tuple[list[dict[str, Any]], str]:
    """Append the user's message and the reply to the conversation; clear the input box."""
    history = list(history or [])
    previous = [html.unescape(_text(m.get("content"))) for m in history if m.get("role") == "user"]
    history.append({"role": "user", "content": html.escape(message or "", quote=False)})  # shown as typed, never run
    history.append({"role": "assistant", "content": reply(assistant, message, previous)})
    return history, ""


def search_targets(assistant: Assistant, query: str, group: str, year: str) -> tuple[list[list[str]], list[str]]:
    """Rows of the targets matching the filters, and their ids (to find a row's source later)."""
    chosen = None if not group or group == ALL_GROUPS else group
    found = [m.target for m in assistant.targets.search(query or "", chosen, (year or "").strip() or None, limit=1000)]
    return [[row[k] for k in TABLE_COLUMNS] for row in rows(found)], [t.id for t in found]


def target_source(assistant: Assistant, ids: list[str], row: int) -> str:
    """The passage a table row comes from, with the row's words in bold, as safe Markdown."""
    if not 0 <= row < len(ids) or ids[row] not in assistant.targets.by_id:
        return ""
    target = assistant.targets.by_id[ids[row]]
    passage = html.escape(assistant.index.chunk(target.chunk_id).text, quote=False)
    quote = html.escape(target.quote, quote=False)
    passage = passage.replace(quote, f"**{quote}**", 1)
    page = f", trang {target.page}" if target.page else ""
    return f"**Nguồn:** {html.escape(target.section, quote=False)}{page} — {html.escape(target.document)}\n\n{passage}"


def targets_csv(assistant: Assistant, ids: list[str], folder: Path) -> str:
    """Write the listed targets as CSV into `folder`; return the file's path for download."""
    chosen = [assistant.targets.by_id[i] for i in ids if i in assistant.targets.by_id]
    text = to_csv(chosen)
    path = folder / f"chi-tieu-{hashlib.sha1(text.encode()).hexdigest()[:10]}.csv"
    path.write_text(text, encoding="utf-8-sig")  # with a BOM so spreadsheet programs read Vietnamese right
    return str(path)


def build_ui(assistant: Assistant) -> gr.Blocks:
    """The web app's Blocks for `assistant`."""
    downloads = Path(tempfile.mkdtemp(prefix="tro-ly-ke-hoach-"))
    first_rows, first_ids = search_targets(assistant, "", ALL_GROUPS, "")
    with gr.Blocks(title="Trợ lý Kế hoạch") as demo:
        gr.Markdown(f"## {TITLE}\nHỏi về mục tiêu, chỉ tiêu và nhiệm vụ của kế hoạch. Mỗi câu trả lời trích nguyên văn và dẫn nguồn.")
        with gr.Tab("Hỏi đáp"):
            chatbot = gr.Chatbot(label="Hỏi đáp", height=520, buttons=["copy"], feedback_options=None)
            with gr.Row():
                question = gr.Textbox(placeholder="Nhập câu hỏi, ví dụ: Tỷ lệ che phủ rừng đạt bao nhiêu?", show_label=False, scale=5)
                send = gr.Button("Gửi", variant="primary", scale=1)
            clear = gr.Button("Cuộc trò chuyện mới")
            gr.Examples(EXAMPLES, inputs=question, label="Câu hỏi mẫu")
        with gr.Tab("Tra cứu chỉ tiêu"):
            with gr.Row():
                query = gr.Textbox(label="Tìm chỉ tiêu", placeholder="ví dụ: bảo hiểm y tế, 96,01%, (15)", scale=3)
                group = gr.Dropdown([ALL_GROUPS, *assistant.targets.groups], value=ALL_GROUPS, label="Nhóm", scale=2)
                year = gr.Textbox(label="Năm", placeholder="2030", scale=1)
            table = gr.Dataframe(first_rows, headers=[COLUMNS[k] for k in TABLE_COLUMNS], interactive=False, wrap=True,
                                 column_widths=["8%", "14%", "34%", "16%", "10%", "18%"],
                                 label="Bảng chỉ tiêu (bấm một dòng để xem đoạn nguồn)")
            ids = gr.State(first_ids)
            download = gr.DownloadButton("Tải CSV", value=targets_csv(assistant, first_ids, downloads))
            source = gr.Markdown()

        def on_submit(message: str, history: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
            return respond(assistant, message, history)

        def on_search(text: str, chosen: str, when: str) -> tuple[list[list[str]], list[str], str, str]:
            found_rows, found_ids = search_targets(assistant, text, chosen, when)
            return found_rows, found_ids, targets_csv(assistant, found_ids, downloads), ""

        def on_select(current: list[str], event: gr.SelectData) -> str:
            return target_source(assistant, current, event.index[0])

        question.submit(on_submit, [question, chatbot], [chatbot, question], api_name="chat")
        send.click(on_submit, [question, chatbot], [chatbot, question], api_visibility="private")
        clear.click(lambda: ([], ""), None, [chatbot, question], api_visibility="private")
        gr.on([query.submit, group.change, year.submit], on_search, [query, group, year], [table, ids, download, source],
              api_name="targets")
        table.select(on_select, [ids], source, api_visibility="private")
    return demo
