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

from mediagraph.errors import DumpError
from mediagraph.resolve.importer import import_dump
from mediagraph.store import Catalog

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


def test_a_truncated_gzip_names_where_and_keeps_what_was_stored(dumps_dir: Path, tmp_path: Path) -> None:
    whole = (dumps_dir / "discogs" / RELEASES).read_bytes()
    cut = tmp_path / "discogs_cut_releases.xml.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    db = tmp_path / "c.sqlite"
    with Catalog(f"sqlite:///{db}") as cat:
        with pytest.raises(DumpError) as err:
            import_dump(cat, cut, expect="discogs", batch=100)
        assert "discogs_cut_releases.xml.gz" in str(err.value)
        assert "record" in str(err.value) or "byte" in str(err.value)
        stored = catalog_counts(db)
        assert stored["duplicate_statements"] == 0 and stored["by_type"]["release"] % 100 == 0  # type: ignore[index]
        with pytest.raises(DumpError):  # a re-run resumes after the stored batches and stops at the same place
            import_dump(cat, cut, expect="discogs", batch=100)
        assert catalog_counts(db) == stored


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
