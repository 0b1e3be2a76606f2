"""Facts stored once per source, relations waiting for their records, imports keyed on content.

- Identifiers, credits and relations get a unique index each (``schema.FACT_KEYS``): one row per
  entity, fact and source. Copies stored before (a relation listed twice by every import of a
  dump, more by each re-import) are removed first; of a relation's copies the oldest row stays,
  given the first note and span any copy had. The single-column indexes on the entity each of
  them leads with are dropped: the unique index serves those lookups.
- ``pending_relations``: what a dump relates to a record not imported yet.
- ``imports`` rows are keyed by their source's URI (``dump:<file name>``, was ``<name>:<size>``)
  and remember the digest of the bytes read (``content_bytes``, ``content_digest``). Rows from
  before have no digest: their file is read once more from its start on the next run, which now
  adds nothing it already holds. Of several rows for one file name the newest is kept.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# The fact keys as in ``schema.FACT_KEYS`` at this revision (a migration never reads the live schema).
KEYS = {
    "identifiers": ("entity_id", "scheme", "value", "source_id", "coalesce(qualifier, '')"),
    "credits": (
        "entity_id", "agent_id", "role", "source_id", "coalesce(role_detail, '')", "coalesce(track, '')",
        "coalesce(\"character\", '')", "coalesce(credited_as, '')",
    ),
    "relations": (
        "subject_id", "predicate", "object_id", "source_id", "coalesce(subject_track, '')", "coalesce(object_track, '')",
    ),
}
PENDING_KEY = ("subject_key", "predicate", "object_key", "source_id", "coalesce(subject_track, '')", "coalesce(object_track, '')")


def _same(table: str, a: str, b: str) -> str:
    """SQL: rows ``a`` and ``b`` of ``table`` state the same fact."""
    parts = []
    for k in KEYS[table]:
        if k.startswith("coalesce("):
            col = k[len("coalesce(") : k.index(",")]
            parts.append(f"coalesce({a}.{col}, '') = coalesce({b}.{col}, '')")
        else:
            parts.append(f"{a}.{k} = {b}.{k}")
    return " AND ".join(parts)


def _dedupe(table: str) -> None:
    key = ", ".join(KEYS[table])
    if table == "relations":
        # The oldest copy keeps what any copy said: the first note and span.
        for col in ("note", "span_start", "span_end"):
            op.execute(
                f"UPDATE relations SET {col} = (SELECT o.{col} FROM relations o WHERE {_same('relations', 'o', 'relations')} "
                f"AND o.{col} IS NOT NULL ORDER BY o.id LIMIT 1) WHERE {col} IS NULL AND EXISTS "
                f"(SELECT 1 FROM relations o WHERE {_same('relations', 'o', 'relations')} AND o.id <> relations.id)"
            )
    op.execute(
        f"DELETE FROM {table} WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY {key} ORDER BY id) AS n "
        f"FROM {table}) copies WHERE n > 1)"
    )


def upgrade() -> None:
    for table, column in (("identifiers", "entity_id"), ("credits", "entity_id"), ("relations", "subject_id")):
        _dedupe(table)
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.create_index(f"uq_{table}_fact", table, [sa.text(k) for k in KEYS[table]], unique=True)

    op.create_table(
        "pending_relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("subject_key", sa.Text(), nullable=False),
        sa.Column("subject_track", sa.Text(), nullable=True),
        sa.Column("predicate", sa.String(length=32), nullable=False),
        sa.Column("object_key", sa.Text(), nullable=False),
        sa.Column("object_track", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_pending_relations_source_id_sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_relations")),
    )
    op.create_index("ix_pending_relations_source_id", "pending_relations", ["source_id"])
    op.create_index("ix_pending_relations_object_key", "pending_relations", ["object_key"])
    op.create_index("uq_pending_relations_fact", "pending_relations", [sa.text(k) for k in PENDING_KEY], unique=True)

    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("content_bytes", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("content_digest", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, path_key FROM imports ORDER BY id")).all()
    newest: dict[str, int] = {}
    for row_id, key in rows:
        if key.startswith("dump:"):
            newest[key] = row_id
            continue
        name, _, size = key.rpartition(":")
        newest[f"dump:{name}" if name and size.isdigit() else f"dump:{key}"] = row_id
    keep = {row_id: key for key, row_id in newest.items()}
    for row_id, _key in rows:
        if row_id not in keep:
            bind.execute(sa.text("DELETE FROM imports WHERE id = :id"), {"id": row_id})
    for row_id, key in keep.items():
        bind.execute(sa.text("UPDATE imports SET path_key = :k WHERE id = :id"), {"k": key, "id": row_id})


def downgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("content_digest")
        batch.drop_column("content_bytes")
    op.drop_table("pending_relations")
    for table, column in (("identifiers", "entity_id"), ("credits", "entity_id"), ("relations", "subject_id")):
        op.drop_index(f"uq_{table}_fact", table_name=table)
        op.create_index(f"ix_{table}_{column}", table, [column])
