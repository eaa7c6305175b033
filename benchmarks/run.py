"""Benchmarks in one run on this machine: quality against the usual LangChain recipe, speed, size, scaling.

    make bench        # or: .venv/bin/python benchmarks/run.py [--scales 1,10,100]

Writes benchmarks/results.md (the table the README quotes) and benchmarks/results.json (raw figures).
Quality is scored by ../shared/eval/score.py on ../shared/eval/dev.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from assistant.config import Settings, prepare_environment

prepare_environment()

from assistant.embeddings import E5Embeddings  # noqa: E402
from assistant.indexing import build_index, open_index  # noqa: E402
from assistant.measure import free_port, percentile  # noqa: E402
from assistant.results import result_record  # noqa: E402
from assistant.service import Assistant  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

EVAL = ROOT.parent / "shared" / "eval"
PLAN = ROOT / "corpus" / "ke-hoach-ktxh-lai-chau-2026-2030.txt"


def score(lines: list[dict], work: Path, name: str) -> dict:
    """The scorer's summary of result lines (its own code, run as a program)."""
    results = work / f"{name}.jsonl"
    results.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    out = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "dev.jsonl"), str(results)],
                         capture_output=True, text=True, check=True).stdout
    summary = json.loads(out.split("summary ", 1)[1])
    latencies = [r["latency_ms"] for r in lines]
    return summary | {"p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 95), 1)}


def questions() -> list[dict]:
    return [json.loads(line) for line in (EVAL / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def run_ours(assistant: Assistant) -> list[dict]:
    return [result_record(q["id"], assistant.ask(q["question"])) for q in questions()]


def run_baseline(work: Path, embeddings: E5Embeddings) -> tuple[list[dict], float]:
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
    app = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = None
        while client is None and time.perf_counter() - started < 120:
            try:
                client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            except Exception:
                time.sleep(0.2)
        client.predict("Tỷ lệ che phủ rừng đạt bao nhiêu?", [], api_name="/chat")
        first_answer = time.perf_counter() - started
        round_trips = []
        for q in questions():
            began = time.perf_counter()
            client.predict(q["question"], [], api_name="/chat")
            round_trips.append((time.perf_counter() - began) * 1000)
        status = Path(f"/proc/{app.pid}/status").read_text()
        peak_kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
    finally:
        app.terminate()
        app.wait(timeout=30)
    return {"start_to_first_answer_s": round(first_answer, 2), "app_p50_ms": round(statistics.median(round_trips), 1),
            "app_p95_ms": round(percentile(round_trips, 95), 1), "peak_rss_mb": round(peak_kb / 1024)}


def size_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def scaled(work: Path, copies: int, embeddings: E5Embeddings) -> dict:
    """The plan repeated under `copies` document names: cold build time and query latency."""
    corpus = work / f"corpus-{copies}x"
    corpus.mkdir()
    for n in range(copies):
        shutil.copy(PLAN, corpus / f"ke-hoach-ban-{n:03d}.txt")
    settings = Settings(corpus_dir=corpus, index_dir=work / f"index-{copies}x")
    started = time.perf_counter()
    build_index(settings, embeddings)
    built = time.perf_counter() - started
    assistant = Assistant(settings, open_index(settings, embeddings, build=False))
    latencies = [assistant.ask(q["question"]).latency_ms for q in questions()]
    return {"copies": copies, "chunks": len(assistant.index.chunks), "build_s": round(built, 1),
            "p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 95), 1)}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 2**20
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB, Python {platform.python_version()}, {platform.system()}"


def table(rows: list[dict], columns: list[str]) -> str:
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    return head + "".join("| " + " | ".join(str(r.get(c, "")) for c in columns) + " |\n" for r in rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,100", help="corpus sizes to time, as copies of the plan")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    embeddings = E5Embeddings()
    results: dict = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        settings = Settings(corpus_dir=ROOT / "corpus", index_dir=work / "index")
        started = time.perf_counter()
        build_index(settings, embeddings)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        index = open_index(settings, embeddings, build=False)
        warm = time.perf_counter() - started
        results["build"] = {"cold_s": round(cold, 1), "warm_open_s": round(warm, 2), "index_mb": size_mb(work / "index")}

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
        results["scaling"] = [scaled(work, copies, embeddings) for copies in scales]

    columns = ["pipeline", "hit@1", "hit@3", "hit@5", "answer", "refusal", "grounded", "p50_ms", "p95_ms"]
    report = (
        f"# Benchmarks\n\nMachine: {results['machine']}. Measured by `make bench` ({time.strftime('%Y-%m-%d')}).\n\n"
        f"## Quality on the dev set (52 questions, `../shared/eval/score.py`)\n\n{table(quality, columns)}\n"
        "p50/p95 here are in-process answer times (what `python -m assistant batch` reports).\n\n"
        "## Speed and size\n\n"
        + table([results["build"] | results["app"]],
                ["cold_s", "warm_open_s", "index_mb", "start_to_first_answer_s", "app_p50_ms", "app_p95_ms", "peak_rss_mb"])
        + "\ncold_s: index build from scratch; warm_open_s: opening it when nothing changed; "
          "start_to_first_answer_s: `python app.py` started until its first answer through the Gradio API; "
          "app_p50/p95: dev-set round trips through the running app (gradio_client); peak_rss_mb: the app's peak memory.\n\n"
        f"## Scaling (the plan repeated under other document names)\n\n{table(results['scaling'], ['copies', 'chunks', 'build_s', 'p50_ms', 'p95_ms'])}"
    )
    out = Path(__file__).resolve().parent
    (out / "results.md").write_text(report, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
