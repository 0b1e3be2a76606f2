"""Security headers on every answer, the API docs page with its hashed script, and a 500 that keeps the connection.

The policy allows no inline script at all: pages embed JSON-LD in ``<script type="application/ld+json">``,
which browsers treat as data and never run, so it needs no allowance. Only the Swagger page has
script of its own, and its inline start-up script is allowed by its SHA-256 hash alone.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from functools import cache

from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mediagraph.web.errors import error_response

log = logging.getLogger("mediagraph.web")

SWAGGER_CDN = "https://cdn.jsdelivr.net"
SWAGGER_ICON = "https://fastapi.tiangolo.com"


def policy(*, script: str = "'self'", style: str = "'self'", img: str = "'self'") -> str:
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {script}",
            f"style-src {style}",
            f"img-src {img}",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        )
    )


CSP = policy()
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),  # frame-ancestors for browsers that predate it
    (b"cross-origin-opener-policy", b"same-origin"),
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def script_hash(body: str) -> str:
    """The CSP source that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _swagger(openapi_url: str, title: str) -> tuple[bytes, str]:
    html = bytes(get_swagger_ui_html(openapi_url=openapi_url, title=title).body).decode("utf-8")
    hashes = " ".join(script_hash(s) for s in _INLINE_SCRIPT.findall(html))
    csp = policy(script=f"'self' {SWAGGER_CDN} {hashes}", style=f"'self' {SWAGGER_CDN}", img=f"'self' data: {SWAGGER_ICON}")
    return html.encode("utf-8"), csp


def swagger_page(*, openapi_url: str, title: str) -> HTMLResponse:
    """FastAPI's Swagger UI page under a policy that admits its CDN files and its one inline script."""
    body, csp = _swagger(openapi_url, title)
    return HTMLResponse(body, headers={"Content-Security-Policy": csp})


class SecureHeaders:
    """ASGI middleware: the headers above on every answer, and a 500 page for an error nothing handled.

    Starlette's own last-resort handler answers 500 and then raises the error again, and uvicorn
    drops the connection on that, so a keep-alive client loses its next request. Here the error is
    logged and answered, and goes no further.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", ()))
                names = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in names:  # the docs page brings its own
                    headers.append((b"content-security-policy", CSP.encode("ascii")))
                headers.extend(h for h in HEADERS if h[0] not in names)
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_secured)
        except Exception as exc:
            if started:
                raise  # half an answer is out: nothing better than closing the connection
            request = Request(scope)
            log.exception("unexpected error on %s %s", request.method, request.url.path)
            message = f"internal error ({type(exc).__name__}); the server log has details"
            await error_response(request, 500, "internal_error", message)(scope, receive, send_secured)


__all__ = ["CSP", "HEADERS", "SecureHeaders", "policy", "script_hash", "swagger_page"]
