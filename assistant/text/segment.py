"""Vietnamese word segmentation: which adjacent syllables form one word («tốt nghiệp», «đường sắt»).

A syllable's rarity says little about a compound's: «tốt» and «nghiệp» are everywhere in a plan,
«tốt nghiệp» may be nowhere. The segmenter is pyvi's CRF model, loaded on first use.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.text.normalize import has_diacritics, match_form


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[tuple[str, ...], ...]:
    """The words of `text` of two syllables or more, each as its syllables in match form."""
    if not has_diacritics(text):  # text typed without diacritics cannot be segmented
        return ()
    from pyvi import ViTokenizer

    found = (match_form(word.replace("_", " ")).split() for word in ViTokenizer.tokenize(text).split() if "_" in word)
    return tuple(tuple(part) for syllables in found if len(syllables) > 1 for part in _halves(syllables))


def _halves(syllables: list[str]) -> list[list[str]]:
    """A word of four syllables or more is words joined («đối phó thiên tai», «củng cố quốc phòng»): its words of
    two syllables (the last of three when they are odd); a Vietnamese word of three is one («đô thị hóa»)."""
    if len(syllables) < 4:
        return [syllables]
    cut = [syllables[i:i + 2] for i in range(0, len(syllables) - 3, 2)]
    return cut + [syllables[len(cut) * 2:]]


def compound_pairs(text: str) -> frozenset[str]:
    """The pairs of adjacent syllables that belong to one word of `text`, as "a_b"."""
    return frozenset(f"{a}_{b}" for word in _words(text) for a, b in zip(word, word[1:]))


def compound_words(text: str) -> tuple[str, ...]:
    """The words of three syllables or more in `text` («đô_thị_hóa»), joined by "_"."""
    return tuple("_".join(word) for word in _words(text) if len(word) > 2)


@lru_cache(maxsize=4096)
def tagged_words(text: str) -> tuple[tuple[str, str], ...]:
    """The words of `text` (syllables joined by "_", match form) with pyvi's part-of-speech tags (N, V, A, Np …).

    Text typed without diacritics is tagged too, syllable by syllable as the tagger reads it.
    """
    from pyvi import ViPosTagger, ViTokenizer

    if not text.strip():
        return ()
    words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(text))
    return tuple((match_form(w), t) for w, t in zip(words, tags) if t != "F")
