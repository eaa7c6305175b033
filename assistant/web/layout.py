"""The web app's layout and wiring: the tabs built from an `Assistant`, no logic of their own."""

from __future__ import annotations

import atexit
import html
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.accounts import Accounts, may_edit
from assistant.documents.kinds import KINDS
from assistant.feedback import VERDICTS
from assistant.service import Assistant
from assistant.store.progress import Progress
from assistant.targets.export import COLUMNS
from assistant.web.chat import (
    ALL_DOCUMENTS,
    give_feedback,
    pending,
    respond_stream,
    turn_at,
)
from assistant.web.library import add_documents, refuse_reader
from assistant.web.monitoring_tab import monitoring_tab
from assistant.web.reader import READER_CSS, SCROLL_TO_CITED_JS, SCROLL_TO_MATCH_JS, read
from assistant.web.session import STORAGE_KEY, STORAGE_SECRET, export_for_download, restored, saved
from assistant.web.tables import (
    ALL_GROUPS,
    TABLE_COLUMNS,
    search_targets,
    target_source,
    targets_csv,
)

APP_TITLE = "Trợ lý Kế hoạch — Kế hoạch phát triển KTXH tỉnh Lai Châu 2026–2030"
FOR_OFFICIALS = [
    "Thu ngân sách nhà nước trên địa bàn đến năm 2030 phấn đấu đạt bao nhiêu?",
    "Tỷ trọng kinh tế số trong GRDP là bao nhiêu?",
    "Những tuyến quốc lộ nào được ưu tiên cải tạo, nâng cấp?",
    "96,01% là chỉ tiêu gì?",
]
FOR_CITIZENS = [
    "Con tôi học cấp 3, tỷ lệ đi học cấp 3 là bao nhiêu?",
    "Tỉnh có xây nhà ở xã hội không, bao nhiêu căn?",
    "ty le che phu rung",
    "Bao giờ thì hết hộ nghèo?",
]
CSS = """
.gradio-container { max-width: 1200px !important; }
table, .table-wrap { font-family: var(--font) !important; }
"""


def _sources(turn: dict[str, Any] | None) -> dict[str, Any]:
    choices = [(f"[{s['number']}] {s['label']}", s["chunk_id"]) for s in (turn or {}).get("sources", [])]
    return gr.update(choices=choices, value=None)


def build_ui(assistant: Assistant, accounts: Accounts | None = None) -> gr.Blocks:
    """The web app's Blocks for `assistant`; with `accounts`, only editors see and use «Thêm tài liệu»."""
    documents = [ALL_DOCUMENTS, *assistant.index.documents]
    with gr.Blocks(title="Trợ lý Kế hoạch") as demo:
        gr.Markdown(f"## {APP_TITLE}\nHỏi về mục tiêu, chỉ tiêu và nhiệm vụ của kế hoạch. Mỗi câu trả lời trích nguyên văn và dẫn nguồn.")
        who = gr.HTML(visible=False, elem_id="tai-khoan")  # HTML: a Markdown link would open a new tab
        with gr.Tabs() as tabs:
            with gr.Tab("Hỏi đáp", id="chat"):
                source_pick, chat_document = _chat_tab(demo, assistant, documents)
            with gr.Tab("Tra cứu chỉ tiêu", id="targets"):
                table_document = _targets_tab(assistant, documents)
            with gr.Tab("Theo dõi chỉ tiêu", id="progress"):
                opened, (refresh, refreshed) = monitoring_tab(assistant, _temporary_folder("tro-ly-theo-doi-"))
            with gr.Tab("Toàn văn kế hoạch", id="plan"):
                plan_view = _plan_tab(assistant)
            # Hidden until the page knows who is logged in; the handler itself refuses a reader too.
            with gr.Tab("Thêm tài liệu", id="library", visible=accounts is None) as library:
                _library_tab(assistant, accounts, [chat_document, table_document, plan_view[0]])

        def on_source(chunk_id: str | None) -> tuple:
            if not chunk_id:
                return (gr.update(),) * (1 + len(plan_view))
            shown = read(assistant.index.chunks, assistant.index.sections, highlight=chunk_id,
                         corpus_dir=assistant.settings.corpus_dir)
            names = assistant.index.documents
            document = gr.update(choices=names, value=shown.document, visible=len(names) >= 2)
            page = gr.update(value=shown.page, visible=shown.page is not None, label=shown.page_caption or "Trang PDF")
            return gr.Tabs(selected="plan"), document, "", shown.found, shown.toc, shown.text, page

        for picked in (source_pick, opened):  # a chat answer's source, a progress cell's report passage
            picked.change(on_source, picked, [tabs, *plan_view], api_visibility="private").then(
                None, picked, None, js=SCROLL_TO_CITED_JS, api_visibility="private")
        demo.load(refresh, None, refreshed, api_visibility="private")

        # A page opened after documents were added lists them too.
        demo.load(lambda: _document_menus(assistant), None, [chat_document, table_document, plan_view[0]],
                  api_visibility="private")
        if accounts is not None:
            def on_open(request: gr.Request) -> tuple:
                editor = may_edit(accounts, request.username)
                return gr.update(value=signed_in(request.username, editor), visible=True), gr.update(visible=editor)

            demo.load(on_open, None, [who, library], api_visibility="private")
    return demo


