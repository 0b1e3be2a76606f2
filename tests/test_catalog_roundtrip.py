"""The catalog core on both backends: JSON-LD in and out, idempotent ingest, source removal."""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from mediagraph import views
from mediagraph.pipeline import ingest_bytes
from mediagraph.store import Catalog

DATA = Path(__file__).parent / "data"


def _by_id(doc: dict) -> dict[str, dict]:
    return {n["@id"]: n for n in doc["@graph"]}


def _export(cat: Catalog) -> dict:
    with cat.transaction(write=False) as tx:
        return views.export_graph(tx)


def test_metropolis_description_round_trips_unchanged(catalog: Catalog, tmp_path: Path) -> None:
    original = json.loads((DATA / "metropolis.jsonld").read_text())
    ingest_bytes(catalog, (DATA / "metropolis.jsonld").read_bytes(), uri="file:///metropolis.jsonld")
    exported = _export(catalog)
    assert exported["@context"]["@vocab"] == "https://schema.org/"
    assert _by_id(exported) == _by_id(original)


def test_export_ingested_into_empty_catalog_exports_the_same_graph(catalog: Catalog, other_catalog: Catalog) -> None:
    ingest_bytes(catalog, (DATA / "metropolis.jsonld").read_bytes(), uri="file:///metropolis.jsonld")
    first = _export(catalog)
    second_cat = other_catalog  # empty, on the same backend
    ingest_bytes(second_cat, orjson.dumps(first), uri="file:///export.jsonld")
    assert _export(second_cat) == first


def test_ingesting_the_same_file_twice_changes_nothing(catalog: Catalog) -> None:
    data = (DATA / "metropolis.jsonld").read_bytes()
    first = ingest_bytes(catalog, data, uri="file:///m.jsonld")
    before = _export(catalog)
    again = ingest_bytes(catalog, data, uri="file:///m.jsonld")
    assert not first.unchanged and again.unchanged
    assert _export(catalog) == before


def test_search_tells_the_four_metropolis_works_apart(catalog: Catalog) -> None:
    ingest_bytes(catalog, (DATA / "metropolis.jsonld").read_bytes(), uri="file:///m.jsonld")
    with catalog.transaction(write=False) as tx:
        rows = views.search(tx, "metropolis")
    works = {(r["kind"], r["year"], r["creators"][0]) for r in rows if r["type"] == "work" and r["title"] == "Metropolis"}
    assert works == {
        ("film", 1927, "Fritz Lang"),
        ("comic", 1949, "Osamu Tezuka"),
        ("film", 2001, "Rintaro"),
        ("album", 2000, "Jeff Mills"),
    }
    assert any(r["title"] == "Metropolis - Original Soundtrack" for r in rows)


def test_search_ignores_accents_and_romanisation(catalog: Catalog) -> None:
    doc = {
        "@context": {"@vocab": "https://schema.org/"},
        "@type": "Movie",
        "name": "Metropolis",
        "datePublished": "2001",
        "actor": [{"@type": "Person", "name": "Kôsei Tomita"}],
    }
    ingest_bytes(catalog, orjson.dumps(doc), uri="file:///cast.jsonld")
    with catalog.transaction(write=False) as tx:
        for q in ("Kosei", "kousei", "KÔSEI tomita"):
            found = {(r["type"], r["title"]) for r in views.search(tx, q)}
            assert found == {("agent", "Kôsei Tomita"), ("work", "Metropolis")}, q


def test_disagreeing_sources_keep_both_values_and_mark_the_chosen_one(catalog: Catalog) -> None:
    def film(year: str) -> bytes:
        return orjson.dumps(
            {"@context": {"@vocab": "https://schema.org/"}, "@id": "https://example.org/lang", "@type": "Movie",
             "name": "Metropolis", "datePublished": year, "director": {"@type": "Person", "name": "Fritz Lang"}}
        )

    ingest_bytes(catalog, film("1926"), uri="file:///a.jsonld")
    ingest_bytes(catalog, film("1927"), uri="file:///b.jsonld")
    ingest_bytes(catalog, film("1927"), uri="file:///c.jsonld")
    exported = _export(catalog)
    (lang,) = [n for n in exported["@graph"] if n["@id"] == "https://example.org/lang"]
    assert lang["datePublished"] == "1927"
    alts = {a["mg:value"]: a for a in lang["mg:alternatives"]}
    assert alts["1927"]["mg:chosen"] is True
    assert alts["1926"]["mg:chosen"] is False and alts["1926"]["mg:source"] == ["file:///a.jsonld"]


def test_removing_a_source_removes_only_what_it_alone_asserted(catalog: Catalog) -> None:
    from mediagraph.resolve.ingest import refresh
    from mediagraph.store import facts, sources

    ingest_bytes(catalog, (DATA / "metropolis.jsonld").read_bytes(), uri="file:///m.jsonld")
    extra = {"@context": {"@vocab": "https://schema.org/"}, "@id": "https://example.org/work/lang-1927",
             "@type": "Movie", "name": "Metropolis", "datePublished": "1926",
             "director": {"@type": "Person", "name": "Fritz Lang"}}
    other = {"@context": {"@vocab": "https://schema.org/"}, "@type": "Movie", "name": "Akira", "datePublished": "1988"}
    ingest_bytes(catalog, orjson.dumps({"@graph": [extra, other]}), uri="file:///extra.jsonld")
    with catalog.transaction() as tx:
        src = sources.by_uri(tx, "file:///extra.jsonld")
        assert src is not None
        refresh(tx, facts.delete_source_facts(tx, src.id) | set(sources.delete(tx, src.id)))
    with catalog.transaction(write=False) as tx:
        assert views.search(tx, "akira") == []
        lang = views.details(tx, views.search(tx, "metropolis year:1927")[0]["id"])
        assert lang["year"] == 1927 and lang["alternatives"] == {}
