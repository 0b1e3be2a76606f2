"""Catalog core benchmark: bulk write rate into a backend, then one-word search latency.

    .venv/bin/python bench/catalog_bench.py --works 100000 [--db postgresql://postgres@127.0.0.1/test]

Works are synthetic (titles drawn from a fixed vocabulary, creators, years) and go through the
same resolution path as a dump's first bulk load (exact keys only). Prints records/s, the size
on disk (SQLite), and p50/p95/p99 of one-word queries through the Python API.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from mediagraph import views
from mediagraph.model import Agent, Credit, RecordSet, Source, Title, Work, WorkKind
from mediagraph.resolve.ingest import ingest_batch
from mediagraph.store import Catalog, sources

WORDS = ["metropolis", "night", "city", "machine", "river", "ghost", "shell", "steam", "boy", "garden", "iron", "rust", "neon", "saint", "glass", "winter", "summer", "storm", "harbour", "silent", "symphony", "dream", "robot", "empire", "moon", "star", "desert", "ocean", "forest", "dance", "theme", "blue", "red", "black", "white", "golden", "silver", "crystal", "shadow", "light", "fire", "water", "wind", "stone", "heart", "soul", "memory", "future", "past", "tomorrow", "yesterday", "midnight", "morning", "echo", "signal", "wave", "pulse"]
NAMES = ["Lang", "Tezuka", "Mills", "Honda", "Rintaro", "Otomo", "Oshii", "Kon", "Ueda", "Weber", "Brenner", "Kano", "Berg", "Falk", "Holm", "Lind"]
KINDS = [WorkKind.FILM, WorkKind.ALBUM, WorkKind.COMIC, WorkKind.BOOK, WorkKind.SONG, WorkKind.TV_SERIES]


def make_work(i: int, rng: random.Random) -> Work:
    title = " ".join(rng.choice(WORDS).title() for _ in range(rng.randint(1, 4)))
    who = f"{rng.choice(NAMES)} {rng.choice(NAMES)}"
    return Work(
        key=f"bench:work/{i}",
        kind=rng.choice(KINDS),
        titles=(Title(text=title),),
        date=str(rng.randint(1900, 2025)),
        credits=(Credit(agent=Agent(name=who, key=f"bench:agent/{abs(hash(who)) % 5000}"), role="author"),),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--works", type=int, default=50_000)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--db", help="catalog URL (default: a fresh SQLite file in a temp folder)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="mg-bench-"))
    url = args.db or f"sqlite:///{tmp / 'bench.sqlite'}"
    if url.startswith("postgresql") and "search_path" not in url:
        import psycopg

        schema = f"mg_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        url = f"{url}?options=-csearch_path%3D{schema},public"
    cat = Catalog(url)
    with cat.transaction() as tx:
        sid = sources.insert(tx, uri="bench:synthetic", kind="discogs")
    rng = random.Random(7)
    started = time.perf_counter()
    for lo in range(0, args.works, args.batch):
        works = tuple(make_work(i, rng) for i in range(lo, min(lo + args.batch, args.works)))
        with cat.transaction() as tx:
            ingest_batch(tx, sid, RecordSet(source=Source(uri="bench:synthetic"), works=works), fast=True)
        done = lo + len(works)
        if done % (args.batch * 10) == 0:
            print(f"  {done:,} works, {done / (time.perf_counter() - started):,.0f}/s", file=sys.stderr)
    elapsed = time.perf_counter() - started

    latencies = []
    with cat.transaction(write=False) as tx:
        for q in range(args.queries):
            word = WORDS[q % len(WORDS)]
            t0 = time.perf_counter()
            views.search(tx, word, limit=20)
            latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, {datetime.now(UTC):%Y-%m-%d}")
    print(f"backend: {cat.dialect}")
    print(f"bulk write: {args.works:,} works (+ agents, statements, index) in {elapsed:.1f} s = {args.works / elapsed:,.0f} records/s")
    if url.startswith("sqlite"):
        size = sum(f.stat().st_size for f in tmp.glob("bench.sqlite*"))
        print(f"size on disk: {size / 1e6:,.1f} MB")
    print(f"one-word search, top 20, {len(latencies)} queries: p50 {pct(50):.1f} ms, p95 {pct(95):.1f} ms, p99 {pct(99):.1f} ms (mean {statistics.mean(latencies):.1f})")


if __name__ == "__main__":
    main()
