"""The person or organisation page: names, and credits across films, comics and music."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mediagraph.store import Tx, entities, facts
from mediagraph.web import read
from mediagraph.web.deps import CatalogDep
from mediagraph.web.render import page

router = APIRouter(include_in_schema=False)
CREDITS_LIMIT = 500
SECTIONS = {
    "film": "Films",
    "tv_series": "TV series",
    "comic": "Comics and manga",
    "book": "Books",
    "album": "Albums and scores",
    "song": "Songs",
    "other": "Other works",
    "release": "Releases",
    "review": "Reviews written",
    "citation": "Cited writings",
}


def credits_across_media(tx: Tx, agent_id: int) -> list[dict[str, Any]]:
    """Credits grouped by medium, one line per entity with all its roles."""
    rows = facts.credits_by_agent(tx, agent_id, limit=CREDITS_LIMIT)
    found = entities.get_many(tx, {c.entity_id for c in rows})
    lines: dict[int, dict[str, Any]] = {}
    for c in rows:
        ent = found.get(c.entity_id)
        if ent is None or ent.merged_into is not None:
            continue
        line = lines.setdefault(
            ent.id,
            {"ref": ent.ref, "label": ent.label, "year": ent.year, "section": ent.kind if ent.etype == "work" else ent.etype,
             "roles": {}, "characters": {}, "tracks": {}},
        )
        role = c.role if c.role != "label" or not c.role_detail else f"label ({c.role_detail})"
        line["roles"][role] = None
        if c.character:
            line["characters"][c.character] = None
        if c.track:
            line["tracks"][c.track] = None
    sections: dict[str, list[dict[str, Any]]] = {}
    for line in sorted(lines.values(), key=lambda x: (x["year"] or 9999, x["label"])):
        sections.setdefault(line["section"] or "other", []).append(line)
    order = list(SECTIONS)
    return [
        {"name": SECTIONS.get(key, key), "lines": sections[key]}
        for key in sorted(sections, key=lambda k: order.index(k) if k in order else len(order))
    ]


def gather(tx: Tx, ref: str) -> dict[str, Any]:
    row = read.entity(tx, ref, etype="agent")
    n, view, d = read.loaded(tx, row)
    return {
        "ref": row.ref,
        "d": d,
        "rec": d["record"],
        "title": row.label,
        "sections": credits_across_media(tx, row.id),
        "related": read.related(d),
        **read.provenance_from(tx, n, d, view=view),
    }


@router.get("/agents/{ref}")
async def agent_page(request: Request, ref: str, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        context = gather(tx, ref)
    return page(request, "agent.html", context)
