"""Read helpers the pages share: entity lookup by page type, credits, sources, reviews, releases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from mediagraph import views
from mediagraph.errors import MediagraphError, NotFoundError
from mediagraph.jsonld import EntityView
from mediagraph.model.codec import decode
from mediagraph.model.records import Release, Review
from mediagraph.reviews import Summary
from mediagraph.store import Tx, entities, facts, sources
from mediagraph.store.entities import EntityRow
from mediagraph.web import reviews as review_model

CAST_ROLES = frozenset({"actor", "voice"})
LINEAGE_LIMIT = 30  # nodes drawn on a page; the API gives the whole graph
RELEASES_LIMIT = 100


class Moved(Exception):
    """The id was merged into another entity: the page lives at the survivor's address."""

    def __init__(self, ref: str) -> None:
        self.ref = ref


def entity(tx: Tx, ref: str, *, etype: str) -> EntityRow:
    """The entity a page shows; raises Moved when ``ref`` was merged away."""
    row = entities.get_by_ref(tx, ref)
    if row.ref != ref.strip():
        if row.etype == etype:
            raise Moved(row.ref)
        raise NotFoundError(f"{ref} is a {row.etype}, not a {etype}")
    if row.etype != etype:
        raise NotFoundError(f"{ref} is a {row.etype}, not a {etype}")
    return row


def agent_ref(agent: dict[str, Any] | None) -> str | None:
    key = (agent or {}).get("key") or ""
    return key if key[:1] == "a" and key[1:].isdigit() else None


