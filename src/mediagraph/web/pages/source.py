"""The source page: the original text with every extracted fact highlighted, and what it yielded."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mediagraph.errors import NotFoundError
from mediagraph.store import Tx, entities, sources
from mediagraph.web import provenance
from mediagraph.web.deps import CatalogDep
from mediagraph.web.render import page

router = APIRouter(include_in_schema=False)


def gather(tx: Tx, ref: str) -> dict[str, Any]:
    if not (ref[:1] == "s" and ref[1:].isdigit()):
        raise NotFoundError(f"no source {ref!r}: source ids look like s3")
    src = sources.get_by_ref(tx, ref)
    text, facts = provenance.facts_of(src)
    ids = set(entities.statements_of_source(tx, src.id).values())
    found = entities.get_many(tx, ids)
    rows = sorted(found.values(), key=lambda r: ("wravc".index(r.ref[0]), r.id))
    yielded = [{"ref": r.ref, "label": r.label, "etype": r.etype, "kind": r.kind, "year": r.year} for r in rows]
    return {
        "ref": src.ref,
        "src": src,
        "title": src.title or src.uri,
        "segments": provenance.segments(text, facts),
        "facts": facts,
        "yielded": yielded,
    }


@router.get("/sources/{ref}")
async def source_page(request: Request, ref: str, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        context = gather(tx, ref)
    return page(request, "source.html", context)
