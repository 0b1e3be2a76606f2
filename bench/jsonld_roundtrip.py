"""Round trips of every page of every corpus: ingest, export, ingest the export into an empty
catalog, export again; the two exports must be the same graph.

Usage: python bench/jsonld_roundtrip.py [--stride N] [--pg URL] [--corpus DIR ...]

Each corpus (bench/corpus/*, bench/realpages/tune/pages, ../shared/pages/pages) is ingested into
one new catalog with ``pipeline.ingest_bytes`` (what ``mediagraph ingest`` runs), so records of
several pages merge as they would for a user, and exported with ``views.export_graph`` (what
``mediagraph export`` runs); the export is ingested into a second empty catalog on the same
backend and exported again. Printed per corpus and backend: pages, nodes, differences between the
exports, agents written without a name, losses the reader reports reading the catalog's own
export, and CPU-seconds. tests/test_jsonld_roundtrip.py runs the same comparison.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
SHARED_PAGES = ROOT.parent / "shared" / "pages" / "pages"
CORPORA = [*sorted(p for p in (ROOT / "bench" / "corpus").iterdir() if p.is_dir()), ROOT / "bench" / "realpages" / "tune" / "pages", SHARED_PAGES]
ALWAYS = {"m01_night_bus_lagos_recordshop.html"}  # the example: an unnamed label


def pages_of(corpus: Path, stride: int = 1) -> list[Path]:
    pages = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".html", ".htm"))
    return [p for i, p in enumerate(pages) if i % stride == 0 or p.name in ALWAYS]


def export(cat: Any) -> dict[str, Any]:
    from mediagraph import views

    with cat.transaction(write=False) as tx:
        return views.export_graph(tx)


def losses(warnings: Any) -> list[str]:
    """What the reader reports lost reading a catalog's own export (a review's scoring notes come
    back as they were, two values one source gave are credited to the file, and a work never
    named is said again to be kept untitled: none of them a loss)."""
    return [w for w in warnings if not w.startswith("review ") and "values of" not in w and not w.endswith("kept untitled")]


def _twice(node: dict[str, Any]) -> set[str]:
    """Properties for which one source gave two values: the reader reports these (a source holds
    one record per entity), so their provenance is not compared."""
    alts = node.get("mg:alternatives") or []
    counts: dict[tuple[str, str], int] = {}
    for a in alts if isinstance(alts, list) else [alts]:
        for s in a["mg:source"] if isinstance(a["mg:source"], list) else [a["mg:source"]]:
            counts[(a["mg:property"], s)] = counts.get((a["mg:property"], s), 0) + 1
    return {p for (p, _), c in counts.items() if c > 1}


def _without(node: dict[str, Any], props: set[str]) -> dict[str, Any]:
    alts = node.get("mg:alternatives")
    if not alts or not props:
        return node
    kept = [a for a in (alts if isinstance(alts, list) else [alts]) if a["mg:property"] not in props]
    return {k: v for k, v in node.items() if k != "mg:alternatives"} | ({"mg:alternatives": kept} if kept else {})


def differences(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    twice = {n["@id"]: _twice(n) for n in first["@graph"]}
    a = {n["@id"]: _without(n, twice[n["@id"]]) for n in first["@graph"]}
    b = {n["@id"]: _without(n, twice.get(n["@id"], set())) for n in second["@graph"]}
    out = [f"{k}: only in the {'first' if k in a else 'second'} export" for k in sorted(set(a) ^ set(b))]
    for k in sorted(set(a) & set(b)):
        out += [f"{k}.{f}: {a[k].get(f)!r} != {b[k].get(f)!r}" for f in sorted(set(a[k]) | set(b[k])) if a[k].get(f) != b[k].get(f)]
    return out


def unnamed(node: Any, path: str = "") -> list[str]:
    """Paths of agent nodes written without a name."""
    found = []
    if isinstance(node, dict):
        if node.get("@type") in ("Person", "Organization", "MusicGroup") and not node.get("name"):
            found.append(path)
        for k, v in node.items():
            found += unnamed(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += unnamed(v, f"{path}[{i}]")
    return found


@contextmanager
def _catalogs(pg: str | None, tmp: Path) -> Iterator[tuple[Any, Any]]:
    """Two empty catalogs on one backend: SQLite files, or two new PostgreSQL schemas."""
    from mediagraph.store import Catalog

    if pg is None:
        first, second = Catalog(f"sqlite:///{tmp / 'first.sqlite'}"), Catalog(f"sqlite:///{tmp / 'second.sqlite'}")
        try:
            yield first, second
        finally:
            first.close()
            second.close()
        return
    import psycopg

    schemas = [f"mg_rt_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    with psycopg.connect(pg, autocommit=True) as conn:
        for s in schemas:
            conn.execute(f"CREATE SCHEMA {s}")
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cats = [Catalog(f"{pg}?options=-csearch_path%3D{s}") for s in schemas]
    try:
        yield cats[0], cats[1]
    finally:
        for c in cats:
            c.close()
        with psycopg.connect(pg, autocommit=True) as conn:
            for s in schemas:
                conn.execute(f"DROP SCHEMA {s} CASCADE")


def round_trip(corpus: Path, *, stride: int = 1, pg: str | None = None) -> dict[str, Any]:
    from mediagraph.pipeline import ingest_bytes

    pages = pages_of(corpus, stride)
    cpu = time.process_time()
    with tempfile.TemporaryDirectory() as tmp, _catalogs(pg, Path(tmp)) as (cat, again):
        for page in pages:
            ingest_bytes(cat, page.read_bytes(), uri=page.resolve().as_uri())
        first = export(cat)
        report = ingest_bytes(again, orjson.dumps(first), uri="file:///export.jsonld")
        diff = differences(first, export(again))
    return {"pages": len(pages), "nodes": len(first["@graph"]), "differences": diff, "unnamed": unnamed(first),
            "lost": losses(report.warnings), "cpu": time.process_time() - cpu}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--stride", type=int, default=1, help="every Nth page of each corpus (1: all)")
    ap.add_argument("--pg", help="PostgreSQL URL (postgresql://127.0.0.1:5432/test) to run there too")
    ap.add_argument("--corpus", nargs="*", type=Path, default=[])
    args = ap.parse_args()
    backends: list[str | None] = [None, *([args.pg] if args.pg else [])]
    exact = total = 0
    for corpus in args.corpus or [c for c in CORPORA if c.is_dir()]:
        for pg in backends:
            r = round_trip(corpus, stride=args.stride, pg=pg)
            ok = not (r["differences"] or r["unnamed"] or r["lost"])
            exact += ok
            total += 1
            name = corpus.name if corpus.name != "pages" else corpus.parent.name
            print(f"{'exact' if ok else 'DIFF '} {name:12} {'postgresql' if pg else 'sqlite':10} {r['pages']:3} pages {r['nodes']:5} nodes  "
                  f"{len(r['differences'])} differences, {len(r['unnamed'])} unnamed, {len(r['lost'])} lost  [{r['cpu']:.1f} CPU-s]")
            for line in (r["differences"] + r["unnamed"] + r["lost"])[:10]:
                print(f"      {line}")
    print(f"round trips exact: {exact} of {total}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
