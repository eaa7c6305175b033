"""One step of the scaling benchmark, run in a fresh process so its time and peak memory are its own.

    python benchmarks/step.py build          # build the index of ASSISTANT_CORPUS_DIR from nothing
    python benchmarks/step.py serve          # open it (Assistant.from_settings) and answer the dev questions
    python benchmarks/step.py add FILE       # add one more document (library.add_files)

Settings come from the ASSISTANT_* environment, as for the app; BENCH_DEV names the dev questions. Prints one JSON line: the step's
figures, with `peak_mb` (this process's peak RSS, VmHWM) and `started`/`ended` (wall clock, for the caller
to add the interpreter's start-up and imports).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time

STARTED = time.time()

from pathlib import Path  # noqa: E402

from assistant.config import Settings, prepare_environment  # noqa: E402

prepare_environment()

from assistant.errors import AssistantError  # noqa: E402
from assistant.measure import percentile  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.store.building import build_index  # noqa: E402
from assistant.store.docindex import DocumentPart  # noqa: E402
from assistant.store.embeddings import make_embeddings  # noqa: E402
from assistant.store.indexing import open_index  # noqa: E402
from assistant.store.library import add_files  # noqa: E402
from assistant.store.progress import Progress  # noqa: E402

DEV = Path(os.environ.get("BENCH_DEV") or Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl")


class Stages:
    """When a build moved on: documents read and cut, passages embedded, library written."""

    def __init__(self) -> None:
        self.began = time.perf_counter()
        self.last: dict[str, float] = {}

    def __call__(self, progress: Progress) -> None:
        self.last[progress.stage] = time.perf_counter() - self.began

    def split(self, total: float) -> dict:
        parts = self.last.get("documents", 0.0)
        vectors = self.last.get("vectors", parts)
        done = self.last.get("done", vectors)
        return {"parts_s": round(parts, 2), "embed_s": round(vectors - parts, 2), "write_s": round(done - vectors, 2),
                "load_s": round(total - done, 2)}


def build(settings: Settings) -> dict:
    loading = time.perf_counter()
    embeddings = make_embeddings(settings.embeddings)
    model_s = time.perf_counter() - loading
    stages = Stages()
    path = build_index(settings, embeddings, report=stages)
    build_s = time.perf_counter() - stages.began
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    texts = [c.index_text() for d in manifest["documents"]
             for c in DocumentPart.load(settings.index_dir / "docs" / d["key"]).chunks]
    return {"model_s": round(model_s, 2), "build_s": round(build_s, 2), **stages.split(build_s),
            "documents": len(manifest["documents"]), "chunks": len(texts), "distinct_chunks": len(set(texts))}


def serve(settings: Settings) -> dict:
    began = time.perf_counter()
    embeddings = make_embeddings(settings.embeddings)
    model_s = time.perf_counter() - began
    assistant = Assistant(settings, open_index(settings, embeddings, build=False))
    open_s = time.perf_counter() - began  # what Assistant.from_settings does, in two timed halves
    opened = time.time()
    latencies = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        history = []
        for earlier in item.get("history") or []:
            try:
                history.append(assistant.ask(earlier, history).turn)
            except AssistantError:
                continue
        latencies.append(assistant.ask(item["question"], history).latency_ms)
    return {"model_s": round(model_s, 2), "open_s": round(open_s, 2), "opened": opened, "questions": len(latencies),
            "p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "max_ms": round(max(latencies), 1)}


def add(settings: Settings, source: Path) -> dict:
    loading = time.perf_counter()
    embeddings = make_embeddings(settings.embeddings)
    model_s = time.perf_counter() - loading
    stages = Stages()
    added = add_files(settings, [source], embeddings, report=stages)
    add_s = time.perf_counter() - stages.began
    return {"model_s": round(model_s, 2), "add_s": round(add_s, 2), **stages.split(add_s),
            "documents": len(added.index.documents), "chunks": len(added.index.chunks)}


def main(argv: list[str]) -> int:
    settings = Settings.from_env()
    if argv[0] == "build":
        figures = build(settings)
    elif argv[0] == "serve":
        figures = serve(settings)
    else:
        figures = add(settings, Path(argv[1]))
    # VmHWM, not getrusage's ru_maxrss: Linux carries the parent's peak across fork and exec into the latter.
    peak_kb = int(re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text()).group(1))
    figures |= {"peak_mb": round(peak_kb / 1024), "started": STARTED, "ended": time.time()}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
