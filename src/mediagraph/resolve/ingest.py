"""Ingest: resolve each record of a RecordSet to a catalog entity and store it as a statement.

Order of work for one source, all inside the caller's transaction:
  1. the same URI with the same content hash: nothing to do (ingest is idempotent);
     a changed source replaces its old statements, keeping each record on the entity it was on;
  2. agents, works, releases, citations and reviews are resolved in that order: exact keys
     first (IRI, Discogs/MusicBrainz ids, sameAs URLs); then works and releases go through the
     resolution engine over the catalog (``resolve/state.py``: the engine's blocking keys,
     scores and merged facts per entity, kept in the store), and agents, citations and reviews
     are scored against the entities sharing their folded label; a record that fits two works
     which fit each other joins them into one. Every decision is recorded with its reasons;
  3. relations, credits and identifiers are written with the source that asserted them;
  4. every touched entity's shown values, search document and engine state are recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import msgspec

from mediagraph.errors import NotFoundError
from mediagraph.model.codec import EntityRecord, decode, encode, etype_of
from mediagraph.model.identifiers import EXACT_KEY_SCHEMES, IdScheme, normalize
from mediagraph.model.records import (
    Agent,
    Citation,
    Credit,
    Part,
    RecordSet,
    Relation,
    Release,
    ReleaseLabel,
    Review,
    Track,
    Work,
)
from mediagraph.model.vocab import Predicate
from mediagraph.normalize import match_key
from mediagraph.resolve import match
from mediagraph.resolve.blocking import blocking_keys
from mediagraph.resolve.canonical import Said, merge, merged_single, struct_fields
from mediagraph.resolve.describe import label_key_of, label_of, search_body
from mediagraph.resolve.engine import Decision
from mediagraph.resolve.state import MAX_BLOCK, Stored, state_rows
from mediagraph.store import Tx, curation, entities, facts, resolution, search, sources


@dataclass(slots=True)
class IngestReport:
    source_uri: str
    source_id: int | None = None
    unchanged: bool = False
    created: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)  # records this source now states differently
    entities: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source_uri,
            "source_id": f"s{self.source_id}" if self.source_id else None,
            "unchanged": self.unchanged,
            "created": self.created,
            "matched": self.matched,
            "entities": self.entities,
            "warnings": self.warnings,
        }


def is_global_key(key: str | None) -> bool:
    return bool(key) and not key.startswith("_:")  # type: ignore[union-attr]


def ingest(tx: Tx, records: RecordSet) -> IngestReport:
    """Store one source's records through resolution; see the module docstring."""
    src = records.source
    report = IngestReport(source_uri=src.uri, warnings=list(records.warnings))
    old = sources.by_uri(tx, src.uri)
    sticky: dict[str, int] = {}
    touched: set[int] = set()
    if old is not None:
        if src.content_hash and old.content_hash == src.content_hash and old.records is not None:
            report.unchanged = True
            report.source_id = old.id
            return report
        sticky = entities.statements_of_source(tx, old.id)
        touched |= facts.delete_source_facts(tx, old.id)
        touched |= set(sources.delete(tx, old.id))
    stored = msgspec.structs.replace(records, source=msgspec.structs.replace(src, text=None))
    sid = sources.insert(
        tx,
        uri=src.uri,
        kind=src.kind,
        site=src.site,
        title=src.title,
        media_type=src.media_type,
        content_hash=src.content_hash,
        retrieved_at=src.retrieved_at,
        text=src.text,
        records=encode(stored),
    )
    report.source_id = sid
    resolver = _Resolver(tx, sid, sticky, report, fresh=True)
    resolver.run(records)
    # The works this page's records only added statements to: their engine state is the
    # engine's own, not rebuilt from every statement (those of a changed source's old
    # statements, ``touched`` so far, are rebuilt).
    grown = resolver.grown_states(skip=touched)
    touched |= resolver.touched
    refresh(
        tx, touched, appended={e: r for e, r in resolver.appended.items() if e not in touched}, grown=grown, made=resolver.made
    )
    return report


def ingest_batch(
    tx: Tx, source_id: int, records: RecordSet, *, fast: bool = False, restate: frozenset[str] = frozenset()
) -> IngestReport:
    """Resolve and store records of an already stored source (a dump, batch by batch).

    ``restate`` holds the keys of records this batch reads again (a dump file changed since it
    was imported): one the source stated before keeps its entity, and its statement and facts
    are replaced only when it now reads differently; otherwise nothing is written for it.
    """
    report = IngestReport(source_uri=records.source.uri, source_id=source_id)
    resolver = _Resolver(tx, source_id, {}, report, fast=fast, restate=restate)
    resolver.run(records)
    refresh(tx, resolver.touched, made=resolver.made)
    return report


