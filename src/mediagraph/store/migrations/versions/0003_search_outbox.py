"""Search: an outbox that keeps an index outside the database in step, and a word list for typos.

SQLite: ``search_outbox`` gets one row per change to ``search_docs`` (the entity whose document
was written or deleted), from triggers, so the row commits or rolls back with the change. The
tantivy index beside the catalog applies the rows after commit (``store/search_tantivy.py``);
a row with no entity asks for a full rebuild. Existing catalogs get that row, so their tantivy
index is built on first use.

Typos: the words a typo may stand for are looked up by length and first letter among the
words without digits (catalog numbers, barcodes and field tokens are never fuzzed). SQLite keeps
them in ``search_words`` (written by ``store.search``; reading FTS5's own vocabulary walks every
posting under a letter); PostgreSQL gets a partial index on ``search_terms`` by length.

PostgreSQL titles: one index on ``(title_key text_pattern_ops, weight DESC, entity_id)``
covering the columns a hit needs replaces 0002's prefix index, and the tsvector's GIN index
stops deferring inserts to a pending list that every query would scan.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE TABLE search_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, entity_id INTEGER)")
        op.execute(
            "CREATE TRIGGER search_outbox_ai AFTER INSERT ON search_docs BEGIN "
            "INSERT INTO search_outbox (entity_id) VALUES (new.entity_id); END"
        )
        op.execute(
            "CREATE TRIGGER search_outbox_au AFTER UPDATE ON search_docs BEGIN "
            "INSERT INTO search_outbox (entity_id) VALUES (new.entity_id); END"
        )
        op.execute(
            "CREATE TRIGGER search_outbox_ad AFTER DELETE ON search_docs BEGIN "
            "INSERT INTO search_outbox (entity_id) VALUES (old.entity_id); END"
        )
        op.execute("INSERT INTO search_outbox (entity_id) VALUES (NULL)")  # build the index on first use
        op.execute("CREATE TABLE search_words (len INTEGER NOT NULL, term TEXT NOT NULL, PRIMARY KEY (len, term)) WITHOUT ROWID")
        op.execute(
            "INSERT OR IGNORE INTO search_words (len, term) SELECT length(term), term FROM search_vocab "
            "WHERE term NOT GLOB '*[0-9]*'"
        )
        return
    op.execute("CREATE INDEX ix_search_terms_words ON search_terms (length(term), term) WHERE term !~ '[0-9]'")
    # Titles: equality read in weight order and prefixes read from the index alone (EXPLAIN
    # showed a bitmap heap scan and a sort over every row with the title, 3-30 ms at 200k).
    op.execute(
        "CREATE INDEX ix_search_docs_title_rank ON search_docs "
        "(title_key text_pattern_ops, weight DESC, entity_id) INCLUDE (etype, kind, year)"
    )
    op.execute("DROP INDEX IF EXISTS ix_search_docs_title_prefix")
    # GIN's fast-update pending list is scanned whole by every query until a vacuum merges it:
    # writes go straight into the index instead, so query time does not depend on recent ingest.
    op.execute("ALTER INDEX ix_search_docs_tsv SET (fastupdate = off)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_outbox_ai", "search_outbox_au", "search_outbox_ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_outbox")
        op.execute("DROP TABLE IF EXISTS search_words")
        return
    op.execute("DROP INDEX IF EXISTS ix_search_terms_words")
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_docs_title_prefix ON search_docs (title_key text_pattern_ops)")
    op.execute("DROP INDEX IF EXISTS ix_search_docs_title_rank")
    op.execute("ALTER INDEX ix_search_docs_tsv RESET (fastupdate)")
