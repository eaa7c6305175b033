"""Start the web app: read settings, load the assistant, serve the Gradio UI."""

import logging
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant.config import Settings  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.web import build_ui  # noqa: E402
from assistant.web.app import CSS  # noqa: E402


def main() -> int:
    """Serve the app until interrupted."""
    try:
        settings = Settings.from_env()
        logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
        assistant = Assistant.from_settings(settings)
    except AssistantError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    demo = build_ui(assistant)
    demo.queue(default_concurrency_limit=4)
    auth = (settings.auth_user, settings.auth_password) if settings.auth_user else None
    demo.launch(server_name=settings.host, server_port=settings.port, show_error=False, auth=auth,
                auth_message="Trợ lý Kế hoạch: hãy đăng nhập.", css=CSS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
