"""The web pages in a real Chromium (Debian's, driven by Playwright) against a live uvicorn server."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_web_support import build_catalog

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DOCS = Path(__file__).resolve().parent.parent / "docs"
# The README's pictures come from this test: MEDIAGRAPH_SCREENSHOTS=docs writes them into docs/.
TO_DOCS = os.environ.get("MEDIAGRAPH_SCREENSHOTS") == "docs"
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


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[str]:
    """``mediagraph serve`` on a free loopback port, over a catalog of the seeds and demo pages."""
    url = build_catalog(tmp_path_factory.mktemp("browser") / "catalog.sqlite", seeds_dir)
    port = _free_port()
    log = tmp_path_factory.mktemp("server-log") / "serve.log"
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
    shot = (DOCS if TO_DOCS else tmp_path) / "screenshot-work.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    picture = page.locator(".lineage-picture")
    picture.scroll_into_view_if_needed()
    drawn = (DOCS if TO_DOCS else tmp_path) / "screenshot-lineage.png"
    picture.screenshot(path=str(drawn))
    assert drawn.stat().st_size > 10_000

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
