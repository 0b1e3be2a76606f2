"""Source rows: where records came from, with their text and the records extracted from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from mediagraph.errors import NotFoundError
from mediagraph.store import entities
from mediagraph.store.catalog import Tx
from mediagraph.store.schema import decisions, imports, pending_relations, sources, statements


@dataclass(frozen=True, slots=True)
class SourceRow:
    id: int
    uri: str
    kind: str
    site: str | None
    title: str | None
    media_type: str | None
    content_hash: str | None
    retrieved_at: str | None
    ingested_at: datetime
    text: str | None
    records: bytes | None

    @property
    def ref(self) -> str:
        return f"s{self.id}"


_COLS = (
    sources.c.id,
    sources.c.uri,
    sources.c.kind,
    sources.c.site,
    sources.c.title,
    sources.c.media_type,
    sources.c.content_hash,
    sources.c.retrieved_at,
    sources.c.ingested_at,
    sources.c.text,
    sources.c.records,
)


def _row(r: Any) -> SourceRow:
    values: list[Any] = list(r)
    if values[10] is not None:
        values[10] = bytes(values[10])
    return SourceRow(*values)


_BY_URI = f"SELECT {', '.join(c.name for c in _COLS)} FROM sources WHERE uri = ?"


def by_uri(tx: Tx, uri: str) -> SourceRow | None:
    # Every ingest asks first: through the driver (``Tx.fetch``), converted as SQLAlchemy would.
    found = tx.fetch(_BY_URI, (uri,))
    if not found:
        return None
    r = list(found[0])
    r[8] = tx.converter(sources.c.ingested_at)(r[8])
    return _row(r)


def get(tx: Tx, source_id: int) -> SourceRow:
    r = tx.execute(sa.select(*_COLS).where(sources.c.id == source_id)).first()
    if r is None:
        raise NotFoundError(f"no source with id s{source_id}")
    return _row(r)


def get_by_ref(tx: Tx, text: str) -> SourceRow:
    t = text.strip()
    if t[:1] == "s" and t[1:].isascii() and t[1:].isdigit():
        if len(t) > 20 or int(t[1:]) >= 2**63:  # past any id column; counted before int()
            raise NotFoundError(f"no source with id {t[:30]}{'…' if len(t) > 30 else ''}")
        return get(tx, int(t[1:]))
    found = by_uri(tx, t)
    if found is None:
        raise NotFoundError(f"no source {text!r} (give s<N> or the source's URI)")
    return found


def insert(
    tx: Tx,
    *,
    uri: str,
    kind: str,
    site: str | None = None,
    title: str | None = None,
    media_type: str | None = None,
    content_hash: str | None = None,
    retrieved_at: str | None = None,
    text: str | None = None,
    records: bytes | None = None,
) -> int:
    stamp = tx.binder(sources.c.ingested_at)(datetime.now(UTC))
    return tx.insert(
        _INSERT, (uri, kind, site, title, media_type, content_hash, retrieved_at, text, records, stamp)
    )


_INSERT = (
    "INSERT INTO sources (uri, kind, site, title, media_type, content_hash, retrieved_at, text, records, ingested_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def ensure(tx: Tx, *, uri: str, kind: str) -> int:
    """The id of the source with this URI, created empty when it is only referred to."""
    found = by_uri(tx, uri)
    return found.id if found else insert(tx, uri=uri, kind=kind)


def delete(tx: Tx, source_id: int) -> list[int]:
    """Delete a source and its statements and decisions; returns the entities its statements were on."""
    touched = [r[0] for r in tx.execute(sa.select(statements.c.entity_id).where(statements.c.source_id == source_id))]
    entities.keep_data(tx, touched)  # an entity that read its data from one of these keeps it
    tx.execute(statements.delete().where(statements.c.source_id == source_id))
    tx.execute(decisions.delete().where(decisions.c.source_id == source_id))
    tx.execute(pending_relations.delete().where(pending_relations.c.source_id == source_id))
    # A dump's import progress goes with it: importing the file again reads it whole.
    tx.execute(imports.delete().where(imports.c.path_key == sa.select(sources.c.uri).where(sources.c.id == source_id).scalar_subquery()))
    tx.execute(sources.delete().where(sources.c.id == source_id))
    return touched


def list_sources(tx: Tx, *, limit: int = 100, offset: int = 0) -> list[SourceRow]:
    q = sa.select(*_COLS).order_by(sources.c.id).limit(limit).offset(offset)
    return [_row(r) for r in tx.execute(q)]


def count(tx: Tx) -> int:
    return int(tx.execute(sa.select(sa.func.count()).select_from(sources)).scalar_one())


__all__ = ["SourceRow", "by_uri", "count", "delete", "ensure", "get", "get_by_ref", "insert", "list_sources"]
