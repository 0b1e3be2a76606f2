"""The fast path of a first bulk load: a batch resolved in memory, written in a few statements.

A dump loaded into an empty catalog can only meet itself. Works and releases go through the
resolution engine (``resolve/state.py``), as a page's do: into a catalog that was empty when the
load began, one engine serves all the batches from memory, since the store holds nothing it did
not bind; two works the engine finds to be one are joined once the batch is written. Agents,
reviews and citations are found by exact keys (the dump's own ids, as ``ingest`` does with
``fast=True``). Per batch, the loader

  1. walks the records once for every key they name (``discogs:artist/1``, the keyless
     ``_:agent:organization:<name>`` of a company without id) and looks the unknown ones up in
     one ``IN (…)`` query; keys met before stay in a bounded LRU map, so memory is flat at
     full-dump scale;
  2. resolves each record exactly as ``ingest._Resolver`` does (the same rewriting, statement
     and fact rows, so provenance and later page ingests are the same as on the slow path), but
     assigns new entity ids itself and computes each new entity's shown values and search
     document from its single statement instead of reading them back (``merged_single``, and
     ``fast_key`` for folding: tests hold both equal to ``merge`` and ``match_key``); an entity
     a later record joins is recomputed from its statements (``refresh``);
  3. writes the batch with one ``executemany`` (``COPY`` on PostgreSQL) per table.

What needs no database is done before, in the parser processes: ``prepare_record`` gives each
release (and the work it names) its label, year, folded key and search document, which depend
only on the record's names, never on the entity ids rewriting puts in, and its ``Plan``
(``resolve/plan.py``): the rewritten statement's JSON with holes for the ids, and its credit and
identifier rows. The loader takes them through ``load(…, prepared=…)``, resolves the keys a plan
lists in the order rewriting would meet them (so ids and rows come out as on the per-record
path) and fills the holes; it computes only what was not prepared.

Differences from the per-record path, on purpose: a keyless agent (a Discogs company without id)
is one entity per name and kind for the whole dump, not one per batch; and a record that this
dump already stated in an earlier batch adds no new decision row (it adds nothing else either).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

from mediagraph.memo import Memo
from mediagraph.model.codec import EntityRecord, decode, encode, etype_of
from mediagraph.model.records import Agent, Credit, RecordSet, Release, Track, Work
from mediagraph.model.vocab import Predicate
from mediagraph.normalize import _AMP, _LONG_VOWEL_RE, _NON_WORD, match_key, romanise
from mediagraph.resolve.canonical import Said, merged_single, single_shown
from mediagraph.resolve.describe import label_key_of, label_of, search_body
from mediagraph.resolve.ingest import (
    IngestReport,
    _exact_keys,
    _other_id,
    _Resolver,
    is_global_key,
    refresh,
)
from mediagraph.resolve.plan import AGENTS, GROUP, SELF, WORK, Plan, fill, plan_of
from mediagraph.resolve.state import MAX_BLOCK, Stored, state_rows
from mediagraph.store import Tx, curation, entities, facts, resolution
from mediagraph.store import bulk as store_bulk

_STATEFUL = frozenset({"work", "release"})  # the entity types the engine resolves
DEFAULT_CACHE = 400_000  # keys kept between batches: ~60 MB at full-dump scale
_NAMES_MAX = 200_000

Hit = tuple[int, str]  # entity id, entity type


class KeyCache:
    """Record key → (entity id, type) for keys this dump stated, bounded by ``size``.

    Two generations instead of a strict LRU (an ``OrderedDict`` reordered on every hit cost
    more than the lookups it saved): new and recently used keys live in the young dict; when
    it holds half of ``size`` it becomes the old one and the previous old one is dropped, so
    a key used since the last turn always survives the next.
    """

    def __init__(self, size: int = DEFAULT_CACHE) -> None:
        self.size = size
        self._half = max(1, size // 2)
        self._young: dict[str, Hit] = {}
        self._old: dict[str, Hit] = {}

    def get(self, key: str) -> Hit | None:
        hit = self._young.get(key)
        if hit is None:
            hit = self._old.get(key)
            if hit is not None:
                self.put(key, hit)
        return hit

    def put(self, key: str, hit: Hit) -> None:
        self._young[key] = hit
        if len(self._young) >= self._half:
            self._old, self._young = self._young, {}

    def __len__(self) -> int:
        return len(self._young.keys() | self._old.keys())


class BulkLoader:
    """Loads the batches of one dump file into a catalog that held nothing else when it began."""

    def __init__(
        self,
        *,
        source_id: int,
        source_uri: str,
        source_kind: str,
        cache_size: int = DEFAULT_CACHE,
        empty: bool = False,
        timed: bool = True,
    ) -> None:
        self.source_id = source_id
        # ``resolve_seconds`` is kept when ``timed``: the import leaves it off, since a CPU clock
        # read is a system call here (two a record, ≈ 3 µs each on the 2-core box).
        self.timed = timed
        # Works and releases go through the resolution engine (``resolve/state.py``), as on every
        # other path. Into a catalog that was empty when the load began, one engine serves every
        # batch from memory (the store holds nothing it did not bind); otherwise each batch's
        # engine reads the blocks it needs from the store, as ``ingest`` does.
        self.empty = empty
        self._stored: Stored | None = None
        self.iris: dict[int, str] = {}  # entity → the IRI it was made with, for entities this load made
        self.resolve_seconds = 0.0  # CPU spent in the engine (``bench/resolve_eval.py --bulk``), when timed
        self.source_uri = source_uri
        self.source_kind = source_kind
        self.keys = KeyCache(cache_size)
        # ``match_key`` of a name, remembered (bounded): agent, label and format names recur
        # in every batch. A plain dict lookup on a hit, so no Python call per name.
        self._names: Memo[str, str] = Memo(fast_key, _NAMES_MAX)
        self.name_key: Callable[[str], str] = self._names.__getitem__

    def load(
        self, tx: Tx, records: RecordSet, *, prepared: dict[str, Prepared] | None = None, restate: frozenset[str] = frozenset()
    ) -> IngestReport:
        """Resolve and store one batch inside the caller's transaction.

        ``prepared`` maps a record key to the document and plan ``prepare_record`` computed for
        the first record of this batch with that key (see ``prepared_docs``). ``restate`` holds
        the keys of records read again, as ``ingest.ingest_batch`` takes them.
        """
        report = IngestReport(source_uri=records.source.uri, source_id=self.source_id)
        _BulkResolver(tx, self, report, prepared or {}, restate).run(records)
        return report

    def finish(self, tx: Tx) -> None:
        """At the load's end: place the works that name no creator, held back so far (with their
        releases), and make the engine's finishing joins (``Engine.finish``), each as a join of
        two catalog entities with its decision row, as ingest joins works."""
        stored = self._stored
        if stored is None:
            return
        stored.tx = tx
        t0 = time.process_time()
        stored.finish()
        pairs = stored.unions() + stored.release_unions()
        self.resolve_seconds += time.process_time() - t0
        if not pairs:
            return
        resolver = _BulkResolver(tx, self, IngestReport(source_uri=self.source_uri, source_id=self.source_id), {}, frozenset())
        resolver.join_all(pairs)

    def stored(self, tx: Tx) -> Stored:
        """The engine for one batch (see ``__init__``)."""
        if not self.empty:
            return Stored(tx)
        if self._stored is None:
            self._stored = Stored(tx, empty=True)
        self._stored.tx = tx
        return self._stored


class _BulkResolver(_Resolver):
    """``_Resolver`` with lookups answered from memory and writes collected into ``store.bulk.Rows``."""

    def __init__(
        self, tx: Tx, loader: BulkLoader, report: IngestReport, prepared: dict[str, Prepared], restate: frozenset[str]
    ) -> None:
        super().__init__(tx, loader.source_id, {}, report, fast=True, restate=restate)
        self.loader = loader
        self.prepared = prepared
        self.known: dict[str, tuple[int, str, bool]] = {}  # key → (id, type, stated by this source)
        self.ident_hits: dict[tuple[str, str], list[Hit]] = {}
        self.rows = store_bulk.Rows()
        self.refresh_ids: set[int] = set()
        self.next_id = self.first_id = 0
        self.new_state: list[tuple[int, str, bytes]] = []  # new works and releases: their statement
        self.engine = loader.stored(tx)
        self.joins: list[tuple[int, int, str]] = []  # works the engine found to be one, joined once written

    # -- driver --------------------------------------------------------------------------

    def run(self, rs: RecordSet) -> None:
        tx = self.tx
        self.load_prior()
        self._prefetch(rs)
        self.next_id = self.first_id = store_bulk.next_entity_id(tx)
        self.resolve_all(rs)
        rows = self.rows
        # Planned records add their rows as tuples already; the general path adds dicts.
        rows.identifiers = _tuples(self.id_rows, itemgetter(*store_bulk.IDENTIFIER_COLS))
        rows.credits = _tuples(self.credit_rows, itemgetter(*store_bulk.CREDIT_COLS))
        rows.relations = list(map(itemgetter(*store_bulk.RELATION_COLS), self.relation_rows))
        store_bulk.write(tx, rows)
        # The engine's keys and merged facts of each new work and release, as refresh would
        # store them, so later ingests and imports resolve against this dump's entities.
        resolution.replace(tx, self._new_states(), cap=MAX_BLOCK, new=True)
        for keep, other, local_key in self.joins:
            self._join(keep, other, local_key)
            self.refresh_ids.discard(other)
            self.refresh_ids.add(keep)
        curation.add_decisions(tx, self.decisions)
        if self.refresh_ids:
            refresh(tx, self.refresh_ids)
        facts.add_pending(tx, self.pending_rows)
        self.settle_pending(rs)

    def _new_states(self) -> list[tuple[int, str, set[str], bytes]]:
        """The engine's state rows of the works and releases this batch made, from their statements."""
        states = [state_rows(etype, eid, [decode(etype, data)]) for eid, etype, data in self.new_state]
        return [st for st in states if st is not None]

    def join_all(self, pairs: list[tuple[int, int]]) -> None:
        """Join each (keep, other) pair of catalog entities, then refresh what they became."""
        for keep, other in pairs:
            self._join(keep, other, None)
        curation.add_decisions(self.tx, self.decisions)
        refresh(self.tx, self.touched)

    def _prefetch(self, rs: RecordSet) -> None:
        """Find every key the batch names, from the LRU map or in one query for the rest."""
        keys: set[str] = set()
        # Nested helpers sharing state would be a reference cycle (functions and the cells, or
        # in a compiled build the environment object, that hold them), keeping this resolver and
        # its batch alive until the cyclic collector ran; plain functions and a dict make none.
        agents: dict[str, Agent] = {}
        keyless = self._keyless
        for a in rs.agents:
            _note_agent(agents, keyless, a)
        prepared = self.prepared
        for w in rs.works:
            keys.add(w.key)
            plan = _plan_for(prepared.get(w.key))
            if plan is not None:
                for a in plan.agents:
                    _note_agent(agents, keyless, a)
            else:
                _note_credits(agents, keyless, w.credits)
        for r in rs.releases:
            keys.add(r.key)
            if r.work:
                keys.add(r.work)
            if r.group:
                keys.add(r.group)
            plan = _plan_for(prepared.get(r.key))
            if plan is not None:  # the parser listed the agents: no walk through every track
                for a in plan.agents:
                    _note_agent(agents, keyless, a)
                continue
            for lab in r.labels:
                _note_agent(agents, keyless, lab.label)
            _note_credits(agents, keyless, r.credits)
            _note_credits(agents, keyless, r.companies)
            _note_tracks(agents, keyless, r.tracks)
        for c in rs.citations:
            keys.add(c.key)
        for v in rs.reviews:
            keys.update((v.key, v.subject, *v.citations))
            if v.author:
                _note_agent(agents, keyless, v.author)
        for rel in rs.relations:
            keys.update((rel.subject, rel.object))
        keys.update(agents)
        known = self.known
        cache = self.loader.keys
        missing = []
        for k in keys:
            hit = cache.get(k)
            if hit is not None:
                known[k] = (hit[0], hit[1], True)
            else:
                missing.append(k)
        if not missing:
            return
        for k, h in store_bulk.lookup_keys(self.tx, self.sid, missing).items():
            if h.merged_into is not None:
                row = entities.get_entity(self.tx, h.id)
                known[k] = (row.id, row.etype, h.stated)
            else:
                known[k] = (h.id, h.etype, h.stated)
        # Records no key found may still share an exact identifier with an entity.
        pairs: set[tuple[str, str]] = set()
        unknown: list[EntityRecord] = [*rs.works, *rs.releases, *(a for k, a in agents.items() if k not in known)]
        for rec in unknown:
            if getattr(rec, "key", None) not in known:
                pairs.update(_exact_keys(rec))
        if pairs:
            found = store_bulk.lookup_identifiers(self.tx, pairs)
            for pair, ids in found.items():
                rows = [entities.get_entity(self.tx, e) for e in ids]
                self.ident_hits[pair] = [(r.id, r.etype) for r in rows]

    def _keyless(self, agent: Agent) -> str:
        return f"_:agent:{agent.kind}:{self.loader.name_key(agent.name)}"

    # -- lookups ------------------------------------------------------------------------

    def _lookup_iri(self, key: str) -> int | None:
        if not is_global_key(key):
            return None
        hit = self.known.get(key)
        if hit is None:
            return None
        self.keymap[key] = hit[0]
        return hit[0]

    def agent(self, agent: Agent) -> int:
        key = agent.key
        kind = str(agent.kind)
        if key:
            eid = self.keymap.get(key)
            if eid is not None:
                return eid
            hit = self.known.get(key)
            if hit is not None and hit[2] and hit[1] == "agent" and key not in self.prior:
                # Stated by this dump in an earlier batch: what ``_resolve`` would conclude, without it.
                eid = hit[0]
                self._count(self.report.matched, "agent")
                self.etypes[eid] = "agent"
                self.agent_cache[(self.loader.name_key(agent.name), kind)] = eid
                self.keymap[key] = eid
                return eid
        cache_key = (self.loader.name_key(agent.name), kind)
        if not key and not agent.identifiers:
            eid = self.agent_cache.get(cache_key)
            if eid is not None:
                return eid
        local = key if key else f"_:agent:{kind}:{cache_key[0]}"
        eid = self._resolve(agent, local)
        self.agent_cache[cache_key] = eid
        if key:
            self.keymap[key] = eid
        return eid

    def _find_bulk(self, etype: str, record: EntityRecord, local_key: str) -> tuple[int | None, str, float | None, dict[str, Any], bool]:
        self.placed = None  # set by the engine's decision, when the engine places the record
        hit = self.known.get(local_key)
        if hit is not None and hit[1] == etype:
            rule = f"same IRI {local_key}" if is_global_key(local_key) else "the same name in this dump"
            return hit[0], "exact", 1.0, {"rule": rule}, hit[2]
        if self.ident_hits:
            for scheme, norm in _exact_keys(record):
                for eid, et in self.ident_hits.get((scheme, norm), ()):
                    if et == etype:
                        return eid, "exact", 1.0, {"rule": f"same {scheme} {norm}"}, False
        if isinstance(record, (Work, Release)):
            return self._engine_bulk(record, local_key)
        return None, "new", None, {"rule": "no record of this dump has its key"}, False

    def _engine_bulk(self, record: Work | Release, local_key: str) -> tuple[int | None, str, float | None, dict[str, Any], bool]:
        """A work or release through the engine, as ``_engine_find`` does; two works it finds to be
        one are joined once the batch is written (``run``)."""
        timed = self.loader.timed
        t0 = time.process_time() if timed else 0.0
        if isinstance(record, Work):
            eid, decision = self.engine.work(record)
        else:
            work = (self.keymap.get(record.work) or self._lookup_iri(record.work)) if record.work else None
            eid, decision = self.engine.release(record, work=work)
        self.joins += [(keep, other, local_key) for keep, other in self.engine.unions()]
        if timed:
            self.loader.resolve_seconds += time.process_time() - t0
        self.placed = decision
        if eid is None:
            return None, "new", None, {"rule": "no candidate matched", "considered": decision.candidates, "candidates": []}, False
        iri = self.loader.iris.get(eid)
        if iri is None and not self.loader.empty and eid < self.first_id:  # an entity from before this batch
            iri = entities.get_entity(self.tx, eid).iri
        if _other_id(local_key, iri) or any(_other_id(local_key, k) for k in self.placed_keys.get(eid, ())):
            self.placed = None  # two ids of one database are two entities
            return None, "new", None, {"rule": f"the entity it fits is {iri}, another record of that database", "candidates": []}, False
        etype = "work" if isinstance(record, Work) else "release"
        chosen = {"entity": entities.ref(etype, eid), "score": round(decision.score or 0.0, 3), "same": True, "reasons": decision.reasons}
        return eid, "matched", decision.score, {"rule": "scored match", "considered": decision.candidates, "candidates": [chosen]}, False

    # -- resolution ---------------------------------------------------------------------

    def _resolve(self, record: EntityRecord, local_key: str) -> int:
        etype = etype_of(record)
        if self.prior:
            prior = self.prior.pop(local_key, None)
            if prior is not None:
                self.known[local_key] = (prior.entity_id, etype, True)
                self.loader.keys.put(local_key, (prior.entity_id, etype))
                return self._restate(record, local_key, prior)
        eid, outcome, score, reasons, stated = self._find_bulk(etype, record, local_key)
        # Read after the call that set it: a compiled build trusts the type an attribute was
        # narrowed to by an assignment in the same function, calls in between or not.
        placed = self.placed
        new = eid is None
        if eid is None:
            eid = self.next_id
            self.next_id += 1
            self._count(self.report.created, etype)
            if placed is not None:
                (self.engine.bind_work if etype == "work" else self.engine.bind_release)(placed, eid)
            if is_global_key(local_key):
                self.loader.iris[eid] = local_key
        else:
            self._count(self.report.matched, etype)
            if placed is None and isinstance(record, Work):
                self.engine.joined(record, eid)
        if is_global_key(local_key) and etype in _STATEFUL:
            self.placed_keys.setdefault(eid, []).append(local_key)
        self.etypes[eid] = etype
        if stated or (eid, local_key) in self.stated:
            return eid
        self.stated.add((eid, local_key))
        self.rows.decisions.append((self.sid, local_key, eid, outcome, score, reasons))
        iri_free = local_key not in self.known
        self.known[local_key] = (eid, etype, True)
        if iri_free or not new:  # a new entity whose IRI another type holds is found by statement only
            self.loader.keys.put(local_key, (eid, etype))
        loader = self.loader
        prep = self.prepared.get(local_key)
        doc = prep[0] if prep is not None and prep[0] is not None and prep[0][0] == etype else None
        planned = self._apply_plan(record, eid, prep[1]) if prep is not None and prep[1] is not None else None
        if planned is not None:
            data, shown_data = planned
            self.rows.statements.append((eid, self.sid, local_key, data))
            if not new:
                self.refresh_ids.add(eid)
                return eid
            if etype in _STATEFUL:
                self.new_state.append((eid, etype, data))
            if shown_data is None:  # two keys met on one entity: deduplicate the general way
                said = decode(etype, data)
                shown_data = encode(merged_single(said, Said(said, loader.source_uri, loader.source_kind, loader.source_id)))
            entity_data = entities.SAME_AS_STATEMENT if shown_data == data else shown_data
            data = shown_data
            shown: EntityRecord | None = None
        else:
            stated_rec = self._rewrite(record, eid)
            data = encode(stated_rec)
            self.rows.statements.append((eid, self.sid, local_key, data))
            if not new:
                self.refresh_ids.add(eid)
                return eid
            if etype in _STATEFUL:
                self.new_state.append((eid, etype, data))
            shown = merged_single(stated_rec, Said(stated_rec, loader.source_uri, loader.source_kind, loader.source_id))
            entity_data = entities.SAME_AS_STATEMENT
            if shown is not stated_rec:
                data = entity_data = encode(shown)
        if doc is not None:
            _, label, kind, year, key, body = doc
            title_key = key
        else:
            if shown is None:
                shown = decode(etype, data)
            label, kind, year = label_of(shown)
            key = fast_key(label) if isinstance(shown, (Work, Release, Agent)) else label_key_of(shown)
            title_key = key if isinstance(shown, (Work, Release, Agent)) else fast_key(label)
            body = search_body(shown, key=loader.name_key)
        iri = local_key if is_global_key(local_key) and iri_free else None
        # The entity's data is its statement's (stored once) unless merging one statement changed it.
        self.rows.entities.append((eid, etype, kind, label, key, year, iri, entity_data))
        self.rows.docs.append((eid, etype, kind, year, title_key, body, 1))
        return eid

    def _restated_data(self, record: EntityRecord, eid: int, local_key: str) -> bytes:
        prep = self.prepared.get(local_key)
        if prep is not None and prep[1] is not None:
            planned = self._apply_plan(record, eid, prep[1])
            if planned is not None:
                return planned[0]
        return encode(self._rewrite(record, eid))

    def _changed(self, eid: int) -> None:
        self.refresh_ids.add(eid)

    def _apply_plan(self, record: EntityRecord, eid: int, plan: Plan) -> tuple[bytes, bytes | None] | None:
        """``_rewrite`` done from the parser's plan: the fact rows, and the statement's JSON with
        the shown record's (None when two of its keys met on one entity, so deduplication may
        differ). None, with nothing written, when a work or group it names is not resolved."""
        sid = self.sid
        refs: list[bytes] = [b""] * (AGENTS + len(plan.agents))
        refs[SELF] = b'"%s"' % entities.ref(etype_of(record), eid).encode()
        named: dict[int, int] = {}  # WORK / GROUP slot → entity id
        if isinstance(record, Release):
            for key, slot in ((record.work, WORK), (record.group, GROUP)):
                if not key:
                    continue
                ref = self._ref(key, "work")
                if ref is None:
                    return None
                refs[slot] = b'"%s"' % ref.encode()
                named[slot] = int(ref[1:])
        work_id, group_id = named.get(WORK), named.get(GROUP)
        # Tuples in the column order (``run`` turns the general path's dicts into the same).
        id_rows: list[Any] = self.id_rows
        for row in plan.idents:
            id_rows.append((eid, *row, sid))
        ids: list[int] = [0] * len(plan.agents)
        agent = self.agent
        agents = plan.agents
        credit_rows: list[Any] = self.credit_rows
        for slot, role, detail, character, credited_as, track, catno in plan.ops:
            i = slot - AGENTS
            aid = ids[i]
            if not aid:
                aid = ids[i] = agent(agents[i])
                refs[slot] = b'"a%d"' % aid
            credit_rows.append((eid, aid, role, detail, character, credited_as, track, sid))
            if catno is not None:
                id_rows.append((eid, *catno, sid))
        if work_id is not None:
            self._link(eid, Predicate.RELEASE_OF, work_id)
        if group_id is not None and group_id != work_id:
            self._link(eid, Predicate.IN_GROUP, group_id)
        data = fill(plan.parts, refs)
        if len(set(ids)) != len(ids):
            return data, None
        return data, fill(plan.shown, refs) if plan.shown is not None else data



