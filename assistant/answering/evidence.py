"""What speaks for and against each clause that might answer a question: a small record of evidence.

The candidates are the clauses of the retrieved passages and the clauses nearest the question by
meaning anywhere in the scope. For each: how much of the question's key words it holds (weighed by
how rare each is, in the plan and in the language at large), how much of the question the plan never
speaks of, how near it is in meaning (against every clause of the scope, so that the embedder's
crowded similarities become a rank), whether it holds the kind of answer asked, whether keyword and
vector search agree on its passage. `decision.py` weighs these; nothing here decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from assistant.answering.retrieval import Hit
from assistant.store.bridge import english_words
from assistant.store.clauses import Clause, ClauseTable
from assistant.store.corpus_stats import CorpusStats
from assistant.text.chat import opener
from assistant.text.lexicon import Terms, term_set
from assistant.text.normalize import fold, match_form
from assistant.text.numbers import HAS_DIGIT, has_figure
from assistant.text.places import proper_names
from assistant.text.rarity import chat_short
from assistant.text.stopwords import is_stopword
from assistant.text.units import shows_unit
from assistant.understanding.asking import BODIES
from assistant.understanding.question import Question, key_words

BY_MEANING = 5  # clauses nearest the question by meaning that become candidates wherever they sit
AGREE_RANK = 3  # keyword and vector search agree when both rank a passage this high
STANDS_ALONE = 0.99  # a clause holding this share of a question's own words answers it without the one before
STORY = 0.5  # how much the words of the asker's story weigh, when they help a clause's cover
CONTEXT = 0.5  # how much the question before's words weigh when a question is read after it
NAMING_TAGS = frozenset({"N", "Np", "Ny", "V", "A", "X"})  # pyvi's tags of words that name something
POINTERS = frozenset({"ý", "mục", "điểm", "phần", "nội_dung"})  # words that point into an outline, naming no topic
FOCUS_MIN = 0.5  # share of a follow-up's focus («còn nông thôn thì sao?») a clause must name to be a candidate
IN_HEADING = 0.8  # what a word counts for when only the clause's headings hold it
HEADINGS_READ = 2  # a clause is read under its passage's last headings: "(1) … 10%" answers "mục tiêu kinh tế"
FEATURES = ("cover", "missing", "dense", "type_miss", "agree", "rank")
Bridges = dict[str, tuple[tuple[str, float], ...]]  # a question word → the plan's words it means, with similarity
# A body or company named, as Vietnamese writes them: capitalised, after the word for its kind.
_BODY = re.compile(rf"\b(?:{'|'.join(BODIES)})\b")
_QUOTED = re.compile(r"[“\"«][^”\"»]{4,}[”\"»]")
_JOINED = re.compile(r"[-/&]")
_WORDY = re.compile(r"[^\W\d_]{2,}")
_ROMAN = re.compile(r"\b[IVXLC]{2,}\b")
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Candidate:
    """A clause that might answer, the passage it sits in (with its retrieval ranks), and its evidence."""

    clause: Clause
    hit: Hit
    rank: int  # of its passage among the retrieved ones (1 = first), 0 when found by meaning alone
    cover: float  # share of the question's key words (by weight) the clause holds with its headings
    missing: float  # share of the question's key words (by weight) the plan never uses: the same for every clause
    dense: float  # its similarity to the question, in standard deviations above the scope's clauses' mean
    type_ok: bool  # it holds the kind of answer asked: a figure (in the unit asked, of what is counted), a date, a year
    typed: bool  # the question asks for a figure, a date or a year (not words)
    agree: bool  # keyword and vector search both rank its passage among the first few
    part_covers: tuple[float, ...] = ()  # `cover` of each part of a question on several things
    story: float = 0.0  # how much of the asker's story's words it holds: settles clauses the question's own tie on
    part_types: tuple[tuple[bool, bool], ...] = ()  # `typed` and `type_ok` of each part, which asks for its own kind

    def for_part(self, part: int) -> Candidate:
        """The candidate as evidence for one part of a question on several things: that part's cover and kind."""
        typed, ok = self.part_types[part] if part < len(self.part_types) else (self.typed, self.type_ok)
        return replace(self, cover=self.part_covers[part], typed=typed, type_ok=ok)

    def features(self) -> tuple[float, ...]:
        """The evidence as numbers, in the order of `FEATURES`."""
        return (self.cover, self.missing, self.dense, float(self.typed and not self.type_ok), float(self.agree),
                1.0 / self.rank if self.rank else 0.0)


