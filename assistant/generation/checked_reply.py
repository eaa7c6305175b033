"""A model's reply as it streams in, sentence by sentence through the checks: what is shown, dropped or rejected."""

from __future__ import annotations

import logging
import re

from assistant.answering.guard import check_sentence

log = logging.getLogger("assistant.generation.generate")  # one log for the model path
_SENTENCE_DONE = re.compile(r"^(.*?[.!?…](?:\s*\[\d{1,2}\])*[.]?)\s+(?=\S)|^(.*?)\n", re.DOTALL)


class CheckedReply:
    """The model's sentences as they are checked: those shown, those dropped, and whether the reply is rejected."""

    def __init__(self, question: str, sources: dict[int, str]) -> None:
        self.question, self.sources = question, sources
        self.pending, self.shown, self.dropped, self.rejected = "", [], [], ""
        self.cites: list[int] = []
        self.looked_up: dict[int, str] = {}  # source number → id of the chunk of a record a look-up returned
        self.received = False

    def add(self, piece: str, final: bool = False) -> bool:
        """Take more of the reply; True when a sentence was shown."""
        self.pending += piece
        self.received |= bool(piece.strip())
        grew = False
        while not self.rejected:
            done = _SENTENCE_DONE.match(self.pending)
            if done is None and not (final and self.pending.strip()):
                break
            sentence = (done.group(1) or done.group(2)) if done else self.pending
            line_ends = bool(done and done.group(2) is not None)
            self.pending = self.pending[done.end():] if done else ""
            grew |= self._check(sentence.strip(), "\n" if line_ends else " ")
        return grew

    def _check(self, sentence: str, after: str) -> bool:
        if not any(ch.isalpha() for ch in sentence):  # a lone «[1]» or «-»: nothing to show on its own
            return False
        verdict = check_sentence(sentence, self.question, self.sources)
        if verdict.ok:
            self.shown.append((verdict.sentence, after))
            self.cites += [n for n in verdict.cites if n not in self.cites]
            return True
        if verdict.why == "declines":  # the evidence answered: a reply that says the plan is silent is wrong
            self.rejected = "declined"
        log.debug("model sentence not shown (%s): %r", verdict.why, sentence[:300])
        self.dropped.append(verdict.why)
        return False

    @property
    def text(self) -> str:
        """The sentences shown, each line break of the reply kept."""
        return "".join(f"{sentence}{after}" for sentence, after in self.shown).strip()
