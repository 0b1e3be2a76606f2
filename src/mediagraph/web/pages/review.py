"""The review page, like an album review: the subject's metadata header, the review, rating, tracklist."""

from __future__ import annotations

from typing import Any

import msgspec
from fastapi import APIRouter, Request
from fastapi.responses import Response

from mediagraph.errors import MediagraphError, NotFoundError
from mediagraph.model.codec import decode
from mediagraph.store import Tx, entities, facts
from mediagraph.store.entities import EntityRow
from mediagraph.web import read
from mediagraph.web.deps import CatalogDep
from mediagraph.web.render import page, phrase
from mediagraph.web.reviews import score_of

router = APIRouter(include_in_schema=False)
_BY = {"composer": "Music by", "director": "Directed by", "author": "Written by", "writer": "Written by", "performer": "By"}
_SOURCE_PREDICATES = ("soundtrack_of", "based_on", "inspired_by", "version_of")


def _subject(tx: Tx, key: str) -> EntityRow | None:
    try:
        return entities.get_by_ref(tx, key)
    except MediagraphError:
        return None


def header(tx: Tx, subject: EntityRow | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any] | None]:
    """(metadata rows, tracks, the release the tracks are from) for the reviewed work or release."""
    if subject is None:
        return [], [], None
    work = subject if subject.etype == "work" else None
    release = subject if subject.etype == "release" else None
    if release is not None and work is None:
        works = read.works_of_release(tx, release.id)
        work = works[0] if works else None
    if work is not None and release is None:
        rows = read.release_entities(tx, [work.id])
        # The edition with the fullest tracklist stands for the work in the header.
        release = max(rows, key=lambda r: len(decode("release", r.data).tracks), default=None)  # type: ignore[union-attr]
    meta: list[dict[str, Any]] = []
    tracks: list[dict[str, Any]] = []
    rel_info = None
    title_row = release or work
    assert title_row is not None
    meta.append({"label": "Title", "value": title_row.label, "ref": title_row.ref})
    if work is not None:
        wrec = msgspec.to_builtins(decode("work", work.data))
        creators, _ = read.split_credits(wrec)
        for c in creators:
            meta.append({"label": _BY.get(c["role"], c["role"].capitalize()), "value": c["name"], "ref": c["ref"]})
        if work.kind:
            meta.append({"label": "Kind", "value": work.kind.replace("_", " "), "ref": None})
    if release is not None:
        info = read.release_row(tx, release)
        rel_info = info
        rrec = msgspec.to_builtins(decode("release", release.data))
        for lab in rrec.get("labels", ()):
            meta.append({"label": "Record label", "value": lab["label"]["name"], "ref": read.agent_ref(lab["label"])})
            if lab.get("catalog_number"):
                meta.append({"label": "Catalog number", "value": lab["catalog_number"], "ref": None})
        if info["format"]:
            meta.append({"label": "Format", "value": info["format"], "ref": None})
        if rrec.get("date"):
            meta.append({"label": "Released", "value": rrec["date"], "ref": None})
        if rrec.get("runtime"):
            meta.append({"label": "Run time", "value": rrec["runtime"], "ref": None})
        if rrec.get("country"):
            meta.append({"label": "Country", "value": rrec["country"], "ref": None})
        tracks = list(rrec.get("tracks", ()))
    elif work is not None and work.year:
        meta.append({"label": "Year", "value": str(work.year), "ref": None})
    if work is not None:
        sources = [rel for rel in facts.relations_of_many(tx, [work.id], predicates=_SOURCE_PREDICATES)[work.id] if rel.subject_id == work.id]
        others = entities.get_many_followed(tx, [rel.object_id for rel in sources]) if sources else {}
        for rel in sources:
            other = others.get(rel.object_id)
            if other is None:
                raise NotFoundError(f"no entity with id {rel.object_id}")
            value = other.label + (f" ({other.year})" if other.year else "")
            meta.append({"label": phrase(rel.predicate).capitalize(), "value": value, "ref": other.ref})
    unique = list({(m["label"], m["value"], m["ref"]): m for m in meta}.values())
    return unique, tracks, rel_info


def gather(tx: Tx, ref: str) -> dict[str, Any]:
    row = read.entity(tx, ref, etype="review")
    rec = read.review_record(row)
    n, view, d = read.loaded(tx, row)
    subject = _subject(tx, rec.subject)
    meta, tracks, release = header(tx, subject)
    scored = score_of(rec)
    paragraphs = [p.strip() for p in (rec.text or "").split("\n\n") if p.strip()]
    return {
        "ref": row.ref,
        "d": d,
        "title": rec.title or (f"Review of {subject.label}" if subject else row.label),
        "subject": {"ref": subject.ref, "label": subject.label, "etype": subject.etype} if subject else None,
        "meta": meta,
        "tracks": tracks,
        "release": release,
        "author": rec.author.name if rec.author else None,
        "author_ref": read.agent_ref(msgspec.to_builtins(rec.author)) if rec.author else None,
        "site": rec.site,
        "date": rec.date,
        "url": rec.url,
        "paragraphs": paragraphs,
        "rating": rec.rating.text if rec.rating else None,
        "scored": scored,
        "citations": read.citations(tx, list(rec.citations)),
        **read.provenance_from(tx, n, d, view=view),
    }


@router.get("/reviews/{ref}")
async def review_page(request: Request, ref: str, catalog: CatalogDep) -> Response:
    with catalog.transaction(write=False) as tx:
        context = gather(tx, ref)
    return page(request, "review.html", context)
