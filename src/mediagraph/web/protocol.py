"""The HTTP protocol ``serve`` gives uvicorn: its own, with Nagle's algorithm off on every connection.

With ``--workers`` above 1, uvicorn binds the listening socket itself as ``socket(AF_INET)``,
whose protocol number is 0; asyncio sets ``TCP_NODELAY`` only on sockets that say
``IPPROTO_TCP``, so the connections accepted from it keep Nagle on. uvicorn writes a response's
head and body in two sends: on a kept-alive connection the body then waits for the client's
delayed ACK of the head, about 40 ms on Linux, on every request after the first.

The parser is httptools (C) when it is installed, as uvicorn's own ``auto`` would choose, else
h11 (pure Python): httptools costs 36-69 µs of CPU a request against h11's 110-144 µs, measured
on a bare app; uvloop measured no gain (docs/PERFORMANCE.md, Web).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

_TCP_FAMILIES = frozenset({socket.AF_INET, socket.AF_INET6})


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Turn Nagle off on a TCP transport's socket (Unix sockets and others are left alone)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in _TCP_FAMILIES:
        with contextlib.suppress(OSError):  # the peer may be gone already
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class H11NoDelay(H11Protocol):
    """uvicorn's h11 protocol, sending each write at once."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # httptools is not installed
    HttpToolsNoDelay: type[asyncio.Protocol] | None = None
else:

    class _HttpToolsNoDelay(HttpToolsProtocol):
        """uvicorn's httptools protocol, sending each write at once."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            no_delay(transport)
            super().connection_made(transport)

    HttpToolsNoDelay = _HttpToolsNoDelay


def protocol(http: str = "auto") -> type[asyncio.Protocol]:
    """The protocol class for ``http``: ``h11``, ``httptools``, or ``auto`` (httptools when installed)."""
    if http == "h11" or (http == "auto" and HttpToolsNoDelay is None):
        return H11NoDelay
    if HttpToolsNoDelay is None:
        raise ImportError("httptools is not installed")
    return HttpToolsNoDelay


__all__ = ["H11NoDelay", "HttpToolsNoDelay", "no_delay", "protocol"]
