"""Extractive answers: quote the plan's clauses that answer the question, cite them, or say it is silent."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from assistant.chunking import Chunk, clauses, sentences
from assistant.conversation import parts
from assistant.matching import HAS_DIGIT as _NUMBER
from assistant.matching import Evidence, asks_figure, coverage, numbers, question_terms
from assistant.normalize import OUTLINE_MARKER
from assistant.retrieval import Hit
from assistant.targets import Match
_CLOSE_SCORE = 0.6  # a neighbouring clause this close to the best is quoted with it
_SECOND_QUOTE = 0.9  # a quote from elsewhere this close to the best is added
log = logging.getLogger(__name__)

_EXCERPT_CHARS = 220
TABLE_MIN = 0.6  # a target record matching a figure question this well answers it from the table
_TABLE_CLOSE = 0.9  # further records this close to the best are given too ("mẫu giáo và tiểu học")
_TABLE_MAX = 4


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer: the chunk, where it sits, and the words quoted from it."""

    number: int
    chunk: Chunk
    quote: str

    @property
    def label(self) -> str:
        """Where the passage sits: section path, page when known, document."""
        page = f", trang {self.chunk.page}" if self.chunk.page else ""
        return f"{self.chunk.section}{page} — {self.chunk.document}"


@dataclass(frozen=True)
class Answer:
    """What the assistant says: the text with [n] markers, whether it declined, its sources, its evidence."""

    text: str
    refused: bool
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    via: str = "passages"  # where the answer came from: "table", "passages" or "refusal"


@dataclass(frozen=True)
class _Clause:
    chunk_rank: int
    sentence: int
    position: int
    text: str
    score: float
    coverage: float


def _strip_marker(text: str) -> str:
    match = OUTLINE_MARKER.match(text)
    return text[match.end():] if match else text


def _candidates(question: str, hits: list[Hit], evidence: Evidence, focus: str = "") -> list[list[list[_Clause]]]:
    """Every clause of every hit, scored, grouped by hit then by sentence; a follow-up's focus must be met."""
    wanted = question_terms(question)
    focused = question_terms(focus) if focus else []
    figure = asks_figure(question)
    grouped = []
    for rank, hit in enumerate(hits):
        per_sentence = []
        for s_index, sentence in enumerate(sentences(hit.chunk.text)):
            row = []
            for c_index, clause in enumerate(clauses(_strip_marker(sentence.strip()))):
                # A clause is read under its headings: "(1) … 10%" answers "mục tiêu kinh tế".
                covered = coverage(wanted, " ".join([*hit.chunk.headings[-2:], clause]), evidence)
                score = covered + (0.15 if figure and _NUMBER.search(clause) else 0.0) - 0.02 * rank
                if focused and coverage(focused, clause, evidence) < 0.5:
                    score, covered = score - 1.0, 0.0
                row.append(_Clause(rank, s_index, c_index, clause, score, covered))
            per_sentence.append(row)
        grouped.append(per_sentence)
    return grouped


def _part_covered(part: str, hits: list[Hit], evidence: Evidence, min_coverage: float) -> bool:
    wanted = question_terms(part)
    return any(
        coverage(wanted, " ".join([*hit.chunk.headings[-2:], clause]), evidence) >= min_coverage
        for hit in hits for sentence in sentences(hit.chunk.text) for clause in clauses(sentence)
    )


def _quote(row: list[_Clause], best: _Clause) -> str:
    """The best clause with its close neighbours; a clause ending in a list intro takes the list."""
    chosen = [best.position]
    for step in (-1, 1):
        i = best.position + step
        while 0 <= i < len(row) and row[i].score >= _CLOSE_SCORE * best.score:
            chosen.append(i)
            i += step
    first, last = min(chosen), max(chosen)
    if row[last].text.rstrip().endswith(":") or re.search(r"(như|gồm|là):\s", row[last].text):
        last = len(row) - 1
    return "; ".join(c.text for c in row[first:last + 1])


