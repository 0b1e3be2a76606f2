"""`extract URL` and `ingest URL` against a web site served on 127.0.0.1 by the test itself."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import mediagraph
from mediagraph.cli import main

DEMO_PAGE = Path(mediagraph.__file__).parent / "demo" / "pages" / "01_lang_metropolis_review.html"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "pages" / "pages"

Route = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]


class Site:
    """A small web site: what each path answers, and who asked for what."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.accept_encodings: list[str] = []
        self.port = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.routes[path] = (200, {"Content-Type": content_type, **headers}, body)

    def redirect(self, path: str, to: str, status: int = 301) -> None:
        self.routes[path] = (status, {"Location": to}, b"")


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?", 1)[0]
        site.hits[path] += 1
        site.user_agents.append(self.headers.get("User-Agent", ""))
        site.accept_encodings.append(self.headers.get("Accept-Encoding", ""))
        route = site.routes.get(path, (404, {"Content-Type": "text/plain"}, b"not here"))
        if callable(route):
            route(self)
            return
        status, headers, body = route
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    site: Site

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client hung up on purpose (timeouts, the size cap)


@pytest.fixture
def site() -> Iterator[Site]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = Site()
    server.site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.site
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MEDIAGRAPH_CACHE", str(folder))
    monkeypatch.delenv("MEDIAGRAPH_FETCH_TIMEOUT", raising=False)
    return folder


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cat.sqlite")


