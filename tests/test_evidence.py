"""The evidence record of each candidate clause, on a small plan held in memory (vectors made up for the test)."""

from pathlib import Path

import numpy as np
import pytest

from assistant.answering.evidence import covers, holds_answer, key_terms, missing_share, weigh
from assistant.answering.retrieval import Hit
from assistant.documents.chunking import chunk_document
from assistant.documents.ingest import load_document
from assistant.store.clauses import ClauseTable, clauses_of
from assistant.store.corpus_stats import CorpusStats
from assistant.store.keywords import KeywordIndex
from assistant.understanding.conversation import Turn, resolve
from assistant.understanding.question import understand

PLAN = """I. MỤC TIÊU VÀ NHIỆM VỤ
1. Các chỉ tiêu chủ yếu
(1) Tỷ lệ che phủ rừng đạt 55%.
(2) Thu ngân sách nhà nước đến năm 2030 đạt trên 4.500 tỷ đồng.
2. Nhiệm vụ trọng tâm
a) Phát triển nông nghiệp
Đầu tư thâm canh cho trên 10.000 ha chè; mở rộng diện tích cây quế, mắc ca; phát triển 50 hợp tác xã.
b) Pháp luật
Thực hiện Nghị quyết số 68-NQ/TW ngày 04/5/2025 của Bộ Chính trị về phát triển kinh tế tư nhân.
"""


