"""Opening a catalog (SQLite file or PostgreSQL), migrating it, and the transaction object.

All SQL in mediagraph runs inside ``with catalog.transaction() as tx:``; nothing else touches a
connection. A write transaction takes the catalog's write lock up front (``BEGIN IMMEDIATE`` on
SQLite, an advisory lock on PostgreSQL), so writers take turns and a second writer waits, or
fails with a clear message, instead of failing half-way through.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_dir
from sqlalchemy.engine import Connection, Engine

from mediagraph.errors import CatalogLockedError, MigrationError, StoreError, UsageError

ENV_VAR = "MEDIAGRAPH_DB"


def default_url() -> str:
    return f"sqlite:///{Path(user_data_dir('mediagraph')) / 'catalog.sqlite'}"


def resolve_url(db: str | None) -> str:
    """Turn ``--db`` (a path, ``sqlite:///…`` or ``postgresql://…``) into a SQLAlchemy URL."""
    raw = db or os.environ.get(ENV_VAR) or default_url()
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser().resolve()}"
    scheme, rest = raw.split("://", 1)
    scheme = scheme.lower()
    if scheme == "sqlite":
        return raw
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return f"postgresql+psycopg://{rest}"
    raise UsageError(
        f"unknown database scheme {scheme!r} in {raw!r}: use a file path, sqlite:///PATH or "
        "postgresql://HOST/DB"
    )