def key_terms(question: Question, bridges: Bridges | None = None, known=None) -> Terms:
    """The question's words a passage must cover (not those of the asker's story, which says why, not what).

    A word is a compound where the segmenter found one («sân bay»: a passage with «sân» and «bay» apart
    does not hold it), else a syllable; typed without diacritics, a question cannot be segmented, and
    its syllables are its words. An English question's words are those matched to the plan's by meaning.
    Words `set_aside` are not looked for (`known(forms)` says whether the plan uses a word).
    """
    if question.language == "en":  # its words the plan writes too («logistics»), and those matched by meaning
        return tuple((word,) for word, found in (bridges or {}).items() if not is_stopword(found[0][0].replace("_", " ")))
    terms = tuple(g for g in question.terms if g[0] not in question.story_terms) or question.terms
    return tuple(g for g in key_words(terms, question.language) if g[0] not in POINTERS and not set_aside(question, g, known))


def set_aside(question: Question, forms: tuple[str, ...], known=None) -> bool:
    """Whether a word of the question (its forms) is not looked for: a short form typed in chat («hs», «dợ»), which
    may mean anything; with `known`, one the plan never uses that names nothing (a classifier «tụi», a particle), is a
    one-syllable verb, is a lone word opening the message before a comma («ok, …»), or is words joined by «/» or «-»
    it writes apart («GRDP/người»: its words are looked for instead)."""
    word = forms[0]
    if chat_short(word, question.search_text):
        return True
    if known is None or known(forms):
        return False
    if word in _unnamed(question) or word in _said(question):  # «tụi», a particle; «nhắm», «cấm»: nothing to look for
        return True
    parts = [p for p in _JOINED.split(word) if p]  # not a code («69-NQ/TW»): its number names it
    return word.lower() == opener(question.search_text) or (
        len(parts) > 1 and not any(ch.isdigit() for ch in word) and all(known((p,)) for p in parts))


def _unnamed(question: Question) -> frozenset[str]:
    """The question's words the tagger reads as naming nothing (not a noun, verb or adjective)."""
    return frozenset(word for word, tag in question.tagged if tag not in NAMING_TAGS)


def _said(question: Question) -> frozenset[str]:
    """The question's one-syllable verbs: everyday words for what is done, where the plan writes its own («nhắm» for
    «ưu tiên», «cấm» for «dừng»). A compound one may name a thing the plan lacks («tiêm chủng»)."""
    return frozenset(word for word, tag in question.tagged if tag == "V" and "_" not in word)


def story_terms(question: Question) -> Terms:
    """The words only the asker's story uses («Tôi đang trồng quế, …»): what the question may be about."""
    return key_words(tuple(g for g in question.terms if g[0] in question.story_terms), question.language)


def context_terms(question: Question) -> Terms:
    """The question before's words, for a question read in a conversation (those it does not use itself)."""
    own = {g[0] for g in question.terms}
    return tuple(g for g in question.context if g[0] not in own)


def missing_share(question: Question, wanted: Terms, stats: CorpusStats, bridges: Bridges | None = None) -> float:
    """How much of `wanted` (by weight) the plan never uses: «sân golf» much, an everyday «giờ» nothing.

    For a question in English, the share of its content words that no word of the plan means.
    """
    if question.language == "en":  # leaving out those that mean a word every question uses («plan»)
        found = bridges or {}
        words = [w for w in english_words(question) if w not in found or not is_stopword(found[w][0][0].replace("_", " "))]
        return sum(w not in found for w in words) / len(words) if words else 0.0
    total = sum(stats.weight(g[0]) for g in wanted)
    return sum(stats.weight(g[0]) for g in wanted if not stats.known(g)) / total if total else 0.0


