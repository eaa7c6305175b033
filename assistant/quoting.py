"""Extractive answers: the clauses of the retrieved passages that answer the question, quoted and cited."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.chunking import Chunk
from assistant.corpus_stats import CorpusStats
from assistant.question import Question
from assistant.reply import Answer, Citation, cite
from assistant.retrieval import Hit
from assistant.text.lexicon import Terms, term_set
from assistant.text.normalize import match_form
from assistant.text.numbers import HAS_DIGIT
from assistant.text.outline import strip_marker
from assistant.text.sentences import clauses, sentences
from assistant.text.units import shows_unit

# How a clause is scored (chosen on the dev set; see the README):
FIGURE_BONUS = 0.15  # a clause with a number, for a question asking for a figure
RANK_STEP = 0.02  # less per place the clause's passage ranks below the first
FAVOURED_BONUS = 0.2  # a clause of the passage a follow-up points back at («văn bản đó ban hành ngày nào?»)
FOCUS_MIN = 0.5  # share of a follow-up's focus a clause must name, else it cannot be quoted
HEADINGS_READ = 2  # a clause is read under its passage's last headings: "(1) … 10%" answers "mục tiêu kinh tế"
# Which clauses are quoted:
UNIT_COVERAGE = 0.5  # a clause in the unit asked is quoted over a better one without it, if this close
CLOSE_SCORE = 0.6  # a neighbouring clause this close to the best is quoted with it
SECOND_QUOTE = 0.9  # a quote from another sentence this close to the best is added


@dataclass(frozen=True)
class Clause:
    """A clause of a retrieved passage, where it sits, and how well it answers the question."""

    chunk_rank: int
    sentence: int
    position: int
    text: str
    score: float
    coverage: float  # share of the question's key terms it holds (with its headings)


def key_terms(question: Question, stats: CorpusStats | None = None) -> Terms:
    """The question's terms a passage must cover.

    Not those of the asker's story, which says why, not what.
    """
    return tuple(g for g in question.terms if g[0] not in question.story_terms) or question.terms


def _covers(wanted: Terms, hit: Hit, clause: str, stats: CorpusStats) -> float:
    return stats.coverage(wanted, term_set(" ".join([*hit.chunk.headings[-HEADINGS_READ:], clause])))


def score_clauses(question: Question, hits: list[Hit], stats: CorpusStats,
                  favoured: frozenset[str] = frozenset()) -> list[list[list[Clause]]]:
    """Every clause of every hit, scored, grouped by hit then by sentence; a follow-up's focus must be met.

    Clauses of the `favoured` passages (those a follow-up points back at) score higher.
    """
    grouped, wanted = [], key_terms(question, stats)
    for rank, hit in enumerate(hits):
        per_sentence = []
        for s_index, sentence in enumerate(sentences(hit.chunk.text)):
            row = []
            for c_index, clause in enumerate(clauses(strip_marker(sentence.strip()))):
                covered = _covers(wanted, hit, clause, stats)
                score = covered + (FIGURE_BONUS if question.asks_figure and HAS_DIGIT.search(clause) else 0.0)
                score -= RANK_STEP * rank
                score += FAVOURED_BONUS if hit.chunk.id in favoured else 0.0
                if question.focus_terms and stats.coverage(question.focus_terms, term_set(clause)) < FOCUS_MIN:
                    score, covered = score - 1.0, 0.0
                row.append(Clause(rank, s_index, c_index, clause, score, covered))
            per_sentence.append(row)
        grouped.append(per_sentence)
    return grouped


def _eligible(question: Question, grouped: list[list[list[Clause]]], in_unit: bool = False) -> list[Clause]:
    """The clauses that may answer: for a figure question, those holding a number when any does.

    With `in_unit`, those holding a figure in the unit the question asks («bao nhiêu phần trăm»), when
    one of them covers the question about half as well as the best.
    """
    flat = [c for per_hit in grouped for row in per_hit for c in row]
    if not question.asks_figure:
        return flat
    figures = [c for c in flat if HAS_DIGIT.search(c.text)] or flat
    shown = [c for c in figures if any(shows_unit(u, match_form(c.text)) for u in question.likely_units)]
    if in_unit and shown and max(c.coverage for c in shown) >= UNIT_COVERAGE * max(c.coverage for c in figures):
        return shown
    return figures


def best_clause(question: Question, grouped: list[list[list[Clause]]], in_unit: bool = False) -> Clause | None:
    """The best-scoring clause that may answer (see `_eligible`)."""
    return max(_eligible(question, grouped, in_unit), key=lambda c: c.score, default=None)


def part_covered(part: Question, hits: list[Hit], stats: CorpusStats, min_coverage: float) -> bool:
    """Whether some clause of the hits covers this part of a question on several things."""
    return any(
        _covers(key_terms(part, stats), hit, clause, stats) >= min_coverage
        for hit in hits for sentence in sentences(hit.chunk.text) for clause in clauses(sentence)
    )


def _quote(row: list[Clause], best: Clause) -> str:
    """The best clause with its close neighbours; a clause ending in a list intro takes the list."""
    chosen = [best.position]
    for step in (-1, 1):
        i = best.position + step
        while 0 <= i < len(row) and row[i].score >= CLOSE_SCORE * best.score:
            chosen.append(i)
            i += step
    first, last = min(chosen), max(chosen)
    if row[last].text.rstrip().endswith(":") or re.search(r"(như|gồm|là):\s", row[last].text):
        last = len(row) - 1
    return "; ".join(c.text for c in row[first:last + 1])


def whole_passages(chunks: tuple[Chunk, ...], hits: list[Hit]) -> Answer:
    """The passages quoted in full, each cited: for «nói rõ hơn» after an answer that quoted part of them."""
    citations: list[Citation] = []
    lines = ["Theo kế hoạch, đầy đủ:"]
    lines += [f"- «{c.text}» [{cite(citations, c, c.text)}]" for c in chunks]
    return Answer("\n".join(lines), False, tuple(citations), tuple(hits))


def quote_answer(question: Question, grouped: list[list[list[Clause]]], best: Clause, hits: list[Hit],
                 min_coverage: float) -> Answer:
    """Quote the best clause (with its neighbours) and a close second from another sentence, each cited."""
    picks = [best]
    others = [c for c in _eligible(question, grouped, in_unit=True) if (c.chunk_rank, c.sentence) != (best.chunk_rank, best.sentence)]
    if others:
        second = max(others, key=lambda c: c.score)
        if second.score >= SECOND_QUOTE * best.score and second.coverage >= min_coverage:
            picks.append(second)
    citations: list[Citation] = []
    lines = []
    for pick in picks:
        quote = _quote(grouped[pick.chunk_rank][pick.sentence], pick)
        lines.append(f"«{quote}» [{cite(citations, hits[pick.chunk_rank].chunk, quote)}]")
    intro = "Theo kế hoạch:" if len(lines) == 1 else "Theo kế hoạch, có các nội dung sau:"
    body = lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)
    return Answer(f"{intro}\n{body}", False, tuple(citations), tuple(hits))
