"""Adding documents to the corpus, all or nothing: every file checked first, then copied, then indexed.

One bad file and nothing is copied; a build that fails takes the copies back out, so the corpus
still matches the index in use. The command line's `add` and the web app's «Thêm tài liệu» both
come here, and say the same things. One change at a time: an `add` that finds another running
(in this process or another) waits for it, and says so through its report.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.documents.corpus import STAGING, add_document, check_document
from assistant.documents.ingest import Document
from assistant.documents.reading import Limits
from assistant.errors import AssistantError
from assistant.store.indexing import Index, open_index
from assistant.store.progress import Report, told_waiting
from assistant.store.writing import writing

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Added:
    """What adding files did: each file's document and whether it was already there, and the new index."""

    documents: list[Document]
    present: set[str]  # names of files the corpus already held, byte for byte
    index: Index
    kinds: dict[str, str] = field(default_factory=dict)  # each document's kind as the app names it, once known

    def lines(self) -> list[str]:
        """One Vietnamese line per file, then one for the index."""
        lines = []
        for document in self.documents:
            pages = max((p.page or 0 for p in document.paragraphs), default=0)
            size = f"{pages} trang, " if pages else ""
            state = "đã có trong kho (giống hệt), bỏ qua" if document.name in self.present else "đã thêm vào kho tài liệu"
            kind = f"; loại: {self.kinds[document.name]}" if document.name in self.kinds else ""
            lines.append(f"«{document.name}»: {state} ({size}{len(document.paragraphs)} đoạn{kind}).")
        lines.append(f"Chỉ mục sẵn sàng: {len(self.index.documents)} tài liệu, {len(self.index.chunks)} đoạn.")
        return lines


def add_files(settings: Settings, sources: list[Path], embeddings: Embeddings, report: Report | None = None,
              client=None) -> Added:
    """Check, copy and index `sources`; raise `AssistantError` (and change nothing) for the first bad one."""
    names = [source.name for source in sources]
    repeated = next((name for name in names if names.count(name) > 1), None)
    if repeated:
        raise AssistantError(f"Có nhiều tệp cùng tên «{repeated}». Hãy đổi tên để mỗi tệp một tên.")
    with writing(settings.index_dir, told_waiting(report, len(sources))):
        _forget_half_added(settings.corpus_dir)
        limits = Limits.of(settings)
        documents = [check_document(source, settings.corpus_dir, limits) for source in sources]
        present = {name for name in names if (settings.corpus_dir / name).exists()}  # the same bytes are already there
        added = []
        try:
            for source in sources:
                if source.name not in present:
                    added.append(add_document(source, settings.corpus_dir, limits))
            index = open_index(settings, embeddings, client=client, report=report)
        except BaseException:  # the corpus goes back to what it was, so the old index still matches it
            for path in added:
                path.unlink(missing_ok=True)
            raise
    return Added(documents, present, index)


def _forget_half_added(corpus_dir: Path) -> None:
    """Remove the staging folders of copies a killed `add` left (the lock's holder alone adds)."""
    for staging in corpus_dir.glob(f"{STAGING}*") if corpus_dir.is_dir() else ():
        log.warning("removing %s, left by an add that did not finish", staging)
        shutil.rmtree(staging, ignore_errors=True)
