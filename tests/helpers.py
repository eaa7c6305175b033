"""Helpers the test modules share (so that no test module imports another)."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.answering.answer import answer
from assistant.answering.decision import decide
from assistant.answering.evidence import weigh
from assistant.answering.figures import look_up
from assistant.answering.gather import Evidence
from assistant.answering.retrieval import Hit
from assistant.documents.chunking import chunk_document
from assistant.documents.ingest import load_document
from assistant.generation.chat_model import make_chat_model
from assistant.monitoring.reported import Reported
from assistant.service import Assistant
from assistant.store.clauses import ClauseTable, clauses_of
from assistant.store.corpus_stats import CorpusStats
from assistant.store.keywords import KeywordIndex
from assistant.targets.extract import Target, extract_targets
from assistant.targets.table import TargetTable
from assistant.understanding.conversation import Source, Turn, resolve
from tests.conftest import PLAN, ROOT, write_pdf
from tests.fake_llm import passage_number


def ask(page, question: str) -> None:
    box = page.get_by_placeholder("Nhập câu hỏi")
    box.fill(question)
    box.press("Enter")


RESOLUTION = "nghi-quyet-ktxh-2026.pdf"


PAGES = [
    [
        "NGHỊ QUYẾT VỀ KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2026",
        "I. MỤC TIÊU VÀ CÁC CHỈ TIÊU CHỦ YẾU NĂM 2026",
        "1. Mục tiêu tổng quát",
        "Tập trung phục hồi sản xuất, phát triển du lịch cộng đồng và bảo vệ rừng đầu nguồn.",
        "2. Các chỉ tiêu chủ yếu",
        "(1) Tốc độ tăng trưởng GRDP năm 2026 đạt 8,2%.",
        "(2) Tỷ lệ che phủ rừng năm 2026 đạt 51,6%.",
        "(3) Thu ngân sách nhà nước trên địa bàn năm 2026 đạt 2.950 tỷ đồng.",
    ],
    [
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
        "1. Hoàn thành cầu treo bản Nậm Xe trước mùa mưa năm 2026.",
        "2. Mở 12 lớp dạy nghề dệt thổ cẩm cho phụ nữ vùng biên giới.",
    ],
]


SMALL = """I. MỤC TIÊU
1. Các chỉ tiêu chủ yếu
(1) Tỷ lệ che phủ rừng đạt 55%.
(2) Dân số đến năm 2030 đạt trên 530 nghìn người.
"""


NEW = """I. MỤC TIÊU
1. Các chỉ tiêu chủ yếu
(1) Tỷ lệ hộ dân dùng điện lưới quốc gia đạt 99%.
"""


POWER = "Tỷ lệ hộ dân dùng điện lưới quốc gia đạt bao nhiêu?"


class Gated:
    """The real embeddings; embedding documents waits until the gate opens (a long build)."""

    def __init__(self, embeddings) -> None:
        self.embeddings, self.gate, self.waiting = embeddings, threading.Event(), threading.Event()
        self.gate.set()

    def embed_documents(self, texts):
        self.waiting.set()
        assert self.gate.wait(60)
        return self.embeddings.embed_documents(texts)

    def embed_query(self, text):
        return self.embeddings.embed_query(text)


def with_llm(assistant, server, timeout=5.0):
    settings = replace(assistant.settings, llm_base_url=server.url, llm_model="fake", llm_timeout=timeout)
    return Assistant(settings, assistant.index, make_chat_model(server.url, "fake", "", timeout))


def forest(request):
    return passage_number(request, "che phủ rừng đạt 55%")


def run_cli(settings, *args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir), "ASSISTANT_INDEX_DIR": str(settings.index_dir),
           "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


def cited_numbers(answer) -> set[str]:
    found = set()
    for c in answer.citations:
        found |= numbers(f"{c.chunk.text} {c.label} {c.number}")
    return found


READER_PASSWORD = "mat-khau-doc-gia"


EDITOR_PASSWORD = "mật-khẩu-biên-tập"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose only page is a picture of text, as a scanner makes it."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "Ty le che phu rung dat 60%", fill="black")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=180)
    pdf.output(str(path))
    return path


def make_corrupted_pdf(path: Path, font: Path) -> Path:
    """A real PDF with the bytes of its first page's content garbled, as a bad disk or transfer leaves it."""
    good = write_pdf(path, [["Tỷ lệ che phủ rừng đạt 60%."], ["Dân số đạt 600 nghìn người."]], font).read_bytes()
    start = good.index(b"stream\n") + 7 + 10
    noise = random.Random(7).randbytes(30)
    path.write_bytes(good[:start] + noise + good[start + 30:])
    return path


