"""A request body size limit enforced as the body streams in, before anything buffers it."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mediagraph.web.errors import PayloadTooLarge, error_body


class BodyLimit:
    """Refuse bodies over ``limit`` bytes: at once when Content-Length says so, else mid-stream."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    await _refuse(send, self.limit)
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise PayloadTooLarge(self.limit)
            return message

        await self.app(scope, limited, send)


async def _refuse(send: Send, limit: int) -> None:
    import orjson

    body = orjson.dumps(error_body("payload_too_large", str(PayloadTooLarge(limit))))
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


__all__ = ["BodyLimit"]
