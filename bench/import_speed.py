"""End-to-end dump import speed: releases/s, peak memory and catalog size, SQLite and PostgreSQL.

    python bench/import_speed.py                      # 100,000 releases, fast path, both backends
    python bench/import_speed.py --releases 1000000 --workers 2
    python bench/import_speed.py --backends sqlite --slow-releases 0
    python bench/import_speed.py --family musicbrainz --releases 20000 --backends sqlite --slow-releases 0

A dump of N releases is generated once with bench/gen_dumps.py (scaled from the real samples)
and reused. Each import runs in a fresh process into a fresh catalog: a new SQLite file, or a
new PostgreSQL schema at 127.0.0.1:5432/test (created and dropped). The fast path is the first
load into an empty catalog; the slow path (every record fully resolved, as into a catalog that
already holds pages) runs on a smaller N. The machine is shared, so CPU-seconds rates are
printed beside wall-clock ones: records / (CPU of the importing process and its parsers). The
storing thread's own CPU per release (the importing process's main thread: reading what the
parsers send, resolution, inserts, the index at the end) bounds the wall rate however many
cores the parsers get, so it is printed too.

Each run first measures the floor on the same file: for Discogs, ``bench/parse_speed.py``'s bare
lxml iterparse reading every field of each release; each fast-path import's releases per CPU-s
are printed as a fraction of it. ``--family musicbrainz`` imports a generated MusicBrainz JSON
Lines dump of N releases instead (``gen_dumps.py --mb-releases``), against a bare orjson pass
that decompresses the file, decodes every line and visits every value, storing nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("MEDIAGRAPH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


def dump_of(n: int, out: Path, *, family: str = "discogs") -> Path:
    """The generated dump of n releases, made on first use."""
    folder = out / f"releases-{n}"
    mb = family == "musicbrainz"
    path = folder / ("mb_gen_release.jsonl.gz" if mb else "discogs_gen_releases.xml.gz")
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "gen_dumps.py"), "--mb-releases" if mb else "--releases", str(n), "--out", str(folder)],
            check=True,
        )
    return path


def orjson_floor(path: Path) -> tuple[int, float, float]:
    """(records, wall s, CPU s) of a bare pass over a JSON Lines dump: gunzip, orjson each line,
    visit every value; nothing kept."""
    import gzip

    import orjson

    def visit(v: object) -> int:
        if isinstance(v, dict):
            return sum(visit(x) for x in v.values()) + 1
        if isinstance(v, list):
            return sum(visit(x) for x in v) + 1
        return 1

    n = 0
    t0, c0 = time.perf_counter(), time.process_time()
    with gzip.open(path, "rb") as f:
        for line in f:
            if line.strip():
                visit(orjson.loads(line))
                n += 1
    return n, time.perf_counter() - t0, time.process_time() - c0


def lxml_floor(path: Path) -> tuple[int, float, float]:
    """(records, wall s, CPU s) of ``bench/parse_speed.py``'s bare iterparse: every field of each
    release read, nothing kept."""
    sys.path.insert(0, str(ROOT / "bench"))
    from parse_speed import bare_iterparse

    t0, c0 = time.perf_counter(), time.process_time()
    n = bare_iterparse(path)
    return n, time.perf_counter() - t0, time.process_time() - c0


def one(args: argparse.Namespace) -> dict[str, object]:
    """Child side: one import, measured; prints a JSON line."""
    from mediagraph.resolve.importer import import_dump
    from mediagraph.store import Catalog

    cat = Catalog(args.url)
    t0, c0, m0 = time.perf_counter(), time.process_time(), time.thread_time()
    summary = import_dump(cat, args.dump, expect=args.family, workers=args.workers, batch=args.batch, fast=None if args.fast else False)
    wall, cpu, main_cpu = time.perf_counter() - t0, time.process_time() - c0, time.thread_time() - m0
    cat.close()
    return {
        "records": summary.records,
        "fast": summary.fast,
        "counts": summary.counts,
        "wall": wall,
        "cpu": cpu,
        "main_thread_cpu": main_cpu,
        "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(dump: Path, *, backend: str, fast: bool, workers: int, batch: int, scratch: Path, family: str = "discogs") -> dict[str, object]:
    schema = None
    if backend == "sqlite":
        db = scratch / f"bench-{uuid.uuid4().hex[:8]}.sqlite"
        url = f"sqlite:///{db}"
    else:
        import psycopg

        schema = f"mg_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        url = f"{PG}?options=-csearch_path%3D{schema}"
    try:
        cmd = [sys.executable, __file__, "--one", "--url", url, "--dump", str(dump), "--workers", str(workers), "--batch", str(batch), "--family", family]
        if fast:
            cmd.append("--fast")
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        parsers = _watch_parsers(proc)
        out, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"{backend} import failed:\n{err}")
        result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
        # The parser processes are the forkserver's children, not the importer's: measured from /proc.
        result["cpu"] = float(result["cpu"]) + sum(cpu for cpu, _ in parsers.values())  # type: ignore[arg-type]
        result["rss_worker_mb"] = max((rss for _, rss in parsers.values()), default=0) / 1024
        result["size_mb"] = _size(backend, url, schema) / 1e6
        if backend == "sqlite":
            index = Path(f"{db}.tantivy")
            result["index_mb"] = sum(f.stat().st_size for f in index.iterdir()) / 1e6 if index.is_dir() else 0.0
        return result
    finally:
        if backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.rmtree(f"{db}.tantivy", ignore_errors=True)
        elif schema:
            import psycopg

            with psycopg.connect(PG, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _watch_parsers(proc: subprocess.Popen[str]) -> dict[int, tuple[float, int]]:
    """pid → (CPU seconds, peak RSS KiB) of every process below the importer but the importer,
    sampled until it exits (Linux /proc; empty elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK")
    seen: dict[int, tuple[float, int]] = {}
    while proc.poll() is None:
        parents: dict[int, int] = {}
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    parents[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        below = {proc.pid}
        changed = True
        while changed:
            changed = False
            for pid, ppid in parents.items():
                if ppid in below and pid not in below:
                    below.add(pid)
                    changed = True
        for pid in below - {proc.pid}:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                hwm = next(int(x.split()[1]) for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmHWM"))
            except (OSError, StopIteration, IndexError, ValueError):
                continue
            seen[pid] = ((int(fields[11]) + int(fields[12])) / tick, hwm)
        time.sleep(0.25)
    return seen


def _size(backend: str, url: str, schema: str | None) -> int:
    if backend == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        return sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists())
    import psycopg

    with psycopg.connect(PG) as conn:
        row = conn.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
            (schema,),
        ).fetchone()
    return int(row[0]) if row else 0


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · {platform.node()} · {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}) · {mem:.1f} GiB · Python {platform.python_version()} · load {load}"
    )