def bad_document(kind: str, folder: Path, font: Path) -> tuple[Path, str]:
    """A bad file of `kind` and the message the user must see for it."""
    if kind == "empty pdf":
        path = folder / "trong.pdf"
        path.write_bytes(b"")
        return path, "Tệp «trong.pdf» trống (0 byte). Hãy chọn tệp có nội dung."
    if kind == "empty txt":
        path = folder / "trong.txt"
        path.write_bytes(b"")
        return path, "Tệp «trong.txt» trống (0 byte). Hãy chọn tệp có nội dung."
    if kind == "blank txt":
        path = folder / "trang.txt"
        path.write_text("  \n\n\t \n", encoding="utf-8")
        return path, "Tệp «trang.txt» không có nội dung chữ nào."
    if kind == "text renamed pdf":
        path = folder / "gia.pdf"
        path.write_text("Tỷ lệ che phủ rừng đạt 60%.", encoding="utf-8")
        return path, ("Tệp «gia.pdf» có đuôi .pdf nhưng không phải PDF (nội dung là tệp văn bản hoặc dữ liệu khác). "
                      "Hãy mở tệp bằng phần mềm đã tạo ra nó và xuất lại dưới dạng PDF, hoặc đặt đúng đuôi tệp.")
    if kind == "word renamed pdf":
        import zipfile

        path = folder / "bao-cao.pdf"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<w:document>Tỷ lệ che phủ rừng</w:document>")
        return path, ("Tệp «bao-cao.pdf» có đuôi .pdf nhưng không phải PDF (nội dung là tệp nén ZIP hoặc tệp Word/Excel mới "
                      "(.docx, .xlsx)). Hãy mở tệp bằng phần mềm đã tạo ra nó và xuất lại dưới dạng PDF, hoặc đặt đúng đuôi tệp.")
    if kind == "truncated pdf":
        whole = write_pdf(folder / "cut.pdf", [["Tỷ lệ che phủ rừng đạt 60%."], ["Dân số đạt 600 nghìn người."]], font)
        path = folder / "cat-doi.pdf"
        path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
        whole.unlink()
        return path, ("Tệp PDF «cat-doi.pdf» bị cắt cụt (thiếu phần cuối tệp, thường do tải về hoặc sao chép bị dừng giữa "
                      "chừng). Hãy tải hoặc sao chép lại tệp đầy đủ rồi thử lại.")
    if kind == "corrupted pdf":
        path = make_corrupted_pdf(folder / "hong.pdf", font)
        return path, ("Tệp PDF «hong.pdf» bị hỏng (trang 1 không giải mã được) nên không đọc được đầy đủ. Hãy lấy lại tệp "
                      "gốc, hoặc mở tệp bằng trình đọc PDF rồi lưu/in lại thành PDF mới, rồi thử lại.")
    if kind == "encrypted pdf":
        path = write_pdf(folder / "mat-khau.pdf", [["Bí mật: che phủ rừng 60%"]], font, password="123")
        return path, "Tệp PDF «mat-khau.pdf» được đặt mật khẩu. Hãy gỡ mật khẩu (lưu lại bản không mật khẩu) rồi thử lại."
    if kind == "scanned pdf":
        path = make_scanned_pdf(folder / "ban-scan.pdf")
        return path, ("Tệp PDF «ban-scan.pdf» không có lớp văn bản (có thể là bản scan hoặc chỉ có hình ảnh). Hãy dùng bản "
                      "PDF có chữ (chọn được chữ khi mở), chạy nhận dạng chữ (OCR) trước, hoặc dùng tệp .txt.")
    fix = ("Hãy chuyển tệp sang Unicode (ví dụ Unikey → Công cụ chuyển mã: nguồn TCVN3 hoặc VNI, đích Unicode; "
           "hoặc mở bằng Word/Notepad và lưu với mã hóa UTF-8) rồi thử lại.")
    legacy = "dùng bảng mã tiếng Việt cũ (TCVN3/ABC hoặc VNI), chữ hiện ra sai dấu (ví dụ «Céng hßa», «Coäng hoøa»). "
    if kind == "windows-1258 txt":
        path = folder / "cp1258.txt"
        path.write_bytes("Tỷ lệ che phủ rừng của tỉnh Lai Châu đạt 60%.".encode("cp1258", errors="replace"))
        return path, ("Tệp «cp1258.txt» không phải văn bản UTF-8 (Unicode): có thể đang dùng bảng mã cũ như Windows-1258, "
                      f"TCVN3 hoặc VNI, hoặc không phải tệp văn bản. {fix}")
    if kind == "tcvn3 txt":
        path = folder / "tcvn3.txt"
        path.write_text("Céng hßa x· héi chñ nghÜa ViÖt Nam\nTû lÖ che phñ rõng ®¹t 60%.", encoding="utf-8")
        return path, f"Tệp «tcvn3.txt» {legacy}{fix}"
    if kind == "vni txt":
        path = folder / "vni.txt"
        path.write_text("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nTyû leä che phuû röøng ñaït 60%.", encoding="utf-8")
        return path, f"Tệp «vni.txt» {legacy}{fix}"
    if kind == "tcvn3 pdf":
        path = write_pdf(folder / "phong-cu.pdf", [["Céng hßa x· héi chñ nghÜa ViÖt Nam", "Tû lÖ che phñ rõng ®¹t 60%."]], font)
        return path, f"Tệp «phong-cu.pdf» {legacy}{fix}"
    if kind == "200 MB pdf":
        path = folder / "rat-lon.pdf"
        with open(path, "wb") as f:
            f.truncate(200 * 1024 * 1024)  # sparse: no disk used, nothing worth reading
        return path, ("Tệp «rat-lon.pdf» nặng 200 MB, vượt giới hạn 50 MB. Hãy tách tệp thành các phần nhỏ hơn "
                      "(ví dụ theo chương) hoặc nén lại PDF, rồi thêm từng phần.")
    if kind == "unsupported":
        path = folder / "ke-hoach.docx"
        path.write_bytes(b"PK\x03\x04 not really")
        return path, "Không hỗ trợ tệp «ke-hoach.docx». Chỉ nhận tệp .txt hoặc .pdf."
    if kind == "hidden name":
        path = folder / ".ke-hoach.txt"
        path.write_text("Tỷ lệ che phủ rừng đạt 60%.", encoding="utf-8")
        return path, ("Tên tệp «.ke-hoach.txt» không dùng được trong kho tài liệu: cần một tên tệp thường, không bắt đầu "
                      "bằng dấu chấm, không chứa / \\ : * ? \" < > | hay ký tự điều khiển, tối đa 255 byte. Hãy đổi tên "
                      "tệp, ví dụ «ke-hoach-2026.pdf».")
    if kind == "name with a newline":
        path = folder / "ke\nhoach.txt"
        path.write_text("Tỷ lệ che phủ rừng đạt 60%.", encoding="utf-8")
        return path, "Tên tệp «ke\\nhoach.txt» không dùng được trong kho tài liệu"
    if kind == "same name, other bytes":
        path = folder / PLAN.name
        path.write_text("Tỷ lệ che phủ rừng đạt 99%.", encoding="utf-8")
        return path, (f"Kho tài liệu đã có một tệp khác tên «{PLAN.name}». Không ghi đè: hãy đổi tên tệp mới, "
                      "hoặc tự xóa tệp cũ khỏi thư mục tài liệu nếu muốn thay.")
    if kind == "broken xref pdf":  # pypdf can guess past it, but what it guessed wrong would be lost unseen
        whole = write_pdf(folder / "goc.pdf", [["Tỷ lệ che phủ rừng đạt 60%."], ["Dân số đạt 600 nghìn người."]], font)
        data = whole.read_bytes()
        at = data.rfind(b"\nxref")
        path = folder / "xref-hong.pdf"
        path.write_bytes(data[:at] + re.sub(rb"\d{10} 00000 n", b"0000099999 00000 n", data[at:]))
        whole.unlink()
        return path, ("Tệp PDF «xref-hong.pdf» bị hỏng (bảng tham chiếu chéo (xref) sai) nên không đọc được đầy đủ. Hãy lấy "
                      "lại tệp gốc, hoặc mở tệp bằng trình đọc PDF rồi lưu/in lại thành PDF mới, rồi thử lại.")
    if kind == "2000 blank pages pdf":
        path = write_pdf(folder / "trang-trang.pdf", [[] for _ in range(2000)], font)
        return path, ("Tệp PDF «trang-trang.pdf» có 2000 trang, vượt giới hạn 1000 trang. Hãy tách tệp thành các phần nhỏ "
                      "hơn (ví dụ theo chương), rồi thêm từng phần.")
    if kind == "random bytes pdf":
        path = folder / "ngau-nhien.pdf"
        path.write_bytes(random.Random(7).randbytes(50_000).replace(b"%PDF-", b"-----"))
        return path, ("Tệp «ngau-nhien.pdf» có đuôi .pdf nhưng không phải PDF (nội dung là tệp văn bản hoặc dữ liệu khác). "
                      "Hãy mở tệp bằng phần mềm đã tạo ra nó và xuất lại dưới dạng PDF, hoặc đặt đúng đuôi tệp.")
    if kind == "executable renamed pdf":
        path = folder / "chay-di.pdf"
        path.write_bytes(b"MZ\x90\x00\x03" + bytes(range(256)) * 8)
        return path, ("Tệp «chay-di.pdf» có đuôi .pdf nhưng không phải PDF (nội dung là tệp chương trình Windows (.exe, "
                      ".dll)). Hãy mở tệp bằng phần mềm đã tạo ra nó và xuất lại dưới dạng PDF, hoặc đặt đúng đuôi tệp.")
    if kind == "name ..":  # the corpus's parent, were it taken as a name
        return folder / "..", "Tên tệp «..» không dùng được trong kho tài liệu"
    if kind == "name with a control character":
        path = folder / "ke\x1bhoach.txt"
        path.write_text("Tỷ lệ che phủ rừng đạt 60%.", encoding="utf-8")
        return path, "Tên tệp «ke\\x1bhoach.txt» không dùng được trong kho tài liệu"
    if kind == "missing":
        return folder / "khong-co.pdf", f"Không tìm thấy tệp «{folder / 'khong-co.pdf'}». Hãy kiểm tra lại đường dẫn."
    raise ValueError(kind)


