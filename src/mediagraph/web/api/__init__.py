"""The REST API under ``/api/v1``: reads are public, writes need an API token."""

from fastapi import APIRouter

from mediagraph.web.api import reads, writes

router = APIRouter(prefix="/api/v1")
router.include_router(reads.router)
router.include_router(writes.router)

__all__ = ["router"]
