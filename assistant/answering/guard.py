"""The checks every answer passes before it is shown: each number stands in its sources; a model's
sentences each stand in a source, with its figures, units and quotes.

The extractive answer is checked as a whole (`grounded`); a model's answer sentence by sentence
(`check_sentence`), so that only sentences that passed are ever shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assistant.answering.spelling import respell
from assistant.text.lexicon import term_set
from assistant.text.normalize import fold, match_form
from assistant.text.numbers import NUMBER, numbers, plain_number
from assistant.understanding.question import content_terms

MARKER = re.compile(r"\[(\d{1,2})\]")  # a citation marker, [1] … [99]
SUPPORT = 0.6  # share of a sentence's content words its source must hold (measured with a real model; README)
# Share of the quoted answer's own words (those the question lacks: the plan's answer in its words) that a
# model's answer must keep. A 1.5B model echoed the question instead («phủ sóng di động thế hệ mới» for
# «phủ sóng 5G», «trường tư thục» for «ngoài công lập»): each such reply kept none of them. A long quoted
# list is worded in part: a few of its words kept are enough.
KEPT_WORDS = 1 / 3
KEPT_ENOUGH = 3
# A sentence that says the plan is silent: from a model, while the evidence answered, it is a wrong answer.
DECLINES = re.compile(r"không (?:nêu|đề cập|có thông tin|có số liệu|có dữ liệu|được nêu|tìm thấy|rõ)|chưa (?:có|nêu)"
                      r"|không thể trả lời|không có trong", re.IGNORECASE)
_UNITS = r"%|ha\b|km\b|tỷ|tỉ|triệu|nghìn|người|lao động|xã\b|căn\b|tuổi\b|MW\b|MVA\b|bác sỹ|bác sĩ|di tích|di sản"
_FIGURE = re.compile(rf"({NUMBER})\s*({_UNITS})?", re.IGNORECASE)
_QUOTED = re.compile(r"«([^»]{4,})»|“([^”]{4,})”|\"([^\"]{4,})\"")
_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|\n+")
# A sentence that only says where the answer comes from («Theo kế hoạch: [1]»): nothing to show on its own.
# Matched without diacritics, as a reply to a question typed without them may write it.
_SAYS_NOTHING = re.compile(r"(?:theo|trong)?\s*(?:ban\s+)?ke hoach(?:\s+(?:neu|ghi|de ra|cua tinh))?(?:\s+nhu sau)?\s*[:,.]?")


def unsupported_numbers(text: str, question: str, sources: Iterable[str]) -> set[str]:
    """The numbers of `text` (citation markers aside) that neither the question nor any of `sources` holds."""
    allowed = numbers(question)
    for source in sources:
        allowed |= numbers(source)
    return numbers(MARKER.sub(" ", text)) - allowed


def grounded(text: str, question: str, sources: Iterable[str]) -> bool:
    """True when every number of `text` stands in the question or in one of `sources`.

    A source is a cited passage with its label (section path, page, document), or what a tool
    returned: a target record's quote and figure, never its ids or scores.
    """
    return not unsupported_numbers(text, question, sources)


def figures(text: str) -> set[tuple[str, str]]:
    """The figures of `text` with their units, as (plain number, unit in match form)."""
    return {(plain_number(m.group(1)), match_form(m.group(2) or "").replace("tỉ", "tỷ"))
            for m in _FIGURE.finditer(MARKER.sub(" ", text))}


@dataclass(frozen=True)
class Verdict:
    """Whether a sentence may be shown, why not, and the sources it rests on."""

    sentence: str  # with its [n] markers, one added where it had none
    ok: bool
    why: str = ""  # "declines", "marker", "figure", "quote", "unsupported"
    cites: tuple[int, ...] = ()


def _holds_figure(figure: tuple[str, str], text: str) -> bool:
    value, unit = figure
    return any(v == value and (not unit or u == unit) for v, u in figures(text)) or (not unit and value in numbers(text))


def _support(sentence: str, source: str) -> float:
    wanted = content_terms(sentence)
    if not wanted:
        return 1.0
    present = term_set(source)
    return sum(any(f in present for f in g) for g in wanted) / len(wanted)


def keeps_the_plans_words(reply: str, question: str, quoted: str) -> bool:
    """Whether `reply` keeps enough of the words `quoted` answers `question` with (those the question lacks)."""
    asked = term_set(question)
    own = [g for g in content_terms(quoted) if not any(f in asked for f in g) and "_" not in g[0]]
    if not own:
        return True
    present = term_set(reply)
    kept = sum(any(f in present for f in g) for g in own)
    return kept >= KEPT_ENOUGH or kept / len(own) >= KEPT_WORDS


def check_sentence(sentence: str, question: str, sources: Mapping[int, str]) -> Verdict:
    """Check one sentence of a model's answer against the numbered `sources` it may cite.

    It passes when its markers point at given sources, every figure (with its unit) and every quoted
    phrase stands in a source, and enough of its content words stand in the source it cites. A
    sentence without a marker is given the source that supports it best.
    """
    if DECLINES.search(sentence):
        return Verdict(sentence, False, "declines")
    cited = [int(n) for n in MARKER.findall(sentence)]
    if any(n not in sources for n in cited):
        return Verdict(sentence, False, "marker")
    plain = MARKER.sub("", sentence).strip()
    if _SAYS_NOTHING.fullmatch(fold(match_form(plain))):
        return Verdict(sentence, False, "says nothing")
    candidates = cited or sorted(sources, key=lambda n: -_support(plain, sources[n]))
    pool = " ".join(sources[n] for n in (cited or sources))
    for figure in figures(plain):
        if not _holds_figure(figure, pool) and figure[0] not in numbers(question):
            return Verdict(sentence, False, "figure")
    for match in _QUOTED.finditer(plain):
        quoted = match_form(next(g for g in match.groups() if g))
        if not any(quoted in match_form(sources[n]) for n in (cited or sources)):
            return Verdict(sentence, False, "quote")
    best = candidates[0] if candidates else None
    if best is None or max(_support(plain, sources[n]) for n in (cited or [best])) < SUPPORT:
        return Verdict(sentence, False, "unsupported")
    if not cited:  # a forgotten [n] is repaired, not fatal: the source that supports the sentence best
        sentence = re.sub(r"([.!?…]?)$", rf" [{best}]\1", plain, count=1)
        cited = [best]
    return Verdict(respell(sentence, [sources[n] for n in cited]), True, cites=tuple(dict.fromkeys(cited)))
