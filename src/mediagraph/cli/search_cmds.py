"""Search commands: search (the query language in docs/SEARCH.md) and reindex."""

from __future__ import annotations

import time
from typing import Any

import click

from mediagraph.cli.app import Context, cli, pass_ctx

ENGINES = ("sql", "tantivy")  # mediagraph.store.search.ENGINES, named here so --help loads no database code


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@pass_ctx
def search(ctx: Context, query: tuple[str, ...], limit: int) -> None:
    """Search the catalog; see `docs/SEARCH.md` for the query language (kind:film year:1990..2001 …).

    Releases that match are listed under their work; `type:release` lists releases alone.
    """
    from rich.table import Table

    from mediagraph import views

    text = " ".join(query)
    with ctx.catalog.transaction(write=False) as tx:
        rows = views.search(tx, text, limit=limit)
    lines = _lines(rows)
    if ctx.as_json:
        ctx.emit_json(lines)
        return
    if not rows:
        ctx.console.print(f"no matches for {text!r}", markup=False)
        return
    table = Table("id", "type", "kind", "title", "year", "by", box=None, header_style="bold")
    for r in lines:
        title = f"  └ {r['title']}" if r.get("work") else r["title"]
        if r.get("editions", 0) > len(r.get("releases", ())):
            title += f"  ({r['editions']} editions)"
        table.add_row(r["id"], r["type"], r["kind"] or "", title, str(r["year"] or ""), ", ".join(r["creators"]))
    ctx.console.print(table)


def _lines(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per row as the table shows it: a work, then its matching releases (``work`` set)."""
    out = []
    for r in rows:
        out.append(r)
        out += [{**rel, "work": r["id"]} for rel in r.get("releases", ())]
    return out


@cli.command()
@click.option(
    "--engine", type=click.Choice(ENGINES), default=None,
    help="the index to rebuild (default: the one in use, MEDIAGRAPH_SEARCH_ENGINE)",
)
@pass_ctx
def reindex(ctx: Context, engine: str | None) -> None:
    """Rebuild the search index from the catalog's search documents.

    Documents an unfinished dump import holds back (it was interrupted, or stopped at a damaged
    record) join the index first. Rebuilding tantivy reads the catalog without locking it, so
    ingest and serve go on.
    """
    from mediagraph.store import bulk
    from mediagraph.store import search as index

    started = time.perf_counter()
    with ctx.catalog.transaction(write=False) as tx:
        held_back = bulk.has_staged_docs(tx)
    if held_back:
        with ctx.catalog.transaction() as tx:
            bulk.publish_docs(tx)
    with ctx.catalog.transaction(write=False) as tx:
        name = engine or index.engine_name(tx)
    with ctx.catalog.transaction(write=name == "sql") as tx:
        n = index.reindex(tx, name=name)
    elapsed = time.perf_counter() - started
    if ctx.as_json:
        ctx.emit_json({"engine": name, "documents": n, "seconds": round(elapsed, 3)})
        return
    ctx.console.print(f"reindexed {n:,} documents with {name} in {elapsed:.1f} s", markup=False)
