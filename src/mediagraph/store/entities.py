"""Entity rows (the values chosen for display) and statement rows (what each source said)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from mediagraph.errors import NotFoundError, UsageError
from mediagraph.store.catalog import Tx
from mediagraph.store.schema import entities, statements

PREFIX = {"work": "w", "release": "r", "agent": "a", "review": "v", "citation": "c"}
ETYPE_OF_PREFIX = {v: k for k, v in PREFIX.items()}


def ref(etype: str, entity_id: int) -> str:
    """The public id of an entity: ``w12`` for work 12."""
    return f"{PREFIX[etype]}{entity_id}"


MAX_ID = 2**63 - 1  # the largest value of an id column, on SQLite and PostgreSQL alike


def in_range(entity_id: int) -> bool:
    """Whether an id fits the id columns; the driver cannot even send a larger one."""
    return 0 <= entity_id <= MAX_ID


def parse_id(digits: str, *, shown: str) -> int:
    """ASCII digits as an id; NotFoundError past ``MAX_ID`` (no row can have it), ``shown`` names it."""
    if len(digits) > len(str(MAX_ID)) or int(digits) > MAX_ID:
        # Counted before int(): Python refuses to convert more than a few thousand digits.
        raise NotFoundError(f"no entity with id {_short(shown)} (ids stop at {MAX_ID})")
    return int(digits)


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:30]}… ({len(text)} characters)"


def parse_ref(text: str) -> tuple[str | None, int]:
    """``w12`` → ("work", 12); a bare number → (None, 12).

    Only ASCII digits count (``str.isdigit`` also takes ``²`` and other scripts' digits).
    """
    t = text.strip()
    if t.isascii() and t.isdigit():
        return None, parse_id(t, shown=t)
    if len(t) > 1 and t[0] in ETYPE_OF_PREFIX and t[1:].isascii() and t[1:].isdigit():
        return ETYPE_OF_PREFIX[t[0]], parse_id(t[1:], shown=t)
    raise UsageError(f"not an entity id: {_short(text)!r} (ids look like w12, r3, a7, v2, c1)")


@dataclass(frozen=True, slots=True)
class EntityRow:
    id: int
    etype: str
    kind: str | None
    label: str
    year: int | None
    iri: str | None
    data: bytes
    merged_into: int | None
    created_at: datetime
    updated_at: datetime

    @property
    def ref(self) -> str:
        return ref(self.etype, self.id)


@dataclass(frozen=True, slots=True)
class StatementRow:
    id: int
    entity_id: int
    source_id: int
    source_uri: str
    source_kind: str
    local_key: str
    data: bytes


# An entity stated by one source whose shown record is that statement as it stands (most of a
# dump's first load) stores its data once, in the statement: ``entities.data`` is then empty
# (``SAME_AS_STATEMENT``) and every read takes the statement's bytes. Writes that change which
# statements an entity has, or what one says, first give the entity its own copy
# (``keep_data``); one more statement added to it is later than its first, so the read still
# takes the first until the entity's values are recomputed (``ingest.refresh``).
SAME_AS_STATEMENT = b""

# A dump's first load writes long JSON compressed (zlib, about a third of the size: most of a
# catalog's bytes are its records' JSON). ``unpack`` gives every read back the JSON as written:
# zlib's first byte is 0x78 ("x"), which no JSON text of a record (an object) starts with.
PACK_FROM = 512  # bytes: shorter JSON (most agents) gains too little to be worth the CPU
_PACK_LEVEL = 1


def pack(data: bytes) -> bytes:
    """``data`` as a bulk load stores it (compressed when long enough to gain)."""
    return zlib.compress(data, _PACK_LEVEL) if len(data) >= PACK_FROM else data


def unpack(data: bytes | memoryview) -> bytes:
    """Stored data as the JSON it was written as (``pack`` undone; plain JSON as it is)."""
    raw = bytes(data)
    return zlib.decompress(raw) if raw[:1] == b"x" else raw
_FIRST_STATEMENT = "(SELECT s.data FROM statements s WHERE s.entity_id = entities.id ORDER BY s.id LIMIT 1)"
DATA_SQL = f"CASE WHEN length(entities.data) > 0 THEN entities.data ELSE coalesce({_FIRST_STATEMENT}, entities.data) END"
shown_data = sa.case(
    (sa.func.length(entities.c.data) > 0, entities.c.data),
    else_=sa.func.coalesce(
        sa.select(statements.c.data).where(statements.c.entity_id == entities.c.id).order_by(statements.c.id).limit(1).scalar_subquery(),
        entities.c.data,
    ),
).label("data")


def keep_data(tx: Tx, entity_ids: Iterable[int]) -> None:
    """Give these entities their own copy of the data they read from their first statement."""
    tx.write_in(
        f"UPDATE entities SET data = {_FIRST_STATEMENT} WHERE length(data) = 0 AND id IN {{ids}} "
        "AND EXISTS (SELECT 1 FROM statements s WHERE s.entity_id = entities.id)",
        sorted(set(entity_ids)),
    )


_ENTITY_COLS = (
    entities.c.id,
    entities.c.etype,
    entities.c.kind,
    entities.c.label,
    entities.c.year,
    entities.c.iri,
    shown_data,
    entities.c.merged_into,
    entities.c.created_at,
    entities.c.updated_at,
)


# Reads run on every page: built once, so SQLAlchemy's compiled-statement cache hits at once.


def _now() -> datetime:
    return datetime.now(UTC)


def insert_entity(
    tx: Tx,
    etype: str,
    *,
    kind: str | None,
    label: str,
    label_key: str,
    year: int | None,
    data: bytes,
    iri: str | None = None,
) -> int:
    stamp = tx.binder(entities.c.created_at)(_now())
    values = (etype, kind, label, label_key, year, iri, data, stamp, stamp)
    if tx.dialect == "postgresql":
        # The next id after the highest, as SQLite gives it, not the sequence's: a sequence never
        # takes back the ids of a transaction that rolled back (a killed import, a failed ingest),
        # so the same work done again would get other ids (and other URLs) than a clean run's.
        # Writers take turns (``catalog._take_write_lock``), so no other can take the same id.
        given = int(tx.fetch("SELECT coalesce(max(id), 0) + 1 FROM entities")[0][0])
        return tx.insert(_INSERT_WITH_ID, (given, *values))
    return tx.insert(_INSERT_ENTITY, values)


# Every page inserts entities: through the driver (``Tx.insert``), not SQLAlchemy's statement building.
_ENTITY_INSERT_COLS = "etype, kind, label, label_key, year, iri, data, created_at, updated_at"
_INSERT_ENTITY = f"INSERT INTO entities ({_ENTITY_INSERT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_WITH_ID = f"INSERT INTO entities (id, {_ENTITY_INSERT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def update_entity(
    tx: Tx,
    entity_id: int,
    *,
    kind: str | None,
    label: str,
    label_key: str,
    year: int | None,
    data: bytes,
) -> bool:
    """Store new chosen values; returns whether anything changed (so timestamps stay honest)."""
    row = tx.execute(
        sa.select(entities.c.kind, entities.c.label, entities.c.year, shown_data).where(entities.c.id == entity_id)
    ).first()
    if row is not None and (row.kind, row.label, row.year, unpack(row.data)) == (kind, label, year, data):
        return False
    tx.execute(
        entities.update()
        .where(entities.c.id == entity_id)
        .values(kind=kind, label=label, label_key=label_key, year=year, data=data, updated_at=_now())
    )
    return True


def set_iri(tx: Tx, entity_id: int, iri: str) -> None:
    tx.execute(entities.update().where(entities.c.id == entity_id).values(iri=iri))


def set_merged_into(tx: Tx, entity_id: int, target: int | None) -> None:
    tx.execute(entities.update().where(entities.c.id == entity_id).values(merged_into=target))


def _row(r: sa.Row[tuple[object, ...]]) -> EntityRow:
    m = r._mapping
    return EntityRow(
        id=m["id"],
        etype=m["etype"],
        kind=m["kind"],
        label=m["label"],
        year=m["year"],
        iri=m["iri"],
        data=unpack(m["data"]),
        merged_into=m["merged_into"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
    )


_SELECT_ENTITY = f"SELECT id, etype, kind, label, year, iri, {DATA_SQL}, merged_into, created_at, updated_at FROM entities WHERE id "


def _fetch_entities(tx: Tx, ids: Sequence[int]) -> list[EntityRow]:
    """Entity rows by id through ``tx.fetch`` (the hot read of every page), converted as ``_row`` does."""
    if len(ids) == 1:
        raw = tx.fetch(_SELECT_ENTITY + "= ?", (ids[0],))
    else:
        raw = tx.fetch(_SELECT_ENTITY + "IN (" + ",".join("?" * len(ids)) + ")", tuple(ids))
    stamp = tx.converter(entities.c.created_at)
    return [EntityRow(r[0], r[1], r[2], r[3], r[4], r[5], unpack(r[6]), r[7], stamp(r[8]), stamp(r[9])) for r in raw]


def get_entity(tx: Tx, entity_id: int, *, follow: bool = True) -> EntityRow:
    """The entity with this id, following merges to the surviving entity."""
    if not in_range(entity_id):
        raise NotFoundError(f"no entity with id {entity_id}")
    seen: set[int] = set()
    current = entity_id
    while True:
        found = _fetch_entities(tx, (current,))
        if not found:
            raise NotFoundError(f"no entity with id {entity_id}")
        row = found[0]
        if not follow or row.merged_into is None or row.merged_into in seen:
            return row
        seen.add(current)
        current = row.merged_into


def get_by_ref(tx: Tx, text: str) -> EntityRow:
    etype, entity_id = parse_ref(text)
    row = get_entity(tx, entity_id)
    if etype is not None and row.etype != etype and row.id == entity_id:
        raise NotFoundError(f"no {etype} with id {text}")
    return row


def get_many(tx: Tx, ids: Iterable[int]) -> dict[int, EntityRow]:
    wanted = sorted(i for i in set(ids) if in_range(i))
    out: dict[int, EntityRow] = {}
    for i in range(0, len(wanted), 500):
        for row in _fetch_entities(tx, wanted[i : i + 500]):
            out[row.id] = row
    return out


def get_many_followed(tx: Tx, ids: Iterable[int]) -> dict[int, EntityRow]:
    """``get_entity`` for many ids: each id → its entity, following merges to the survivor.

    Ids with no entity are left out. One query per merge step (usually one in all).
    """
    found = get_many(tx, ids)
    out: dict[int, EntityRow] = {}
    chase: dict[int, tuple[int, set[int]]] = {}  # id → (where its merge chain has got to, ids passed)
    for i, row in found.items():
        if row.merged_into is None:
            out[i] = row
        else:
            chase[i] = (row.merged_into, {i})
    while chase:
        step = get_many(tx, {at for at, _ in chase.values()} - found.keys())
        found.update(step)
        nxt: dict[int, tuple[int, set[int]]] = {}
        for i, (at, passed) in chase.items():
            survivor = found.get(at)
            if survivor is None:
                continue  # the chain ends at a deleted entity; get_entity raises here too
            if survivor.merged_into is None or survivor.merged_into in passed | {at}:
                out[i] = survivor
            else:
                nxt[i] = (survivor.merged_into, passed | {at})
        chase = nxt
    return out


def find_by_iri(tx: Tx, iri: str) -> EntityRow | None:
    r = tx.fetch("SELECT id FROM entities WHERE iri = ?", (iri,))
    return get_entity(tx, int(r[0][0])) if r else None


def iri_owners(tx: Tx, iris: Iterable[str]) -> dict[str, int]:
    """IRI → the live entity holding it (merges followed), for the IRIs some entity holds."""
    held = {iri: eid for iri, eid in tx.fetch_in("SELECT iri, id FROM entities WHERE iri IN {ids}", sorted(set(iris)))}
    live = get_many_followed(tx, held.values())
    return {iri: live[eid].id for iri, eid in held.items() if eid in live}


def by_label_keys(tx: Tx, etype: str, keys: Sequence[str], *, limit: int = 200) -> list[EntityRow]:
    """Live entities of one type whose folded label is one of ``keys`` (the blocking step)."""
    if not keys:
        return []
    sql = (
        f"SELECT id, etype, kind, label, year, iri, {DATA_SQL}, merged_into, created_at, updated_at FROM entities "
        f"WHERE etype = ? AND label_key IN ({','.join('?' * len(keys))}) AND merged_into IS NULL LIMIT {int(limit)}"
    )
    stamp = tx.converter(entities.c.created_at)
    return [
        EntityRow(r[0], r[1], r[2], r[3], r[4], r[5], unpack(r[6]), r[7], stamp(r[8]), stamp(r[9]))
        for r in tx.fetch(sql, (etype, *keys))
    ]


def list_entities(
    tx: Tx, *, etype: str | None = None, limit: int = 100, offset: int = 0, recent: bool = False
) -> list[EntityRow]:
    q = sa.select(*_ENTITY_COLS).where(entities.c.merged_into.is_(None))
    if etype:
        q = q.where(entities.c.etype == etype)
    q = q.order_by(entities.c.created_at.desc(), entities.c.id.desc()) if recent else q.order_by(entities.c.id)
    return [_row(r) for r in tx.execute(q.limit(limit).offset(offset))]


def count_by_type(tx: Tx) -> dict[str, int]:
    q = (
        sa.select(entities.c.etype, sa.func.count())
        .where(entities.c.merged_into.is_(None))
        .group_by(entities.c.etype)
    )
    return {etype: n for etype, n in tx.execute(q)}


def delete_entity(tx: Tx, entity_id: int) -> None:
    tx.execute(entities.update().where(entities.c.merged_into == entity_id).values(merged_into=None))
    tx.execute(entities.delete().where(entities.c.id == entity_id))


# --- statements ---------------------------------------------------------------------------


def add_statement(tx: Tx, *, entity_id: int, source_id: int, local_key: str, data: bytes) -> int:
    result = tx.execute(
        statements.insert().values(entity_id=entity_id, source_id=source_id, local_key=local_key, data=data)
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def add_statements(tx: Tx, rows: Sequence[dict[str, Any]]) -> None:
    """Many statements at once (dicts with entity_id, source_id, local_key, data), in order."""
    tx.write(
        "INSERT INTO statements (entity_id, source_id, local_key, data) VALUES (?, ?, ?, ?)",
        [(r["entity_id"], r["source_id"], r["local_key"], r["data"]) for r in rows],
    )


def statements_for(tx: Tx, entity_id: int) -> list[StatementRow]:
    return statements_for_many(tx, [entity_id]).get(entity_id, [])


def statements_for_many(tx: Tx, ids: Sequence[int]) -> dict[int, list[StatementRow]]:
    out: dict[int, list[StatementRow]] = {}
    if not ids:
        return out
    sql = _STATEMENTS_OF.format(marks=",".join("?" * len(ids)))
    for r in tx.fetch(sql, tuple(ids)):
        out.setdefault(r[1], []).append(StatementRow(r[0], r[1], r[2], r[3], r[4], r[5], unpack(r[6])))
    return out


_STATEMENTS_OF = (
    "SELECT statements.id, statements.entity_id, statements.source_id, sources.uri, sources.kind, "
    "statements.local_key, statements.data FROM statements JOIN sources ON sources.id = statements.source_id "
    "WHERE statements.entity_id IN ({marks}) ORDER BY statements.source_id, statements.id"
)


def update_many(tx: Tx, rows: list[dict[str, object]]) -> None:
    """Store new chosen values for many entities: dicts of id, kind, label, label_key, year, data."""
    if not rows:
        return
    stamp = tx.binder(entities.c.updated_at)(_now())
    tx.write(
        "UPDATE entities SET kind = ?, label = ?, label_key = ?, year = ?, data = ?, updated_at = ? WHERE id = ?",
        [(r["kind"], r["label"], r["label_key"], r["year"], r["data"], stamp, r["id"]) for r in rows],
    )


def statement_count(tx: Tx, entity_id: int) -> int:
    return int(
        tx.execute(sa.select(sa.func.count()).where(statements.c.entity_id == entity_id)).scalar_one()
    )


def move_statements(tx: Tx, ids: Sequence[int], *, to: int) -> None:
    held = tx.fetch_in("SELECT DISTINCT entity_id FROM statements WHERE id IN {ids}", sorted(set(ids)))
    keep_data(tx, [to, *(int(r[0]) for r in held)])
    tx.execute(statements.update().where(statements.c.id.in_(list(ids))).values(entity_id=to))


__all__ = [
    "ETYPE_OF_PREFIX",
    "MAX_ID",
    "PACK_FROM",
    "PREFIX",
    "SAME_AS_STATEMENT",
    "EntityRow",
    "Stated",
    "StatementRow",
    "add_statement",
    "by_label_keys",
    "count_by_type",
    "delete_entity",
    "find_by_iri",
    "get_by_ref",
    "get_entity",
    "get_many",
    "get_many_followed",
    "has_statement",
    "in_range",
    "insert_entity",
    "iri_owners",
    "keep_data",
    "list_entities",
    "move_statements",
    "pack",
    "parse_id",
    "parse_ref",
    "ref",
    "set_iri",
    "set_merged_into",
    "shown_data",
    "statement_count",
    "statements_by_keys",
    "statements_for",
    "statements_for_many",
    "statements_of_source",
    "unpack",
    "update_entity",
    "update_many",
    "update_statement",
]


def has_statement(tx: Tx, source_id: int, local_key: str) -> bool:
    q = sa.select(statements.c.id).where(statements.c.source_id == source_id, statements.c.local_key == local_key)
    return tx.execute(q.limit(1)).first() is not None


@dataclass(frozen=True, slots=True)
class Stated:
    """A source's statement about one record, as stored: its row id, entity and data."""

    id: int
    entity_id: int
    data: bytes


def statements_by_keys(tx: Tx, source_id: int, keys: Iterable[str]) -> dict[str, Stated]:
    """local key → this source's statement for the record with that key, for the keys it has one for."""
    wanted = sorted(set(keys))
    out: dict[str, Stated] = {}
    sql = "SELECT local_key, id, entity_id, data FROM statements WHERE source_id = ? AND local_key IN {ids}"
    for i in range(0, len(wanted), 500):
        part = wanted[i : i + 500]
        for key, sid, eid, data in tx.fetch(sql.format(ids="(" + ",".join("?" * len(part)) + ")"), [source_id, *part]):
            out[key] = Stated(int(sid), int(eid), unpack(data))
    return out


def update_statement(tx: Tx, statement_id: int, data: bytes) -> None:
    """Replace what a statement says (its source now says the record differently)."""
    keep_data(tx, [int(r[0]) for r in tx.fetch("SELECT entity_id FROM statements WHERE id = ?", (statement_id,))])
    tx.execute(statements.update().where(statements.c.id == statement_id).values(data=data))


def statements_of_source(tx: Tx, source_id: int) -> dict[str, int]:
    """local key → entity id for every statement a source made (so re-ingest keeps assignments)."""
    q = sa.select(statements.c.local_key, statements.c.entity_id).where(statements.c.source_id == source_id)
    return {k: e for k, e in tx.execute(q)}
