"""Opening dump files and telling what they hold, from their bytes rather than their names."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
from pathlib import Path
from types import ModuleType
from typing import IO, Any, cast

import msgspec

from mediagraph.dumps.content import ContentFile
from mediagraph.dumps.item import DumpKind
from mediagraph.errors import DumpError


def _gzip_module() -> ModuleType:
    """ISA-L inflates gzip 2-3x faster than zlib; used when installed (the ``fast`` extra), never required."""
    try:
        from isal import igzip
    except ImportError:
        return gzip
    return cast(ModuleType, igzip)


_gzip_reader = _gzip_module()

GZIP_MAGIC = b"\x1f\x8b"
XZ_MAGIC = b"\xfd7zXZ\x00"
BZ2_MAGIC = b"BZh"

DISCOGS_ROOTS: dict[bytes, DumpKind] = {
    b"releases": DumpKind.DISCOGS_RELEASES,
    b"masters": DumpKind.DISCOGS_MASTERS,
    b"artists": DumpKind.DISCOGS_ARTISTS,
    b"labels": DumpKind.DISCOGS_LABELS,
}

# Entity names as MusicBrainz writes them in archive members (mbdump/<entity>) and file names.
MB_ENTITIES: dict[str, DumpKind] = {
    "release": DumpKind.MB_RELEASE,
    "release-group": DumpKind.MB_RELEASE_GROUP,
    "release_group": DumpKind.MB_RELEASE_GROUP,
    "artist": DumpKind.MB_ARTIST,
    "label": DumpKind.MB_LABEL,
    "recording": DumpKind.MB_RECORDING,
    "work": DumpKind.MB_WORK,
    "series": DumpKind.MB_SERIES,
}

# The prolog before the root element: XML declaration, comments, doctype, whitespace.
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*", re.S)
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*)[^>]*?(/?)>")
_FIRST_RECORD = re.compile(rb"\s*<([A-Za-z_][\w.-]*)([\s/>])")


def compression_of(head: bytes) -> str | None:
    """``"gzip"``, ``"xz"``, ``"bz2"`` or None for an uncompressed stream, by magic bytes."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(XZ_MAGIC):
        return "xz"
    if head.startswith(BZ2_MAGIC):
        return "bz2"
    return None


def open_dump(path: str | Path | ContentFile) -> tuple[IO[bytes], str | None]:
    """The decompressed byte stream of a dump file, and the compression it was read through.

    Given a ``ContentFile`` (the importer's, which hashes what is read), the stream reads through
    it from its start, and closing the stream leaves it open for its owner.
    """
    if isinstance(path, ContentFile):
        return _open_content(path)
    try:
        with open(path, "rb") as f:
            comp = compression_of(f.read(8))
        # The compressed readers open the file themselves, so closing them closes it.
        if comp == "gzip":
            return cast(IO[bytes], _gzip_reader.open(path, "rb")), comp
        if comp == "xz":
            return cast(IO[bytes], lzma.open(path, "rb")), comp
        if comp == "bz2":
            return cast(IO[bytes], bz2.open(path, "rb")), comp
        return open(path, "rb"), None
    except OSError as exc:
        raise DumpError(f"cannot open dump: {exc.strerror or exc}", where=str(path)) from exc


def _open_content(content: ContentFile) -> tuple[IO[bytes], str | None]:
    try:
        content.seek(0)
        comp = compression_of(content.read(8))
        content.seek(0)
    except OSError as exc:
        raise DumpError(f"cannot open dump: {exc.strerror or exc}", where=str(content.path)) from exc
    raw: Any = content
    # Decompressors given a file object never close it.
    if comp == "gzip":
        return cast(IO[bytes], _gzip_reader.open(raw, "rb")), comp
    if comp == "xz":
        return cast(IO[bytes], lzma.open(raw, "rb")), comp
    if comp == "bz2":
        return cast(IO[bytes], bz2.open(raw, "rb")), comp
    return cast(IO[bytes], io.BufferedReader(_Borrowed(content), buffer_size=1 << 20)), None


class _Borrowed(io.RawIOBase):
    """An uncompressed ``ContentFile`` handed to a reader: closing it is its owner's business."""

    def __init__(self, content: ContentFile) -> None:
        super().__init__()
        self._content = content

    def readinto(self, b: Any) -> int:
        return self._content.readinto(b)

    def readable(self) -> bool:
        return True


