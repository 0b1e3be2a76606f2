"""The command line as a user meets it: output, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def run(*args: str, db: str | None = None, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "mediagraph"]
    if db:
        cmd += ["--db", db]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, input=stdin.decode() if stdin else None, timeout=120,
                          env={**os.environ, **env} if env else None)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *, contains: str) -> None:
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert contains in lines[0]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cat.sqlite")


def test_ingest_search_show_export_stats(db: str, tmp_path: Path) -> None:
    assert run("init", db=db).returncode == 0
    out = run("ingest", str(DATA / "metropolis.jsonld"), db=db)
    assert out.returncode == 0 and "created" in out.stdout
    found = json.loads(run("--json", "search", "metropolis", db=db).stdout)
    works = [r for r in found if r["type"] == "work" and r["title"] == "Metropolis"]
    assert sorted((r["kind"], r["year"]) for r in works) == [("album", 2000), ("comic", 1949), ("film", 1927), ("film", 2001)]
    table = run("search", "metropolis", db=db).stdout
    assert "Fritz Lang" in table and "Rintaro" in table and "Osamu Tezuka" in table
    release = next(r for r in found if r["type"] == "release")
    shown = run("show", release["id"], db=db)
    assert "Tresor 155" in shown.stdout and "718755615522" in shown.stdout
    out_file = tmp_path / "out.jsonld"
    assert run("export", "--format", "jsonld", "-o", str(out_file), db=db).returncode == 0
    assert len(json.loads(out_file.read_text())["@graph"]) == 6
    csv_text = run("export", "--format", "csv", db=db).stdout
    assert csv_text.splitlines()[0] == "id,type,kind,title,year,creators,iri"
    stats = json.loads(run("--json", "stats", db=db).stdout)
    assert stats["entities"]["work"] == 5 and stats["sources"] == 1


def test_reingest_reports_unchanged(db: str) -> None:
    run("ingest", str(DATA / "metropolis.jsonld"), db=db)
    again = run("ingest", str(DATA / "metropolis.jsonld"), db=db)
    assert again.returncode == 0 and "unchanged" in again.stdout


def test_malformed_jsonld_fails_in_one_line_and_keeps_the_catalog(db: str, tmp_path: Path) -> None:
    run("ingest", str(DATA / "metropolis.jsonld"), db=db)
    before = run("export", db=db).stdout
    bad = tmp_path / "bad.jsonld"
    bad.write_text('{"@context": {"@vocab": "https://schema.org/"}, "@graph": [{"@type": "Movie", "name": "X",')
    assert_one_line_error(run("ingest", str(bad), db=db), contains="bad.jsonld")
    broken_date = tmp_path / "date.jsonld"
    broken_date.write_text('{"@context": {"@vocab": "https://schema.org/"}, "@graph": [{"@type": "Movie", "name": "Y"}, {"@type": "Movie", "name": "Z", "datePublished": "soon"}]}')
    assert_one_line_error(run("ingest", str(broken_date), db=db), contains="unreadable date")
    assert run("export", db=db).stdout == before


def test_unknown_db_scheme_is_one_clear_line() -> None:
    assert_one_line_error(run("stats", db="mysql://localhost/x"), contains="unknown database scheme 'mysql'")


def test_locked_catalog_is_one_clear_line_and_nothing_changes(db: str) -> None:
    run("init", db=db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        proc = run("ingest", str(DATA / "metropolis.jsonld"), db=db, env={"MEDIAGRAPH_LOCK_WAIT": "1"})  # (60 s otherwise)
        assert_one_line_error(proc, contains="locked")
        proc = run("ingest", str(DATA / "metropolis.jsonld"), db=db, env={"MEDIAGRAPH_LOCK_WAIT": "soon"})
        assert_one_line_error(proc, contains="MEDIAGRAPH_LOCK_WAIT")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    stats = json.loads(run("--json", "stats", db=db).stdout)
    assert stats["sources"] == 0


def test_missing_file_and_unknown_id(db: str) -> None:
    assert_one_line_error(run("ingest", "/nonexistent/page.txt", db=db), contains="no such file")
    run("init", db=db)
    assert_one_line_error(run("show", "w999", db=db), contains="no entity")
    assert_one_line_error(run("show", "zz", db=db), contains="nothing in the catalog matches 'zz'")  # show takes a search too


def test_one_bad_file_among_several_still_stores_the_others_and_exits_3(db: str) -> None:
    out = run("ingest", "/no/such/page.txt", str(DATA / "metropolis.jsonld"), db=db)
    assert out.returncode == 3
    assert out.stderr.strip() == "mediagraph: error: /no/such/page.txt: no such file"
    assert "metropolis.jsonld: created" in out.stdout


def test_env_var_selects_the_catalog(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "MEDIAGRAPH_DB": str(tmp_path / "env.sqlite")}
    proc = subprocess.run([sys.executable, "-m", "mediagraph", "--json", "stats"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["catalog"].endswith("env.sqlite")


def test_reviews_explain_shows_what_moved_an_estimate(db: str, tmp_path: Path) -> None:
    page = tmp_path / "review.txt"
    page.write_text(
        "Quiet Harbour (2019)\n\nReview by Sam Vale\n\n"
        "A dull, lifeless film. The plot is a mess, the acting is wooden and I was bored from "
        "start to finish. A complete waste of time; avoid it.\n",
        encoding="utf-8",
    )
    assert run("ingest", str(page), db=db).returncode == 0
    ref = json.loads(run("--json", "search", "quiet harbour", db=db).stdout)[0]["id"]
    body = json.loads(run("--json", "reviews", ref, "--explain", db=db).stdout)
    (review,) = body["reviews"]
    assert review["estimated"] and review["band"][0] <= review["score"] < review["band"][1]
    assert review["explain"] and min(p["points"] for p in review["explain"]) < 0
    assert body["summary"]["given_mean"] is None and body["summary"]["estimate"]["count"] == 1
    text = run("reviews", ref, "--explain", db=db).stdout
    assert f"~{review['score']:.0f}" in text and "estimated, not a score" in text and "“" in text
