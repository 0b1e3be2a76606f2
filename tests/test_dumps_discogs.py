"""The Discogs reader on the real 2020-08-06 samples: counts, one release field by field, resume."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediagraph.dumps import (
    DumpKind,
    discogs_kind,
    read_discogs,
    read_dump,
    split_roles,
)
from mediagraph.model import AgentKind, IdScheme, Predicate, Release, WorkKind

KINDS = {
    "releases": DumpKind.DISCOGS_RELEASES,
    "masters": DumpKind.DISCOGS_MASTERS,
    "artists": DumpKind.DISCOGS_ARTISTS,
    "labels": DumpKind.DISCOGS_LABELS,
}


def sample(dumps_dir: Path, kind: str) -> Path:
    return dumps_dir / "discogs" / f"discogs_20200806_{kind}.xml.gz"


@pytest.fixture(scope="module")
def releases(dumps_dir: Path) -> dict[str, Release]:
    out = {}
    for item in read_discogs(sample(dumps_dir, "releases")):
        assert isinstance(item.record, Release)
        out[item.record.key] = item.record
    return out


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_sample_record_is_read_in_order(dumps_dir: Path, kind: str) -> None:
    items = list(read_dump(sample(dumps_dir, kind)))
    assert len(items) == 1000
    assert [i.number for i in items] == list(range(1, 1001))
    assert {i.kind for i in items} == {KINDS[kind]}
    offsets = [i.offset for i in items]
    assert offsets == sorted(offsets) and len(set(offsets)) == 1000
    assert discogs_kind(sample(dumps_dir, kind)) is KINDS[kind]


def test_offsets_point_at_the_record_in_the_decompressed_stream(dumps_dir: Path) -> None:
    import gzip

    data = gzip.decompress(sample(dumps_dir, "releases").read_bytes())
    for item in list(read_discogs(sample(dumps_dir, "releases")))[::97]:
        rid = item.record.key.rsplit("/", 1)[1]  # type: ignore[union-attr]
        assert data[item.offset : item.offset + 40].startswith(f'<release id="{rid}"'.encode())


def test_a_known_release_field_by_field(releases: dict[str, Release]) -> None:
    r = releases["discogs:release/4497929"]
    assert r.title == "Dichterliebe · Liederkreis Op. 24 (Les Amours Du Poète)"
    assert r.group == r.work == "discogs:master/673288"
    assert r.status == "Accepted"
    assert r.data_quality == "Needs Vote"
    assert r.country == "Germany"
    assert r.date is None  # no <released> in this record
    assert r.genres == ("Classical",) and r.styles == ("Romantic",)
    assert r.notes == "The original German sung-texts appear on the back cover."
    # main artists first, with their join phrases, then extra artists with parsed roles
    performers = [(c.agent.name, c.join) for c in r.credits if c.role == "performer"]
    assert performers == [
        ("Robert Schumann", "-"),
        ("Dietrich Fischer-Dieskau", "∙"),
        ("Jörg Demus", None),
    ]
    extra = [(c.agent.name, c.role, c.role_detail) for c in r.credits if c.role != "performer"]
    assert ("Hans-Peter Schweigmann", "Engineer", "Recording Engineer") in extra
    assert ("Karl Faust", "Recording Supervisor", "Aufnahmeleiter") in extra
    assert ("Karl Faust", "Producer", "Artistic Supervision") in extra
    assert r.credits[0].agent.key == "discogs:artist/578727"
    assert r.credits[0].agent.identifiers[0].scheme is IdScheme.DISCOGS_ARTIST
    (fmt,) = r.formats
    assert (fmt.name, fmt.qty, fmt.descriptions, fmt.text) == ("Vinyl", 1, ("LP", "Reissue"), None)
    (label,) = r.labels
    assert label.catalog_number == "139 109"
    assert label.label.kind is AgentKind.ORGANIZATION
    assert label.label.key == "discogs:label/7703"
    assert label.label.identifiers[0].scheme is IdScheme.DISCOGS_LABEL
    (company,) = r.companies
    assert (company.agent.name, company.role) == ("Beroset GmbH", "Printed By")
    assert company.agent.kind is AgentKind.ORGANIZATION
    ids = [(i.scheme, i.qualifier) for i in r.identifiers]
    assert ids == [
        (IdScheme.DISCOGS_RELEASE, None),
        (IdScheme.MATRIX, "Side A - runout stamped"),
        (IdScheme.MATRIX, "Side B - runout stamped"),
        (IdScheme.OTHER, "Rights Information"),  # an unknown type keeps its name
    ]
    # two index tracks (headings with sub-tracks) carrying the lyricist's credit
    assert [(t.position, len(t.sub_tracks)) for t in r.tracks] == [("", 16), ("", 9)]
    assert r.tracks[0].credits[0].role == "Words By"
    assert r.tracks[0].sub_tracks[0].position == "A1"
    assert r.tracks[1].sub_tracks[-1].title == "Mit Myrten Und Rosen, Lieblich Und Hold"


def test_release_one_bracketed_role_partial_date_and_main_release(dumps_dir: Path) -> None:
    first = next(read_discogs(sample(dumps_dir, "releases")))
    r = first.record
    assert isinstance(r, Release)
    assert r.key == "discogs:release/1" and r.date == "1999-03"
    music_by = [c for c in r.credits if c.role == "Music By"]
    assert [(c.agent.name, c.role_detail) for c in music_by] == [
        ("Jesper Dahlbäck", "All Tracks By")
    ]
    assert [(t.position, t.duration) for t in r.tracks][:2] == [("A", "4:45"), ("B1", "6:11")]
    (rel,) = first.relations  # is_main_release="true"
    assert (rel.subject, rel.predicate, rel.object, rel.note) == (
        "discogs:release/1",
        Predicate.RELEASE_OF,
        "discogs:master/1660109",
        "main release",
    )


def test_identifier_types_map_to_schemes(releases: dict[str, Release]) -> None:
    schemes = {i.scheme for r in releases.values() for i in r.identifiers}
    assert {
        IdScheme.BARCODE,
        IdScheme.MATRIX,
        IdScheme.RIGHTS_SOCIETY,
        IdScheme.LABEL_CODE,
        IdScheme.MASTERING_SID,
        IdScheme.MOULD_SID,
        IdScheme.PRICE_CODE,
        IdScheme.SPARS,
        IdScheme.ISRC,
        IdScheme.OTHER,
    } <= schemes
    barcodes = [i for r in releases.values() for i in r.identifiers if i.scheme is IdScheme.BARCODE]
    assert len(barcodes) == 338
    assert any(i.valid for i in barcodes) and any(i.valid is False for i in barcodes)


def test_dates_are_partial_iso(releases: dict[str, Release]) -> None:
    dates = {r.date for r in releases.values() if r.date}
    assert all(len(d) in (4, 7, 10) and "-00" not in d for d in dates)
    assert "1999-03" in dates
    assert sum(1 for r in releases.values() if r.date) >= 880


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("Music By [All Tracks By]", (("Music By", "All Tracks By"),)),
        ("Written-By, Producer", (("Written-By", None), ("Producer", None))),
        ("Recorded By [Brass, Choir]", (("Recorded By", "Brass, Choir"),)),
        (
            "Photography By [Front Cover, Cd2], Photography By [Original, Cd4, Cd5 & Cd6]",
            (
                ("Photography By", "Front Cover, Cd2"),
                ("Photography By", "Original, Cd4, Cd5 & Cd6"),
            ),
        ),
        ("", (("unspecified", None),)),
        (None, (("unspecified", None),)),
    ],
)
def test_split_roles(text: str | None, parsed: tuple[tuple[str, str | None], ...]) -> None:
    assert split_roles(text) == parsed


def test_comma_separated_roles_become_several_credits(releases: dict[str, Release]) -> None:
    pairs = {
        (c.agent.key, c.role)
        for r in releases.values()
        for c in r.credits
        if c.role in ("Written-By", "Producer")
    }
    assert len(pairs) > 100
    assert all("," not in c.role for r in releases.values() for c in r.credits)


def test_masters_are_album_works(dumps_dir: Path) -> None:
    items = list(read_discogs(sample(dumps_dir, "masters")))
    first = items[0]
    w = first.record
    assert w.key == "discogs:master/113"  # type: ignore[union-attr]
    assert w.kind is WorkKind.ALBUM  # type: ignore[union-attr]
    assert w.title == "Moments In Time" and w.date == "2002"  # type: ignore[union-attr]
    assert w.genres == ("Electronic", "Techno", "Tech House")  # type: ignore[union-attr]
    assert w.credits[0].agent.name == "Vince Watson"  # type: ignore[union-attr]
    assert w.identifiers[0].scheme is IdScheme.DISCOGS_MASTER  # type: ignore[union-attr]
    assert first.relations[0].subject == "discogs:release/116925"
    assert first.relations[0].object == "discogs:master/113"


def test_artists_and_labels_are_agents(dumps_dir: Path) -> None:
    artists = [i.record for i in read_discogs(sample(dumps_dir, "artists"))]
    persuader, barth = artists[0], artists[1]
    assert persuader.name == "The Persuader"  # type: ignore[union-attr]
    assert persuader.real_name == "Jesper Dahlbäck"  # type: ignore[union-attr]
    assert persuader.variants == ("Persuader", "The Presuader")  # type: ignore[union-attr]
    assert "Groove Machine" in persuader.aliases  # type: ignore[union-attr]
    assert persuader.kind is AgentKind.PERSON  # type: ignore[union-attr]
    assert persuader.same_as == ("https://en.wikipedia.org/wiki/Jesper_Dahlbäck",)  # type: ignore[union-attr]
    assert barth.kind is AgentKind.GROUP  # type: ignore[union-attr]
    assert [m.key for m in barth.members] == ["discogs:artist/26", "discogs:artist/27"]  # type: ignore[union-attr]
    labels = [i.record for i in read_discogs(sample(dumps_dir, "labels"))]
    assert labels[0].name == "Planet E" and labels[0].key == "discogs:label/1"  # type: ignore[union-attr]
    assert all(a.kind is AgentKind.ORGANIZATION for a in labels)  # type: ignore[union-attr]


def test_resume_from_record_n_gives_the_same_tail(dumps_dir: Path) -> None:
    path = sample(dumps_dir, "releases")
    full = list(read_discogs(path, chunk_bytes=1 << 16))
    for n in (0, 1, 399, 400, 999):
        tail = list(read_discogs(path, skip=n, chunk_bytes=1 << 16))
        assert tail == full[n:]
    assert list(read_discogs(path, skip=1000)) == []


def test_worker_processes_give_the_same_items(dumps_dir: Path) -> None:
    path = sample(dumps_dir, "releases")
    serial = list(read_discogs(path, skip=500))
    assert list(read_discogs(path, skip=500, workers=2, chunk_bytes=1 << 17)) == serial


def test_profiles_groups_notes_and_company_numbers_survive_import_and_export(dumps_dir: Path, tmp_path: Path) -> None:
    """The Discogs fields the catalog used to drop reach the JSON-LD export (docs/VOCABULARY.md)."""
    from mediagraph import views
    from mediagraph.resolve.importer import import_dump
    from mediagraph.store import Catalog

    artists = [i.record for i in read_discogs(sample(dumps_dir, "artists"))]
    with_profile = [a for a in artists if a.description]  # type: ignore[union-attr]
    with_groups = [a for a in artists if a.groups]  # type: ignore[union-attr]
    assert len(with_profile) >= 200 and len(with_groups) >= 100
    masters = [i.record for i in read_discogs(sample(dumps_dir, "masters"))]
    assert sum(1 for w in masters if w.description) >= 40  # type: ignore[union-attr]
    labels = [i.record for i in read_discogs(sample(dumps_dir, "labels"))]
    assert sum(1 for lab in labels if lab.description) >= 240 and any(lab.groups for lab in labels)  # type: ignore[union-attr]

    cat = Catalog(f"sqlite:///{tmp_path / 'discogs.sqlite'}")
    for kind in ("artists", "labels", "masters", "releases"):
        import_dump(cat, sample(dumps_dir, kind))
    with cat.transaction(write=False) as tx:
        nodes = {n["@id"]: n for n in views.export_graph(tx)["@graph"]}
    wink = nodes["discogs:artist/3"]
    assert wink["description"].startswith("After forming [l=Ovum Recordings] as an independent label")
    assert [g["name"] for g in wink["memberOf"][:2]] == ["E-Culture", "Abundance Of Cups"]
    assert any(n.get("parentOrganization") for n in nodes.values() if n["@type"] == "Organization")
    assert sum(1 for n in nodes.values() if n["@type"] == "MusicAlbum" and n.get("description")) >= 40
    details = [c.get("mg:roleDetail") for n in nodes.values() if n["@type"] == "MusicRelease"
               for c in (n.get("mg:company") if isinstance(n.get("mg:company"), list) else [n.get("mg:company")]) if c]
    assert "3906" in details  # "Pressed By – Record Technology Incorporated – 3906"
