"""Streaming Discogs XML dumps into DumpItems: chunked, resumable, in-process or in worker processes."""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import threading
import typing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any

import msgspec
from lxml import etree

from mediagraph.dumps import discogs
from mediagraph.dumps.chunks import CHUNK_BYTES, Chunk, clean_xml, iter_chunks, record_offsets
from mediagraph.dumps.detect import DISCOGS_ROOTS, discogs_header, open_dump
from mediagraph.dumps.item import DumpItem, DumpKind
from mediagraph.dumps.lifeline import die_with_parent, interrupts_held, start_servers
from mediagraph.dumps.mbdump import read_musicbrainz
from mediagraph.errors import DumpError
from mediagraph.model import Agent, Relation, Release, Work

HEAD_BYTES = 1 << 16
_ROOT_ENDS = {kind: b"</" + root + b">" for root, kind in DISCOGS_ROOTS.items()}

OnError = Callable[[DumpError], None]
# Record → anything msgspec can encode, run in the parser process beside the translation (the
# importer's per-record work that needs no database); it must be a module-level function so
# worker processes can be handed it.
Prepare = Callable[[Any], Any]

# kind → (record tag, element → record, element → relations)
TRANSLATORS: dict[
    DumpKind, tuple[str, Callable[[Any], Any], Callable[[Any], tuple[Relation, ...]] | None]
] = {
    DumpKind.DISCOGS_RELEASES: ("release", discogs.release_to_record, discogs.release_relations),
    DumpKind.DISCOGS_MASTERS: ("master", discogs.master_to_work, discogs.master_relations),
    DumpKind.DISCOGS_ARTISTS: ("artist", discogs.artist_to_agent, None),
    DumpKind.DISCOGS_LABELS: ("label", discogs.label_to_agent, None),
}

_RECORD_TYPES: dict[DumpKind, type] = {
    DumpKind.DISCOGS_RELEASES: Release,
    DumpKind.DISCOGS_MASTERS: Work,
    DumpKind.DISCOGS_ARTISTS: Agent,
    DumpKind.DISCOGS_LABELS: Agent,
}


def _parser() -> etree.XMLParser:
    # huge_tree: a 6,666-track release is one deep, long element; entities stay unresolved
    # because a dump has no DTD and must never reach the network.
    return etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)


def _parse_records(data: bytes, tag: str) -> list[Any] | None:
    """The record elements of whole-record bytes, or None when they do not parse."""
    try:
        root = etree.fromstring(b"<r>" + data + b"</r>", _parser())
    except etree.XMLSyntaxError:
        return None
    return [e for e in root if e.tag == tag]


def _syntax_error(data: bytes) -> str:
    try:
        etree.fromstring(b"<r>" + data + b"</r>", _parser())
    except etree.XMLSyntaxError as exc:
        return f"malformed XML: {exc.msg}"
    return "malformed XML"


Row = tuple[int, int, Any, tuple[Relation, ...], Any]
Failure = tuple[int, int, str]


def parse_chunk(
    kind: DumpKind, chunk: Chunk, *, marker: bytes, prepare: Prepare | None = None
) -> tuple[list[Row], list[Failure]]:
    """Translate one chunk: rows ``(number, offset, record, relations, prepared)`` and failures in order.

    The whole chunk is parsed at once (far cheaper than per-record parsing); only when that
    fails are control characters dropped, and only when that fails too is each record parsed
    alone, so one bad record costs its own loss and no more.
    """
    # Records and parsed trees hold no reference cycles, so reference counting frees them all;
    # the cyclic collector would only rescan the many young objects a chunk makes (~15% of
    # the time), so it is paused for the chunk and restored after.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse_chunk(kind, chunk, marker, prepare)
    finally:
        if paused:
            gc.enable()


def _parse_chunk(kind: DumpKind, chunk: Chunk, marker: bytes, prepare: Prepare | None) -> tuple[list[Row], list[Failure]]:
    tag, to_record, to_relations = TRANSLATORS[kind]
    offsets = record_offsets(chunk.data, marker, chunk.offset)
    elems = _parse_records(chunk.data, tag)
    if elems is None or len(elems) != len(offsets):
        elems = _parse_records(clean_xml(chunk.data), tag)
    rows: list[Row] = []
    failures: list[Failure] = []
    if elems is not None and len(elems) == len(offsets):
        for i, elem in enumerate(elems):
            _translate(elem, chunk.first + i, offsets[i], to_record, to_relations, prepare, rows, failures)
        return rows, failures
    # Record by record: cut at each start marker so a bad record cannot take its neighbours.
    starts = [o - chunk.offset for o in offsets] + [len(chunk.data)]
    for i in range(len(offsets)):
        piece = chunk.data[starts[i] : starts[i + 1]]
        one = _parse_records(piece, tag) or _parse_records(clean_xml(piece), tag)
        if one is not None and len(one) == 1:
            _translate(one[0], chunk.first + i, offsets[i], to_record, to_relations, prepare, rows, failures)
        else:
            failures.append((chunk.first + i, offsets[i], _syntax_error(piece)))
    return rows, failures


