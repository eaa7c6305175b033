"""Units a question asks a figure in («bao nhiêu ha», «mấy phần trăm»), and whether a text shows a figure in them."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """A unit of figures, with how a question asks for it (without diacritics) and how a figure shows it."""

    key: str  # as target records write it: "%", "ha", "km", "tỷ đồng", "năm"
    name: str  # how a message names it
    asks: re.Pattern[str]  # the question asks for this unit in so many words (match form, diacritics optional)
    hints: re.Pattern[str]  # the question suggests it («tỷ lệ» is a share): used to rank, never to decline
    shows: re.Pattern[str]  # a figure in this unit, in match form


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


UNITS = (
    Unit("%", "phần trăm", _words(r"phần trăm|phan tram|%"), _words(r"tỉ lệ|t[yi] le"), re.compile(r"\d\s*%")),
    # a loanword's syllables are written apart or joined by hyphens («héc-ta», «ki-lô-mét»); a question in English
    # spells them its own way («hectares», «kilometres»)
    Unit("ha", "ha", _words(r"ha|hecta|h[ée]c[ -]ta|hectares?"), _words(r"diện tích|dien tich"), re.compile(r"\d\s*ha\b")),
    Unit("km", "km", _words(r"km|ki[ -]l[ôo][ -]m[ée]t|cây số|cay so|kilomet(?:er|re)s?"), _words(r"dài|dai"), re.compile(r"\d\s*km\b")),
    Unit("tỷ đồng", "đồng", _words(r"(?:nghìn |ngàn |triệu )?(?:tỉ|triệu) đồng|(?:nghìn |ngàn )?t[yi] dong"
                                    r"|bao nhiêu (?:nghìn |ngàn )?(?:tỉ|triệu)|bao nhieu (?:nghin |ngan )?(?:t[yi]|trieu)"
                                    r"|bao nhiêu tiền|bao nhieu tien"),
         _words(r"kinh phí|kinh phi|thu nhập|thu nhap"), re.compile(r"\d\s*(?:nghìn\s+)?(?:tỉ|tỷ|triệu) đồng")),
    Unit("ngày", "ngày tháng", _words(r"ngày nào|ngay nao|ngày bao nhiêu|ngay bao nhieu|ngày tháng"),
         _words(r"ban hành|ban hanh|ký|ky ngay"), re.compile(r"\b\d{1,2}/\d{1,2}/(?:19|20)\d\d\b")),
    Unit("năm", "năm", _words(r"năm nào|nam nao"), _words(r"bao giờ|bao gio|khi nào|khi nao"),
         re.compile(r"\b(?:19|20)\d\d\b")),
)


def asked_units(question: str, hinted: bool = False) -> tuple[str, ...]:
    """The units a question (match form) asks for; with `hinted`, also those it suggests."""
    return tuple(u.key for u in UNITS if u.asks.search(question) or (hinted and u.hints.search(question)))


def without_units(question: str) -> str:
    """A question (match form) without the words that ask for a unit: «bao nhiêu héc-ta chè» is about «chè»."""
    for unit in UNITS:
        question = unit.asks.sub(" ", question)
    return question


def unit_at(question: str, at: int) -> bool:
    """Whether the words asking for a unit begin at `at` in a question (match form): «bao nhiêu héc-ta»."""
    return any(u.asks.match(question, at) for u in UNITS)


def shows_unit(key: str, text: str) -> bool:
    """Whether `text` (match form) states a figure in the unit `key`."""
    return bool(next(u for u in UNITS if u.key == key).shows.search(text))


def unit_name(key: str) -> str:
    """How a message names the unit `key`."""
    return next(u.name for u in UNITS if u.key == key)


def with_unit(figure: str, unit: str) -> str:
    """A figure as Vietnamese writes it with its unit: «51,2%», «4.500 tỷ đồng»."""
    return f"{figure}{unit}" if unit.startswith("%") else f"{figure} {unit}".strip()
