"""The search index: one folded document per entity, kept in step with every write, and its query.

``search_docs`` holds each document (folded ``body``, ``title_key``, ``weight``); an engine
answers queries over it. The engine is a choice (``MEDIAGRAPH_SEARCH_ENGINE``, default ``auto``):

- ``tantivy`` (``auto`` on a SQLite file when tantivy is installed): an embedded tantivy index
  in a folder beside the catalog, kept in step through the ``search_outbox`` table and applied
  after commit (``search_tantivy.py``); rebuilt from ``search_docs`` by ``mediagraph reindex``;
- ``sql``: SQLite FTS5 kept in step by triggers (always, so it answers whenever tantivy cannot:
  inside a write transaction, which must see its own writes, or while the index catches up),
  or PostgreSQL's generated tsvector with GIN and ``text_pattern_ops`` (``search_sql.py``).

Every engine answers the same tiers, so results agree: 0 exact title, 1 title prefix, 2 all
words anywhere (the last also as a prefix), 3 typo-tolerant (one edit from 5 letters, two from 8).
Within a tier, more sources, releases and reviews come first. Queries arrive as folded word
tokens; no user text ever reaches an engine's own query syntax.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import sqlalchemy as sa

from mediagraph.errors import UsageError
from mediagraph.store.catalog import Tx
from mediagraph.store.schema import search_docs

ENGINES = ("sql", "tantivy")
_FUZZY_ONE, _FUZZY_TWO = 5, 8  # word lengths from which one and two edits are forgiven


@dataclass(frozen=True, slots=True)
class Hit:
    entity_id: int
    etype: str
    kind: str | None
    year: int | None
    tier: int  # 0 exact title, 1 title prefix, 2 words anywhere, 3 typo-tolerant
    rank: float  # lower is better within a tier


@dataclass(frozen=True, slots=True)
class Term:
    """One query word: any of ``alts`` matches; ``prefix`` lets the first also match as a prefix;
    ``fuzzy`` is the edit distance an engine with its own fuzzy matching may forgive."""

    alts: tuple[str, ...]
    prefix: bool = False
    fuzzy: int = 0


@dataclass(frozen=True, slots=True)
class Match:
    """What a document must hold: every term, every field token, none of ``not_fields``."""

    terms: tuple[Term, ...] = ()
    fields: tuple[str, ...] = ()
    not_fields: tuple[str, ...] = ()
    etypes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    not_kinds: tuple[str, ...] = ()
    years: tuple[int | None, int | None] = (None, None)
    releases_any_kind: bool = False  # kind filters leave releases (their work has the kind)


@dataclass(frozen=True, slots=True)
class Doc:
    """A candidate document as an engine returns it."""

    entity_id: int
    etype: str
    kind: str | None
    year: int | None
    title_key: str
    weight: int
    # Set (to the engine's own handle) when only entity_id, year and weight are known: an engine
    # may leave the rest out of candidates whose title it matched, and ``hydrate`` fills in the
    # hits that are returned.
    partial: Any = None


class Engine(Protocol):
    name: str

    def titled(self, tx: Tx, phrase: str, m: Match, *, prefix: bool, limit: int) -> list[Doc]:
        """Documents whose title is ``phrase`` (or starts with it), heaviest first."""
        ...

    def matching(self, tx: Tx, m: Match, *, limit: int) -> list[Doc]:
        """Up to ``limit`` documents holding every term (heaviest first where cheap)."""
        ...

    def expand(self, tx: Tx, word: str, distance: int) -> list[str]:
        """Indexed words within ``distance`` edits of ``word``; [] when the engine fuzzes itself."""
        ...

    def hydrate(self, tx: Tx, docs: list[Doc]) -> list[Doc]:
        """``docs`` whole (the partial ones read in full), in the same order."""
        ...

    def upsert(self, tx: Tx, docs: list[dict[str, Any]]) -> None: ...

    def delete(self, tx: Tx, ids: list[int]) -> None: ...


def tantivy_available() -> bool:
    return importlib.util.find_spec("tantivy") is not None


def engine_name(tx: Tx | None = None) -> str:
    """The engine in use: ``MEDIAGRAPH_SEARCH_ENGINE``, or with ``auto`` (the default) tantivy on
    a SQLite catalog file when tantivy is installed, else sql. PostgreSQL always uses sql."""
    name = os.environ.get("MEDIAGRAPH_SEARCH_ENGINE", "auto").strip().lower() or "auto"
    if name not in (*ENGINES, "auto"):
        raise UsageError(f"unknown search engine {name!r} in MEDIAGRAPH_SEARCH_ENGINE: use auto, {', '.join(ENGINES)}")
    if tx is not None and (tx.dialect != "sqlite" or _db_file(tx) is None) and not os.environ.get("MEDIAGRAPH_SEARCH_DIR"):
        return "sql"
    if name == "auto":
        return "tantivy" if tantivy_available() else "sql"
    return name


def _db_file(tx: Tx) -> str | None:
    db = tx.conn.engine.url.database
    return db if tx.dialect == "sqlite" and db and db != ":memory:" else None


def _writing(tx: Tx) -> bool:
    return tx.dialect == "sqlite" and bool(tx.conn.get_execution_options().get("mg_write", True))


def engine_for(tx: Tx, name: str | None = None) -> Engine:
    """The engine answering in ``tx``. A write transaction is answered by SQL, which sees its
    own uncommitted documents; so is a read while the tantivy index cannot catch up at once."""
    from mediagraph.store import search_sql

    name = name or engine_name(tx)
    if name == "tantivy" and tx.dialect == "sqlite" and not _writing(tx):
        from mediagraph.store import search_tantivy

        eng = search_tantivy.engine_for(tx)
        if eng is not None:
            return eng
    return search_sql.Fts5Engine() if tx.dialect == "sqlite" else search_sql.PgEngine()


_OUTBOX_FOLD = 10_000  # with no outside index in use, the outbox is folded into one rebuild row past this


def outbox_written(tx: Tx) -> None:
    """``tx`` changed ``search_docs`` (the outbox triggers recorded it): keep the outbox small
    and, with tantivy in use, apply it once ``tx`` commits."""
    if tx.dialect != "sqlite":
        return
    if engine_name(tx) == "tantivy":
        from mediagraph.store import search_tantivy

        search_tantivy.prune(tx)
        search_tantivy.mark_written(tx)
        return
    # Two subqueries: SQLite answers a lone min() or max() from the key's ends, both at once by a scan.
    span = tx.fetch("SELECT (SELECT max(seq) FROM search_outbox) - (SELECT min(seq) FROM search_outbox)")[0][0]
    if span is not None and span > _OUTBOX_FOLD:
        tx.execute(sa.text("DELETE FROM search_outbox"))
        tx.execute(sa.text("INSERT INTO search_outbox (entity_id) VALUES (NULL)"))


# --- writes ---------------------------------------------------------------------------------


def upsert_doc(
    tx: Tx,
    entity_id: int,
    *,
    etype: str,
    kind: str | None,
    year: int | None,
    title_key: str,
    body: str,
    weight: int = 0,
) -> None:
    upsert_docs(tx, [dict(entity_id=entity_id, etype=etype, kind=kind, year=year, title_key=title_key, body=body, weight=weight)])


def upsert_docs(
    tx: Tx, docs: list[dict[str, Any]], *, settle: bool = True, made: set[int] | frozenset[int] = frozenset()
) -> bool:
    """Insert or refresh many documents (dicts of the search_docs columns); unchanged ones are
    left. Whether any was written; ``settle`` False: the caller calls ``outbox_written`` once
    for all its writes. ``made``: entities inserted in this transaction, which have no
    document yet (theirs are not looked for)."""
    if not docs:
        return False
    ids = [d["entity_id"] for d in docs if d["entity_id"] not in made]
    cols = (search_docs.c.entity_id, search_docs.c.body, search_docs.c.title_key, search_docs.c.kind, search_docs.c.year, search_docs.c.weight, search_docs.c.etype)
    names = ", ".join(c.name for c in cols)
    current = {r[0]: tuple(r[1:]) for r in tx.fetch_in(f"SELECT {names} FROM search_docs WHERE entity_id IN {{ids}}", ids)}
    new = [d for d in docs if d["entity_id"] not in current]
    changed = [
        d for d in docs
        if d["entity_id"] in current
        and current[d["entity_id"]] != (d["body"], d["title_key"], d["kind"], d["year"], d["weight"], d["etype"])
    ]
    if new:
        tx.write(
            "INSERT INTO search_docs (entity_id, etype, kind, year, title_key, body, weight) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(d["entity_id"], d["etype"], d["kind"], d["year"], d["title_key"], d["body"], d["weight"]) for d in new],
        )
    # SQLite re-indexes a document's text when an update names ``body`` (the FTS5 trigger fires
    # ``UPDATE OF body`` whatever the value): most documents a page changes gain a source (their
    # weight) and keep their text, so theirs is left out.
    rewritten = [d for d in changed if current[d["entity_id"]][0] != d["body"]]
    reweighed = [d for d in changed if current[d["entity_id"]][0] == d["body"]]
    if rewritten:
        tx.write(
            "UPDATE search_docs SET etype = ?, kind = ?, year = ?, title_key = ?, body = ?, weight = ? WHERE entity_id = ?",
            [(d["etype"], d["kind"], d["year"], d["title_key"], d["body"], d["weight"], d["entity_id"]) for d in rewritten],
        )
    if reweighed:
        tx.write(
            "UPDATE search_docs SET etype = ?, kind = ?, year = ?, title_key = ?, weight = ? WHERE entity_id = ?",
            [(d["etype"], d["kind"], d["year"], d["title_key"], d["weight"], d["entity_id"]) for d in reweighed],
        )
    if new or rewritten:
        add_words(tx, new + rewritten)
    if (new or changed) and settle:
        outbox_written(tx)
    return bool(new or changed)


def add_weight(tx: Tx, ids: Sequence[int], *, settle: bool = True) -> None:
    """One more source states each of these entities (their documents are otherwise the same)."""
    if ids:
        tx.write_in("UPDATE search_docs SET weight = weight + 1 WHERE entity_id IN {ids}", list(ids))
        if settle:
            outbox_written(tx)


_WORD_SPLIT = re.compile(r"[\W_]+")


def add_words(tx: Tx, docs: Iterable[dict[str, Any]]) -> None:
    """Add the documents' words (no digits) to ``search_words``, the typo vocabulary on SQLite."""
    if tx.dialect != "sqlite":
        return
    words = {w for d in docs for w in _WORD_SPLIT.split(d["body"]) if w and w.isalpha()}
    if words:
        tx.write("INSERT OR IGNORE INTO search_words (len, term) VALUES (?, ?)", [(len(w), w) for w in sorted(words)])


