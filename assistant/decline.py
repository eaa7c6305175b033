"""When the plan does not answer a question, and how the assistant then says so.

A question is declined before any passage is read when it names a year the plan never mentions
or another province (`out_of_scope`); after retrieval, when the best clause does not cover enough of
its key terms, or it asks for a figure and the best clause holds none (`covered`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.corpus_stats import CorpusStats
from assistant.question import Question
from assistant.quoting import Clause, key_terms, part_covered
from assistant.reply import Answer, Citation
from assistant.retrieval import Hit
from assistant.text.lexicon import Terms
from assistant.text.normalize import has_diacritics, match_form
from assistant.text.numbers import HAS_DIGIT, years
from assistant.text.units import shows_unit, unit_name

EXCERPT_CHARS = 220  # of each closest passage shown with a decline
SHOWN = 3  # closest passages shown with a decline
UNKNOWN_SHARE = 0.45  # a question this much about words the plan never uses is declined, whatever else matches
FOLLOW_UP_COVERAGE = 0.5  # a follow-up's bar, as a share of min_coverage: its focus or subject was given before


def out_of_scope(question: Question, stats: CorpusStats) -> str | None:
    """What the question asks that the plan cannot cover (a year it never mentions, another province), or None."""
    unknown_years = stats.unknown_years(question.text)
    if unknown_years:
        return f"số liệu hay nhiệm vụ nào cho năm {', '.join(unknown_years)}"
    elsewhere = stats.other_provinces(question.text)
    if elsewhere and (question.asks_figure or not set(elsewhere) & stats.places):
        return f"số liệu hay nhiệm vụ của {', '.join(elsewhere)}: đây là kế hoạch của tỉnh {stats.home}"
    return None


def _words(question: Question) -> Terms:
    """The question's key words: compounds where the segmenter found them («tốt nghiệp»), else syllables."""
    terms = key_terms(question)
    if not has_diacritics(question.search_text):
        terms = tuple(g for g in terms if "_" not in g[0])
    in_pairs = {part for g in terms if "_" in g[0] for part in g[0].split("_")}
    return tuple(g for g in terms if "_" in g[0] or g[0] not in in_pairs)


def unknown_words(question: Question, stats: CorpusStats) -> list[str]:
    """The question's key words the plan never uses, as typed («tốt nghiệp», «BTS»)."""
    return [g[0].replace("_", " ") for g in _words(question) if not stats.known(g)]


def unknown_share(question: Question, stats: CorpusStats) -> float:
    """How much of the question's key words (weighted by rarity) the plan never uses: «tiêm chủng», «BTS».

    A word is a compound where the segmenter found one («tốt nghiệp»), else a syllable; typed without
    diacritics, a question cannot be segmented, and only its syllables count.
    """
    words = _words(question)
    total = sum(stats.weight(g[0]) for g in words)
    return sum(stats.weight(g[0]) for g in words if not stats.known(g)) / total if total else 0.0


def required_coverage(question: Question, min_coverage: float) -> float:
    """The share of the question's key terms a clause must hold to answer it (less for a follow-up: its topic was given)."""
    return min_coverage * FOLLOW_UP_COVERAGE if question.focus or question.back else min_coverage


def points_back(question: Question, best: Clause | None, hits: list[Hit], favoured: frozenset[str]) -> bool:
    """Whether a follow-up asks a figure of what the last answer cited and that passage holds it.

    «Văn bản đó ban hành ngày nào?» is answered by the passage that named the document when it
    holds a date, whatever words the follow-up uses.
    """
    return (question.back and best is not None and hits[best.chunk_rank].chunk.id in favoured
            and any(shows_unit(unit, match_form(best.text)) for unit in question.units))


