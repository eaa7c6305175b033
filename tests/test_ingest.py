from pathlib import Path

import pytest

from assistant.documents.corpus import add_document, load_corpus
from assistant.documents.ingest import (
    MAX_DOCUMENT_BYTES,
    legacy_encoding,
    load_document,
    megabytes,
)
from assistant.errors import AssistantError
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
    with pytest.raises(AssistantError, match="Tệp «gia.pdf» có đuôi .pdf nhưng không phải PDF"):
        load_document(path)


def test_an_encrypted_pdf_gets_a_clear_message(tmp_path: Path, font: Path):
    pdf = write_pdf(tmp_path / "mat-khau.pdf", [["Bí mật"]], font, password="123")
    with pytest.raises(AssistantError, match="mật khẩu"):
        load_document(pdf)


def test_an_empty_corpus_folder_is_reported(tmp_path: Path):
    with pytest.raises(AssistantError, match="không có tệp .txt hoặc .pdf"):
        load_corpus(tmp_path)


def test_a_pdf_cut_anywhere_is_refused_never_read_in_part(tmp_path: Path, font: Path):
    whole = write_pdf(tmp_path / "day-du.pdf", [[f"Trang {n}: Tỷ lệ che phủ rừng đạt {50 + n}%."] for n in range(1, 6)], font)
    data = whole.read_bytes()
    cut = tmp_path / "cat.pdf"
    for share in range(5, 100, 5):
        cut.write_bytes(data[: len(data) * share // 100])
        with pytest.raises(AssistantError, match="«cat.pdf» bị cắt cụt"):
            load_document(cut)


def test_padding_after_the_end_marker_is_no_truncation(tmp_path: Path, font: Path):
    pdf = write_pdf(tmp_path / "dem.pdf", [["Tỷ lệ che phủ rừng đạt 60%."]], font)
    pdf.write_bytes(pdf.read_bytes() + b"\r\n\x00\x00\n")
    assert load_document(pdf).paragraphs[0].text == "Tỷ lệ che phủ rừng đạt 60%."


def test_a_pdf_locked_only_against_editing_is_read(tmp_path: Path, font: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.cell(0, 7, "Tỷ lệ che phủ rừng đạt 60%.")
    pdf.set_encryption(owner_password="chu-so-huu", user_password="")  # opens without a password
    pdf.output(str(tmp_path / "khoa-sua.pdf"))
    assert load_document(tmp_path / "khoa-sua.pdf").text == "Tỷ lệ che phủ rừng đạt 60%."


def test_utf16_text_with_its_byte_order_mark_is_read(tmp_path: Path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("Tỷ lệ che phủ rừng đạt 55%.".encode("utf-16"))  # Notepad's «Unicode»
    assert load_document(path).text == "Tỷ lệ che phủ rừng đạt 55%."


def test_a_pdf_renamed_txt_is_told_to_take_its_suffix_back(tmp_path: Path, font: Path):
    path = tmp_path / "nham.txt"
    path.write_bytes(write_pdf(tmp_path / "a.pdf", [["Dân số"]], font).read_bytes())
    with pytest.raises(AssistantError, match=r"«nham.txt» có đuôi .txt nhưng thực ra là tệp PDF. Hãy đổi đuôi tệp thành .pdf."):
        load_document(path)


def test_legacy_glyphs_are_told_from_real_vietnamese_and_foreign_names():
    assert legacy_encoding("Céng hßa x· héi chñ nghÜa ViÖt Nam")  # TCVN3 (ABC) read as Windows-1252
    assert legacy_encoding("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")  # VNI read as Windows-1252
    assert not legacy_encoding(PLAN.read_text(encoding="utf-8"))
    assert not legacy_encoding("Hợp tác với Đức (Müller, Straße) và Pháp (Société Générale) đạt 25°C, 3 km²")


def test_a_corpus_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Tỷ lệ che phủ rừng đạt 55%.", encoding="utf-8")
    with open(tmp_path / "lon.txt", "wb") as f:
        f.truncate(MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(AssistantError, match=r"Tệp «lon.txt» nặng 50 MB, vượt giới hạn 50 MB"):
        load_corpus(tmp_path)
    assert megabytes(200 * 1024 * 1024) == "200 MB" and megabytes(int(50.5 * 1024 * 1024)) == "50,5 MB"


def test_add_document_copies_the_exact_bytes_and_leaves_no_staging(tmp_path: Path, font: Path):
    corpus = tmp_path / "corpus"
    source = write_pdf(tmp_path / "moi.pdf", [["Tỷ lệ che phủ rừng đạt 60%."]], font)
    target = add_document(source, corpus)
    assert target == corpus / "moi.pdf" and target.read_bytes() == source.read_bytes()
    assert [p.name for p in corpus.iterdir()] == ["moi.pdf"]
    assert add_document(source, corpus) == target  # the same bytes again: nothing to do


def test_add_document_never_overwrites_and_a_bad_file_leaves_nothing_behind(tmp_path: Path, font: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ke-hoach.txt").write_text("Bản cũ: Tỷ lệ che phủ rừng đạt 55%.", encoding="utf-8")
    other = tmp_path / "ke-hoach.txt"
    other.write_text("Bản khác: Tỷ lệ che phủ rừng đạt 60%.", encoding="utf-8")
    with pytest.raises(AssistantError, match="Kho tài liệu đã có một tệp khác tên «ke-hoach.txt». Không ghi đè"):
        add_document(other, corpus)
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(write_pdf(tmp_path / "x.pdf", [["Dân số"]], font).read_bytes()[:500])
    with pytest.raises(AssistantError, match="bị cắt cụt"):
        add_document(broken, corpus)
    assert [p.name for p in corpus.iterdir()] == ["ke-hoach.txt"]
    assert (corpus / "ke-hoach.txt").read_text(encoding="utf-8").startswith("Bản cũ")
