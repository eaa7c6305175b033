"""Looking up the plan's target records: by the question's words, a value it names, or a target's number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.store.corpus_stats import CorpusStats
from assistant.targets.extract import Target, TargetPostings
from assistant.text.lexicon import term_set, terms
from assistant.text.normalize import fold, match_form
from assistant.text.numbers import plain_number
from assistant.understanding.question import Question, content_terms, understand

# How a record's score is made (the dev set's target questions chose these; see the README):
NAMED_SHARE = 0.8  # of the score, the indicator's own words (with group, unit, year); the rest from its quote
PRECISION_BONUS = 0.1  # times how much of the record's indicator the question names: "dân số", not "dân số đô thị"
UNIT_BONUS, UNIT_PENALTY = 0.1, 0.3  # the question asks for this record's unit ("bao nhiêu phần trăm") / another
MAX_BONUS = PRECISION_BONUS + UNIT_BONUS  # what the bonuses can add at most: records further below are skipped
VALUE_BONUS = 1.0  # the question names this record's value ("96,01% là chỉ tiêu gì?"): it wins
VALUE_MARGIN = 0.3  # ... unless another record matches the question's words by this much more ("rừng đạt 99%?")
YEAR_VALUE_MIN = 0.3  # a year as a value counts only for a record the words match this well ("lương năm 2027")
YEAR_BONUS = 0.05  # the record's year is one the question names
RECORD_FOCUS_MIN = 0.5  # share of a follow-up's focus a record must name
MIN_SCORE = 0.5  # the least score a record needs to be found

def _unit_key(unit: str) -> str:
    return "%" if unit.startswith("%") else unit


@dataclass(frozen=True)
class Match:
    """A target found by a lookup, with how well it matched (1.0 is an exact value or number)."""

    target: Target
    score: float
    by_value: bool = False  # the query named this target's value ("96,01%") or its number ("(15)")


class TargetTable:
    """The plan's target records and the ways to look them up."""

    def __init__(self, targets: list[Target], stats: CorpusStats, postings: TargetPostings | None = None) -> None:
        self.targets = targets
        self.by_id = {t.id: t for t in targets}
        self.stats = stats
        # Which records hold each term (stored with the index, else made here): a look-up adds up the
        # weights of the question's terms over these postings instead of comparing every record.
        postings = postings or TargetPostings.of(targets)
        if postings.named.size != len(targets):
            raise ValueError(f"postings of {postings.named.size} records for {len(targets)} targets")
        self._named, self._quoted = postings.named, postings.quoted
        self._named_terms: dict[int, frozenset[str]] = {}  # made when a follow-up's focus needs them
        self._values = [(plain_number(t.value_text), plain_number(t.value_text.split("-")[-1])) for t in targets]
        self.groups = list(dict.fromkeys(t.group for t in targets))

    def search(self, question: Question | str = "", group: str | None = None, year: str | None = None,
               limit: int = 10, min_score: float = MIN_SCORE, document: str | None = None) -> list[Match]:
        """Targets matching the question's words (diacritics optional), a value it names, or "(n)"; best first.

        A follow-up's focus must be named by the record; with `document`, only its own records are kept.
        """
        question = understand(question) if isinstance(question, str) else question
        pool = [i for i, t in enumerate(self.targets) if _keep(t, group, year) and document in (None, t.document)]
        number = question.target_number
        if number is not None:  # "chỉ tiêu số (15)": that target's figures
            pool = [i for i in pool if self.targets[i].number == number]
            question = question.without_target_number()
        if not question.terms:
            return [Match(self.targets[i], 1.0, by_value=number is not None) for i in pool][:limit]
        wanted = tuple(g for g in question.terms if g[0] not in question.story_terms) or question.terms
        base = (NAMED_SHARE * self.stats.coverage_of_each(wanted, self._named)
                + (1 - NAMED_SHARE) * self.stats.coverage_of_each(wanted, self._quoted))
        best_named = max((base[i] for i in pool), default=0.0)
        asked = set(question.likely_units)  # "bao nhiêu phần trăm" wants a share, not a head count
        precision: dict[str, float] = {}  # per indicator text: many records may share one
        # A question counting something does not ask what its own figure is: «cứ 100 trường thì bao nhiêu trường …?».
        valued = bool(question.values) and not question.asks.counted
        matches = []
        for i in pool:
            target = self.targets[i]
            by_value = valued and not set(self._values[i]).isdisjoint(question.values)
            if base[i] + MAX_BONUS < min_score and not by_value:
                continue  # even the bonuses could not lift it to min_score
            if question.focus_terms and self.stats.coverage(question.focus_terms, self._terms_named(i)) < RECORD_FOCUS_MIN:
                continue
            if target.indicator not in precision:
                precision[target.indicator] = self.stats.coverage(content_terms(target.indicator),
                                                                  term_set(question.search_text))
            score, by_value = _score(target, float(base[i]), best_named, precision[target.indicator], asked,
                                     by_value, question)
            if score >= min_score:
                matches.append(Match(target, round(score, 3), by_value or number is not None))
        matches.sort(key=lambda m: -m.score)
        if number is not None and not matches:  # the number names the target, whatever words go with it
            return [Match(self.targets[i], 1.0, by_value=True) for i in pool][:limit]
        return matches[:limit]

    def _terms_named(self, i: int) -> frozenset[str]:
        if i not in self._named_terms:
            self._named_terms[i] = frozenset(terms(self.targets[i].named))
        return self._named_terms[i]


def _score(target: Target, base: float, best_named: float, precision: float, asked: set[str], by_value: bool,
           question: Question) -> tuple[float, bool]:
    """A record's score from how well the words match, the unit asked, a value or year named; and whether by value."""
    score = base + PRECISION_BONUS * precision
    if asked:
        score += UNIT_BONUS if _unit_key(target.unit) in asked else -UNIT_PENALTY
    if by_value and target.unit == "năm" and score < YEAR_VALUE_MIN:
        by_value = False  # a year alone ("lương năm 2027") does not name a deadline
    if by_value and base + VALUE_MARGIN < best_named:
        by_value = False  # "che phủ rừng đạt 99%?" names forest cover; another target's 99% does not answer it
    score += VALUE_BONUS if by_value else 0.0
    score += YEAR_BONUS if set(question.years) & set(re.findall(r"\d{4}", target.year)) else 0.0
    return score, by_value


def _keep(target: Target, group: str | None, year: str | None) -> bool:
    if group and fold(match_form(group)) not in fold(match_form(target.group)):
        return False
    return not year or year in target.year or year in target.quote
