"""The engine over the catalog: its blocks and merged facts read from the store as records need them.

``Engine`` (``resolve/engine.py``) keeps a key → entities index and each entity's merged facts in
memory. Here the catalog keeps them (``store/resolution.py``), derived from each entity's
statements whenever they change (``state_rows``, called by ``ingest.refresh``), so resolving a
record reads only the blocks of its own keys and the facts of the entities in them, and a
restarted process resolves as the one before it would have. ``Stored`` wraps one ``Engine``
for one transaction: it adopts the catalog's entities as their keys are met, and maps the
engine's ids to the catalog's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from mediagraph.model.records import Release, Work
from mediagraph.resolve import match
from mediagraph.resolve.blocking import blocking_keys
from mediagraph.resolve.engine import Decision, Engine
from mediagraph.store import Tx, resolution

MAX_BLOCK = 30  # the engine's default: entities a key's block holds before it stops growing


class _WorkState(msgspec.Struct, frozen=True):
    kind: str
    keys: list[str]
    titles: list[str]
    agents: dict[str, list[str]]
    years: dict[int, int]
    size: int


class _ReleaseState(msgspec.Struct, frozen=True):
    title: str
    key: str
    marks: list[str]
    ids: dict[str, list[str]]
    catnos: list[str]
    labels: list[str]
    date: str | None
    country: str | None
    work: int | None


_work_dec = msgspec.json.Decoder(_WorkState)
_release_dec = msgspec.json.Decoder(_ReleaseState)
_enc = msgspec.json.Encoder()


def _work_ref(ref: str | None) -> int | None:
    return int(ref[1:]) if ref and ref.startswith("w") and ref[1:].isdigit() else None


def work_state(records: Sequence[Work]) -> tuple[set[str], bytes]:
    """A work entity's keys and merged facts, from its statements in order (as the engine
    would have merged them, record by record)."""
    engine = Engine(max_block=MAX_BLOCK)
    first = match.WorkFacts.of(records[0])
    eid = engine.adopt_work(first, {first.year: 1} if first.year is not None else {}, 1)
    keys = set(blocking_keys(records[0]))
    for rec in records[1:]:
        engine.absorb_work(eid, match.WorkFacts.of(rec))
        keys |= blocking_keys(rec)
    facts, years, size = engine.work_state(eid)
    state = _WorkState(
        facts.kind, facts.keys, facts.titles, {r: sorted(n) for r, n in facts.agents.items()}, years, size
    )
    return keys, _enc.encode(state)


def release_state(records: Sequence[Release]) -> tuple[set[str], bytes]:
    """A release entity's keys (with ``w:`` and the work it is an edition of) and merged facts."""
    facts = match.ReleaseFacts.of(records[0])
    keys = set(blocking_keys(records[0]))
    work = _work_ref(records[0].work)
    for rec in records[1:]:
        facts.learn(match.ReleaseFacts.of(rec))
        keys |= blocking_keys(rec)
        work = work or _work_ref(rec.work)
    if work is not None:
        keys.add(f"w:{work}")
    state = _ReleaseState(
        facts.title, facts.key, sorted(facts.marks), {s: sorted(v) for s, v in facts.ids.items()},
        sorted(facts.catnos), sorted(facts.labels), facts.date, facts.country, work,
    )
    return keys, _enc.encode(state)


def merged_facts(records: Sequence[Work]) -> match.WorkFacts:
    """A work entity's merged facts from its records, as the engine merges them."""
    return _work_facts(work_state(records)[1])[0]


def _work_facts(raw: bytes) -> tuple[match.WorkFacts, dict[int, int], int]:
    s = _work_dec.decode(raw)
    year = max(s.years, key=s.years.__getitem__) if s.years else None
    facts = match.WorkFacts(s.kind, list(s.keys), year, {r: set(n) for r, n in s.agents.items()}, list(s.titles))
    return facts, dict(s.years), s.size


def _release_facts(raw: bytes) -> tuple[match.ReleaseFacts, int | None]:
    s = _release_dec.decode(raw)
    facts = match.ReleaseFacts(
        s.title, s.key, frozenset(s.marks), {k: set(v) for k, v in s.ids.items()}, set(s.catnos), set(s.labels), s.date, s.country
    )
    return facts, s.work


