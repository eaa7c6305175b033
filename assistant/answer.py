"""Extractive answers: quote the plan's clauses that answer the question, cite them, or say it is silent."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.chunking import Chunk, sentences
from assistant.keywords import terms, words
from assistant.normalize import OUTLINE_MARKER, fold, has_diacritics, match_form
from assistant.retrieval import Hit

_FIGURE_QUESTION = re.compile(r"\b(bao nhieu|may|bao gio|khi nao|nam nao|ty le|ti le|phan tram|muc)\b|%")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBER = re.compile(r"\d")
_YEARS_ONLY = re.compile(r"(?:19|20)\d\d(?:-(?:19|20)\d\d)?")
_CLOSE_SCORE = 0.6  # a neighbouring clause this close to the best is quoted with it
_SECOND_QUOTE = 0.9  # a quote from elsewhere this close to the best is added
_EXCERPT_CHARS = 220


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer: the chunk, where it sits, and the words quoted from it."""

    number: int
    chunk: Chunk
    quote: str

    @property
    def label(self) -> str:
        """Where the passage sits: section path, page when known, document."""
        page = f", trang {self.chunk.page}" if self.chunk.page else ""
        return f"{self.chunk.section}{page} — {self.chunk.document}"


@dataclass(frozen=True)
class Answer:
    """What the assistant says: the text with [n] markers, whether it declined, its sources, its evidence."""

    text: str
    refused: bool
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function and question words that say nothing about a question's topic."""
    text = resources.files("assistant").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(match_form(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


class Evidence:
    """Statistics of the indexed plan that answering needs: term rarity and the numbers it states."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.size = len(chunks)
        self.frequency: Counter[str] = Counter()
        self.numbers: set[str] = set()
        for chunk in chunks:
            self.frequency.update(set(terms(chunk.index_text())))
            self.numbers.update(re.findall(r"\d+", chunk.text))

    def weight(self, term: str) -> float:
        """Inverse document frequency: rare terms say more about what a question asks."""
        return math.log(1 + self.size / (1 + self.frequency[term]))


@dataclass(frozen=True)
class _Clause:
    chunk_rank: int
    sentence: int
    position: int
    text: str
    score: float
    coverage: float


def _clauses(sentence: str) -> list[str]:
    """Split a sentence at semicolons outside brackets (targets list their figures that way)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == ";" and depth == 0:
            parts.append(sentence[start:i])
            start = i + 1
    parts.append(sentence[start:])
    return [p.strip() for p in parts if p.strip()]


def _question_terms(question: str) -> list[tuple[str, ...]]:
    """The question's content words and adjacent pairs, each as the forms that count as a match."""
    stop = stopwords()
    tokens = [t for t in words(question)]
    # Years set the period, not the topic; the year check handles years the plan lacks.
    content = [t for t in tokens if t not in stop and not _YEARS_ONLY.fullmatch(t)]
    groups = [(t,) for t in dict.fromkeys(content)]
    pairs = [f"{a}_{b}" for a, b in zip(content, content[1:]) if f"{a} {b}" in " ".join(tokens)]
    groups += [(p,) for p in dict.fromkeys(pairs)]
    return [(g[0], fold(g[0])) if not has_diacritics(g[0]) else g for g in groups]


@lru_cache(maxsize=8192)
def _terms_of(text: str) -> frozenset[str]:
    return frozenset(terms(text))


def _coverage(question_terms: list[tuple[str, ...]], text: str, evidence: Evidence) -> float:
    present = _terms_of(text)
    total = sum(evidence.weight(g[0]) for g in question_terms)
    found = sum(evidence.weight(g[0]) for g in question_terms if any(form in present for form in g))
    return found / total if total else 0.0


def _strip_marker(text: str) -> str:
    match = OUTLINE_MARKER.match(text)
    return text[match.end():] if match else text


def _candidates(question: str, hits: list[Hit], evidence: Evidence) -> list[list[list[_Clause]]]:
    """Every clause of every hit, scored, grouped by hit then by sentence."""
    question_terms = _question_terms(question)
    figure = bool(_FIGURE_QUESTION.search(fold(match_form(question))))
    grouped = []
    for rank, hit in enumerate(hits):
        per_sentence = []
        for s_index, sentence in enumerate(sentences(hit.chunk.text)):
            row = []
            for c_index, clause in enumerate(_clauses(_strip_marker(sentence.strip()))):
                # A clause is read under its headings: "(1) … 10%" answers "mục tiêu kinh tế".
                coverage = _coverage(question_terms, " ".join([*hit.chunk.headings[-2:], clause]), evidence)
                score = coverage + (0.15 if figure and _NUMBER.search(clause) else 0.0) - 0.02 * rank
                row.append(_Clause(rank, s_index, c_index, clause, score, coverage))
            per_sentence.append(row)
        grouped.append(per_sentence)
    return grouped


def _quote(row: list[_Clause], best: _Clause) -> str:
    """The best clause with its close neighbours; a clause ending in a list intro takes the list."""
    chosen = [best.position]
    for step in (-1, 1):
        i = best.position + step
        while 0 <= i < len(row) and row[i].score >= _CLOSE_SCORE * best.score:
            chosen.append(i)
            i += step
    first, last = min(chosen), max(chosen)
    if row[last].text.rstrip().endswith(":") or re.search(r"(như|gồm|là):\s", row[last].text):
        last = len(row) - 1
    return "; ".join(c.text for c in row[first:last + 1])


def _refusal(question: str, hits: list[Hit], evidence: Evidence, why: str) -> Answer:
    citations = []
    lines = [f"Kế hoạch không nêu {why}.", "", "Những đoạn gần nhất trong kế hoạch:"]
    for number, hit in enumerate(hits[:3], start=1):
        excerpt = hit.chunk.text
        if len(excerpt) > _EXCERPT_CHARS:
            excerpt = excerpt[:_EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
        citations.append(Citation(number, hit.chunk, excerpt))
        lines.append(f"- «{excerpt}» [{number}]")
    return Answer("\n".join(lines), True, tuple(citations), tuple(hits))


def _missing_topic(question: str, evidence: Evidence) -> str:
    """Words of the question the plan never uses, as a phrase for the refusal."""
    stop = stopwords()
    absent = [t for t in words(question) if t not in stop and not _NUMBER.search(t) and evidence.frequency[t] == 0]
    return ", ".join(dict.fromkeys(absent))


def answer(question: str, hits: list[Hit], evidence: Evidence, min_coverage: float = 0.5) -> Answer:
    """Answer `question` from `hits` by quoting the plan, or decline when the plan does not say."""
    unknown_years = [y for y in _YEAR.findall(question) if y not in evidence.numbers]
    if unknown_years:
        return _refusal(question, hits, evidence, f"số liệu hay nhiệm vụ nào cho năm {', '.join(unknown_years)}")
    grouped = _candidates(question, hits, evidence)
    flat = [c for per_hit in grouped for row in per_hit for c in row]
    figure = bool(_FIGURE_QUESTION.search(fold(match_form(question))))
    if figure:
        flat = [c for c in flat if _NUMBER.search(c.text)] or flat
    if not flat:
        return _refusal(question, hits, evidence, "thông tin để trả lời câu hỏi này")
    best = max(flat, key=lambda c: c.score)
    if best.coverage < min_coverage or (figure and not _NUMBER.search(best.text)):
        missing = _missing_topic(question, evidence)
        return _refusal(question, hits, evidence, f"nội dung về «{missing}»" if missing else "thông tin để trả lời câu hỏi này")

    picks = [best]
    others = [c for c in flat if (c.chunk_rank, c.sentence) != (best.chunk_rank, best.sentence)]
    if others:
        second = max(others, key=lambda c: c.score)
        if second.score >= _SECOND_QUOTE * best.score and second.coverage >= min_coverage:
            picks.append(second)

    citations: list[Citation] = []
    lines = []
    for pick in picks:
        chunk = hits[pick.chunk_rank].chunk
        quote = _quote(grouped[pick.chunk_rank][pick.sentence], pick)
        number = next((c.number for c in citations if c.chunk.id == chunk.id), len(citations) + 1)
        if number > len(citations):
            citations.append(Citation(number, chunk, quote))
        lines.append(f"«{quote}» [{number}]")
    intro = "Theo kế hoạch:" if len(lines) == 1 else "Theo kế hoạch, có các nội dung sau:"
    body = lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)
    return Answer(f"{intro}\n{body}", False, tuple(citations), tuple(hits))
