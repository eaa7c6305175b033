"""In a real browser: the conversation survives a reload, travels as Markdown and Word, documents are added."""

import unicodedata
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.measure import free_port
from assistant.service import Assistant
from assistant.store.embedcache import forget
from tests.conftest import ARTIFACTS
from tests.helpers import NEW, POWER, SMALL, Gated, ask

pytestmark = pytest.mark.slow


def answer_shown(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=20000)


def test_the_conversation_survives_a_reload_and_follow_ups_still_point_back(page):
    ask(page, "Tỷ lệ chất thải rắn sinh hoạt đô thị được xử lý là bao nhiêu?")
    answer_shown(page, "95% [1]")
    page.wait_for_timeout(500)  # the browser writes its store after the answer
    page.reload()
    page.get_by_placeholder("Nhập câu hỏi").wait_for()
    answer_shown(page, "95% [1]")
    ask(page, "còn nông thôn thì sao?")
    answer_shown(page, "90% [1]")
    page.get_by_role("button", name="Cuộc trò chuyện mới").click()
    page.wait_for_timeout(500)
    page.reload()
    page.get_by_placeholder("Nhập câu hỏi").wait_for()
    page.wait_for_timeout(1000)
    assert page.get_by_text("95% [1]").count() == 0


def test_xuat_gives_markdown_and_word_files_with_the_sources(page, tmp_path):
    from docx import Document

    ask(page, "Tỷ lệ che phủ rừng đạt bao nhiêu?")
    answer_shown(page, "Thời gian: tìm kiếm")
    page.get_by_role("button", name="Xuất (Markdown và Word)").click()
    link = page.locator("a[download$='.docx']").first
    link.wait_for(timeout=15000)
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "hoi-dap.docx"
    download.value.save_as(saved)
    text = "\n".join(p.text for p in Document(str(saved)).paragraphs)
    assert "Câu hỏi 1: Tỷ lệ che phủ rừng đạt bao nhiêu?" in text and "«Tỷ lệ che phủ rừng đạt 55%»" in text
    assert page.locator("a[download$='.md']").count() == 1
    page.screenshot(path=str(ARTIFACTS / "xuat.png"), full_page=True)


def test_no_glyph_needs_an_emoji_font(page):
    ask(page, "Tỷ lệ che phủ rừng đạt bao nhiêu?")
    answer_shown(page, "Thời gian: tìm kiếm")
    shown = page.locator("body").inner_text()
    assert not [c for c in set(shown) if not has_glyph(c)]  # every character is drawn by a plain DejaVu font


def has_glyph(character: str) -> bool:
    """Whether DejaVu Sans (the fonts the system-packages script installs) draws `character`."""
    from PIL import ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 24)
    if unicodedata.category(character).startswith(("Z", "C")):  # spaces and controls draw nothing
        return True
    missing = font.getmask(chr(0xE000))  # a private-use character: the font's «missing glyph» box
    drawn = font.getmask(character)
    return drawn.size != missing.size or bytes(drawn) != bytes(missing)


@pytest.fixture()
def small_app(tmp_path: Path, embeddings):
    """A web app over a one-document corpus of its own, whose builds wait at a gate."""
    from assistant.web import build_ui
    from assistant.web.layout import CSS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(SMALL, encoding="utf-8")
    assistant = Assistant.from_settings(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), Gated(embeddings))
    demo = build_ui(assistant)
    port = free_port()
    demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
    yield assistant, f"http://127.0.0.1:{port}/"
    assistant.index.vectors.embeddings.gate.set()
    demo.close()


def test_documents_added_in_the_web_app_while_questions_are_answered(browser, small_app, tmp_path):
    assistant, url = small_app
    gated = assistant.index.vectors.embeddings
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.get_by_role("tab", name="Thêm tài liệu").click()
    bad = tmp_path / "ke-hoach.docx"
    bad.write_bytes(b"PK\x03\x04 not really")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Thêm vào kho tài liệu").click()
    answer_shown(page, "Lỗi: Không hỗ trợ tệp «ke-hoach.docx». Chỉ nhận tệp .txt hoặc .pdf.")
    assert sorted(p.name for p in assistant.settings.corpus_dir.iterdir()) == ["plan.txt"]

    good = tmp_path / "dien-luc.txt"
    good.write_text(NEW, encoding="utf-8")
    forget()  # the new document's vectors must be made now, not found in memory from another test
    gated.gate.clear()
    gated.waiting.clear()
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Thêm vào kho tài liệu").click()
    assert gated.waiting.wait(60)  # the new index is being built
    page.screenshot(path=str(ARTIFACTS / "them-tai-lieu.png"), full_page=True)
    page.get_by_role("tab", name="Hỏi đáp").click()
    ask(page, "Tỷ lệ che phủ rừng đạt bao nhiêu?")
    answer_shown(page, "55%")  # answered from the old index meanwhile
    gated.gate.set()
    page.get_by_role("tab", name="Thêm tài liệu").click()
    answer_shown(page, "«dien-luc.txt»: đã thêm vào kho tài liệu")
    page.get_by_role("tab", name="Hỏi đáp").click()
    ask(page, POWER)
    answer_shown(page, "99%")
    context.close()


def test_with_a_chat_model_the_browser_never_shows_an_unchecked_sentence(browser, assistant):
    from assistant.web import build_ui
    from assistant.web.layout import CSS
    from tests.fake_llm import FakeChatServer, Reply
    from tests.helpers import forest, with_llm

    reply = Reply(lambda r: f"Theo kế hoạch, tỷ lệ che phủ rừng đạt 55% [{forest(r)}]. Sau đó sẽ lên 70% [{forest(r)}].",
                  pause=0.15)  # streamed slowly, word by word, so the browser sees every step
    with FakeChatServer([reply]) as server:
        demo = build_ui(with_llm(assistant, server, timeout=30.0))
        port = free_port()
        demo.queue().launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, css=CSS)
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        try:
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_placeholder("Nhập câu hỏi").wait_for()
            # Every text the chat ever shows is recorded, however briefly it stays on screen.
            page.evaluate("""() => { window.seen = [];
                new MutationObserver(() => document.querySelectorAll('.message.bot, [data-testid=bot]')
                    .forEach(m => window.seen.push(m.innerText))).observe(document.body,
                    {subtree: true, childList: true, characterData: true}); }""")
            ask(page, "Tỷ lệ che phủ rừng đạt bao nhiêu?")
            answer_shown(page, "nguồn: mô hình ngôn ngữ")
            seen = page.evaluate("window.seen")
        finally:
            context.close()
            demo.close()
    assert any("«Tỷ lệ che phủ rừng»: 55% [1]" in text for text in seen)  # the quoted answer first
    assert any("đang viết lại" in text and "tỷ lệ che phủ rừng đạt 55% [1]." in text for text in seen)
    assert not any("70%" in text for text in seen)
