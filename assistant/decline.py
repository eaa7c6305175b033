"""When the plan does not answer a question, and how the assistant then says so.

A question is declined before any passage is read when it names a year the plan never mentions
or another province (`out_of_scope`); after retrieval, when the best clause does not cover enough of
its key terms, or it asks for a figure and the best clause holds none (`covered`).
"""

from __future__ import annotations

from assistant.corpus_stats import CorpusStats
from assistant.question import Question
from assistant.quoting import Clause, part_covered
from assistant.reply import Answer, Citation
from assistant.retrieval import Hit
from assistant.text.numbers import HAS_DIGIT

EXCERPT_CHARS = 220  # of each closest passage shown with a decline
SHOWN = 3  # closest passages shown with a decline
FOLLOW_UP_COVERAGE = 0.5  # a follow-up's bar, as a share of min_coverage: its focus already had to match


def out_of_scope(question: Question, stats: CorpusStats) -> str | None:
    """What the question asks that the plan cannot cover (a year it never mentions, another province), or None."""
    unknown_years = stats.unknown_years(question.text)
    if unknown_years:
        return f"số liệu hay nhiệm vụ nào cho năm {', '.join(unknown_years)}"
    elsewhere = stats.other_provinces(question.text)
    if elsewhere and (question.asks_figure or not set(elsewhere) & stats.places):
        return f"số liệu hay nhiệm vụ của {', '.join(elsewhere)}: đây là kế hoạch của tỉnh {stats.home}"
    return None


def required_coverage(question: Question, min_coverage: float) -> float:
    """The share of the question's key terms a clause must hold to answer it."""
    return min_coverage * FOLLOW_UP_COVERAGE if question.focus else min_coverage


def covered(question: Question, best: Clause | None, hits: list[Hit], stats: CorpusStats, min_coverage: float) -> bool:
    """Whether the passages answer the question: the best clause (or, part by part, some clause) covers it.

    `min_coverage` is the bar `required_coverage` gives.
    """
    if best is None:
        return False
    if best.coverage >= min_coverage and not (question.asks_figure and not HAS_DIGIT.search(best.text)):
        return True
    # "A và B": each part may sit in its own clause
    return bool(question.parts) and all(part_covered(part, hits, stats, min_coverage) for part in question.parts)


def not_covered(question: Question, stats: CorpusStats) -> str:
    """What to say is missing when no passage covers the question: its words the plan never uses, if any."""
    missing = ", ".join(stats.unknown_words(question.text))
    return f"nội dung về «{missing}»" if missing else "thông tin để trả lời câu hỏi này"


def decline(hits: list[Hit], why: str) -> Answer:
    """«Kế hoạch không nêu …», with the closest passages shown instead of a guess."""
    citations = []
    lines = [f"Kế hoạch không nêu {why}."] + (["", "Những đoạn gần nhất trong kế hoạch:"] if hits else [])
    for number, hit in enumerate(hits[:SHOWN], start=1):
        excerpt = hit.chunk.text
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
        citations.append(Citation(number, hit.chunk, excerpt))
        lines.append(f"- «{excerpt}» [{number}]")
    return Answer("\n".join(lines), True, tuple(citations), tuple(hits), via="refusal")
