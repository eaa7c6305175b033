"""What each document of a library is — plan, yearly report, other — and what follows for answering from it.

A report's figures are never targets: they are read apart (the monitoring links), and a report is never routed to
for a question about the plan. An answer quoting anything but the plan it speaks for names that document instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.documents.kinds import PLAN, REPORT, DocumentKind, opening, read_kinds, recognise
from assistant.store.indexing import Index


@dataclass(frozen=True)
class Shelf:
    """The library's documents by kind, and how an answer names those it does not speak of as the plan."""

    kinds: dict[str, DocumentKind]
    with_targets: frozenset[str]  # every document but the reports: its figures are its targets
    reports: tuple[str, ...]  # in corpus order
    titles: dict[str, str]  # document → how an answer names it, for every document but the plan(s) answers speak for
    headers: dict[str, tuple[str, str, str]]  # report → its title, the chunk that states it, and the words there
    plan_scope: tuple[str, ...] | None  # what the reports are read against: the main plan, else every plan

    @property
    def reported_years(self) -> set[int]:
        """The years the reports report on."""
        return {self.kinds[name].year for name in self.reports if self.kinds[name].year}


def shelve(index: Index, corpus_dir: Path, main: str = "") -> Shelf:
    """The kinds of `index`'s documents (read from their openings, unless set by hand in `corpus_dir`)."""
    hand_set = read_kinds(corpus_dir)
    kinds = {name: recognise(name, opening(index.parts[name].chunks), hand_set.get(name)) for name in index.documents}
    plans = frozenset(name for name, kind in kinds.items() if kind.kind == PLAN)
    reports = tuple(name for name in index.documents if kinds[name].kind == REPORT and name != main)
    with_targets = frozenset(index.documents) - set(reports)
    # The main plan speaks as «kế hoạch»; without one, every plan does.
    titles = {name: kind.title for name, kind in kinds.items() if kind.kind != PLAN or (main and name != main)}
    headers = {name: (kinds[name].title, index.parts[name].chunks[0].id, kinds[name].header)
               for name in reports if index.parts[name].chunks}
    plan_scope = (main,) if main else (tuple(d for d in index.documents if d in plans) or None)
    return Shelf(kinds, with_targets, reports, titles, headers, plan_scope)
