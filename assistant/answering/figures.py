"""Answers from the target table: each figure stated with its qualifier, unit and year, then quoted."""

from __future__ import annotations

import numpy as np

from assistant.answering.evidence import holds_answer
from assistant.answering.guard import figures as figures_in
from assistant.answering.reply import Answer, Citation, cite
from assistant.answering.retrieval import Hit
from assistant.documents.chunking import Chunk
from assistant.store.clauses import ClauseTable
from assistant.targets.export import statement
from assistant.targets.table import Match, TargetTable
from assistant.text.normalize import match_form
from assistant.understanding.question import Question

TABLE_MIN = 0.6  # a record matching a figure question this well answers it from the table
TABLE_CLOSE = 0.9  # further records this close to the best are given too ("mẫu giáo và tiểu học")
TABLE_MAX = 4  # records stated at most
TIE = 0.1  # records of a part closer than this are a near tie, settled by reading the part with what parts share


def look_up(table: TargetTable, question: Question) -> list[Match]:
    """Records for the question, best first; when each part of a question names its own record, those lead. A
    question on several things some of which no record answers gets none: its parts are answered from the passages."""
    matches = table.search(question, limit=8)
    bests: list[Match] = []
    for part in question.parts:
        best = _part_record(table, part)
        if best is None:
            return []
        if all(b.target != best.target for b in bests):
            bests.append(best)
    if len(bests) < 2:
        return matches
    top = max([m.score for m in matches[:1]] + [b.score for b in bests])
    chosen = {b.target.id for b in bests}
    return [Match(b.target, top, b.by_value) for b in bests] + [m for m in matches if m.target.id not in chosen]


def _part_record(table: TargetTable, part: Question) -> Match | None:
    """The record a part of a question names: as asked, unless that is a near tie; then read with what the parts share.

    In «Tỷ lệ dân số đô thị và nông thôn được dùng nước sạch?» the part «Tỷ lệ dân số đô thị» fits
    «chất thải rắn … đô thị» about as well as «dân số đô thị … nước sạch»; read with the shared
    «được dùng nước sạch», it names the second.
    """
    for reading in (part, *part.readings):
        found = table.search(reading, limit=2)
        if found and found[0].score >= TABLE_MIN and (len(found) < 2 or found[0].score - found[1].score >= TIE):
            return found[0]
    found = table.search(part, limit=1)
    return found[0] if found and found[0].score >= TABLE_MIN else None


def nearest_record(table: TargetTable, question: Question, clauses: ClauseTable, positions: dict[str, int],
                   query: np.ndarray | None) -> Match | None:
    """For a figure question, the record stated by the clause of the plan nearest the question by meaning, when that
    clause holds the kind of figure asked and states one record only: «bê tông hóa được bao nhiêu phần đường xã?» finds
    «Trên 95% đường xã được cứng hóa», which its words would not. `positions` gives each passage's place."""
    if query is None or not question.asks_figure or not len(clauses.clauses):
        return None
    clause = clauses.clauses[int(np.argmax(clauses.similarities(query)))]
    if not holds_answer(question, clause.text):  # «bao nhiêu trạm xe buýt điện?» is no «Trạm biến áp … 2x900 MVA»
        return None
    said = match_form(clause.text)
    held = [t for t in table.targets if positions.get(t.chunk_id) == clause.chunk
            and (match_form(t.quote) in said or said in match_form(t.quote))]
    return Match(held[0], TABLE_MIN) if len(held) == 1 else None


def answers_from_table(figures: list[tuple[Match, Chunk]], question: Question) -> bool:
    """The table answers a figure question it holds a record for (each of its parts asking a figure), or one naming
    a value it holds ("4.500 tỷ nói về gì?")."""
    if not figures:
        return False
    best = figures[0][0]
    figure = question.asks_figure and all(part.asks_figure for part in question.parts)
    return best.by_value or (figure and best.score >= TABLE_MIN)


def from_table(figures: list[tuple[Match, Chunk]], hits: list[Hit]) -> Answer:
    """State the best records (and those close to it) with qualifier, unit and year, then quote the plan."""
    top = figures[0][0].score
    chosen = [f for f in figures if f[0].score >= TABLE_CLOSE * top][:TABLE_MAX]
    citations: list[Citation] = []
    stated, quoted = [], []
    for match, chunk in chosen:
        target = match.target
        number = cite(citations, chunk, target.quote)
        where = f" — chỉ tiêu ({target.number}), nhóm {target.group}" if target.number else ""
        stated.append(f"«{target.indicator}»: {statement(target)} [{number}]{where}")
        if f"«{target.quote}» [{number}]" not in quoted:
            quoted.append(f"«{target.quote}» [{number}]")
    if len(stated) == 1:
        text = f"Kế hoạch đặt mục tiêu {stated[0]}.\nNguyên văn: {quoted[0]}"
    else:
        lines = ["Kế hoạch đặt các mục tiêu:", *(f"- {line}" for line in stated), "", "Nguyên văn:", *(f"- {q}" for q in quoted)]
        text = "\n".join(lines)
    kept = tuple(dict.fromkeys(value for m, _ in chosen for value, unit in sorted(figures_in(statement(m.target))) if unit))
    return Answer(text, False, tuple(citations), tuple(hits), via="table", targets=tuple(m.target.id for m, _ in chosen),
                  must_keep=kept)
