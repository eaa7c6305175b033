"""Tool calls as small models write them into the text of a reply, read back into calls.

Servers built on llama.cpp (llama-cpp-python's default chat format, Ollama with some models) give
the model's tool call as text rather than as OpenAI `tool_calls`: Qwen's `<tool_call>{…}</tool_call>`,
a ```json fenced object, a bare `{"name": …, "arguments": {…}}`, or that with doubled braces.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_TAGGED = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)
_FENCED = re.compile(r"^```(?:json)?\s*(.*?)\s*(?:```|$)", re.DOTALL)


@dataclass(frozen=True)
class Call:
    """A call of a tool by name with its arguments."""

    name: str
    arguments: dict


def may_be_call(text: str) -> bool:
    """Whether a reply that begins with `text` may turn out to be a tool call written as text (so: hold it back)."""
    start = text.lstrip()[:12]
    return start.startswith(("{", "`", "<tool_call>", "<")) or (len(start) < 11 and "<tool_call>".startswith(start))


def read_call(text: str, names: set[str]) -> Call | None:
    """The tool call `text` holds, if it is one and names a tool in `names`; None for an answer in words."""
    body = text.strip()
    tagged = _TAGGED.search(body)
    if tagged:
        body = tagged.group(1)
    fenced = _FENCED.match(body)
    if fenced:
        body = fenced.group(1).strip()
    while body.startswith("{{"):  # {{"name": …}}} copied from a chat template's own example
        body = body[1:]
    if not body.startswith("{"):
        return None
    try:
        found, _ = json.JSONDecoder().raw_decode(body)
    except json.JSONDecodeError:
        return None
    if not isinstance(found, dict):
        return None
    name = found.get("name") or (found.get("function") or {}).get("name")
    arguments = found.get("arguments", found.get("parameters", {}))
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments)
        except json.JSONDecodeError:
            return None
    return Call(name, arguments) if name in names and isinstance(arguments, dict) else None


def tool_name(name: str, names: set[str]) -> str:
    """A streamed call's name, repaired: some servers repeat it in every piece, and the pieces were joined."""
    return next((known for known in names if name and name == known * (len(name) // len(known))), name)
