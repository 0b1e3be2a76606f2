"""Curators' edits, chosen values and removed relations, and resolution decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from mediagraph.errors import NotFoundError
from mediagraph.store.catalog import Tx
from mediagraph.store.schema import decisions, edits, overrides, sources, suppressed


@dataclass(frozen=True, slots=True)
class EditRow:
    id: int
    at: datetime
    author: str
    action: str
    summary: str
    payload: dict[str, Any]
    undone_at: datetime | None


@dataclass(frozen=True, slots=True)
class DecisionRow:
    source_uri: str
    local_key: str
    entity_id: int
    outcome: str
    score: float | None
    reasons: dict[str, Any]


def add_edit(tx: Tx, *, author: str, action: str, summary: str, payload: dict[str, Any]) -> int:
    result = tx.execute(
        edits.insert().values(at=datetime.now(UTC), author=author, action=action, summary=summary, payload=payload)
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def set_payload(tx: Tx, edit_id: int, payload: dict[str, Any]) -> None:
    tx.execute(edits.update().where(edits.c.id == edit_id).values(payload=payload))


def list_edits(tx: Tx, *, limit: int = 50) -> list[EditRow]:
    q = sa.select(*edits.c).order_by(edits.c.id.desc()).limit(limit)
    return [EditRow(*r) for r in tx.execute(q)]


def get_edit(tx: Tx, edit_id: int) -> EditRow:
    r = tx.execute(sa.select(*edits.c).where(edits.c.id == edit_id)).first()
    if r is None:
        raise NotFoundError(f"no edit #{edit_id} in the history")
    return EditRow(*r)


def last_live_edit(tx: Tx) -> EditRow | None:
    r = tx.execute(
        sa.select(*edits.c)
        .where(edits.c.undone_at.is_(None), edits.c.action != "undo")
        .order_by(edits.c.id.desc())
        .limit(1)
    ).first()
    return EditRow(*r) if r is not None else None


def mark_undone(tx: Tx, edit_id: int) -> None:
    tx.execute(edits.update().where(edits.c.id == edit_id).values(undone_at=datetime.now(UTC)))


# --- chosen values --------------------------------------------------------------------------


def overrides_of(tx: Tx, entity_id: int) -> dict[str, Any]:
    value = tx.converter(overrides.c.value)
    return {f: value(v) for f, v in tx.fetch("SELECT field, value FROM overrides WHERE entity_id = ? ORDER BY id", (entity_id,))}


def overrides_for_many(tx: Tx, ids: list[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    if not ids:
        return out
    value = tx.converter(overrides.c.value)
    for eid, f, v in tx.fetch_in("SELECT entity_id, field, value FROM overrides WHERE entity_id IN {ids} ORDER BY id", ids):
        out.setdefault(eid, {})[f] = value(v)
    return out


def get_override(tx: Tx, entity_id: int, field: str) -> tuple[Any, int] | None:
    r = tx.execute(
        sa.select(overrides.c.value, overrides.c.edit_id).where(
            overrides.c.entity_id == entity_id, overrides.c.field == field
        )
    ).first()
    return (r[0], r[1]) if r is not None else None


def set_override(tx: Tx, entity_id: int, field: str, value: Any, *, edit_id: int) -> None:
    tx.execute(overrides.delete().where(overrides.c.entity_id == entity_id, overrides.c.field == field))
    tx.execute(overrides.insert().values(entity_id=entity_id, field=field, value=value, edit_id=edit_id))


def delete_override(tx: Tx, entity_id: int, field: str) -> None:
    tx.execute(overrides.delete().where(overrides.c.entity_id == entity_id, overrides.c.field == field))


def move_overrides(tx: Tx, *, old: int, new: int) -> list[str]:
    """Carry a merged entity's chosen values over where the survivor has none."""
    mine = set(overrides_of(tx, new))
    fields = [f for f in overrides_of(tx, old) if f not in mine]
    for f in fields:
        tx.execute(overrides.update().where(overrides.c.entity_id == old, overrides.c.field == f).values(entity_id=new))
    return fields


