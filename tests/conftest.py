"""Shared fixtures: the seed pages and dump samples in ../shared, and catalogs on both backends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from mediagraph.store import Catalog

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MEDIAGRAPH_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# The lexicon estimator is the default install's; the embedding path has its own tests.
os.environ.setdefault("MEDIAGRAPH_ESTIMATOR", "lexicon")


def _shared(sub: str) -> Path:
    path = SHARED / sub
    if not path.is_dir():
        if IN_CI:
            pytest.fail(f"{path} is missing: CI must have ../shared beside the checkout")
        pytest.skip(f"{path} is absent (outside CI the shared folder is optional)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _shared("seeds")


@pytest.fixture(scope="session")
def dumps_dir() -> Path:
    return _shared("dumps")


@pytest.fixture(scope="session")
def reviews_dir() -> Path:
    return _shared("reviews")


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """The three seed pages by their number: ``{"000": text, "001": text, "002": text}``."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("0*.txt"))}


PG_URL = os.environ.get("MEDIAGRAPH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    import psycopg

    try:
        with psycopg.connect(PG_URL.replace("postgresql://", "postgresql://", 1), connect_timeout=3):
            return None
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    yield from _pg_schema()


def _pg_schema() -> Iterator[str]:
    import uuid

    import psycopg

    reason = _pg_available()
    if reason is not None:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {PG_URL} is required in CI: {reason}")
        pytest.skip(f"PostgreSQL at {PG_URL} is not reachable: {reason}")
    schema = f"mg_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty catalog URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def catalog(db_url: str) -> Iterator[Catalog]:
    from mediagraph.store import Catalog

    cat = Catalog(db_url)
    try:
        yield cat
    finally:
        cat.close()


@pytest.fixture
def other_catalog(db_url: str, tmp_path: Path) -> Iterator[Catalog]:
    """A second empty catalog on the backend of ``catalog`` (round trips from one to the other)."""
    from mediagraph.store import Catalog

    if db_url.startswith("sqlite"):
        cat = Catalog(f"sqlite:///{tmp_path / 'other.sqlite'}")
        try:
            yield cat
        finally:
            cat.close()
        return
    for url in _pg_schema():
        cat = Catalog(url)
        try:
            yield cat
        finally:
            cat.close()


@pytest.fixture
def sqlite_catalog(tmp_path: Path) -> Iterator[Catalog]:
    from mediagraph.store import Catalog

    cat = Catalog(f"sqlite:///{tmp_path / 'catalog.sqlite'}")
    try:
        yield cat
    finally:
        cat.close()


@pytest.fixture(scope="session")
def shared_tools_dir() -> Path:
    return _shared("tools")


@pytest.fixture(scope="session")
def shared_pages_dir() -> Path:
    return _shared("pages")