def _note_agent(agents: dict[str, Agent], keyless: Callable[[Agent], str], a: Agent) -> None:
    """Keep the first agent met for each key (a keyless one's key made by ``keyless``)."""
    k = a.key or keyless(a)
    if k not in agents:
        agents[k] = a


def _note_credits(agents: dict[str, Agent], keyless: Callable[[Agent], str], cs: Iterable[Credit]) -> None:
    for c in cs:
        _note_agent(agents, keyless, c.agent)


def _note_tracks(agents: dict[str, Agent], keyless: Callable[[Agent], str], ts: Iterable[Track]) -> None:
    """The credits of tracks and their sub-tracks, depth first, in the order rewriting meets them."""
    stack = [iter(ts)]
    while stack:
        for t in stack[-1]:
            if t.credits:
                _note_credits(agents, keyless, t.credits)
            if t.sub_tracks:
                stack.append(iter(t.sub_tracks))
                break
        else:
            stack.pop()


# --- search documents of a single statement ---------------------------------------------------


def fast_key(text: str) -> str:
    """``normalize.match_key`` with a shortcut for ASCII text, where folding is lowercasing and punctuation."""
    if not text.isascii():
        return match_key(text)
    t = text.lower()
    if "&" in t or "+" in t:
        t = _AMP.sub(" and ", t)
    if not t.isalnum():
        t = " ".join(_NON_WORD.sub(" ", t.replace("_", " ")).split())
    # Words are single-spaced by now, so with no long vowel to settle romanising changes nothing.
    return romanise(t) if _LONG_VOWEL_RE.search(t) else t


