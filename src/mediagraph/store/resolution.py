"""The resolution engine's state: each work's and release's blocking keys and merged facts.

A key's block holds at most ``cap`` entities (the engine's ``max_block``): a key shared by more
(a title like "Greatest Hits") stops growing, and a full block is not used to find candidates.
Rows are replaced whole for an entity whenever its statements change (``resolve/state.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from mediagraph.store.catalog import Tx
from mediagraph.store.entities import unpack

_INSERT_KEY = (
    "INSERT INTO resolve_keys (etype, key, entity_id) SELECT CAST(? AS VARCHAR(16)), CAST(? AS TEXT), CAST(? AS INTEGER) "
    "WHERE (SELECT count(*) FROM resolve_keys WHERE etype = CAST(? AS VARCHAR(16)) AND key = CAST(? AS TEXT)) < CAST(? AS INTEGER) "
    "ON CONFLICT DO NOTHING"
)

_UPSERT_FACTS = (
    "INSERT INTO resolve_facts (entity_id, etype, facts) VALUES (?, ?, ?) "
    "ON CONFLICT (entity_id) DO UPDATE SET etype = excluded.etype, facts = excluded.facts"
)


def blocks(tx: Tx, etype: str, keys: Sequence[str]) -> dict[str, list[int]]:
    """The entities each key names (at most ``cap`` each, as stored), by key."""
    out: dict[str, list[int]] = {}
    if not keys:
        return out
    wanted = list(keys)
    for i in range(0, len(wanted), 400):
        part = wanted[i : i + 400]
        sql = "SELECT key, entity_id FROM resolve_keys WHERE etype = ? AND key IN {ids}"
        for k, eid in tx.fetch(sql.format(ids="(" + ",".join("?" * len(part)) + ")"), [etype, *part]):
            out.setdefault(k, []).append(int(eid))
    for v in out.values():
        v.sort()
    return out


def blocks_with_facts(tx: Tx, etype: str, keys: Sequence[str]) -> tuple[dict[str, list[int]], dict[int, bytes]]:
    """``blocks``, and ``facts_of`` the entities in them, in one query (a page reads a block
    and then its entities' facts, every time)."""
    out: dict[str, list[int]] = {}
    facts: dict[int, bytes] = {}
    wanted = list(keys)
    for i in range(0, len(wanted), 400):
        part = wanted[i : i + 400]
        sql = (
            "SELECT k.key, k.entity_id, f.facts FROM resolve_keys k LEFT JOIN resolve_facts f ON f.entity_id = k.entity_id "
            "WHERE k.etype = ? AND k.key IN {ids}"
        )
        for k, eid, raw in tx.fetch(sql.format(ids="(" + ",".join("?" * len(part)) + ")"), [etype, *part]):
            eid = int(eid)
            out.setdefault(k, []).append(eid)
            if raw is not None and eid not in facts:
                facts[eid] = bytes(raw)
    for v in out.values():
        v.sort()
    return out, facts


def facts_of(tx: Tx, ids: Iterable[int]) -> dict[int, bytes]:
    """The stored merged facts (JSON) of these entities, by id; absent ones are left out."""
    rows = tx.fetch_in("SELECT entity_id, facts FROM resolve_facts WHERE entity_id IN {ids}", sorted(set(ids)))
    return {int(e): bytes(f) for e, f in rows}


def keys_of(tx: Tx, ids: Iterable[int]) -> dict[int, set[str]]:
    """The keys stored for these entities."""
    out: dict[int, set[str]] = {}
    for k, e in tx.fetch_in("SELECT key, entity_id FROM resolve_keys WHERE entity_id IN {ids}", sorted(set(ids))):
        out.setdefault(int(e), set()).add(k)
    return out


def forget(tx: Tx, ids: Iterable[int]) -> None:
    """Drop the state of these entities (merged into another, or gone)."""
    wanted = sorted(set(ids))
    tx.write_in("DELETE FROM resolve_keys WHERE entity_id IN {ids}", wanted)
    tx.write_in("DELETE FROM resolve_facts WHERE entity_id IN {ids}", wanted)


def replace(
    tx: Tx,
    rows: Sequence[tuple[int, str, set[str], bytes]],
    *,
    cap: int,
    new: bool = False,
    grown: Sequence[tuple[int, str, set[str], bytes]] = (),
    made: set[int] | frozenset[int] = frozenset(),
) -> None:
    """Store (entity id, etype, keys, facts) for each entity, in place of what it had.

    ``new``: the entities were made in this transaction and have no state yet (a dump's bulk
    load), so there is nothing to read or delete first. ``grown``: rows of entities that only
    gained statements, whose keys are those their new statements bring: their facts are
    replaced and those keys added; none is taken away. ``made``: entities inserted in this
    transaction, which hold no keys yet (not looked for).
    """
    if not rows and not grown:
        return
    if new:
        _add_new(tx, rows, cap=cap)
        return
    every = [*rows, *grown]
    # Only the keys an entity gains or loses are written: one more statement of a work mostly
    # brings keys it has (deleting and adding them all again cost more than the rest of the page).
    asked = [r[0] for r in every if r[0] not in made]
    held = keys_of(tx, asked) if asked else {}
    gone = [(e, t, k) for e, t, keys, _f in rows for k in sorted(held.get(e, set()) - keys)]
    tx.write("DELETE FROM resolve_keys WHERE entity_id = ? AND etype = ? AND key = ?", gone)
    tx.write(_UPSERT_FACTS, [(e, t, f) for e, t, _k, f in every])
    _add_keys(tx, [(e, t, keys - held.get(e, set())) for e, t, keys, _f in every], cap=cap)


def _add_new(tx: Tx, rows: Sequence[tuple[int, str, set[str], bytes]], *, cap: int) -> None:
    """``replace`` for entities with no state yet (a dump's batch): nothing to read or delete first."""
    tx.write(_UPSERT_FACTS, [(e, t, f) for e, t, _k, f in rows])
    _add_keys(tx, [(e, t, keys) for e, t, keys, _f in rows], cap=cap)


def _add_keys(tx: Tx, rows: Sequence[tuple[int, str, set[str]]], *, cap: int) -> None:
    """Add (entity id, etype, keys it does not hold yet), each key only while its block holds
    fewer than ``cap`` entities: what ``_INSERT_KEY`` stores row by row, with the blocks of the
    keys counted in one query each 400 keys (on PostgreSQL one query, an index probe a key that
    stops at ``cap`` rows: a full block takes no key either way), not by a count subquery for
    every key (several times the cost of the inserts themselves, on every page too)."""
    sizes: dict[tuple[str, str], int] = {}
    by_type: dict[str, set[str]] = {}
    for _e, t, keys in rows:
        by_type.setdefault(t, set()).update(keys)
    for t, keys in by_type.items():
        wanted = sorted(keys)
        if tx.dialect == "postgresql":
            # One index probe a key, each stopping at ``cap`` rows. With ``key IN (…)`` and the
            # statistics of a table still filling up (a first load runs ahead of autovacuum),
            # PostgreSQL read every key of the type for each query: 30 % of a 5k-release load's
            # wall time, and growing with the table.
            sql = (
                "SELECT k, (SELECT count(*) FROM (SELECT 1 FROM resolve_keys r WHERE r.etype = ? AND r.key = k LIMIT ?) c) "
                "FROM unnest(CAST(? AS TEXT[])) AS k"
            )
            for k, n in tx.fetch(sql, [t, cap, wanted]):
                sizes[(t, k)] = int(n)
            continue
        for i in range(0, len(wanted), 400):
            part = wanted[i : i + 400]
            sql = "SELECT key, count(*) FROM resolve_keys WHERE etype = ? AND key IN {ids} GROUP BY key"
            for k, n in tx.fetch(sql.format(ids="(" + ",".join("?" * len(part)) + ")"), [t, *part]):
                sizes[(t, k)] = int(n)
    added: list[tuple[str, str, int]] = []
    for e, t, keys in rows:  # in the order, and with the cap, of ``_INSERT_KEY`` row by row
        for k in sorted(keys):
            n = sizes.get((t, k), 0)
            if n < cap:
                sizes[(t, k)] = n + 1
                added.append((t, k, e))
    tx.write("INSERT INTO resolve_keys (etype, key, entity_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", added)


def statements_of_type(tx: Tx, etype: str) -> list[tuple[int, bytes]]:
    """(entity id, statement data) of every live entity of a type, in ingest order."""
    return [(st.entity, st.data) for st in statements_of_types(tx, [etype])]


class Statement(NamedTuple):
    entity: int
    etype: str
    source: int
    id: int
    local_key: str
    data: bytes


def statements_of_types(tx: Tx, etypes: Sequence[str]) -> list[Statement]:
    """Every statement about a live entity of these types, in ingest order."""
    sql = (
        "SELECT statements.entity_id, entities.etype, statements.source_id, statements.id, statements.local_key, statements.data "
        "FROM statements JOIN entities ON entities.id = statements.entity_id "
        "WHERE entities.etype IN {ids} AND entities.merged_into IS NULL ORDER BY statements.source_id, statements.id"
    )
    return [Statement(int(e), str(t), int(s), int(i), str(k), unpack(d)) for e, t, s, i, k, d in tx.fetch_in(sql, list(etypes))]


def ids_of_type(tx: Tx, etypes: Sequence[str]) -> list[int]:
    """Every live entity of these types."""
    sql = "SELECT id FROM entities WHERE merged_into IS NULL AND etype IN {ids}"
    return [int(r[0]) for r in tx.fetch_in(sql, list(etypes))]


def has_state(tx: Tx) -> bool:
    """Whether any entity's state is stored (a catalog from before the engine kept it has none)."""
    return bool(tx.fetch("SELECT 1 FROM resolve_facts LIMIT 1"))


__all__ = ["Statement", "blocks", "blocks_with_facts", "facts_of", "forget", "has_state", "ids_of_type", "keys_of", "replace", "statements_of_type", "statements_of_types"]
