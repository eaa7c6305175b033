"""Words the plan does not use, matched to its own by meaning: which words, and how near is near enough."""

import numpy as np

from assistant.store.bridge import BRIDGE_MIN, Vocabulary, literal_words, words_to_bridge
from assistant.store.vocabulary import prepare
from assistant.understanding.question import understand


def axis(i: int, size: int = 6, lean: int | None = None, by: float = 0.0) -> np.ndarray:
    vector = np.zeros(size, dtype=np.float32)
    vector[i] = 1.0
    if lean is not None:
        vector[lean] = by
    return vector


def vocabulary() -> Vocabulary:
    terms = ["rừng", "nghèo", "điện", "logistics"]
    vectors = np.array([axis(0), axis(1), axis(2), axis(3, lean=4, by=0.9)])
    # everyday English words lie along axis 4, near «logistics»; everyday Vietnamese along axis 5
    references = {"en": np.array([axis(4, lean=i, by=0.1) for i in range(4)]), "vi": np.array([axis(5)] * 4)}
    stored = prepare(terms, vectors, references)
    return Vocabulary([str(t) for t in stored["terms"]], stored["vectors"].astype(np.float32),
                      {k: stored[f"mean_{k}"] for k in ("en", "vi")}, {k: stored[f"hub_{k}"] for k in ("en", "vi")})


def test_a_word_is_matched_to_the_plan_word_it_means():
    found = vocabulary().bridges(["forest"], np.array([axis(0, lean=4, by=0.3)]), "en")
    assert found["forest"][0][0] == "rừng" and found["forest"][0][1] >= BRIDGE_MIN


def test_a_plan_word_near_every_everyday_word_is_near_none_in_particular():
    # «revenue» leans to everyday English as «logistics» does: without the hubness it would match it
    found = vocabulary().bridges(["revenue"], np.array([axis(1, lean=4, by=1.2)]), "en")
    assert found["revenue"][0][0] == "nghèo"


def test_a_word_near_nothing_is_not_bridged():
    assert vocabulary().bridges(["xyz"], np.array([np.ones(6, dtype=np.float32)]), "en") == {}


def test_which_words_are_matched_by_meaning():
    def known(forms):
        return forms[0] in {"rừng", "logistics"}

    english = understand("Which logistics hub will the forest economy need?")
    assert "forest" in words_to_bridge(english, known, 0.3) and "logistics" not in words_to_bridge(english, known, 0.3)
    assert literal_words(english, known) == ["logistics"]  # the plan writes it as it is
    vietnamese = understand("Giờ tỉnh có làm sân golf không?")
    assert words_to_bridge(vietnamese, lambda forms: False, 0.3) == ["golf"]  # «giờ» is everyday, «sân» a common noun
