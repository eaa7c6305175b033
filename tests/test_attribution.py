"""An answer read in a report names the report, never «kế hoạch»; the plan's own answers are left as they are."""

from assistant.answering.attribution import MIXED, attribute
from assistant.answering.reply import Answer, Citation
from assistant.documents.chunking import Chunk

TITLE = "Báo cáo số 415/BC-UBND ngày 05/12/2026"


def _chunk(document: str, text: str) -> Chunk:
    return Chunk(f"{document}#1", document, text, "I > 1.", ("I", "1."), None, 0, len(text))


def _answer(text: str, *documents: str) -> Answer:
    citations = tuple(Citation(i, _chunk(d, "Kế hoạch năm 2027 đạt 51,2%."), "Kế hoạch năm 2027 đạt 51,2%.")
                      for i, d in enumerate(documents, start=1))
    return Answer(text, False, citations, ())


def test_a_report_is_named_where_the_answer_speaks_for_the_plan_but_its_quoted_words_stay():
    found = attribute(_answer("Theo kế hoạch:\n«Kế hoạch năm 2027 đạt 51,2%.» [1]", "bc.txt"), {"bc.txt": TITLE})
    assert found.text == f"Theo {TITLE}:\n«Kế hoạch năm 2027 đạt 51,2%.» [1]"


def test_a_decline_read_in_a_report_names_the_report():
    text = "Kế hoạch không nêu số liệu năm 2029.\n\nNhững đoạn gần nhất trong kế hoạch:\n- «Kế hoạch năm 2027.» [1]"
    found = attribute(Answer(text, True, _answer("", "bc.txt").citations, ()), {"bc.txt": TITLE})
    assert found.text.startswith(f"{TITLE} không nêu số liệu năm 2029.")
    assert f"trong {TITLE}:" in found.text and "«Kế hoạch năm 2027.»" in found.text


def test_the_plan_answers_as_the_plan_and_several_documents_together_as_those_cited():
    plan = _answer("Theo kế hoạch: «…» [1]", "kh.txt")
    assert attribute(plan, {"bc.txt": TITLE}) is plan
    assert attribute(_answer("Theo kế hoạch: «…» [1] «…» [2]", "kh.txt", "bc.txt"),
                     {"bc.txt": TITLE}).text == f"Theo {MIXED}: «…» [1] «…» [2]"
    declined = Answer("Kế hoạch không nêu điều này.", True, _answer("", "kh.txt", "bc.txt").citations, ())
    assert attribute(declined, {"bc.txt": TITLE}).text == "Các tài liệu được trích dẫn không nêu điều này."