def holds_answer(question: Question, text: str) -> bool:
    """Whether `text` holds the kind of answer the question asks for."""
    kind = question.asks.answer
    if kind == "date":
        return bool(_DATE.search(text))
    if kind == "name":  # who: a body or a company named («Bộ Chính trị», «Công ty …»)
        return bool(_BODY.search(text))
    if kind == "title":  # «tên gì»: that, a name the plan writes in quotes (a movement, a programme), or one it capitalises
        return bool(_BODY.search(text) or _QUOTED.search(text) or _new_name(question.text, text))
    if kind == "year":  # a year, or a target's figure: set for the end of the plan's period
        return bool(HAS_DIGIT.search(text))
    if kind == "figure":
        unit, counted = question.asks.unit, question.asks.counted
        shown = match_form(text)
        if counted:  # «bao nhiêu xã»: a figure of what is counted («70% số xã», «50 xã»)
            plain = fold(shown) if question.language == "vi-plain" else shown
            return bool(re.search(rf"\d[\d.,]*\s*%?\s+(?:\S+\s+){{0,2}}?{re.escape(counted)}\b", plain)
                        # or the clause's subject names it before its figure: «Dân số … đạt trên 530 nghìn người»
                        or re.match(rf"\W*{re.escape(counted)}\b[^\d]*\d", plain))
        figure = HAS_DIGIT.search(text) if unit == "năm" else has_figure(text)  # a year is the figure only when years are asked
        figure = figure or (not unit and _ROMAN.search(text))  # «khóa mấy?»: «khóa XVI», as terms and congresses are numbered
        return bool(figure) and (not unit or shows_unit(unit, shown))
    return True


def _new_name(asked: str, text: str) -> bool:
    """Whether `text` writes a proper name `asked` does not already give («cửa khẩu Ma Lù Thàng - Kim Thủy Hà» to
    «đối diện cửa khẩu Ma Lù Thàng là cửa khẩu tên gì?»)."""
    return bool({n.lower() for n in proper_names(text)} - {n.lower() for n in proper_names(asked)})


def covers(wanted: Terms, hit: Hit, clause: str, stats: CorpusStats, bridges: Bridges | None = None,
           english: bool = False, context: Terms = (), context_weight: float = 0.0,
           optional: frozenset[str] = frozenset()) -> float:
    """Share of `wanted` (by weight) a clause holds, read under its passage's last headings.

    An `optional` word (a verb said of the plan: «kế hoạch yêu cầu gì») counts where the clause holds it and is not
    wanted where it does not: the answer need not say «yêu cầu».

    A word only its headings hold counts `IN_HEADING` of one the clause itself holds: every clause under
    «b) Bảo đảm an ninh quốc gia, giữ gìn trật tự, an toàn xã hội» is about that, the one that says it more.
    A word the clause lacks counts for as much as its bridge's similarity when the clause holds the plan's
    word it was matched to («revenue» → «thu ngân sách»).
    """
    if not wanted and not context:
        return 0.0
    present = term_set(" ".join([*hit.chunk.headings[-HEADINGS_READ:], clause]))
    own = term_set(clause)
    total = found = 0.0
    for group, share in [*((g, 1.0) for g in wanted), *((g, context_weight) for g in context)]:
        weight = stats.weight(group[0]) * share
        total += weight
        if any(form in own for form in group):
            found += weight
        elif any(form in present for form in group):
            found += weight * IN_HEADING
        else:  # a question in English has no other way to match: its bridges count in full
            bridged = max((1.0 if english else similar for term, similar in (bridges or {}).get(group[0], ())
                           if term in present), default=0.0)
            found += weight * bridged
            if group[0] in optional and not bridged:
                total -= weight
    return found / total if total else 0.0


def _nearness(table: ClauseTable, queries: list[np.ndarray]) -> np.ndarray:
    """Each clause's similarity to the nearest of the queries, in standard deviations above the clauses' mean."""
    if not queries or not len(table.clauses):
        return np.zeros(len(table.clauses))
    scores = []
    for query in queries:
        similarity = table.similarities(query)
        scores.append((similarity - similarity.mean()) / (float(similarity.std()) or 1.0))
    return np.max(scores, axis=0)


