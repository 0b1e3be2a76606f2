"""From input bytes to stored records: choose the reader by content, then ingest in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mediagraph.errors import InputError
from mediagraph.model.records import RecordSet

if TYPE_CHECKING:
    from mediagraph.resolve.ingest import IngestReport
    from mediagraph.store import Catalog

MAX_INPUT = 50 * 1024 * 1024


def read_input(name: str) -> tuple[bytes, str]:
    """Read a file (or ``-`` for stdin); returns the bytes and the source URI."""
    import sys

    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT + 1)
        uri = "stdin:"
    else:
        path = Path(name)
        if not path.exists():
            raise InputError("no such file", where=name)
        if path.is_dir():
            raise InputError("is a folder, not a file", where=name)
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_INPUT + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", where=name) from None
        uri = path.resolve().as_uri()
    if len(data) > MAX_INPUT:
        cap = MAX_INPUT // (1024 * 1024)
        if looks_like_jsonld(data):
            raise InputError(f"a JSON-LD file larger than {cap} MB; split its @graph into files under {cap} MB", where=name)
        raise InputError(f"larger than {cap} MB; split it or use `mediagraph import` for dumps", where=name)
    return data, uri


def looks_like_jsonld(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[") and (b"@context" in data[:65536] or b"@type" in data[:65536] or b"@graph" in data[:65536])


def to_recordsets(data: bytes, *, uri: str, media_type: str | None = None, retrieved_at: str | None = None) -> list[RecordSet]:
    """Parse input into RecordSets: JSON-LD documents directly, pages through extraction.

    ``media_type`` may be a whole Content-Type header; its charset then decodes the page.
    """
    base = media_type.split(";", 1)[0].strip().lower() if media_type else None
    if base == "application/ld+json" or (base in (None, "application/json") and looks_like_jsonld(data)):
        import msgspec

        from mediagraph.jsonld import parse

        sets = parse(data, uri=uri)
        if retrieved_at:
            sets[0] = msgspec.structs.replace(sets[0], source=msgspec.structs.replace(sets[0].source, retrieved_at=retrieved_at))
        return sets
    from mediagraph.extract import extract

    return [extract(data, uri=uri, media_type=media_type, retrieved_at=retrieved_at)]


def score(records: RecordSet) -> RecordSet:
    """Put each review on the 0–100 scale, estimating (marked so) where no rating was given."""
    if not records.reviews:
        return records
    import os

    import msgspec

    from mediagraph.reviews import default_estimator, score_reviews

    method = os.environ.get("MEDIAGRAPH_ESTIMATOR", "auto")
    unscored = [r for r in records.reviews if r.score is None]
    if not unscored:
        return records
    # every review goes in, so a site's given ratings can shrink its unrated reviews' estimates
    keys = {r.key for r in unscored}
    scored = {
        s.review.key: s
        for s in score_reviews(records.reviews, estimator=default_estimator(method))
        if s.review.key in keys
    }
    warnings = [f"review {k}: {s.warning}" for k, s in scored.items() if s.warning]
    reviews = tuple(scored[r.key].review if r.key in scored else r for r in records.reviews)
    return msgspec.structs.replace(records, reviews=reviews, warnings=(*records.warnings, *warnings))


def ingest_bytes(
    catalog: Catalog, data: bytes, *, uri: str, media_type: str | None = None, retrieved_at: str | None = None
) -> IngestReport:
    """Extract and store one input atomically: on any error the catalog stays as it was."""
    from mediagraph.resolve.ingest import ingest
    from mediagraph.store import sources

    sets = to_recordsets(data, uri=uri, media_type=media_type, retrieved_at=retrieved_at)
    sets[0] = score(sets[0])
    with catalog.transaction() as tx:
        report = ingest(tx, sets[0])
        for alt in sets[1:]:
            # Values other sources gave: only recreated where that source is not already here.
            if sources.by_uri(tx, alt.source.uri) is None:
                ingest(tx, alt)
    return report


def __getattr__(name: str) -> Any:
    # Reading a file or a page needs no database: the catalog stack loads only for storing.
    if name in ("ingest", "IngestReport"):
        from mediagraph.resolve import ingest as resolve_ingest

        return getattr(resolve_ingest, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MAX_INPUT", "ingest_bytes", "looks_like_jsonld", "read_input", "score", "to_recordsets"]
