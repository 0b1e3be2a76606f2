"""The tantivy index beside a SQLite catalog stays in step: after ingest, after a rollback, after a
crash, and while another process (a running server) writes or reads the same catalog."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest

from mediagraph import views
from mediagraph.pipeline import ingest_bytes
from mediagraph.store import Catalog
from mediagraph.store import search as index

pytest.importorskip("tantivy")
from mediagraph.store import search_tantivy

ROOT = Path(__file__).resolve().parent.parent


def _film(name: str, year: int = 1999) -> bytes:
    return orjson.dumps({"@context": "https://schema.org/", "@type": "Movie", "name": name, "datePublished": str(year)})


def _titles(cat: Catalog, text: str) -> list[str]:
    with cat.transaction(write=False) as tx:
        return [r["title"] for r in views.search(tx, text)]


def _engine(cat: Catalog) -> str:
    with cat.transaction(write=False) as tx:
        return index.engine_for(tx).name


def _engine_once_caught_up(cat: Catalog, seconds: float = 20.0) -> str:
    # A write applies the outbox after it commits; if the index's writer was busy then (a loaded
    # machine), FTS5 answers and a background thread catches tantivy up: it must, within seconds.
    deadline = time.monotonic() + seconds
    while (name := _engine(cat)) != "tantivy" and time.monotonic() < deadline:
        time.sleep(0.1)
    return name


@pytest.fixture
def cat(tmp_path: Path) -> Iterator[Catalog]:
    c = Catalog(f"sqlite:///{tmp_path / 'catalog.sqlite'}")
    try:
        yield c
    finally:
        c.close()


def test_tantivy_is_the_default_on_a_sqlite_file_and_finds_what_was_just_ingested(cat: Catalog, tmp_path: Path) -> None:
    ingest_bytes(cat, _film("Zardoz Eternal"), uri="file:///a.jsonld")
    assert _engine_once_caught_up(cat) == "tantivy"
    assert (tmp_path / "catalog.sqlite.tantivy").is_dir()
    assert _titles(cat, "zardoz") == ["Zardoz Eternal"]
    assert _titles(cat, "zardzo") == ["Zardoz Eternal"], "typos go through tantivy's fuzzy terms"
    ingest_bytes(cat, _film("Zardoz Returns", 2001), uri="file:///b.jsonld")
    assert sorted(_titles(cat, "zardoz")) == ["Zardoz Eternal", "Zardoz Returns"]


def test_a_rolled_back_ingest_leaves_no_hit(cat: Catalog) -> None:
    ingest_bytes(cat, _film("Solaris Prime"), uri="file:///a.jsonld")

    from mediagraph.pipeline import ingest, score, to_recordsets

    sets = to_recordsets(_film("Solaris Ghost"), uri="file:///ghost.jsonld", media_type=None)
    with pytest.raises(RuntimeError), cat.transaction() as tx:
        ingest(tx, score(sets[0]))
        assert any(h for h in index.query(tx, ["ghost"])), "inside the write, its own documents are found"
        raise RuntimeError("stop before commit")
    assert _titles(cat, "solaris ghost") == []
    assert _titles(cat, "solaris") == ["Solaris Prime"]
    assert _engine_once_caught_up(cat) == "tantivy"


def test_a_crash_between_commit_and_index_is_repaired_on_the_next_open(cat: Catalog, tmp_path: Path) -> None:
    ingest_bytes(cat, _film("Brazil Again"), uri="file:///a.jsonld")
    # A writer that died after its commit, before applying the outbox: the index lags one write.
    script = (
        "import os, orjson; from mediagraph.store import Catalog; from mediagraph.pipeline import ingest_bytes; "
        f"c = Catalog({cat.url!r}); "
        "ingest_bytes(c, orjson.dumps({'@context': 'https://schema.org/', '@type': 'Movie', 'name': 'Brazil Later'}), uri='file:///b.jsonld'); "
        "os._exit(0)"  # no pool check-in: the post-commit apply never runs
    )
    subprocess.run([sys.executable, "-c", script], check=True, env=_env())
    fresh = Catalog(cat.url)
    try:
        assert sorted(_titles(fresh, "brazil")) == ["Brazil Again", "Brazil Later"]
        assert _engine_once_caught_up(fresh) == "tantivy"
    finally:
        fresh.close()


def test_a_lost_index_folder_is_rebuilt_from_the_catalog(cat: Catalog, tmp_path: Path) -> None:
    ingest_bytes(cat, _film("Stalker Zone"), uri="file:///a.jsonld")
    folder = tmp_path / "catalog.sqlite.tantivy"
    (folder / search_tantivy.SEQ_FILE).unlink()
    assert _titles(cat, "stalker") == ["Stalker Zone"], "FTS5 answers while the index is rebuilt"
    with cat.transaction(write=False) as tx:
        assert index.reindex(tx, name="tantivy") == index.doc_count(tx)
    assert _engine(cat) == "tantivy" and _titles(cat, "stalker") == ["Stalker Zone"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def test_a_second_process_ingest_becomes_visible_to_a_running_server_with_two_workers(cat: Catalog, tmp_path: Path) -> None:
    ingest_bytes(cat, _film("Alphaville Noir"), uri="file:///a.jsonld")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mediagraph", "--db", cat.url, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            stdout=out, stderr=subprocess.STDOUT, env=_env(),
        )
    base = f"http://127.0.0.1:{port}/api/v1/search"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base, params={"q": "alphaville"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        pages = []
        for k in range(6):  # ingests from another process, with searches hitting both workers meanwhile
            page = tmp_path / f"film{k}.jsonld"
            page.write_bytes(_film(f"Alphaville Part {k}", 2000 + k))
            out_file = tmp_path / f"ingest{k}.log"
            with out_file.open("wb") as out:
                ingest = subprocess.Popen([sys.executable, "-m", "mediagraph", "--db", cat.url, "ingest", str(page)], env=_env(),
                                          stdout=out, stderr=subprocess.STDOUT)
            while ingest.poll() is None:
                r = httpx.get(base, params={"q": "alphaville"}, timeout=10)
                assert r.status_code == 200, r.text
            assert ingest.returncode == 0, out_file.read_text(errors="replace")
            pages.append(f"Alphaville Part {k}")
            for _ in range(4):  # each request may land on either worker: every one sees the new film
                r = httpx.get(base, params={"q": f"alphaville part {k}"}, timeout=10)
                assert r.status_code == 200, r.text
                assert f"Alphaville Part {k}" in r.text, f"ingest {k} is not visible yet"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert "Traceback" not in log.read_text(errors="replace")
    with cat.transaction(write=False) as tx:
        assert search_tantivy.applied_seq(search_tantivy.index_dir(tx)) is not None
    assert sorted(t for t in _titles(cat, "alphaville part")) == sorted(pages)
