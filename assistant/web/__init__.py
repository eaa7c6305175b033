"""The Gradio web app: `build_ui(assistant)`; its handlers are plain functions in the modules beside it."""

from assistant.web.layout import build_ui

__all__ = ["build_ui"]
