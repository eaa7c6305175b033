"""The chat around a question: courtesy, vocatives, particles, chat spellings, and the asker's own story.

«Bác ơi, cho cháu hỏi nhà cháu ở bản … thì tỉnh có … không ạ?» asks the same as «tỉnh có … không?»;
these rules take the chat away so that only what is asked is matched against the plan.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.data import read_list
from assistant.text.normalize import fold
from assistant.text.units import asked_units

_PEOPLE = r"(?:bác|anh|chị|em|cô|chú|dì|ông|bà|cháu|con|bạn|thầy|ad|admin|mọi người|các bác|cả nhà)"
_ME = r"(?:em|cháu|mình|tôi|tớ|con|tui|e|t|mk|mik|bọn em|bọn cháu|bọn tôi|chúng em|chúng tôi|nhà em|nhà cháu|nhà mình)"
_PLACES = r"(?:nhà|bản|thôn|xóm|xã|phường|huyện|tỉnh|trường|lớp|quê|gia đình|cơ quan)"
_KIN = r"(?:con|ông|bà|bố|mẹ|bố mẹ|ba mẹ|cha mẹ|anh|chị|em|ông bà|vợ|chồng|bạn)"
# the asking formula: «cho em hỏi (là)», «xin hỏi», «em muốn hỏi», «em nghe nói»
_FORMULA = (
    re.compile(rf"\b(?:(?:cho|xin cho|làm ơn cho)\s+(?:{_ME}\s+)?hỏi(?:\s+(?:là|với|chút|tí|xíu|thăm))?|hỏi\s+(?:chút|tí|xíu))\b"
               r"[\s,:]*", re.IGNORECASE),
    re.compile(rf"\b(?:xin hỏi|{_ME}\s+(?:muốn hỏi|xin hỏi|hỏi|nghe nói|thấy nói|nghe bảo|được biết|thắc mắc))\b[\s,:]*",
               re.IGNORECASE),
)
_RULES = [
    # vocatives and greetings: «Bác ơi,», «Dạ anh ơi», «Chào admin,»
    re.compile(rf"(?:^|(?<=[\s,.!?]))(?:dạ|vâng|chào|xin chào)?\s*{_PEOPLE}\s+ơi\b[\s,.!]*", re.IGNORECASE),
    re.compile(rf"^(?:dạ|vâng|chào|xin chào)\s+{_PEOPLE}\b[\s,.!]*", re.IGNORECASE),
    *_FORMULA,
    re.compile(rf"\b{_PEOPLE}\s+(?:cho|giúp|giải thích giúp|nói giúp|chỉ giúp)\s+{_ME}\s+(?:biết\s+)?(?:với\s+)?",
               re.IGNORECASE),
    # «ông em», «bố mẹ cháu»: the asker's family tells the story, not the topic
    re.compile(rf"\b{_KIN}\s+{_ME}\b", re.IGNORECASE),
    # «nhà cháu», «bản em», «trường con em»: the place stays, the asker goes
    re.compile(rf"\b({_PLACES})\s+(?:{_KIN}\s+)?{_ME}\b", re.IGNORECASE),
    # requests for a shape of answer, which name no topic: «hãy liệt kê giúp tôi», «tóm tắt», «nói cụ thể»
    re.compile(rf"\b(?:hãy\s+)?(?:liệt kê|tóm tắt|tóm lược|tóm lại|khái quát|so sánh|trình bày|cho biết|giải thích|kể ra|nêu)"
               rf"(?:\s+(?:giúp|giùm|hộ|cho))?(?:\s+{_ME})?\b|\b(?:một cách\s+)?(?:chi tiết|cụ thể|ngắn gọn)\b",
               re.IGNORECASE),
    # closing particles and vocatives: «… không ạ?», «… k vậy bác?», «… hả anh?»
    re.compile(rf"(?:\s+(?:ạ|à|ư|nhé|nhỉ|nha|hả|hở|vậy|thế|đấy|chứ|chăng|thôi|{_PEOPLE}))+\s*([?.!]*)\s*$", re.IGNORECASE),
]


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    return dict(line.split("\t") for line in read_list("chat.tsv"))


@lru_cache(maxsize=1)
def _spelling_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.,/-])({'|'.join(map(re.escape, _spellings()))})(?![\w/-])", re.IGNORECASE)


def spelled_out(text: str) -> str:
    """`text` with chat spellings written out («k» → «không», «đc» → «được») and the chat tokens ending it dropped."""
    return _without_vowelless_end(_spelling_pattern().sub(lambda m: _spellings()[m.group(1).lower()], text))


def strip_chat(text: str) -> str:
    """`text` without courtesy, vocatives, closing particles or the asker's own pronouns; chat spellings written out."""
    text = spelled_out(text)
    for rule in _RULES:  # a rule with a group keeps what the group holds
        text = rule.sub(lambda m: f" {m.group(1)} " if m.groups() and m.group(1) else " ", text)
    return re.sub(r"\s+([?.!,])", r"\1", " ".join(text.split())).strip(" ,")


_VOWELLESS_MAX = 3  # letters of a chat token ending a message («… không b?», «… ko z mn»)


def _without_vowelless_end(text: str) -> str:
    """`text` without the short lower-case tokens that end it and have no vowel, as every Vietnamese syllable does: a
    vocative or particle typed in chat («b», «mn», «z»), after the question proper."""
    words = text.rstrip(" ?.!")
    end = text[len(words):]
    while " " in words:
        last = words.rsplit(" ", 1)[1]
        if not (last.isalpha() and last.islower() and len(last) <= _VOWELLESS_MAX
                and not re.search(r"[aeiouy]", fold(last))) or asked_units(last):  # «… bao nhiêu km»
            break
        words = words.rsplit(" ", 1)[0].rstrip(" ,")
    return words + end.strip()