def line(label: str, r: dict[str, object]) -> str:
    n = int(r["records"])  # type: ignore[call-overload]
    wall, cpu = float(r["wall"]), float(r["cpu"])  # type: ignore[arg-type]
    return (
        f"{label:<34} {n:>9,} releases  {n / wall:>7,.0f}/s wall  {n / cpu:>7,.0f}/s per CPU-s  "
        f"storing thread {float(r['main_thread_cpu']) / n * 1e6:,.0f} CPU-µs/release  "  # type: ignore[arg-type]
        f"RSS {float(r['rss_main_mb']):>5,.0f} MB main, {float(r['rss_worker_mb']):>4,.0f} MB parser  "  # type: ignore[arg-type]
        f"{float(r['size_mb']):>7,.0f} MB on disk ({float(r['size_mb']) * 1e6 / max(n, 1):,.0f} B/release)"  # type: ignore[arg-type]
        + (f" + tantivy {float(r['index_mb']):,.0f} MB" if "index_mb" in r else "")  # type: ignore[arg-type]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--releases", type=int, default=100_000)
    ap.add_argument("--slow-releases", type=int, default=2_000, help="N for the slow-path run (0: skip)")
    ap.add_argument("--workers", type=int, default=None, help="parser processes (default: one per spare core, max 2)")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--family", choices=("discogs", "musicbrainz"), default="discogs", help="which dump to generate and import")
    ap.add_argument("--out", type=Path, default=Path("/tmp/mediagraph-bench"))
    # child mode
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    ap.add_argument("--dump", help=argparse.SUPPRESS)
    ap.add_argument("--fast", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(args)))
        return 0
    from mediagraph.resolve.importer import default_workers

    workers = default_workers() if args.workers is None else args.workers
    print(machine())
    print(f"workers {workers}, batch {args.batch}")
    args.out.mkdir(parents=True, exist_ok=True)
    family = args.family
    dump = dump_of(args.releases, args.out, family=family)
    print(f"dump: {dump} ({dump.stat().st_size / 1e6:,.0f} MB gzipped)")
    n, wall, cpu = orjson_floor(dump) if family == "musicbrainz" else lxml_floor(dump)
    floor = n / cpu
    what = "bare orjson pass" if family == "musicbrainz" else "bare lxml iterparse"
    print(f"{what + ' (the floor)':<34} {n:>9,} releases  {n / wall:>7,.0f}/s wall  {floor:>7,.0f}/s per CPU-s", flush=True)
    for backend in args.backends.split(","):
        r = run(dump, backend=backend, fast=True, workers=workers, batch=args.batch, scratch=args.out, family=family)
        rate = int(r["records"]) / float(r["cpu"])  # type: ignore[call-overload,arg-type]
        print(line(f"{backend} fast path (empty catalog)", r) + f"  {rate / floor:.3f} of the floor per CPU-s", flush=True)
    if args.slow_releases:
        small = dump_of(args.slow_releases, args.out, family=family)
        for backend in args.backends.split(","):
            r = run(small, backend=backend, fast=False, workers=workers, batch=args.batch, scratch=args.out, family=family)
            print(line(f"{backend} slow path (full resolution)", r), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
