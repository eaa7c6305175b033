"""Word lists shipped with the package: equivalents, stopwords, provinces."""

from __future__ import annotations

from importlib import resources


def read_list(name: str) -> list[str]:
    """The lines of the packaged list `name`, without blank lines and `#` comments."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
