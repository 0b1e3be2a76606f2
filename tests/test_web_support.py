"""Fixtures for the web tests: a catalog of the seeds, demo pages and a hostile page, and an in-process client."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal

from mediagraph.pipeline import ingest_bytes
from mediagraph.store import Catalog

HOSTILE_PAGE = b"""Hostile Test Album </script><script>alert(1)</script>

Music By:
Record Label:

Eve Mallory
Evil Records

By: Anthony Critic

<script>alert('pwned')</script> This soundtrack is a test of hostile input. The score is jazz infused and the themes are strong, although the second half drags.

Overall a decent soundtrack for fans of the film.

Rating: 4/5

  1. Opening <img src=x onerror=alert(3)>
  2. Finale
"""


def build_catalog(path: Path, seeds_dir: Path) -> str:
    """A catalog of the three seeds, the shipped demo pages and one hostile page; returns its URL."""
    url = f"sqlite:///{path}"
    with Catalog(url) as catalog:
        for seed in sorted(seeds_dir.glob("0*.txt")):
            ingest_bytes(catalog, seed.read_bytes(), uri=seed.resolve().as_uri())
        pages = resources.files("mediagraph.demo") / "pages"
        for page in sorted(pages.iterdir(), key=lambda p: p.name):
            ingest_bytes(catalog, page.read_bytes(), uri=f"mediagraph-demo:{page.name}")
        ingest_bytes(catalog, HOSTILE_PAGE, uri="https://evil.example/hostile")
    return url


class Client:
    """httpx over ``ASGITransport``: the app runs in-process, in one event loop kept for the tests."""

    def __init__(self, app: Any, portal: BlockingPortal) -> None:
        self.portal = portal
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.portal.call(functools.partial(self.http.request, method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def page(self, url: str, **kwargs: Any) -> httpx.Response:
        """GET as a browser does (asking for HTML)."""
        headers = {"accept": "text/html,application/xhtml+xml", **kwargs.pop("headers", {})}
        return self.request("GET", url, headers=headers, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def close(self) -> None:
        self.portal.call(self.http.aclose)


@pytest.fixture(scope="session")
def web_catalog(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    return build_catalog(tmp_path_factory.mktemp("web") / "catalog.sqlite", seeds_dir)


@pytest.fixture(scope="session")
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal() as p:
        yield p


@pytest.fixture(scope="session")
def client(web_catalog: str, portal: BlockingPortal) -> Iterator[Client]:
    from mediagraph.web import create_app

    c = Client(create_app(web_catalog), portal)
    yield c
    c.close()


@pytest.fixture(scope="session")
def refs(client: Client) -> dict[str, str]:
    """Ids of the entities the tests look at, found through search (ids depend on ingest order)."""

    def find(q: str, pick: Any) -> str:
        rows = client.get("/api/v1/search", params={"q": q, "limit": 50}).json()["results"]
        return str(next(r["id"] for r in rows if pick(r)))

    return {
        "rintaro": find("metropolis kind:film", lambda r: r["year"] == 2001),
        "lang": find("metropolis kind:film", lambda r: r["year"] == 1927),
        "tezuka": find("metropolis kind:comic", lambda r: True),
        "mills_album": find("metropolis kind:album", lambda r: "Jeff Mills" in r["creators"]),
        "mills_cd": find("tresor 155 type:release", lambda r: True),
        "soundtrack": find("metropolis original soundtrack kind:album", lambda r: True),
        "hostile": find("hostile test album kind:album", lambda r: True),
        "hostile_release": find("hostile test album type:release", lambda r: True),
        "mills": find("jeff mills type:agent", lambda r: True),
        "honda": find("toshiyuki honda type:agent", lambda r: True),
    }
