"""Route dependencies: the catalog and the API token a write must carry."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mediagraph.errors import AuthError
from mediagraph.store import Catalog, tokens
from mediagraph.store.tokens import TokenRow


async def get_catalog(request: Request) -> Catalog:
    # async so FastAPI calls it inline: a sync dependency costs a trip through the thread pool.
    catalog: Catalog = request.app.state.catalog
    return catalog


CatalogDep = Annotated[Catalog, Depends(get_catalog)]

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="An API token from `mediagraph token create`, sent as `Authorization: Bearer <token>`.",
)


def require_token(
    catalog: CatalogDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> TokenRow:
    if credentials is None:
        raise AuthError("this needs an API token: send `Authorization: Bearer <token>` (create one with `mediagraph token create`)")
    with catalog.transaction(write=False) as tx:
        row = tokens.verify(tx, credentials.credentials)
    if row is None:
        raise AuthError("unknown or revoked API token")
    return row


TokenDep = Annotated[TokenRow, Depends(require_token)]

__all__ = ["CatalogDep", "TokenDep", "get_catalog", "require_token"]
