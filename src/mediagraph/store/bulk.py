"""Bulk writes for the first load of a dump: whole batches of rows in a few statements (COPY on PostgreSQL).

The fast path of ``resolve/bulk.py`` computes every row of a batch in memory and hands them here
at once. Rows are plain tuples in the column order of the ``*_COLS`` constants below. Entity ids
are assigned by the caller from ``next_entity_id`` so a batch needs no ``RETURNING``; the
transaction holds the write lock (``BEGIN IMMEDIATE`` on SQLite, a table lock on PostgreSQL),
so no other writer can take the same ids.

Search documents: on SQLite, indexing each document through the FTS5 trigger costs about 2.3
times what one ``rebuild`` of the index costs at the end. So a bulk load writes its documents to
the staging table ``bulk_search_docs`` and ``publish_docs`` moves them into ``search_docs`` and
rebuilds the index in the transaction that marks the import finished. The index is never out of
step with ``search_docs``: after a crash the staged documents simply wait (the entities are not
found by search yet) until the resumed run finishes. PostgreSQL stages them the same way: there
each document inserted into ``search_docs`` costs its tsvector, two GIN index updates and a
vocabulary trigger, so ``publish_docs`` inserts them all at once and builds the GIN indexes and
the vocabulary in one go (``_publish_pg``).

Durability: the catalog keeps ``synchronous=NORMAL`` in WAL mode during bulk loads. That
already costs no fsync per commit (only at checkpoints), and a power loss can then lose only
the last commits, never corrupt the file; since each batch commits together with the import's
resume counter, a lost commit is a batch the re-run loads again. ``synchronous=OFF`` would
save little more and could corrupt the file on power loss, which no resume can repair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa

from mediagraph.store.catalog import AUTOCHECKPOINT, Tx
from mediagraph.store.entities import pack
from mediagraph.store.facts import CREDIT_COLS, IDENTIFIER_COLS, RELATION_COLS, insert_facts
from mediagraph.store.schema import entities, identifiers, statements

ENTITY_COLS = ("id", "etype", "kind", "label", "label_key", "year", "iri", "data", "created_at", "updated_at")
STATEMENT_COLS = ("entity_id", "source_id", "local_key", "data")
DECISION_COLS = ("source_id", "local_key", "entity_id", "outcome", "score", "reasons")
DOC_COLS = ("entity_id", "etype", "kind", "year", "title_key", "body", "weight")

# Page cache for the load (KiB when negative): B-tree pages of the fact indexes stay in memory.
BULK_CACHE_KIB = 256 * 1024
NORMAL_CACHE_KIB = 64 * 1024
# WAL pages between checkpoints: fewer, larger checkpoints while loading.
BULK_AUTOCHECKPOINT = 16384
NORMAL_AUTOCHECKPOINT = AUTOCHECKPOINT

_CHUNK = 500  # parameters per IN (…) lookup

# FTS5 holds this many bytes of terms in memory before writing a segment. Its default (1 MiB)
# made the end-of-load ``rebuild`` write dozens of small segments and merge them again and
# again: 64 MiB halved the rebuild's CPU at 20k releases (1.06 → 0.51 s) and left a smaller
# index. Set for the rebuild only; every other write keeps the default.
REBUILD_HASH_BYTES = 64 << 20
FTS5_HASH_BYTES = 1 << 20


@dataclass(slots=True)
class Rows:
    """Every row one batch adds, as tuples in the ``*_COLS`` order (``reasons`` as a dict)."""

    entities: list[tuple[Any, ...]] = field(default_factory=list)
    statements: list[tuple[Any, ...]] = field(default_factory=list)
    identifiers: list[tuple[Any, ...]] = field(default_factory=list)
    credits: list[tuple[Any, ...]] = field(default_factory=list)
    relations: list[tuple[Any, ...]] = field(default_factory=list)
    decisions: list[tuple[Any, ...]] = field(default_factory=list)
    docs: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class KeyHit:
    """An entity found by a record key: its id, type and whether this source already spoke of it."""

    id: int
    etype: str
    stated: bool
    merged_into: int | None = None


def tune(tx: Tx, *, bulk: bool) -> None:
    """Connection settings for a bulk load (``bulk=True``) or back to the everyday ones."""
    if tx.dialect != "sqlite":
        return
    cache = BULK_CACHE_KIB if bulk else NORMAL_CACHE_KIB
    checkpoint = BULK_AUTOCHECKPOINT if bulk else NORMAL_AUTOCHECKPOINT
    tx.conn.exec_driver_sql(f"PRAGMA cache_size=-{cache}")
    tx.conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={checkpoint}")


def analyze(tx: Tx) -> None:
    """Fresh planner statistics for the tables a bulk load looks keys up in (PostgreSQL).

    A bulk load writes faster than autovacuum analyzes: resumed after 10,000 releases, the
    planner still took ``statements`` for the empty table it last saw and answered each batch's
    key lookup by reading all of the source's statements (``local_key IN (…)`` as a filter, not
    an index condition), 0.34 s a lookup and 3× the time of a fresh import. A few hundred
    milliseconds of ANALYZE at the start of a load into a non-empty catalog avoids it, and so
    does one after the 4th, 8th, 16th, … batch of any load (``import_dump``), whose own rows
    are soon most of what the planner must know about.
    """
    if tx.dialect == "postgresql":
        tx.conn.exec_driver_sql("ANALYZE entities, statements, identifiers, resolve_keys")


# Tables a first load writes most rows to. On PostgreSQL each row of them ran one trigger per
# foreign key (a lookup of the entity or source it names): two thirds of a COPY's cost, 44 against
# 13 µs a credit row. A load sets their foreign keys aside and makes them again at its end
# (``restore_keys``), which checks every row in one join a key.
KEYED_TABLES = ("credits", "identifiers", "relations", "statements", "decisions")
KEYS_ASIDE = "bulk_keys_aside"


def set_keys_aside(tx: Tx) -> None:
    """PostgreSQL: drop the foreign keys of ``KEYED_TABLES`` for a bulk load, their definitions
    kept in the table ``bulk_keys_aside`` (committed with the drop, so a load killed before its
    end leaves them for the next load's ``restore_keys``). Nothing on SQLite, where a key's
    check is an index probe inside the insert."""
    if tx.dialect != "postgresql":
        return
    conn = tx.conn
    conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {KEYS_ASIDE} (tbl TEXT NOT NULL, name TEXT PRIMARY KEY, definition TEXT NOT NULL)")
    found = conn.exec_driver_sql(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.contype = 'f' AND c.conrelid = ANY(CAST(%(tables)s AS regclass[])) ORDER BY 1, 2",
        {"tables": list(KEYED_TABLES)},
    ).all()
    for table, name, definition in found:
        conn.exec_driver_sql(
            f"INSERT INTO {KEYS_ASIDE} (tbl, name, definition) VALUES (%(t)s, %(n)s, %(d)s) ON CONFLICT DO NOTHING",
            {"t": table, "n": name, "d": definition},
        )
        conn.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')


def restore_keys(tx: Tx) -> int:
    """Make again the foreign keys a bulk load set aside (each checked over the whole table in
    one join); how many. Nothing to do on SQLite, or when none are aside."""
    if tx.dialect != "postgresql":
        return 0
    conn = tx.conn
    if not conn.exec_driver_sql("SELECT to_regclass(%(t)s) IS NOT NULL", {"t": KEYS_ASIDE}).scalar():
        return 0
    aside = conn.exec_driver_sql(f"SELECT tbl, name, definition FROM {KEYS_ASIDE} ORDER BY tbl, name").all()
    for table, name, definition in aside:
        conn.exec_driver_sql(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    conn.exec_driver_sql(f"DROP TABLE {KEYS_ASIDE}")
    return len(aside)


def next_entity_id(tx: Tx) -> int:
    """The first free entity id; the caller's transaction keeps it free until commit."""
    if tx.dialect == "postgresql":
        # Writers to entities wait for this batch; readers do not.
        tx.conn.exec_driver_sql("LOCK TABLE entities IN EXCLUSIVE MODE")
    top = tx.execute(sa.select(sa.func.max(entities.c.id))).scalar()
    return int(top or 0) + 1


def lookup_keys(tx: Tx, source_id: int, keys: Iterable[str]) -> dict[str, KeyHit]:
    """Record keys already in the catalog: this source's statements by local key, then IRIs."""
    wanted = sorted(set(keys))
    out: dict[str, KeyHit] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        q = (
            sa.select(statements.c.local_key, statements.c.entity_id, entities.c.etype, entities.c.merged_into)
            .join(entities, entities.c.id == statements.c.entity_id)
            .where(statements.c.source_id == source_id, statements.c.local_key.in_(chunk))
        )
        for key, eid, etype, merged in tx.execute(q):
            out[key] = KeyHit(eid, etype, True, merged)
    rest = [k for k in wanted if k not in out and not k.startswith("_:")]
    for i in range(0, len(rest), _CHUNK):
        chunk = rest[i : i + _CHUNK]
        q = sa.select(entities.c.iri, entities.c.id, entities.c.etype, entities.c.merged_into).where(entities.c.iri.in_(chunk))
        for iri, eid, etype, merged in tx.execute(q):
            out[iri] = KeyHit(eid, etype, False, merged)
    return out


def iri_owners(tx: Tx, iris: Iterable[str]) -> dict[str, int]:
    """IRI → entity id for the IRIs some entity holds."""
    wanted = sorted(set(iris))
    out: dict[str, int] = {}
    for i in range(0, len(wanted), _CHUNK):
        q = sa.select(entities.c.iri, entities.c.id).where(entities.c.iri.in_(wanted[i : i + _CHUNK]))
        out.update({iri: eid for iri, eid in tx.execute(q)})
    return out


def lookup_identifiers(tx: Tx, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[int]]:
    """(scheme, normalised value) → the entities holding that identifier, lowest id first."""
    by_scheme: dict[str, set[str]] = {}
    for scheme, norm in pairs:
        by_scheme.setdefault(scheme, set()).add(norm)
    out: dict[tuple[str, str], list[int]] = {}
    for scheme, norms in by_scheme.items():
        values = sorted(norms)
        for i in range(0, len(values), _CHUNK):
            q = (
                sa.select(identifiers.c.norm, identifiers.c.entity_id)
                .where(identifiers.c.scheme == scheme, identifiers.c.norm.in_(values[i : i + _CHUNK]))
                .distinct()
                .order_by(identifiers.c.entity_id)
            )
            for norm, eid in tx.execute(q):
                out.setdefault((scheme, norm), []).append(eid)
    return out


def write(tx: Tx, rows: Rows) -> None:
    """Insert one batch's rows: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""
    now = datetime.now(UTC)
    # The records' JSON, most of the bytes, compressed when long (``entities.pack``).
    packed = [(*r[:7], pack(r[7])) for r in rows.entities]
    ents = [(*r, now, now) for r in packed]
    decisions = [(*r[:5], orjson.dumps(r[5]).decode()) for r in rows.decisions]
    tables: list[tuple[str, Sequence[str], list[tuple[Any, ...]]]] = [
        ("entities", ENTITY_COLS, ents),
        ("statements", STATEMENT_COLS, [(e, s, k, pack(d)) for e, s, k, d in rows.statements]),
        ("decisions", DECISION_COLS, decisions),
        ("search_docs", DOC_COLS, rows.docs),
    ]
    # Facts go in once each (``facts.insert_facts``), after the entities they point at.
    fact_rows: tuple[tuple[str, Sequence[str], list[tuple[Any, ...]]], ...] = (
        ("identifiers", IDENTIFIER_COLS, rows.identifiers),
        ("credits", CREDIT_COLS, rows.credits),
        ("relations", RELATION_COLS, rows.relations),
    )
    if tx.dialect == "postgresql":
        if rows.docs:
            _ensure_staging(tx)
            tables[-1] = (STAGING, DOC_COLS, rows.docs)
        _copy(tx, tables)
        for name, cols, data in fact_rows:
            insert_facts(tx, name, cols, data)
        if ents:
            top = max(r[0] for r in ents)
            # Ids were given explicitly: move the sequence past them for later single inserts.
            tx.conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('entities', 'id'), %(top)s)", {"top": top})
        return
    if ents:
        # One stamp for the batch, bound as sqlite3 would bind the datetime (``isoformat(" ")``)
        # but made once, not twice a row.
        stamp = entities.c.created_at.type.bind_processor(tx.conn.dialect)
        s = stamp(now) if stamp is not None else now.isoformat(" ")
        ents = [(*r, s, s) for r in packed]
        tables[0] = ("entities", ENTITY_COLS, ents)
    if rows.docs:
        _ensure_staging(tx)
        tables[-1] = (STAGING, DOC_COLS, rows.docs)
    for name, cols, data in tables:
        if data:
            marks = ", ".join("?" * len(cols))
            tx.conn.exec_driver_sql(f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({marks})", data)
    for name, cols, data in fact_rows:
        insert_facts(tx, name, cols, data)


STAGING = "bulk_search_docs"


def _ensure_staging(tx: Tx) -> None:
    # A plain (logged) table on PostgreSQL too: an unlogged one is emptied by a server crash,
    # which would lose the documents of batches already committed.
    tx.conn.exec_driver_sql(
        f"CREATE TABLE IF NOT EXISTS {STAGING} (entity_id INTEGER PRIMARY KEY, etype VARCHAR(16) NOT NULL, "
        "kind VARCHAR(32), year INTEGER, title_key TEXT NOT NULL, body TEXT NOT NULL, weight INTEGER NOT NULL)"
    )


def has_staged_docs(tx: Tx) -> bool:
    """Whether a bulk load that has not finished holds search documents back."""
    return _staging_exists(tx)


def _staging_exists(tx: Tx) -> bool:
    if tx.dialect == "postgresql":
        found = tx.conn.exec_driver_sql("SELECT to_regclass(%(t)s) IS NOT NULL", {"t": STAGING}).scalar()
        return bool(found)
    row = tx.conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (STAGING,)).first()
    return row is not None


def publish_docs(tx: Tx) -> int:
    """Move staged search documents into ``search_docs`` and rebuild the FTS index; returns how many.

    The insert triggers (FTS5 and the search outbox) are set aside for the move (their own text
    is put back, so the schema stays the migrations'), then one ``rebuild`` indexes every
    document, its words join the typo vocabulary, and one outbox row asks the tantivy index for a full rebuild, which the importing
    process makes once this commits; the rebuild runs with a large term buffer
    (``REBUILD_HASH_BYTES``). All of it is one transaction. A document written meanwhile
    by a normal ingest is newer and is kept; one of an entity joined into another since is dropped.
    """
    from mediagraph.store import search

    if not _staging_exists(tx):
        return 0
    if tx.dialect == "postgresql":
        return _publish_pg(tx)
    triggers = tx.conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_docs' AND sql LIKE '%AFTER INSERT%'"
    ).all()
    for name, _sql in triggers:
        tx.conn.exec_driver_sql(f"DROP TRIGGER {name}")
    cols = ", ".join(DOC_COLS)
    moved = tx.conn.exec_driver_sql(
        f"INSERT OR IGNORE INTO search_docs ({cols}) SELECT {', '.join('s.' + c for c in DOC_COLS)} "
        f"FROM {STAGING} s JOIN entities e ON e.id = s.entity_id AND e.merged_into IS NULL"
    ).rowcount
    for _name, sql in triggers:
        tx.conn.exec_driver_sql(sql)
    hashsize = "INSERT INTO search_fts(search_fts, rank) VALUES ('hashsize', ?)"
    tx.conn.exec_driver_sql(hashsize, (REBUILD_HASH_BYTES,))
    tx.conn.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    tx.conn.exec_driver_sql(hashsize, (FTS5_HASH_BYTES,))
    tx.conn.exec_driver_sql(f"DROP TABLE {STAGING}")
    _give_back_free_pages(tx)
    has_words = tx.conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_words'").first()
    if has_words is not None:  # the typo vocabulary, read once from the rebuilt index
        tx.conn.exec_driver_sql(
            "INSERT OR IGNORE INTO search_words (len, term) SELECT length(term), term FROM search_vocab WHERE term NOT GLOB '*[0-9]*'"
        )
    has_outbox = tx.conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_outbox'").first()
    if has_outbox is not None:
        tx.conn.exec_driver_sql("INSERT INTO search_outbox (entity_id) VALUES (NULL)")
        search.outbox_written(tx)
    return int(moved or 0)


def _give_back_free_pages(tx: Tx) -> None:
    """SQLite: shrink the file by the pages the dropped staging table left free (a catalog made
    with ``auto_vacuum=INCREMENTAL``, as every new one is; older ones keep them for later rows).

    The driver runs a statement that returns nothing one step at a time, and each step of
    ``incremental_vacuum`` frees one page, so it is run once per free page (≈ 20 µs a page).
    """
    conn = tx.conn
    if conn.exec_driver_sql("PRAGMA auto_vacuum").scalar() != 2:
        return
    raw: Any = conn.connection.driver_connection
    before, free = -1, int(raw.execute("PRAGMA freelist_count").fetchone()[0])
    while 0 < free != before:  # stops too if a pass frees nothing
        for _ in range(free):
            raw.execute("PRAGMA incremental_vacuum")
        before, free = free, int(raw.execute("PRAGMA freelist_count").fetchone()[0])


def _publish_pg(tx: Tx) -> int:
    """PostgreSQL side of ``publish_docs``: the staged documents go in with one INSERT … SELECT.

    Inserting row by row into the two GIN indexes (the tsvector's, with fastupdate off, and the
    title trigrams'), the two title B-trees (in title order, not the documents') and through the
    per-row vocabulary trigger costs several times what building them once costs. So, inside
    this one transaction, every index but the primary key is dropped and
    made again from their own definitions (``pg_indexes``), the trigger is disabled and the new
    words are added in one statement. Readers of ``search_docs`` wait for the commit.
    """
    conn = tx.conn
    # Every index but the primary key (ON CONFLICT needs it). Read from pg_index by the table's
    # oid: the pg_indexes view computes definitions of other schemas' indexes too, and so waits on
    # any other schema's search_docs while its own publish holds it.
    gin = conn.exec_driver_sql(
        "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = 'search_docs'::regclass AND NOT i.indisunique"
    ).all()
    for name, _sql in gin:
        conn.exec_driver_sql(f"DROP INDEX {name}")
    triggers = [
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'search_docs'::regclass AND NOT tgisinternal AND tgenabled <> 'D'"
        )
    ]
    for name in triggers:
        conn.exec_driver_sql(f"ALTER TABLE search_docs DISABLE TRIGGER {name}")
    cols = ", ".join(DOC_COLS)
    moved = conn.exec_driver_sql(
        f"INSERT INTO search_docs ({cols}) SELECT {', '.join('s.' + c for c in DOC_COLS)} "
        f"FROM {STAGING} s JOIN entities e ON e.id = s.entity_id AND e.merged_into IS NULL ON CONFLICT (entity_id) DO NOTHING"
    ).rowcount
    for name in triggers:
        conn.exec_driver_sql(f"ALTER TABLE search_docs ENABLE TRIGGER {name}")
    has_terms = conn.exec_driver_sql("SELECT to_regclass('search_terms') IS NOT NULL").scalar()
    if has_terms:  # what the vocabulary trigger would have added, row by row
        conn.exec_driver_sql(
            "INSERT INTO search_terms (term) SELECT DISTINCT unnest(tsvector_to_array(d.tsv)) "
            f"FROM search_docs d JOIN {STAGING} s ON s.entity_id = d.entity_id ON CONFLICT DO NOTHING"
        )
    for _name, sql in gin:
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(f"DROP TABLE {STAGING}")
    return int(moved or 0)


def _copy(tx: Tx, tables: list[tuple[str, Sequence[str], list[tuple[Any, ...]]]]) -> None:
    raw: Any = tx.conn.connection.driver_connection
    with raw.cursor() as cur:
        for name, cols, data in tables:
            if not data:
                continue
            with cur.copy(f"COPY {name} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)


__all__ = [
    "CREDIT_COLS",
    "DECISION_COLS",
    "DOC_COLS",
    "ENTITY_COLS",
    "IDENTIFIER_COLS",
    "RELATION_COLS",
    "STATEMENT_COLS",
    "KeyHit",
    "Rows",
    "analyze",
    "has_staged_docs",
    "iri_owners",
    "lookup_identifiers",
    "lookup_keys",
    "next_entity_id",
    "publish_docs",
    "restore_keys",
    "set_keys_aside",
    "tune",
    "write",
]
