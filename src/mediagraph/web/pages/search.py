"""The search results page, with facets for kind, year, label, format and country."""

from __future__ import annotations

import shlex
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mediagraph import query as querylang
from mediagraph import views
from mediagraph.errors import UsageError
from mediagraph.store import Tx, browse
from mediagraph.store import search as index
from mediagraph.web.deps import CatalogDep
from mediagraph.web.render import page

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 20
FACET_SCOPE = 1000  # facets count over the best this many matches


def facets(tx: Tx, text: str) -> dict[str, list[tuple[str, int]]]:
    q = querylang.parse(text)
    if q.empty:
        return {}
    hits = index.query(
        tx, q.words, etypes=q.types, kinds=q.kinds, not_kinds=q.not_kinds, years=q.years, limit=FACET_SCOPE
    )
    return browse.facets(tx, [h.entity_id for h in hits]).as_dict()


def refine(text: str, facet: str, value: str) -> str:
    """The query with one more filter: ``metropolis`` + kind film → ``metropolis kind:film``."""
    if facet == "kind":
        name = "kind" if value in querylang.KINDS else "type"
        token = f"{name}:{value}"
    elif facet == "year":
        token = f"year:{value}"
    else:
        token = f"{facet}:{shlex.quote(value)}" if " " in value or "'" in value else f"{facet}:{value}"
    return f"{text.strip()} {token}".strip()


# A plain ``def`` (thread pool), like the search API: see web/api/reads.py.
@router.get("/search")
def search_page(
    request: Request,
    catalog: CatalogDep,
    q: Annotated[str, Query(max_length=querylang.MAX_QUERY)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=500)] = 1,
) -> Response:
    error = None
    results: list[dict[str, Any]] = []
    facet_counts: dict[str, list[tuple[str, int]]] = {}
    has_next = False
    if q.strip():
        try:
            with catalog.transaction(write=False) as tx:
                results = views.search(tx, q, limit=PAGE_SIZE + 1, offset=(page_no - 1) * PAGE_SIZE)
                facet_counts = facets(tx, q)
        except UsageError as exc:
            error = str(exc)
        has_next = len(results) > PAGE_SIZE
        results = results[:PAGE_SIZE]
    links = {
        name: [(value, n, "/search?" + urlencode({"q": refine(q, name, value)})) for value, n in values]
        for name, values in facet_counts.items()
        if values
    }
    nav = {
        "prev": "/search?" + urlencode({"q": q, "page": page_no - 1}) if page_no > 1 else None,
        "next": "/search?" + urlencode({"q": q, "page": page_no + 1}) if has_next else None,
    }
    return page(
        request,
        "search.html",
        {"q": q, "results": results, "facets": links, "error": error, "nav": nav, "page_no": page_no},
        status=400 if error else 200,
    )
