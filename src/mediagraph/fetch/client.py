"""The fetcher: one GET through robots.txt, redirects, timeouts and a size cap, then the cache."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin

import httpx

from mediagraph import __version__
from mediagraph.errors import FetchError, UsageError
from mediagraph.fetch.cache import PageCache
from mediagraph.fetch.page import FetchedPage
from mediagraph.fetch.robots import RobotsRules
from mediagraph.pipeline import MAX_INPUT

PROJECT_URL = "https://mediagraph.dev"
USER_AGENT = f"mediagraph/{__version__} (+{PROJECT_URL})"
TIMEOUT_ENV = "MEDIAGRAPH_FETCH_TIMEOUT"
READ_TIMEOUT = 30.0
CONNECT_TIMEOUT = 10.0
MAX_REDIRECTS = 10
# The body is kept decoded, so these no longer describe it.
_DROPPED_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def timeout_from(value: float | None = None) -> httpx.Timeout:
    """Read timeout ``value`` seconds (else ``$MEDIAGRAPH_FETCH_TIMEOUT``, else 30); connecting waits at most 10."""
    if value is None:
        env = os.environ.get(TIMEOUT_ENV)
        try:
            value = float(env) if env else READ_TIMEOUT
        except ValueError:
            raise UsageError(f"{TIMEOUT_ENV}={env!r} is not a number of seconds") from None
    if not value > 0:
        raise UsageError("the timeout must be a positive number of seconds")
    return httpx.Timeout(value, connect=min(value, CONNECT_TIMEOUT))


class Fetcher:
    """Fetches pages politely and keeps them; build one with :meth:`build` or pass a client.

    ``get`` raises ``FetchError`` (one line naming the URL) for every failure, and nothing is
    cached from a failed fetch.
    """

    def __init__(
        self,
        client: httpx.Client,
        *,
        cache: PageCache | None = None,
        max_bytes: int = MAX_INPUT,
        max_redirects: int = MAX_REDIRECTS,
    ) -> None:
        self.client = client
        self.cache = cache
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.robots = RobotsRules(client)
        self.warnings: list[str] = []

    @classmethod
    def build(
        cls,
        *,
        timeout: float | None = None,
        cache: PageCache | None = None,
        transport: httpx.BaseTransport | None = None,
        max_bytes: int = MAX_INPUT,
    ) -> Fetcher:
        """A fetcher with mediagraph's User-Agent; ``transport`` replaces the network (tests)."""
        client = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=timeout_from(timeout),
            follow_redirects=False,  # followed by hand: each hop is checked (scheme, loop, robots.txt)
            transport=transport,
        )
        return cls(client, cache=cache, max_bytes=max_bytes)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def get(self, url: str, *, refresh: bool = False) -> FetchedPage:
        """The page at ``url``: from the cache unless ``refresh``, else fetched and then cached."""
        url = url.split("#", 1)[0]  # a fragment is never sent, so it names the same page
        if self.cache is not None and not refresh:
            kept = self.cache.get(url)
            if kept is not None:
                return kept
        try:
            page = self._fetch(url)
        except FetchError:
            raise
        except httpx.TimeoutException as exc:
            raise FetchError(_timeout_reason(exc, self.client.timeout), where=url) from None
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect: {_cause(exc)}", where=url) from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"not a valid URL ({exc})", where=url) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"the transfer failed: {_cause(exc)}", where=url) from None
        if self.cache is not None:
            try:
                self.cache.put(page)
            except OSError as exc:
                self.warnings.append(f"{url}: not cached ({exc.strerror or exc})")
        return page

    def _fetch(self, url: str) -> FetchedPage:
        target = _checked_url(url, where=url)
        seen = [str(target)]
        while True:
            self.robots.check(target)
            with self.client.stream("GET", target) as resp:
                if resp.is_redirect and "location" in resp.headers:
                    target = _checked_url(urljoin(str(target), resp.headers["location"]), where=url, redirected=True)
                    if str(target) in seen:
                        chain = " → ".join([*seen[seen.index(str(target)):], str(target)])
                        raise FetchError(f"redirect loop: {chain}", where=url)
                    seen.append(str(target))
                    if len(seen) > self.max_redirects + 1:
                        raise FetchError(f"more than {self.max_redirects} redirects (last: {target})", where=url)
                    continue
                if not resp.is_success:
                    reason = f"{resp.status_code} {resp.reason_phrase}".strip()
                    where = url if len(seen) == 1 else f"{url} (redirected to {target})"
                    raise FetchError(f"the server answered {reason}", where=where)
                body = self._read_body(resp, url)
                headers = tuple((k, v) for k, v in resp.headers.multi_items() if k.lower() not in _DROPPED_HEADERS)
                retrieved = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
                return FetchedPage(url=url, final_url=str(target), status=resp.status_code, headers=headers,
                                   body=body, retrieved_at=retrieved)

    def _read_body(self, resp: httpx.Response, url: str) -> bytes:
        """The decompressed body, refused once it passes the size cap (no more is read)."""
        limit = self.max_bytes
        body = bytearray()
        for chunk in resp.iter_bytes():
            body += chunk
            if len(body) > limit:
                raise FetchError(f"larger than {_size(limit)}; stopped reading there", where=url)
        return bytes(body)


def _checked_url(text: str, *, where: str, redirected: bool = False) -> httpx.URL:
    m = _SCHEME.match(text)
    scheme = (m.group(1) if m else text.split(":", 1)[0]).lower()
    if scheme not in ("http", "https"):
        said = f"redirected to {text}: " if redirected else ""
        hint = "; give the file's path instead" if scheme == "file" and not redirected else ""
        raise FetchError(f"{said}cannot fetch {scheme}: URLs, only http:// and https://{hint}", where=where)
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid URL ({exc})", where=where) from None
    if not url.host:
        raise FetchError("not a valid URL (no host)", where=where)
    return url


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _cause(exc: BaseException) -> str:
    """The innermost reason an httpx error carries ("[Errno 111] Connection refused")."""
    inner: BaseException = exc
    while inner.__context__ is not None and isinstance(inner.__context__, OSError | httpx.HTTPError):
        inner = inner.__context__
    text = str(inner) or str(exc) or type(exc).__name__
    return text.splitlines()[0]


def _timeout_reason(exc: httpx.TimeoutException, timeout: httpx.Timeout) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting (after {timeout.connect:g} s)"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out waiting for the server (no data for {timeout.read:g} s)"
    return "timed out"


__all__ = ["CONNECT_TIMEOUT", "MAX_REDIRECTS", "PROJECT_URL", "READ_TIMEOUT", "TIMEOUT_ENV", "USER_AGENT", "Fetcher", "timeout_from"]
