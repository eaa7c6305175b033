"""The plan reader: one document as a page to read — its outline as a table of contents, its text under
its headings, a search that marks what matches, and the cited passage highlighted (with its PDF page).

Pure functions returning HTML for `gr.HTML`; every piece of document text is escaped. Words match as
in the chat: diacritics optional, abbreviations understood both ways («BHYT» ↔ «bảo hiểm y tế»).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from assistant.documents.chunking import Chunk
from assistant.documents.outline import Outline, Section
from assistant.documents.pages import render_page
from assistant.errors import AssistantError
from assistant.text.lexicon import term_set
from assistant.text.normalize import fold
from assistant.understanding.question import content_terms
from assistant.web.marking import mark_spans, needles_of, paint

CITED = "doan-nguon"  # the id of the cited passage's mark, which the UI scrolls to
_TOC_CHARS = 110  # a longer title is cut short in the table of contents (whole in its tooltip)

# Run after the reader shows a citation: wait for the new text, then bring the cited passage into view.
SCROLL_TO_CITED_JS = """(chunk) => {
  const until = Date.now() + 4000;
  const go = () => {
    const el = document.getElementById('%s');
    if (el && el.dataset.chunk === chunk) {
      [...document.querySelectorAll('#muc-luc li.current > a')].pop()?.scrollIntoView({block: 'nearest'});
      el.scrollIntoView({block: 'center'});
      return;
    }
    if (Date.now() < until) setTimeout(go, 60);
  };
  go();
}""" % CITED

# Run after a search: wait for the text searched for, then bring its first marked word into view.
SCROLL_TO_MATCH_JS = """(query) => {
  const until = Date.now() + 4000;
  const go = () => {
    const text = document.querySelector('#toan-van .toan-van');
    if (text && text.dataset.query === query) { text.querySelector('mark')?.scrollIntoView({block: 'center'}); return; }
    if (Date.now() < until) setTimeout(go, 60);
  };
  go();
}"""

# Scoped to each gr.HTML of the reader (its css_template): no `$` or braces pairs beyond plain CSS.
READER_CSS = """
h2, h3, h4, h5 { margin: 1.1em 0 0.4em; line-height: 1.35; }
h2 { font-size: 1.2em; } h3 { font-size: 1.1em; } h4, h5 { font-size: 1em; }
p { margin: 0 0 0.7em; line-height: 1.6; }
.so { font-weight: 600; }
.trang { color: var(--body-text-color-subdued); font-size: 0.85em; margin: 0.4em 0; }
mark { background: #ffe680; color: inherit; padding: 0 1px; }
mark.cited { background: #ffd24d; outline: 2px solid #e0a000; }
.muc-luc ul { list-style: none; margin: 0; padding-left: 0.9em; }
.muc-luc > ul { padding-left: 0; }
.muc-luc li { margin: 0.25em 0; font-size: var(--text-md); line-height: 1.4; }
.doan { margin-bottom: 0.7em; }
.muc-luc a { text-decoration: none; }
.muc-luc a:hover { text-decoration: underline; }
.muc-luc li.current > a { font-weight: 700; }
.tieu-de { font-weight: 700; margin-bottom: 0.4em; }
.ket-qua ul { margin: 0.2em 0 0.6em; }
"""


@dataclass(frozen=True)
class Reading:
    """What the reader shows: the document, its table of contents, its text, a search's summary, a cited page."""

    document: str
    toc: str
    text: str
    found: str
    page: Image.Image | None = None
    page_caption: str = ""


def _slug(value: str) -> str:
    plain = re.sub(r"[^a-z0-9]+", "-", fold(value).lower()).strip("-")
    return f"{plain[-60:]}-{hashlib.sha1(value.encode('utf-8')).hexdigest()[:6]}"


def anchor(chunk_id: str) -> str:
    """The HTML id of a passage in the reader, safe for any chunk id."""
    return f"doan-{_slug(chunk_id)}"


def section_anchor(section_id: str) -> str:
    """The HTML id of a section in the reader."""
    return f"muc-{_slug(section_id)}"


def documents_of(chunks: Sequence[Chunk]) -> list[str]:
    """The documents the chunks belong to, in their order."""
    return list(dict.fromkeys(c.document for c in chunks))


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class _Look:
    """How the text is drawn: what a search marks, in which sections, and the cited passage."""

    needles: list[tuple[str, ...]]
    matched: frozenset[str]  # ids of the sections the search found ("" for text before the first heading)
    highlight: str | None
    new_page: frozenset[str]  # ids of the chunks that start a new PDF page
    query: str = ""


def _paragraph(text: str, section: Section | None, first: bool, needles: list[tuple[str, ...]]) -> str:
    spans = mark_spans(text, needles) if needles else []
    marker = section.marker if section and first and not section.heading and text.startswith(section.marker) else ""
    body = paint(text[len(marker):], spans, len(marker))
    return f'<strong class="so">{paint(marker, spans)}</strong>{body}' if marker else body


def _chunk_html(chunk: Chunk, section: Section | None, first: bool, look: _Look) -> str:
    needles = look.needles if (section.id if section else "") in look.matched else []
    cited = chunk.id == look.highlight
    out = [f'<p class="trang">Trang {chunk.page}</p>'] if chunk.id in look.new_page else []
    out.append(f'<div class="doan{" cited" if cited else ""}" id="{anchor(chunk.id)}">')
    for n, text in enumerate(t for t in chunk.text.split("\n") if t.strip()):
        body = _paragraph(text, section, first and n == 0, needles)
        if cited:
            target = f' id="{CITED}" data-chunk="{_esc(chunk.id)}"' if n == 0 else ""
            body = f'<mark class="cited"{target}>{body}</mark>'
        out.append(f"<p>{body}</p>")
    out.append("</div>")
    return "".join(out)


def _section_html(outline: Outline, section: Section, look: _Look) -> list[str]:
    out = [f'<section id="{section_anchor(section.id)}">']
    if section.heading:
        level = min(2 + section.depth, 5)
        spans = mark_spans(section.title, look.needles) if section.id in look.matched else []
        out.append(f"<h{level}>{_esc(section.marker)} {paint(section.title, spans)}</h{level}>")
    for n, chunk in enumerate(outline.body(section)):
        out.append(_chunk_html(chunk, section, n == 0, look))
    for child in outline.children(section):
        out += _section_html(outline, child, look)
    out.append("</section>")
    return out


def _short(text: str) -> str:
    return text if len(text) <= _TOC_CHARS else text[:_TOC_CHARS].rsplit(" ", 1)[0] + " …"


def _toc_list(outline: Outline, parent: Section | None, document: str, current: set[str]) -> str:
    items = []
    for section in outline.children(parent, document):
        mark = ' class="current"' if section.id in current else ""
        label = _esc(f"{section.marker} {_short(section.title)}")
        items.append(f'<li{mark}><a href="#{section_anchor(section.id)}" title="{_esc(section.title)}">{label}</a>'
                     f"{_toc_list(outline, section, document, current)}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def toc_html(outline: Outline, document: str, current: set[str] = frozenset()) -> str:
    """The document's table of contents: every heading and numbered item with its title, each a link."""
    entries = _toc_list(outline, None, document, current)
    body = entries or "<p>Tài liệu này không có đề mục đánh số.</p>"
    return f'<nav class="muc-luc"><p class="tieu-de">Mục lục</p>{body}</nav>'


def _units(outline: Outline, chunks: list[Chunk]) -> list[tuple[str, str, str]]:
    """The parts a search counts: (section id, label, text) of each section, and of the text before the first."""
    before = [c for c in chunks if outline.of_chunk(c) is None]
    units = [("", "Phần đầu tài liệu", "\n".join(c.text for c in before))] if before else []
    for section in outline.sections:
        own = "\n".join(c.text for c in outline.body(section))
        units.append((section.id, f"{section.marker} {_short(section.title)}", f"{section.text}\n{own}"))
    return units


def _search(outline: Outline, chunks: list[Chunk], query: str) -> tuple[frozenset[str], str]:
    """The sections holding every word of the query, and the summary listing them as links."""
    if not query.strip():
        return frozenset(), ""
    wanted = content_terms(query)
    shown = _esc(query.strip())
    if not wanted:
        return frozenset(), f'<div class="ket-qua"><p>«{shown}» chỉ gồm những từ quá chung. Hãy nhập từ cụ thể hơn.</p></div>'
    hits = [(sid, label) for sid, label, text in _units(outline, chunks)
            if all(any(form in term_set(text) for form in group) for group in wanted)]
    if not hits:
        return frozenset(), f'<div class="ket-qua"><p>Không có mục nào chứa «{shown}».</p></div>'
    links = "".join(f'<li><a href="#{section_anchor(sid) if sid else anchor(chunks[0].id)}">{_esc(label)}</a></li>'
                    for sid, label in hits)
    return frozenset(s for s, _ in hits), f'<div class="ket-qua"><p>{len(hits)} mục chứa «{shown}»:</p><ul>{links}</ul></div>'


def _text_html(outline: Outline, chunks: list[Chunk], document: str, look: _Look) -> str:
    out = [f'<article class="toan-van" data-query="{_esc(look.query)}">']
    for n, chunk in enumerate(c for c in chunks if outline.of_chunk(c) is None):
        out.append(_chunk_html(chunk, None, n == 0, look))
    for section in outline.children(None, document):
        out += _section_html(outline, section, look)
    out.append("</article>")
    return "".join(out)


def _new_pages(chunks: list[Chunk]) -> frozenset[str]:
    return frozenset(c.id for before, c in zip([None, *chunks], chunks)
                     if c.page is not None and (before is None or before.page != c.page))


def cited_page(corpus_dir: Path, chunk: Chunk) -> tuple[Image.Image | None, str]:
    """The PDF page a passage stands on, highlighted, and its caption; (None, "") for a passage not from a PDF."""
    if chunk.page is None or not chunk.document.lower().endswith(".pdf") or Path(chunk.document).name != chunk.document:
        return None, ""
    try:
        shown = render_page(corpus_dir / chunk.document, chunk.page, chunk.text, scale=2.0)  # sharp when enlarged
    except AssistantError as error:
        return None, str(error)
    caption = f"{chunk.document}, trang {chunk.page}"
    return shown.image, caption if shown.found else f"{caption} (không định vị được đoạn trích trên trang)"


def read(chunks: Sequence[Chunk], sections: Sequence[Section], document: str | None = None, query: str = "",
         highlight: str | None = None, corpus_dir: Path | None = None) -> Reading:
    """One document as the reader shows it (the cited passage's document when `highlight` names a chunk).

    With `corpus_dir` and a cited PDF passage, the reading also holds the page image with the passage marked.
    """
    cited = next((c for c in chunks if c.id == highlight), None)
    names = documents_of(chunks)
    document = cited.document if cited else document if document in names else (names[0] if names else "")
    mine = [c for c in chunks if c.document == document]
    outline = Outline([s for s in sections if s.document == document], mine)
    matched, found = _search(outline, mine, query)
    look = _Look(needles_of(query) if matched else [], matched, cited.id if cited else None, _new_pages(mine), query)
    current: set[str] = set()
    if cited and (section := outline.of_chunk(cited)):
        current = {section.id, *(s.id for s in outline.ancestors(section))}
    text = _text_html(outline, mine, document, look) if mine else "<p>Chưa có tài liệu nào trong kho.</p>"
    image, caption = cited_page(corpus_dir, cited) if cited and corpus_dir else (None, "")
    if caption and image is None:
        found += f'<p class="ket-qua">{_esc(caption)}</p>'
    return Reading(document, toc_html(outline, document, current), text, found, image, caption)