# --- work done in the parser processes ---------------------------------------------------------

# (entity type, label, kind, year, folded label, search body) of a new entity made from one record.
Doc = tuple[str, str, str | None, int | None, str, str]


def record_doc(record: Work | Release) -> Doc | None:
    """What the loader stores for a new entity made from this record alone, but its ids and data.

    None for a record with spans (its shown values take ``merge``'s general path). Rewriting
    a record for storage replaces keys by entity ids and keeps every name, and a search
    document is made of names only (repeated ones once), so this equals what the loader
    computes from the rewritten record.
    """
    shown = single_shown(record)
    return None if shown is None else _doc_of(shown)


def _doc_of(shown: EntityRecord) -> Doc:
    label, kind, year = label_of(shown)
    key = _worker_key(label)
    return (etype_of(shown), label, kind, year, key, search_body(shown, key=_worker_key))


# ``fast_key`` per parser process: names, formats and titles recur.
_worker_keys: Memo[str, str] = Memo(fast_key, _NAMES_MAX)
_worker_key: Callable[[str], str] = _worker_keys.__getitem__


# A record's search document and plan, as the loader takes them.
Prepared = tuple[Doc | None, Plan | None]
# What the parser processes prepare for a release: its document, the document of the work it
# names (``importer.placeholder_work``), its plan and the work's plan; for a work, its own two.
PreparedRecord = tuple[Doc | None, Doc | None, Plan | None, Plan | None]