def refresh(
    tx: Tx,
    ids: Iterable[int],
    *,
    appended: dict[int, list[EntityRecord]] | None = None,
    grown: dict[int, tuple[int, str, set[str], bytes]] | None = None,
    made: set[int] | frozenset[int] = frozenset(),
) -> None:
    """Recompute shown values and search documents; drop entities no source speaks of.

    Reads and writes go in bulk (a few statements per 500 entities), since a dump batch
    touches thousands of entities at once. ``appended``: entities whose only change is that a
    new source stated these records about them (see ``_refresh_appended``). ``grown``: the
    engine state rows of entities whose new statements the engine absorbed in order
    (``Stored.work_row``), stored as they are instead of rebuilt from every statement.
    ``made``: entities inserted in this transaction, which have no search document, engine
    state or curator's choice to read yet.
    """
    every = set(ids)
    # A page's few entities are read in one query, those ``appended`` with the others.
    rows = entities.get_many(tx, every | set(appended or ())) if len(every) + len(appended or ()) <= 500 else None
    written = False
    if appended:
        full, written = _refresh_appended(tx, appended, rows)
        every |= full
    wanted = sorted(every)
    for i in range(0, len(wanted), 500):
        written = _refresh_chunk(tx, wanted[i : i + 500], grown or {}, rows, made) or written
    if written:
        search.outbox_written(tx)  # once for the documents written above


def _refresh_appended(
    tx: Tx, appended: dict[int, list[EntityRecord]], rows: dict[int, entities.EntityRow] | None
) -> tuple[set[int], bool]:
    """Entities a new source only added statements to, whose shown values those statements
    cannot change: their search weight (sources stating them) goes up by one, and nothing
    else is recomputed. Returns the others, for the full ``refresh``, and whether a document
    was written.

    A label or a prolific director is credited by thousands of pages; merging all their
    statements again on every page made a page's cost grow with the catalog. ``merge`` keeps
    a shown value when a new statement says the same value for each single-valued field (its
    group gains a source and stays first) and adds no list items; the fields ``merge`` takes
    from the first-ranked statement (``spans``) must be equal too, in case the new one ranks first.
    """
    if rows is None:
        rows = entities.get_many(tx, appended)
    full: set[int] = set()
    light: list[int] = []
    for eid, said in appended.items():
        row = rows.get(eid)
        if row is None or row.merged_into is not None or not all(_adds_nothing(row.etype, row.data, r) for r in said):
            full.add(eid)
        else:
            light.append(eid)
    search.add_weight(tx, light, settle=False)
    return full, bool(light)


def _adds_nothing(etype: str, shown_data: bytes, record: EntityRecord) -> bool:
    """Whether merging ``record`` into an entity shown as ``shown_data`` leaves it shown the same."""
    if etype != "agent":  # works and releases keep engine state derived from every statement
        return False
    shown = decode(etype, shown_data)
    if type(shown) is not type(record):
        return False
    for f in struct_fields(type(record)):
        name = f.name
        if name == "key":
            continue
        value = getattr(record, name)
        if name == "spans":
            if encode(value) != encode(getattr(shown, name)):
                return False
        elif isinstance(value, tuple):
            if value:
                return False
        elif value not in (None, "") and encode(value) != encode(getattr(shown, name)):
            return False
    return True


