"""Read helpers the pages share: entity lookup by page type, credits, sources, reviews, releases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from mediagraph import views
from mediagraph.errors import MediagraphError, NotFoundError
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


def releases_of_work(tx: Tx, work_id: int, *, limit: int = RELEASES_LIMIT) -> list[dict[str, Any]]:
    rels = facts.relations_of(tx, work_id)
    ids = [rel.subject_id for rel in rels if rel.predicate == "release_of" and rel.object_id == work_id]
    return _release_rows(tx, ids, entities.get_many_followed(tx, ids[: limit * 2]), limit=limit)


def releases_in(tx: Tx, n: views.Neighbourhood, *, limit: int = RELEASES_LIMIT) -> list[dict[str, Any]]:
    """The versions table of a loaded work; no queries."""
    ids = [rel.subject_id for rel in n.relations if rel.predicate == "release_of" and rel.object_id == n.row.id]
    return _release_rows(tx, ids, n.others, limit=limit)


def _release_rows(tx: Tx, ids: list[int], rows: Mapping[int, EntityRow], *, limit: int) -> list[dict[str, Any]]:
    live: dict[int, EntityRow] = {}
    for i in dict.fromkeys(ids[: limit * 2]):
        r = rows.get(i)  # merges followed, so a merged release shows once
        if r is None:
            raise NotFoundError(f"no entity with id {i}")
        if r.etype == "release":
            live[r.id] = r
    out = [release_row(tx, r) for r in live.values()]
    return sorted(out, key=lambda r: (r["year"] or 9999, r["ref"]))[:limit]


def works_of_release(tx: Tx, release_id: int) -> list[EntityRow]:
    out = {}
    for rel in facts.relations_of(tx, release_id):
        if rel.predicate == "release_of" and rel.subject_id == release_id:
            row = entities.get_entity(tx, rel.object_id)
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
    "related",
    "release_row",
    "releases_in",
    "releases_of_work",
    "review_items",
    "review_items_from",
    "review_record",
    "source_refs",
    "sources_list",
    "split_credits",
    "works_of_release",
]
