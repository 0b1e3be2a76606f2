"""Turning errors into HTTP answers: one body, ``{"error": {"code", "message"}}``, for every 4xx/5xx.

Pages get the same code and message rendered as an HTML page; the API and any client that does
not ask for HTML get the JSON body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from mediagraph.errors import (
    AuthError,
    CatalogLockedError,
    ConflictError,
    InputError,
    MediagraphError,
    NotFoundError,
    StoreError,
    UsageError,
)

log = logging.getLogger("mediagraph.web")

# Most specific first: the first class an error is an instance of decides its answer.
STATUS: tuple[tuple[type[MediagraphError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (AuthError, 401, "unauthorized"),
    (ConflictError, 409, "conflict"),
    (UsageError, 400, "bad_request"),
    (InputError, 422, "unprocessable_input"),
    (CatalogLockedError, 503, "catalog_busy"),
    (StoreError, 500, "store_error"),
)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
}


class PayloadTooLarge(Exception):
    """A request body passed the size limit (raised while it is being read)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"request body larger than {limit // (1024 * 1024)} MB")


def classify(exc: MediagraphError) -> tuple[int, str]:
    for cls, status, code in STATUS:
        if isinstance(exc, cls):
            return status, code
    return 400, "bad_request"


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path in ("/openapi.json", "/docs"):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, code: str, message: str, *, headers: dict[str, str] | None = None) -> Response:
    if wants_html(request):
        from mediagraph.web.render import render_page

        html = render_page("error.html", {"request": request, "status": status, "code": code, "message": message})
        return HTMLResponse(html, status_code=status, headers=headers)
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one body."""

    @app.exception_handler(MediagraphError)
    async def _domain(request: Request, exc: MediagraphError) -> Response:
        status, code = classify(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {"Retry-After": "2"} if status == 503 else None
        if status >= 500:
            log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(request, status, code, str(exc), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, "validation_error", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "error" if exc.status_code >= 500 else "http_error")
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no page or API route at {request.url.path}"
        return error_response(request, exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(PayloadTooLarge)
    async def _too_large(request: Request, exc: PayloadTooLarge) -> Response:
        return error_response(request, 413, "payload_too_large", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # The last line of defence: log the traceback, show one line and never the internals.
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "internal_error", f"internal error ({type(exc).__name__}); the server log has details")


__all__ = ["PayloadTooLarge", "classify", "error_body", "error_response", "install", "wants_html"]
