"""One writer at a time in the index folder: a build, an `add`, an upload or a repair waits for the one before.

The lock is an `flock` on `<index>/.lock`, so it holds across processes (the CLI's `add` beside the
web app) and threads (two uploads at once), and the kernel lets go of it when a writer dies, even
killed. A writer that holds it may take it again (an `add` builds the index inside its own lock).
"""

from __future__ import annotations

import fcntl
import logging
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

LOCK = ".lock"
_held = threading.local()  # the folders this thread holds the lock of


@contextmanager
def writing(folder: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold `folder`'s write lock for the block; `waiting` is called first if another writer holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    key = str(folder.resolve())
    held: set[str] = _held.__dict__.setdefault("folders", set())
    if key in held:
        yield
        return
    lock = folder / LOCK
    if lock.is_dir():  # not ours: a lock is a file
        shutil.rmtree(lock, ignore_errors=True)
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("%s: waiting for another writer", folder)
            if waiting:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
            fcntl.flock(handle, fcntl.LOCK_UN)
