"""What a model's answer must keep of the quoted answer it rewords: the figures it states, the names the
question asks about, and the plan's own words. Read from the quoted answer's data (`must_keep`, its citations)."""

from __future__ import annotations

import re

from assistant.answering.guard import figures, keeps_the_plans_words
from assistant.answering.reply import Answer
from assistant.text.normalize import fold, match_form
from assistant.text.segment import tagged_words
from assistant.understanding.question import Question

_WORD = re.compile(r"[^\W_]+")


def asked_names(question: Question, extractive: Answer, plan_title: str = "") -> set[str]:
    """The proper names of the quoted clauses that the question names too («Vân Nam», «Nậm Na»), as `_spaced`;
    not the plan's own province, which `plan_title` names and an answer need not repeat."""
    asked, own = _spaced(question.search_text), _spaced(plan_title)
    names = set()
    for citation in extractive.citations:
        for word, tag in tagged_words(citation.quote):
            name = _spaced(word.replace("_", " "))
            if tag == "Np" and name in asked and name not in own:
                names.add(name)
    return names


def left_out(question: Question, extractive: Answer, reply: str, plan_title: str = "") -> str:
    """Why a model's checked answer cannot stand for the quoted one («figure left out», «name left out», «plan's
    words left out»), or "" when it keeps what the quoted answer had."""
    if set(extractive.must_keep) - {value for value, _ in figures(reply)}:
        return "figure left out"
    written = _spaced(reply)
    if any(name not in written for name in asked_names(question, extractive, plan_title)):
        return "name left out"
    quoted = " ".join(c.quote for c in extractive.citations)
    if extractive.via == "passages" and not keeps_the_plans_words(reply, question.text, quoted):
        return "plan's words left out"
    return ""


def _spaced(text: str) -> str:
    """The words of `text` in match form without diacritics, space-separated and space-padded: « van nam »."""
    return " " + " ".join(_WORD.findall(fold(match_form(text)))) + " "
