"""Web app accounts: a file of users with argon2-hashed passwords and a role, and the limit on failed logins.

The file is UTF-8 text, one account a line: name, role, hash, separated by tabs; blank lines and
lines starting with # are ignored. `python -m assistant user add NAME` writes it, so nobody writes
a hash by hand. A `reader` asks, reads and exports; an `editor` also adds documents.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.config import Settings
from assistant.errors import AssistantError

log = logging.getLogger(__name__)

Role = Literal["reader", "editor"]
ROLES: tuple[Role, ...] = ("reader", "editor")
HEADER = ("# Tài khoản của Trợ lý Kế hoạch: tên<TAB>vai trò (reader hoặc editor)<TAB>mật khẩu đã băm (argon2).\n"
          "# Đừng sửa tay: thêm hoặc đặt lại bằng «python -m assistant user add TÊN --role reader|editor».\n")
ADD_HINT = "python -m assistant user add TÊN --role reader|editor"
_NAME_CHARS = 64
_hasher = PasswordHasher()  # argon2id with the RFC 9106 low-memory parameters (64 MiB, 3 passes)


def _nfc(text: str) -> str:
    """`text` in one Unicode form, so a Vietnamese name or password typed on any keyboard matches."""
    return unicodedata.normalize("NFC", text)


def hash_password(password: str) -> str:
    """The argon2id hash of `password`, fit to store."""
    if not password:
        raise AssistantError("Mật khẩu đang trống. Hãy nhập một mật khẩu (nên dài ít nhất 12 ký tự).")
    return _hasher.hash(_nfc(password))


def check_login_name(name: str) -> str:
    """`name` as stored (NFC); raises `AssistantError` when it cannot be a login name."""
    name = _nfc(name)
    if not name or len(name) > _NAME_CHARS or name != name.strip() or not name.isprintable():
        shown = "".join(c if c.isprintable() else "?" for c in name[:_NAME_CHARS])
        raise AssistantError(f"Tên đăng nhập «{shown}» không hợp lệ: cần 1 đến {_NAME_CHARS} ký tự in được, "
                             "không có dấu tab, không có khoảng trắng ở đầu hay cuối.")
    return name


@dataclass(frozen=True)
class Account:
    """One login: its name, its role and its password's argon2 hash."""

    name: str
    role: Role
    password_hash: str


