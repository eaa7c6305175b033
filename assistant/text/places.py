"""Vietnam's provinces by name: which ones a text names, as written or after «tỉnh»; and proper names at large."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.data import read_list
from assistant.text.normalize import fold, nfc, unify_tones


@lru_cache(maxsize=1)
def provinces() -> tuple[str, ...]:
    """Names of Vietnam's provinces, from the packaged list."""
    return tuple(line.strip() for line in read_list("provinces.txt"))


@lru_cache(maxsize=256)
def _as_written(name: str) -> re.Pattern[str]:
    """A province name as written, capitalised ("hòa bình" in running text is peace, not a province)."""
    return re.compile(rf"(?<!\w){re.escape(unify_tones(name))}(?!\w)")


@lru_cache(maxsize=256)
def _after_word(name: str) -> re.Pattern[str]:
    """A province named after "tỉnh"/"thành phố", in any case and with or without diacritics."""
    return re.compile(rf"\b(?:tinh|thanh pho|tp\.?)\s+{re.escape(fold(name.lower()))}(?!\w)")


@lru_cache(maxsize=1)
def _any_as_written() -> re.Pattern[str]:
    """Every province name at once, longest first, as written (capitalised)."""
    names = sorted((unify_tones(p) for p in provinces()), key=len, reverse=True)
    return re.compile(rf"(?<!\w)({'|'.join(map(re.escape, names))})(?!\w)")


def mentions(text: str) -> list[str]:
    """Every province name written in `text` (capitalised, as a plan writes them), repeats included."""
    return _any_as_written().findall(unify_tones(text))


def named_in(question: str) -> list[str]:
    """The provinces a question names, capitalised or after «tỉnh»/«thành phố» (diacritics optional)."""
    text = unify_tones(nfc(question))
    folded = fold(text.lower())
    return [p for p in provinces() if _as_written(p).search(text) or _after_word(p).search(folded)]


# A proper name as Vietnamese writes one: capitalised words, past a sentence's first word; not an acronym («FDI»).
NAME = re.compile(r"(?<![.?!:]\s)(?<!^)\b([A-ZĐ][^\W\d_A-ZĐ]*(?:\s+[A-ZĐ][^\W\d_A-ZĐ]*)*)\b")


def proper_names(text: str) -> list[str]:
    """The proper names written in `text` («Tam Đường», «Kim Thủy Hà»), in order."""
    return NAME.findall(text)
