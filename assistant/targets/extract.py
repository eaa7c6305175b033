"""The plan's figures as records, extracted from the chunks at index time (the index key depends on this file)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.documents.chunking import Chunk
from assistant.store.postings import Postings
from assistant.text.lexicon import terms
from assistant.text.numbers import NUMBER, YEAR, parse_number
from assistant.text.outline import strip_marker
from assistant.text.sentences import clauses, sentences

# Units as plans write them, longest first so "triệu đồng/người/năm" wins over "triệu đồng".
PLAN_UNITS = (
    "triệu đồng/người/năm", "bác sỹ/1 vạn dân", "tỷ đồng", "triệu đồng", "nghìn người", "%/năm", "% GRDP", "%",
    "lao động", "di tích", "di sản", "ha", "km", "MW", "MVA", "xã", "căn", "tuổi", "người", "trường", "phòng học",
)
QUALIFIERS = ("ít nhất", "tối thiểu", "trên", "dưới", "khoảng", "gần", "hơn", "từ", "ước đạt")
_UNIT = "|".join(re.escape(u) for u in PLAN_UNITS)
_FIGURE = re.compile(
    rf"(?<![\w./-])(?:(?P<qualifier>{'|'.join(QUALIFIERS)})\s+)?"
    rf"(?:(?P<low>{NUMBER})\s*(?:-|đến)\s*(?P<high>{NUMBER})|(?P<times>\d+)x(?P<each>{NUMBER})|(?P<value>{NUMBER}))"
    rf"\s*(?P<unit>{_UNIT})(?P<after>\s+trở\s+lên)?(?![\w])"
    rf"|(?P<level>mức độ)\s+(?P<degree>\d+)(?!\.?\d)(?!\w)"
    rf"|(?:\(năm|trong năm)\s+(?P<year>{YEAR})\)?",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    rf"(?:giai đoạn|nhiệm kỳ)\s+({YEAR}\s*-\s*{YEAR})|năm\s+({YEAR})|(hằng năm|hàng năm|mỗi năm)",
    re.IGNORECASE,
)
_EDGE_WORDS = re.compile(
    r"^(?:có|là|phấn đấu|hoàn thành|của)(?:\s+|$)|\s+(?:đạt|là|khoảng|ước|xuống|lên|cho|có|của)$", re.IGNORECASE
)
_GROUP_PREFIX = re.compile(r"^Về\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """One figure the plan commits to, in the plan's words, with its source."""

    id: str
    number: int | None  # the target's number (1)…(18), when it is one of the numbered targets
    group: str  # kinh tế / xã hội / môi trường, or the task section for figures inside the tasks
    indicator: str
    value: float
    value_text: str  # as the plan writes it: "4.500", "55,15", "9-10"
    unit: str
    qualifier: str  # trên, dưới, khoảng, ít nhất, từ … đến, trở lên, or ""
    year: str  # "2030", "2026-2030", "hằng năm", or "" when the passage states none
    section: str
    quote: str
    page: int | None
    document: str
    chunk_id: str

    @property
    def named(self) -> str:
        """What names the record: its indicator, group, unit and year (a look-up matches the question's words here)."""
        return f"{self.indicator} {self.group} {self.unit} {self.year}"


@dataclass(frozen=True)
class TargetPostings:
    """Which records hold each term, in their names and in their quotes: stored with the index, merged per library."""

    named: Postings
    quoted: Postings

    @classmethod
    def of(cls, targets: list[Target]) -> TargetPostings:
        """The postings of these records' names and quotes."""
        return cls(Postings(terms(t.named) for t in targets), Postings(terms(t.quote) for t in targets))

    @classmethod
    def merge(cls, parts: list[TargetPostings]) -> TargetPostings:
        """One pair over the records of `parts`, in order."""
        return cls(Postings.merge([p.named for p in parts]), Postings.merge([p.quoted for p in parts]))

    def save(self, folder: Path) -> None:
        """Write both into `folder`."""
        self.named.save(folder / "targets-named.npz")
        self.quoted.save(folder / "targets-quoted.npz")

    @classmethod
    def load(cls, folder: Path) -> TargetPostings:
        """A pair written by `save`."""
        return cls(Postings.load(folder / "targets-named.npz"), Postings.load(folder / "targets-quoted.npz"))


def _tidy(indicator: str) -> str:
    indicator = re.sub(r"\s+", " ", indicator).strip(" ,.;:–-…")
    for _ in range(3):
        indicator = _EDGE_WORDS.sub("", indicator).strip(" ,.;:–-…")
    return indicator


def _group(chunk: Chunk) -> str:
    heading = chunk.headings[-1] if chunk.headings else chunk.section
    return _GROUP_PREFIX.sub("", strip_marker(heading)).strip()


def _period(*texts: str) -> str:
    for text in texts:
        found = _PERIOD.search(text)
        if found:
            return re.sub(r"\s+", "", found.group(1)) if found.group(1) else (found.group(2) or found.group(3))
    return ""


_NOUN_UNITS = {"lao động", "di tích", "di sản", "ha", "xã", "căn", "người", "trường", "phòng học"}