def is_tar(head: bytes) -> bool:
    """A (decompressed) tar archive: POSIX and GNU headers carry "ustar" at byte 257."""
    return len(head) >= 262 and head[257:262] == b"ustar"


def discogs_header(head: bytes) -> tuple[DumpKind, int, bytes] | None:
    """``(kind, offset after the root start tag, record marker)`` for a Discogs XML head.

    The marker is the first record's opening bytes (``b"<release "``, ``b"<artist>"``): records
    are split on it, so it must be what only top-level records start with. None when the head
    is not a Discogs dump.
    """
    pos = _PROLOG.match(head)
    at = pos.end() if pos else 0
    m = _ROOT.match(head, at)
    if m is None:
        return None
    kind = DISCOGS_ROOTS.get(m.group(1))
    if kind is None:
        return None
    body = m.end()
    if m.group(2):  # <releases/>: an empty dump
        return kind, body, b"<" + m.group(1)[:-1] + b" "
    first = _FIRST_RECORD.match(head, body)
    tag = m.group(1)[:-1]  # releases → release
    if first is None or first.group(1) != tag:
        # An empty dump (<releases></releases>) or a head too short to show a record.
        return kind, body, b"<" + tag + b" "
    sep = first.group(2)
    # "<release " has attributes; "<artist>" has none. A self-closing first record is odd but
    # still starts with "<tag".
    return kind, body, b"<" + tag + (sep if sep in (b" ", b">") else b" ")


def musicbrainz_kind(first_line: bytes, *, name: str | None = None) -> DumpKind | None:
    """The MusicBrainz entity of a JSON-lines dump, by file or member name, else by JSON keys."""
    if name:
        base = Path(name).name.lower()
        for suffix in (".jsonl", ".json", ".ndjson"):
            base = base.removesuffix(suffix)
        if base in MB_ENTITIES:
            return MB_ENTITIES[base]
    try:
        obj = msgspec.json.decode(first_line.strip() or b"null")
    except msgspec.DecodeError:
        return None
    if not isinstance(obj, dict) or "id" not in obj:
        return None
    return mb_kind_of(obj)


def mb_kind_of(obj: dict[str, object]) -> DumpKind | None:
    """Which MusicBrainz entity a JSON object is, by the keys only that entity has."""
    if "media" in obj or "label-info" in obj or "release-events" in obj or "release-group" in obj:
        return DumpKind.MB_RELEASE
    if "primary-type" in obj or "secondary-types" in obj:
        return DumpKind.MB_RELEASE_GROUP
    if "iswcs" in obj:
        return DumpKind.MB_WORK
    if "label-code" in obj:
        return DumpKind.MB_LABEL
    if "video" in obj or "isrcs" in obj or ("length" in obj and "title" in obj):
        return DumpKind.MB_RECORDING
    if "ordering-type" in obj or "ordering-type-id" in obj:
        return DumpKind.MB_SERIES
    if "sort-name" in obj and "name" in obj:
        return DumpKind.MB_ARTIST
    return None


def detect_kind(head: bytes, *, name: str | None = None) -> DumpKind:
    """What a decompressed dump head holds; ``DumpError`` at byte 0 when it is no known dump."""
    found = discogs_header(head)
    if found is not None:
        return found[0]
    line = head.split(b"\n", 1)[0]
    kind = musicbrainz_kind(line, name=name) if line.lstrip().startswith(b"{") else None
    if kind is not None:
        return kind
    prolog = _PROLOG.match(head)
    m = _ROOT.match(head, prolog.end() if prolog else 0)
    what = f"XML with root <{m.group(1).decode(errors='replace')}>" if m else "not a dump"
    raise DumpError(
        f"not a Discogs or MusicBrainz dump ({what})", where=f"{name or 'input'}, byte 0"
    )


__all__ = [
    "DISCOGS_ROOTS",
    "MB_ENTITIES",
    "compression_of",
    "detect_kind",
    "discogs_header",
    "is_tar",
    "mb_kind_of",
    "musicbrainz_kind",
    "open_dump",
]
