"""The catalog's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

Each entity row holds the values chosen for display; each statement row holds what one source
said about that entity, so every fact keeps its source and disagreements are never lost.
Credits, identifiers and relations are rows of their own, each with the source that asserted it.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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
    Index(None, "etype", "label_key"),
    Index(None, "label_key"),
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
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("scheme", String(32), nullable=False),
    Column("value", Text, nullable=False),
    Column("norm", Text, nullable=False),
    Column("qualifier", Text),
    Column("valid", Boolean),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Index(None, "scheme", "norm"),
    Index(None, "norm"),
)

credits = Table(
    "credits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
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
    Column("subject_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("subject_track", Text),
    Column("predicate", String(32), nullable=False),
    Column("object_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("object_track", Text),
    Column("note", Text),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("span_start", Integer),
    Column("span_end", Integer),
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

imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path_key", Text, nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("records_done", Integer, nullable=False, default=0),
    Column("finished", Boolean, nullable=False, default=False),
    Column("report", JSON),
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
    "credits",
    "decisions",
    "edits",
    "entities",
    "identifiers",
    "imports",
    "metadata",
    "overrides",
    "relations",
    "resolve_facts",
    "resolve_keys",
    "search_docs",
    "sources",
    "statements",
    "suppressed",
    "tokens",
]
