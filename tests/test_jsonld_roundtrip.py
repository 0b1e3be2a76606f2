"""Round trips are exact: pages ingested, exported, ingested into an empty catalog and exported
again give the same graph, for every corpus in the repository and ../shared/pages.

Each corpus is ingested into one catalog (so records of several pages merge as they would for a
user). By default every eighth page of each corpus is used, to keep the suite fast;
``MEDIAGRAPH_ROUNDTRIP_ALL=1`` takes every page; bench/jsonld_roundtrip.py prints the same
comparison for every page, corpus by corpus.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import orjson
import pytest

from bench_scripts import bench_script
from mediagraph.pipeline import ingest_bytes
from mediagraph.store import Catalog

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    return bench_script("jsonld_roundtrip")


BENCH = _bench()
CORPORA = BENCH.CORPORA
STRIDE = 1 if os.environ.get("MEDIAGRAPH_ROUNDTRIP_ALL") else 8
export, differences, unnamed = BENCH.export, BENCH.differences, BENCH.unnamed


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name if p.name != "pages" else p.parent.name)
def test_export_ingest_export_is_the_same_graph(corpus: Path, catalog: Catalog, other_catalog: Catalog) -> None:
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is absent")
    for page in BENCH.pages_of(corpus, STRIDE):
        ingest_bytes(catalog, page.read_bytes(), uri=page.resolve().as_uri())
    first = export(catalog)
    assert not unnamed(first), "nodes written without their name"
    again = other_catalog  # an empty catalog on the same backend
    report = ingest_bytes(again, orjson.dumps(first), uri="file:///export.jsonld")
    # what the reader reports lost (a review's scoring notes are no loss and come back as they were)
    assert BENCH.losses(report.warnings) == [], "the catalog's own export reports losses"
    assert differences(first, export(again)) == []


def test_an_exports_two_works_of_one_title_stay_two(catalog: Catalog) -> None:
    """../shared/pages in one catalog exports two albums both titled "untitled" (urn:mediagraph:w13
    and urn:mediagraph:w172), each with a release of that title: read back they stay two albums
    and two releases (they were joined, and both round trips of ../shared/pages differed)."""
    doc = {"@context": {"@vocab": "https://schema.org/"}, "@graph": [
        {"@id": "urn:mediagraph:r18", "@type": "MusicRelease", "name": "untitled", "releaseOf": {"@id": "urn:mediagraph:w13"}},
        {"@id": "urn:mediagraph:r182", "@type": "MusicRelease", "name": "untitled", "releaseOf": {"@id": "urn:mediagraph:w172"}},
        {"@id": "urn:mediagraph:w13", "@type": "MusicAlbum", "name": "untitled", "composer": {"@type": "Person", "name": "Time"}},
        {"@id": "urn:mediagraph:w172", "@type": "MusicAlbum", "name": "untitled", "alternateName": "Chaconne"},
    ]}
    ingest_bytes(catalog, orjson.dumps(doc), uri="file:///export.jsonld")
    ids = sorted(n["@id"] for n in export(catalog)["@graph"])
    assert ids == ["urn:mediagraph:r18", "urn:mediagraph:r182", "urn:mediagraph:w13", "urn:mediagraph:w172"]
