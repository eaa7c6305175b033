"""Fit the answer-or-decline decision (`assistant/data/decision.json`) on questions generated from the plan.

    .venv/bin/python scripts/generate_questions.py /tmp/generated-questions.jsonl
    .venv/bin/python scripts/fit_decision.py /tmp/generated-questions.jsonl

Two logistic regressions (scikit-learn, balanced classes), both on the training split:
- ranking: every candidate clause of every generated question is a row of `evidence.FEATURES`, labelled 1
  when it is in the sentence the question was made from;
- deciding: every question is a row of `decision.DECIDING` (its best candidate's), labelled 1 when it is
  answerable and the best candidate is right, 0 for a near miss (answerable questions whose best candidate
  is wrong are left out: they say how well ranking works, not whether the plan answers). Its bar is the
  one that decides most training questions right; the caveat bar is as low as it can go while declining
  no more than `CAVEAT_COST` fewer near misses.
A second deciding model reads only `MEANING`, for questions in another language than the plan's. The near
misses the rules decline (another year, unit or commune) are left out: those rules, not these models,
decline them. The test split (questions from other clauses) gives the accuracies written beside the models.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from assistant.config import Settings, prepare_environment

prepare_environment()

from assistant.conversation import resolve  # noqa: E402
from assistant.decision import DECIDING, Model, deciding_values, ranked  # noqa: E402
from assistant.evidence import FEATURES, candidates_for  # noqa: E402
from assistant.gather import gather  # noqa: E402
from assistant.questions import check_question  # noqa: E402
from assistant.service import Assistant  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "assistant" / "data" / "decision.json"
FITTED_SHAPES = ("plan-words", "everyday", "story", "no-diacritics", "chat", "yesno", "cloze", "paraphrase",
                 "paraphrase-story", "absent-topic",
                 "absent-topic-story", "figure-of-words")
RANKING = FEATURES
MEANING = ("p", "lead", "dense", "dense_gap", "type_miss", "rank")
CAVEAT_COST = 0.03
Rows = list[tuple[dict, list]]  # each question with its candidates (as `evidence.Candidate`)


def candidates(assistant: Assistant, questions: list[dict]) -> Rows:
    """Each question with its candidates, as the assistant weighs them."""
    scope = assistant._state.scopes.get(None)
    out = []
    for number, item in enumerate(questions, start=1):
        question = resolve(check_question(item["question"]))
        gathered = gather(question, [], scope.index, scope.outline, scope.targets, assistant.settings.top_k,
                          assistant.settings.fusion)
        weighed = gathered.question or question
        out.append((item, candidates_for(weighed, gathered.hits, gathered.query, scope.index, scope.stats)))
        if number % 500 == 0:
            print(f"  {number}/{len(questions)}", file=sys.stderr)
    return out


def right(item: dict, candidate) -> bool:
    """Whether `candidate` is in the sentence `item` was made from."""
    chunk, sentence, _ = item["source"].rsplit("/", 2)
    return item["label"] == "answer" and candidate.hit.chunk.id == chunk and str(candidate.clause.sentence) == sentence


def _logistic(x: np.ndarray, y: np.ndarray, features: tuple[str, ...]) -> Model:
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x, y)
    return Model(features, tuple(round(float(w), 4) for w in fitted.coef_[0]), round(float(fitted.intercept_[0]), 4))


def fit_ranker(rows: Rows) -> Model:
    """The ranking model, on every candidate of every question."""
    columns = [FEATURES.index(f) for f in RANKING]
    x = np.array([[c.features()[i] for i in columns] for _, cands in rows for c in cands])
    y = np.array([int(right(item, c)) for item, cands in rows for c in cands])
    return _logistic(x, y, RANKING)


def deciding_rows(rows: Rows, ranker: Model, keep_misranked: bool = False) -> list[tuple[dict, dict, int]]:
    """Each question's deciding values and label (see the module's docstring)."""
    out = []
    for item, cands in rows:
        order = ranked(cands, ranker)
        if not order:
            continue
        label = int(right(item, order[0][1]))
        if item["label"] == "answer" and not label and not keep_misranked:
            continue
        out.append((item, deciding_values(order), label))
    return out


def fit_decider(rows: list[tuple[dict, dict, int]], features: tuple[str, ...]) -> Model:
    """A deciding model over `features`, with its bars chosen on the same (training) questions."""
    model = _logistic(np.array([[v[f] for f in features] for _, v, _ in rows]), np.array([y for _, _, y in rows]),
                      features)
    bars = [round(float(b), 3) for b in np.linspace(0.02, 0.98, 97)]
    at = {b: accuracy(rows, _with(model, b, b)) for b in bars}
    bar = max(bars, key=lambda b: at[b]["all"])
    caveat = min((b for b in bars if b <= bar and at[b]["decline"] >= at[bar]["decline"] - CAVEAT_COST), default=bar)
    return _with(model, bar, caveat)


def _with(model: Model, answer_at: float, caveat_at: float) -> Model:
    return Model(model.features, model.weights, model.intercept, answer_at, caveat_at)


def accuracy(rows: list[tuple[dict, dict, int]], model: Model) -> dict[str, float]:
    """Share of questions decided right: answerable ones answered from the right clause, near misses declined."""
    verdicts = {"answer": [], "decline": []}
    for item, values, label in rows:
        answered = model.probability(values) >= model.caveat_at
        verdicts[item["label"]].append(answered and label == 1 if item["label"] == "answer" else not answered)
    share = {k: round(sum(v) / len(v), 3) if v else 0.0 for k, v in verdicts.items()}
    share["all"] = round((share["answer"] + share["decline"]) / 2, 3)
    return share


def main(argv: list[str]) -> int:
    questions = [json.loads(line) for line in Path(argv[0]).read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [q for q in questions if q["kind"] in FITTED_SHAPES]
    rows = candidates(Assistant.from_settings(Settings.from_env()), questions)
    train = [r for r in rows if r[0]["split"] == "train"]
    test = [r for r in rows if r[0]["split"] == "test"]
    ranker = fit_ranker(train)
    written = {"comment": "Fitted by scripts/fit_decision.py on questions generated from the plan by "
                          "scripts/generate_questions.py (logistic regressions, scikit-learn, balanced classes; "
                          "bars chosen on the training split). Never fitted on an evaluation set.",
               "models": {"rank": {"features": list(ranker.features), "weights": list(ranker.weights),
                                   "intercept": ranker.intercept}},
               "accuracy": {"questions": {"train": len(train), "test": len(test)}}}
    top = {name: sum(bool(c) and right(item, ranked(c, ranker)[0][1]) for item, c in part if item["label"] == "answer")
           / max(1, sum(item["label"] == "answer" for item, _ in part)) for name, part in (("train", train), ("test", test))}
    written["accuracy"]["rank"] = {"best candidate right, answerable questions": {k: round(v, 3) for k, v in top.items()}}
    for name, features in (("words", DECIDING), ("meaning", MEANING)):
        model = fit_decider(deciding_rows(train, ranker), features)
        written["models"][name] = {"features": list(model.features), "weights": list(model.weights),
                                   "intercept": model.intercept, "answer_at": model.answer_at, "caveat_at": model.caveat_at}
        written["accuracy"][name] = {"train": accuracy(deciding_rows(train, ranker, True), model),
                                     "test": accuracy(deciding_rows(test, ranker, True), model)}
        print(name, json.dumps(written["models"][name]), json.dumps(written["accuracy"][name]))
    print(json.dumps(written["accuracy"]["rank"]))
    OUT.write_text(json.dumps(written, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"→ {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
