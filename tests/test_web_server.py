"""What ``serve`` hands uvicorn: a protocol that sends every response at once on kept-alive connections."""

from __future__ import annotations

import asyncio
import socket

import pytest
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from mediagraph.web import protocol as web_protocol
from mediagraph.web import server
from mediagraph.web.protocol import H11NoDelay, HttpToolsNoDelay


async def _hello(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
    body = b"hello"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"5")]})  # type: ignore[operator]
    await send({"type": "http.response.body", "body": body})  # type: ignore[operator]


async def _nodelay_seen_by_server(protocol: type[asyncio.Protocol]) -> int:
    """Serve one request on a listening socket bound the way uvicorn binds it for several workers
    (``socket(AF_INET)``, protocol number 0) and read TCP_NODELAY on the server's side."""
    listener = socket.socket(socket.AF_INET)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    config = uvicorn.Config(_hello, http=protocol, log_level="warning", lifespan="off")
    config.load()
    state = ServerState()
    loop = asyncio.get_running_loop()
    srv = await loop.create_server(lambda: protocol(config=config, server_state=state, app_state={}), sock=listener)  # type: ignore[call-arg]
    try:
        reader, writer = await asyncio.open_connection(*listener.getsockname())
        writer.write(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        await reader.readuntil(b"hello")
        (conn,) = state.connections
        value = conn.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        writer.close()
        return int(value)
    finally:
        srv.close()


def test_our_protocol_turns_nagle_off_where_uvicorns_leaves_it_on() -> None:
    # Why the protocol exists: head and body go out in two sends, and with Nagle on the body
    # waits ~40 ms for the client's delayed ACK on every kept-alive request after the first.
    assert asyncio.run(_nodelay_seen_by_server(H11NoDelay)) != 0
    if asyncio.run(_nodelay_seen_by_server(H11Protocol)) != 0:
        pytest.skip("this uvicorn turns Nagle off by itself; H11NoDelay could go")


def test_the_httptools_protocol_turns_nagle_off_too() -> None:
    assert HttpToolsNoDelay is not None, "httptools is a dependency (pyproject.toml)"
    assert asyncio.run(_nodelay_seen_by_server(HttpToolsNoDelay)) != 0


def test_protocol_choice() -> None:
    assert web_protocol.protocol("auto") is HttpToolsNoDelay  # httptools is installed
    assert web_protocol.protocol("httptools") is HttpToolsNoDelay
    assert web_protocol.protocol("h11") is H11NoDelay


def test_serve_uses_our_protocol(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    monkeypatch.delenv(server.ENV_HTTP, raising=False)
    server.serve(f"{tmp_path}/c.sqlite", workers=2)
    assert seen["http"] is HttpToolsNoDelay
    monkeypatch.setenv(server.ENV_HTTP, "h11")
    server.serve(f"{tmp_path}/c.sqlite", workers=2)
    assert seen["http"] is H11NoDelay
    assert seen["workers"] == 2
    assert seen["timeout_worker_healthcheck"] == server.WORKER_HEALTHCHECK
