"""Faults injected into imports, ingests and curation, on SQLite and PostgreSQL.

kill -9 at random points of an import, an ingest and a curator's session; a file cut short, then
whole; a disk that fills up (a file size limit in the child: no root needed); two imports of one
dump at once. After each fault the catalog is consistent and holds no fact twice, and the re-run
a user would make reaches the export of a clean run, byte for byte.

Bounded in time: one fault of each kind per backend, about 20 s in all. Where a kill strikes is
drawn from ``MEDIAGRAPH_FAULT_SEED`` (fixed by default); ``MEDIAGRAPH_FAULT_REPORT=FILE`` appends
a JSON line per fault (what, where it struck, what was lost). ``bench/faults.py`` runs the suite
with many seeds for the Reliability table of docs/PERFORMANCE.md.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import orjson
import pytest
import sqlalchemy as sa

from catalog_checks import copies, counts, problems
from mediagraph import views
from mediagraph.errors import DumpError
from mediagraph.jsonld.vocab import PART_TYPES, READ_AGENT_TYPES, READ_WORK_TYPES
from mediagraph.pipeline import ingest_bytes, read_input
from mediagraph.resolve import curate
from mediagraph.resolve.importer import import_dump
from mediagraph.store import Catalog, curation, entities, facts, schema
from test_import_bulk import RELEASES, head_of_dump

SEED = os.environ.get("MEDIAGRAPH_FAULT_SEED", "17")
REPORT = os.environ.get("MEDIAGRAPH_FAULT_REPORT")
DUMP = "discogs_fault_releases.xml.gz"  # one name everywhere: the source URI is part of the export
BATCH = 15
RECORDS = 150
TESTS = Path(__file__).resolve().parent

# Made-up films, one a page, so that no page can match another or the dump.
PAGES = {
    "amber.txt": "Film: Amber Lighthouse\n\nDirector: Quill Harrow\n\nYear: 1951\n\nA lighthouse keeper's winter. The photography is superb.\n",
    "copper.txt": "Film: Copper Orchard\n\nDirector: Wren Talbot\n\nYear: 1952\n\nAn orchard in winter, filmed with patience. A memorable score.\n",
    "velvet.txt": "Film: Velvet Quarry\n\nDirector: Odile Pransky\n\nYear: 1953\n\nA quarry town and its choir. Quietly moving.\n",
}


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory, dumps_dir: Path) -> Path:
    return head_of_dump(dumps_dir / "discogs" / RELEASES, tmp_path_factory.mktemp("dump") / DUMP, RECORDS)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("pages")
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in PAGES]


# --- a clean run, stage by stage ---------------------------------------------------------------


def import_all(url: str, dump: Path) -> None:
    with Catalog(url) as cat:
        summary = import_dump(cat, dump, expect="discogs", batch=BATCH)
    assert summary.finished and summary.records == RECORDS


def ingest_all(url: str, pages: list[Path]) -> None:
    """What `mediagraph ingest PAGE…` does, in this process; a page stored before is unchanged."""
    with Catalog(url) as cat:
        for page in pages:
            data, uri = read_input(str(page))
            ingest_bytes(cat, data, uri=uri)


def edits(tx: Any) -> list[tuple[str, Callable[[], int]]]:
    """The curator's session: (summary, edit) in order, refs found by IRI (merges not followed,
    so that every run names the same edits)."""

    def ref(iri: str) -> str:
        row = tx.execute(sa.select(schema.entities.c.id, schema.entities.c.etype).where(schema.entities.c.iri == iri)).one()
        return entities.ref(row.etype, row.id)

    def work_of(release: str) -> str:
        rel = [r for r in facts.relations_of(tx, int(release[1:])) if r.predicate == "release_of"]
        return entities.ref("work", rel[0].object_id)

    r1, r2, r3 = (ref(f"discogs:release/{i}") for i in (1, 2, 3))
    w1, w2 = work_of(r1), work_of(r2)
    return [
        (f"set title of {r1} to 'Stockholm (Remastered)'", lambda: curate.set_value(tx, r1, "title", "Stockholm (Remastered)", author="t")),
        (f"merge {r3} into {r2}", lambda: curate.merge(tx, r2, r3, author="t")),
        (f"{w1} inspired_by {w2}", lambda: curate.link(tx, w1, "inspired_by", w2, author="t")),
    ]


def curate_all(url: str) -> None:
    """Make each edit of the session the history does not hold yet, one transaction each."""
    with Catalog(url) as cat:
        with cat.transaction(write=False) as tx:
            done = {e.summary for e in curation.list_edits(tx, limit=100)}
            todo = [summary for summary, _ in edits(tx) if summary not in done]
        for summary in todo:
            with cat.transaction() as tx:
                dict(edits(tx))[summary]()


def export(url: str) -> bytes:
    with Catalog(url) as cat, cat.transaction(write=False) as tx:
        return orjson.dumps(views.export_graph(tx), option=orjson.OPT_INDENT_2)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, dump: Path, pages: list[Path]) -> dict[str, bytes]:
    """The export of a clean run after each stage (both backends export the same bytes)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('clean') / 'catalog.sqlite'}"
    out = {}
    import_all(url, dump)
    out["import"] = export(url)
    ingest_all(url, pages)
    out["ingest"] = export(url)
    curate_all(url)
    out["curate"] = export(url)
    return out


