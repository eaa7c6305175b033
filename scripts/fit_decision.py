"""Fit the answer-or-decline decision (`assistant/data/decision.json`) on questions generated from the plan.

    .venv/bin/python scripts/generate_questions.py /tmp/generated-questions.jsonl
    .venv/bin/python scripts/fit_decision.py /tmp/generated-questions.jsonl

On the training split: the fusion constant that ranks the clause a question was made from first most
often; then a logistic regression (scikit-learn, balanced classes) over the best candidate's evidence
(`decision.DECIDING`), one row per question, labelled 1 when the question is answerable and the best
candidate is in the sentence it was made from, 0 for a near miss (answerable questions whose best
candidate is wrong are left out: they say how well ranking works, not whether the plan answers). Its
bar is the one that decides most training questions right; the caveat bar is as low as it can go while
declining no more than `CAVEAT_COST` fewer near misses. The near misses the rules decline (another year,
unit or commune) are left out: those rules decline them. The test split (questions made from other
clauses) gives the accuracies written beside the model. A second model reads only `MEANING`: for a
question in English, whose words are the plan's only through their bridges, it may answer what the first
would decline.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from assistant.config import Settings, prepare_environment

prepare_environment()

from assistant.answering.decision import DECIDING, Model, by_meaning, deciding_values, ranked  # noqa: E402
from assistant.answering.evidence import candidates_for  # noqa: E402
from assistant.answering.gather import gather  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.understanding.conversation import resolve  # noqa: E402
from assistant.understanding.input_checks import check_question  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "assistant" / "data" / "decision.json"
FITTED_SHAPES = ("plan-words", "everyday", "informal", "story", "no-diacritics", "chat", "yesno", "cloze", "paraphrase",
                 "paraphrase-story", "absent-topic", "absent-topic-story", "figure-of-words")
FUSIONS = (1.0, 2.0, 5.0, 10.0, 20.0, 60.0)
MEANING = ("dense", "type_miss", "rank")  # what is left to decide on when the question's words are not the plan's
CAVEAT_COST = 0.03
Rows = list[tuple[dict, object, list]]  # each question, as understood, with its candidates (`evidence.Candidate`)


def candidates(assistant: Assistant, questions: list[dict]) -> Rows:
    """Each question with its candidates, as the assistant weighs them."""
    scope = assistant._state.scopes.get(None)
    out = []
    for number, item in enumerate(questions, start=1):
        question = resolve(check_question(item["question"]), restore=assistant._state.restorer.restore)
        gathered = gather(question, [], scope.index, scope.outline, scope.targets, assistant.settings.top_k,
                          assistant.settings.fusion, known=scope.stats.known)
        weighed = gathered.question or question
        out.append((item, weighed, candidates_for(weighed, gathered, scope.index, scope.stats)))
        if number % 500 == 0:
            print(f"  {number}/{len(questions)}", file=sys.stderr)
    return out


def right(item: dict, candidate) -> bool:
    """Whether `candidate` is in the sentence `item` was made from."""
    chunk, sentence, _ = item["source"].rsplit("/", 2)
    return item["label"] == "answer" and candidate.hit.chunk.id == chunk and str(candidate.clause.sentence) == sentence


def ranking_right(rows: Rows, fusion: float) -> float:
    """Share of answerable questions whose best-ranked candidate is right."""
    answerable = [(item, q, c) for item, q, c in rows if item["label"] == "answer"]
    return sum(bool(c) and right(item, ranked(c, by_meaning(q), fusion)[0][1]) for item, q, c in answerable) / max(1, len(answerable))


def deciding_rows(rows: Rows, fusion: float, keep_misranked: bool = False) -> list[tuple[dict, dict, int]]:
    """Each question's deciding values and label (see the module's docstring)."""
    out = []
    for item, question, cands in rows:
        order = ranked(cands, by_meaning(question), fusion)
        if not order:
            continue
        label = int(right(item, order[0][1]))
        if item["label"] == "answer" and not label and not keep_misranked:
            continue
        out.append((item, deciding_values(order), label))
    return out


def fit(rows: list[tuple[dict, dict, int]], fusion: float, features: tuple[str, ...] = DECIDING) -> Model:
    """The logistic regression over `features` and its bars, on the training questions."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([[v[f] for f in features] for _, v, _ in rows])
    fitted = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(x, np.array([y for _, _, y in rows]))
    model = Model(features, tuple(round(float(w), 4) for w in fitted.coef_[0]), round(float(fitted.intercept_[0]), 4),
                  fusion=fusion)
    bars = [round(float(b), 3) for b in np.linspace(0.02, 0.98, 97)]
    at = {b: accuracy(rows, _with(model, b, b)) for b in bars}
    bar = max(bars, key=lambda b: at[b]["all"])
    caveat = min((b for b in bars if b <= bar and at[b]["decline"] >= at[bar]["decline"] - CAVEAT_COST), default=bar)
    return _with(model, bar, caveat)


