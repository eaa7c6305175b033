"""What counts as a number, and what it is worth, in the plan's notation (4.500 · 55,15 · 9-10 · 2030)."""

from __future__ import annotations

import re

NUMBER = r"\d+(?:[.,]\d+)*"  # as written: 4.500, 55,15, 1.500.000, 08
YEAR = r"(?:19|20)\d\d"  # a calendar year, as a pattern to compose
_NUMBER = re.compile(NUMBER)
_YEAR = re.compile(rf"\b{YEAR}\b")
_YEAR_OR_SPAN = re.compile(rf"{YEAR}(?:-{YEAR})?")
_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
HAS_DIGIT = re.compile(r"\d")


def plain_number(text: str) -> str:
    """The number as readers of the plan mean it: 4.500 → 4500, 55,15 → 55.15, 08 → 8, 4.5 → 4.5.

    A dot before exactly three digits separates thousands; a comma is the decimal mark; any other
    dot is a decimal point typed the English way.
    """
    return re.sub(r"^0+(?=\d)", "", _THOUSANDS.sub("", text).replace(",", "."))


def parse_number(text: str) -> float:
    """The value of a number written in the plan's notation (see `plain_number`)."""
    return float(plain_number(text))


def numbers(text: str) -> set[str]:
    """Every number in `text`, in plain form (a range 9-10 gives 9 and 10)."""
    return {plain_number(n) for n in _NUMBER.findall(text)}


def years(text: str) -> list[str]:
    """The calendar years `text` names, in order."""
    return _YEAR.findall(text)


def has_figure(text: str) -> bool:
    """Whether `text` holds a number other than a calendar year («đạt 55%», not only «đến năm 2030»)."""
    return any(not is_year(n) for n in _NUMBER.findall(text))


def is_year(token: str) -> bool:
    """True for a year or a span of years ("2030", "2026-2030")."""
    return bool(_YEAR_OR_SPAN.fullmatch(token))
