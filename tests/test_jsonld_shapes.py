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
    # the page around the book is kept on it, in JSON-LD's reverse form, and nothing is reported lost
    assert [(p.name, orjson.loads(p.value)) for p in page.works[0].extra] == [
        ("@reverse", {"mainEntity": {"@type": "WebPage", "name": "Books of 1961"}})]
    assert page.warnings == ()


def test_what_the_catalog_cannot_hold_is_listed_with_its_path() -> None:
    rs = _read({"@context": CTX, "@type": "MusicComposition", "name": "Yesterday", "iswcCode": "T-010.140.236-1",
                "lyrics": {"@type": "CreativeWork", "text": "Yesterday…"},
                "identifier": {"@type": "PropertyValue", "propertyID": "JASRAC", "value": "0Y1-0005-8"}})
    (song,) = rs.works
    assert {str(i.scheme) for i in song.identifiers} == {"iswc", "other"}
    assert any("@graph[0].identifier" in w and "'JASRAC'" in w for w in rs.warnings)
    # a property with no field of its own is kept as written, and written back by the export
    assert [(p.name, orjson.loads(p.value)) for p in song.extra] == [("lyrics", {"@type": "CreativeWork", "text": "Yesterday…"})]
    assert not any("lyrics" in w for w in rs.warnings)


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


# -- references, ids and what a full export holds -------------------------------------------------


