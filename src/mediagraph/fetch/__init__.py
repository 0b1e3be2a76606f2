"""Fetching pages over HTTP(S) for ``extract URL`` and ``ingest URL``: the one part that goes online.

``is_url`` is here so the commands can sort their inputs without importing httpx; the rest is
loaded on first use.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_WHERE = {
    "CACHE_ENV": "cache",
    "PageCache": "cache",
    "TIMEOUT_ENV": "client",
    "USER_AGENT": "client",
    "Fetcher": "client",
    "timeout_from": "client",
    "FetchedPage": "page",
}


def is_url(name: str) -> bool:
    """True for what the commands treat as a URL rather than a file name (``file:`` included)."""
    return bool(_SCHEME.match(name)) or name[:5].lower() == "file:"


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"mediagraph.fetch.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'mediagraph.fetch' has no attribute {name!r}")


__all__ = ["CACHE_ENV", "TIMEOUT_ENV", "USER_AGENT", "FetchedPage", "Fetcher", "PageCache", "is_url", "timeout_from"]
