"""A cited PDF page as an image: the passage's lines highlighted in yellow, and nothing else."""

import threading
import unicodedata

import pytest
from PIL import Image

from assistant.documents.pages import render_page
from assistant.errors import AssistantError
from tests.conftest import write_pdf

SCALE = 1.5
PX_PER_MM = 72 / 25.4 * SCALE
LINES = [
    "NGHỊ QUYẾT VỀ KẾ HOẠCH NĂM 2026",
    "Phát triển du lịch cộng đồng.",
    "(2) Tỷ lệ che phủ rừng năm 2026 đạt 51,6%, bảo vệ",
    "rừng đầu nguồn và phát triển du lịch sinh thái.",
    "(3) Thu ngân sách nhà nước đạt 2.950 tỷ đồng.",
    "Hoàn thành cầu treo bản Nậm Xe trước mùa mưa.",
]
WRAPPED = "(2) Tỷ lệ che phủ rừng năm 2026 đạt 51,6%, bảo vệ rừng đầu nguồn và phát triển du lịch sinh thái."


@pytest.fixture()
def pdf(tmp_path, font):
    """Two pages: the lines above, then a page whose Vietnamese is stored decomposed (NFD)."""
    second = [unicodedata.normalize("NFD", "Kết hợp chặt chẽ phát triển kinh tế với quốc phòng.")]
    return write_pdf(tmp_path / "nghi-quyet.pdf", [LINES, second], font)


def yellow_rows(png: Image.Image) -> set[int]:
    """The pixel rows holding highlight yellow (white under the translucent fill, not the text's black)."""
    rgb = png.convert("RGB")
    width, height = rgb.size
    pixels = rgb.load()
    return {y for y in range(height) for x in range(0, width, 3)
            if pixels[x, y][0] > 230 and pixels[x, y][1] > 200 and pixels[x, y][2] < 190}


def line_rows(index: int) -> range:
    """The pixel rows of line `index` as `write_pdf` lays it out (7 mm cells from a 10 mm top margin)."""
    top = (10 + 7 * index) * PX_PER_MM
    return range(int(top) - 4, int(top + 7 * PX_PER_MM) + 4)


def test_a_passage_wrapped_over_two_lines_is_highlighted_on_both_and_nowhere_else(pdf):
    shown = render_page(pdf, 1, WRAPPED, scale=SCALE)
    assert shown.found and len(shown.boxes) == 2
    rows = yellow_rows(shown.image)
    passage = set(line_rows(2)) | set(line_rows(3))
    assert len(rows & set(line_rows(2))) > 15 and len(rows & set(line_rows(3))) > 15
    assert rows <= passage  # not the heading, not (3), not the bridge


def test_one_sentence_is_found_where_the_rest_of_the_passage_is_not_on_the_page(pdf):
    passage = "Hoàn thành cầu treo bản Nậm Xe trước mùa mưa. Nghiệm thu và bàn giao cho xã quản lý ngay sau đó."
    shown = render_page(pdf, 1, passage, scale=SCALE)
    assert shown.found and len(shown.boxes) == 1
    rows = yellow_rows(shown.image)
    assert rows and rows <= set(line_rows(5))


def test_decomposed_text_in_the_pdf_matches_the_plans_composed_wording(pdf):
    shown = render_page(pdf, 2, "Kết hợp chặt chẽ phát triển kinh tế với quốc phòng.", scale=SCALE)
    assert shown.found and yellow_rows(shown.image) <= set(line_rows(0))


def test_a_passage_not_on_the_page_shows_the_page_without_highlight(pdf):
    shown = render_page(pdf, 2, WRAPPED, scale=SCALE)
    assert not shown.found and shown.boxes == ()
    assert yellow_rows(shown.image) == set()
    assert shown.image.size == (round(210 * PX_PER_MM), round(297 * PX_PER_MM))  # the whole A4 page


def test_a_page_the_file_lacks_or_a_missing_file_is_told_in_vietnamese(pdf, tmp_path):
    with pytest.raises(AssistantError, match=r"Tệp PDF «nghi-quyet.pdf» không có trang 5: tệp chỉ có 2 trang\."):
        render_page(pdf, 5, WRAPPED)
    with pytest.raises(AssistantError, match="không có trang 0"):
        render_page(pdf, 0, WRAPPED)
    with pytest.raises(AssistantError, match="Không tìm thấy tệp PDF «khong-co.pdf»"):
        render_page(tmp_path / "khong-co.pdf", 1, WRAPPED)
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(AssistantError, match="Không mở được tệp PDF «hong.pdf»"):
        render_page(tmp_path / "hong.pdf", 1, WRAPPED)


def test_pages_render_from_several_threads_at_once(pdf):
    results, errors = [], []

    def render(page: int) -> None:
        try:
            results.append(render_page(pdf, page, WRAPPED, scale=1.0).found)
        except Exception as error:  # noqa: BLE001 - any crash is the failure being looked for
            errors.append(error)

    threads = [threading.Thread(target=render, args=(1 + n % 2,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(results) == [False] * 4 + [True] * 4
