"""The answer to a question: from the outline, the target table, by quoting the passages, or a decline — then guarded."""

from __future__ import annotations

import logging
from dataclasses import replace

from assistant.chunking import Chunk
from assistant.corpus_stats import CorpusStats
from assistant.decline import (
    closest,
    covered,
    decline,
    near_miss,
    not_covered,
    out_of_scope,
    points_back,
    required_coverage,
)
from assistant.figures import TABLE_MIN, answers_from_table, from_table
from assistant.gather import Evidence
from assistant.guard import grounded
from assistant.outline import Outline
from assistant.question import Question
from assistant.quoting import best_clause, quote_answer, score_clauses, whole_passages
from assistant.reply import Answer
from assistant.retrieval import Hit
from assistant.sections import (
    answer_located,
    content_answer,
    group_answer,
    name,
    topic_terms,
)
from assistant.targets.table import Match

log = logging.getLogger(__name__)


def _checked(result: Answer, question: Question) -> bool:
    if grounded(result.text, question.text, result.sources):
        return True
    log.warning("%s answer to %r states a number its sources lack", result.via, question.text[:200])
    return False


def _group(question: Question, hits: list[Hit], figures: list[tuple[Match, Chunk]], outline: Outline) -> Answer | None:
    """«… thuộc nhóm chỉ tiêu nào?»: the group of the target the question names, else of the best passage."""
    if figures and figures[0][0].score >= TABLE_MIN:
        match, chunk = figures[0]
        return group_answer(chunk, match.target.indicator, outline, hits)
    if hits:
        return group_answer(hits[0].chunk, hits[0].chunk.text.split(".")[0], outline, hits)
    return None


def _unless_near_miss(question: Question, found: Answer, stats: CorpusStats) -> Answer:
    """`found`, or a decline that shows it when it answers something close to what was asked."""
    why = near_miss(question, found, stats)
    return closest(found, why) if why else found


def answer(question: Question, evidence: Evidence, stats: CorpusStats, min_coverage: float = 0.4,
           outline: Outline | None = None) -> Answer:
    """Answer from the outline, the target table or by quoting the passages, or decline when the plan does not say."""
    hits, figures, located = evidence.hits, list(evidence.figures), evidence.located
    if evidence.earlier:  # «nói rõ hơn»: the last answer's passages in full
        return whole_passages(evidence.earlier, hits)
    if outline is not None and located is not None and located.how != "scope":
        result = answer_located(located, question, outline, hits)
        if located.missing:
            return closest(result, f"{located.missing} trong {name(located.sections[0], outline)}")
        if _checked(result, question):
            return _unless_near_miss(question, result, stats)
    if outline is not None and located is not None:  # inside the section, only the topic is looked for
        question = replace(question, terms=topic_terms(question, located.sections, outline) or question.terms)
    if outline is not None and question.reference.group_of:
        result = _group(question, hits, figures, outline)
        if result is not None and _checked(result, question):
            return _unless_near_miss(question, result, stats)
    grouped = score_clauses(question, hits, stats, evidence.favoured)
    best = best_clause(question, grouped)
    bar = required_coverage(question, min_coverage)
    answered = (covered(question, best, hits, stats, bar)
                or points_back(question, best_clause(question, grouped, in_unit=True), hits, evidence.favoured))
    if answers_from_table(figures, question.asks_figure, answered):
        stated = from_table(figures, hits)
        if _checked(stated, question):
            return _unless_near_miss(question, stated, stats)
    if answered:
        quoted = quote_answer(question, grouped, best_clause(question, grouped, in_unit=True), hits, bar)
        if _checked(quoted, question):
            return _unless_near_miss(question, quoted, stats)
    if outline is not None and located is not None:  # nothing inside the section matched: say what it holds
        return _unless_near_miss(question, content_answer(located.sections[0], outline, hits), stats)
    if not answered:
        return decline(hits, out_of_scope(question, stats) or not_covered(question, stats))
    return decline(hits, "câu trả lời mà mọi con số đều có trong đoạn trích dẫn")