def delete_doc(tx: Tx, entity_id: int) -> None:
    tx.execute(search_docs.delete().where(search_docs.c.entity_id == entity_id))
    outbox_written(tx)


def bulk_load(tx: Tx, docs: Iterable[dict[str, Any]], *, with_entities: bool = False) -> int:
    """Append documents straight to ``search_docs`` (no change check), for benchmarks.

    With ``with_entities`` each document also gets a bare entity row (no record data), so the
    index can be measured at a scale the full ingest would take hours to reach.
    """
    from datetime import UTC, datetime

    from mediagraph.store.schema import entities

    now = datetime.now(UTC)
    n = 0
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        if with_entities:
            tx.execute(entities.insert(), [
                {"id": d["entity_id"], "etype": d["etype"], "kind": d["kind"], "label": d["title_key"],
                 "label_key": d["title_key"], "year": d["year"], "data": b"", "created_at": now, "updated_at": now}
                for d in batch
            ])
        tx.execute(search_docs.insert(), batch)
        add_words(tx, batch)

    for d in docs:
        batch.append(d)
        if len(batch) == 5000:
            flush()
            n += len(batch)
            batch = []
    if batch:
        flush()
        n += len(batch)
    return n


def iter_docs(tx: Tx, *, batch: int = 10_000) -> Iterable[list[dict[str, Any]]]:
    """Every document, in entity order, a batch at a time (for rebuilding an engine's index)."""
    last = 0
    cols = [search_docs.c.entity_id, search_docs.c.etype, search_docs.c.kind, search_docs.c.year, search_docs.c.title_key, search_docs.c.body, search_docs.c.weight]
    while True:
        rows = tx.execute(sa.select(*cols).where(search_docs.c.entity_id > last).order_by(search_docs.c.entity_id).limit(batch)).all()
        if not rows:
            return
        yield [dict(r._mapping) for r in rows]
        last = rows[-1][0]


