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
from assistant.normalize import fold, nfc
from assistant.questions import check_question, clean
from assistant.retrieval import retrieve
from assistant.targets import Match, TargetTable, make_lookup_tool

log = logging.getLogger(__name__)

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

    def ask(self, question: str, previous: Sequence[str] = (), document: str | None = None) -> Timed:
        """Answer one question, reading it after the `previous` questions of the conversation (oldest first).

        With `document`, only that document of the corpus is searched. Raises `AssistantError` for a
        question that cannot be asked or a document that is not in the corpus.
        """
        for _, timed in self.ask_stream(question, previous, document):
            if timed is not None:
                return timed
        raise AssertionError("ask_stream ended without an answer")  # pragma: no cover

    def ask_stream(self, question: str, previous: Sequence[str] = (),
                   document: str | None = None) -> Iterator[tuple[str, Timed | None]]:
        """The answer as it is written: (text so far, None) pieces, then ("", the finished answer)."""
        document = self.document(document)
        extractive = self._extractive(question, previous, document)
        if self.generator is None:
            yield "", extractive
            return
        generator = self.generator
        if document:  # the model's look-up tool stays inside the document too
            generator = Generator(generator.model, make_lookup_tool(self.targets, document), generator.plan_title,
                                  generator.timeout)
        started, so_far = time.perf_counter(), ""
        for delta in generator.stream(extractive.question.text, extractive.answer):
            if delta.answer is None:
                so_far += delta.text
                yield so_far, None
            else:
                elapsed = extractive.latency_ms + (time.perf_counter() - started) * 1000
                yield "", replace(extractive, answer=delta.answer, latency_ms=elapsed)

    def document(self, name: str | None) -> str | None:
        """The corpus document `name` stands for (its file name, any case, with or without extension); None for all.

        The name is only compared with the indexed documents' names, never used as a path.
        """
        if name is None or not name.strip():
            return None
        wanted = fold(nfc(name.strip()).lower())
        for document in self.index.documents:
            if wanted in (fold(document.lower()), fold(document.rsplit(".", 1)[0].lower())):
                return document
        raise AssistantError(
            f"Không có tài liệu «{name.strip()[:100]}» trong kho. Chọn một trong: {', '.join(self.index.documents)}."
        )

    def _extractive(self, question: str, previous: Sequence[str], document: str | None = None) -> Timed:
        started = time.perf_counter()
        understood = resolve(check_question(question), [text for text in map(clean, previous) if text])
        text = understood.text
        hits = retrieve(self.index, text, self.settings.top_k, self.settings.fusion, document=document)
        matches = self._look_up(text, understood.focus, document)
        figures = [(m, self.index.chunk(m.target.chunk_id)) for m in matches]
        retrieved = (time.perf_counter() - started) * 1000
        result = answer(text, hits, self.evidence, self.settings.min_coverage, figures, understood.focus)
        elapsed = (time.perf_counter() - started) * 1000
        log.debug("answered in %.1f ms via %s", elapsed, result.via)
        return Timed(result, elapsed, understood, retrieved)

    def _look_up(self, text: str, focus: str, document: str | None) -> list[Match]:
        """Targets for the question; when each part of a question names its own target, all of those first."""
        matches = self.targets.search(text, limit=8, focus=focus, document=document)
        bests: list[Match] = []
        for part in parts(text):
            found = self.targets.search(part, limit=1, focus=focus, document=document)
            if found and found[0].score >= TABLE_MIN and all(b.target != found[0].target for b in bests):
                bests.append(found[0])
        if len(bests) < 2:
            return matches
        top = max([m.score for m in matches[:1]] + [b.score for b in bests])
        chosen = {b.target.id for b in bests}
        return [Match(b.target, top, b.by_value) for b in bests] + [m for m in matches if m.target.id not in chosen]
