"""Re-resolution: the catalog's works through the engine again, with its finishing steps.

Ingest places each record as it arrives, so a record first placed under less evidence (a bare
title, a page read before the page that gives both titles) may sit apart from the work it
belongs to, or sit on a work another record of that title made first. ``plan`` runs every work
and release statement, in ingest order, through one ``Engine`` with bare titles held back to
``finish()`` (as a dump's first load does), and lists the merges of catalog entities the engine
finds to be one and the moves of bare titles it places elsewhere. ``apply`` makes them through
``curate.merge`` and ``curate.split``: each is an edit in the history, undoable. A curator's
split stands: two entities split apart are never proposed.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mediagraph.errors import ConflictError, NotFoundError
from mediagraph.model.codec import decode
from mediagraph.model.records import Release, Work
from mediagraph.resolve import curate, match
from mediagraph.resolve.engine import Engine
from mediagraph.resolve.ingest import refresh
from mediagraph.resolve.state import MAX_BLOCK, merged_facts
from mediagraph.store import Tx, curation, entities, resolution


@dataclass(slots=True)
class Change:
    """One change the engine would make. ``merge``: ``other`` joins ``keep``. ``move``: what
    ``source`` says about ``other`` (a record that names no creator, placed by ingest as it
    came) moves to ``keep``, or to a work of its own when ``keep`` is ``new:N`` (moves with the
    same N go to one). With the score's reasons."""

    action: str
    keep: str
    other: str
    score: float
    reasons: list[str] = field(default_factory=list)
    edit: int | None = None
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {"action": self.action, "keep": self.keep, "other": self.other, "score": round(self.score, 3),
               "reasons": self.reasons, "edit": self.edit}
        if self.source is not None:
            out["source"] = self.source
        return out


# (catalog entity, source id, the engine's entity, whether re-resolution may move the record)
_Placed = tuple[int, int, int, bool]


def plan(tx: Tx, *, only: int | None = None) -> list[Change]:
    """The merges and moves re-resolving the works and releases would make (``only``: those
    touching this entity). Each release statement goes under the work its record named, as at
    ingest; a release of a held-back work is held back with it and placed once that work is."""
    engine = Engine(max_block=MAX_BLOCK)
    works: list[_Placed] = []
    releases: list[_Placed] = []
    records: dict[int, list[Work]] = {}
    latest: dict[int, int] = {}  # catalog work → the engine id of its latest statement
    fixed, moved = curation.fixed_records(tx), curation.moved_statements(tx)
    for st in resolution.statements_of_types(tx, ["work", "release"]):
        eid, sid = st.entity, st.source
        record = decode(st.etype, st.data)
        # A work record the engine placed by its score may move; one an exact key placed, or an
        # edit moved, stays.
        movable = (sid, st.local_key) not in fixed and st.id not in moved
        if isinstance(record, Work):
            decision = engine.resolve_work(record, defer=True)
            works.append((eid, sid, decision.entity, movable))
            latest[eid] = decision.entity
            records.setdefault(eid, []).append(record)
        elif isinstance(record, Release):
            work = latest.get(int(record.work[1:])) if record.work and record.work[1:].isdigit() else None
            releases.append((eid, sid, engine.resolve_release(record, work=work).entity, False))
    engine.finish()
    apart = curation.split_pairs(tx)

    def work_why(keep: int, other: int) -> tuple[float, list[str]]:
        verdict = match.score_work_facts(merged_facts(records[other]), merged_facts(records[keep]))
        return verdict.score, verdict.reasons or ["the engine's finishing steps place both works' records together"]

    def release_why(_keep: int, _other: int) -> tuple[float, list[str]]:
        return 1.0, ["the engine places both releases' records together, under the works they name"]

    out = _changes(tx, "work", [(c, s, engine.entity_of(e), m) for c, s, e, m in works], only, apart, work_why)
    out += _changes(tx, "release", [(c, s, engine.release_of(e), m) for c, s, e, m in releases], only, apart, release_why)
    return out


