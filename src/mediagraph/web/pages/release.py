"""The release page (an edition: CD, LP, Blu-ray…): label, identifiers, tracklist, other versions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from mediagraph import views
from mediagraph.store import Tx, facts
from mediagraph.web import read
from mediagraph.web.deps import CatalogDep
from mediagraph.web.render import page
from mediagraph.web.reviews import histogram_svg

router = APIRouter(include_in_schema=False)


def other_versions(tx: Tx, release_id: int, works: list[Any]) -> list[dict[str, Any]]:
    """Releases of the same work or in the same version group, this one left out."""
    out: dict[str, dict[str, Any]] = {}
    for w in works:
        for r in read.releases_of_work(tx, w.id):
            out.setdefault(r["ref"], r)
    groups = [r.object_id for r in facts.relations_of(tx, release_id) if r.predicate == "in_group" and r.subject_id == release_id]
    for g in groups:
        for rel in facts.relations_of(tx, g):
            if rel.predicate == "in_group" and rel.object_id == g and rel.subject_id != release_id:
                row = read.entities.get_entity(tx, rel.subject_id)
                if row.etype == "release":
                    out.setdefault(row.ref, read.release_row(tx, row))
    mine = read.entities.ref("release", release_id)
    return [r for ref, r in out.items() if ref != mine]


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
    d = views.details(tx, row.ref)
    rec = d["record"]
    works = read.works_of_release(tx, row.id)
    reviews, summary = read.review_items(tx, row.id)
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
        "versions": other_versions(tx, row.id, works),
        "related": read.related(d),
        "reviews": reviews,
        "summary": summary,
        "histogram": Markup(histogram_svg(summary)) if summary.count else None,
        **read.provenance_context(tx, row, d),
    }


@router.get("/releases/{ref}")
def release_page(request: Request, ref: str, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        context = gather(tx, ref)
    return page(request, "release.html", context)
