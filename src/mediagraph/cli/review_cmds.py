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


def explain_rows(rows: list[dict[str, Any]]) -> None:
    """Add to each estimated review the phrases that moved its estimate, and to each review
    with text but no score the reason it got no estimate."""
    from mediagraph.reviews import default_estimator

    est = default_estimator("lexicon")
    for r in rows:
        if r["estimated"]:
            r["explain"] = [{"phrase": p.text, "points": p.points} for p in est.explain(r["text"])]
        elif r["score"] is None and r["text"] and r["rating"] is None:
            r["no_estimate"] = est.refusal(r["text"])


@cli.command()
@click.argument("query", nargs=-1, required=True)
@first_option
@click.option("--explain", is_flag=True, help="Show the phrases that moved each estimate most.")
@pass_ctx
def reviews(ctx: Context, query: tuple[str, ...], first: bool, explain: bool) -> None:
    """The reviews of a work (an id or a search): scores on 0–100, estimates marked, summary and histogram."""
    import msgspec
    from rich.table import Table

    from mediagraph.reviews import render_histogram_text

    with ctx.catalog.transaction(write=False) as tx:
        ref = choose(ctx, tx, " ".join(query), first=first)
        subject, rows, summary = review_rows(tx, ref)
    if explain:
        explain_rows(rows)
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
        # an estimate is never printed as a plain score: it carries "~" and its band
        score = "" if r["score"] is None else f"~{r['score']:.0f}" if r["estimated"] else f"{r['score']:.0f}"
        note = "estimated, not a score" + (f" (band {r['band'][0]:.0f}–{r['band'][1]:.0f})" if r["band"] else "") if r["estimated"] else ""
        table.add_row(r["date"] or "", r["author"] or r["site"] or "anonymous", r["rating"] or "—", score, note)
    c.print(table)
    if explain:
        for r in rows:
            who = r["author"] or r["site"] or "anonymous"
            if r.get("explain"):
                moved = ", ".join(f"“{p['phrase']}” {p['points']:+.1f}" for p in r["explain"])
                c.print(f"{r['id']} ({who}) ~{r['score']:.0f}: {moved}", markup=False, highlight=False)
            elif r.get("no_estimate"):
                c.print(f"{r['id']} ({who}): no estimate: {r['no_estimate']}", markup=False, highlight=False)
    c.print(render_histogram_text(summary), markup=False, highlight=False)