class Small:
    def __init__(self, folder: Path) -> None:
        (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
        self.chunks = chunk_document(load_document(folder / "plan.txt"))
        self.keywords = KeywordIndex([c.index_text() for c in self.chunks])
        self.stats = CorpusStats(self.chunks, self.keywords.postings)
        clauses = [c for i, chunk in enumerate(self.chunks) for c in clauses_of(chunk, i)]
        # one made-up direction per clause: a query along a clause's direction is nearest to it
        self.table = ClauseTable.of(self.chunks, np.eye(len(clauses), dtype=np.float32))
        self.positions = {c.id: i for i, c in enumerate(self.chunks)}

    def hits(self, text: str) -> list[Hit]:
        found = self.keywords.search(text, 5)
        return [Hit(self.chunks[i], s, rank, None) for rank, (i, s) in enumerate(found, start=1)]

    def weigh(self, question, query=None, bridges=None):
        return weigh(question, self.hits(question.search_text), self.table, self.positions, query, self.stats,
                     self.chunks.__getitem__, bridges=bridges)


@pytest.fixture()
def plan(tmp_path: Path) -> Small:
    return Small(tmp_path)


def best(candidates):
    return max(candidates, key=lambda c: c.cover)


def test_the_clause_holding_the_question_s_words_covers_it(plan):
    found = plan.weigh(understand("Tỷ lệ che phủ rừng đạt bao nhiêu?"))
    assert best(found).clause.text.startswith("Tỷ lệ che phủ rừng") and best(found).cover == 1.0
    assert best(found).rank == 1 and best(found).type_ok


def test_what_the_plan_is_asked_to_do_need_not_be_in_the_clause_that_answers(plan):
    found = best(plan.weigh(understand("Về kinh tế tư nhân, kế hoạch đầu tư gì?")))
    assert "kinh tế tư nhân" in found.clause.text and found.cover == pytest.approx(1.0)  # «đầu tư» is said of the plan
    said = best(plan.weigh(understand("Kế hoạch đầu tư thâm canh bao nhiêu ha chè?")))
    assert said.clause.text.startswith("Đầu tư thâm canh") and said.cover == pytest.approx(1.0)  # where the clause says it, it counts
    unsaid = [c for c in plan.weigh(understand("Kế hoạch đầu tư thâm canh bao nhiêu ha chè?")) if "quế" in c.clause.text]
    assert unsaid and unsaid[0].cover < said.cover


def test_an_everyday_word_the_plan_lacks_weighs_nothing_and_a_rare_one_weighs_a_lot(plan):
    assert missing_share(understand("Giờ tỉnh tính thêm gì cho cây chè?"), key_terms(understand("Giờ tỉnh tính thêm gì cho cây chè?")), plan.stats) == 0.0
    golf = understand("Tỉnh có xây sân golf không?")
    assert missing_share(golf, key_terms(golf), plan.stats) > 0.4


def test_a_word_the_plan_lacks_that_names_nothing_is_not_looked_for(plan):
    question = understand("Tỉnh có mở rộng diện tích cây quế cho tụi mình không?")
    words = [g[0] for g in key_terms(question, known=plan.stats.known)]
    assert "tụi" not in words and "quế" in words  # a classifier, as the tagger reads it
    que = best(plan.weigh(question))
    assert "cây quế" in que.clause.text and que.cover == 1.0 and que.missing == 0.0
    assert "golf" in [g[0] for g in key_terms(understand("Tỉnh có xây sân golf không?"), known=plan.stats.known)]


def test_a_short_form_typed_in_chat_is_not_looked_for_but_an_acronym_is():
    words = [g[0] for g in key_terms(understand("Tỉnh đặt mục tiêu bao nhiêu % hs đi học, cty nào làm dợ?"))]
    assert "hs" not in words and "cty" not in words and "dợ" not in words and "học" in words
    assert "bts" in [g[0] for g in key_terms(understand("Tỉnh lắp bao nhiêu trạm BTS?"))]


def test_a_lone_word_opening_the_message_is_an_interjection_when_the_plan_never_uses_it(plan):
    words = [g[0] for g in key_terms(understand("à, diện tích chè tăng bao nhiêu?"), known=plan.stats.known)]
    assert "à" not in words and "chè" in words
    # a word the plan uses is a topic put first, not an interjection
    assert "chè" in [g[0] for g in key_terms(understand("Chè, tỉnh định làm gì?"), known=plan.stats.known)]


def test_words_joined_by_a_slash_are_looked_for_apart_but_a_code_whole(plan):
    words = [g[0] for g in key_terms(understand("Diện tích chè/quế mở rộng bao nhiêu?"), known=plan.stats.known)]
    assert "chè/quế" not in words and {"chè", "quế"} <= set(words)
    code = [g[0] for g in key_terms(understand("Có thực hiện Nghị quyết 69-NQ/TW không?"), known=plan.stats.known)]
    assert "69-nq/tw" in code  # a code the plan never names is what is asked about


def test_who_is_answered_by_a_body_named():
    who = understand("Nghị quyết 57 do cơ quan nào ban hành?")
    assert holds_answer(who, "Nghị quyết số 57-NQ/TW của Bộ Chính trị")
    assert not holds_answer(who, "Khu du lịch Pắc Ta, Khu du lịch Sìn Hồ")  # places are named, no body


def test_a_name_asked_is_also_one_the_plan_writes_in_quotes():
    title = understand("Phong trào thi đua về giảm nghèo mang tên gì?")
    assert title.asks.answer == "title"
    assert holds_answer(title, "nâng cao chất lượng phong trào thi đua “Cả nước chung tay vì người nghèo”")
    assert not holds_answer(title, "giảm nghèo bền vững, khắc phục tình trạng tái nghèo")
    # or a name it capitalises that the question does not already give
    gate = understand("Đối diện cửa khẩu Ma Lù Thàng là cửa khẩu tên gì?")
    assert holds_answer(gate, "xuất nhập khẩu qua cửa khẩu Ma Lù Thàng - Kim Thủy Hà")
    assert not holds_answer(gate, "nâng cấp cửa khẩu Ma Lù Thàng")
    assert not holds_answer(gate, "Phát triển kinh tế cửa khẩu, GRDP tăng")  # a sentence's first word, an acronym
    who = understand("Cơ quan nào phát động phong trào đó?")  # a body, not a title, is asked
    assert who.asks.answer == "name" and not holds_answer(who, "phong trào thi đua “Cả nước chung tay”")


def test_the_kind_of_answer_asked_must_be_in_the_clause():
    assert holds_answer(understand("Nghị quyết 68 ban hành ngày nào?"), "ngày 04/5/2025 của Bộ Chính trị")
    assert not holds_answer(understand("Nghị quyết 68 ban hành ngày nào?"), "về phát triển kinh tế tư nhân")
    assert holds_answer(understand("Có bao nhiêu hợp tác xã?"), "phát triển 50 hợp tác xã")
    assert not holds_answer(understand("Có bao nhiêu hợp tác xã?"), "trên 10.000 ha chè")
    # a congress or a term is numbered in Roman numerals
    assert holds_answer(understand("Bầu cử đại biểu Quốc hội khóa mấy?"), "Bầu cử Đại biểu Quốc hội khóa XVI")
    assert not holds_answer(understand("Bầu cử đại biểu Quốc hội khóa mấy?"), "Bầu cử Đại biểu Quốc hội")
    # what is counted may be the clause's subject, its figure in another unit
    assert holds_answer(understand("Lai Châu có bao nhiêu dân?"), "Dân số đến năm 2030 đạt trên 530 nghìn người")
    assert not holds_answer(understand("Lai Châu có bao nhiêu dân?"), "Tỷ lệ hộ nghèo giảm 3%, người dân được hỗ trợ")
    assert not holds_answer(understand("Diện tích chè bao nhiêu ha?"), "Tỷ lệ che phủ rừng đạt 55%")
    # a year is not the figure asked, unless years are what is asked
    assert not holds_answer(understand("Thu nhập bình quân là bao nhiêu?"), "đến năm 2030 trở thành tỉnh trung bình")
    assert holds_answer(understand("Thu nhập bình quân là bao nhiêu?"), "đến năm 2030 đạt 55,15 triệu đồng")
    assert holds_answer(understand("Diễn tập phòng thủ vào những năm nào?"), "diễn tập khu vực phòng thủ (năm 2027)")


def test_meaning_ranks_the_clause_nearest_the_question_first(plan):
    question = understand("Kế hoạch nói gì về cây quế?")
    direction = np.zeros(len(plan.table.clauses), dtype=np.float32)
    at = next(i for i, c in enumerate(plan.table.clauses) if "quế" in c.text)
    direction[at] = 1.0
    found = plan.weigh(question, query=direction)
    assert max(found, key=lambda c: c.dense).clause.text.startswith("mở rộng diện tích cây quế")


def test_the_asking_part_alone_is_near_what_the_story_drowns(plan):
    question = understand("Nhà tôi ở bản xa, đường khó đi, tỉnh có trồng quế không?")
    clauses = plan.table.clauses
    story = np.zeros(len(clauses), dtype=np.float32)
    story[next(i for i, c in enumerate(clauses) if "ngân sách" in c.text)] = 1.0  # the whole message's meaning
    asking = np.zeros(len(clauses), dtype=np.float32)
    asking[next(i for i, c in enumerate(clauses) if "quế" in c.text)] = 1.0  # the asking part's
    found = weigh(question, plan.hits(question.search_text), plan.table, plan.positions, story, plan.stats,
                  plan.chunks.__getitem__, asking=asking)
    quế = next(c for c in found if "quế" in c.clause.text)
    assert quế.dense == max(c.dense for c in found)


def test_a_word_matched_by_meaning_counts_as_much_as_its_similarity(plan):
    question = understand("Kế hoạch nói gì về cây cinnamon?")
    hit = plan.hits("quế")[0]
    clause = "mở rộng diện tích cây quế, mắc ca"
    without = covers(key_terms(question), hit, clause, plan.stats)
    bridged = covers(key_terms(question), hit, clause, plan.stats, {"cinnamon": (("quế", 0.5),)})
    assert bridged > without


def test_a_follow_up_is_read_with_the_question_before(plan):
    first = understand("Diện tích chè được thâm canh là bao nhiêu ha?")
    follow = resolve("còn cây quế thì sao?", [Turn(first.asked, question=first)])
    found = plan.weigh(follow)
    assert best(found).clause.text.startswith("mở rộng diện tích cây quế")


def test_a_follow_up_on_a_year_is_about_the_clauses_naming_it(plan):
    first = understand("Thu ngân sách nhà nước năm 2025 là bao nhiêu?")
    follow = resolve("thế còn mốc năm 2030?", [Turn(first.asked, question=first)])
    assert best(plan.weigh(follow)).clause.text.startswith("Thu ngân sách nhà nước đến năm 2030")  # no «mốc» needed


def test_the_period_the_plan_covers_says_nothing_of_which_clause_answers(plan):
    assert plan.stats.period == (2026, 2030)
    ours = best(plan.weigh(understand("Giai đoạn 2026-2030 thu ngân sách nhà nước đạt bao nhiêu?")))
    assert ours.clause.text.startswith("Thu ngân sách") and ours.cover == pytest.approx(1.0)
    other = best(plan.weigh(understand("Giai đoạn 2021-2025 thu ngân sách nhà nước đạt bao nhiêu?")))
    assert other.cover < 1.0  # another period is asked about: a clause must say so


def test_the_asker_s_story_can_only_add_to_a_clause_s_cover(plan):
    question = understand("Tôi đang trồng quế với mắc ca. Tỉnh có khuyến khích không?")
    assert best(plan.weigh(question)).clause.text.startswith("mở rộng diện tích cây quế")


def test_a_verb_said_of_the_plan_that_it_never_writes_is_not_missing(plan):
    found = best(plan.weigh(understand("Kể tên các hợp tác xã được nhắc trong kế hoạch")))
    assert "hợp tác xã" in found.clause.text and found.cover == pytest.approx(1.0) and found.missing == 0.0


def test_an_everyday_one_syllable_verb_the_plan_never_writes_is_not_missing(plan):
    said = best(plan.weigh(understand("Cây quế thì tỉnh nhắm vào đâu?")))
    assert said.missing == 0.0  # «nhắm»: how the asker says it, not what the plan lacks
    lacked = best(plan.weigh(understand("Cây quế thì tỉnh tiêm chủng ở đâu?")))
    assert lacked.missing > 0.0  # «tiêm chủng» names a thing the plan never speaks of