def weigh(question: Question, hits: list[Hit], table: ClauseTable, positions: dict[str, int],
          query: np.ndarray | None, stats: CorpusStats, chunk_at, within: set[int] | None = None,
          bridges: Bridges | None = None, also: tuple[np.ndarray, ...] = (),
          asking: np.ndarray | None = None) -> list[Candidate]:
    """The evidence for every candidate clause, in no particular order.

    `positions` gives each retrieved passage's place in the index (the `chunk` of its clauses), `query`
    the question's unit vector (None: no meaning is compared), `chunk_at` the passage at a place;
    `within`, the places of the passages a candidate must be in (a section the question points at).
    """
    wanted = _without_the_plan_s_period(question, key_terms(question, bridges, stats.known), stats)
    parts = [_without_the_plan_s_period(part, key_terms(part, bridges, stats.known), stats) for part in question.parts]
    # a verb said of the plan («được nhắc trong kế hoạch») that the plan never writes says nothing of what it lacks
    missing = missing_share(question, tuple(g for g in wanted if g[0] not in question.plan_verbs), stats, bridges)
    english = question.language == "en"
    story = story_terms(question)
    own = _nearness(table, [q for q in (query, asking) if q is not None])  # the asking part alone too: the story aside
    ranked = {positions[h.chunk.id]: (rank, h) for rank, h in enumerate(hits, start=1) if h.chunk.id in positions}
    chosen = [i for i, c in enumerate(table.clauses) if c.chunk in ranked]
    if query is not None:
        nearest = [int(i) for i in np.argsort(-own) if within is None or table.clauses[int(i)].chunk in within]
        chosen += [i for i in nearest[:BY_MEANING] if table.clauses[i].chunk not in ranked]
    found = []
    for i in dict.fromkeys(chosen):
        clause = table.clauses[i]
        if not _WORDY.search(clause.text):  # a marker alone («1.»), which the embedder finds near anything
            continue
        if (question.focus_terms and not _holds_year(clause.text, question.focus_years)
                and stats.coverage(question.focus_terms, term_set(clause.text)) < FOCUS_MIN):
            continue
        rank, hit = ranked.get(clause.chunk, (0, None))
        found.append((i, clause, rank, hit or Hit(chunk_at(clause.chunk), 0.0, None, None)))
    asked = question.plan_verbs
    alone = {i: covers(wanted, hit, clause.text, stats, bridges, english, optional=asked) for i, clause, _, hit in found}
    # In a conversation, a question that some clause answers in its own words stands alone («Dân số năm 2030?»);
    # one that none does is read with the question before, in words and in meaning («còn y tế thì sao?»).
    context = context_terms(question) if question.back or max(alone.values(), default=0.0) < STANDS_ALONE else ()
    dense = _nearness(table, [q for q in (query, asking, *also) if q is not None]) if context else own
    candidates = []
    for i, clause, rank, hit in found:
        cover = covers(wanted, hit, clause.text, stats, bridges, english, context, CONTEXT, asked) if context else alone[i]
        told = covers((), hit, clause.text, stats, bridges, english, story, 1.0) if story else 0.0
        if story:  # the story may say what the question is about: it can only add
            cover = max(cover, covers(wanted, hit, clause.text, stats, bridges, english, story, STORY, asked))
        if question.focus_terms:  # «còn nông thôn thì sao?»: what it asks is the focus; the question before, context
            focused = 1.0 if _holds_year(clause.text, question.focus_years) else covers(
                question.focus_terms, hit, clause.text, stats, bridges, english)
            cover = (cover + focused) / 2
        candidates.append(Candidate(
            clause, hit, rank, cover, missing,
            float(dense[i]), holds_answer(question, clause.text),
            question.asks.answer != "text",
            (hit.keyword_rank or AGREE_RANK + 1) <= AGREE_RANK and (hit.vector_rank or AGREE_RANK + 1) <= AGREE_RANK,
            tuple(covers(terms, hit, clause.text, stats, bridges, english, optional=part.plan_verbs)
                  for terms, part in zip(parts, question.parts)), told,
            tuple((part.asks.answer != "text", holds_answer(part, clause.text)) for part in question.parts)))
    return candidates


def _without_the_plan_s_period(question: Question, wanted: Terms, stats: CorpusStats) -> Terms:
    """`wanted` without the word naming a period when the period is the one the plan covers («giai đoạn 2026-2030»):
    every target of the plan is for it, so it says nothing of which clause answers."""
    spans = {tuple(int(y) for y in re.findall(r"\d{4}", period)) for period in question.periods}
    if stats.period is None or tuple(stats.period) not in spans:
        return wanted
    return tuple(g for g in wanted if g[0] not in question.period_words)


def _holds_year(text: str, named: tuple[str, ...]) -> bool:
    """Whether a clause names one of the years a follow-up's focus names («còn mốc năm 2045?»: what it is about)."""
    return any(re.search(rf"(?<!\d){year}(?!\d)", text) for year in named)


def candidates_for(question: Question, gathered, index, stats: CorpusStats) -> list[Candidate]:
    """`weigh` over an index's clauses (an `indexing.Index`, or a scope's), for what `gather` found."""
    within = gathered.within
    places = None if within is None else {index.positions[c] for c in within if c in index.positions}
    return weigh(question, gathered.hits, index.clauses, index.positions, gathered.query, stats,
                 lambda i: index.chunks[i], places, gathered.bridges, gathered.also, gathered.asking)
