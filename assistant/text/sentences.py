"""Sentences and clauses of the plan's prose."""

from __future__ import annotations

import re

ENDS_SENTENCE = re.compile(r"[.!?…]\s*$")  # a text whose last character closes a sentence
SENTENCE_BREAK = re.compile(r"[.!?…]\s+")  # a full stop and the space after it, inside a text
INNER_SENTENCE = re.compile(r"[.!?]\s+\S")  # a sentence that goes on after a full stop


def sentences(text: str) -> list[str]:
    """Split text into sentences at a full stop followed by a capital letter or an opening quote."""
    parts, start = [], 0
    for match in SENTENCE_BREAK.finditer(text):
        following = text[match.end():match.end() + 1]
        if following and (following.isupper() or following in "“\"("):
            parts.append(text[start:match.start() + 1])
            start = match.end()
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def clauses(sentence: str) -> list[str]:
    """Split a sentence at semicolons outside brackets (targets list their figures that way)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == ";" and depth == 0:
            parts.append(sentence[start:i])
            start = i + 1
    parts.append(sentence[start:])
    return [p.strip() for p in parts if p.strip()]
