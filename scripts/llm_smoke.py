"""Run a question set through the configured LLM endpoint and print the scorer's figures.

    ASSISTANT_LLM_BASE_URL=http://127.0.0.1:11434/v1 ASSISTANT_LLM_MODEL=qwen2.5:7b-instruct \\
        .venv/bin/python scripts/llm_smoke.py [../shared/eval/dev.jsonl]

Prints how many answers came from the model and how many fell back to the quoted answer.
"""

from __future__ import annotations

import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from assistant.config import Settings, prepare_environment, public_url

prepare_environment()

from assistant.results import result_record  # noqa: E402
from assistant.service import Assistant  # noqa: E402


def main(argv: list[str]) -> int:
    questions = Path(argv[0] if argv else "../shared/eval/dev.jsonl")
    settings = Settings.from_env()
    if not settings.llm_base_url:
        print("Đặt ASSISTANT_LLM_BASE_URL và ASSISTANT_LLM_MODEL trước khi chạy.", file=sys.stderr)
        return 2
    assistant = Assistant.from_settings(settings)
    via: collections.Counter[str] = collections.Counter()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for line in questions.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            timed = assistant.ask(item["question"])
            via["llm" if timed.answer.via == "llm" else "fallback or refusal"] += 1
            out.write(json.dumps(result_record(item["id"], timed), ensure_ascii=False) + "\n")
    print(f"{settings.llm_model} at {public_url(settings.llm_base_url)}: {dict(via)}")
    scorer = questions.parent / "score.py"
    if scorer.exists():
        return subprocess.call([sys.executable, str(scorer), str(questions), out.name])
    print(f"results: {out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
