"""The answer to a question: from the outline, the target table, or by quoting what the decision ranked best,
or a decline — in the form the question asks (yes/no, a frame for a question in English), then guarded.

Whether to answer is decided once, in `decision.py`, from the candidates' evidence; what is declined before
that (a year or province the plan never names) and after it (a near miss) is said in `decline.py`.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from assistant.answering.decision import Decision, rescue_at
from assistant.answering.decline import closest, decline, missing_phrase, near_miss, out_of_scope
from assistant.answering.evidence import Bridges
from assistant.answering.figures import TABLE_MIN, answers_from_table, from_table
from assistant.answering.gather import Evidence
from assistant.answering.guard import grounded
from assistant.answering.quoting import quote_answer, shown_hits, whole_passages
from assistant.answering.reply import Answer
from assistant.answering.retrieval import Hit
from assistant.answering.sections import (
    answer_located,
    content_answer,
    group_answer,
    name,
    section_where,
    where_answer,
)
from assistant.answering.summaries import by_title, summarised, summary_answer
from assistant.documents.chunking import Chunk
from assistant.documents.outline import Outline, Section
from assistant.store.corpus_stats import CorpusStats
from assistant.targets.table import Match
from assistant.text.normalize import match_form
from assistant.text.units import shows_unit
from assistant.understanding.question import Question

log = logging.getLogger(__name__)

ENGLISH_FRAME = "The plan says (quoted in Vietnamese)"
ENGLISH_DECLINE = "(The plan does not say this; what it says nearby is quoted below, in Vietnamese.)"
CAVEAT = "Kế hoạch không nêu đúng điều được hỏi; đoạn gần nhất"
YES = "Có — kế hoạch nêu"
QUOTED = "Theo kế hoạch"
WHERE_READ, WHERE_PLACES = 5, 2  # candidates read for the sections a topic stands in; sections named at most


def _checked(result: Answer, question: Question) -> bool:
    if grounded(result.text, question.text, result.sources):
        return True
    log.warning("%s answer to %r states a number its sources lack", result.via, question.text[:200])
    return False


def _where(question: Question, decision: Decision, figures: list[tuple[Match, Chunk]], outline: Outline, hits: list[Hit],
           stats: CorpusStats, within: Section | None = None, bridges: Bridges | None = None) -> Answer | None:
    """«… thuộc nhóm nào?», «… nằm ở phần nào?»: the group of the target the question names, else the part whose
    heading names the topic, else the sections of the best candidates (those holding as much of the question as the best).

    Saying where a topic stands asks less than quoting what answers it: a decline close to the bar (as close as
    a chat model would be shown the passages) still says where the nearest passages stand. `within`: the section the
    question names («… ở tiểu mục nào của 3.2?»), the only one looked in.
    """
    target = figures[0][0] if figures else None  # one it names or points back at, or the one the best clause holds
    if target is not None and target.score >= TABLE_MIN and (
            target.score >= 1.0 or decision.best is None or _agrees(figures, decision)):
        match, chunk = figures[0]
        return group_answer(chunk, match.target.indicator, outline, hits)
    titled = by_title(question, outline, stats, within, bridges)
    if titled is not None:
        return section_where(titled, outline, hits)
    if not decision.says_where():
        return None
    held = decision.best.cover
    passages = [(c.hit.chunk, c.clause.text) for _, c in decision.ranked[:WHERE_READ] if c.cover >= held]
    return where_answer(passages[:WHERE_PLACES], outline, hits)


def _unless_near_miss(question: Question, found: Answer, stats: CorpusStats) -> Answer:
    """`found` (an outline answer, under the English frame for a question in English), or a decline that shows it
    when it answers something close to what was asked."""
    why = near_miss(question, found, stats)
    if why:
        return closest(found, why)
    return replace(found, text=f"{ENGLISH_FRAME}:\n{found.text}") if question.language == "en" else found


def _declined(question: Question, declined: Answer) -> Answer:
    """A decline, with a line in English for a question asked in English."""
    if question.language != "en":
        return declined
    first, _, rest = declined.text.partition("\n")
    return replace(declined, text=f"{first}\n{ENGLISH_DECLINE}\n{rest}")


def _finish(question: Question, found: Answer, decision: Decision, stats: CorpusStats) -> Answer:
    """A near miss declined with what the plan does say, else the answer in the form asked."""
    why = near_miss(question, found, stats)
    return closest(found, why) if why else _framed(question, found, decision)


def _agrees(figures: list[tuple[Match, Chunk]], decision: Decision, question: Question | None = None) -> bool:
    """Whether the target the table found stands in the passage the decision ranked best (for a question on several
    things, each part's target in a passage that covers that part best): the figure stated is then the one the
    quote would give."""
    if decision.best is None or figures[0][1].id != decision.best.hit.chunk.id:
        return False
    parts = len(question.parts) if question is not None else 0
    return len(figures) >= parts and all(_part_agrees(decision, i, figures[i][1].id) for i in range(parts))


def _part_agrees(decision: Decision, part: int, chunk_id: str) -> bool:
    """Whether a clause of the passage `chunk_id` covers a part of the question as well as any clause does."""
    held = [c for _, c in decision.ranked if part < len(c.part_covers)]
    top = max((c.part_covers[part] for c in held), default=0.0)
    return any(c.hit.chunk.id == chunk_id and c.part_covers[part] >= top for c in held)


def _points_back(question: Question, decision: Decision, favoured: frozenset[str]) -> Decision | None:
    """A follow-up asking a figure of what the last answer cited («văn bản đó ban hành ngày nào?»): the
    decision narrowed to that passage's clauses in the unit asked, when one holds it."""
    if not question.back:
        return None
    kept = tuple(pc for pc in decision.ranked if pc[1].hit.chunk.id in favoured
                 and any(shows_unit(unit, match_form(pc[1].clause.text)) for unit in question.units))
    return Decision("answer", kept, decision.probability) if kept else None


def _confirmed(question: Question, figures: list[tuple[Match, Chunk]], decision: Decision) -> Decision | None:
    """A figure question declined close to the bar (as close as a chat model would be shown the passages) whose
    best candidate holds the target the table finds by the question's words: the two agree, so it is answered."""
    if decision.verdict != "decline" or decision.probability < rescue_at():
        return None
    if answers_from_table(figures, question) and _agrees(figures, decision):
        return replace(decision, verdict="answer")
    return None


def _framed(question: Question, result: Answer, decision: Decision) -> Answer:
    """The answer in the form asked: «Có — …» for yes/no, a caveat when the evidence is thin, an English frame."""
    text = result.text
    quoted = result.via == "passages" and text.startswith(QUOTED)  # «Theo kế hoạch:» then the quotes
    if decision.verdict == "caveat":
        text = f"{CAVEAT}:\n{text.partition(chr(10))[2]}" if quoted else f"{CAVEAT}:\n{text}"
    elif question.asks.form == "yesno" and quoted:
        text = f"{YES}:\n{text.partition(chr(10))[2]}"
    if question.language == "en":
        text = f"{ENGLISH_FRAME}:\n{text}"
    return replace(result, text=text)


def answer(question: Question, evidence: Evidence, decision: Decision, stats: CorpusStats,
           outline: Outline | None = None) -> Answer:
    """Answer from the outline, the target table or by quoting the candidates, or decline when the plan does not say."""
    hits, figures, located = evidence.hits, list(evidence.figures), evidence.located
    if evidence.earlier:  # «nói rõ hơn»: the last answer's passages in full
        return whole_passages(evidence.earlier, hits)
    if outline is not None and question.asks.form == "summary" and (located is None or located.how != "parts"):
        scope = located.sections[0] if located is not None and not located.missing else None
        # the part named, by marker or title
        section = summarised(question, decision, outline, stats, scope, evidence.bridges)
        if section is not None:
            return summary_answer(section, outline, hits)
    if outline is not None and located is not None and located.how != "scope":
        result = answer_located(located, question, outline, hits)
        if located.missing:
            return closest(result, f"{located.missing} trong {name(located.sections[0], outline)}")
        if _checked(result, question):
            return _unless_near_miss(question, result, stats)
    if outline is not None and question.reference.group_of:
        within = located.sections[0] if located is not None and located.how == "scope" else None
        result = _where(question, decision, figures, outline, hits, stats, within, evidence.bridges)
        if result is not None and _checked(result, question):
            return _unless_near_miss(question, result, stats)
    why = out_of_scope(question, stats)
    if why:
        return _declined(question, decline(shown_hits(decision, hits), why))
    if figures and figures[0][0].by_value:  # it names a target's value or number («chỉ tiêu số 15»): that target
        stated = from_table(figures, shown_hits(decision, hits))
        if _checked(stated, question):
            return _finish(question, stated, replace(decision, verdict="answer"), stats)
    if (evidence.nearest is not None and not (figures and _agrees(figures, decision))
            and _agrees([evidence.nearest], decision) and decision.best.cover > 0):
        # no record the words find stands where the decision's best clause is; the one stated by the clause nearest by
        # meaning does, and that passage shares words with the question («2030 là bao nhiêu?» alone is near every
        # target of 2030): it is the record stated, and a narrow decline is confirmed by it
        figures = [evidence.nearest]
    decision = _points_back(question, decision, evidence.favoured) or _confirmed(question, figures, decision) or decision
    if decision.verdict == "decline" or not decision.ranked:
        if outline is not None and located is not None:  # nothing inside the section matched: say what it holds
            return _unless_near_miss(question, content_answer(located.sections[0], outline, hits), stats)
        declined = decline(shown_hits(decision, hits), missing_phrase(question, stats))
        close = bool(decision.ranked) and decision.probability >= rescue_at()  # a model may find it answered after all
        return _declined(question, replace(declined, may_rescue=close))
    if answers_from_table(figures, question) and _agrees(figures, decision, question):
        stated = from_table(figures, shown_hits(decision, hits))
        if _checked(stated, question):
            return _finish(question, stated, decision, stats)
    quoted = quote_answer(question, decision, hits)
    if _checked(quoted, question):
        return _finish(question, quoted, decision, stats)
    return decline(hits, "câu trả lời mà mọi con số đều có trong đoạn trích dẫn")
