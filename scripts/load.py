"""Load test: N simulated users ask dev-set questions of the real running app through `gradio_client`.

    .venv/bin/python scripts/load.py [--url URL] [--users 20] [--seconds 30] [--questions PATH] [--json]

Without --url it starts `app.py` on a free loopback port (same environment), runs, then stops it.
Exit code 0 with zero errors (and p95 within --max-p95 if given), 1 otherwise, 2 if it could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.measure import free_port, percentile

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"
ERROR_PREFIX = "Lỗi:"  # how the chat shows an AssistantError
UNEXPECTED_ANSWER = "Xin lỗi, đã có lỗi ngoài dự kiến khi trả lời. Hãy thử lại hoặc hỏi cách khác."  # = assistant.web.chat.UNEXPECTED_ANSWER
FOLLOW_UP_EVERY = 5  # every 5th question of a user continues its previous conversation
ERROR_PAUSE = 1.0  # seconds a user waits after an error before asking again, as a person would

log = logging.getLogger("load")


@dataclass
class Tally:
    """What one simulated user saw: the latency of each answer and the text of each error."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def load_questions(path: Path) -> list[str]:
    """The questions of a JSON-lines file with a "question" field per line."""
    if not path.is_file():
        raise ValueError(f"Không thấy tệp câu hỏi {path}. Dùng --questions để chỉ tệp JSON-lines có trường \"question\".")
    try:
        questions = [str(json.loads(line)["question"]) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"Tệp câu hỏi {path} phải là JSON-lines, mỗi dòng có trường \"question\" ({error}).") from None
    if not questions:
        raise ValueError(f"Tệp câu hỏi {path} không có câu hỏi nào.")
    return questions


def summarize(tallies: list[Tally], seconds: float, elapsed: float) -> dict[str, Any]:
    """The report of a run: counts, throughput, latency percentiles in ms, the first distinct errors."""
    latencies = [ms for t in tallies for ms in t.latencies_ms]
    errors = [e for t in tallies for e in t.errors]
    return {
        "users": len(tallies), "seconds": seconds, "elapsed_s": round(elapsed, 2),
        "requests": len(latencies) + len(errors), "answered": len(latencies),
        "answered_per_user": [len(t.latencies_ms) for t in tallies],
        "throughput_per_s": round(len(latencies) / elapsed, 2) if elapsed > 0 else 0.0,
        **{f"p{p}_ms": round(percentile(latencies, p), 1) for p in (50, 95, 99)},
        "max_ms": round(max(latencies, default=0.0), 1),
        "errors": len(errors), "error_messages": list(dict.fromkeys(errors))[:5],
    }


def answer_text(history: list[dict[str, Any]]) -> str:
    """The text of the last message of a chat history as `gradio_client` returns it."""
    content = history[-1]["content"] if history else ""
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content)


def _ask(client: Any, question: str, timeout: float) -> tuple[list[dict[str, Any]], str | None]:
    """Ask one question in the client's conversation; return it and the error the user saw (None for an answer)."""
    try:
        history, _, _ = client.submit(question, api_name="/chat").result(timeout=timeout)
    except Exception as error:  # noqa: BLE001 — a failed request is what we count, whatever it is
        return [], f"{type(error).__name__}: {error}"[:200]
    text = answer_text(history)
    if text.startswith(ERROR_PREFIX) or text.startswith(UNEXPECTED_ANSWER) or not text.strip():
        return history, text[:200] or "câu trả lời rỗng"
    return history, None


def _user(client: Any, questions: list[str], deadline: float, timeout: float, tally: Tally) -> None:
    """Ask questions round-robin from a random offset until the deadline, in a new conversation mostly."""
    position, count = random.randrange(len(questions)), 0
    while time.monotonic() < deadline:
        count += 1
        started = time.perf_counter()
        if count % FOLLOW_UP_EVERY != 0:
            client.reset_session()  # a new conversation (the server keeps one per session)
        _, error = _ask(client, questions[position], timeout)
        if error is None:
            tally.latencies_ms.append((time.perf_counter() - started) * 1000)
        else:
            tally.errors.append(error)
            time.sleep(ERROR_PAUSE)
        position = (position + 1) % len(questions)


def _in_parallel(work: Callable[[Any], Any], items: Iterable[Any], threads: int) -> list[Any]:
    """`work` done on every item, `threads` at a time."""
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(work, items))


