"""One answer as a result line in the format the team's scorer reads (`../shared/eval/score.py`)."""

from __future__ import annotations

from assistant.service import Timed


def result_record(question_id: str, timed: Timed) -> dict:
    """A result line in the format `../shared/eval/score.py` reads."""
    answer = timed.answer
    return {
        "id": question_id,
        "answer": answer.text,
        "refused": answer.refused,
        "citations": [
            {"number": c.number, "text": c.chunk.text, "quote": c.quote, "section": c.chunk.section,
             "page": c.chunk.page, "document": c.chunk.document}
            for c in answer.citations
        ],
        "contexts": [
            {"id": h.chunk.id, "text": h.chunk.text, "section": h.chunk.section, "score": round(h.score, 4)}
            for h in answer.hits
        ],
        "via": answer.path,
        "fallback": answer.fallback,
        "latency_ms": round(timed.latency_ms, 2),
    }
