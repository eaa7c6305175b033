"""The decision on fixed evidence records: how candidates are ranked, and answer, caveat or decline."""

from dataclasses import replace

from assistant.answering.decision import DECIDING, Model, decide, model, part_ranked, ranked
from assistant.answering.evidence import Candidate
from assistant.answering.retrieval import Hit
from assistant.documents.chunking import Chunk
from assistant.store.clauses import Clause
from assistant.understanding.question import understand

CHUNK = Chunk("plan.txt#1", "plan.txt", "…", "I > (1)", (), None, 0, 1)


def candidate(text: str, cover: float = 0.0, dense: float = 0.0, missing: float = 0.0, typed: bool = False,
              type_ok: bool = True, rank: int = 1, sentence: int = 0) -> Candidate:
    return Candidate(Clause(0, sentence, 0, text), Hit(CHUNK, 1.0, rank, rank), rank, cover, missing, dense,
                     type_ok, typed, rank == 1)


def test_the_two_rankings_are_fused_by_reciprocal_rank():
    found = [candidate("words", cover=0.9, dense=0.0), candidate("meaning", cover=0.1, dense=3.0),
             candidate("both", cover=0.8, dense=2.5), candidate("d", cover=0.5, dense=1.0), candidate("e", cover=0.4, dense=2.0)]
    # second in each (1/61 + 1/61) beats first in one and last in the other (1/60 + 1/64) when the constant is large
    assert ranked(found, fusion=60.0)[0][1].clause.text == "both"
    # with a small one, a clause first in either ranking leads
    assert ranked(found, fusion=1.0)[0][1].clause.text in ("words", "meaning")


def test_without_meaning_the_words_alone_rank():
    words, meaning = candidate("words", cover=0.9, dense=0.0), candidate("meaning", cover=0.2, dense=4.0)
    assert ranked([meaning, words], by_meaning=False)[0][1].clause.text == "words"


def test_a_tie_between_the_two_rankings_goes_to_the_passage_searched_first():
    words = candidate("first by words", cover=0.9, dense=2.0, rank=1)
    meaning = candidate("first by meaning", cover=0.8, dense=3.0, rank=3)
    for order in ([meaning, words], [words, meaning]):
        assert [c.clause.text for _, c in ranked(order)] == ["first by words", "first by meaning"]
    assert ranked([meaning, replace(words, rank=0)])[0][1].clause.text == "first by meaning"  # found by meaning alone


def test_a_clause_without_the_kind_of_answer_asked_comes_after_those_with_it():
    no_figure = candidate("no figure", cover=1.0, dense=5.0, typed=True, type_ok=False)
    figure = candidate("figure", cover=0.3, dense=0.1, typed=True, type_ok=True)
    assert ranked([no_figure, figure])[0][1].clause.text == "figure"


def test_the_asker_s_story_settles_clauses_the_question_s_own_words_tie_on():
    other = candidate("hoàn thành nhà ở xã hội", cover=1.0, dense=2.0)
    told = replace(candidate("hoàn thành trường nội trú xã biên giới", cover=1.0, dense=2.0), story=0.8)
    assert ranked([other, told], by_meaning=False)[0][1].clause.text == told.clause.text
    assert ranked([replace(told, cover=0.9), other], by_meaning=False)[0][1] is other  # only a tie


FIXED = Model(DECIDING, tuple(1.0 if f == "cover" else 0.0 for f in DECIDING), -0.5, answer_at=0.6, caveat_at=0.5)


def test_the_verdict_follows_the_model_s_bars():
    question = understand("Tỷ lệ che phủ rừng?")
    assert decide(question, [candidate("c", cover=1.0)], FIXED).verdict == "answer"  # σ(0.5) = 0.62
    assert decide(question, [candidate("c", cover=0.55)], FIXED).verdict == "caveat"  # σ(0.05) = 0.51
    assert decide(question, [candidate("c", cover=0.2)], FIXED).verdict == "decline"
    assert decide(question, [], FIXED).verdict == "decline"


def test_parts_are_decided_together_as_well_as_whole():
    question = understand("Tỷ lệ che phủ rừng và thu ngân sách là bao nhiêu?")
    assert len(question.parts) == 2
    each = [replace(candidate("rừng", cover=0.5, sentence=0), part_covers=(1.0, 0.0)),
            replace(candidate("ngân sách", cover=0.5, sentence=1), part_covers=(0.0, 1.0))]
    assert decide(question, each, FIXED).verdict == "answer"


def test_each_part_ranks_clauses_by_the_kind_of_answer_it_asks():
    # «Tỉnh có những vùng kinh tế nào? Còn di tích quốc gia thì bao nhiêu % được tu bổ?»: words, then a figure
    words = replace(candidate("2 vùng kinh tế: vùng động lực, vùng sông Đà", cover=0.5, sentence=0, typed=True, type_ok=False),
                    part_covers=(0.8, 0.0), part_types=((False, False), (True, False)))
    figure = replace(candidate("70% di tích quốc gia được tu bổ", cover=0.5, sentence=1, typed=True, type_ok=True),
                     part_covers=(0.1, 1.0), part_types=((False, True), (True, True)))
    firsts = [part_ranked([figure, words], i, 1.0)[0][1].clause.text for i in range(2)]
    assert firsts == [words.clause.text, figure.clause.text]


def test_the_shipped_model_answers_what_is_covered_and_declines_what_the_plan_lacks():
    question = understand("Tỷ lệ che phủ rừng đạt bao nhiêu?")
    covered = candidate("Tỷ lệ che phủ rừng đạt 55%", cover=1.0, dense=4.0, typed=True, type_ok=True)
    assert decide(question, [covered]).verdict == "answer"
    lacking = candidate("Quan tâm xây dựng công trình", cover=0.1, dense=1.0, missing=0.6, rank=3)
    assert decide(understand("Tỉnh có xây sân golf không?"), [lacking]).verdict == "decline"
    assert set(model().features) == set(DECIDING) and 0 < model().caveat_at <= model().answer_at < 1


def test_an_english_question_is_answered_by_the_nearest_clause_holding_the_kind_asked():
    """Its words meet the plan's only through loose bridges: the meaning model judges the clause nearest in
    meaning among those holding a figure, not a nearer one without any."""
    question = understand("What forest cover rate does the plan set?")
    assert question.language == "en" and question.asks.answer == "figure"
    wordy = candidate("phấn đấu phủ xanh rừng", cover=0.8, dense=4.0, typed=True, type_ok=False)
    figure = candidate("Tỷ lệ che phủ rừng đạt 55%", cover=0.3, dense=3.5, typed=True, type_ok=True, rank=2)
    assert decide(question, [wordy, figure]).verdict == "answer"
    assert decide(question, [wordy]).verdict == "decline"
