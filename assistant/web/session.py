"""A conversation that lasts and travels: kept in the browser across reloads, exported for a report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.export import export_files
from assistant.understanding.conversation import Turn
from assistant.web.chat import chat_messages

STORAGE_KEY = "tro-ly-ke-hoach-hoi-dap-v2"  # fixed, so a conversation outlives a restart of the app
# The browser store is obfuscated, not secret (its key is sent to every browser); a fixed one reads after a restart.
STORAGE_SECRET = "tro-ly-ke-hoach"
KEPT = 100  # answers kept in the browser: about 5 kB each, well under the browser's ~5 MB per site


def saved(turns: list[dict[str, Any]] | None) -> dict[str, Any]:
    """What the browser keeps of a conversation: its last `KEPT` turns."""
    return {"turns": list(turns or [])[-KEPT:]}


def restored(kept: dict[str, Any] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The conversation the browser kept, as shown and as turns (empty when it kept none or something unreadable)."""
    turns = kept.get("turns") if isinstance(kept, dict) else None
    if not isinstance(turns, list):
        return [], []
    turns = [t for t in turns if isinstance(t, dict) and Turn.from_dict(t) is not None]
    return chat_messages(turns), turns


def exchanges(turns: list[dict[str, Any]]) -> list[Turn]:
    """The chat's turns as the export writes them."""
    return [turn for turn in map(Turn.from_dict, turns) if turn is not None]


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
