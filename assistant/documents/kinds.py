"""What kind of document each file is — a plan, a yearly report, or another text — and how an answer names it.

The kind is read from the document's opening (its header and title, as Vietnamese official documents
write them: «Số: 415/BC-UBND», «BÁO CÁO Tình hình thực hiện …») and can be set by hand; the hand-set
kinds live beside the documents, in the corpus folder's `.kinds.json`. A document whose opening says
nothing is a plan: that is what the library held before reports came.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError

PLAN, REPORT, OTHER = "plan", "report", "other"
KINDS = {PLAN: "kế hoạch", REPORT: "báo cáo năm", OTHER: "văn bản khác"}  # as the app names them
KINDS_FILE = ".kinds.json"
OPENING = 1500  # characters of a document read for its kind and title
TITLE_CHARS = 600  # of those, where its title stands

# Official documents' numbers name their kind: «Số: 415/BC-UBND» is a report, «…/KH-UBND» a plan.
_NUMBER = re.compile(r"\bs[oố]\s*:?\s*(\d+)(?:/(?:19|20)\d\d)?\s*/\s*([A-ZĐ]{2,4})(?:-[\w.-]+)?", re.IGNORECASE)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)", re.IGNORECASE)
# A title: in capitals anywhere in the opening, or opening a line.
_REPORT_TITLE = re.compile(r"\bBÁO CÁO\b|^\s*Báo cáo\b", re.MULTILINE)
_OTHER_TITLE = re.compile(r"\b(?:NGHỊ QUYẾT|QUYẾT ĐỊNH|THÔNG BÁO|CÔNG VĂN|TỜ TRÌNH|CHỈ THỊ)\b"
                          r"|^\s*(?:Nghị quyết|Quyết định|Thông báo|Công văn|Tờ trình|Chỉ thị)\b", re.MULTILINE)
_CODE_KIND = {"BC": REPORT, "KH": PLAN, "NQ": OTHER, "QĐ": OTHER, "QD": OTHER, "TB": OTHER, "CV": OTHER, "TTR": OTHER}
_CODE_WORD = {"BC": "Báo cáo", "KH": "Kế hoạch", "NQ": "Nghị quyết", "QĐ": "Quyết định", "QD": "Quyết định",
              "TB": "Thông báo", "CV": "Công văn", "TTR": "Tờ trình"}
_YEAR_REPORTED = re.compile(r"(?:thực hiện|tình hình|kết quả)[^.\n]{0,80}?năm\s+((?:19|20)\d\d)", re.IGNORECASE)


@dataclass(frozen=True)
class DocumentKind:
    """A document's kind, how an answer names it, and for a report the year it reports on."""

    name: str  # the file name
    kind: str  # PLAN, REPORT or OTHER
    title: str  # how an answer quoting it names it: «Báo cáo số 415/BC-UBND ngày 10/12/2026»
    year: int | None = None  # a report's year («… thực hiện kế hoạch … năm 2026»)
    by_hand: bool = False
    header: str = ""  # the opening's words the title comes from, as written («Số: 415/BC-UBND … năm 2026»)


def recognise(name: str, opening: str, hand_set: str | None = None) -> DocumentKind:
    """The kind of the document `name` from its opening text, unless `hand_set` says it."""
    head = opening[:TITLE_CHARS]
    number = _NUMBER.search(opening[:OPENING])
    code = number.group(2).upper() if number else ""
    if hand_set:
        kind = hand_set
    elif code in _CODE_KIND:
        kind = _CODE_KIND[code]
    elif _REPORT_TITLE.search(head):
        kind = REPORT
    elif _OTHER_TITLE.search(head):
        kind = OTHER
    else:
        kind = PLAN
    year = _YEAR_REPORTED.search(opening[:OPENING]) or _DATE.search(head)
    return DocumentKind(name, kind, _title(name, kind, opening, number), int(year.groups()[-1]) if year else None,
                        by_hand=bool(hand_set), header=_header(opening, number))


def _header(opening: str, number: re.Match[str] | None) -> str:
    """The words of the opening that state the document's number and date, as written."""
    if number is None:
        return ""
    date = _DATE.search(opening, number.end())
    end = date.end() if date and date.start() - number.end() < 120 else number.end()
    return opening[number.start():end]


def _title(name: str, kind: str, opening: str, number: re.Match[str] | None) -> str:
    """«Báo cáo số 415/BC-UBND ngày 10/12/2026», or the kind and the file name when the opening says neither."""
    word = {PLAN: "Kế hoạch", REPORT: "Báo cáo", OTHER: "Văn bản"}[kind]
    titled = _OTHER_TITLE.search(opening[:TITLE_CHARS]) if kind == OTHER else None
    if titled:  # «NGHỊ QUYẾT …»: a resolution
        word = titled.group().strip().capitalize()
    if number is None:
        return f"{word} «{name}»"
    word = _CODE_WORD.get(number.group(2).upper(), word) if _CODE_KIND.get(number.group(2).upper()) == kind else word
    date = _DATE.search(opening[:OPENING])
    when = f" ngày {int(date.group(1)):02d}/{int(date.group(2)):02d}/{date.group(3)}" if date else ""
    code = number.group(0).split(":", 1)[-1].strip() if ":" in number.group(0) else number.group(0)[2:].strip()
    return f"{word} số {code}{when}"


def read_kinds(corpus_dir: Path) -> dict[str, str]:
    """The kinds set by hand, by file name ({} when none are)."""
    path = corpus_dir / KINDS_FILE
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        raise AssistantError(f"Không đọc được «{path}». Hãy sửa tệp (JSON: tên tệp → loại) hoặc xóa nó.") from None
    return {name: kind for name, kind in found.items() if kind in KINDS} if isinstance(found, dict) else {}


def set_kind(corpus_dir: Path, name: str, kind: str) -> None:
    """Record by hand that the document `name` is of `kind` (an empty kind: read it from the text again)."""
    if kind and kind not in KINDS:
        raise AssistantError(f"Loại tài liệu «{kind}» không có. Chọn một trong: "
                             f"{', '.join(f'{k} ({v})' for k, v in KINDS.items())}.")
    kinds = read_kinds(corpus_dir)
    if kind:
        kinds[name] = kind
    else:
        kinds.pop(name, None)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=corpus_dir, prefix=".kinds-", delete=False) as out:
        json.dump(kinds, out, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(out.name, corpus_dir / KINDS_FILE)


def opening(chunks: list) -> str:
    """A document's opening, as its first chunks hold it (headings first): what `recognise` reads."""
    text, size = [], 0
    for chunk in chunks:
        text.append(chunk.index_text())
        size += len(text[-1])
        if size >= OPENING:
            break
    return "\n".join(text)
