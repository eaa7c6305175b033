"""Prompt text files from `prompts/`, filled in and checked: a missing or unknown variable is an error."""

from __future__ import annotations

import string
from pathlib import Path

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


def variables(template: str) -> set[str]:
    """The names a template asks for."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(name: str, folder: Path = PROMPTS, **values: str) -> str:
    """The prompt `name`.txt from `folder` with `values` filled in; every variable must be given, and no other."""
    template = (folder / f"{name}.txt").read_text(encoding="utf-8")
    wanted = variables(template)
    if wanted != set(values):
        raise ValueError(f"prompt {name}: expects {sorted(wanted)}, given {sorted(values)}")
    return template.format(**values)
