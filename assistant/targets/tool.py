"""The target look-up as a LangChain tool, for a chat model that may call it."""

from __future__ import annotations

from dataclasses import asdict

from langchain_core.tools import BaseTool, tool

from assistant.targets.table import TargetTable

TOOL_NAME = "tra_cuu_chi_tieu"


def make_lookup_tool(table: TargetTable) -> BaseTool:
    """The look-up over `table` (a scope's: only its documents' targets), described in Vietnamese for the model."""

    @tool(TOOL_NAME)
    def lookup(query: str, group: str = "", year: str = "") -> list[dict]:
        """Tra cứu chỉ tiêu, con số trong kế hoạch theo từ khóa (có dấu hoặc không dấu, chữ viết tắt như BHYT, THCS),
        theo nhóm (kinh tế, xã hội, môi trường, hoặc tên nhiệm vụ), theo năm, hoặc ngược lại theo giá trị
        ("96,01%") hay số thứ tự chỉ tiêu ("(15)"). Trả về danh sách chỉ tiêu kèm đoạn trích và vị trí nguồn."""
        found = table.search(query, group or None, year or None)
        return [asdict(m.target) | {"score": m.score} for m in found]

    return lookup