# A small plan and a second document: the index tests' corpus.
INDEX_PLAN = """I. MỤC TIÊU
1. Các chỉ tiêu chủ yếu
(1) Tỷ lệ che phủ rừng đạt 55%.
(2) Dân số đến năm 2030 đạt trên 530 nghìn người.
(3) Tỷ lệ hộ nghèo giảm bình quân 3%/năm.
"""
INDEX_OTHER = """I. MỤC TIÊU
1. Các chỉ tiêu chủ yếu
(1) Tỷ lệ hộ dân dùng điện lưới quốc gia đạt 99%.
(2) Số xã đạt chuẩn nông thôn mới đạt 60 xã.
"""


# A small plan held in memory: keyword retrieval, real evidence records (no vectors: meaning weighs nothing),
# the shipped fitted decision. No model, no index.
SMALL_PLAN = """I. MỤC TIÊU VÀ NHIỆM VỤ
1. Các chỉ tiêu chủ yếu
(1) Tỷ lệ che phủ rừng đạt 55%.
(2) Dân số đến năm 2030 đạt trên 530 nghìn người.
(3) Tỷ lệ dân số đô thị được cung cấp nước sạch đạt 82%; tỷ lệ dân số nông thôn được sử dụng nước sạch đạt 80%.
2. Nhiệm vụ trọng tâm
a) Phát triển du lịch
Tập trung phát triển các loại hình du lịch sinh thái, mạo hiểm, cộng đồng của tỉnh Lai Châu.
b) Hợp tác
Tỉnh Lai Châu mở rộng hợp tác với tỉnh Vân Nam (Trung Quốc).
c) Nông thôn mới
Xây dựng xã Bình Lư đạt chuẩn nông thôn mới kiểu mẫu.
"""


