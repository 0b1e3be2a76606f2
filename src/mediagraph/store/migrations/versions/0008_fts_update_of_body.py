"""SQLite: the FTS5 index is rewritten on an update of a document's body only.

``search_docs_au`` deleted and re-inserted a document's FTS5 entry on every update of its row,
so a document whose weight alone changed (one more source states the entity: a label on every
release page that names it) paid for re-indexing text that had not changed. It now fires on
``UPDATE OF body``; the outbox trigger still fires on every update (tantivy ranks by weight).
PostgreSQL is not concerned.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_BODY = (
    "INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.entity_id, old.body); "
    "INSERT INTO search_fts(rowid, body) VALUES (new.entity_id, new.body); END"
)


def _recreate(on: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS search_docs_au")
    op.execute(f"CREATE TRIGGER search_docs_au AFTER UPDATE{on} ON search_docs BEGIN {_BODY}")


def upgrade() -> None:
    _recreate(" OF body")


def downgrade() -> None:
    _recreate("")
