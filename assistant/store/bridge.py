"""Words a question uses that the plan does not, matched to the plan's own words by meaning.

«revenue» (a question in English) or a rare word the plan never writes is embedded and compared with
every word of the plan's vocabulary, embedded once when the index is built. Similarities between single
words crowd together, so both sides are centred on the mean of everyday words of both languages, and each
plan word's similarity is lowered by how near it is to those everyday words (cross-domain similarity local
scaling, CSLS): a word close to all words («logistics» to any English word) is close to none in particular. A bridge is kept when it clears `BRIDGE_MIN`; it counts as
much as its similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.store.clauses import unit_rows
from assistant.store.vocabulary import HUB_NEIGHBOURS, LANGUAGES, NAMING
from assistant.text.stopwords import is_stopword

BRIDGE_MIN = 0.3  # centred cosine similarity a bridge needs (words and their translations measured 0.3–0.7)
BRIDGES = 2  # plan words kept per question word


@dataclass
class Vocabulary:
    """The plan's words with their centred unit vectors, and per question language its mean and their hubness."""

    terms: list[str]
    vectors: np.ndarray  # centred on their own mean, unit rows
    means: dict[str, np.ndarray]  # "en", "vi": the everyday words' mean a question word is centred on
    hubs: dict[str, np.ndarray]  # "en", "vi": each plan word's mean similarity to its nearest everyday words

    def bridges(self, words: list[str], vectors: np.ndarray, language: str) -> dict[str, tuple[tuple[str, float], ...]]:
        """For each word (with its raw vector, in `language`), the plan's words nearest in meaning, with their similarity."""
        if not words or not self.terms:
            return {}
        side = "en" if language == "en" else "vi"
        asked = unit_rows(np.asarray(vectors, dtype=np.float32).reshape(len(words), -1) - self.means[side])
        similar = asked @ self.vectors.T
        neighbours = min(HUB_NEIGHBOURS, len(self.terms))
        own = np.sort(similar, axis=1)[:, -neighbours:].mean(axis=1)
        scaled = 2 * similar - own[:, None] - self.hubs[side][None, :]
        found = {}
        for i, word in enumerate(words):
            best = [int(j) for j in np.argsort(-scaled[i])[:BRIDGES] if similar[i, j] >= BRIDGE_MIN]
            if best:
                found[word] = tuple((self.terms[j], round(float(similar[i, j]), 3)) for j in best)
        return found

    @classmethod
    def merged(cls, words: dict[str, dict[str, np.ndarray]]) -> Vocabulary:
        """The documents' vocabularies as one, each word once (as the first document that has it stores it)."""
        kept: dict[str, tuple[int, str]] = {}  # a word → where it is stored first (row, document)
        for name, stored in words.items():
            for row, term in enumerate(stored["terms"]):
                kept.setdefault(str(term), (row, name))
        stores = list(words.values())
        width = stores[0]["vectors"].shape[1] if stores else 1

        def pick(key: str) -> np.ndarray:
            return np.array([words[name][key][row] for row, name in kept.values()], dtype=np.float32)

        return cls(list(kept), pick("vectors").reshape(len(kept), width),
                   {lang: stores[0][f"mean_{lang}"] if stores else np.zeros(width) for lang in LANGUAGES},
                   {lang: pick(f"hub_{lang}") for lang in LANGUAGES})


ENGLISH_CONTENT_ZIPF = 5.6  # an English word at least this common («the», «should», «under») names nothing


def english_words(question) -> list[str]:
    """An English question's content words (not «the», «should», «under»: the commonest words name nothing)."""
    from assistant.text.rarity import zipf

    words = re.findall(r"[a-z]{3,}", question.search_text.lower())
    return list(dict.fromkeys(w for w in words if zipf(w, "en") < ENGLISH_CONTENT_ZIPF))


def literal_words(question, known) -> list[str]:
    """An English question's words the plan writes as they are: codes and names («68-NQ/TW», «OCOP», «logistics»)."""
    from assistant.text.rarity import zipf

    return [g[0] for g in question.terms if known(g) and not is_stopword(g[0].replace("_", " "))
            and (any(ch.isdigit() for ch in g[0]) or zipf(g[0], "en") < ENGLISH_CONTENT_ZIPF)]


def words_to_bridge(question, known, rare: float) -> list[str]:
    """The words of a question worth matching to the plan's by meaning: an English question's content words;
    a Vietnamese one's naming words the plan never uses that are at least `rare` in the language at large.

    `known(forms)` says whether the plan uses a word (any of its forms).
    """
    from assistant.text.normalize import fold
    from assistant.text.rarity import rarity

    if question.language == "en":
        return [w for w in english_words(question) if not known((w,))]
    found = []
    for word, tag in question.tagged:
        if tag not in NAMING or word in question.story_terms or not any(ch.isalpha() for ch in word):
            continue
        forms = (word,) if fold(word) != word else (word, fold(word))
        if not is_stopword(word.replace("_", " ")) and not known(forms) and rarity(word) >= rare:
            found.append(word)
    return list(dict.fromkeys(found))
