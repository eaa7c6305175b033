"""The plan's figures as records: extracted from the chunks at index time, looked up by words or value."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np

from assistant.chunking import Chunk, clauses, sentences
from assistant.matching import Evidence, coverage, plain_number, question_terms, text_terms
from assistant.normalize import OUTLINE_MARKER, fold, match_form

# Units as plans write them, longest first so "triệu đồng/người/năm" wins over "triệu đồng".
UNITS = (
    "triệu đồng/người/năm", "bác sỹ/1 vạn dân", "tỷ đồng", "triệu đồng", "nghìn người", "%/năm", "% GRDP", "%",
    "lao động", "di tích", "di sản", "ha", "km", "MW", "MVA", "xã", "căn", "tuổi", "người", "trường", "phòng học",
)
QUALIFIERS = ("ít nhất", "tối thiểu", "trên", "dưới", "khoảng", "gần", "hơn", "từ", "ước đạt")
_NUMBER = r"\d+(?:[.,]\d+)*"
_UNIT = "|".join(re.escape(u) for u in UNITS)
_FIGURE = re.compile(
    rf"(?<![\w./-])(?:(?P<qualifier>{'|'.join(QUALIFIERS)})\s+)?"
    rf"(?:(?P<low>{_NUMBER})\s*(?:-|đến)\s*(?P<high>{_NUMBER})|(?P<times>\d+)x(?P<each>{_NUMBER})|(?P<value>{_NUMBER}))"
    rf"\s*(?P<unit>{_UNIT})(?P<after>\s+trở\s+lên)?(?![\w])"
    rf"|(?P<level>mức độ)\s+(?P<degree>\d+)(?!\.?\d)(?!\w)"
    rf"|(?:\(năm|trong năm)\s+(?P<year>(?:19|20)\d\d)\)?",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"(?:giai đoạn|nhiệm kỳ)\s+((?:19|20)\d\d\s*-\s*(?:19|20)\d\d)|năm\s+((?:19|20)\d\d)|(hằng năm|hàng năm|mỗi năm)",
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

    def statement(self) -> str:
        """The figure as a phrase: qualifier, value, unit and year, in the plan's notation."""
        value = f"{self.value_text}{self.unit}" if self.unit.startswith("%") else f"{self.value_text} {self.unit}"
        if self.unit in ("năm", "mức độ"):
            value = f"{self.unit} {self.value_text}"
        words = [self.qualifier if self.qualifier not in ("trở lên", "") else "", value,
                 "trở lên" if self.qualifier == "trở lên" else ""]
        phrase = " ".join(w for w in words if w)
        if self.year and self.year not in phrase:
            when = self.year if not self.year[0].isdigit() else ("giai đoạn " if "-" in self.year else "năm ") + self.year
            phrase += f" ({when})"
        return phrase


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _tidy(indicator: str) -> str:
    indicator = re.sub(r"\s+", " ", indicator).strip(" ,.;:–-…")
    for _ in range(3):
        indicator = _EDGE_WORDS.sub("", indicator).strip(" ,.;:–-…")
    return indicator


def _group(chunk: Chunk) -> str:
    heading = chunk.headings[-1] if chunk.headings else chunk.section
    match = OUTLINE_MARKER.match(heading)
    return _GROUP_PREFIX.sub("", heading[match.end():] if match else heading).strip()


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
            body = sentence[OUTLINE_MARKER.match(sentence).end():] if OUTLINE_MARKER.match(sentence) else sentence
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
        value = int(times) * _number(each)
    else:
        value = _number(value_text.split("-")[-1]) if "-" in value_text else _number(value_text)
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


_TARGET_NUMBER = re.compile(r"ch[iỉ]\s+ti[eê]u\s+(?:s[oố]\s+)?\(?(\d{1,2})\)?(?![\d.,])|\((\d{1,2})\)", re.IGNORECASE)
_QUERY_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:x\d+)?")
# Words by which a question asks for a unit: "bao nhiêu phần trăm" wants a share, not a head count.
_ASKED_UNITS = {"%": re.compile(r"phan tram|%|\bty le\b|\bti le\b"), "ha": re.compile(r"\bha\b|hecta"),
                "tỷ đồng": re.compile(r"\bty dong\b|bao nhieu ty\b"), "năm": re.compile(r"nam nao|bao gio|khi nao")}


def _unit_key(unit: str) -> str:
    return "%" if unit.startswith("%") else unit


@dataclass(frozen=True)
class Match:
    """A target found by a lookup, with how well it matched (1.0 is an exact value or number)."""

    target: Target
    score: float
    by_value: bool = False  # the query named this target's value ("96,01%") or its number ("(15)")