# Works this parser process already prepared a placeholder for (bounded, see ``prepare_record``).
_prepared_works: dict[str, None] = {}
_PREPARED_WORKS_MAX = 200_000


def prepare_record(record: Any) -> PreparedRecord | None:
    """Parser-process side of the fast path: the documents and plans of a release and of the work
    it names (``importer.placeholder_work``), or of a work; None for other records.

    A work named by many releases is prepared only for the first of them this process reads:
    records reach the loader in dump order, so that release's batch (or an earlier one) states
    the work, and later batches find it stated and use no plan for it. A work that does need
    one without it (never in dump order) simply takes the loader's general path.
    """
    from mediagraph.resolve.importer import placeholder_work

    if isinstance(record, Release):
        doc, plan = _prepare_one(record)
        work = record.work
        if not work or work in _prepared_works:
            return doc, None, plan, None
        if len(_prepared_works) >= _PREPARED_WORKS_MAX:
            _prepared_works.clear()
        _prepared_works[work] = None
        work_doc, work_plan = _prepare_one(placeholder_work(record))
        return doc, work_doc, plan, work_plan
    if isinstance(record, Work):
        doc, plan = _prepare_one(record)
        return doc, None, plan, None
    return None


def _prepare_one(record: Work | Release) -> Prepared:
    shown = single_shown(record)
    # A record with spans has no document (its shown values take merge's general path) and no plan.
    if shown is None:
        return None, None
    return _doc_of(shown), plan_of(record, single_shown, unchanged=shown is record)


