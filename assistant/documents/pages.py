"""A PDF page as an image with a passage highlighted on it: what a cited PDF passage looks like in its file.

The passage is the plan's cleaned wording (lines joined, NFC, doubled words removed), the page is what
the PDF holds (lines broken, words hyphenated, maybe NFD). Both are reduced to the same key — letters
and digits only, lower case, no diacritics — and the passage is looked for whole, else sentence by
sentence, else by the longest start or end of a sentence the page holds (a paragraph running on to the
next page). Every line of what is found gets a semi-transparent yellow box.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from assistant.errors import AssistantError
from assistant.text.normalize import fold
from assistant.text.sentences import clauses, sentences

log = logging.getLogger(__name__)

# PDFium must never run in two threads at once, not even on two documents (pypdfium2's docs).
_LOCK = threading.Lock()
FILL = (255, 221, 0, 110)  # semi-transparent yellow: the text under it stays readable
EDGE = (235, 160, 0, 255)
_PAD = 1.5  # points around each line's box
# A piece of a passage shorter than this (in key characters) is not looked for alone: it would match anywhere.
MIN_PIECE = 16


@dataclass(frozen=True)
class PageImage:
    """A rendered page, whether the passage was found on it, and the boxes drawn (pixels, left-top-right-bottom)."""

    image: Image.Image
    found: bool
    boxes: tuple[tuple[int, int, int, int], ...]


def _key(text: str) -> tuple[str, list[int], list[int]]:
    """`text` as letters and digits, lower case, no diacritics; each key character's start and end in `text`."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for ch in fold(unicodedata.normalize("NFC", text[i:j])).lower():
            if ch.isalnum():
                out.append(ch)
                starts.append(i)
                ends.append(j)
        i = j
    return "".join(out), starts, ends


def _longest(hay: str, piece: str, from_start: bool) -> tuple[int, int] | None:
    """The longest start (or end) of `piece` that `hay` holds, as a span of `hay`; None below MIN_PIECE."""
    def part(n: int) -> str:
        return piece[:n] if from_start else piece[len(piece) - n:]

    if len(piece) < MIN_PIECE or part(MIN_PIECE) not in hay:
        return None
    low, high = MIN_PIECE, len(piece)
    while low < high:  # a part found means every shorter part is found too
        middle = (low + high + 1) // 2
        low, high = (middle, high) if part(middle) in hay else (low, middle - 1)
    at = hay.find(part(low))
    return at, at + low


def _pieces(passage: str) -> list[str]:
    """The passage's sentences, long ones cut at their clauses."""
    found = []
    for sentence in sentences(passage.replace("\n", " ")):
        found += clauses(sentence) if len(sentence) > 200 else [sentence]
    return found


def find_spans(hay: str, passage: str) -> list[tuple[int, int]]:
    """Spans of the key `hay` holding the passage: whole, else piece by piece (the longest part of each)."""
    whole = _key(passage)[0]
    if not whole:
        return []
    at = hay.find(whole)
    if at >= 0:
        return [(at, at + len(whole))]
    spans, after = [], 0
    for piece in (_key(p)[0] for p in _pieces(passage)):
        if len(piece) < MIN_PIECE:
            continue
        at = hay.find(piece, after)
        at = at if at >= 0 else hay.find(piece)
        if at >= 0:
            spans.append((at, at + len(piece)))
        else:
            parts = [s for s in (_longest(hay, piece, True), _longest(hay, piece, False)) if s]
            if not parts:
                continue
            spans.append(max(parts, key=lambda s: s[1] - s[0]))
        after = spans[-1][1]
    return spans


def _open(pdf: Path) -> pdfium.PdfDocument:
    if not pdf.is_file():
        raise AssistantError(f"Không tìm thấy tệp PDF «{pdf.name}» trong thư mục tài liệu.")
    try:
        return pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as error:
        log.warning("cannot open %s: %s", pdf, error)
        raise AssistantError(f"Không mở được tệp PDF «{pdf.name}»: tệp bị hỏng hoặc không phải PDF.") from None


def _draw(textpage: pdfium.PdfTextPage, bitmap: pdfium.PdfBitmap, page: pdfium.PdfPage,
          spans: list[tuple[int, int]]) -> tuple[Image.Image, list[tuple[int, int, int, int]]]:
    """The rendered page with a box over every line of each character range (start, end)."""
    image = bitmap.to_pil().convert("RGBA")
    convert = bitmap.get_posconv(page)  # PDF points to pixels, cropbox and /Rotate included
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    boxes = []
    for start, end in spans:
        for i in range(textpage.count_rects(start, end - start)):
            left, bottom, right, top = textpage.get_rect(i)
            x0, y0 = convert.to_bitmap(left - _PAD, top + _PAD)
            x1, y1 = convert.to_bitmap(right + _PAD, bottom - _PAD)
            box = (int(min(x0, x1)), int(min(y0, y1)), int(max(x0, x1)), int(max(y0, y1)))
            draw.rectangle(box, fill=FILL, outline=EDGE, width=2)
            boxes.append(box)
    return Image.alpha_composite(image, overlay).convert("RGB"), boxes


def render_page(pdf: Path, page: int, passage: str, scale: float = 1.5) -> PageImage:
    """Page `page` (from 1) of `pdf` as an image, every line of `passage` on it highlighted in yellow.

    Raises `AssistantError` for a missing or unreadable file or a page the file does not have.
    """
    with _LOCK:
        document = _open(pdf)
        try:
            if not 1 <= page <= len(document):
                raise AssistantError(f"Tệp PDF «{pdf.name}» không có trang {page}: tệp chỉ có {len(document)} trang.")
            sheet = document[page - 1]
            textpage = sheet.get_textpage()
            hay, starts, ends = _key(textpage.get_text_range())
            spans = [(starts[a], ends[b - 1]) for a, b in find_spans(hay, passage)]
            bitmap = sheet.render(scale=scale)
            image, boxes = _draw(textpage, bitmap, sheet, spans)
        finally:
            document.close()
    if passage.strip() and not spans:
        log.info("passage not found on page %d of %s", page, pdf.name)
    return PageImage(image, bool(boxes), tuple(boxes))
