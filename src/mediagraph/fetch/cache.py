"""The page cache on disk: one file per URL holding the body with its headers and retrieval time."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import orjson

from mediagraph.fetch.page import FetchedPage

CACHE_ENV = "MEDIAGRAPH_CACHE"


def default_root() -> Path:
    """``$MEDIAGRAPH_CACHE``, else the user cache folder (``~/.cache/mediagraph`` on Linux)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("mediagraph"))


class PageCache:
    """Fetched pages keyed by the URL asked for; entries never expire (``--refresh`` replaces one).

    A file is a line of JSON (URLs, status, headers, time) and then the body's bytes. It is written
    to a temporary file and renamed, so a reader never sees half of one.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.folder = (root if root is not None else default_root()) / "pages"

    def path_for(self, url: str) -> Path:
        return self.folder / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()}.page"

    def get(self, url: str) -> FetchedPage | None:
        """The page kept for this URL, or ``None`` (a missing or unreadable file is a miss)."""
        try:
            raw = self.path_for(url).read_bytes()
        except OSError:
            return None
        head, sep, body = raw.partition(b"\n")
        try:
            meta = orjson.loads(head)
            if not sep or meta.get("url") != url:
                return None
            return FetchedPage(
                url=url,
                final_url=str(meta["final_url"]),
                status=int(meta["status"]),
                headers=tuple((str(k), str(v)) for k, v in meta["headers"]),
                body=body,
                retrieved_at=str(meta["retrieved_at"]),
                from_cache=True,
            )
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            return None

    def put(self, page: FetchedPage) -> None:
        """Keep a page; raises ``OSError`` when the folder cannot be written."""
        meta = {
            "url": page.url,
            "final_url": page.final_url,
            "status": page.status,
            "headers": [list(h) for h in page.headers],
            "retrieved_at": page.retrieved_at,
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path_for(page.url)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(orjson.dumps(meta))
                fh.write(b"\n")
                fh.write(page.body)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


__all__ = ["CACHE_ENV", "PageCache", "default_root"]
