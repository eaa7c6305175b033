"""The figures a yearly report states, read from its prose and its tables, each with what it measures.

A figure is a number with its unit. What it measures is the phrase before it in its clause («độ che
phủ rừng đạt 51,2%»), or the subject of its sentence when the clause has none («…, tăng 12,3% so với
cùng kỳ»), or, in a table, its row's name. Each figure says whether it is a level or a change («tăng
11,2%»), the year it is for (the report's, unless the clause names another: «năm 2025 là 49,8%»), and
what the report says of it against its plan («đạt 96,5% kế hoạch», «không đạt chỉ tiêu»). Figures in
a comparison («so với cùng kỳ», «so với ước tính 8,5%») and in the parts that plan ahead («Phương
hướng, nhiệm vụ năm 2027») are not reported figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.documents.chunking import Chunk
from assistant.text.numbers import NUMBER, YEAR, parse_number
from assistant.text.sentences import sentences

# Units as reports write them, longest first.
UNITS = (
    "triệu đồng/người/năm", "triệu đồng/người", "bác sỹ/1 vạn dân", "bác sĩ/1 vạn dân", "bác sỹ/vạn dân",
    "bác sĩ/vạn dân", "nghìn tỷ đồng", "tỷ đồng", "triệu đồng", "nghìn lượt người", "nghìn lượt", "lượt người",
    "lượt khách", "lượt", "nghìn người", "kWh", "%/năm", "% GRDP", "%", "điểm phần trăm", "lao động", "người", "hộ", "xã",
    "km", "ha", "MW", "căn", "trường", "tuổi", "di tích", "thôn", "doanh nghiệp", "tấn",
)
_UNIT = "|".join(re.escape(u) for u in UNITS)
_FIGURE = re.compile(rf"(?<![\w./-])(?P<number>{NUMBER})\s*(?P<unit>(?:(?:nghìn|ngàn|triệu|tỷ)\s+)?(?:{_UNIT}))(?![\w])",
                     re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:tăng|giảm)(?:\s+(?:thêm|bình quân|khoảng|trên|gần|hơn))*\s*$", re.IGNORECASE)
_PLANNED = re.compile(r"\b(?:kế hoạch|KH|chỉ tiêu|mục tiêu|dự toán|đề ra|giao)\b", re.IGNORECASE)
_COMPARED = re.compile(r"\bso\s+với\b(?!.*\b(?:đạt|là|còn)\b)", re.IGNORECASE)
_SHARE_AFTER = re.compile(r"^\s*(?:so với\s+)?(?:kế hoạch|KH|chỉ tiêu|dự toán|mục tiêu|nhiệm vụ)", re.IGNORECASE)
_STATUS = re.compile(r"\b(không đạt|chưa đạt|vượt|đạt)(?:\s+(?:và vượt\s+)?)(?:kế hoạch|chỉ tiêu|mục tiêu|KH)\b",
                     re.IGNORECASE)
_AHEAD = re.compile(r"phương hướng|dự kiến|định hướng", re.IGNORECASE)
_AHEAD_CLAUSE = re.compile(r"\b(?:phấn đấu|dự kiến)\b", re.IGNORECASE)
_VERBS = (r"ước thực hiện|ước tính|ước đạt|ước|thực hiện|đạt được|đạt|là|còn|lên|xuống|được|bằng|có|chiếm|khoảng|trên"
          r"|dưới|hơn|gần|tăng|giảm|lần lượt|mới|thêm|bình quân")
_TAIL = re.compile(rf"(?:[\s,:]*\b(?:{_VERBS})\b)+[\s,:]*$", re.IGNORECASE)  # the verbs and hedges before a figure
_LEAD = re.compile(rf"^(?:[\s,:]*\b(?:trong đó|tính đến|đến nay|theo đó|năm\s+{YEAR}|{YEAR})\b)+[\s,:]*", re.IGNORECASE)
_PIECES = re.compile(r";\s+|,\s+(?![^()]*\))")
_YEAR_NAMED = re.compile(rf"(?<!so với )(?:năm|cuối năm|hết năm)\s+({YEAR})", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Reported:
    """One figure a report states: what it measures in the report's words, the figure as written, where."""

    document: str
    chunk_id: str
    year: int
    indicator: str  # the report's words for what is measured
    figure: str  # as written: "51,2", "2.950"
    value: float
    unit: str
    measure: str  # "level", or "change" («tăng 11,2%»)
    quote: str  # the sentence or table row it stands in
    status: str = ""  # what the report says against its plan: «đạt», «vượt», «không đạt», «chưa đạt», or ""
    share: str = ""  # the share of the plan the report gives, as written («96,5% kế hoạch»), or ""


