"""`python -m assistant`: the command line."""

import sys

from assistant.config import prepare_environment

prepare_environment()

from assistant.cli import main  # noqa: E402

sys.exit(main())
