"""Summaries: what a part of the plan says, in brief, for «tóm tắt», «khái quát», «nêu ngắn gọn» questions.

The part is the one the question names (by number or title), else the heading that covers most of the
question's words («định hướng phát triển du lịch» → «c) Thúc đẩy dịch vụ, thương mại, du lịch phát
triển»), else the section the best candidate sits in. The summary is the plan's own words: the heading,
then the opening sentences of each of its passages, each cited.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.answering.decision import Decision
from assistant.answering.evidence import Bridges, key_terms
from assistant.answering.reply import Answer, Citation, cite
from assistant.answering.retrieval import Hit
from assistant.answering.sections import content_answer, name
from assistant.documents.outline import Outline, Section
from assistant.store.corpus_stats import CorpusStats
from assistant.text.lexicon import Terms, term_set
from assistant.text.sentences import sentences
from assistant.text.stopwords import is_stopword
from assistant.understanding.question import Question, content_terms, key_words
from assistant.understanding.references import META

TITLE_COVER = 0.5  # share of the question's key words a heading must hold to be the part summarised
SENTENCES = 3  # opening sentences quoted of each passage
MAX_CHARS = 2400  # of quoted text in all: a long part is summarised by its first passages
WHOLE = 4  # a part of this few passages is quoted whole
TITLE_BRIDGE = 0.4  # a word of a question in English names a heading's topic through a bridge this close («tourism»)


@lru_cache(maxsize=1)
def _meta() -> frozenset[str]:
    """The words of an outline («nhiệm vụ», «nội dung»), which name no topic."""
    return frozenset(g[0] for word in META for g in content_terms(word))


def _topic(question: Question, bridges: Bridges | None = None) -> Terms:
    """The question's key words that name a topic, not a part of an outline; for a question in English, the plan's
    words nearest its own in meaning (`bridges`), which a heading may hold."""
    if question.language == "en":
        return tuple(dict.fromkeys((found[0][0],) for found in (bridges or {}).values()
                                   if found[0][1] >= TITLE_BRIDGE and found[0][0] not in _meta()
                                   and not is_stopword(found[0][0].replace("_", " "))))
    return tuple(g for g in key_terms(question) if g[0] not in _meta())


def _title_cover(wanted: Terms, section: Section, stats: CorpusStats) -> float:
    return stats.coverage(wanted, term_set(section.title)) if wanted else 0.0


def by_title(question: Question, outline: Outline, stats: CorpusStats, within: Section | None = None,
             bridges: Bridges | None = None) -> Section | None:
    """The part (of `within`, if given) whose heading holds most of the question's topic words, at least `TITLE_COVER`
    of them; of those, the one whose heading the question names most of («Về môi trường» before a long heading
    that ends in «môi trường»), then the deepest."""
    wanted = _topic(question, bridges)
    asked = frozenset(g[0] for g in wanted)
    pool = [within, *outline.descendants(within)] if within is not None else outline.sections
    headed = [s for s in pool if s.heading and outline.chunks_within(s)]
    scored = [(_title_cover(wanted, s, stats), stats.coverage(_topic_of(s.title), asked), s.depth, s) for s in headed]
    best = max(scored, key=lambda t: t[:3], default=None)
    return best[3] if best is not None and best[0] >= TITLE_COVER else None


@lru_cache(maxsize=4096)
def _topic_of(title: str) -> Terms:
    """A heading's words that name its topic."""
    return tuple(g for g in key_words(content_terms(title), "vi") if g[0] not in _meta())


def summarised(question: Question, decision: Decision, outline: Outline, stats: CorpusStats,
               scope: Section | None = None, bridges: Bridges | None = None) -> Section | None:
    """The part of the plan a summary question is about: the part it names by marker or title (`scope`), or the part
    of it whose heading names the question's topic («… khoa học, công nghệ … trong mục 3.2»); else the part whose
    heading names the topic; else where the best candidate sits (when the decision answers, or declines close to its bar)."""
    if scope is not None:
        return by_title(question, outline, stats, scope, bridges) or scope
    titled = by_title(question, outline, stats, bridges=bridges)
    if titled is not None:
        return titled
    if not decision.says_where():
        return None  # a summary asks less than an exact answer: a decline close to the bar still says where to look
    section = outline.of_chunk(decision.best.hit.chunk)
    while section is not None and not section.heading:
        section = outline.parent(section)
    return section


def summary_answer(section: Section, outline: Outline, hits: list[Hit]) -> Answer:
    """The part's heading, then the opening sentences of each of its passages (all of a short part), cited; a part
    made of headed parts, by their headings."""
    if any(child.heading for child in outline.children(section)):
        return content_answer(section, outline, hits)
    chunks = outline.chunks_within(section)
    citations: list[Citation] = []
    lines = [f"Tóm tắt {name(section, outline)} «{section.title}» theo kế hoạch:"]
    used = 0
    for chunk in chunks:
        said = sentences(chunk.text)
        quote = " ".join(s.strip() for s in (said if len(chunks) <= WHOLE else said[:SENTENCES]))
        if used and used + len(quote) > MAX_CHARS:
            break
        used += len(quote)
        lines.append(f"- «{quote}» [{cite(citations, chunk, quote)}]")
    cited = [Hit(c.chunk, 1.0, None, None) for c in citations]
    rest = [h for h in hits if all(h.chunk.id != c.chunk.id for c in citations)]
    return Answer("\n".join(lines), False, tuple(citations), tuple(cited + rest), via="outline", sections=(section.id,))
