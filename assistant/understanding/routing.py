"""Which documents a question is answered from, when the asker did not choose one.

A province's library holds the main plan next to other documents, some about other provinces.
A question that names a place some documents are about goes to those documents; any other goes to
the main document (ASSISTANT_MAIN_DOCUMENT) first and, when that has nothing to say, to the other
documents about the main document's province (or about none): another province's plan never answers
a question that does not name that province. Without a main document, every question searches the
whole library. Yearly reports answer only when chosen: what the plan says is never read from them
(progress questions reach them through the monitoring links instead).
"""

from __future__ import annotations

from collections import Counter

from assistant.text.places import named_in


class Router:
    """The order of document scopes to try for a question: each a tuple of document names (None: the whole library)."""

    def __init__(self, documents: list[str], facts: list[dict], main: str | None = None,
                 reports: frozenset[str] = frozenset()) -> None:
        self.main = main if main in documents else None
        self._documents = [d for d in documents if d not in reports]
        self._whole = None if len(self._documents) == len(documents) else tuple(self._documents)
        facts = [f for d, f in zip(documents, facts) if d not in reports]
        documents = self._documents
        home_of = {name: Counter(fact["places"]).most_common(1)[0][0]  # the place a document names most
                   for name, fact in zip(documents, facts) if fact.get("places")}
        self.home = home_of.get(self.main or "", "")  # the main document's province, "" without one
        self._beside = tuple(d for d in documents if d != self.main and home_of.get(d, self.home) == self.home)
        self._about: dict[str, list[str]] = {}
        for name, place in home_of.items():
            self._about.setdefault(place, []).append(name)

    def scopes(self, question: str, chosen: str | None = None) -> list[tuple[str, ...] | None]:
        """The scopes to try in order: the chosen document; a named place's documents; the main one, then its province's."""
        if chosen:
            return [(chosen,)]
        about = {d for place in named_in(question) for d in self._about.get(place, [])}
        named = tuple(d for d in self._documents if d in about)
        if named:
            return [named]
        if not self.main:
            return [self._whole]
        return [(self.main,), self._beside] if self._beside else [(self.main,)]
