"""The assistant: settings, index and answering wired together behind one `ask`."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from assistant.answer import Answer, answer
from assistant.matching import Evidence
from assistant.config import Settings
from assistant.embeddings import make_embeddings
from assistant.errors import AssistantError
from assistant.indexing import Index, open_index
from assistant.normalize import nfc
from assistant.retrieval import retrieve
from assistant.targets import TargetTable

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000


@dataclass(frozen=True)
class Timed:
    """An answer and how long it took, in milliseconds."""

    answer: Answer
    latency_ms: float


class Assistant:
    """Answers questions about the plan from a loaded index."""

    def __init__(self, settings: Settings, index: Index) -> None:
        self.settings = settings
        self.index = index
        self.evidence = Evidence(index.chunks)
        self.targets = TargetTable(index.targets, self.evidence)

    @classmethod
    def from_settings(cls, settings: Settings, embeddings: Embeddings | None = None) -> Assistant:
        """Load (building when missing or stale) the index the settings describe."""
        embeddings = embeddings or make_embeddings(settings.embeddings)
        return cls(settings, open_index(settings, embeddings))

    def ask(self, question: str) -> Timed:
        """Answer one question; raises `AssistantError` for a question that cannot be asked."""
        started = time.perf_counter()
        question = check_question(question)
        hits = retrieve(self.index, question, self.settings.top_k, self.settings.fusion)
        figures = [(m, self.index.chunk(m.target.chunk_id)) for m in self.targets.search(question, limit=8)]
        result = answer(question, hits, self.evidence, self.settings.min_coverage, figures)
        elapsed = (time.perf_counter() - started) * 1000
        log.debug("answered in %.1f ms (refused=%s)", elapsed, result.refused)
        return Timed(result, elapsed)


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
