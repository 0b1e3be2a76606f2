"""`mediagraph reviews QUERY`: a work's reviews on one scale, with the summary and a histogram."""

from __future__ import annotations

from typing import Any

import click

from mediagraph.cli.app import Context, cli, pass_ctx
from mediagraph.cli.choose import choose, first_option


def review_rows(tx: Any, ref: str) -> tuple[dict[str, Any], list[dict[str, Any]], Any]:
    from mediagraph import views
    from mediagraph.reviews import summarise
    from mediagraph.store import entities

    row = entities.get_by_ref(tx, ref)
    pairs = views.reviews_of(tx, row.id)
    rows = []
    for entity, r in pairs:
        rows.append(
            {
                "id": entity.ref,
                "author": r.author.name if r.author else None,
                "site": r.site,
                "date": r.date,
                "rating": r.rating.text if r.rating else None,
                "score": r.score,
                "estimated": bool(r.estimated),
                "band": [r.score_low, r.score_high] if r.estimated and r.score_low is not None else None,
                "text": r.text,
            }
        )
    summary = summarise([r for _, r in pairs])
    return {"id": row.ref, "title": row.label, "kind": row.kind, "year": row.year}, rows, summary


@cli.command()
@click.argument("query", nargs=-1, required=True)
@first_option
@pass_ctx
def reviews(ctx: Context, query: tuple[str, ...], first: bool) -> None:
    """The reviews of a work (an id or a search): scores on 0–100, estimates marked, summary and histogram."""
    import msgspec
    from rich.table import Table

    from mediagraph.reviews import render_histogram_text

    with ctx.catalog.transaction(write=False) as tx:
        ref = choose(ctx, tx, " ".join(query), first=first)
        subject, rows, summary = review_rows(tx, ref)
    if ctx.as_json:
        ctx.emit_json({"subject": subject, "reviews": rows, "summary": msgspec.to_builtins(summary)})
        return
    c = ctx.console
    c.print(f"[bold]{subject['title']}[/] {subject['id']} · {subject['kind'] or ''} {subject['year'] or ''}")
    if not rows:
        c.print("no reviews yet", markup=False)
        return
    table = Table("date", "author", "rating as given", "score", "", box=None, header_style="bold")
    for r in rows:
        score = "" if r["score"] is None else f"{r['score']:.0f}"
        note = "estimated" + (f" ({r['band'][0]:.0f}–{r['band'][1]:.0f})" if r["band"] else "") if r["estimated"] else ""
        table.add_row(r["date"] or "", r["author"] or r["site"] or "anonymous", r["rating"] or "—", score, note)
    c.print(table)
    c.print(render_histogram_text(summary), markup=False, highlight=False)
