"""Read models of the resolved catalog, shared by the CLI, the web pages and the exports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import msgspec

from mediagraph.errors import MediagraphError, NotFoundError
from mediagraph.jsonld import EntityView, Link, document, node
from mediagraph.jsonld.write import holds_more
from mediagraph.model.codec import decode
from mediagraph.model.records import Agent, Review
from mediagraph.resolve.canonical import Alternative, Said, merge
from mediagraph.store import Tx, curation, entities, facts
from mediagraph.store.entities import EntityRow, StatementRow
from mediagraph.store.facts import IdentifierRow, RelationRow

# Relations the records already carry (release → work, review → subject, review → citation).
INTERNAL_PREDICATES = frozenset({"release_of", "in_group", "review_of", "cites"})


def iri_for(row: EntityRow) -> str:
    return row.iri or f"urn:mediagraph:{row.ref}"


def _iri_of_row(row: EntityRow) -> str | None:
    # Agents are written embedded where credited; they carry an @id when a source gave one, or
    # when they hold more than a credit shows (they are then written as nodes of their own too).
    if row.etype != "agent":
        return iri_for(row)
    return row.iri or (iri_for(row) if _holds_more(row) else None)


def _holds_more(row: EntityRow) -> bool:
    agent = decode("agent", row.data)
    return isinstance(agent, Agent) and holds_more(agent)


class IriResolver:
    """Entity ref → IRI, following merges, cached for one export.

    ``prime`` reads many refs in one query; ``node_of`` primes every ref a JSON-LD node names.
    """

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.cache: dict[str, str | None] = {}

    def __call__(self, ref: str) -> str | None:
        if ref not in self.cache:
            self.prime([ref])
        return self.cache[ref]

    def known(self, ref: str, row: EntityRow) -> str | None:
        """The IRI of ``ref`` when ``row`` is what ``get_by_ref(ref)`` gives (read already)."""
        if ref not in self.cache:
            self.cache[ref] = _iri_of_row(row)
        return self.cache[ref]

    def prime(self, refs: Iterable[str]) -> None:
        wanted: dict[str, tuple[str | None, int]] = {}
        for ref in refs:
            if ref in self.cache or ref in wanted:
                continue
            try:
                wanted[ref] = entities.parse_ref(ref)
            except MediagraphError:
                self.cache[ref] = None
        if not wanted:
            return
        rows = entities.get_many_followed(self.tx, {i for _, i in wanted.values()})
        for ref, (etype, entity_id) in wanted.items():
            row = rows.get(entity_id)
            # As get_by_ref: no entity, or an id of another type, resolves to nothing.
            if row is None or (etype is not None and row.etype != etype and row.id == entity_id):
                self.cache[ref] = None
            else:
                self.cache[ref] = _iri_of_row(row)

    def node_of(self, view: EntityView) -> dict[str, Any]:
        """``jsonld.node`` of the view, its refs read in one batch rather than one by one."""
        missed: list[str] = []

        def recording(ref: str) -> str | None:
            if ref in self.cache:
                return self.cache[ref]
            missed.append(ref)
            return None

        out = node(view, iri_of=recording)
        if not missed:
            return out
        self.prime(missed)
        return node(view, iri_of=self)


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """One entity and what its read models show, read in a fixed number of queries (see ``load``)."""

    row: EntityRow
    relations: list[RelationRow]  # where it is subject or object, curators' removals left out
    others: dict[int, EntityRow]  # every id those relations name → its entity, merges followed
    statements: list[StatementRow]
    overrides: dict[str, Any]
    identifiers: list[IdentifierRow]

    def other(self, entity_id: int) -> EntityRow:
        """The entity a relation names, as ``get_entity`` gives it (NotFoundError when gone)."""
        found = self.others.get(entity_id)
        if found is None:
            raise NotFoundError(f"no entity with id {entity_id}")
        return found


def load(tx: Tx, row: EntityRow, *, identifiers: bool = True) -> Neighbourhood:
    """Read an entity's neighbourhood: five queries (four without identifiers), whatever its size."""
    rels = facts.relations_of(tx, row.id)
    others = entities.get_many_followed(tx, {r.subject_id for r in rels} | {r.object_id for r in rels})
    return Neighbourhood(
        row=row,
        relations=rels,
        others=others,
        statements=entities.statements_for(tx, row.id),
        overrides=curation.overrides_of(tx, row.id),
        identifiers=facts.identifiers_of(tx, row.id) if identifiers else [],
    )


