"""The answer-or-decline decision: the fitted model, then how each change to it moves answers and declines, per kind.

    .venv/bin/python scripts/decision_table.py [QUESTIONS.jsonl] [RULE …]

First the shipped model (`assistant/data/decision.json`): its features and weights, its bars, the fusion
constant, and its accuracy on the generated questions' test split. Then one Markdown row per RULE: the
share of each kind answered (not declined), of unanswerable questions declined, and the share answered
right (`correct`, as ../shared/eval/score.py counts it). A RULE is `answer_at=0.4` or `caveat_at=0.3`
(the model's bars), `module.CONSTANT=value` (a named threshold, e.g. `assistant.answering.decision.ENGLISH_MISSING=0.5`)
or `module.function=off` (a rule switched off, e.g. `assistant.answering.answer.near_miss=off`). With no rule, the
shipped settings.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
import sys
import unicodedata
from pathlib import Path

from assistant.config import Settings, prepare_environment

prepare_environment()

from assistant.answering import decision  # noqa: E402
from assistant.cli import _converse  # noqa: E402
from assistant.service import Assistant  # noqa: E402

KINDS = ("target", "task", "list", "structure", "colloquial", "nodiacritics", "followup", "english", "yesno",
         "multipart", "summary", "compare")
_OFF = {"near_miss": lambda *args, **kwargs: None, "strip_chat": lambda text: text, "story_part": lambda text: ""}
SHIPPED = Path(__file__).resolve().parent.parent / "assistant" / "data" / "decision.json"


def _norm(text: str) -> str:
    """The scorer's comparison form."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "").lower())
    text = re.sub(r"(?<=\d)\.(?=\d{3}(?!\d))", "", text)
    text = re.sub(r"(?<=\d),(?=\d)", ".", text)
    return re.sub(r"(?<![\d.])0+(?=\d)", "", text)


def model_table() -> str:
    """The shipped models as Markdown: one row per feature, then their bars and accuracy."""
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    words, meaning = shipped["model"], shipped["meaning"]
    lines = ["| feature | weight | weight, by meaning alone (English) |", "|---|---|---|"]
    for feature, weight in zip(words["features"], words["weights"]):
        alone = dict(zip(meaning["features"], meaning["weights"])).get(feature)
        lines.append(f"| {feature} | {weight:+.3f} | {'' if alone is None else f'{alone:+.3f}'} |")
    lines.append(f"| intercept | {words['intercept']:+.3f} | {meaning['intercept']:+.3f} |")
    lines.append(f"| answer at / caveat at | {words['answer_at']} / {words['caveat_at']} | "
                 f"{meaning['answer_at']} / {meaning['caveat_at']} |")
    fitted = shipped["fitted"]
    lines += ["", f"Fusion constant {words['fusion']}; {fitted['questions']['train']} training and "
                  f"{fitted['questions']['test']} test questions generated from the plan. On the test split: best "
                  f"candidate right {fitted['best candidate right (answerable), test']}, answerable answered right "
                  f"{fitted['decided right, test']['answer']}, near misses declined {fitted['decided right, test']['decline']}."]
    return "\n".join(lines)


def row(label: str, assistant: Assistant, questions: list[dict]) -> str:
    """One Markdown row of the table for `assistant` on `questions`."""
    answered: dict[str, list[bool]] = {kind: [] for kind in KINDS}
    declined, correct = [], []
    for item in questions:
        history = _converse(assistant, item.get("history") or [], None)
        answer = assistant.ask(item["question"], history).answer
        if item["kind"] == "refusal":
            declined.append(answer.refused)
            continue
        answered.setdefault(item["kind"], []).append(not answer.refused)
        correct.append(not answer.refused and all(_norm(m) in _norm(answer.text) for m in item["must"]))
    cells = " | ".join(f"{sum(v) / len(v):.2f}" if v else "—" for v in answered.values())
    return f"| {label} | {cells} | {sum(declined) / max(len(declined), 1):.2f} | {sum(correct) / max(len(correct), 1):.3f} |"


def main(argv: list[str]) -> int:
    files = [a for a in argv if a.endswith(".jsonl")]
    rules = [a for a in argv if not a.endswith(".jsonl")] or ["shipped"]
    questions = [json.loads(line) for line in Path(files[0] if files else "../shared/eval/dev.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    print(model_table() + "\n")
    base = Assistant.from_settings(Settings.from_env())
    print("| rule | " + " | ".join(KINDS) + " | refusal | correct |\n|" + "---|" * (len(KINDS) + 3))
    shipped = decision.model()
    for rule in rules:
        if rule == "shipped":
            print(row(rule, base, questions))
            continue
        name, value = rule.split("=")
        if name in ("answer_at", "caveat_at"):
            decision.model.cache_clear()
            changed = dataclasses.replace(shipped, **{name: float(value)})
            original = decision.model
            decision.model = lambda which="model": changed if which == "model" else original(which)
            try:
                print(row(rule, base, questions))
            finally:
                decision.model = original
            continue
        module, attribute = name.rsplit(".", 1)
        owner = importlib.import_module(module)
        before = getattr(owner, attribute)
        setattr(owner, attribute, _OFF[attribute] if value == "off" else float(value))
        try:
            print(row(rule, base, questions))
        finally:
            setattr(owner, attribute, before)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