def prepared_docs(items: Sequence[Any]) -> dict[str, Prepared]:
    """Record key → prepared (document, plan) for a batch of DumpItems, in the order ``to_records``
    makes the batch's records: a work named by releases takes the first naming release's, unless
    the batch holds that work's own record."""
    out: dict[str, Prepared] = {}
    own_works = {i.record.key for i in items if isinstance(i.record, Work)}
    for item in items:
        if not item.prepared:
            continue
        rec = item.record
        doc, work_doc, plan, work_plan = item.prepared
        if doc is not None:
            out.setdefault(rec.key, (doc, plan))
        if isinstance(rec, Release) and rec.work and rec.work not in own_works:
            own_works.add(rec.work)  # only the first naming release makes the placeholder
            if work_doc is not None:
                out.setdefault(rec.work, (work_doc, work_plan))
    return out


def _plan_for(prep: Prepared | None) -> Plan | None:
    return prep[1] if prep is not None else None


def _tuples(rows: list[Any], getter: Any) -> list[tuple[Any, ...]]:
    return [r if type(r) is tuple else getter(r) for r in rows]


__all__ = [
    "DEFAULT_CACHE",
    "BulkLoader",
    "Doc",
    "KeyCache",
    "Prepared",
    "PreparedRecord",
    "fast_key",
    "merged_single",
    "prepare_record",
    "prepared_docs",
    "record_doc",
]
