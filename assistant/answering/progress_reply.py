"""Answers about how the plan is being carried out, from the yearly reports' figures linked to its targets.

Each figure is quoted from its report and set beside the plan's target, both cited: «Theo Báo cáo số …
[1]: năm 2026 «độ che phủ rừng ước đạt 51,2%, đạt kế hoạch» [2]. Kế hoạch đặt mục tiêu: «Tỷ lệ che phủ
rừng đạt 55%» [3].» The gap is said in words (higher, lower), never as a figure no passage states. A
year or an indicator no loaded report gives is declined as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace

from assistant.answering.reply import Answer, Citation
from assistant.answering.retrieval import Hit
from assistant.documents.chunking import Chunk
from assistant.monitoring.progress import MET, NOT_MET, Figure, Progress
from assistant.targets.table import TargetTable
from assistant.text.units import with_unit
from assistant.understanding.question import Question

FOUND_MIN = 0.6  # the least look-up score of a target the question names
TIE = 0.05  # targets scored this close to the best are named as well as it («… đô thị và nông thôn»)
QUOTE_CHARS = 260  # a report's sentence is quoted up to this long, around its figure
NO_DATA = "Các báo cáo đã nạp chưa có số liệu"
FROM_REPORTS = "Các báo cáo năm đã nạp nêu:"


class _Cited:
    """The citations of an answer being written, each passage numbered once."""

    def __init__(self, chunk: Callable[[str], Chunk]) -> None:
        self.chunk = chunk
        self.citations: list[Citation] = []

    def hits(self) -> tuple[Hit, ...]:
        """The passages cited, in order: what the answer was read from."""
        return tuple(Hit(chunk, 1.0, None, None) for chunk in dict.fromkeys(c.chunk for c in self.citations))

    def cite(self, chunk_id: str, quote: str) -> int:
        for c in self.citations:
            if c.chunk.id == chunk_id and c.quote == quote:
                return c.number
        self.citations.append(Citation(len(self.citations) + 1, self.chunk(chunk_id), quote))
        return len(self.citations)


def progress_answer(question: Question, progress: Progress, targets: TargetTable, chunk: Callable[[str], Chunk],
                    headers: Mapping[str, tuple[str, str, str]]) -> Answer | None:
    """The reports' figures the question asks for beside the plan's targets; a decline when no report gives them;
    None when the question names none of the plan's targets (the plan's own answer stands).

    `headers` gives each report's title, the chunk that states it and the words there that do (number and date).
    """
    cited = _Cited(chunk)
    years = [int(y) for y in question.years if int(y) > progress.base_year]
    if len(years) >= 2:  # «từ năm 2026 đến năm 2028», «2026 so với 2028»: the years between too
        years = list(range(min(years), max(years) + 1))
    if question.met:
        return _met(question.met, years, progress, cited, headers)
    found = [m for m in targets.search(question, limit=5) if m.score >= FOUND_MIN]
    if not found:
        return None
    named = [m.target for m in found if m.score >= found[0].score - TIE]  # those named about as well as the best
    figures = [f for t in named for f in progress.of_target(t.id)]
    if not figures:
        return _declined(f"{NO_DATA} về «{named[0].indicator}».")
    target = figures[0].target
    figures = [f for f in figures if f.target.id == target.id]  # one indicator's series
    if years:
        figures = [f for f in figures if f.year in years]
        if not figures:
            asked = ", ".join(str(y) for y in years)
            return _declined(f"{NO_DATA} năm {asked} về «{target.indicator}».")
    lines = [_figure_line(figure, cited, headers) for figure in figures]
    lines.append(f"Kế hoạch đặt mục tiêu ({target.number}): «{target.quote}» [{cited.cite(target.chunk_id, target.quote)}]"
                 f"{_year(target.year)}.")
    lines.append(_compared(figures[-1]))
    return Answer("\n".join(lines), False, tuple(cited.citations), cited.hits(), via="progress")


def asks_done_in(question: Question, reported: set[int]) -> bool:
    """Whether a question asks what was done in a year the reports report on: the plan sets targets and reports
    nothing. What a year's target is («dự kiến», «mục tiêu») stays the plan's question, and so does a period."""
    if question.aimed or not reported:
        return False
    in_periods = {y for period in question.periods for y in re.findall(r"\d{4}", period)}
    return any(int(year) in reported for year in question.years if year not in in_periods)


def _figure_line(figure: Figure, cited: _Cited, headers: Mapping[str, tuple[str, str, str]]) -> str:
    reported = figure.link.reported
    title, header, said = headers[reported.document]
    quote = _around(reported.quote, reported.figure)
    line = (f"- Năm {figure.year}, theo {title} [{cited.cite(header, said or title)}]: «{quote}» "
            f"[{cited.cite(reported.chunk_id, quote)}]")
    if figure.status:
        line += f" — {figure.status} ({figure.judged_by})"
    for earlier in figure.earlier:
        before, header_before, said_before = headers[earlier.reported.document]
        old = _around(earlier.reported.quote, earlier.reported.figure)
        line += (f"; số này thay số trước đó của {before} [{cited.cite(header_before, said_before or before)}]: «{old}» "
                 f"[{cited.cite(earlier.reported.chunk_id, old)}]")
    if not figure.link.sure:
        line += " (liên kết chưa chắc chắn)"
    return line + "."


def _compared(figure: Figure) -> str:
    """The last figure against the plan's target, in words: both figures stand in the citations above."""
    reported, target = figure.link.reported, figure.target
    if figure.link.reported.measure == "change" or reported.unit.split()[0] != target.unit.split()[0]:
        return (f"So với mục tiêu: xem hai con số trên ({with_unit(reported.figure, reported.unit)} và "
                f"{with_unit(target.value_text, target.unit)}).")
    side = "cao hơn" if reported.value > target.value else "thấp hơn" if reported.value < target.value else "bằng"
    return (f"So với mục tiêu: năm {figure.year} {with_unit(reported.figure, reported.unit)}, {side} mức "
            f"{with_unit(target.value_text, target.unit)} kế hoạch đặt{_year(target.year)}.")


