"""Each figure a report states, linked to the plan's target it measures — by meaning, within what can compare.

A reported figure can measure a target only when the two count the same kind of thing (a share, money,
people, communes …) and both are levels or both are rates of change: a revenue «tăng 12,3% so với cùng
kỳ» never measures a revenue target in tỷ đồng, while «tổng lượt khách tăng 11,2%» measures «tổng
lượt khách du lịch tăng bình quân 10%/năm». Among those, the target whose words mean most nearly what
the report's words mean wins: the embedder reads both, so «độ che phủ rừng» finds «tỷ lệ che phủ
rừng» and «người dân tham gia BHYT» finds «tỷ lệ bao phủ bảo hiểm y tế». A link whose best target is
not clearly better than the next, or not close enough, is kept but marked unsure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.monitoring.reported import Reported
from assistant.targets.extract import Target
from assistant.text.lexicon import expand
from assistant.text.normalize import fold

# Chosen on the team's own test reports (tests/data/reports), judged on reports written by others:
LINK_MIN = 0.905  # the least similarity of the words for a link at all
SURE_MIN = 0.89  # a link this close ...
SURE_MARGIN = 0.015  # ... and this much closer than the next target's is sure
MAX_RATIO = 10  # a level more than ten times off its target's size measures something else

_RATE = re.compile(r"tốc độ|(?:tăng|giảm)(?: bình quân)?$|(?:tăng|giảm) bình quân", re.IGNORECASE)
_NOISE = re.compile(r"\b(?:đến năm \d{4}|năm \d{4}|phấn đấu|hằng năm|giai đoạn \d{4}-\d{4}|đạt|trong đó|ước)\b",
                    re.IGNORECASE)

Embed = Callable[[list[str]], np.ndarray]  # texts → unit rows


@dataclass(frozen=True)
class Link:
    """A reported figure and the plan's target it measures, with how close their words are."""

    reported: Reported
    target: Target
    score: float
    sure: bool


def dimension(unit: str) -> str:
    """What a unit counts: «share», «money», «people», or the unit itself in plain letters."""
    folded = fold(unit.lower())
    if folded.startswith("%") or "phan tram" in folded:
        return "share"
    if "dong" in folded:
        return "money"
    if re.search(r"\b(?:nguoi|lao dong)\b", folded) and "/" not in folded:
        return "people"
    if "luot" in folded:
        return "visits"
    return re.sub(r"\b(?:nghin|ngan|trieu|ty|1)\s+|\s+", "", folded.replace("sy", "si"))


def is_rate(indicator: str, unit: str, measure: str = "level") -> bool:
    """Whether a figure is a rate of change («tăng 11,2%», «tốc độ tăng trưởng», «giảm bình quân 3%/năm»)."""
    return measure == "change" or unit.endswith("/năm") and dimension(unit) == "share" or bool(
        _RATE.search(indicator.strip()))


def scale(unit: str) -> float:
    """What one of `unit` is worth in its plain unit: «nghìn tỷ đồng» is 1000 «tỷ đồng»'s thousand million đồng."""
    worth = 1.0
    for word, factor in (("nghìn", 1e3), ("ngàn", 1e3), ("triệu", 1e6), ("tỷ", 1e9)):
        worth *= factor ** len(re.findall(rf"(?<!\w){word}(?!\w)", unit.lower().split("/")[0]))
    return worth


def compatible(reported: Reported, target: Target) -> bool:
    """Whether the reported figure can measure the target at all: the same kind of thing, both rates or both
    not, and for a level, a size within a factor of ten of the target's («42,8 nghìn tỷ đồng» is no one's income)."""
    if dimension(reported.unit) != dimension(target.unit):
        return False
    rate = is_rate(reported.indicator, reported.unit, reported.measure)
    if rate != is_rate(target.indicator, target.unit):
        return False
    if rate or not target.value or not reported.value:
        return True
    ratio = reported.value * scale(reported.unit) / (target.value * scale(target.unit))
    return 1 / MAX_RATIO <= ratio <= MAX_RATIO


def target_texts(target: Target) -> list[str]:
    """The words a target is known by: its indicator with its unit, and its quote when the indicator is short."""
    indicator = _NOISE.sub(" ", target.indicator)
    texts = [f"{indicator} ({target.unit})"]
    if len(indicator.split()) < 5:
        texts.append(target.quote)
    return texts


def reported_texts(reported: Reported) -> list[str]:
    """The words a reported figure is known by, with its unit: the last words of its subject, and its last clause
    alone when the subject runs on from an earlier one («Mạng lưới y tế …, toàn tỉnh có 12,1 bác sĩ/vạn dân»)."""
    subjects = [reported.indicator]
    last = reported.indicator.rsplit(", ", 1)[-1]
    if last != reported.indicator and len(last.split()) >= 2:
        subjects.append(last)
    return [f"{' '.join(_NOISE.sub(' ', expand(s)).split()[-14:])} ({reported.unit})" for s in subjects]


def link(reported: Sequence[Reported], targets: Sequence[Target], embed: Embed) -> list[Link]:
    """The links of the reported figures to the plan's numbered targets; figures that measure none are left out."""
    numbered = [t for t in targets if t.number is not None]
    if not reported or not numbered:
        return []
    texts = [target_texts(t) for t in numbered]
    flat = [text for group in texts for text in group]
    owner = np.array([i for i, group in enumerate(texts) for _ in group])
    plan_rows = embed(flat)
    said = [reported_texts(r) for r in reported]
    report_rows = embed([text for group in said for text in group])
    similarity = report_rows @ plan_rows.T  # reported texts × target texts
    starts = np.cumsum([0] + [len(group) for group in said])
    links = []
    for i, figure in enumerate(reported):
        row = similarity[starts[i]:starts[i + 1]].max(axis=0)
        best = np.full(len(numbered), -1.0)
        np.maximum.at(best, owner, row)
        allowed = np.array([compatible(figure, t) for t in numbered])
        best[~allowed] = -1.0
        order = np.argsort(-best)
        top = float(best[order[0]])
        if top < LINK_MIN:
            continue
        runner = float(best[order[1]]) if len(order) > 1 else -1.0
        links.append(Link(figure, numbered[order[0]], round(top, 4),
                          top >= SURE_MIN and top - runner >= SURE_MARGIN))
    return _once(links)


def _once(links: list[Link]) -> list[Link]:
    """One figure per report, indicator and year: the one whose words are closest. Other figures near it
    measure something else (a sector's growth beside the economy's); of a figure said twice (a table and
    its prose), the saying that tells how it compares with the plan."""
    by_key: dict[tuple, list[Link]] = {}
    for found in links:
        by_key.setdefault((found.reported.document, found.reported.year, found.target.id), []).append(found)
    best = {key: max(group, key=lambda lk: lk.score) for key, group in by_key.items()}
    return [max((lk for lk in group if lk.reported.value == best[key].reported.value),
                key=lambda lk: (bool(lk.reported.status), lk.score)) for key, group in by_key.items()]