# --- striking, and what to check after -----------------------------------------------------------


def start(url: str, *args: str, **kw: Any) -> subprocess.Popen[str]:
    """``mediagraph --db URL ARGS…`` started (see ``spawn``)."""
    return spawn([sys.executable, "-m", "mediagraph", "--db", url, *args], **kw)


def spawn(cmd: list[str], **kw: Any) -> subprocess.Popen[str]:
    """``cmd`` started, its stderr kept in a file for ``finish`` (a pipe could block a process
    that is to be killed)."""
    err: IO[str] = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed by finish
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, text=True, **kw)
    proc.err_file = err  # type: ignore[attr-defined]
    return proc


def finish(proc: subprocess.Popen[str], *, timeout: float = 300) -> str:
    """Wait for ``proc``; its stderr."""
    proc.wait(timeout=timeout)
    err: IO[str] = proc.err_file  # type: ignore[attr-defined]
    err.seek(0)
    text = err.read()
    err.close()
    return text


def kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], *, jitter: float, timeout: float = 120) -> bool:
    """kill -9 ``proc`` ``jitter`` seconds after ``ready()`` holds; False when it ended first."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None and not ready():
        time.sleep(0.005)
    time.sleep(jitter)
    if proc.poll() is not None:
        finish(proc)
        return False
    os.kill(proc.pid, signal.SIGKILL)
    finish(proc, timeout=60)
    return True


def edit_count(url: str) -> int:
    with Catalog(url, migrate=False) as cat, cat.transaction(write=False) as tx:
        return len(curation.list_edits(tx, limit=100))


def connected(proc: subprocess.Popen[Any]) -> bool:
    """Whether ``proc`` has opened the catalog (a connection, or the SQLite file, is among its files)."""
    try:
        links = [os.readlink(f"/proc/{proc.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{proc.pid}/fd")]
    except OSError:
        return False
    return any(link.endswith(".sqlite") or link.startswith("socket:") for link in links)


def records_done(url: str) -> int:
    with Catalog(url, migrate=False) as cat, cat.transaction(write=False) as tx:
        got = tx.conn.exec_driver_sql("SELECT max(records_done) FROM imports").scalar()
    return int(got or 0)


def dialect_of(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def sound(url: str) -> None:
    """Consistent, and every fact once."""
    assert problems(url) == []
    assert copies(url) == dict.fromkeys(copies(url), 0)


def report(fault: str, url: str, **facts: Any) -> None:
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as f:
            test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]  # which test struck it: a failed run names it
            f.write(json.dumps({"fault": fault, "backend": dialect_of(url), "seed": SEED, "test": test, **facts}) + "\n")


# --- the faults --------------------------------------------------------------------------------


def test_kill_9_during_an_import_an_ingest_and_curation(db_url: str, dump: Path, pages: list[Path], clean: dict[str, bytes]) -> None:
    """One catalog taken through import, ingest and curation, each struck by kill -9 at a random
    point and run again; after each, what a clean run exports."""
    rng = random.Random(f"kill-{SEED}-{dialect_of(db_url)}")
    Catalog(db_url).close()
    stored = rng.randrange(0, RECORDS - BATCH, BATCH)  # the kill comes in the batch after these
    proc = start(db_url, "import", "discogs", "--batch", str(BATCH), "--workers", str(rng.choice([0, 1])), str(dump))
    killed = kill_when(proc, lambda: records_done(db_url) > stored, jitter=rng.random() * 0.05)
    sound(db_url)
    report("kill -9 during an import", db_url, killed=killed, stored=records_done(db_url), of=RECORDS)
    import_all(db_url, dump)
    sound(db_url)
    assert export(db_url) == clean["import"]

    before = rng.randrange(len(pages))  # pages stored before the kill
    proc = start(db_url, "ingest", *map(str, pages))
    killed = kill_when(proc, lambda: counts(db_url)["sources"] > before, jitter=rng.random() * 0.2)
    sound(db_url)
    report("kill -9 during an ingest", db_url, killed=killed, stored=counts(db_url)["sources"] - 1, of=len(pages))
    ingest_all(db_url, pages)
    sound(db_url)
    assert export(db_url) == clean["ingest"]

    session = f"import sys; sys.path.insert(0, {str(TESTS)!r}); from test_faults import curate_all; curate_all({db_url!r})"
    made = rng.randrange(3)  # edits made before the kill
    proc = spawn([sys.executable, "-c", session])
    killed = kill_when(proc, lambda: edit_count(db_url) >= made and connected(proc), jitter=rng.random() * 0.05)
    sound(db_url)
    report("kill -9 during curation", db_url, killed=killed, stored=edit_count(db_url), of=3)
    curate_all(db_url)
    sound(db_url)
    assert export(db_url) == clean["curate"]


def test_a_file_cut_short_then_whole(db_url: str, dump: Path, tmp_path: Path, clean: dict[str, bytes]) -> None:
    whole = dump.read_bytes()
    rng = random.Random(f"cut-{SEED}-{dialect_of(db_url)}")
    cut = tmp_path / DUMP
    cut.write_bytes(whole[: int(len(whole) * (0.3 + rng.random() * 0.5))])
    with Catalog(db_url) as cat, pytest.raises(DumpError) as err:
        import_dump(cat, cut, expect="discogs", batch=BATCH)
    sound(db_url)
    kept = counts(db_url)
    assert f"records 1–{records_done(db_url):,} of this file are in the catalog" in str(err.value)
    assert kept["search_docs"] == kept["entities"] > 0  # what was kept is searchable
    report("a file cut short (gzip)", db_url, stored=records_done(db_url), of=RECORDS)
    cut.write_bytes(whole)  # the whole file, in its place
    import_all(db_url, cut)
    sound(db_url)
    assert export(db_url) == clean["import"]


def test_a_disk_that_fills_up(tmp_path: Path, dump: Path, clean: dict[str, bytes]) -> None:
    """SQLite only: PostgreSQL's disk is the server's, out of a client's reach."""
    db = tmp_path / "catalog.sqlite"
    url = f"sqlite:///{db}"
    Catalog(url).close()
    rng = random.Random(f"disk-{SEED}")
    limit = db.stat().st_size + rng.randrange(100_000, 900_000)  # room for part of the import, catalog and journal

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = start(url, "import", "discogs", "--batch", str(BATCH), str(dump), preexec_fn=small_disk)
    err = finish(proc)
    assert proc.returncode == 4 and "Traceback" not in err and len(err.splitlines()) == 1, err
    assert "the disk is full" in err and str(db) in err
    sound(url)
    report("a disk that fills up (file size limit)", url, stored=records_done(url), of=RECORDS, message=err.strip())
    import_all(url, dump)  # room again
    sound(url)
    assert export(url) == clean["import"]