def test_a_release_under_its_albums_own_id_is_the_albums_release() -> None:
    """Bandcamp writes the album and its release under one @id: one album, one release."""
    rs = _read({"@context": "https://schema.org", "@id": "https://x.bandcamp.com/album/tapes", "@type": "MusicAlbum",
                "name": "Tapes", "byArtist": {"@type": "MusicGroup", "name": "Hiss"}, "numTracks": 2,
                "track": {"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "position": 1, "item": {"@type": "MusicRecording", "name": "A"}}]},
                "albumRelease": [{"@id": "https://x.bandcamp.com/album/tapes", "@type": ["MusicRelease", "Product"], "name": "Tapes",
                                  "musicReleaseFormat": "DigitalFormat", "recordLabel": {"@type": "Organization", "name": "Loop Records"}}]})
    (album,) = rs.works
    (release,) = rs.releases
    assert release.work == album.key and release.key == f"{album.key}#release"
    assert [f.name for f in release.formats] == ["File"] and release.labels[0].label.name == "Loop Records"
    assert [t.title for t in release.tracks] == ["A"] and release.track_count == 2


def test_a_url_is_a_same_as_unless_other_nodes_give_it() -> None:
    rs = _read({"@context": CTX, "@graph": [
        {"@type": "Movie", "name": "Stalker", "url": "https://films.example/stalker"},
        {"@type": "Movie", "name": "Solaris", "url": "https://films.example/list"},
        {"@type": "Movie", "name": "Mirror", "url": "https://films.example/list"},
        {"@type": "Movie", "name": "Zerkalo", "url": "zerkalo.html"},
    ]})
    same = {w.title: w.same_as for w in rs.works}
    assert same == {"Stalker": ("https://films.example/stalker",), "Solaris": (), "Mirror": (), "Zerkalo": ()}
    # a url that is no same-as is kept as written, and written back by the export
    kept = {w.title: [(p.name, orjson.loads(p.value)) for p in w.extra] for w in rs.works}
    assert kept == {"Stalker": [], "Solaris": [("url", "https://films.example/list")], "Mirror": [("url", "https://films.example/list")],
                    "Zerkalo": [("url", "zerkalo.html")]}
    assert rs.warnings == ()


def test_a_relative_id_belongs_to_its_file(catalog: Catalog) -> None:
    """Two files' "#a" are two things, and one file's "#a" and "#b" are never one entity."""
    for name, title in (("a", "Stalker"), ("b", "Solaris")):
        ingest_bytes(catalog, orjson.dumps({"@context": CTX, "@id": "#a", "@type": "MusicAlbum", "name": title}), uri=f"file:///{name}.jsonld")
    ingest_bytes(catalog, orjson.dumps({"@context": CTX, "@graph": [{"@id": "#a", "@type": "MusicAlbum", "name": "Untitled"},
                                                                    {"@id": "#b", "@type": "MusicAlbum", "name": "Untitled"}]}),
                 uri="file:///c.jsonld")
    with catalog.transaction(write=False) as tx:
        ids = sorted(n["@id"] for n in views.export_graph(tx)["@graph"] if n["@type"] == "MusicAlbum")
    assert ids == ["file:///a.jsonld#a", "file:///b.jsonld#a", "file:///c.jsonld#a", "file:///c.jsonld#b"]


def test_people_credited_only_are_embedded_and_people_described_alone_are_nodes(catalog: Catalog) -> None:
    ingest_bytes(catalog, orjson.dumps({"@context": CTX, "@graph": [
        {"@type": "Movie", "name": "Stalker", "director": {"@type": "Person", "name": "Andrei Tarkovsky"}},
        {"@type": "Person", "name": "Alisa Freindlich"},
        {"@type": "MusicGroup", "name": "Artemiev Ensemble", "foundingDate": "1975", "album": {"@type": "MusicAlbum", "name": "Stalker OST"}},
    ]}), uri="file:///stalker.jsonld")
    with catalog.transaction(write=False) as tx:
        graph = views.export_graph(tx)["@graph"]
    nodes = {n["name"]: n for n in graph}
    assert "Andrei Tarkovsky" not in nodes  # embedded where credited, as before
    assert nodes["Alisa Freindlich"]["@type"] == "Person"
    group = nodes["Artemiev Ensemble"]
    assert (group["@type"], group["foundingDate"]) == ("MusicGroup", "1975")
    assert nodes["Stalker OST"]["byArtist"] == {"@id": group["@id"], "@type": "MusicGroup", "name": "Artemiev Ensemble"}


def test_a_bare_rating_and_a_publisher_label_and_release_events() -> None:
    rs = _read({"@context": CTX, "@graph": [
        {"@type": "Review", "itemReviewed": {"@type": "Book", "name": "Roadside Picnic"}, "author": "Ann", "reviewRating": "4"},
        {"@type": "MusicAlbum", "name": "Own Label", "byArtist": {"@type": "MusicGroup", "name": "Hiss"},
         "publisher": [{"@type": "MusicGroup", "name": "Hiss"}, {"@type": "Organization", "name": "Static Press"}], "numTracks": 9},
        {"@type": "MusicRelease", "name": "White", "releasedEvent": [
            {"@type": "PublicationEvent", "startDate": "1968-11-25", "location": {"@type": "Country", "name": "United States"}},
            {"@type": "PublicationEvent", "startDate": "1968-11-22", "location": {"@type": "Country", "name": "Canada"}}]},
    ]})
    (review,) = rs.reviews
    assert review.rating is not None and (review.rating.value, review.rating.best, review.rating.scale_assumed) == (4.0, 5.0, True)
    own, white = rs.releases
    assert [lab.label.name for lab in own.labels] == ["Static Press"] and own.track_count == 9
    assert (white.date, white.country) == ("1968-11-22", "Canada")
    # its later release event is kept as written, and written back after the one its fields hold
    assert [(p.name, orjson.loads(p.value)[0]["startDate"]) for p in white.extra if p.name == "releasedEvent"] == [("releasedEvent", "1968-11-25")]


def test_a_trilogys_volumes_are_its_parts_on_its_page(catalog: Catalog) -> None:
    from mediagraph.cli.render import predicate_text
    from mediagraph.web.render import PREDICATE_PHRASES

    ingest_bytes(catalog, orjson.dumps({"@context": CTX, "@id": "#lotr", "@type": "Book", "name": "The Lord of the Rings",
                                        "hasPart": [{"@type": "Book", "name": "The Two Towers", "volumeNumber": "2"}]}),
                 uri="file:///lotr.jsonld")
    with catalog.transaction(write=False) as tx:
        (hit,) = [r for r in views.search(tx, "lord of the rings") if r["type"] == "work"]
        related = views.details(tx, hit["id"])["relations"]
    assert [(r["direction"], r["predicate"], r["label"]) for r in related] == [("in", "part_of", "The Two Towers")]
    assert predicate_text("part_of", "in") == "has part" and PREDICATE_PHRASES["part_of"] == ("part of", "has part")


# -- a work never named ---------------------------------------------------------------------------


def test_a_work_never_named_is_kept_untitled_with_a_warning(catalog: Catalog) -> None:
    """schema.org's own accessibility example: a Movie with what it offers but no name. What it
    says is kept, the work untitled; the report says so; its export reads back the same."""
    doc = {"@context": "https://schema.org/", "@type": "Movie", "accessMode": ["auditory", "visual"],
           "accessibilitySummary": "Captions provided in English."}
    report = ingest_bytes(catalog, orjson.dumps(doc), uri="file:///a.jsonld")
    assert list(report.warnings) == ["@graph[0].name: a Movie with no name; kept untitled"]
    with catalog.transaction(write=False) as tx:
        graph = views.export_graph(tx)
    (movie,) = graph["@graph"]
    assert movie["@type"] == "Movie" and "name" not in movie
    assert movie["accessMode"] == ["auditory", "visual"] and movie["accessibilitySummary"] == "Captions provided in English."
    # the film a VUDU edition is an example of, known only by its Wikidata item
    edition = {"@type": "Movie", "name": "The Hitchhiker's Guide to the Galaxy",
               "exampleOfWork": {"@type": "Movie", "sameAs": "https://www.wikidata.org/wiki/Q836821"}}
    ingest_bytes(catalog, orjson.dumps(edition), uri="file:///b.jsonld")
    with catalog.transaction(write=False) as tx:
        nodes = {n.get("name", n.get("sameAs", n.get("accessibilitySummary"))): n for n in views.export_graph(tx)["@graph"]}
    assert len(nodes) == 3  # two works never named stay two: neither is matched by its absent title
    original = nodes["https://www.wikidata.org/wiki/Q836821"]
    assert nodes["The Hitchhiker's Guide to the Galaxy"]["isBasedOn"] == {"@id": original["@id"]}


# -- bad input through ingest: nothing stored ----------------------------------------------------


def test_two_nodes_naming_each_other_are_read_once_each() -> None:
    rs = _read({"@context": CTX, "@graph": [
        {"@id": "#a", "@type": "Movie", "name": "A", "isBasedOn": {"@id": "#b"}},
        {"@id": "#b", "@type": "Movie", "name": "B", "isBasedOn": {"@id": "#a"}},
    ]})
    assert sorted(w.title for w in rs.works) == ["A", "B"] and len(rs.relations) == 2


def test_ten_thousand_nested_levels_store_nothing(catalog: Catalog) -> None:
    text = '{"@type": "Movie", "name": "Deep", "isBasedOn": ' * 10_000 + "{}" + "}" * 10_000
    with pytest.raises(JsonLdError, match="nested deeper than"):
        ingest_bytes(catalog, text.encode(), uri="file:///deep.jsonld")
    with catalog.transaction(write=False) as tx:
        assert views.export_graph(tx)["@graph"] == []


def test_a_100_mb_graph_is_one_clear_line_and_nothing_stored(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from mediagraph.cli import main

    node = b'{"@type": "Movie", "name": "Film %d", "description": "' + b"x" * 900 + b'"}'
    path = tmp_path / "big.jsonld"
    with path.open("wb") as fh:
        fh.write(b'{"@context": "https://schema.org/", "@graph": [')
        fh.write(b",".join(node.replace(b"%d", str(i).encode()) for i in range(105_000)))
        fh.write(b"]}")
    assert path.stat().st_size > 100_000_000
    db = str(tmp_path / "cat.sqlite")
    with pytest.raises(SystemExit) as ended:
        main(["--db", db, "ingest", str(path)])
    err = capsys.readouterr().err.strip()
    assert ended.value.code == 3 and len(err.splitlines()) == 1 and "Traceback" not in err
    assert str(path) in err and "JSON-LD file larger than 50 MB; split its @graph" in err
    with Catalog(f"sqlite:///{db}") as cat, cat.transaction(write=False) as tx:
        assert views.export_graph(tx)["@graph"] == []
