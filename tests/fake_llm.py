"""A scripted stand-in for an OpenAI-compatible chat server (the real protocol, over a real socket).

Each request takes the next scripted reply: text (streamed word by word when the client streams),
a tool call, a delay, or an HTTP status. A reply may be a function of the request it answers.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


@dataclass
class Reply:
    content: str | Callable[[dict], str] = ""
    tool_call: dict[str, Any] | None = None  # {"name": ..., "arguments": {...}}
    delay: float = 0.0
    status: int = 200


@dataclass
class FakeChatServer:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)

    def __enter__(self) -> FakeChatServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (the protocol's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(body)
                reply = fake.replies.pop(0) if fake.replies else Reply(status=503)
                time.sleep(reply.delay)
                if reply.status != 200:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(json.dumps({"error": {"message": "scripted failure"}}).encode())
                    return
                content = reply.content(body) if callable(reply.content) else reply.content
                if body.get("stream"):
                    self._stream(content, reply.tool_call)
                else:
                    self._whole(content, reply.tool_call)

            def _tool_calls(self, tool_call: dict) -> list[dict]:
                return [{"index": 0, "id": "call_1", "type": "function",
                         "function": {"name": tool_call["name"], "arguments": json.dumps(tool_call["arguments"])}}]

            def _whole(self, content: str, tool_call: dict | None) -> None:
                message = {"role": "assistant", "content": content or None}
                if tool_call:
                    message["tool_calls"] = self._tool_calls(tool_call)
                payload = {"id": "x", "object": "chat.completion", "created": 0, "model": "fake",
                           "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if tool_call else "stop"}]}
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, content: str, tool_call: dict | None) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                deltas = [{"role": "assistant", "content": ""}]
                deltas += [{"content": piece} for piece in _pieces(content)]
                if tool_call:
                    deltas.append({"tool_calls": self._tool_calls(tool_call)})
                for delta in deltas:
                    self._event({"choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
                self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls" if tool_call else "stop"}]})
                self.wfile.write(b"data: [DONE]\n\n")

            def _event(self, payload: dict) -> None:
                payload = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "fake", **payload}
                self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _pieces(text: str) -> list[str]:
    words = text.split(" ")
    return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words) if w or i < len(words) - 1]


def passage_number(request: dict, words: str) -> int:
    """The number the prompt gave the passage holding `words`."""
    system = next(m["content"] for m in request["messages"] if m["role"] == "system")
    starts = [(int(m.group(1)), m.start()) for m in re.finditer(r"^\[(\d+)\] \(", system, re.MULTILINE)]
    for (number, start), (_, end) in zip(starts, [*starts[1:], (0, len(system))]):
        if words in system[start:end]:
            return number
    raise AssertionError(f"no passage holds {words!r}")
