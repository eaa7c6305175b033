"""The one answer-or-decline decision, in two fitted steps over the candidates' evidence.

1. Ranking: each candidate clause gets the probability that it is the one that answers (a logistic
   regression over `evidence.FEATURES`, fitted on candidates).
2. Deciding: the best candidate's evidence, with how far it leads the second, gives the probability that
   quoting it answers the question at all (a second logistic regression, fitted on questions). At or above
   the model's bar the answer is quoted; a little below it, quoted with a caveat; further below, declined.
   A question in another language than the plan's has no words to compare and is decided by its meaning
   alone (a model fitted on the same questions without the word features).

The coefficients live in `data/decision.json`, written by `scripts/fit_decision.py` from questions generated
from the plan (`scripts/generate_questions.py`), never from an evaluation set.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.evidence import FEATURES, Candidate
from assistant.question import Question

# What the deciding step reads of the ranked candidates: the best one's ranking probability and lead over
# the second, and the best one's evidence (`evidence.FEATURES`).
DECIDING = ("p", "lead", *FEATURES)


@dataclass(frozen=True)
class Model:
    """A fitted logistic model: a weight per feature it reads, an intercept and (for deciding) its two bars."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    answer_at: float = 0.5  # a probability at least this answers
    caveat_at: float = 0.5  # at least this (below `answer_at`) answers with a caveat; below, declines

    def probability(self, values: dict[str, float]) -> float:
        """The model's probability for evidence given by feature name."""
        score = self.intercept + sum(w * values[f] for f, w in zip(self.features, self.weights))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, score))))

    def verdict(self, probability: float) -> str:
        return "answer" if probability >= self.answer_at else "caveat" if probability >= self.caveat_at else "decline"


@dataclass(frozen=True)
class Decision:
    """What to do with a question: answer from the ranked candidates, answer with a caveat, or decline."""

    verdict: str  # "answer", "caveat" or "decline"
    ranked: tuple[tuple[float, Candidate], ...]  # every candidate with its ranking probability, best first
    model: str  # which deciding model: "words" or "meaning"
    probability: float = 0.0  # the deciding model's probability that quoting the best answers

    @property
    def best(self) -> Candidate | None:
        return self.ranked[0][1] if self.ranked else None


def _model(data: dict) -> Model:
    return Model(tuple(data["features"]), tuple(data["weights"]), data["intercept"], data.get("answer_at", 0.5),
                 data.get("caveat_at", 0.5))


@lru_cache(maxsize=1)
def models() -> dict[str, Model]:
    """The fitted models shipped with the package: "rank", and the deciding "words" and "meaning"."""
    data = json.loads(resources.files("assistant.data").joinpath("decision.json").read_text(encoding="utf-8"))
    return {name: _model(m) for name, m in data["models"].items()}


def model_for(question: Question) -> str:
    """Which deciding model weighs a question: by meaning alone for a question not in the plan's language."""
    return "meaning" if question.language == "en" else "words"


def ranked(candidates: list[Candidate], ranker: Model) -> tuple[tuple[float, Candidate], ...]:
    """The candidates with their ranking probabilities, best first."""
    scored = [(ranker.probability(dict(zip(FEATURES, c.features()))), c) for c in candidates]
    return tuple(sorted(scored, key=lambda pc: -pc[0]))


def deciding_values(order: tuple[tuple[float, Candidate], ...]) -> dict[str, float]:
    """What the deciding step reads: the best candidate's probability, its lead, its evidence."""
    best, candidate = order[0]
    lead = best - (order[1][0] if len(order) > 1 else 0.0)
    return {"p": best, "lead": lead, **dict(zip(FEATURES, candidate.features()))}


def decide(question: Question, candidates: list[Candidate], fitted: dict[str, Model] | None = None) -> Decision:
    """Rank the candidates and decide on the best: answer, answer with a caveat, or decline."""
    fitted = fitted or models()
    name = model_for(question)
    order = ranked(candidates, fitted["rank"])
    if not order:
        return Decision("decline", (), name)
    probability = fitted[name].probability(deciding_values(order))
    return Decision(fitted[name].verdict(probability), order, name, probability)
