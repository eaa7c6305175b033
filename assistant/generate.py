"""Generative answers through any OpenAI-compatible chat model, guarded so a wrong number never shows.

The extractive answer is computed first and decides refusal; the model then writes the answer from
the same numbered passages (and may call the target look-up). The result is checked: every number
must stand in a passage or tool result it cites, every [n] must point at a given passage. A failed
check, an error of the endpoint, a garbled or unfinished reply, or no finished answer within the
timeout (which bounds the whole generation, not each read) gives the extractive answer with a note.
"""

from __future__ import annotations

import base64
import contextvars
import json
import logging
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.tools import BaseTool

from assistant.guard import MARKER, grounded
from assistant.prompts import render
from assistant.reply import Answer, Citation

log = logging.getLogger(__name__)

MAX_TOOL_ROUNDS = 2
MAX_ANSWER_CHARS = 8000  # far past any answer from five passages; more is a runaway model, not an answer
NO_KEY = "khong-can"  # sent when the endpoint needs no key (the client insists on one); not a secret
CUT_SHORT = {"length", "max_tokens", "content_filter"}  # finish reasons of a reply that stopped mid-answer
NOTE_INVALID = "(Câu trả lời của mô hình ngôn ngữ không khớp nguồn nên được thay bằng trích dẫn nguyên văn.)"
NOTE_FAILED = "(Mô hình ngôn ngữ không trả lời được lúc này; đây là câu trả lời trích nguyên văn.)"


class _TooLong(Exception):
    """The model's answer ran past `MAX_ANSWER_CHARS`."""


@dataclass(frozen=True)
class Delta:
    """A piece of the answer as it streams in; the last event carries the finished `Answer`."""

    text: str = ""
    answer: Answer | None = None


def make_chat_model(base_url: str, model: str, api_key: str, timeout: float) -> BaseChatModel:
    """An OpenAI-compatible chat model (Ollama, vLLM, llama.cpp server, a hosted API).

    A login in the URL (http://user:password@host/v1) is sent as a header, as the HTTP client would,
    but kept out of the URL so request logs never show the password.
    """
    from langchain_openai import ChatOpenAI

    base_url, headers = _login_as_header(base_url)
    return ChatOpenAI(base_url=base_url, model=model, api_key=api_key or NO_KEY, timeout=timeout,
                      max_retries=0, temperature=0, streaming=True, default_headers=headers or None)


def _login_as_header(url: str) -> tuple[str, dict[str, str]]:
    """The URL without its user:password part, and that login as a Basic Authorization header."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, {}
    login = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}".encode()
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host)), {"Authorization": "Basic " + base64.b64encode(login).decode()}


def endpoint_secrets(base_url: str, api_key: str) -> list[str]:
    """The credentials a chat endpoint is sent (its API key, a login in its URL), to keep out of logs and messages."""
    found = [api_key] if api_key else []
    _, headers = _login_as_header(base_url)
    if headers:
        credential = headers["Authorization"].split(" ", 1)[1]
        found += [credential, unquote(urlsplit(base_url).password or "")]
    return [secret for secret in found if secret]


def redact(text: str, secrets: list[str]) -> str:
    """`text` with every one of `secrets` replaced by ***."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _passages(extractive: Answer) -> str:
    return "\n\n".join(f"[{n}] ({hit.chunk.section}) {hit.chunk.text}" for n, hit in enumerate(extractive.hits, start=1))


def _messages(question: str, extractive: Answer, plan_title: str) -> list[BaseMessage]:
    return [
        SystemMessage(render("system", plan_title=plan_title, passages=_passages(extractive))),
        HumanMessage(render("question", question=question)),
    ]


def check(text: str, question: str, extractive: Answer, tool_sources: list[str]) -> tuple[bool, tuple[Citation, ...]]:
    """Whether the model's text is grounded in what it cites (and the tool's figures), and those citations."""
    cited = sorted({int(n) for n in MARKER.findall(text)})
    hits = extractive.hits
    if not cited or any(not 1 <= n <= len(hits) for n in cited):
        return False, ()
    citations = tuple(Citation(n, hits[n - 1].chunk, hits[n - 1].chunk.text) for n in cited)
    return grounded(text, question, [c.source for c in citations] + tool_sources), citations


def _tool_sources(records: list[dict]) -> list[str]:
    """What a look-up result may ground: each record's quote and figure, never its ids, scores or sections."""
    return [f"{record.get('quote', '')} {record.get('value_text', '')}" for record in records]


def _unfinished(reply: AIMessageChunk) -> bool:
    """Whether the reply stopped before the model finished it (a token limit, a stream cut without its last event)."""
    meta = reply.response_metadata
    reason = meta.get("finish_reason") or meta.get("stop_reason") or meta.get("done_reason")
    if reason is None:  # the OpenAI protocol ends every finished reply with a reason; other providers may not
        return meta.get("model_provider") == "openai"
    return reason in CUT_SHORT