def view_of(tx: Tx, row: EntityRow, *, iri_of: IriResolver | None = None) -> EntityView:
    return view_from(load(tx, row, identifiers=False), iri_of=iri_of or IriResolver(tx))


def view_from(n: Neighbourhood, *, iri_of: IriResolver) -> EntityView:
    """The entity's view from its neighbourhood; no queries."""
    row = n.row
    record, alternatives = _record_and_alternatives(n)
    links = []
    for rel in n.relations:
        # a recording kept as a work performs a composition: its release_of is no release's
        internal = rel.predicate in INTERNAL_PREDICATES and not (rel.predicate == "release_of" and row.etype == "work")
        if rel.subject_id != row.id or internal:
            continue
        other = n.other(rel.object_id)
        target = iri_of.known(entities.ref(other.etype, rel.object_id), other)
        if target:
            links.append(Link(rel.predicate, target, rel.subject_track, rel.object_track, rel.note))
    return EntityView(
        ref=row.ref,
        etype=row.etype,
        record=record,
        iri=iri_for(row),
        links=tuple(dict.fromkeys(links)),
        alternatives=alternatives,
    )


def _record_and_alternatives(n: Neighbourhood) -> tuple[Any, dict[str, list[Alternative]]]:
    """The stored record, and the fields on which its sources (or a curator) disagree."""
    row, stmts = n.row, n.statements
    alternatives: dict[str, list[Alternative]] = {}
    if len(stmts) > 1 or n.overrides:
        saids = [Said(decode(row.etype, s.data), s.source_uri, s.source_kind, s.source_id) for s in stmts]
        _, alternatives = merge(saids, overrides=n.overrides)
    return decode(row.etype, row.data), alternatives


_CONTEXT = document([])["@context"]


def entity_jsonld(tx: Tx, ref: str) -> dict[str, Any]:
    return jsonld_from(tx, load(tx, entities.get_by_ref(tx, ref), identifiers=False))


def jsonld_from(tx: Tx, n: Neighbourhood, *, view: EntityView | None = None) -> dict[str, Any]:
    """``entity_jsonld`` of a loaded entity: one more query at most (the refs its record names)."""
    iri_of = IriResolver(tx)
    view = view or view_from(n, iri_of=iri_of)
    return {"@context": _CONTEXT, **iri_of.node_of(view)}


def export_graph(tx: Tx, *, ref: str | None = None) -> dict[str, Any]:
    """The whole catalog (or one entity) as one JSON-LD document, nodes sorted by @id."""
    iri_of = IriResolver(tx)
    rows: list[EntityRow]
    if ref is not None:
        rows = [entities.get_by_ref(tx, ref)]
    else:
        rows = []
        offset = 0
        while True:
            batch = entities.list_entities(tx, limit=1000, offset=offset)
            if not batch:
                break
            # an agent goes as a node of its own when it has an IRI, holds more than its credits
            # show, or is credited nowhere (a person a file described on its own); never without
            # its name (a Discogs label a release names by id alone), which no reader could take
            # back, and which nothing written refers to (an unnamed label, member or credit is
            # left out where it is named)
            named = [r for r in batch if r.etype != "agent" or r.label.strip()]
            bare = [r.id for r in named if r.etype == "agent" and not r.iri]
            credited = facts.credited_agents(tx, bare) if bare else set()
            rows += [r for r in named if r.etype != "agent" or r.iri or r.id not in credited or _holds_more(r)]
            offset += len(batch)
    nodes = [iri_of.node_of(view_of(tx, r, iri_of=iri_of)) for r in rows]
    return document(sorted(nodes, key=lambda n: n["@id"]))


def details(tx: Tx, ref: str) -> dict[str, Any]:
    """Everything ``show`` prints about one entity, as plain data."""
    return details_from(load(tx, entities.get_by_ref(tx, ref)))


