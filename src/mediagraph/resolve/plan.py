"""Statements of the fast path written in the parser processes: record JSON with holes for entity ids.

Rewriting a record for storage (``ingest._Resolver._rewrite``) replaces every key it names by
the entity id resolution gives, and collects its credit and identifier rows. All of it but the
ids can be done where the record is parsed. ``plan_of`` gives a ``Plan``: the statement's
JSON cut at each reference (``encode`` of the record with placeholder keys), the distinct
agents it credits in the order rewriting meets them, and one op per credit row. The storing
process then only looks the references up (``apply_plan`` in ``resolve/bulk.py``) and joins
the bytes, which is several times cheaper than rebuilding and encoding the record.

The joined bytes equal ``encode(_rewrite(record))``: a placeholder is a string where the ref is
a string, so field order and omitted defaults are the same. Shown values dedupe list items,
which the ids can change only when two different keys meet on one entity; the loader checks
for that and then takes the general path.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from mediagraph.model.codec import encode
from mediagraph.model.identifiers import IdScheme, normalize
from mediagraph.model.records import Agent, Credit, Release, ReleaseLabel, Track, Work
from mediagraph.resolve.planned import IdentRow, Op, Plan

# Reference slots: 0 the record itself, 1 its work, 2 its group, AGENTS + i its i-th agent.
SELF, WORK, GROUP, AGENTS = 0, 1, 2, 3

_HOLE = "\x01"
_SPLIT = re.compile(rb'"\\u0001(\d+)"')


def _hole(slot: int) -> str:
    return f"{_HOLE}{slot}"


class _Planner:
    def __init__(self) -> None:
        self.slots: dict[tuple[str, str, str | None], tuple[int, Agent, Agent]] = {}
        self.agents: list[Agent] = []
        self.ops: list[Op] = []
        # Set when two different agents share a slot (equal name, kind and key): their credits
        # may then become equal once rewritten, so the shown record is deduplicated afresh.
        self.merged = False

    def agent(self, agent: Agent) -> tuple[int, Agent]:
        # Rewriting keeps name and kind and puts the entity's ref as key; agents equal in all
        # three (the same key, or the same name without key) are one slot.
        ident = (agent.name, agent.kind, agent.key)
        found = self.slots.get(ident)
        if found is None:
            slot = AGENTS + len(self.agents)
            found = self.slots[ident] = (slot, Agent(name=agent.name, kind=agent.kind, key=_hole(slot)), agent)
            self.agents.append(agent)
        elif found[2] is not agent and found[2] != agent:
            self.merged = True
        return found[0], found[1]

    def credits(self, credits: tuple[Credit, ...], track: str | None = None) -> tuple[Credit, ...]:
        out: list[Credit] = []
        append = out.append
        ops = self.ops.append
        agent = self.agent
        replace = msgspec.structs.replace
        for c in credits:
            slot, ref = agent(c.agent)
            ops((slot, c.role, c.role_detail, c.character, c.credited_as, track, None))
            append(replace(c, agent=ref))
        return tuple(out)

    def track(self, track: Track) -> Track:
        if not track.credits and not track.sub_tracks:
            return track
        return msgspec.structs.replace(
            track,
            credits=self.credits(track.credits, track.position) if track.credits else (),
            sub_tracks=tuple(self.track(s) for s in track.sub_tracks) if track.sub_tracks else (),
        )

    def label(self, lab: ReleaseLabel) -> ReleaseLabel:
        slot, ref = self.agent(lab.label)
        catno = lab.catalog_number
        row: IdentRow | None = None
        if catno:
            row = ("catalog_number", catno, normalize(IdScheme.CATALOG_NUMBER, catno), lab.label.name, None)
        self.ops.append((slot, "label", catno, None, None, None, row))
        return ReleaseLabel(label=ref, catalog_number=catno)


def _idents(record: Work | Release) -> tuple[IdentRow, ...]:
    rows: list[IdentRow] = [(str(i.scheme), i.value, i.normalized, i.qualifier, i.valid) for i in record.identifiers]
    rows += [("url", u, u, None, None) for u in record.same_as]
    return tuple(rows)


def _cut(record: Any) -> list[bytes]:
    return _SPLIT.split(encode(record))


def plan_of(record: Work | Release, shown: Any, *, unchanged: bool = False) -> Plan:
    """The plan of a work or release; ``shown`` is a function giving the shown record of one
    statement (``canonical.single_shown``), passed in to keep this module below ``resolve/bulk.py``.

    ``unchanged=True`` says the caller knows ``shown(record) is record`` (no repeated list
    items): then the rewritten record's shown one is itself too, unless two different agents
    share a slot, and ``shown`` is not called again.
    """
    p = _Planner()
    stated: Work | Release
    if isinstance(record, Release):
        labels = tuple(p.label(lab) for lab in record.labels)
        stated = msgspec.structs.replace(
            record,
            key=_hole(SELF),
            work=_hole(WORK) if record.work else None,
            group=_hole(GROUP) if record.group else None,
            labels=labels,
            credits=p.credits(record.credits),
            companies=p.credits(record.companies),
            tracks=tuple(p.track(t) for t in record.tracks),
        )
    else:
        stated = msgspec.structs.replace(record, key=_hole(SELF), credits=p.credits(record.credits))
    # A ReleaseLabel is rebuilt from label and catalog number only, which keeps every field it has.
    view = stated if unchanged and not p.merged else shown(stated)
    return Plan(
        parts=_cut(stated),
        shown=None if view is stated else _cut(view),
        agents=tuple(p.agents),
        ops=tuple(p.ops),
        idents=_idents(record),
    )


def fill(parts: list[bytes], refs: list[bytes]) -> bytes:
    """The JSON of ``parts`` with each slot replaced by ``refs[slot]`` (a quoted JSON string)."""
    out = parts[:]
    for i in range(1, len(out), 2):
        out[i] = refs[int(out[i])]
    return b"".join(out)


__all__ = ["AGENTS", "GROUP", "SELF", "WORK", "IdentRow", "Op", "Plan", "fill", "plan_of"]
