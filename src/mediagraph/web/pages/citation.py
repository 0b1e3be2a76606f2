"""The citation page: a bibliographic reference and the reviews that cite it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mediagraph import views
from mediagraph.store import Tx
from mediagraph.web import read
from mediagraph.web.deps import CatalogDep
from mediagraph.web.render import page

router = APIRouter(include_in_schema=False)


def gather(tx: Tx, ref: str) -> dict[str, Any]:
    row = read.entity(tx, ref, etype="citation")
    d = views.details(tx, row.ref)
    return {
        "ref": row.ref,
        "d": d,
        "rec": d["record"],
        "title": row.label,
        "related": read.related(d, skip=frozenset()),
        **read.provenance_context(tx, row, d),
    }


@router.get("/citations/{ref}")
async def citation_page(request: Request, ref: str, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        context = gather(tx, ref)
    return page(request, "citation.html", context)