def details_from(n: Neighbourhood, *, view: EntityView | None = None) -> dict[str, Any]:
    """``details`` of a loaded entity; no queries. ``view`` is its ``view_from``, when made already."""
    row = n.row
    record, alternatives = (view.record, view.alternatives) if view is not None else _record_and_alternatives(n)
    related = []
    for rel in n.relations:
        outgoing = rel.subject_id == row.id
        other_id = rel.object_id if outgoing else rel.subject_id
        other = n.others.get(other_id)
        if other is None:
            continue
        related.append(
            {
                "direction": "out" if outgoing else "in",
                "predicate": rel.predicate,
                "id": other.ref,
                "label": other.label,
                "kind": other.kind,
                "year": other.year,
                "subject_track": rel.subject_track,
                "object_track": rel.object_track,
                "source": rel.source_uri,
            }
        )
    return {
        "id": row.ref,
        "type": row.etype,
        "kind": row.kind,
        "label": row.label,
        "year": row.year,
        "iri": iri_for(row),
        "record": msgspec.to_builtins(record),
        "alternatives": {
            f: [{"value": a.value, "chosen": a.chosen, "sources": list(a.sources)} for a in alts]
            for f, alts in alternatives.items()
        },
        "identifiers": [
            {"scheme": i.scheme, "value": i.value, "qualifier": i.qualifier, "valid": i.valid, "source": i.source_uri}
            for i in n.identifiers
        ],
        "relations": related,
        "sources": sorted({s.source_uri for s in n.statements}),
        "created_at": row.created_at.isoformat() if row.created_at else None,
    }


def reviews_of(tx: Tx, entity_id: int) -> list[tuple[EntityRow, Review]]:
    """Reviews about an entity (a work's reviews include those of its releases)."""
    return reviews_around(tx, entity_id, facts.relations_of(tx, entity_id))


def reviews_around(tx: Tx, entity_id: int, relations: list[RelationRow]) -> list[tuple[EntityRow, Review]]:
    """``reviews_of`` given the entity's relations: two queries (one more per merge step)."""
    releases = [r.subject_id for r in relations if r.predicate == "release_of" and r.object_id == entity_id]
    about = facts.relations_of_many(tx, [i for i in dict.fromkeys(releases) if i != entity_id], predicates=("review_of",))
    about[entity_id] = relations
    review_ids = [
        rel.subject_id for sid, rels in about.items() for rel in rels if rel.predicate == "review_of" and rel.object_id == sid
    ]
    rows = entities.get_many_followed(tx, review_ids)
    out: dict[int, tuple[EntityRow, Review]] = {}
    for rid in review_ids:
        r = rows.get(rid)
        if r is None:
            raise NotFoundError(f"no entity with id {rid}")
        if r.id not in out:
            rec = decode("review", r.data)
            assert isinstance(rec, Review)
            out[r.id] = (r, rec)
    return sorted(out.values(), key=lambda x: (x[1].date or "", x[0].id), reverse=True)


__all__ = [
    "INTERNAL_PREDICATES",
    "IriResolver",
    "Neighbourhood",
    "creators_of",
    "details",
    "details_from",
    "entity_jsonld",
    "export_graph",
    "iri_for",
    "jsonld_from",
    "load",
    "reviews_around",
    "reviews_of",
    "search",
    "view_from",
    "view_of",
]


def creators_of(record: object, *, limit: int = 3) -> list[str]:
    """The names that tell same-titled works apart: directors, authors, artists, composers."""
    credits = getattr(record, "credits", ())
    order = {"director": 0, "author": 1, "writer": 1, "performer": 2, "composer": 3}
    ranked = sorted((order.get(c.role, 9), i, c.agent.name) for i, c in enumerate(credits))
    names = list(dict.fromkeys(n for rank, _, n in ranked if rank < 9))
    if not names:
        names = list(dict.fromkeys(n for _, _, n in ranked))
    return names[:limit]


