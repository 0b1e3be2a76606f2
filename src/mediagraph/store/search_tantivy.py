"""The tantivy search engine: an embedded index in a folder beside a SQLite catalog.

It holds the same documents as ``search_docs`` (the source of truth) and answers the same
tiers as the SQL engines, with tantivy's own fuzzy term matching for typos. It is kept in step
through ``search_outbox`` (migration 0003): triggers add a row for every change to
``search_docs`` in the same transaction, so a rolled-back write leaves nothing to apply. After
a write commits, the writing process applies the new rows (``after_write``); a reader that
finds the index behind the rows its transaction sees applies them itself, or, when another
process holds tantivy's one writer or a full rebuild is due, answers from FTS5 for that query
(``engine_for`` returns None). The index records the last row applied (``outbox.seq``), so a
crash between the catalog's commit and the index's is repaired on the next open.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import tantivy

from mediagraph.errors import StoreError
from mediagraph.store.catalog import Tx
from mediagraph.store.search import Doc, Match, Term

log = logging.getLogger(__name__)

SEQ_FILE = "outbox.seq"
_SMALL = 2_000  # a reader applies at most this many pending rows itself; more are caught up in the background
_LOCK = threading.Lock()
_STATE: dict[str, _Index] = {}
_DOC_SQL = "SELECT entity_id, etype, kind, year, title_key, body, weight FROM search_docs"
_DOC_KEYS = ("entity_id", "etype", "kind", "year", "title_key", "body", "weight")


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_integer_field("entity_id", stored=True, indexed=True, fast=True)
    b.add_text_field("etype", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field("kind", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_integer_field("year", stored=True, indexed=True, fast=True)
    b.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field("body", stored=False, tokenizer_name="default", index_option="freq")
    b.add_integer_field("weight", stored=True, indexed=False, fast=True)
    return b.build()


SCHEMA = _schema()


def db_file(tx: Tx) -> str | None:
    """The SQLite catalog file, or None (PostgreSQL, in-memory)."""
    db = tx.conn.engine.url.database
    return db if tx.dialect == "sqlite" and db and db != ":memory:" else None


def index_dir(tx: Tx) -> Path:
    """``MEDIAGRAPH_SEARCH_DIR``, else ``<catalog file>.tantivy`` beside a SQLite catalog."""
    if env := os.environ.get("MEDIAGRAPH_SEARCH_DIR"):
        return Path(env)
    db = db_file(tx)
    if db is None:
        raise StoreError("the tantivy index needs a SQLite catalog file or MEDIAGRAPH_SEARCH_DIR")
    return Path(db + ".tantivy")


@dataclass
class _Index:
    """One index folder as this process sees it: the opened index and the outbox row its searcher reflects."""

    path: Path
    idx: tantivy.Index
    loaded: int = -1
    writing: threading.Lock = field(default_factory=threading.Lock)  # one writer per process
    rebuilding: threading.Thread | None = None


def _state(path: Path) -> _Index:
    key = str(path)
    with _LOCK:
        st = _STATE.get(key)
        if st is None:
            path.mkdir(parents=True, exist_ok=True)
            try:
                idx = tantivy.Index(SCHEMA, path=key, reuse=True)
            except ValueError:  # another schema or a damaged folder: start afresh, rebuilt from the outbox marker
                for f in path.iterdir():
                    if f.is_file():
                        f.unlink()
                idx = tantivy.Index(SCHEMA, path=key, reuse=False)
            st = _STATE[key] = _Index(path, idx)
        return st


def applied_seq(path: Path) -> int | None:
    """The last outbox row the index holds, or None when it was never built."""
    try:
        return int((path / SEQ_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


def _write_seq(path: Path, seq: int) -> None:
    tmp = path / (SEQ_FILE + ".tmp")
    tmp.write_text(str(seq))
    os.replace(tmp, path / SEQ_FILE)


def _top(con: sqlite3.Connection) -> int:
    """The last outbox row ever written (kept by AUTOINCREMENT even when rows are pruned)."""
    row = con.execute("SELECT seq FROM sqlite_sequence WHERE name = 'search_outbox'").fetchone()
    return int(row[0]) if row else 0


def _marker(con: sqlite3.Connection, after: int) -> bool:
    """Whether the outbox asks for a full rebuild (a row with no entity) after row ``after``."""
    return con.execute("SELECT 1 FROM search_outbox WHERE entity_id IS NULL AND seq > ? LIMIT 1", (after,)).fetchone() is not None


def _document(d: dict[str, Any]) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_integer("entity_id", int(d["entity_id"]))
    doc.add_text("etype", d["etype"])
    if d.get("kind"):
        doc.add_text("kind", d["kind"])
    if d.get("year") is not None:
        doc.add_integer("year", int(d["year"]))
    doc.add_text("title", d["title_key"])
    doc.add_text("body", d["body"])
    doc.add_integer("weight", int(d.get("weight") or 0))
    return doc


class Busy(Exception):
    """Another process (or thread) holds the index's writer."""


