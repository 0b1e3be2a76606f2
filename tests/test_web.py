"""The web pages and the read API, driven in-process over httpx against a real SQLite catalog."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mediagraph import views
from mediagraph.store import Catalog
from test_web_support import Client

pytest_plugins = ("test_web_support",)  # the catalog, client and refs fixtures

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld_of(html: str) -> Any:
    blocks = LD.findall(html)
    assert len(blocks) == 1, "an entity page embeds exactly one JSON-LD block"
    return json.loads(blocks[0])


# --- pages ----------------------------------------------------------------------------------


def test_home_has_search_box_and_recent_additions(client: Client) -> None:
    r = client.page("/")
    assert r.status_code == 200
    assert 'name="q"' in r.text and 'action="/search"' in r.text
    assert "Recent additions" in r.text
    assert "Hostile Test Album" in r.text  # the last page ingested is the newest addition


def test_search_page_lists_the_four_metropolis_works_with_facets(client: Client, refs: dict[str, str]) -> None:
    r = client.page("/search", params={"q": "metropolis"})
    assert r.status_code == 200
    for key in ("rintaro", "lang", "tezuka", "mills_album"):
        assert f'href="/works/{refs[key]}"' in r.text
    facets = r.text.split('class="facets"', 1)[1].split("</aside>", 1)[0]
    for name in ("kind", "year", "label", "format", "country"):
        assert f"<h3>{name}</h3>" in facets
    assert "Tresor" in facets and "Germany" in facets and "CD" in facets


def test_search_facet_link_narrows_the_results(client: Client, refs: dict[str, str]) -> None:
    r = client.page("/search", params={"q": "metropolis"})
    film = re.search(r'href="(/search\?q=metropolis\+kind%3Afilm)"', r.text)
    assert film, "a kind facet links to the refined query"
    narrowed = client.page(film.group(1).replace("&amp;", "&"))
    assert f"/works/{refs['rintaro']}" in narrowed.text
    assert f"/works/{refs['mills_album']}" not in narrowed.text


def test_search_page_with_a_bad_filter_says_why(client: Client) -> None:
    r = client.page("/search", params={"q": "metropolis kind:spaceship"})
    assert r.status_code == 400
    assert "unknown kind" in r.text


def test_search_pages_through_results(client: Client) -> None:
    first = client.page("/search", params={"q": "metropolis"})
    assert 'rel="next"' not in first.text or "page=2" in first.text
    empty = client.page("/search", params={"q": "zzzznothing"})
    assert "Nothing matches" in empty.text


def test_work_page_shows_what_seed_002_says(client: Client, refs: dict[str, str]) -> None:
    r = client.page(f"/works/{refs['rintaro']}")
    assert r.status_code == 200
    html = r.text
    assert "<h1>Metropolis" in html and "(2001)" in html
    assert re.search(r'<a href="/agents/a\d+">Rintaro</a> <span class="role">director', html)
    for actor in ("Kei Kobayashi", "Yuka Imoto", "Kôki Okada", "Tarô Ishida", "Kôsei Tomita"):
        assert actor in html
    for related in ("Steamboy", "Akira", "Ghost in the Shell", "Dennou Coil"):
        assert related in html
    assert "The First Time as Farce" in html and "Frankenstein and the Cyborg Metropolis" in html  # citations
    assert "rated “5/6”" in html and ">83<" in html  # the 5/6 verdict on 0–100
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html  # lineage and histogram inline


def test_work_page_lineage_nodes_link_to_their_pages(client: Client, refs: dict[str, str]) -> None:
    html = client.page(f"/works/{refs['rintaro']}").text
    lineage = html.split('class="lineage-picture"', 1)[1].split("</svg>", 1)[0]
    links = set(re.findall(r'<a href="(/works/w\d+)" class="lineage-node"', lineage))
    assert {f"/works/{refs[k]}" for k in ("lang", "tezuka", "rintaro", "soundtrack")} <= links
    for href in links:
        assert client.page(href).status_code == 200


def test_release_page_shows_what_seed_001_says(client: Client, refs: dict[str, str]) -> None:
    html = client.page(f"/releases/{refs['mills_cd']}").text
    assert "Jeff Mills</a> – Metropolis" in html
    assert 'Tresor</a> – <span class="catno">Tresor 155</span>' in html
    assert "CD, Album" in html
    identifiers = html.split('id="identifiers"', 1)[1].split("</section>", 1)[0]
    assert "7 18755 61552 2" in identifiers and "✓ valid" in identifiers
    assert "IFPI L553" in identifiers and "LC 07572" in identifiers and "not checked" in identifiers
    versions = html.split('id="versions"', 1)[1].split("</section>", 1)[0]
    assert "TRESOR10155CD" in versions and "Germany" in versions and "2010" in versions
    assert "Published By" in html and "Millsart" in html  # companies
    assert "Inspired by Fritz Lang&#39;s &#39;Metropolis&#39;, 1926" in html  # notes, escaped
    assert "A concept album in which Jeff Mills took himself too seriously" in html  # reviews
    assert "Where sources disagree" in html  # the demo page gives other notes


def test_release_page_has_tracklist_with_per_track_credits(client: Client, refs: dict[str, str]) -> None:
    work = client.get(f"/api/v1/works/{refs['soundtrack']}").json()
    releases = [x["id"] for x in work["relations"] if x["predicate"] == "release_of"]
    pages = [client.page(f"/releases/{r}").text for r in releases]
    full = next(p for p in pages if "Minako Obata" in p)
    tracks = full.split('id="tracklist"', 1)[1].split("</section>", 1)[0]
    assert tracks.count('<td class="pos">') == 20
    assert "St James Infirmary" in tracks and "Atsuki Kimura" in tracks


def test_review_page_reads_like_seed_000(client: Client, refs: dict[str, str]) -> None:
    reviews = client.get(f"/api/v1/works/{refs['soundtrack']}/reviews").json()["results"]
    romero = next(r for r in reviews if r["author"] == "Anthony Romero")
    html = client.page(romero["href"]).text
    header = html.split('class="review-meta"', 1)[1].split("</section>", 1)[0]
    assert "Music by" in header and "Toshiyuki Honda" in header
    assert "Record label" in header and "Domo Records" in header
    assert "2002-02" in header and "Soundtrack of" in header
    assert "Kudos goes to Jessica Stan" not in html  # not part of the review text
    assert "the score is a jazz infused body of work" in html
    assert "Rating" in html
    assert html.split('id="tracklist"', 1)[1].count('<td class="pos">') == 20


def test_agent_page_lists_credits_across_media(client: Client, refs: dict[str, str]) -> None:
    html = client.page(f"/agents/{refs['mills']}").text
    assert "<h1>Jeff Mills</h1>" in html
    assert "Albums and scores" in html and "Releases" in html
    assert f'href="/works/{refs["mills_album"]}"' in html and f'href="/releases/{refs["mills_cd"]}"' in html


def test_source_page_highlights_every_extracted_fact(client: Client) -> None:
    data = client.get("/api/v1/sources/s1").json()
    assert data["facts"], "the seed page yields facts with spans"
    html = client.page("/sources/s1").text
    assert '<mark class="fact"' in html
    assert re.search(r'<mark class="fact"[^>]*>Toshiyuki Honda</mark>', html)
    assert html.count('<a id="f') == len(data["facts"])
    assert "Kudos goes to Jessica Stan" in html  # the whole original text is there


def test_citation_page(client: Client, refs: dict[str, str]) -> None:
    work = client.page(f"/works/{refs['rintaro']}").text
    href = re.search(r'<a href="(/citations/c\d+)">The First Time as Farce</a>', work)
    assert href
    html = client.page(href.group(1)).text
    assert "Thomas Lamarre" in html and "Palgrave MacMillian" in html


@pytest.mark.parametrize("key,prefix", [("rintaro", "works"), ("mills_cd", "releases"), ("mills", "agents"), ("hostile", "works")])
def test_entity_pages_embed_the_entitys_jsonld(client: Client, refs: dict[str, str], web_catalog: str, key: str, prefix: str) -> None:
    html = client.page(f"/{prefix}/{refs[key]}").text
    embedded = jsonld_of(html)
    with Catalog(web_catalog) as catalog, catalog.transaction(write=False) as tx:
        expected = views.entity_jsonld(tx, refs[key])
    assert embedded == expected


def test_review_and_citation_pages_embed_jsonld(client: Client, refs: dict[str, str]) -> None:
    reviews = client.get(f"/api/v1/works/{refs['rintaro']}/reviews").json()["results"]
    embedded = jsonld_of(client.page(reviews[0]["href"]).text)
    assert embedded["@type"] == "Review"


def test_hostile_review_is_shown_as_text(client: Client, refs: dict[str, str]) -> None:
    for path in (f"/works/{refs['hostile']}", f"/releases/{refs['hostile_release']}"):
        html = client.page(path).text
        assert "<script>alert" not in html and "<img src=x" not in html
        # Only our JSON-LD script element: the source text never opens or closes one.
        assert html.count("<script") == 1 and html.count("</script>") == 1
    work = client.page(f"/works/{refs['hostile']}").text
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in work
    assert "Hostile Test Album &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in work
    assert jsonld_of(work)["name"] == "Hostile Test Album </script><script>alert(1)</script>"
    reviews = client.get(f"/api/v1/works/{refs['hostile']}/reviews").json()["results"]
    review = client.page(reviews[0]["href"]).text
    assert "<p>&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; This soundtrack" in review
    assert "Opening &lt;img src=x onerror=alert(3)&gt;" in review


def test_pages_answer_404_and_400_as_html(client: Client, refs: dict[str, str]) -> None:
    missing = client.page("/works/w999999")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "no entity with id 999999" in missing.text
    wrong_type = client.page(f"/works/{refs['mills_cd']}")
    assert wrong_type.status_code == 404 and "is a release, not a work" in wrong_type.text
    assert client.page("/works/nonsense").status_code == 400
    assert client.page("/sources/s999999").status_code == 404
    assert client.page("/sources/x").status_code == 404
    nowhere = client.page("/no/such/page")
    assert nowhere.status_code == 404 and "<h1>404" in nowhere.text


def test_pages_have_etags(client: Client, refs: dict[str, str]) -> None:
    first = client.page(f"/works/{refs['rintaro']}")
    again = client.page(f"/works/{refs['rintaro']}", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_static_stylesheet_is_served(client: Client) -> None:
    r = client.get("/static/style.css")
    assert r.status_code == 200 and "text/css" in r.headers["content-type"]


# --- read API -------------------------------------------------------------------------------


def test_api_search_paginates_with_next_links(client: Client) -> None:
    seen: list[str] = []
    url: str | None = "/api/v1/search?q=metropolis&limit=3"
    pages = 0
    while url:
        r = client.get(url)
        assert r.status_code == 200
        body = r.json()
        seen += [hit["id"] for hit in body["results"]]
        url = body["next"]
        pages += 1
    assert pages >= 3 and len(seen) == len(set(seen)) >= 7
    everything = client.get("/api/v1/search", params={"q": "metropolis", "limit": 100}).json()
    assert [h["id"] for h in everything["results"]] == seen and everything["next"] is None


def test_api_search_hits_link_to_pages(client: Client) -> None:
    hit = client.get("/api/v1/search", params={"q": "metropolis kind:film year:2001"}).json()["results"][0]
    assert hit["title"] == "Metropolis" and hit["href"] == f"/works/{hit['id']}"


def test_api_entities_by_type(client: Client, refs: dict[str, str]) -> None:
    work = client.get(f"/api/v1/works/{refs['rintaro']}").json()
    assert work["type"] == "work" and work["year"] == 2001
    credits = {(c["role"], c["agent"]["name"]) for c in work["record"]["credits"]}
    assert ("director", "Rintaro") in credits and ("composer", "Toshiyuki Honda") in credits  # the soundtrack's composer scored the film
    release = client.get(f"/api/v1/releases/{refs['mills_cd']}").json()
    assert {i["value"] for i in release["identifiers"]} >= {"7 18755 61552 2", "LC 07572"}
    assert "notes" in release["alternatives"]
    assert client.get(f"/api/v1/agents/{refs['mills']}").json()["label"] == "Jeff Mills"
    ld = client.get(f"/api/v1/entities/{refs['rintaro']}/jsonld")
    assert ld.headers["content-type"] == "application/ld+json" and ld.json()["@type"] == "Movie"


def test_api_work_reviews_summary_and_pages(client: Client, refs: dict[str, str]) -> None:
    body = client.get(f"/api/v1/works/{refs['mills_album']}/reviews", params={"limit": 3}).json()
    assert body["summary"]["count"] >= 6 and len(body["summary"]["bins"]) == 10
    assert len(body["results"]) == 3 and body["next"].endswith("limit=3&offset=3")
    review = client.get(f"/api/v1/reviews/{body['results'][0]['id']}").json()
    assert review["type"] == "review" and "score" in review
    rintaro = client.get(f"/api/v1/works/{refs['rintaro']}/reviews").json()
    assert rintaro["results"][0]["score"] == 83.0 and rintaro["results"][0]["estimated"] is False


def test_api_lineage(client: Client, refs: dict[str, str]) -> None:
    body = client.get(f"/api/v1/works/{refs['rintaro']}/lineage").json()
    ids = {n["id"] for n in body["nodes"]}
    assert {refs["lang"], refs["tezuka"], refs["rintaro"]} <= ids
    assert {"from": refs["tezuka"], "to": refs["rintaro"]}.items() <= next(
        e for e in body["edges"] if e["to"] == refs["rintaro"] and e["predicate"] == "based_on"
    ).items()
    assert refs["lang"] in body["roots"]


def test_api_source_has_text_and_facts(client: Client) -> None:
    body = client.get("/api/v1/sources/s1").json()
    assert body["uri"].endswith("000_d50e8eb9d6c33e61.txt")
    fact = next(f for f in body["facts"] if f["value"] == "Toshiyuki Honda" or f["snippet"] == "Toshiyuki Honda")
    assert body["text"][fact["start"] : fact["end"]] == fact["snippet"]
    assert body["entities"]


def test_api_etag_gives_304(client: Client, refs: dict[str, str]) -> None:
    for url in (f"/api/v1/works/{refs['rintaro']}", "/api/v1/search?q=metropolis", f"/api/v1/works/{refs['rintaro']}/lineage"):
        r = client.get(url)
        etag = r.headers["etag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304
        assert client.get(url, headers={"if-none-match": f'W/{etag}, "other"'}).status_code == 304
        assert client.get(url, headers={"if-none-match": '"stale"'}).status_code == 200


@pytest.mark.parametrize(
    "url,status,code",
    [
        ("/api/v1/works/w999999", 404, "not_found"),
        ("/api/v1/works/r1", 404, "not_found"),
        ("/api/v1/works/abc", 422, "validation_error"),
        ("/api/v1/search", 422, "validation_error"),
        ("/api/v1/search?q=x&limit=0", 422, "validation_error"),
        ("/api/v1/search?q=x&limit=101", 422, "validation_error"),
        ("/api/v1/search?q=metropolis+kind:spaceship", 400, "bad_request"),
        ("/api/v1/sources/s999999", 404, "not_found"),
        ("/api/v1/sources/w1", 422, "validation_error"),
        ("/api/v1/nothing/here", 404, "not_found"),
        ("/api/v1/works/w999999/lineage", 404, "not_found"),
        ("/api/v1/works/w999999/reviews", 404, "not_found"),
    ],
)
def test_api_errors_have_one_body(client: Client, url: str, status: int, code: str) -> None:
    r = client.get(url)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]


def test_api_wrong_method_has_the_error_body(client: Client) -> None:
    r = client.request("DELETE", "/api/v1/search?q=x")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_openapi_and_docs(client: Client) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/search", "/api/v1/works/{ref}", "/api/v1/releases/{ref}", "/api/v1/agents/{ref}", "/api/v1/reviews/{ref}",
            "/api/v1/works/{ref}/reviews", "/api/v1/works/{ref}/lineage", "/api/v1/sources/{ref}", "/api/v1/pages",
            "/api/v1/curation/merge", "/api/v1/curation/undo"} <= paths
    assert not any(p.startswith("/works") for p in paths), "HTML pages stay out of the API description"
    assert "token" in spec["components"]["securitySchemes"]
    assert "swagger" in client.get("/docs").text.lower()


def test_links_escape_their_text_and_link_only_our_pages() -> None:
    from mediagraph.web.render import link

    assert str(link("w12", "Ghost <b>in</b> the Shell")) == '<a href="/works/w12">Ghost &lt;b&gt;in&lt;/b&gt; the Shell</a>'
    assert str(link(None, "<script>")) == "&lt;script&gt;"
    assert str(link("javascript:alert(1)", "x")) == "x"



@pytest.fixture(scope="module")
def seed000(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, portal: Any) -> Iterator[Client]:
    """A catalog of seed 000 alone: Honda's soundtrack and its one review, which gives no rating."""
    from mediagraph.pipeline import ingest_bytes
    from mediagraph.web import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('seed000') / 'catalog.sqlite'}"
    seed = next(seeds_dir.glob("000*.txt"))
    with Catalog(url) as catalog:
        ingest_bytes(catalog, seed.read_bytes(), uri=seed.resolve().as_uri())
    c = Client(create_app(url), portal)
    yield c
    c.close()


def test_an_estimate_never_headlines_as_a_score(seed000: Client) -> None:
    hit = seed000.get("/api/v1/search", params={"q": "metropolis kind:album"}).json()["results"][0]
    body = seed000.get(f"/api/v1/works/{hit['id']}/reviews").json()
    summary = body["summary"]
    assert summary["given"] == 0 and summary["given_mean"] is None and summary["band"] is None
    assert summary["estimate"]["count"] == 1
    assert summary["estimate"]["low"] < summary["estimate"]["mean"] < summary["estimate"]["high"]
    (review,) = body["results"]
    assert review["estimated"] and review["band"] == [summary["estimate"]["low"], summary["estimate"]["high"]]
    html = seed000.page(f"/works/{hit['id']}").text
    header = html.split('class="entity-head"', 1)[1].split("</header>", 1)[0]
    assert "scored review" not in header and 'class="headline-score"' not in header
    assert "estimated from 1 review" in header and "no reviewer gave a score" in header
    assert 'class="score-big estimate-only"' in html
    ld = seed000.get(f"/api/v1/entities/{hit['id']}/jsonld").json()
    assert "aggregateRating" not in ld  # nothing computed from estimates is exported as one
