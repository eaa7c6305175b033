"""Which documents a question is answered from, when the asker did not choose one.

A province's library holds the main plan next to other documents, some about other provinces.
A question that names a place some document is about goes to that document; any other goes to the
main document (ASSISTANT_MAIN_DOCUMENT) first, and to the whole library only when the main one has
nothing to say. Without a main document, every question searches the whole library.
"""

from __future__ import annotations

from collections import Counter

from assistant.text.places import named_in


class Router:
    """The order of document scopes to try for a question (None: the whole library)."""

    def __init__(self, documents: list[str], facts: list[dict], main: str | None = None) -> None:
        self.main = main if main in documents else None
        home_of = {name: Counter(fact["places"]).most_common(1)[0][0]  # the place a document names most
                   for name, fact in zip(documents, facts) if fact.get("places")}
        self.home = home_of.get(self.main or "", "")  # the main document's province, "" without one
        self._about: dict[str, list[str]] = {}
        for name, place in home_of.items():
            self._about.setdefault(place, []).append(name)

    def scopes(self, question: str, chosen: str | None = None) -> list[str | None]:
        """The scopes to try in order: the chosen document; a named place's document; the main one, then all."""
        if chosen:
            return [chosen]
        named = [d for place in named_in(question) for d in self._about.get(place, [])]
        if named:
            return [named[0]] if len(set(named)) == 1 else [None]
        return [self.main, None] if self.main else [None]
