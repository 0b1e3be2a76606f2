"""The application factory: ``create_app(catalog_url)`` wires pages, API, errors and limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from mediagraph import __version__
from mediagraph.store import Catalog
from mediagraph.web import api, errors
from mediagraph.web.limits import BodyLimit
from mediagraph.web.pages import agent, citation, home, release, review, search, source, work
from mediagraph.web.read import Moved
from mediagraph.web.render import api_path_for, path_for
from mediagraph.web.security import SecureHeaders, swagger_page

MAX_UPLOAD = 5 * 1024 * 1024

DESCRIPTION = """\
The mediagraph catalog: works (films, series, comics, books, albums, songs), their releases,
the people and organisations credited on them, reviews with scores on 0–100, and where every
fact came from.

Reads are public and answer with an `ETag`; send it back in `If-None-Match` to get `304`.
Lists take `limit` and `offset` and give the next page's URL in `next`. Writes need
`Authorization: Bearer <token>` (create one with `mediagraph token create`). Every error answers
`{"error": {"code": ..., "message": ...}}`.
"""


def create_app(catalog_url: str | None, *, migrate: bool = True, max_upload: int = MAX_UPLOAD) -> FastAPI:
    """The web app over one catalog (a path, ``sqlite:///…`` or ``postgresql://…``)."""
    catalog = Catalog(catalog_url, migrate=migrate)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        catalog.close()

    app = FastAPI(
        title="mediagraph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        # Served below under their own Content-Security-Policy; ReDoc would need inline styles.
        docs_url=None,
        redoc_url=None,
        openapi_tags=[
            {"name": "read", "description": "Public reads with ETags and pagination."},
            {"name": "write", "description": "Ingest and curation; need an API token."},
        ],
    )
    app.state.catalog = catalog
    app.state.max_upload = max_upload
    errors.install(app)

    @app.exception_handler(Moved)
    async def _moved(request: Request, exc: Moved) -> Response:
        # A merged-away id keeps working: it points at the entity it was merged into.
        target = api_path_for(exc.ref) if request.url.path.startswith("/api/") else path_for(exc.ref)
        return RedirectResponse(target or "/", status_code=308)

    # Routes are tried in order: the pages first, the work page first of all, since they are
    # what most requests ask for (no page path starts with /api/, so nothing is shadowed).
    for module in (work, release, review, agent, home, search, citation, source):
        app.include_router(module.router)
    app.include_router(api.router)

    @app.get("/docs", include_in_schema=False)
    async def _docs() -> Response:
        return swagger_page(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API")

    app.mount("/static", StaticFiles(directory=str(resources.files("mediagraph.web") / "static")), name="static")
    app.add_middleware(BodyLimit, limit=max_upload)
    app.add_middleware(SecureHeaders)  # added last, so outermost: it sees every answer
    return app


__all__ = ["MAX_UPLOAD", "create_app"]
