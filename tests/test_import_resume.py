"""Dump imports that stop half-way, meet bad input, or are run twice: resume with no duplicates."""

from __future__ import annotations

import gzip
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from catalog_checks import copies, counts, problems, table_rows
from mediagraph.errors import DumpError
from mediagraph.resolve.importer import import_dump
from mediagraph.store import Catalog, entities

RELEASES = "discogs_20200806_releases.xml.gz"


class Interrupted(KeyboardInterrupt):
    """What Ctrl-C raises, from inside the progress callback."""


def catalog_counts(path: Path) -> dict[str, object]:
    with sqlite3.connect(path) as conn:
        out: dict[str, object] = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("entities", "statements", "identifiers", "credits", "relations", "search_docs")
        }
        out["by_type"] = dict(conn.execute("SELECT etype, count(*) FROM entities GROUP BY etype ORDER BY etype").fetchall())
        out["duplicate_statements"] = conn.execute(
            "SELECT count(*) FROM (SELECT local_key FROM statements GROUP BY source_id, local_key HAVING count(*) > 1)"
        ).fetchone()[0]
        out["labels"] = conn.execute("SELECT count(DISTINCT label) FROM entities").fetchone()[0]
        conn.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
        out["indexed"] = conn.execute("SELECT count(*) FROM search_fts").fetchone()[0]
    return out


def stop_after(batches: int) -> Callable[[int, int | None, int | None], None]:
    calls = 0

    def progress(records: int, read: int | None, total: int | None) -> None:
        nonlocal calls
        calls += 1
        if calls == batches:
            raise Interrupted

    return progress


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory, dumps_dir: Path) -> dict[str, object]:
    path = tmp_path_factory.mktemp("whole") / "catalog.sqlite"
    with Catalog(f"sqlite:///{path}") as cat:
        summary = import_dump(cat, dumps_dir / "discogs" / RELEASES, expect="discogs", batch=150)
    assert summary.finished and summary.fast and summary.records == 1000
    return catalog_counts(path)


@pytest.mark.parametrize("workers", [0, 1])
def test_a_rerun_after_an_interrupt_gives_the_same_catalog(
    uninterrupted: dict[str, object], dumps_dir: Path, tmp_path: Path, workers: int
) -> None:
    db = tmp_path / "catalog.sqlite"
    dump = dumps_dir / "discogs" / RELEASES
    with Catalog(f"sqlite:///{db}") as cat:
        with pytest.raises(Interrupted):
            import_dump(cat, dump, expect="discogs", batch=150, workers=workers, progress=stop_after(3))
        half = catalog_counts(db)
        assert 0 < half["statements"] < uninterrupted["statements"]  # type: ignore[operator]
        # Until the import finishes, its documents wait out of the index: the index stays whole.
        assert half["search_docs"] == half["indexed"] == 0
        again = import_dump(cat, dump, expect="discogs", batch=150, workers=workers)
    assert again.resumed_from == 450 and again.records == 1000 and again.fast
    assert catalog_counts(db) == uninterrupted


def test_a_finished_file_is_not_imported_twice(dumps_dir: Path, tmp_path: Path) -> None:
    dump = dumps_dir / "discogs" / RELEASES
    with Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}") as cat:
        first = import_dump(cat, dump, expect="discogs")
        second = import_dump(cat, dump, expect="discogs")
    assert second.finished and second.records == second.resumed_from == 1000
    assert second.counts == first.counts and second.kind == "discogs/releases"


def test_a_truncated_gzip_keeps_every_whole_record_searchable_and_says_which(dumps_dir: Path, tmp_path: Path) -> None:
    whole = (dumps_dir / "discogs" / RELEASES).read_bytes()
    cut = tmp_path / "discogs_cut_releases.xml.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    db = tmp_path / "c.sqlite"
    with Catalog(f"sqlite:///{db}") as cat:
        with pytest.raises(DumpError) as err:
            import_dump(cat, cut, expect="discogs", batch=100)
        message = str(err.value)
        assert "discogs_cut_releases.xml.gz" in message and "record" in message
        stored = catalog_counts(db)
        # The message says exactly which records the catalog holds: every whole one before the cut.
        kept = re.search(r"records 1–([\d,]+) of this file are in the catalog, nothing after", message)
        assert kept is not None, message
        assert stored["by_type"]["release"] == int(kept.group(1).replace(",", "")) > 100  # type: ignore[index]
        # What was kept is searchable, in the full-text index as in search_docs.
        assert stored["duplicate_statements"] == 0 and stored["search_docs"] == stored["indexed"] == stored["entities"]
        with pytest.raises(DumpError):  # a re-run resumes after the stored records and stops at the same place
            import_dump(cat, cut, expect="discogs", batch=100)
        assert catalog_counts(db) == stored
    found = run_cli("--json", "search", "Stockholm", db=db)
    assert found.returncode == 0 and any(r["title"] == "Stockholm" for r in json.loads(found.stdout))
    again = run_cli("--json", "reindex", db=db)
    assert again.returncode == 0 and json.loads(again.stdout)["documents"] == stored["entities"]