def _refresh_chunk(
    tx: Tx,
    ids: list[int],
    grown: dict[int, tuple[int, str, set[str], bytes]],
    read: dict[int, entities.EntityRow] | None,
    made: set[int] | frozenset[int],
) -> bool:
    """Refresh these entities; whether a search document was written (``refresh`` settles the outbox)."""
    rows = entities.get_many(tx, ids) if read is None else {i: read[i] for i in ids if i in read}
    stmts = entities.statements_for_many(tx, list(rows))
    chosen = curation.overrides_for_many(tx, [i for i in rows if i not in made])
    updates: list[dict[str, Any]] = []
    docs: list[dict[str, Any]] = []
    states: list[tuple[int, str, set[str], bytes]] = []
    grew: list[tuple[int, str, set[str], bytes]] = []
    gone: list[int] = [i for i in ids if i not in rows]
    for eid, row in rows.items():
        if row.merged_into is not None:
            gone.append(eid)
            continue
        said = stmts.get(eid, [])
        if not said:
            if row.etype == "agent" and facts.referenced_entities(tx, eid):
                continue
            search.delete_doc(tx, eid)
            entities.delete_entity(tx, eid)
            gone.append(eid)
            continue
        saids = [Said(decode(row.etype, s.data), s.source_uri, s.source_kind, s.source_id) for s in said]
        state = grown.get(eid)
        if state is not None and state[1] == row.etype:
            grew.append(state)
        else:
            state = state_rows(row.etype, eid, [s.record for s in saids])
            if state is not None:
                states.append(state)
        override = chosen.get(eid)
        # One statement has nothing to disagree with (a new work, release or agent: most of them).
        merged = merged_single(saids[0].record, saids[0]) if len(saids) == 1 and not override else merge(saids, overrides=override, explain=False)[0]
        label, kind, year = label_of(merged)
        data = encode(merged)
        if (row.kind, row.label, row.year, row.data) != (kind, label, year, data):
            updates.append({"id": eid, "kind": kind, "label": label, "label_key": label_key_of(merged), "year": year, "data": data})
        docs.append(
            {
                "entity_id": eid,
                "etype": row.etype,
                "kind": kind,
                "year": year,
                "title_key": match_key(label),
                "body": search_body(merged),
                "weight": len({s.source_id for s in said}),
            }
        )
    entities.update_many(tx, updates)
    written = search.upsert_docs(tx, docs, settle=False, made=made)
    resolution.forget(tx, gone)
    resolution.replace(tx, states, cap=MAX_BLOCK, grown=grew, made=made)
    return written