def signed_in(name: str | None, editor: bool) -> str:
    """The line naming who is logged in, what they may do, and the way out."""
    role = "biên tập: hỏi, đọc, xuất và thêm tài liệu" if editor else "người đọc: hỏi, đọc và xuất"
    return f'<p>Đăng nhập: <b>{html.escape(name or "", quote=False)}</b> ({role}) · <a href="logout">Đăng xuất</a></p>'


def _chat_tab(demo: gr.Blocks, assistant: Assistant, documents: list[str]) -> tuple[gr.Dropdown, gr.Dropdown]:
    """The «Hỏi đáp» tab: chat kept in the browser, document scope, sources, export, feedback, examples.

    Returns the source picker and the document menu.
    """
    turns = gr.State([])
    kept = gr.BrowserState(saved([]), storage_key=STORAGE_KEY, secret=STORAGE_SECRET)
    selected = gr.State(None)
    chatbot = gr.Chatbot(label="Hỏi đáp", height=520, buttons=["copy"], feedback_options=None,
                         placeholder="Hỏi một câu về kế hoạch, hoặc chọn câu hỏi mẫu bên dưới.")
    chat_document = gr.Dropdown(documents, value=ALL_DOCUMENTS, label="Hỏi trong tài liệu", visible=len(documents) > 2)
    with gr.Row():
        question = gr.Textbox(placeholder="Nhập câu hỏi, ví dụ: Tỷ lệ che phủ rừng đạt bao nhiêu?",
                              show_label=False, scale=5, max_length=2000)
        send = gr.Button("Gửi", variant="primary", scale=1, min_width=80)
    with gr.Row():
        source_pick = gr.Dropdown(label="Mở nguồn trong toàn văn (bấm vào một câu trả lời để chọn nó)",
                                  choices=[], scale=4)
        clear = gr.Button("Cuộc trò chuyện mới", scale=1)
    _export_row(turns)
    with gr.Accordion("Góp ý về câu trả lời đang chọn", open=False):
        verdict = gr.Radio(list(VERDICTS), label="Câu trả lời", value=None)
        note = gr.Textbox(label="Ghi chú (không bắt buộc)", max_length=2000)
        send_feedback = gr.Button("Gửi góp ý")
        feedback_status = gr.Markdown()
    gr.Examples(FOR_OFFICIALS, inputs=question, label="Câu hỏi mẫu cho cán bộ")
    gr.Examples(FOR_CITIZENS, inputs=question, label="Câu hỏi mẫu cho người dân")

    def on_submit(message: str, before: list, document: str) -> Iterator[tuple]:
        yield pending(before, message), "", before, gr.update(), None
        for shown, now in respond_stream(assistant, message, before, document):
            done = len(now) > len(before or [])
            yield shown, "", now, _sources(now[-1]) if done else gr.update(), len(shown) - 1 if done else None

    def on_pick(now: list, event: gr.SelectData) -> tuple:
        return event.index, _sources(turn_at(now, event.index))

    def on_feedback(choice: str | None, text: str, index: int | None, now: list) -> str:
        if not choice:
            return "Lỗi: Hãy chọn «đúng», «sai» hoặc «trích dẫn sai»."
        turn = turn_at(now, index) if index is not None else None
        return give_feedback(assistant.settings.feedback_log, turn, choice, text)

    # The conversation is `turns`, one list; the chat shows it and the browser keeps it.
    chat_outputs = [chatbot, question, turns, source_pick, selected]
    gr.on([question.submit, send.click], on_submit, [question, turns, chat_document], chat_outputs,
          api_name="chat").then(saved, turns, kept, api_visibility="private")
    chatbot.select(on_pick, turns, [selected, source_pick], api_visibility="private")
    clear.click(lambda: ([], "", [], gr.update(choices=[], value=None), None), None, chat_outputs,
                api_visibility="private").then(saved, turns, kept, api_visibility="private")
    demo.load(restored, kept, [chatbot, turns], api_visibility="private")
    send_feedback.click(on_feedback, [verdict, note, selected, turns], feedback_status, api_name="feedback")
    return source_pick, chat_document