def test_reindex_makes_an_interrupted_bulk_load_searchable(dumps_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    dump = tmp_path / "discogs_head_releases.xml"
    dump.write_bytes(head(dumps_dir, 250))
    with Catalog(f"sqlite:///{db}") as cat, pytest.raises(Interrupted):
        import_dump(cat, dump, expect="discogs", batch=50, progress=stop_after(2))
    assert catalog_counts(db)["search_docs"] == 0  # the documents wait for the import to finish …
    done = run_cli("--json", "reindex", db=db)
    assert done.returncode == 0, done.stderr
    stored = catalog_counts(db)  # … or for reindex
    assert json.loads(done.stdout)["documents"] == stored["search_docs"] == stored["indexed"] == stored["entities"] > 0
    with Catalog(f"sqlite:///{db}") as cat:
        summary = import_dump(cat, dump, expect="discogs", batch=50)
    assert summary.finished and summary.resumed_from == 100
    final = catalog_counts(db)
    assert final["search_docs"] == final["indexed"] == final["entities"]


def test_a_malformed_record_is_skipped_and_reported(dumps_dir: Path, tmp_path: Path) -> None:
    data = gzip.decompress((dumps_dir / "discogs" / RELEASES).read_bytes())
    at = [m.start() for m in re.finditer(rb"<release ", data)][500]
    broken = data[:at] + b'<release id="1"><title>x</tit' + data[at:]
    dump = tmp_path / "discogs_bad_releases.xml.gz"
    dump.write_bytes(gzip.compress(broken))
    with Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}") as cat:
        summary = import_dump(cat, dump, expect="discogs", report_dir=tmp_path)
    assert summary.finished and summary.records == 1001
    assert len(summary.skipped) == 1 and "record 501" in summary.skipped[0]["where"]
    assert summary.report_file is not None and "malformed XML" in Path(summary.report_file).read_text()


def test_musicbrainz_samples_import_as_json_documents_and_as_json_lines(dumps_dir: Path, tmp_path: Path) -> None:
    samples = sorted((dumps_dir / "musicbrainz").glob("*.json"))
    with Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}") as cat:
        kinds = {}
        for sample in samples:
            summary = import_dump(cat, sample, expect="musicbrainz")
            assert summary.finished and summary.records == 1 and not summary.skipped
            kinds[sample.stem] = summary.kind
        lines = tmp_path / "release.jsonl"
        lines.write_text("".join(json.dumps(json.loads(p.read_text())) + "\n" for p in samples if p.stem.startswith("release_multidisc")))
        assert import_dump(cat, lines, expect="musicbrainz").records == 1
    assert kinds == {
        "artist": "musicbrainz/artist",
        "recording_credits": "musicbrainz/recording",
        "recording_multiple_works": "musicbrainz/recording",
        "release": "musicbrainz/release",
        "release_group": "musicbrainz/release-group",
        "release_multidisc": "musicbrainz/release",
    }


def head(dumps_dir: Path, n: int) -> bytes:
    """The first ``n`` records of the sample, decompressed: a dump of its own."""
    data = gzip.decompress((dumps_dir / "discogs" / RELEASES).read_bytes())
    starts = [m.start() for m in re.finditer(rb"<release ", data)]
    end = data.rindex(b"</releases>")
    return data[: starts[n]] + data[end:]


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "mediagraph", "--db", str(db), *args]
    # A narrow console: a message must stay on one line whatever the width and path lengths.
    env = {**os.environ, "COLUMNS": "40"}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)


