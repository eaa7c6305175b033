"""Questions generated from the plan itself, to fit and test the answer-or-decline decision.

    .venv/bin/python scripts/generate_questions.py [OUT.jsonl]      (default: /tmp/generated-questions.jsonl)

For each clause of the indexed plan that says something (a few content words), questions in several
shapes: in the plan's words, with only a word or two of its topic and everyday words around them, after a
story of the asker's life, typed without diacritics, in chat spellings, as yes/no. Near misses are made
from them: the topic swapped for one the plan never speaks of, a year the figure is not for, a unit it is
not in, a commune the plan does not name. Each line is in the evaluation format (`question`, `kind`,
`must`, `evidence`) with `label` ("answer" or "decline"), `source` (the clause it came from) and `split`
("train" or "test", by source clause, so that no clause is in both). Deterministic: a fixed seed.

Nothing here reads the dev set or any evaluation set. The pools below (stories, openers, topics absent
from a provincial plan) are the generator's own, written for it.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from pathlib import Path

from assistant.config import Settings, prepare_environment

prepare_environment()

from assistant.service import Assistant  # noqa: E402
from assistant.store.clauses import clauses_of  # noqa: E402
from assistant.text.normalize import fold, match_form  # noqa: E402
from assistant.text.numbers import years  # noqa: E402
from assistant.text.segment import tagged_words  # noqa: E402
from assistant.text.stopwords import is_stopword  # noqa: E402

SEED = 20261206
TEST_SHARE = 0.3
SPECIFIC = 3  # a word in at most this many passages names a topic on its own (the everyday shapes use those)
CONTENT_TAGS = {"N", "Np", "Nc", "V", "A"}
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*\s*(?:%|ha\b|km\b|tỷ đồng|triệu đồng|nghìn tỷ đồng|lao động|người|xã\b|bác sỹ|"
                     r"giường bệnh|sản phẩm|di tích|công trình|doanh nghiệp|hợp tác xã)?")

STORIES = [
    "Nhà em ở bản xa trung tâm xã, đường đi lại còn khó", "Tôi là giáo viên cắm bản đã mười năm",
    "Con tôi năm nay học lớp 9", "Gia đình tôi trồng chè mấy năm nay", "Mình mới ra trường, đang tìm việc",
    "Bố mẹ tôi đã lớn tuổi, sức khỏe yếu", "Tôi chạy xe khách tuyến huyện", "Nhà mình có mấy sào ruộng bậc thang",
    "Em là sinh viên năm cuối, quê ở vùng cao", "Tôi buôn bán nhỏ ở chợ trung tâm", "Chị làm y tá ở trạm y tế xã",
    "Anh em tôi vừa góp vốn mở xưởng nhỏ", "Tôi nghỉ hưu rồi, hay đọc báo tỉnh", "Em đang làm bài tập môn địa lý",
    "Cháu làm phóng viên, đang viết bài về tỉnh", "Nhà tôi làm du lịch cộng đồng", "Tôi là cán bộ xã mới nhận việc",
    "Tôi đang tính về quê lập nghiệp", "Mẹ em bán hàng online", "Bọn mình là nhóm thanh niên tình nguyện",
]
# Informal words people put around a question (many of them words a plan never writes).
FILLERS = ["dạo này", "bà con mình", "mấy đứa nhỏ", "bọn trẻ", "ông bà già", "xóm tôi", "trên rẫy", "ngoài chợ phiên",
           "hồi trước", "mùa mưa năm ngoái", "nhà sàn", "xe ôm", "lương tháng", "tiền điện", "đám cưới", "nương ngô",
           "cả xóm", "mấy ông hàng xóm", "con bé nhà tôi", "thằng lớn", "đường đèo", "sạt lở", "kẹt xe", "hàng quán"]
STORIES += ["Dạo này nhà tôi làm nương ngô, bán chẳng được giá", "Xóm tôi toàn nhà sàn, mùa mưa đi lại vất vả",
            "Ông bà già nhà tôi hay ốm vặt. Con bé nhà tôi thì đang học cấp 2",
            "Tôi chạy xe ôm ở thị trấn. Hồi trước đường đèo hay sạt lở", "Mấy đứa nhỏ trong xóm nghỉ học đi làm thuê",
            "Lương tháng của tôi chẳng đủ tiêu. Vợ tôi bán hàng quán", "Cả xóm tôi dùng giếng khoan, nước đục lắm"]
OPENERS = ["Cho mình hỏi", "Giờ", "Mấy năm tới", "Sắp tới", "Anh chị ơi", "Cho em hỏi chút", "Bác ơi", "Hỏi thêm chút",
           "Mình thắc mắc là", "Nói chung là"]
CLOSERS = ["thì sao", "thế nào", "ra sao ạ", "thế nào nhỉ", "có gì mới không", "tính sao", "ra sao vậy"]
FIGURE_ASKS = ["{t} là bao nhiêu?", "{t} đặt mục tiêu bao nhiêu?", "Đến năm 2030 {t} đạt mức nào?",
               "{t} khoảng bao nhiêu vậy?", "Mục tiêu về {t} là mấy?"]
TEXT_ASKS = ["Kế hoạch nói gì về {t}?", "Tỉnh sẽ làm gì với {t}?", "{t} được định hướng thế nào?",
             "Về {t}, tỉnh có giải pháp gì?", "Kế hoạch đề ra những gì cho {t}?"]
ABSENT_TOPICS = [
    "sân golf", "tàu điện ngầm", "sòng bạc", "điện hạt nhân", "cảng biển", "khai thác dầu khí", "nuôi cá hồi",
    "nhà máy lọc dầu", "sân vận động quốc gia", "cáp treo lên đỉnh núi", "trường đại học quốc tế", "đường sắt cao tốc",
    "tiền mã hóa", "xe điện tự lái", "trung tâm dữ liệu vệ tinh", "khu nghỉ dưỡng ven biển", "trồng cà phê",
    "chăn nuôi đà điểu", "thuế nhà đất", "giá vé xe buýt", "vé máy bay giá rẻ", "bệnh viện thú y", "công viên nước",
    "bến du thuyền", "trang trại điện gió ngoài khơi", "khu chế xuất", "lương hưu", "nghĩa vụ quân sự",
    "xổ số kiến thiết", "đua ngựa", "chợ đầu mối hải sản", "tàu cao tốc", "học phí đại học", "giá điện sinh hoạt",
    "sân bay quốc tế", "phố đi bộ ven sông", "khu công nghệ cao quốc gia", "bảo hiểm xe máy", "rạp chiếu phim",
]
COMMUNES = ["Nà Khum", "Pắc Ta", "Mường Tè Hạ", "Bản Hon", "Sì Lờ Lầu", "Phìn Hồ", "Ka Lăng", "Tả Lèng", "Nậm Cuổi"]
OTHER_UNITS = ["bao nhiêu km", "bao nhiêu MW", "giá bao nhiêu tiền", "bao nhiêu tấn"]
OTHER_YEARS = ["2024", "2027", "2028", "2035"]
# Everyday words for official ones (general Vietnamese, written for the generator): a question in them shares
# few words with the plan and must be found by meaning.
EVERYDAY = {
    "thu nhập": ["lương", "tiền kiếm được"], "giáo dục": ["việc học", "học hành"], "đào tạo": ["dạy", "cho đi học"],
    "y tế": ["khám chữa bệnh", "bệnh viện"], "giao thông": ["đường sá", "đi lại"], "nông nghiệp": ["làm nông", "nhà nông"],
    "nông thôn": ["làng quê", "vùng quê"], "hộ nghèo": ["nhà nghèo", "người nghèo"], "việc làm": ["công ăn việc làm", "kiếm việc"],
    "lao động": ["người đi làm", "công nhân"], "du lịch": ["tham quan", "đi chơi"], "doanh nghiệp": ["công ty", "cơ sở kinh doanh"],
    "đầu tư": ["bỏ vốn", "rót tiền"], "ngân sách": ["tiền của nhà nước", "công quỹ"], "môi trường": ["cảnh quan", "không khí sống"],
    "nước sạch": ["nước máy", "nước uống"], "học sinh": ["các cháu đi học", "con em"], "trẻ em": ["trẻ nhỏ", "các cháu"],
    "người cao tuổi": ["người già", "các cụ"], "người dân": ["bà con", "dân mình"], "văn hóa": ["phong tục", "văn nghệ"],
    "thể thao": ["chơi thể thao", "rèn luyện thân thể"], "an ninh": ["trật tự", "an toàn"], "tội phạm": ["kẻ xấu", "tệ nạn"],
    "chuyển đổi số": ["số hóa", "làm mọi thứ trên mạng"], "công nghệ thông tin": ["máy tính", "internet"],
    "hạ tầng": ["cơ sở vật chất", "đường điện trường trạm"], "nhà ở": ["chỗ ở", "nhà cửa"], "phát triển": ["mở rộng", "làm mạnh"],
    "nâng cao": ["cải thiện", "làm tốt hơn"], "tăng trưởng": ["tăng lên", "lớn mạnh"], "tỷ lệ": ["mấy phần", "phần trăm"],
    "bình quân": ["trung bình", "tính đều"], "hằng năm": ["mỗi năm", "năm nào cũng"], "khám chữa bệnh": ["đi khám", "chữa bệnh"],
    "bảo hiểm y tế": ["thẻ bảo hiểm", "bảo hiểm khám bệnh"], "chăn nuôi": ["nuôi gà lợn", "nuôi con vật"],
    "sản phẩm": ["hàng hóa", "mặt hàng"], "xuất khẩu": ["bán ra nước ngoài", "bán sang nước ngoài"],
    "cán bộ": ["người làm nhà nước", "công chức"], "thủ tục hành chính": ["giấy tờ", "thủ tục giấy tờ"],
    "xây dựng": ["làm", "xây"], "bảo vệ": ["giữ gìn", "giữ"], "đồng bào dân tộc thiểu số": ["bà con dân tộc", "người dân tộc"],
    "chất lượng": ["mức tốt", "độ tốt"], "hợp tác": ["làm chung", "bắt tay"], "khoa học": ["nghiên cứu", "khoa học kỹ thuật"],
    "công nghiệp": ["nhà máy", "sản xuất hàng"], "cây ăn quả": ["cây trái", "vườn quả"], "rừng": ["cây rừng", "núi rừng"],
}
CHAT = [(r"\bkhông\b", "k"), (r"\bđược\b", "đc"), (r"\bgì\b", "j"), (r"\bbao nhiêu\b", "bn")]


def _content(clause: str) -> list[tuple[int, str]]:
    """The clause's content words (by place in its tagged words), in match form with spaces."""
    words = tagged_words(clause)
    return [(i, w.replace("_", " ")) for i, (w, tag) in enumerate(words)
            if tag in CONTENT_TAGS and not any(ch.isdigit() for ch in w) and not is_stopword(w.replace("_", " "))]


