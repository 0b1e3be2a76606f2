"""Search: FTS5 keeps prefix indexes for 2- and 3-letter prefixes only (was 2, 3 and 4).

Each prefix index stores every token once more, and building them was two thirds of the FTS5
``rebuild`` that ends a dump import. A 4-letter prefix query without its index is answered from
the terms themselves, as 5-letter and longer ones always were: at 400,000 documents p95 3.0 ms
instead of 0.36 (5 letters: 4.0 ms), while the rebuild takes a third less CPU (17.0 s instead of
25.4; ``bench/import_ceiling.py --only store,search,prefix``). The 2- and 3-letter indexes stay:
those prefixes expand to the most terms (without them p95 20 and 6 ms at 400,000 documents).
Results are the same either way; only FTS5's speed changes, and FTS5 is the SQLite engine only
when tantivy is not in use. PostgreSQL is not concerned.

Existing catalogs rebuild the FTS5 index once (about 20 µs a document).

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_docs', "
    "content_rowid='entity_id', tokenize='unicode61 remove_diacritics 2', prefix='{prefix}')"
)


def _recreate(prefix: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # The triggers and the fts5vocab table name search_fts, so they follow the new table.
    op.execute("DROP TABLE search_fts")
    op.execute(_FTS.format(prefix=prefix))
    op.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def upgrade() -> None:
    _recreate("2 3")


def downgrade() -> None:
    _recreate("2 3 4")