def run_load(url: str, questions: list[str], users: int = 20, seconds: float = 30.0, timeout: float = 60.0) -> dict[str, Any]:
    """Warm the app at `url` up, drive it with `users` concurrent clients for `seconds`; return the report."""
    from gradio_client import Client

    # Plain http has no certificates to check; skipping them spares the load's own CPU (it shares the machine).
    options = {"verbose": False, "download_files": False, "analytics_enabled": False, "ssl_verify": url.startswith("https:")}
    try:  # everyone connects before the clock starts
        clients = _in_parallel(lambda _: Client(url, **options), range(users), users)
    except Exception as error:  # noqa: BLE001 — refused, not a Gradio app, no /chat: all mean the same here
        raise RuntimeError(f"Không kết nối được tới ứng dụng ở {url} ({type(error).__name__}: {error}).") from None
    log.info("Khởi động: hỏi mỗi câu một lần, không tính…")  # a just-started app fills its caches (up to 1 s an answer)
    _in_parallel(lambda i: [_ask(clients[i], q, timeout) for q in questions[i::users]], range(users), users)
    log.info("%d người dùng hỏi trong %.0f giây…", users, seconds)
    tallies, started = [Tally() for _ in range(users)], time.monotonic()
    _in_parallel(lambda i: _user(clients[i], questions, started + seconds, timeout, tallies[i]), range(users), users)
    elapsed = time.monotonic() - started
    _in_parallel(lambda client: client.close(), clients, users)  # each close waits up to 1 s for its heartbeat
    return summarize(tallies, seconds, elapsed)


@contextlib.contextmanager
def serve_app(env: dict[str, str] | None = None, startup_timeout: float = 180.0, log_path: Path | None = None) -> Iterator[str]:
    """Start `app.py` on a free loopback port, yield its URL once it answers, stop it afterwards.

    The app's output goes to `log_path` (a temporary file by default); its tail is shown if it fails to start.
    """
    port = free_port()
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                "ASSISTANT_HOST": "127.0.0.1", **(env or {}), "ASSISTANT_PORT": str(port)}
    url = f"http://127.0.0.1:{port}/"
    text = {"mode": "w+", "encoding": "utf-8", "errors": "replace"}
    with open(log_path, **text) if log_path else tempfile.TemporaryFile(**text) as output:
        process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=full_env, stdout=output, stderr=output)
        try:
            log.info("Đang khởi động ứng dụng ở %s…", url)
            deadline = time.monotonic() + startup_timeout
            while not _answers(url):
                if process.poll() is not None or time.monotonic() > deadline:
                    output.seek(0)
                    tail = "\n".join(output.read().splitlines()[-20:])
                    what = f"đã dừng (mã {process.returncode})" if process.poll() is not None else f"không trả lời sau {startup_timeout:.0f} giây"
                    raise RuntimeError(f"Ứng dụng {what}. Cuối nhật ký của nó:\n{tail}")
                time.sleep(0.5)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "config", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def format_report(report: dict[str, Any]) -> str:
    """The report as a few human-readable lines."""
    lines = [
        f"Người dùng: {report['users']} · thời gian: {report['elapsed_s']} s · đã trả lời: {report['answered']}"
        f" · thông lượng: {report['throughput_per_s']} câu/s",
        f"Độ trễ (ms): p50 {report['p50_ms']} · p95 {report['p95_ms']} · p99 {report['p99_ms']} · max {report['max_ms']}",
        f"Lỗi: {report['errors']}",
    ]
    return "\n".join(lines + [f"  - {message}" for message in report["error_messages"]])


def main(argv: list[str] | None = None) -> int:
    """Run the load test from the command line; the exit code says whether it passed."""
    parser = argparse.ArgumentParser(description="Chạy tải thử ứng dụng Trợ lý Kế hoạch qua gradio_client.")
    parser.add_argument("--url", help="ứng dụng đang chạy; bỏ trống thì tự khởi động app.py")
    parser.add_argument("--users", type=int, default=20, help="số người dùng đồng thời (mặc định 20)")
    parser.add_argument("--seconds", type=float, default=30.0, help="thời gian chạy tải (mặc định 30)")
    parser.add_argument("--questions", type=Path, default=DEV_SET, help="tệp JSON-lines câu hỏi (mặc định bộ dev)")
    parser.add_argument("--max-p95", type=float, help="coi là không đạt nếu p95 vượt số giây này")
    parser.add_argument("--json", action="store_true", help="in báo cáo dạng JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per HTTP request drowns the progress
    if args.users < 1 or args.seconds <= 0:
        parser.error("--users phải ≥ 1 và --seconds phải > 0")
    try:
        questions = load_questions(args.questions)
        with contextlib.nullcontext(args.url) if args.url else serve_app() as url:
            report = run_load(url, questions, args.users, args.seconds)
    except (RuntimeError, ValueError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_report(report))
    too_slow = args.max_p95 is not None and report["p95_ms"] > args.max_p95 * 1000
    if too_slow:
        print(f"p95 {report['p95_ms']} ms vượt ngưỡng {args.max_p95} s.", file=sys.stderr)
    return 1 if report["errors"] or too_slow else 0


if __name__ == "__main__":
    sys.exit(main())
