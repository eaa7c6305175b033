"""The Gradio web app: `build_ui(assistant)`; its handlers are plain functions in the modules beside it.

Gradio is imported only when the UI is built: the handlers (`chat`, `library`, `session` …) are plain
functions that a test or a script can import without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gradio as gr

    from assistant.accounts import Accounts
    from assistant.service import Assistant

__all__ = ["build_ui"]


def build_ui(assistant: Assistant, accounts: Accounts | None = None) -> gr.Blocks:
    """The app's Blocks for `assistant` (see `layout.build_ui`)."""
    from assistant.web.layout import build_ui as build

    return build(assistant, accounts)
