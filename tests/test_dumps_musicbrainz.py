"""MusicBrainz JSON on the real web-service samples, as JSON Lines and as a dump archive."""

from __future__ import annotations

import io
import json
import lzma
import tarfile
from pathlib import Path
from typing import Any

import pytest

from mediagraph.dumps import (
    DumpKind,
    detect_kind,
    mb_recording,
    mb_recording_relations,
    mb_recording_works,
    mb_release_group,
    mb_work,
    mb_work_relations,
    read_dump,
    read_musicbrainz,
)
from mediagraph.errors import DumpError
from mediagraph.model import AgentKind, IdScheme, Predicate, Release, Track, WorkKind


def load(dumps_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((dumps_dir / "musicbrainz" / f"{name}.json").read_text(encoding="utf-8"))


def jsonl(tmp_path: Path, name: str, *objs: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(o) + "\n" for o in objs), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("release", DumpKind.MB_RELEASE),
        ("release_multidisc", DumpKind.MB_RELEASE),
        ("release_group", DumpKind.MB_RELEASE_GROUP),
        ("artist", DumpKind.MB_ARTIST),
        ("recording_credits", DumpKind.MB_RECORDING),
        ("recording_multiple_works", DumpKind.MB_RECORDING),
    ],
)
def test_entity_is_told_by_its_keys(dumps_dir: Path, name: str, kind: DumpKind) -> None:
    line = json.dumps(load(dumps_dir, name)).encode() + b"\n"
    assert detect_kind(line) is kind


def test_release_with_discogs_link_and_labels(dumps_dir: Path, tmp_path: Path) -> None:
    (item,) = read_dump(jsonl(tmp_path, "anything.jsonl", load(dumps_dir, "release")))
    r = item.record
    assert isinstance(r, Release)
    assert r.key == "mb:release/b84ee12a-09ef-421b-82de-0441a926375b"
    assert r.group == r.work == "mb:release-group/f5093c06-23e3-404f-aeaa-40f72885ee3a"
    assert (r.title, r.date, r.country, r.status) == (
        "The Dark Side of the Moon",
        "1973-03-24",
        "GB",
        "Official",
    )
    assert r.same_as == ("https://www.discogs.com/release/1873013",)
    ids = {(i.scheme, i.value) for i in r.identifiers}
    assert (IdScheme.DISCOGS_RELEASE, "1873013") in ids
    assert (IdScheme.MUSICBRAINZ, "b84ee12a-09ef-421b-82de-0441a926375b") in ids
    assert r.labels[0].catalog_number == "SHVL 804"
    assert r.labels[0].label.kind is AgentKind.ORGANIZATION
    assert r.credits[0].agent.name == "Pink Floyd" and r.credits[0].role == "performer"
    assert [t.position for t in r.tracks][:3] == ["A1", "A2", "A3"]
    assert r.tracks[0].duration == "1:08"
    assert r.tracks[0].key == "mb:recording/bef3fddb-5aca-49f5-b2fd-d56a23268d63"


def test_multi_disc_positions(dumps_dir: Path) -> None:
    from mediagraph.dumps import mb_release

    r = mb_release(load(dumps_dir, "release_multidisc"))
    assert [t.position for t in r.tracks] == [
        "1-01",
        "1-02",
        "1-03",
        "1-04",
        "2-01",
        "2-02",
        "2-03",
    ]
    assert [(f.name, f.qty) for f in r.formats] == [("CD", 1), ("DVD-Video", 1)]


def test_release_group_keeps_its_types(dumps_dir: Path) -> None:
    obj = load(dumps_dir, "release_group")
    w = mb_release_group(obj)
    assert w.kind is WorkKind.ALBUM and w.types == ("Album",)
    soundtrack = mb_release_group({**obj, "secondary-types": ["Soundtrack"]})
    assert soundtrack.types == ("Album", "Soundtrack")
    assert w.date == "1973-03-24"