class SmallPlan:
    """The small plan, chunked, indexed for keywords, with its statistics and target table."""

    def __init__(self, folder: Path) -> None:
        (folder / "plan.txt").write_text(SMALL_PLAN, encoding="utf-8")
        self.chunks = chunk_document(load_document(folder / "plan.txt"))
        self.keywords = KeywordIndex([c.index_text() for c in self.chunks])
        self.stats = CorpusStats(self.chunks, self.keywords.postings)
        self.table = TargetTable(extract_targets(self.chunks), self.stats)
        clauses = sum(len(clauses_of(c, 0)) for c in self.chunks)
        self.clauses = ClauseTable.of(self.chunks, np.zeros((clauses, 4), dtype=np.float32))
        self.positions = {c.id: i for i, c in enumerate(self.chunks)}
        self.history = []

    def chunk(self, chunk_id: str):
        """The passage of `chunk_id`."""
        return next(c for c in self.chunks if c.id == chunk_id)

    def ask(self, text: str, follow: bool = False):
        """The answer to `text` (read after the questions before it, with `follow`)."""
        question = resolve(text, self.history if follow else [])
        self.history.append(Turn(question.asked, question=question))
        return self.answer(question)

    def answer(self, question):
        """The quoted answer to a question understood."""
        found = self.keywords.search(question.text, 5)
        hits = [Hit(self.chunks[i], score, rank, None) for rank, (i, score) in enumerate(found, start=1)]
        by_id = {c.id: c for c in self.chunks}
        figures = [(m, by_id[m.target.chunk_id]) for m in look_up(self.table, question)]
        candidates = weigh(question, hits, self.clauses, self.positions, None, self.stats, self.chunks.__getitem__)
        return answer(question, Evidence(hits, figures), decide(question, candidates), self.stats)


