"""Find the rescue bar: how close to its caveat bar a decline must be for a chat model to be shown its passages.

    .venv/bin/python scripts/generate_questions.py /tmp/generated-questions.jsonl
    .venv/bin/python scripts/rescue_bar.py /tmp/generated-questions.jsonl

On the training split of the generated questions (never an evaluation set), the shipped decision's declines
are read from the caveat bar down: the bar is the lowest probability such that from every step between it
and the caveat bar up, at least `ANSWERABLE` of the declined questions are answerable (the model, shown the closest passages, must decline the rest). The
test split's share above the bar is written beside it, in `assistant/data/decision.json` («rescue»).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant.config import Settings, prepare_environment

prepare_environment()

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_decision import FITTED_SHAPES, OUT, candidates  # noqa: E402

from assistant.answering.decision import by_meaning, deciding_values, model, ranked  # noqa: E402
from assistant.service import Assistant  # noqa: E402

ANSWERABLE = 0.5


def declined(rows, fitted) -> list[tuple[float, bool]]:
    """Each declined question's probability, and whether the plan answers it."""
    out = []
    for item, question, cands in rows:
        order = ranked(cands, by_meaning(question), fitted.fusion)
        p = fitted.probability(deciding_values(order)) if order else 0.0
        if p < fitted.caveat_at:
            out.append((p, item["label"] == "answer"))
    return out


def share_above(points: list[tuple[float, bool]], bar: float, top: float) -> tuple[float, int]:
    inside = [answerable for p, answerable in points if bar <= p < top]
    return (round(sum(inside) / len(inside), 3) if inside else 0.0), len(inside)


def main(argv: list[str]) -> int:
    questions = [json.loads(line) for line in Path(argv[0]).read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = candidates(Assistant.from_settings(Settings.from_env()), [q for q in questions if q["kind"] in FITTED_SHAPES])
    fitted = model()
    train = declined([r for r in rows if r[0]["split"] == "train"], fitted)
    test = declined([r for r in rows if r[0]["split"] == "test"], fitted)
    steps = [round(fitted.caveat_at - i / 100, 2) for i in range(1, int(fitted.caveat_at * 100) + 1)]
    for bar in steps:
        print(bar, "train", share_above(train, bar, fitted.caveat_at), "test", share_above(test, bar, fitted.caveat_at))
    bar = fitted.caveat_at
    for step in steps:  # down from the caveat bar, as long as every band so far keeps the share
        if share_above(train, step, fitted.caveat_at)[0] < ANSWERABLE:
            break
        bar = step
    written = json.loads(OUT.read_text(encoding="utf-8"))
    written["rescue"] = {"at": bar, "answerable share above it (declines in [at, caveat_at)), train":
                         share_above(train, bar, fitted.caveat_at), "test": share_above(test, bar, fitted.caveat_at)}
    OUT.write_text(json.dumps(written, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(written["rescue"], ensure_ascii=False), f"→ {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