def _changes(
    tx: Tx, etype: str, placed: list[_Placed], only: int | None, apart: set[frozenset[int]],
    why: Callable[[int, int], tuple[float, list[str]]],
) -> list[Change]:
    """What puts catalog entities where the engine placed their statements. Each entity's home is
    the engine entity most of its statements went to; the entities at home in one engine
    entity merge into the one with the most statements. A statement the engine put elsewhere
    moves there (by its source) when it is a record ingest may have placed early (a bare title);
    other statements stay, as a curator or an identifier may have put them."""
    groups: dict[int, Counter[int]] = {}
    by_source: dict[tuple[int, int], set[int]] = {}
    for cat, sid, g, _m in placed:
        groups.setdefault(cat, Counter())[g] += 1
        by_source.setdefault((cat, sid), set()).add(g)
    home = {cat: c.most_common(1)[0][0] for cat, c in groups.items()}
    at_home: dict[int, list[int]] = {}
    for cat, g in home.items():
        at_home.setdefault(g, []).append(cat)
    size = {cat: sum(c.values()) for cat, c in groups.items()}
    out: list[Change] = []
    keep_of: dict[int, int] = {}
    for g, members in at_home.items():
        keep = max(members, key=lambda m: (size[m], -m))
        keep_of[g] = keep
        if only is not None and only not in members:
            continue
        for other in sorted(members):
            if other != keep and frozenset((keep, other)) not in apart:
                score, reasons = why(keep, other)
                out.append(Change("merge", entities.ref(etype, keep), entities.ref(etype, other), score, reasons))
    for cat, sid, g, movable in placed:
        if not movable or g == home[cat] or by_source.get((cat, sid)) != {g}:
            continue
        del by_source[(cat, sid)]  # a source's statements move once
        target = keep_of.get(g)
        if only is not None and only not in (cat, target):
            continue
        if target is not None and frozenset((cat, target)) in apart:
            continue
        if target is None:
            to, score, reasons = f"new:{g}", 0.0, ["no work it was placed with fits it as well as the records the engine puts it with"]
        else:
            to = entities.ref(etype, target)
            score, reasons = why(target, cat)
            reasons = ["placed as it came, before the records that tell the works apart", *reasons]
        out.append(Change("move", to, entities.ref(etype, cat), score, reasons, source=f"s{sid}"))
    return out


def rebuild_state(tx: Tx) -> int:
    """Store the engine's state of every work and release from its statements (a catalog from
    before the state was kept has none); returns how many entities."""
    ids = resolution.ids_of_type(tx, ["work", "release"])
    refresh(tx, ids)
    return len(ids)


def apply(tx: Tx, changes: list[Change], *, author: str) -> list[Change]:
    """Make the merges and moves ``plan`` listed, each an edit in the history (a move is a split
    off the entity, then a merge into its target). A merge the catalog refuses (works of two
    kinds a curator set) is left unmade."""
    made: dict[str, str] = {}  # ``new:N`` → the entity the first move there made
    for c in changes:
        if c.action == "merge":
            a, b = entities.get_by_ref(tx, c.keep), entities.get_by_ref(tx, c.other)
            if a.id != b.id:
                with contextlib.suppress(ConflictError):
                    c.edit = curate.merge(tx, a.ref, b.ref, author=author)
            continue
        row = entities.get_by_ref(tx, c.other)
        try:
            c.edit, moved = curate.split(tx, row.ref, source=c.source or "", author=author)
        except (ConflictError, NotFoundError):
            continue
        target = made.get(c.keep) if c.keep.startswith("new:") else c.keep
        if target is None:
            made[c.keep] = moved
            continue
        into = entities.get_by_ref(tx, target)
        with contextlib.suppress(ConflictError):
            curate.merge(tx, into.ref, moved, author=author)
    return changes


__all__ = ["Change", "apply", "plan", "rebuild_state"]
