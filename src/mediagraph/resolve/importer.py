"""Loading dumps into the catalog: batches through resolution, resumable, with a skipped-records report.

Each batch of records is stored in one transaction together with the import's progress, so a
crash or Ctrl-C loses at most the batch in flight and a re-run continues after the last stored
record with no duplicates. The first load into an empty catalog takes the fast path of
``resolve/bulk.py`` (works and releases through one in-memory engine, agents by exact keys, rows
computed in memory and written in bulk), and so do
the family's further files while the catalog holds nothing but that family's dumps (releases,
then masters, artists, labels); the choice is stored with the import's progress, so a resumed
run takes the same path. Imports into a catalog that holds anything else resolve every record
fully.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from mediagraph.dumps import DumpItem, DumpKind, content, read_discogs, read_musicbrainz
from mediagraph.dumps.chunks import READ_ERRORS
from mediagraph.dumps.detect import discogs_header, is_tar, musicbrainz_kind, open_dump
from mediagraph.dumps.mbdump import read_lines
from mediagraph.errors import DumpError, StoreError
from mediagraph.model.records import Agent, RecordSet, Relation, Release, Source, Title, Track, Work
from mediagraph.model.vocab import WorkKind
from mediagraph.resolve.bulk import BulkLoader, PreparedRecord, prepare_record, prepared_docs
from mediagraph.resolve.ingest import ingest_batch
from mediagraph.store import Catalog, Tx, imports, sources
from mediagraph.store import bulk as store_bulk

Progress = Callable[[int, int | None, int | None], None]  # records done, bytes read, total bytes

COLLECT_EVERY = 10  # batches between two runs of the cyclic garbage collector while importing


@dataclass(slots=True)
class ImportSummary:
    path: str
    kind: str | None = None
    resumed_from: int = 0
    records: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[dict[str, str]] = field(default_factory=list)
    fast: bool = False
    finished: bool = False
    report_file: str | None = None
    reread: bool = False  # the file changed since it was imported: read again from its first record

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "resumed_from": self.resumed_from,
            "records": self.records,
            "counts": self.counts,
            "skipped": len(self.skipped),
            "fast_path": self.fast,
            "finished": self.finished,
            "read_again": self.reread,
            "report": self.report_file,
        }


def to_records(items: list[DumpItem], uri: str) -> RecordSet:
    works: list[Work] = []
    releases: list[Release] = []
    agents: list[Agent] = []
    relations: list[Relation] = []
    seen_works = {w.key for i in items for w in (i.record, *i.extra) if isinstance(w, Work)}
    for item in items:
        rec = item.record
        if isinstance(rec, Release):
            releases.append(rec)
            if rec.work and rec.work not in seen_works:
                # The release names its master/release group: the work exists even before
                # that dump is loaded; its own record joins this one when it arrives.
                seen_works.add(rec.work)
                works.append(placeholder_work(rec))
        elif isinstance(rec, Work):
            works.append(rec)
        elif isinstance(rec, Agent):
            agents.append(rec)
        elif isinstance(rec, Track):
            works.append(recording_work(rec))
        works.extend(w for w in item.extra if isinstance(w, Work))
        relations.extend(item.relations)
    return RecordSet(source=Source(uri=uri), works=tuple(works), releases=tuple(releases), agents=tuple(agents), relations=tuple(relations))


def placeholder_work(release: Release) -> Work:
    """The work a dump release belongs to, as far as the release tells it."""
    return Work(
        key=release.work or release.key,
        kind=WorkKind.ALBUM,
        titles=(Title(text=release.title or "(untitled)"),),
        # A release's date is its edition's, often a reissue's: the work's own date stays unknown.
        credits=tuple(c for c in release.credits if c.role == "performer"),
        genres=release.genres,
    )


def recording_work(track: Track) -> Work:
    """A MusicBrainz recording kept as a song-kind work, with its ISRCs and credits."""
    return Work(
        key=track.key or f"_:recording:{track.title}",
        kind=WorkKind.SONG,
        titles=(Title(text=track.title or "(untitled)"),),
        credits=track.credits,
        identifiers=track.identifiers,
    )


@dataclass(slots=True)
class _Target:
    """The source and import rows of one file, made in the transaction of its first stored batch,
    so a file refused before any record is stored leaves no row behind."""

    uri: str
    kind: str
    fast: bool
    again: bool  # the file changed since its import began: start that import over
    empty: bool = False  # the catalog held nothing when this import began
    source_id: int | None = None
    import_id: int | None = None
    loader: BulkLoader | None = None
    made: bool = False  # the rows are committed

    def ensure(self, tx: Tx) -> tuple[int, int]:
        if self.source_id is None or self.import_id is None:
            self.source_id = sources.ensure(tx, uri=self.uri, kind=self.kind)
            self.import_id = imports.start(tx, self.uri, kind=self.kind, fast=self.fast, again=self.again).id
        return self.source_id, self.import_id

    def committed(self) -> None:
        self.made = True

    def rolled_back(self) -> None:
        """The transaction that was to make the rows did not commit: the next one makes them."""
        if not self.made:
            self.source_id = self.import_id = None
            self.loader = None

    def bulk(self, source_id: int) -> BulkLoader:
        if self.loader is None:
            self.loader = BulkLoader(source_id=source_id, source_uri=self.uri, source_kind=self.kind, empty=self.empty, timed=False)
        return self.loader


def import_dump(
    catalog: Catalog,
    path: str | Path,
    *,
    expect: str | None = None,
    batch: int = 1000,
    workers: int = 0,
    progress: Progress | None = None,
    report_dir: Path | None = None,
    fast: bool | None = None,
) -> ImportSummary:
    """Import one dump file; ``expect`` ("discogs" or "musicbrainz") refuses the other family.

    ``fast`` picks the path: None (the default) takes the bulk fast path when the catalog is
    empty or holds only dumps of the same family and no curator's edits (the other files of a
    Discogs or MusicBrainz dump), False always resolves record by record (as into a catalog that holds pages),
    True asks for the fast path even into a non-empty catalog (benchmarks and tests only:
    agents are then matched by exact keys alone). A resumed import keeps the path it began on.

    A file is known by its source (``dump:<file name>``) and by its content: a re-run resumes
    after the last stored record only when the file still begins with the bytes read up to it.
    Otherwise (the file was fixed or replaced in place) it is read again from its first record:
    new and changed records are stored, the others change nothing. When the file turns out
    damaged part-way, every whole record before the damage is stored and searchable, and the
    ``DumpError`` says which records the catalog holds.
    """
    p = Path(path)
    if not p.is_file():
        raise DumpError("no such dump file", where=str(path))
    family, single = _sniff(p)
    _check_family_name(family, expect, path)
    summary = ImportSummary(path=str(path))
    uri = f"dump:{p.name}"
    source_kind = expect or family
    with catalog.transaction(write=False) as tx:
        state = imports.get(tx, uri)
        empty = imports.catalog_is_empty(tx)
        # A dump meets only itself in an empty catalog, and one dump family's files (releases,
        # masters, artists, labels) share exact keys with each other.
        chosen = fast if fast is not None else empty or imports.holds_only_dumps_of(tx, source_kind)
    total = p.stat().st_size
    skip = 0
    again = state is not None
    if state is not None and _begins_as_read(p, state):
        again = False
        summary.fast = bool((state.report or {}).get("fast", False))
        if state.finished and state.content_bytes == total:
            summary.finished = True
            summary.resumed_from = summary.records = state.records_done
            summary.counts = dict((state.report or {}).get("counts", {}))
            summary.kind = (state.report or {}).get("kind")
            return summary
        skip = state.records_done
    if state is None or again:
        summary.fast = chosen
    summary.resumed_from = skip
    summary.reread = again
    target = _Target(uri=uri, kind=source_kind, fast=summary.fast, again=again, empty=empty)

    def skipped(err: DumpError) -> None:
        summary.skipped.append({"where": err.where or "", "reason": err.message})

    read = content.ContentFile(p)
    items: Iterator[DumpItem]
    if single is not None:
        items = read_lines([single[1]], single[0], skip=skip, on_error=skipped, where=str(path))
    elif family == "musicbrainz":
        items = read_musicbrainz(read, skip=skip, on_error=skipped)
    else:
        stream, _ = open_dump(read)
        # On the fast path the parser processes also compute each record's search document.
        prepare = prepare_record if summary.fast else None
        items = read_discogs(
            stream, skip=skip, workers=workers, on_error=skipped, name=str(path), prepare=prepare,
            prepared_type=PreparedRecord | None,
        )
    done = skip
    pending: list[DumpItem] = []
    counts: dict[str, int] = {} if state is None or again else dict((state.report or {}).get("counts", {}))
    gc.freeze()  # the catalog's long-lived objects need no scanning on every batch
    # On the fast path the cyclic collector is paused while loading and run once every
    # COLLECT_EVERY batches: left to its thresholds it rescanned each batch's live records dozens
    # of times (≈ 130 µs a release of the storing thread at 20k), and a fast-path batch leaves
    # no cycles behind. The per-record path leaves many (its garbage would pile up for ten
    # batches: +64 MB at 3,000 records) and gains little, so it keeps the thresholds.
    pausing = summary.fast and gc.isenabled()
    if pausing:
        gc.disable()
    batches = 0
    damage: DumpError | None = None

    def store(part: list[DumpItem]) -> int:
        return _store(catalog, part, target, counts, summary, read=read)

    try:
        if summary.fast:
            with catalog.transaction() as tx:
                store_bulk.tune(tx, bulk=True)
                store_bulk.set_keys_aside(tx)  # PostgreSQL: made again, checked, at the load's end
                if not empty:
                    # The key lookups read what was written since the planner last looked (a
                    # resumed import, a further file): with stale statistics PostgreSQL scans all
                    # of a source's statements for every lookup.
                    store_bulk.analyze(tx)
        while True:
            try:
                item = next(items)
            except StopIteration:
                break
            except DumpError as exc:
                damage = exc  # every whole record before the damage was read: those are stored
                break
            if summary.kind is None:
                summary.kind = str(item.kind)
                _check_family(item.kind, expect, path)
            pending.append(item)
            if len(pending) >= batch:
                done = store(pending)
                pending = []
                batches += 1
                if pausing and batches % COLLECT_EVERY == 0:
                    _collect()
                if summary.fast and batches >= 4 and batches & (batches - 1) == 0:
                    with catalog.transaction() as tx:  # the load doubled since the planner last looked
                        store_bulk.analyze(tx)
                if progress:
                    progress(done - skip, read.position, total)
        if pending:
            done = store(pending)
            pending = []
        if damage is not None:
            if summary.fast and target.source_id is not None:
                with catalog.transaction() as tx:
                    _finish(target, tx)
                    store_bulk.publish_docs(tx)  # what was kept is searchable
                    store_bulk.restore_keys(tx)
            raise DumpError(f"{damage.message}; {_kept(done, summary)}", where=damage.where) from damage
        with catalog.transaction() as tx:
            _source_id, import_id = target.ensure(tx)  # an empty dump's rows are made here
            if summary.fast:
                _finish(target, tx)
                store_bulk.publish_docs(tx)  # the search index, in the same commit as "finished"
            store_bulk.restore_keys(tx)  # a bulk load's, or one killed before its end
            imports.advance(
                tx, import_id, records_done=done, content=read.read_to_end(), finished=True, report=_state_report(summary, counts)
            )
        summary.finished = True
    finally:
        if pausing:
            gc.enable()
        gc.unfreeze()
        close = getattr(items, "close", None)
        if close is not None:  # stops the reader's thread and parser processes before the stream closes
            close()
        stopping = sys.exc_info()[1]
        # Ctrl-C (the CLI's own kind too) on SQLite: the process is leaving, a connection's settings go with it and no
        # keys were set aside there, while a new connection could wait a minute on the lock of the one the interrupt cut
        leaving = stopping is not None and not isinstance(stopping, Exception) and catalog.dialect == "sqlite"
        if summary.fast and not leaving:
            with contextlib.suppress(StoreError), catalog.transaction() as tx:  # never hide the first error
                store_bulk.tune(tx, bulk=False)
            if not summary.finished:  # stopped early: the keys are made again now, or by the next load's end
                with contextlib.suppress(Exception), catalog.transaction() as tx:
                    store_bulk.restore_keys(tx)
        read.close()
        summary.records = done
        summary.counts = counts
        if summary.skipped:
            summary.report_file = _write_report(p, summary, report_dir)
    if progress:
        progress(done - skip, total, total)
    return summary


def _collect() -> None:
    """The paused cyclic collector's pass (a function of its own, so a profile can name it)."""
    gc.collect()


