"""A document's naming words and what is stored of their vectors, for matching a question's words by meaning (`bridge`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from assistant.documents.chunking import Chunk
from assistant.store.clauses import unit_rows
from assistant.text.segment import tagged_words

HUB_NEIGHBOURS = 10  # neighbours averaged for a word's hubness
LANGUAGES = ("en", "vi")  # what a question may be in, besides the plan's words: English, everyday Vietnamese
REFERENCE = 300  # everyday words of each language a plan word's hubness is measured against
NAMING = {"N", "Np", "Nc", "V", "A"}  # parts of speech that name things (pyvi's tags)


def vocabulary_of(chunks: list[Chunk]) -> list[str]:
    """The plan's naming words (match form, syllables joined by "_"), in first-seen order.

    Words every question about a plan uses («kế hoạch», «tỉnh», «mục tiêu») are in it too: a question word
    that means one of them («plan», «province») is found to say nothing.
    """
    found: dict[str, None] = {}
    for chunk in chunks:
        for word, tag in tagged_words(chunk.text):
            if tag in NAMING and any(ch.isalpha() for ch in word):
                found.setdefault(word, None)
    return list(found)


def vocabulary_file(folder: Path, model: str) -> Path:
    """Where a document part's vocabulary and its vectors for `model` are kept."""
    return folder / f"vocabulary-{hashlib.sha256(model.encode()).hexdigest()[:12]}.npz"


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
    centred = unit_rows(matrix - matrix.mean(axis=0)) if len(terms) else matrix
    stored = {"terms": np.array(terms, dtype=str), "vectors": centred.astype(np.float16)}
    for language, reference in references.items():
        mean = np.asarray(reference, dtype=np.float32).mean(axis=0)
        around = unit_rows(np.asarray(reference, dtype=np.float32) - mean)
        stored[f"mean_{language}"] = mean
        stored[f"hub_{language}"] = (np.sort(centred @ around.T, axis=1)[:, -HUB_NEIGHBOURS:].mean(axis=1)
                                     if len(terms) else np.zeros(0)).astype(np.float32)
    return stored
