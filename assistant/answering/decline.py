"""When the plan does not answer a question, and how the assistant then says so.

A question is declined before any passage is weighed when it names a year the plan never mentions or
another province (`out_of_scope`); when the decision (decision.py) finds no clause that answers, the
decline names what the plan lacks in the asker's words (`missing_phrase`); an answer about something
close to what was asked is declined with what it does say (`near_miss`): another year, a unit, a
name the plan never mentions, a figure achieved so far.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answering.evidence import set_aside
from assistant.answering.reply import Answer, Citation
from assistant.answering.retrieval import Hit
from assistant.store.corpus_stats import CorpusStats
from assistant.text.lexicon import words as tokens
from assistant.text.normalize import fold, has_diacritics, match_form
from assistant.text.numbers import years
from assistant.text.places import proper_names
from assistant.text.rarity import rarity, specificity
from assistant.text.stopwords import is_stopword
from assistant.text.units import shows_unit, unit_name
from assistant.understanding.question import Question

EXCERPT_CHARS = 220  # of each closest passage shown with a decline
SHOWN = 3  # closest passages shown with a decline
RARE = 0.3  # a word the plan never uses is named in a decline when it is at least this rare in the language
# or, a noun, at least this specific: «sân bay» is named, not a «chuyện» or a «cô giáo» said all day
NOUN_SPECIFIC = 0.5
PHRASE_WORDS = 3  # words of the asker's phrase a decline names around such a word («xây sân golf»)
_NAMING = {"N", "Np", "Nc", "Ny", "V", "A", "X"}  # parts of speech that name something
_NOUNS = {"N", "Np", "Nc", "Ny"}  # the words a missing one is named with («sân golf», «xã Nậm Hàng»)


def out_of_scope(question: Question, stats: CorpusStats) -> str | None:
    """What the question asks that the plan cannot cover (a year it never mentions, another province), or None;
    and English words that ask nothing (no question word, no «?»): there is nothing to answer."""
    if not question.asks.question:
        return "điều được hỏi: đoạn chữ này không hỏi gì"
    unknown_years = stats.unknown_years(question.text)
    if unknown_years:
        return f"số liệu hay nhiệm vụ nào cho năm {', '.join(unknown_years)}"
    elsewhere = stats.other_provinces(question.asking or question.text)  # not where the asker's child works
    if elsewhere and (question.asks_figure or not set(elsewhere) & stats.places):
        return f"số liệu hay nhiệm vụ của {', '.join(elsewhere)}: đây là kế hoạch của tỉnh {stats.home}"
    return None


def missing_phrase(question: Question, stats: CorpusStats) -> str:
    """What the plan lacks, in the asker's own words: each rare word it never uses with the words it goes with
    («sân golf»), else the asked subject itself."""
    if question.asks.answer in ("name", "title"):  # «công ty nào …?»: what is missing is a name
        return "tên cơ quan, doanh nghiệp hay người nào cho điều được hỏi"
    words = (question.asking_tagged or question.tagged) if question.language != "en" else ()  # not the story told before it
    # a follow-up's own words («còn giường bệnh?»), not those of the question before it read with it
    asking = " ".join(["", *tokens(fold(question.focus or question.asking or question.search_text)), ""])
    found: list[str] = []
    for i, (word, tag) in enumerate(words):
        # a noun the plan never uses is named even when common («sân bay»); other words only when rare
        telling = specificity(word, 0.0) >= NOUN_SPECIFIC if tag in _NOUNS else rarity(word) >= RARE
        if (tag in _NAMING and _unknown(word, stats) and telling and word not in question.story_terms
                and word not in question.plan_verbs
                and not set_aside(question, (word,), stats.known)
                and f" {fold(word.replace('_', ' '))} " in asking and not is_stopword(word.replace("_", " "))):
            start, end = i, i + 1
            while start > 0 and end - start < PHRASE_WORDS and words[start - 1][1] in _NOUNS and not is_stopword(words[start - 1][0]):
                start -= 1
            while end < len(words) and end - start < PHRASE_WORDS and words[end][1] in _NOUNS and not is_stopword(words[end][0]):
                end += 1
            phrase = _as_asked(" ".join(w for w, _ in words[start:end]).replace("_", " "), question.asked)
            if phrase not in found and not any(phrase in f for f in found):
                found.append(phrase)
    found = [p for p in found if not any(p != other and p in other for other in found)]  # «ruộng» in «ruộng bậc thang»
    if found:
        return "nội dung về «" + "», «".join(found) + "»"
    return "thông tin để trả lời câu hỏi này"


def _as_asked(phrase: str, asked: str) -> str:
    """`phrase` (match form) as the asker wrote it, capitals and all, when it can be found in what they asked."""
    plain = fold(asked.lower()).replace("y", "i")  # match form writes a final «y» as «i» («công ti»)
    at = plain.find(fold(phrase).replace("y", "i"))
    return asked[at:at + len(phrase)] if at >= 0 and len(plain) == len(asked) else phrase


def _unknown(word: str, stats: CorpusStats) -> bool:
    forms = (word, fold(word)) if not has_diacritics(word) else (word,)
    return any(ch.isalpha() for ch in word) and not stats.known(forms)


def decline(hits: list[Hit], why: str) -> Answer:
    """«Kế hoạch không nêu …», with the closest passages shown instead of a guess."""
    citations = []
    lines = [f"Kế hoạch không nêu {why}."] + (["", "Những đoạn gần nhất trong kế hoạch:"] if hits else [])
    for number, hit in enumerate(hits[:SHOWN], start=1):
        excerpt = hit.chunk.text
        if len(excerpt) > EXCERPT_CHARS:
            excerpt = excerpt[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
        citations.append(Citation(number, hit.chunk, excerpt))
        lines.append(f"- «{excerpt}» [{number}]")
    return Answer("\n".join(lines), True, tuple(citations), tuple(hits), via="refusal")


# A near miss: the plan answers something close, but not what was asked. Each rule says what is missing.
_NOW = re.compile(r"\b(?:hiện nay|hiện tại|hiện có|hiện đang|đã có|đã đạt|đến nay|năm ngoái|năm nay|vừa qua|"
                  r"trước đây|tính đến hết|tính tới hết)\b")
_ANNUAL = re.compile(r"hằng năm|hàng năm|mỗi năm|/năm\b")
_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
# A place below the province, named after its kind: «xã Tân Uyên», «bản Hon» (Vietnam's administrative units). A
# sentence may begin with the kind («Xã Tân Uyên …»), but not with «Bản» or «Thôn», which begin names («Bản Chát»).
_LOCAL = re.compile(r"((?:\b(?:xã|phường|huyện|thị xã|thị trấn|bản|thôn)|(?:^|(?<=[.?!:]\s))(?:Xã|Phường|Huyện|Thị xã"
                    r"|Thị trấn))\s+([A-ZĐ][^\W\d_A-ZĐ]*(?:\s+[A-ZĐ][^\W\d_A-ZĐ]*)*)\b)")


def _years_stated(found: Answer) -> tuple[set[int], bool]:
    """The years the answer's quotes state, and whether they state a yearly figure."""
    quoted = " ".join(c.quote for c in found.citations) + " " + found.text
    return {int(y) for y in years(quoted)}, bool(_ANNUAL.search(quoted))


