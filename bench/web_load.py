"""Web load benchmark: requests/s and p50/p95/p99 for work pages and search over loopback.

    .venv/bin/python bench/web_load.py --releases 1000000 --db /tmp/mg-web-bench.sqlite
    .venv/bin/python bench/web_load.py --db /tmp/mg-web-bench.sqlite --requests 5000   # reuse it

Builds (or reuses) a synthetic catalog through the dump ingest path (works, their releases with
labels, formats and countries, lineage links between works), starts ``mediagraph.web.serve`` (what ``mediagraph serve`` runs) with
``--workers`` processes on 127.0.0.1, and drives it with a small asyncio HTTP/1.1 keep-alive
client (so the client is not what is measured). The request count is bounded; figures print.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from urllib.parse import quote

from mediagraph.model import (
    Agent,
    Credit,
    Format,
    RecordSet,
    Relation,
    Release,
    ReleaseLabel,
    Source,
    Title,
    Work,
    WorkKind,
)
from mediagraph.model.vocab import AgentKind, Predicate
from mediagraph.resolve.ingest import ingest_batch
from mediagraph.store import Catalog, entities, sources

WORDS = ["metropolis", "night", "city", "machine", "river", "ghost", "shell", "steam", "boy", "garden", "iron", "rust", "neon", "saint", "glass", "winter", "summer", "storm", "harbour", "silent", "symphony", "dream", "robot", "empire", "moon", "star", "desert", "ocean", "forest", "dance", "theme", "blue", "red", "black", "white", "golden", "silver", "crystal", "shadow", "light", "fire", "water", "wind", "stone"]
NAMES = ["Lang", "Tezuka", "Mills", "Honda", "Rintaro", "Otomo", "Oshii", "Kon", "Ueda", "Weber", "Brenner", "Kano", "Berg", "Falk", "Holm", "Lind"]
LABELS = ["Tresor", "Axis", "Domo", "Warp", "Kompakt", "Ninja", "Mute", "Factory", "Sony", "Victor", "Toho", "Shochiku"]
COUNTRIES = ["Germany", "Japan", "US", "UK", "France", "Netherlands", "Italy", "Canada"]
FORMATS = (("CD", ("Album",)), ("Vinyl", ("LP", "Album")), ("File", ("FLAC",)), ("Blu-ray", ()), ("DVD", ()))


def make_batch(lo: int, hi: int, per_work: int, rng: random.Random) -> RecordSet:
    works, releases, relations = [], [], []
    for i in range(lo, hi):
        title = " ".join(rng.choice(WORDS).title() for _ in range(rng.randint(1, 3)))
        who = f"{rng.choice(NAMES)} {rng.choice(NAMES)}"
        kind = rng.choice((WorkKind.FILM, WorkKind.ALBUM, WorkKind.COMIC))
        role = {WorkKind.FILM: "director", WorkKind.ALBUM: "performer", WorkKind.COMIC: "author"}[kind]
        agent = Agent(name=who, key=f"bench:agent/{abs(hash(who)) % 5000}")
        key = f"bench:work/{i}"
        works.append(Work(key=key, kind=kind, titles=(Title(text=title),), date=str(rng.randint(1920, 2024)), credits=(Credit(agent=agent, role=role),)))
        for j in range(per_work):
            label = rng.choice(LABELS)
            fmt, desc = rng.choice(FORMATS)
            releases.append(
                Release(
                    key=f"bench:release/{i}/{j}",
                    title=title,
                    work=key,
                    credits=(Credit(agent=agent, role="performer"),),
                    formats=(Format(name=fmt, descriptions=desc),),
                    labels=(ReleaseLabel(label=Agent(name=label, kind=AgentKind.ORGANIZATION, key=f"bench:label/{label}"), catalog_number=f"{label.upper()} {i % 1000}{j}"),),
                    country=rng.choice(COUNTRIES),
                    date=str(rng.randint(1950, 2024)),
                )
            )
        if i > lo and rng.random() < 0.3:  # a lineage link to an earlier work of the same batch
            relations.append(Relation(subject=key, predicate=rng.choice((Predicate.BASED_ON, Predicate.INSPIRED_BY)), object=f"bench:work/{rng.randrange(lo, i)}"))
    return RecordSet(source=Source(uri="bench:web"), works=tuple(works), releases=tuple(releases), relations=tuple(relations))


def build(url: str, *, releases: int, per_work: int, batch: int) -> None:
    with Catalog(url) as cat:
        with cat.transaction(write=False) as tx:
            have = entities.count_by_type(tx).get("release", 0)
        if have >= releases:
            print(f"reusing {url}: {have:,} releases", file=sys.stderr)
            return
        with cat.transaction() as tx:
            found = sources.by_uri(tx, "bench:web")
            sid = found.id if found else sources.insert(tx, uri="bench:web", kind="discogs")
        rng = random.Random(11)
        n_works = releases // per_work
        started = time.perf_counter()
        for lo in range(have // per_work, n_works, batch):
            hi = min(lo + batch, n_works)
            with cat.transaction() as tx:
                ingest_batch(tx, sid, make_batch(lo, hi, per_work, rng), fast=True)
            if (hi // batch) % 10 == 0 or hi == n_works:
                rate = (hi - have // per_work) * (per_work + 1) / (time.perf_counter() - started)
                print(f"  {hi * per_work:,} releases ({rate:,.0f} records/s)", file=sys.stderr)


async def _worker(host: str, port: int, paths: list[str], latencies: list[float], statuses: dict[int, int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for path in paths:
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/html\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - t0) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def run_load(host: str, port: int, paths: list[str], concurrency: int) -> tuple[float, list[float], dict[int, int]]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    shards = [paths[i::concurrency] for i in range(concurrency)]
    t0 = time.perf_counter()
    await asyncio.gather(*(_worker(host, port, s, latencies, statuses) for s in shards))
    return time.perf_counter() - t0, latencies, statuses


def report(name: str, elapsed: float, latencies: list[float], statuses: dict[int, int]) -> None:
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    print(
        f"{name:<28} {len(latencies) / elapsed:8,.0f} req/s   p50 {pct(50):6.1f} ms   p95 {pct(95):6.1f} ms   "
        f"p99 {pct(99):6.1f} ms   mean {statistics.mean(latencies):6.1f} ms   statuses {dict(sorted(statuses.items()))}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/mg-web-bench.sqlite", help="catalog (built when it has fewer releases than asked)")
    ap.add_argument("--releases", type=int, default=200_000)
    ap.add_argument("--per-work", type=int, default=10, help="releases per work")
    ap.add_argument("--batch", type=int, default=2000, help="works per ingest batch")
    ap.add_argument("--requests", type=int, default=4000, help="requests per scenario")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    build(args.db, releases=args.releases, per_work=args.per_work, batch=args.batch)
    with Catalog(args.db) as cat, cat.transaction(write=False) as tx:
        counts = entities.count_by_type(tx)
        work_ids = [r.ref for r in entities.list_entities(tx, etype="work", limit=50_000)]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from mediagraph.web import serve; "
         "serve(sys.argv[1], host='127.0.0.1', port=int(sys.argv[2]), workers=int(sys.argv[3]), log_level='warning')",
         args.db, str(port), str(args.workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("the server did not start")
                time.sleep(0.2)
        rng = random.Random(3)
        scenarios = {
            "work page (HTML)": [f"/works/{rng.choice(work_ids)}" for _ in range(args.requests)],
            "work (API JSON)": [f"/api/v1/works/{rng.choice(work_ids)}" for _ in range(args.requests)],
            "search (API, 1-2 words)": [
                "/api/v1/search?q=" + quote(" ".join(rng.sample(WORDS, rng.randint(1, 2)))) for _ in range(args.requests)
            ],
            "search page (HTML+facets)": [
                "/search?q=" + quote(" ".join(rng.sample(WORDS, 2))) for _ in range(max(200, args.requests // 10))
            ],
        }
        asyncio.run(run_load("127.0.0.1", port, scenarios["work page (HTML)"][:200], args.concurrency))  # warm-up
        print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, {datetime.now(UTC):%Y-%m-%d}")
        print(f"catalog: {args.db}: " + ", ".join(f"{n:,} {t}s" for t, n in sorted(counts.items())))
        print(f"server: mediagraph serve, {args.workers} workers; client: {args.concurrency} keep-alive connections on loopback")
        for name, paths in scenarios.items():
            report(name, *asyncio.run(run_load("127.0.0.1", port, paths, args.concurrency)))
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
