"""schema.org JSON-LD as real sites write it: what is read, what is reported lost, and bad input."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from mediagraph import views
from mediagraph.errors import JsonLdError
from mediagraph.jsonld import parse
from mediagraph.pipeline import ingest_bytes
from mediagraph.store import Catalog

CTX = {"@vocab": "https://schema.org/"}


def _read(doc: Any) -> Any:
    return parse(orjson.dumps(doc), uri="file:///t.jsonld")[0]


def test_music_album_with_release_properties_splits_into_work_and_release() -> None:
    rs = _read(
        {
            "@context": "https://schema.org",
            "@type": "MusicAlbum",
            "name": "Blue Train",
            "byArtist": {"@type": "MusicGroup", "name": "John Coltrane"},
            "recordLabel": {"@type": "Organization", "name": "Blue Note"},
            "catalogNumber": "BLP 1577",
            "gtin12": "602557406938",
            "numTracks": 5,
            "track": {
                "@type": "ItemList",
                "numberOfItems": 2,
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "item": {"@type": "MusicRecording", "name": "Blue Train", "duration": "PT10M43S"}},
                    {"@type": "ListItem", "position": 2, "item": {"@type": "MusicRecording", "name": "Moment's Notice", "isrcCode": "USBN20300123"}},
                ],
            },
            "identifier": [
                {"@type": "PropertyValue", "propertyID": "Label Code", "value": "LC 0133"},
                {"@type": "PropertyValue", "name": "Mastering SID Code", "value": "IFPI L123"},
                {"@type": "PropertyValue", "propertyID": "Matrix / Runout", "value": "BN-1577-A"},
            ],
        }
    )
    (work,) = rs.works
    (release,) = rs.releases
    assert work.title == "Blue Train" and release.work == work.key
    assert release.labels[0].label.name == "Blue Note" and release.labels[0].catalog_number == "BLP 1577"
    assert [(t.position, t.title, t.duration) for t in release.tracks] == [("1", "Blue Train", "10:43"), ("2", "Moment's Notice", None)]
    assert release.tracks[1].identifiers[0].scheme == "isrc"
    schemes = {str(i.scheme) for i in [*work.identifiers, *release.identifiers]}
    assert {"barcode", "label_code", "mastering_sid", "matrix"} <= schemes and "other" not in schemes
    assert rs.warnings == ()


def test_roles_album_release_and_http_and_prefixed_terms() -> None:
    rs = _read(
        {
            "@context": [{"s": "http://schema.org/"}],
            "@graph": [
                {
                    "@id": "#film",
                    "@type": "s:Movie",
                    "s:name": "Metropolis",
                    "http://schema.org/actor": {"@type": "PerformanceRole", "actor": {"@type": "Person", "name": "Brigitte Helm"}, "characterName": "Maria"},
                    "aggregateRating": {"@type": "AggregateRating", "ratingValue": "8.3", "bestRating": "10", "ratingCount": "180000"},
                    "sameAs": "https://www.wikidata.org/wiki/Q151599",
                },
                {"@type": "MusicAlbum", "name": "Metropolis", "albumRelease": {"@id": "#cd"}},
                {"@id": "#cd", "@type": "MusicRelease", "name": "Metropolis", "musicReleaseFormat": "https://schema.org/CDFormat"},
            ],
        }
    )
    film = next(w for w in rs.works if w.kind == "film")
    assert (film.credits[0].agent.name, film.credits[0].character) == ("Brigitte Helm", "Maria")
    assert film.aggregate is not None and film.aggregate.value == 8.3 and film.aggregate.rating_count == 180000
    assert film.same_as == ("https://www.wikidata.org/wiki/Q151599",)
    album = next(w for w in rs.works if w.kind == "album")
    assert rs.releases[0].work == album.key and rs.releases[0].formats[0].name == "CD"


def test_author_given_only_by_id_is_reported_and_the_rest_is_read() -> None:
    rs = _read({"@context": CTX, "@type": "Book", "name": "Kindred", "isbn": "9780807083697",
                "author": [{"@id": "http://viaf.org/viaf/12345"}, {"@type": "Person", "name": "Octavia E. Butler"}]})
    (book,) = rs.works
    assert [c.agent.name for c in book.credits] == ["Octavia E. Butler"]
    assert book.identifiers[0].scheme == "isbn"
    assert any("author[0]" in w and "viaf.org" in w for w in rs.warnings)


def test_readable_node_under_an_action_or_page_is_read() -> None:
    watch = _read({"@context": CTX, "@type": "WatchAction", "object": {"@type": "Movie", "name": "Stalker", "dateCreated": "1979"}})
    page = _read({"@context": CTX, "@type": "WebPage", "name": "Books of 1961", "mainEntity": {"@type": "Book", "name": "Solaris"}})
    assert watch.works[0].title == "Stalker" and watch.works[0].date == "1979"
    assert page.works[0].title == "Solaris"
    assert "@graph[0].name: not kept (a WebPage is not a catalog record)" in page.warnings


def test_what_the_catalog_cannot_hold_is_listed_with_its_path() -> None:
    rs = _read({"@context": CTX, "@type": "MusicComposition", "name": "Yesterday", "iswcCode": "T-010.140.236-1",
                "lyrics": {"@type": "CreativeWork", "text": "Yesterday…"},
                "identifier": {"@type": "PropertyValue", "propertyID": "JASRAC", "value": "0Y1-0005-8"}})
    (song,) = rs.works
    assert {str(i.scheme) for i in song.identifiers} == {"iswc", "other"}
    assert "@graph[0].lyrics: not kept (the catalog has no field for it)" in rs.warnings
    assert any("@graph[0].identifier" in w and "'JASRAC'" in w for w in rs.warnings)


def test_an_unnamed_label_is_never_written_and_its_catalog_number_survives(catalog: Catalog, tmp_path: Any) -> None:
    doc = {"@context": CTX, "@id": "urn:x:r1", "@type": "MusicRelease", "name": "Night Bus", "catalogNumber": "CT 019LP"}
    ingest_bytes(catalog, orjson.dumps(doc), uri="file:///r.jsonld")
    with catalog.transaction(write=False) as tx:
        first = views.export_graph(tx)
    assert "recordLabel" not in first["@graph"][0] and first["@graph"][0]["catalogNumber"] == "CT 019LP"
    other = Catalog(f"sqlite:///{tmp_path / 'b.sqlite'}")
    ingest_bytes(other, orjson.dumps(first), uri="file:///export.jsonld")
    with other.transaction(write=False) as tx:
        assert views.export_graph(tx) == first


# -- bad input -----------------------------------------------------------------------------------


def test_a_node_that_refers_to_itself_is_read_once() -> None:
    rs = _read({"@context": CTX, "@id": "#a", "@type": "Movie", "name": "Loop", "isBasedOn": {"@id": "#a", "@type": "Movie", "name": "Loop"}})
    assert len(rs.works) == 1 and rs.relations[0].object == rs.works[0].key == "file:///t.jsonld#a"


def test_ten_thousand_nested_levels_is_one_clear_error() -> None:
    text = '{"@type": "Movie", "name": "Deep", "isBasedOn": ' * 10_000 + "{}" + "}" * 10_000
    with pytest.raises(JsonLdError, match="nested deeper than 1024 levels"):
        parse(text, uri="file:///deep.jsonld")


def test_deep_but_valid_nesting_is_read_to_a_bound_and_reported() -> None:
    doc: dict[str, Any] = {"@type": "Movie", "name": "Level 300"}
    for i in range(299, 0, -1):
        doc = {"@type": "Movie", "name": f"Level {i}", "isBasedOn": doc}
    rs = parse(json.dumps(doc), uri="file:///deep.jsonld")[0]
    assert 1 < len(rs.works) <= 64 and any("nested deeper than" in w for w in rs.warnings)


def test_wrong_types_give_a_partial_result_with_warnings() -> None:
    rs = _read({"@context": CTX, "@graph": [42, {"@type": "MusicRelease", "name": "Odd", "track": [7, "Intro", {"name": "Outro"}],
                                                "byArtist": 3.5, "recordLabel": True}]})
    (release,) = rs.releases
    assert [t.title for t in release.tracks] == ["Intro", "Outro"]
    assert any(w.startswith("@graph[0]: a int") for w in rs.warnings)
    assert any("track[0]" in w for w in rs.warnings) and any("byArtist" in w for w in rs.warnings)


def test_unknown_context_url_is_named_and_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("a context was fetched")

    monkeypatch.setattr(socket, "create_connection", refuse)
    rs = _read({"@context": "https://example.org/my-context.jsonld", "@type": "Movie", "name": "Context"})
    assert rs.works[0].title == "Context"
    assert any("example.org/my-context.jsonld" in w and "not fetched" in w for w in rs.warnings)


def test_a_file_with_nothing_readable_stores_nothing(catalog: Catalog) -> None:
    with pytest.raises(JsonLdError, match=r"no schema\.org node"):
        ingest_bytes(catalog, orjson.dumps({"@context": CTX, "@type": "Movie"}), uri="file:///n.jsonld")
    with catalog.transaction(write=False) as tx:
        assert views.export_graph(tx)["@graph"] == []