def _with_note(extractive: Answer, note: str) -> Answer:
    return replace(extractive, text=f"{extractive.text}\n\n{note}")


class Generator:
    """Writes answers with a chat model from the passages retrieval found; falls back to the extractive answer."""

    def __init__(self, model: BaseChatModel, lookup: BaseTool | None = None, plan_title: str = "kế hoạch",
                 timeout: float = 30.0, secrets: list[str] | None = None) -> None:
        self.model = model
        self.lookup = lookup
        self.plan_title = plan_title
        self.timeout = timeout  # seconds for the whole answer
        self.secrets = secrets or []  # credentials to keep out of what is logged

    def with_lookup(self, lookup: BaseTool) -> Generator:
        """The same generator with another look-up tool (one kept inside a document, say)."""
        return Generator(self.model, lookup, self.plan_title, self.timeout, self.secrets)

    def stream(self, question: str, extractive: Answer) -> Iterator[Delta]:
        """The model's answer piece by piece, then the checked `Answer` (or the extractive one, with a note).

        The model is read in a worker thread so that the timeout bounds the whole answer, however the
        endpoint trickles it; never raises.
        """
        if extractive.refused:  # refusal rests on the retrieval evidence, not on the model
            yield Delta(answer=extractive)
            return
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        messages = _messages(question, extractive, self.plan_title)
        run = contextvars.copy_context().run
        threading.Thread(target=run, args=(self._read, messages, events, stop), name="llm-answer", daemon=True).start()
        deadline = time.monotonic() + self.timeout
        text = ""
        try:
            while True:
                try:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise queue.Empty
                    kind, value = events.get(timeout=remaining)
                except queue.Empty:
                    log.warning("chat model gave no finished answer within %.1f s; using the extractive answer", self.timeout)
                    yield Delta(answer=_with_note(extractive, NOTE_FAILED))
                    return
                if kind == "text":
                    text += value
                    yield Delta(text=value)
                elif kind == "error":
                    yield Delta(answer=self._fallback(value, question, extractive))
                    return
                else:
                    tool_sources = value
                    break
        finally:
            stop.set()  # the worker drops the connection at its next piece
        if not text.strip():
            log.warning("chat model gave an empty answer; using the extractive answer")
            yield Delta(answer=_with_note(extractive, NOTE_FAILED))
            return
        ok, citations = check(text, question, extractive, tool_sources)
        if not ok:
            log.warning("chat model answer to %r not grounded; using the extractive answer", question[:200])
            yield Delta(answer=_with_note(extractive, NOTE_INVALID))
            return
        yield Delta(answer=Answer(text.strip(), False, citations, extractive.hits, via="llm"))

    def _fallback(self, error: BaseException, question: str, extractive: Answer) -> Answer:
        """The extractive answer, with the note that says why the model's answer is not shown."""
        if isinstance(error, _TooLong):
            log.warning("chat model answer to %r ran past %d characters; using the extractive answer",
                        question[:200], MAX_ANSWER_CHARS)
            return _with_note(extractive, NOTE_INVALID)
        # timeouts, refused connections, HTTP errors, garbage; the message may echo a key, so it is redacted
        log.warning("chat model failed (%s: %s); using the extractive answer",
                    type(error).__name__, redact(str(error), self.secrets)[:300])
        return _with_note(extractive, NOTE_FAILED)

    def _read(self, messages: list[BaseMessage], events: queue.Queue[tuple[str, Any]], stop: threading.Event) -> None:
        """Put the model's answer on `events`: ("text", piece)…, then ("done", tool sources) or ("error", exception)."""
        model = self.model.bind_tools([self.lookup]) if self.lookup else self.model
        tool_sources: list[str] = []
        length = 0
        try:
            for _ in range(MAX_TOOL_ROUNDS + 1):
                if stop.is_set():
                    return
                reply: AIMessageChunk | None = None
                chunks = model.stream(messages)
                try:
                    for chunk in chunks:
                        if stop.is_set():
                            return
                        reply = chunk if reply is None else reply + chunk
                        if chunk.content:
                            piece = str(chunk.content)
                            length += len(piece)
                            if length > MAX_ANSWER_CHARS:
                                raise _TooLong()
                            events.put(("text", piece))
                finally:
                    chunks.close()  # closes the HTTP response when we stop early
                if reply is None or _unfinished(reply):
                    raise ValueError("the reply ended before the model finished it")
                if not reply.tool_calls or not self.lookup:
                    break
                messages.append(reply)
                for call in reply.tool_calls:
                    records = self.lookup.invoke(call["args"])
                    tool_sources += _tool_sources(records)
                    messages.append(ToolMessage(json.dumps(records, ensure_ascii=False), tool_call_id=call["id"]))
            events.put(("done", tool_sources))
        except Exception as error:  # reported to the reader, who falls back
            events.put(("error", error))