def split_credits(record: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(creators, cast) without repeats; cast keeps the characters."""
    creators: dict[tuple[str, str], dict[str, Any]] = {}
    cast: dict[tuple[str, str | None], dict[str, Any]] = {}
    for c in record.get("credits", ()):
        name = c["agent"]["name"]
        item = {"name": name, "ref": agent_ref(c["agent"]), "role": c["role"], "character": c.get("character"),
                "detail": c.get("role_detail"), "tracks": c.get("tracks")}
        if c["role"] in CAST_ROLES:
            cast.setdefault((name, c.get("character")), item)
        else:
            creators.setdefault((name, c["role"]), item)
    return list(creators.values()), list(cast.values())


def source_refs(tx: Tx, uris: list[str], *, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """Source URI → ``sN`` for the sources that are stored; ``known`` ones are not read again."""
    known = known or {}
    out = {}
    for uri in dict.fromkeys(uris):
        if uri in known:
            out[uri] = known[uri]
            continue
        row = sources.by_uri(tx, uri)
        if row is not None:
            out[uri] = row.ref
    return out


def known_sources(n: views.Neighbourhood) -> dict[str, str]:
    """Source URI → ``sN`` for the sources of an entity's statements (read with them)."""
    return {s.source_uri: f"s{s.source_id}" for s in n.statements}


def alternatives(tx: Tx, details: dict[str, Any], *, known: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Fields on which sources disagree, each value with the sources that gave it."""
    uris = [u for alts in details["alternatives"].values() for a in alts for u in a["sources"]]
    refs = source_refs(tx, uris, known=known)
    out = []
    for field_name, alts in sorted(details["alternatives"].items()):
        values = []
        for a in alts:
            values.append(
                {"value": _show(a["value"]), "chosen": a["chosen"], "sources": [{"uri": u, "ref": refs.get(u)} for u in a["sources"]]}
            )
        out.append({"field": field_name, "values": values})
    return out


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("text", "name"):
            if isinstance(value.get(key), str):
                return value[key]
    if isinstance(value, list):
        return "; ".join(_show(v) for v in value)
    return "" if value is None else str(value)


def related(details: dict[str, Any], *, skip: frozenset[str] = views.INTERNAL_PREDICATES) -> list[dict[str, Any]]:
    """Relations to other entities, once each, phrased from this entity's side."""
    seen = set()
    out = []
    for rel in details["relations"]:
        if rel["predicate"] in skip:
            continue
        key = (rel["direction"], rel["predicate"], rel["id"], rel["subject_track"], rel["object_track"])
        if key in seen:
            continue
        seen.add(key)
        out.append(rel)
    return out


def sources_list(tx: Tx, details: dict[str, Any], *, known: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    refs = source_refs(tx, details["sources"], known=known)
    return [{"uri": u, "ref": refs.get(u)} for u in details["sources"]]


def provenance_context(tx: Tx, row: EntityRow, details: dict[str, Any]) -> dict[str, Any]:
    """What every entity page shows of its sources: disagreements, the source list and its JSON-LD."""
    return {
        "alternatives": alternatives(tx, details),
        "sources": sources_list(tx, details),
        "jsonld": views.entity_jsonld(tx, row.ref),
    }


def provenance_from(tx: Tx, n: views.Neighbourhood, details: dict[str, Any], *, view: EntityView) -> dict[str, Any]:
    """``provenance_context`` of a loaded entity: its sources are known, the JSON-LD reuses ``view``."""
    known = known_sources(n)
    return {
        "alternatives": alternatives(tx, details, known=known),
        "sources": sources_list(tx, details, known=known),
        "jsonld": views.jsonld_from(tx, n, view=view),
    }


def loaded(tx: Tx, row: EntityRow) -> tuple[views.Neighbourhood, EntityView, dict[str, Any]]:
    """An entity page's neighbourhood, view and details, read once for everything the page shows."""
    n = views.load(tx, row)
    view = views.view_from(n, iri_of=views.IriResolver(tx))
    return n, view, views.details_from(n, view=view)


def review_items(tx: Tx, entity_id: int) -> tuple[list[dict[str, Any]], Summary]:
    return review_items_from(views.reviews_of(tx, entity_id))


def review_items_from(pairs: list[tuple[EntityRow, Review]]) -> tuple[list[dict[str, Any]], Summary]:
    """Reviews as a page lists them, and their summary; no queries."""
    items = []
    for row, rec in pairs:
        scored = review_model.score_of(rec)
        items.append(
            {
                "ref": row.ref,
                "author": rec.author.name if rec.author else None,
                "author_ref": agent_ref(msgspec.to_builtins(rec.author)) if rec.author else None,
                "site": rec.site,
                "date": rec.date,
                "title": rec.title,
                "text": rec.text or "",
                "rating": rec.rating.text if rec.rating else None,
                "score": scored.score,
                "estimated": scored.estimated,
                "flag": scored.flag,
                "url": rec.url,
                "citations": list(rec.citations),
            }
        )
    return items, review_model.summary_of([rec for _, rec in pairs])


def citations(tx: Tx, refs: list[str]) -> list[dict[str, Any]]:
    """The citations named by ``refs``, in their order, read in one query."""
    wanted: dict[str, tuple[str | None, int]] = {}
    for ref in dict.fromkeys(refs):
        try:
            wanted[ref] = entities.parse_ref(ref)
        except MediagraphError:  # a citation key that is not an entity id: nothing to show
            continue
    rows = entities.get_many_followed(tx, {i for _, i in wanted.values()}) if wanted else {}
    out = []
    for etype, entity_id in wanted.values():
        row = rows.get(entity_id)
        if row is None or row.etype != "citation":
            continue
        if etype is not None and row.etype != etype and row.id == entity_id:
            continue
        out.append({"ref": row.ref, **msgspec.to_builtins(decode("citation", row.data))})
    return out


def release_row(tx: Tx, row: EntityRow) -> dict[str, Any]:
    """One line of a versions table: catalog number, artist, title, format, label, country, year."""
    rec = decode("release", row.data)
    assert isinstance(rec, Release)
    fmt = ", ".join(
        [f.name for f in rec.formats] + [d for f in rec.formats for d in f.descriptions]
    )
    return {
        "ref": row.ref,
        "title": rec.title,
        "artist": ", ".join(dict.fromkeys(c.agent.name for c in rec.credits if c.role in ("performer", "composer"))) or None,
        "format": fmt or None,
        "label": ", ".join(dict.fromkeys(lab.label.name for lab in rec.labels)) or None,
        "catno": ", ".join(dict.fromkeys(lab.catalog_number for lab in rec.labels if lab.catalog_number)) or None,
        "country": rec.country,
        "date": rec.date,
        "year": row.year,
    }


def release_entities(tx: Tx, work_ids: list[int], *, limit: int = RELEASES_LIMIT) -> list[EntityRow]:
    """The releases of some works (at most ``limit`` a work, by year), read in two queries."""
    about = facts.relations_of_many(tx, work_ids, predicates=("release_of",))
    ids = {w: [rel.subject_id for rel in rels if rel.object_id == w][: limit * 2] for w, rels in about.items()}
    rows = entities.get_many_followed(tx, [i for v in ids.values() for i in v])
    out: dict[int, EntityRow] = {}
    for w in work_ids:
        for r in _live_releases(ids[w], rows, limit=limit):
            out.setdefault(r.id, r)
    return list(out.values())


def releases_in(tx: Tx, n: views.Neighbourhood, *, limit: int = RELEASES_LIMIT) -> list[dict[str, Any]]:
    """The versions table of a loaded work; no queries."""
    ids = [rel.subject_id for rel in n.relations if rel.predicate == "release_of" and rel.object_id == n.row.id]
    return [release_row(tx, r) for r in _live_releases(ids, n.others, limit=limit)]


def _live_releases(ids: list[int], rows: Mapping[int, EntityRow], *, limit: int) -> list[EntityRow]:
    live: dict[int, EntityRow] = {}
    for i in dict.fromkeys(ids[: limit * 2]):
        r = rows.get(i)  # merges followed, so a merged release shows once
        if r is None:
            raise NotFoundError(f"no entity with id {i}")
        if r.etype == "release":
            live[r.id] = r
    return sorted(live.values(), key=lambda r: (r.year or 9999, r.ref))[:limit]


def works_of_release(tx: Tx, release_id: int) -> list[EntityRow]:
    """The works a release is an edition of, in two queries."""
    rels = facts.relations_of_many(tx, [release_id], predicates=("release_of",))[release_id]
    ids = [rel.object_id for rel in rels if rel.subject_id == release_id]
    return _followed(tx, ids)


def _followed(tx: Tx, ids: list[int]) -> list[EntityRow]:
    """The entities of ``ids`` in their order, merges followed, each once; NotFoundError for a missing one."""
    found = entities.get_many_followed(tx, ids)
    out: dict[int, EntityRow] = {}
    for i in ids:
        row = found.get(i)
        if row is None:
            raise NotFoundError(f"no entity with id {i}")
        out.setdefault(row.id, row)
    return list(out.values())


def works_in(n: views.Neighbourhood) -> list[EntityRow]:
    """``works_of_release`` of a loaded release; no queries."""
    out = {}
    for rel in n.relations:
        if rel.predicate == "release_of" and rel.subject_id == n.row.id:
            row = n.other(rel.object_id)
            out[row.id] = row
    return list(out.values())


def review_record(row: EntityRow) -> Review:
    rec = decode("review", row.data)
    assert isinstance(rec, Review)
    return rec


__all__ = [
    "Moved",
    "agent_ref",
    "alternatives",
    "citations",
    "entity",
    "known_sources",
    "loaded",
    "provenance_context",
    "provenance_from",
    "related",
    "release_entities",
    "release_row",
    "releases_in",
    "review_items",
    "review_items_from",
    "review_record",
    "source_refs",
    "sources_list",
    "split_credits",
    "works_in",
    "works_of_release",
]
