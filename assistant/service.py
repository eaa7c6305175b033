"""The assistant: settings, index and answering wired together behind one `ask`."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from assistant.answer import TABLE_MIN, Answer, answer
from assistant.config import Settings
from assistant.conversation import Question, parts, resolve
from assistant.embeddings import make_embeddings
from assistant.errors import AssistantError
from assistant.generate import Generator, make_chat_model
from assistant.indexing import Index, open_index
from assistant.matching import Evidence
from assistant.normalize import nfc
from assistant.retrieval import retrieve
from assistant.targets import Match, TargetTable, make_lookup_tool

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000


@dataclass(frozen=True)
class Timed:
    """An answer, the question as understood, and how long it took in milliseconds."""

    answer: Answer
    latency_ms: float
    question: Question
    retrieval_ms: float = 0.0  # of latency_ms: passage retrieval and target look-up


class Assistant:
    """Answers questions about the plan from a loaded index."""

    def __init__(self, settings: Settings, index: Index, chat_model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self.index = index
        self.evidence = Evidence(index.chunks)
        self.targets = TargetTable(index.targets, self.evidence)
        plan = f"kế hoạch của tỉnh {self.evidence.home}" if self.evidence.home else "kế hoạch"
        self.generator = Generator(chat_model, make_lookup_tool(self.targets), plan) if chat_model else None

    @classmethod
    def from_settings(cls, settings: Settings, embeddings: Embeddings | None = None,
                      chat_model: BaseChatModel | None = None) -> Assistant:
        """Load (building when missing or stale) the index the settings describe; use an LLM if one is configured."""
        embeddings = embeddings or make_embeddings(settings.embeddings)
        if chat_model is None and settings.llm_base_url:
            chat_model = make_chat_model(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)
        return cls(settings, open_index(settings, embeddings), chat_model)

    def ask(self, question: str, previous: Sequence[str] = ()) -> Timed:
        """Answer one question, reading it after the `previous` questions of the conversation (oldest first).

        Raises `AssistantError` for a question that cannot be asked.
        """
        for _, timed in self.ask_stream(question, previous):
            if timed is not None:
                return timed
        raise AssertionError("ask_stream ended without an answer")  # pragma: no cover

    def ask_stream(self, question: str, previous: Sequence[str] = ()) -> Iterator[tuple[str, Timed | None]]:
        """The answer as it is written: (text so far, None) pieces, then ("", the finished answer)."""
        extractive = self._extractive(question, previous)
        if self.generator is None:
            yield "", extractive
            return
        started, so_far = time.perf_counter(), ""
        for delta in self.generator.stream(extractive.question.text, extractive.answer):
            if delta.answer is None:
                so_far += delta.text
                yield so_far, None
            else:
                elapsed = extractive.latency_ms + (time.perf_counter() - started) * 1000
                yield "", replace(extractive, answer=delta.answer, latency_ms=elapsed)

    def _extractive(self, question: str, previous: Sequence[str]) -> Timed:
        started = time.perf_counter()
        understood = resolve(check_question(question), [" ".join(p.split()) for p in previous if p and p.strip()])
        text = understood.text
        hits = retrieve(self.index, text, self.settings.top_k, self.settings.fusion)
        matches = self._look_up(text, understood.focus)
        figures = [(m, self.index.chunk(m.target.chunk_id)) for m in matches]
        retrieved = (time.perf_counter() - started) * 1000
        result = answer(text, hits, self.evidence, self.settings.min_coverage, figures, understood.focus)
        elapsed = (time.perf_counter() - started) * 1000
        log.debug("answered in %.1f ms via %s", elapsed, result.via)
        return Timed(result, elapsed, understood, retrieved)

    def _look_up(self, text: str, focus: str) -> list[Match]:
        """Targets for the question; when each part of a question names its own target, all of those first."""
        matches = self.targets.search(text, limit=8, focus=focus)
        bests: list[Match] = []
        for part in parts(text):
            found = self.targets.search(part, limit=1, focus=focus)
            if found and found[0].score >= TABLE_MIN and all(b.target != found[0].target for b in bests):
                bests.append(found[0])
        if len(bests) < 2:
            return matches
        top = max([m.score for m in matches[:1]] + [b.score for b in bests])
        chosen = {b.target.id for b in bests}
        return [Match(b.target, top, b.by_value) for b in bests] + [m for m in matches if m.target.id not in chosen]


def check_question(question: str) -> str:
    """Return the question cleaned for asking, or raise `AssistantError` saying what is wrong."""
    text = " ".join(nfc(question or "").split())
    if not text:
        raise AssistantError("Câu hỏi đang trống. Hãy nhập câu hỏi về kế hoạch, ví dụ: «Tỷ lệ che phủ rừng đạt bao nhiêu?»")
    if len(text) > MAX_QUESTION_CHARS:
        raise AssistantError(
            f"Câu hỏi dài {len(text)} ký tự, quá giới hạn {MAX_QUESTION_CHARS}. Hãy rút gọn câu hỏi."
        )
    if not any(ch.isalnum() for ch in text):
        raise AssistantError("Câu hỏi không có chữ hay số nào. Hãy nhập câu hỏi bằng lời.")
    return text