def test_cli_refuses_the_other_family_in_one_line_and_says_already_imported(dumps_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    wrong = run_cli("import", "discogs", str(dumps_dir / "musicbrainz" / "release.json"), db=db)
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
    assert wrong.stderr.strip().count("\n") == 0 and "mediagraph import musicbrainz" in wrong.stderr
    dump = str(dumps_dir / "discogs" / "discogs_20200806_labels.xml.gz")
    first = run_cli("import", "discogs", dump, db=db)
    assert first.returncode == 0, first.stderr
    again = run_cli("import", "discogs", dump, db=db)
    assert again.returncode == 0 and "already imported" in again.stdout


def test_a_file_fixed_in_place_is_read_again_and_gains_its_fixed_record(dumps_dir: Path, tmp_path: Path) -> None:
    data = head(dumps_dir, 200)
    at = [m.start() for m in re.finditer(rb"<release ", data)][100]
    end = data.index(b"</title>", at)
    broken = data[:end] + b"</tilte>" + data[end + len(b"</title>") :]  # record 501 unreadable, same size
    assert len(broken) == len(data) and broken != data
    dump = tmp_path / "discogs_fixed_releases.xml"
    dump.write_bytes(broken)
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with Catalog(url) as cat:
        first = import_dump(cat, dump, expect="discogs", batch=50, report_dir=tmp_path)
        assert first.finished and len(first.skipped) == 1
        missing = re.search(rb'<release id="(\d+)"', data[at:]).group(1).decode()  # type: ignore[union-attr]
        dump.write_bytes(data)  # fixed in place: same name, same size
        fixed = import_dump(cat, dump, expect="discogs", batch=50)
        with cat.transaction(write=False) as tx:
            assert entities.find_by_iri(tx, f"discogs:release/{missing}") is not None
        assert fixed.finished and fixed.reread and fixed.resumed_from == 0 and not fixed.skipped
    clean_url = f"sqlite:///{tmp_path / 'clean.sqlite'}"
    with Catalog(clean_url) as cat:
        import_dump(cat, dump, expect="discogs", batch=50)
    assert counts(url) == counts(clean_url)
    assert copies(url) == dict.fromkeys(copies(url), 0)
    # Read once more, unchanged: already imported, nothing written.
    before = table_rows(url)
    with Catalog(url) as cat:
        third = import_dump(cat, dump, expect="discogs", batch=50)
    assert third.finished and third.records == third.resumed_from == 200 and not third.reread
    assert table_rows(url) == before


def test_reading_the_same_records_again_changes_nothing(db_url: str, dumps_dir: Path, tmp_path: Path) -> None:
    data = head(dumps_dir, 200)
    dump = tmp_path / "discogs_same_releases.xml"
    dump.write_bytes(data)
    with Catalog(db_url) as cat:
        import_dump(cat, dump, expect="discogs", batch=50)
    before, rows = counts(db_url), table_rows(db_url)
    assert copies(db_url) == dict.fromkeys(copies(db_url), 0)
    # One more byte at the end (the newline): the records read before are still there.
    dump.write_bytes(data + b"\n")
    with Catalog(db_url) as cat:
        grown = import_dump(cat, dump, expect="discogs", batch=50)
    assert counts(db_url) == before and table_rows(db_url) == rows
    assert grown.finished and not grown.reread and grown.records == 200
    # A changed head (a comment before the first record): every record is read again, none differs.
    first = data.index(b"<release ")
    dump.write_bytes(data[:first] + b"<!-- fixed in place -->" + data[first:])
    with Catalog(db_url) as cat:
        reread = import_dump(cat, dump, expect="discogs", batch=50)
    assert counts(db_url) == before and table_rows(db_url) == rows
    assert reread.finished and reread.reread and reread.records == 200 and "changed" not in reread.counts


def test_a_changed_record_replaces_what_its_source_said(dumps_dir: Path, tmp_path: Path) -> None:
    data = head(dumps_dir, 200)
    dump = tmp_path / "discogs_edit_releases.xml"
    dump.write_bytes(data)
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with Catalog(url) as cat:
        import_dump(cat, dump, expect="discogs", batch=50)
        dump.write_bytes(data.replace(b"<title>Stockholm</title>", b"<title>Stockholm Syndrome</title>", 1))
        summary = import_dump(cat, dump, expect="discogs", batch=50)
        with cat.transaction(write=False) as tx:
            release = entities.find_by_iri(tx, "discogs:release/1")
        assert release is not None and release.label == "Stockholm Syndrome"
        assert summary.reread and summary.counts["changed"] == 1
    assert copies(url) == dict.fromkeys(copies(url), 0) and problems(url) == []
    found = run_cli("--json", "search", "Stockholm Syndrome", db=tmp_path / "c.sqlite")
    assert [r["id"] for r in json.loads(found.stdout) if r["type"] == "release"][:1] == [release.ref]


def test_a_refused_file_leaves_no_source_and_no_import_behind(catalog: Catalog, tmp_path: Path) -> None:
    things = tmp_path / "things.jsonl"
    things.write_text('{"id": "1", "colour": "red"}\n{"id": "2", "colour": "blue"}\n')
    with pytest.raises(DumpError):
        import_dump(catalog, things, expect="musicbrainz")
    url = catalog.url
    assert counts(url)["sources"] == counts(url)["imports"] == 0


def test_cli_refuses_a_file_of_no_entities_in_one_line_and_keeps_nothing(tmp_path: Path) -> None:
    things = tmp_path / "things.jsonl"
    things.write_text('{"id": "1", "colour": "red"}\n')
    db = tmp_path / "c.sqlite"
    done = run_cli("import", "musicbrainz", str(things), db=db)
    assert done.returncode != 0 and "Traceback" not in done.stderr and done.stderr.strip().count("\n") == 0
    listed = run_cli("--json", "stats", db=db)
    assert counts(f"sqlite:///{db}")["sources"] == 0, listed.stdout
    assert counts(f"sqlite:///{db}")["imports"] == 0
