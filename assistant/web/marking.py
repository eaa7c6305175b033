"""A search's words found in a text and marked: diacritics optional, abbreviations both ways («BHYT» ↔ «bảo hiểm y tế»)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from assistant.text.lexicon import TOKEN, equivalents, words
from assistant.text.normalize import fold, has_diacritics, match_form
from assistant.text.stopwords import stop_mask
from assistant.understanding.question import content_terms


def needles_of(query: str) -> list[tuple[str, ...]]:
    """The word runs (match form) to mark for a query: its terms, their equivalents, its pairs of words."""
    needles = {tuple(form.split("_")) for group in content_terms(query) for form in group}
    longer = [n for n in needles if len(n) > 1]
    kept = {n for n in needles if len(n) > 1 or not any(n[0] in m for m in longer)}
    tokens = words(query)
    padded, folded = f" {' '.join(tokens)} ", f" {' '.join(map(fold, tokens))} "
    for term, equivalent in equivalents():  # as `lexicon.expand` reads them: both ways, diacritics optional
        for this, that in ((term, equivalent), (equivalent, term)):
            if f" {this} " in padded or (not has_diacritics(padded) and f" {fold(this)} " in folded):
                kept.add(tuple(that.split()))
    # Two typed words in a row, one of them a content word, mark as one: «cua khau» → «cửa khẩu».
    stop = stop_mask(tokens)
    kept |= {(a, b) for a, b, s, t in zip(tokens, tokens[1:], stop, stop[1:]) if not (s and t)}
    return sorted(kept)


def _same(token: str, word: str) -> bool:
    return token == word or (not has_diacritics(word) and fold(token) == word)


def mark_spans(text: str, needles: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Where in `text` the needles stand, as (start, end) spans, adjacent ones joined."""
    tokens = [(m.start(), m.end(), match_form(m.group())) for m in TOKEN.finditer(text)]
    spans: list[tuple[int, int]] = []
    for i in range(len(tokens)):
        for needle in needles:
            run = tokens[i:i + len(needle)]
            if len(run) == len(needle) and all(_same(t[2], w) for t, w in zip(run, needle)):
                spans.append((run[0][0], run[-1][1]))
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and (start <= joined[-1][1] or not text[joined[-1][1]:start].strip()):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def paint(text: str, spans: Sequence[tuple[int, int]], offset: int = 0) -> str:
    """`text` (which starts at `offset` of what the spans index) escaped, the spans in <mark>."""
    out, at = [], 0
    for start, end in spans:
        start, end = max(start - offset, at), min(end - offset, len(text))
        if start >= end:
            continue
        out += [html.escape(text[at:start]), f"<mark>{html.escape(text[start:end])}</mark>"]
        at = end
    return "".join([*out, html.escape(text[at:])])
