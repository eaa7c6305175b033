"""Chat handlers: an answer as safe Markdown with expandable footnotes, turns kept with their own sources."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.conversation import Turn as Exchange
from assistant.errors import AssistantError
from assistant.feedback import record_feedback
from assistant.service import Assistant, Timed

log = logging.getLogger(__name__)

ALL_DOCUMENTS = "Tất cả tài liệu"
UNEXPECTED = "Xin lỗi, đã có lỗi ngoài dự kiến khi trả lời. Hãy thử lại hoặc hỏi cách khác."
THINKING = "_Đang tìm trong kế hoạch…_"
WRITING = "_Mô hình ngôn ngữ đang viết lại câu trả lời; mỗi câu chỉ hiện khi đã khớp nguồn…_"
VIA = {"table": "bảng chỉ tiêu", "passages": "đoạn văn kế hoạch", "refusal": "không có trong kế hoạch", "llm": "mô hình ngôn ngữ"}


@dataclass
class Turn:
    """What one answer in the chat rests on, kept beside the message so its [n] never re-point."""

    question: str  # as typed
    answer: str
    citations: list[dict[str, Any]] = field(default_factory=list)  # number, label, chunk_id, quote
    memory: dict[str, Any] = field(default_factory=dict)  # the exchange as the conversation remembers it; {} on error


def _history(turns: list[dict[str, Any]]) -> list[Exchange]:
    """The conversation so far, as the assistant remembers it."""
    return [Exchange.from_dict(t["memory"]) for t in turns if t.get("memory")]


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _citations(timed: Timed) -> list[dict[str, Any]]:
    return [{"number": c.number, "label": c.label, "chunk_id": c.chunk.id, "quote": c.quote} for c in timed.answer.citations]


def to_markdown(timed: Timed) -> str:
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
                  f"nguồn: {VIA.get(answer.via, answer.via)}</sub>"]
    return "\n".join(lines)


def scope(choice: str | None) -> str | None:
    """The document a «Tài liệu» choice names, or None for all documents."""
    return None if not choice or choice == ALL_DOCUMENTS else choice


def respond_stream(assistant: Assistant, message: str, history: list[dict[str, Any]] | None,
                   turns: list[dict[str, Any]] | None = None,
                   document: str | None = None) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Like `respond`, yielding the conversation as the answer is written, then with the finished answer."""
    history, turns = list(history or []), list(turns or [])
    shown = [*history, {"role": "user", "content": _escape(message or "")}]
    try:
        for timed in assistant.ask_stream(message, _history(turns), scope(document)):
            if not timed.final:
                yield [*shown, {"role": "assistant", "content": to_markdown(timed)}], turns
                continue
            turn = Turn(message, timed.answer.text, _citations(timed), timed.turn.to_dict() if timed.turn else {})
            yield [*shown, {"role": "assistant", "content": to_markdown(timed)}], [*turns, asdict(turn)]
    except AssistantError as error:
        text = f"Lỗi: {_escape(str(error))}"
        yield [*shown, {"role": "assistant", "content": text}], [*turns, asdict(Turn(message, text))]
    except Exception:  # the UI must not show a stack trace; the log keeps it
        log.exception("unexpected error answering %r", (message or "")[:200])
        yield [*shown, {"role": "assistant", "content": UNEXPECTED}], [*turns, asdict(Turn(message, UNEXPECTED))]


def respond(assistant: Assistant, message: str, history: list[dict[str, Any]] | None,
            turns: list[dict[str, Any]] | None = None,
            document: str | None = None) -> tuple[list[dict[str, Any]], str, list[dict[str, Any]]]:
    """Append the user's message and the finished reply; clear the input box; keep each answer's sources."""
    shown, kept = list(history or []), list(turns or [])
    for shown, kept in respond_stream(assistant, message, history, turns, document):
        pass
    return shown, "", kept


def pending(history: list[dict[str, Any]] | None, message: str) -> list[dict[str, Any]]:
    """The conversation while an answer is being found: the message, then a note that we are looking."""
    return [*(history or []), {"role": "user", "content": _escape(message or "")}, {"role": "assistant", "content": THINKING}]


def turn_at(history: list[dict[str, Any]], turns: list[dict[str, Any]], index: int) -> dict[str, Any] | None:
    """The turn of the assistant message at `index` of the history."""
    answers = [i for i, m in enumerate(history) if m.get("role") == "assistant"]
    return turns[answers.index(index)] if index in answers and answers.index(index) < len(turns) else None


def give_feedback(path: Path, turn: dict[str, Any] | None, verdict: str, note: str = "") -> str:
    """Log a user's verdict on an answer; return a short Vietnamese confirmation or error."""
    if turn is None:
        return "Lỗi: Hãy chọn một câu trả lời để góp ý."
    try:
        record_feedback(path, turn["question"], turn["answer"], [c["label"] for c in turn["citations"]], verdict, note)
    except AssistantError as error:
        return f"Lỗi: {error}"
    return f"Đã ghi góp ý «{verdict}». Cảm ơn bạn!"
