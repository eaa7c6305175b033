"""A library of distinct plans made from the real one, for scaling benchmarks that must embed every passage.

Document 0 is the real plan, unchanged. Document k (k ≥ 1) is the plan of another province:

- «Lai Châu» becomes another province's name, and the plan's own local names (Sìn Hồ, Ma Lù Thàng,
  Bản Chát, …) become names made from the same syllables, shuffled by k;
- every figure is scaled by a factor of k (in the plan's notation: «55,15», «1.200», «9-10%»), except
  years (1990–2050), dates and outline markers, so the plan's periods and structure hold;
- the sentences of each paragraph, and the «;» clauses of each sentence after its first, are shuffled
  (seeded by k); outline markers (I., 1., 2.1., (1)…(18), a)) stay at the start of their paragraphs;
- a paragraph that could read the same in another document (no figure of four digits, no province)
  names its province once («toàn tỉnh Sơn La», «… của tỉnh Sơn La»), or, when long enough to be cut
  into several chunks, each such sentence does: so no passage is the same in two documents.
  There are 56 provinces to go round; documents 57–112 take them again, worded «… trên địa bàn Sơn La».

    .venv/bin/python benchmarks/library.py OUT_DIR 100     # writes the real plan and 99 generated ones
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from assistant.config import Settings
from assistant.documents.ingest import load_document
from assistant.text.outline import OUTLINE_MARKER, is_heading
from assistant.text.places import provinces
from assistant.text.sentences import ENDS_SENTENCE, clauses, sentences

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "corpus" / "ke-hoach-ktxh-lai-chau-2026-2030.txt"
HOME = "Lai Châu"
CHUNK_CHARS = Settings().chunk_chars  # a paragraph this long or shorter is never cut (chunking.py)
# Centrally-run cities are no «tỉnh»; they are left out so «tỉnh X» always reads right.
CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Thừa Thiên Huế"}
# The plan's own local names (districts, communes, border gate, plants): renamed in other documents.
LOCAL = ("Ma Lù Thàng", "Bản Chát", "Pắc Ta", "Sìn Hồ", "Phong Thổ", "Pắc Ma", "Than Uyên", "Tân Uyên", "Mường Tè",
         "Phiêng Phát", "Sơn Bình", "Bình Lư", "Khau Co", "Kim Thủy Hà", "Nậm Nhùn", "Tam Đường", "Đông Pao")
FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")  # as the plan writes them: 4.500 · 55,15 · 9 and 10 of 9-10
GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 4.500, 1.500.000,5: dots between thousands
DATE = re.compile(r"\b\d{1,2}/\d{1,2}/(?:19|20)\d\d\b")
YEAR = re.compile(r"(?:19[89]\d|20[0-4]\d|2050)")


@lru_cache(maxsize=1)
def others() -> tuple[str, ...]:
    """The provinces a generated document may be about: all but the plan's own and the centrally-run cities."""
    return tuple(p for p in provinces() if p != HOME and p not in CITIES)


def most() -> int:
    """How many documents a library can have (each province serves twice, worded differently)."""
    return 1 + 2 * len(others())


def province(k: int) -> str:
    """The province document k is about."""
    if not 1 <= k < most():
        raise ValueError(f"document {k}: a library has documents 0…{most() - 1}")
    return others()[(k - 1) % len(others())]


def _cycle(k: int) -> int:
    return (k - 1) // len(others())


def slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in text if not unicodedata.combining(c)).lower()).strip("-")


def name(k: int) -> str:
    """The file name of document k."""
    return PLAN.name if k == 0 else f"ke-hoach-ktxh-{slug(province(k))}-2026-2030-{k:03d}.txt"


def factor(k: int) -> float:
    """The scale of document k's figures: spread over 0.55–1.45, different for every k, never near 1."""
    value = 0.55 + 0.9 * ((k * 0.6180339887498949) % 1.0)
    return value if abs(value - 1) > 0.03 else value + 0.07


def _written(value: float, decimals: int, grouped: bool, point: str) -> str:
    text = f"{value:,.{decimals}f}"  # 1,234.56
    if point == ".":  # an English-style decimal point, kept as the plan typed it
        return text.replace(",", "")
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")  # 1.234,56
    return text if grouped else text.replace(".", "")


def scale(figure: str, k: int, percent: bool = False) -> str:
    """`figure` (as the plan writes it) times document k's factor, in the same notation, never unchanged."""
    grouped = bool(GROUPED.fullmatch(figure))
    point = "." if not grouped and "." in figure else ","
    plain = figure.replace(".", "").replace(",", ".") if point == "," else figure
    decimals = len(plain.rsplit(".", 1)[1]) if "." in plain else 0
    value = float(plain)
    f = factor(k)
    if percent and value <= 100 < value * f:  # a share stays a share
        f = 1 / f
    text = _written(value * f, decimals, grouped, point)
    if text == figure:
        text = _written(value + 10 ** -decimals, decimals, grouped, point)
    return text