def _topic(clause: str, weight) -> tuple[str, list[str]] | None:
    """The run of two to four content words that says most (by rarity in the plan), and its words by weight."""
    content = _content(clause)
    if len(content) < 3:
        return None
    best, best_score = None, -1.0
    for size in (2, 3, 4):
        for start in range(len(content) - size + 1):
            window = content[start:start + size]
            if window[-1][0] - window[0][0] > size + 1:  # too spread out to read as one phrase
                continue
            score = sum(weight(w.replace(" ", "_")) for _, w in window)
            if score > best_score:
                best, best_score = window, score
    if best is None:
        return None
    words = [w for _, w in best]
    return " ".join(words), sorted(words, key=lambda w: -weight(w.replace(" ", "_")))


def _answer_word(clause: str, asked: str, weight) -> str | None:
    """A word of the clause the question does not name: what a right answer must hold."""
    asked_words = set(asked.split())
    words = [w for _, w in _content(clause) if not set(w.split()) & asked_words and w in match_form(clause)]
    return max(words, key=lambda w: weight(w.replace(" ", "_")), default=None)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _everyday(question: str, rng: random.Random) -> str:
    """`question` with every official term it holds said in everyday words (the longest term first)."""
    for term in sorted(EVERYDAY, key=len, reverse=True):
        question = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", lambda _: rng.choice(EVERYDAY[term]), question,
                          flags=re.IGNORECASE)
    return question


