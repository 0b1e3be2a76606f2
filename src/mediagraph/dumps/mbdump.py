"""Streaming MusicBrainz JSON dumps: JSON Lines files or ``.tar.xz`` archives of ``mbdump/<entity>``."""

from __future__ import annotations

import tarfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

import msgspec

from mediagraph.dumps import musicbrainz as mb
from mediagraph.dumps.chunks import READ_ERRORS
from mediagraph.dumps.content import ContentFile
from mediagraph.dumps.detect import is_tar, musicbrainz_kind, open_dump
from mediagraph.dumps.item import DumpItem, DumpKind
from mediagraph.errors import DumpError
from mediagraph.model import Relation

OnError = Callable[[DumpError], None]

# kind → (object → record, object → relations)
TRANSLATORS: dict[
    DumpKind, tuple[Callable[[Any], Any], Callable[[Any], tuple[Relation, ...]] | None]
] = {
    DumpKind.MB_RELEASE: (mb.mb_release, None),
    DumpKind.MB_RELEASE_GROUP: (mb.mb_release_group, None),
    DumpKind.MB_ARTIST: (mb.mb_artist, None),
    DumpKind.MB_LABEL: (mb.mb_label, None),
    DumpKind.MB_RECORDING: (mb.mb_recording, mb.mb_recording_relations),
    DumpKind.MB_WORK: (mb.mb_work, mb.mb_work_relations),
    DumpKind.MB_SERIES: (mb.mb_series, mb.mb_series_relations),
}
# kind → object → the records it carries inline
EXTRAS: dict[DumpKind, Callable[[Any], tuple[Any, ...]]] = {
    DumpKind.MB_RECORDING: mb.mb_recording_works,
    DumpKind.MB_RELEASE: mb.mb_release_own_group,
}

_DECODER = msgspec.json.Decoder()


def read_musicbrainz(
    source: str | Path | ContentFile,
    *,
    skip: int = 0,
    on_error: OnError | None = None,
    kind: DumpKind | None = None,
) -> Iterator[DumpItem]:
    """Every entity of a MusicBrainz JSON dump: a JSON Lines file or a dump archive.

    Archives are read as a stream, member by member (``mbdump/release`` and so on); members
    that are no entity (``TIMESTAMP``, ``COPYING``) are passed over. Records are numbered from
    1 across the whole file, ``skip=n`` resumes after record n without decoding the skipped
    lines, and ``offset`` is the line's byte offset in its (decompressed) member. ``source`` may
    be the importer's ``ContentFile``, read from its start.
    """
    path = source.path if isinstance(source, ContentFile) else Path(source)
    where = str(path)
    stream, _ = open_dump(source)
    try:
        # A whole first line: the JSON keys tell the entity; a tar header shows in it as well.
        head = stream.readline(1 << 26)
    except READ_ERRORS as exc:
        raise DumpError(f"cannot read the dump: {exc}", where=f"{where}, byte 0") from exc
    finally:
        stream.close()
    if is_tar(head):
        yield from _read_archive(source, skip=skip, on_error=on_error, where=where)
        return
    found = kind or musicbrainz_kind(head.split(b"\n", 1)[0], name=path.name)
    if found is None or found.is_discogs:
        snippet = head[:40].decode("utf-8", "replace").strip()
        raise DumpError(
            f"not a MusicBrainz JSON dump (it starts {snippet!r})", where=f"{where}, byte 0"
        )
    stream, _ = open_dump(source)
    with stream:
        yield from read_lines(stream, found, skip=skip, on_error=on_error, where=where)


def _read_archive(
    source: str | Path | ContentFile, *, skip: int, on_error: OnError | None, where: str
) -> Iterator[DumpItem]:
    number = 0
    try:
        # "r|*": a pure stream, so a 20 GB archive is never seeked or listed first.
        if isinstance(source, ContentFile):
            source.seek(0)
        opened = {"fileobj": cast(IO[bytes], source)} if isinstance(source, ContentFile) else {"name": source}
        with tarfile.open(mode="r|*", **opened) as tar:
            for member in tar:
                name = member.name
                if not member.isfile() or not name.startswith("mbdump/"):
                    continue
                kind = musicbrainz_kind(b"", name=name)
                f = tar.extractfile(member)
                if kind is None or f is None:
                    continue
                member_where = f"{where}:{name}"
                for item in read_lines(
                    f, kind, skip=skip, on_error=on_error, where=member_where, first=number + 1
                ):
                    number = item.number
                    yield item
                skip = 0
    except (tarfile.TarError, *READ_ERRORS) as exc:  # type: ignore[misc]
        raise DumpError(
            f"archive is cut or corrupt ({exc}) after record {number:,}", where=where
        ) from exc


def read_lines(
    stream: IO[bytes] | Iterable[bytes],
    kind: DumpKind,
    *,
    skip: int = 0,
    on_error: OnError | None = None,
    where: str = "dump",
    first: int = 1,
) -> Iterator[DumpItem]:
    """DumpItems from JSON Lines: one entity per line, blank lines ignored."""
    to_record, to_relations = TRANSLATORS[kind]
    number = first - 1
    offset = 0
    lines = iter(stream)
    while True:
        try:
            line = next(lines)
        except StopIteration:
            break
        except READ_ERRORS as exc:
            raise DumpError(
                f"compressed stream is cut or corrupt ({exc}) after record {number:,}",
                where=f"{where}, byte {offset:,}",
            ) from exc
        at = offset
        offset += len(line)
        if not line.strip():
            continue
        number += 1
        if skip:
            skip -= 1
            continue
        if not line.endswith(b"\n") and offset > at:
            # The last line of a complete dump ends with a newline too; without it, it was cut.
            try:
                _DECODER.decode(line)
            except msgspec.DecodeError:
                _fail(f"the dump ends inside record {number:,}", number, at, on_error, where)
                break
        try:
            obj = _DECODER.decode(line)
            record = to_record(obj)
            relations = to_relations(obj) if to_relations else ()
            extra = EXTRAS[kind](obj) if kind in EXTRAS else ()
        except msgspec.DecodeError as exc:
            _fail(f"malformed JSON: {exc}", number, at, on_error, where)
            continue
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            _fail(f"cannot translate: {exc!r}", number, at, on_error, where)
            continue
        yield DumpItem(number, at, kind, record, relations, extra=extra)


def _fail(message: str, number: int, offset: int, on_error: OnError | None, where: str) -> None:
    err = DumpError(message, where=f"{where}, record {number:,} at byte {offset:,}")
    if on_error is None:
        raise err
    on_error(err)


__all__ = ["TRANSLATORS", "read_lines", "read_musicbrainz"]