def test_two_imports_of_one_dump_at_once(db_url: str, dump: Path, clean: dict[str, bytes]) -> None:
    Catalog(db_url).close()
    both = [start(db_url, "import", "discogs", "--batch", str(BATCH), "--workers", "0", str(dump)) for _ in range(2)]
    errs = [finish(p) for p in both]
    assert [p.returncode for p in both] == [0, 0], errs
    sound(db_url)
    report("two imports of one dump at once", db_url, stored=records_done(db_url), of=RECORDS)
    assert export(db_url) == clean["import"]


def test_what_a_failed_step_made_leaves_no_gap_in_ids(catalog: Catalog) -> None:
    """Pages' entities are exported by id (``urn:mediagraph:w12``): a step that rolled back (a
    killed ingest) must not move the ids the re-run gives, on PostgreSQL as on SQLite."""

    def add(tx: Any) -> int:
        return entities.insert_entity(tx, "work", kind="film", label="x", label_key="x", year=None, data=b"{}")

    with catalog.transaction() as tx:
        first = add(tx)
    with pytest.raises(RuntimeError), catalog.transaction() as tx:
        add(tx)
        raise RuntimeError("killed")
    with catalog.transaction() as tx:
        assert add(tx) == first + 1


def test_the_curator_session_is_what_it_says(tmp_path: Path, dump: Path) -> None:
    """The session the kills interrupt does what it says, and a second run adds nothing."""
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    import_all(url, dump)
    curate_all(url)
    curate_all(url)
    with Catalog(url) as cat, cat.transaction(write=False) as tx:
        assert [e.action for e in reversed(curation.list_edits(tx, limit=100))] == ["set", "merge", "link"]
        release = entities.find_by_iri(tx, "discogs:release/1")
        assert release is not None and release.label == "Stockholm (Remastered)"