def _single_years(question: Question, period: tuple[int, int] | None) -> list[int]:
    """The years a question asks about, leaving out a span within the plan's period («giai đoạn 2026-2030»)."""
    inside = set()
    for first, last in _SPAN.findall(question.search_text):
        if period and period[0] <= int(first) <= int(last) <= period[1]:
            inside |= {int(first), int(last)}
    return [int(y) for y in question.years if int(y) not in inside]


def unknown_names(question: Question, stats: CorpusStats) -> list[str]:
    """Names written with capitals in the asking part (a commune, a village) the plan never mentions; not those
    of the asker's story («Nhà tôi có nương chè ở Tam Đường. …»), which says why it asks, not what."""
    if question.language == "en":  # English capitalises what Vietnamese does not
        return []
    return [name for name in proper_names(question.asking or question.search_text) if not stats.mentions(name)]


def names_unanswered(question: Question, found: Answer, stats: CorpusStats) -> list[str]:
    """Communes, wards, districts, villages the question asks about by name (not in the asker's story) that
    `found` does not name: «thu nhập của xã Tân Uyên» answered with the province's figure."""
    if question.language == "en":
        return []
    homes = {fold(h.lower()) for h in stats.homes}
    said = fold(" ".join([found.text, *(c.quote for c in found.citations)]).lower())
    story = {part for term in question.story_terms for part in term.split("_")}
    return [place for place, name in _LOCAL.findall(question.search_text)
            if fold(name.lower()) not in homes and fold(name.lower()) not in said
            and not {w.lower() for w in name.split()} <= story]


def near_miss(question: Question, found: Answer, stats: CorpusStats) -> str | None:
    """What the question asks that `found` (an answer about something close) does not give, or None when it answers."""
    why = out_of_scope(question, stats)
    if why:
        return why
    names = unknown_names(question, stats)
    if names:
        return "nội dung về «" + "», «".join(names) + "»"
    names = names_unanswered(question, found, stats)
    if names:
        return "số liệu hay nội dung riêng cho «" + "», «".join(names) + "»"
    if question.asks_figure and question.own_place:  # «xã em có bao nhiêu hộ nghèo?»: that commune's own figure
        return f"số liệu riêng cho «{question.own_place}»"
    stated, annual = _years_stated(found)
    period = stats.period
    lowered = match_form(question.asking or question.search_text)  # «năm nay» in «em năm nay lên lớp 10» is the story
    if question.asks_figure and period and _NOW.search(lowered) and not question.years:
        return f"số liệu hiện có hay đã đạt (kế hoạch đặt mục tiêu cho giai đoạn {period[0]}-{period[1]})"
    for year in _single_years(question, period):
        if year in stated or (annual and period and period[0] <= year <= period[1]):
            continue
        if not stated and period and year == period[1]:
            continue  # a target with no year of its own is set for the end of the plan's period
        if period and year < period[0]:
            return f"số liệu năm {year} (kế hoạch đặt mục tiêu cho giai đoạn {period[0]}-{period[1]})"
        return f"số liệu cho năm {year}"
    shown = match_form(" ".join(c.quote for c in found.citations) + " " + found.text)
    for unit in question.units:
        if not shows_unit(unit, shown):
            return f"con số tính bằng {unit_name(unit)} cho điều được hỏi"
    return None


def closest(found: Answer, why: str) -> Answer:
    """A decline that shows what the plan does say nearby: «Kế hoạch không nêu …; kế hoạch nêu: …»."""
    text = f"Kế hoạch không nêu {why}. Điều kế hoạch nêu gần nhất:\n{found.text}"
    return replace(found, text=text, refused=True, via="refusal")