def _temporary_folder(prefix: str) -> Path:
    """A folder for files users download, removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _export_row(turns: gr.State) -> None:
    """«Xuất»: the conversation as Markdown and Word files to download."""
    folder = _temporary_folder("tro-ly-ke-hoach-xuat-")
    with gr.Row():
        export = gr.Button("Xuất (Markdown và Word)", scale=1)
        exported = gr.File(label="Tệp xuất: câu hỏi, câu trả lời và nguồn trích", file_count="multiple",
                           interactive=False, scale=4)
    status = gr.Markdown()
    export.click(lambda current: export_for_download(current, folder), turns, [exported, status], api_name="export")


def _targets_tab(assistant: Assistant, documents: list[str]) -> gr.Dropdown:
    """The «Tra cứu chỉ tiêu» tab: the target table with filters, a row's source, CSV download; returns the document menu."""
    downloads = _temporary_folder("tro-ly-ke-hoach-")
    first_rows, first_ids = search_targets(assistant, "", ALL_GROUPS, "")
    with gr.Row():
        query = gr.Textbox(label="Tìm chỉ tiêu", placeholder="ví dụ: bảo hiểm y tế, 96,01%, (15)", scale=3)
        group = gr.Dropdown([ALL_GROUPS, *assistant.targets.groups], value=ALL_GROUPS, label="Nhóm", scale=2)
        year = gr.Textbox(label="Năm", placeholder="2030", scale=1)
        table_document = gr.Dropdown(documents, value=ALL_DOCUMENTS, label="Tài liệu", visible=len(documents) > 2,
                                     scale=2)
    table = gr.Dataframe(first_rows, headers=[COLUMNS[k] for k in TABLE_COLUMNS], interactive=False, wrap=True,
                         column_widths=["8%", "14%", "34%", "16%", "10%", "18%"],
                         label="Bảng chỉ tiêu (bấm một dòng để xem đoạn nguồn)")
    ids = gr.State(first_ids)
    download = gr.DownloadButton("Tải CSV", value=targets_csv(assistant, first_ids, downloads))
    source = gr.Markdown()

    def on_row(current: list[str], event: gr.SelectData) -> str:
        return target_source(assistant, current, event.index[0])

    def on_search(text: str, chosen: str, when: str, document: str) -> tuple:
        found_rows, found_ids = search_targets(assistant, text, chosen, when, document)
        return found_rows, found_ids, targets_csv(assistant, found_ids, downloads), ""

    gr.on([query.submit, group.change, year.submit, table_document.change], on_search,
          [query, group, year, table_document], [table, ids, download, source], api_name="targets")
    table.select(on_row, [ids], source, api_visibility="private")
    return table_document


def _document_menus(assistant: Assistant) -> tuple:
    """The document menus of the chat, the target table and the reader, listing the indexed documents."""
    names = assistant.index.documents
    scoped = gr.update(choices=[ALL_DOCUMENTS, *names], visible=len(names) >= 2)
    return scoped, scoped, gr.update(choices=names, visible=len(names) >= 2)


