"""Words that say nothing about a question's topic («bao nhiêu», «dự kiến»), as questions are read (not as passages are indexed)."""

from __future__ import annotations

from functools import lru_cache

from assistant.data import read_list
from assistant.text.lexicon import words
from assistant.text.normalize import fold, has_diacritics


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Single words and phrases ("dự kiến", space-joined) that say nothing about a question's topic."""
    return frozenset(" ".join(words(line)) for line in read_list("stopwords.txt"))


@lru_cache(maxsize=1)
def _folded_stopwords() -> frozenset[str]:
    return frozenset(fold(w) for w in stopwords())


def is_stopword(token: str, typed_plain: bool | None = None) -> bool:
    """A stopword (or stopword phrase, space-joined), also when typed without diacritics ("bao nhieu", "nam").

    `typed_plain` says whether the text it comes from was typed without diacritics (by default, the
    token's own look): in «văn bản đó ban hành», «ban» is a word, not «bạn» typed plain.
    """
    plain = not has_diacritics(token) if typed_plain is None else typed_plain
    return token in stopwords() or (plain and token in _folded_stopwords())


_LONGEST_STOP = 3  # syllables in the longest stopword phrase looked for


def stop_mask(tokens: list[str]) -> list[bool]:
    """For each token, whether it belongs to a stopword or a stopword phrase («dự kiến» but not «dự án»)."""
    mask = [False] * len(tokens)
    plain = not any(has_diacritics(t) for t in tokens)
    for size in range(_LONGEST_STOP, 0, -1):
        for start in range(len(tokens) - size + 1):
            if not any(mask[start:start + size]) and is_stopword(" ".join(tokens[start:start + size]), plain):
                mask[start:start + size] = [True] * size
    return mask
