"""Prompt text files from `prompts/` (the package resource `assistant.prompt_files`), filled in and checked."""

from __future__ import annotations

import string
from importlib import resources


def variables(template: str) -> set[str]:
    """The names a template asks for."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def template(name: str) -> str:
    """The text of the prompt `name` (prompts/<name>.txt)."""
    return resources.files("assistant.prompt_files").joinpath(f"{name}.txt").read_text(encoding="utf-8")


def render(name: str, **values: str) -> str:
    """The prompt `name` with `values` filled in; every variable must be given, and no other."""
    text = template(name)
    wanted = variables(text)
    if wanted != set(values):
        raise ValueError(f"prompt {name}: expects {sorted(wanted)}, given {sorted(values)}")
    return text.format(**values)
