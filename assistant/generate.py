"""Generative answers through any OpenAI-compatible chat model, guarded so a wrong number never shows.

The extractive answer is computed first and decides refusal; the model then writes the answer from
the same numbered passages (and may call the target look-up). The result is checked: every number
must stand in a passage or tool result it cites, every [n] must point at a given passage. A failed
check, a timeout or an error of the endpoint gives the extractive answer with a short note.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool

from assistant.answer import Answer, Citation
from assistant.matching import numbers
from assistant.prompts import render

log = logging.getLogger(__name__)

_MARKER = re.compile(r"\[(\d{1,2})\]")
MAX_TOOL_ROUNDS = 2
NOTE_INVALID = "(Câu trả lời của mô hình ngôn ngữ không khớp nguồn nên được thay bằng trích dẫn nguyên văn.)"
NOTE_FAILED = "(Mô hình ngôn ngữ không trả lời được lúc này; đây là câu trả lời trích nguyên văn.)"


@dataclass(frozen=True)
class Delta:
    """A piece of the answer as it streams in; the last event carries the finished `Answer`."""

    text: str = ""
    answer: Answer | None = None


def make_chat_model(base_url: str, model: str, api_key: str, timeout: float) -> BaseChatModel:
    """An OpenAI-compatible chat model (Ollama, vLLM, llama.cpp server, a hosted API)."""
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(base_url=base_url, model=model, api_key=api_key or "khong-can", timeout=timeout,
                      max_retries=0, temperature=0, streaming=True)


def _passages(extractive: Answer) -> str:
    return "\n\n".join(f"[{n}] ({hit.chunk.section}) {hit.chunk.text}" for n, hit in enumerate(extractive.hits, start=1))


def _messages(question: str, extractive: Answer, plan_title: str) -> list[BaseMessage]:
    return [
        SystemMessage(render("system", plan_title=plan_title, passages=_passages(extractive))),
        HumanMessage(render("question", question=question)),
    ]


def check(text: str, question: str, extractive: Answer, tool_results: list[str]) -> tuple[bool, tuple[Citation, ...]]:
    """Whether the model's text is grounded, and the citations its [n] markers point at."""
    cited = sorted({int(n) for n in _MARKER.findall(text)})
    hits = extractive.hits
    if not cited or any(not 1 <= n <= len(hits) for n in cited):
        return False, ()
    citations = tuple(Citation(n, hits[n - 1].chunk, hits[n - 1].chunk.text) for n in cited)
    allowed = numbers(question) | numbers(" ".join(tool_results)) | set(map(str, cited))
    for citation in citations:
        allowed |= numbers(f"{citation.chunk.text} {citation.label}")
    return numbers(text) <= allowed, citations


def _with_note(extractive: Answer, note: str) -> Answer:
    return replace(extractive, text=f"{extractive.text}\n\n{note}")


class Generator:
    """Writes answers with a chat model from the passages retrieval found; falls back to the extractive answer."""

    def __init__(self, model: BaseChatModel, lookup: BaseTool | None = None, plan_title: str = "kế hoạch") -> None:
        self.model = model
        self.lookup = lookup
        self.plan_title = plan_title

    def stream(self, question: str, extractive: Answer) -> Iterator[Delta]:
        """The model's answer piece by piece, then the checked `Answer` (or the extractive one, with a note)."""
        if extractive.refused:  # refusal rests on the retrieval evidence, not on the model
            yield Delta(answer=extractive)
            return
        messages = _messages(question, extractive, self.plan_title)
        model = self.model.bind_tools([self.lookup]) if self.lookup else self.model
        tool_results: list[str] = []
        text = ""
        try:
            for _ in range(MAX_TOOL_ROUNDS + 1):
                reply: AIMessageChunk | None = None
                for chunk in model.stream(messages):
                    reply = chunk if reply is None else reply + chunk
                    if chunk.content:
                        text += str(chunk.content)
                        yield Delta(text=str(chunk.content))
                if reply is None or not reply.tool_calls or not self.lookup:
                    break
                messages.append(reply)
                for call in reply.tool_calls:
                    result = json.dumps(self.lookup.invoke(call["args"]), ensure_ascii=False)
                    tool_results.append(result)
                    messages.append(ToolMessage(result, tool_call_id=call["id"]))
        except Exception as error:  # timeouts, refused connections, HTTP errors, garbage: all fall back
            log.warning("chat model failed (%s); using the extractive answer", type(error).__name__)
            yield Delta(answer=_with_note(extractive, NOTE_FAILED))
            return
        grounded, citations = check(text, question, extractive, tool_results)
        if not grounded:
            log.warning("chat model answer to %r not grounded; using the extractive answer", question[:200])
            yield Delta(answer=_with_note(extractive, NOTE_INVALID))
            return
        yield Delta(answer=Answer(text.strip(), False, citations, extractive.hits, via="llm"))
