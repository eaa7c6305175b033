"""Run a question set through the configured LLM endpoint; print the scorer's figures for the model's
answers next to the quoted (extractive) answers of the same run, and why answers fell back.

    ASSISTANT_LLM_BASE_URL=http://127.0.0.1:8080/v1 ASSISTANT_LLM_MODEL=local \\
        .venv/bin/python scripts/llm_smoke.py [../shared/eval/dev.jsonl] [--keep]

Each answer is streamed as the web app streams it: its first event is the quoted answer, its last
the finished one (the model's, or the quoted one with a note). Prints how many answers came from
the model, why the others did not («declined», «figure left out», «timeout» …), seconds per answer
and the prompt's size. The result files are written to a temporary folder and removed at the end,
unless `--keep`.
"""

from __future__ import annotations

import collections
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.config import Settings, prepare_environment, public_url

prepare_environment()

from assistant.cli import _converse  # noqa: E402
from assistant.generation.prompting import messages  # noqa: E402
from assistant.results import result_record  # noqa: E402
from assistant.service import Assistant  # noqa: E402


def main(argv: list[str]) -> int:
    keep = "--keep" in argv
    files = [a for a in argv if not a.startswith("--")]
    questions = Path(files[0] if files else "../shared/eval/dev.jsonl")
    settings = Settings.from_env()
    if not settings.llm_base_url:
        print("Đặt ASSISTANT_LLM_BASE_URL và ASSISTANT_LLM_MODEL trước khi chạy.", file=sys.stderr)
        return 2
    assistant = Assistant.from_settings(settings)
    outcome: collections.Counter[str] = collections.Counter()
    seconds, prompt_chars = [], []
    folder = Path(tempfile.mkdtemp(prefix="llm-smoke-"))
    try:
        with open(folder / "quoted.jsonl", "w", encoding="utf-8") as quoted, \
                open(folder / "model.jsonl", "w", encoding="utf-8") as model:
            for line in questions.read_text(encoding="utf-8").splitlines():
                item = json.loads(line)
                history = _converse(assistant, item.get("history") or [], None)
                started = time.perf_counter()
                events = list(assistant.ask_stream(item["question"], history))
                seconds.append(time.perf_counter() - started)
                first, last = events[0], events[-1]
                quoted.write(json.dumps(result_record(item["id"], first), ensure_ascii=False) + "\n")
                model.write(json.dumps(result_record(item["id"], last), ensure_ascii=False) + "\n")
                if len(events) == 1:
                    outcome["quoted only (declined by the evidence)" if last.answer.refused else "no model"] += 1
                    continue
                prompt_chars.append(sum(len(m.content) for m in messages(first.question.text, first.answer,
                                                                           assistant.generator.plan_title)))
                rescue = "rescue of a decline: " if first.answer.refused else ""
                outcome[rescue + ("model" if last.answer.path == "model" else last.answer.fallback)] += 1
        print(f"{settings.llm_model} at {public_url(settings.llm_base_url)}: "
              + ", ".join(f"{why}: {n}" for why, n in outcome.most_common()))
        print(f"seconds per answer: median {statistics.median(seconds):.1f}, max {max(seconds):.1f}")
        if prompt_chars:  # Vietnamese runs about 3 characters a token for Qwen's tokenizer
            print(f"prompt: median {statistics.median(prompt_chars):.0f} characters (~{statistics.median(prompt_chars) / 3:.0f} tokens)")
        scorer = questions.parent / "score.py"
        for name in ("quoted", "model"):
            print(f"\n{name} answers:" if scorer.exists() else f"{name} answers: {folder / f'{name}.jsonl'}")
            if scorer.exists():
                subprocess.call([sys.executable, str(scorer), str(questions), str(folder / f"{name}.jsonl"), "--by-kind"])
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