def _translate(
    elem: Any,
    number: int,
    offset: int,
    to_record: Callable[[Any], Any],
    to_relations: Callable[[Any], tuple[Relation, ...]] | None,
    prepare: Prepare | None,
    rows: list[Row],
    failures: list[Failure],
) -> None:
    try:
        record = to_record(elem)
        relations = to_relations(elem) if to_relations else ()
    except (ValueError, TypeError, msgspec.ValidationError) as exc:
        # A record that parses but cannot be read as a record (an id that is no number…).
        failures.append((number, offset, f"cannot translate: {exc}"))
    else:
        # Outside the try: a failing prepare is a bug to see, not a record to skip.
        rows.append((number, offset, record, relations, prepare(record) if prepare else None))
    elem.clear()


def _items(
    kind: DumpKind, rows: list[Row], failures: list[Failure], on_error: OnError | None, where: str
) -> Iterator[DumpItem]:
    """Rows as DumpItems, with each failure reported at its place in the record order."""
    fail = iter(failures)
    nxt = next(fail, None)
    for number, offset, record, relations, prepared in rows:
        while nxt is not None and nxt[0] < number:
            _report(nxt, on_error, where)
            nxt = next(fail, None)
        yield DumpItem(number, offset, kind, record, relations, prepared)
    while nxt is not None:
        _report(nxt, on_error, where)
        nxt = next(fail, None)


def _report(failure: Failure, on_error: OnError | None, where: str) -> None:
    number, offset, message = failure
    err = DumpError(message, where=f"{where}, record {number:,} at byte {offset:,}")
    if on_error is None:
        raise err
    on_error(err)


# --- worker processes -------------------------------------------------------------------------

_ENCODER = msgspec.msgpack.Encoder()


def _parse_encoded(
    kind: DumpKind, chunk: Chunk, marker: bytes, prepare: Prepare | None
) -> tuple[bytes, list[Failure]]:
    """Worker side: msgpack carries structs across processes several times faster than pickle."""
    rows, failures = parse_chunk(kind, chunk, marker=marker, prepare=prepare)
    return _ENCODER.encode(rows), failures


def _decoder(kind: DumpKind, prepare: Prepare | None = None, prepared_type: Any = None) -> msgspec.msgpack.Decoder[Any]:
    prepared = prepared_type if prepared_type is not None else _prepared_type(prepare)
    return msgspec.msgpack.Decoder(list[tuple[int, int, _RECORD_TYPES[kind], tuple[Relation, ...], prepared]])  # type: ignore[valid-type]


def _prepared_type(prepare: Prepare | None) -> Any:
    """What ``prepare`` returns, by its annotation: worker results decode to the types an
    in-process call gives (structs stay structs, tuples stay tuples)."""
    if prepare is None:
        return Any
    if not hasattr(prepare, "__annotations__"):
        # A function built with mypyc keeps no annotations; decoded untyped, its structs would
        # come back as lists and fail far from here.
        raise TypeError(f"{prepare!r} keeps no annotations: pass prepared_type")
    try:
        return typing.get_type_hints(prepare).get("return", Any)
    except (NameError, TypeError):
        return Any


def _decode(decoder: msgspec.msgpack.Decoder[Any], data: bytes) -> list[Row]:
    # Same reason as in parse_chunk: decoding makes thousands of acyclic objects, and letting
    # the cyclic collector run over them made decoding ~14x slower (173 vs 12 us a release).
    paused = gc.isenabled()
    gc.disable()
    try:
        return decoder.decode(data)
    finally:
        if paused:
            gc.enable()


def _parallel(
    kind: DumpKind,
    chunks: Iterator[Chunk],
    *,
    marker: bytes,
    workers: int,
    on_error: OnError | None,
    where: str,
    prepare: Prepare | None,
    prepared_type: Any,
) -> Iterator[DumpItem]:
    decoder = _decoder(kind, prepare, prepared_type)
    # forkserver: workers never inherit the caller's threads, open catalogs or locks. The server
    # and the workers end with this process whatever ends it (``lifeline``).
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["mediagraph.dumps._serverinit", "mediagraph.dumps.reader"])
    start_servers()  # the fork server and the resource tracker start deaf to Ctrl-C
    pending: deque[Future[tuple[bytes, list[Failure]]]] = deque()
    ahead = workers * 3  # chunks in flight: enough to keep workers busy, bounded for memory
    broken: DumpError | None = None
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=die_with_parent, initargs=(os.getpid(),))
    try:
        try:
            for chunk in chunks:
                # A submission that finds no parser idle starts one (not only the first ones: a
                # parser done before the second chunk came leaves the second to a later one), so
                # each is made with Ctrl-C held: a parser is never left half-started.
                with interrupts_held():
                    pending.append(pool.submit(_parse_encoded, kind, chunk, marker, prepare))
                if len(pending) >= ahead:
                    data, failures = pending.popleft().result()
                    yield from _items(kind, _decode(decoder, data), failures, on_error, where)
        except DumpError as exc:
            broken = exc  # report it after every record read before it
        while pending:
            data, failures = pending.popleft().result()
            yield from _items(kind, _decode(decoder, data), failures, on_error, where)
    finally:
        # Stopped early (Ctrl-C, an error storing, the caller closing us): chunks not started
        # are dropped rather than parsed for nothing.
        pool.shutdown(wait=True, cancel_futures=True)
    if broken is not None:
        raise broken


