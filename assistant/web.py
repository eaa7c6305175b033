"""The Gradio web app: built from an `Assistant`, handlers are plain functions testable without a browser."""

from __future__ import annotations

import html
import logging
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.service import Assistant, Timed

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


def to_markdown(timed: Timed) -> str:
    """The answer with its numbered sources, as Markdown safe to render (plan text is escaped)."""
    answer = timed.answer
    lines = [html.escape(line, quote=False) for line in answer.text.split("\n")]
    title = "Đoạn tham khảo" if answer.refused else "Nguồn"
    lines += ["", f"**{title}**", ""]
    lines += [f"- [{c.number}] {html.escape(c.label, quote=False)}" for c in answer.citations]
    return "\n".join(lines)


def reply(assistant: Assistant, message: str) -> str:
    """The assistant's chat reply to one message: an answer, or a Vietnamese error, never a trace."""
    try:
        return to_markdown(assistant.ask(message))
    except AssistantError as error:
        return f"⚠️ {html.escape(str(error), quote=False)}"
    except Exception:  # the UI must not show a stack trace; the log keeps it
        log.exception("unexpected error answering %r", message[:200])
        return UNEXPECTED


def respond(assistant: Assistant, message: str, history: list[dict[str, Any]] | None) -> tuple[list[dict[str, Any]], str]:
    """Append the user's message and the reply to the conversation; clear the input box."""
    history = list(history or [])
    history.append({"role": "user", "content": message})
    history.append({"role": "assistant", "content": reply(assistant, message)})
    return history, ""


def build_ui(assistant: Assistant) -> gr.Blocks:
    """The web app's Blocks for `assistant`."""
    with gr.Blocks(title="Trợ lý Kế hoạch") as demo:
        gr.Markdown(f"## {TITLE}\nHỏi về mục tiêu, chỉ tiêu và nhiệm vụ của kế hoạch. Mỗi câu trả lời trích nguyên văn và dẫn nguồn.")
        chatbot = gr.Chatbot(label="Hỏi đáp", height=520, buttons=["copy"], feedback_options=None)
        with gr.Row():
            question = gr.Textbox(placeholder="Nhập câu hỏi, ví dụ: Tỷ lệ che phủ rừng đạt bao nhiêu?", show_label=False, scale=5)
            send = gr.Button("Gửi", variant="primary", scale=1)
        clear = gr.Button("Cuộc trò chuyện mới")
        gr.Examples(EXAMPLES, inputs=question, label="Câu hỏi mẫu")

        def on_submit(message: str, history: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
            return respond(assistant, message, history)

        question.submit(on_submit, [question, chatbot], [chatbot, question], api_name="chat")
        send.click(on_submit, [question, chatbot], [chatbot, question], api_visibility="private")
        clear.click(lambda: ([], ""), None, [chatbot, question], api_visibility="private")
    return demo