def _with(model: Model, answer_at: float, caveat_at: float) -> Model:
    return Model(model.features, model.weights, model.intercept, answer_at, caveat_at, model.fusion)


def accuracy(rows: list[tuple[dict, dict, int]], model: Model) -> dict[str, float]:
    """Share of questions decided right: answerable ones answered from the right clause, near misses declined."""
    verdicts: dict[str, list[bool]] = {"answer": [], "decline": []}
    for item, values, label in rows:
        answered = model.probability(values) >= model.caveat_at
        verdicts[item["label"]].append(answered and label == 1 if item["label"] == "answer" else not answered)
    share = {k: round(sum(v) / len(v), 3) if v else 0.0 for k, v in verdicts.items()}
    share["all"] = round((share["answer"] + share["decline"]) / 2, 3)
    return share


def _written(model: Model) -> dict:
    return {"features": list(model.features), "weights": list(model.weights), "intercept": model.intercept,
            "answer_at": model.answer_at, "caveat_at": model.caveat_at, "fusion": model.fusion}


def main(argv: list[str]) -> int:
    questions = [json.loads(line) for line in Path(argv[0]).read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [q for q in questions if q["kind"] in FITTED_SHAPES]
    rows = candidates(Assistant.from_settings(Settings.from_env()), questions)
    train = [r for r in rows if r[0]["split"] == "train"]
    test = [r for r in rows if r[0]["split"] == "test"]
    by_fusion = {k: round(ranking_right(train, k), 3) for k in FUSIONS}
    fusion = max(FUSIONS, key=lambda k: by_fusion[k])
    model = fit(deciding_rows(train, fusion), fusion)
    meaning = fit(deciding_rows(train, fusion), fusion, MEANING)
    written = {
        "comment": "Fitted by scripts/fit_decision.py on questions generated from the plan by scripts/generate_questions.py "
                   "(fusion constant and logistic regression on the training split; scikit-learn, balanced classes). "
                   "Never fitted on an evaluation set.",
        "model": _written(model),
        "meaning": _written(meaning),
        "fitted": {"questions": {"train": len(train), "test": len(test)},
                   "best candidate right (answerable), by fusion constant, train": by_fusion,
                   "best candidate right (answerable), test": round(ranking_right(test, fusion), 3),
                   "decided right, train": accuracy(deciding_rows(train, fusion, True), model),
                   "decided right, test": accuracy(deciding_rows(test, fusion, True), model),
                   "decided right by meaning alone, test": accuracy(deciding_rows(test, fusion, True), meaning)}}
    kept = {k: v for k, v in json.loads(OUT.read_text(encoding="utf-8")).items() if k not in written}  # the rescue bar
    written.update(kept)
    print(json.dumps(written, ensure_ascii=False, indent=1))
    OUT.write_text(json.dumps(written, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"→ {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
