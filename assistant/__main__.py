"""`python -m assistant`: the command line."""

import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.cli import main  # noqa: E402

sys.exit(main())
