"""Two indexes no query reads: ``ix_entities_label_key`` and ``ix_identifiers_norm``.

Entities are looked up by folded label only together with their type, which
``ix_entities_etype_label_key`` serves; identifiers only by scheme and normalised value, which
``ix_identifiers_scheme_norm`` serves. Each cost every insert an index update and about 80–100
bytes a release on disk in a dump's first load. Also from this revision on, an entity stated by
one source whose shown record is that statement may store empty ``data`` and read its
statement's (``store/entities.py``, ``SAME_AS_STATEMENT``): older rows keep their copy, which
reads the same.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_entities_label_key", table_name="entities")
    op.drop_index("ix_identifiers_norm", table_name="identifiers")


def downgrade() -> None:
    op.create_index("ix_identifiers_norm", "identifiers", ["norm"])
    op.create_index("ix_entities_label_key", "entities", ["label_key"])
