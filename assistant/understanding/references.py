"""Where in the plan's outline a question points: «mục 3.3», «ý g) của 3.1», «giải pháp thứ tư», «phần II».

Only the words are read here; `locating.py` finds the sections they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.normalize import fold, match_form

# Nouns that name parts of a plan's outline, as people ask about them.
NOUNS = ("giải pháp", "nhiệm vụ", "chỉ tiêu", "mục tiêu", "nhóm", "mục", "ý", "điểm", "phần", "nội dung")
# Words that ask about a part of the outline without naming a topic: «… nói về lĩnh vực nào?», «… đề cập gì?».
META = (*NOUNS, "vấn đề", "lĩnh vực", "đề cập", "bàn", "điều", "chủ yếu", "trọng tâm", "chính", "tổng quát", "số",
        "thứ tự", "chia", "kế hoạch", "định hướng", "kể tên", "kể ra", "liệt kê")
_NOUN = "|".join(NOUNS)
# The outline nouns of a question asked in English, as the Vietnamese ones they are.
EN_NOUNS = {"section": "mục", "part": "phần", "chapter": "phần", "target": "chỉ tiêu", "indicator": "chỉ tiêu",
             "solution": "giải pháp", "measure": "giải pháp", "task": "nhiệm vụ", "group": "nhóm", "item": "ý",
             "point": "ý", "objective": "mục tiêu", "goal": "mục tiêu"}
_EN_NOUN = rf"(?:{'|'.join(EN_NOUNS)})s?"
EN_WHOLE = ("structure", "outline", "contents", "layout")  # an English question's words for the outline as a whole
_EN_ORDINALS = {"first": "đầu tiên", "second": "thứ hai", "third": "thứ ba", "fourth": "thứ tư", "fifth": "thứ năm",
                "sixth": "thứ sáu", "last": "cuối cùng", "final": "cuối cùng"}
# Words naming the outline of the whole document («bố cục của kế hoạch»), and the size of a part («mấy phần lớn»).
WHOLE = ("bố cục", "cấu trúc", "mục lục", "văn bản", "lớn")
_WHOLE = re.compile(r"\b(?:bố cục|cấu trúc|mục lục)\b")
_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
             "mười": 10}
_ORDINALS_FOLDED = {fold(word): number for word, number in _ORDINALS.items() if word != "năm"} | {"nam": 5}
_ORDINAL = re.compile(  # the noun nearest the ordinal: «nội dung của giải pháp đầu tiên» is about «giải pháp»
    rf"\b(?P<noun>{_NOUN})(?:\s+(?!(?:{_NOUN})\b)\w+){{0,3}}?\s+"
    rf"(?:thứ\s+(?P<word>\w+)|(?P<first>đầu tiên)|(?P<last>cuối cùng|sau cùng|cuối))\b"
)
_COUNT = re.compile(rf"\b(?:bao nhiêu|mấy)\s+(?P<noun>{_NOUN})\b(?!\s+(?:phần\s+)?trăm\b)")  # not «mấy điểm phần trăm»
# «thuộc nhóm nào», «nằm trong nhóm nhiệm vụ nào», «được đề cập ở phần nào»: where in the outline something stands.
# Not «ý» or «điểm»: «ở những điểm nào» asks for places.
_WHERE_NOUNS = "|".join(n for n in (*NOUNS, "lĩnh vực") if n not in ("ý", "điểm"))
# «mục mấy»: «mấy» after a numbered noun asks which number, as «nào» does; «tiểu mục» is a part of a «mục».
_GROUP_OF = re.compile(rf"\b(?:thuộc|nằm|ở|trong|vào|tại)\s+(?:những\s+|các\s+)?(?:nhóm\s+|tiểu\s+)?(?:{_WHERE_NOUNS})"
                       r"(?:\s+\w+){0,2}?\s+(?:nào|mấy)\b"
                       # «phần nói về quốc phòng là mục nào?», «… thì xem mục số mấy?»; not «gồm những mục nào»
                       # («phần nào» alone may be «somewhat»: «… cải thiện phần nào đời sống»)
                       r"|\b(?:là\s+phần|(?<!những )(?<!các )(?:mục|chương))\s+(?:số\s+)?(?:nào|mấy)\b"
                       rf"|\b(?:là|đứng)\s+(?:(?:{_NOUN}|tiểu mục)\s+)?(?:thứ|số)\s+mấy\b"  # «… là ý thứ mấy của mục 3.1?»
                       r"|\b(?:ý|điểm)\s+nào\s+(?:của|trong|thuộc)\b"  # «ở điểm nào của mục 3.2»: a point, not a place
                       # «phần nào nói về y tế?»: an outline noun asked as the subject of a verb of saying
                       r"|\b(?:mục|phần|tiểu mục|ý)\s+nào\s+(?:(?:của|trong)\s+\S+\s+)?(?:nói|đề cập|bàn|viết|nhắc|nêu|trình bày)\b"
                       r"|\b(?:ở|nằm ở)\s+(?:đâu|chỗ nào)\s+(?:trong|của)\s+(?:kế hoạch|văn bản)\b"  # not «dự án nằm ở đâu»
                       rf"|^\s*đâu\s+là\s+(?:{_WHERE_NOUNS})\b")  # «Đâu là nhóm nhiệm vụ về quốc phòng?»
_ROMAN_NUM = re.compile(r"\b([ivx]{1,4})\.(\d{1,2})\b(?![.,]\d)")
_SUB = re.compile(rf"\b(?:{_NOUN}|trọng tâm|của|thuộc|trong|tại)\s+(\d{{1,2}})\.(\d{{1,2}})\b(?![.,]\d)")
_ROMAN = re.compile(r"\b(?:phần|mục|chương)\s+([ivx]{1,4})\b(?![.]\d)")
_NUM = re.compile(r"\b(?:mục|phần|giải pháp|nhiệm vụ)\s+(?:số\s+)?(\d{1,2})\b(?![.,]\d)")
# «ý a)», «b)», and after «ý», «điểm» also without the bracket: «điểm a mục 3.1»
_LETTER = re.compile(r"(?:^|[\s(])(?:(?:ý|điểm|mục|tiểu mục)\s+)?([a-zđ])\)|\b(?:ý|điểm|tiểu mục)\s+([a-zđ])\b(?![\w.,/)])")
_NEXT = re.compile(r"\b(?:ngay sau đó|tiếp theo|kế tiếp|kế đó|sau đó)\b")
_PREVIOUS = re.compile(r"\b(?:ngay trước đó|trước đó|liền trước)\b")
_LIST = re.compile(rf"\b(?:gồm|bao gồm|liệt kê|những gì|các|những)\b.*\b(?:{_NOUN}|gì|nào)\b|\bliệt kê\b")
_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


@dataclass(frozen=True)
class Reference:
    """What a question says about the outline; empty fields when it says nothing of that kind."""

    numbers: tuple[str, ...] = ()  # markers named, outermost first: ("3", "1") for 3.1, ("II", "1") for II.1
    letter: str = ""  # "g" for «ý g)»
    noun: str = ""  # the outline noun the question uses: "giải pháp", "nhiệm vụ", "chỉ tiêu" …
    ordinal: int = 0  # 1 for «thứ nhất»/«đầu tiên», 4 for «thứ tư», -1 for «cuối cùng»
    relative: int = 0  # +1 for «ngay sau đó»/«tiếp theo», -1 for «trước đó»
    count: bool = False  # «bao nhiêu chỉ tiêu», «mấy giải pháp»
    group_of: str = ""  # the words asking where something stands: «thuộc nhóm nào», «nằm ở nhóm chỉ tiêu nào»
    listing: bool = False  # «gồm những gì», «các nhóm chỉ tiêu», «liệt kê»
    grouped: str = ""  # for «nhóm»: the outline noun after it («nhóm chỉ tiêu» → "chỉ tiêu")
    whole: bool = False  # it names the outline as a whole: «bố cục», «cấu trúc», «mục lục»

    def __bool__(self) -> bool:
        return bool(self.numbers or self.letter or self.ordinal or self.relative or self.count or self.group_of)


def _ordinal(match: re.Match[str], diacritics: bool) -> int:
    if match.group("first"):
        return 1
    if match.group("last"):
        return -1
    word = match.group("word")
    if word.isdigit():
        return int(word)
    return (_ORDINALS if diacritics else _ORDINALS_FOLDED).get(word, 0)


def read_reference(text: str, language: str = "vi") -> Reference:
    """The outline reference in a question (clean text; `language` as `rarity.language` reads it), if any."""
    lowered = match_form(text) if language != "en" else _from_english(" ".join(text.lower().split()))  # «many» no «mani»
    if language != "en" and fold(lowered) == lowered:  # typed without diacritics: read the nouns and ordinals in their folded forms
        lowered = _with_diacritics(lowered)
    numbers: tuple[str, ...] = ()
    for pattern in (_ROMAN_NUM, _SUB):
        found = pattern.search(lowered)
        if found:
            first, second = found.groups()
            numbers = (first.upper() if first in _ROMANS else first, second)
            break
    else:
        found = _ROMAN.search(lowered) or _NUM.search(lowered)
        if found:
            numbers = (found.group(1).upper() if found.group(1) in _ROMANS else found.group(1),)
    letter = _LETTER.search(lowered)
    ordinal = _ORDINAL.search(lowered)
    count = _COUNT.search(lowered)
    where = _GROUP_OF.search(lowered)
    noun = (ordinal or count).group("noun") if (ordinal or count) else next((n for n in NOUNS if re.search(rf"\b{n}\b", lowered)), "")
    return Reference(
        numbers=numbers,
        letter=(letter.group(1) or letter.group(2)) if letter else "",
        noun=noun,
        ordinal=_ordinal(ordinal, True) if ordinal else 0,
        relative=1 if _NEXT.search(lowered) else -1 if _PREVIOUS.search(lowered) else 0,
        count=bool(count),
        group_of=where.group(0) if where else "",
        listing=bool(_LIST.search(lowered)),
        grouped=next((n for n in NOUNS if re.search(rf"\bnhóm\s+{n}\b", lowered)), ""),
        whole=bool(_WHOLE.search(lowered)),
    )


def _vi(noun: str) -> str:
    return EN_NOUNS[noun.lower().removesuffix("s") if noun.lower() not in EN_NOUNS else noun.lower()]


_EN_RULES = (  # English outline phrases in Vietnamese word order: «which section» → «thuộc mục nào»
    (re.compile(rf"\b(?:how many |the )?(?:\w+ )?(?:parts|sections|chapters|table of contents|{'|'.join(EN_WHOLE)})"
                r" (?:of|in|does) (?:the|this) (?:plan|document)\b"), lambda m: "bố cục"),  # the whole outline
    (re.compile(rf"\b(?:what|which) are the (?:\w+ )?({_EN_NOUN})\b"), lambda m: f"gồm những {_vi(m.group(1))} nào"),
    (re.compile(rf"\bhow many (?:\w+ )?({_EN_NOUN})\b"), lambda m: f"bao nhiêu {_vi(m.group(1))}"),
    (re.compile(rf"\b(?:which|what) ({_EN_NOUN})\b"), lambda m: f"thuộc {_vi(m.group(1))} nào"),
    (re.compile(rf"\b({_EN_NOUN}) ([ivx]{{1,4}}|\d{{1,2}}(?:\.\d{{1,2}})?)\b"), lambda m: f"{_vi(m.group(1))} {m.group(2)}"),
    (re.compile(rf"\b({'|'.join(_EN_ORDINALS)}) (?:\w+ )?({_EN_NOUN})\b"),
     lambda m: f"{_vi(m.group(2))} {_EN_ORDINALS[m.group(1)]}"),
    (re.compile(rf"\b(?:the|its|the plan's|plan's) ({'|'.join(EN_NOUNS)})s\b"), lambda m: f"các {_vi(m.group(1))}"),  # «the solutions»
    (re.compile(rf"\b(?:list|name)(?: all)? (?:the |its )?(?:\w+ )?({_EN_NOUN})\b"), lambda m: f"liệt kê các {_vi(m.group(1))}"),
)


def _from_english(lowered: str) -> str:
    """An English question with its outline phrases in Vietnamese: «how many targets» → «bao nhiêu chỉ tiêu»."""
    for pattern, vietnamese in _EN_RULES:
        lowered = pattern.sub(vietnamese, lowered)
    return lowered


_RESTORE = {fold(w): w for w in (*NOUNS, "thứ", "đầu tiên", "cuối cùng", "sau cùng", "cuối", "bao nhiêu", "mấy", "gồm",
                                 "bao gồm", "liệt kê", "những", "các", "thuộc", "nằm ở", "nằm trong", "xếp vào", "nhóm",
                                 "lĩnh vực", "nào", "gì", "số", "của", "trong", "tại", "trọng tâm", "ngay sau đó",
                                 "tiếp theo", "kế tiếp", "sau đó", "trước đó", "đâu", "đề cập", "bố cục", "cấu trúc", "kế hoạch", "văn bản",
                                 "mục lục", *_ORDINALS)}


def _with_diacritics(folded: str) -> str:
    """A question typed without diacritics with the outline words given theirs back ("giai phap thu tu" → "giải pháp thứ tư")."""
    for plain in sorted(_RESTORE, key=len, reverse=True):
        folded = re.sub(rf"\b{re.escape(plain)}\b", _RESTORE[plain], folded)
    return folded
