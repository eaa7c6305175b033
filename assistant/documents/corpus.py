"""The corpus folder: which files it holds, reading them all, and adding a file only once it reads cleanly."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from assistant.documents.ingest import SUPPORTED, Document, check_file, load_document
from assistant.documents.reading import Limits, read_untrusted
from assistant.errors import AssistantError

log = logging.getLogger(__name__)

MAX_NAME_BYTES = 255
STAGING = ".adding-"  # the prefix of the hidden folder a copy is staged in
_NAME_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def check_file_name(name: str) -> None:
    """Refuse a file name that cannot be a plain file in the corpus folder."""
    if (not name or name in (".", "..") or name.startswith(".") or name != name.strip()
            or _NAME_FORBIDDEN.search(name) or len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES):
        shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in name)
        raise AssistantError(
            f"Tên tệp «{shown}» không dùng được trong kho tài liệu: cần một tên tệp thường, không bắt đầu bằng dấu chấm, "
            "không chứa / \\ : * ? \" < > | hay ký tự điều khiển, tối đa 255 byte. Hãy đổi tên tệp, ví dụ «ke-hoach-2026.pdf»."
        )


def _same_bytes(one: Path, other: Path) -> bool:
    if one.stat().st_size != other.stat().st_size:
        return False
    with open(one, "rb") as a, open(other, "rb") as b:
        return hashlib.file_digest(a, "sha256").digest() == hashlib.file_digest(b, "sha256").digest()


def _existing(source: Path, target: Path) -> bool:
    """True when `target` already holds the same bytes as `source`; raise when it holds other bytes."""
    if not target.exists():
        return False
    if target.is_file() and _same_bytes(target, source):
        return True
    raise AssistantError(
        f"Kho tài liệu đã có một tệp khác tên «{target.name}». Không ghi đè: hãy đổi tên tệp mới, "
        "hoặc tự xóa tệp cũ khỏi thư mục tài liệu nếu muốn thay."
    )


def _unwritable(corpus_dir: Path, error: OSError) -> AssistantError:
    log.warning("cannot write into %s: %s", corpus_dir, error)
    return AssistantError(
        f"Không ghi được vào thư mục tài liệu «{corpus_dir}» ({error.strerror or error}). "
        "Hãy kiểm tra quyền ghi và dung lượng đĩa rồi thử lại."
    )


def check_document(source: Path, corpus_dir: Path | None = None, limits: Limits = Limits()) -> Document:
    """Validate `source` for the corpus without changing anything: name, size, kind, content, and no clash there."""
    check_file_name(source.name)
    check_file(source, limits.max_bytes)
    if corpus_dir is not None:
        _existing(source, corpus_dir / source.name)
    return read_untrusted(source, limits)


def add_document(source: Path, corpus_dir: Path, limits: Limits = Limits()) -> Path:
    """Copy a valid document into the corpus folder atomically; return its path there.

    The bytes are copied into a hidden staging folder beside the corpus, read in full from there
    (so exactly what was checked lands), then linked in under their name, never over another file.
    A file already there with the same bytes is left as is.
    """
    check_file_name(source.name)
    size = check_file(source, limits.max_bytes)
    target = corpus_dir / source.name
    if _existing(source, target):
        log.info("%s is already in the corpus", source.name)
        return target
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=corpus_dir))
    except OSError as error:
        raise _unwritable(corpus_dir, error) from None
    try:
        staged = staging / source.name
        with open(source, "rb") as src, open(staged, "wb") as dst:
            shutil.copyfileobj(src, dst)
            dst.flush()
            os.fsync(dst.fileno())
        if staged.stat().st_size != size:
            raise AssistantError(f"Tệp «{source.name}» thay đổi trong lúc sao chép. Hãy thử lại khi tệp đã ghi xong.")
        read_untrusted(staged, limits)
        try:
            os.link(staged, target)  # fails instead of replacing a file that appeared meanwhile
        except FileExistsError:
            _existing(staged, target)  # the same bytes: fine; other bytes: refused
            return target
        except OSError:  # a file system without hard links: rename (the clash was checked just above)
            if target.exists():
                _existing(staged, target)
                return target
            os.replace(staged, target)
    except OSError as error:
        if error.filename is not None and Path(error.filename) == source:
            raise AssistantError(f"Không đọc được tệp «{source}» ({error.strerror}). Hãy kiểm tra quyền đọc tệp.") from None
        raise _unwritable(corpus_dir, error) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("added %s to %s", source.name, corpus_dir)
    return target


def corpus_files(folder: Path) -> list[Path]:
    """The supported files of a corpus folder, in name order."""
    if not folder.is_dir():
        raise AssistantError(f"Không tìm thấy thư mục tài liệu «{folder}». Hãy đặt các tệp kế hoạch (.txt, .pdf) vào đó.")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED)


def load_corpus(folder: Path) -> list[Document]:
    """Read every .txt and .pdf file in `folder`."""
    files = corpus_files(folder)
    if not files:
        raise AssistantError(f"Thư mục «{folder}» không có tệp .txt hoặc .pdf nào.")
    return [load_document(path) for path in files]