def test_url_relations_become_same_as_and_identifiers() -> None:
    rels = [
        {
            "target-type": "url",
            "type": "wikidata",
            "url": {"resource": "https://www.wikidata.org/wiki/Q150901"},
        },
        {
            "target-type": "url",
            "type": "IMDb",
            "url": {"resource": "https://www.imdb.com/title/tt0111161/"},
        },
        {
            "target-type": "url",
            "type": "discogs",
            "url": {"resource": "https://www.discogs.com/master/10362"},
        },
        {"target-type": "url", "type": "streaming", "url": {"resource": "https://example.com/x"}},
    ]
    w = mb_release_group(
        {"id": "f5093c06-23e3-404f-aeaa-40f72885ee3a", "title": "T", "relations": rels}
    )
    assert len(w.same_as) == 3 and "https://example.com/x" not in w.same_as
    schemes = {(i.scheme, i.value, i.valid) for i in w.identifiers}
    assert (IdScheme.WIKIDATA, "Q150901", True) in schemes
    assert (IdScheme.IMDB, "tt0111161", True) in schemes
    assert (IdScheme.DISCOGS_MASTER, "10362", None) in schemes


def test_recording_credits_and_works(dumps_dir: Path) -> None:
    rec = mb_recording(load(dumps_dir, "recording_credits"))
    assert isinstance(rec, Track) and rec.key == "mb:recording/2d40c8b2-7524-49e3-af44-ebb924c5b023"
    assert rec.duration == "4:03"
    assert ("Lasse Wellander", "instrument", "electric guitar") in [
        (c.agent.name, c.role, c.role_detail) for c in rec.credits
    ]
    with_isrc = mb_recording({**load(dumps_dir, "recording_credits"), "isrcs": ["GBAYE0601477"]})
    assert [(i.value, i.valid) for i in with_isrc.identifiers if i.scheme is IdScheme.ISRC] == [
        ("GBAYE0601477", True)
    ]
    multi = load(dumps_dir, "recording_multiple_works")
    rels = mb_recording_relations(multi)
    performances = [r for r in rels if r.predicate is Predicate.RELEASE_OF]
    # 31 performances of 30 works: the song performed twice is one relation with both notes
    assert len(performances) == 30 and performances[0].note == "performance (medley)"
    # the performed works' own "other version" and "arrangement" relations come along
    notes = sorted((r.note or "").split(" (")[0] for r in rels if r.predicate is Predicate.VERSION_OF)
    assert notes == ["arrangement"] * 2 + ["other version"] * 2  # each once, the twice-performed song's too
    works = mb_recording_works(multi)
    assert sum(1 for w in works for i in w.identifiers if i.scheme is IdScheme.ISWC) >= 19
    assert {c.role for w in works for c in w.credits} >= {"composer", "lyricist"}


def test_works_iswcs_and_lineage(dumps_dir: Path) -> None:
    works = [
        r["work"]
        for r in load(dumps_dir, "recording_multiple_works")["relations"]
        if r["target-type"] == "work"
    ]
    gravity = mb_work(works[0])
    assert gravity.kind is WorkKind.SONG and gravity.types == ("Song",)
    (iswc,) = [i for i in gravity.identifiers if i.scheme is IdScheme.ISWC]
    assert (iswc.value, iswc.valid) == ("T-909.748.367-5", True)
    assert {c.role for c in gravity.credits} == {"composer", "lyricist"}
    bad = mb_work({**works[0], "iswcs": ["T-909.748.367-4"]})
    assert [i.valid for i in bad.identifiers if i.scheme is IdScheme.ISWC] == [False]
    relations = {r for w in works for r in mb_work_relations(w)}
    kinds = {(r.predicate, r.note) for r in relations}
    assert (Predicate.VERSION_OF, "other version (parody)") in kinds
    assert (Predicate.VERSION_OF, "arrangement") in kinds
    # the parody is the version: it is the subject, the original the object
    parody = next(r for r in relations if r.note == "other version (parody)")
    assert parody.object == "mb:work/9be12d7d-826f-3c28-9bf6-fe7af7773543"
    based = mb_work_relations(
        {
            "id": "a",
            "relations": [
                {
                    "target-type": "work",
                    "type": "based on",
                    "direction": "forward",
                    "work": {"id": "b"},
                }
            ],
        }
    )
    assert [(r.subject, r.predicate, r.object) for r in based] == [
        ("mb:work/a", Predicate.BASED_ON, "mb:work/b")
    ]


