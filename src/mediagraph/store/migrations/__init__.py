"""Alembic migrations of the catalog schema, applied when a catalog is opened."""
