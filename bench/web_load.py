"""Web load benchmark: requests/s and p50/p95/p99 for work pages and search over loopback.

    .venv/bin/python bench/web_load.py --releases 1000000 --db /tmp/mg-web-bench.sqlite
    .venv/bin/python bench/web_load.py --db /tmp/mg-web-bench.sqlite --requests 20000   # reuse it

Builds (or reuses) a synthetic catalog through the dump ingest path (works, their releases with
labels, formats and countries, lineage links between works), starts ``mediagraph.web.serve`` (what ``mediagraph serve`` runs) with
``--workers`` processes on 127.0.0.1, and drives it with a small asyncio HTTP/1.1 keep-alive
client (so the client is not what is measured). The request count is bounded; figures print.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from urllib.parse import quote

from mediagraph.model import (
    Agent,
    Credit,
    Format,
    Identifier,
    Rating,
    RecordSet,
    Relation,
    Release,
    ReleaseLabel,
    Review,
    Source,
    Title,
    Track,
    Work,
    WorkKind,
)
from mediagraph.model.vocab import AgentKind, Predicate
from mediagraph.resolve.bulk import BulkLoader
from mediagraph.store import Catalog, entities, sources
from mediagraph.store import bulk as store_bulk

WORDS = ["metropolis", "night", "city", "machine", "river", "ghost", "shell", "steam", "boy", "garden", "iron", "rust", "neon", "saint", "glass", "winter", "summer", "storm", "harbour", "silent", "symphony", "dream", "robot", "empire", "moon", "star", "desert", "ocean", "forest", "dance", "theme", "blue", "red", "black", "white", "golden", "silver", "crystal", "shadow", "light", "fire", "water", "wind", "stone"]
NAMES = ["Lang", "Tezuka", "Mills", "Honda", "Rintaro", "Otomo", "Oshii", "Kon", "Ueda", "Weber", "Brenner", "Kano", "Berg", "Falk", "Holm", "Lind"]
LABELS = ["Tresor", "Axis", "Domo", "Warp", "Kompakt", "Ninja", "Mute", "Factory", "Sony", "Victor", "Toho", "Shochiku"]
COUNTRIES = ["Germany", "Japan", "US", "UK", "France", "Netherlands", "Italy", "Canada"]
FORMATS = (("CD", ("Album",)), ("Vinyl", ("LP", "Album")), ("File", ("FLAC",)), ("Blu-ray", ()), ("DVD", ()))


SITES = ["sight-and-sound.example", "pitchfork.example", "comicsjournal.example", "filmcomment.example", "wire.example"]
REVIEW_WORDS = ["restless", "patient", "bright", "uneven", "lush", "spare", "brittle", "generous", "cold", "tender", "sprawling", "precise"]
TRACK_WORDS = ["intro", "theme", "reprise", "overture", "interlude", "coda", "finale", "dawn", "dusk", "outro"]


def _agent(n: int, rng: random.Random) -> Agent:
    return Agent(name=f"{NAMES[n % len(NAMES)]} {NAMES[(n // len(NAMES)) % len(NAMES)]} {n}", key=f"bench:agent/{n}")


def make_batch(lo: int, hi: int, per_work: int, rng: random.Random, *, agents: int = 50_000) -> tuple[RecordSet, int]:
    """Works ``lo``..``hi`` with 1..2×``per_work`` releases each (mean ``per_work``), credits, tracklists
    for albums, reviews on about a third of the works and lineage links to earlier works."""
    works, releases, reviews, relations = [], [], [], []
    n_releases = 0
    for i in range(lo, hi):
        title = " ".join(rng.choice(WORDS).title() for _ in range(rng.randint(1, 3)))
        kind = rng.choice((WorkKind.FILM, WorkKind.ALBUM, WorkKind.COMIC))
        role = {WorkKind.FILM: "director", WorkKind.ALBUM: "performer", WorkKind.COMIC: "author"}[kind]
        lead = _agent(rng.randrange(agents), rng)
        credits = [Credit(agent=lead, role=role)]
        if kind is WorkKind.FILM:
            credits += [Credit(agent=_agent(rng.randrange(agents), rng), role="actor", character=rng.choice(WORDS).title())
                        for _ in range(rng.randint(1, 4))]
        elif kind is WorkKind.COMIC:
            credits.append(Credit(agent=_agent(rng.randrange(agents), rng), role="illustrator"))
        key = f"bench:work/{i}"
        works.append(Work(key=key, kind=kind, titles=(Title(text=title),), date=str(rng.randint(1920, 2024)),
                          credits=tuple(credits), genres=(rng.choice(("Drama", "Electronic", "Science Fiction", "Jazz")),)))
        tracks: tuple[Track, ...] = ()
        if kind is WorkKind.ALBUM:
            tracks = tuple(
                Track(position=str(t + 1), title=f"{rng.choice(TRACK_WORDS).title()} {rng.choice(WORDS).title()}",
                      duration=f"{rng.randint(2, 9)}:{rng.randint(0, 59):02d}",
                      credits=(Credit(agent=_agent(rng.randrange(agents), rng), role="written-by"),) if t % 3 == 0 else ())
                for t in range(rng.randint(4, 10))
            )
        for j in range(rng.randint(1, 2 * per_work - 1)):
            label = rng.choice(LABELS)
            fmt, desc = rng.choice(FORMATS)
            releases.append(
                Release(
                    key=f"bench:release/{i}/{j}",
                    title=title,
                    work=key,
                    credits=(Credit(agent=lead, role="performer" if kind is WorkKind.ALBUM else role),),
                    formats=(Format(name=fmt, descriptions=desc),),
                    labels=(ReleaseLabel(label=Agent(name=label, kind=AgentKind.ORGANIZATION, key=f"bench:label/{label}"),
                                         catalog_number=f"{label.upper()}-{i}{j}"),),
                    country=rng.choice(COUNTRIES),
                    date=str(rng.randint(1950, 2024)),
                    tracks=tracks,
                    identifiers=(Identifier.make("barcode", _ean13(i * 20 + j)),),
                )
            )
            n_releases += 1
        if rng.random() < 0.35:
            for v in range(rng.randint(1, 6)):
                value = rng.randint(2, 10)
                text = " ".join(rng.choice(REVIEW_WORDS) for _ in range(rng.randint(20, 80))).capitalize() + "."
                reviews.append(
                    Review(key=f"bench:review/{i}/{v}", subject=key, site=rng.choice(SITES),
                           author=_agent(rng.randrange(agents), rng), date=f"{rng.randint(1990, 2024)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                           title=f"{title}: {rng.choice(REVIEW_WORDS)}", text=text,
                           rating=Rating(text=f"{value}/10", value=value, best=10, worst=0), score=value * 10.0)
                )
        if i > lo and rng.random() < 0.3:  # a lineage link to an earlier work of the same batch
            relations.append(Relation(subject=key, predicate=rng.choice((Predicate.BASED_ON, Predicate.INSPIRED_BY, Predicate.VERSION_OF)),
                                      object=f"bench:work/{rng.randrange(max(lo, i - 50), i)}"))
    rs = RecordSet(source=Source(uri="bench:web", kind="discogs"), works=tuple(works), releases=tuple(releases),
                   reviews=tuple(reviews), relations=tuple(relations))
    return rs, n_releases


def _ean13(n: int) -> str:
    digits = f"400{n:09d}"[-12:]
    check = (10 - sum(int(d) * (3 if k % 2 else 1) for k, d in enumerate(digits)) % 10) % 10
    return digits + str(check)


def build(url: str, *, releases: int, per_work: int, batch: int) -> None:
    """Build the catalog through the bulk first-load path (``resolve.bulk.BulkLoader``), as
    ``mediagraph import`` does for a dump into an empty catalog; reuse it when it is big enough."""
    with Catalog(url) as cat:
        with cat.transaction(write=False) as tx:
            have = entities.count_by_type(tx).get("release", 0)
        if have >= releases:
            print(f"reusing {url}: {have:,} releases", file=sys.stderr)
            return
        if have:
            sys.exit(f"{url} holds {have:,} releases, fewer than asked: remove it to rebuild")
        with cat.transaction() as tx:
            sid = sources.insert(tx, uri="bench:web", kind="discogs")
            store_bulk.tune(tx, bulk=True)
        loader = BulkLoader(source_id=sid, source_uri="bench:web", source_kind="discogs")
        rng = random.Random(11)
        started = time.perf_counter()
        done = lo = 0
        gc.freeze()
        while done < releases:
            rs, n = make_batch(lo, lo + batch, per_work, rng)
            with cat.transaction() as tx:
                loader.load(tx, rs)
            done += n
            lo += batch
            if (lo // batch) % 20 == 0 or done >= releases:
                dt = time.perf_counter() - started
                print(f"  {done:,} releases, {lo:,} works ({done / dt:,.0f} releases/s, {dt:,.0f} s)", file=sys.stderr, flush=True)
        gc.unfreeze()
        t = time.perf_counter()
        with cat.transaction() as tx:
            store_bulk.publish_docs(tx)
            store_bulk.tune(tx, bulk=False)
        print(f"  search index published in {time.perf_counter() - t:,.0f} s; total {time.perf_counter() - started:,.0f} s",
              file=sys.stderr, flush=True)


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
        f"p99 {pct(99):6.1f} ms   mean {statistics.mean(latencies):6.1f} ms   statuses {dict(sorted(statuses.items()))}",
        flush=True,
    )


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by the server process and its workers (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[1] is the parent pid; utime and stime are fields 14 and 15 of stat (11, 12 here)
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def run_h2load(h2load: str, port: int, name: str, paths: list[str], *, connections: int) -> None:
    """Drive the server with h2load (nghttp2-client) over HTTP/1.1 keep-alive and print the figures.

    One h2load process per connection, each with its own share of ``paths`` (h2load would start
    every connection at the same URI): each path is requested once, the count is bounded, and the
    per-request log gives exact percentiles and the wall time from first request to last answer.
    """
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for i in range(connections):
            share = paths[i::connections]
            listing = os.path.join(tmp, f"uris{i}.txt")
            with open(listing, "w") as f:
                f.write("".join(f"http://127.0.0.1:{port}{p}\n" for p in share))
            cmd = [h2load, "--h1", "-n", str(len(share)), "-c", "1", "-i", listing, "--log-file", os.path.join(tmp, f"log{i}.tsv"),
                   "-H", "Accept: text/html"]
            procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for proc in procs:
            proc.wait()
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        first, last = float("inf"), 0.0
        for i in range(connections):
            with open(os.path.join(tmp, f"log{i}.tsv")) as f:
                for line in f:
                    start, status, took = line.split("\t")[:3]
                    first = min(first, int(start))
                    last = max(last, int(start) + int(took))
                    latencies.append(int(took) / 1000)
                    statuses[int(status)] = statuses.get(int(status), 0) + 1
    report(name, (last - first) / 1e6, latencies, statuses)


def sample_refs(db: str, *, per_type: int, seed: int = 7) -> dict[str, list[str]]:
    """Refs of entities picked at random across the whole catalog, up to ``per_type`` of each type
    (ids are probed at random; the bench catalog's ids run from 1 without gaps)."""
    rng = random.Random(seed)
    out: dict[str, list[str]] = {}
    with Catalog(db) as cat, cat.transaction(write=False) as tx:
        top = sum(entities.count_by_type(tx).values())
        for _ in range(200):
            ids = rng.sample(range(1, top + 1), min(top, 2000))
            for row in entities.get_many(tx, ids).values():
                refs = out.setdefault(row.etype, [])
                if len(refs) < per_type:
                    refs.append(row.ref)
            if all(len(out.get(t, ())) >= per_type for t in ("work", "release", "review", "agent")):
                break
    return out


def search_queries(rng: random.Random, n: int, *, works: int) -> list[str]:
    """A mixed set: one word, two words, a typo, a prefix, ``label:``, ``year:``, catalog numbers and barcodes."""
    out = []
    for _ in range(n):
        roll = rng.random()
        w = rng.choice(WORDS)
        if roll < 0.3:
            q = w
        elif roll < 0.5:
            q = f"{w} {rng.choice(WORDS)}"
        elif roll < 0.6:
            i = rng.randrange(1, len(w) - 1)
            q = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
        elif roll < 0.65:
            q = w[:4] + "*"
        elif roll < 0.75:
            q = f"label:{rng.choice(LABELS).lower()} {w}"
        elif roll < 0.85:
            q = f"{w} year:{rng.randint(1950, 2024)}"
        elif roll < 0.93:
            i = rng.randrange(works)
            q = f"{rng.choice(LABELS).upper()}-{i}0"
        else:
            q = _ean13(rng.randrange(works) * 20)
        out.append("/api/v1/search?q=" + quote(q))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/mg-web-bench.sqlite", help="catalog (built when it has fewer releases than asked)")
    ap.add_argument("--releases", type=int, default=200_000)
    ap.add_argument("--per-work", type=int, default=5, help="mean releases per work")
    ap.add_argument("--batch", type=int, default=400, help="works per bulk-load batch")
    ap.add_argument("--requests", type=int, default=20_000, help="work-page requests (other scenarios: a quarter)")
    ap.add_argument("--concurrency", type=int, default=8, help="keep-alive connections")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--client", choices=("auto", "h2load", "python"), default="auto", help="h2load when installed, else the asyncio client")
    ap.add_argument("--server-path", default=None, help="run the server from this source folder (before/after runs)")
    ap.add_argument("--only", default=None, help="run the scenarios whose name contains one of these (comma-separated)")
    ap.add_argument("--build-only", action="store_true", help="build (or check) the catalog and stop")
    args = ap.parse_args()

    build(args.db, releases=args.releases, per_work=args.per_work, batch=args.batch)
    if args.build_only:
        return
    with Catalog(args.db) as cat, cat.transaction(write=False) as tx:
        counts = entities.count_by_type(tx)
    others = sample_refs(args.db, per_type=50_000)
    work_ids = others["work"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    if args.server_path:
        env["PYTHONPATH"] = args.server_path + os.pathsep + env.get("PYTHONPATH", "")
    # What a user runs: ``mediagraph serve`` (its access log goes nowhere here).
    server = subprocess.Popen(
        [sys.executable, "-m", "mediagraph", "--db", args.db, "serve", "--port", str(port), "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    h2load = shutil.which("h2load") if args.client != "python" else None
    if args.client == "h2load" and h2load is None:
        sys.exit("h2load is not installed (apt-get install nghttp2-client)")
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("the server did not start")
                time.sleep(0.2)
        rng = random.Random(3)
        n = args.requests
        scenarios = {
            "work page (HTML)": [f"/works/{rng.choice(work_ids)}" for _ in range(n)],
            "work (API JSON)": [f"/api/v1/works/{rng.choice(work_ids)}" for _ in range(n // 4)],
            "release page (HTML)": [f"/releases/{rng.choice(others['release'])}" for _ in range(n // 4)],
            "review page (HTML)": [f"/reviews/{rng.choice(others['review'])}" for _ in range(n // 4)],
            "agent page (HTML)": [f"/agents/{rng.choice(others['agent'])}" for _ in range(n // 4)],
            "search (API, mixed)": search_queries(rng, n // 4, works=len(work_ids)),
            "search page (HTML+facets)": [
                "/search?q=" + quote(" ".join(rng.sample(WORDS, 2))) for _ in range(max(200, n // 40))
            ],
        }
        warm = [f"/works/{rng.choice(work_ids)}" for _ in range(400)]
        print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"catalog: {args.db}: " + ", ".join(f"{c:,} {t}s" for t, c in sorted(counts.items())))
        client = "h2load (one process a connection)" if h2load else "asyncio client"
        print(f"server: mediagraph serve --workers {args.workers}{' from ' + args.server_path if args.server_path else ''}; "
              f"client: {client}, {args.concurrency} keep-alive connections on loopback; random pages across the catalog")
        if h2load:
            run_h2load(h2load, port, "  warm-up (work pages)", warm, connections=args.concurrency)
        else:
            report("  warm-up (work pages)", *asyncio.run(run_load("127.0.0.1", port, warm, args.concurrency)))
        for name, paths in scenarios.items():
            if args.only and not any(part in name for part in args.only.split(",")):
                continue
            cpu = server_cpu(server.pid)
            if h2load:
                run_h2load(h2load, port, name, paths, connections=args.concurrency)
            else:
                report(name, *asyncio.run(run_load("127.0.0.1", port, paths, args.concurrency)))
            used = server_cpu(server.pid) - cpu
            print(f"{'':<28} server CPU {used / len(paths) * 1000:.2f} ms a request "
                  f"(so 2 free cores would serve about {2 * len(paths) / used:,.0f} req/s)", flush=True)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