def _refusal(hits: list[Hit], why: str) -> Answer:
    """«Kế hoạch không nêu …», with the closest passages shown instead of a guess."""
    citations = []
    lines = [f"Kế hoạch không nêu {why}.", "", "Những đoạn gần nhất trong kế hoạch:"]
    for number, hit in enumerate(hits[:3], start=1):
        excerpt = hit.chunk.text
        if len(excerpt) > _EXCERPT_CHARS:
            excerpt = excerpt[:_EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
        citations.append(Citation(number, hit.chunk, excerpt))
        lines.append(f"- «{excerpt}» [{number}]")
    return Answer("\n".join(lines), True, tuple(citations), tuple(hits), via="refusal")


def _from_table(figures: list[tuple[Match, Chunk]], hits: list[Hit]) -> Answer:
    """State each figure with its qualifier, unit and year, then quote where the plan says it."""
    citations: list[Citation] = []
    stated, quoted = [], []
    for match, chunk in figures:
        target = match.target
        number = next((c.number for c in citations if c.chunk.id == chunk.id), len(citations) + 1)
        if number > len(citations):
            citations.append(Citation(number, chunk, target.quote))
        where = f" — chỉ tiêu ({target.number}), nhóm {target.group}" if target.number else ""
        stated.append(f"«{target.indicator}»: {target.statement()} [{number}]{where}")
        if f"«{target.quote}» [{number}]" not in quoted:
            quoted.append(f"«{target.quote}» [{number}]")
    if len(stated) == 1:
        text = f"Kế hoạch đặt mục tiêu {stated[0]}.\nNguyên văn: {quoted[0]}"
    else:
        lines = ["Kế hoạch đặt các mục tiêu:", *(f"- {line}" for line in stated), "", "Nguyên văn:", *(f"- {q}" for q in quoted)]
        text = "\n".join(lines)
    return Answer(text, False, tuple(citations), tuple(hits), via="table")


def grounded(result: Answer, question: str) -> bool:
    """True when every number of the answer stands in a passage it cites (or in the question itself)."""
    allowed = numbers(question)
    for citation in result.citations:
        allowed |= numbers(f"{citation.chunk.text} {citation.label} {citation.number}")
    return numbers(result.text) <= allowed


def answer(question: str, hits: list[Hit], evidence: Evidence, min_coverage: float = 0.4,
           figures: list[tuple[Match, Chunk]] | None = None, focus: str = "") -> Answer:
    """Answer `question` from the target table or by quoting the passages, or decline when the plan does not say.

    `figures` are target records that a lookup matched to the question, best first, with their chunks;
    `focus` is what a follow-up asks about, which the quoted clauses must cover.
    """
    unknown_years = evidence.unknown_years(question)
    if unknown_years:
        return _refusal(hits, f"số liệu hay nhiệm vụ nào cho năm {', '.join(unknown_years)}")
    elsewhere = evidence.other_provinces(question)
    if elsewhere and (asks_figure(question) or not set(elsewhere) & evidence.places):
        place = ", ".join(elsewhere)
        return _refusal(hits, f"số liệu hay nhiệm vụ của {place}: đây là kế hoạch của tỉnh {evidence.home}")
    grouped = _candidates(question, hits, evidence, focus)
    flat = [c for per_hit in grouped for row in per_hit for c in row]
    figure = asks_figure(question)
    if figure:
        flat = [c for c in flat if _NUMBER.search(c.text)] or flat
    best = max(flat, key=lambda c: c.score) if flat else None
    if focus:  # a follow-up replaces part of the question before it: its focus already had to match
        min_coverage /= 2
    covered = best is not None and best.coverage >= min_coverage and not (figure and not _NUMBER.search(best.text))
    if not covered and best is not None and parts(question):  # "A và B": each part may sit in its own clause
        covered = all(_part_covered(part, hits, evidence, min_coverage) for part in parts(question))

    # The table answers a figure question the passages cover, or a value it holds ("4.500 tỷ nói về gì?").
    if figures and (figures[0][0].by_value or covered and figure and figures[0][0].score >= TABLE_MIN):
        top = figures[0][0].score
        stated = _from_table([f for f in figures if f[0].score >= _TABLE_CLOSE * top][:_TABLE_MAX], hits)
        if grounded(stated, question):
            return stated
        log.warning("table answer to %r states a number its sources lack; quoting instead", question[:200])
    if not covered:
        missing = ", ".join(evidence.unknown_words(question))
        return _refusal(hits, f"nội dung về «{missing}»" if missing else "thông tin để trả lời câu hỏi này")

    picks = [best]
    others = [c for c in flat if (c.chunk_rank, c.sentence) != (best.chunk_rank, best.sentence)]
    if others:
        second = max(others, key=lambda c: c.score)
        if second.score >= _SECOND_QUOTE * best.score and second.coverage >= min_coverage:
            picks.append(second)

    citations: list[Citation] = []
    lines = []
    for pick in picks:
        chunk = hits[pick.chunk_rank].chunk
        quote = _quote(grouped[pick.chunk_rank][pick.sentence], pick)
        number = next((c.number for c in citations if c.chunk.id == chunk.id), len(citations) + 1)
        if number > len(citations):
            citations.append(Citation(number, chunk, quote))
        lines.append(f"«{quote}» [{number}]")
    intro = "Theo kế hoạch:" if len(lines) == 1 else "Theo kế hoạch, có các nội dung sau:"
    body = lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)
    quoted = Answer(f"{intro}\n{body}", False, tuple(citations), tuple(hits))
    if grounded(quoted, question):
        return quoted
    log.warning("answer to %r holds a number its sources lack; showing the passages instead", question[:200])
    return _refusal(hits, "câu trả lời mà mọi con số đều có trong đoạn trích dẫn")
