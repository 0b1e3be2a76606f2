"""The work page (a film, comic, album…): credits, cast, related works, lineage, releases, reviews."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from mediagraph import views
from mediagraph.pictures.lineage import lineage_svg
from mediagraph.resolve import lineage
from mediagraph.store import Tx
from mediagraph.web import read
from mediagraph.web.deps import CatalogDep
from mediagraph.web.render import page, path_for
from mediagraph.web.reviews import histogram_svg

router = APIRouter(include_in_schema=False)


def lineage_picture(tx: Tx, ref: str, n: views.Neighbourhood | None = None) -> Markup | None:
    """The lineage SVG with every node linking to its page; None when the work has no lineage.

    ``n``, the work's neighbourhood read already, saves the walk its first step.
    """
    seeds: dict[str, Any] = {}
    if n is not None:
        seeds = {"relations": {n.row.id: n.relations}, "rows": {**n.others, n.row.id: n.row}}
    graph = lineage.build(tx, ref, max_nodes=read.LINEAGE_LIMIT, **seeds)
    if not graph.edges:
        return None
    # lineage_svg escapes every text it draws; the hrefs are our own paths.
    return Markup(lineage_svg(graph, href=lambda i: path_for(i) or "#"))


def gather(tx: Tx, ref: str) -> dict[str, Any]:
    """The page's context: about a dozen queries, however many releases, reviews and relations."""
    row = read.entity(tx, ref, etype="work")
    n = views.load(tx, row)
    view = views.view_from(n, iri_of=views.IriResolver(tx))
    d = views.details_from(n, view=view)
    rec = d["record"]
    creators, cast = read.split_credits(rec)
    reviews, summary = read.review_items_from(views.reviews_around(tx, row.id, n.relations))
    titles = [t for t in rec.get("titles", ()) if t["text"] != row.label]
    known = read.known_sources(n)
    return {
        "ref": row.ref,
        "d": d,
        "title": row.label,
        "other_titles": titles,
        "creators": creators,
        "cast": cast,
        "related": read.related(d),
        "lineage_svg": lineage_picture(tx, row.ref, n),
        "releases": read.releases_in(tx, n),
        "reviews": reviews,
        "summary": summary,
        "histogram": Markup(histogram_svg(summary)) if summary.count else None,
        "citations": read.citations(tx, [c for r in reviews for c in r["citations"]]),
        "alternatives": read.alternatives(tx, d, known=known),
        "sources": read.sources_list(tx, d, known=known),
        "jsonld": views.jsonld_from(tx, n, view=view),
    }


@router.get("/works/{ref}")
async def work_page(request: Request, ref: str, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        context = gather(tx, ref)
    return page(request, "work.html", context)
