"""The chat model behind the optional generated answers: an OpenAI-compatible endpoint, and its secrets kept out of logs."""

from __future__ import annotations

import base64
from urllib.parse import unquote, urlsplit, urlunsplit

from langchain_core.language_models import BaseChatModel

NO_KEY = "khong-can"  # sent when the endpoint needs no key (the client insists on one); not a secret


def make_chat_model(base_url: str, model: str, api_key: str, timeout: float) -> BaseChatModel:
    """An OpenAI-compatible chat model (Ollama, vLLM, llama.cpp server, a hosted API).

    A login in the URL (http://user:password@host/v1) is sent as a header, as the HTTP client would,
    but kept out of the URL so request logs never show the password.
    """
    from langchain_openai import ChatOpenAI

    base_url, headers = _login_as_header(base_url)
    return ChatOpenAI(base_url=base_url, model=model, api_key=api_key or NO_KEY, timeout=timeout,
                      max_retries=0, temperature=0, streaming=True, default_headers=headers or None)


def _login_as_header(url: str) -> tuple[str, dict[str, str]]:
    """The URL without its user:password part, and that login as a Basic Authorization header."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, {}
    login = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}".encode()
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host)), {"Authorization": "Basic " + base64.b64encode(login).decode()}


def endpoint_secrets(base_url: str, api_key: str) -> list[str]:
    """The credentials a chat endpoint is sent (its API key, a login in its URL), to keep out of logs and messages."""
    found = [api_key] if api_key else []
    _, headers = _login_as_header(base_url)
    if headers:
        credential = headers["Authorization"].split(" ", 1)[1]
        found += [credential, unquote(urlsplit(base_url).password or "")]
    return [secret for secret in found if secret]


def redact(text: str, secrets: list[str]) -> str:
    """`text` with every one of `secrets` replaced by ***."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
