"""The plan reader: contents with titles, the text under its headings, search marks, the cited passage."""

import re
from pathlib import Path

import pytest

from assistant.documents.chunking import chunk_document
from assistant.documents.ingest import load_document
from assistant.documents.outline import outline_document
from assistant.web.reader import CITED, anchor, read
from tests.conftest import write_pdf

RESOLUTION = """I. MỤC TIÊU
1. Mục tiêu chung
Phát triển du lịch cộng đồng <b>gắn với</b> bảo vệ rừng & nguồn nước <script>alert(1)</script>.
2. Các chỉ tiêu
(1) Tỷ lệ dân số tham gia bảo hiểm y tế đạt 95%.
(2) Tỷ lệ dân số nông thôn được dùng nước sạch đạt 90%.
II. GIẢI PHÁP
1. Đẩy mạnh cải cách hành chính. Rút ngắn thời gian giải quyết hồ sơ.
2. Mở lớp dạy nghề dệt thổ cẩm cho phụ nữ vùng biên giới.
"""
PROGRAMME = """I. NHIỆM VỤ
1. Làm đường
Hoàn thành cầu treo bản Nậm Xe trước mùa mưa.
"""


def _index(*files: Path) -> tuple[list, list]:
    chunks, sections = [], []
    for path in files:
        document = load_document(path)
        chunks += chunk_document(document)
        sections += outline_document(document)
    return chunks, sections


@pytest.fixture()
def small(tmp_path) -> tuple[list, list]:
    """Two short documents, chunked and outlined as the index does it."""
    (tmp_path / "nghi-quyet.txt").write_text(RESOLUTION, encoding="utf-8")
    (tmp_path / "chuong-trinh.txt").write_text(PROGRAMME, encoding="utf-8")
    return _index(tmp_path / "nghi-quyet.txt", tmp_path / "chuong-trinh.txt")


def toc_entries(toc: str) -> list[tuple[str, str]]:
    """(target id, label) of every link in the contents."""
    return re.findall(r'<a href="#([^"]+)"[^>]*>([^<]*)</a>', toc)


def test_the_contents_list_every_heading_with_its_title_and_each_link_lands_in_the_text(small):
    shown = read(*small)
    entries = toc_entries(shown.toc)
    assert [label for _, label in entries] == [
        "I. MỤC TIÊU", "1. Mục tiêu chung", "2. Các chỉ tiêu",
        "(1) Tỷ lệ dân số tham gia bảo hiểm y tế đạt 95%.", "(2) Tỷ lệ dân số nông thôn được dùng nước sạch đạt 90%.",
        "II. GIẢI PHÁP", "1. Đẩy mạnh cải cách hành chính.", "2. Mở lớp dạy nghề dệt thổ cẩm cho phụ nữ vùng biên giới."]
    for target, _ in entries:
        assert f'id="{target}"' in shown.text
    assert shown.toc.count("<ul>") == 4  # nested: I → 1., 2. → (1), (2); II → 1., 2.


def test_the_text_reads_as_headings_and_paragraphs(small):
    text = read(*small).text
    assert "<h2>I. MỤC TIÊU</h2>" in text and "<h3>1. Mục tiêu chung</h3>" in text
    assert '<p><strong class="so">(2)</strong> Tỷ lệ dân số nông thôn được dùng nước sạch đạt 90%.</p>' in text
    assert text.index("<h2>II. GIẢI PHÁP</h2>") > text.index("đạt 90%")  # in the document's order


def test_document_text_and_a_typed_query_are_escaped(small):
    shown = read(*small, query='<img src=x onerror="alert(1)"> du lịch')
    assert "<script>" not in shown.text and "<b>" not in shown.text and "<img" not in shown.found
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.text and "&lt;b&gt;gắn với&lt;/b&gt;" in shown.text
    assert "&amp; nguồn nước" in shown.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; du lịch" in shown.found


def test_a_search_marks_its_words_and_lists_the_sections_that_hold_them(small):
    shown = read(*small, query="BHYT")
    assert "1 mục chứa «BHYT»" in shown.found
    assert re.findall(r"<mark>([^<]*)</mark>", shown.text) == ["bảo hiểm y tế"]
    target, label = toc_entries(shown.found)[0]
    assert label.startswith("(1) Tỷ lệ dân số tham gia") and f'id="{target}"' in shown.text
    plain = read(*small, query="nuoc sach")
    assert re.findall(r"<mark>([^<]*)</mark>", plain.text) == ["nước sạch"]
    assert read(*small, query="tàu vũ trụ").found.endswith("<p>Không có mục nào chứa «tàu vũ trụ».</p></div>")
    assert "<mark>" not in read(*small, query="tàu vũ trụ").text


def test_a_cited_passage_is_highlighted_once_with_the_id_the_page_scrolls_to(small):
    chunks, sections = small
    cited = next(c for c in chunks if "nước sạch" in c.text)
    shown = read(chunks, sections, highlight=cited.id)
    assert shown.text.count(f'id="{CITED}"') == 1
    marked = re.search(rf'<div class="doan cited" id="{anchor(cited.id)}"><p><mark class="cited" id="{CITED}" '
                       rf'data-chunk="([^"]+)">(.*?)</mark></p></div>', shown.text)
    assert marked and marked.group(1) == cited.id and "được dùng nước sạch đạt 90%." in marked.group(2)
    assert re.search(r'<li class="current"><a [^>]*>2\. Các chỉ tiêu</a>', shown.toc)  # where it sits, in bold


