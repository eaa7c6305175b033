"""The plan's targets beside what the yearly reports say: every linked figure, by target and year, with a status.

Of two reports giving a figure for the same indicator and year, the later one's stands (an official
figure revises an estimate) and the earlier stays cited under it. A figure's status is what the report
says of it against the year's plan («đạt 96,5% kế hoạch», «không đạt»), else, for a target the plan sets
for every year (a rate «bình quân …%/năm», «hằng năm …»), how the figure compares with it; a target set
only for 2030 is shown without a status.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.documents.chunking import Chunk
from assistant.documents.kinds import DocumentKind
from assistant.monitoring.linking import Embed, Link, is_rate, link
from assistant.monitoring.reported import read_reported
from assistant.targets.extract import Target

MET, NOT_MET, NO_DATA = "đạt", "chưa đạt", "chưa có số liệu"
_STATED = {"đạt": MET, "vượt": MET, "không đạt": NOT_MET, "chưa đạt": NOT_MET}
_LOWER_IS_BETTER = ("dưới",)


@dataclass(frozen=True)
class Figure:
    """One indicator's figure for one year: the standing link, the links it revised, and its status."""

    link: Link
    earlier: tuple[Link, ...]  # the same year's figures of earlier reports, revised by this one
    status: str  # MET, NOT_MET or "" (shown only)
    judged_by: str  # «báo cáo nêu», «so với mục tiêu hằng năm», or ""

    @property
    def target(self) -> Target:
        return self.link.target

    @property
    def year(self) -> int:
        return self.link.reported.year


class Progress:
    """Every figure the reports give for the plan's targets, from the base year on."""

    def __init__(self, links: Sequence[Link], kinds: dict[str, DocumentKind], base_year: int) -> None:
        self.kinds = kinds
        self.base_year = base_year
        self.links = list(links)
        self.reports = [name for name, kind in kinds.items() if any(lk.reported.document == name for lk in links)]
        self.figures = _standing(links, kinds, base_year)
        # Each indicator's base-year figure (the latest report's), where a report recalls it: where a chart starts.
        self.base = {lk.target.id: lk for lk in sorted((lk for lk in links if lk.reported.year == base_year),
                                                       key=lambda lk: _issued(kinds.get(lk.reported.document)))}

    @classmethod
    def read(cls, reports: dict[str, list[Chunk]], kinds: dict[str, DocumentKind], targets: Sequence[Target],
             embed: Embed, base_year: int = 2025) -> Progress:
        """Read the reports' figures (chunks by report) and link them to `targets` (the plan's)."""
        stated = [figure for name, chunks in reports.items()
                  for figure in read_reported(chunks, kinds[name].year or base_year + 1)]
        return cls(link(stated, targets, embed), kinds, base_year)

    @property
    def years(self) -> list[int]:
        """The years reported on, after the base year."""
        return sorted({f.year for f in self.figures})

    def select(self, year: int | None = None, document: str | None = None,
               keep: Callable[[Figure], bool] | None = None) -> list[Figure]:
        """The standing figures, by target then year; of one year, or of those one report gives."""
        return [f for f in self.figures if (year is None or f.year == year)
                and (document is None or f.link.reported.document == document) and (keep is None or keep(f))]

    def of_target(self, target_id: str) -> list[Figure]:
        """One indicator's figures, oldest year first."""
        return [f for f in self.figures if f.target.id == target_id]


def _standing(links: Sequence[Link], kinds: dict[str, DocumentKind], base_year: int) -> list[Figure]:
    by_cell: dict[tuple[str, int], list[Link]] = {}
    for found in links:
        if found.reported.year > base_year:
            by_cell.setdefault((found.target.id, found.reported.year), []).append(found)
    figures = []
    for cell in by_cell.values():
        cell.sort(key=lambda lk: (_issued(kinds.get(lk.reported.document)), lk.sure, lk.score))
        standing = cell[-1]
        earlier = tuple(lk for lk in cell[:-1] if lk.reported.document != standing.reported.document)
        status, judged_by = judge(standing)
        figures.append(Figure(standing, earlier, status, judged_by))
    order = {t: i for i, t in enumerate(dict.fromkeys(lk.target.id for lk in links))}
    figures.sort(key=lambda f: (f.target.number or 0, order[f.target.id], f.year))
    return figures


def _issued(kind: DocumentKind | None) -> tuple[int, str]:
    """When a report was issued, to order revisions: its year, then its title's date (dd/mm/yyyy)."""
    if kind is None:
        return (0, "")
    date = kind.title.rsplit(" ", 1)[-1]
    day = "".join(reversed(date.split("/"))) if date.count("/") == 2 else ""
    return (kind.year or 0, day)


def judge(found: Link) -> tuple[str, str]:
    """A figure's status and what judged it: the report's own word, or the plan's target for every year."""
    reported, target = found.reported, found.target
    if reported.status in _STATED:
        return _STATED[reported.status], "báo cáo nêu"
    yearly = target.year == "hằng năm" or is_rate(target.indicator, target.unit)
    if not yearly:
        return "", ""
    if target.qualifier in _LOWER_IS_BETTER:
        met = reported.value <= target.value
    else:
        met = reported.value >= target.value
    return (MET if met else NOT_MET), "so với mục tiêu hằng năm"