class _Resolver:
    """Resolves the records of one source; keeps its key map and what it touched."""

    def __init__(
        self,
        tx: Tx,
        source_id: int,
        sticky: dict[str, int],
        report: IngestReport,
        *,
        fast: bool = False,
        fresh: bool = False,
        restate: frozenset[str] = frozenset(),
    ) -> None:
        self.tx = tx
        self.fresh = fresh  # the source was stored just now: it has no statements but those made here
        self.statement_rows: list[dict[str, Any]] = []  # written in one go (before any join moves statements)
        self.fast = fast  # first bulk load into an empty catalog: agents, reviews, citations by exact keys only
        self.restate = restate
        self.prior: dict[str, entities.Stated] = {}  # this source's statements of the keys in ``restate``
        self.pending_rows: list[tuple[Any, ...]] = []  # relations to records not in the catalog yet
        self.sid = source_id
        self.sticky = sticky
        self.report = report
        self.keymap: dict[str, int] = {}
        self.etypes: dict[int, str] = {}
        self.touched: set[int] = set()
        self.made: set[int] = set()  # entities inserted here
        self.agent_cache: dict[tuple[str, str], int] = {}
        self.stated: set[tuple[int, str]] = set()
        self.decisions: list[dict[str, Any]] = []
        self.id_rows: list[dict[str, Any]] = []
        self.credit_rows: list[dict[str, Any]] = []
        self.relation_rows: list[dict[str, Any]] = []
        self.engine = Stored(tx)
        self.placed: Decision | None = None  # the engine's decision for the record in hand
        self.placed_keys: dict[int, list[str]] = {}  # entity -> the ids this source gave the records placed on it
        # Works given records here through the engine, with those records' blocking keys; and
        # works whose statements changed otherwise (joined, restated), whose state is rebuilt.
        self.grown: dict[int, set[str]] = {}
        self.regrown: set[int] = set()
        # Agents this new source was matched to, with what it said of them, when that is all that
        # touches them (``refresh``'s ``appended``).
        self.appended: dict[int, list[EntityRecord]] = {}

    # -- driver --------------------------------------------------------------------------

    def run(self, rs: RecordSet) -> None:
        self.load_prior()
        self.resolve_all(rs)
        self._write_statements()
        facts.add_identifiers(self.tx, self.id_rows)
        facts.add_credits(self.tx, self.credit_rows)
        facts.add_relations(self.tx, self.relation_rows)
        curation.add_decisions(self.tx, self.decisions)
        facts.add_pending(self.tx, self.pending_rows)
        self.settle_pending(rs)

    def load_prior(self) -> None:
        if self.restate:
            self.prior = entities.statements_by_keys(self.tx, self.sid, self.restate)

    def settle_pending(self, rs: RecordSet) -> None:
        """Store the waiting relations that name a record of this batch and now have both ends."""
        tx = self.tx
        records: list[Work | Release | Agent] = [*rs.works, *rs.releases, *rs.agents]
        keys = {r.key for r in records if r.key and is_global_key(r.key)}
        if not keys or not facts.has_pending(tx):
            return
        waiting = facts.pending_for(tx, keys)
        if not waiting:
            return
        owners = entities.iri_owners(tx, {k for p in waiting for k in (p.subject_key, p.object_key)})
        rows: list[dict[str, Any]] = []
        done: list[int] = []
        for p in waiting:
            subject, obj = owners.get(p.subject_key), owners.get(p.object_key)
            if subject is None or obj is None:
                continue
            rows.append(
                {"subject_id": subject, "subject_track": p.subject_track, "predicate": p.predicate, "object_id": obj,
                 "object_track": p.object_track, "note": p.note, "source_id": p.source_id, "span_start": None, "span_end": None}
            )
            done.append(p.id)
        facts.add_relations(tx, rows)
        facts.drop_pending(tx, done)

    def resolve_all(self, rs: RecordSet) -> None:
        """Resolve every record in dependency order: agents, works, releases, citations, reviews, relations."""
        for agent in rs.agents:
            self.agent(agent)
        for work in rs.works:
            self.entity(work)
        for release in rs.releases:
            self.entity(release)
        for citation in rs.citations:
            self.entity(citation)
        for review in rs.reviews:
            if review.subject not in self.keymap and not self._lookup_iri(review.subject):
                self.report.warnings.append(f"review {review.key} is about unknown record {review.subject}; skipped")
                continue
            self.entity(review)
        for rel in rs.relations:
            self.relation(rel)

    def _lookup_iri(self, key: str) -> int | None:
        if not is_global_key(key):
            return None
        row = entities.find_by_iri(self.tx, key)
        if row is not None:
            self.keymap[key] = row.id
            return row.id
        return None

    def _count(self, bucket: dict[str, int], etype: str) -> None:
        bucket[etype] = bucket.get(etype, 0) + 1

    # -- agents ----------------------------------------------------------------------------

    def agent(self, agent: Agent) -> int:
        cache_key = (match_key(agent.name), str(agent.kind))
        if agent.key and agent.key in self.keymap:
            return self.keymap[agent.key]
        if cache_key in self.agent_cache and not agent.identifiers and not agent.key:
            return self.agent_cache[cache_key]
        local = agent.key if agent.key else f"_:agent:{cache_key[1]}:{cache_key[0]}"
        eid = self._resolve(agent, local)
        self.agent_cache[cache_key] = eid
        if agent.key:
            self.keymap[agent.key] = eid
        return eid

    def _ref_agent(self, agent: Agent) -> Agent:
        eid = self.agent(agent)
        return Agent(name=agent.name, kind=agent.kind, key=entities.ref("agent", eid))

    def _ref_credit(self, credit: Credit, owner: int, *, track: str | None = None) -> Credit:
        agent = self._ref_agent(credit.agent)
        aid = int(agent.key[1:])  # type: ignore[index]
        self.credit_rows.append(
            {
                "entity_id": owner,
                "agent_id": aid,
                "role": credit.role,
                "role_detail": credit.role_detail,
                "character": credit.character,
                "credited_as": credit.credited_as,
                "track": track,
                "source_id": self.sid,
            }
        )
        return msgspec.structs.replace(credit, agent=agent)

    # -- generic entity resolution -----------------------------------------------------------

    def entity(self, record: Work | Release | Citation | Review) -> int:
        eid = self._resolve(record, record.key)
        self.keymap[record.key] = eid
        return eid

    def _resolve(self, record: EntityRecord, local_key: str) -> int:
        prior = self.prior.pop(local_key, None) if self.prior else None
        if prior is not None:
            return self._restate(record, local_key, prior)
        etype = etype_of(record)
        self.placed = None
        eid, outcome, score, reasons = self._find(etype, record, local_key)
        if eid is None:
            label, kind, year = label_of(record)
            eid = entities.insert_entity(
                self.tx,
                etype,
                kind=kind,
                label=label,
                label_key=label_key_of(record),
                year=year,
                data=encode(record),
                iri=local_key if is_global_key(local_key) and not entities.find_by_iri(self.tx, local_key) else None,
            )
            self.made.add(eid)
            self._count(self.report.created, etype)
            if self.placed is not None:
                (self.engine.bind_work if etype == "work" else self.engine.bind_release)(self.placed, eid)
        else:
            self._count(self.report.matched, etype)
            if self.placed is None and isinstance(record, Work) and not self.fast:
                self.engine.joined(record, eid)
                self.engine.last_keys = blocking_keys(record)
        if etype == "work" and not self.fast:
            self.grown.setdefault(eid, set()).update(self.engine.last_keys)
        self.etypes[eid] = etype
        if is_global_key(local_key):
            self.placed_keys.setdefault(eid, []).append(local_key)
        light = self.fresh and outcome != "new" and etype == "agent" and (eid, local_key) not in self.stated
        if not light:
            self.touched.add(eid)
        if (eid, local_key) not in self.stated and outcome != "new" and not self.fresh \
                and entities.has_statement(self.tx, self.sid, local_key):
            # This source said it before (an earlier batch of the same dump): nothing new.
            self.stated.add((eid, local_key))
            return eid
        if (eid, local_key) not in self.stated:
            self.decisions.append(
                {"source_id": self.sid, "local_key": local_key, "entity_id": eid, "outcome": outcome, "score": score, "reasons": reasons}
            )
            self.stated.add((eid, local_key))
            stated = self._rewrite(record, eid)
            self.statement_rows.append({"entity_id": eid, "source_id": self.sid, "local_key": local_key, "data": encode(stated)})
            if light:
                self.appended.setdefault(eid, []).append(stated)
            ref = entities.ref(etype, eid)
            if ref not in self.report.entities:
                self.report.entities.append(ref)
        return eid

    def grown_states(self, *, skip: set[int]) -> dict[int, tuple[int, str, set[str], bytes]]:
        """The engine state rows of the works given records here whose other statements are
        those the state stored before stood for (``Stored.work_row``)."""
        out = {}
        for eid, keys in self.grown.items():
            if eid in skip or eid in self.regrown:
                continue
            row = self.engine.work_row(eid, keys)
            if row is not None:
                out[eid] = row
        return out

    def _write_statements(self) -> None:
        entities.add_statements(self.tx, self.statement_rows)
        self.statement_rows = []

    def _restate(self, record: EntityRecord, local_key: str, prior: entities.Stated) -> int:
        """A record this source stated before, read again: it stays on its entity; when it now
        reads differently its statement and the facts it asserted are replaced, else nothing is
        written."""
        etype = etype_of(record)
        eid = prior.entity_id
        self.etypes[eid] = etype
        self.regrown.add(eid)
        self._count(self.report.matched, etype)
        if (eid, local_key) in self.stated:
            return eid
        self.stated.add((eid, local_key))
        marks = (len(self.id_rows), len(self.credit_rows), len(self.relation_rows))
        touched, self.touched = self.touched, set()
        data = self._restated_data(record, eid, local_key)
        if data == prior.data:
            del self.id_rows[marks[0] :], self.credit_rows[marks[1] :], self.relation_rows[marks[2] :]
            self.touched = touched
            return eid
        touched |= self.touched
        self.touched = touched
        entities.update_statement(self.tx, prior.id, data)
        facts.delete_stated_facts(self.tx, eid, self.sid)
        self._changed(eid)
        self._count(self.report.changed, etype)
        return eid

    def _restated_data(self, record: EntityRecord, eid: int, local_key: str) -> bytes:
        """The statement's data of a record read again, its fact rows collected as for a new one."""
        return encode(self._rewrite(record, eid))

    def _changed(self, eid: int) -> None:
        self.touched.add(eid)  # its shown values and document are recomputed with the batch

    def _find(self, etype: str, record: EntityRecord, local_key: str) -> tuple[int | None, str, float | None, dict[str, Any]]:
        tx = self.tx
        if local_key in self.sticky:
            try:
                kept = entities.get_entity(tx, self.sticky[local_key])
            except NotFoundError:
                kept = None
            if kept is not None and kept.etype == etype:
                return kept.id, "kept", None, {"rule": "this source's record stays on the entity it was on"}
        if is_global_key(local_key):
            row = entities.find_by_iri(tx, local_key)
            if row is not None and row.etype == etype:
                return row.id, "exact", 1.0, {"rule": f"same IRI {local_key}"}
        for scheme, norm in _exact_keys(record):
            hits = [
                e for e in facts.entities_by_identifier(tx, scheme, norm)
                if entities.get_entity(tx, e).etype == etype
            ]
            if hits:
                target = entities.get_entity(tx, hits[0]).id
                return target, "exact", 1.0, {"rule": f"same {scheme} {norm}"}
        if isinstance(record, (Work, Release)):
            return self._engine_find(record, local_key)
        if self.fast:
            return None, "new", None, {"rule": "bulk load into an empty catalog: agents by exact keys only"}
        best: tuple[float, int, match.Verdict] | None = None
        considered: list[dict[str, Any]] = []
        for cand in self._candidates(etype, record):
            cand_record = decode(etype, cand.data)
            verdict = self._score(record, cand_record)
            considered.append({"entity": cand.ref, **verdict.as_dict()})
            if verdict.same and (best is None or verdict.score > best[0]):
                best = (verdict.score, cand.id, verdict)
        if best is not None:
            return best[1], "matched", best[0], {"rule": "scored match", "candidates": considered}
        return None, "new", None, {"rule": "no candidate matched", "candidates": considered}

    def _engine_find(self, record: Work | Release, local_key: str) -> tuple[int | None, str, float | None, dict[str, Any]]:
        """A work or release through the engine over the catalog; joins the works it links."""
        if isinstance(record, Work):
            eid, decision = self.engine.work(record)
        else:
            work = self.keymap.get(record.work) or self._lookup_iri(record.work) if record.work else None
            eid, decision = self.engine.release(record, work=work)
        self.placed = decision
        for keep, other in self.engine.unions():
            self._join(keep, other, local_key)
        if eid is None:
            return None, "new", None, {"rule": "no candidate matched", "considered": decision.candidates, "candidates": []}
        etype = "work" if isinstance(record, Work) else "release"
        row = entities.get_entity(self.tx, eid)  # a work the engine joined lives on in another
        if _other_id(local_key, row.iri) or any(_other_id(local_key, k) for k in self.placed_keys.get(row.id, ())):
            # Two records with their own ids in one database (two Discogs masters) are two
            # entities, however alike their titles ("Session One", "Session Two").
            self.placed = None  # the engine's entity stays the one it matched
            self.regrown.add(row.id)  # whose facts the engine grew by a record it does not hold
            return None, "new", None, {"rule": f"{row.ref} is {row.iri}, another record of that database", "candidates": []}
        eid = row.id
        chosen = {"entity": entities.ref(etype, eid), "score": round(decision.score or 0.0, 3), "same": True, "reasons": decision.reasons}
        return eid, "matched", decision.score, {"rule": "scored match", "considered": decision.candidates, "candidates": [chosen]}

    def _join(self, keep: int, other: int, local_key: str | None) -> None:
        """Join work ``other`` into ``keep``: a record fits both and they fit each other, or the
        engine's finishing steps place them together (``local_key`` None: the decision is
        recorded under the key of ``other``'s first statement). A curator's split of the two
        stands."""
        tx = self.tx
        self.regrown.update((keep, other))
        if curation.split_apart(tx, keep, other):
            return
        a, b = entities.get_entity(tx, keep), entities.get_entity(tx, other)
        if a.id == b.id or (a.iri and b.iri and _other_id(a.iri, b.iri)):
            return
        self._write_statements()
        moved = entities.statements_for(tx, b.id)
        entities.move_statements(tx, [s.id for s in moved], to=a.id)
        facts.retarget(tx, old=b.id, new=a.id)
        curation.move_overrides(tx, old=b.id, new=a.id)
        self.made.discard(a.id)  # it may hold what ``b`` held now: read it as any other
        curation.retarget_decisions(tx, old=b.id, new=a.id)
        entities.set_merged_into(tx, b.id, a.id)
        search.delete_doc(tx, b.id)
        resolution.forget(tx, [b.id])
        for k, v in self.keymap.items():
            if v == b.id:
                self.keymap[k] = a.id
        self.touched.add(a.id)
        self.touched.discard(b.id)
        if local_key is None:
            local_key = moved[0].local_key if moved else b.ref
            rule = f"the finishing steps of the load place {b.ref} with {a.ref}: one {a.etype}"
        else:
            rule = f"this record fits {a.ref} and {b.ref}, which fit each other: one work"
        self.decisions.append(
            {"source_id": self.sid, "local_key": local_key, "entity_id": a.id, "outcome": "joined", "score": None,
             "reasons": {"rule": rule, "joined": b.ref}}
        )

    def _candidates(self, etype: str, record: EntityRecord) -> list[entities.EntityRow]:
        from mediagraph.resolve import blocking  # the same title keys the engine blocks with

        # The store indexes the folded label only: of the blocking keys, the title ones.
        keys = blocking.label_keys(blocking.blocking_keys(record))
        found = {r.id: r for r in entities.by_label_keys(self.tx, etype, keys)}
        return [r for r in found.values() if r.merged_into is None]

    def _score(self, record: EntityRecord, cand: EntityRecord) -> match.Verdict:
        if isinstance(record, Agent) and isinstance(cand, Agent):
            return match.score_agent(record, cand)
        if isinstance(record, Review) and isinstance(cand, Review):
            verdict = match.score_review(record, cand)
            if cand.subject != self._ref(record.subject, "work"):
                verdict.veto = "about a different work"
            return verdict
        if isinstance(record, Citation) and isinstance(cand, Citation):
            return match.score_citation(record, cand)
        return match.Verdict(0.0, veto="different types")

    # -- rewriting references to entity ids and collecting fact rows -------------------------

    def _ids(self, owner: int, idents: Iterable[Any], same_as: Iterable[str] = ()) -> None:
        for ident in idents:
            self.id_rows.append(
                {
                    "entity_id": owner,
                    "scheme": str(ident.scheme),
                    "value": ident.value,
                    "norm": ident.normalized,
                    "qualifier": ident.qualifier,
                    "valid": ident.valid,
                    "source_id": self.sid,
                }
            )
        for url in same_as:
            self.id_rows.append(
                {"entity_id": owner, "scheme": "url", "value": url, "norm": url, "qualifier": None, "valid": None, "source_id": self.sid}
            )

    def _ref(self, key: str | None, etype: str) -> str | None:
        if not key:
            return None
        eid = self.keymap.get(key) or self._lookup_iri(key)
        return entities.ref(self.etypes.get(eid, etype), eid) if eid else None

    def _link(self, subject: int, predicate: str, obj: int, **extra: Any) -> None:
        self.relation_rows.append(
            {
                "subject_id": subject,
                "subject_track": extra.get("subject_track"),
                "predicate": predicate,
                "object_id": obj,
                "object_track": extra.get("object_track"),
                "note": extra.get("note"),
                "source_id": self.sid,
                "span_start": extra.get("span_start"),
                "span_end": extra.get("span_end"),
            }
        )
        self.touched.update((subject, obj))

    def _rewrite(self, record: EntityRecord, eid: int) -> EntityRecord:
        if isinstance(record, Agent):
            self._ids(eid, record.identifiers, record.same_as)
            return msgspec.structs.replace(record, key=None)
        if isinstance(record, Work):
            self._ids(eid, record.identifiers, record.same_as)
            return msgspec.structs.replace(
                record,
                key=entities.ref("work", eid),
                credits=tuple(self._ref_credit(c, eid) for c in record.credits),
                parts=tuple(self._ref_part(p, eid) for p in record.parts),
            )
        if isinstance(record, Release):
            return self._rewrite_release(record, eid)
        if isinstance(record, Review):
            subject = self.keymap.get(record.subject) or self._lookup_iri(record.subject)
            if subject:
                self._link(eid, Predicate.REVIEW_OF, subject)
            author = self._ref_agent(record.author) if record.author else None
            if author is not None:
                self.credit_rows.append(
                    {"entity_id": eid, "agent_id": int(author.key[1:]), "role": "reviewer", "role_detail": None, "character": None,  # type: ignore[index]
                     "credited_as": None, "track": None, "source_id": self.sid}
                )
            cites = []
            for c in record.citations:
                cid = self.keymap.get(c) or self._lookup_iri(c)
                if cid:
                    self._link(eid, Predicate.CITES, cid)
                    cites.append(entities.ref("citation", cid))
            return msgspec.structs.replace(
                record,
                key=entities.ref("review", eid),
                subject=self._ref(record.subject, "work") or record.subject,
                author=author,
                citations=tuple(cites),
            )
        if isinstance(record, Citation):
            return msgspec.structs.replace(record, key=entities.ref("citation", eid))
        raise TypeError(type(record))

    def _rewrite_release(self, record: Release, eid: int) -> Release:
        self._ids(eid, record.identifiers, record.same_as)
        labels = []
        for lab in record.labels:
            agent = self._ref_agent(lab.label)
            self.credit_rows.append(
                {"entity_id": eid, "agent_id": int(agent.key[1:]), "role": "label", "role_detail": lab.catalog_number,  # type: ignore[index]
                 "character": None, "credited_as": None, "track": None, "source_id": self.sid}
            )
            if lab.catalog_number:
                self.id_rows.append(
                    {"entity_id": eid, "scheme": "catalog_number", "value": lab.catalog_number,
                     "norm": normalize(IdScheme.CATALOG_NUMBER, lab.catalog_number), "qualifier": lab.label.name,
                     "valid": None, "source_id": self.sid}
                )
            labels.append(ReleaseLabel(label=agent, catalog_number=lab.catalog_number))
        work = self._ref(record.work, "work")
        if work:
            self._link(eid, Predicate.RELEASE_OF, int(work[1:]))
        group = self._ref(record.group, "work")
        if group and group != work:
            self._link(eid, Predicate.IN_GROUP, int(group[1:]))
        return msgspec.structs.replace(
            record,
            key=entities.ref("release", eid),
            work=work,
            group=group,
            labels=tuple(labels),
            credits=tuple(self._ref_credit(c, eid) for c in record.credits),
            companies=tuple(self._ref_credit(c, eid) for c in record.companies),
            tracks=tuple(self._ref_track(t, eid) for t in record.tracks),
        )

    def _ref_track(self, track: Track, owner: int) -> Track:
        return msgspec.structs.replace(
            track,
            credits=tuple(self._ref_credit(c, owner, track=track.position) for c in track.credits),
            sub_tracks=tuple(self._ref_track(s, owner) for s in track.sub_tracks),
        )

    def _ref_part(self, part: Part, owner: int, within: str = "") -> Part:
        """A season's or episode's credits are the work's, noted with the part they are for."""
        where = f"{within}{', ' if within else ''}{part.type} {part.number or part.title or ''}".strip()
        return msgspec.structs.replace(
            part,
            credits=tuple(self._ref_credit(c, owner, track=where) for c in part.credits),
            parts=tuple(self._ref_part(p, owner, where) for p in part.parts),
        )

    def relation(self, rel: Relation) -> None:
        subject = self.keymap.get(rel.subject) or self._lookup_iri(rel.subject)
        obj = self.keymap.get(rel.object) or self._lookup_iri(rel.object)
        if not subject or not obj:
            if is_global_key(rel.subject) and is_global_key(rel.object):
                # A record of another file (or later in this one): the relation waits for it.
                self.pending_rows.append(
                    (self.sid, rel.subject, rel.subject_track, str(rel.predicate), rel.object, rel.object_track, rel.note)
                )
                return
            self.report.warnings.append(f"relation {rel.subject} {rel.predicate} {rel.object}: unknown record; skipped")
            return
        self._link(
            subject,
            str(rel.predicate),
            obj,
            subject_track=rel.subject_track,
            object_track=rel.object_track,
            note=rel.note,
            span_start=rel.span.start if rel.span else None,
            span_end=rel.span.end if rel.span else None,
        )


