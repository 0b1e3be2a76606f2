"""Catalog commands: init, ingest, extract, show, export, stats and remove (search is in search_cmds)."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

import click
import orjson
from rich.table import Table

from mediagraph import views
from mediagraph.cli.app import Context, cli, pass_ctx
from mediagraph.errors import MediagraphError
from mediagraph.model.codec import decode
from mediagraph.pipeline import ingest_bytes, read_input
from mediagraph.store import entities, sources
from mediagraph.store import search as index


@cli.command()
@pass_ctx
def init(ctx: Context) -> None:
    """Create the catalog (or bring its schema up to date)."""
    cat = ctx.catalog
    if ctx.as_json:
        ctx.emit_json({"catalog": cat.url, "ok": True})
    else:
        ctx.console.print(f"catalog ready: {cat.url}")


@cli.command()
@click.argument("files", nargs=-1, required=True)
@pass_ctx
def ingest(ctx: Context, files: tuple[str, ...]) -> None:
    """Extract and store FILES (pages as text or HTML, or JSON-LD); `-` reads stdin.

    Each file is stored whole or not at all; ingesting the same file again changes nothing.
    """
    reports = []
    failures = 0
    for name in files:
        try:
            data, uri = read_input(name)
            report = ingest_bytes(ctx.catalog, data, uri=uri)
        except MediagraphError as exc:
            if len(files) == 1:
                raise
            failures += 1
            ctx.err.print(f"mediagraph: error: {exc}", markup=False)
            continue
        reports.append(report.as_dict())
        if not ctx.as_json:
            if report.unchanged:
                ctx.console.print(f"{name}: unchanged (already ingested)", markup=False)
            else:
                made = ", ".join(f"{n} {t}" for t, n in sorted(report.created.items())) or "nothing new"
                matched = ", ".join(f"{n} {t}" for t, n in sorted(report.matched.items()))
                ctx.console.print(f"{name}: created {made}" + (f"; matched {matched}" if matched else ""), markup=False)
            for w in report.warnings:
                ctx.err.print(f"  warning: {w}", markup=False)
    if ctx.as_json:
        ctx.emit_json(reports)
    if failures:
        raise click.exceptions.Exit(3)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonld", "text"]), default="jsonld", show_default=True)
@click.option("--explain", is_flag=True, help="Show each fact beside the span of source text it came from.")
@pass_ctx
def extract(ctx: Context, files: tuple[str, ...], fmt: str, explain: bool) -> None:
    """Extract records from pages without touching a catalog; one JSON-LD document per file."""
    from mediagraph.extract import explain as explain_facts
    from mediagraph.extract import extract as run_extract
    from mediagraph.jsonld import recordset_document

    for name in files:
        data, uri = read_input(name)
        records = run_extract(data, uri=uri)
        if explain:
            for fact in explain_facts(records):
                ctx.console.print(f"[bold]{fact.path}[/] = {fact.value!r}", highlight=False)
                ctx.console.print(f"    [dim]{fact.start}-{fact.end}:[/] {fact.snippet!r}", highlight=False, markup=True)
            continue
        if fmt == "jsonld":
            click.echo(orjson.dumps(recordset_document(records), option=orjson.OPT_INDENT_2).decode())
        else:
            _print_recordset(ctx, name, records)
        for w in records.warnings:
            ctx.err.print(f"{name}: warning: {w}", markup=False)


def _print_recordset(ctx: Context, name: str, records: Any) -> None:
    ctx.console.print(f"[bold]{name}[/]")
    for w in records.works:
        ctx.console.print(f"  work {w.key}: {w.kind} {w.title!r} {w.date or ''}", markup=False)
        for c in w.credits:
            ctx.console.print(f"    {c.role}: {c.agent.name}" + (f" as {c.character}" if c.character else ""), markup=False)
    for r in records.releases:
        labels = ", ".join(f"{lab.label.name} {lab.catalog_number or ''}".strip() for lab in r.labels)
        ctx.console.print(f"  release {r.key}: {r.title!r} {labels} {r.date or ''} ({len(r.tracks)} tracks)", markup=False)
        for i in r.identifiers:
            ctx.console.print(f"    {i.scheme}: {i.value}" + (" (INVALID)" if i.valid is False else ""), markup=False)
    for v in records.reviews:
        who = v.author.name if v.author else "anonymous"
        rating = f" rating {v.rating.text}" if v.rating else ""
        ctx.console.print(f"  review {v.key} by {who} {v.date or ''}{rating}", markup=False)
    for rel in records.relations:
        ctx.console.print(f"  {rel.subject} {rel.predicate} {rel.object}", markup=False)
    for c in records.citations:
        ctx.console.print(f"  cites: {c.text}", markup=False)


@cli.command()
@click.argument("entity_id")
@pass_ctx
def show(ctx: Context, entity_id: str) -> None:
    """Show one entity: chosen values, disagreeing values with their sources, relations."""
    with ctx.catalog.transaction(write=False) as tx:
        d = views.details(tx, entity_id)
    if ctx.as_json:
        ctx.emit_json(d)
        return
    from mediagraph.cli.render import render_details

    render_details(ctx.console, d)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonld", "csv"]), default="jsonld", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of stdout.")
@click.option("--id", "entity_id", help="Export one entity only.")
@pass_ctx
def export(ctx: Context, fmt: str, output: str | None, entity_id: str | None) -> None:
    """Export the catalog (or one entity) as schema.org JSON-LD or CSV."""
    with ctx.catalog.transaction(write=False) as tx:
        if fmt == "jsonld":
            text = orjson.dumps(views.export_graph(tx, ref=entity_id), option=orjson.OPT_INDENT_2).decode() + "\n"
        else:
            text = _csv(tx, entity_id)
    if output:
        tmp = Path(output).with_suffix(Path(output).suffix + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
        if not ctx.as_json:
            ctx.err.print(f"wrote {output}", markup=False)
    else:
        sys.stdout.write(text)


def _csv(tx: Any, entity_id: str | None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "type", "kind", "title", "year", "creators", "iri"])
    rows = [entities.get_by_ref(tx, entity_id)] if entity_id else None
    offset = 0
    while True:
        batch = rows if rows is not None else entities.list_entities(tx, limit=1000, offset=offset)
        if not batch:
            break
        for r in batch:
            record = decode(r.etype, r.data)
            w.writerow([r.ref, r.etype, r.kind or "", r.label, r.year or "", "; ".join(views.creators_of(record)), views.iri_for(r)])
        if rows is not None:
            break
        offset += len(batch)
    return buf.getvalue()


@cli.command()
@pass_ctx
def stats(ctx: Context) -> None:
    """Counts of what the catalog holds."""
    with ctx.catalog.transaction(write=False) as tx:
        counts = entities.count_by_type(tx)
        data = {
            "catalog": ctx.catalog.url,
            "backend": ctx.catalog.dialect,
            "entities": counts,
            "sources": sources.count(tx),
            "indexed": index.doc_count(tx),
        }
    if ctx.as_json:
        ctx.emit_json(data)
        return
    table = Table("what", "count", box=None, header_style="bold")
    for etype in ("work", "release", "agent", "review", "citation"):
        table.add_row(etype + "s", str(counts.get(etype, 0)))
    table.add_row("sources", str(data["sources"]))
    ctx.console.print(f"catalog: {data['catalog']} ({data['backend']})", markup=False)
    ctx.console.print(table)


@cli.command()
@click.argument("source")
@pass_ctx
def remove(ctx: Context, source: str) -> None:
    """Remove a source (s<N>, its URI or the file it came from) and what only it asserted."""
    from mediagraph.resolve.ingest import refresh
    from mediagraph.store import facts

    with ctx.catalog.transaction() as tx:
        try:
            row = sources.get_by_ref(tx, source)
        except MediagraphError:
            path = Path(source)
            if not path.exists():
                raise
            row = sources.get_by_ref(tx, path.resolve().as_uri())
        touched = facts.delete_source_facts(tx, row.id) | set(sources.delete(tx, row.id))
        refresh(tx, touched)
    if ctx.as_json:
        ctx.emit_json({"removed": row.uri})
    else:
        ctx.console.print(f"removed {row.uri}", markup=False)

