"""Two writers on one SQLite catalog, through the command line: concurrent ingests, and ingests during an import."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from mediagraph.store import Catalog, entities, sources
from test_import_bulk import RELEASES, head_of_dump

# Made-up titles and names, each used once, so no page can be matched to another or to the dump.
TITLES = ["Amber Lighthouse", "Copper Orchard", "Velvet Quarry", "Saffron Tramline", "Cobalt Meadow", "Juniper Foundry",
          "Hollow Regatta", "Pewter Canyon", "Lantern Estuary", "Marble Sawmill", "Thistle Observatory", "Indigo Ferry",
          "Granite Carousel", "Willow Telegraph", "Obsidian Harbour"]
NAMES = ["Quill Harrow", "Wren Talbot", "Odile Pransky", "Tamsin Rook", "Ivo Kestrel", "Bertil Amsel", "Ysolde Fenn",
         "Caius Marlow", "Petra Vanslow", "Anselm Quade", "Linnea Strom", "Dorian Keble", "Hester Moll", "Ulric Penhale",
         "Greta Solveig"]
LOOP = 3  # pages per writer, three writers: under a minute on a busy two-core machine


def mediagraph(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mediagraph", "--db", db, *args], capture_output=True, text=True, timeout=300)


def write_pages(folder: Path) -> list[Path]:
    pages = []
    for i, (title, name) in enumerate(zip(TITLES[: 3 * LOOP], NAMES, strict=False)):
        path = folder / f"page{i:02d}.txt"
        path.write_text(f"Film: {title}\n\nDirector: {name}\n\nYear: {1950 + i}\n\n"
                        f"A film about {title.lower()}. The photography is superb and the score is memorable.\n", encoding="utf-8")
        pages.append(path)
    return pages


def ingest_each(pages: list[Path], db: str, failures: list[str], spans: list[tuple[float, float]] | None = None) -> None:
    """One ``mediagraph ingest`` per page, one after another; ``spans`` gets each one's start and end."""
    for page in pages:
        start = time.monotonic()
        proc = mediagraph("ingest", str(page), db=db)
        if spans is not None:
            spans.append((start, time.monotonic()))
        if proc.returncode != 0 or "created" not in proc.stdout:
            failures.append(f"{page.name}: exit {proc.returncode}: {proc.stderr.strip()}")


def counts(db: str) -> dict[str, int]:
    with Catalog(db) as catalog, catalog.transaction(write=False) as tx:
        return {**entities.count_by_type(tx), "sources": sources.count(tx)}


def test_two_writers_lose_nothing(tmp_path: Path, dumps_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    assert mediagraph("init", db=db).returncode == 0
    pages = write_pages(tmp_path)
    failures: list[str] = []
    # The same import alone into a catalog of its own, run meanwhile: what the import's share must be.
    dump = head_of_dump(dumps_dir / "discogs" / RELEASES, tmp_path / "discogs_head_releases.xml.gz", 300)
    reference = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    clean = subprocess.Popen([sys.executable, "-m", "mediagraph", "--db", reference, "import", "discogs", str(dump)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    # Two loops of single-file ingests at once.
    loops = [threading.Thread(target=ingest_each, args=(pages[k * LOOP : (k + 1) * LOOP], db, failures)) for k in (0, 1)]
    for t in loops:
        t.start()
    for t in loops:
        t.join()
    assert failures == []

    # Ingests while an import runs, in small batches so that it takes the write lock many times.
    spans: list[tuple[float, float]] = []
    began = time.monotonic()
    importing = subprocess.Popen([sys.executable, "-m", "mediagraph", "--db", db, "import", "discogs", str(dump), "--batch", "20"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    writer = threading.Thread(target=ingest_each, args=(pages[2 * LOOP : 3 * LOOP], db, failures, spans))
    writer.start()
    _, err = importing.communicate(timeout=300)
    ended = time.monotonic()
    writer.join()
    assert importing.returncode == 0, err
    assert failures == []
    assert any(start < ended and end > began for start, end in spans), "no ingest ran while the import did"

    # Nothing lost: every page is there with its film and director, and the import's share equals a clean import's.
    _, clean_err = clean.communicate(timeout=300)
    assert clean.returncode == 0, clean_err
    alone, together = counts(reference), counts(db)
    expected = {"work": 3 * LOOP, "agent": 3 * LOOP, "sources": 3 * LOOP}
    for what in sorted(set(together) | set(alone)):
        assert together.get(what, 0) - alone.get(what, 0) == expected.get(what, 0), (what, together, alone)
    with Catalog(db) as catalog, catalog.transaction(write=False) as tx:
        for page, title in zip(pages, TITLES, strict=False):
            src = sources.by_uri(tx, page.resolve().as_uri())
            assert src is not None, f"{page.name} was lost"
            made = entities.get_many(tx, set(entities.statements_of_source(tx, src.id).values()))
            assert sorted(r.label for r in made.values()) == sorted([title, NAMES[TITLES.index(title)]])
    last = TITLES[3 * LOOP - 1]  # the last page ingested during the import is found by search too
    found = json.loads(mediagraph("--json", "search", last, db=db).stdout)
    assert [r["title"] for r in found if r["type"] == "work"] == [last]