def _met(met: str, years: list[int], progress: Progress, cited: _Cited,
         headers: Mapping[str, tuple[str, str, str]]) -> Answer:
    """«Những chỉ tiêu nào chưa đạt kế hoạch năm 2027?»: the figures with that status in the year asked (or the last)."""
    year = years[0] if years else (progress.years[-1] if progress.years else None)
    if year is None or year not in progress.years:
        return _declined(f"{NO_DATA} năm {year}." if year else f"{NO_DATA}.")
    wanted = NOT_MET if met == "chưa đạt" else MET
    judged = progress.select(year, keep=lambda f: bool(f.status))
    chosen = [f for f in judged if f.status == wanted]
    head = f"Năm {year}, {len(chosen)} trong {len(judged)} chỉ tiêu có đánh giá là «{wanted}»:"
    lines = [head, *(_figure_line(f, cited, headers) for f in chosen)]
    if not chosen:
        lines.append("(không có chỉ tiêu nào)")
    return Answer("\n".join(lines), False, tuple(cited.citations), cited.hits(), via="progress")


def _around(sentence: str, figure: str) -> str:
    """The sentence, or its part around the figure when it is long."""
    if len(sentence) <= QUOTE_CHARS:
        return sentence.strip()
    at = max(sentence.find(figure), 0)
    start = max(sentence.rfind(", ", 0, max(at - QUOTE_CHARS // 2, 0)) + 2, 0) if at > QUOTE_CHARS // 2 else 0
    piece = sentence[start:start + QUOTE_CHARS]
    return piece.rsplit(" ", 1)[0] if start + QUOTE_CHARS < len(sentence) else piece


def _year(year: str) -> str:
    return f" (năm {year})" if year.isdigit() else f" ({year})" if year else ""


def _declined(text: str) -> Answer:
    return Answer(text, True, (), (), via="refusal")



def under_decline(declined: Answer, found: Answer) -> Answer:
    """The plan's decline, still a decline, with what the reports say of the year asked under it, cited after its own
    sources: «Kế hoạch không nêu số liệu năm 2027 … Các báo cáo năm đã nạp nêu: …»."""
    offset = len(declined.citations)
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", found.text)
    moved = tuple(replace(c, number=c.number + offset) for c in found.citations)
    return replace(declined, text=f"{declined.text}\n\n{FROM_REPORTS}\n{text}", citations=declined.citations + moved,
                   hits=declined.hits + found.hits)
