"""robots.txt as RFC 9309 reads it: fetched once a site; missing allows, a server error forbids."""

from __future__ import annotations

from urllib.robotparser import RobotFileParser

import httpx

from mediagraph.errors import FetchError

ROBOTS_TOKEN = "mediagraph"  # the product token robots.txt groups are matched against
MAX_ROBOTS = 512 * 1024  # RFC 9309: crawlers must read at least 500 KiB
MAX_ROBOTS_REDIRECTS = 5  # RFC 9309: follow at least five


class RobotsRules:
    """The robots.txt of every site asked about so far, read through the fetcher's client.

    Network errors (timeouts, refused connections) propagate as httpx errors; the fetcher turns
    them into one line like any other.
    """

    def __init__(self, client: httpx.Client) -> None:
        self._client = client
        self._sites: dict[str, RobotFileParser | str | None] = {}

    def check(self, url: httpx.URL) -> None:
        """Raise ``FetchError`` unless robots.txt lets mediagraph fetch ``url``."""
        site = f"{url.scheme}://{url.netloc.decode('ascii')}"
        if site not in self._sites:
            self._sites[site] = self._read(site)
        rules = self._sites[site]
        if rules is None:
            return
        if isinstance(rules, str):
            raise FetchError(rules, where=str(url))
        if not rules.can_fetch(ROBOTS_TOKEN, str(url)):
            raise FetchError(f"{site}/robots.txt disallows this page to {ROBOTS_TOKEN}", where=str(url))

    def _read(self, site: str) -> RobotFileParser | str | None:
        """The parsed rules, ``None`` to allow everything, or the reason everything is denied."""
        target = httpx.URL(f"{site}/robots.txt")
        for _ in range(MAX_ROBOTS_REDIRECTS + 1):
            with self._client.stream("GET", target) as resp:
                if resp.is_redirect and "location" in resp.headers:
                    target = target.join(resp.headers["location"])
                    if target.scheme not in ("http", "https"):
                        return None
                    continue
                status = resp.status_code
                if 200 <= status < 300:
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) >= MAX_ROBOTS:
                            break
                    parser = RobotFileParser()
                    parser.parse(bytes(body[:MAX_ROBOTS]).decode("utf-8", errors="replace").splitlines())
                    return parser
                if status >= 500 or status == 429:  # 429: too many requests, as Google reads it too
                    return (f"{site}/robots.txt answered {status} {resp.reason_phrase}".rstrip()
                            + "; RFC 9309 forbids crawling a site whose robots.txt is unreachable")
                return None  # 4xx: no robots.txt, so no rules
        return None  # too many redirects: RFC 9309 counts that as no robots.txt


__all__ = ["MAX_ROBOTS", "ROBOTS_TOKEN", "RobotsRules"]
