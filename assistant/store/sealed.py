"""Files checked where they are read: a folder's seal lists each file it vouches for, with its size and hash.

The index writes a folder's files, then its seal (`sealed.json`) last; whoever reads a file first
checks it against the seal. A file truncated, garbled, emptied or deleted after it was written, or a
folder whose writer died before sealing, raises `Broken`, naming the folder, and the caller rebuilds
it instead of reading garbage (numpy's pickles, JSON lines, vectors) into the assistant.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

SEAL = "sealed.json"


class Broken(Exception):
    """A sealed folder whose files are not what was sealed: missing, changed, or never sealed."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"{folder}: {reason}")
        self.folder = folder


def _digest(path: Path) -> str:
    with open(path, "rb") as content:
        return hashlib.file_digest(content, "sha256").hexdigest()


def _read(folder: Path) -> dict[str, list]:
    try:
        listed = json.loads((folder / SEAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Broken(folder, "no seal") from None
    except (OSError, ValueError) as error:
        raise Broken(folder, f"seal unreadable ({type(error).__name__})") from None
    if not isinstance(listed, dict) or not all(isinstance(v, list) and len(v) == 2 for v in listed.values()):
        raise Broken(folder, "seal garbled")
    return listed


def seal(folder: Path, names: Iterable[str] | None = None) -> None:
    """Vouch for files of `folder` (all of them, or `names` added to its seal), written last and atomically."""
    if names is None:
        listed = {}
        names = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != SEAL)
    else:
        listed = _read(folder)
    for name in names:
        path = folder / name
        listed[name] = [path.stat().st_size, _digest(path)]
    temporary = folder / f".{SEAL}.{os.getpid()}"
    temporary.write_text(json.dumps(listed, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    os.replace(temporary, folder / SEAL)


def check(folder: Path, names: Iterable[str]) -> None:
    """Raise `Broken` unless each of `names` in `folder` is exactly as sealed."""
    listed = _read(folder)
    for name in names:
        if name not in listed:
            raise Broken(folder, f"{name} not sealed")
        size, digest = listed[name]
        path = folder / name
        try:
            if path.stat().st_size != size or _digest(path) != digest:
                raise Broken(folder, f"{name} changed since it was written")
        except OSError as error:
            raise Broken(folder, f"{name} unreadable ({error.strerror})") from None


def sealed(folder: Path) -> bool:
    """Whether `folder` has a seal (a folder still being written, or left by a killed writer, has none)."""
    return (folder / SEAL).is_file()
