"""Accounts: the users file, its hashes and roles, the `user` command, and the limit on failed logins."""

import io
import stat
import unicodedata
from pathlib import Path

import pytest

from assistant.accounts import (
    Accounts,
    Limiter,
    delay,
    hash_password,
    may_edit,
    read_accounts,
    remove_account,
    save_account,
)
from assistant.cli import main
from assistant.config import Settings
from assistant.errors import AssistantError
from tests.helpers import EDITOR_PASSWORD, READER_PASSWORD, Clock


@pytest.fixture(scope="module")
def users(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A users file with a reader and an editor, written as the `user add` command writes it."""
    path = tmp_path_factory.mktemp("users") / "users.tsv"
    save_account(path, "docgia", READER_PASSWORD, "reader")
    save_account(path, "biên-tập", EDITOR_PASSWORD, "editor")
    return path


def test_a_saved_account_is_read_back_with_its_role_and_only_its_password_verifies(users):
    accounts = Accounts(read_accounts(users))
    assert {a.name: a.role for a in accounts.accounts.values()} == {"docgia": "reader", "biên-tập": "editor"}
    assert READER_PASSWORD not in users.read_text(encoding="utf-8") and "$argon2id$" in users.read_text(encoding="utf-8")
    assert accounts.verify("docgia", READER_PASSWORD) and not accounts.verify("docgia", EDITOR_PASSWORD)
    assert not accounts.verify("khong-co", READER_PASSWORD) and not accounts.verify("docgia", "")
    assert stat.S_IMODE(users.stat().st_mode) == 0o600


def test_a_vietnamese_name_and_password_match_however_the_keyboard_composed_them(users):
    accounts = Accounts(read_accounts(users))
    decomposed = unicodedata.normalize("NFD", "biên-tập"), unicodedata.normalize("NFD", EDITOR_PASSWORD)
    assert decomposed[0] != "biên-tập" and accounts.verify(*decomposed) and accounts.role(decomposed[0]) == "editor"


def test_roles_say_who_may_add_documents(users):
    accounts = Accounts(read_accounts(users))
    assert may_edit(accounts, "biên-tập") and not may_edit(accounts, "docgia")
    assert not may_edit(accounts, None) and not may_edit(accounts, "khong-co")
    assert may_edit(None, None)  # no login configured: local use, everyone adds documents as before


def test_adding_a_user_again_replaces_it_in_place_and_keeps_the_rest(tmp_path):
    path = tmp_path / "users.tsv"
    assert save_account(path, "a", "mat-khau-a", "reader") is False
    save_account(path, "b", "mat-khau-b", "reader")
    with path.open("a", encoding="utf-8") as out:
        out.write("# ghi chú của quản trị viên\n")
    assert save_account(path, "a", "mat-khau-moi", "editor") is True
    text = path.read_text(encoding="utf-8")
    assert [line.split("\t")[0] for line in text.splitlines() if not line.startswith("#")] == ["a", "b"]
    assert "# ghi chú của quản trị viên" in text
    accounts = Accounts(read_accounts(path))
    assert accounts.role("a") == "editor" and accounts.verify("a", "mat-khau-moi") and not accounts.verify("a", "mat-khau-a")
    assert remove_account(path, "a") is True and remove_account(path, "a") is False
    assert list(read_accounts(path)) == ["b"]


@pytest.mark.parametrize("line, message", [
    ("docgia\treader", "dòng 3: cần 3 cột cách nhau bằng dấu tab"),
    ("docgia reader $argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaA", "dòng 3: cần 3 cột"),
    ("docgia\tadmin\t{hash}", "dòng 3: vai trò «admin» không hợp lệ; dùng reader"),
    ("docgia\treader\tmat-khau-ghi-thang", "dòng 3: mật khẩu của «docgia» không phải dạng băm argon2"),
    ("canbo\treader\t{hash}", "dòng 3: tài khoản «canbo» đã có ở dòng 2"),
    ("can\x07bo\treader\t{hash}", "dòng 3: Tên đăng nhập «can?bo» không hợp lệ"),
    ("x" * 65 + "\treader\t{hash}", "dòng 3: Tên đăng nhập «" + "x" * 64 + "» không hợp lệ: cần 1 đến 64 ký tự"),
])
def test_a_bad_line_is_named_with_its_file_line_and_what_would_work(tmp_path, line, message):
    good = hash_password("mat-khau-dung")
    path = tmp_path / "users.tsv"
    path.write_text(f"# tài khoản\ncanbo\teditor\t{good}\n{line.format(hash=good)}\n", encoding="utf-8")
    with pytest.raises(AssistantError) as raised:
        read_accounts(path)
    assert str(raised.value).startswith(f"Tệp tài khoản «{path}», {message}")
    assert "mat-khau-ghi-thang" not in str(raised.value)  # a password written in by hand is never echoed


def test_a_missing_or_unreadable_or_empty_users_file_says_how_to_make_one(tmp_path):
    with pytest.raises(AssistantError, match="Không có tệp tài khoản .* Tạo nó bằng: python -m assistant user add"):
        read_accounts(tmp_path / "khong-co.tsv")
    (tmp_path / "latin1.tsv").write_bytes("canbo\teditor\tm\xe2t".encode("latin-1"))
    with pytest.raises(AssistantError, match="Không đọc được tệp tài khoản .*UTF-8"):
        read_accounts(tmp_path / "latin1.tsv")
    (tmp_path / "empty.tsv").write_text("# chưa có ai\n", encoding="utf-8")
    with pytest.raises(AssistantError, match="chưa có tài khoản nào"):
        Accounts.from_settings(Settings(users_file=str(tmp_path / "empty.tsv")))


def test_the_single_login_settings_are_one_editor_beside_the_users_file(users):
    assert Accounts.from_settings(Settings()) is None
    alone = Accounts.from_settings(Settings(auth_user="canbo", auth_password="mat-khau-don-le"))
    assert alone.role("canbo") == "editor" and alone.verify("canbo", "mat-khau-don-le")
    spaced = Accounts.from_settings(Settings(auth_user="can bo", auth_password="mat-khau-don-le"))
    assert spaced.verify("can bo", "mat-khau-don-le")  # a name that worked before still does
    both = Accounts.from_settings(Settings(users_file=str(users), auth_user="canbo", auth_password="mat-khau-don-le"))
    assert {n: both.role(n) for n in ("canbo", "docgia", "biên-tập")} == {"canbo": "editor", "docgia": "reader",
                                                                           "biên-tập": "editor"}
    with pytest.raises(AssistantError, match="ASSISTANT_AUTH_USER=docgia trùng một tài khoản"):
        Accounts.from_settings(Settings(users_file=str(users), auth_user="docgia", auth_password="x"))


def test_the_settings_take_the_users_file_and_the_login_limits(users):
    settings = Settings.from_env({"ASSISTANT_HOST": "0.0.0.0", "ASSISTANT_USERS_FILE": str(users),
                                  "ASSISTANT_LOGIN_ATTEMPTS": "3", "ASSISTANT_LOGIN_LOCK_MINUTES": "30"})
    assert settings.users_file == str(users) and settings.login_attempts == 3 and settings.login_lock_minutes == 30
    limiter = Limiter.from_settings(settings)
    assert (limiter.per_account, limiter.per_address, limiter.lock_seconds) == (3, 20, 1800.0)
    with pytest.raises(AssistantError, match="ASSISTANT_USERS_FILE"):
        Settings.from_env({"ASSISTANT_HOST": "0.0.0.0"})
    with pytest.raises(AssistantError, match="Cần đặt cả ASSISTANT_AUTH_USER và ASSISTANT_AUTH_PASSWORD"):
        Settings.from_env({"ASSISTANT_AUTH_USER": "canbo"})
    with pytest.raises(AssistantError, match="ASSISTANT_LOGIN_ATTEMPTS=0 không hợp lệ"):
        Settings.from_env({"ASSISTANT_LOGIN_ATTEMPTS": "0"})


def test_the_user_command_adds_lists_and_removes_accounts_from_standard_input(tmp_path, monkeypatch):
    path = tmp_path / "tai-khoan" / "users.tsv"
    monkeypatch.setenv("ASSISTANT_USERS_FILE", str(path))
    out = io.StringIO()
    assert main(["user", "add", "biên-tập", "--role", "editor"], io.StringIO(EDITOR_PASSWORD + "\n"), out) == 0
    assert main(["user", "add", "docgia"], io.StringIO(READER_PASSWORD + "\n"), out) == 0
    assert "Đã thêm tài khoản «biên-tập» (editor)" in out.getvalue() and "«docgia» (reader)" in out.getvalue()
    assert Accounts(read_accounts(path)).verify("biên-tập", EDITOR_PASSWORD)
    listed = io.StringIO()
    assert main(["user", "list"], io.StringIO(), listed) == 0
    assert listed.getvalue() == "biên-tập\teditor\ndocgia\treader\n" and "argon2" not in listed.getvalue()
    assert main(["user", "remove", "docgia"], io.StringIO(), out) == 0 and list(read_accounts(path)) == ["biên-tập"]


def test_the_user_command_refuses_a_short_password_and_changes_nothing(tmp_path, capsys):
    path = tmp_path / "users.tsv"
    assert main(["user", "add", "docgia", "--file", str(path)], io.StringIO("ngan\n"), io.StringIO()) == 2
    assert "Mật khẩu cần ít nhất 8 ký tự" in capsys.readouterr().err and not path.exists()


def test_an_unwritable_users_file_is_named_not_a_traceback(tmp_path, capsys):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    path = tmp_path / "a-file" / "users.tsv"
    assert main(["user", "add", "docgia", "--file", str(path)], io.StringIO(READER_PASSWORD + "\n"), io.StringIO()) == 2
    assert f"Lỗi: Không ghi được tệp tài khoản «{path}»" in capsys.readouterr().err


def test_waits_grow_after_the_first_failure():
    assert [delay(n) for n in range(1, 10)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]


def test_failures_slow_an_account_then_lock_it_even_for_the_right_password():
    clock = Clock()
    limiter = Limiter(per_account=5, per_address=20, lock_seconds=900, clock=clock)
    assert limiter.attempt("docgia", "10.0.0.1") is None  # 1st failure: try again at once
    assert limiter.attempt("docgia", "10.0.0.1") is None  # 2nd: now wait a second
    slowed = limiter.attempt("docgia", "10.0.0.2")  # another address does not help
    assert slowed and not slowed.locked and slowed.wait == 1 and slowed.message == (
        "Đăng nhập sai nhiều lần: hãy đợi 1 giây rồi thử lại.")
    for wait in (1, 2, 4):  # 3rd, 4th, 5th failures, each after its wait
        clock.now += wait
        assert limiter.attempt("docgia", "10.0.0.1") is None
    clock.now += 30
    locked = limiter.attempt("docgia", "10.0.0.3")  # the 6th attempt, within a minute of the first
    assert locked and locked.locked and locked.wait == 870
    assert locked.message.startswith("Đăng nhập sai quá nhiều lần: tạm khóa đăng nhập khoảng 14 phút.")
    assert limiter.attempt("canbo", "10.0.0.9") is None  # other accounts log in meanwhile
    clock.now += 870
    assert limiter.attempt("docgia", "10.0.0.1") is None  # the lock is over and forgotten


def test_a_success_ends_the_streak_and_a_refused_attempt_does_not_count():
    clock = Clock()
    limiter = Limiter(per_account=3, per_address=20, lock_seconds=600, clock=clock)
    limiter.attempt("docgia", "10.0.0.1")
    limiter.attempt("docgia", "10.0.0.1")
    for _ in range(10):
        assert limiter.attempt("docgia", "10.0.0.1").wait == 1  # refused while waiting, not counted
    clock.now += 1
    assert limiter.attempt("docgia", "10.0.0.1") is None  # the 3rd, and right
    limiter.succeeded("docgia", "10.0.0.1")
    assert limiter.attempt("docgia", "10.0.0.1") is None and limiter.attempt("docgia", "10.0.0.1") is None


def test_one_address_guessing_many_accounts_is_slowed_then_locked():
    clock = Clock()
    limiter = Limiter(per_account=5, per_address=4, lock_seconds=600, clock=clock)
    assert limiter.attempt("a", "10.0.0.1") is None and limiter.attempt("b", "10.0.0.1") is None
    assert limiter.attempt("c", "10.0.0.1").wait == 1  # a new name from the same address waits too
    clock.now += 1
    assert limiter.attempt("c", "10.0.0.1") is None
    clock.now += 2
    assert limiter.attempt("d", "10.0.0.1") is None  # the address's 4th failure
    clock.now += 10
    assert limiter.attempt("e", "10.0.0.1").locked and limiter.attempt("e", "10.0.0.2") is None


def test_parallel_guesses_are_counted_before_their_passwords_are_checked():
    limiter = Limiter(per_account=5, per_address=20, lock_seconds=600, clock=Clock())
    started = [limiter.attempt("docgia", f"10.0.0.{n}") for n in range(10)]  # all at the same instant
    assert started[:2] == [None, None] and all(r and r.wait == 1 for r in started[2:])

