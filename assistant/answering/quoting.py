"""Extractive answers: the clauses the decision ranked best, quoted with what belongs with them, and cited.

What is quoted follows the form of the question: a figure, a date or a year quotes the best clause with its
close neighbours and a close second from another sentence; words asked for (what is done, a list) the whole
sentence, whose clauses often name the measures together; a summary the whole passage; a question on several
things the best clause for each part.
"""

from __future__ import annotations

import re

from assistant.answering.decision import Decision, model, part_ranked
from assistant.answering.evidence import Candidate
from assistant.answering.reply import Answer, Citation, cite
from assistant.answering.retrieval import Hit
from assistant.documents.chunking import Chunk
from assistant.understanding.question import Question

CLOSE = 0.6  # a clause of the same sentence holding this share of the best's word cover is quoted with it
SECOND_QUOTE = 0.9  # a clause of another sentence ranked next to the best and holding this share of its cover too
SUMMARY_PASSAGES = 2  # passages quoted in full for a summary
_LIST_INTRO = re.compile(r"(?:như|gồm|là):\s|:\s*$")


def _sentence(decision: Decision, pick: Candidate) -> list[tuple[float, Candidate]]:
    """The ranked candidates of `pick`'s sentence, in reading order."""
    same = [(p, c) for p, c in decision.ranked
            if c.hit.chunk.id == pick.hit.chunk.id and c.clause.sentence == pick.clause.sentence]
    return sorted(same, key=lambda pc: pc[1].clause.position)


def _quote(question: Question, decision: Decision, pick: Candidate) -> str:
    """The picked clause with its close neighbours; a clause ending in a list intro, or words asked, takes the sentence."""
    row = _sentence(decision, pick)
    at = next(i for i, (_, c) in enumerate(row) if c is pick)
    first = last = at
    while first > 0 and row[first - 1][1].cover >= CLOSE * pick.cover:
        first -= 1
    while last + 1 < len(row) and row[last + 1][1].cover >= CLOSE * pick.cover:
        last += 1
    if question.asks.form == "list" or question.asks.answer == "text":
        first, last = 0, len(row) - 1
    elif _LIST_INTRO.search(row[last][1].clause.text):
        last = len(row) - 1
    return "; ".join(c.clause.text for _, c in row[first:last + 1])


def _part_best(question: Question, decision: Decision, part: int) -> tuple[float, Candidate] | None:
    """The best candidate for one part of a question on several things, ranked the same way."""
    order = part_ranked([c for _, c in decision.ranked], part, model().fusion)
    if not order:
        return None
    best = order[0][1]  # the candidate itself, as the decision holds it, with its score there
    return next(((s, c) for s, c in decision.ranked if (c.hit.chunk.id, c.clause.sentence, c.clause.position)
                 == (best.hit.chunk.id, best.clause.sentence, best.clause.position)), None)


def picks(question: Question, decision: Decision) -> list[tuple[float, Candidate]]:
    """The candidates to quote: the best for each part of a question on several things, else the best and a close second."""
    if question.parts:
        chosen = [pc for i in range(len(question.parts)) if (pc := _part_best(question, decision, i)) is not None]
        kept: list[tuple[float, Candidate]] = []
        for pc in chosen or [decision.ranked[0]]:
            if all((pc[1].hit.chunk.id, pc[1].clause.sentence) != (c.hit.chunk.id, c.clause.sentence) for _, c in kept):
                kept.append(pc)
        return kept
    best = decision.ranked[0]
    second = [pc for pc in decision.ranked[1:4] if pc[1].cover >= SECOND_QUOTE * best[1].cover
              and (not pc[1].typed or pc[1].type_ok)
              and (pc[1].hit.chunk.id, pc[1].clause.sentence) != (best[1].hit.chunk.id, best[1].clause.sentence)]
    return [best, *second[:1]]


def shown_hits(decision: Decision, hits: list[Hit]) -> list[Hit]:
    """The passages behind an answer, best first: those of the ranked candidates, then the other retrieved ones;
    as many as were retrieved."""
    ordered: dict[str, Hit] = {}
    for _, c in decision.ranked:
        ordered.setdefault(c.hit.chunk.id, c.hit)
    for hit in hits:
        ordered.setdefault(hit.chunk.id, hit)
    return list(ordered.values())[:max(len(hits), 1)]


def quote_answer(question: Question, decision: Decision, hits: list[Hit], intro: str = "Theo kế hoạch") -> Answer:
    """Quote the picked clauses (with their neighbours), each cited; a summary quotes the best passages whole."""
    citations: list[Citation] = []
    lines = []
    if question.asks.form == "summary":
        passages = list(dict.fromkeys(c.hit.chunk for _, c in decision.ranked))[:SUMMARY_PASSAGES]
        lines = [f"«{chunk.text}» [{cite(citations, chunk, chunk.text)}]" for chunk in passages]
    else:
        for _, pick in picks(question, decision):
            quote = _quote(question, decision, pick)
            lines.append(f"«{quote}» [{cite(citations, pick.hit.chunk, quote)}]")
    head = f"{intro}:" if len(lines) == 1 else f"{intro}, có các nội dung sau:"
    body = lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)
    return Answer(f"{head}\n{body}", False, tuple(citations), tuple(shown_hits(decision, hits)))


def whole_passages(chunks: tuple[Chunk, ...], hits: list[Hit]) -> Answer:
    """The passages quoted in full, each cited: for «nói rõ hơn» after an answer that quoted part of them."""
    citations: list[Citation] = []
    lines = ["Theo kế hoạch, đầy đủ:"]
    lines += [f"- «{c.text}» [{cite(citations, c, c.text)}]" for c in chunks]
    return Answer("\n".join(lines), False, tuple(citations), tuple(hits))
