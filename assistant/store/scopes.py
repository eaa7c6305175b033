"""What an answer reads, per scope: the whole library, or one of its documents as if it stood alone.

A question routed to some documents (one chosen by the asker, those of a province it names, the
main document, then the others about the main document's province) is answered from their own
chunks, keyword postings, statistics and targets, so the rest of a library can change neither its
answers nor their speed. The whole library's scope answers the rest. A scope is made the first
time it is asked for and kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from assistant.documents.outline import Outline
from assistant.store.corpus_stats import CorpusStats
from assistant.store.indexing import Index
from assistant.targets.extract import TargetPostings
from assistant.targets.table import TargetTable


@dataclass(frozen=True)
class Scope:
    """The index, statistics, target table and outline of one scope."""

    index: Index
    stats: CorpusStats
    targets: TargetTable
    outline: Outline

    @classmethod
    def of(cls, index: Index, home: str = "", with_targets: frozenset[str] | None = None) -> Scope:
        """The scope of everything `index` holds; `home` is the province it is about ("" to read it off the text).

        Only the documents in `with_targets` (None: all) hold targets: a yearly report's figures are never a plan's.
        """
        stats = CorpusStats(index.chunks, index.keywords.postings, index.facts or None, home)
        targets, postings = index.targets, index.target_postings
        if with_targets is not None and not with_targets >= set(index.documents):
            kept = [d for d in index.documents if d in with_targets]
            targets = [t for t in index.targets if t.document in with_targets]
            postings = TargetPostings.merge([index.parts[d].target_postings for d in kept]) if kept else None
        return cls(index, stats, TargetTable(targets, stats, postings), Outline(index.sections, index.chunks))


class Scopes:
    """The library's scope and each document's, made when first needed."""

    def __init__(self, index: Index, home: str = "", ready: tuple[str, ...] | None = None,
                 with_targets: frozenset[str] | None = None) -> None:
        self.with_targets = with_targets
        self.library = Scope.of(index, home, with_targets)
        self._some: dict[tuple[str, ...], Scope] = {}
        self._making = threading.Lock()
        if ready:  # made now, so that the first question does not wait for it
            self.get(ready)

    def get(self, documents: tuple[str, ...] | None) -> Scope:
        """The scope of these documents (the library's for None, or when they are the whole library)."""
        index = self.library.index
        if documents is None or set(documents) == set(index.documents):
            return self.library
        with self._making:
            if documents not in self._some:
                self._some[documents] = Scope.of(index.only(documents), with_targets=self.with_targets)
            return self._some[documents]
