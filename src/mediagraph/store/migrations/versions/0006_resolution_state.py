"""The resolution engine's state in the catalog: each entity's blocking keys and merged facts.

Existing catalogs get the tables empty; ``mediagraph resolve`` (or any refresh of an entity)
fills them from the statements.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resolve_keys",
        sa.Column("etype", sa.String(length=16), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.UniqueConstraint("etype", "key", "entity_id", name=op.f("uq_resolve_keys_etype_key_entity_id")),
    )
    op.create_index(op.f("ix_resolve_keys_entity_id"), "resolve_keys", ["entity_id"], unique=False)
    op.create_table(
        "resolve_facts",
        sa.Column("entity_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("etype", sa.String(length=16), nullable=False),
        sa.Column("facts", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("entity_id", name=op.f("pk_resolve_facts")),
    )


def downgrade() -> None:
    op.drop_table("resolve_facts")
    op.drop_index(op.f("ix_resolve_keys_entity_id"), table_name="resolve_keys")
    op.drop_table("resolve_keys")
