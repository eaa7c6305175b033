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
MIN_BAND = 30  # declines a band must hold before its share is judged: a handful just under the caveat bar is noise


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


def _steps(caveat_at: float) -> list[float]:
    return [round(caveat_at - i / 100, 2) for i in range(1, int(caveat_at * 100) + 1)]


def rescue_bar(points: list[tuple[float, bool]], caveat_at: float) -> float:
    """Down from the caveat bar, as long as every band so far keeps `ANSWERABLE`; a band is judged (and the bar
    moved to it) once it holds `MIN_BAND` declines."""
    bar = caveat_at
    for step in _steps(caveat_at):
        share, size = share_above(points, step, caveat_at)
        if size < MIN_BAND:
            continue
        if share < ANSWERABLE:
            break
        bar = step
    return bar


def main(argv: list[str]) -> int:
    questions = [json.loads(line) for line in Path(argv[0]).read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = candidates(Assistant.from_settings(Settings.from_env()), [q for q in questions if q["kind"] in FITTED_SHAPES])
    fitted = model()
    train = declined([r for r in rows if r[0]["split"] == "train"], fitted)
    test = declined([r for r in rows if r[0]["split"] == "test"], fitted)
    for step in _steps(fitted.caveat_at):
        print(step, "train", share_above(train, step, fitted.caveat_at), "test", share_above(test, step, fitted.caveat_at))
    bar = rescue_bar(train, fitted.caveat_at)
    written = json.loads(OUT.read_text(encoding="utf-8"))
    written["rescue"] = {"at": bar, "answerable share above it (declines in [at, caveat_at)), train":
                         share_above(train, bar, fitted.caveat_at), "test": share_above(test, bar, fitted.caveat_at)}
    OUT.write_text(json.dumps(written, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(written["rescue"], ensure_ascii=False), f"→ {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