# What a reader takes as a record of its own, and so cannot take without its name.
RECORD_TYPES = (set(READ_WORK_TYPES) - set(PART_TYPES)) | set(READ_AGENT_TYPES) | {"MusicRelease", "MusicRecording"}

# A release whose label, company and credits Discogs left unnamed (the label keeps an id and a
# catalog number): the label was stored as an agent with no name and exported as a node without one.
NAMELESS = (
    '<releases><release id="7" status="Accepted"><artists><artist><id>1</id><name>The Persuader</name><anv/><join/>'
    '<role/><tracks/></artist></artists><title>Nameless Things</title><labels><label name="" catno="NL 001" id="99"/>'
    "</labels><extraartists><artist><id>240</id><name></name><anv/><join/><role>Mixed By</role><tracks/></artist>"
    '</extraartists><formats><format name="Vinyl" qty="1" text=""/></formats><country>Sweden</country>'
    "<released>1999</released><tracklist><track><position>A</position><title>Ostermalm</title><duration>4:45</duration>"
    "</track></tracklist><companies><company><id>271047</id><name></name><catno/><entity_type>23</entity_type>"
    "<entity_type_name>Recorded At</entity_type_name></company></companies></release></releases>"
)


def nameless(node: Any, path: str = "") -> list[str]:
    """Paths of the record nodes of an export written without a name."""
    found = []
    if isinstance(node, dict):
        if node.get("@type") in RECORD_TYPES and not node.get("name"):
            found.append(path or ".")
        for k, v in node.items():
            found += nameless(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += nameless(v, f"{path}[{i}]")
    return found


def test_the_export_never_writes_a_node_without_a_name(tmp_path: Path, clean: dict[str, bytes]) -> None:
    """Issue 17, item 11: a node without its name cannot be ingested back. The exports the
    faults are checked against name every record; so does one of a release Discogs gave an
    unnamed label, and what it exports reads back to the same export."""
    for stage, data in clean.items():
        assert nameless(orjson.loads(data)) == [], stage
    dump = tmp_path / "discogs_nameless_releases.xml.gz"
    dump.write_bytes(gzip.compress(NAMELESS.encode()))
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    with Catalog(url) as cat:
        assert import_dump(cat, dump, expect="discogs").records == 1
    first = orjson.loads(export(url))
    assert nameless(first) == [], first
    (release,) = (n for n in first["@graph"] if n["@type"] == "MusicRelease")
    assert release["catalogNumber"] == "NL 001"  # the unnamed label's catalog number survives
    again = f"sqlite:///{tmp_path / 'b.sqlite'}"
    with Catalog(again) as cat:
        report = ingest_bytes(cat, orjson.dumps(first), uri="file:///export.jsonld")
    assert report.warnings == []
    assert orjson.loads(export(again)) == first
