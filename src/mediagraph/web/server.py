"""Running the app under uvicorn: ``serve(catalog_url, host=…, port=…, workers=…)``."""

from __future__ import annotations

import os

from fastapi import FastAPI

from mediagraph.store import Catalog

ENV_URL = "MEDIAGRAPH_WEB_DB"
ENV_HTTP = "MEDIAGRAPH_WEB_HTTP"
WORKER_HEALTHCHECK = 60  # seconds


def app_from_env() -> FastAPI:
    """The app for a uvicorn worker process (the parent passes the catalog in the environment)."""
    from mediagraph.web.app import create_app

    # The parent migrated the catalog already; workers must not race to do it again.
    return create_app(os.environ[ENV_URL], migrate=False)


def serve(
    catalog_url: str | None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    log_level: str = "info",
    http: str | None = None,
) -> None:
    """Serve the catalog until interrupted; several workers share it through the database.

    ``http`` is the parser: ``auto`` (httptools when installed, else h11), ``h11`` or
    ``httptools``; unset, ``$MEDIAGRAPH_WEB_HTTP`` or ``auto``. The event loop is uvicorn's
    ``auto``: uvloop when installed.
    """
    import uvicorn

    from mediagraph.web.protocol import protocol

    with Catalog(catalog_url) as catalog:  # open and migrate once, here, before any worker starts
        url = catalog.url
    os.environ[ENV_URL] = url
    uvicorn.run(
        "mediagraph.web.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http=protocol(http or os.environ.get(ENV_HTTP, "auto")),  # Nagle off: see web/protocol.py
        # A worker answers the supervisor's ping only once imported; on a busy machine that can
        # take longer than uvicorn's 5 s, and the worker would be killed and restarted in a loop.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )


__all__ = ["ENV_HTTP", "ENV_URL", "WORKER_HEALTHCHECK", "app_from_env", "serve"]
