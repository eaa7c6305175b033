"""Handlers of the «Tra cứu chỉ tiêu» tab: filtered rows, a row's source passage, the CSV download."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

from assistant.service import Assistant
from assistant.targets.export import rows, to_csv
from assistant.web.chat import scope

ALL_GROUPS = "Tất cả"
TABLE_COLUMNS = ["number", "group", "indicator", "figure", "year", "section"]


def search_targets(assistant: Assistant, query: str, group: str, year: str,
                   document: str | None = None) -> tuple[list[list[str]], list[str]]:
    """Rows of the targets matching the filters, and their ids (to find a row's source later)."""
    chosen = None if not group or group == ALL_GROUPS else group
    found = [m.target for m in assistant.targets.search(query or "", chosen, (year or "").strip() or None, limit=1000,
                                                        document=assistant.document(scope(document)))]
    return [[row[k] for k in TABLE_COLUMNS] for row in rows(found)], [t.id for t in found]


def target_source(assistant: Assistant, ids: list[str], row: int) -> str:
    """The passage a table row comes from, with the row's words in bold, as safe Markdown."""
    if not 0 <= row < len(ids) or ids[row] not in assistant.targets.by_id:
        return ""
    target = assistant.targets.by_id[ids[row]]
    passage = html.escape(assistant.index.chunk(target.chunk_id).text, quote=False)
    quote = html.escape(target.quote, quote=False)
    passage = passage.replace(quote, f"**{quote}**", 1)
    page = f", trang {target.page}" if target.page else ""
    return f"**Nguồn:** {html.escape(target.section, quote=False)}{page} — {html.escape(target.document)}\n\n{passage}"


def targets_csv(assistant: Assistant, ids: list[str], folder: Path) -> str:
    """Write the listed targets as CSV into `folder`; return the file's path for download."""
    chosen = [assistant.targets.by_id[i] for i in ids if i in assistant.targets.by_id]
    text = to_csv(chosen)
    path = folder / f"chi-tieu-{hashlib.sha1(text.encode()).hexdigest()[:10]}.csv"
    path.write_text(text, encoding="utf-8-sig")  # with a BOM so spreadsheet programs read Vietnamese right
    return str(path)
