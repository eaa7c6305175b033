"""The answer-or-decline trade-off: how each rule change moves answered and declined questions, per kind.

    .venv/bin/python scripts/decision_table.py [QUESTIONS.jsonl] [RULE …]

A RULE is `min_coverage=0.45` (the setting), `module.CONSTANT=value` (a named threshold, e.g.
`assistant.decline.UNKNOWN_SHARE=0.35`), or `module.function=off` (a rule switched off, e.g.
`assistant.answer.near_miss=off`). With no rule, the shipped settings. Prints one Markdown row per
rule: the share of each kind answered (not declined), of unanswerable questions declined, and the
share answered right (`correct`, as ../shared/eval/score.py counts it).
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

from assistant.cli import _converse  # noqa: E402
from assistant.service import Assistant  # noqa: E402

KINDS = ("target", "task", "list", "structure", "colloquial", "nodiacritics", "followup")
_OFF = {"near_miss": lambda *args, **kwargs: None, "strip_chat": lambda text: text, "story_part": lambda text: ""}


def _norm(text: str) -> str:
    """The scorer's comparison form."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "").lower())
    text = re.sub(r"(?<=\d)\.(?=\d{3}(?!\d))", "", text)
    text = re.sub(r"(?<=\d),(?=\d)", ".", text)
    return re.sub(r"(?<![\d.])0+(?=\d)", "", text)


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
    base = Assistant.from_settings(Settings.from_env())
    print("| rule | " + " | ".join(KINDS) + " | refusal | correct |\n|" + "---|" * (len(KINDS) + 3))
    for rule in rules:
        if rule == "shipped":
            print(row(rule, base, questions))
            continue
        name, value = rule.split("=")
        if name == "min_coverage":
            print(row(rule, Assistant(dataclasses.replace(base.settings, min_coverage=float(value)), base.index),
                      questions))
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
