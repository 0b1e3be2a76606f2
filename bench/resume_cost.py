"""What content-keyed resume costs a dump import: hashing the bytes read, and checking them on resume.

    python bench/resume_cost.py                       # 100,000 releases, SQLite, 3 runs a mode
    python bench/resume_cost.py --releases 20000 --backends sqlite,postgresql --runs 1

Each run imports a generated dump (bench/gen_dumps.py, as bench/import_speed.py makes it) in a
fresh process into a fresh catalog, in one process (``workers=0``: all its CPU is the process's
own, so CPU-seconds compare exactly), three ways:

- ``digest``: as shipped, the SHA-256 of the file's bytes kept with every batch;
- ``no digest``: the same import with the hash replaced by one that does nothing: the
  difference is what keying resume on content costs;
- ``resumed``: stopped half-way (as Ctrl-C stops it), then run again: the second run checks that
  the file still begins with the bytes read (``content.starts_with``) before it goes on.

Then, in this process, the digest alone: the CPU of reading the whole file through the importer's
reader (``content.ContentFile``) with and without hashing, the best of several passes, against
a run's import CPU. That figure does not move with the neighbours' load as a whole import does.

The machine is shared, so CPU seconds (the steady figure) are printed beside wall-clock ones,
with the median of the runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_speed import PG, dump_of, machine


class _NoHash:
    """A stand-in for hashlib.sha256 that hashes nothing (for the ``no digest`` runs only)."""

    def update(self, data: Any) -> None:
        pass

    def copy(self) -> _NoHash:
        return self

    def hexdigest(self) -> str:
        return "0" * 64


class _Stop(KeyboardInterrupt):
    pass


def one(mode: str, url: str, dump: Path, batch: int) -> dict[str, float]:
    """Child side: one import (two for ``resumed``), measured."""
    from mediagraph.dumps import content
    from mediagraph.resolve.importer import import_dump
    from mediagraph.store import Catalog

    if mode == "no digest":
        content.hashlib.sha256 = _NoHash  # type: ignore[assignment]
    cat = Catalog(url)
    out: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    if mode == "resumed":
        batches = 0

        def stop(records: int, read: int | None, total: int | None) -> None:
            nonlocal batches
            batches += 1
            if read is not None and total and read >= total // 2:
                raise _Stop

        with contextlib.suppress(_Stop):
            import_dump(cat, dump, expect="discogs", workers=0, batch=batch, progress=stop)
        t1 = time.perf_counter()
        c1 = time.process_time()
        with cat.transaction(write=False) as tx:
            from mediagraph.store import imports

            state = imports.get(tx, f"dump:{dump.name}")
        assert state is not None and state.content_bytes is not None and state.content_digest is not None
        check = time.process_time()
        assert content.starts_with(dump, state.content_bytes, state.content_digest)
        out["check_cpu"] = time.process_time() - check
        out["check_bytes"] = float(state.content_bytes)
        summary = import_dump(cat, dump, expect="discogs", workers=0, batch=batch)
        out["first_wall"], out["first_cpu"] = t1 - t0, c1 - c0
        out["resumed_from"] = float(summary.resumed_from)
    else:
        summary = import_dump(cat, dump, expect="discogs", workers=0, batch=batch)
    out["wall"], out["cpu"] = time.perf_counter() - t0, time.process_time() - c0
    out["records"] = float(summary.records)
    assert summary.finished
    cat.close()
    return out


def read_cpu(dump: Path, *, hashed: bool, passes: int = 7) -> float:
    """The least CPU seconds, over ``passes``, to read ``dump`` to its end through ``ContentFile``."""
    from mediagraph.dumps import content

    real = content.hashlib.sha256
    best = float("inf")
    try:
        if not hashed:
            content.hashlib.sha256 = _NoHash  # type: ignore[assignment]
        for _ in range(passes):
            c0 = time.process_time()
            with content.ContentFile(dump) as f:
                while f.read(128 * 1024):  # what gzip asks of it at a time
                    pass
                f.snapshot()
            best = min(best, time.process_time() - c0)
    finally:
        content.hashlib.sha256 = real  # type: ignore[assignment]
    return best


def run(mode: str, backend: str, dump: Path, batch: int, scratch: Path) -> dict[str, float]:
    schema = None
    if backend == "sqlite":
        url = f"sqlite:///{scratch / f'resume-{uuid.uuid4().hex[:8]}.sqlite'}"
    else:
        import psycopg

        schema = f"mg_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        url = f"{PG}?options=-csearch_path%3D{schema}"
    try:
        cmd = [sys.executable, __file__, "--one", mode, "--url", url, "--dump", str(dump), "--batch", str(batch)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{mode} on {backend} failed:\n{done.stderr}")
        result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        return result
    finally:
        if backend == "sqlite":
            import shutil

            path = Path(url.removeprefix("sqlite:///"))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            shutil.rmtree(f"{path}.tantivy", ignore_errors=True)
        elif schema:
            import psycopg

            with psycopg.connect(PG, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--releases", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--backends", default="sqlite")
    ap.add_argument("--out", type=Path, default=Path("/tmp/mediagraph-bench"))
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    ap.add_argument("--dump", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one, args.url, Path(args.dump), args.batch)))
        return 0
    dump = dump_of(args.releases, args.out)
    print(machine())
    print(f"dump: {dump} ({dump.stat().st_size / 1e6:,.1f} MB), batch {args.batch}, workers 0, {args.runs} run(s) a mode")
    hashed, plain = read_cpu(dump, hashed=True), read_cpu(dump, hashed=False)
    print(f"reading the whole file through the importer's reader: {hashed * 1000:,.0f} ms CPU hashed, {plain * 1000:,.0f} ms not: "
          f"the digest alone costs {(hashed - plain) * 1000:,.0f} ms CPU")
    for backend in args.backends.split(","):
        got: dict[str, list[dict[str, float]]] = {}
        for _ in range(args.runs):  # modes interleaved, so the neighbours' load falls on each alike
            for mode in ("digest", "no digest", "resumed"):
                got.setdefault(mode, []).append(run(mode, backend, dump, args.batch, args.out))
                print(f"{backend} {mode}: {json.dumps(got[mode][-1])}", file=sys.stderr, flush=True)  # each run as it ends
        med = {m: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for m, rs in got.items()}
        n = med["digest"]["records"]
        for mode, r in med.items():
            extra = ""
            if mode == "resumed":
                rest_wall, rest_cpu = r["wall"] - r["first_wall"], r["cpu"] - r["first_cpu"]
                extra = (f"  (stopped after {r['resumed_from']:,.0f}; the resumed run {rest_wall:,.1f} s wall, {rest_cpu:,.1f} s CPU; "
                         f"check of {r['check_bytes'] / 1e6:,.1f} MB on resume {r['check_cpu'] * 1000:,.0f} ms CPU)")
            print(f"{backend:<10} {mode:<10} {r['wall']:8.1f} s wall {r['cpu']:8.1f} s CPU  {n / r['cpu']:7,.0f} releases/CPU-s{extra}")
        base = med["no digest"]["cpu"]
        print(f"{backend:<10} cost of the digest: {100 * (med['digest']['cpu'] - base) / base:+.1f} % CPU, "
              f"{100 * (med['digest']['wall'] - med['no digest']['wall']) / med['no digest']['wall']:+.1f} % wall; "
              f"a stopped and resumed import against one run: {100 * (med['resumed']['cpu'] - med['digest']['cpu']) / med['digest']['cpu']:+.1f} % CPU")
        print(f"{backend:<10} the digest alone against the import's CPU: {100 * (hashed - plain) / med['digest']['cpu']:.2f} %; "
              f"the check on resume: {100 * med['resumed']['check_cpu'] / med['digest']['cpu']:.2f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
