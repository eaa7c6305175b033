"""The questions the decision is fitted on (scripts/generate_questions.py) and what the fit writes."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path

from assistant.text.normalize import match_form

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_questions_are_generated_from_the_plan_with_near_misses_and_a_split_by_clause(assistant):
    generated = _load("generate_questions").generate(assistant, random.Random(1))
    answerable = [q for q in generated if q["label"] == "answer"]
    near = [q for q in generated if q["label"] == "decline"]
    assert len(answerable) > 500 and len(near) > 200
    plan = match_form(" ".join(c.text for c in assistant.index.chunks))
    assert all(match_form(q["evidence"][0]) in plan for q in answerable)  # each comes from a clause of the plan
    assert all(not q["evidence"] and not q["must"] for q in near)
    splits: dict[str, set[str]] = {}
    for q in generated:
        splits.setdefault(q["source"], set()).add(q["split"])
    assert all(len(s) == 1 for s in splits.values())  # no clause gives questions to both splits
    assert {q["kind"] for q in generated} >= {"plan-words", "story", "no-diacritics", "absent-topic", "other-year"}


def test_the_shipped_model_says_how_it_was_fitted_and_how_well_it_does():
    shipped = json.loads((ROOT / "assistant" / "data" / "decision.json").read_text(encoding="utf-8"))
    assert "generate_questions.py" in shipped["comment"] and "Never fitted on an evaluation set" in shipped["comment"]
    fitted = shipped["fitted"]
    assert fitted["questions"]["test"] > 500
    assert fitted["decided right, test"]["decline"] > 0.7 and fitted["decided right, test"]["answer"] > 0.5


def test_the_rescue_bar_goes_down_while_enough_declines_are_answerable():
    rescue = _load("rescue_bar")
    noise = [(0.43, False)] * 3 + [(0.43, True)]  # a handful just under the caveat bar: too few to judge
    answerable = [(0.30, True)] * 20 + [(0.30, False)] * 12
    near_misses = [(0.10, False)] * 40
    assert rescue.rescue_bar(noise + answerable + near_misses, 0.45) == 0.11  # 0.10's band is mostly near misses
    assert rescue.rescue_bar([(0.40, False)] * 40, 0.45) == 0.45  # no rescue when near misses lead
