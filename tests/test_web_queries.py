"""A work page reads the catalog in a few batched queries, however many releases, reviews and links it has."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from anyio.from_thread import start_blocking_portal

from mediagraph.model import (
    Agent,
    Credit,
    RecordSet,
    Relation,
    Release,
    Review,
    Source,
    Title,
    Work,
    WorkKind,
)
from mediagraph.model.vocab import Predicate
from mediagraph.resolve.ingest import ingest_batch
from mediagraph.store import Catalog, sources
from mediagraph.web import create_app
from test_web_support import Client


def _graph(tag: str, *, releases: int, reviews: int, derived: int) -> RecordSet:
    """A film with ``releases`` editions, ``reviews`` reviews per edition and ``derived`` works based on it."""
    lang = Agent(name=f"Director {tag}", key=f"t:{tag}/agent")
    film = Work(key=f"t:{tag}/film", kind=WorkKind.FILM, titles=(Title(text=f"Film {tag}"),), date="1927",
                credits=(Credit(agent=lang, role="director"),))
    works = [film] + [
        Work(key=f"t:{tag}/w{i}", kind=WorkKind.COMIC, titles=(Title(text=f"Comic {tag} {i}"),), date=str(1950 + i))
        for i in range(derived)
    ]
    eds = [Release(key=f"t:{tag}/r{i}", title=f"Film {tag}", work=film.key, date=str(1990 + i)) for i in range(releases)]
    revs = [
        Review(key=f"t:{tag}/v{i}-{j}", subject=e.key, site="example.org", date=f"2001-01-{j + 1:02d}", text="Fine.")
        for i, e in enumerate(eds)
        for j in range(reviews)
    ]
    rels = [Relation(subject=f"t:{tag}/w{i}", predicate=Predicate.BASED_ON, object=film.key) for i in range(derived)]
    return RecordSet(source=Source(uri=f"test:{tag}"), works=tuple(works), releases=tuple(eds), reviews=tuple(revs),
                     relations=tuple(rels))


@pytest.fixture(scope="module")
def app_and_counter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, list[str]]]:
    path: Path = tmp_path_factory.mktemp("queries") / "catalog.sqlite"
    with Catalog(str(path)) as cat:
        for tag, size in (("small", 1), ("big", 12)):
            graph = _graph(tag, releases=size, reviews=size // 4 + 1, derived=size)
            with cat.transaction() as tx:
                sid = sources.insert(tx, uri=graph.source.uri, kind="discogs")
                ingest_batch(tx, sid, graph)
    app = create_app(str(path))
    seen: list[str] = []
    sa.event.listen(app.state.catalog.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    with start_blocking_portal() as portal:
        client = Client(app, portal)
        try:
            yield client, seen
        finally:
            client.close()


def _work_ref(client: Client, title: str) -> str:
    hits = client.get("/api/v1/search", params={"q": f'"{title}" kind:film'}).json()["results"]
    return str(next(h["id"] for h in hits if h["title"] == title))


def test_work_page_queries_do_not_grow_with_its_graph(app_and_counter: tuple[Client, list[str]]) -> None:
    client, seen = app_and_counter
    counts = {}
    for tag in ("small", "big"):
        ref = _work_ref(client, f"Film {tag}")
        seen.clear()
        r = client.get(f"/works/{ref}")
        assert r.status_code == 200
        assert r.text.count('href="/releases/') >= (12 if tag == "big" else 1)
        counts[tag] = len(seen)
    assert counts["big"] == counts["small"], counts  # 12 editions, 48 reviews, 12 derived works: no more reads
    assert counts["big"] <= 16, counts


def _first_link(html: str, prefix: str) -> str:
    start = html.index(f'href="/{prefix}/') + len(f'href="/{prefix}/')
    return html[start : html.index('"', start)]


def test_release_and_review_pages_do_not_grow_with_the_work(app_and_counter: tuple[Client, list[str]]) -> None:
    client, seen = app_and_counter
    counts: dict[str, dict[str, int]] = {"releases": {}, "reviews": {}}
    for tag in ("small", "big"):
        work_html = client.get(f"/works/{_work_ref(client, f'Film {tag}')}").text
        for prefix in counts:
            ref = _first_link(work_html, prefix)
            seen.clear()
            r = client.get(f"/{prefix}/{ref}")
            assert r.status_code == 200
            counts[prefix][tag] = len(seen)
        # The release page lists the other editions: 11 of them for the big film.
        release_html = client.get(f"/releases/{_first_link(work_html, 'releases')}").text
        assert release_html.count('href="/releases/') >= (11 if tag == "big" else 0)
    for prefix, by_tag in counts.items():
        assert by_tag["big"] == by_tag["small"], (prefix, by_tag)
        assert by_tag["big"] <= 14, (prefix, by_tag)
