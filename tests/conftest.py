"""Shared fixtures: a temp copy of the real plan, one index built per session, PDF making."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import Settings, prepare_environment

prepare_environment()

from assistant.measure import free_port  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.store.embeddings import E5Embeddings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "corpus" / "ke-hoach-ktxh-lai-chau-2026-2030.txt"
REPORTS = ROOT / "tests" / "data" / "reports"  # yearly reports written for the tests, with their expected links
REPORT_FILES = ("bao-cao-ktxh-2026.txt", "bao-cao-ktxh-2027.pdf", "bao-cao-ktxh-2028.txt", "van-ban-khac.txt")
FONT_PATHS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
]


@pytest.fixture(scope="session")
def embeddings() -> E5Embeddings:
    return E5Embeddings()


@pytest.fixture(scope="session")
def plan_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over a temp copy of the real plan, with a temp index folder."""
    base = tmp_path_factory.mktemp("plan")
    (base / "corpus").mkdir()
    shutil.copy(PLAN, base / "corpus" / PLAN.name)
    return Settings(corpus_dir=base / "corpus", index_dir=base / "index", feedback_log=base / "feedback" / "feedback.jsonl")


@pytest.fixture(scope="session")
def monitored(tmp_path_factory: pytest.TempPathFactory, embeddings: E5Embeddings) -> Assistant:
    """The assistant over the plan (the main document), three yearly reports and a resolution (tests/data/reports)."""
    base = tmp_path_factory.mktemp("monitored")
    (base / "corpus").mkdir()
    for source in (PLAN, *(REPORTS / name for name in REPORT_FILES)):
        shutil.copy(source, base / "corpus" / source.name)
    settings = Settings(corpus_dir=base / "corpus", index_dir=base / "index", main_document=PLAN.name,
                        feedback_log=base / "feedback.jsonl")
    return Assistant.from_settings(settings, embeddings)


@pytest.fixture(scope="session")
def assistant(plan_settings: Settings, embeddings: E5Embeddings) -> Assistant:
    """The assistant over the real plan; its index is built once for the whole session."""
    return Assistant.from_settings(plan_settings, embeddings)


@pytest.fixture()
def font() -> Path:
    """A TrueType font with Vietnamese glyphs (Debian's fonts-dejavu-core)."""
    for path in FONT_PATHS:
        if path.is_file():
            return path
    pytest.fail("Cần phông DejaVuSans (gói Debian fonts-dejavu-core) để tạo PDF tiếng Việt cho kiểm thử.")


def write_pdf(path: Path, pages: list[list[str]], font: Path, password: str | None = None) -> Path:
    """Write a real PDF with one page per list of lines, each page ending with its page number."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", size=11)
    pdf.set_auto_page_break(auto=False)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 7, str(number), align="C")
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def server(assistant):
    """The real web app for the session's assistant, served on a free loopback port."""
    from assistant.web import build_ui
    from assistant.web.layout import CSS

    demo = build_ui(assistant)
    port = free_port()
    demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    yield f"http://127.0.0.1:{port}/"
    demo.close()


CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (one per module of browser tests)."""
    if not CHROMIUM.exists():
        pytest.fail("Cần Chromium của Debian (/usr/bin/chromium): chạy: bash scripts/system_packages.sh (make test tự chạy).")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser, server):
    """A fresh browser context (its own storage) on the session's web app."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    opened = context.new_page()
    opened.goto(server)
    opened.get_by_placeholder("Nhập câu hỏi").wait_for()
    yield opened
    context.close()


# Fixtures that load the embedding model, build an index or drive a browser: a test asking for none of them,
# and not marked `slow` or `builds`, is marked `fast` (`make test-fast`).
HEAVY_FIXTURES = {"embeddings", "assistant", "plan_settings", "server", "browser", "page", "monitored"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        heavy = HEAVY_FIXTURES & set(getattr(item, "fixturenames", ()))
        if not heavy and "slow" not in item.keywords and "builds" not in item.keywords:
            item.add_marker(pytest.mark.fast)