def _apply(st: _Index, con: sqlite3.Connection, *, rebuild_ok: bool, force_rebuild: bool = False, wait: float = 0.0) -> int | None:
    """Apply the outbox rows ``con`` sees to the index; the row now applied, or None when a
    rebuild (or more than ``_SMALL`` rows) is due and not ``rebuild_ok``: a reader leaves that to
    the background. Raises Busy when the writer stays taken for ``wait`` s.

    ``con`` must be inside a read transaction, so the rows and documents read agree.
    """
    deadline = time.monotonic() + wait
    applied0 = applied_seq(st.path)
    big = force_rebuild or applied0 is None or (rebuild_ok and _marker(con, applied0))
    while True:
        if st.writing.acquire(blocking=False):
            try:
                writer = st.idx.writer(heap_size=400_000_000, num_threads=0) if big else st.idx.writer(heap_size=50_000_000, num_threads=1)
                break
            except ValueError:
                st.writing.release()
        if time.monotonic() >= deadline:
            raise Busy(str(st.path))
        time.sleep(0.02)
    try:
        top = _top(con)
        applied = applied_seq(st.path)
        rebuild = force_rebuild or applied is None or applied > top
        ids: list[int] = []
        if not rebuild and applied is not None and applied < top:
            rows = con.execute("SELECT entity_id FROM search_outbox WHERE seq > ? AND seq <= ?", (applied, top)).fetchall()
            rebuild = any(r[0] is None for r in rows)
            ids = sorted({int(r[0]) for r in rows if r[0] is not None})
        if (rebuild or len(ids) > _SMALL) and not rebuild_ok:
            writer.rollback()
            return None
        if rebuild:
            writer.delete_all_documents()
            for row in con.execute(_DOC_SQL):
                writer.add_document(_document(dict(zip(_DOC_KEYS, row, strict=True))))
        elif ids:
            for i in ids:
                writer.delete_documents_by_term("entity_id", i)
            for k in range(0, len(ids), 900):
                chunk = ids[k : k + 900]
                sql = f"{_DOC_SQL} WHERE entity_id IN ({','.join('?' * len(chunk))})"
                for row in con.execute(sql, chunk):
                    writer.add_document(_document(dict(zip(_DOC_KEYS, row, strict=True))))
        if rebuild or ids:
            writer.commit()
            writer.wait_merging_threads()
        if rebuild or applied != top:
            _write_seq(st.path, top)
    finally:
        del writer  # drops tantivy's writer lock
        st.writing.release()
    st.idx.reload()
    st.loaded = top
    return top


def _in_read_tx(db: str, fn: Any) -> Any:
    con = sqlite3.connect(db, timeout=30, isolation_level=None)
    try:
        con.execute("BEGIN")
        try:
            return fn(con)
        finally:
            con.execute("COMMIT")
    finally:
        con.close()


def _raw(tx: Tx) -> sqlite3.Connection:
    con: Any = tx.conn.connection.driver_connection
    return con


def engine_for(tx: Tx) -> TantivyEngine | None:
    """The tantivy engine, caught up with every change ``tx`` can see; None when it cannot be
    (the writer is busy elsewhere, or a full rebuild is due): the caller answers from FTS5."""
    path = index_dir(tx)
    st = _state(path)
    con = _raw(tx)
    top = _top(con)
    if st.loaded >= top:
        return TantivyEngine(st.idx)
    applied = applied_seq(path)
    if applied is not None and top <= applied:
        st.idx.reload()  # another process applied them: see its commit
        st.loaded = applied
        return TantivyEngine(st.idx)
    try:
        if _apply(st, con, rebuild_ok=False, wait=0.1) is not None:
            return TantivyEngine(st.idx)
    except Busy:
        pass
    else:
        _rebuild_in_background(st, db_file(tx))
    return None


