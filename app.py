"""Start the web app: read settings, load the assistant, serve the Gradio UI."""

import logging
import os
import sys

from assistant.config import Settings, prepare_environment

prepare_environment()
# Serving gets its parallelism from concurrent questions (ASSISTANT_CONCURRENCY), so each question's embedding
# runs on one OpenMP thread: 31 instead of 43 ms CPU per answer, as threads no longer spin waiting for each other.
# (`make run` builds the index first with `python -m assistant index`, which keeps every thread.)
os.environ.setdefault("OMP_NUM_THREADS", "1")
# Gradio rebuilds its queue statistics (a pandas table of up to 10,000 events) after every event by default;
# this app never shows them, so every 1,000 events is plenty (read by gradio/queueing.py).
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "1000")

from assistant.accounts import Accounts, Limiter  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.web import build_ui  # noqa: E402
from assistant.web.access import login_options  # noqa: E402
from assistant.web.layout import CSS  # noqa: E402


def main() -> int:
    """Serve the app until interrupted."""
    try:
        settings = Settings.from_env()
        logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
        accounts = Accounts.from_settings(settings)  # None: no login (loopback only), everyone an editor
        assistant = Assistant.from_settings(settings)
    except AssistantError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    demo = build_ui(assistant, accounts)
    # Queue positions go out once a second, not to every waiting user after each answer (with 50 users
    # that broadcast cost a quarter of the throughput, measured with scripts/load.py).
    demo.queue(default_concurrency_limit=settings.concurrency, max_size=settings.queue_size, status_update_rate=1)
    demo.launch(server_name=settings.host, server_port=settings.port, show_error=False, css=CSS,
                **login_options(accounts, Limiter.from_settings(settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
