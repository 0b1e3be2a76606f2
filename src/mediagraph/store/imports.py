"""Progress of dump imports, committed with the data so a re-run resumes where it stopped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from mediagraph.store.catalog import Tx
from mediagraph.store.schema import edits, entities, imports, sources


@dataclass(frozen=True, slots=True)
class ImportRow:
    id: int
    path_key: str
    kind: str
    records_done: int
    finished: bool
    report: dict[str, Any] | None
    content_bytes: int | None = None  # the file's first bytes read up to the last stored batch …
    content_digest: str | None = None  # … and their SHA-256 (hex)


def get(tx: Tx, path_key: str) -> ImportRow | None:
    r = tx.execute(sa.select(*imports.c).where(imports.c.path_key == path_key)).first()
    return ImportRow(*r) if r is not None else None


def start(tx: Tx, path_key: str, *, kind: str, fast: bool, again: bool = False) -> ImportRow:
    """The import of one file, made when it stores its first batch. ``again`` starts it over from
    its first record (the file changed since it was read)."""
    found = get(tx, path_key)
    if found is not None and not again:
        return found
    fresh = {"kind": kind, "records_done": 0, "finished": False, "report": {"fast": fast}, "content_bytes": None, "content_digest": None}
    if found is not None:
        tx.execute(imports.update().where(imports.c.id == found.id).values(**fresh))
    else:
        tx.execute(imports.insert().values(path_key=path_key, **fresh))
    row = get(tx, path_key)
    assert row is not None
    return row


def advance(
    tx: Tx,
    import_id: int,
    *,
    records_done: int,
    content: tuple[int, str] | None = None,
    report: dict[str, Any] | None = None,
    finished: bool = False,
) -> None:
    """Record that records 1…``records_done`` are stored, read from ``content`` (bytes, digest).

    Progress never goes back: when two runs import one file at once, the one behind stores
    nothing new (its records are there) and leaves the other's count and digest as they are.
    """
    values: dict[str, Any] = {"records_done": records_done, "finished": finished}
    if report is not None:
        values["report"] = report
    if content is not None:
        values["content_bytes"], values["content_digest"] = content
    tx.execute(imports.update().where(imports.c.id == import_id, imports.c.records_done <= records_done).values(**values))


def forget(tx: Tx, path_key: str) -> None:
    """Drop the progress of one file (its source was removed: a new import starts over)."""
    tx.execute(imports.delete().where(imports.c.path_key == path_key))


def catalog_is_empty(tx: Tx) -> bool:
    return tx.execute(sa.select(entities.c.id).limit(1)).first() is None


def holds_only_dumps_of(tx: Tx, kind: str) -> bool:
    """Whether every source in the catalog is a dump of ``kind`` ("discogs", "musicbrainz") and
    no curator has edited it: records of a further dump of that family can then meet what is
    there only by the keys the family's dumps share (``discogs:artist/1``)."""
    not_dump = sa.or_(sources.c.kind != kind, sources.c.uri.not_like("dump:%"))
    other = tx.execute(sa.select(sources.c.id).where(not_dump).limit(1)).first()
    edited = tx.execute(sa.select(edits.c.id).limit(1)).first()
    return other is None and edited is None


__all__ = ["ImportRow", "advance", "catalog_is_empty", "forget", "get", "holds_only_dumps_of", "start"]