class TargetTable:
    """The plan's target records and the ways to look them up."""

    def __init__(self, targets: list[Target], evidence: Evidence) -> None:
        self.targets = targets
        self.by_id = {t.id: t for t in targets}
        self.evidence = evidence
        # Each record's terms, computed once, and which records hold each term: a look-up adds up the
        # weights of the question's terms over these postings instead of comparing every record.
        self._named = [text_terms(f"{t.indicator} {t.group} {t.unit} {t.year}") for t in targets]
        self._quoted = [text_terms(t.quote) for t in targets]
        self._in_named = _postings(self._named)
        self._in_quoted = _postings(self._quoted)
        self._values = [(plain_number(t.value_text), plain_number(t.value_text.split("-")[-1])) for t in targets]
        self.groups = sorted({t.group for t in targets}, key=lambda g: [t.group for t in targets].index(g))

    def search(self, query: str = "", group: str | None = None, year: str | None = None,
               limit: int = 10, min_score: float = 0.5, focus: str = "", document: str | None = None) -> list[Match]:
        """Targets matching words of `query` (diacritics optional), a value it names, or "(n)"; best first.

        With `focus` (what a follow-up asks about), only targets about it are kept; with `document`, only its own.
        """
        pool = [i for i, t in enumerate(self.targets) if _keep(t, group, year) and document in (None, t.document)]
        number = _TARGET_NUMBER.search(query)
        if number:  # "chỉ tiêu số (15)": that target's figures
            pool = [i for i in pool if self.targets[i].number == int(number.group(1) or number.group(2))]
            query = _TARGET_NUMBER.sub(" ", query)
        plain = fold(match_form(query))
        if not question_terms(query):
            return [Match(self.targets[i], 1.0, by_value=bool(number)) for i in pool][:limit]
        # A value worth a reverse look-up: "4.500", "13,5", "96,01%", "70" — not the 3 of "cấp 3".
        values = {plain_number(n) for n in _QUERY_NUMBER.findall(query) if len(re.sub(r"\D", "", n)) > 1}
        wanted = question_terms(query)
        years = set(re.findall(r"\b(?:19|20)\d\d\b", query))
        focused = question_terms(focus) if focus else []
        asked = {unit for unit, pattern in _ASKED_UNITS.items() if pattern.search(plain)}
        base = 0.8 * self._covered(wanted, self._in_named) + 0.2 * self._covered(wanted, self._in_quoted)
        best_named = max((base[i] for i in pool), default=0.0)
        precision: dict[str, float] = {}  # per indicator text: many records may share one
        matches = []
        for i in pool:
            target = self.targets[i]
            by_value = bool(values) and (self._values[i][0] in values or self._values[i][1] in values)
            if base[i] + 0.2 < min_score and not by_value:
                continue  # even the bonuses below could not lift it to min_score
            if focused and coverage(focused, self._named[i], self.evidence) < 0.5:
                continue
            score = float(base[i])
            # Prefer the record the question names most precisely: "dân số" is population, not "dân số đô thị …".
            if target.indicator not in precision:
                precision[target.indicator] = coverage(question_terms(target.indicator), query, self.evidence)
            score += 0.1 * precision[target.indicator]
            if asked:
                score += 0.1 if _unit_key(target.unit) in asked else -0.3
            if by_value and target.unit == "năm" and score < 0.3:
                by_value = False  # a year alone ("lương năm 2027") does not name a deadline
            if by_value and base[i] + 0.3 < best_named:
                by_value = False  # "che phủ rừng đạt 99%?" names forest cover; another target's 99% does not answer it
            score += 1.0 if by_value else 0.0
            score += 0.05 if years and years & set(re.findall(r"\d{4}", target.year)) else 0.0
            if score >= min_score:
                matches.append(Match(target, round(score, 3), by_value or bool(number)))
        matches.sort(key=lambda m: -m.score)
        return matches[:limit]


    def _covered(self, wanted: tuple[tuple[str, ...], ...], postings: dict[str, np.ndarray]) -> np.ndarray:
        """For every record, the share of the question's terms (weighted by rarity) it holds."""
        found = np.zeros(len(self.targets))
        total = sum(self.evidence.weight(group[0]) for group in wanted)
        for group in wanted:
            holders = [postings[form] for form in group if form in postings]
            if holders:
                found[np.unique(np.concatenate(holders))] += self.evidence.weight(group[0])
        return found / total if total else found


def _postings(term_sets: list[frozenset[str]]) -> dict[str, np.ndarray]:
    holding: dict[str, list[int]] = {}
    for position, present in enumerate(term_sets):
        for term in present:
            holding.setdefault(term, []).append(position)
    return {term: np.array(ids, dtype=np.int64) for term, ids in holding.items()}


def _keep(target: Target, group: str | None, year: str | None) -> bool:
    if group and fold(match_form(group)) not in fold(match_form(target.group)):
        return False
    return not year or year in target.year or year in target.quote


def make_lookup_tool(table: TargetTable, document: str | None = None):
    """The lookup as a LangChain tool, described in Vietnamese for a model that may call it; only `document`'s targets if named."""
    from langchain_core.tools import tool

    @tool("tra_cuu_chi_tieu")
    def lookup(query: str, group: str = "", year: str = "") -> list[dict]:
        """Tra cứu chỉ tiêu, con số trong kế hoạch theo từ khóa (có dấu hoặc không dấu, chữ viết tắt như BHYT, THCS),
        theo nhóm (kinh tế, xã hội, môi trường, hoặc tên nhiệm vụ), theo năm, hoặc ngược lại theo giá trị
        ("96,01%") hay số thứ tự chỉ tiêu ("(15)"). Trả về danh sách chỉ tiêu kèm đoạn trích và vị trí nguồn."""
        found = table.search(query, group or None, year or None, document=document)
        return [asdict(m.target) | {"score": m.score} for m in found]

    return lookup


COLUMNS = {"number": "Chỉ tiêu", "group": "Nhóm", "indicator": "Nội dung", "figure": "Mục tiêu", "year": "Năm",
           "section": "Vị trí trong kế hoạch", "quote": "Nguyên văn"}


def rows(targets: list[Target]) -> list[dict[str, str]]:
    """One display row per target, keyed as `COLUMNS`, in the plan's notation."""
    return [
        {"number": f"({t.number})" if t.number else "", "group": t.group, "indicator": t.indicator,
         "figure": t.statement(), "year": t.year, "section": t.section, "quote": t.quote}
        for t in targets
    ]


def to_csv(targets: list[Target]) -> str:
    """Every field of every target as CSV (UTF-8 text with a header row)."""
    import csv
    import io

    out = io.StringIO()
    fields = list(Target.__dataclass_fields__)
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(asdict(t) for t in targets)
    return out.getvalue()
