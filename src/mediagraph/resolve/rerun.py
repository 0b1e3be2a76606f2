"""Re-resolution: the catalog's works through the engine again, with its finishing steps.

Ingest places each record as it arrives, so a record first placed under less evidence (a bare
title, a page read before the page that gives both titles) may sit apart from the work it
belongs to. ``plan`` runs every work statement, in ingest order, through one ``Engine`` with
bare titles held back to ``finish()`` (as the benchmark does), and lists the catalog works the
engine finds to be one. ``apply`` merges them through ``curate.merge``: each is an edit in the
history, undoable. A curator's split stands: two works split apart are never proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mediagraph.model.codec import decode
from mediagraph.model.records import Work
from mediagraph.resolve import curate, match
from mediagraph.resolve.engine import Engine
from mediagraph.resolve.ingest import refresh
from mediagraph.resolve.state import MAX_BLOCK, merged_facts
from mediagraph.store import Tx, curation, entities, resolution


@dataclass(slots=True)
class Change:
    """One merge the engine would make: ``other`` joins ``keep``, with the score's reasons."""

    action: str
    keep: str
    other: str
    score: float
    reasons: list[str] = field(default_factory=list)
    edit: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.action, "keep": self.keep, "other": self.other, "score": round(self.score, 3),
                "reasons": self.reasons, "edit": self.edit}


def plan(tx: Tx, *, only: int | None = None) -> list[Change]:
    """The merges re-resolving the works would make (``only``: those touching this entity)."""
    engine = Engine(max_block=MAX_BLOCK)
    placed: list[tuple[int, int]] = []  # (catalog entity, engine id) per statement
    records: dict[int, list[Work]] = {}
    for eid, data in resolution.statements_of_type(tx, "work"):
        work = decode("work", data)
        assert isinstance(work, Work)
        placed.append((eid, engine.resolve_work(work, defer=True).entity))
        records.setdefault(eid, []).append(work)
    engine.finish()
    groups: dict[int, set[int]] = {}
    for eid, e in placed:
        groups.setdefault(engine.entity_of(e), set()).add(eid)
    out: list[Change] = []
    for members in groups.values():
        if len(members) < 2 or (only is not None and only not in members):
            continue
        keep = max(members, key=lambda m: (len(records[m]), -m))
        for other in sorted(members - {keep}):
            if curation.split_apart(tx, keep, other):
                continue
            verdict = match.score_work_facts(merged_facts(records[other]), merged_facts(records[keep]))
            reasons = verdict.reasons or ["the engine's finishing steps place both works' records together"]
            out.append(Change("merge", entities.ref("work", keep), entities.ref("work", other), verdict.score, reasons))
    return out


def rebuild_state(tx: Tx) -> int:
    """Store the engine's state of every work and release from its statements (a catalog from
    before the state was kept has none); returns how many entities."""
    ids = resolution.ids_of_type(tx, ["work", "release"])
    refresh(tx, ids)
    return len(ids)


def apply(tx: Tx, changes: list[Change], *, author: str) -> list[Change]:
    """Make the merges ``plan`` listed, each an edit in the history."""
    for c in changes:
        a, b = entities.get_by_ref(tx, c.keep), entities.get_by_ref(tx, c.other)
        if a.id != b.id:
            c.edit = curate.merge(tx, a.ref, b.ref, author=author)
    return changes


__all__ = ["Change", "apply", "plan", "rebuild_state"]