def test_artist(dumps_dir: Path, tmp_path: Path) -> None:
    (item,) = read_musicbrainz(jsonl(tmp_path, "artist", load(dumps_dir, "artist")))
    a = item.record
    assert a.name == "Ed Sheeran" and a.kind is AgentKind.PERSON  # type: ignore[union-attr]
    assert a.variants == ("Sheeran, Ed",)  # type: ignore[union-attr]
    assert "Shearan" in a.aliases  # type: ignore[union-attr]
    assert (a.begin, a.disambiguation) == ("1991-02-17", "famous UK singer-songwriter")  # type: ignore[union-attr]


def test_an_ended_artists_life_span_reaches_the_export(tmp_path: Path) -> None:
    """picard's "artist_ended": Serge Gainsbourg, 1928-04-02 to 1991-03-02."""
    from mediagraph import views
    from mediagraph.resolve.importer import import_dump
    from mediagraph.store import Catalog

    data = json.loads((Path(__file__).parent / "data" / "musicbrainz" / "artist_ended.json").read_text(encoding="utf-8"))
    cat = Catalog(f"sqlite:///{tmp_path / 'mb.sqlite'}")
    import_dump(cat, jsonl(tmp_path, "artist", data))
    with cat.transaction(write=False) as tx:
        (node,) = [n for n in views.export_graph(tx)["@graph"] if n.get("name") == "Serge Gainsbourg"]
    assert (node["@type"], node["birthDate"], node["deathDate"]) == ("Person", "1928-04-02", "1991-03-02")


