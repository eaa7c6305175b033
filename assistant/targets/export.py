"""The target records as people read them: a figure as a phrase, table rows, CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, fields

from assistant.targets.extract import Target
from assistant.text.units import with_unit

COLUMNS = {"number": "Chỉ tiêu", "group": "Nhóm", "indicator": "Nội dung", "figure": "Mục tiêu", "year": "Năm",
           "section": "Vị trí trong kế hoạch", "quote": "Nguyên văn"}


def statement(target: Target) -> str:
    """The figure as a phrase: qualifier, value, unit and year, in the plan's notation ("trên 4.500 tỷ đồng (năm 2030)")."""
    unit, value_text = target.unit, target.value_text
    value = with_unit(value_text, unit)
    if unit in ("năm", "mức độ"):
        value = f"{unit} {value_text}"
    words = [target.qualifier if target.qualifier not in ("trở lên", "") else "", value,
             "trở lên" if target.qualifier == "trở lên" else ""]
    phrase = " ".join(w for w in words if w)
    if target.year and target.year not in phrase:
        year = target.year
        when = year if not year[0].isdigit() else ("giai đoạn " if "-" in year else "năm ") + year
        phrase += f" ({when})"
    return phrase


def rows(targets: list[Target]) -> list[dict[str, str]]:
    """One display row per target, keyed as `COLUMNS`, in the plan's notation."""
    return [
        {"number": f"({t.number})" if t.number else "", "group": t.group, "indicator": t.indicator,
         "figure": statement(t), "year": t.year, "section": t.section, "quote": t.quote}
        for t in targets
    ]


def to_csv(targets: list[Target]) -> str:
    """Every field of every target as CSV (UTF-8 text with a header row)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f.name for f in fields(Target)])
    writer.writeheader()
    writer.writerows(asdict(t) for t in targets)
    return out.getvalue()