def test_one_reader_per_document_the_first_by_default_the_cited_one_when_a_passage_is_opened(small):
    chunks, sections = small
    assert read(chunks, sections).document == "nghi-quyet.txt"
    other = read(chunks, sections, "chuong-trinh.txt")
    assert "cầu treo bản Nậm Xe" in other.text and "nước sạch" not in other.text
    assert [label for _, label in toc_entries(other.toc)] == ["I. NHIỆM VỤ", "1. Làm đường"]
    assert read(chunks, sections, "khong-co.txt").document == "nghi-quyet.txt"
    bridge = next(c for c in chunks if "Nậm Xe" in c.text)
    assert read(chunks, sections, "nghi-quyet.txt", highlight=bridge.id).document == "chuong-trinh.txt"


def test_anchors_are_safe_html_ids_and_distinct():
    ids = ["nghị quyết.pdf#1", "nghị-quyết.pdf#1", 'a"><script>#2', "x" * 300 + "#3"]
    anchors = [anchor(i) for i in ids]
    assert len(set(anchors)) == len(ids)
    assert all(re.fullmatch(r"doan-[a-z0-9-]{1,80}", a) for a in anchors)


def test_a_cited_pdf_passage_comes_with_its_page_highlighted(tmp_path, font):
    write_pdf(tmp_path / "ke-hoach.pdf", [["I. MỤC TIÊU", "1. Mục tiêu chung", "Giữ vững tỷ lệ che phủ rừng."],
                                          ["2. Chỉ tiêu", "(1) Tỷ lệ dân số tham gia bảo hiểm y tế đạt 95%."]], font)
    chunks, sections = _index(tmp_path / "ke-hoach.pdf")
    cited = next(c for c in chunks if "bảo hiểm" in c.text)
    shown = read(chunks, sections, highlight=cited.id, corpus_dir=tmp_path)
    assert shown.page is not None and shown.page_caption == "ke-hoach.pdf, trang 2"
    assert '<p class="trang">Trang 2</p>' in shown.text  # the text says where each page starts
    assert read(chunks, sections, highlight=cited.id).page is None  # no folder given: no page
    (tmp_path / "ke-hoach.pdf").unlink()
    missing = read(chunks, sections, highlight=cited.id, corpus_dir=tmp_path)
    assert missing.page is None and "Không tìm thấy tệp PDF «ke-hoach.pdf»" in missing.found


# The real plan, indexed once for the session.

def test_the_plans_contents_hold_its_eighteen_targets_and_part_two_with_their_titles(assistant):
    shown = read(assistant.index.chunks, assistant.index.sections)
    labels = [label for _, label in toc_entries(shown.toc)]
    targets = [label for label in labels if re.match(r"\(\d+\) ", label)]
    assert [t.split(")")[0] + ")" for t in targets] == [f"({n})" for n in range(1, 19)]
    assert all(len(t) > 12 for t in targets) and "(15) Tỷ lệ che phủ rừng đạt 55%." in targets
    part_two = labels[labels.index("II. MỘT SỐ GIẢI PHÁP CHỦ YẾU THỰC HIỆN KẾ HOẠCH") + 1:]
    assert [label[:3] for label in part_two] == ["1. ", "2. ", "3. ", "4. ", "5. "]
    assert part_two[1] == "2. Đẩy mạnh cải cách hành chính, cải thiện môi trường đầu tư."
    assert "3.1. Tiếp tục cơ cấu lại các ngành kinh tế" in shown.toc and "g) Phát triển các thành phần kinh tế" in shown.toc
    for target, _ in toc_entries(shown.toc):
        assert f'id="{target}"' in shown.text


def test_searching_the_plan_for_an_abbreviation_or_words_without_diacritics(assistant):
    chunks, sections = assistant.index.chunks, assistant.index.sections
    insurance = read(chunks, sections, query="BHYT")
    count = int(re.search(r"(\d+) mục chứa «BHYT»", insurance.found).group(1))
    assert count >= 1 and len(toc_entries(insurance.found)) == count
    assert "<mark>bảo hiểm y tế</mark>" in insurance.text
    water = read(chunks, sections, query="nuoc sach")
    assert "<mark>nước sạch</mark>" in water.text
    border = read(chunks, sections, query="cua khau Ma Lu Thang")
    assert "<mark>cửa khẩu Ma Lù Thàng</mark>" in border.text


def test_a_cited_passage_of_the_plan_is_highlighted(assistant):
    chunks, sections = assistant.index.chunks, assistant.index.sections
    cited = next(c for c in chunks if "2x900MVA" in c.text)
    shown = read(chunks, sections, highlight=cited.id)
    mark = re.search(rf'<mark class="cited" id="{CITED}"[^>]*>(.*?)</mark>', shown.text)
    assert mark and "2x900MVA" in mark.group(1) and shown.text.count('class="doan cited"') == 1
    assert '<li class="current"><a href="#' in shown.toc
