"""A fetched page: its body (decompressed), headers, final URL and the time it was retrieved."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """What one successful fetch returned, as the cache keeps it."""

    url: str  # the URL asked for
    final_url: str  # where the redirects ended: the source's URI
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    retrieved_at: str  # ISO 8601, UTC
    from_cache: bool = False

    def header(self, name: str) -> str | None:
        """The first header of that name (case-insensitive), if the server sent one."""
        low = name.lower()
        return next((v for k, v in self.headers if k.lower() == low), None)

    @property
    def content_type(self) -> str | None:
        """The Content-Type as sent, charset included; ``None`` when it says nothing useful."""
        value = (self.header("content-type") or "").strip()
        base = value.split(";")[0].strip().lower()
        if not base or base == "application/octet-stream":
            return None  # the content decides, as for a file
        return value


__all__ = ["FetchedPage"]