def read_reported(chunks: list[Chunk], year: int) -> list[Reported]:
    """The figures the report (its chunks, in order) states for `year` and the years it looks back on."""
    found: list[Reported] = []
    table: _Columns | None = None  # the table being read: its rows may run on into the next chunk
    for chunk in chunks:
        if any(_ahead(heading, year) for heading in chunk.headings):
            table = None
            continue
        for line in chunk.text.split("\n"):
            header = _Columns.of(_header_cells(line), year)
            if header is not None:
                table = header
                continue
            cells = table.cells(line) if table is not None else []
            if cells:
                found += table.row(cells, chunk, line)
                continue
            table = None
            for sentence in sentences(line):
                if not _AHEAD_CLAUSE.search(sentence):
                    found += _from_sentence(sentence, chunk, year)
    return found


def _ahead(heading: str, year: int) -> bool:
    """A part of the report that plans ahead: «III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027»."""
    return bool(_AHEAD.search(heading)) or str(year + 1) in heading


def _subject(text: str) -> str:
    """What a clause's words before a figure name, without the verbs and hedges just before it."""
    words = re.sub(r"\s+", " ", text.replace("(", " ").replace(")", " "))
    return _LEAD.sub("", _TAIL.sub("", words)).strip(" ,:;-–")


def _pieces(sentence: str) -> list[str]:
    """The sentence cut after each stretch that holds a figure, at a comma or semicolon: «A đạt 5%, B …»."""
    pieces, current = [], ""
    for segment in _PIECES.split(sentence):
        current = f"{current}, {segment}" if current else segment
        if _FIGURE.search(segment):
            pieces.append(current)
            current = ""
    return [*pieces, current] if current else pieces


def _from_sentence(sentence: str, chunk: Chunk, year: int) -> list[Reported]:
    stated: list[Reported] = []
    subject = ""  # the sentence's last named subject, for a clause that names none
    for piece in _pieces(sentence):
        figures = list(_FIGURE.finditer(piece))
        names = _listed(piece, figures)
        start, own_figures = 0, []
        for i, figure in enumerate(figures):
            before, after = piece[start:figure.start()], piece[figure.end():]
            start = figure.end()
            inside = before.rfind("(") > before.rfind(")")
            opened = before.rsplit("(", 1)[-1] if inside else before  # inside brackets, what the bracket says
            if _COMPARED.search(before) or _PLANNED.search(" ".join(opened.split()[-3:])):
                continue  # «so với cùng kỳ», «(kế hoạch tăng 10%)»: a figure compared with, not reported
            share = _SHARE_AFTER.match(after)
            if figure.group("unit") == "%" and share:
                if own_figures or stated:
                    last = own_figures or stated
                    last[-1] = _with_share(last[-1], f"{figure.group('number')}% {share.group().strip()}")
                continue
            own = names[i] if names else _subject(opened)
            if inside and len(_WORD.findall(own)) < 2:  # «(chiếm 44,7%)»: of what the words before the bracket name
                own = _subject(before.rsplit("(", 1)[0]) or own
            named = len(_WORD.findall(_PLANNED.sub(" ", own)))
            if named >= 2 or (named and not subject):
                subject = own
            elif not names:
                own = subject
            if not own:
                continue
            years = _YEAR_NAMED.findall(opened) or _YEAR_NAMED.findall(piece[:figure.start()])
            if years and int(years[-1]) > year:
                continue  # a later year's target («chỉ tiêu năm 2028: …»), not a figure reported
            measure = "change" if _CHANGE.search(before) else "level"
            own_figures.append(Reported(chunk.document, chunk.id, int(years[-1]) if years else year, own,
                                        figure.group("number"), parse_number(figure.group("number")),
                                        figure.group("unit"), measure, sentence.strip()))
        status = _STATUS.search(piece)
        if status:  # what the report says against the plan: of this clause's figures of the year, else the last ones
            of_year = [r for r in own_figures if r.year == year] or [r for r in stated[-1:] if r.year == year]
            judged = {id(r) for r in of_year}
            own_figures = [_with_status(r, status.group(1).lower()) if id(r) in judged else r for r in own_figures]
            stated = [_with_status(r, status.group(1).lower()) if id(r) in judged else r for r in stated]
        stated += own_figures
    return stated