def reindex(tx: Tx, *, name: str = "tantivy") -> int:
    """Rebuild an engine's own index from ``search_docs``; the count of documents indexed."""
    if name == "sql":
        if tx.dialect == "sqlite":
            tx.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
        return doc_count(tx)
    from mediagraph.store import search_tantivy

    return search_tantivy.rebuild(tx)


def doc_count(tx: Tx) -> int:
    return int(tx.execute(sa.select(sa.func.count()).select_from(search_docs)).scalar_one())


# --- queries --------------------------------------------------------------------------------


def query(
    tx: Tx,
    words: Sequence[str],
    *,
    etypes: Sequence[str] = (),
    kinds: Sequence[str] = (),
    not_kinds: Sequence[str] = (),
    years: tuple[int | None, int | None] = (None, None),
    fields: Sequence[str] = (),
    not_fields: Sequence[str] = (),
    fuzzy: bool = False,
    releases_any_kind: bool = False,
    limit: int = 20,
    offset: int = 0,
    engine: Engine | None = None,
) -> list[Hit]:
    """Entities whose document holds every word (the last one as a prefix), best first.

    With ``fuzzy``, when fewer than ``offset + limit`` match, words of 5+ letters may be one
    edit off (8+ letters: two) and those matches follow.
    """
    words = [w for w in words if w][:64]
    if not words and not fields:
        return []
    eng = engine or engine_for(tx)
    base = Match(
        fields=tuple(fields), not_fields=tuple(not_fields), etypes=tuple(etypes), kinds=tuple(kinds),
        not_kinds=tuple(not_kinds), years=years, releases_any_kind=releases_any_kind,
    )
    need = offset + limit
    cap = max(need * 3, 60)
    found: dict[int, tuple[int, Doc]] = {}

    def take(docs: Iterable[Doc], tier: int) -> None:
        for d in docs:
            found.setdefault(d.entity_id, (tier, d))

    phrase = " ".join(words)
    if words:
        take(eng.titled(tx, phrase, base, prefix=False, limit=cap), 0)
        if len(found) < cap:
            take(eng.titled(tx, phrase, base, prefix=True, limit=cap), 1)
    terms = tuple(Term((w,), prefix=(i == len(words) - 1 and not w.isdigit())) for i, w in enumerate(words))
    exact = _with_terms(base, terms)
    if len(found) < need or not words:
        take(eng.matching(tx, exact, limit=max(cap, 500)), 2)
    if fuzzy and len(found) < need and words:
        fuzzy_terms = tuple(_fuzzy_term(tx, eng, t) for t in terms)
        if fuzzy_terms != terms:
            take(eng.matching(tx, _with_terms(base, fuzzy_terms), limit=max(cap, 500)), 3)
    if not found:
        return []
    signal = signals(tx, list(found))
    wordset = set(words)

    def key(item: tuple[int, Doc]) -> tuple[int, int, int, int]:
        tier, d = item
        in_title = 0 if tier >= 2 and wordset <= set(d.title_key.split()) else 1
        return (tier, in_title if tier >= 2 else 0, -(d.weight + signal.get(d.entity_id, 0)), d.entity_id)

    ranked = sorted(found.values(), key=key)[offset:need]
    if any(d.partial is not None for _, d in ranked):
        whole = eng.hydrate(tx, [d for _, d in ranked])
        ranked = [(tier, d) for (tier, _), d in zip(ranked, whole, strict=True)]
    return [Hit(d.entity_id, d.etype, d.kind, d.year, tier, float(-(d.weight + signal.get(d.entity_id, 0)))) for tier, d in ranked]


