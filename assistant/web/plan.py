"""The plan's full text by its outline: collapsible sections, a search, the cited passage highlighted."""

from __future__ import annotations

import html

from assistant.chunking import Chunk
from assistant.question import content_terms
from assistant.text.lexicon import term_set


def _sections(chunks: list[Chunk]) -> list[tuple[str, list[Chunk]]]:
    grouped: list[tuple[str, list[Chunk]]] = []
    for chunk in chunks:
        key = f"{chunk.document} — {chunk.section}"
        if grouped and grouped[-1][0] == key:
            grouped[-1][1].append(chunk)
        else:
            grouped.append((key, [chunk]))
    return grouped


def plan_markdown(chunks: list[Chunk], query: str = "", highlight: str | None = None) -> str:
    """The plan as collapsible sections; a query keeps the sections holding all its words.

    Words match as in the chat: diacritics optional, abbreviations understood both ways (BHYT, THCS).
    """
    wanted = content_terms(query)
    parts, shown = [], 0
    for title, members in _sections(chunks):
        text = " ".join(c.text for c in members)
        present = term_set(f"{title} {text}")
        if wanted and not all(any(form in present for form in group) for group in wanted):
            continue
        shown += 1
        opened = " open" if wanted or any(c.id == highlight for c in members) else ""
        body = []
        for chunk in members:
            passage = html.escape(chunk.text, quote=False)
            body.append(f'<mark id="doan-nguon">{passage}</mark>' if chunk.id == highlight else passage)
        page = f" (trang {members[0].page})" if members[0].page else ""
        parts.append(f"<details{opened}><summary>{html.escape(title, quote=False)}{page}</summary>\n\n"
                     + "\n\n".join(body) + "\n\n</details>")
    if not parts:
        return f"Không có đoạn nào chứa «{html.escape(query, quote=False)}»."
    head = f"{shown} mục chứa «{html.escape(query, quote=False)}»\n\n" if wanted else ""
    return head + "\n".join(parts)
