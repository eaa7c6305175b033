"""The scaling benchmark: libraries of 1, 10, 100 distinct plans, each step timed in a fresh process.

For each N and store (Chroma in the index folder, or a `chroma run` server): write the library
(library.py), build its index from nothing, open it and answer the dev set, add one more distinct
document — each in its own process (step.py), so times include nothing cached and peak memory is
the step's own. Then the dev set's quality with the library present: scoped to the plan, unscoped,
and over the plan alone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path

from library import PLAN, write_library

from assistant.config import Settings
from assistant.measure import free_port

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
CODE = ROOT  # where the steps' code is imported from: a snapshot taken when the run starts (snapshot())
BOUNDS = {"add_s": 30.0, "open_s": 3.0, "p95_ms": 100.0, "peak_mb": 1536}  # issue 15, at N=100


def du_mb(path: Path) -> float:
    """Disk use of a folder (du), in MB."""
    if not path.exists():
        return 0.0
    return round(int(subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True).stdout.split()[0]) / 1024, 1)


def snapshot(folder: Path) -> dict:
    """Copy the project's code as it is now into `folder` and run every later step from there, so that
    edits made while the benchmark runs (an hour and more) cannot mix two versions; the version taken."""
    global CODE
    shutil.copytree(ROOT, folder, ignore=shutil.ignore_patterns(".venv", ".git", "index", "test-artifacts", "docs", "feedback",
                                                                 "__pycache__", "*.egg-info", ".pytest_cache"))
    CODE = folder

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    return {"commit": git("rev-parse", "--short", "HEAD").strip(),
            "uncommitted": [line[3:] for line in git("status", "--porcelain").splitlines()]}


def step(env: dict, *args: str) -> dict:
    """Run one step (step.py) in a fresh process; its figures, plus the process's start-up time."""
    began = time.time()
    done = subprocess.run([sys.executable, str(CODE / "benchmarks" / "step.py"), *args], cwd=CODE, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"step {args[0]} failed ({done.returncode}): {(done.stderr or done.stdout)[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["startup_s"] = round(figures.pop("started") - began, 2)  # the interpreter and the imports
    figures["process_s"] = round(figures.pop("ended") - began, 2)
    if "opened" in figures:  # a fresh process, from nothing to an assistant ready to answer
        figures["process_open_s"] = round(figures.pop("opened") - began, 2)
    return figures


@contextmanager
def chroma_server(folder: Path):
    """A `chroma run` server on a free loopback port: its URL and a function reading its peak memory."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(folder), "--host", "127.0.0.1",
               "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("chroma run did not start") from None
            time.sleep(0.3)

    def peak_mb() -> int:
        status = Path(f"/proc/{process.pid}/status").read_text()
        return round(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)

    try:
        yield url, peak_mb
    finally:
        process.terminate()
        process.wait(timeout=30)


def environment(base: Path, chroma_url: str = "") -> dict:
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(base / "corpus"), "ASSISTANT_INDEX_DIR": str(base / "index"),
           "ASSISTANT_LOG_LEVEL": "WARNING", "ASSISTANT_CHROMA_URL": chroma_url, "PYTHONPATH": str(CODE),
           "BENCH_DEV": str(EVAL / "dev.jsonl")}
    env.pop("ASSISTANT_MAIN_DOCUMENT", None)
    return env


def measure(work: Path, n: int, store: str, log=print) -> dict:
    """Build, open and answer, add one document: the figures of a library of `n` documents in `store`."""
    base = work / f"{store}-{n}"
    write_library(base / "corpus", n)
    extra = write_library(base / "extra", n + 1, start=n)[0]
    row: dict = {"N": n, "store": store}

    def run(url: str = "", server_peak=None) -> None:
        env = environment(base, url)
        build = step(env, "build")
        log(f"  {store} N={n} build: {build}")
        if build["distinct_chunks"] != build["chunks"]:
            raise AssertionError(f"N={n}: {build['chunks']} chunks but {build['distinct_chunks']} distinct texts")
        row["index_mb"] = du_mb(base / "index")
        serve = step(env | {"ASSISTANT_MAIN_DOCUMENT": PLAN.name}, "serve")  # a province's library: its plan is the main one
        log(f"  {store} N={n} serve: {serve}")
        whole = step(env, "serve")  # no main document: every question searches the whole library
        log(f"  {store} N={n} serve, no main document: {whole}")
        add = step(env, "add", str(extra))
        log(f"  {store} N={n} add: {add}")
        row.update(chunks=build["chunks"], distinct=build["distinct_chunks"], build_s=build["build_s"],
                   build_parts_s=build["parts_s"], build_embed_s=build["embed_s"],
                   chunks_per_s=round(build["chunks"] / build["build_s"], 1),
                   embedded_per_s=round(build["chunks"] / max(build["embed_s"], 1e-6), 1),
                   add_s=add["add_s"], add_parts_s=add["parts_s"], add_embed_s=add["embed_s"],
                   add_write_s=add["write_s"], add_load_s=add["load_s"], add_chunks=add["chunks"] - build["chunks"],
                   open_s=serve["open_s"], process_open_s=serve["process_open_s"], p50_ms=serve["p50_ms"],
                   p95_ms=serve["p95_ms"], max_ms=serve["max_ms"], whole_p50_ms=whole["p50_ms"],
                   whole_p95_ms=whole["p95_ms"], whole_max_ms=whole["max_ms"],
                   peak_mb=max(build["peak_mb"], serve["peak_mb"], whole["peak_mb"], add["peak_mb"]),
                   peaks_mb=f"{build['peak_mb']}/{serve['peak_mb']}/{whole['peak_mb']}/{add['peak_mb']}")
        if server_peak:
            row["server_mb"] = du_mb(base / "server")
            row["server_peak_mb"] = server_peak()

    if store == "server":
        cache = work / f"embedded-{n}" / "index" / "embeddings.sqlite3"
        if cache.is_file():  # embedding costs the same for both stores: the server's build is the writing alone
            (base / "index").mkdir(parents=True, exist_ok=True)
            shutil.copy(cache, base / "index" / cache.name)
            row["embeddings"] = "cached"
        with chroma_server(base / "server") as (url, peak):
            run(url, peak)
    else:
        run()
    return row


def verdicts(rows: list[dict]) -> dict:
    """Pass or fail against the issue's bounds, for each store's N=100 row."""
    found = {}
    for row in rows:
        if row["N"] == 100 and "build_s" in row:
            found[row["store"]] = {k: ("pass" if row[k] <= bound else "FAIL") + f" ({row[k]} ≤ {bound})"
                                   for k, bound in BOUNDS.items()}
    return found


def main_document_setting() -> bool:
    """Whether this checkout's settings know ASSISTANT_MAIN_DOCUMENT yet."""
    return any(f.metadata.get("env") == "ASSISTANT_MAIN_DOCUMENT" for f in fields(Settings))


def batch_scores(base: Path, name: str, args: list[str], extra_env: dict | None = None) -> dict:
    """`python -m assistant batch` over the dev set with the index at `base`, scored by score.py --by-kind."""
    env = environment(base) | (extra_env or {})
    results = base / f"dev-{name}.jsonl"
    with open(EVAL / "dev.jsonl", "rb") as source, open(results, "wb") as out:
        subprocess.run([sys.executable, "-m", "assistant", "batch", *args], cwd=CODE, env=env, stdin=source,
                       stdout=out, stderr=subprocess.DEVNULL, check=True)
    shown = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "dev.jsonl"), str(results), "--by-kind"],
                           capture_output=True, text=True, check=True).stdout
    summary = json.loads(shown.split("summary ", 1)[1])
    latency = re.search(r"p50 ([\d.]+) ms\s+p95 ([\d.]+) ms", shown)
    return summary | {"p50_ms": float(latency.group(1)), "p95_ms": float(latency.group(2))}


