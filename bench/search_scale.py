"""Search at scale: index build time, size on disk and query latency for each engine, side by side.

    .venv/bin/python bench/search_scale.py --docs 1000000 [--db postgresql://postgres@127.0.0.1/test]
    .venv/bin/python bench/search_scale.py --docs 5000000 --engines tantivy --fts5 none --http 2000
    .venv/bin/python bench/search_scale.py --docs 5000000 --catalog /tmp/mg-search-scale-…/scale.sqlite --http 2000
    .venv/bin/python bench/search_scale.py --docs 5000000 --engines none --db postgresql://… --pg-schema mg_5m --build-only

Documents are synthetic, built from the real Discogs sample: the sample is imported into a
scratch catalog, and each synthetic release takes a title of 1-4 words drawn (by frequency)
from the sample's title words and the rest of its body (artists, labels, tracks, formats,
field tokens) from a real release, plus its own catalog number and barcode. They go into
``search_docs`` through ``store.search.bulk_load`` (with bare entity rows), not through ingest:
this measures the index, which a full ingest of millions of releases would take hours to reach.

Queries go through the Python API (``store.search.query``, the call ``views.search`` makes,
top 20, typo tolerance on) in a mixed set: one common word, two words, a typo, a prefix, a
barcode typed in groups, a catalog number, and filters. Prints p50/p95/p99 per kind and overall.

``--fts5 none`` sets the insert triggers aside for the load (as the bulk import does), so FTS5
stays empty and only tantivy is measured: FTS5 row by row took 21 min at 1M on a small box, so 5M would
take well over an hour.
PostgreSQL (``--db``) is loaded as a dump import loads it (``store.bulk``): entity rows and
documents by COPY (documents into the staging table), one ``publish_docs`` (one INSERT … SELECT,
indexes and vocabulary built once), then VACUUM ANALYZE. ``--pg-schema`` keeps the schema (and
reuses it when it holds documents), so a long load can run unlocked with ``--build-only`` and be
measured later; without it a fresh schema is made and dropped. ``--engines none`` skips SQLite.
``--http N`` also starts ``mediagraph serve`` on 127.0.0.1 (on the SQLite catalog, and with ``--db`` on
PostgreSQL too) and times N ``GET /api/v1/search``
requests of the same set (keep-alive connections, or a new one per request with
``--http-fresh``; the bare entity rows get a minimal record
first, since the API renders each hit). ``--catalog`` reuses a catalog built earlier.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from mediagraph import query as querylang
from mediagraph.model.codec import decode
from mediagraph.normalize import match_key
from mediagraph.resolve.describe import search_body
from mediagraph.store import Catalog, entities
from mediagraph.store import search as index

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MEDIAGRAPH_SHARED", ROOT.parent / "shared"))
DISCOGS = SHARED / "dumps/discogs/discogs_20200806_releases.xml.gz"


def sample_docs(tmp: Path) -> list[dict[str, Any]]:
    url = f"sqlite:///{tmp / 'sample.sqlite'}"
    Catalog(url).close()
    subprocess.run([sys.executable, "-m", "mediagraph", "--db", url, "import", "discogs", str(DISCOGS)], check=True, capture_output=True)
    cat = Catalog(url)
    docs = []
    with cat.transaction(write=False) as tx:
        offset = 0
        while rows := entities.list_entities(tx, etype="release", limit=1000, offset=offset):
            offset += len(rows)
            for r in rows:
                # Bodies as describe.search_body writes them today (the bulk loader may lag behind).
                rec = decode("release", r.data)
                docs.append({"title_key": match_key(r.label), "body": search_body(rec)})
    cat.close()
    return docs


def synthetic(n: int, real: list[dict[str, Any]], rng: random.Random) -> Iterator[dict[str, Any]]:
    words = Counter(w for d in real for w in d["title_key"].split() if w.isalpha())
    vocab, freq = zip(*words.most_common(), strict=True)
    cum = list(freq)
    for i in range(1, len(cum)):
        cum[i] += cum[i - 1]
    for i in range(1, n + 1):
        base = real[i % len(real)]
        title = " ".join(rng.choices(vocab, cum_weights=cum, k=rng.randint(1, 4)))
        rest = base["body"].split(" ", len(base["title_key"].split()))[-1]
        yield {
            "entity_id": i, "etype": "release", "kind": None, "year": rng.randint(1950, 2020),
            "title_key": title, "weight": rng.randint(1, 3),
            "body": f"{title} {rest} syn{i} {barcode(i)}",
        }


def barcode(i: int) -> str:
    return f"{4_000_000_000_000 + i * 7919 % 999_999_999_999:013d}"


def queries(real: list[dict[str, Any]], n_docs: int, rng: random.Random, count: int) -> list[tuple[str, str]]:
    words = Counter(w for d in real for w in d["title_key"].split() if w.isalpha() and len(w) >= 3)
    common = [w for w, _ in words.most_common(60)]
    long = [w for w, _ in words.most_common(400) if len(w) >= 6]
    labels = [t for d in real for t in d["body"].split() if t.startswith("label0")]
    out = []
    for k in range(count):
        kind = k % 8
        if kind == 0:
            out.append(("one word", rng.choice(common)))
        elif kind == 1:
            out.append(("two words", f"{rng.choice(common)} {rng.choice(common)}"))
        elif kind == 2:
            w = rng.choice(long)
            i = rng.randrange(1, len(w) - 2)
            out.append(("typo", w[:i] + w[i + 1] + w[i] + w[i + 2 :]))
        elif kind == 3:
            out.append(("prefix", rng.choice(long)[:4]))
        elif kind == 4:
            b = barcode(rng.randint(1, n_docs))
            out.append(("barcode", f"{b[0]} {b[1:6]} {b[6:11]} {b[11:]}"))
        elif kind == 5:
            out.append(("catalog number", f"syn{rng.randint(1, n_docs)}"))
        elif kind == 6:
            out.append(("word + label:", f"{rng.choice(common)} label:{rng.choice(labels)[6:]}"))
        else:
            out.append(("word + year:", f"{rng.choice(common)} year:1990..2000"))
    return out


def measure(cat: Catalog, qs: list[tuple[str, str]]) -> dict[str, list[float]]:
    by_kind: dict[str, list[float]] = {}
    with cat.transaction(write=False) as tx:
        eng = index.engine_for(tx)
        print(f"  (answered by {eng.name})")
        for _, text in qs[:20]:  # warm the caches
            q = querylang.parse(text)
            index.query(tx, q.words, fields=q.fields, years=q.years, fuzzy=True, limit=20, engine=eng)
        for kind, text in qs:
            q = querylang.parse(text)
            t0 = time.perf_counter()
            index.query(tx, q.words, fields=q.fields, years=q.years, fuzzy=True, limit=20, engine=eng)
            by_kind.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
    return by_kind


def measure_http(db_url: str, qs: list[tuple[str, str]], *, requests: int, concurrency: int, workers: int, fresh: bool = False) -> tuple[float, dict[str, list[float]], dict[int, int]]:
    """Time ``GET /api/v1/search?q=…`` (the API's own 20 per page) against ``mediagraph serve``
    on 127.0.0.1, ``requests`` of the query set in turn over ``concurrency`` connections (kept alive unless ``fresh``)."""
    import asyncio
    import socket
    from urllib.parse import quote

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mediagraph", "--db", db_url, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    work = [(kind, "/api/v1/search?q=" + quote(text)) for kind, text in (qs * (requests // len(qs) + 1))[:requests]]
    by_kind: dict[str, list[float]] = {}
    statuses: dict[int, int] = {}

    async def client(items: list[tuple[str, str]], record: bool) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for kind, path in items:
                t0 = time.perf_counter()
                if fresh:  # a new connection per request (connecting is timed too)
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(x.split(b":", 1)[1]) for x in head.split(b"\r\n") if x.lower().startswith(b"content-length:")), 0)
                await reader.readexactly(length)
                if record:
                    by_kind.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
                    status = int(head.split(b" ", 2)[1])
                    statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    async def run(items: list[tuple[str, str]], record: bool) -> float:
        t0 = time.perf_counter()
        await asyncio.gather(*(client(items[i::concurrency], record) for i in range(concurrency)))
        return time.perf_counter() - t0

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
        asyncio.run(run(work[: 20 * concurrency * workers], record=False))  # warm every worker
        elapsed = asyncio.run(run(work, record=True))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return elapsed, by_kind, statuses


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


def report(name: str, n: int, build_s: float, size: float | None, lat: dict[str, list[float]]) -> None:
    size_txt = f"{size / 1e6:,.0f} MB" if size is not None else "n/a"
    print(f"\n{name}: {n:,} documents, index build {build_s:.1f} s, size on disk {size_txt}")
    allx = [x for xs in lat.values() for x in xs]
    for kind, xs in [*lat.items(), ("all", allx)]:
        print(f"  {kind:<16} n={len(xs):<5} p50 {pct(xs, 50):7.2f} ms  p95 {pct(xs, 95):7.2f} ms  p99 {pct(xs, 99):7.2f} ms")


def http_report(db: Path | str, qs: list[tuple[str, str]], args: argparse.Namespace) -> None:
    """``db``: a SQLite catalog file (answered by tantivy) or a PostgreSQL URL."""
    # The API decodes each hit's record; the bare entity rows bulk_load writes have none, so
    # they get a minimal release (no credits) first. Not part of the index build.
    from mediagraph.model import Release
    from mediagraph.model.codec import encode

    minimal = encode(Release(key="synthetic", title="synthetic"))
    t0 = time.perf_counter()
    if isinstance(db, Path):
        import sqlite3

        con = sqlite3.connect(db)
        with con:
            n = con.execute("UPDATE entities SET data = ? WHERE length(data) = 0", (minimal,)).rowcount
        con.close()
        url, engine = f"sqlite:///{db}", "tantivy"
    else:
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            n = conn.execute("UPDATE entities SET data = %s WHERE length(data) = 0", (minimal,)).rowcount
            if n:
                conn.execute("VACUUM ANALYZE entities")
        url, engine = db, "postgresql"
    print(f"\n(gave {n:,} bare entity rows a minimal record in {time.perf_counter() - t0:.1f} s, for the API to render)", flush=True)
    elapsed, lat, statuses = measure_http(url, qs, requests=args.http, concurrency=args.http_concurrency, workers=args.workers, fresh=args.http_fresh)
    n = sum(len(xs) for xs in lat.values())
    print(f"\nHTTP GET /api/v1/search ({engine}): mediagraph serve --workers {args.workers}, {args.http_concurrency} {'fresh' if args.http_fresh else 'keep-alive'} "
          f"connections on 127.0.0.1, {n:,} requests, {n / elapsed:,.0f} req/s, statuses {dict(sorted(statuses.items()))}")
    allx = [x for xs in lat.values() for x in xs]
    for kind, xs in [*lat.items(), ("all", allx)]:
        print(f"  {kind:<16} n={len(xs):<5} p50 {pct(xs, 50):7.2f} ms  p95 {pct(xs, 95):7.2f} ms  p99 {pct(xs, 99):7.2f} ms")


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--db", help="also measure PostgreSQL at this server (a fresh schema is made)")
    ap.add_argument("--engines", default="sql,tantivy")
    ap.add_argument(
        "--fts5", choices=("triggers", "none"), default="triggers",
        help="triggers: FTS5 (and the outbox) kept in step row by row while loading, as ingest does; none: the "
        "AFTER INSERT triggers are set aside for the load (as the bulk import does) and FTS5 is left empty, so "
        "only tantivy can be measured (FTS5 row by row took 21 min at 1M)",
    )
    ap.add_argument("--http", type=int, default=0, help="also time this many GET /api/v1/search requests over loopback (tantivy, and PostgreSQL with --db)")
    ap.add_argument("--http-concurrency", type=int, default=2, help="keep-alive connections of the HTTP client")
    ap.add_argument("--http-fresh", action="store_true", help="a new connection per request instead of keep-alive")
    ap.add_argument("--workers", type=int, default=2, help="mediagraph serve --workers for --http")
    ap.add_argument("--catalog", type=Path, help="reuse a catalog this script built (same --docs): skip the build, measure only")
    ap.add_argument("--pg-schema", help="with --db: build into this schema and keep it, or reuse it if it holds documents")
    ap.add_argument("--build-only", action="store_true", help="with --db: load PostgreSQL and stop (measure later with --pg-schema)")
    ap.add_argument("--buffers", type=int, default=0, help="with --db: also EXPLAIN (ANALYZE, BUFFERS) the first N queries of each kind")
    args = ap.parse_args()
    if args.fts5 == "none" and "sql" in args.engines.split(","):
        ap.error("--fts5 none leaves FTS5 empty: use --engines tantivy")
    tmp = Path(tempfile.mkdtemp(prefix="mg-search-scale-"))
    rng = random.Random(5)
    real = sample_docs(tmp)
    qs = queries(real, args.docs, random.Random(6), args.queries)
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, {datetime.now(UTC):%Y-%m-%d}")
    print(f"{len(real):,} real Discogs release documents → {args.docs:,} synthetic; {len(qs):,} queries, top 20")

    if args.catalog:
        db = args.catalog
        os.environ["MEDIAGRAPH_SEARCH_ENGINE"] = "tantivy"
        cat = Catalog(f"sqlite:///{db}")
        with cat.transaction(write=False) as tx:
            print(f"reusing {db}: {index.doc_count(tx):,} documents, file {du(db) / 1e6:,.0f} MB, tantivy {du(Path(str(db) + '.tantivy')) / 1e6:,.0f} MB")
        report("tantivy (embedded, beside the catalog), Python API", args.docs, 0.0, None, measure(cat, qs))
        cat.close()
        if args.http:
            http_report(db, qs, args)
        shutil.rmtree(tmp)  # only the sample catalog
        return

    if args.engines == "none":  # PostgreSQL only
        if args.db:
            postgres(args, real, qs)
        shutil.rmtree(tmp)
        return

    db = tmp / "scale.sqlite"
    cat = Catalog(f"sqlite:///{db}")
    t0 = time.perf_counter()
    with cat.transaction() as tx:
        triggers = []
        if args.fts5 == "none":
            triggers = tx.conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_docs' AND sql LIKE '%AFTER INSERT%'"
            ).all()
            for name, _sql in triggers:
                tx.conn.exec_driver_sql(f"DROP TRIGGER {name}")
        index.bulk_load(tx, synthetic(args.docs, real, rng), with_entities=True)
        for _name, sql in triggers:
            tx.conn.exec_driver_sql(sql)
    load_s = time.perf_counter() - t0
    print(f"catalog {db}: entity rows + search_docs{' + FTS5' if args.fts5 == 'triggers' else ' (FTS5 left empty)'} "
          f"loaded in {load_s:.1f} s, file {du(db) / 1e6:,.0f} MB", flush=True)
    os.environ["MEDIAGRAPH_SEARCH_ENGINE"] = "sql"
    with cat.transaction() as tx:
        tx.execute(index.sa.text("ANALYZE"))
    engines = args.engines.split(",")
    if "sql" in engines:
        report("sqlite fts5 (tiers + static weight, early LIMIT)", args.docs, load_s, du(db), measure(cat, qs))
        print("  (build = catalog rows + search_docs + FTS5 via triggers; size = the whole catalog file)")
    if "tantivy" in engines:
        os.environ["MEDIAGRAPH_SEARCH_ENGINE"] = "tantivy"
        t0 = time.perf_counter()
        with cat.transaction(write=False) as tx:
            index.reindex(tx, name="tantivy")
        report("tantivy (embedded, beside the catalog)", args.docs, time.perf_counter() - t0, du(Path(str(db) + ".tantivy")), measure(cat, qs))
        print("  (build = reindex from search_docs; size = the tantivy folder alone)")
        cat.close()
        if args.http:
            http_report(db, qs, args)
        os.environ["MEDIAGRAPH_SEARCH_ENGINE"] = "sql"
    cat.close()

    if args.db:
        postgres(args, real, qs)


def pg_load(pg: Catalog, docs: Iterator[dict[str, Any]], *, batch: int = 50_000) -> tuple[int, float, float]:
    """Load documents the way a dump import does (``store.bulk``): each batch's entity rows and
    documents by COPY (documents into the staging table), then ``publish_docs`` moves them into
    ``search_docs`` in one INSERT … SELECT, builds the GIN indexes and the vocabulary once.
    Returns (documents, seconds copying, seconds publishing)."""
    from mediagraph.store import bulk

    n = 0
    t0 = time.perf_counter()
    chunk: list[dict[str, Any]] = []

    def flush() -> None:
        rows = bulk.Rows(
            entities=[(d["entity_id"], d["etype"], d["kind"], d["title_key"], d["title_key"], d["year"], None, b"") for d in chunk],
            docs=[tuple(d[c] for c in bulk.DOC_COLS) for d in chunk],
        )
        with pg.transaction() as tx:
            bulk.write(tx, rows)

    for d in docs:
        chunk.append(d)
        if len(chunk) == batch:
            flush()
            n += len(chunk)
            chunk = []
            if n % 500_000 == 0:
                print(f"  {n:,} rows copied, {time.perf_counter() - t0:.0f} s", flush=True)
    if chunk:
        flush()
        n += len(chunk)
    copy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    with pg.transaction() as tx:
        # Index builds and the vocabulary's DISTINCT work in memory: the server's defaults (64 MB,
        # 4 MB) make them spill to disk many times over at millions of documents.
        tx.conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '1GB'")
        tx.conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")
        bulk.publish_docs(tx)
    return n, copy_s, time.perf_counter() - t0


def buffers_report(pg: Catalog, qs: list[tuple[str, str]], per_kind: int) -> None:
    """Shared buffers (hit + read) each query touches on PostgreSQL, summed over the search
    statements it runs, for the first ``per_kind`` queries of each kind: unlike milliseconds this
    does not depend on what the page cache happens to hold."""
    from sqlalchemy import event

    statements: list[tuple[str, Any]] = []

    def seen(conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "search_docs" in statement:
            statements.append((statement, params))

    engine = pg.engine
    event.listen(engine, "before_cursor_execute", seen)
    by_kind: dict[str, list[float]] = {}
    try:
        with pg.transaction(write=False) as tx:
            for kind, text in qs:
                if len(by_kind.setdefault(kind, [])) >= per_kind:
                    continue
                q = querylang.parse(text)
                statements.clear()
                index.query(tx, q.words, fields=q.fields, years=q.years, fuzzy=True, limit=20)
                total = 0
                for statement, params in list(statements):
                    out = tx.conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement, params).scalar()
                    plan = (out if isinstance(out, list) else orjson.loads(out))[0]["Plan"]
                    total += plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
                by_kind[kind].append(float(total))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    print(f"  shared buffers touched a query (hit + read, first {per_kind} of each kind), p50 / p95 / p99 (sum):")
    for kind, xs in by_kind.items():
        print(f"    {kind:15s} {pct(xs, 50):8,.0f} / {pct(xs, 95):8,.0f} / {pct(xs, 99):8,.0f}  ({sum(xs):,.0f})")


def postgres(args: argparse.Namespace, real: list[dict[str, Any]], qs: list[tuple[str, str]]) -> None:
    import psycopg

    schema = args.pg_schema or f"mg_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.db, autocommit=True) as conn:
        exists = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (f"{schema}.search_docs",)).fetchone()
        if not (exists and exists[0]):
            # In public, as the tests do: made in this schema, dropping the schema would take it from every other.
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    url = f"{args.db}?options=-csearch_path%3D{schema},public"
    try:
        pg = Catalog(url)
        with pg.transaction(write=False) as tx:
            have = index.doc_count(tx)
        build_s = 0.0
        if have:
            print(f"\nreusing schema {schema}: {have:,} documents", flush=True)
        else:
            print(f"\nloading {args.docs:,} documents into schema {schema} (COPY, then one publish)", flush=True)
            n, copy_s, publish_s = pg_load(pg, synthetic(args.docs, real, random.Random(5)))
            t0 = time.perf_counter()
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")  # what autovacuum does after a load; index-only scans need it
            vacuum_s = time.perf_counter() - t0
            build_s = copy_s + publish_s + vacuum_s
            print(f"  {n:,} documents: COPY of entity rows + staged documents {copy_s:.0f} s, publish (INSERT … SELECT, "
                  f"GIN indexes, vocabulary) {publish_s:.0f} s, VACUUM ANALYZE {vacuum_s:.0f} s; total {build_s:.0f} s", flush=True)
        with psycopg.connect(args.db) as conn:
            sizes = conn.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY 2 DESC", (schema,)
            ).fetchall()
        size = {name: int(b) for name, b in sizes}
        print("  sizes: " + ", ".join(f"{k} {v / 1e6:,.0f} MB" for k, v in size.items() if v > 1e6))
        search_size = size.get("search_docs", 0) + size.get("search_terms", 0)
        if not args.build_only:
            report("postgresql tsvector + text_pattern_ops", have or args.docs, build_s, float(search_size) or None, measure(pg, qs))
            print("  (build = COPY of entity rows and staged documents, publish, VACUUM ANALYZE; size = search_docs + search_terms with their indexes)")
            if args.buffers:
                buffers_report(pg, qs, args.buffers)
        pg.close()
        if args.http and not args.build_only:
            http_report(url, qs, args)
    finally:
        if not args.pg_schema:
            with psycopg.connect(args.db, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")

if __name__ == "__main__":
    main()
