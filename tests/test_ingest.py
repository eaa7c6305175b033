from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.ingest import load_corpus, load_document
from tests.conftest import PLAN, write_pdf


def test_the_plans_text_is_cleaned_of_its_artefacts():
    document = load_document(PLAN)
    text = document.text
    assert "rà soát các dự án phát điện" in text  # the stray page number "4" is gone
    assert "nhà ở xã hội xã hội" not in text
    assert "quyết khiếu nại, tố cáo" in text  # the NFD line is NFC now
    assert document.paragraphs[0].text == "I. MỤC TIÊU TỔNG QUÁT VÀ CÁC CHỈ TIÊU CHỦ YẾU"


def test_a_multi_page_vietnamese_pdf_keeps_its_page_numbers(tmp_path: Path, font: Path):
    pdf = write_pdf(
        tmp_path / "nghi-quyet.pdf",
        [
            ["I. MỤC TIÊU", "1. Chỉ tiêu chủ yếu", "(1) Tỷ lệ che phủ rừng đạt 60%."],
            ["(2) Dân số đến năm 2030 đạt trên 600 nghìn", "người."],
            ["(3) Tỷ lệ hộ nghèo giảm bình quân 4%/năm."],
        ],
        font,
    )
    document = load_document(pdf)
    pages = {p.text: p.page for p in document.paragraphs}
    assert pages["(1) Tỷ lệ che phủ rừng đạt 60%."] == 1
    assert pages["(2) Dân số đến năm 2030 đạt trên 600 nghìn người."] == 2
    assert pages["(3) Tỷ lệ hộ nghèo giảm bình quân 4%/năm."] == 3
    assert all(p.text not in {"1", "2", "3"} for p in document.paragraphs)  # footers dropped


def test_corpus_reads_txt_and_pdf_and_ignores_other_files(tmp_path: Path, font: Path):
    (tmp_path / "a.txt").write_text("Tỷ lệ che phủ rừng đạt 55%.", encoding="utf-8")
    write_pdf(tmp_path / "b.pdf", [["Dân số đạt 530 nghìn người."]], font)
    (tmp_path / "notes.docx").write_bytes(b"ignored")
    assert [d.name for d in load_corpus(tmp_path)] == ["a.txt", "b.pdf"]


def test_a_legacy_encoding_text_file_gets_a_clear_message(tmp_path: Path):
    path = tmp_path / "cu.txt"
    path.write_bytes("Dân số tỉnh Lai Châu".encode("cp1258", errors="replace"))  # Windows-1258
    with pytest.raises(AssistantError, match="UTF-8"):
        load_document(path)


def test_a_non_pdf_renamed_pdf_gets_a_clear_message(tmp_path: Path):
    path = tmp_path / "gia.pdf"
    path.write_text("đây không phải PDF", encoding="utf-8")
    with pytest.raises(AssistantError, match="Không đọc được tệp PDF «gia.pdf»"):
        load_document(path)


def test_an_encrypted_pdf_gets_a_clear_message(tmp_path: Path, font: Path):
    pdf = write_pdf(tmp_path / "mat-khau.pdf", [["Bí mật"]], font, password="123")
    with pytest.raises(AssistantError, match="mật khẩu"):
        load_document(pdf)


def test_an_empty_corpus_folder_is_reported(tmp_path: Path):
    with pytest.raises(AssistantError, match="không có tệp .txt hoặc .pdf"):
        load_corpus(tmp_path)
