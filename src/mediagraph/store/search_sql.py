"""Search engines inside the catalog database: SQLite FTS5 and PostgreSQL tsvector.

Both read ``search_docs``: titles through its B-tree (exact, then prefix), words through the
full-text index with an early LIMIT (ranking every match of a common word is what makes plain
bm25 slow at scale; the tiers above and the static weight order the candidates instead), typos
through the index's vocabulary (``search_vocab`` on SQLite, ``search_terms`` on PostgreSQL).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from rapidfuzz import process
from rapidfuzz.distance import OSA

from mediagraph.store.catalog import Tx
from mediagraph.store.schema import search_docs
from mediagraph.store.search import Doc, Match, Term

_DOC_COLS = (search_docs.c.entity_id, search_docs.c.etype, search_docs.c.kind, search_docs.c.year, search_docs.c.title_key, search_docs.c.weight)
_FIELD_TOKEN = re.compile(r"^(?:by|label|format|country)0")
_INDEXED_FIELD = re.compile(r"^(?:label|format|country)0")  # PostgreSQL: in search_docs.ftok
_MAX_EXPANSIONS = 12
_MAX_LONGER = 64  # PostgreSQL: longer words a prefix is asked for by name (else GIN's prefix match)
_PREFIX_WORK_MEM = "32MB"  # GIN partial match stays exact (see PgEngine.matching)
_TOP = "\U0010ffff"


def _docs(rows: Any) -> list[Doc]:
    return [Doc(int(r[0]), r[1], r[2], r[3], r[4], int(r[5] or 0)) for r in rows]


def _filters(m: Match) -> list[sa.ColumnElement[bool]]:
    doc = search_docs
    out: list[sa.ColumnElement[bool]] = []
    if m.etypes:
        out.append(doc.c.etype.in_(list(m.etypes)))
    if m.kinds:
        cond = doc.c.kind.in_(list(m.kinds))
        out.append(sa.or_(cond, doc.c.etype == "release") if m.releases_any_kind else cond)
    if m.not_kinds:
        out.append(sa.or_(doc.c.kind.is_(None), doc.c.kind.not_in(list(m.not_kinds))))
    if m.years[0] is not None:
        out.append(doc.c.year >= m.years[0])
    if m.years[1] is not None:
        out.append(doc.c.year <= m.years[1])
    return out


def _near(word: str, distance: int, candidates: list[tuple[str, int]], *, keep: int = _MAX_EXPANSIONS) -> list[str]:
    """Candidates within ``distance`` edits (a swap of two letters is one), closest and commonest first."""
    near = process.extract(word, [c[0] for c in candidates], scorer=OSA.distance, score_cutoff=distance, limit=None)
    scored = [(d, -candidates[i][1], t) for t, d, i in near if t != word and not _FIELD_TOKEN.match(t)]
    return [t for _, _, t in sorted(scored)[:keep]]


class Fts5Engine:
    """SQLite: FTS5 over ``search_docs.body`` (external content, kept in step by triggers)."""

    name = "fts5"

    def _fts(self, m: Match, *, terms: bool = True) -> str | None:
        """The FTS5 MATCH expression; every token double-quoted, so nothing is an operator."""
        parts = [_fts_term(t) for t in m.terms] if terms else []
        parts += [_q(f) for f in m.fields]
        if not parts:
            return None
        expr = " AND ".join(parts)
        if m.not_fields:
            expr = f"({expr}) NOT ({' OR '.join(_q(f) for f in m.not_fields)})"
        return expr

    def _fts_exists(self, expr: str, *, negate: bool = False) -> sa.TextClause:
        return sa.text(
            ("NOT " if negate else "") + "EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH :fx AND search_fts.rowid = search_docs.entity_id)"
        ).bindparams(fx=expr)

    def titled(self, tx: Tx, phrase: str, m: Match, *, prefix: bool, limit: int) -> list[Doc]:
        doc = search_docs
        cond = (
            sa.and_(doc.c.title_key > phrase, doc.c.title_key < phrase + _TOP) if prefix else doc.c.title_key == phrase
        )
        where: list[sa.ColumnElement[bool] | sa.TextClause] = [cond, *_filters(m)]
        if m.fields:
            # FTS5 intersects the field tokens with the title's words once (an uncorrelated IN);
            # testing the fields row by row under a common title word ("the") reads every such row.
            words = phrase.split()
            terms = tuple(Term((w,), prefix=prefix and i == len(words) - 1) for i, w in enumerate(words))
            expr = self._fts(Match(terms, m.fields, m.not_fields)) or ""
            fts = sa.text("SELECT rowid FROM search_fts WHERE search_fts MATCH :m").bindparams(m=expr).columns(sa.column("rowid"))
            where.append(doc.c.entity_id.in_(fts))
        elif m.not_fields:
            where.append(self._fts_exists(" OR ".join(_q(f) for f in m.not_fields), negate=True))
        q = sa.select(*_DOC_COLS).where(*where).order_by(doc.c.weight.desc(), doc.c.entity_id).limit(limit)
        return _docs(tx.execute(q))

    def matching(self, tx: Tx, m: Match, *, limit: int) -> list[Doc]:
        expr = self._fts(m)
        if expr is None:
            return []
        fts = sa.table("search_fts", sa.column("rowid"))
        q = (
            sa.select(*_DOC_COLS)
            .select_from(fts.join(search_docs, search_docs.c.entity_id == fts.c.rowid))
            .where(sa.text("search_fts MATCH :m").bindparams(m=expr), *_filters(m))
            .limit(limit)
        )
        return _docs(tx.execute(q))

    def expand(self, tx: Tx, word: str, distance: int) -> list[str]:
        # search_words by (length, first letter); FTS5's vocabulary only for the few near words'
        # document counts (a range over it walks every posting under the letter).
        rows = tx.execute(
            sa.text("SELECT term FROM search_words WHERE len BETWEEN :a AND :b AND term >= :lo AND term < :hi"),
            {"lo": word[0], "hi": word[0] + _TOP, "a": len(word) - distance, "b": len(word) + distance},
        )
        near = _near(word, distance, [(r[0], 0) for r in rows], keep=3 * _MAX_EXPANSIONS)
        if len(near) <= _MAX_EXPANSIONS:
            return near
        freq = {t: int(tx.execute(sa.text("SELECT doc FROM search_vocab WHERE term = :t"), {"t": t}).scalar() or 0) for t in near}
        return _near(word, distance, list(freq.items()))

    def hydrate(self, tx: Tx, docs: list[Doc]) -> list[Doc]:
        return docs  # always whole

    def upsert(self, tx: Tx, docs: list[dict[str, Any]]) -> None:
        pass  # triggers keep search_fts in step with search_docs

    def delete(self, tx: Tx, ids: list[int]) -> None:
        pass


def _q(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts_term(t: Term) -> str:
    alts = [_q(a) for a in t.alts]
    if t.prefix:
        alts[0] += "*"
    return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"


class PgEngine:
    """PostgreSQL: ``tsv`` (generated from ``body``) with GIN, ``title_key`` with text_pattern_ops."""

    name = "postgresql"

    def _tsquery(self, m: Match, *, terms: bool = True) -> str | None:
        parts = [_pg_term(t) for t in m.terms] if terms else []
        parts += [_pg(f) for f in m.fields]
        parts += [f"!{_pg(f)}" for f in m.not_fields]
        return " & ".join(parts) if parts else None

    def _tsv_match(self, tsq: str) -> sa.ColumnElement[bool]:
        tsv: sa.ColumnClause[Any] = sa.column("tsv")
        return tsv.op("@@")(sa.func.to_tsquery("simple", tsq))

    def titled(self, tx: Tx, phrase: str, m: Match, *, prefix: bool, limit: int) -> list[Doc]:
        doc = search_docs
        cond = (
            sa.and_(doc.c.title_key.like(_like_prefix(phrase), escape="\\"), doc.c.title_key != phrase)
            if prefix
            else doc.c.title_key == phrase
        )
        where = [cond, *_filters(m)]
        # label/format/country tokens are tested in the title index itself (its ``ftok``
        # column, migration 0005); only ``by:`` needs the row's whole tsvector from the heap.
        indexed, rest = _fields_split(m, lambda f: bool(_INDEXED_FIELD.match(f)))
        ftq = self._tsquery(indexed, terms=False)
        if ftq:
            where.append(sa.column("ftok").op("@@")(sa.func.to_tsquery("simple", ftq)))
        tsq = self._tsquery(rest, terms=False)
        if tsq:
            where.append(self._tsv_match(tsq))
        q = sa.select(*_DOC_COLS).where(*where).order_by(doc.c.weight.desc(), doc.c.entity_id).limit(limit)
        return _docs(tx.execute(q))

    def matching(self, tx: Tx, m: Match, *, limit: int) -> list[Doc]:
        tsq = self._tsquery(m)
        if tsq is None:
            return []
        if not any(t.prefix for t in m.terms):
            return self._matching(tx, tsq, m, limit)
        # A prefix term makes GIN union the postings of every word under it, the whole word's
        # own included ("one:*" at 5M: ~250 ms, however rare the other terms). The tier is an
        # unordered top-N and documents holding the whole word hold the prefix too, so the whole
        # word is asked for first; when that leaves the tier short, the rest are the documents
        # holding one of the longer words, read from the vocabulary and asked for by name.
        first = self._matching(tx, self._tsquery(_with_whole_words(m)) or tsq, m, limit)
        if len(first) >= limit:
            return first
        seen = {d.entity_id for d in first}
        longer = _with_longer_words(m, lambda word: self._longer(tx, word))
        if longer is None:
            # Too many longer words to name. GIN collects a prefix term's postings in a bitmap of
            # work_mem; at the default 4 MB a common prefix ("original:*" at 5M) turns it lossy,
            # and the heap scan then rechecks whole pages: 7,543 heap blocks for 500 rows instead
            # of 499. For this transaction only.
            tx.conn.exec_driver_sql(f"SET LOCAL work_mem = '{_PREFIX_WORK_MEM}'")
            more = self._matching(tx, tsq, m, limit)
        elif longer.terms:
            # Each longer word is rare, but the planner prices an OR of many unknown words as
            # common and, under the LIMIT, picks a sequential scan (10 s at 5M for ten catalog
            # numbers); the index is always the way here.
            tx.conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            more = self._matching(tx, self._tsquery(longer) or tsq, m, limit)
            tx.conn.exec_driver_sql("SET LOCAL enable_seqscan = on")
        else:
            more = []  # no indexed word is longer than the prefix
        rest = [d for d in more if d.entity_id not in seen]
        return first + rest[: limit - len(first)]

    def _longer(self, tx: Tx, word: str) -> list[str] | None:
        """Indexed words that start with ``word`` and are longer; None when there are too many."""
        rows = tx.conn.exec_driver_sql(
            "SELECT term FROM search_terms WHERE term > %(w)s AND term < %(hi)s ORDER BY term LIMIT %(n)s",
            {"w": word, "hi": word + _TOP, "n": _MAX_LONGER + 1},
        ).all()
        return None if len(rows) > _MAX_LONGER else [r[0] for r in rows]

    def _matching(self, tx: Tx, tsq: str, m: Match, limit: int) -> list[Doc]:
        q = sa.select(*_DOC_COLS).where(self._tsv_match(tsq), *_filters(m)).limit(limit)
        return _docs(tx.execute(q))

    def expand(self, tx: Tx, word: str, distance: int) -> list[str]:
        # One index descent per length (= ANY): with BETWEEN the (length, term) index is read
        # from the shortest length's first letter to the longest's, every other letter included.
        rows = tx.conn.exec_driver_sql(
            "SELECT term FROM search_terms WHERE length(term) = ANY(%(lens)s) "
            "AND term >= %(lo)s AND term < %(hi)s AND term !~ '[0-9]'",
            {"lo": word[0], "hi": word[0] + _TOP, "lens": list(range(max(1, len(word) - distance), len(word) + distance + 1))},
        )
        return _near(word, distance, [(r[0], 0) for r in rows])

    def hydrate(self, tx: Tx, docs: list[Doc]) -> list[Doc]:
        return docs  # always whole

    def upsert(self, tx: Tx, docs: list[dict[str, Any]]) -> None:
        pass  # the tsv column is generated; a trigger adds new words to search_terms

    def delete(self, tx: Tx, ids: list[int]) -> None:
        pass


def _with_longer_words(m: Match, longer: Callable[[str], list[str] | None]) -> Match | None:
    """``m`` with each prefix term standing for the longer words ``longer(word)`` names (the
    whole word left out); None when ``longer`` gives up; no terms when a prefix has no word."""
    terms = []
    for t in m.terms:
        if not t.prefix:
            terms.append(t)
            continue
        words = longer(t.alts[0])
        if words is None:
            return None
        alts = [w for w in words if w not in t.alts]
        if not alts:
            return Match()
        terms.append(Term(tuple(alts), fuzzy=t.fuzzy))
    return replace(m, terms=tuple(terms))


def _fields_split(m: Match, test: Callable[[str], bool]) -> tuple[Match, Match]:
    """``m``'s field tokens (wanted and unwanted) that pass ``test``, and those that do not."""
    def part(keep: bool) -> Match:
        return Match(fields=tuple(f for f in m.fields if test(f) is keep),
                     not_fields=tuple(f for f in m.not_fields if test(f) is keep))

    return part(True), part(False)


def _with_whole_words(m: Match) -> Match:
    """``m`` with every prefix term matching its whole word only."""
    return replace(m, terms=tuple(replace(t, prefix=False) for t in m.terms))


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _pg(word: str) -> str:
    # Tokens are folded \w runs; quoting keeps any leftover character literal for to_tsquery.
    return "'" + word.replace("\\", "").replace("'", "''") + "'"


def _pg_term(t: Term) -> str:
    alts = [_pg(a) for a in t.alts]
    if t.prefix:
        alts[0] += ":*"
    return alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")"


__all__ = ["Fts5Engine", "PgEngine"]
