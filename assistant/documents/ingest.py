"""Read the plan's files (.txt and .pdf) into cleaned paragraphs that remember their page.

Every file is checked before it is read (size, kind) and while it is read (encoding, damage,
missing text); anything wrong becomes an `AssistantError` whose Vietnamese message names the file,
what is wrong and what would work. Nothing is ever read partially in silence.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError
from assistant.text.normalize import clean_text
from assistant.text.paragraphs import join_wrapped

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".pdf")
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # the default size limit of a document added (ASSISTANT_MAX_DOCUMENT_MB)
_XREF_DAMAGE = re.compile(r"xref|wrong pointing object|Object Streams", re.IGNORECASE)  # pypdf's words for it

# Characters that Vietnamese text in Unicode never needs but TCVN3 (ABC) or VNI text shows when its
# bytes are read as Windows-1252/Latin-1: «Céng hßa x· héi chñ nghÜa ViÖt Nam», «Coäng hoøa xaõ hoäi».
_LEGACY_GLYPHS = frozenset("ßÖÜñöüäëïøåæçîûÿÄËÏØÅÆÇÎÛÑµ¶¸¹ª¬¨¤¦¢¥¯´º¼½¾¿ÞþðƒŠŒŽšœžŸ")
# Letters only Vietnamese in Unicode has (ă đ ĩ ũ ơ ư and the dotted/hooked vowels).
_VIETNAMESE = re.compile(r"[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
_LEGACY_MIN = 3
# Of the extracted characters: U+FFFD, private-use and control characters mean a broken font map, and
# text that is mostly not letters or digits is no text a plan is written in.
_UNREADABLE_SHARE = 0.05
_WORDLESS_SHARE = 0.5
_FIX_ENCODING = ("Hãy chuyển tệp sang Unicode (ví dụ Unikey → Công cụ chuyển mã: nguồn TCVN3 hoặc VNI, đích Unicode; "
                 "hoặc mở bằng Word/Notepad và lưu với mã hóa UTF-8) rồi thử lại.")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document, in the plan's own wording, and the page it starts on."""

    text: str
    page: int | None


@dataclass(frozen=True)
class Document:
    """A cleaned document: its file name and its paragraphs in reading order."""

    name: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def text(self) -> str:
        """The whole cleaned text, one paragraph per line (chunk offsets point into it)."""
        return "\n".join(p.text for p in self.paragraphs)


def megabytes(size: int) -> str:
    """A size the Vietnamese way: «200 MB», «50,5 MB», «12 KB»."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    value = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return f"{value.replace('.', ',')} MB"


def _paragraphs(lines: list[tuple[str, int | None]]) -> tuple[Paragraph, ...]:
    texts = [text for text, _ in lines]
    return tuple(Paragraph(text, lines[first][1]) for text, first in join_wrapped(texts))


def _kind(head: bytes) -> str | None:
    """What a file's first bytes say it is, in Vietnamese; None when they look like plain text."""
    signatures = [
        (b"%PDF-", "tệp PDF"),
        (b"PK\x03\x04", "tệp nén ZIP hoặc tệp Word/Excel mới (.docx, .xlsx)"),
        (b"\xd0\xcf\x11\xe0", "tệp Word/Excel cũ (.doc, .xls)"),
        (b"{\\rtf", "tệp RTF"),
        (b"\x89PNG", "ảnh PNG"),
        (b"\xff\xd8\xff", "ảnh JPEG"),
        (b"GIF8", "ảnh GIF"),
        (b"II*\x00", "ảnh TIFF"),
        (b"MM\x00*", "ảnh TIFF"),
        (b"Rar!", "tệp nén RAR"),
        (b"7z\xbc\xaf", "tệp nén 7z"),
        (b"\x7fELF", "tệp chương trình (Linux)"),
        (b"MZ", "tệp chương trình Windows (.exe, .dll)"),
    ]
    for signature, kind in signatures:
        if head.startswith(signature):
            return kind
    if b"%PDF-" in head[:1024]:
        return "tệp PDF"
    if re.match(rb"\s*<(?:!doctype html|html)", head[:200], re.IGNORECASE):
        return "trang web HTML"
    return None


def legacy_encoding(text: str) -> bool:
    """True when `text` looks like TCVN3 or VNI Vietnamese shown through a Western code page."""
    glyphs = sum(ch in _LEGACY_GLYPHS for ch in text)
    return glyphs >= _LEGACY_MIN and glyphs > len(_VIETNAMESE.findall(text))


def _check_text(name: str, text: str) -> None:
    if legacy_encoding(text):
        raise AssistantError(
            f"Tệp «{name}» dùng bảng mã tiếng Việt cũ (TCVN3/ABC hoặc VNI), chữ hiện ra sai dấu "
            f"(ví dụ «Céng hßa», «Coäng hoøa»). {_FIX_ENCODING}"
        )


