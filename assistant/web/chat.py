"""Chat handlers: an answer as safe Markdown with expandable footnotes, turns kept with their own sources."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.feedback import record_feedback
from assistant.service import Assistant, Timed
from assistant.understanding.conversation import Turn

log = logging.getLogger(__name__)

ALL_DOCUMENTS = "Tất cả tài liệu"
UNEXPECTED_ANSWER = "Xin lỗi, đã có lỗi ngoài dự kiến khi trả lời. Hãy thử lại hoặc hỏi cách khác."
THINKING = "_Đang tìm trong kế hoạch…_"
WRITING = "_Mô hình ngôn ngữ đang viết lại câu trả lời; mỗi câu chỉ hiện khi đã khớp nguồn…_"
VIA = {"table": "bảng chỉ tiêu", "passages": "đoạn văn kế hoạch", "refusal": "không có trong kế hoạch", "llm": "mô hình ngôn ngữ"}
# Why a chat model's text was not shown (`Answer.fallback`), as the timing line says it.
FALLBACK = {"declined": "mô hình từ chối dù kế hoạch có câu trả lời", "figure left out": "mô hình bỏ sót con số",
            "name left out": "mô hình bỏ sót tên được hỏi",
            "plan's words left out": "mô hình không dùng lời của kế hoạch", "nothing supported": "không câu nào khớp nguồn",
            "timeout": "mô hình quá thời gian", "error": "không gọi được mô hình", "empty": "mô hình không trả lời",
            "too long": "câu trả lời của mô hình quá dài"}


def chat_messages(turns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation as the chat shows it: each turn's question as typed, then its answer as shown."""
    return [message for turn in turns for message in ({"role": "user", "content": _escape(str(turn.get("asked", "")))},
                                                       {"role": "assistant", "content": str(turn.get("shown", ""))})]


def _kept(turn: Turn, shown: str) -> dict[str, Any]:
    """A turn as the page keeps it: what was asked, understood and answered, and the answer as shown."""
    return {**turn.to_dict(), "shown": shown}


def _history(turns: list[dict[str, Any]]) -> list[Turn]:
    """The conversation so far, as it was understood (read back, not understood again)."""
    return [turn for turn in map(Turn.from_dict, turns) if turn is not None]


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def answer_markdown(timed: Timed) -> str:
    """The answer with its numbered sources, as Markdown safe to render (every text is escaped).

    While a chat model is still writing (`final` unset) the note says so; its checked sentences so
    far come without sources, which the finished answer brings.
    """
    answer = timed.answer
    lines = [f"_Hiểu câu hỏi là: {_escape(timed.question.text)}_", ""] if timed.question.focus else []
    lines += [_escape(line) for line in answer.text.split("\n")]
    if not timed.final:
        lines += ["", WRITING]
        if not answer.citations:
            return "\n".join(lines)
    title = "Đoạn tham khảo" if answer.refused else "Nguồn"
    lines += ["", f"**{title}** (bấm để xem nguyên văn)", ""]
    for c in answer.citations:  # each footnote opens to the exact passage, the quoted words in bold
        passage, quote = _escape(c.chunk.text), _escape(c.quote)
        passage = passage.replace(quote, f"<b>{quote}</b>", 1)
        lines.append(f"<details><summary>[{c.number}] {_escape(c.label)}</summary>\n\n{passage}\n\n</details>")
    answering = max(timed.latency_ms - timed.retrieval_ms, 0.0)
    lines += ["", f"<sub>Thời gian: tìm kiếm {timed.retrieval_ms:.0f} ms · trả lời {answering:.0f} ms · "
                  f"nguồn: {VIA.get(answer.via, answer.via)}{_fallback(answer.fallback)}</sub>"]
    return "\n".join(lines)


def _fallback(reason: str | None) -> str:
    return f" (không dùng câu trả lời của mô hình: {FALLBACK.get(reason, reason)})" if reason else ""


def scope(choice: str | None) -> str | None:
    """The document a «Tài liệu» choice names, or None for all documents."""
    return None if not choice or choice == ALL_DOCUMENTS else choice


def respond_stream(assistant: Assistant, message: str, turns: list[dict[str, Any]] | None,
                   document: str | None = None) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Like `respond`, yielding the conversation as the answer is written, then with the finished turn."""
    turns = list(turns or [])
    shown = [*chat_messages(turns), {"role": "user", "content": _escape(message or "")}]
    try:
        for timed in assistant.ask_stream(message, _history(turns), scope(document)):
            if not timed.final:
                yield [*shown, {"role": "assistant", "content": answer_markdown(timed)}], turns
                continue
            turn = replace(timed.turn, asked=message) if timed.turn else Turn(message, timed.answer.text)
            done = [*turns, _kept(turn, answer_markdown(timed))]
            yield chat_messages(done), done
    except AssistantError as error:
        done = [*turns, _kept(Turn(message, f"Lỗi: {error}"), f"Lỗi: {_escape(str(error))}")]
        yield chat_messages(done), done
    except Exception:  # the UI must not show a stack trace; the log keeps it
        log.exception("unexpected error answering %r", (message or "")[:200])
        done = [*turns, _kept(Turn(message, UNEXPECTED_ANSWER), UNEXPECTED_ANSWER)]
        yield chat_messages(done), done


def respond(assistant: Assistant, message: str, turns: list[dict[str, Any]] | None,
            document: str | None = None) -> tuple[list[dict[str, Any]], str, list[dict[str, Any]]]:
    """Append the user's message and the finished reply; clear the input box; keep each turn."""
    shown, kept = chat_messages(list(turns or [])), list(turns or [])
    for shown, kept in respond_stream(assistant, message, turns, document):
        pass
    return shown, "", kept


def pending(turns: list[dict[str, Any]] | None, message: str) -> list[dict[str, Any]]:
    """The conversation while an answer is being found: the message, then a note that we are looking."""
    return [*chat_messages(list(turns or [])), {"role": "user", "content": _escape(message or "")},
            {"role": "assistant", "content": THINKING}]


def turn_at(turns: list[dict[str, Any]], index: int) -> dict[str, Any] | None:
    """The turn whose answer is the chat's message at `index` (questions and answers alternate)."""
    return turns[index // 2] if index % 2 == 1 and 0 <= index // 2 < len(turns) else None


def give_feedback(path: Path, turn: dict[str, Any] | None, verdict: str, note: str = "") -> str:
    """Log a user's verdict on an answer; return a short Vietnamese confirmation or error."""
    if turn is None:
        return "Lỗi: Hãy chọn một câu trả lời để góp ý."
    try:
        record_feedback(path, turn["asked"], turn["answer"], [s["label"] for s in turn["sources"]], verdict, note)
    except AssistantError as error:
        return f"Lỗi: {error}"
    return f"Đã ghi góp ý «{verdict}». Cảm ơn bạn!"