# Words that make a clause ask (with diacritics; the multi-syllable ones also without: "bao nhieu").
# «mấy» before a number word or a stretch of time («mấy chục năm», «mấy tháng rồi») tells how many, it asks nothing.
NOT_COUNTED = (r"(?:chục|trăm|nghìn|ngàn|triệu|tỷ|tỉ)\b"
               r"|(?:năm|tháng|tuần|hôm|ngày|bữa|đời)\s+(?:nay|qua|rồi|tới|trước|sau|gần đây)\b")
# A question word followed, a few words on, by «cũng» says «every» and asks nothing: «năm nào cũng lở đất», «ai cũng biết».
EVERY = r"(?!(?:\s+[^\s?,.]+){0,3}\s+cũng\b)"
# The particles and forms of address that may close a question: «… không ạ?», «… đúng không anh?»
_CLOSING = r"(?:\s+(?:ạ|a|nhỉ|vậy|thế|nhé|nha|hả|ad|anh|chị|em|bác|cô|chú))*"
_ASKS = re.compile(rf"\b(?:gì|nào|bao nhiêu|(?<!thêm )mấy(?!\s+(?:{NOT_COUNTED}))|sao|thế nào|ra sao|có phải|bao giờ|khi nào"
                   rf"|ở đâu|ai|bao nhieu|the nao|ra sao|khi nao|bao gio|o dau)\b{EVERY}|\?"
                   # «không», «chưa» ask where they end a clause («… có nhà văn hóa chưa?»), not inside one, where they
                   # deny («Bản em chưa có nhà văn hóa, …»)
                   rf"|\b(?:không|chưa|khong|chua){_CLOSING}\s*[.!]*\s*$",
                   re.IGNORECASE)
# A word and a demonstrative point back at what was told before: «chuyện này», «vụ đó», «phần ấy», «ở đó». Typed
# without diacritics, «nay», «do», «ay» are other words too («hiện nay»), so only after a word for a matter.
_BACK = re.compile(r"\b(?:[^\W\d_]+\s+(?:này|đó|ấy|kia)|(?:chuyen|viec|van de|dieu)\s+(?:nay|do|ay))\b", re.IGNORECASE)
_FEW = re.compile(r"\bmấy\b", re.IGNORECASE)
# A tag question, which asks whether the clause before it is so: «đúng không ạ?», «phải không?», «có thật không?».
_TAG = re.compile(r"\s*(?:(?:có|là)\s+)?(?:đúng|phải|thật|thực)\s+(?:không|chưa|chứ|hả|hông|vậy không|thế không)"
                  rf"{_CLOSING}\s*[?.!]*\s*", re.IGNORECASE)
_PERSONAL = re.compile(rf"\b(?:{_ME}|{_KIN})\b", re.IGNORECASE)  # a story is the asker's own: «nhà em», «bố mẹ cháu»


_OPENER = re.compile(r"\s*([^\W\d_]+)\s*,\s*\S")


def opener(text: str) -> str:
    """The lone word a message opens with before a comma («ok, …», «ủa, …»), lower-cased; "" if none. A word the
    plan never uses there is an interjection: what follows is what is asked."""
    found = _OPENER.match(text)
    return found.group(1).lower() if found else ""


def story_part(text: str, parts: tuple[str, ...] = ()) -> str:
    """The asker's own story told before the question (as typed), which says why it asks, not what; "" if none.

    In «Nhà cháu vừa bị lừa tiền, tỉnh có nói gì về bảo vệ khách hàng không?» the first clause is the
    story; so are the sentences told before a question that ends the message («Bản em xa. Tỉnh có …?»). When the
    asking clause points back at it («kế hoạch có nói gì tới chuyện này?»), the story is what is asked about, and ""
    is returned; not when it points at a part of the plan (`parts`: the words for one, «phần đó») asked about before.
    """
    def back(piece: str) -> bool:
        return any(found.group().split()[0].lower() not in parts for found in _BACK.finditer(piece))

    said = [p.strip() for p in re.split(r"(?<=[.!?…])\s+", text.strip()) if p.strip()]
    if len(said) > 1 and not any(p.endswith("?") for p in said[:-1]):  # sentences told, then the question
        if not _BACK.search(said[-1]):
            return " ".join(said[:-1])
        if not any(_ASKS.search(spelled_out(p)) for p in said[:-1]):
            return ""  # it points back at what was told
        # it points back at what was asked before it («… làm gì cho ngành y tế. Điểm qua phần đó.»): clause by clause
    pieces = [p.strip() for p in re.split(r"(?<=[,;:.!])\s+", text) if p.strip()]
    asks = [i for i, piece in enumerate(pieces) if _ASKS.search(spelled_out(piece))]  # «bn», «j» ask
    # a «mấy» of a clause told before another that asks may be «a few» («Nhà mình có mấy sào ruộng, tỉnh có …?»)
    asking = next((i for i in asks if _ASKS.search(_FEW.sub(" ", spelled_out(pieces[i])))), asks[0] if asks else None)
    if asking and _TAG.fullmatch(spelled_out(pieces[asking])):  # «…, đúng k ạ?» asks about the clause before it
        asking -= 1
    if not asking or back(" ".join(pieces[asking:])):
        return ""
    story = " ".join(pieces[:asking])
    # told by the asker: in their own words («nhà em», «bố mẹ cháu»), or before they say they ask («…, em muốn hỏi …»)
    opens = any(rule.match(spelled_out(pieces[asking])) for rule in _FORMULA)
    return story if opens or _PERSONAL.search(spelled_out(story)) else ""
