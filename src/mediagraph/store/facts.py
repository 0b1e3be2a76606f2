"""Multi-valued facts with their sources: identifiers, credits and relations."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

from mediagraph.store.catalog import Tx
from mediagraph.store.schema import (
    FACT_KEYS,
    credits,
    entities,
    identifiers,
    pending_relations,
    relations,
    sources,
    suppressed,
)


@dataclass(frozen=True, slots=True)
class IdentifierRow:
    entity_id: int
    scheme: str
    value: str
    norm: str
    qualifier: str | None
    valid: bool | None
    source_uri: str


@dataclass(frozen=True, slots=True)
class CreditRow:
    entity_id: int
    agent_id: int
    role: str
    role_detail: str | None
    character: str | None
    credited_as: str | None
    track: str | None
    source_uri: str


@dataclass(frozen=True, slots=True)
class RelationRow:
    id: int
    subject_id: int
    subject_track: str | None
    predicate: str
    object_id: int
    object_track: str | None
    note: str | None
    source_uri: str
    span: tuple[int, int] | None


# --- writing facts once ------------------------------------------------------------------------

IDENTIFIER_COLS = ("entity_id", "scheme", "value", "norm", "qualifier", "valid", "source_id")
CREDIT_COLS = ("entity_id", "agent_id", "role", "role_detail", "character", "credited_as", "track", "source_id")
RELATION_COLS = (
    "subject_id", "subject_track", "predicate", "object_id", "object_track", "note", "source_id", "span_start", "span_end",
)
# What a relation stated again adds to the stored copy: the parts the stored one lacks.
RELATION_MERGE = ("note", "span_start", "span_end")
_COPY_FROM = 100  # rows from which PostgreSQL takes them through COPY into a scratch table


@functools.cache
def _key_columns(table: str) -> tuple[str, ...]:
    return tuple(k[len("coalesce(") : k.index(",")].strip('"') if k.startswith("coalesce(") else k for k in FACT_KEYS[table])


def unique_rows(table: str, cols: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``rows`` (tuples in ``cols`` order) with one row per fact key of ``table``, first kept, in order.

    A relation's later copies lend the first the note and span it lacks, as the database does
    for a copy it already holds. Keys are compared as given (``None`` and ``''`` apart): the
    unique index, which takes them as one, turns away what this lets through.
    """
    key = itemgetter(*(cols.index(c) for c in _key_columns(table)))
    if table != "relations":
        # The columns outside an identifier's or a credit's key follow from it: any copy will do,
        # and a dict keeps the first one's place (this runs over every credit of a dump).
        return list(dict(zip(map(key, rows), rows, strict=True)).values())
    merge = [cols.index(c) for c in RELATION_MERGE]
    out: dict[Any, tuple[Any, ...]] = {}
    for row in rows:
        k = key(row)
        first = out.get(k)
        if first is None:
            out[k] = row
        elif any(first[i] is None and row[i] is not None for i in merge):
            out[k] = tuple(row[i] if i in merge and first[i] is None else v for i, v in enumerate(first))
    return list(out.values())


def _conflict_clause(table: str) -> str:
    if table != "relations":
        return "ON CONFLICT DO NOTHING"
    target = ", ".join(FACT_KEYS[table])
    sets = ", ".join(f"{c} = coalesce(relations.{c}, excluded.{c})" for c in RELATION_MERGE)
    # Only a copy that brings what the stored row lacks writes (the same relation again writes nothing).
    lacks = " OR ".join(f"(relations.{c} IS NULL AND excluded.{c} IS NOT NULL)" for c in RELATION_MERGE)
    return f"ON CONFLICT ({target}) DO UPDATE SET {sets} WHERE {lacks}"