def _archive(tmp_path: Path, members: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    path = tmp_path / "release.tar.xz"
    path.write_bytes(lzma.compress(buf.getvalue()))
    return path


def test_tar_xz_archive_streams_mbdump_members(dumps_dir: Path, tmp_path: Path) -> None:
    line1 = json.dumps(load(dumps_dir, "release")).encode() + b"\n"
    line2 = json.dumps(load(dumps_dir, "release_multidisc")).encode() + b"\n"
    path = _archive(tmp_path, {"TIMESTAMP": b"2024-01-01\n", "mbdump/release": line1 + line2})
    items = list(read_dump(path))
    assert [(i.number, i.offset, i.kind) for i in items] == [
        (1, 0, DumpKind.MB_RELEASE),
        (2, len(line1), DumpKind.MB_RELEASE),
    ]
    assert list(read_musicbrainz(path, skip=1)) == items[1:]


def test_bad_lines_and_cut_files(dumps_dir: Path, tmp_path: Path) -> None:
    good = json.dumps(load(dumps_dir, "artist"))
    path = tmp_path / "artist"
    path.write_text(good + "\n{not json\n" + good + "\n" + good[:50], encoding="utf-8")
    got = []
    with pytest.raises(DumpError) as err:
        got.extend(read_musicbrainz(path))
    assert len(got) == 1 and "record 2 at byte" in str(err.value)
    errors: list[DumpError] = []
    items = list(read_musicbrainz(path, on_error=errors.append))
    assert [i.number for i in items] == [1, 3]
    assert "malformed JSON" in errors[0].message
    assert "ends inside record 4" in errors[1].message and len(errors) == 2
    cut = tmp_path / "release.tar.xz"
    full = _archive(tmp_path, {"mbdump/release": (good + "\n").encode() * 50}).read_bytes()
    cut.write_bytes(full[: len(full) // 2])
    with pytest.raises(DumpError):
        list(read_musicbrainz(cut))


def test_a_non_dump_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n", encoding="utf-8")
    with pytest.raises(DumpError, match="byte 0"):
        list(read_dump(path))


def test_a_label_code_given_as_text_keeps_the_label() -> None:
    from mediagraph.dumps import mb_label

    for code in (1305, "1305", "LC 01305", "LC-1305"):
        label = mb_label({"id": "1ca5ed29-e00b-4ea5-b817-0bcca0e04946", "name": "Polydor", "label-code": code})
        assert [i.value for i in label.identifiers if i.scheme is IdScheme.LABEL_CODE] == ["LC 01305"], code
    odd = mb_label({"id": "1ca5ed29-e00b-4ea5-b817-0bcca0e04946", "name": "Odd", "label-code": "n/a"})
    assert odd.name == "Odd" and [i.valid for i in odd.identifiers if i.scheme is IdScheme.LABEL_CODE] == [False]



# a MusicBrainz release-group series with one member, its number given (the web service's shape)
_BRAVO_HITS = {
    "id": "d977f7fd-96c9-4e3e-83db-8d2b3b2a0a1f", "name": "Bravo Hits", "type": "Release group series",
    "ordering-type": "Automatic",
    "relations": [{"target-type": "release_group", "type": "part of", "direction": "backward",
                   "attribute-values": {"number": "12"},
                   "release_group": {"id": "f5093c06-23e3-404f-aeaa-40f72885ee3a", "title": "Bravo Hits 12"}}],
}

def test_a_series_is_read_with_its_members(tmp_path: Path) -> None:
    from mediagraph.dumps import mb_series
    from mediagraph.dumps.musicbrainz import mb_series_relations

    series = json.loads(json.dumps(_BRAVO_HITS))
    work = mb_series(series)
    assert work.title == "Bravo Hits" and work.types == ("Series", "Release group series")
    (rel,) = mb_series_relations(series)
    assert rel.object == work.key and rel.note == "part of series (number 12)"
    path = tmp_path / "series.json"
    path.write_text(json.dumps(series))
    assert [item.record.title for item in read_musicbrainz(path)] == ["Bravo Hits"]


def test_a_series_members_number_reaches_the_export(dumps_dir: Path, tmp_path: Path) -> None:
    """A release group's place in its series ("number 12") is written with the membership."""
    from mediagraph import views
    from mediagraph.resolve.importer import import_dump
    from mediagraph.store import Catalog

    series = json.loads(json.dumps(_BRAVO_HITS))
    path = tmp_path / "series.json"
    path.write_text(json.dumps(series))
    cat = Catalog(f"sqlite:///{tmp_path / 'mb.sqlite'}")
    import_dump(cat, dumps_dir / "musicbrainz" / "release_group.json")
    import_dump(cat, path)
    with cat.transaction(write=False) as tx:
        nodes = {n["@id"]: n for n in views.export_graph(tx)["@graph"]}
    cat.close()
    group = nodes["mb:release-group/f5093c06-23e3-404f-aeaa-40f72885ee3a"]
    assert group["mg:relatedTo"] == {"@type": "Role", "mg:relatedTo": {"@id": "mb:series/d977f7fd-96c9-4e3e-83db-8d2b3b2a0a1f"},
                                     "roleName": "part of series (number 12)"}


def test_work_relations_iswcs_credits_and_types_survive_import_and_export(dumps_dir: Path, tmp_path: Path) -> None:
    """Real web-service JSON (picard's test data): what MusicBrainz says comes out of export."""
    from mediagraph import views
    from mediagraph.resolve.importer import import_dump
    from mediagraph.store import Catalog

    cat = Catalog(f"sqlite:///{tmp_path / 'mb.sqlite'}")
    for name in ("recording_multiple_works", "release", "release_group", "release_multidisc"):
        import_dump(cat, dumps_dir / "musicbrainz" / f"{name}.json")
    with cat.transaction(write=False) as tx:
        nodes = views.export_graph(tx)["@graph"]
    works = load(dumps_dir, "recording_multiple_works")["relations"]
    iswcs = {i for r in works if r["target-type"] == "work" for i in r["work"].get("iswcs") or ()}
    exported = {i["value"] for n in nodes for i in (n.get("identifier") if isinstance(n.get("identifier"), list) else [n.get("identifier")]) if i and i.get("propertyID") == "iswc"}
    assert len(iswcs & exported) >= 0.9 * len(iswcs)
    composers = sum(1 for n in nodes if n.get("@type") == "MusicComposition" and n.get("composer"))
    lyricists = sum(1 for n in nodes if n.get("@type") == "MusicComposition" and n.get("lyricist"))
    assert composers >= 28 and lyricists >= 18
    assert sum(1 for n in nodes if n.get("mg:versionOf")) >= 3
    types = {t for n in nodes for t in (n.get("mg:types") if isinstance(n.get("mg:types"), list) else [n.get("mg:types")]) if t}
    assert {"Album", "Single"} <= types


def _mb_bench() -> Any:
    from bench_scripts import bench_script

    return bench_script("musicbrainz_survival")


def test_nine_in_ten_of_every_kind_of_fact_survive_import_and_export(dumps_dir: Path) -> None:
    """bench/musicbrainz_survival.py on every real MusicBrainz JSON file the repository and
    ../shared/dumps/musicbrainz hold: work relations, ISWCs, composer and lyricist credits and
    release-group types each survive import → export (before: 0 of 93 work relations)."""
    bench = _mb_bench()
    files = sorted(p for d in bench.INPUTS if d.is_dir() for p in d.glob("*.json"))
    got = bench.run(files, None, False)
    assert all(n > 0 and kept >= 0.9 * n for kept, n in got.values()), got
    assert got["work relations"][1] >= 50 and got["composer/lyricist credits"][1] >= 50


def test_a_performance_keeps_its_attributes_and_a_work_its_parts_through_a_round_trip(dumps_dir: Path, tmp_path: Path) -> None:
    """A medley of 30 works, "もってけ! セーラーふく" performed in it twice (instrumental and not;
    picard's test data), and the movement of Swan Lake a recording performs: export says so, and reads back
    the same."""
    import orjson

    from mediagraph import views
    from mediagraph.pipeline import ingest_bytes
    from mediagraph.resolve.importer import import_dump
    from mediagraph.store import Catalog

    data = Path(__file__).resolve().parent / "data" / "musicbrainz"
    cat = Catalog(f"sqlite:///{tmp_path / 'mb.sqlite'}")
    import_dump(cat, data / "recording_composer.json")
    import_dump(cat, dumps_dir / "musicbrainz" / "recording_multiple_works.json")
    with cat.transaction(write=False) as tx:
        first = views.export_graph(tx)
    cat.close()
    nodes = {n["@id"]: n for n in first["@graph"]}
    medley = nodes["mb:recording/91b7e04e-529b-4119-bc30-867db56fd400"]["recordingOf"]
    assert {"@type": "Role", "recordingOf": {"@id": "mb:work/9be12d7d-826f-3c28-9bf6-fe7af7773543"},
            "roleName": "performance (instrumental, medley, partial); performance (medley, partial)"} in medley
    assert len(medley) == 30
    movement = nodes["mb:work/c8aebb07-fb03-36d3-ade4-3a2692810615"]
    assert movement["isPartOf"] == {"@type": "Role", "isPartOf": {"@id": "mb:work/3481d89d-95f0-4f74-afe6-02b33a9095ac"}, "roleName": "parts"}
    again = Catalog(f"sqlite:///{tmp_path / 'again.sqlite'}")
    ingest_bytes(again, orjson.dumps(first), uri="file:///export.jsonld")
    with again.transaction(write=False) as tx:
        second = {n["@id"]: n for n in views.export_graph(tx)["@graph"]}
    again.close()
    assert second["mb:recording/91b7e04e-529b-4119-bc30-867db56fd400"]["recordingOf"] == medley
    assert second["mb:work/c8aebb07-fb03-36d3-ade4-3a2692810615"]["isPartOf"] == movement["isPartOf"]
