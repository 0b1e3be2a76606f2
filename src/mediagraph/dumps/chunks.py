"""Splitting a Discogs XML byte stream into chunks of whole records, without parsing it."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from mediagraph.errors import DumpError

CHUNK_BYTES = 1 << 20
MAX_RECORD_BYTES = 1 << 28  # 256 MiB: far above any real record, low enough to stop on garbage

# What a broken or cut compressed stream raises while reading (gzip, xz, bz2).
READ_ERRORS: tuple[type[BaseException], ...] = (EOFError, OSError, zlib.error, ValueError)
try:
    import lzma

    READ_ERRORS += (lzma.LZMAError,)
except ImportError:  # pragma: no cover - lzma is optional in some Python builds
    pass


@dataclass(frozen=True, slots=True)
class Chunk:
    """Whole records cut from the stream: ``data[0]`` is at stream byte ``offset``."""

    data: bytes
    first: int  # number of the first record in data (records count from 1)
    offset: int
    count: int


def record_offsets(data: bytes, marker: bytes, base: int) -> list[int]:
    """Stream offsets of every record start in ``data``."""
    out: list[int] = []
    find = data.find
    i = find(marker)
    while i >= 0:
        out.append(base + i)
        i = find(marker, i + 1)
    return out


def _nth(data: bytes, marker: bytes, n: int) -> int:
    """Index of the n-th (0-based) marker in data."""
    i = data.find(marker)
    for _ in range(n):
        i = data.find(marker, i + 1)
    return i


READ_STEP = 1 << 16  # bytes asked of the stream at a time: what one failing read takes with it


def _read(stream: IO[bytes], n: int) -> tuple[bytes, BaseException | None]:
    """Up to ``n`` bytes of ``stream``, and the error that stopped it early, if any.

    Read a step at a time: a decompressor that meets a cut or corrupt stream raises and drops
    what it had decompressed in that call, so one call for a whole chunk lost up to a chunk of
    whole records before the damage (a gzip cut anywhere past 64 KB kept 11 records of 150).
    """
    parts: list[bytes] = []
    got = 0
    step = getattr(stream, "read1", None) or stream.read
    while got < n:
        try:
            block = step(min(READ_STEP, n - got))
        except READ_ERRORS as exc:
            return b"".join(parts), exc
        if not block:
            break
        parts.append(block)
        got += len(block)
    return b"".join(parts), None


def iter_chunks(
    stream: IO[bytes],
    *,
    marker: bytes,
    root_end: bytes,
    head: bytes = b"",
    offset: int = 0,
    skip: int = 0,
    first: int = 1,
    chunk_bytes: int = CHUNK_BYTES,
    where: str = "dump",
) -> Iterator[Chunk]:
    """Chunks of whole records from ``stream``, which is positioned just after the root start tag.

    ``head`` holds bytes already read past that point and ``offset`` is the stream offset of
    its first byte. The first ``skip`` records are counted but never parsed. A cut or corrupt
    stream ends with ``DumpError`` after every whole record before the damage was yielded.
    """
    buf = bytearray(head)
    buf_at = offset  # stream offset of buf[0]
    number = first
    ended = False
    broken: BaseException | None = None
    while not ended:
        block, failure = _read(stream, chunk_bytes)
        if failure is not None:
            buf += block  # what the stream gave before the damage: its whole records are kept
            block, broken = b"", failure
        if block:
            buf += block
            cut = buf.rfind(marker)
            if cut <= 0:
                if len(buf) > MAX_RECORD_BYTES:
                    raise DumpError(
                        f"no record boundary in {len(buf):,} bytes (not a dump, or a record "
                        "too large to be real)",
                        where=f"{where}, record {number:,} at byte {buf_at:,}",
                    )
                continue
            # Everything before the last record start is whole records (the last may be partial).
            if cut < chunk_bytes // 2 and len(buf) < 2 * chunk_bytes:
                continue  # too little for a chunk yet; keep chunks near chunk_bytes
        else:
            ended = True
            if broken is not None:
                cut = buf.rfind(marker)
                cut = max(cut, 0)
            else:
                end = buf.rfind(root_end)
                cut = end if end >= 0 else len(buf)
        data = bytes(buf[:cut])
        del buf[:cut]
        start_at = buf_at
        buf_at += cut
        count = data.count(marker)
        if skip:
            if count <= skip:
                skip -= count
                number += count
                continue
            i = _nth(data, marker, skip)
            data, start_at = data[i:], start_at + i
            number += skip
            count -= skip
            skip = 0
        if count:
            yield Chunk(data=data, first=number, offset=start_at, count=count)
            number += count
        elif data.strip():
            raise DumpError(
                "bytes between records that are no record", where=f"{where}, byte {start_at:,}"
            )
    if broken is not None:
        raise DumpError(
            f"compressed stream is cut or corrupt ({broken}); record {number:,} and any after it "
            "are lost",
            where=f"{where}, record {number:,} at byte {buf_at:,}",
        )
    tail = bytes(buf)
    end = tail.find(root_end)
    if end < 0:
        raise DumpError(
            f"the dump ends without {root_end.decode()} (a cut file?) after record {number - 1:,}",
            where=f"{where}, byte {buf_at + len(tail):,}",
        )
    if skip:
        raise DumpError(
            f"cannot skip {skip:,} more records: the dump has only {number - first:,}",
            where=f"{where}, byte {buf_at:,}",
        )


# C0 control characters XML 1.0 forbids (tab, newline and carriage return are allowed).
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 13))
_BAD_REFS = re.compile(
    rb"&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));"
)


def clean_xml(data: bytes) -> bytes:
    """Drop what real dumps hold and XML forbids: raw control bytes (0x07), ``&#7;``, bad UTF-8.

    Only called on chunks that failed to parse, so clean dumps pay nothing for it.
    """
    data = data.translate(None, _CONTROL)
    if b"&#" in data:
        data = _BAD_REFS.sub(b"", data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        data = data.decode("utf-8", "replace").encode("utf-8")
    return data


__all__ = ["CHUNK_BYTES", "Chunk", "clean_xml", "iter_chunks", "record_offsets"]