def mg(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command in this process: exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out = capsys.readouterr()
    code = done.value.code
    return (code if isinstance(code, int) else 1), out.out, out.err


def one_line_error(result: tuple[int, str, str], *, names: str, says: str) -> str:
    code, _, err = result
    assert code == 3, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert names in lines[0] and says in lines[0], lines[0]
    return lines[0]


def jsonld(out: str) -> dict[str, Any]:
    doc = json.loads(out)
    assert isinstance(doc, dict)
    return doc


def movies(doc: dict[str, Any]) -> list[str]:
    return [n["name"] for n in doc["@graph"] if n.get("@type") == "Movie"]


def test_a_page_is_fetched_and_extracted_with_its_url_and_retrieval_time(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.page("/reviews/metropolis", DEMO_PAGE.read_bytes())
    before = datetime.now(UTC).replace(microsecond=0)
    code, out, err = mg(capsys, "extract", site.url("/reviews/metropolis"))
    assert code == 0, err
    doc = jsonld(out)
    assert movies(doc) == ["Metropolis"]
    assert "Fritz Lang" in out
    source = doc["mg:source"]
    assert source["@id"] == site.url("/reviews/metropolis")
    retrieved = datetime.fromisoformat(source["mg:retrievedAt"].replace("Z", "+00:00"))
    assert retrieved.tzinfo is not None and before <= retrieved <= datetime.now(UTC) + timedelta(seconds=1)
    # A polite client: it says who it is and where to read about it, and asks robots.txt first.
    assert site.user_agents[-1].startswith(f"mediagraph/{mediagraph.__version__} (+https://")
    assert site.hits["/robots.txt"] == 1


def test_the_charset_in_the_header_wins_over_guessing(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    text = (SHARED / "film_18.txt").read_text(encoding="utf-8")  # a real Spanish review page
    site.page("/critica", text.encode("latin-1"), "text/plain; charset=ISO-8859-1")
    code, out, err = mg(capsys, "extract", site.url("/critica"))
    assert code == 0, err
    assert "decoded as iso-8859-1 (declared in the Content-Type header)" in err
    # Guessed, the same bytes read as cp1250 and "España" became "Espańa".
    assert "Poco a poco, voy sumando críticas" in out and "Óscar" in out
    assert "Espańa" not in out


def test_a_gzipped_page_is_decompressed(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.page("/gz", gzip.compress(DEMO_PAGE.read_bytes()), **{"Content-Encoding": "gzip"})
    code, out, err = mg(capsys, "extract", site.url("/gz"))
    assert code == 0, err
    assert movies(jsonld(out)) == ["Metropolis"]
    assert "gzip" in site.accept_encodings[-1]


def test_a_redirect_is_followed_and_the_final_url_is_the_source(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.page("/reviews/metropolis-1927", DEMO_PAGE.read_bytes())
    site.redirect("/r/42", "/old/metropolis", status=302)
    site.redirect("/old/metropolis", site.url("/reviews/metropolis-1927"))
    code, out, err = mg(capsys, "extract", site.url("/r/42"))
    assert code == 0, err
    doc = jsonld(out)
    assert doc["mg:source"]["@id"] == site.url("/reviews/metropolis-1927")
    assert movies(doc) == ["Metropolis"]


def test_a_redirect_loop_is_one_line(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.redirect("/a", "/b")
    site.redirect("/b", "/a")
    line = one_line_error(mg(capsys, "extract", site.url("/a")), names=site.url("/a"), says="redirect loop")
    assert site.url("/b") in line
    assert site.hits["/a"] == 1 and site.hits["/b"] == 1


def test_too_many_redirects_is_one_line(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(30):
        site.redirect(f"/hop/{i}", f"/hop/{i + 1}")
    one_line_error(mg(capsys, "extract", site.url("/hop/0")), names=site.url("/hop/0"), says="more than 10 redirects")
    assert site.hits["/hop/11"] == 0


@pytest.mark.parametrize(("status", "reason"), [(404, "404 Not Found"), (500, "500 Internal Server Error"), (410, "410 Gone")])
def test_an_error_status_is_one_line(site: Site, capsys: pytest.CaptureFixture[str], status: int, reason: str) -> None:
    site.routes["/page"] = (status, {"Content-Type": "text/html"}, b"<html><body><h1>Oops</h1></body></html>")
    one_line_error(mg(capsys, "extract", site.url("/page")), names=site.url("/page"), says=f"the server answered {reason}")


def test_robots_txt_is_obeyed(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n\nUser-agent: mediagraph\nDisallow: /private/\n")
    site.page("/private/metropolis", DEMO_PAGE.read_bytes())
    site.page("/public/metropolis", DEMO_PAGE.read_bytes())
    one_line_error(mg(capsys, "extract", site.url("/private/metropolis")), names=site.url("/private/metropolis"), says="robots.txt disallows")
    assert site.hits["/private/metropolis"] == 0
    code, out, _ = mg(capsys, "extract", site.url("/public/metropolis"))
    assert code == 0 and movies(jsonld(out)) == ["Metropolis"]


def test_a_robots_txt_server_error_forbids_the_site(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.routes["/robots.txt"] = (503, {"Content-Type": "text/plain"}, b"busy")
    site.page("/page", DEMO_PAGE.read_bytes())
    one_line_error(mg(capsys, "extract", site.url("/page")), names=site.url("/page"), says="robots.txt answered 503")
    assert site.hits["/page"] == 0


def _slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(2)
    handler.send_response(200)
    handler.end_headers()


@pytest.mark.parametrize("how", ["option", "env"])
def test_a_server_slower_than_the_timeout_is_one_line(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    site.routes["/slow"] = _slow
    args = ["extract", site.url("/slow")]
    if how == "option":
        args += ["--timeout", "0.3"]
    else:
        monkeypatch.setenv("MEDIAGRAPH_FETCH_TIMEOUT", "0.3")
    one_line_error(mg(capsys, *args), names=site.url("/slow"), says="timed out waiting for the server (no data for 0.3 s)")


def _endless(sent: list[int]) -> Callable[[BaseHTTPRequestHandler], None]:
    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
        try:
            for _ in range(200):
                h.wfile.write(chunk)
                sent[0] += len(chunk)
        except OSError:
            pass

    return handler


def test_a_page_past_50_mb_stops_the_download(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    sent = [0]
    site.routes["/huge"] = _endless(sent)
    one_line_error(mg(capsys, "extract", site.url("/huge")), names=site.url("/huge"), says="larger than 50 MB; stopped reading")
    assert sent[0] < 100 * 1024 * 1024  # of the 200 MB offered


def test_a_gzip_bomb_stops_at_50_mb_decompressed(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.page("/bomb", gzip.compress(b" " * (60 * 1024 * 1024), compresslevel=1), **{"Content-Encoding": "gzip"})
    one_line_error(mg(capsys, "extract", site.url("/bomb")), names=site.url("/bomb"), says="larger than 50 MB")


def test_a_second_run_reads_the_cache_and_refresh_fetches_again(site: Site, capsys: pytest.CaptureFixture[str], cache: Path) -> None:
    site.page("/reviews/metropolis", DEMO_PAGE.read_bytes())
    url = site.url("/reviews/metropolis")
    first = mg(capsys, "extract", url)
    assert first[0] == 0 and site.hits["/reviews/metropolis"] == 1
    requests = sum(site.hits.values())
    again = mg(capsys, "extract", url)
    assert again[0] == 0
    assert sum(site.hits.values()) == requests  # not even robots.txt
    assert again[1] == first[1]  # the same document, retrieval time included
    assert "from the cache" in again[2] and "--refresh" in again[2]
    assert len(list((cache / "pages").glob("*.page"))) == 1
    time.sleep(1.1)
    fresh = mg(capsys, "extract", "--refresh", url)
    assert fresh[0] == 0 and site.hits["/reviews/metropolis"] == 2
    assert jsonld(fresh[1])["mg:source"]["mg:retrievedAt"] > jsonld(first[1])["mg:source"]["mg:retrievedAt"]
    assert mg(capsys, "extract", url)[1] == fresh[1]  # the cache holds the refreshed copy


def test_a_failed_fetch_caches_nothing(site: Site, capsys: pytest.CaptureFixture[str], cache: Path) -> None:
    site.routes["/flaky"] = (500, {}, b"down")
    assert mg(capsys, "extract", site.url("/flaky"))[0] == 3
    assert not list(cache.rglob("*.page"))
    site.page("/flaky", DEMO_PAGE.read_bytes())
    code, out, _ = mg(capsys, "extract", site.url("/flaky"))
    assert code == 0 and movies(jsonld(out)) == ["Metropolis"] and site.hits["/flaky"] == 2


def test_ingest_url_stores_the_source_with_its_url_and_time(site: Site, capsys: pytest.CaptureFixture[str], db: str) -> None:
    from mediagraph.store import Catalog, sources

    site.page("/reviews/metropolis", DEMO_PAGE.read_bytes())
    site.redirect("/m", "/reviews/metropolis")
    code, out, err = mg(capsys, "--db", db, "--json", "ingest", site.url("/m"))
    assert code == 0, err
    report = json.loads(out)[0]
    assert report["source"] == site.url("/reviews/metropolis") and report["created"]["work"] >= 1
    with Catalog(db) as cat, cat.transaction(write=False) as tx:
        row = sources.by_uri(tx, site.url("/reviews/metropolis"))
    assert row is not None and row.media_type == "text/html"
    assert row.retrieved_at == report["retrieved_at"]
    assert datetime.fromisoformat(row.retrieved_at.replace("Z", "+00:00")) <= datetime.now(UTC)
    code, out, _ = mg(capsys, "--db", db, "--json", "search", "metropolis")
    assert any(r["title"] == "Metropolis" for r in json.loads(out))
    # The web shows when the page was retrieved, beside when it was ingested.
    from anyio.from_thread import start_blocking_portal

    from mediagraph.web import create_app
    from test_web_support import Client

    with start_blocking_portal() as portal:
        web = Client(create_app(db), portal)
        try:
            api = web.get(f"/api/v1/sources/{report['source_id']}").json()
            html = web.page(f"/sources/{report['source_id']}").text
        finally:
            web.close()
    assert api["uri"] == site.url("/reviews/metropolis") and api["retrieved_at"] == row.retrieved_at
    assert f"<dt>Retrieved</dt><dd>{row.retrieved_at}</dd>" in html


def test_a_failed_fetch_stores_nothing(site: Site, capsys: pytest.CaptureFixture[str], db: str) -> None:
    assert mg(capsys, "--db", db, "init")[0] == 0
    one_line_error(mg(capsys, "--db", db, "ingest", site.url("/gone")), names=site.url("/gone"), says="404 Not Found")
    code, out, _ = mg(capsys, "--db", db, "--json", "stats")
    assert code == 0 and json.loads(out)["sources"] == 0


def test_ingest_stores_the_good_inputs_and_reports_each_bad_one(site: Site, capsys: pytest.CaptureFixture[str], db: str) -> None:
    # As with files: every input is tried, each failure is a line, and the exit code says so.
    site.page("/reviews/metropolis", DEMO_PAGE.read_bytes())
    page = str(DEMO_PAGE.parent / "04_mills_metropolis_release.txt")
    code, out, err = mg(capsys, "--db", db, "ingest", site.url("/missing"), page, site.url("/reviews/metropolis"))
    assert code == 3
    assert err.strip().splitlines() == [f"mediagraph: error: {site.url('/missing')}: the server answered 404 Not Found"]
    assert f"{site.url('/reviews/metropolis')}: created" in out and "04_mills_metropolis_release.txt: created" in out
    code, out, _ = mg(capsys, "--db", db, "--json", "stats")
    assert json.loads(out)["sources"] == 2


def test_extract_stops_at_the_first_bad_input(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    # As with files: the documents before it are printed, nothing after it is read.
    site.page("/reviews/metropolis", DEMO_PAGE.read_bytes())
    site.page("/later", DEMO_PAGE.read_bytes())
    code, out, err = mg(capsys, "extract", site.url("/reviews/metropolis"), site.url("/missing"), site.url("/later"))
    assert code == 3 and "404 Not Found" in err
    assert out.count('"mg:source"') == 1 and site.hits["/later"] == 0


def test_a_url_that_is_not_a_page_is_one_line_naming_it(site: Site, capsys: pytest.CaptureFixture[str], db: str) -> None:
    site.page("/cover.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "image/png")
    one_line_error(mg(capsys, "--db", db, "ingest", site.url("/cover.png")), names=site.url("/cover.png"), says="a PNG image")
    one_line_error(mg(capsys, "extract", site.url("/cover.png")), names=site.url("/cover.png"), says="a PNG image")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://ftp.example.org/pub/page.html", "cannot fetch ftp: URLs, only http:// and https://"),
        ("file:///etc/hostname", "give the file's path instead"),
        ("https://", "not a valid URL"),
    ],
)
def test_a_url_mediagraph_cannot_fetch_is_one_line(capsys: pytest.CaptureFixture[str], url: str, says: str) -> None:
    one_line_error(mg(capsys, "extract", url), names=url, says=says)


def test_an_unreachable_host_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/page"
    one_line_error(mg(capsys, "ingest", url), names=url, says="cannot connect")


def test_a_redirect_to_another_scheme_is_refused(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.redirect("/sneaky", "file:///etc/passwd")
    one_line_error(mg(capsys, "extract", site.url("/sneaky")), names=site.url("/sneaky"), says="redirected to file:///etc/passwd")
