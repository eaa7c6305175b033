"""The one answer-or-decline decision: the candidates ranked, then the best one's evidence weighed by a fitted model.

1. Ranking: the candidate clauses are ordered by how well they hold the question's words and by how near
   they are in meaning, the two rankings fused by reciprocal rank (a clause both rank high comes first); a
   clause without the kind of answer asked (no figure for «bao nhiêu») comes after those with it. Meaning
   is left out for a question typed without diacritics, which the embedder cannot read.
2. Deciding: the best candidate's evidence (`DECIDING`) gives the probability that quoting it answers the
   question (a logistic regression). At or above the model's bar the answer is quoted; a little below it,
   quoted with a caveat; further below, the question is declined.

The fusion constant, the weights and the bars live in `data/decision.json`, written by
`scripts/fit_decision.py` from questions generated from the plan (`scripts/generate_questions.py`), never
from an evaluation set.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.answering.evidence import FEATURES, Candidate
from assistant.understanding.question import Question

DECIDING = FEATURES  # what the deciding step reads: the best candidate's evidence
STORY_TIE = 1e-3  # the asker's story ranks clauses only where the question's own words leave them equal


@dataclass(frozen=True)
class Model:
    """The fitted decision: the ranking's fusion constant, a weight per evidence feature, an intercept, two bars."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    answer_at: float = 0.5  # a probability at least this answers
    caveat_at: float = 0.5  # at least this (below `answer_at`) answers with a caveat; below, declines
    fusion: float = 5.0  # the reciprocal-rank constant: 1 / (fusion + rank) from each ranking

    def probability(self, values: dict[str, float]) -> float:
        """The probability that quoting the best candidate answers, for evidence given by feature name."""
        score = self.intercept + sum(w * values[f] for f, w in zip(self.features, self.weights))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, score))))

    def verdict(self, probability: float) -> str:
        return "answer" if probability >= self.answer_at else "caveat" if probability >= self.caveat_at else "decline"


@dataclass(frozen=True)
class Decision:
    """What to do with a question: answer from the ranked candidates, answer with a caveat, or decline."""

    verdict: str  # "answer", "caveat" or "decline"
    ranked: tuple[tuple[float, Candidate], ...]  # every candidate with its fused ranking score, best first
    probability: float = 0.0  # the model's probability that quoting the best answers

    @property
    def best(self) -> Candidate | None:
        return self.ranked[0][1] if self.ranked else None

    def says_where(self) -> bool:
        """Whether the best candidate may say where the plan deals with the question (which asks less than quoting
        what answers it): the decision answers, or declines close to its bar (the rescue bar)."""
        return self.best is not None and (self.verdict != "decline" or self.probability >= rescue_at())


@lru_cache(maxsize=1)
def rescue_at() -> float:
    """How close to the caveat bar a decline must be for a chat model to be shown its passages (`scripts/rescue_bar.py`)."""
    data = json.loads(resources.files("assistant.data").joinpath("decision.json").read_text(encoding="utf-8"))
    return float(data["rescue"]["at"])


@lru_cache(maxsize=2)
def model(name: str = "model") -> Model:
    """A fitted decision shipped with the package: "model", or "meaning" (for words that are not the plan's)."""
    data = json.loads(resources.files("assistant.data").joinpath("decision.json").read_text(encoding="utf-8"))[name]
    return Model(tuple(data["features"]), tuple(data["weights"]), data["intercept"], data["answer_at"],
                 data["caveat_at"], data["fusion"])


def ranked(candidates: list[Candidate], by_meaning: bool = True, fusion: float = 5.0,
           cover: list[float] | None = None) -> tuple[tuple[float, Candidate], ...]:
    """The candidates best first, with their fused score (`cover`: each one's word cover, if not its own)."""
    covers = cover if cover is not None else [c.cover + STORY_TIE * c.story for c in candidates]
    by_words, near = _ranks(covers), _ranks([c.dense for c in candidates])
    scored = []
    for i, c in enumerate(candidates):
        score = 1.0 / (fusion + by_words[i]) + (1.0 / (fusion + near[i]) if by_meaning else 0.0)
        scored.append((score, c))
    # equal fused scores (first by words, second by meaning, and the other way round) go by the passages' search rank
    return tuple(sorted(scored, key=lambda sc: (sc[1].typed and not sc[1].type_ok, -sc[0], -_searched(sc[1]))))


def _searched(candidate: Candidate) -> float:
    return 1.0 / candidate.rank if candidate.rank else 0.0


def _ranks(values: list[float]) -> list[int]:
    """Each value's rank from the top, 0 for the best; equal values share a rank (the other ranking settles them)."""
    ordered = sorted(values, reverse=True)
    first = {}
    for position, value in enumerate(ordered):
        first.setdefault(round(value, 9), position)
    return [first[round(v, 9)] for v in values]


def deciding_values(order: tuple[tuple[float, Candidate], ...]) -> dict[str, float]:
    """What the deciding step reads of the ranked candidates: the best one's evidence."""
    return dict(zip(FEATURES, order[0][1].features()))


def by_meaning(question: Question) -> bool:
    """Whether meaning ranks the candidates: not for Vietnamese typed without diacritics, which the embedder misreads."""
    return question.language != "vi-plain"


def decide(question: Question, candidates: list[Candidate], fitted: Model | None = None,
           meaning: Model | None = None) -> Decision:
    """Rank the candidates and decide on the best: answer, answer with a caveat, or decline."""
    fitted = fitted or model()
    order = ranked(candidates, by_meaning(question), fitted.fusion)
    if not order:
        return Decision("decline", ())
    probability = fitted.probability(deciding_values(order))
    if question.language == "en":  # its words meet the plan's only through bridges: its meaning may answer
        probability = max(probability, _by_meaning(order, meaning or model("meaning"), fitted))
    if question.parts:  # each part may be answered by a clause of its own: the parts together, as well as the whole
        parts = [fitted.probability(deciding_values(part_order)) for i in range(len(question.parts))
                 if (part_order := part_ranked(candidates, i, fitted.fusion))]
        if parts:
            probability = max(probability, sum(parts) / len(parts))
    return Decision(fitted.verdict(probability), order, probability)


ENGLISH_MISSING = 0.6  # an English question with this share of its words meaning nothing in the plan is not answered by meaning


def _by_meaning(order: tuple[tuple[float, Candidate], ...], meaning: Model, fitted: Model) -> float:
    """For a question in English: the words model's answering bar when the meaning model answers the clause
    nearest in meaning (ranked by meaning alone, among those holding the kind of answer asked) and most of its
    words mean something in the plan; else 0."""
    held = [c for _, c in order if not (c.typed and not c.type_ok)] or [c for _, c in order]
    nearest = max(held, key=lambda c: c.dense)
    if nearest.missing >= ENGLISH_MISSING:
        return 0.0
    values = {**dict(zip(FEATURES, nearest.features())), "rank": 1.0}  # first by meaning
    return fitted.answer_at if meaning.probability(values) >= meaning.answer_at else 0.0


def part_ranked(candidates: list[Candidate], part: int, fusion: float) -> tuple[tuple[float, Candidate], ...]:
    """The candidates ranked for one part of a question on several things: by their cover of that part and the
    kind of answer it asks («… những vùng nào? … bao nhiêu %?»; the question's meaning is the whole's, not the part's)."""
    held = [c.for_part(part) for c in candidates if part < len(c.part_covers)]
    return ranked(held, False, fusion)
