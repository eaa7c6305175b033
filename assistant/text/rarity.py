"""How much a word says in the language at large, and which language a question is in.

A word every Vietnamese speaker uses all day («giờ», «thêm», «vừa») says little about what a
question asks, whether or not a plan uses it; a rare one («golf», «tàu điện») says a lot. The
frequencies are wordfreq's (Vietnamese and English), on its Zipf scale: 7 for «là», 3 for a word
met once in a million.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import fold

# Zipf frequency at or above which a word is everyday language and, when a plan lacks it, says nothing;
# and the span below it over which that grows to 1 (wordfreq's scale: «giờ» 5.97 and «thêm» 5.98 weigh 0,
# «lương» 5.38 little, «quê» 5.05 a third, «golf» 3.96 fully).
EVERYDAY_ZIPF = 5.5
RARITY_SPAN = 1.5
# How specific a word a plan does use is: «biết» 6.25 or «tới» 6.11 say less about a question than «chè»
# 4.11 or «nghèo» 4.81, however rare they are in the plan. A floor keeps common topic words («nước», «điện»).
SPECIFIC_ZIPF = 6.3
SPECIFIC_SPAN = 1.5
SPECIFIC_FLOOR = 0.3
_LETTERS = re.compile(r"[^\W\d_]+")
ENGLISH_SHARE = 0.6  # of a question's words that must read as English (and not Vietnamese) for it to be English


@lru_cache(maxsize=65536)
def zipf(word: str, language: str = "vi") -> float:
    """wordfreq's Zipf frequency of `word` (syllables joined by spaces or "_") in `language`; 0 if unknown."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.replace("_", " "), language)


@lru_cache(maxsize=1)
def _plain_zipf() -> dict[str, float]:
    """Each Vietnamese word typed without diacritics, with the Zipf frequency of the commonest word it can be."""
    import math

    from wordfreq import get_frequency_dict

    found: dict[str, float] = {}
    for word, frequency in get_frequency_dict("vi").items():
        plain = fold(word)
        found[plain] = max(found.get(plain, 0.0), math.log10(frequency) + 9)
    return found


def rarity(word: str, language: str = "vi") -> float:
    """How much `word` says in the language at large: 0 for everyday words, 1 for rare or unknown ones.

    A Vietnamese word typed without diacritics («gio») is as common as the commonest word it can be («giờ»).
    """
    frequency = _vietnamese_zipf(word) if language == "vi" else zipf(word, language)
    return min(1.0, max(0.0, (EVERYDAY_ZIPF - frequency) / RARITY_SPAN))


CHAT_SHORT = 3  # letters: a word this short that the language does not know, typed in lower case, is chat («dợ», «cty»)


def chat_short(word: str, typed: str) -> bool:
    """Whether `word` (match form) is a short form typed in chat («hs», «trg», «dợ»), as it stands in `typed`: in lower
    case, and without a vowel (every Vietnamese syllable has one) or short and unknown to the language. An acronym
    in capitals («BTS») names something."""
    if "_" in word or not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", typed):
        return False
    return not re.search(r"[aeiouy]", fold(word)) or (len(word) <= CHAT_SHORT and zipf(word, "vi") == 0.0)


def specificity(word: str, floor: float = SPECIFIC_FLOOR) -> float:
    """How specific a word is in Vietnamese at large: `floor` for the commonest, 1 for rare ones."""
    return min(1.0, max(floor, (SPECIFIC_ZIPF - _vietnamese_zipf(word)) / SPECIFIC_SPAN))


def _vietnamese_zipf(word: str) -> float:
    frequency = zipf(word, "vi")
    if fold(word) == word:
        syllables = word.replace("_", " ").split()
        frequency = max(frequency, min((_plain_zipf().get(s, 0.0) for s in syllables), default=0.0))
    return frequency


def _reads_english(word: str) -> bool:
    if fold(word) != word:  # a Vietnamese diacritic
        return False
    english, vietnamese = zipf(word, "en"), zipf(word, "vi")
    return english >= 2.5 and english > vietnamese


def language(text: str) -> str:
    """"en" for a question written in English, "vi-plain" for Vietnamese typed without diacritics, else "vi"."""
    letters = _LETTERS.findall(text.lower())
    if not letters:
        return "vi"
    # A Vietnamese name in an English question («Lai Châu») is one word of it, not the language it is in.
    if sum(_reads_english(w) for w in letters) >= ENGLISH_SHARE * len(letters):
        return "en"
    return "vi" if any(fold(w) != w for w in letters) else "vi-plain"