def read_accounts(path: Path) -> dict[str, Account]:
    """The accounts of a users file by name; raises `AssistantError` naming the file and line of a mistake."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AssistantError(f"Không có tệp tài khoản «{path}» (ASSISTANT_USERS_FILE). Tạo nó bằng: {ADD_HINT}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise AssistantError(f"Không đọc được tệp tài khoản «{path}» ({type(error).__name__}): cần tệp văn bản "
                             f"UTF-8, mỗi dòng một tài khoản. Tạo lại bằng: {ADD_HINT}") from None
    accounts: dict[str, Account] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"Tệp tài khoản «{path}», dòng {number}"
        columns = line.strip().split("\t")
        if len(columns) != 3:
            raise AssistantError(f"{where}: cần 3 cột cách nhau bằng dấu tab (tên, vai trò, mật khẩu đã băm), "
                                 f"thấy {len(columns)}. Hãy viết dòng này bằng: {ADD_HINT}")
        name, role, password_hash = columns
        try:
            name = check_login_name(name)
        except AssistantError as error:
            raise AssistantError(f"{where}: {error}") from None
        if role not in ROLES:
            raise AssistantError(f"{where}: vai trò «{role[:20]}» không hợp lệ; dùng reader (hỏi, đọc, xuất) "
                                 "hoặc editor (thêm cả tài liệu).")
        if not _is_hash(password_hash):  # never echoed: it may be a password written in by hand
            raise AssistantError(f"{where}: mật khẩu của «{name}» không phải dạng băm argon2 ($argon2id$…). "
                                 f"Đừng ghi mật khẩu trực tiếp; đặt lại bằng: python -m assistant user add {name}")
        if name in accounts:
            raise AssistantError(f"{where}: tài khoản «{name}» đã có ở dòng {lines[name]}; mỗi tên chỉ một dòng.")
        accounts[name], lines[name] = Account(name, role, password_hash), number
    return accounts


def _is_hash(text: str) -> bool:
    try:
        return text.startswith("$argon2") and extract_parameters(text) is not None
    except (InvalidHashError, ValueError):
        return False


def save_account(path: Path, name: str, password: str, role: Role) -> bool:
    """Add the account to the users file, or replace the one of that name in its place; True when it replaced one."""
    name = check_login_name(name)
    if role not in ROLES:
        raise AssistantError(f"Vai trò «{role}» không hợp lệ; dùng reader hoặc editor.")
    lines, place = _other_lines(path, name) if path.exists() else ([HEADER], None)
    lines.insert(len(lines) if place is None else place, f"{name}\t{role}\t{hash_password(password)}\n")
    _write(path, "".join(lines))
    return place is not None


def remove_account(path: Path, name: str) -> bool:
    """Take the account out of the users file; False when it had no such account."""
    if not path.is_file():
        raise AssistantError(f"Không có tệp tài khoản «{path}». Tạo nó bằng: {ADD_HINT}")
    lines, place = _other_lines(path, check_login_name(name))
    if place is not None:
        _write(path, "".join(lines))
    return place is not None


def _other_lines(path: Path, name: str) -> tuple[list[str], int | None]:
    """The file's lines without `name`'s, and where its line stood among them (None: it had none)."""
    read_accounts(path)  # a broken file is named and left alone, not rewritten
    kept, place = [], None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        columns = line.strip().split("\t")
        if not line.lstrip().startswith("#") and len(columns) == 3 and _nfc(columns[0]) == name:
            place = len(kept)
        else:
            kept.append(line if line.endswith("\n") else line + "\n")
    return kept, place


def _write(path: Path, text: str) -> None:
    """Replace the file at once (a reader never sees half of it); a new file is readable by its owner only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".users-", dir=path.parent)
    except OSError as error:
        raise AssistantError(f"Không ghi được tệp tài khoản «{path}» ({error.strerror or type(error).__name__}). "
                             "Hãy chọn thư mục ghi được, hoặc chạy lệnh với quyền của người quản trị tệp đó.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if path.exists():  # the app's service account must still read it
            before = path.stat()
            os.chmod(temporary, before.st_mode & 0o777)
            if (before.st_uid, before.st_gid) != (os.getuid(), os.getgid()):
                try:
                    os.chown(temporary, before.st_uid, before.st_gid)
                except PermissionError:  # only root may give a file away; the file becomes the writer's
                    pass
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Accounts:
    """The accounts the web app logs in: the users file's, and the single ASSISTANT_AUTH_USER as an editor."""

    def __init__(self, accounts: dict[str, Account]) -> None:
        self.accounts = accounts
        self._unknown = _hasher.hash(secrets.token_urlsafe(16))  # an unknown name costs as much as a known one

    @classmethod
    def from_settings(cls, settings: Settings) -> Accounts | None:
        """The configured accounts, or None when no login is configured (everyone is an editor)."""
        path = Path(settings.users_file) if settings.users_file else None
        accounts = read_accounts(path) if path else {}
        if path and not accounts:
            raise AssistantError(f"Tệp tài khoản «{path}» chưa có tài khoản nào. Thêm bằng: {ADD_HINT}")
        if settings.auth_user:
            name = check_login_name(settings.auth_user)
            if name in accounts:
                raise AssistantError(f"ASSISTANT_AUTH_USER={name} trùng một tài khoản trong «{path}»: "
                                     "hãy bỏ ASSISTANT_AUTH_USER/ASSISTANT_AUTH_PASSWORD hoặc đổi tên.")
            accounts[name] = Account(name, "editor", hash_password(settings.auth_password))
        return cls(accounts) if accounts else None

    def verify(self, name: str, password: str) -> bool:
        """Whether `password` is the password of the account `name`."""
        account = self.accounts.get(_nfc(name))
        try:
            return _hasher.verify(account.password_hash if account else self._unknown, _nfc(password)) and bool(account)
        except (VerificationError, InvalidHashError):
            return False

    def role(self, name: str | None) -> Role | None:
        """The role of the account `name`; None for no such account."""
        account = self.accounts.get(_nfc(name)) if name else None
        return account.role if account else None


def may_edit(accounts: Accounts | None, name: str | None) -> bool:
    """Whether the logged-in `name` may add documents: an editor, or anyone when no login is configured."""
    return accounts is None or accounts.role(name) == "editor"


@dataclass(frozen=True)
class Refusal:
    """Why a login attempt is refused now: a wait after failures, or a lock."""

    wait: float  # seconds until an attempt is taken again
    locked: bool

    @property
    def message(self) -> str:
        """What the person trying to log in is told, in Vietnamese."""
        if self.locked:
            minutes = max(1, round(self.wait / 60))
            return (f"Đăng nhập sai quá nhiều lần: tạm khóa đăng nhập khoảng {minutes} phút. Hãy thử lại sau, "
                    "hoặc nhờ quản trị viên kiểm tra tài khoản.")
        return f"Đăng nhập sai nhiều lần: hãy đợi {max(1, round(self.wait))} giây rồi thử lại."


def delay(failures: int) -> float:
    """Seconds to wait after `failures` failed logins in a row: none after one, then 1, 2, 4… up to 60."""
    return 0.0 if failures < 2 else float(min(2 ** (failures - 2), 60))


@dataclass
class _Streak:
    failures: int
    last: float


class Limiter:
    """Failed logins in a row per account and per address: a growing wait between attempts, then a lock.

    A lock lasts `lock_seconds` from the last failure; a streak with no failure for as long is forgotten.
    """

    def __init__(self, per_account: int = 5, per_address: int = 20, lock_seconds: float = 900.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_account, self.per_address, self.lock_seconds = per_account, per_address, lock_seconds
        self.clock = clock
        self._streaks: dict[tuple[str, str], _Streak] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, clock: Callable[[], float] = time.monotonic) -> Limiter:
        """The limiter the settings ask for."""
        return cls(settings.login_attempts, settings.login_address_attempts, settings.login_lock_minutes * 60.0, clock)

    def attempt(self, name: str, address: str) -> Refusal | None:
        """A refusal when `name` or `address` must wait or is locked; else the attempt counts as failed until `succeeded`."""
        now = self.clock()
        keys = {("account", _nfc(name)): self.per_account, ("address", address): self.per_address}
        with self._lock:
            self._forget(now)
            refusals = [refusal for key, limit in keys.items() if (refusal := self._refusal(key, limit, now))]
            if refusals:
                return max(refusals, key=lambda r: (r.locked, r.wait))
            for key in keys:  # counted before the password is checked, so parallel guesses count too
                streak = self._streaks.setdefault(key, _Streak(0, now))
                streak.failures, streak.last = streak.failures + 1, now
        return None

    def succeeded(self, name: str, address: str) -> None:
        """The attempt was right: the failures in a row of the account and of the address end."""
        with self._lock:
            self._streaks.pop(("account", _nfc(name)), None)
            self._streaks.pop(("address", address), None)

    def _refusal(self, key: tuple[str, str], limit: int, now: float) -> Refusal | None:
        streak = self._streaks.get(key)
        if streak is None:
            return None
        if streak.failures >= limit:
            return Refusal(streak.last + self.lock_seconds - now, locked=True)
        wait = streak.last + delay(streak.failures) - now
        return Refusal(wait, locked=False) if wait > 0 else None

    def _forget(self, now: float) -> None:
        """Drop the streaks whose last failure is a lock's length ago."""
        stale = [key for key, streak in self._streaks.items() if now - streak.last >= self.lock_seconds]
        for key in stale:
            del self._streaks[key]
