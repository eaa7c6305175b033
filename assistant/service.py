"""The assistant: settings, index and answering wired together behind one `ask`."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from assistant.answering.answer import answer
from assistant.answering.attribution import attribute
from assistant.answering.decision import decide
from assistant.answering.evidence import candidates_for
from assistant.answering.gather import gather
from assistant.answering.progress_reply import asks_done_in, progress_answer, under_decline
from assistant.answering.reply import Answer
from assistant.config import Settings
from assistant.documents.kinds import KINDS, set_kind
from assistant.documents.outline import Outline
from assistant.errors import AssistantError
from assistant.generation.chat_model import endpoint_secrets, make_chat_model
from assistant.generation.generate import Generator
from assistant.monitoring.progress import Progress
from assistant.store.clauses import unit_rows
from assistant.store.embeddings import embed_queries, make_embeddings
from assistant.store.indexing import Index, open_index
from assistant.store.library import Added, add_files
from assistant.store.progress import Report, told_waiting
from assistant.store.scopes import Scopes
from assistant.store.shelf import Shelf, shelve
from assistant.store.writing import writing
from assistant.targets.extract import Target
from assistant.targets.tool import make_lookup_tool
from assistant.text.diacritics import Restorer
from assistant.text.normalize import fold, nfc
from assistant.understanding.conversation import Source, Turn, resolve
from assistant.understanding.input_checks import check_question
from assistant.understanding.question import Question
from assistant.understanding.routing import Router

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timed:
    """An answer, the question as understood, and how long it took in milliseconds."""

    answer: Answer
    latency_ms: float
    question: Question
    retrieval_ms: float = 0.0  # of latency_ms: passage retrieval and target look-up
    turn: Turn | None = None  # the exchange as a conversation remembers it
    final: bool = True  # False while a chat model is still writing: shown, not yet the answer
    scope: tuple[str, ...] | None = None  # the documents the answer was read in (None: the whole library)


@dataclass(frozen=True)
class _State:
    """Everything an answer reads, made from one index and swapped in whole when the corpus grows."""

    scopes: Scopes
    router: Router
    generator: Generator | None
    shelf: Shelf  # each document's kind: plan, yearly report, other
    restorer: Restorer  # puts back the diacritics of a question typed without them, knowing the documents' words
    progress: list[Progress] = field(default_factory=list)  # the reports' links, read when first asked for

    @property
    def index(self) -> Index:
        return self.scopes.library.index

    @property
    def outline(self) -> Outline:
        return self.scopes.library.outline


class Assistant:
    """Answers questions about the plan from a loaded index."""

    def __init__(self, settings: Settings, index: Index, chat_model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self._chat_model = chat_model
        self._linking = threading.Lock()
        self._state = self._make_state(index)

    def _make_state(self, index: Index) -> _State:
        main = self.settings.main_document
        if main and main not in index.documents:
            raise AssistantError(f"ASSISTANT_MAIN_DOCUMENT=«{main}» không có trong kho. Chọn một trong: "
                                 f"{', '.join(index.documents)}, hoặc bỏ trống để hỏi cả kho.")
        shelf = shelve(index, self.settings.corpus_dir, main)
        router = Router(index.documents, index.facts, main or None, frozenset(shelf.reports))
        scopes = Scopes(index, router.home, ready=(router.main,) if router.main else None, with_targets=shelf.with_targets)
        library = scopes.library
        generator = None
        if self._chat_model is not None:  # the timeout and credentials come from the settings, as the model was made
            plan = f"kế hoạch của tỉnh {library.stats.home}" if library.stats.home else "kế hoạch"
            generator = Generator(self._chat_model, make_lookup_tool(library.targets), plan, self.settings.llm_timeout,
                                  endpoint_secrets(self.settings.llm_base_url, self.settings.llm_api_key), index.chunk)
        return _State(scopes, router, generator, shelf, Restorer(chunk.text for chunk in index.chunks))

    # What the current index holds, the whole library (each read once per answer, so an answer never mixes two indexes).
    index = property(lambda self: self._state.scopes.library.index)
    stats = property(lambda self: self._state.scopes.library.stats)
    targets = property(lambda self: self._state.scopes.library.targets)
    outline = property(lambda self: self._state.scopes.library.outline)

    @property
    def generator(self) -> Generator | None:
        return self._state.generator

    @generator.setter
    def generator(self, generator: Generator | None) -> None:
        self._state = replace(self._state, generator=generator)

    @classmethod
    def from_settings(cls, settings: Settings, embeddings: Embeddings | None = None,
                      chat_model: BaseChatModel | None = None, report: Report | None = None) -> Assistant:
        """Load (building what is missing or stale) the index the settings describe; use an LLM if one is configured."""
        embeddings = embeddings or make_embeddings(settings.embeddings)
        if chat_model is None and settings.llm_base_url:
            chat_model = make_chat_model(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)
        return cls(settings, open_index(settings, embeddings, report=report), chat_model)

    def progress(self) -> Progress:
        """The yearly reports' figures linked to the plan's targets (read once per index, when first asked for)."""
        return self._progress(self._state)

    def plan_targets(self) -> list[Target]:
        """The targets of the plan the reports are read against (the main document, else every plan)."""
        state = self._state
        return state.scopes.get(state.shelf.plan_scope).targets.targets

    def _progress(self, state: _State) -> Progress:
        with self._linking:
            if not state.progress:
                state.progress.append(self._read_progress(state))
        return state.progress[0]

    def _read_progress(self, state: _State) -> Progress:
        index, shelf = state.index, state.shelf
        reports = {name: index.parts[name].chunks for name in shelf.reports}
        embeddings = index.vectors.embeddings
        return Progress.read(reports, shelf.kinds, state.scopes.get(shelf.plan_scope).targets.targets,
                             lambda texts: unit_rows(embed_queries(embeddings, texts)))

    def add_files(self, sources: list[Path], report: Report | None = None, kind: str = "") -> Added:
        """Check, copy and index new files (see `library.add_files`); answers use the old index until the new is whole.

        With `kind` (plan, report, other), the new documents are of that kind; else it is read from their text.
        """
        with writing(self.settings.index_dir, told_waiting(report, len(sources))):  # one writer at a time
            added = add_files(self.settings, sources, self.index.vectors.embeddings, report)
            for document in added.documents if kind else ():
                set_kind(self.settings.corpus_dir, document.name, kind)
            self._state = self._make_state(added.index)  # in the lock: a later add's state is never overwritten
        kinds = self._state.shelf.kinds
        return replace(added, kinds={d.name: KINDS[kinds[d.name].kind] for d in added.documents if d.name in kinds})

    def ask(self, question: str, history: Sequence[Turn] = (), document: str | None = None) -> Timed:
        """Answer one question, read after the conversation's earlier turns (oldest first).

        With `document`, only that document of the corpus is searched. Raises `AssistantError` for a
        question that cannot be asked or a document that is not in the corpus.
        """
        for timed in self.ask_stream(question, history, document):
            if timed.final:
                return timed
        raise AssertionError("ask_stream ended without an answer")  # pragma: no cover

    def ask_stream(self, question: str, history: Sequence[Turn] = (),
                   document: str | None = None) -> Iterator[Timed]:
        """The answer as it may be shown, ending with the one whose `final` is set.

        With a chat model: the extractive answer at once, then the model's answer as its checked
        sentences grow (no sources yet), then the finished answer — the model's, or the extractive
        one with a note. A decline is final unless the evidence made it close to answering
        (`Answer.may_rescue`): then the model reads its closest passages and may answer from them.
        Only text that passed the checks is ever in an event.
        """
        document = self.document(document)
        state = self._state  # one index for the whole answer, the model's part included
        extractive = self._extractive(question, history, state, document)
        declined = extractive.answer.refused
        reported = any(c.chunk.document in state.shelf.reports for c in extractive.answer.citations)
        if state.generator is None or (declined and not extractive.answer.may_rescue) or reported:
            yield extractive  # what a report says stays as quoted, beside the plan's target
            return
        titles = state.shelf.titles  # a model speaks of «kế hoạch»: another document it words is named as it is
        yield replace(extractive, final=False)
        if declined:  # close to answering: the model reads the closest passages, and may say the plan is silent
            deltas = state.generator.rescue(extractive.question, extractive.answer)
        else:  # the model's look-up stays in the documents the answer was read in: the chosen one, or the main plan
            lookup = make_lookup_tool(state.scopes.get(extractive.scope).targets)
            deltas = state.generator.with_lookup(lookup).stream(extractive.question, extractive.answer)
        started = time.perf_counter()
        for delta in deltas:
            if delta.answer is None:
                writing = replace(extractive.answer, text=delta.text, citations=(), via="llm", refused=False)
                yield replace(extractive, answer=attribute(writing, titles), final=False)
            else:
                elapsed = extractive.latency_ms + (time.perf_counter() - started) * 1000
                final = attribute(delta.answer, titles)
                yield replace(extractive, answer=final, latency_ms=elapsed, turn=self._turn(extractive.question, final, state))

    def document(self, name: str | None) -> str | None:
        """The corpus document `name` stands for (its file name, any case, with or without extension); None for all.

        The name is only compared with the indexed documents' names, never used as a path.
        """
        if name is None or not name.strip():
            return None
        wanted = fold(nfc(name.strip()).lower())
        for document in self.index.documents:
            if wanted in (fold(document.lower()), fold(document.rsplit(".", 1)[0].lower())):
                return document
        raise AssistantError(
            f"Không có tài liệu «{name.strip()[:100]}» trong kho. Chọn một trong: {', '.join(self.index.documents)}."
        )

    def _extractive(self, question: str, history: Sequence[Turn], state: _State, document: str | None = None) -> Timed:
        started = time.perf_counter()
        history = [t for t in history if t.question is not None]  # an error's turn asked nothing that was understood
        understood = resolve(check_question(question), history, state.restorer.restore)
        if understood.progress and document is None and state.shelf.reports:  # the reports answer, linked to the plan
            found = self._from_reports(understood, state, started)
            if found is not None:
                return found
        retrieved, result, read_in = 0.0, None, None
        for name in state.router.scopes(understood.text, document):  # the next scope only when one has nothing
            begun = time.perf_counter()
            scope = state.scopes.get(name)  # a document's scope holds only that document
            evidence = gather(understood, history, scope.index, scope.outline, scope.targets, self.settings.top_k,
                              self.settings.fusion, known=scope.stats.known)
            retrieved += (time.perf_counter() - begun) * 1000
            weighed = evidence.question or understood
            decision = decide(weighed, candidates_for(weighed, evidence, scope.index, scope.stats))
            found = attribute(answer(weighed, evidence, decision, scope.stats, scope.outline), state.shelf.titles)
            if result is None or not found.refused:  # when every scope declines, the first one's decline
                result, read_in = found, name
            if not found.refused:
                break
        if result.refused and document is None and asks_done_in(understood, state.shelf.reported_years):
            # «Năm 2027 … được bao nhiêu?»: the plan sets targets and reports nothing, and its decline stands as it
            # would without reports; what a report says of that year is shown under it, named as the report's.
            found = self._from_reports(understood, state, started)
            if found is not None and not found.answer.refused:
                result = under_decline(result, found.answer)
        elapsed = (time.perf_counter() - started) * 1000
        log.debug("answered in %.1f ms via %s", elapsed, result.via)
        return Timed(result, elapsed, understood, retrieved, self._turn(understood, result, state), scope=read_in)

    def _from_reports(self, understood: Question, state: _State, started: float) -> Timed | None:
        """The answer from the yearly reports' figures linked to the plan's targets; None when it names no target."""
        begun = time.perf_counter()
        result = progress_answer(understood, self._progress(state), state.scopes.get(state.shelf.plan_scope).targets,
                                 state.index.chunk, state.shelf.headers)
        if result is None:
            return None
        elapsed = (time.perf_counter() - started) * 1000
        return Timed(result, elapsed, understood, (time.perf_counter() - begun) * 1000, self._turn(understood, result, state))

    def _turn(self, question: Question, result: Answer, state: _State) -> Turn:
        """What a conversation keeps of an exchange: the question, the answer, and what it rested on."""
        chunks = tuple(c.chunk.id for c in result.citations if state.index.has_chunk(c.chunk.id))
        sections = result.sections or tuple(
            dict.fromkeys(s.id for c in result.citations if (s := state.outline.of_chunk(c.chunk)) is not None))
        sources = tuple(Source(c.number, c.label, c.chunk.id, c.quote) for c in result.citations)
        return Turn(question.asked, result.text, sources, question, chunks, sections, result.targets, result.items,
                    result.refused, result.path, result.fallback)
