"""Accounts in the running web app: who may add documents, the limit on failed logins, the session cookies."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file

from assistant.accounts import Accounts, Limiter, save_account
from assistant.config import Settings
from assistant.measure import free_port
from assistant.service import Assistant
from assistant.web import build_ui
from assistant.web.access import login_options
from assistant.web.layout import CSS
from tests.conftest import ARTIFACTS
from tests.helpers import EDITOR_PASSWORD, NEW, POWER, READER_PASSWORD, SMALL, Clock

SINGLE = ("canbo", "mat-khau-don-le")
FOREST = "Tỷ lệ che phủ rừng đạt bao nhiêu?"


@dataclass
class Site:
    """A running web app over a small library of its own, and the clock its login limiter reads."""

    url: str
    clock: Clock
    limiter: Limiter
    assistant: Assistant


def start(base: Path, embeddings, users: bool) -> tuple[Site, object]:
    """The real app on a free loopback port: a users file (when `users`) and the single login, a hand-moved clock."""
    (base / "corpus").mkdir()
    (base / "corpus" / "plan.txt").write_text(SMALL, encoding="utf-8")
    users_file = ""
    if users:
        users_file = str(base / "users.tsv")
        save_account(Path(users_file), "docgia", READER_PASSWORD, "reader")
        save_account(Path(users_file), "biên-tập", EDITOR_PASSWORD, "editor")
    settings = Settings(corpus_dir=base / "corpus", index_dir=base / "index", feedback_log=base / "feedback.jsonl",
                        users_file=users_file, auth_user=SINGLE[0], auth_password=SINGLE[1])
    assistant = Assistant.from_settings(settings, embeddings)
    accounts = Accounts.from_settings(settings)
    clock = Clock()
    limiter = Limiter.from_settings(settings, clock)
    demo = build_ui(assistant, accounts)
    port = free_port()
    demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS,
                        **login_options(accounts, limiter))
    return Site(f"http://127.0.0.1:{port}/", clock, limiter, assistant), demo


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, embeddings) -> Iterator[Site]:
    started, demo = start(tmp_path_factory.mktemp("accounts"), embeddings, users=True)
    yield started
    demo.close()


@pytest.fixture(autouse=True)
def forgotten(request: pytest.FixtureRequest) -> None:
    """Each test starts with no failed logins remembered: the clock moves past any lock."""
    if "site" in request.fixturenames:
        found = request.getfixturevalue("site")
        found.clock.now += found.limiter.lock_seconds


def login(site: Site, name: str, password: str) -> httpx.Response:
    return httpx.post(site.url + "login", data={"username": name, "password": password})


def upload(tmp_path: Path) -> str:
    path = tmp_path / "dien-luc.txt"
    path.write_text(NEW, encoding="utf-8")
    return handle_file(str(path))


def test_a_reader_asks_reads_and_exports_but_the_server_refuses_their_upload(site, tmp_path):
    reader = Client(site.url, auth=("docgia", READER_PASSWORD), verbose=False)
    history, *_ = reader.predict(FOREST, api_name="/chat")
    assert "55%" in history[-1]["content"][0]["text"]
    table, *_ = reader.predict("che phu rung", "Tất cả", "", api_name="/targets")
    assert table["data"][0][3] == "55%"
    exported, _ = reader.predict(api_name="/export")
    assert sorted(Path(f).suffix for f in exported) == [".docx", ".md"]
    status, *_ = reader.predict([upload(tmp_path)], api_name="/add_documents")  # the hidden tab's API, called anyway
    assert status.startswith("Lỗi: tài khoản «docgia» chỉ được hỏi, đọc và xuất; chỉ tài khoản biên tập (editor)")
    assert sorted(p.name for p in site.assistant.settings.corpus_dir.iterdir()) == ["plan.txt"]


def test_an_editor_adds_a_document_over_the_web(site, tmp_path):
    editor = Client(site.url, auth=("biên-tập", EDITOR_PASSWORD), verbose=False)
    status, *_ = editor.predict([upload(tmp_path)], api_name="/add_documents")
    assert status.startswith("- «dien-luc.txt»: đã thêm vào kho tài liệu")
    history, *_ = editor.predict(POWER, api_name="/chat")
    assert "99%" in history[-1]["content"][0]["text"]


def test_the_sixth_wrong_password_is_refused_and_so_is_the_right_one_while_locked(site):
    assert login(site, "docgia", "sai-lan-1").status_code == 400
    assert login(site, "docgia", "sai-lan-2").status_code == 400
    slowed = login(site, "docgia", READER_PASSWORD)  # at once: even the right password waits
    assert slowed.status_code == 429 and slowed.headers["retry-after"] == "1"
    assert slowed.json()["detail"] == "Đăng nhập sai nhiều lần: hãy đợi 1 giây rồi thử lại."
    for n, wait in ((3, 1), (4, 2), (5, 4)):  # each after its wait: all within a minute of the first
        site.clock.now += wait
        assert login(site, "docgia", f"sai-lan-{n}").status_code == 400
    site.clock.now += 10
    sixth = login(site, "docgia", "sai-lan-6")
    assert sixth.status_code == 429 and sixth.json()["detail"].startswith("Đăng nhập sai quá nhiều lần: tạm khóa")
    right = login(site, "docgia", READER_PASSWORD)
    assert right.status_code == 429 and "tạm khóa" in right.json()["detail"] and "set-cookie" not in right.headers
    site.clock.now += site.limiter.lock_seconds
    assert login(site, "docgia", READER_PASSWORD).status_code == 200


def test_the_session_cookies_are_http_only_and_same_site(site):
    response = login(site, "docgia", READER_PASSWORD)
    cookies = response.headers.get_list("set-cookie")
    assert response.status_code == 200 and len(cookies) == 2 and all(c.startswith("access-token") for c in cookies)
    for cookie in cookies:
        attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
        assert "httponly" in attributes and "samesite=lax" in attributes and "samesite=none" not in attributes
    user = httpx.get(site.url + "gradio_api/user", cookies=response.cookies)
    assert user.json() == "docgia"


def test_a_malformed_login_is_answered_and_counted_without_a_trace(site):
    broken = httpx.post(site.url + "login", content=b"--x\r\nrac", headers={"content-type": "multipart/form-data; boundary=x"})
    assert broken.status_code in (400, 422) and "Traceback" not in broken.text
    assert login(site, "docgia", READER_PASSWORD).status_code == 200  # one failure from the address: no wait yet


def test_nothing_is_served_without_logging_in(site):
    assert httpx.get(site.url + "config").status_code == 401
    assert httpx.post(site.url + "gradio_api/queue/join", json={}).status_code == 401


def test_the_single_login_settings_still_log_in_as_an_editor(tmp_path, embeddings):
    alone, demo = start(tmp_path, embeddings, users=False)
    try:
        assert login(alone, "docgia", READER_PASSWORD).status_code == 400  # no users file: only the single login
        editor = Client(alone.url, auth=SINGLE, verbose=False)
        status, *_ = editor.predict([upload(tmp_path)], api_name="/add_documents")
        assert status.startswith("- «dien-luc.txt»: đã thêm vào kho tài liệu")
    finally:
        demo.close()


@pytest.mark.slow
@pytest.mark.parametrize("name, password, sees_upload", [("docgia", READER_PASSWORD, False),
                                                        ("biên-tập", EDITOR_PASSWORD, True)])
def test_only_an_editor_sees_the_upload_tab_after_logging_in_in_a_browser(site, browser, name, password, sees_upload):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(site.url)
        page.get_by_label("username").fill(name)
        page.get_by_label("password").fill(password)
        page.get_by_role("button", name="Login").click()
        role = "biên tập: hỏi, đọc, xuất và thêm tài liệu" if sees_upload else "người đọc: hỏi, đọc và xuất"
        page.get_by_text(f"Đăng nhập: {name} ({role})").wait_for()  # the event that shows it also shows the tab or not
        assert page.get_by_role("tab", name="Thêm tài liệu").is_visible() is sees_upload
        page.screenshot(path=str(ARTIFACTS / f"tai-khoan-{'bien-tap' if sees_upload else 'doc-gia'}.png"))
        page.get_by_role("link", name="Đăng xuất").click()
        page.get_by_role("button", name="Login").wait_for()
    finally:
        context.close()
