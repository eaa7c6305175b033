"""Words a question uses that the plan does not, matched to the plan's own words by meaning.

«revenue» (a question in English) or a rare word the plan never writes is embedded and compared with
every word of the plan's vocabulary, embedded once when the index is built. Similarities between single
words crowd together, so both sides are centred on the mean of everyday words of both languages, and each
plan word's similarity is lowered by how near it is to those everyday words (cross-domain similarity local
scaling, CSLS): a word close to all words («logistics» to any English word) is close to none in particular. A bridge is kept when it clears `BRIDGE_MIN`; it counts as
much as its similarity.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.chunking import Chunk
from assistant.text.lexicon import is_stopword
from assistant.text.segment import tagged_words

BRIDGE_MIN = 0.3  # centred cosine similarity a bridge needs (words and their translations measured 0.3–0.7)
BRIDGES = 2  # plan words kept per question word
HUB_NEIGHBOURS = 10  # neighbours averaged for a word's hubness
LANGUAGES = ("en", "vi")  # what a question may be in, besides the plan's words: English, everyday Vietnamese
REFERENCE = 300  # everyday words of each language a plan word's hubness is measured against
_NAMING = {"N", "Np", "Nc", "V", "A"}


def vocabulary_of(chunks: list[Chunk]) -> list[str]:
    """The plan's naming words (match form, syllables joined by "_"), in first-seen order.

    Words every question about a plan uses («kế hoạch», «tỉnh», «mục tiêu») are in it too: a question word
    that means one of them («plan», «province») is found to say nothing.
    """
    found: dict[str, None] = {}
    for chunk in chunks:
        for word, tag in tagged_words(chunk.text):
            if tag in _NAMING and any(ch.isalpha() for ch in word):
                found.setdefault(word, None)
    return list(found)


def vocabulary_file(folder: Path, model: str) -> Path:
    """Where a document part's vocabulary and its vectors for `model` are kept."""
    return folder / f"vocabulary-{hashlib.sha256(model.encode()).hexdigest()[:12]}.npz"


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def reference_words(language: str) -> list[str]:
    """Everyday words of a language a question may be in (from wordfreq's lists): the mean they are centred on,
    and what a plan word's nearness to everything is measured against."""
    from wordfreq import top_n_list, zipf_frequency

    if language == "en":
        return [w for w in top_n_list("en", 3000) if w.isalpha() and len(w) >= 4
                and zipf_frequency(w, "en") < 5.6][:REFERENCE]
    return [w for w in top_n_list("vi", 3000) if w.isalpha() and len(w) >= 2][REFERENCE:2 * REFERENCE]


def prepare(terms: list[str], vectors: np.ndarray, references: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """What is stored of a vocabulary: its words, their vectors centred on their mean, and for each language
    a question may be in, that language's mean and how near each plan word is to its everyday words."""
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(terms), -1)
    centred = _unit(matrix - matrix.mean(axis=0)) if len(terms) else matrix
    stored = {"terms": np.array(terms, dtype=str), "vectors": centred.astype(np.float16)}
    for language, reference in references.items():
        mean = np.asarray(reference, dtype=np.float32).mean(axis=0)
        around = _unit(np.asarray(reference, dtype=np.float32) - mean)
        stored[f"mean_{language}"] = mean
        stored[f"hub_{language}"] = (np.sort(centred @ around.T, axis=1)[:, -HUB_NEIGHBOURS:].mean(axis=1)
                                     if len(terms) else np.zeros(0)).astype(np.float32)
    return stored


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
        asked = _unit(np.asarray(vectors, dtype=np.float32).reshape(len(words), -1) - self.means[side])
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
        if tag not in _NAMING or word in question.story_terms or not any(ch.isalpha() for ch in word):
            continue
        forms = (word,) if fold(word) != word else (word, fold(word))
        if not is_stopword(word.replace("_", " ")) and not known(forms) and rarity(word) >= rare:
            found.append(word)
    return list(dict.fromkeys(found))
