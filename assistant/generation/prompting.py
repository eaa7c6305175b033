"""What a chat model is sent: the passages the extractive answer cites, trimmed to their sentences, and that answer.

Prompt size is the cost on a CPU (about 14 ms a token for a 1.5B model on 2 cores), so only what
the answer needs is sent; the numbering is the extractive answer's, so its [n] mean the same.
"""

from __future__ import annotations

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.answering.reply import Answer, Citation
from assistant.generation.prompts import render
from assistant.text.normalize import match_form
from assistant.text.sentences import sentences


def trimmed(citation: Citation) -> str:
    """The sentences of a cited passage that hold what it is cited for (the whole passage if none does)."""
    quote = match_form(citation.quote)
    held = [s.strip() for s in sentences(citation.chunk.text) if quote[:40] in match_form(s) or match_form(s) in quote]
    return " ".join(held) or citation.chunk.text


def sources(extractive: Answer) -> dict[int, str]:
    """The numbered passages a model's answer may cite, as checks read them: the passage with its label."""
    return {c.number: c.source for c in extractive.citations}


def messages(question: str, extractive: Answer, plan_title: str) -> list[BaseMessage]:
    """The conversation sent to the model: the rules, the trimmed passages and the draft, then the question."""
    passages = "\n".join(f"[{c.number}] {trimmed(c)}" for c in extractive.citations)
    # The draft in plain words: the table's statement without the quote it repeats, and no «…», which a
    # small model copies around words of its own (a quote the checks then rightly refuse).
    draft = extractive.text.split("\nNguyên văn:")[0].replace("«", "").replace("»", "").strip()
    return [SystemMessage(render("system", plan_title=plan_title, passages=passages, draft=draft)),
            HumanMessage(render("question", question=question))]


def rescue_messages(question: str, decline: Answer, plan_title: str) -> list[BaseMessage]:
    """The conversation for a question the quoted path declined close to its bar: the closest passages, no draft,
    and leave to say the plan is silent."""
    passages = "\n".join(f"[{c.number}] {trimmed(c)}" for c in decline.citations)
    return [SystemMessage(render("rescue", plan_title=plan_title, passages=passages)),
            HumanMessage(render("question", question=question))]


def tool_passage(number: int, record: dict) -> str:
    """A target record a look-up returned, as a numbered passage for the next round."""
    return f"[{number}] {record.get('quote', '')} ({record.get('section', '')})"
