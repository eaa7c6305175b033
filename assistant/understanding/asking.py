"""What a question asks for: the kind of answer (a figure, a date, a year, words) and the form it wants
(a fact, yes or no, a list, a summary, a comparison), in Vietnamese with or without diacritics, or English.

Only question grammar is read here (question words, the particles that close a yes/no question), never a
topic: those are facts of the language, the same for any plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.chat import EVERY, NOT_COUNTED
from assistant.text.normalize import fold
from assistant.text.units import asked_units, unit_at


@dataclass(frozen=True)
class Asks:
    """The answer a question wants."""

    answer: str = "text"  # "figure", "date", "year", "name" (who: a body, a company), "title" («tên gì») or "text"
    unit: str = ""  # the unit a figure is asked in, in so many words ("%", "ha", "km", "tỷ đồng"), else ""
    form: str = "fact"  # "fact", "yesno", "list", "summary" or "compare"
    counted: str = ""  # what a count is of («bao nhiêu xã» → "xã"), as a syllable in match form
    question: bool = True  # it asks something (English text with no question word, «?» or request asks nothing)


def _folded(pattern: str, asking: bool = False) -> re.Pattern[str]:
    """A pattern of Vietnamese words that also matches them typed without diacritics; `asking`: question words, which
    ask nothing when they say «every» («năm nào cũng …»)."""
    words = [w.strip() for w in pattern.split("|")]
    return re.compile(r"\b(?:" + "|".join(dict.fromkeys(words + [fold(w) for w in words])) + r")\b" + (EVERY if asking else ""))


_YEAR = _folded("năm nào|năm bao nhiêu|bao giờ|khi nào|lúc nào|thời điểm nào|thời gian nào|đến bao giờ", asking=True)
_SUMMARY = _folded("tóm tắt|tóm lại|tóm lược|tóm gọn|khái quát|tổng quan|sơ lược|điểm qua|vắn tắt|ngắn gọn|ý chính"
                   "|điểm chính|nội dung chính|nét chính|đại ý")
_COMPARE = _folded("so với|so sánh|cao hơn|thấp hơn|nhiều hơn|ít hơn|lớn hơn|nhỏ hơn|hơn kém|chênh lệch|chênh nhau"
                   "|chênh|lệch|khác nhau")
_LIST = re.compile(r"\b(?:những|các|nhung|cac)\s+(?:\w+\s+){0,5}?(?:nào|nao|gì|gi)\b|\bgồm\b|\bbao gồm\b|\bliệt kê\b"
                   r"|\bkể tên\b|\blist\b|\bnhững gì\b|\bnhung gi\b|\bnhững việc\b|\bnhững mặt\b")
_LISTING = _folded("liệt kê|kể tên|kể ra|nêu tên")  # a request for a list, which names no topic
# Asking who: a person, a body, a company (its name is the answer).
# The words Vietnamese writes before a body's or a company's name («Sở Y tế», «Công ty …»): «sở nào» asks who, too.
BODIES = ("Công ty", "Tập đoàn", "Tổng công ty", "Ngân hàng", "Bộ", "Sở", "Ban", "Ủy ban", "UBND", "Chính phủ", "Quốc hội",
          "Tỉnh ủy", "Hội đồng", "Thủ tướng")
_WHO = re.compile(rf"(?<!\w)(?:ai|(?:{'|'.join(b.lower() for b in BODIES)}|công ti|doanh nghiệp|nhà đầu tư|nhà thầu|đơn vị"
                  r"|cơ quan|tổ chức)\s+nào)(?!\w)")
_TITLE = re.compile(r"\btên\s+(?:là\s+)?gì\b")  # the name of anything: a body, a programme, a movement
# The words that make a clause ask something other than yes or no.
_WH = _folded("gì|nào|bao nhiêu|sao|thế nào|ra sao|đâu|ai|bao giờ|khi nào|như thế nào", asking=True)  # not «mấy»: «có mấy … không?»
# Question words and requests that ask for words, not a number: beside them «mấy» means «those», «some» («làm gì với
# mấy chỗ …», «kể tên mấy dự án …»).
_WORDS_WH = re.compile(rf"\b(?:gì|nào|ai|đâu|sao|liệt kê|kể tên)\b{EVERY}")
# A yes/no question ends on «không», «chưa», «hả», «phải không» (chat spellings written out before).
_YES_NO_END = re.compile(r"\b(?:không|chưa|khong|chua|chăng|chang|hả|ha|phải không|đúng không|hay không|hay chưa)"
                         r"(?:\s+(?:ạ|a|nhỉ|nhi|vậy|vay|thế|the|nhé|nhe|nha|hả|ha|bác|anh|chị|em|ad))*\s*[?.!]*\s*$")

# «bao nhiêu xã», «mấy bệnh viện»: the syllable after the count word names what is counted.
_COUNT_WORD = re.compile(r"\b(?:bao nhiêu|bao nhieu|mấy|may)\b")
_COUNTED = re.compile(r"\b(?:bao nhiêu|bao nhieu|mấy|may)\s+([^\W\d_]+)(?!\s+(?:tới|nay|qua|rồi|trước|sau)\b)")
# Units and measures after a count word are read as units («bao nhiêu ha»), not as what is counted; the
# noun after it must be a noun (`question.py` checks its part of speech).
_MEASURES = ("phần", "tỷ", "tỉ", "triệu", "nghìn", "ngàn", "chục", "trăm", "năm", "tháng", "ngày", "lần", "tiền", "đồng",
             "điểm", "tuổi", "mét", "người")
# typed without diacritics they are matched folded; with them, as written («trạm» is no «trăm»)
_NOT_COUNTED = frozenset(_MEASURES) | frozenset(fold(w) for w in _MEASURES)
_EN_FIGURE = re.compile(r"\b(?:how (?:many|much|high|large|big|far|fast)|what (?:number|level|figure|amount|value|target)"
                        r"|to what level|rate|percentage|percent|share|proportion|ratio)\b|%")
_EN_DATE = re.compile(r"\b(?:what|which) (?:date|day)\b|\bon what date\b|^when (?:was|were|did)\b")
_EN_YEAR = re.compile(r"\b(?:what|which|by what) year\b|\bby when\b|^when (?:will|is|are|does|do|should|must)\b")
_EN_YES_NO = re.compile(r"^(?:does|do|is|are|will|can|has|have|did|should|would|could)\b")
_EN_SUMMARY = re.compile(r"\b(?:summari[sz]e|summary|overview|main points|in brief|briefly|outline of)\b")
_EN_COMPARE = re.compile(r"\b(?:compare|compared|comparison|higher|lower|more than|less than|difference|differ)\b")
_EN_LIST = re.compile(r"\b(?:which|what) (?:kinds|types)\b|\blist\b")
# A question word at the start of a clause asks, or after a verb of knowing («I'd like to know which projects …»);
# an auxiliary or a request, at the start. Not «where» inside «SELECT … WHERE 1=1».
_EN_ASKING = re.compile(r"\?|(?:^|[,;:.]\s*|\b(?:know|ask|wonder|tell me|find out|understand|learn)\s+)"
                        r"(?:what|which|who|whom|whose|when|where|why|how)\b|^(?:does|do|is|are|will|can|has|have|"
                        r"did|should|would|could|list|name|give|tell|show|summari[sz]e|describe|explain)\b")
_EN_PERCENT = re.compile(r"\b(?:percentage|percent|share|proportion|rate)\b|%")


def comparison(text: str) -> re.Match[str] | None:
    """Where `text` (lower case) compares two things («so với», «cao hơn», «chênh lệch» …), if it does."""
    return _COMPARE.search(text)


def without_form_words(text: str) -> str:
    """`text` (match form) without the words that ask for a summary, a list or a comparison: they name no topic."""
    return " ".join(_COMPARE.sub(" ", _SUMMARY.sub(" ", _LISTING.sub(" ", text))).split())


def read_asks(text: str, language: str, asks_figure: bool, units: tuple[str, ...], typed: str = "") -> Asks:
    """What `text` (the asking part, match form) asks for; `asks_figure` and `units` as the question reads them;
    `typed`, the asking part as typed (where «AI» is no «ai»)."""
    if language == "en":
        return _english(text)
    if re.search(r"\bAI\b", typed):  # artificial intelligence, not «ai» (who)
        text = re.sub(r"\bai\b", "AI", text)
    answer = "date" if "ngày" in units else "year" if _YEAR.search(text) and not units else "figure" if asks_figure else "text"
    if answer == "text" and not yes_no(text):
        answer = "name" if _WHO.search(text) else "title" if _TITLE.search(text) else "text"
    # the last count word asks: an earlier «mấy» («mở thêm mấy phòng») may just mean «a few»
    last = ([m for m in _COUNT_WORD.finditer(text)] or [None])[-1]
    following = _COUNTED.match(text, last.start()) if last is not None else None
    counted = following.group(1) if following else ""
    counted = counted if (counted and counted not in _NOT_COUNTED and answer == "figure"
                          and not unit_at(text, following.start(1))) else ""
    return Asks(answer, next((u for u in units if u != "ngày"), ""), _form(text), counted)


_THE_PLAN = "kế_hoạch"  # how a question names the document it asks («kế hoạch yêu cầu gì»)
_PLAN_VERBS = 2  # verbs after it that say what it does: «kế hoạch đề ra …», «được kế hoạch xác định …»


def plan_verbs(tagged: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The verbs whose subject is the plan («kế hoạch yêu cầu gì», «được kế hoạch xác định vai trò gì») or that say
    where in it («được nhắc trong kế hoạch»): what is asked of it, not what about, which an answer quoting it need not
    repeat. `tagged`: pyvi's words and tags."""
    found = []
    for at, (word, tag) in enumerate(tagged):
        if word == _THE_PLAN and tag.startswith("N"):
            after = [(w, t) for w, t in tagged[at + 1:] if t != "R"]  # past «cũng», «sẽ»: «kế hoạch sẽ ưu tiên»
            run = next((n for n, (_, t) in enumerate(after) if t != "V"), len(after))
            found += [w for w, _ in after[:min(run, _PLAN_VERBS)]]
            if at >= 2 and tagged[at - 1][1] == "E" and tagged[at - 2][1] == "V":  # «được nhắc trong kế hoạch»
                found.append(tagged[at - 2][0])
    return frozenset(found)