def _listed(piece: str, figures: list[re.Match[str]]) -> list[str]:
    """The subjects of «A, B lần lượt đạt 66,2% và 29,1%», one per figure; [] for a clause of another form."""
    if len(figures) < 2 or "lần lượt" not in piece.lower():
        return []
    head = piece[:piece.lower().index("lần lượt")]
    names = [_subject(n) for n in re.split(r",\s+|\s+và\s+", head) if _subject(n)]
    return names[-len(figures):] if len(names) >= len(figures) else []


def _with_share(reported: Reported, share: str) -> Reported:
    value = parse_number(share.split("%")[0])
    status = reported.status or ("chưa đạt" if value < 100 else "vượt" if value > 100 else "đạt")
    return Reported(**{**reported.__dict__, "share": share, "status": status})


def _with_status(reported: Reported, status: str) -> Reported:
    return reported if reported.status else Reported(**{**reported.__dict__, "status": status})


def _header_cells(line: str) -> list[str]:
    """The cells of a line that may be a table's header: between «|», or, as PDF text gives it, at each
    column's first word («STT Chỉ tiêu Đơn vị Kế hoạch năm 2027 Ước thực hiện năm 2027 So sánh (%)»)."""
    if "|" in line:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    if not re.match(r"(?:STT|TT)\s", line):
        return []
    return [c.strip() for c in _HEADER_WORDS.split(line) if c.strip()]


_HEADER_WORDS = re.compile(r"(?=\b(?:STT|TT|Chỉ tiêu|Nội dung|Đơn vị|ĐVT|Kế hoạch|KH|Mục tiêu|Ước|Thực hiện|TH|So sánh"
                           r"|Tỷ lệ|Đánh giá|Năm|Dự toán)\b)")
_ROW_NUMBER = re.compile(rf"(?:khoảng|trên|dưới|ước)?\s*{NUMBER}\s*%?|-|—")


_HEADER_NAME = re.compile(r"^(?:tên\s+)?(?:các\s+)?(?:chỉ tiêu|nội dung|danh mục|lĩnh vực|hạng mục)", re.IGNORECASE)
_HEADER_UNIT = re.compile(r"^(?:đơn vị|đvt)", re.IGNORECASE)
_HEADER_SHARE = re.compile(r"so sánh|tỷ lệ|%\s*(?:so\s+)?(?:với\s+)?(?:kh|kế hoạch)|(?:đạt|so với)\s*(?:%|kh|kế hoạch)",
                           re.IGNORECASE)
_HEADER_PLANNED = re.compile(r"kế hoạch|\bkh\b|mục tiêu|chỉ tiêu|dự toán", re.IGNORECASE)
_HEADER_DONE = re.compile(r"thực hiện|\bth\b|ước|\bưth\b|kết quả|đạt", re.IGNORECASE)
_HEADER_STATUS = re.compile(r"đánh giá", re.IGNORECASE)