@dataclass(frozen=True, slots=True)
class Tx:
    """One open transaction; store functions take it as their first argument."""

    conn: Connection
    # The driver's connection, and whether any ``before_cursor_execute`` listener wants to see
    # the statements given to it directly (asked once a transaction, not once a statement).
    raw: Any = None
    listened: bool = True

    @classmethod
    def open(cls, conn: Connection) -> Tx:
        return cls(conn, conn.connection.driver_connection, bool(conn.dispatch.before_cursor_execute))

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    def execute(self, stmt: Any, params: Any = None) -> Any:
        return self.conn.execute(stmt, params)

    def _cursor(self, sql: str, params: Any, many: bool) -> Any:
        """A driver cursor for ``sql``, with ``before_cursor_execute`` listeners told, if any."""
        conn = self.conn
        raw = self.raw if self.raw is not None else conn.connection.driver_connection
        cursor = raw.cursor()  # type: ignore[union-attr]
        if self.listened:
            conn.dispatch.before_cursor_execute(conn, cursor, sql, params, None, many)
        return cursor

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The rows of one read written as plain SQL with ``?`` placeholders, as the driver gives them.

        For the few reads every page makes: SQLAlchemy's statement handling costs several times
        what SQLite spends answering them. Values are the driver's own (SQLite gives datetimes
        and JSON as text); the caller converts what it needs. Listeners of
        ``before_cursor_execute`` still see the statement.
        """
        if self.conn.dialect.paramstyle != "qmark":
            sql = _to_format(sql)
        cursor = self._cursor(sql, params, False)
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def write(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """One write written as plain SQL with ``?`` placeholders, run once per row of ``rows``
        (``fetch``'s way past SQLAlchemy's statement handling, for the writes every page makes)."""
        if not rows:
            return
        if self.conn.dialect.paramstyle != "qmark":
            sql = _to_format(sql)
        cursor = self._cursor(sql, rows, True)
        try:
            if len(rows) == 1:
                cursor.execute(sql, rows[0])
            else:
                cursor.executemany(sql, rows)
        finally:
            cursor.close()

    def insert(self, sql: str, params: Sequence[Any]) -> int:
        """One ``INSERT`` written as plain SQL with ``?`` placeholders (``write``'s way), into a
        table whose key is ``id``: the id the new row got."""
        pg = self.conn.dialect.paramstyle != "qmark"
        if pg:
            sql = _to_format(sql) + " RETURNING id"
        cursor = self._cursor(sql, params, False)
        try:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0]) if pg else int(cursor.lastrowid)
        finally:
            cursor.close()

    def write_in(self, sql: str, ids: Sequence[Any], *, chunk: int = 500) -> None:
        """``write`` over many ids: ``sql`` names them as ``IN {ids}``, given in chunks."""
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            self.write(sql.format(ids="(" + ",".join("?" * len(part)) + ")"), [part])

    def fetch_in(self, sql: str, ids: Sequence[Any], *, chunk: int = 500) -> list[Any]:
        """``fetch`` for a read over many ids: ``sql`` names them as ``IN {ids}``; they go in
        chunks of ``chunk`` (a long ``IN`` list costs more to bind than to answer), rows joined."""
        rows: list[Any] = []
        for i in range(0, len(ids), chunk):
            part = ids[i : i + chunk]
            rows += self.fetch(sql.format(ids="(" + ",".join("?" * len(part)) + ")"), part)
        return rows

    def converter(self, column: sa.Column[Any]) -> Callable[[Any], Any]:
        """What turns the driver's value of ``column`` into SQLAlchemy's (for rows from ``fetch``)."""
        return _converter(self.conn.dialect, column)

    def binder(self, column: sa.Column[Any]) -> Callable[[Any], Any]:
        """What turns a Python value into the driver's for ``column``, as SQLAlchemy would bind
        it (for ``write`` and ``insert``: a datetime on SQLite, a JSON value)."""
        return _binder(self.conn.dialect, column)


@functools.lru_cache(maxsize=64)
def _converter(dialect: sa.Dialect, column: sa.Column[Any]) -> Callable[[Any], Any]:
    process = column.type.dialect_impl(dialect).result_processor(dialect, None)
    return process if process is not None else _same


@functools.lru_cache(maxsize=64)
def _binder(dialect: sa.Dialect, column: sa.Column[Any]) -> Callable[[Any], Any]:
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else _same


def _same(value: Any) -> Any:
    return value


@functools.lru_cache(maxsize=512)
def _to_format(sql: str) -> str:
    # The statements given to ``fetch`` hold no literal ``?`` or ``%``.
    return sql.replace("?", "%s")


class Catalog:
    """A catalog database: open it once, then work in transactions."""

    def __init__(self, url: str | None = None, *, migrate: bool = True, timeout: float = 5.0) -> None:
        self.url = resolve_url(url)
        self.timeout = timeout
        self.engine = _make_engine(self.url, timeout=timeout)
        if migrate:
            self.migrate()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest revision (Alembic); refuse a newer catalog."""
        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("mediagraph.store") / "migrations"))
        script = ScriptDirectory.from_config(cfg)
        heads = set(script.get_heads())
        try:
            with self._begin(write=True) as conn:
                current = MigrationContext.configure(conn).get_current_revision()
                if current is not None and current not in {s.revision for s in script.walk_revisions()}:
                    raise MigrationError(
                        f"this catalog has schema revision {current}, newer than this mediagraph "
                        "knows: upgrade mediagraph"
                    )
                if current not in heads:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "head")
        except sa.exc.OperationalError as exc:
            raise _translate(exc, self.url) from None

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Tx]:
        """A transaction: committed when the block ends, rolled back whole on any error."""
        try:
            with self._begin(write=write) as conn:
                yield Tx.open(conn)
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
            raise _translate(exc, self.url) from None
        except Exception as exc:
            # The statements ``Tx`` gives the driver directly raise the driver's own errors.
            dbapi = self.engine.dialect.dbapi
            if dbapi is not None and isinstance(exc, (dbapi.OperationalError, dbapi.InterfaceError)):
                raise _translate(exc, self.url) from None
            raise

    @contextmanager
    def _begin(self, *, write: bool) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn = conn.execution_options(mg_write=write)
            with conn.begin():
                if write and self.dialect == "postgresql":
                    _take_write_lock(conn, self.timeout)
                yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _make_engine(url: str, *, timeout: float) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[-1]
        if path and path != ":memory:":
            parent = Path(path).parent
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the catalog folder {parent}: {exc.strerror}") from None
        # SQLite's busy timeout is a writer's wait (in WAL mode a reader never waits for one): as
        # long as on PostgreSQL. With the catalog's 5 s, an ingest during an import on a loaded
        # machine was refused ("the catalog is locked"): the import takes the lock again as soon
        # as it commits a batch, and SQLite's waiting writer only looks now and then.
        engine = sa.create_engine(url, connect_args={"timeout": write_wait(timeout)})
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": int(timeout)})
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise UsageError(f"cannot use database URL {url!r}: {exc}") from None


