"""A conversation that lasts and travels: kept in the browser across reloads, exported for a report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.export import Exchange, Source, export_files

STORAGE_KEY = "tro-ly-ke-hoach-hoi-dap-v1"  # fixed, so a conversation outlives a restart of the app
# The browser store is obfuscated, not secret (its key is sent to every browser); a fixed one reads after a restart.
STORAGE_SECRET = "tro-ly-ke-hoach"
KEPT = 100  # answers kept in the browser: about 5 kB each, well under the browser's ~5 MB per site


def saved(history: list[dict[str, Any]] | None, turns: list[dict[str, Any]] | None) -> dict[str, Any]:
    """What the browser keeps of a conversation: its last `KEPT` answers, as shown and as remembered."""
    history, turns = list(history or []), list(turns or [])
    answers = [i for i, m in enumerate(history) if m.get("role") == "assistant"]
    if len(answers) > KEPT:  # from the question before the oldest kept answer
        history = history[answers[-KEPT] - 1:]
        turns = turns[-KEPT:]
    return {"history": history, "turns": turns}


def restored(kept: dict[str, Any] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The conversation the browser kept (empty when it kept none or something unreadable)."""
    if not isinstance(kept, dict):
        return [], []
    history, turns = kept.get("history"), kept.get("turns")
    if not isinstance(history, list) or not isinstance(turns, list):
        return [], []
    return [m for m in history if isinstance(m, dict)], [t for t in turns if isinstance(t, dict)]


def exchanges(turns: list[dict[str, Any]]) -> list[Exchange]:
    """The chat's turns as the export writes them."""
    return [Exchange(t["question"], t["answer"], tuple(Source(c["number"], c["label"], c["quote"])
                                                       for c in t.get("citations", [])))
            for t in turns if t.get("question") is not None]


def export_conversation(turns: list[dict[str, Any]] | None, folder: Path) -> tuple[Path, Path]:
    """The conversation as Markdown and Word files in `folder`; raises `AssistantError` when there is none."""
    found = exchanges(list(turns or []))
    if not found:
        raise AssistantError("Chưa có câu hỏi nào để xuất. Hãy hỏi ít nhất một câu rồi bấm «Xuất».")
    return export_files(found, folder)


def export_for_download(turns: list[dict[str, Any]] | None, folder: Path) -> tuple[list[str] | None, str]:
    """The exported files' paths and no message, or no files and the Vietnamese reason."""
    try:
        return [str(path) for path in export_conversation(turns, folder)], ""
    except AssistantError as error:
        return None, f"Lỗi: {error}"
