"""A dump file's bytes as its readers take them: how many were read, and their SHA-256.

Resume is keyed on content, not on a file's name and size: after each stored batch the importer
keeps the digest of the file's first bytes read so far (``snapshot``), and a re-run resumes only
when the file still begins with those bytes (``starts_with``). The bytes are the file's as it lies
on disk, compressed or not, so the digest costs hashing what is read, never decompressing twice:
the records stored were decompressed from those bytes, so the same bytes give the same records.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

_BLOCK = 1 << 20


class ContentFile:
    """A dump file opened for reading, hashing what is read from its start.

    Readers take it where they take a binary file (decompressors wrap it). Seeking back to the
    start begins a new pass (sniffing a file reads its head, then reading starts over); any
    other seek is refused, so the digest always covers bytes 0…``position``. ``snapshot`` may be
    called from another thread than the one reading (the importer's reader thread reads ahead
    while the storing thread commits).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._f = self.path.open("rb")
        self._lock = threading.Lock()
        self._hash = hashlib.sha256()
        self.position = 0

    # -- what decompressors and tarfile call -------------------------------------------------

    def read(self, n: int = -1) -> bytes:
        data = self._f.read(n)
        with self._lock:
            self._hash.update(data)
            self.position += len(data)
        return data

    def readinto(self, b: Any) -> int:
        n = self._f.readinto(b)
        if n:
            with self._lock:
                self._hash.update(memoryview(b)[:n])
                self.position += n
        return int(n or 0)

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 1 and offset == 0:
            return self.position
        if whence != 0 or offset != 0:
            raise OSError("a dump file is read from its start to its end")
        self._f.seek(0)
        with self._lock:
            self._hash = hashlib.sha256()
            self.position = 0
        return 0

    def tell(self) -> int:
        return self.position

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self._f.close()

    @property
    def closed(self) -> bool:
        return self._f.closed

    def __enter__(self) -> ContentFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the importer asks ------------------------------------------------------------

    def snapshot(self) -> tuple[int, str]:
        """(bytes read from the start, their SHA-256 in hex)."""
        with self._lock:
            return self.position, self._hash.copy().hexdigest()

    def read_to_end(self) -> tuple[int, str]:
        """Read (and hash) what readers left unread, such as padding after an archive's end; the
        snapshot of the whole file."""
        while self.read(_BLOCK):
            pass
        return self.snapshot()

    def size(self) -> int:
        return self.path.stat().st_size


def starts_with(path: str | Path, length: int, digest: str) -> bool:
    """Whether the file's first ``length`` bytes have this SHA-256 (it is at least that long)."""
    p = Path(path)
    if p.stat().st_size < length:
        return False
    h = hashlib.sha256()
    left = length
    with p.open("rb") as f:
        while left:
            block = f.read(min(_BLOCK, left))
            if not block:
                return False
            h.update(block)
            left -= len(block)
    return h.hexdigest() == digest


__all__ = ["ContentFile", "starts_with"]
