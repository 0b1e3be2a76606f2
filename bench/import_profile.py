"""Where the storing thread of a fast-path dump import spends its CPU, sampled with py-spy.

    python bench/import_profile.py --releases 20000           # needs py-spy (pip install py-spy)
    python bench/import_profile.py --releases 20000 --py-spy /path/to/py-spy

Runs ``import_dump`` (what ``mediagraph import discogs`` runs) on the generated dump of
bench/import_speed.py into a fresh SQLite file, one parser process, under ``py-spy record``
(idle samples left out). The samples of the importing process's main thread are sorted into
stages by the first matching frame (table ``STAGES``) and scaled to the thread's own CPU time,
measured in the same run, so each line reads as CPU-µs a release. py-spy adds no cost to the
sampled process; the parser side is measured by bench/import_breakdown.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (stage, frame names that put a sample in it); the first stage with a matching frame wins.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cyclic GC pass every few batches", ("_collect (",)),
    ("publish: search_docs move + FTS5 rebuild", ("publish_docs",)),
    ("tantivy index build (after the last commit)", ("search_tantivy",)),
    ("reading the parsers' batches (msgpack decode)", ("_parallel (",)),
    ("batch building (to_records, prepared_docs)", ("to_records", "prepared_docs")),
    ("key lookups (SQL)", ("lookup_keys", "lookup_identifiers")),
    ("prefetch: walking the records' keys", ("_prefetch",)),
    ("fact rows deduplicated, tuples", ("_tuples", "unique_rows")),
    ("resolution: agents of credits", ("_BulkResolver.agent (",)),
    ("resolution: filling the plans", ("_apply_plan",)),
    ("resolution: the rest", ("resolve_all",)),
    ("engine state: decode + blocking keys, facts", ("_new_states (",)),
    ("engine state: resolve_keys/resolve_facts rows", ("replace (mediagraph/store/resolution.py",)),
    ("insert credits, identifiers, relations", ("insert_facts",)),
    ("insert entities, statements, decisions, docs", ("write (mediagraph/store/bulk.py",)),
    ("pending relations", ("add_pending", "settle_pending")),
    ("refresh of matched entities", ("refresh (",)),
    ("commit, checkpoints, close", ("commit (", "do_close", "Catalog.transaction", "_begin (")),
    ("progress row", ("advance",)),
)


def child(dump: str, db: Path) -> None:
    from mediagraph.resolve.importer import import_dump
    from mediagraph.store import Catalog

    cat = Catalog(f"sqlite:///{db}")
    t = time.thread_time()
    summary = import_dump(cat, dump, expect="discogs", workers=1)
    used = time.thread_time() - t
    cat.close()
    print(f"measured {summary.records} {used}")
    sizes(db, summary.records)


def sizes(db: Path, n: int) -> None:
    """Bytes a release on disk, table by table and index by index (SQLite's dbstat)."""
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    free = conn.execute("PRAGMA freelist_count").fetchone()[0] * page
    print(f"on disk {db.stat().st_size / n:,.0f} B a release, by table and index:")
    rows = conn.execute("SELECT name, sum(pgsize), sum(unused) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    for name, size, unused in [*rows[:16], ("(free pages)", free, free)]:
        print(f"  {name:<36} {size / n:7,.0f} B  ({unused / max(size, 1) * 100:3.0f} % unused)")
    same, both = conn.execute(
        "SELECT count(*), coalesce(sum(length(e.data)), 0) FROM entities e JOIN statements s ON s.entity_id = e.id "
        "WHERE e.data = s.data"
    ).fetchone()
    total = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
    print(f"entities whose data equals their statement's: {same:,} of {total:,}, {both / n:,.0f} B a release stored twice")
    conn.close()


def stages(raw: str) -> tuple[Counter[str], int, Counter[str]]:
    """Samples per stage of the busiest thread (the importing one) in py-spy's raw output, and
    the innermost frames of the samples no stage took."""
    by_thread: Counter[str] = Counter()
    stacks: list[tuple[str, int]] = []
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        by_thread[stack.split(";", 1)[0]] += int(count)
        stacks.append((stack, int(count)))
    main = by_thread.most_common(1)[0][0]
    out: Counter[str] = Counter()
    unsorted: Counter[str] = Counter()
    total = 0
    for stack, count in stacks:
        if stack.split(";", 1)[0] != main or "sizes (import_profile.py" in stack:
            continue  # another thread, or the size report after the import
        total += count
        name = next((name for name, marks in STAGES if any(m in stack for m in marks)), "other")
        out[name] += count
        if name == "other":
            unsorted[stack.rsplit(";", 1)[-1]] += count
    return out, total, unsorted


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--releases", type=int, default=20_000)
    ap.add_argument("--rate", type=int, default=200, help="samples a second")
    ap.add_argument("--py-spy", dest="py_spy", default=None)
    ap.add_argument("--out", type=Path, default=Path("/tmp/mediagraph-bench"))
    ap.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        child(args.one[0], Path(args.one[1]))
        return 0
    spy = args.py_spy or shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not os.access(spy, os.X_OK):
        print("py-spy not found: pip install py-spy, or pass --py-spy PATH", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT / "bench"))
    from import_speed import dump_of, machine

    print(machine())
    dump = dump_of(args.releases, args.out)
    with tempfile.TemporaryDirectory(dir=args.out) as scratch:
        db, raw = Path(scratch) / "profile.sqlite", Path(scratch) / "samples.txt"
        run = subprocess.run(
            [spy, "record", "-r", str(args.rate), "-f", "raw", "-o", str(raw), "--",
             sys.executable, __file__, "--one", str(dump), str(db)],
            check=True, capture_output=True, text=True,
        )
        lines = run.stdout.splitlines()
        at = next(i for i, x in enumerate(lines) if x.startswith("measured "))
        records, used = lines[at].split()[1:]
        out, total, unsorted = stages(raw.read_text())
    print("\n".join(x for x in lines[at + 1 :] if x and not x.startswith("py-spy>")))
    n, cpu = int(records), float(used)
    per = cpu / n * 1e6
    print(f"{n:,} releases; storing thread {per:,.0f} CPU-µs a release; {total:,} samples of it")
    for name, count in out.most_common():
        print(f"  {name:<48} {count / total * 100:5.1f} %  {count / total * per:6.0f} µs")
    print("other, innermost frames:", ", ".join(f"{k} {v / total * per:.0f} µs" for k, v in unsorted.most_common(6)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
