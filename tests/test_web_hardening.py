"""The web face under hostile input: links that only go to http(s), security headers, ids out of range."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from anyio.from_thread import BlockingPortal

from mediagraph.pipeline import ingest_bytes
from mediagraph.store import Catalog
from test_web_support import HOSTILE_PAGE, Client

pytest_plugins = ("test_web_support",)  # the portal fixture

# A review and a citation whose ``url`` would run script when clicked, and a review with a real link.
CLICKJACK = {
    "@context": "https://schema.org",
    "@graph": [
        {"@id": "#film", "@type": "Movie", "name": "Clickjack Picture", "datePublished": "1999"},
        {"@id": "#cite", "@type": "CreativeWork", "mg:referenceText": "Mallory, E. (1999) Trap", "name": "Trap",
         "url": " JaVaScRiPt:alert(document.domain)"},
        {"@id": "#rev", "@type": "Review", "itemReviewed": {"@id": "#film"}, "name": "A trap", "reviewBody": "Click the original.",
         "url": "javascript:alert(document.domain)", "author": {"@type": "Person", "name": "Mallory"},
         "citation": [{"@id": "#cite"}]},
        {"@id": "#fair", "@type": "Review", "itemReviewed": {"@id": "#film"}, "name": "A fair review", "reviewBody": "Fine.",
         "url": "https://reviews.example/clickjack", "author": {"@type": "Person", "name": "Trent"}},
    ],
}
HOSTILE_URLS = [
    "javascript:alert(1)",
    " javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "/works/w1",
    "https:alert(1)",
    "http://",
    'https://ok.example/"onmouseover="alert(1)',
    "https://ok.example/ spaced",
    "",
]
PREFIXES = {"w": "works", "r": "releases", "a": "agents", "v": "reviews", "c": "citations", "s": "sources"}
TOO_BIG = ["9223372036854775808", "99999999999999999999", "9" * 5000]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A small catalog of hostile inputs; returns its URL and the ids of what it holds."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'catalog.sqlite'}"
    with Catalog(url) as catalog:
        ingest_bytes(catalog, HOSTILE_PAGE, uri="https://evil.example/hostile")
        report = ingest_bytes(catalog, json.dumps(CLICKJACK).encode(), uri="https://evil.example/clickjack",
                              media_type="application/ld+json")
    ids = report.as_dict()["entities"]
    reviews = sorted(i for i in ids if i[0] == "v")
    return {"url": url, "work": next(i for i in ids if i[0] == "w"), "citation": next(i for i in ids if i[0] == "c"),
            "reviews": " ".join(reviews), "source": report.as_dict()["source_id"]}


@pytest.fixture(scope="module")
def web(hostile: dict[str, str], portal: BlockingPortal) -> Iterator[Client]:
    from mediagraph.web import create_app

    c = Client(create_app(hostile["url"]), portal)
    yield c
    c.close()


def hrefs(html: str) -> list[str]:
    return re.findall(r'\bhref\s*=\s*"([^"]*)"', html, re.I) + re.findall(r"\bhref\s*=\s*'([^']*)'", html, re.I)


# --- links ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_and_https_urls_become_links(url: str) -> None:
    from mediagraph.web.render import external_url

    assert external_url(url) is None


def test_plain_http_and_https_urls_stay_links() -> None:
    from mediagraph.web.render import external_url

    assert external_url("https://reviews.example/a?b=1&c=2#d") == "https://reviews.example/a?b=1&c=2#d"
    assert external_url("HTTP://old.example/") == "HTTP://old.example/"


def test_a_javascript_url_on_a_review_or_citation_is_never_a_link(web: Client, hostile: dict[str, str]) -> None:
    pages = [f"/reviews/{v}" for v in hostile["reviews"].split()] + [f"/citations/{hostile['citation']}", f"/works/{hostile['work']}"]
    for path in pages:
        r = web.page(path)
        assert r.status_code == 200, path
        for href in hrefs(r.text):
            assert href.startswith(("/", "#", "http://", "https://")), f"{path} links to {href!r}"
            assert "script:" not in href.lower(), f"{path} links to {href!r}"
    # The citation still shows what the source gave, as text.
    cite = web.page(f"/citations/{hostile['citation']}")
    assert "JaVaScRiPt:alert(document.domain)" in cite.text


def test_a_review_with_an_https_url_links_to_the_original(web: Client, hostile: dict[str, str]) -> None:
    texts = [web.page(f"/reviews/{v}").text for v in hostile["reviews"].split()]
    fair = next(t for t in texts if "A fair review" in t or "Trent" in t)
    assert '<a href="https://reviews.example/clickjack" rel="nofollow noopener noreferrer">original</a>' in fair
    trap = next(t for t in texts if "Mallory" in t)
    assert ">original</a>" not in trap


def test_every_href_in_the_templates_is_built_by_a_guarded_function() -> None:
    """An ``href`` that starts with a template value must come from path_for, external_url or our own paths."""
    from importlib import resources

    allowed = re.compile(r"^\{\{ (path_for\(|external_url\(|href \}\}|nav\.(prev|next) \}\})")
    templates = resources.files("mediagraph.web") / "templates"
    for t in templates.iterdir():
        for href in re.findall(r'href="([^"]*)"', t.read_text(encoding="utf-8")):
            if href.startswith("{{"):
                assert allowed.match(href), f"{t.name}: href={href!r} is not built by a guarded function"
            else:
                assert href.startswith(("/", "#")), f"{t.name}: href={href!r}"


# --- security headers -----------------------------------------------------------------------


def csp_of(r: httpx.Response) -> dict[str, str]:
    header = r.headers.get("content-security-policy", "")
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_every_answer_sends_the_security_headers(web: Client, hostile: dict[str, str]) -> None:
    first_review = hostile["reviews"].split()[0]
    answers = {
        "home": web.page("/"),
        "search": web.page("/search", params={"q": "clickjack"}),
        "work": web.page(f"/works/{hostile['work']}"),
        "review": web.page(f"/reviews/{first_review}"),
        "source": web.page(f"/sources/{hostile['source']}"),
        "missing page": web.page("/works/w999999"),
        "no route": web.page("/nowhere"),
        "api": web.get(f"/api/v1/works/{hostile['work']}"),
        "api error": web.get("/api/v1/works/w999999"),
        "api write refused": web.post("/api/v1/pages", content=b"x"),
        "static": web.get("/static/style.css"),
        "openapi": web.get("/openapi.json"),
    }
    etag = answers["work"].headers["etag"]
    answers["not modified"] = web.page(f"/works/{hostile['work']}", headers={"if-none-match": etag})
    assert answers["not modified"].status_code == 304
    for name, r in answers.items():
        csp = csp_of(r)
        assert csp.get("default-src") == "default-src 'none'", name
        assert csp.get("script-src") == "script-src 'self'", name
        assert csp.get("frame-ancestors") == "frame-ancestors 'none'", name
        assert csp.get("base-uri") == "base-uri 'none'", name
        assert "unsafe-inline" not in r.headers["content-security-policy"], name
        assert r.headers.get("x-content-type-options") == "nosniff", name
        assert r.headers.get("referrer-policy") == "no-referrer", name
        assert r.headers.get("x-frame-options") == "DENY", name


def test_pages_carry_no_inline_script_besides_json_ld(web: Client, hostile: dict[str, str]) -> None:
    for path in ("/", f"/works/{hostile['work']}", f"/citations/{hostile['citation']}", f"/sources/{hostile['source']}"):
        html = web.page(path).text
        for attrs in re.findall(r"<script\b([^>]*)>", html, re.I):
            assert 'type="application/ld+json"' in attrs, f"{path}: <script{attrs}>"
        assert not re.search(r"\son[a-z]+\s*=", html.split("</head>", 1)[1].replace("&", "")), path


def test_the_api_docs_page_allows_only_its_own_hashed_script(web: Client) -> None:
    r = web.page("/docs")
    assert r.status_code == 200
    csp = csp_of(r)
    inline = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    assert inline, "the Swagger page starts itself with an inline script"
    import base64
    import hashlib

    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]
    assert "unsafe-inline" not in csp["script-src"] and csp["frame-ancestors"] == "frame-ancestors 'none'"


# --- ids out of range -----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", sorted(PREFIXES))
def test_an_id_out_of_range_is_not_found_on_every_entity_route(web: Client, prefix: str) -> None:
    route = PREFIXES[prefix]
    for digits in TOO_BIG:
        ref = prefix + digits
        page = web.page(f"/{route}/{ref}")
        assert page.status_code == 404, (route, digits[:25], page.text[:200])
        assert "text/html" in page.headers["content-type"]
        api = web.get(f"/api/v1/{route}/{ref}")
        assert api.status_code == 404, (route, digits[:25], api.text[:200])
        assert api.json()["error"]["code"] == "not_found"
    for digits in ("²", "١٢"):  # digits to str.isdigit, yet no id: a bad request, never a 500
        assert web.page(f"/{route}/{prefix}{digits}").status_code in (400, 404)
        assert web.get(f"/api/v1/{route}/{prefix}{digits}").status_code == 422
    if prefix == "w":
        for tail in ("/reviews", "/lineage"):
            assert web.get(f"/api/v1/works/w{TOO_BIG[0]}{tail}").status_code == 404
        assert web.get(f"/api/v1/entities/w{TOO_BIG[1]}/jsonld").status_code == 404


def test_the_largest_possible_id_is_simply_not_there(web: Client) -> None:
    r = web.get("/api/v1/works/w9223372036854775807")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_an_unexpected_error_answers_500_and_lets_the_connection_live(hostile: dict[str, str], portal: BlockingPortal) -> None:
    """The server must not re-raise after answering: uvicorn then drops the keep-alive connection."""
    from mediagraph.web import create_app

    app = create_app(hostile["url"])

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    # raise_app_exceptions (httpx's default) fails the request when the app lets the error escape.
    c = Client(app, portal)
    try:
        r = c.get("/boom")
        assert r.status_code == 500
        assert r.json()["error"]["code"] == "internal_error"
        assert "secret internals" not in r.text
        assert r.headers.get("x-content-type-options") == "nosniff"
    finally:
        c.close()


def test_cli_show_of_an_id_out_of_range_says_not_found(tmp_path: Path) -> None:
    db = str(tmp_path / "cat.sqlite")
    for ref in ("w99999999999999999999", "r9223372036854775808", "a" + "9" * 5000):
        proc = subprocess.run([sys.executable, "-m", "mediagraph", "--db", db, "show", ref],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 5, proc.stderr  # NotFoundError's exit code
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in proc.stderr
        assert lines[0].startswith("mediagraph: error: no entity with id ")
        assert "internal error" not in proc.stderr
