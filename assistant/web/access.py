"""The login's wiring into Gradio: accounts checked off the event loop, failed logins limited, cookies kept to the site.

Gradio's `auth=` callable only sees a name and a password, so `LoginGuard` wraps its `POST /login`
route: it refuses an attempt the `Limiter` holds back (HTTP 429, a Vietnamese message), tells the
limiter how the attempt went, and sets the session cookies `HttpOnly; SameSite=Lax` (Gradio sends
one with `SameSite=None`, which a page of another site could ride on).
"""

from __future__ import annotations

import logging
import math
from typing import Any

import anyio
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.accounts import Accounts, Limiter

log = logging.getLogger(__name__)

LOGIN_PATHS = ("/login", "/login/")
COOKIE_PREFIX = "access-token"
MOST_BODY = 64 * 1024  # a login form is a few hundred bytes
CHECKS_AT_ONCE = 2  # each argon2 check takes a core and 64 MiB: a flood of logins cannot starve the answers


def login_options(accounts: Accounts | None, limiter: Limiter) -> dict[str, Any]:
    """`demo.launch` keywords for a login by `accounts` held back by `limiter`; none when there are no accounts."""
    if accounts is None:
        return {}

    checking = anyio.CapacityLimiter(CHECKS_AT_ONCE)

    async def check(name: str, password: str) -> bool:  # argon2 takes ~50 ms of CPU: not on the event loop
        return await anyio.to_thread.run_sync(accounts.verify, name, password, limiter=checking)

    # Gradio's login page shows nothing for a 429, so the page says beforehand what a refused click means.
    message = (f"Trợ lý Kế hoạch: hãy đăng nhập. Sau mỗi lần nhập sai phải đợi lâu dần (1, 2, 4… giây) mới thử lại "
               f"được: bấm «Login» mà không thấy gì là đang phải đợi. Sau {limiter.per_account} lần sai liên tiếp, "
               f"đăng nhập của tài khoản bị khóa {round(limiter.lock_seconds / 60)} phút.")
    return {"auth": check, "auth_message": message,
            "app_kwargs": {"middleware": [Middleware(LoginGuard, limiter=limiter)]}}


class LoginGuard:
    """ASGI middleware around `POST /login`: the attempt limits, their log, and site-only session cookies."""

    def __init__(self, app: ASGIApp, limiter: Limiter) -> None:
        self.app, self.limiter = app, limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or _route(scope) not in LOGIN_PATHS:
            await self.app(scope, receive, send)
            return
        body = await _body(receive)
        if body is None:
            await JSONResponse({"detail": "Yêu cầu đăng nhập quá lớn."}, status_code=413)(scope, receive, send)
            return
        name = await _username(scope, body)
        address = (scope.get("client") or ("?", 0))[0]
        refusal = self.limiter.attempt(name, address)
        if refusal:
            log.warning("login refused for %r from %s: %s for %.0f s more", name[:64], address,
                        "locked" if refusal.locked else "waiting", refusal.wait)
            response = JSONResponse({"detail": refusal.message}, status_code=429,
                                    headers={"Retry-After": str(math.ceil(refusal.wait))})
            await response(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    self.limiter.succeeded(name, address)
                    log.info("login of %r from %s", name[:64], address)
                else:
                    log.warning("failed login for %r from %s (HTTP %d)", name[:64], address, message["status"])
                headers = MutableHeaders(scope=message)
                cookies = [_site_only(value) for value in headers.getlist("set-cookie")]
                del headers["set-cookie"]
                for cookie in cookies:
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, _replay(body, receive), sending)


def _route(scope: Scope) -> str:
    path, root = scope.get("path", ""), scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


async def _body(receive: Receive) -> bytes | None:
    """The whole request body, or None past `MOST_BODY`."""
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MOST_BODY:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives `body` once, then whatever comes after it (a disconnect)."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _username(scope: Scope, body: bytes) -> str:
    """The name a login form gives (URL-encoded or multipart), as Gradio reads it; "" when there is none."""
    async def nothing_more() -> Message:
        return {"type": "http.disconnect"}

    try:
        async with Request(scope, _replay(body, nothing_more)).form() as form:
            name = form.get("username")
    except (HTTPException, MultiPartException, ValueError):  # a malformed form: Gradio answers it; it counts
        return ""
    return name.strip() if isinstance(name, str) else ""


def _site_only(cookie: str) -> str:
    """A session cookie set `HttpOnly; SameSite=Lax`, whatever Gradio gave; other cookies as they are."""
    if not cookie.lstrip().startswith(COOKIE_PREFIX):
        return cookie
    parts = [part.strip() for part in cookie.split(";") if part.strip()]
    kept = [part for part in parts if part.split("=", 1)[0].strip().lower() not in ("samesite", "httponly")]
    return "; ".join([*kept, "HttpOnly", "SameSite=Lax"])