def _last_words(text: str, limit: int = 20) -> str:
    """The name right before a figure: from the last list item ("…, Nâng công suất …"), at most `limit` words."""
    items = re.split(r", (?=[^\W\d_a-zđ]\w*\s+\w+\s+\w+)", text)
    parts = items[-1].split(", ")
    while len(parts) > 1 and len(" ".join(parts).split()) > limit:
        parts.pop(0)
    return ", ".join(parts)


def _figures_in(clause: str, prefix: str) -> list[tuple[re.Match, str]]:
    """The figures of one clause, each with the plan's words that name it.

    A clause names its figures either before them ("Mẫu giáo đạt 99,8%, tiểu học đạt 99,9%") or,
    when it opens with a figure, after them ("88% thôn, bản … có nhà văn hóa; 86,4% hộ gia đình").
    For counted things ("10 xã", "10.000 ha chè") the words after the unit belong to the name, and
    "…" marks where the figure stands.
    """
    figures = [m for m in _FIGURE.finditer(clause) if not _is_descriptor(clause, m)]
    follows = bool(figures) and not _tidy(clause[:figures[0].start()])
    named, cursor = [], 0
    for i, match in enumerate(figures):
        stop = figures[i + 1].start() if i + 1 < len(figures) else len(clause)
        unit = match.group("unit") if match.group("unit") in _NOUN_UNITS else ""
        if follows:
            indicator = _tidy(f"{unit} {re.sub(r'(,|[ ]và)[ ]*$', '', clause[match.end():stop].strip())}")
        else:
            before = _tidy(_last_words(re.sub(r"^[ ,]*(và[ ]+)?", "", clause[cursor:match.start()])))
            after = clause[match.end():stop].split(",", 1)[0]
            consumes = unit or (match.group("unit") or "").startswith("%")
            cursor = match.end() + len(after) if consumes and after.strip(" .…") else match.end()
            after = after.strip(" .…")
            if unit:
                indicator = f"{before} … {unit} {after}" if before and after else before or f"{unit} {after}"
            elif (match.group("unit") or "").startswith("%"):  # "ít nhất 25% diện tích được sản xuất"
                indicator = after or before
            else:
                indicator = before
        if prefix:
            indicator = f"{prefix}: {indicator}" if indicator else prefix
        named.append((match, indicator))
    return named


def _is_descriptor(clause: str, match: re.Match) -> bool:
    """Ages that describe a group ("trẻ em dưới 5 tuổi suy dinh dưỡng") are not targets."""
    return match.group("unit") == "tuổi" and bool(re.match(r"\s*[^\W\d_]", clause[match.end():]))


def extract_targets(chunks: list[Chunk]) -> list[Target]:
    """Every figure the chunks commit to, one record per figure, in reading order."""
    records: list[Target] = []
    for chunk in chunks:
        item = re.search(r"\((\d{1,2})\)$", chunk.section)
        for sentence in sentences(chunk.text):
            body = strip_marker(sentence)
            prefix, rest = "", body
            head, colon, tail = body.partition(": ")
            if colon and len(_FIGURE.findall(tail)) > 1 and not _FIGURE.search(head):
                prefix, rest = _tidy(head), tail  # "Tỷ lệ huy động …: Mẫu giáo 99,8%, tiểu học 99,9%"
            for clause in clauses(rest):
                for match, indicator in _figures_in(clause, prefix):
                    records.append(_record(chunk, item, match, indicator, clause, sentence, len(records) + 1))
    return records


def _record(chunk: Chunk, item: re.Match | None, match: re.Match, indicator: str, clause: str, sentence: str,
            serial: int) -> Target:
    """One record from a figure found in a clause."""
    qualifier = (match.group("qualifier") or "").lower()
    if match.group("year"):
        value_text, unit = match.group("year"), "năm"
    elif match.group("degree"):
        value_text, unit = match.group("degree"), "mức độ"
        indicator = indicator or "mức độ"
    elif match.group("low"):
        value_text, unit = f"{match.group('low')}-{match.group('high')}", match.group("unit")
        qualifier = qualifier or "từ … đến"
    elif match.group("times"):
        value_text, unit = f"{match.group('times')}x{match.group('each')}", match.group("unit")
    else:
        value_text, unit = match.group("value"), match.group("unit")
    if match.group("after"):
        qualifier = "trở lên"
    if "x" in value_text:
        times, each = value_text.split("x")
        value = int(times) * parse_number(each)
    else:
        value = parse_number(value_text.split("-")[-1]) if "-" in value_text else parse_number(value_text)
    year = "" if unit == "năm" else _period(indicator).lower()
    if unit.endswith("/năm") and not year:
        year = "hằng năm"
    return Target(
        id=f"{chunk.document}:{serial}",
        number=int(item.group(1)) if item else None,
        group=_group(chunk),
        indicator=indicator or unit,
        value=value,
        value_text=value_text,
        unit=unit,
        qualifier=qualifier,
        year=year,
        section=chunk.section,
        quote=clause.strip().rstrip(".") if len(clause) < 400 else sentence.strip(),
        page=chunk.page,
        document=chunk.document,
        chunk_id=chunk.id,
    )