def _split(source: str) -> str:
    return "test" if int(hashlib.sha256(source.encode()).hexdigest(), 16) % 100 < TEST_SHARE * 100 else "train"


def _chat(text: str, rng: random.Random) -> str:
    for pattern, short in CHAT:
        if rng.random() < 0.7:
            text = re.sub(pattern, short, text)
    return text


def generate(assistant: Assistant, rng: random.Random) -> list[dict]:
    """Every generated question, answerable ones and near misses."""
    index, stats = assistant.index, assistant.stats
    plan = fold(" ".join(c.text for c in index.chunks).lower())
    absent = [t for t in ABSENT_TOPICS if fold(t) not in plan]
    out: list[dict] = []
    for position, chunk in enumerate(index.chunks):
        for clause in clauses_of(chunk, position):
            found = _topic(clause.text, stats.weight)
            if found is None or clause.text not in chunk.text:
                continue
            topic, by_weight = found
            source = f"{chunk.id}/{clause.sentence}/{clause.position}"
            figure = _FIGURE.search(clause.text)
            figure = figure.group(0).strip() if figure and not re.fullmatch(r"(?:19|20)\d\d", figure.group(0).strip()) else ""
            split = _split(source)

            def add(question: str, shape: str, label: str = "answer", must: list[str] | None = None) -> None:
                question = " ".join(question.split())
                question = question[:1].upper() + question[1:]
                if label == "answer" and must is None:
                    word = _answer_word(clause.text, match_form(question), stats.weight)
                    must = [word] if word else []
                out.append({"id": f"g{len(out) + 1:05d}", "question": question, "kind": shape,
                            "must": must or [] if label == "answer" else [],
                            "evidence": [clause.text] if label == "answer" else [],
                            "label": label, "source": source, "split": split})

            asks = FIGURE_ASKS if figure else TEXT_ASKS
            must = [figure] if figure else None
            plain = rng.choice(asks).format(t=topic)
            specific = [w for w in by_weight if stats.frequency(w.replace(" ", "_")) <= SPECIFIC]
            short = " ".join(specific[:rng.choice((1, 2))]) or topic
            add(plain, "plan-words", must=must)
            add(f"{rng.choice(OPENERS)} {short} {rng.choice(CLOSERS)}?", "everyday", must=must)
            add(f"{rng.choice(FILLERS)} {_lower_first(rng.choice(asks).format(t=topic))}", "informal", must=must)
            story = rng.choice(STORIES)
            add(f"{story}{rng.choice([', ', '. '])}{_lower_first(rng.choice(asks).format(t=short))}", "story", must=must)
            add(fold(plain).lower(), "no-diacritics", must=must)
            add(_chat(f"{rng.choice(OPENERS)} {rng.choice(asks).format(t=topic)}", rng), "chat", must=must)
            swapped = _everyday(plain, rng)
            if swapped != plain:
                add(swapped, "paraphrase", must=must)
                add(f"{rng.choice(STORIES)}, {_lower_first(swapped)}", "paraphrase-story", must=must)
            words = clause.text.split()
            if tagged_words(clause.text)[:1] and tagged_words(clause.text)[0][1] == "V" and len(words) > 3:
                add(f"Tỉnh có {' '.join(words[:rng.randint(3, 7)]).lower().rstrip(',;:.')} không?", "yesno", must=None)
            if figure:  # the clause itself, its figure asked for
                asked = "bao nhiêu phần trăm" if figure.endswith("%") else "bao nhiêu"
                cloze = clause.text.replace(figure, asked, 1).rstrip(" .;:")
                if len(cloze.split()) <= 30:
                    add(f"{cloze}?", "cloze", must=[figure])
            # Near misses: the same shapes about what the plan does not give.
            other = rng.choice(absent)
            add(rng.choice(asks).format(t=other), "absent-topic", "decline")
            add(f"{rng.choice(STORIES)}, {_lower_first(rng.choice(TEXT_ASKS).format(t=other))}", "absent-topic-story",
                "decline")
            if not figure and not any(ch.isdigit() for ch in clause.text):  # a figure of what the plan only describes
                add(rng.choice(["Có bao nhiêu {t}?", "{t} là bao nhiêu phần trăm?", "Mục tiêu {t} là mấy?"]).format(t=topic),
                    "figure-of-words", "decline")
            if figure:
                stated = set(years(clause.text))
                if not re.search(r"hằng năm|hàng năm|mỗi năm|/năm", clause.text):
                    year = rng.choice([y for y in OTHER_YEARS if y not in stated])
                    add(f"{topic} năm {year} là bao nhiêu?", "other-year", "decline")
                if "%" in figure:
                    add(f"{topic} là {rng.choice(OTHER_UNITS)}?", "other-unit", "decline")
                add(f"{topic} ở xã {rng.choice(COMMUNES)} là bao nhiêu?", "other-place", "decline")
    return out


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "/tmp/generated-questions.jsonl")
    questions = generate(Assistant.from_settings(Settings.from_env()), random.Random(SEED))
    target.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8")
    counts: dict[str, int] = {}
    for q in questions:
        counts[f"{q['split']}/{q['label']}"] = counts.get(f"{q['split']}/{q['label']}", 0) + 1
    print(f"{len(questions)} questions → {target}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