def _read_txt(path: Path) -> list[tuple[str, int | None]]:
    raw = path.read_bytes()
    kind = _kind(raw[:1024])
    if kind:
        fix = "Hãy đổi đuôi tệp thành .pdf." if kind == "tệp PDF" else "Hãy lưu nội dung thành tệp .txt (UTF-8) hoặc xuất ra PDF."
        raise AssistantError(f"Tệp «{path.name}» có đuôi .txt nhưng thực ra là {kind}. {fix}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark is Unicode too
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    else:
        try:
            text = None if b"\x00" in raw else raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
    if text is None:
        raise AssistantError(
            f"Tệp «{path.name}» không phải văn bản UTF-8 (Unicode): có thể đang dùng bảng mã cũ như "
            f"Windows-1258, TCVN3 hoặc VNI, hoặc không phải tệp văn bản. {_FIX_ENCODING}"
        )
    _check_text(path.name, text)
    return [(line, None) for line in clean_text(text).split("\n")]


class _Warnings(logging.Handler):
    """Collects what pypdf logs while it reads: how it reports damage it reads past."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage()[:200])


def _damaged(name: str, detail: str) -> AssistantError:
    return AssistantError(
        f"Tệp PDF «{name}» bị hỏng ({detail}) nên không đọc được đầy đủ. Hãy lấy lại tệp gốc, hoặc mở tệp bằng "
        "trình đọc PDF rồi lưu/in lại thành PDF mới, rồi thử lại."
    )


def _check_pdf_bytes(path: Path) -> None:
    """Refuse a file that is no PDF, or one cut short (a partial read would silently drop its end)."""
    with open(path, "rb") as f:
        head = f.read(1024)
        f.seek(max(0, path.stat().st_size - 4096))
        tail = f.read().rstrip(b" \t\r\n\x00")
    if b"%PDF-" not in head and (b" obj" in head or b"%%EOF" in tail[-1024:]):
        raise _damaged(path.name, "phần đầu tệp sai")
    if b"%PDF-" not in head:
        kind = _kind(head) or "tệp văn bản hoặc dữ liệu khác"
        raise AssistantError(
            f"Tệp «{path.name}» có đuôi .pdf nhưng không phải PDF (nội dung là {kind}). Hãy mở tệp bằng phần mềm "
            "đã tạo ra nó và xuất lại dưới dạng PDF, hoặc đặt đúng đuôi tệp."
        )
    if b"%%EOF" not in tail[-1024:]:
        raise AssistantError(
            f"Tệp PDF «{path.name}» bị cắt cụt (thiếu phần cuối tệp, thường do tải về hoặc sao chép bị dừng giữa chừng). "
            "Hãy tải hoặc sao chép lại tệp đầy đủ rồi thử lại."
        )


def _opens_without_password(reader) -> bool:
    """An owner-only password (printing, copying limits) still lets anyone read the text."""
    try:
        return bool(reader.decrypt(""))
    except Exception as error:  # an encryption pypdf cannot open (e.g. AES without `cryptography`)
        log.info("cannot decrypt: %s", error)
        return False


def _pdf_pages(path: Path, max_pages: int | None = None) -> tuple[list[str], list[str]]:
    """The text of each page as pypdf extracts it, and the damage pypdf reported while reading past it."""
    from pypdf import PdfReader

    _check_pdf_bytes(path)
    collected = _Warnings()
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.addHandler(collected)
    pypdf_log.setLevel(min(pypdf_log.getEffectiveLevel(), logging.WARNING))  # damage reports even at ERROR log level
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not _opens_without_password(reader):
            raise AssistantError(f"Tệp PDF «{path.name}» được đặt mật khẩu. Hãy gỡ mật khẩu (lưu lại bản không mật khẩu) rồi thử lại.")
        if _XREF_DAMAGE.search(" ".join(collected.messages)):  # pypdf guessed where the objects are: some may be lost
            raise _damaged(path.name, "bảng tham chiếu chéo (xref) sai")
        if max_pages and len(reader.pages) > max_pages:
            raise AssistantError(
                f"Tệp PDF «{path.name}» có {len(reader.pages)} trang, vượt giới hạn {max_pages} trang. Hãy tách tệp "
                "thành các phần nhỏ hơn (ví dụ theo chương), rồi thêm từng phần.")
        pages = [page.extract_text() or "" for page in reader.pages]
        empty = [number for number, text in enumerate(pages, start=1) if not text.strip()]
        if empty and collected.messages:  # pypdf read past damage, and a page came out blank: it was lost
            raise _damaged(path.name, f"trang {', '.join(map(str, empty[:5]))} không giải mã được")
        tree = reader.trailer["/Root"]["/Pages"]
        declared = tree["/Count"] if "/Count" in tree else None
        if isinstance(declared, int) and declared != len(pages):
            raise _damaged(path.name, f"khai báo {declared} trang nhưng chỉ đọc được {len(pages)}")
    except AssistantError:
        raise
    except Exception as error:  # pypdf meets untrusted bytes: any failure is a damaged file to the user
        log.warning("cannot read %s: %s: %s", path, type(error).__name__, error)
        raise _damaged(path.name, "cấu trúc PDF lỗi") from None
    finally:
        pypdf_log.removeHandler(collected)
        pypdf_log.setLevel(level)
    if collected.messages:
        log.info("%s read past %d pypdf warnings, first: %s", path.name, len(collected.messages), collected.messages[0])
    return pages, collected.messages


def _check_extracted(name: str, whole: str, damaged: bool) -> None:
    """Refuse extracted text that is missing (a scan), unreadable (a broken font map) or in a legacy encoding."""
    visible = [ch for ch in whole if not ch.isspace()]
    if not visible:
        raise AssistantError(
            f"Tệp PDF «{name}» không có lớp văn bản (có thể là bản scan hoặc chỉ có hình ảnh). "
            "Hãy dùng bản PDF có chữ (chọn được chữ khi mở), chạy nhận dạng chữ (OCR) trước, hoặc dùng tệp .txt."
        )
    unreadable = sum(ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cc") for ch in visible)
    wordless = sum(not ch.isalnum() for ch in visible) > _WORDLESS_SHARE * len(visible)
    if unreadable > _UNREADABLE_SHARE * len(visible) or wordless:
        if damaged:
            raise _damaged(name, "chữ trích ra bị lỗi")
        raise AssistantError(
            f"Không trích được chữ từ tệp PDF «{name}»: phông chữ trong tệp không ánh xạ ra Unicode "
            "(hoặc tệp bị hỏng). Hãy xuất lại PDF từ tệp gốc với phông Unicode, hoặc dùng tệp .txt (UTF-8)."
        )
    _check_text(name, whole)


def _read_pdf(path: Path, max_pages: int | None = None) -> list[tuple[str, int | None]]:
    pages, damage = _pdf_pages(path, max_pages)
    _check_extracted(path.name, "".join(pages), bool(damage))
    empty = [number for number, text in enumerate(pages, start=1) if not text.strip()]
    if empty:
        log.warning("%s: pages without text (blank or images): %s", path.name, empty)
    lines: list[tuple[str, int | None]] = []
    for number, text in enumerate(pages, start=1):
        lines.extend((line, number) for line in clean_text(text).split("\n"))
    if not any(text.strip() for text, _ in lines):
        raise AssistantError(
            f"Tệp PDF «{path.name}» không có lớp văn bản (có thể là bản scan). Hãy dùng bản PDF có chữ hoặc tệp .txt."
        )
    return lines


def check_file(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> int:
    """Refuse, before reading a byte, a file that is missing, of another kind, empty or too large; return its size."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise AssistantError(f"Không hỗ trợ tệp «{path.name}». Chỉ nhận tệp .txt hoặc .pdf.")
    try:
        stat = path.stat()
    except OSError:
        raise AssistantError(f"Không tìm thấy tệp «{path}». Hãy kiểm tra lại đường dẫn.") from None
    if not path.is_file():
        raise AssistantError(f"«{path}» không phải một tệp (có thể là thư mục). Hãy chọn tệp .txt hoặc .pdf.")
    if stat.st_size == 0:
        raise AssistantError(f"Tệp «{path.name}» trống (0 byte). Hãy chọn tệp có nội dung.")
    if stat.st_size > max_bytes:
        raise AssistantError(
            f"Tệp «{path.name}» nặng {megabytes(stat.st_size)}, vượt giới hạn {megabytes(max_bytes)}. "
            "Hãy tách tệp thành các phần nhỏ hơn (ví dụ theo chương) hoặc nén lại PDF, rồi thêm từng phần."
        )
    return stat.st_size


def load_document(path: Path, max_pages: int | None = None, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read one .txt or .pdf file into a cleaned `Document`, or raise `AssistantError` saying what is wrong.

    A file from outside is read through `reading.read_untrusted` instead, bounded in time and memory.
    """
    check_file(path, max_bytes)
    try:
        lines = _read_pdf(path, max_pages) if path.suffix.lower() == ".pdf" else _read_txt(path)
    except OSError as error:
        log.warning("cannot read %s: %s", path, error)
        raise AssistantError(f"Không đọc được tệp «{path.name}» ({error.strerror or 'lỗi đọc'}). Hãy kiểm tra quyền đọc tệp.") from None
    paragraphs = _paragraphs(lines)
    if not paragraphs:
        raise AssistantError(f"Tệp «{path.name}» không có nội dung chữ nào.")
    return Document(name=path.name, paragraphs=paragraphs)
