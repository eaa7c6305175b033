"""What an answer may rest on: the part of the outline asked about, the passages, the target records.

A follow-up brings its own: «chỉ tiêu đó» keeps the last answer's records and passages in view,
«ý thứ hai» and «nói rõ hơn» point at what the last answer listed or cited, «ý g) ngay sau đó» is
read against the section the last answer was about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answering.figures import look_up, nearest_record
from assistant.answering.locating import Located, locate, topic_terms
from assistant.answering.retrieval import Hit, retrieve
from assistant.documents.chunking import Chunk
from assistant.documents.outline import Outline, Section
from assistant.store.bridge import literal_words, words_to_bridge
from assistant.store.clauses import unit_rows
from assistant.store.embeddings import embed_queries
from assistant.store.indexing import Index
from assistant.targets.table import Match, TargetTable
from assistant.understanding.conversation import Turn
from assistant.understanding.question import Question


@dataclass(frozen=True)
class Evidence:
    """The passages (best first), the target records with their chunks, and the outline part, for one question."""

    hits: list[Hit]
    figures: list[tuple[Match, Chunk]] = ()
    located: Located | None = None
    earlier: tuple[Chunk, ...] = ()  # the last answer's passages, for «nói rõ hơn»
    favoured: frozenset[str] = frozenset()  # ids of the passages a follow-up points back at («văn bản đó»)
    query: np.ndarray | None = None  # the question's unit vector, as embedded once for the search
    question: Question | None = None  # the question as weighed: inside a section it points at, only its topic
    within: frozenset[str] | None = None  # ids of the passages of the section it points at, when it searches there
    bridges: dict[str, tuple[tuple[str, float], ...]] | None = None  # its words the plan lacks → the plan's, by meaning
    also: tuple[np.ndarray, ...] = ()  # in a conversation: the question read after the one before, embedded too
    nearest: tuple[Match, Chunk] | None = None  # the record the plan's clause nearest by meaning states (figures asked)
    asking: np.ndarray | None = None  # after a story of the asker's: the asking part alone, embedded too


def _last_section(turn: Turn | None, outline: Outline) -> Section | None:
    if turn is None:
        return None
    return next((outline.by_id[s] for s in turn.sections if s in outline.by_id), None)


def _from_last_turn(question: Question, last: Turn, outline: Outline) -> Located | None:
    """«ý thứ hai»: the item the last answer listed; «nói rõ hơn»: the section it was about."""
    if question.nth and last.items:
        index = question.nth - 1 if question.nth > 0 else len(last.items) - 1
        if 0 <= index < len(last.items) and last.items[index] in outline.by_id:
            return Located((outline.by_id[last.items[index]],), "content")
    if question.more:
        section = _last_section(last, outline)
        return Located((section,), "content") if section is not None and not last.chunks else None
    return None


BRIDGE_RARITY = 0.3  # a word the plan lacks is matched by meaning when it is at least this rare in the language


def bridged(question: Question, index: Index, known) -> dict[str, tuple[tuple[str, float], ...]]:
    """The question's words the plan lacks (all of an English question's), matched to the plan's words by meaning."""
    found = {w: ((w, 1.0),) for w in literal_words(question, known)} if question.language == "en" else {}
    words = words_to_bridge(question, known, BRIDGE_RARITY)
    if words:
        vectors = np.asarray(embed_queries(index.vectors.embeddings, [w.replace("_", " ") for w in words]))
        found.update(index.vocabulary.bridges(words, vectors, question.language))
    return found


def gather(question: Question, history: Sequence[Turn], index: Index, outline: Outline, table: TargetTable,
           top_k: int, fusion: str, known=None) -> Evidence:
    """The evidence for `question`, read after `history`; `known(forms)` says whether the plan uses a word."""
    last = history[-1] if history else None
    located = _from_last_turn(question, last, outline) if last else None
    located = located or locate(question, outline, _last_section(last, outline))
    within = None
    if located is not None and located.how == "scope":
        within = {c.id for s in located.sections for c in outline.chunks_within(s)}
    weighed = question
    if located is not None or question.reference.group_of:  # inside a section, or where it stands: only the topic
        sections = located.sections if located is not None else ()
        weighed = replace(question, terms=topic_terms(question, sections, outline) or question.terms)
    text = question.search_text
    earlier: list[Chunk] = []
    if last is not None and (question.back or question.more):  # about what the last answer cited
        text = f"{text} {last.question.search_text}"
        earlier = [index.chunk(c) for c in last.chunks if index.has_chunk(c)]
    query = unit_rows([index.vectors.embeddings.embed_query(text)])[0]
    asking = None
    if question.asking and question.asking != question.search_text and question.language != "en":
        asking = unit_rows([index.vectors.embeddings.embed_query(question.asking)])[0]  # the story set aside
    also: tuple[np.ndarray, ...] = ()
    if last is not None and question.context and text == question.search_text:  # it may still be about the last topic
        text = f"{text} {last.question.search_text}"
        also = (unit_rows([index.vectors.embeddings.embed_query(f"{last.question.search_text} {question.search_text}")])[0],)
    bridges = bridged(question, index, known) if known is not None else {}
    extra = " ".join(term.replace("_", " ") for found in bridges.values() for term, _ in found)
    keyword_text = extra if question.language == "en" else f"{text} {extra}"
    hits = retrieve(index, keyword_text, top_k, fusion, within=within, query=query,
                    keywords=bool(keyword_text.strip()))
    if earlier:
        hits = [Hit(c, 1.0, None, None) for c in earlier] + [h for h in hits if h.chunk not in earlier]
        hits = hits[:max(top_k, len(earlier))]
    matches = look_up(table, question)
    if last is not None and question.back and last.targets:
        kept = [Match(table.by_id[t], 1.0) for t in last.targets if t in table.by_id]
        matches = kept + [m for m in matches if m.target.id not in set(last.targets)]
    figures = [(m, index.chunk(m.target.chunk_id)) for m in matches]
    nearest = nearest_record(table, question, index.clauses, index.positions, query) if within is None else None
    return Evidence(hits, figures, located, tuple(earlier) if question.more else (),
                    frozenset(c.id for c in earlier) if question.back else frozenset(), query, weighed,
                    frozenset(within) if within is not None else None, bridges, also,
                    (nearest, index.chunk(nearest.target.chunk_id)) if nearest is not None else None, asking)