def _with_terms(m: Match, terms: tuple[Term, ...]) -> Match:
    return Match(terms, m.fields, m.not_fields, m.etypes, m.kinds, m.not_kinds, m.years, m.releases_any_kind)


def allowed_edits(word: str) -> int:
    """Typos forgiven in a word: none under 5 letters, one from 5, two from 8; none in numbers."""
    if word.isdigit() or not word.isalpha():
        return 0
    return 2 if len(word) >= _FUZZY_TWO else 1 if len(word) >= _FUZZY_ONE else 0


def _fuzzy_term(tx: Tx, eng: Engine, term: Term) -> Term:
    word = term.alts[0]
    d = allowed_edits(word)
    if not d:
        return term
    near = eng.expand(tx, word, d)
    return Term((word, *[w for w in near if w != word]), prefix=term.prefix, fuzzy=d)


# The reads around every query (signals, grouping) are plain SQL through ``tx.fetch_in``: with a
# few hundred ids, SQLAlchemy's expanding IN cost several times what the database spends.


def signals(tx: Tx, ids: list[int]) -> dict[int, int]:
    """How much the catalog says about each entity: its releases and reviews."""
    rows = tx.fetch_in(
        "SELECT object_id, count(*) FROM relations WHERE object_id IN {ids}"
        " AND predicate IN ('release_of', 'review_of', 'in_group') GROUP BY object_id",
        ids,
    )
    return {int(r[0]): int(r[1]) for r in rows}


