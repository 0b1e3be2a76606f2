"""The web pages in a real Chromium (Debian's, driven by Playwright) against a live uvicorn server."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from test_web_support import build_catalog

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("MEDIAGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}; CI must run the browser tests (apt-get install -y chromium chromium-driver)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(url: str, log: Path) -> Iterator[str]:
    """``mediagraph serve`` over ``url`` on a free loopback port, for as long as the block runs."""
    port = _free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mediagraph", "--db", url, "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[str]:
    """``mediagraph serve`` on a free loopback port, over a catalog of the seeds and demo pages."""
    url = build_catalog(tmp_path_factory.mktemp("browser") / "catalog.sqlite", seeds_dir)
    with serving(url, tmp_path_factory.mktemp("server-log") / "serve.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright; no `playwright install` needed)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def jsonld(page: Any) -> Any:
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 1
    return json.loads(blocks.first.text_content())


def test_search_open_work_follow_lineage(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(server + "/")
    page.locator("form.search.big input[name=q]").fill("metropolis")
    page.locator("form.search.big input[name=q]").press("Enter")
    page.wait_for_url("**/search?q=metropolis")
    row = page.locator("table.results tbody tr", has_text="2001").filter(has_text="film")
    row.locator("a.result").click()
    page.wait_for_url("**/works/w*")
    assert page.locator("h1").inner_text().startswith("Metropolis")
    data = jsonld(page)
    assert data["@type"] == "Movie" and data["name"] == "Metropolis"
    assert page.locator(".cast").inner_text().count("\n") >= 4
    shot = tmp_path / "work.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000

    start = page.url
    lang = page.locator("a.lineage-node", has_text="1927")
    assert lang.count() == 1
    target = lang.get_attribute("data-id")
    lang.click()
    page.wait_for_url(f"**/works/{target}")
    assert page.url != start
    assert "(1927)" in page.locator("h1").inner_text()
    assert jsonld(page)["name"] == "Metropolis"
    page.screenshot(path=str(tmp_path / "lineage-target.png"), full_page=True)
    assert page.dialogs == []


def test_hostile_review_runs_no_script(server: str, page: Any) -> None:
    page.goto(server + "/search?q=hostile+test+album+kind%3Aalbum")
    page.locator("a.result").first.click()
    page.wait_for_url("**/works/w*")
    assert "<script>alert('pwned')</script>" in page.locator(".review-text").first.inner_text()
    page.locator(".review-head a").first.click()
    page.wait_for_url("**/reviews/v*")
    assert "<script>alert('pwned')</script>" in page.locator(".review-body").inner_text()
    assert page.dialogs == []
    assert jsonld(page)["@type"] == "Review"


def test_source_page_marks_facts(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(server + "/sources/s1")
    marks = page.locator("mark.fact")
    assert marks.count() > 20
    assert "Toshiyuki Honda" in marks.all_inner_texts()
    page.screenshot(path=str(tmp_path / "source.png"))


# --- hostile content under the Content-Security-Policy ------------------------------------------

INJECTED = '<script>window.__ran = "inline"</script><img src="/nothing.png" onerror="window.__ran = \'handler\'">'


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A server over the hostile page and the clickjack review (a ``javascript:`` URL) alone."""
    from mediagraph.pipeline import ingest_bytes
    from mediagraph.store import Catalog
    from test_web_hardening import CLICKJACK
    from test_web_support import HOSTILE_PAGE

    url = f"sqlite:///{tmp_path_factory.mktemp('hostile-browser') / 'catalog.sqlite'}"
    with Catalog(url) as catalog:
        ingest_bytes(catalog, HOSTILE_PAGE, uri="https://evil.example/hostile")
        made = ingest_bytes(catalog, json.dumps(CLICKJACK).encode(), uri="https://evil.example/clickjack",
                            media_type="application/ld+json").as_dict()["entities"]
    ids = {"work": next(i for i in made if i[0] == "w"), "reviews": " ".join(sorted(i for i in made if i[0] == "v"))}
    with serving(url, tmp_path_factory.mktemp("hostile-log") / "serve.log") as base:
        yield base, ids


def csp_messages(page: Any) -> list[str]:
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    return messages


def _inject(page: Any, *, keep_csp: bool) -> None:
    """Serve the real page with a script and an event handler spliced in, as a template bug would."""

    def handler(route: Any) -> None:
        response = route.fetch()
        headers = dict(response.headers)
        if not keep_csp:
            headers.pop("content-security-policy", None)
        body = response.text().replace("<main>", "<main>" + INJECTED, 1)
        route.fulfill(response=response, body=body, headers=headers)

    page.route("**/works/*", handler)


def test_the_policy_stops_script_that_got_into_a_page(hostile_server: tuple[str, dict[str, str]], page: Any) -> None:
    base, ids = hostile_server
    seen = csp_messages(page)
    _inject(page, keep_csp=True)
    response = page.goto(f"{base}/works/{ids['work']}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert page.evaluate("window.__ran") is None, "an inline script or handler ran despite the policy"
    assert any("inline script" in m or "inline event handler" in m for m in seen), seen
    # The JSON-LD block is data, not script: the policy leaves it readable.
    assert jsonld(page)["@type"] == "Movie"
    assert page.dialogs == []


def test_without_the_policy_the_same_splice_would_run(hostile_server: tuple[str, dict[str, str]], page: Any) -> None:
    """The control for the test above: the spliced script is live, so only the policy stopped it."""
    base, ids = hostile_server
    _inject(page, keep_csp=False)
    page.goto(f"{base}/works/{ids['work']}")
    page.wait_for_function("window.__ran !== undefined")
    assert page.evaluate("window.__ran") in ("inline", "handler")


def test_a_javascript_url_in_a_review_is_no_link_and_runs_nothing(hostile_server: tuple[str, dict[str, str]], page: Any) -> None:
    base, ids = hostile_server
    seen = csp_messages(page)
    for review in ids["reviews"].split():
        response = page.goto(f"{base}/reviews/{review}")
        assert response.status == 200 and "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert page.locator("a[href]").evaluate_all("els => els.map(e => e.protocol).filter(p => p !== 'http:' && p !== 'https:')") == []
    assert page.locator("a", has_text="original").count() <= 1
    assert page.dialogs == [] and seen == []


def test_the_catalog_pages_break_no_rule_of_their_own_policy(server: str, page: Any) -> None:
    """Every page as shipped (stylesheet, lineage SVG, histogram, JSON-LD) works under the policy."""
    seen = csp_messages(page)
    page.goto(server + "/search?q=metropolis")
    page.locator("a.result").first.click()
    page.wait_for_url("**/works/w*")
    page.locator("a.lineage-node").first.wait_for()
    assert page.evaluate("getComputedStyle(document.querySelector('header.site')).display") != "inline"  # the stylesheet applies
    page.goto(server + "/sources/s1")
    page.goto(server + "/works/w99999999999999999999")
    assert seen == []


def test_a_keep_alive_connection_outlives_an_id_out_of_range(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        for path in ("/works/w9223372036854775808", "/api/v1/releases/r99999999999999999999", "/sources/s9223372036854775808", "/"):
            conn.request("GET", path, headers={"Accept": "text/html"})
            r = conn.getresponse()
            r.read()
            assert r.status == (200 if path == "/" else 404), path
            assert r.getheader("connection", "keep-alive").lower() != "close"
    finally:
        conn.close()
