"""Answers worded by a chat model (any OpenAI-compatible endpoint), shown only sentence by checked sentence.

The evidence decides, the model words it: the extractive answer is computed first; when it declines,
the model is not asked. Otherwise the model rewrites it from the same passages. Each sentence the
model finishes is checked (`guard.check_sentence`) before it is shown: a sentence nothing supports
is dropped; a sentence that declines, while the evidence answered, rejects the whole reply. At the
end the reply must still state the extractive answer's figures. Whatever goes wrong — a rejected
reply, no sentence that passed, an endpoint that is down, slow past the timeout (which bounds the
whole answer) or garbled — gives the extractive answer with a note. Tool calls are read from
OpenAI `tool_calls` and from the text forms small models write (`tool_calls.py`).
"""

from __future__ import annotations

import contextvars
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.tools import BaseTool

from assistant.answering.reply import Answer, Citation
from assistant.documents.chunking import Chunk
from assistant.generation.chat_model import redact
from assistant.generation.checked_reply import CheckedReply
from assistant.generation.keeping import left_out
from assistant.generation.prompting import messages as prompt
from assistant.generation.prompting import rescue_messages, tool_passage
from assistant.generation.prompting import sources as numbered
from assistant.generation.tool_calls import may_be_call, read_call, tool_name
from assistant.understanding.question import Question

log = logging.getLogger(__name__)

MAX_TOOL_ROUNDS = 1
LOOKED_UP = 3  # records of a look-up sent back to the model
MAX_ANSWER_CHARS = 8000  # far past any answer from five passages; more is a runaway model, not an answer
CUT_SHORT = {"length", "max_tokens", "content_filter"}  # finish reasons of a reply that stopped mid-answer
NOTE_INVALID = "(Câu trả lời của mô hình ngôn ngữ không khớp nguồn nên được thay bằng trích dẫn nguyên văn.)"
VERBATIM = "Nguyên văn kế hoạch:"  # over the quotes put under a model's answer
NOTE_FAILED = "(Mô hình ngôn ngữ không trả lời được lúc này; đây là câu trả lời trích nguyên văn.)"


class _TooLong(Exception):
    """The model's answer ran past `MAX_ANSWER_CHARS`."""


@dataclass(frozen=True)
class Delta:
    """The checked answer so far (`text`, whole), or the finished `Answer` as the last event."""

    text: str = ""
    answer: Answer | None = None


def _unfinished(reply: AIMessageChunk) -> bool:
    """Whether the reply stopped before the model finished it (a token limit, a stream cut without its last event)."""
    meta = reply.response_metadata
    reason = meta.get("finish_reason") or meta.get("stop_reason") or meta.get("done_reason")
    if reason is None:  # the OpenAI protocol ends every finished reply with a reason; other providers may not
        return meta.get("model_provider") == "openai"
    return reason in CUT_SHORT


def _with_note(extractive: Answer, note: str, why: str) -> Answer:
    return replace(extractive, text=f"{extractive.text}\n\n{note}", note=why)