class Stored:
    """One engine over the catalog for one transaction; ids given out are the catalog's."""

    def __init__(self, tx: Tx, *, empty: bool = False) -> None:
        self.tx = tx
        # The store holds no entity this engine did not bind (a dump's first load into an empty
        # catalog, one engine for all its batches): nothing to read from it.
        self.empty = empty
        self.engine = Engine(max_block=MAX_BLOCK)
        if not empty:
            self.engine.fetch = self._fetch_work_blocks
        self._work_cat: dict[int, int] = {}  # engine work id → catalog id
        self._work_eng: dict[int, int] = {}
        self._rel_cat: dict[int, int] = {}
        self._rel_eng: dict[int, int] = {}
        self._loaded: set[tuple[str, str]] = set()
        self.last_keys: set[str] = set()  # the blocking keys of the work ``work`` resolved last
        self._mixed: set[int] = set()  # engine works a union took part in (``work_row`` declines them)

    # -- loading -------------------------------------------------------------------------

    def _load_works(self, ids: Sequence[int], read: dict[int, bytes] | None = None) -> None:
        """Adopt these catalog works (``read``: facts of some of them, read already)."""
        if self.empty:
            return
        missing = [i for i in ids if i not in self._work_eng]
        if not missing:
            return
        known = read or {}
        unread = [i for i in missing if i not in known]
        got = resolution.facts_of(self.tx, unread) if unread else {}
        for cid in sorted(set(missing)):  # by id, as ``facts_of`` gives them: the engine's ids follow it
            raw = known.get(cid) or got.get(cid)
            if raw is None:
                continue
            facts, years, size = _work_facts(raw)
            eid = self.engine.adopt_work(facts, years, size)
            self._work_cat[eid], self._work_eng[cid] = cid, eid

    def _load_releases(self, ids: Sequence[int], read: dict[int, bytes] | None = None) -> None:
        if self.empty:
            return
        missing = [i for i in ids if i not in self._rel_eng]
        if not missing:
            return
        known = read or {}
        unread = [i for i in missing if i not in known]
        fetched = resolution.facts_of(self.tx, unread) if unread else {}
        raws = {cid: raw for cid in sorted(set(missing)) if (raw := known.get(cid) or fetched.get(cid)) is not None}
        got = {cid: _release_facts(raw) for cid, raw in raws.items()}
        self._load_works([w for _f, w in got.values() if w is not None])
        for cid, (facts, work) in got.items():
            ework = self._work_eng.get(work) if work is not None else None
            rid = self.engine.adopt_release(facts, ework)
            self._rel_cat[rid], self._rel_eng[cid] = cid, rid

    def _load_blocks(self, kind: str, keys: Sequence[str], rename: dict[str, str] | None = None) -> None:
        """Fill the engine's blocks of these keys from the store, once each per transaction
        (``rename``: store key → the engine's, for ``w:`` keys, which name a work by id)."""
        if self.empty:
            return
        fresh = [k for k in keys if (kind, k) not in self._loaded]
        if not fresh:
            return
        self._loaded.update((kind, k) for k in fresh)
        got, read = resolution.blocks_with_facts(self.tx, kind, fresh)
        ids = sorted({i for v in got.values() for i in v})
        if kind == "work":
            self._load_works(ids, read)
            table = self._work_eng
        else:
            self._load_releases(ids, read)
            table = self._rel_eng
        for k, members in got.items():
            self.engine.block(kind, (rename or {}).get(k, k), [table[i] for i in members if i in table])

    def _fetch_work_blocks(self, keys: set[str]) -> None:
        self._load_blocks("work", sorted(keys))

    # -- resolving -----------------------------------------------------------------------

    def work(self, work: Work) -> tuple[int | None, Decision]:
        """Resolve a work: (catalog id, or None for a new entity the caller makes and ``bind``s).

        In a dump's first load a record that names no creator is held back to the load's end
        (``finish``). A page's is placed as it comes (each page is committed, and its reader
        expects to see it join); ``mediagraph resolve`` moves it later if more evidence says so.
        """
        if self.empty:
            decision = self.engine.resolve_work(work, defer=True)
        else:
            self.last_keys = blocking_keys(work)
            if len(work.titles) == 1:
                # The engine looks in the title's own block first, and a record that fits an
                # entity there joins it without looking further (most records): the other
                # keys' blocks are read only when it does look further (``Engine.fetch``).
                self._load_blocks("work", ["t:" + match.key(work.titles[0].text)])
            else:
                self._load_blocks("work", sorted(self.last_keys))
            decision = self.engine.resolve_work(work)
        return self._work_cat.get(self.engine.entity_of(decision.entity)), decision

    def release(self, release: Release, *, work: int | None) -> tuple[int | None, Decision]:
        """Resolve a release, an edition of catalog work ``work`` when known."""
        if self.empty:
            ework = self._work_eng.get(work) if work is not None else None
            decision = self.engine.resolve_release(release, work=ework)
            return self._rel_cat.get(self.engine.release_of(decision.entity)), decision
        keys = sorted(blocking_keys(release))
        ework = None
        if work is not None:
            self._load_works([work])
            ework = self._work_eng.get(work)
        rename: dict[str, str] = {}
        if ework is not None:
            root = self.engine.entity_of(ework)
            rename = {f"w:{self._work_cat.get(root, work)}": f"w:{root}"}
            keys += list(rename)
            fkey = match.key(release.title)
            self._load_blocks("work", ["t:" + fkey])  # where ``_edition_title`` looks
        self._load_blocks("release", keys, rename)
        decision = self.engine.resolve_release(release, work=ework)
        return self._rel_cat.get(self.engine.release_of(decision.entity)), decision

    def joined(self, work: Work, entity: int) -> None:
        """A work record joined catalog entity ``entity`` by an identifier: the engine learns it."""
        self._load_works([entity])
        eid = self._work_eng.get(entity)
        if eid is not None:
            self.engine.absorb_work(eid, match.WorkFacts.of(work))

    def work_row(self, entity: int, keys: set[str]) -> tuple[int, str, set[str], bytes] | None:
        """The state row of catalog work ``entity`` as this engine holds it now, for
        ``resolution.replace``: its merged facts, and ``keys`` (the blocking keys of the records
        this transaction gave it; ``replace`` adds those the store does not hold for it yet). None
        when the engine does not hold it on its own: never loaded (no state stored), or joined
        with another.

        What the engine holds is what ``work_state`` rebuilds from the entity's statements when
        the records given to it here are its last statements (a new source's): the stored
        state of those before, adopted, then each new record absorbed, in order.
        """
        eid = self._work_eng.get(entity)
        if eid is None or eid in self._mixed or self.engine.entity_of(eid) != eid or self._work_cat.get(eid) != entity:
            return None
        facts, years, size = self.engine.work_state(eid)
        state = _WorkState(
            facts.kind, facts.keys, facts.titles, {r: sorted(n) for r, n in facts.agents.items()}, years, size
        )
        return entity, "work", keys, _enc.encode(state)

    def bind_work(self, decision: Decision, entity: int) -> None:
        """The catalog id of the work entity a decision made."""
        self._work_cat[decision.entity], self._work_eng[entity] = entity, decision.entity

    def bind_release(self, decision: Decision, entity: int) -> None:
        self._rel_cat[decision.entity], self._rel_eng[entity] = entity, decision.entity

    def unions(self) -> list[tuple[int, int]]:
        """Catalog works the engine found to be one since the last call, as (keep, other)."""
        pairs = self.engine.unions()
        self._mixed.update(e for pair in pairs for e in pair)
        return _joined(pairs, self._work_cat)

    def release_unions(self) -> list[tuple[int, int]]:
        """Catalog releases held back with their works that ``finish`` joined to a release."""
        return _joined(self.engine.release_unions(), self._rel_cat)

    def finish(self) -> None:
        """Place the records held back (a dump's first load, at its end): ``Engine.finish``."""
        self.engine.finish()


def _joined(pairs: list[tuple[int, int]], cat: dict[int, int]) -> list[tuple[int, int]]:
    """Engine (into, other) pairs as catalog (keep, other) pairs, each catalog pair once."""
    out = []
    for into, other in pairs:
        a, b = cat.get(into), cat.get(other)
        if a is not None and b is not None and a != b:
            out.append((a, b))
            cat[other] = a
    return out


def state_rows(etype: str, entity: int, records: Sequence[Any]) -> tuple[int, str, set[str], bytes] | None:
    """The row ``resolution.replace`` stores for an entity, from its statements' records."""
    if etype == "work":
        keys, raw = work_state(records)
    elif etype == "release":
        keys, raw = release_state(records)
    else:
        return None
    return entity, etype, keys, raw


__all__ = ["MAX_BLOCK", "Stored", "merged_facts", "release_state", "state_rows", "work_state"]
