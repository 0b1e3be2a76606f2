"""API writes: ingest a posted page, and curation (merge, split, link, unlink, set, undo).

Every write needs ``Authorization: Bearer <token>``. The token travels in a header that a
browser never adds by itself, so a forged cross-site form cannot write (no cookies are used).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from mediagraph.errors import InputError, UsageError
from mediagraph.pipeline import ingest_bytes
from mediagraph.resolve import curate
from mediagraph.store import Catalog, Tx
from mediagraph.web.api.schemas import (
    EditOut,
    ErrorBody,
    IngestOut,
    LinkIn,
    MergeIn,
    SetIn,
    SplitIn,
    UndoIn,
)
from mediagraph.web.deps import CatalogDep, TokenDep

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad request"},
    401: {"model": ErrorBody, "description": "No valid API token"},
    404: {"model": ErrorBody, "description": "Not found"},
    409: {"model": ErrorBody, "description": "Contradicts the catalog"},
    413: {"model": ErrorBody, "description": "Body over the size limit"},
    422: {"model": ErrorBody, "description": "Invalid input"},
    503: {"model": ErrorBody, "description": "The catalog is busy; retry"},
}
router = APIRouter(tags=["write"], responses=ERRORS)
MEDIA_TYPES = {"text/plain", "text/html", "application/xhtml+xml", "application/ld+json", "application/json"}
_ALLOWED_SCHEMES = ("http://", "https://", "urn:", "upload:")

_UPLOAD_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The page: the raw body (text/plain, text/html or application/ld+json), "
        "or a multipart form with a `file` field.",
        "content": {
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}, "required": ["file"]}
            },
        },
    }
}


def _media_type(header: str | None) -> str | None:
    base = (header or "").split(";")[0].strip().lower()
    if not base or base == "application/octet-stream":
        return None  # let the pipeline decide by content
    if base not in MEDIA_TYPES:
        raise UsageError(f"cannot ingest {base}: send text/plain, text/html or application/ld+json")
    return "application/ld+json" if base == "application/json" else base


@router.post(
    "/pages",
    status_code=201,
    response_model=IngestOut,
    summary="Ingest a page (text or HTML) or a JSON-LD document",
    openapi_extra=_UPLOAD_DOC,
)
async def post_page(
    request: Request,
    catalog: CatalogDep,
    token: TokenDep,
    uri: Annotated[str | None, Query(max_length=2000, description="Where the page came from (http, https, urn); by default a content hash")] = None,
) -> JSONResponse:
    content_type = request.headers.get("content-type", "")
    if content_type.lower().startswith("multipart/form-data"):
        # The context closes the spooled upload files as soon as the page is read.
        async with request.form(max_files=2, max_fields=5) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise UsageError("the multipart form needs a `file` field holding the page")
            data = await upload.read()
            media_type = _media_type(upload.content_type)
    else:
        data = await request.body()
        media_type = _media_type(content_type)
    if not data.strip():
        raise InputError("the page is empty")
    if uri is not None and not uri.startswith(_ALLOWED_SCHEMES):
        raise UsageError("uri must start with http://, https://, urn: or upload:")
    source_uri = uri or f"upload:sha256:{hashlib.sha256(data).hexdigest()}"
    report = await run_in_threadpool(ingest_bytes, catalog, data, uri=source_uri, media_type=media_type)
    return JSONResponse(report.as_dict(), status_code=200 if report.unchanged else 201)


def _write(catalog: Catalog, action: Callable[[Tx], Any]) -> Any:
    with catalog.transaction() as tx:
        return action(tx)


def _author(token: Any) -> str:
    return f"token:{token.name}"


@router.post("/curation/merge", response_model=EditOut, summary="Merge `other` into `keep`")
def merge(body: MergeIn, catalog: CatalogDep, token: TokenDep) -> dict[str, Any]:
    edit = _write(catalog, lambda tx: curate.merge(tx, body.keep, body.other, author=_author(token)))
    return {"edit": edit, "action": "merge", "author": _author(token)}


@router.post("/curation/split", response_model=EditOut, summary="Move what one source says about an entity onto a new one")
def split(body: SplitIn, catalog: CatalogDep, token: TokenDep) -> dict[str, Any]:
    edit, new = _write(catalog, lambda tx: curate.split(tx, body.entity, source=body.source, author=_author(token)))
    return {"edit": edit, "action": "split", "author": _author(token), "new": new}


@router.post("/curation/link", response_model=EditOut, summary="Add a relation `subject predicate object`")
def link(body: LinkIn, catalog: CatalogDep, token: TokenDep) -> dict[str, Any]:
    edit = _write(catalog, lambda tx: curate.link(tx, body.subject, body.predicate, body.object, author=_author(token)))
    return {"edit": edit, "action": "link", "author": _author(token)}


@router.post("/curation/unlink", response_model=EditOut, summary="Remove a relation (it stays removed on re-ingest)")
def unlink(body: LinkIn, catalog: CatalogDep, token: TokenDep) -> dict[str, Any]:
    edit = _write(catalog, lambda tx: curate.unlink(tx, body.subject, body.predicate, body.object, author=_author(token)))
    return {"edit": edit, "action": "unlink", "author": _author(token)}


@router.post("/curation/set", response_model=EditOut, summary="Choose the displayed value of a field")
def set_value(body: SetIn, catalog: CatalogDep, token: TokenDep) -> dict[str, Any]:
    edit = _write(catalog, lambda tx: curate.set_value(tx, body.entity, body.field, body.value, author=_author(token)))
    return {"edit": edit, "action": "set", "author": _author(token)}


@router.post("/curation/undo", response_model=EditOut, summary="Undo an edit (the latest by default)")
def undo(body: UndoIn, catalog: CatalogDep, token: TokenDep) -> dict[str, Any]:
    done = _write(catalog, lambda tx: curate.undo(tx, body.edit, author=_author(token)))
    return {"edit": done.id, "action": "undo", "author": _author(token)}


__all__ = ["router"]
