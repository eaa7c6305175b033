"""The plan reader in a real headless Chromium: contents beside the text, search, citations, a PDF's page."""

import io
import re
import shutil

import pytest
from PIL import Image

from assistant.config import Settings
from assistant.measure import free_port
from assistant.service import Assistant
from tests.conftest import ARTIFACTS, FONT_PATHS, write_pdf
from tests.helpers import PAGES, RESOLUTION, ask

pytestmark = pytest.mark.slow

# Whether an element is inside both the window and the reader's scrolled text box.
IN_VIEW = """([selector, box]) => {
  const el = document.querySelector(selector);
  if (!el) return false;
  const r = el.getBoundingClientRect(), b = document.querySelector(box).getBoundingClientRect();
  return r.height > 0 && r.top >= Math.max(0, b.top) - 1 && r.bottom <= Math.min(innerHeight, b.bottom) + 1;
}"""


def in_view(page, selector: str, box: str = "#toan-van") -> bool:
    return page.evaluate(IN_VIEW, [selector, box])


def wait_in_view(page, selector: str, box: str = "#toan-van") -> None:
    page.wait_for_function(f"({IN_VIEW})({[selector, box]!r})", timeout=10000)


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    opened = context.new_page()
    opened.goto(url)
    opened.get_by_placeholder("Nhập câu hỏi").wait_for()
    return context, opened


@pytest.fixture()
def page(browser, server):
    context, opened = open_page(browser, server)
    yield opened
    context.close()


@pytest.fixture()
def reader(page):
    page.get_by_role("tab", name="Toàn văn kế hoạch").click()
    page.locator("#muc-luc a").first.wait_for()
    return page


def open_first_source(page, question: str) -> str:
    """Ask in the chat, then open the answer's first source in the reader; return the source's label."""
    ask(page, question)
    page.get_by_text("[1]").first.wait_for(timeout=20000)
    page.get_by_label("Mở nguồn trong toàn văn").click()
    option = page.get_by_role("option").first
    label = option.inner_text()
    option.click()
    page.locator("mark#doan-nguon").wait_for(timeout=10000)
    return label


def test_the_contents_sit_beside_the_text_with_titles_and_a_click_brings_the_section_into_view(reader):
    contents = reader.locator("#muc-luc")
    target = contents.get_by_role("link", name="(15) Tỷ lệ che phủ rừng đạt 55%.")
    assert target.is_visible()
    assert contents.get_by_role("link", name=re.compile(r"^2\. Đẩy mạnh cải cách hành chính")).count() == 1
    beside, text = contents.bounding_box(), reader.locator("#toan-van").bounding_box()
    assert beside["x"] + beside["width"] <= text["x"] + 1 and beside["y"] < text["y"] + text["height"]
    section = f"#{target.get_attribute('href')[1:]}"
    assert not in_view(reader, section)
    target.click()
    wait_in_view(reader, section)
    assert "(15) Tỷ lệ che phủ rừng đạt 55%." in reader.locator(section).inner_text()
    reader.screenshot(path=str(ARTIFACTS / "reader.png"))


def test_a_search_marks_the_words_and_brings_the_first_into_view(reader):
    box = reader.get_by_label("Tìm trong kế hoạch")
    box.fill("BHYT")
    box.press("Enter")
    reader.locator("#toan-van mark", has_text="bảo hiểm y tế").first.wait_for(timeout=10000)
    summary = reader.locator("#ket-qua-tim").inner_text()
    count = int(re.search(r"(\d+) mục chứa «BHYT»", summary).group(1))
    assert reader.locator("#ket-qua-tim a").count() == count
    wait_in_view(reader, "#toan-van mark")
    box.fill("nuoc sach")
    box.press("Enter")
    reader.locator("#toan-van mark", has_text="nước sạch").first.wait_for(timeout=10000)
    assert reader.locator("#toan-van mark", has_text="bảo hiểm y tế").count() == 0


def test_opening_a_citation_from_the_chat_highlights_the_passage_and_scrolls_to_it(page):
    label = open_first_source(page, "Những tuyến quốc lộ nào được ưu tiên cải tạo, nâng cấp?")
    assert "đ) Phát triển kết cấu hạ tầng" in label
    assert page.get_by_role("tab", name="Toàn văn kế hoạch").get_attribute("aria-selected") == "true"
    wait_in_view(page, "mark#doan-nguon")
    assert "quốc lộ" in page.locator("mark#doan-nguon").inner_text()
    assert page.locator("#muc-luc li.current").count() >= 3  # I > 3. > 3.1. > đ), in bold
    assert not page.locator("#trang-pdf").is_visible()  # the plan is a .txt: no page image


def test_the_reader_fits_a_phone_sized_screen(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        phone = context.new_page()
        phone.goto(server)
        phone.get_by_placeholder("Nhập câu hỏi").wait_for()
        phone.locator(".overflow-menu > button").click()  # the tabs that do not fit sit in a menu
        phone.locator(".overflow-dropdown button", has_text="Toàn văn kế hoạch").click()
        phone.locator("#muc-luc a", has_text="(15) Tỷ lệ che phủ rừng").wait_for()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 400  # no sideways scrolling
        assert phone.locator("#toan-van h2").first.is_visible()
    finally:
        context.close()


@pytest.fixture(scope="module")
def pdf_server(tmp_path_factory, embeddings):
    """The app over a corpus of a PDF resolution and a short .txt programme."""
    from assistant.web import build_ui
    from assistant.web.layout import CSS

    base = tmp_path_factory.mktemp("reader-pdf")
    corpus = base / "corpus"
    corpus.mkdir()
    write_pdf(corpus / RESOLUTION, PAGES, next(path for path in FONT_PATHS if path.is_file()))
    (corpus / "chuong-trinh.txt").write_text("I. NHIỆM VỤ\n1. Làm đường\nHoàn thành đường liên xã Mường Tè.\n",
                                             encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=base / "index", feedback_log=base / "feedback.jsonl")
    demo = build_ui(Assistant.from_settings(settings, embeddings))
    port = free_port()
    demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    yield f"http://127.0.0.1:{port}/"
    demo.close()
    shutil.rmtree(base, ignore_errors=True)


def yellow_pixels(png: bytes) -> int:
    rgb = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in rgb.getdata() if r > 230 and g > 200 and b < 190)


def test_a_pdf_citation_shows_its_page_with_the_passage_highlighted(browser, pdf_server):
    context, page = open_page(browser, pdf_server)
    try:
        label = open_first_source(page, "Cầu treo bản Nậm Xe hoàn thành khi nào?")
        assert "trang 2" in label and RESOLUTION in label
        image = page.locator("#trang-pdf img")
        image.wait_for(timeout=10000)
        assert f"{RESOLUTION}, trang 2" in page.locator("#trang-pdf").inner_text()
        png = page.request.get(image.get_attribute("src")).body()
        assert yellow_pixels(png) > 500
        wait_in_view(page, "mark#doan-nguon")
        assert page.locator("#tai-lieu-doc input").input_value() == RESOLUTION
        page.screenshot(path=str(ARTIFACTS / "pdf-page.png"))

        page.locator("#tai-lieu-doc input").click()  # the other document, from the list
        page.get_by_role("option", name="chuong-trinh.txt").click()
        page.locator("#muc-luc a", has_text="1. Làm đường").wait_for(timeout=10000)
        assert "Mường Tè" in page.locator("#toan-van").inner_text()
        assert not page.locator("#trang-pdf").is_visible()
    finally:
        context.close()