# A writer waits this many times the catalog's timeout for the one before it, on SQLite and
# PostgreSQL alike: its transactions (a dump batch, the end of a bulk load) run longer than a web
# request's.
WRITE_WAIT = 12


def write_wait(timeout: float) -> float:
    """Seconds a writer waits for the writer before it: ``MEDIAGRAPH_LOCK_WAIT`` when set (a
    script that would rather fail fast than queue), else 12 times the catalog's timeout (60 s)."""
    raw = os.environ.get("MEDIAGRAPH_LOCK_WAIT", "").strip()
    if not raw:
        return timeout * WRITE_WAIT
    try:
        wait = float(raw)
    except ValueError:
        raise UsageError(f"MEDIAGRAPH_LOCK_WAIT={raw!r}: give the seconds a writer waits for another, e.g. 60") from None
    if not 0 < wait <= 86400:
        raise UsageError(f"MEDIAGRAPH_LOCK_WAIT={raw!r}: give a number of seconds above 0 and at most 86400")
    return wait


def _take_write_lock(conn: Connection, timeout: float) -> None:
    """One writer at a time on a PostgreSQL catalog, as on SQLite (``BEGIN IMMEDIATE``).

    Two writers at once could each find a record missing and both add it (two imports of one
    dump, an ingest during an import): the one that committed second then failed on a unique
    index, or a relation waited for a record the other was adding. So every write transaction
    first takes a transaction-scoped advisory lock, one per catalog (per schema, so catalogs
    sharing a database do not wait for each other); readers never take it.
    """
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(write_wait(timeout) * 1000)}ms'")
    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('mediagraph writer ' || current_schema()))")


# WAL pages between automatic checkpoints on an everyday connection (SQLite's default is 1000).
# A page's ingest writes about 45 pages to the WAL, most of them the same index pages as the
# pages before it: a checkpoint every 20 pages copied each of those again and again, a third of
# what a page's commit cost in CPU. Past this the WAL file (≈ 40 MB) is copied and reused.
AUTOCHECKPOINT = 10_000


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # Take transaction control from pysqlite so BEGIN IMMEDIATE can be issued for writes.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # Takes effect only on a new file (before its first table): pages a table left free can then
    # go back to the file system (``bulk.publish_docs`` does it when a dump's staging table goes).
    cur.execute("PRAGMA auto_vacuum=INCREMENTAL")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA cache_size=-65536")
    cur.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT}")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get("mg_write", True)
    sql = "BEGIN IMMEDIATE" if write else "BEGIN"
    if conn.dispatch.before_cursor_execute:
        conn.exec_driver_sql(sql)
    else:  # straight to the driver: SQLAlchemy's statement handling cost more than the BEGIN
        conn.connection.driver_connection.execute(sql)  # type: ignore[union-attr]


def _translate(exc: Exception, url: str) -> StoreError:
    text = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
    where = url.split("sqlite:///", 1)[-1] if url.startswith("sqlite") else _safe_url(url)
    if "locked" in text or "busy" in text or "lock timeout" in text:
        return CatalogLockedError(
            "the catalog is locked by another mediagraph process; try again when it finishes",
            where=where,
        )
    if "unable to open" in text or "could not connect" in text or "Connection refused" in text:
        return StoreError(f"cannot open the catalog: {text}", where=where)
    if "disk I/O error" in text or "disk is full" in text or "No space left" in text:
        # Nothing of the transaction was kept: it rolled back whole.
        return StoreError(f"cannot write the catalog: the disk is full or failing ({text}); nothing of this step was kept", where=where)
    if "file is not a database" in text or "malformed" in text:
        return StoreError("this file is not a mediagraph catalog (not an SQLite database)", where=where)
    return StoreError(f"database error: {text}", where=where)


def _safe_url(url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


__all__ = ["ENV_VAR", "Catalog", "Tx", "default_url", "resolve_url"]