def _read_ahead(chunks: Iterator[Chunk], ahead: int) -> Iterator[Chunk]:
    """``chunks``, read from the stream (decompressed and cut) by a thread, up to ``ahead`` before
    they are asked for; an error reading them is raised here, after every chunk read before it.

    With parser processes, the calling process is the one that stores the records, and the
    import waits on it; gzip, xz and bz2 release the GIL while they decompress, so a thread moves
    that work off the storing thread and onto whatever core the parser processes leave idle.
    """
    q: queue.Queue[Chunk | BaseException | None] = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def put(item: Chunk | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for chunk in chunks:
                if not put(chunk):
                    return
        except BaseException as exc:  # handed to the consumer, raised in order there
            put(exc)
        else:
            put(None)

    reader = threading.Thread(target=run, name="mediagraph-dump-reader", daemon=True)
    reader.start()
    try:
        while True:
            item = q.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()  # the consumer stopped (or failed): the thread ends before the stream is closed
        reader.join()


# --- the public reader ------------------------------------------------------------------------


def read_discogs(
    source: str | Path | IO[bytes],
    *,
    skip: int = 0,
    workers: int = 0,
    on_error: OnError | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    name: str | None = None,
    prepare: Prepare | None = None,
    prepared_type: Any = None,
) -> Iterator[DumpItem]:
    """Every record of a Discogs dump (``.xml`` or ``.xml.gz``; the kind is read from the root).

    ``skip=n`` resumes after record n: skipped records are counted, not parsed. ``workers=k``
    parses in k processes (items still come in order). A malformed record raises ``DumpError``
    naming its number and byte offset, after all records before it were yielded; with
    ``on_error`` it is passed there instead and reading goes on. ``prepare(record)`` runs
    beside the translation (in the worker processes when there are any); its result is the
    item's ``prepared``; ``prepared_type`` is what it returns, for decoding its results from
    the worker processes (read from its annotations when not given; a function built with mypyc
    has none, so its caller names the type).
    """
    if isinstance(source, (str, Path)):
        stream, _ = open_dump(source)
        where = name or str(source)
        owned = True
    else:
        stream, where, owned = source, name or "dump", False
    try:
        kind, chunks, marker = _open_chunks(stream, skip=skip, chunk_bytes=chunk_bytes, where=where)
        if workers > 0:
            chunks = _read_ahead(chunks, ahead=2)
            yield from _parallel(
                kind, chunks, marker=marker, workers=workers, on_error=on_error, where=where, prepare=prepare,
                prepared_type=prepared_type,
            )
            return
        for chunk in chunks:
            rows, failures = parse_chunk(kind, chunk, marker=marker, prepare=prepare)
            yield from _items(kind, rows, failures, on_error, where)
    finally:
        if owned:
            stream.close()


def read_dump(
    source: str | Path,
    *,
    skip: int = 0,
    workers: int = 0,
    on_error: OnError | None = None,
) -> Iterator[DumpItem]:
    """Any dump file: Discogs XML or MusicBrainz JSON, told apart by content, not name."""
    stream, _ = open_dump(source)
    try:
        head = stream.read(HEAD_BYTES)
    except (EOFError, OSError) as exc:
        raise DumpError(f"cannot read the dump: {exc}", where=f"{source}, byte 0") from exc
    finally:
        stream.close()
    if discogs_header(head) is not None:
        return read_discogs(source, skip=skip, workers=workers, on_error=on_error)
    return read_musicbrainz(source, skip=skip, on_error=on_error)


def discogs_kind(source: str | Path) -> DumpKind:
    """The kind of a Discogs dump file, from its root element; ``DumpError`` if it is none."""
    stream, _ = open_dump(source)
    try:
        return _open_chunks(stream, skip=0, chunk_bytes=CHUNK_BYTES, where=str(source))[0]
    finally:
        stream.close()


def _open_chunks(
    stream: IO[bytes], *, skip: int, chunk_bytes: int, where: str
) -> tuple[DumpKind, Iterator[Chunk], bytes]:
    try:
        head = stream.read(HEAD_BYTES)
    except (EOFError, OSError) as exc:
        raise DumpError(f"cannot read the dump: {exc}", where=f"{where}, byte 0") from exc
    found = discogs_header(head)
    if found is None:
        snippet = head[:40].decode("utf-8", "replace").strip()
        raise DumpError(f"not a Discogs XML dump (it starts {snippet!r})", where=f"{where}, byte 0")
    kind, body, marker = found
    root_end = _ROOT_ENDS[kind]
    chunks = iter_chunks(
        stream,
        marker=marker,
        root_end=root_end,
        head=head[body:],
        offset=body,
        skip=skip,
        first=1,
        chunk_bytes=chunk_bytes,
        where=where,
    )
    return kind, chunks, marker


__all__ = ["TRANSLATORS", "discogs_kind", "parse_chunk", "read_discogs", "read_dump"]