def covered(question: Question, best: Clause | None, hits: list[Hit], stats: CorpusStats, min_coverage: float) -> bool:
    """Whether the passages answer the question: the best clause (or, part by part, some clause) covers it.

    `min_coverage` is the bar `required_coverage` gives.
    """
    if best is None or unknown_share(question, stats) >= UNKNOWN_SHARE:
        return False
    if best.coverage >= min_coverage and not (question.asks_figure and not HAS_DIGIT.search(best.text)):
        return True
    # "A và B": each part may sit in its own clause
    return bool(question.parts) and all(part_covered(part, hits, stats, min_coverage) for part in question.parts)


def not_covered(question: Question, stats: CorpusStats) -> str:
    """What to say is missing when no passage covers the question: its words the plan never uses, if any."""
    missing = ", ".join(w for w in stats.unknown_words(question.search_text) if w not in question.story_terms)
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


# A near miss: the plan answers something close, but not what was asked. Each rule says what is missing.
_NOW = re.compile(r"\b(?:hiện nay|hiện tại|hiện có|hiện đang|đã có|đã đạt|đến nay|năm ngoái|năm nay|vừa qua|"
                  r"trước đây|tính đến hết|tính tới hết)\b")
_ANNUAL = re.compile(r"hằng năm|hàng năm|mỗi năm|/năm\b")
_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
_NAME = re.compile(r"(?<![.?!:]\s)(?<!^)\b([A-ZĐ][^\W\d_A-ZĐ]*(?:\s+[A-ZĐ][^\W\d_A-ZĐ]*)*)")


def _years_stated(found: Answer) -> tuple[set[int], bool]:
    """The years the answer's quotes state, and whether they state a yearly figure."""
    quoted = " ".join(c.quote for c in found.citations) + " " + found.text
    return {int(y) for y in years(quoted)}, bool(_ANNUAL.search(quoted))


def _single_years(question: Question, period: tuple[int, int] | None) -> list[int]:
    """The years a question asks about, leaving out a span within the plan's period («giai đoạn 2026-2030»)."""
    inside = set()
    for first, last in _SPAN.findall(question.search_text):
        if period and period[0] <= int(first) <= int(last) <= period[1]:
            inside |= {int(first), int(last)}
    return [int(y) for y in question.years if int(y) not in inside]


def unknown_names(question: Question, stats: CorpusStats) -> list[str]:
    """Names in the question («Đông Pao», «U Ma Tu Khoòng») the plan never mentions."""
    return [name for name in _NAME.findall(question.search_text) if not stats.mentions(name)]


def near_miss(question: Question, found: Answer, stats: CorpusStats) -> str | None:
    """What the question asks that `found` (an answer about something close) does not give, or None when it answers."""
    why = out_of_scope(question, stats)
    if why:
        return why
    names = unknown_names(question, stats)
    if names:
        return "nội dung về «" + "», «".join(names) + "»"
    stated, annual = _years_stated(found)
    period = stats.period
    lowered = match_form(question.search_text)
    if question.asks_figure and period and _NOW.search(lowered) and not question.years:
        return f"số liệu hiện có hay đã đạt (kế hoạch đặt mục tiêu cho giai đoạn {period[0]}-{period[1]})"
    for year in _single_years(question, period):
        if year in stated or (annual and period and period[0] <= year <= period[1]):
            continue
        if not stated and period and year == period[1]:
            continue  # a target with no year of its own is set for the end of the plan's period
        if period and year < period[0]:
            return f"số liệu năm {year} (kế hoạch đặt mục tiêu cho giai đoạn {period[0]}-{period[1]})"
        return f"số liệu cho năm {year}"
    shown = match_form(" ".join(c.quote for c in found.citations) + " " + found.text)
    for unit in question.units:
        if not shows_unit(unit, shown):
            return f"con số tính bằng {unit_name(unit)} cho điều được hỏi"
    return None


def closest(found: Answer, why: str) -> Answer:
    """A decline that shows what the plan does say nearby: «Kế hoạch không nêu …; kế hoạch nêu: …»."""
    text = f"Kế hoạch không nêu {why}. Điều kế hoạch nêu gần nhất:\n{found.text}"
    return replace(found, text=text, refused=True, via="refusal")
