"""API reads: search, entities by type, a work's reviews and lineage, sources; all with ETags."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from mediagraph import query as querylang
from mediagraph import views
from mediagraph.resolve import lineage
from mediagraph.store import Tx, entities, sources
from mediagraph.web import provenance, read
from mediagraph.web.api.schemas import (
    Entity,
    ErrorBody,
    LineageOut,
    ReviewOut,
    ReviewPage,
    SearchPage,
    SourceOut,
)
from mediagraph.web.deps import CatalogDep
from mediagraph.web.render import json_response, path_for
from mediagraph.web.reviews import score_of, summary_dict, summary_of

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad request"},
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
}
router = APIRouter(tags=["read"], responses=ERRORS)

# Any run of ASCII digits is an id: one past the largest an id column holds is not found (404),
# like any other id with no entity, rather than a malformed request.
Ref = Annotated[str, Path(pattern=r"^[wravc]?[0-9]+$", description="An entity id such as w3")]
Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0, le=100_000)]


def _next(request: Request, *, limit: int, offset: int, more: bool, **params: Any) -> str | None:
    if not more:
        return None
    return str(request.url.path) + "?" + urlencode({**params, "limit": limit, "offset": offset + limit})


# Search stays a plain ``def``, run in the thread pool: a query can take tens of milliseconds (index,
# grouping, signals), and on the event loop it would hold up every quick entity read of its worker.
@router.get("/search", response_model=SearchPage, summary="Search the catalog (query language in docs/SEARCH.md)")
def search(
    request: Request,
    catalog: CatalogDep,
    q: Annotated[str, Query(min_length=1, max_length=querylang.MAX_QUERY, description="e.g. `metropolis kind:film`")],
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    with catalog.transaction(write=False) as tx:
        rows = views.search(tx, q, limit=limit + 1, offset=offset)
    hits = [{**r, "href": path_for(r["id"])} for r in rows[:limit]]
    body = {"query": q, "limit": limit, "offset": offset, "results": hits,
            "next": _next(request, limit=limit, offset=offset, more=len(rows) > limit, q=q)}
    return json_response(request, body)


def _entity(tx: Tx, ref: str, etype: str) -> dict[str, Any]:
    row = read.entity(tx, ref, etype=etype)
    d = views.details(tx, row.ref)
    d["jsonld"] = f"/api/v1/entities/{row.ref}/jsonld"
    return d


@router.get("/works/{ref}", response_model=Entity, summary="A work: film, series, comic, book, album or song")
async def work(request: Request, ref: Ref, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        return json_response(request, _entity(tx, ref, "work"))


@router.get("/releases/{ref}", response_model=Entity, summary="A release (an edition of a work)")
async def release(request: Request, ref: Ref, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        return json_response(request, _entity(tx, ref, "release"))


@router.get("/agents/{ref}", response_model=Entity, summary="A person, group or organisation")
async def agent(request: Request, ref: Ref, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        return json_response(request, _entity(tx, ref, "agent"))


@router.get("/reviews/{ref}", response_model=ReviewOut, summary="A review, with its score on 0–100")
async def review(request: Request, ref: Ref, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        d = _entity(tx, ref, "review")
        scored = score_of(read.review_record(entities.get_by_ref(tx, d["id"])))
    return json_response(request, {**d, "score": scored.score, "estimated": scored.estimated})


@router.get("/citations/{ref}", response_model=Entity, summary="A bibliographic reference")
async def citation(request: Request, ref: Ref, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        return json_response(request, _entity(tx, ref, "citation"))


@router.get(
    "/entities/{ref}/jsonld",
    summary="Any entity as schema.org JSON-LD (the same as `mediagraph export --id`)",
    responses={200: {"content": {"application/ld+json": {}}}},
)
async def entity_jsonld(request: Request, ref: Ref, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        data = views.entity_jsonld(tx, ref)
    response = json_response(request, data)
    if response.status_code == 200:
        response.headers["content-type"] = "application/ld+json"
    return response


@router.get("/works/{ref}/reviews", response_model=ReviewPage, summary="Reviews of a work (and of its releases)")
async def work_reviews(request: Request, ref: Ref, catalog: CatalogDep, limit: Limit = 20, offset: Offset = 0) -> Response:
    with catalog.transaction(write=False) as tx:
        row = read.entity(tx, ref, etype="work")
        pairs = views.reviews_of(tx, row.id)
    items = []
    for r, rec in pairs[offset : offset + limit]:
        s = score_of(rec)
        items.append(
            {"id": r.ref, "author": rec.author.name if rec.author else None, "site": rec.site, "date": rec.date,
             "rating": rec.rating.text if rec.rating else None, "score": s.score, "estimated": s.estimated,
             "band": [rec.score_low, rec.score_high] if s.estimated and rec.score_low is not None and rec.score_high is not None else None,
             "text": rec.text or "", "href": path_for(r.ref)}
        )
    body = {"work": row.ref, "limit": limit, "offset": offset, "summary": summary_dict(summary_of([rec for _, rec in pairs])),
            "results": items, "next": _next(request, limit=limit, offset=offset, more=len(pairs) > offset + limit)}
    return json_response(request, body)


@router.get("/works/{ref}/lineage", response_model=LineageOut, summary="How the work descends from others, both ways")
async def work_lineage(request: Request, ref: Ref, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        row = read.entity(tx, ref, etype="work")
        graph = lineage.build(tx, row.ref, max_nodes=500)
    return json_response(request, graph.as_dict())


@router.get("/sources/{ref}", response_model=SourceOut, summary="A source: its text and every fact read from it")
async def source(
    request: Request,
    catalog: CatalogDep,
    ref: Annotated[str, Path(pattern=r"^s[0-9]+$", description="A source id such as s3")],
) -> Response:
    with catalog.transaction(write=False) as tx:
        src = sources.get_by_ref(tx, ref)
        text, facts = provenance.facts_of(src)
        made = sorted(set(entities.statements_of_source(tx, src.id).values()))
        refs = [r.ref for r in entities.get_many(tx, made).values()]
    body = {
        "id": src.ref, "uri": src.uri, "kind": src.kind, "site": src.site, "title": src.title,
        "media_type": src.media_type, "retrieved_at": src.retrieved_at, "ingested_at": src.ingested_at, "text": text or src.text,
        "facts": [{k: f[k] for k in ("n", "path", "value", "start", "end", "snippet")} for f in facts],
        "entities": refs,
    }
    return json_response(request, body)


__all__ = ["router"]