# Barcodes and ISBNs are shared by variant pressings and printings: candidates, not proof.
_CANDIDATE_SCHEMES = frozenset({IdScheme.BARCODE, IdScheme.ISBN})


def _other_id(key: str, iri: str | None) -> bool:
    """Whether an entity's IRI and a record's key are two different ids of one database or one
    document (two Discogs masters, ``urn:mediagraph:w13`` and ``urn:mediagraph:w172``, ``#a``
    and ``#b`` of one file): a source that names two things by two ids means two things."""
    if not iri or not is_global_key(key) or iri == key:
        return False
    space = _namespace(key)
    return space is not None and space == _namespace(iri)


def _namespace(iri: str) -> str | None:
    if "#" in iri:
        return iri.split("#", 1)[0]
    if "/" in iri:
        return iri.rsplit("/", 1)[0]
    if iri.startswith("urn:") and iri.count(":") >= 2:
        return iri.rsplit(":", 1)[0]
    return None


def _exact_keys(record: EntityRecord) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    for ident in getattr(record, "identifiers", ()):
        if ident.scheme in EXACT_KEY_SCHEMES and ident.scheme not in _CANDIDATE_SCHEMES and ident.valid is not False:
            keys.append((str(ident.scheme), ident.normalized))
    keys += [("url", u) for u in getattr(record, "same_as", ())]
    return keys


__all__ = ["IngestReport", "ingest", "ingest_batch", "is_global_key", "refresh"]
