"""The one exception tree of mediagraph; the CLI and web layers turn these into messages.

    MediagraphError                 base: every error a user may see
    ├── UsageError                  a bad argument or option (unknown --db scheme, bad id form)
    ├── InputError                  a source could not be read or understood
    │   ├── ExtractionError         a page could not be turned into records
    │   ├── JsonLdError             malformed or unsupported JSON-LD
    │   ├── DumpError               a broken or unrecognised dump (names record or byte offset)
    │   └── FetchError              a URL could not be fetched (timeout, robots.txt, redirects, status)
    ├── StoreError                  the catalog could not be opened or written
    │   ├── CatalogLockedError      another process holds the write lock
    │   └── MigrationError          the schema could not be brought up to date
    ├── NotFoundError               no entity, source or edit with that id
    ├── ConflictError               a curation that contradicts the catalog (incompatible merge)
    └── AuthError                   a write without a valid API token

Every error carries one line of text meant for a person; ``where`` (a file, record number or
byte offset) is added to it when known.
"""

from __future__ import annotations


class MediagraphError(Exception):
    """Base class: ``str(err)`` is one line a user can act on."""

    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class UsageError(MediagraphError):
    exit_code = 2


class InputError(MediagraphError):
    exit_code = 3


class ExtractionError(InputError):
    pass


class JsonLdError(InputError):
    pass


class DumpError(InputError):
    pass


class FetchError(InputError):
    pass


class StoreError(MediagraphError):
    exit_code = 4


class CatalogLockedError(StoreError):
    pass


class MigrationError(StoreError):
    pass


class NotFoundError(MediagraphError):
    exit_code = 5


class ConflictError(MediagraphError):
    exit_code = 6


class AuthError(MediagraphError):
    exit_code = 7


__all__ = [
    "AuthError",
    "CatalogLockedError",
    "ConflictError",
    "DumpError",
    "ExtractionError",
    "FetchError",
    "InputError",
    "JsonLdError",
    "MediagraphError",
    "MigrationError",
    "NotFoundError",
    "StoreError",
    "UsageError",
]
