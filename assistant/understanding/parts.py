"""The parts of a question on several things: «… y tế và tuổi thọ bình quân?», «So sánh X với Y», two questions in one
message each with its own question word. Only the text is read here; `question.py` understands each part."""

from __future__ import annotations

import re

from assistant.text.lexicon import words
from assistant.text.normalize import match_form
from assistant.text.stopwords import stop_mask
from assistant.understanding.asking import asks_how_many, asks_wh, comparison, yes_no

_SHORT_PART = 2  # words: a part this short names only what differs from the first («… đô thị và nông thôn»)
_JOINS = re.compile(r"\s+(?:và|cùng với|với cả)\s+|;\s*", re.IGNORECASE)
_COMMA = re.compile(r",\s*(?:(?:còn|đồng thời|và)\s+)?", re.IGNORECASE)  # where one asking clause may end within a sentence
# A comparison names its two sides around «so với»: «A so với B …», «So với B, A …».
_COMPARING = re.compile(r"^\s*so sánh\s+", re.IGNORECASE)  # «So sánh X với Y»: the request, then what is compared
_WITH = re.compile(r"^(.+?)\s+với\s+(.+)$", re.IGNORECASE)
_COMPARED = re.compile(r"^\s*so với\s+([^,]+),\s*(.+)$|^(.+?)\s+so với\s+(.+)$", re.IGNORECASE)
# A clause that names again what an earlier one asked about, with «mỗi», «từng» before it or «đó», «này», «ấy» after it
# («Kế hoạch chia làm mấy phần, mỗi phần nói về gì?», «… mục nào và mục đó nói về gì?»), asks more of the same thing.
_AGAIN = re.compile(r"\b(?:mỗi|từng)\s+(?P<after>\w+)|\b(?P<before>\w+)\s+(?:đó|này|ấy)\b")


def split_parts(text: str) -> list[str]:
    """The parts of a question on several things ("… y tế và tuổi thọ bình quân?"); [] for one thing.

    A short part takes the head of the first: in «tỷ lệ nước sạch ở đô thị và nông thôn» the second
    part is «tỷ lệ nước sạch ở nông thôn».
    """
    compared = [p for p in (c.strip(" ,?.") for c in _compared(text) if c) if p]
    if len(compared) == 2 and all(len(p.split()) >= 2 for p in compared):
        return compared
    if _COMPARED.match(text):
        return []
    pieces = [p.strip(" ,?") for p in _JOINS.split(text)]
    # a piece may itself ask two things: «… là bao nhiêu, tỷ lệ … dưới mức nào, và … bao nhiêu bác sĩ?»
    pieces = [c for p in pieces for c in _clauses_or_whole(p) if len(c.split()) >= 2]
    if len(pieces) < 2:  # two questions in one message, each with its own question word: «… bao nhiêu? … năm nào?»
        asked = _asking_clauses(text)
        return asked if len(asked) >= 2 else []
    if any(_names_again(piece, pieces[:i]) for i, piece in enumerate(pieces) if i):
        return []
    first = pieces[0].split()
    for i, piece in enumerate(pieces[1:], start=1):
        tokens = words(piece)
        size = sum(not stop for stop in stop_mask(tokens))  # its words that name something
        if 0 < size <= _SHORT_PART < len(first) - size:
            pieces[i] = " ".join(first[:-size] + piece.split())
    return pieces


def _names_again(piece: str, earlier: list[str]) -> bool:
    """Whether `piece` names again, as «mỗi phần» or «mục đó», a word of an earlier piece: more asked of the same thing."""
    said = set(words(" ".join(earlier)))
    return any(match_form(found.group("after") or found.group("before")) in said
               for found in _AGAIN.finditer(match_form(piece)))


def _compared(text: str) -> list[str]:
    """The two things a comparison names: «X so với Y», «so sánh X với Y», «X với Y, bên nào cao hơn?», «X nhiều hơn Y
    bao nhiêu?»; [] when it compares nothing."""
    found = _COMPARED.match(text)
    if found:
        return list(found.groups())
    said = comparison(text.lower())
    if said is None:
        return []
    body = _COMPARING.sub("", text)
    found = _WITH.match(body) or (None if said.group().startswith("so") else _WITH.match(text[:said.start()]))
    if found:
        return [found.group(1), found.group(2)]
    before = text[:said.start()]
    return [before, text[said.end():]] if before.strip() and not _JOINS.search(before) else []  # «X và Y, cái nào …»


def _clauses_or_whole(piece: str) -> list[str]:
    """A piece's asking clauses when it asks two things or more, else the piece whole."""
    asked = _asking_clauses(piece)
    return asked if len(asked) >= 2 else [piece]


def _asking_clauses(text: str) -> list[str]:
    """The clauses of `text` that ask, each with the clauses of its sentence that do not: those after it («… bao
    nhiêu % diện tích làm theo chuẩn an toàn, hữu cơ?») and, in a later sentence, those before it («Lao động có
    bằng cấp, chứng chỉ chiếm mấy phần trăm?»); what comes before the first that asks (a story) is left out."""
    clauses: list[str] = []
    for sentence in re.split(r"\?\s*", text):
        pending, asked = "", []
        pieces = [p for p in (p.strip(" ,") for p in _COMMA.split(sentence)) if p]
        for at, piece in enumerate(pieces):
            # a yes/no clause followed by one asking its figure is one question: «Tỉnh có xây nhà ở xã hội không, bao
            # nhiêu căn?»; ending the sentence, it asks on its own: «…, và tỉnh có phủ sóng 5G không?»
            if asks_own(piece, yes_no_too=at == len(pieces) - 1):
                asked.append(f"{pending}, {piece}" if pending and clauses else piece)
                pending = ""
            elif asked:
                asked[-1] = f"{asked[-1]}, {piece}"
            else:
                pending = f"{pending}, {piece}" if pending else piece
        clauses += asked
    return [c for c in clauses if len(c.split()) >= 2]


def asks_own(clause: str, yes_no_too: bool = True) -> bool:
    """Whether a clause holds a question word of its own, «mấy» counting («… phấn đấu là mấy?»), or (`yes_no_too`)
    ends as a yes/no question does («… tỉnh có phủ sóng 5G không?»)."""
    lowered = match_form(clause)
    return asks_wh(lowered) or asks_how_many(lowered) or (yes_no_too and yes_no(lowered))
