"""The web app's «Thêm tài liệu» handler, the conversation kept in the browser, and its export."""

import threading
from datetime import datetime
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.export import export_files, to_markdown
from assistant.service import Assistant
from assistant.store.embedcache import forget
from assistant.understanding.conversation import Source, Turn
from assistant.web.chat import respond
from assistant.web.library import add_documents
from assistant.web.session import KEPT, export_conversation, restored, saved
from tests.helpers import NEW, POWER, SMALL, Gated, bad_document


@pytest.fixture()
def small(tmp_path: Path, embeddings) -> Assistant:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(SMALL, encoding="utf-8")
    return Assistant.from_settings(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), Gated(embeddings))


def upload(tmp_path: Path, name: str, text: str) -> str:
    folder = tmp_path / "upload"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder / name)


def test_an_uploaded_document_is_added_indexed_and_answered_from(small, tmp_path):
    seen = []
    message = add_documents(small, [upload(tmp_path, "dien-luc.txt", NEW)], seen.append)
    assert message.startswith("- «dien-luc.txt»: đã thêm vào kho tài liệu") and "Chỉ mục sẵn sàng: 2 tài liệu" in message
    assert seen[-1].stage == "done" and (small.settings.corpus_dir / "dien-luc.txt").is_file()
    assert "99%" in small.ask(POWER).answer.text


def test_an_upload_s_kind_is_read_from_its_text_or_set_by_hand_and_said(small, tmp_path):
    report = ("Số: 415/BC-UBND ngày 05 tháng 12 năm 2026\nBÁO CÁO\nTình hình thực hiện kế hoạch năm 2026\n"
              "I. KẾT QUẢ\nTỷ lệ hộ dân dùng điện lưới ước đạt 97,5%, đạt kế hoạch.")
    message = add_documents(small, [upload(tmp_path, "bao-cao-2026.txt", report)])
    assert "«bao-cao-2026.txt»: đã thêm vào kho tài liệu (3 đoạn; loại: báo cáo năm)" in message
    message = add_documents(small, [upload(tmp_path, "ghi-chu.txt", "Ghi chú: điện lưới 99%.")], kind="report")
    assert "(1 đoạn; loại: báo cáo năm)" in message
    assert {t.document for t in small.targets.targets} == {"plan.txt"}  # a report's figures are never the plan's targets


@pytest.mark.parametrize("kind", ["scanned pdf", "tcvn3 txt", "unsupported", "hidden name"])
def test_a_bad_upload_gets_the_clis_message_and_changes_nothing(kind, small, tmp_path, font):
    path, expected = bad_document(kind, tmp_path, font)
    before = sorted(p.name for p in small.settings.corpus_dir.iterdir())
    assert add_documents(small, [str(path)]).startswith(f"Lỗi: {expected}")
    assert sorted(p.name for p in small.settings.corpus_dir.iterdir()) == before and small.index.documents == ["plan.txt"]
    assert add_documents(small, None) == "Lỗi: chưa chọn tệp nào. Hãy chọn một hay nhiều tệp .pdf hoặc .txt."


def test_questions_are_answered_from_the_old_index_while_the_new_one_is_built(small, tmp_path):
    forget()  # the new document's vectors must be made now, not found in memory from another test
    gated = small.index.vectors.embeddings
    gated.gate.clear()
    gated.waiting.clear()
    adding = threading.Thread(target=add_documents, args=(small, [upload(tmp_path, "dien-luc.txt", NEW)]))
    adding.start()
    try:
        assert gated.waiting.wait(60)  # the build is embedding the new document now
        answer = small.ask("Tỷ lệ che phủ rừng đạt bao nhiêu?").answer
        assert "55%" in answer.text and small.index.documents == ["plan.txt"]
        assert small.ask(POWER).answer.refused  # not yet: the new document's index is not complete
    finally:
        gated.gate.set()
        adding.join(60)
    assert small.index.documents == ["dien-luc.txt", "plan.txt"] and "99%" in small.ask(POWER).answer.text


def test_the_browser_keeps_the_last_turns_and_ignores_what_it_cannot_read():
    turns = [{**Turn(f"hỏi {n}", f"đáp {n}").to_dict(), "shown": f"<b>đáp</b> {n}"} for n in range(KEPT + 5)]
    kept = saved(turns)
    assert len(kept["turns"]) == KEPT and kept["turns"][0]["asked"] == "hỏi 5"
    shown, back = restored(kept)
    assert back == kept["turns"] and len(shown) == 2 * KEPT
    assert shown[:2] == [{"role": "user", "content": "hỏi 5"}, {"role": "assistant", "content": "<b>đáp</b> 5"}]
    assert restored(None) == ([], []) and restored({"turns": "garbled"}) == ([], []) and restored([1]) == ([], [])
    garbled = [{"asked": 3}, {"answer": "no question"}, "text", {**turns[0], "sources": [{"number": "x"}]}]
    assert restored({"turns": [*garbled, turns[-1]]}) == (shown[-2:], [turns[-1]])


def test_the_conversation_exports_as_markdown_and_word_with_its_sources(assistant, tmp_path):
    from docx import Document

    _, _, turns = respond(assistant, "Tỷ lệ che phủ rừng đạt bao nhiêu?", [])
    _, _, turns = respond(assistant, "Dân số đến năm 2030 đạt bao nhiêu?", turns)
    markdown, word = export_conversation(turns, tmp_path / "xuat")
    text = markdown.read_text(encoding="utf-8")
    assert "## Câu hỏi 1: Tỷ lệ che phủ rừng đạt bao nhiêu?" in text and "## Câu hỏi 2: Dân số" in text
    assert "1. I > 2. Các chỉ tiêu chủ yếu > 2.3. Về môi trường > (15)" in text and "«Tỷ lệ che phủ rừng đạt 55%»" in text
    paragraphs = [p.text for p in Document(str(word)).paragraphs]
    assert "Câu hỏi 1: Tỷ lệ che phủ rừng đạt bao nhiêu?" in paragraphs and "Nguồn:" in paragraphs
    assert any(p.startswith("[1] I > 2. Các chỉ tiêu chủ yếu > 2.3. Về môi trường > (15)") and "«Tỷ lệ che phủ rừng đạt 55%»" in p
               for p in paragraphs)
    with pytest.raises(AssistantError, match="Chưa có câu hỏi nào để xuất"):
        export_conversation([], tmp_path)


def test_the_export_writes_what_it_is_given_exactly(tmp_path):
    exchange = Turn("Hỏi <b>?", "Đáp [1]\ndòng hai", (Source(1, "I > (1) — a.txt", "a.txt#1", "trích"),))
    when = datetime(2026, 11, 29, 9, 5)
    assert to_markdown([exchange], when) == (
        "# Hỏi đáp về kế hoạch — xuất lúc 09:05 ngày 29/11/2026\n\n## Câu hỏi 1: Hỏi <b>?\n\nĐáp [1]\ndòng hai\n\n"
        "**Nguồn:**\n\n1. I > (1) — a.txt — «trích»\n")
    markdown, word = export_files([exchange], tmp_path, when)
    assert markdown.name == "hoi-dap-20261129-090500.md" and word.suffix == ".docx" and word.stat().st_size > 0
