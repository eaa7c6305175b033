"""The package's stages import one way: web → service → generation → answering → store → documents / understanding → text."""

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "assistant"
# Lowest first; a module may import its own stage and those before it, never one after.
ORDER = [
    {"text", "data", "errors", "config", "measure", "accounts", "feedback"},
    {"documents"},
    {"understanding"},
    {"store", "targets"},  # a document's part holds its targets; the target table reads the store's statistics
    {"monitoring"},  # the reports' figures linked to the plan's targets
    {"answering"},
    {"generation"},
    {"service", "export", "results", "cli", "__main__"},
    {"web"},
]


def _stage(module: str) -> int:
    part = module.split(".")[1] if "." in module else "__init__"
    return next((i for i, stages in enumerate(ORDER) if part in stages), len(ORDER))


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("assistant"):
            found |= {f"{node.module}.{a.name}" if node.module == "assistant" else node.module for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("assistant")}
    return found


def test_every_import_runs_from_a_later_stage_to_an_earlier_one():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        if module == "assistant":
            continue
        here = _stage(module)
        assert here < len(ORDER), f"{module} belongs to no stage: add it to ORDER"
        wrong += [f"{module} → {name}" for name in _imports(path) if name != "assistant" and _stage(name) > here]
    assert wrong == []


def test_the_package_root_holds_only_the_stages_and_the_entry_points():
    loose = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert loose == sorted(["__main__", "accounts", "cli", "config", "errors", "export", "feedback", "measure", "results",
                            "service"])
