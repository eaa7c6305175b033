"""What a question must be before it is searched: clean Unicode, a sensible length, Vietnamese, no instructions."""

from __future__ import annotations

import logging
import re
import unicodedata

from assistant.errors import AssistantError
from assistant.text.normalize import fold, nfc

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000


def clean(text: str | None) -> str:
    """`text` in NFC on one line, without lone surrogates or control characters."""
    # A surrogate pair split in halves joins again; a lone half (invalid Unicode) is dropped, so logs,
    # JSON and the vector store never meet it. Control characters part words like spaces do.
    text = (text or "").encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").replace("\ufffd", "")
    text = "".join(" " if unicodedata.category(ch) == "Cc" or ch in "\u200b\u2028\u2029" else ch for ch in text)
    return " ".join(nfc(text).split())


def check_question(question: str) -> str:
    """Return the question cleaned for asking, or raise `AssistantError` saying what is wrong."""
    example = "ví dụ: «Tỷ lệ che phủ rừng đạt bao nhiêu?»"
    text = clean(question)
    if not text:
        raise AssistantError(f"Câu hỏi đang trống. Hãy nhập câu hỏi về kế hoạch, {example}")
    if len(text) > MAX_QUESTION_CHARS:
        length, limit = (f"{n:,}".replace(",", ".") for n in (len(text), MAX_QUESTION_CHARS))
        raise AssistantError(f"Câu hỏi dài {length} ký tự, quá giới hạn {limit} ký tự. Hãy rút gọn câu hỏi, mỗi lần hỏi một ý.")
    if not any(ch.isalnum() for ch in text):
        raise AssistantError(f"Câu hỏi không có chữ hay số nào. Hãy nhập câu hỏi bằng lời, {example}")
    letters = [ch for ch in text if ch.isalpha()]
    latin = sum("LATIN" in unicodedata.name(ch, "") for ch in letters)
    if latin * 2 < len(letters):  # mostly Chinese, Cyrillic, Thai…: the plan and its index are Vietnamese
        raise AssistantError(f"Trợ lý chỉ trả lời câu hỏi bằng tiếng Việt về kế hoạch. Hãy hỏi bằng tiếng Việt, {example}")
    if sum(ch.isalnum() for ch in text) < 2:
        raise AssistantError(f"Câu hỏi «{text}» quá ngắn. Hãy hỏi đầy đủ hơn, {example}")
    # Instructions to drop the rules, change role or say a given figure (matched without diacritics):
    # answers only ever come from the plan, so such a request is declined rather than half-followed.
    folded = fold(text).lower()
    if re.search(
        r"\b(?:bo qua|phot lo|quen(?: het| di)?|dung tuan theo|khong tuan theo|ignore|disregard|forget|override)\b"
        r".{0,20}\b(?:huong dan|chi dan|chi thi|instructions?|prompts?"
        r"|(?:yeu cau|quy tac|nguyen tac|lenh|rules?) (?:truoc|tren|ban dau|he thong|cua ban|previous|above))\b"
        r"|\b(?:system prompt|jailbreak|developer mode|you are now|act as|pretend)\b"
        r"|\b(?:tu (?:gio|nay|bay gio)(?: tro di)?,? ban (?:la|se|hay)|hay dong vai|ban bay gio la)\b"
        r"|\b(?:hay|phai|cu|say|tell)\s+(?:noi|tra loi|khang dinh|xac nhan|viet|that|me that)\b[^?]{0,80}?\b(?:la|rang|is)\s*:?\s*\d"
        r"|\btra loi (?:la|rang)\s*:?\s*\d",
        folded,
    ):
        log.info("declined an instruction-like question: %r", text[:200])
        raise AssistantError(
            "Trợ lý chỉ trả lời đúng theo nội dung kế hoạch, không làm theo yêu cầu bỏ qua hướng dẫn, đổi vai "
            f"hay nói một con số cho trước. Hãy hỏi trực tiếp điều cần biết, {example}"
        )
    return text
