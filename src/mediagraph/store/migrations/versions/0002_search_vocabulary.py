"""Search: a vocabulary for typo tolerance and a title-prefix index for search-as-you-type.

SQLite reads the terms of the FTS5 index through an ``fts5vocab`` table. PostgreSQL keeps a
``search_terms`` table filled by a trigger from each document's tsvector (C collation, so a
range scan finds the terms starting with a letter), and a ``text_pattern_ops`` index serves
``title_key LIKE 'metrop%'`` whatever the database collation.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(search_fts, 'row')")
        op.execute("CREATE INDEX IF NOT EXISTS ix_search_docs_weight ON search_docs (weight)")
        return
    op.execute('CREATE TABLE search_terms (term text COLLATE "C" PRIMARY KEY)')
    op.execute(
        "CREATE FUNCTION search_terms_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO search_terms (term) SELECT unnest(tsvector_to_array(NEW.tsv)) "
        "ON CONFLICT DO NOTHING; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER search_docs_terms AFTER INSERT OR UPDATE OF body ON search_docs "
        "FOR EACH ROW EXECUTE FUNCTION search_terms_add()"
    )
    op.execute(
        "INSERT INTO search_terms (term) SELECT DISTINCT unnest(tsvector_to_array(tsv)) FROM search_docs "
        "ON CONFLICT DO NOTHING"
    )
    op.execute("CREATE INDEX ix_search_docs_title_prefix ON search_docs (title_key text_pattern_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_vocab")
        op.execute("DROP INDEX IF EXISTS ix_search_docs_weight")
        return
    op.execute("DROP INDEX IF EXISTS ix_search_docs_title_prefix")
    op.execute("DROP TRIGGER IF EXISTS search_docs_terms ON search_docs")
    op.execute("DROP FUNCTION IF EXISTS search_terms_add()")
    op.execute("DROP TABLE IF EXISTS search_terms")
