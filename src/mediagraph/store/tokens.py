"""API tokens: only a hash of each token is stored; the token itself is shown once, at creation."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from mediagraph.errors import NotFoundError
from mediagraph.store.catalog import Tx
from mediagraph.store.schema import tokens

PREFIX = "mg_"


@dataclass(frozen=True, slots=True)
class TokenRow:
    id: int
    name: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def hash_token(secret: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: there is nothing to brute-force,
    # and a fast hash lets every write look the token up by its (unique, indexed) hash.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create(tx: Tx, *, name: str) -> tuple[TokenRow, str]:
    """A new token: returns its row and the secret, which is not stored anywhere."""
    secret = PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    result = tx.execute(tokens.insert().values(name=name, hash=hash_token(secret), created_at=now))
    pk = result.inserted_primary_key
    assert pk is not None
    return TokenRow(int(pk[0]), name, now, None), secret


def verify(tx: Tx, secret: str) -> TokenRow | None:
    """The live token with this secret, or None when unknown or revoked."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    r = tx.execute(
        sa.select(tokens.c.id, tokens.c.name, tokens.c.created_at, tokens.c.revoked_at).where(
            tokens.c.hash == hash_token(secret), tokens.c.revoked_at.is_(None)
        )
    ).first()
    return TokenRow(*r) if r is not None else None


def list_tokens(tx: Tx) -> list[TokenRow]:
    q = sa.select(tokens.c.id, tokens.c.name, tokens.c.created_at, tokens.c.revoked_at).order_by(tokens.c.id)
    return [TokenRow(*r) for r in tx.execute(q)]


def revoke(tx: Tx, token_id: int) -> TokenRow:
    """Revoke a token by id (revoking twice keeps the first time)."""
    r = tx.execute(
        sa.select(tokens.c.id, tokens.c.name, tokens.c.created_at, tokens.c.revoked_at).where(tokens.c.id == token_id)
    ).first()
    if r is None:
        raise NotFoundError(f"no API token with id {token_id}")
    row = TokenRow(*r)
    if row.revoked_at is not None:
        return row
    now = datetime.now(UTC)
    tx.execute(tokens.update().where(tokens.c.id == token_id).values(revoked_at=now))
    return TokenRow(row.id, row.name, row.created_at, now)


__all__ = ["PREFIX", "TokenRow", "create", "hash_token", "list_tokens", "revoke", "verify"]