class Generator:
    """Writes answers with a chat model from the passages retrieval found; falls back to the extractive answer."""

    def __init__(self, model: BaseChatModel, lookup: BaseTool | None = None, plan_title: str = "kế hoạch",
                 timeout: float = 30.0, secrets: list[str] | None = None,
                 find_chunk: Callable[[str], Chunk] | None = None) -> None:
        self.model = model
        self.lookup = lookup
        self.plan_title = plan_title
        self.timeout = timeout  # seconds for the whole answer
        self.secrets = secrets or []  # credentials to keep out of what is logged
        self.find_chunk = find_chunk  # chunk id → Chunk, to cite what a look-up returned

    def with_lookup(self, lookup: BaseTool) -> Generator:
        """The same generator with another look-up tool (one kept inside a document, say)."""
        return Generator(self.model, lookup, self.plan_title, self.timeout, self.secrets, self.find_chunk)

    def stream(self, question: Question, extractive: Answer) -> Iterator[Delta]:
        """The model's answer as its checked sentences grow, then the finished `Answer` (or the extractive one).

        The model is read in a worker thread so that the timeout bounds the whole answer, however the
        endpoint trickles it; never raises.
        """
        if extractive.refused:  # refusal rests on the retrieval evidence, not on the model
            yield Delta(answer=extractive)
            return
        tool = self.lookup if question.asks_figure else None  # a look-up only helps a question about a figure
        conversation = prompt(question.text, extractive, self.plan_title)
        reply, failure = yield from self._run(question, conversation, numbered(extractive), tool)
        why = self._why_not(question, extractive, reply, failure)
        if why:
            yield Delta(answer=_with_note(extractive, NOTE_FAILED if why in ("timeout", "error", "empty") else NOTE_INVALID,
                                          why))
            return
        yield Delta(answer=self._answer(extractive, reply))

    def rescue(self, question: Question, decline: Answer) -> Iterator[Delta]:
        """For a decline the evidence made close to answering: the model shown the closest passages, free to say
        the plan is silent. Its checked answer, or the decline as it was (its `note` saying why)."""
        conversation = rescue_messages(question.text, decline, self.plan_title)
        reply, failure = yield from self._run(question, conversation, numbered(decline), None)
        why = self._why_not(question, decline, reply, failure)
        yield Delta(answer=replace(decline, note=why) if why else self._answer(decline, reply, rescue=True))

    def _run(self, question: Question, conversation: list[BaseMessage], sources: dict[int, str],
             tool: BaseTool | None) -> Iterator[Delta]:
        """Read the model in a worker thread, showing each checked sentence; return the reply and what went wrong."""
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        reply = CheckedReply(question.text, sources)
        run = contextvars.copy_context().run
        threading.Thread(target=run, args=(self._read, conversation, tool, events, stop, len(reply.sources)),
                         name="llm-answer", daemon=True).start()
        deadline = time.monotonic() + self.timeout
        try:
            failure = yield from self._follow(events, deadline, reply)
        finally:
            stop.set()  # the worker drops the connection at its next piece
        return reply, failure

    def _follow(self, events: queue.Queue, deadline: float, reply: CheckedReply) -> Iterator[Delta]:
        """Check the model's pieces as they come, showing each sentence that passed; return what went wrong, if anything."""
        while not reply.rejected:
            try:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise queue.Empty
                kind, value = events.get(timeout=remaining)
            except queue.Empty:
                log.warning("chat model gave no finished answer within %.1f s", self.timeout)
                return "timeout"
            if kind == "text" and reply.add(value):
                yield Delta(text=reply.text)
            elif kind == "sources":
                for number, (passage, chunk_id) in value.items():
                    reply.sources[number], reply.looked_up[number] = passage, chunk_id
            elif kind == "error":
                return self._failure(value)
            elif kind == "done":
                if reply.add("", final=True):
                    yield Delta(text=reply.text)
                return ""
        return ""

    def _failure(self, error: BaseException) -> str:
        if isinstance(error, _TooLong):
            log.warning("chat model answer ran past %d characters", MAX_ANSWER_CHARS)
            return "too long"
        # timeouts, refused connections, HTTP errors, garbage; the message may echo a key, so it is redacted
        log.warning("chat model failed (%s: %s)", type(error).__name__, redact(str(error), self.secrets)[:300])
        return "error"

    def _why_not(self, question: Question, extractive: Answer, reply: CheckedReply, failure: str) -> str:
        """Why the model's checked answer cannot stand for the quoted one, or "" when it can."""
        if reply.dropped:
            log.info("dropped %d unsupported sentence(s) of the model: %s", len(reply.dropped), reply.dropped)
        if reply.rejected or failure == "too long":
            why = reply.rejected or failure
        elif not reply.shown:  # what passed is kept after a timeout or an error; with nothing passed, nothing is
            why = failure or ("nothing supported" if reply.received else "empty")
        else:
            why = left_out(question, extractive, reply.text, self.plan_title)
        if why:
            log.warning("chat model answer to %r not shown (%s); using the extractive answer", question.text[:200], why)
        return why

    def _answer(self, extractive: Answer, reply: CheckedReply, rescue: bool = False) -> Answer:
        """The model's checked sentences, with the plan's own words under them: what the quoted answer quoted
        (for a rescue, the passages the model cited), so that nothing the quote had is lost."""
        cited = self._citations(extractive, reply)
        given = {c.number for c in extractive.citations}
        kept = {c.number: c for c in (*(() if rescue else extractive.citations), *cited)}
        under = [kept[n] for n in sorted(kept)]
        quotes = [f"«{c.quote}» [{c.number}]" for c in under if c.number in given]
        text = f"{reply.text}\n\n{VERBATIM}\n" + "\n".join(quotes) if quotes else reply.text
        return Answer(text, False, tuple(under), extractive.hits, via="llm", targets=extractive.targets,
                      sections=extractive.sections)

    def _citations(self, extractive: Answer, reply: CheckedReply) -> tuple[Citation, ...]:
        given = {c.number: c for c in extractive.citations}
        found = []
        for number in sorted(reply.cites):
            if number in given:
                found.append(given[number])
            elif number in reply.looked_up and self.find_chunk:  # a record a look-up returned: its passage
                found.append(Citation(number, self.find_chunk(reply.looked_up[number]), reply.sources[number]))
        return tuple(found)

    def _read(self, conversation: list[BaseMessage], tool: BaseTool | None, events: queue.Queue,
              stop: threading.Event, numbered_so_far: int) -> None:
        """Put the model's answer on `events`: ("text", piece)…, ("sources", {n: passage}), then ("done"|"error", …)."""
        try:
            for round_ in range(MAX_TOOL_ROUNDS + 1):
                offered = tool if round_ < MAX_TOOL_ROUNDS else None  # the last round must answer in words
                call = self._round(conversation, offered, events, stop)
                if stop.is_set() or call is None:
                    break
                # The records go back as numbered passages, asked again without tools: small models answer
                # from passages more reliably than from a tool message (and some servers drop those).
                records = offered.invoke(call)[:LOOKED_UP]
                found = {numbered_so_far + i: r for i, r in enumerate(records, start=1)}
                numbered_so_far += len(found)
                events.put(("sources", {n: (f"{r.get('quote', '')} {r.get('section', '')}", str(r.get("chunk_id", "")))
                                        for n, r in found.items()}))
                listing = "\n".join(tool_passage(n, r) for n, r in found.items())
                conversation = [*conversation, HumanMessage(
                    f"Kết quả tra cứu chỉ tiêu:\n{listing}\nHãy trả lời câu hỏi, ghi nguồn [n].")]
            events.put(("done", None))
        except Exception as error:  # reported to the reader, who falls back
            events.put(("error", error))

    def _round(self, conversation: list[BaseMessage], tool: BaseTool | None, events: queue.Queue,
               stop: threading.Event) -> dict | None:
        """One reply of the model: its pieces of text on `events`, or the tool call it made (structured or as text)."""
        model = self.model.bind_tools([tool]) if tool else self.model
        reply: AIMessageChunk | None = None
        held, length = "", 0
        chunks = model.stream(conversation)
        try:
            for chunk in chunks:
                if stop.is_set():
                    return None
                reply = chunk if reply is None else reply + chunk
                piece = str(chunk.content or "")
                length += len(piece)
                if length > MAX_ANSWER_CHARS:
                    raise _TooLong()
                if held is not None and tool is not None:  # a reply that may be a tool call in text is held back
                    held += piece
                    if may_be_call(held):
                        continue
                    piece, held = held, None
                if piece:
                    events.put(("text", piece))
        finally:
            chunks.close()  # closes the HTTP response when we stop early
        if reply is None or _unfinished(reply):
            raise ValueError("the reply ended before the model finished it")
        names = {tool.name} if tool else set()
        for call in reply.tool_calls or []:
            if tool_name(call["name"], names) in names:
                return call["args"]
        written = read_call(held, names) if held else None
        if written is not None:
            return written.arguments
        if held:  # held back, and no call after all: it is the answer
            events.put(("text", held))
        return None