def _rebuild_in_background(st: _Index, db: str | None) -> None:
    """Catch the index up (a full rebuild if one is due) in a thread; FTS5 answers meanwhile."""
    if db is None or (st.rebuilding is not None and st.rebuilding.is_alive()):
        return

    def run() -> None:
        try:
            _in_read_tx(db, lambda con: _apply(st, con, rebuild_ok=True, wait=600))
        except Exception:  # a failed background rebuild leaves FTS5 answering
            log.exception("rebuilding the tantivy index at %s failed", st.path)

    st.rebuilding = threading.Thread(target=run, name="mediagraph-tantivy-rebuild", daemon=True)
    st.rebuilding.start()


# --- after a write commits ------------------------------------------------------------------

_DIRTY = "mg_search_outbox"


def mark_written(tx: Tx) -> None:
    """Note that ``tx`` changed search documents: once it commits, this process applies the outbox."""
    db = db_file(tx)
    if db is None:
        return
    tx.conn.info[_DIRTY] = (db, str(index_dir(tx)))
    pool = tx.conn.engine.pool
    if not sa.event.contains(pool, "checkin", _after_checkin):
        sa.event.listen(pool, "checkin", _after_checkin)


def _after_checkin(dbapi_con: Any, record: Any) -> None:
    # The pool takes the connection back after commit or rollback: a rolled-back write left no rows.
    target = record.info.pop(_DIRTY, None) if record is not None else None
    if target is not None:
        after_write(*target)


def after_write(db: str, path: str) -> None:
    """Apply pending outbox rows (a full rebuild included), waiting a while for the writer."""
    try:
        _in_read_tx(db, lambda con: _apply(_state(Path(path)), con, rebuild_ok=True, wait=10))
    except Busy:
        log.info("the tantivy writer at %s is busy; a reader or the next write applies the outbox", path)
    except Exception:  # the write is committed; readers answer from FTS5 until applied
        log.exception("applying the search outbox to %s failed", path)


def prune(tx: Tx) -> None:
    """Drop outbox rows the index has applied (or, with no index in use, fold them into one rebuild row)."""
    if db_file(tx) is None:
        return
    applied = applied_seq(index_dir(tx))
    if applied is not None:
        tx.execute(sa.text("DELETE FROM search_outbox WHERE seq <= :s"), {"s": applied})


def rebuild(tx: Tx) -> int:
    """Index every document of ``search_docs`` afresh (waiting for the writer); the count indexed."""
    st = _state(index_dir(tx))
    _apply(st, _raw(tx), rebuild_ok=True, force_rebuild=True, wait=60)
    return int(st.idx.searcher().num_docs)


