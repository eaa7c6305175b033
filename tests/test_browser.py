"""The web app in a real headless Chromium (Debian's, driven by Playwright): what a person sees and clicks."""

import pytest

from tests.conftest import ARTIFACTS
from tests.helpers import ask

pytestmark = pytest.mark.slow


def test_ask_see_the_answer_with_citations_and_open_the_source_in_the_plan(page):
    ask(page, "Tỷ lệ che phủ rừng đạt bao nhiêu?")
    answer = page.locator(".message.bot, [data-testid='bot']").last
    page.get_by_text("«Tỷ lệ che phủ rừng»: 55% [1]").wait_for(timeout=15000)
    footnote = page.locator("summary", has_text="[1] I > 2. Các chỉ tiêu chủ yếu > 2.3. Về môi trường > (15)").last
    footnote.click()
    assert page.locator("details[open] b", has_text="Tỷ lệ che phủ rừng đạt 55%").last.is_visible()
    assert "tìm kiếm" in answer.inner_text() or page.get_by_text("Thời gian: tìm kiếm").last.is_visible()
    page.screenshot(path=str(ARTIFACTS / "hoi-dap.png"), full_page=True)

    page.get_by_label("Mở nguồn trong toàn văn").click()
    page.get_by_role("option", name="[1] I > 2. Các chỉ tiêu chủ yếu > 2.3. Về môi trường > (15)").click()
    highlighted = page.locator("mark#doan-nguon")
    highlighted.wait_for(timeout=10000)
    assert "Tỷ lệ che phủ rừng đạt 55%" in highlighted.inner_text()
    assert page.get_by_role("tab", name="Toàn văn kế hoạch").get_attribute("aria-selected") == "true"
    page.screenshot(path=str(ARTIFACTS / "toan-van.png"), full_page=True)


def test_a_follow_up_in_the_browser(page):
    ask(page, "Tỷ lệ chất thải rắn sinh hoạt đô thị được xử lý là bao nhiêu?")
    page.get_by_text("95% [1]").first.wait_for(timeout=15000)
    ask(page, "còn nông thôn thì sao?")
    page.get_by_text("90% [1]").first.wait_for(timeout=15000)
    assert page.get_by_text("Hiểu câu hỏi là:").count() == 1


def test_filter_the_target_table(page):
    page.get_by_role("tab", name="Tra cứu chỉ tiêu").click()
    search = page.get_by_label("Tìm chỉ tiêu")
    search.fill("bảo hiểm y tế")
    search.press("Enter")
    cell = page.locator("text=96,01% >> visible=true").first
    cell.wait_for(timeout=10000)
    assert page.locator("text=Tỷ lệ che phủ rừng >> visible=true").count() == 0
    cell.click()
    page.get_by_text("Nguồn:").first.wait_for(timeout=10000)
    page.screenshot(path=str(ARTIFACTS / "tra-cuu-chi-tieu.png"), full_page=True)


def test_html_typed_into_the_chat_is_shown_as_text_not_run(page):
    ask(page, "<img src=x onerror=\"window.hacked=1\"><script>window.hacked=2</script> che phủ rừng?")
    page.get_by_text("Thời gian: tìm kiếm").first.wait_for(timeout=15000)  # the answer, whatever it says
    assert page.evaluate("window.hacked") is None
    assert page.get_by_text("<img src=x", exact=False).count() >= 1  # the typed text, shown as text


def test_usable_on_a_phone_sized_screen(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(server)
    ask(phone, "Dân số năm 2030 là bao nhiêu?")
    phone.get_by_text("530 nghìn người").first.wait_for(timeout=15000)
    width = phone.evaluate("document.documentElement.scrollWidth")
    phone.screenshot(path=str(ARTIFACTS / "dien-thoai.png"), full_page=True)
    context.close()
    assert width <= 400  # nothing forces sideways scrolling
