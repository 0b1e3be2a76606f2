"""The release page (an edition: CD, LP, Blu-ray…): label, identifiers, tracklist, other versions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from mediagraph import views
from mediagraph.errors import NotFoundError
from mediagraph.store import Tx, entities, facts
from mediagraph.web import read
from mediagraph.web.deps import CatalogDep
from mediagraph.web.render import page
from mediagraph.web.reviews import histogram_svg

router = APIRouter(include_in_schema=False)


def other_versions(tx: Tx, n: views.Neighbourhood, works: list[Any]) -> list[dict[str, Any]]:
    """Releases of the same work or in the same version group, this one left out: three queries
    at most (four when merges must be followed), however many works, groups and versions."""
    release_id = n.row.id
    groups = [r.object_id for r in n.relations if r.predicate == "in_group" and r.subject_id == release_id]
    rows = read.release_entities(tx, [w.id for w in works])
    if groups:
        members = facts.relations_of_many(tx, groups, predicates=("in_group",))
        ids = [rel.subject_id for g in groups for rel in members[g] if rel.object_id == g and rel.subject_id != release_id]
        found = entities.get_many_followed(tx, ids)
        for i in ids:
            row = found.get(i)
            if row is None:
                raise NotFoundError(f"no entity with id {i}")
            if row.etype == "release":
                rows.append(row)
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.id != release_id and row.ref not in out:
            out[row.ref] = read.release_row(tx, row)
    return list(out.values())


def identifier_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    seen = set()
    out = []
    for i in d["identifiers"]:
        key = (i["scheme"], i["value"], i["qualifier"])
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


def gather(tx: Tx, ref: str) -> dict[str, Any]:
    row = read.entity(tx, ref, etype="release")
    n, view, d = read.loaded(tx, row)
    rec = d["record"]
    works = read.works_in(n)
    reviews, summary = read.review_items_from(views.reviews_around(tx, row.id, n.relations))
    creators, _ = read.split_credits(rec)
    companies = {(c["agent"]["name"], c["role"]): c for c in rec.get("companies", ())}
    return {
        "ref": row.ref,
        "d": d,
        "rec": rec,
        "title": row.label,
        "artists": [c for c in creators if c["role"] in ("performer", "composer")] or creators[:3],
        "extra_credits": [c for c in creators if c["role"] not in ("performer", "composer")],
        "works": [{"ref": w.ref, "label": w.label, "kind": w.kind, "year": w.year} for w in works],
        "labels": [{"name": lab["label"]["name"], "ref": read.agent_ref(lab["label"]), "catno": lab.get("catalog_number")} for lab in rec.get("labels", ())],
        "formats": rec.get("formats", ()),
        "companies": [{"name": n, "role": role, "ref": read.agent_ref(c["agent"])} for (n, role), c in companies.items()],
        "identifiers": identifier_rows(d),
        "tracks": rec.get("tracks", ()),
        "versions": other_versions(tx, n, works),
        "related": read.related(d),
        "reviews": reviews,
        "summary": summary,
        "histogram": Markup(histogram_svg(summary)) if summary.count else None,
        **read.provenance_from(tx, n, d, view=view),
    }


@router.get("/releases/{ref}")
async def release_page(request: Request, ref: str, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        context = gather(tx, ref)
    return page(request, "release.html", context)
