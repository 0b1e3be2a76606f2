"""`mediagraph demo`: build a catalog from the example pages shipped with mediagraph, then serve it."""

from __future__ import annotations

from importlib import resources

import click

from mediagraph.cli.app import Context, cli, pass_ctx


def demo_files() -> list[tuple[str, bytes]]:
    """The example pages, written for mediagraph (fictional reviews around the Metropolis lineage)."""
    pages = resources.files("mediagraph.demo") / "pages"
    return sorted((p.name, p.read_bytes()) for p in pages.iterdir() if p.is_file())


@cli.command()
@click.option("--serve/--no-serve", default=True, show_default=True, help="Serve the catalog on the web when built.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@pass_ctx
def demo(ctx: Context, serve: bool, host: str, port: int) -> None:
    """Build a demo catalog from the shipped example pages and serve it."""
    from rich.progress import Progress

    from mediagraph import views
    from mediagraph.pipeline import ingest_bytes
    from mediagraph.resolve import lineage

    files = demo_files()
    with Progress(transient=True, console=ctx.err) as progress:
        task = progress.add_task("building the demo catalog", total=len(files))
        for name, data in files:
            ingest_bytes(ctx.catalog, data, uri=f"mediagraph-demo:{name}")
            progress.advance(task)
    from mediagraph.resolve.importer import import_dump

    dumps = resources.files("mediagraph.demo") / "dumps"
    for entry in sorted(dumps.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".xml"):
            with resources.as_file(entry) as path:
                import_dump(ctx.catalog, path, expect="discogs")
    with ctx.catalog.transaction(write=False) as tx:
        found = views.search(tx, "metropolis type:work")
        start = next((r["id"] for r in found if r["kind"] == "film" and r["year"] == 2001), found[0]["id"] if found else None)
        tree = lineage.render_text(lineage.build(tx, start)) if start else ""
    c = ctx.console
    c.print(f"demo catalog: {ctx.catalog.url} ({len(files)} example pages and a small Discogs-format dump)", markup=False)
    for r in found:
        c.print(f"  {r['id']:>5}  {r['kind'] or '':6} {r['title']} ({r['year'] or '?'}) {', '.join(r['creators'])}", markup=False)
    if tree:
        c.print("\nlineage:\n" + tree, markup=False)
    if not serve:
        return
    try:
        from mediagraph.web import serve as run_server
    except ImportError:
        c.print("\n(the web server is not part of this build; explore with `mediagraph search`, `show`, `lineage`)", markup=False)
        return
    c.print(f"\nserving on http://{host}:{port}/  (Ctrl-C stops)", markup=False)
    run_server(ctx.catalog.url, host=host, port=port, workers=1)