def library_quality(work: Path, n: int) -> list[dict]:
    """Dev-set quality with the `n`-document library present: (a) scoped to the plan, (b) unscoped, (c) the plan alone."""
    base = work / f"embedded-{n}"
    for added in sorted(set((base / "corpus").iterdir()) - set(write_library(base / "corpus", n))):
        added.unlink()  # the document the add step put in: back to the n-document library (nothing to embed)
    alone = work / "plan-alone"
    write_library(alone / "corpus", 1)
    rows = [{"run": f"(a) {n} documents, --document {PLAN.name}"} | batch_scores(base, "scoped", ["--document", PLAN.name])]
    if main_document_setting():
        main = {"ASSISTANT_MAIN_DOCUMENT": PLAN.name}
        rows.append({"run": f"(b) {n} documents, ASSISTANT_MAIN_DOCUMENT={PLAN.name}"} | batch_scores(base, "main", [], main))
        rows.append({"run": f"(b') {n} documents, unscoped, no main document"} | batch_scores(base, "unscoped", []))
    else:
        rows.append({"run": f"(b) {n} documents, unscoped (ASSISTANT_MAIN_DOCUMENT not in this checkout yet)"}
                    | batch_scores(base, "unscoped", []))
    rows.append({"run": "(c) the plan alone"} | batch_scores(alone, "alone", []))
    return rows
