"""Re-resolution from the command line: resolve."""

from __future__ import annotations

import click

from mediagraph.cli.app import Context, cli, pass_ctx
from mediagraph.cli.choose import choose, first_option
from mediagraph.cli.curate_cmds import author_option


@cli.command()
@click.argument("query", nargs=-1)
@click.option("--dry-run", is_flag=True, help="List the merges, with their reasons, without making them.")
@author_option
@first_option
@pass_ctx
def resolve(ctx: Context, query: tuple[str, ...], dry_run: bool, author: str, first: bool) -> None:
    """Re-resolve the catalog's works (or those QUERY names) with the engine; each merge is an undoable edit."""
    from mediagraph.resolve import rerun
    from mediagraph.store import entities

    with ctx.catalog.transaction(write=not dry_run) as tx:
        only = entities.get_by_ref(tx, choose(ctx, tx, " ".join(query), first=first)).id if query else None
        if not dry_run:
            rerun.rebuild_state(tx)
        changes = rerun.plan(tx, only=only)
        if not dry_run:
            rerun.apply(tx, changes, author=author)
    if ctx.as_json:
        ctx.emit_json({"dry_run": dry_run, "changes": [c.as_dict() for c in changes]})
        return
    c = ctx.console
    if not changes:
        c.print("Nothing to change: every work is where the engine would put it.", markup=False)
        return
    for ch in changes:
        done = "would merge" if dry_run else f"merged (edit #{ch.edit})"
        c.print(f"{done} {ch.other} into {ch.keep}  score {ch.score:.2f}", markup=False)
        for r in ch.reasons:
            c.print(f"  - {r}", markup=False)