@dataclass(frozen=True)
class _Columns:
    """What each column of a text table holds: the name, the unit, reported figures by year, the share, a status."""

    name: int
    unit: int | None
    done: tuple[tuple[int, int], ...]  # (column, year) of reported figures
    share: int | None
    status: int | None
    width: int  # how many columns

    @classmethod
    def of(cls, cells: list[str], year: int) -> _Columns | None:
        """The columns a header row names; None for a row that is not a header."""
        name = next((i for i, c in enumerate(cells) if _HEADER_NAME.match(c)), None)
        if name is None:
            return None
        unit = next((i for i, c in enumerate(cells) if _HEADER_UNIT.match(c)), None)
        done, share, status = [], None, None
        for i, cell in enumerate(cells):
            if i in (name, unit):
                continue
            named = re.findall(YEAR, cell)
            if _HEADER_STATUS.search(cell):
                status = i
            elif _HEADER_SHARE.search(cell):
                share = i
            elif _HEADER_DONE.search(cell) or (named and not _HEADER_PLANNED.search(cell)):
                done.append((i, int(named[-1]) if named else year))
        return cls(name, unit, tuple(done), share, status, len(cells)) if done else None

    def cells(self, line: str) -> list[str]:
        """The cells of a row of this table; [] for a line that is not one."""
        if "|" in line:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            return cells if len(cells) >= 3 else []
        tokens = line.split()
        after = self.width - 1 - max(self.name, self.unit if self.unit is not None else self.name)
        if after <= 0 or len(tokens) <= after + 1 or not all(_ROW_NUMBER.fullmatch(t) for t in tokens[-after:]):
            return []
        middle = " ".join(tokens[1 if self.name > 0 else 0:-after])
        unit = ""
        if self.unit is not None:
            found = re.search(rf"\s((?:(?:nghìn|ngàn|triệu|tỷ)\s+)?(?:{_UNIT})|[^\W\d_]+/[^\W\d_ ]+(?:\s[^\W\d_]+)*)$",
                              middle, re.IGNORECASE)
            if found:
                unit, middle = found.group(1), middle[:found.start()]
        head = [tokens[0]] if self.name > 0 else []
        return [*head, middle, *([unit] if self.unit is not None else []), *tokens[-after:]]

    def row(self, cells: list[str], chunk: Chunk, line: str) -> list[Reported]:
        """The reported figures of one row."""
        if len(cells) <= max(c for c, _ in self.done) or self.name >= len(cells):
            return []
        indicator = cells[self.name]
        unit = cells[self.unit] if self.unit is not None and self.unit < len(cells) else ""
        share = cells[self.share] if self.share is not None and self.share < len(cells) else ""
        status = cells[self.status].lower() if self.status is not None and self.status < len(cells) else ""
        found = []
        for column, year in self.done:
            number = re.search(rf"(?<![\w./-])({NUMBER})(?![\w.,/-]*\d)", cells[column])
            if not number or not _WORD.search(indicator):
                continue
            measure = "change" if re.match(r"(?:tốc độ\s+)?(?:tăng|giảm)\b", indicator, re.IGNORECASE) and \
                unit.startswith("%") and "tốc độ" not in indicator.lower() else "level"
            reported = Reported(chunk.document, chunk.id, year, indicator, number.group(1),
                                parse_number(number.group(1)), unit or ("%" if "%" in cells[column] else ""),
                                measure, line.strip())
            if share and re.fullmatch(NUMBER + r"\s*%?", share):
                reported = _with_share(reported, f"{share.rstrip('% ')}% kế hoạch")
            if status in ("đạt", "vượt", "không đạt", "chưa đạt"):
                reported = Reported(**{**reported.__dict__, "status": status})
            found.append(reported)
        return found
