"""The catalog's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

Each entity row holds the values chosen for display; each statement row holds what one source
said about that entity, so every fact keeps its source and disagreements are never lost.
Credits, identifiers and relations are rows of their own, each with the source that asserted it.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uri", Text, nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("site", Text),
    Column("title", Text),
    Column("media_type", String(128)),
    Column("content_hash", String(64)),
    Column("retrieved_at", String(40)),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("text", Text),
    # The RecordSet as extracted (msgspec JSON), kept so resolution can be replayed.
    Column("records", LargeBinary),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("etype", String(16), nullable=False),
    Column("kind", String(32)),
    Column("label", Text, nullable=False),
    Column("label_key", Text, nullable=False),
    Column("year", Integer),
    Column("iri", Text, unique=True),
    # The merged record (msgspec JSON of a Work, Release, Agent, Review or Citation).
    Column("data", LargeBinary, nullable=False),
    Column("merged_into", Integer, ForeignKey("entities.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index(None, "etype", "label_key"),  # the only way entities are found by label (0009 dropped label_key alone)
)

statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("local_key", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
    UniqueConstraint("source_id", "local_key"),
)

identifiers = Table(
    "identifiers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("scheme", String(32), nullable=False),
    Column("value", Text, nullable=False),
    Column("norm", Text, nullable=False),
    Column("qualifier", Text),
    Column("valid", Boolean),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Index(None, "scheme", "norm"),  # identifiers are found by scheme and value (0009 dropped norm alone)
)

credits = Table(
    "credits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("agent_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("role", Text, nullable=False),
    Column("role_detail", Text),
    Column("character", Text),
    Column("credited_as", Text),
    Column("track", Text),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
)

relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subject_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("subject_track", Text),
    Column("predicate", String(32), nullable=False),
    Column("object_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("object_track", Text),
    Column("note", Text),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("span_start", Integer),
    Column("span_end", Integer),
)

# A fact is stored once per source: these unique indexes (both backends) make a second copy of
# an identifier, credit or relation from the same source impossible, whatever writes it (a
# re-import, two imports at once, a resumed batch). Absent optional parts count as '' so that
# two rows differing only by NULL and NULL collide too. Each leads with the entity, so it also
# serves the lookups by entity (0007 dropped the single-column indexes it replaced).
FACT_KEYS: dict[str, tuple[str, ...]] = {
    "identifiers": ("entity_id", "scheme", "value", "source_id", "coalesce(qualifier, '')"),
    "credits": (
        "entity_id", "agent_id", "role", "source_id", "coalesce(role_detail, '')", "coalesce(track, '')",
        "coalesce(\"character\", '')", "coalesce(credited_as, '')",
    ),
    "relations": (
        "subject_id", "predicate", "object_id", "source_id", "coalesce(subject_track, '')", "coalesce(object_track, '')",
    ),
}
for _name, _table in (("identifiers", identifiers), ("credits", credits), ("relations", relations)):
    Index(
        f"uq_{_name}_fact",
        *(_table.c[k] if k in _table.c else text(k) for k in FACT_KEYS[_name]),
        unique=True,
    )

# Relations a dump states about a record the catalog does not hold yet (a master naming its main
# release before the releases are imported): kept by key, and stored as relations as soon as
# both ends are there, whatever the order the files come in.
pending_relations = Table(
    "pending_relations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("subject_key", Text, nullable=False),
    Column("subject_track", Text),
    Column("predicate", String(32), nullable=False),
    Column("object_key", Text, nullable=False, index=True),
    Column("object_track", Text),
    Column("note", Text),
)
Index(
    "uq_pending_relations_fact",
    pending_relations.c.subject_key, pending_relations.c.predicate, pending_relations.c.object_key,
    pending_relations.c.source_id, text("coalesce(subject_track, '')"), text("coalesce(object_track, '')"),
    unique=True,
)

# A curator's choice of displayed value: field -> value (JSON), winning over every source.
overrides = Table(
    "overrides",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("field", String(64), nullable=False),
    Column("value", JSON),
    Column("edit_id", Integer, ForeignKey("edits.id"), nullable=False),
    UniqueConstraint("entity_id", "field"),
)

# Relations a curator removed: a later ingest that asserts them again does not bring them back.
suppressed = Table(
    "suppressed",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subject_id", Integer, nullable=False),
    Column("predicate", String(32), nullable=False),
    Column("object_id", Integer, nullable=False),
    Column("edit_id", Integer, ForeignKey("edits.id"), nullable=False),
    UniqueConstraint("subject_id", "predicate", "object_id"),
)

edits = Table(
    "edits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("author", Text, nullable=False),
    Column("action", String(16), nullable=False),
    Column("summary", Text, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("undone_at", DateTime(timezone=True)),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("local_key", Text, nullable=False),
    Column("entity_id", Integer, nullable=False, index=True),
    Column("outcome", String(16), nullable=False),  # new | matched | pinned
    Column("score", Float),
    Column("reasons", JSON, nullable=False),
)

search_docs = Table(
    "search_docs",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id"), primary_key=True),
    Column("etype", String(16), nullable=False),
    Column("kind", String(32)),
    Column("year", Integer),
    Column("title_key", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("weight", Integer, nullable=False, default=0),
    Index(None, "title_key"),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("hash", String(128), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

# One row per dump file, keyed by its source's URI (``dump:<file name>``). ``content_bytes`` and
# ``content_digest`` are the file's first bytes as read up to the last stored batch (SHA-256 of
# the file as it lies on disk, compressed or not): a re-run resumes only when the file still
# begins with those bytes, so a file changed in place is read again (``resolve/importer.py``).
imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path_key", Text, nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("records_done", Integer, nullable=False, default=0),
    Column("finished", Boolean, nullable=False, default=False),
    Column("report", JSON),
    Column("content_bytes", BigInteger),
    Column("content_digest", String(64)),
)

# What the resolution engine keeps per entity (``resolve/state.py``): its blocking keys, and
# its merged facts as JSON. Both are derived from the entity's statements on every refresh.
resolve_keys = Table(
    "resolve_keys",
    metadata,
    Column("etype", String(16), nullable=False),
    Column("key", Text, nullable=False),
    Column("entity_id", Integer, nullable=False, index=True),
    UniqueConstraint("etype", "key", "entity_id"),
)

resolve_facts = Table(
    "resolve_facts",
    metadata,
    Column("entity_id", Integer, primary_key=True, autoincrement=False),
    Column("etype", String(16), nullable=False),
    Column("facts", LargeBinary, nullable=False),
)

__all__ = [
    "FACT_KEYS",
    "credits",
    "decisions",
    "edits",
    "entities",
    "identifiers",
    "imports",
    "metadata",
    "overrides",
    "pending_relations",
    "relations",
    "resolve_facts",
    "resolve_keys",
    "search_docs",
    "sources",
    "statements",
    "suppressed",
    "tokens",
]