class TantivyEngine:
    name = "tantivy"

    def __init__(self, idx: tantivy.Index) -> None:
        self.idx = idx
        self._current: tantivy.Searcher | None = None

    # --- query building ---

    def _term(self, t: Term) -> tantivy.Query:
        word = t.alts[0]
        if t.fuzzy:
            q = tantivy.Query.fuzzy_term_query(SCHEMA, "body", word, distance=t.fuzzy, transposition_cost_one=True, prefix=False)
        else:
            q = tantivy.Query.term_query(SCHEMA, "body", word)
        if t.prefix:
            pre = tantivy.Query.fuzzy_term_query(SCHEMA, "body", word, distance=0, prefix=True)
            q = tantivy.Query.boolean_query([(tantivy.Occur.Should, q), (tantivy.Occur.Should, pre)])
        if len(t.alts) > 1 and not t.fuzzy:
            q = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, q), *[(tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "body", a)) for a in t.alts[1:]]]
            )
        return q

    def _filters(self, m: Match) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        must, must_not = tantivy.Occur.Must, tantivy.Occur.MustNot
        out: list[tuple[tantivy.Occur, tantivy.Query]] = []
        out += [(must, tantivy.Query.term_query(SCHEMA, "body", f)) for f in m.fields]
        out += [(must_not, tantivy.Query.term_query(SCHEMA, "body", f)) for f in m.not_fields]
        if m.etypes:
            out.append((must, tantivy.Query.term_set_query(SCHEMA, "etype", list(m.etypes))))
        if m.kinds:
            kinds = tantivy.Query.term_set_query(SCHEMA, "kind", list(m.kinds))
            if m.releases_any_kind:
                release = tantivy.Query.term_query(SCHEMA, "etype", "release")
                kinds = tantivy.Query.boolean_query([(tantivy.Occur.Should, kinds), (tantivy.Occur.Should, release)])
            out.append((must, kinds))
        if m.not_kinds:
            out.append((must_not, tantivy.Query.term_set_query(SCHEMA, "kind", list(m.not_kinds))))
        if m.years != (None, None):
            out.append((must, tantivy.Query.range_query(SCHEMA, "year", tantivy.FieldType.Integer, m.years[0], m.years[1])))
        return out

    def _searcher(self) -> tantivy.Searcher:
        # One searcher for the engine's life (a query): the addresses a partial hit keeps stay valid.
        if self._current is None:
            self._current = self.idx.searcher()
        return self._current

    def _run(self, clauses: list[tuple[tantivy.Occur, tantivy.Query]], limit: int, *, title: str | None = None) -> list[Doc]:
        """The hits, heaviest first. With ``title`` (the hits' own title, or "" when unknown),
        only the fast fields are read and each hit keeps its address for ``hydrate``: fetching a
        stored document (a doc-store block decompressed per hit) costs more than the search, and
        ``query`` returns only some of the title tiers' candidates."""
        if not any(o == tantivy.Occur.Must for o, _ in clauses):
            clauses = [(tantivy.Occur.Must, tantivy.Query.all_query()), *clauses]
        searcher = self._searcher()
        res = searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False, order_by_field="weight")
        if not res.hits:
            return []
        addrs = [addr for _key, addr in res.hits]
        if title is None:
            return [self._doc(searcher.doc(addr)) for addr in addrs]
        ids = searcher.fast_field_values("entity_id", addrs)
        years = searcher.fast_field_values("year", addrs)
        return [
            Doc(int(i), "", None, None if y is None else int(y), title, int(w or 0), partial=addr)
            for i, y, (w, addr) in zip(ids, years, res.hits, strict=True)
            if i is not None
        ]

    @staticmethod
    def _doc(d: tantivy.Document) -> Doc:
        g = d.get_first
        return Doc(int(g("entity_id") or 0), str(g("etype")), g("kind"), g("year"), str(g("title") or ""), int(g("weight") or 0))

    # --- Engine ---

    def titled(self, tx: Tx, phrase: str, m: Match, *, prefix: bool, limit: int) -> list[Doc]:
        must = tantivy.Occur.Must
        if prefix:
            title = tantivy.Query.fuzzy_term_query(SCHEMA, "title", phrase, distance=0, prefix=True)
            clauses = [(must, title), (tantivy.Occur.MustNot, tantivy.Query.term_query(SCHEMA, "title", phrase))]
        else:
            clauses = [(must, tantivy.Query.term_query(SCHEMA, "title", phrase))]
        return self._run(clauses + self._filters(m), limit, title="" if prefix else phrase)

    def matching(self, tx: Tx, m: Match, *, limit: int) -> list[Doc]:
        clauses = [(tantivy.Occur.Must, self._term(t)) for t in m.terms] + self._filters(m)
        if not m.terms and not m.fields:
            return []
        return self._run(clauses, limit)

    def expand(self, tx: Tx, word: str, distance: int) -> list[str]:
        return []  # _term asks tantivy for fuzzy matches itself

    def hydrate(self, tx: Tx, docs: list[Doc]) -> list[Doc]:
        searcher = self._searcher()
        return [self._doc(searcher.doc(d.partial)) if d.partial is not None else d for d in docs]

    def upsert(self, tx: Tx, docs: list[dict[str, Any]]) -> None:
        pass  # the outbox carries writes to the index after commit

    def delete(self, tx: Tx, ids: list[int]) -> None:
        pass


__all__ = ["SCHEMA", "Busy", "TantivyEngine", "after_write", "applied_seq", "db_file", "engine_for", "index_dir", "mark_written", "prune", "rebuild"]