def _library_tab(assistant: Assistant, accounts: Accounts | None, menus: list[gr.Dropdown]) -> None:
    """The «Thêm tài liệu» tab: upload, the same checks as `add`, a progress bar; answers go on meanwhile.

    `menus` are the chat's, the target table's and the reader's document menus, refreshed after an upload.
    Only an editor of `accounts` (anyone, without accounts) adds documents, checked here at the server.
    """
    gr.Markdown("Thêm kế hoạch, nghị quyết hay báo cáo (.pdf có lớp chữ, hoặc .txt UTF-8). Mỗi tệp được kiểm tra "
                "trước; một tệp lỗi thì không tệp nào được thêm. Trong lúc dựng chỉ mục, trợ lý vẫn trả lời từ "
                "chỉ mục cũ.")
    # No file_types: Gradio would refuse other files with its own English notice; `add`'s checks say why in Vietnamese.
    files = gr.File(label="Chọn tệp .pdf hoặc .txt", file_count="multiple", type="filepath")
    kind = gr.Dropdown([("Tự nhận biết từ nội dung", ""), *((v, k) for k, v in KINDS.items())], value="",
                       label="Loại tài liệu (chỉ số liệu của kế hoạch là chỉ tiêu; báo cáo năm vào «Theo dõi chỉ tiêu»)")
    add = gr.Button("Thêm vào kho tài liệu", variant="primary")
    status = gr.Markdown()

    def on_add(chosen: list[str] | None, of_kind: str, request: gr.Request, progress: gr.Progress = gr.Progress()) -> tuple:
        if not may_edit(accounts, request.username):
            return refuse_reader(request.username), None, *_document_menus(assistant)

        def report(p: Progress) -> None:
            done = (p.chunks, p.chunks_total) if p.chunks_total else (p.documents, p.documents_total)
            progress(done, desc=p.line())

        return add_documents(assistant, chosen, report, of_kind), None, *_document_menus(assistant)

    # One change of the corpus at a time, in its own queue: questions keep their workers meanwhile.
    add.click(on_add, [files, kind], [status, files, *menus], api_name="add_documents", concurrency_limit=1,
              concurrency_id="library")


def _plan_tab(assistant: Assistant) -> list:
    """The «Toàn văn kế hoạch» tab: a document's contents beside its text, searchable, a cited PDF page.

    Returns what opening a citation updates: document, search box, search summary, contents, text, page image.
    """
    first = read(assistant.index.chunks, assistant.index.sections)
    documents = assistant.index.documents
    document = gr.Dropdown(documents, value=first.document, label="Tài liệu", visible=len(documents) >= 2,
                           elem_id="tai-lieu-doc")
    query = gr.Textbox(label="Tìm trong kế hoạch", placeholder="ví dụ: cửa khẩu, nuoc sach, BHYT")
    found = gr.HTML(css_template=READER_CSS, elem_id="ket-qua-tim")
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=220):
            toc = gr.HTML(first.toc, css_template=READER_CSS, max_height=700, padding=True, elem_id="muc-luc")
        with gr.Column(scale=3):
            text = gr.HTML(first.text, css_template=READER_CSS, max_height=700, padding=True, elem_id="toan-van")
        page = gr.Image(type="pil", format="png", visible=False, interactive=False, scale=3, label="Trang PDF",
                        elem_id="trang-pdf")

    def on_search(words: str, chosen: str) -> tuple:
        shown = read(assistant.index.chunks, assistant.index.sections, chosen, words)
        return shown.found, shown.text

    def on_document(chosen: str) -> tuple:
        shown = read(assistant.index.chunks, assistant.index.sections, chosen)
        return "", shown.found, shown.toc, shown.text, gr.update(value=None, visible=False)

    query.submit(on_search, [query, document], [found, text], api_name="plan").then(
        None, query, None, js=SCROLL_TO_MATCH_JS, api_visibility="private")
    document.input(on_document, document, [query, found, toc, text, page], api_visibility="private")
    return [document, query, found, toc, text, page]
