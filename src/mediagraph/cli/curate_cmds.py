"""Lineage, resolution explanations and hand curation: lineage, why, merge, split, link, unlink, set, history, undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from mediagraph.cli.app import Context, cli, pass_ctx
from mediagraph.cli.choose import choose, first_option, is_id


def _author() -> str:
    from mediagraph.resolve.curate import default_author

    return default_author()


author_option = click.option("--author", default=_author, show_default="your user name", help="Who made the edit, for the history.")


class _CuratablePredicates(click.Choice):
    """The predicates `link` takes, read from the curation rules only when asked (help, a value)."""

    def __init__(self) -> None:
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        from mediagraph.resolve.curate import CURATABLE

        return tuple(sorted(CURATABLE))

    def __iter__(self) -> Iterator[str]:
        return iter(self.choices)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "dot", "svg"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@first_option
@pass_ctx
def lineage(ctx: Context, query: tuple[str, ...], fmt: str, output: str | None, first: bool) -> None:
    """Draw how works descend from one another, walking relations both ways from QUERY (an id or a search)."""
    from mediagraph.resolve import lineage as lineage_mod

    with ctx.catalog.transaction(write=False) as tx:
        start = choose(ctx, tx, " ".join(query), first=first)
        graph = lineage_mod.build(tx, start)
    if fmt == "json" or ctx.as_json:
        import orjson

        text = orjson.dumps(graph.as_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"
    elif fmt == "dot":
        text = lineage_mod.render_dot(graph)
    elif fmt == "svg":
        from mediagraph.pictures import lineage_svg

        text = lineage_svg(graph) + "\n"
    else:
        text = lineage_mod.render_text(graph) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
        ctx.err.print(f"wrote {output}", markup=False)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("a")
@click.argument("b")
@first_option
@pass_ctx
def why(ctx: Context, a: str, b: str, first: bool) -> None:
    """Explain why two records (ids, or searches that name one entity each) were or were not merged."""
    from mediagraph.resolve import curate

    with ctx.catalog.transaction(write=False) as tx:
        # An id is kept as written: why looks at the record itself, even when merged since.
        a = a if is_id(a) else choose(ctx, tx, a, first=first, works_first=False)
        b = b if is_id(b) else choose(ctx, tx, b, first=first, works_first=False)
        out = curate.why(tx, a, b)
    if ctx.as_json:
        ctx.emit_json(out)
        return
    c = ctx.console
    if out["same_entity"]:
        c.print(f"{a} and {b} are one entity now ({out['now']}).", markup=False)
    else:
        c.print(f"{a} and {b} are different entities.", markup=False)
    for e in out["edits"]:
        c.print(f"  edit #{e['edit']} by {e['author']} at {e['at']}: {e['summary']}" + (" (undone)" if e["undone"] else ""), markup=False)
    for d in out["decisions"]:
        c.print(f"  {d['source']} {d['record']} → {d['entity']}: {d['outcome']} ({d['rule']})", markup=False)
        for cand in d["candidates"]:
            verdict = "same" if cand["same"] else f"apart: {cand['veto'] or 'score below threshold'}"
            c.print(f"      vs {cand['entity']}: score {cand['score']} → {verdict}", markup=False)
            for r in cand["reasons"]:
                c.print(f"         · {r}", markup=False)
    score = out.get("score_now")
    if score:
        verdict = "would merge" if score["same"] else f"kept apart: {score.get('veto') or 'score below threshold'}"
        c.print(f"  compared now: score {score.get('score', 0)} → {verdict}", markup=False)
        for r in score.get("reasons", []):
            c.print(f"     · {r}", markup=False)


def _done(ctx: Context, edit: int, summary: str) -> None:
    if ctx.as_json:
        ctx.emit_json({"edit": edit, "summary": summary})
    else:
        ctx.console.print(f"edit #{edit}: {summary}", markup=False)


@cli.command()
@click.argument("keep")
@click.argument("other")
@author_option
@pass_ctx
def merge(ctx: Context, keep: str, other: str, author: str) -> None:
    """Merge OTHER into KEEP (the same entity described twice)."""
    from mediagraph.resolve import curate

    with ctx.catalog.transaction() as tx:
        edit = curate.merge(tx, keep, other, author=author)
    _done(ctx, edit, f"merged {other} into {keep}")


@cli.command()
@click.argument("entity_id")
@click.option("--source", required=True, help="The source (s<N> or its URI) whose statements move to a new entity.")
@author_option
@pass_ctx
def split(ctx: Context, entity_id: str, source: str, author: str) -> None:
    """Split what one source says about ENTITY_ID off into a new entity."""
    from mediagraph.resolve import curate

    with ctx.catalog.transaction() as tx:
        edit, new = curate.split(tx, entity_id, source=source, author=author)
    _done(ctx, edit, f"split {source} off {entity_id} into {new}")


@cli.command()
@click.argument("subject")
@click.argument("predicate", type=_CuratablePredicates())
@click.argument("obj", metavar="OBJECT")
@author_option
@pass_ctx
def link(ctx: Context, subject: str, predicate: str, obj: str, author: str) -> None:
    """Add a relation: SUBJECT PREDICATE OBJECT (e.g. `link w5 based_on w3`)."""
    from mediagraph.resolve import curate

    with ctx.catalog.transaction() as tx:
        edit = curate.link(tx, subject, predicate, obj, author=author)
    _done(ctx, edit, f"{subject} {predicate} {obj}")


@cli.command()
@click.argument("subject")
@click.argument("predicate")
@click.argument("obj", metavar="OBJECT")
@author_option
@pass_ctx
def unlink(ctx: Context, subject: str, predicate: str, obj: str, author: str) -> None:
    """Remove a relation; later ingests that assert it again do not bring it back."""
    from mediagraph.resolve import curate

    with ctx.catalog.transaction() as tx:
        edit = curate.unlink(tx, subject, predicate, obj, author=author)
    _done(ctx, edit, f"removed {subject} {predicate} {obj}")


@cli.command("set")
@click.argument("entity_id")
@click.argument("field")
@click.argument("value")
@author_option
@pass_ctx
def set_(ctx: Context, entity_id: str, field: str, value: str, author: str) -> None:
    """Choose the value shown for FIELD (title, date, kind, …), whatever the sources say."""
    from mediagraph.resolve import curate

    with ctx.catalog.transaction() as tx:
        edit = curate.set_value(tx, entity_id, field, value, author=author)
    _done(ctx, edit, f"{field} of {entity_id} = {value!r}")


@cli.command()
@click.option("--limit", default=50, show_default=True)
@pass_ctx
def history(ctx: Context, limit: int) -> None:
    """The edit history, newest first."""
    from rich.table import Table

    from mediagraph.store import curation

    with ctx.catalog.transaction(write=False) as tx:
        rows = curation.list_edits(tx, limit=limit)
    if ctx.as_json:
        ctx.emit_json([{"edit": e.id, "at": e.at.isoformat(), "author": e.author, "action": e.action, "summary": e.summary, "undone": e.undone_at is not None} for e in rows])
        return
    table = Table("#", "when", "who", "what", "", box=None, header_style="bold")
    for e in rows:
        table.add_row(str(e.id), e.at.strftime("%Y-%m-%d %H:%M"), e.author, e.summary, "undone" if e.undone_at else "")
    ctx.console.print(table)


@cli.command()
@click.argument("edit_id", required=False, type=int)
@author_option
@pass_ctx
def undo(ctx: Context, edit_id: int | None, author: str) -> None:
    """Undo an edit (the latest one by default)."""
    from mediagraph.resolve import curate

    with ctx.catalog.transaction() as tx:
        edit = curate.undo(tx, edit_id, author=author)
    _done(ctx, edit.id, f"undid: {edit.summary}")
