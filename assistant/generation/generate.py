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
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.tools import BaseTool

from assistant.answering.guard import check_sentence
from assistant.answering.reply import Answer, Citation
from assistant.documents.chunking import Chunk
from assistant.generation.chat_model import redact
from assistant.generation.keeping import left_out
from assistant.generation.prompting import messages as prompt
from assistant.generation.prompting import sources as numbered
from assistant.generation.prompting import tool_passage
from assistant.generation.tool_calls import may_be_call, read_call, tool_name
from assistant.understanding.question import Question

log = logging.getLogger(__name__)

MAX_TOOL_ROUNDS = 1
LOOKED_UP = 3  # records of a look-up sent back to the model
MAX_ANSWER_CHARS = 8000  # far past any answer from five passages; more is a runaway model, not an answer
CUT_SHORT = {"length", "max_tokens", "content_filter"}  # finish reasons of a reply that stopped mid-answer
NOTE_INVALID = "(Câu trả lời của mô hình ngôn ngữ không khớp nguồn nên được thay bằng trích dẫn nguyên văn.)"
NOTE_FAILED = "(Mô hình ngôn ngữ không trả lời được lúc này; đây là câu trả lời trích nguyên văn.)"
_SENTENCE_DONE = re.compile(r"^(.*?[.!?…](?:\s*\[\d{1,2}\])*[.]?)\s+(?=\S)|^(.*?)\n", re.DOTALL)


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


class _Reply:
    """The model's sentences as they are checked: those shown, those dropped, and whether the reply is rejected."""

    def __init__(self, question: str, sources: dict[int, str]) -> None:
        self.question, self.sources = question, sources
        self.pending, self.shown, self.dropped, self.rejected = "", [], [], ""
        self.cites: list[int] = []
        self.looked_up: dict[int, str] = {}  # source number → id of the chunk of a record a look-up returned
        self.received = False

    def add(self, piece: str, final: bool = False) -> bool:
        """Take more of the reply; True when a sentence was shown."""
        self.pending += piece
        self.received |= bool(piece.strip())
        grew = False
        while not self.rejected:
            done = _SENTENCE_DONE.match(self.pending)
            if done is None and not (final and self.pending.strip()):
                break
            sentence = (done.group(1) or done.group(2)) if done else self.pending
            line_ends = bool(done and done.group(2) is not None)
            self.pending = self.pending[done.end():] if done else ""
            grew |= self._check(sentence.strip(), "\n" if line_ends else " ")
        return grew

    def _check(self, sentence: str, after: str) -> bool:
        if not any(ch.isalpha() for ch in sentence):  # a lone «[1]» or «-»: nothing to show on its own
            return False
        verdict = check_sentence(sentence, self.question, self.sources)
        if verdict.ok:
            self.shown.append((verdict.sentence, after))
            self.cites += [n for n in verdict.cites if n not in self.cites]
            return True
        if verdict.why == "declines":  # the evidence answered: a reply that says the plan is silent is wrong
            self.rejected = "declined"
        log.debug("model sentence not shown (%s): %r", verdict.why, sentence[:300])
        self.dropped.append(verdict.why)
        return False

    @property
    def text(self) -> str:
        """The sentences shown, each line break of the reply kept."""
        return "".join(f"{sentence}{after}" for sentence, after in self.shown).strip()


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
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        tool = self.lookup if question.asks_figure else None  # a look-up only helps a question about a figure
        reply = _Reply(question.text, numbered(extractive))
        conversation = prompt(question.text, extractive, self.plan_title)
        run = contextvars.copy_context().run
        threading.Thread(target=run, args=(self._read, conversation, tool, events, stop, len(reply.sources)),
                         name="llm-answer", daemon=True).start()
        deadline = time.monotonic() + self.timeout
        try:
            failure = yield from self._follow(events, deadline, reply)
        finally:
            stop.set()  # the worker drops the connection at its next piece
        yield Delta(answer=self._finish(question, extractive, reply, failure))

    def _follow(self, events: queue.Queue, deadline: float, reply: _Reply) -> Iterator[Delta]:
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

    def _finish(self, question: Question, extractive: Answer, reply: _Reply, failure: str) -> Answer:
        """The model's checked answer when it stands on its own, else the extractive one with a note saying why."""
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
            return _with_note(extractive, NOTE_FAILED if why in ("timeout", "error", "empty") else NOTE_INVALID, why)
        return Answer(reply.text, False, self._citations(extractive, reply), extractive.hits, via="llm",
                      targets=extractive.targets, sections=extractive.sections)

    def _citations(self, extractive: Answer, reply: _Reply) -> tuple[Citation, ...]:
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