def _finish(target: _Target, tx: Tx) -> None:
    """The bulk loader's finishing steps: the works held back to the load's end placed."""
    if target.loader is not None:
        target.loader.finish(tx)


def _begins_as_read(path: Path, state: imports.ImportRow) -> bool:
    """Whether the file still begins with the bytes its import read up to its last stored batch."""
    if state.content_bytes is None or state.content_digest is None:
        return False  # an import from before content was kept: read the file again
    return content.starts_with(path, state.content_bytes, state.content_digest)


def _kept(done: int, summary: ImportSummary) -> str:
    """What a damaged file left in the catalog, said exactly."""
    if done == 0:
        return "nothing of this file was imported"
    n = len(summary.skipped)
    unreadable = f" but {n:,} unreadable {'one' if n == 1 else 'ones'} (see the report)" if n else ""
    return f"records 1–{done:,} of this file are in the catalog{unreadable}, nothing after"


def default_workers() -> int:
    """Parser processes beside the storing one: one per spare core, at most two."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def check_dump(path: str | Path, *, expect: str | None = None) -> str:
    """The family of a dump file ("discogs" or "musicbrainz"); ``DumpError`` when it is not
    readable as one, or is of the other family than ``expect``."""
    p = Path(path)
    if not p.is_file():
        raise DumpError("no such dump file", where=str(path))
    family, _ = _sniff(p)
    _check_family_name(family, expect, path)
    return family


# A file holding one pretty-printed JSON document (a web-service response) is read whole, up to this.
SINGLE_DOCUMENT_MAX = 64 << 20


def _sniff(path: Path) -> tuple[str, tuple[DumpKind, bytes] | None]:
    """The dump family by content ("discogs" or "musicbrainz"), and for a file that is one
    JSON document rather than JSON Lines, its kind and the document as one line."""
    stream, _ = open_dump(path)
    try:
        head = stream.read(1 << 16)
        if discogs_header(head) is not None:
            return "discogs", None
        if is_tar(head):
            return "musicbrainz", None
        text = head.lstrip()
        if not text.startswith(b"{"):
            what = "XML" if text.startswith(b"<") else f"it starts {head[:20].decode('utf-8', 'replace').strip()!r}"
            raise DumpError(f"not a Discogs or MusicBrainz dump ({what})", where=f"{path}, byte 0")
        first = text.split(b"\n", 1)[0]
        try:
            msgspec.json.decode(first)
            return "musicbrainz", None  # JSON Lines
        except msgspec.DecodeError:
            pass
        data = head + stream.read(SINGLE_DOCUMENT_MAX + 1 - len(head))
    except READ_ERRORS as exc:
        raise DumpError(f"cannot read the dump: {exc}", where=f"{path}, byte 0") from exc
    finally:
        stream.close()
    if len(data) > SINGLE_DOCUMENT_MAX:
        raise DumpError(
            "the first line is no complete JSON object: MusicBrainz dumps hold one JSON document a line",
            where=f"{path}, record 1 at byte 0",
        )
    try:
        line = msgspec.json.encode(msgspec.json.decode(data)) + b"\n"
    except msgspec.DecodeError as exc:
        raise DumpError(f"malformed JSON: {exc}", where=f"{path}, record 1 at byte 0") from exc
    kind = musicbrainz_kind(line, name=path.name)
    if kind is None or kind.is_discogs:
        raise DumpError("a JSON document that is no MusicBrainz entity", where=f"{path}, byte 0")
    return "musicbrainz", (kind, line)


def _check_family_name(family: str, expect: str | None, path: str | Path) -> None:
    if expect == "discogs" and family != "discogs":
        raise DumpError("this is a MusicBrainz dump; use `mediagraph import musicbrainz`", where=f"{path}, byte 0")
    if expect == "musicbrainz" and family != "musicbrainz":
        raise DumpError("this is a Discogs dump; use `mediagraph import discogs`", where=f"{path}, byte 0")


def _check_family(kind: DumpKind, expect: str | None, path: str | Path) -> None:
    if expect == "discogs" and not kind.is_discogs:
        raise DumpError(f"this is a MusicBrainz dump ({kind}); use `mediagraph import musicbrainz`", where=f"{path}, byte 0")
    if expect == "musicbrainz" and kind.is_discogs:
        raise DumpError(f"this is a Discogs dump ({kind}); use `mediagraph import discogs`", where=f"{path}, byte 0")


def _state_report(summary: ImportSummary, counts: dict[str, int]) -> dict[str, Any]:
    return {"fast": summary.fast, "kind": summary.kind, "counts": counts}


def _store(
    catalog: Catalog,
    items: list[DumpItem],
    target: _Target,
    counts: dict[str, int],
    summary: ImportSummary,
    *,
    read: content.ContentFile,
) -> int:
    last = items[-1].number
    records = to_records(items, target.uri)
    # A file read again: its own records are compared with what the source said before.
    restate = frozenset(_own_key(i) for i in items) if target.again else frozenset()
    after = dict(counts)
    try:
        with catalog.transaction() as tx:
            source_id, import_id = target.ensure(tx)
            if summary.fast:
                report = target.bulk(source_id).load(tx, records, prepared=prepared_docs(items), restate=restate)
            else:
                report = ingest_batch(tx, source_id, records, fast=summary.fast, restate=restate)
            for etype, n in report.created.items():
                after[etype] = after.get(etype, 0) + n
            after["matched"] = after.get("matched", 0) + sum(report.matched.values())
            if report.changed:
                after["changed"] = after.get("changed", 0) + sum(report.changed.values())
            # The bytes read so far hold every record of this batch (the reader never reads behind).
            imports.advance(tx, import_id, records_done=last, content=read.snapshot(), report=_state_report(summary, after))
    except BaseException:
        target.rolled_back()
        raise
    target.committed()
    counts.update(after)  # only once the batch is committed
    return last


def _own_key(item: DumpItem) -> str:
    rec = item.record
    return recording_work(rec).key if isinstance(rec, Track) else str(rec.key)


def _write_report(path: Path, summary: ImportSummary, report_dir: Path | None) -> str:
    import orjson

    folder = report_dir or Path(os.environ.get("MEDIAGRAPH_REPORTS", Path.cwd()))
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{path.name}.skipped.jsonl"
    with out.open("wb") as fh:
        for s in summary.skipped:
            fh.write(orjson.dumps(s) + b"\n")
    return str(out)


__all__ = ["ImportSummary", "check_dump", "default_workers", "import_dump", "recording_work", "to_records"]