def works_of(tx: Tx, release_ids: Sequence[int]) -> dict[int, int]:
    """Release → the work it is an edition of (``release_of``, else its version group)."""
    out: dict[int, int] = {}
    rows = tx.fetch_in(
        "SELECT subject_id, object_id FROM relations WHERE subject_id IN {ids}"
        " AND predicate IN ('release_of', 'in_group') ORDER BY predicate DESC, id",  # release_of before in_group
        list(release_ids),
    )
    for sub, obj in rows:
        out.setdefault(int(sub), int(obj))
    return out


def entity_kinds(tx: Tx, ids: Iterable[int]) -> dict[int, str | None]:
    """Entity id → its kind, for the ids that are entities (grouping needs no more of the many
    hits it folds; only the rows it shows are read whole)."""
    return {int(r[0]): r[1] for r in tx.fetch_in("SELECT id, kind FROM entities WHERE id IN {ids}", sorted(set(ids)))}


def release_counts(tx: Tx, work_ids: Sequence[int]) -> dict[int, int]:
    """How many releases each work has (``release_of`` relations)."""
    rows = tx.fetch_in(
        "SELECT object_id, count(DISTINCT subject_id) FROM relations WHERE object_id IN {ids}"
        " AND predicate = 'release_of' GROUP BY object_id",
        list(work_ids),
    )
    return {int(r[0]): int(r[1]) for r in rows}


__all__ = [
    "ENGINES",
    "Doc",
    "Engine",
    "Hit",
    "Match",
    "Term",
    "add_words",
    "allowed_edits",
    "bulk_load",
    "delete_doc",
    "doc_count",
    "engine_for",
    "engine_name",
    "entity_kinds",
    "iter_docs",
    "outbox_written",
    "query",
    "reindex",
    "release_counts",
    "signals",
    "tantivy_available",
    "upsert_doc",
    "upsert_docs",
    "works_of",
]
