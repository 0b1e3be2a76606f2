"""From a QUERY (an id or a search) to one entity; when several match equally well, the user chooses."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from mediagraph.cli.app import Context
    from mediagraph.store import Tx

AMBIGUOUS_EXIT = 2  # a usage problem: the query has to say more

first_option = click.option(
    "--first", is_flag=True, help="When several entities match QUERY equally well, take the first instead of asking."
)


def is_id(query: str) -> bool:
    """True when ``query`` is written as an entity id (w12, r3, 12) rather than a search."""
    from mediagraph.errors import UsageError
    from mediagraph.store.entities import parse_ref

    try:
        parse_ref(query)
    except UsageError:
        return False
    return True


def candidates(tx: Tx, query: str, *, works_first: bool) -> list[dict[str, Any]]:
    """The entities that match ``query`` best, ranked: one when the query names an id or one entity wins.

    With ``works_first`` only works are weighed (releases when no work matches), as for lineage
    and reviews; otherwise every type is. Search ranks a match as exact, prefix, words or fuzzy;
    the entities at the best rank are the candidates.
    """
    from mediagraph import views
    from mediagraph.errors import NotFoundError
    from mediagraph.store.entities import get_by_ref

    if is_id(query):
        row = get_by_ref(tx, query)
        return [{"id": row.ref, "type": row.etype, "kind": row.kind, "title": row.label, "year": row.year, "creators": []}]
    rows = views.search(tx, query, limit=50)
    if works_first:
        rows = [r for r in rows if r["type"] == "work"] or [r for r in rows if r["type"] == "release"]
    if not rows:
        raise NotFoundError(f"nothing in the catalog matches {query!r}")
    best = rows[0]["match"]
    return [_line(r) for r in rows if r["match"] == best]


def _line(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "type", "kind", "title", "year", "creators", "match")}


def choose(ctx: Context, tx: Tx, query: str, *, first: bool, works_first: bool = True) -> str:
    """The id of the one entity ``query`` means, asking on a terminal when several match equally well.

    Without a terminal (or with ``--json``) an ambiguous query lists the candidates and exits 2;
    ``first`` takes the best-ranked one instead.
    """
    found = candidates(tx, query, works_first=works_first)
    if len(found) == 1 or first:
        return str(found[0]["id"])
    if not ctx.as_json and sys.stdin.isatty() and sys.stdout.isatty():
        return _ask(ctx, query, found)
    message = f"{query!r} matches {len(found)} entities equally well: give one's id, narrow the query, or add --first"
    if ctx.as_json:
        ctx.emit_json({"error": "ambiguous", "query": query, "candidates": found})
    else:
        for row in found:
            click.echo(_describe(row))
    click.echo(f"mediagraph: error: {message}", err=True)
    raise click.exceptions.Exit(AMBIGUOUS_EXIT)


def _describe(row: dict[str, Any], number: str = "") -> str:
    kind = row["kind"] or row["type"]
    year = str(row["year"] or "?")
    creators = ", ".join(row["creators"])
    return f"{number}{row['id']:>6}  {kind:<8} {year:>4}  {row['title']}" + (f"  ({creators})" if creators else "")


def _ask(ctx: Context, query: str, found: list[dict[str, Any]]) -> str:
    click.echo(f"{query!r} matches {len(found)} entities equally well:", err=True)
    for n, row in enumerate(found, 1):
        click.echo(_describe(row, f"{n:>3}."), err=True)
    pick = click.prompt("Which one", type=click.IntRange(1, len(found)), default=1, show_default=True, err=True)
    return str(found[pick - 1]["id"])
