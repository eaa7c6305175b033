"""The answer to a question: from the target table, by quoting the passages, or a decline — then guarded."""

from __future__ import annotations

import logging

from assistant.chunking import Chunk
from assistant.corpus_stats import CorpusStats
from assistant.decline import covered, decline, not_covered, out_of_scope, required_coverage
from assistant.figures import answers_from_table, from_table
from assistant.guard import grounded
from assistant.question import Question
from assistant.quoting import best_clause, quote_answer, score_clauses
from assistant.reply import Answer
from assistant.retrieval import Hit
from assistant.targets.table import Match

log = logging.getLogger(__name__)


def answer(question: Question, hits: list[Hit], stats: CorpusStats, min_coverage: float = 0.4,
           figures: list[tuple[Match, Chunk]] | None = None) -> Answer:
    """Answer from the target table or by quoting the passages, or decline when the plan does not say.

    `figures` are target records that a look-up matched to the question, best first, with their chunks.
    """
    why = out_of_scope(question, stats)
    if why:
        return decline(hits, why)
    grouped = score_clauses(question, hits, stats)
    best = best_clause(question, grouped)
    bar = required_coverage(question, min_coverage)
    answered = covered(question, best, hits, stats, bar)
    if answers_from_table(figures or [], question.asks_figure, answered):
        stated = from_table(figures, hits)
        if grounded(stated.text, question.text, stated.sources):
            return stated
        log.warning("table answer to %r states a number its sources lack; quoting instead", question.text[:200])
    if not answered:
        return decline(hits, not_covered(question, stats))
    quoted = quote_answer(question, grouped, best, hits, bar)
    if grounded(quoted.text, question.text, quoted.sources):
        return quoted
    log.warning("answer to %r holds a number its sources lack; showing the passages instead", question.text[:200])
    return decline(hits, "câu trả lời mà mọi con số đều có trong đoạn trích dẫn")
