"""A scripted stand-in for an OpenAI-compatible chat server (the real protocol, over a real socket).

Each request takes the next scripted reply: text (streamed word by word when the client streams),
a tool call, a delay, an HTTP status, or a fault: a raw body, a pause before each streamed event,
a stream cut off mid-way. A reply may be a function of the request it answers.

The behaviours of a real small model served by llama-cpp-python (Qwen2.5 1.5B, see the README) are
scripted from what it did: keep-alive comments while a long prompt is read (`prompt_seconds`), a
tool call streamed with its name repeated in every piece (`repeat_name`), and, as text content, the
replies it wrote: a decline with a marker, a contradiction, an altered quote, no markers, a tool
call written as a ```json block.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


@dataclass
class Reply:
    content: str | Callable[[dict], str] = ""
    tool_call: dict[str, Any] | None = None  # {"name": ..., "arguments": {...}}
    delay: float = 0.0  # before anything is sent, status line included
    status: int = 200
    error: str | Callable[[dict[str, str]], str] = "scripted failure"  # message of a non-200 reply; may echo the headers
    raw: bytes | Callable[[dict], bytes] | None = None  # sent verbatim as the body of a 200 reply, not the protocol
    content_type: str = "application/json"  # of a raw body
    pause: float = 0.0  # before each streamed event (the headers go out at once)
    cut_after: int | None = None  # stream only this many pieces, then drop the connection mid-body (no [DONE])
    prompt_seconds: float = 0.0  # headers at once, then ": ping" comments while the prompt is read (llama.cpp)
    repeat_name: bool = False  # a streamed tool call repeats its id and whole name in every piece (llama-cpp-python)
    hold: threading.Event | None = None  # headers at once, then ": ping" comments until the test sets it (a minute at most)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (it timed out, or had enough) is expected here; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class FakeChatServer:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)  # of each request, names in lower case
    finished: int = 0  # streams sent to their end ([DONE])

    def __enter__(self) -> FakeChatServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (the protocol's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                headers = {name.lower(): value for name, value in self.headers.items()}
                fake.requests.append(body)
                fake.headers.append(headers)
                reply = fake.replies.pop(0) if fake.replies else Reply(status=503)
                time.sleep(reply.delay)
                if reply.status != 200:
                    message = reply.error(headers) if callable(reply.error) else reply.error
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(json.dumps({"error": {"message": message}}).encode())
                    return
                if reply.raw is not None:
                    raw = reply.raw(body) if callable(reply.raw) else reply.raw
                    self.send_response(200)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                    return
                content = reply.content(body) if callable(reply.content) else reply.content
                if body.get("stream"):
                    self._stream(content, reply)
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

            def _stream(self, content: str, reply: Reply) -> None:
                chunked = reply.cut_after is not None  # a chunked body can be cut visibly, as a real server's is
                if chunked:
                    self.protocol_version = "HTTP/1.1"
                    self.close_connection = True
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                if chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.flush()
                pieces = _pieces(content)
                if reply.cut_after is not None:
                    pieces = pieces[: reply.cut_after]
                deltas = [{"role": "assistant", "content": ""}]
                deltas += [{"content": piece} for piece in pieces]
                if reply.tool_call and reply.repeat_name:  # the arguments piece by piece, id and name in every piece
                    calls = self._tool_calls(reply.tool_call)[0]
                    arguments = calls["function"]["arguments"]
                    for i in range(0, len(arguments), 5):
                        piece = {**calls, "function": {"name": calls["function"]["name"], "arguments": arguments[i:i + 5]}}
                        deltas.append({"tool_calls": [piece]})
                elif reply.tool_call:
                    deltas.append({"tool_calls": self._tool_calls(reply.tool_call)})
                waited = 0.0
                while waited < reply.prompt_seconds:  # the server pings while the model reads the prompt
                    time.sleep(0.2)
                    waited += 0.2
                    self._write(b": ping\n\n", chunked)
                while reply.hold is not None and not reply.hold.wait(0.2) and waited < 60:
                    waited += 0.2
                    self._write(b": ping\n\n", chunked)
                for delta in deltas:
                    time.sleep(reply.pause)
                    self._event({"choices": [{"index": 0, "delta": delta, "finish_reason": None}]}, chunked)
                if reply.cut_after is not None:
                    return  # the connection closes with the body unfinished
                finish = "tool_calls" if reply.tool_call else "stop"
                self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}, chunked)
                self._write(b"data: [DONE]\n\n", chunked)
                fake.finished += 1

            def _event(self, payload: dict, chunked: bool = False) -> None:
                payload = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "fake", **payload}
                self._write(f"data: {json.dumps(payload)}\n\n".encode(), chunked)

            def _write(self, data: bytes, chunked: bool) -> None:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
                self.wfile.flush()

        self.server = _Server(("127.0.0.1", 0), Handler)
        # a short poll, so that leaving the `with` (shutdown) takes milliseconds, not half a second
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
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
    starts = [(int(m.group(1)), m.start()) for m in re.finditer(r"^\[(\d+)\] ", system, re.MULTILINE)]
    for (number, start), (_, end) in zip(starts, [*starts[1:], (0, len(system))]):
        if words in system[start:end]:
            return number
    raise AssertionError(f"no passage holds {words!r}")