def search(tx: Tx, text: str, *, limit: int = 20, offset: int = 0, group: bool | None = None) -> list[dict[str, Any]]:
    """Run a query in the query language; rows ready for a table or a JSON answer.

    Rows are grouped by work: a release that matches is folded under its work (``releases``,
    with ``editions`` counting all of the work's releases), so "metropolis" shows each
    Metropolis once however many pressings it has. ``type:release`` (or ``group=False``) lists
    releases flat. ``limit`` and ``offset`` count rows as returned.
    """
    from mediagraph import query as querylang
    from mediagraph.store import search as index

    q = querylang.parse(text)
    if q.empty:
        return []
    if group is None:
        group = "release" not in q.types
    fetch = offset + limit
    if group:
        fetch = fetch * 4 + 40  # releases fold into fewer rows
    hits = index.query(
        tx,
        q.words,
        etypes=q.types,
        kinds=q.kinds,
        not_kinds=q.not_kinds,
        years=q.years,
        fields=q.fields,
        not_fields=q.not_fields,
        fuzzy=True,
        releases_any_kind=group and not q.types,
        limit=fetch,
        offset=0 if group else offset,
    )
    if not group:
        rows = entities.get_many(tx, [h.entity_id for h in hits])
        return [_search_row(rows[h.entity_id], h.tier) for h in hits if h.entity_id in rows]
    return _grouped(tx, q, hits, offset=offset, limit=limit)


_MATCH = ("exact", "prefix", "words", "fuzzy")


class _Name(msgspec.Struct):
    name: str


class _Credit(msgspec.Struct):
    agent: _Name
    role: str


class _Credits(msgspec.Struct):
    credits: tuple[_Credit, ...] = ()


# A hit row needs the credited names only: decoding just those skips tracklists and the rest.
_credits_only = msgspec.json.Decoder(_Credits)


def _search_row(row: EntityRow, tier: int) -> dict[str, Any]:
    return {
        "id": row.ref,
        "type": row.etype,
        "kind": row.kind,
        "title": row.label,
        "year": row.year,
        "creators": creators_of(_credits_only.decode(row.data)),
        "match": _MATCH[tier],
    }


def _grouped(tx: Tx, q: Any, hits: list[Any], *, offset: int, limit: int) -> list[dict[str, Any]]:
    """Hits as rows, each matching release folded under its work (the work comes in if it did not
    match); rows ``offset`` to ``offset + limit`` only, and only those are read whole and built."""
    from mediagraph.store import search as index

    work_of = index.works_of(tx, [h.entity_id for h in hits if h.etype == "release"])
    kind_of = index.entity_kinds(tx, [h.entity_id for h in hits] + list(work_of.values()))
    order: list[int] = []  # top-level entity ids, best first
    tier_of: dict[int, int] = {}
    nested: dict[int, list[tuple[int, int]]] = {}  # work id → (release id, tier) of its matching releases
    for h in hits:
        parent = work_of.get(h.entity_id) if h.etype == "release" else None
        if parent is not None and parent in kind_of:
            kind = kind_of[parent]
            if (q.kinds and kind not in q.kinds) or (q.not_kinds and kind in q.not_kinds):
                continue
            if h.entity_id in kind_of:
                nested.setdefault(parent, []).append((h.entity_id, h.tier))
            key = parent
        else:
            if h.etype == "release" and q.kinds:
                continue  # a release with no work has no kind to match
            key = h.entity_id
        if key not in tier_of:
            order.append(key)
        tier_of[key] = min(tier_of.get(key, 9), h.tier)
    shown = [eid for eid in order if eid in kind_of][offset : offset + limit]
    rows = entities.get_many(tx, [*shown, *(r for eid in shown for r, _tier in nested.get(eid, ()))])
    editions = index.release_counts(tx, [k for k in shown if k in nested])
    out = []
    for eid in shown:
        if eid not in rows:
            continue  # deleted since the kinds were read (not in this transaction)
        row = _search_row(rows[eid], tier_of[eid])
        if rows[eid].etype == "work":
            row["releases"] = [_search_row(rows[r], tier) for r, tier in nested.get(eid, ()) if r in rows]
            row["editions"] = editions.get(eid, 0)
        out.append(row)
    return out