FOREST_LABEL = "I > 2. Các chỉ tiêu chủ yếu > 2.3. Về môi trường > (15)"


def forest_turn() -> dict:
    """A chat turn as the page keeps it: the forest-cover question, its answer and its source."""
    turn = Turn("Tỷ lệ che phủ rừng đạt bao nhiêu?", "Kế hoạch đặt mục tiêu «Tỷ lệ che phủ rừng»: 55% [1]",
                (Source(1, FOREST_LABEL, "plan.txt#19", "Tỷ lệ che phủ rừng đạt 55%"),))
    return {**turn.to_dict(), "shown": turn.answer}


def model_said(text: str) -> str:
    """A model's answer without the plan's words put under it."""
    from assistant.generation.generate import VERBATIM

    return text.split(f"\n\n{VERBATIM}")[0]


def make_target(number, indicator, value, unit, qualifier="", year="", written="") -> Target:
    """A target record of a plan «kh.txt», as the index holds them."""
    return Target(f"kh.txt:{number}:{indicator}", number, "kinh tế", indicator, value, written or f"{value:g}",
                  unit, qualifier, year, f"I > 2. > ({number})", f"{indicator} {qualifier} {value}{unit}", None,
                  "kh.txt", "kh.txt#4")


def make_reported(indicator, figure, unit, year=2026, measure="level", document="bc-2026.txt", status="") -> Reported:
    """A figure a report states, as the reader finds it."""
    return Reported(document, f"{document}#3", year, indicator, figure, float(figure.replace(".", "").replace(",", ".")),
                    unit, measure, f"{indicator} đạt {figure}{unit}.", status)
