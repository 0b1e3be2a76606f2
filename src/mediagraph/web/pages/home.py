"""The home page: a search box, what the catalog holds, and the latest additions."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mediagraph.store import browse, entities
from mediagraph.web.deps import CatalogDep
from mediagraph.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/")
async def home(request: Request, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        recent = [
            {"ref": entities.ref(etype, i), "etype": etype, "kind": kind, "label": label, "year": year}
            for i, etype, kind, label, year in browse.recent(tx, limit=15)
        ]
        counts = entities.count_by_type(tx)
    return page(request, "home.html", {"recent": recent, "counts": counts, "q": ""})