# --- removed relations ----------------------------------------------------------------------


def suppress(tx: Tx, subject_id: int, predicate: str, object_id: int, *, edit_id: int) -> None:
    tx.execute(
        suppressed.insert().values(subject_id=subject_id, predicate=predicate, object_id=object_id, edit_id=edit_id)
    )


def unsuppress(tx: Tx, subject_id: int, predicate: str, object_id: int) -> None:
    tx.execute(
        suppressed.delete().where(
            suppressed.c.subject_id == subject_id,
            suppressed.c.predicate == predicate,
            suppressed.c.object_id == object_id,
        )
    )


# --- resolution decisions -------------------------------------------------------------------


def add_decisions(tx: Tx, rows: list[dict[str, Any]]) -> None:
    """Rows with source_id, local_key, entity_id, outcome, score, reasons."""
    if rows:
        reasons = tx.binder(decisions.c.reasons)
        tx.write(
            "INSERT INTO decisions (source_id, local_key, entity_id, outcome, score, reasons) VALUES (?, ?, ?, ?, ?, ?)",
            [(r["source_id"], r["local_key"], r["entity_id"], r["outcome"], r["score"], reasons(r["reasons"])) for r in rows],
        )


def decisions_for(tx: Tx, entity_ids: list[int]) -> list[DecisionRow]:
    q = (
        sa.select(
            sources.c.uri,
            decisions.c.local_key,
            decisions.c.entity_id,
            decisions.c.outcome,
            decisions.c.score,
            decisions.c.reasons,
        )
        .join(sources, sources.c.id == decisions.c.source_id)
        .where(decisions.c.entity_id.in_(entity_ids))
        .order_by(decisions.c.id)
    )
    return [DecisionRow(*r) for r in tx.execute(q)]


def retarget_decisions(tx: Tx, *, old: int, new: int) -> None:
    tx.execute(decisions.update().where(decisions.c.entity_id == old).values(entity_id=new))


def split_apart(tx: Tx, a: int, b: int) -> bool:
    """Whether a curator split ``a`` and ``b`` apart (a split not undone), so no resolution
    may join them again."""
    q = sa.select(edits.c.payload).where(edits.c.action == "split", edits.c.undone_at.is_(None))
    return any({payload.get("from"), payload.get("new")} == {a, b} for (payload,) in tx.execute(q))


def fixed_records(tx: Tx) -> set[tuple[int, str]]:
    """(source id, local key) of the records placed by more than a score: an exact key (IRI,
    database id), or kept on the entity a curator or an earlier read of the source put them on."""
    sql = "SELECT source_id, local_key FROM decisions WHERE outcome NOT IN ('new', 'matched', 'joined')"
    return {(int(s), str(k)) for s, k in tx.fetch(sql)}


def moved_statements(tx: Tx) -> set[int]:
    """The statements an edit not undone moved (a merge or a split)."""
    q = sa.select(edits.c.payload).where(edits.c.action.in_(("merge", "split")), edits.c.undone_at.is_(None))
    return {int(i) for (payload,) in tx.execute(q) for i in payload.get("statements", ())}


def split_pairs(tx: Tx) -> set[frozenset[int]]:
    """Every pair of entities a curator split apart (``split_apart`` for many pairs at once)."""
    q = sa.select(edits.c.payload).where(edits.c.action == "split", edits.c.undone_at.is_(None))
    return {frozenset((payload.get("from"), payload.get("new"))) for (payload,) in tx.execute(q)}


__all__ = [
    "DecisionRow",
    "EditRow",
    "add_decisions",
    "add_edit",
    "decisions_for",
    "delete_override",
    "fixed_records",
    "get_edit",
    "get_override",
    "last_live_edit",
    "list_edits",
    "mark_undone",
    "move_overrides",
    "moved_statements",
    "overrides_for_many",
    "overrides_of",
    "retarget_decisions",
    "set_override",
    "set_payload",
    "split_apart",
    "split_pairs",
    "suppress",
    "unsuppress",
]
