"""Where a fast-path dump import spends its CPU, per release and stage, in one process.

    python bench/import_breakdown.py DUMP.xml.gz --releases 10000

Parser side (done in the parser processes in a real import): parsing and translating, the
search document, the statement plan (each the difference between two passes over the dump, after
a warm-up pass), and msgpack encoding for the trip to the storing process.
Storing side: msgpack decoding, batch building, resolution (the loader minus its inserts), the
inserts table by table, commit, and at the end the FTS5 rebuild with the tantivy index. The
catalog is a fresh SQLite file under --out, deleted afterwards.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from mediagraph.dumps import DumpItem, read_discogs, reader
from mediagraph.model.records import Release, Work
from mediagraph.resolve import bulk
from mediagraph.resolve.importer import to_records
from mediagraph.store import Catalog, imports, sources
from mediagraph.store import bulk as store_bulk

cpu = time.process_time


def take(dump: Path, n: int, prepare: Callable[[Any], Any] | None) -> list[DumpItem]:
    out: list[DumpItem] = []
    for item in read_discogs(dump, prepare=prepare):
        out.append(item)
        if len(out) >= n:
            break
    return out


def doc_only(record: Any) -> Any:
    return bulk.record_doc(record) if isinstance(record, (Release, Work)) else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump", type=Path)
    ap.add_argument("--releases", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/mediagraph-bench"))
    args = ap.parse_args(argv)
    n = args.releases
    gc.freeze()
    take(args.dump, n, None)  # warm up: translation caches (agents, roles) fill on the first pass
    t = cpu()
    take(args.dump, n, None)
    parse = cpu() - t
    t = cpu()
    take(args.dump, n, doc_only)
    doc = cpu() - t - parse
    t = cpu()
    items = take(args.dump, n, bulk.prepare_record)
    plan = cpu() - t - parse - doc
    n = len(items)
    rows = [(i.number, i.offset, i.record, i.relations, i.prepared) for i in items]
    encoder = msgspec.msgpack.Encoder()
    t = cpu()
    blobs = [encoder.encode(rows[i : i + 200]) for i in range(0, n, 200)]
    encode = cpu() - t
    decoder = reader._decoder(items[0].kind, bulk.prepare_record, bulk.PreparedRecord | None)
    t = cpu()
    for b in blobs:
        reader._decode(decoder, b)
    decode = cpu() - t

    args.out.mkdir(parents=True, exist_ok=True)
    db = args.out / "breakdown.sqlite"
    stages: dict[str, float] = defaultdict(float)
    try:
        cat = Catalog(f"sqlite:///{db}")
        uri = "dump:breakdown"
        with cat.transaction() as tx:
            state = imports.start(tx, f"breakdown:{n}", kind="discogs", fast=True)
            sid = sources.ensure(tx, uri=uri, kind="discogs")
            store_bulk.tune(tx, bulk=True)
        loader = bulk.BulkLoader(source_id=sid, source_uri=uri, source_kind="discogs")
        write = store_bulk.write

        def timed_write(tx: Any, batch_rows: store_bulk.Rows) -> None:
            run = tx.conn.exec_driver_sql

            def timed(sql: str, *a: Any, **k: Any) -> Any:
                t0 = cpu()
                res = run(sql, *a, **k)
                table = sql.split("(")[0].replace("INSERT INTO", "").strip().split()[-1]
                stages[f"insert {table}"] += cpu() - t0
                return res

            tx.conn.exec_driver_sql = timed
            try:
                write(tx, batch_rows)
            finally:
                del tx.conn.exec_driver_sql

        store_bulk.write = timed_write  # type: ignore[assignment]
        for i in range(0, n, args.batch):
            batch = items[i : i + args.batch]
            t0 = cpu()
            records = to_records(batch, uri)
            prepared = bulk.prepared_docs(batch)
            stages["batch building"] += cpu() - t0
            with cat.transaction() as tx:
                t0 = cpu()
                loader.load(tx, records, prepared=prepared)
                stages["loader"] += cpu() - t0
                t0 = cpu()
                imports.advance(tx, state.id, records_done=batch[-1].number)
            stages["progress + commit"] += cpu() - t0
        store_bulk.write = write
        t0 = cpu()
        with cat.transaction() as tx:
            store_bulk.publish_docs(tx)
            imports.advance(tx, state.id, records_done=n, finished=True)
        stages["FTS5 rebuild + tantivy index"] = cpu() - t0
        cat.close()
        size = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
    finally:
        for s in ("", "-wal", "-shm"):
            Path(f"{db}{s}").unlink(missing_ok=True)
        for d in args.out.glob("breakdown.sqlite.*"):
            shutil.rmtree(d, ignore_errors=True)

    def us(x: float) -> str:
        return f"{x / n * 1e6:6.0f} µs"

    inserts = sum(v for k, v in stages.items() if k.startswith("insert "))
    stages["loader"] -= inserts
    print(f"{n:,} releases, CPU per release")
    print("parser side")
    for name, v in (("parse + translate", parse), ("search document", doc), ("statement plan", plan), ("msgpack encode", encode)):
        print(f"  {name:<32} {us(v)}")
    print("storing side")
    print(f"  {'msgpack decode':<32} {us(decode)}")
    for name, v in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {('resolution (loader minus inserts)' if name == 'loader' else name):<32} {us(v)}")
    print(f"  {'storing side total':<32} {us(decode + sum(stages.values()))}")
    print(f"catalog {size / n:,.0f} bytes a release (SQLite file and WAL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