def figures(text: str, k: int) -> str:
    """Every figure of `text` scaled for document k; years, spans of years and dates stay."""
    dates = [m.span() for m in DATE.finditer(text)]

    def replace(match: re.Match[str]) -> str:
        figure = match.group(0)
        if YEAR.fullmatch(figure) or any(a <= match.start() < b for a, b in dates):
            return figure
        return scale(figure, k, text[match.end():match.end() + 2].lstrip().startswith("%"))

    return FIGURE.sub(replace, text)


def local_names(k: int) -> dict[str, str]:
    """The plan's local names → names made of the same syllables, chosen for document k (none kept)."""
    syllables = sorted({s for n in LOCAL for s in n.split()})
    rng = random.Random(f"local-{k}")
    mapping = {}
    for original in LOCAL:
        made = original
        while made == original or made in LOCAL or made in provinces():
            made = " ".join(rng.choice(syllables) for _ in original.split())
        mapping[original] = made
    return mapping


def places(text: str, k: int) -> str:
    """`text` with «Lai Châu» and the plan's local names replaced for document k."""
    names = {HOME: province(k)} | local_names(k)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda m: names[m.group(0)], text)


def _shuffled(items: list[str], rng: random.Random) -> list[str]:
    """`items` in another order when there is one."""
    if len(items) < 2:
        return items
    for _ in range(5):
        order = items[:]
        rng.shuffle(order)
        if order != items:
            return order
    return items[::-1]


def _clauses(sentence: str, rng: random.Random) -> str:
    """The «;» clauses after the first in another order (the first keeps its capital, the last the full stop)."""
    end = ENDS_SENTENCE.search(sentence)
    body, stop = (sentence[:end.start()], sentence[end.start():].strip()) if end else (sentence, "")
    parts = clauses(body)
    if len(parts) < 3 or "(" in body:
        return sentence
    return "; ".join([parts[0], *_shuffled(parts[1:], rng)]) + stop


def _own(sentence: str, k: int) -> bool:
    """Whether a sentence of document k reads like no other document's: it holds a figure of four digits
    or more (so a factor of its own shows), or, the first time round the provinces, its province."""
    unchanged = YEAR.sub("", DATE.sub("", sentence))
    fine = any(len(re.sub(r"\D", "", f).lstrip("0")) >= 4 for f in FIGURE.findall(unchanged))
    return fine or (_cycle(k) == 0 and province(k) in sentence)


def _name_province(sentence: str, k: int) -> str:
    """The sentence naming document k's province once: «toàn tỉnh X», «tỉnh X» for «địa phương», or at its end."""
    place = province(k)
    if _cycle(k) == 0:
        for word in ("toàn tỉnh", "của tỉnh", "trên địa bàn tỉnh"):
            found = re.search(rf"\b{word}\b(?! {re.escape(place)})", sentence)
            if found:
                return f"{sentence[:found.end()]} {place}{sentence[found.end():]}"
        found = re.search(r"\bđịa phương\b", sentence)
        if found:
            return f"{sentence[:found.start()]}tỉnh {place}{sentence[found.end():]}"
    where = f"của tỉnh {place}" if _cycle(k) == 0 else f"trên địa bàn {place}"
    end = ENDS_SENTENCE.search(sentence)
    return f"{sentence[:end.start()]} {where}{sentence[end.start():]}" if end else f"{sentence} {where}"


def paragraph(text: str, k: int, rng: random.Random) -> str:
    """One paragraph of the plan made document k's: its marker first, then its sentences shuffled and changed."""
    found = OUTLINE_MARKER.match(text)
    head, body = (text[:found.end()], text[found.end():]) if found else ("", text)
    if found and is_heading(text):
        return head + places(figures(body, k), k)
    parts = sentences(body)
    closed = parts if ENDS_SENTENCE.search(parts[-1]) else parts[:-1]  # an unfinished last sentence stays last
    changed = [places(figures(_clauses(s.strip(), rng), k), k) for s in _shuffled(closed, rng) + parts[len(closed):]]
    whole = found and found.group("item") or len(head + " ".join(changed)) + 40 <= CHUNK_CHARS
    if whole:  # one chunk holds the whole paragraph (a target is never split): one mark is enough
        if not any(_own(s, k) for s in changed):
            changed[-1] = _name_province(changed[-1], k)
    else:  # the chunker may cut it between any two sentences: each must be its document's own
        changed = [s if _own(s, k) else _name_province(s, k) for s in changed]
    return head + " ".join(changed)


def document(k: int) -> str:
    """The text of document k (0: the real plan, as it is), one paragraph a line, blank lines between."""
    if k == 0:
        return PLAN.read_text(encoding="utf-8")
    rng = random.Random(k)
    return "\n\n".join(paragraph(p.text, k, rng) for p in load_document(PLAN).paragraphs) + "\n"


def write_library(folder: Path, count: int, start: int = 0) -> list[Path]:
    """Write documents start…count-1 into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(start, count):
        path = folder / name(k)
        if k == 0:
            shutil.copy(PLAN, path)
        else:
            path.write_text(document(k), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    written = write_library(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{len(written)} documents in {sys.argv[1]}")
