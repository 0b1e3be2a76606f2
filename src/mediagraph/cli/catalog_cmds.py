"""Catalog commands: init, ingest, extract, show, export, stats and remove (search is in search_cmds)."""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mediagraph.cli.app import Context, cli, pass_ctx
from mediagraph.cli.choose import choose, first_option
from mediagraph.errors import InputError, MediagraphError
from mediagraph.fetch import is_url

if TYPE_CHECKING:
    from mediagraph.fetch.client import Fetcher


@cli.command()
@pass_ctx
def init(ctx: Context) -> None:
    """Create the catalog (or bring its schema up to date)."""
    cat = ctx.catalog
    if ctx.as_json:
        ctx.emit_json({"catalog": cat.url, "ok": True})
    else:
        ctx.console.print(f"catalog ready: {cat.url}")


@dataclass(frozen=True, slots=True)
class _Input:
    data: bytes
    uri: str
    media_type: str | None = None  # a URL's whole Content-Type, charset included
    retrieved_at: str | None = None
    from_cache: bool = False

    def note(self, ctx: Context, name: str) -> None:
        """Say a URL was read from the cache (after it succeeded, so an error stays one line)."""
        if self.from_cache:
            ctx.err.print(f"{name}: from the cache, retrieved {self.retrieved_at} (--refresh fetches it anew)", markup=False)


class _Inputs:
    """Reads each input by its name: a URL through one fetcher (built at the first URL), else a file."""

    def __init__(self, ctx: Context, *, refresh: bool, timeout: float | None) -> None:
        self._ctx = ctx
        self._refresh = refresh
        self._timeout = timeout
        self._fetcher: Fetcher | None = None

    def read(self, name: str) -> _Input:
        if not is_url(name):
            from mediagraph.pipeline import read_input

            data, uri = read_input(name)
            return _Input(data, uri)
        if self._fetcher is None:
            from mediagraph.fetch.cache import PageCache
            from mediagraph.fetch.client import Fetcher

            self._fetcher = Fetcher.build(timeout=self._timeout, cache=PageCache())
        page = self._fetcher.get(name, refresh=self._refresh)
        for w in self._fetcher.warnings:
            self._ctx.err.print(f"  warning: {w}", markup=False)
        self._fetcher.warnings.clear()
        return _Input(page.body, page.final_url, page.content_type, page.retrieved_at, page.from_cache)

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


_refresh_option = click.option("--refresh", is_flag=True, help="Fetch URLs anew instead of reading them from the page cache.")
_timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    envvar="MEDIAGRAPH_FETCH_TIMEOUT",
    metavar="SECONDS",
    help="How long to wait for a server's next bytes (connecting: at most 10 s); env MEDIAGRAPH_FETCH_TIMEOUT; default 30.",
)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE|URL...")
@_refresh_option
@_timeout_option
@pass_ctx
def ingest(ctx: Context, inputs: tuple[str, ...], refresh: bool, timeout: float | None) -> None:
    """Extract and store files or http(s) URLs (pages as text or HTML, or JSON-LD); `-` reads stdin.

    Each input is stored whole or not at all; ingesting the same one again changes nothing.
    A URL is fetched once (robots.txt obeyed) and then read from the page cache.
    When one of several inputs fails, the others are still stored and the exit code is 3.
    """
    from mediagraph.pipeline import ingest_bytes

    reports: list[dict[str, Any]] = []
    failures = 0
    reader = _Inputs(ctx, refresh=refresh, timeout=timeout)
    try:
        for name in inputs:
            try:
                got = reader.read(name)
                report = ingest_bytes(ctx.catalog, got.data, uri=got.uri, media_type=got.media_type, retrieved_at=got.retrieved_at)
            except MediagraphError as err:
                exc = _naming(err, name)
                if len(inputs) == 1:
                    raise exc from None
                failures += 1
                ctx.err.print(f"mediagraph: error: {exc}", markup=False)
                continue
            got.note(ctx, name)
            _report_ingest(ctx, name, report, got, reports)
    finally:
        reader.close()
    if ctx.as_json:
        ctx.emit_json(reports)
    if failures:
        raise click.exceptions.Exit(3)


def _report_ingest(ctx: Context, name: str, report: Any, got: _Input, reports: list[dict[str, Any]]) -> None:
    reports.append(report.as_dict() | ({"retrieved_at": got.retrieved_at} if got.retrieved_at else {}))
    if ctx.as_json:
        return
    if report.unchanged:
        ctx.console.print(f"{name}: unchanged (already ingested)", markup=False)
    else:
        made = ", ".join(f"{n} {t}" for t, n in sorted(report.created.items())) or "nothing new"
        matched = ", ".join(f"{n} {t}" for t, n in sorted(report.matched.items()))
        ctx.console.print(f"{name}: created {made}" + (f"; matched {matched}" if matched else ""), markup=False)
    for w in report.warnings:
        ctx.err.print(f"  warning: {w}", markup=False)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE|URL...")
@click.option("--format", "fmt", type=click.Choice(["jsonld", "text"]), default="jsonld", show_default=True)
@click.option("--explain", is_flag=True, help="Show each fact beside the span of source text it came from.")
@_refresh_option
@_timeout_option
@pass_ctx
def extract(ctx: Context, inputs: tuple[str, ...], fmt: str, explain: bool, refresh: bool, timeout: float | None) -> None:
    """Extract records from files or http(s) URLs without touching a catalog; one JSON-LD document each.

    Inputs are read in order and the first that fails stops the command (exit code 3).
    """
    reader = _Inputs(ctx, refresh=refresh, timeout=timeout)
    try:
        for name in inputs:
            try:
                got = reader.read(name)
                _extract_one(ctx, name, got, fmt=fmt, explain=explain)
            except MediagraphError as exc:
                raise _naming(exc, name) from None
            got.note(ctx, name)
    finally:
        reader.close()


def _naming(exc: MediagraphError, name: str) -> MediagraphError:
    """The error with the input's name in front when it names no place itself ("empty input")."""
    if exc.where is None and isinstance(exc, InputError):
        return type(exc)(exc.message, where=name)
    return exc


def _extract_one(ctx: Context, name: str, got: _Input, *, fmt: str, explain: bool) -> None:
    from mediagraph.extract import explain as explain_facts
    from mediagraph.extract import extract as run_extract
    from mediagraph.jsonld import recordset_document

    records = run_extract(got.data, uri=got.uri, media_type=got.media_type, retrieved_at=got.retrieved_at)
    if explain:
        for fact in explain_facts(records):
            ctx.console.print(f"[bold]{fact.path}[/] = {fact.value!r}", highlight=False)
            ctx.console.print(f"    [dim]{fact.start}-{fact.end}:[/] {fact.snippet!r}", highlight=False, markup=True)
        return
    if fmt == "jsonld":
        import orjson

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
@click.argument("query", nargs=-1, required=True)
@first_option
@pass_ctx
def show(ctx: Context, query: tuple[str, ...], first: bool) -> None:
    """Show one entity (an id or a search): chosen values, disagreeing values with their sources, relations."""
    from mediagraph import views

    with ctx.catalog.transaction(write=False) as tx:
        d = views.details(tx, choose(ctx, tx, " ".join(query), first=first, works_first=False))
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
    import orjson

    from mediagraph import views

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
    from mediagraph import views
    from mediagraph.model.codec import decode
    from mediagraph.store import entities

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
    from rich.table import Table

    from mediagraph.store import entities, sources
    from mediagraph.store import search as index

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
    from mediagraph.store import facts, sources

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