def kind_nouns(tagged: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The nouns naming the kind of thing asked after, not a topic: the head of what «gì» or «nào» follows («về việc
    gì», «ngành công nghiệp nào»: «ngành»), unless it opens the question («Ngành nào …?» may be its topic)."""
    found = set()
    for at in (at for at, (word, _) in enumerate(tagged) if word in ("gì", "nào")):
        i = at - 1
        while i >= 0 and tagged[i][1] == "L":  # «những việc gì»
            i -= 1
        if i < 0 or tagged[i][1] != "N":
            continue
        while i > 0 and tagged[i - 1][1] == "N":  # the head of the noun phrase: «ngành» of «ngành công nghiệp»
            i -= 1
        if i > 0:
            found.add(tagged[i][0])
    return frozenset(found)


# The asker's own place below the province, or one pointed back at: «xã em», «bản mình», «huyện đó».
_OWN_PLACE = re.compile(r"\b(?:xã|phường|huyện|thị xã|thị trấn|bản|thôn|xóm)\s+(?:em|cháu|mình|tôi|tớ|tui|bọn em|chúng em"
                        r"|chúng tôi|này|đó|ấy)\b", re.IGNORECASE)


def own_place(text: str) -> str:
    """The place below the province `text` (the asking part as typed) asks about as the asker's own or as one named
    before («xã em», «huyện đó»), else ""."""
    found = _OWN_PLACE.search(text)
    return found.group().lower() if found else ""


# «mấy chục năm», «mấy năm tới» say how many without asking (`chat.NOT_COUNTED`); «mấy … đó» means «those».
_HOW_MANY = re.compile(rf"(?<!thêm )\bmấy\s+(?!{NOT_COUNTED})(?!\w+(?:\s+\w+)?\s+(?:đó|này|ấy|kia|như)\b)|\bmấy\s*[?]*$")


def asks_how_many(text: str) -> bool:
    """Whether `text` (match form) asks how many with «mấy» («có mấy xã», «… là mấy?»), not «mấy năm tới», «mấy … đó»."""
    return bool(_HOW_MANY.search(text))


def asks_wh(text: str) -> bool:
    """Whether `text` (match form) holds a question word of its own («bao nhiêu», «nào», «gì», «khi nào» …)."""
    return bool(_WH.search(text))


def asks_words(text: str) -> bool:
    """Whether `text` (match form, with diacritics) holds a question word asking for words («gì», «nào», «ai» …)."""
    return bool(_WORDS_WH.search(text))


def yes_no(text: str) -> bool:
    """Whether `text` (match form) ends as a yes/no question does («… không?», «… phải không ạ?»)."""
    return bool(_YES_NO_END.search(text))


def _form(text: str) -> str:
    if _SUMMARY.search(text):
        return "summary"
    if _COMPARE.search(text):
        return "compare"
    if _LIST.search(text):
        return "list"
    if _YES_NO_END.search(text) and not _WH.search(text):
        return "yesno"
    return "fact"


def _english(text: str) -> Asks:
    unit = "%" if _EN_PERCENT.search(text) else next((u for u in asked_units(text) if u != "ngày"), "")
    if _EN_DATE.search(text):
        answer = "date"
    elif _EN_FIGURE.search(text):
        answer = "figure"
    elif _EN_YEAR.search(text):
        answer = "year"
    else:
        answer = "text"
    form = ("summary" if _EN_SUMMARY.search(text) else "compare" if _EN_COMPARE.search(text)
            else "yesno" if _EN_YES_NO.search(text) else "list" if _EN_LIST.search(text) else "fact")
    return Asks(answer, unit if answer == "figure" else "", form, question=bool(_EN_ASKING.search(text.strip())))


# A question about how the plan is being carried out, which only yearly reports answer: a figure against its
# target («so với mục tiêu»), what was (not) met («chỉ tiêu nào chưa đạt»), a series over the years, the reports.
_PROGRESS = _folded("so với mục tiêu|so với kế hoạch|so với chỉ tiêu|chưa đạt|không đạt|vượt kế hoạch|vượt chỉ tiêu"
                    "|vượt mục tiêu|đạt kế hoạch|đạt chỉ tiêu|đạt mục tiêu|cách mục tiêu|qua các năm|qua từng năm|từng năm|báo cáo"
                    "|kết quả thực hiện|thực hiện được|ước đạt|ước thực hiện")
# Words that ask about what is planned or aimed at, not what was done: such a question is the plan's to answer.
_AIMED = _folded("dự kiến|kế hoạch|mục tiêu|phấn đấu|định hướng|chỉ tiêu đặt ra|đặt ra|đề ra")
_MET = _folded("chưa đạt|không đạt|đạt và vượt|đã đạt|vượt")


def asks_progress(text: str) -> bool:
    """Whether a question (match form) asks how the plan is being carried out, as the yearly reports tell."""
    return bool(_PROGRESS.search(text))


def asks_aimed(text: str) -> bool:
    """Whether a question (match form) asks about what is planned or aimed at («dự kiến», «mục tiêu»)."""
    return bool(_AIMED.search(text))


def asks_met(text: str) -> str:
    """«chưa đạt» for a question after the targets not met, «đạt» for those met, "" for neither."""
    found = _MET.search(text)
    if not found:
        return ""
    return "chưa đạt" if fold(found.group()).startswith(("chua", "khong")) else "đạt"
