"""Re-resolution from the command line: resolve."""

from __future__ import annotations

import click

from mediagraph.cli.app import Context, cli, pass_ctx
from mediagraph.cli.choose import choose
from mediagraph.cli.curate_cmds import author_option


@cli.command()
@click.argument("query", nargs=-1)
@click.option("--dry-run", is_flag=True, help="List the merges and moves, with their reasons, without making them.")
@click.option("--first", is_flag=True, help="When QUERY matches several works equally well, take the best.")
@author_option
@pass_ctx
def resolve(ctx: Context, query: tuple[str, ...], dry_run: bool, first: bool, author: str) -> None:
    """Re-resolve the catalog's works and releases (or those QUERY names) with the engine; each merge or move is an undoable edit."""
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
        if ch.action == "move":
            done = "would move" if dry_run else f"moved (edit #{ch.edit})"
            to = "a work of its own" if ch.keep.startswith("new:") else ch.keep
            c.print(f"{done} what {ch.source} says of {ch.other} to {to}  score {ch.score:.2f}", markup=False)
        else:
            done = "would merge" if dry_run else f"merged (edit #{ch.edit})"
            c.print(f"{done} {ch.other} into {ch.keep}  score {ch.score:.2f}", markup=False)
        for r in ch.reasons:
            c.print(f"  - {r}", markup=False)