def insert_facts(tx: Tx, table: str, cols: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert fact rows of ``table`` ("identifiers", "credits" or "relations"), each fact once.

    Copies within ``rows`` are dropped here, and the unique index of the table (``FACT_KEYS``)
    turns away any the catalog already holds from the same source. On PostgreSQL many rows go
    through ``COPY`` into a scratch table first (the fast way in, but it has no ``ON CONFLICT``).
    """
    if not rows:
        return
    data = unique_rows(table, cols, rows)
    names = ", ".join(cols)
    conflict = _conflict_clause(table)
    if tx.dialect == "postgresql" and len(data) >= _COPY_FROM:
        _copy_facts(tx, table, names, data, conflict)
        return
    tx.write(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))}) {conflict}", data)


def _copy_facts(tx: Tx, table: str, names: str, data: list[tuple[Any, ...]], conflict: str) -> None:
    """PostgreSQL: ``COPY`` straight into the table, the fast way; when a row is a fact the table
    holds already (the unique index refuses the whole ``COPY``), through a scratch table and
    ``INSERT … ON CONFLICT`` instead. Relations, often stated again, always take the second way."""
    import psycopg

    conn = tx.conn
    raw: Any = conn.connection.driver_connection
    if table != "relations":
        attempt = conn.begin_nested()
        try:
            with raw.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
        except psycopg.errors.UniqueViolation:
            attempt.rollback()
        else:
            attempt.commit()
            return
    scratch = f"mg_new_{table}"
    conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {scratch} ON COMMIT DELETE ROWS AS SELECT {names} FROM {table} WITH NO DATA")
    with raw.cursor() as cur, cur.copy(f"COPY {scratch} ({names}) FROM STDIN") as copy:
        for row in data:
            copy.write_row(row)
    conn.exec_driver_sql(f"INSERT INTO {table} ({names}) SELECT {names} FROM {scratch} {conflict}")
    conn.exec_driver_sql(f"DELETE FROM {scratch}")  # a second write in this transaction starts empty


# --- identifiers ----------------------------------------------------------------------------


def add_identifiers(tx: Tx, rows: Sequence[dict[str, object]]) -> None:
    """Insert identifier rows: dicts with entity_id, scheme, value, norm, qualifier, valid, source_id.

    A row the catalog already holds (same entity, identifier and source) is not added again.
    """
    insert_facts(tx, "identifiers", IDENTIFIER_COLS, [tuple(r[c] for c in IDENTIFIER_COLS) for r in rows])


def entities_by_identifier(tx: Tx, scheme: str, norm: str) -> list[int]:
    return [int(r[0]) for r in tx.fetch("SELECT DISTINCT entity_id FROM identifiers WHERE scheme = ? AND norm = ?", (scheme, norm))]


def identifiers_of(tx: Tx, entity_id: int) -> list[IdentifierRow]:
    valid = tx.converter(identifiers.c.valid)
    return [IdentifierRow(r[0], r[1], r[2], r[3], r[4], valid(r[5]), r[6]) for r in tx.fetch(_IDENTIFIERS_OF, (entity_id,))]


_IDENTIFIERS_OF = (
    "SELECT identifiers.entity_id, identifiers.scheme, identifiers.value, identifiers.norm, identifiers.qualifier, "
    "identifiers.valid, sources.uri FROM identifiers JOIN sources ON sources.id = identifiers.source_id "
    "WHERE identifiers.entity_id = ? ORDER BY identifiers.id"
)


# --- credits --------------------------------------------------------------------------------


def add_credits(tx: Tx, rows: Sequence[dict[str, object]]) -> None:
    """Insert credit rows: entity_id, agent_id, role, role_detail, character, credited_as, track, source_id.

    A credit the catalog already holds from the same source is not added again.
    """
    insert_facts(tx, "credits", CREDIT_COLS, [tuple(r[c] for c in CREDIT_COLS) for r in rows])


def _credit_select() -> sa.Select[tuple[object, ...]]:
    return sa.select(
        credits.c.entity_id,
        credits.c.agent_id,
        credits.c.role,
        credits.c.role_detail,
        credits.c.character,
        credits.c.credited_as,
        credits.c.track,
        sources.c.uri,
    ).join(sources, sources.c.id == credits.c.source_id)


def credits_of(tx: Tx, entity_id: int) -> list[CreditRow]:
    q = _credit_select().where(credits.c.entity_id == entity_id).order_by(credits.c.id)
    return [CreditRow(*r) for r in tx.execute(q)]


def credits_by_agent(tx: Tx, agent_id: int, *, limit: int = 500) -> list[CreditRow]:
    q = _credit_select().where(credits.c.agent_id == agent_id).order_by(credits.c.entity_id).limit(limit)
    return [CreditRow(*r) for r in tx.execute(q)]


def agents_credited_on(tx: Tx, entity_ids: Iterable[int]) -> dict[int, set[int]]:
    """entity id → the agent ids credited on it (for the shared-creator signal)."""
    ids = list(set(entity_ids))
    out: dict[int, set[int]] = {i: set() for i in ids}
    for i in range(0, len(ids), 500):
        q = sa.select(credits.c.entity_id, credits.c.agent_id).where(credits.c.entity_id.in_(ids[i : i + 500]))
        for eid, aid in tx.execute(q):
            out[eid].add(aid)
    return out


def credited_agents(tx: Tx, agent_ids: Iterable[int]) -> set[int]:
    """Those of the agents that are credited somewhere (as creator, label, reviewer…)."""
    ids = list(set(agent_ids))
    out: set[int] = set()
    for i in range(0, len(ids), 500):
        q = sa.select(credits.c.agent_id).where(credits.c.agent_id.in_(ids[i : i + 500])).distinct()
        out.update(r[0] for r in tx.execute(q))
    return out


# --- relations ------------------------------------------------------------------------------


def add_relations(tx: Tx, rows: Sequence[dict[str, object]]) -> None:
    """Insert relation rows: subject_id, subject_track, predicate, object_id, object_track, note, source_id, span_start, span_end.

    A relation the catalog already holds from the same source is not added again; the stored
    row takes the note and span of the new one when it had none (``RELATION_MERGE``).
    """
    insert_facts(tx, "relations", RELATION_COLS, [tuple(r[c] for c in RELATION_COLS) for r in rows])


def _relation_select() -> sa.Select[tuple[object, ...]]:
    return sa.select(
        relations.c.id,
        relations.c.subject_id,
        relations.c.subject_track,
        relations.c.predicate,
        relations.c.object_id,
        relations.c.object_track,
        relations.c.note,
        sources.c.uri,
        relations.c.span_start,
        relations.c.span_end,
    ).join(sources, sources.c.id == relations.c.source_id)


def _relation_row(r: Any) -> RelationRow:
    span = (int(r[8]), int(r[9])) if r[8] is not None and r[9] is not None else None
    return RelationRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], span)


def relations_of(tx: Tx, entity_id: int, *, include_suppressed: bool = False) -> list[RelationRow]:
    """Relations where the entity is subject or object, curators' removals left out."""
    return relations_of_many(tx, [entity_id], include_suppressed=include_suppressed)[entity_id]


_RELATIONS_OF = (
    "SELECT relations.id, relations.subject_id, relations.subject_track, relations.predicate, relations.object_id, "
    "relations.object_track, relations.note, sources.uri, relations.span_start, relations.span_end "
    "FROM relations JOIN sources ON sources.id = relations.source_id "
    "WHERE (relations.subject_id IN ({ids}) OR relations.object_id IN ({ids})){predicates}{suppressed} ORDER BY relations.id"
)
_PREDICATE_IN = " AND relations.predicate IN ({marks})"
# A relation a curator removed has a row in ``suppressed`` for its (subject, predicate, object).
_UNSUPPRESSED = (
    " AND NOT EXISTS (SELECT 1 FROM suppressed WHERE suppressed.subject_id = relations.subject_id "
    "AND suppressed.predicate = relations.predicate AND suppressed.object_id = relations.object_id)"
)


def relations_of_many(
    tx: Tx, ids: Iterable[int], *, include_suppressed: bool = False, predicates: Iterable[str] | None = None
) -> dict[int, list[RelationRow]]:
    """``relations_of`` for many entities in one query per 500 ids: id → its relations by row id.

    ``predicates`` keeps only relations with those predicates (the lineage walk wants a few).
    """
    wanted = list(dict.fromkeys(ids))
    out: dict[int, list[RelationRow]] = {i: [] for i in wanted}
    preds = sorted({str(p) for p in predicates}) if predicates is not None else None
    if preds == []:
        return out
    seen: set[int] = set()
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ",".join("?" * len(chunk))
        sql = _RELATIONS_OF.format(
            ids=marks,
            predicates=_PREDICATE_IN.format(marks=",".join("?" * len(preds))) if preds is not None else "",
            suppressed="" if include_suppressed else _UNSUPPRESSED,
        )
        for r in tx.fetch(sql, (*chunk, *chunk, *(preds or ()))):
            if r[0] in seen:
                continue  # joins ids of two chunks: already read with the first
            seen.add(r[0])
            row = _relation_row(r)
            if row.subject_id in out:
                out[row.subject_id].append(row)
            if row.object_id in out and row.object_id != row.subject_id:
                out[row.object_id].append(row)
    if len(wanted) > 500:
        for rows in out.values():
            rows.sort(key=lambda row: row.id)
    return out


def suppressed_set(tx: Tx, ids: Iterable[int]) -> set[tuple[int, str, int]]:
    ids = list(ids)
    if not ids:
        return set()
    q = sa.select(suppressed.c.subject_id, suppressed.c.predicate, suppressed.c.object_id).where(
        sa.or_(suppressed.c.subject_id.in_(ids), suppressed.c.object_id.in_(ids))
    )
    return {(a, p, b) for a, p, b in tx.execute(q)}


_FACT_TABLES = {"identifiers": identifiers, "credits": credits, "relations": relations}


def _point(tx: Tx, table: sa.Table, col: str, ids: Sequence[int], to: int) -> tuple[list[int], list[int]]:
    """Point rows ``ids`` of ``table`` at entity ``to`` through ``col``, except those that would
    copy a fact ``to`` already has from the same source; returns (moved ids, left ids)."""
    if not ids:
        return [], []
    keys = _key_columns(table.name)
    cols = [table.c[k] for k in keys]
    held = {
        tuple("" if v is None else v for v in r)
        for r in tx.execute(sa.select(*cols).where(table.c[col] == to))
    }
    at = keys.index(col)
    moved: list[int] = []
    left: list[int] = []
    wanted = list(ids)
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        for r in tx.execute(sa.select(table.c.id, *cols).where(table.c.id.in_(chunk), table.c[col] != to).order_by(table.c.id)):
            key = tuple(to if j == at else ("" if v is None else v) for j, v in enumerate(r[1:]))
            if key in held:
                left.append(r[0])
            else:
                held.add(key)
                moved.append(r[0])
    for i in range(0, len(moved), 500):
        tx.execute(table.update().where(table.c.id.in_(moved[i : i + 500])).values({col: to}))
    return moved, left


def retarget(tx: Tx, *, old: int, new: int) -> dict[str, list[int]]:
    """Point every fact row of entity ``old`` at ``new``; returns the moved row ids per table.

    A row that would repeat a fact ``new`` already has from the same source stays on ``old``
    (which is merged away, so it shows nowhere), where undoing the merge finds it.
    """
    moved: dict[str, list[int]] = {}
    for table, cols in (
        (identifiers, ("entity_id",)),
        (credits, ("entity_id", "agent_id")),
        (relations, ("subject_id", "object_id")),
    ):
        for col in cols:
            c = table.c[col]
            ids = [r[0] for r in tx.execute(sa.select(table.c.id).where(c == old))]
            moved[f"{table.name}.{col}"] = _point(tx, table, col, ids, new)[0]
    return moved


def move_rows(tx: Tx, moved: dict[str, list[int]], *, to: int) -> None:
    """Undo of ``retarget``, and split: point the listed rows at ``to``. A row that would repeat
    a fact ``to`` already has from the same source is deleted: the fact is there."""
    for key, ids in moved.items():
        name, col = key.split(".")
        table = _FACT_TABLES[name]
        _, left = _point(tx, table, col, ids, to)
        for i in range(0, len(left), 500):
            tx.execute(table.delete().where(table.c.id.in_(left[i : i + 500])))


def rows_for_source(tx: Tx, entity_id: int, source_id: int) -> dict[str, list[int]]:
    """Row ids of the facts one source asserted about one entity (for split)."""
    out: dict[str, list[int]] = {}
    for table, cols in (
        (identifiers, ("entity_id",)),
        (credits, ("entity_id",)),
        (relations, ("subject_id", "object_id")),
    ):
        for col in cols:
            q = sa.select(table.c.id).where(table.c[col] == entity_id, table.c.source_id == source_id)
            out[f"{table.name}.{col}"] = [r[0] for r in tx.execute(q)]
    return out


def delete_source_facts(tx: Tx, source_id: int) -> set[int]:
    """Remove every fact row a source asserted; returns the entity ids they touched."""
    touched: set[int] = set()
    for table, cols in (
        (identifiers, ("entity_id",)),
        (credits, ("entity_id", "agent_id")),
        (relations, ("subject_id", "object_id")),
    ):
        for col in cols:
            touched.update(r[0] for r in tx.execute(sa.select(table.c[col]).where(table.c.source_id == source_id)))
        tx.execute(table.delete().where(table.c.source_id == source_id))
    return touched


def delete_stated_facts(tx: Tx, entity_id: int, source_id: int) -> None:
    """Remove what one source asserted about an entity: its identifiers and credits, and the
    relations it is the subject of (the source now states the record differently)."""
    tx.execute(identifiers.delete().where(identifiers.c.entity_id == entity_id, identifiers.c.source_id == source_id))
    tx.execute(credits.delete().where(credits.c.entity_id == entity_id, credits.c.source_id == source_id))
    tx.execute(relations.delete().where(relations.c.subject_id == entity_id, relations.c.source_id == source_id))


# --- relations waiting for a record -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PendingRow:
    """A relation a source stated between two record keys, one of them not in the catalog yet."""

    id: int
    source_id: int
    subject_key: str
    subject_track: str | None
    predicate: str
    object_key: str
    object_track: str | None
    note: str | None


PENDING_COLS = ("source_id", "subject_key", "subject_track", "predicate", "object_key", "object_track", "note")


def add_pending(tx: Tx, rows: Sequence[tuple[Any, ...]]) -> None:
    """Keep relations (tuples in ``PENDING_COLS`` order) until both their records are imported; each once."""
    if not rows:
        return
    marks = ", ".join(["%s" if tx.dialect == "postgresql" else "?"] * len(PENDING_COLS))
    tx.conn.exec_driver_sql(
        f"INSERT INTO pending_relations ({', '.join(PENDING_COLS)}) VALUES ({marks}) ON CONFLICT DO NOTHING", list(dict.fromkeys(rows))
    )


def has_pending(tx: Tx) -> bool:
    return bool(tx.fetch("SELECT 1 FROM pending_relations LIMIT 1"))


def pending_for(tx: Tx, keys: Iterable[str]) -> list[PendingRow]:
    """The waiting relations that name any of ``keys`` as subject or object, oldest first."""
    wanted = sorted(set(keys))
    found: dict[int, PendingRow] = {}
    for col in ("subject_key", "object_key"):
        sql = f"SELECT id, {', '.join(PENDING_COLS)} FROM pending_relations WHERE {col} IN {{ids}}"
        for r in tx.fetch_in(sql, wanted):
            found[int(r[0])] = PendingRow(int(r[0]), int(r[1]), *r[2:])
    return [found[i] for i in sorted(found)]


def drop_pending(tx: Tx, ids: Sequence[int]) -> None:
    for i in range(0, len(ids), 500):
        tx.execute(pending_relations.delete().where(pending_relations.c.id.in_(list(ids[i : i + 500]))))


def referenced_entities(tx: Tx, entity_id: int) -> bool:
    """Whether any fact row still points at the entity (an agent credited somewhere, say)."""
    for table, col in ((credits, "agent_id"), (relations, "object_id"), (relations, "subject_id")):
        if tx.execute(sa.select(table.c.id).where(table.c[col] == entity_id).limit(1)).first():
            return True
    return False


def live_entity_ids(tx: Tx, ids: Iterable[int]) -> set[int]:
    ids = list(ids)
    q = sa.select(entities.c.id).where(entities.c.id.in_(ids))
    return {r[0] for r in tx.execute(q)}


__all__ = [
    "CREDIT_COLS",
    "IDENTIFIER_COLS",
    "PENDING_COLS",
    "RELATION_COLS",
    "CreditRow",
    "IdentifierRow",
    "PendingRow",
    "RelationRow",
    "add_credits",
    "add_identifiers",
    "add_pending",
    "add_relations",
    "agents_credited_on",
    "credited_agents",
    "credits_by_agent",
    "credits_of",
    "delete_curator_relation",
    "delete_source_facts",
    "delete_stated_facts",
    "drop_pending",
    "entities_by_identifier",
    "has_pending",
    "identifiers_of",
    "insert_facts",
    "live_entity_ids",
    "move_rows",
    "pending_for",
    "referenced_entities",
    "relations_of",
    "relations_of_many",
    "retarget",
    "rows_for_source",
    "suppressed_set",
    "unique_rows",
]


def delete_curator_relation(tx: Tx, subject_id: int, predicate: str, object_id: int) -> None:
    """Remove the relation rows curators added for this triple (undo of ``link``)."""
    curator_sources = sa.select(sources.c.id).where(sources.c.kind == "curator")
    tx.execute(
        relations.delete().where(
            relations.c.subject_id == subject_id,
            relations.c.predicate == predicate,
            relations.c.object_id == object_id,
            relations.c.source_id.in_(curator_sources),
        )
    )
