"""Real-dump quirks and broken input: control characters, later formats, huge and bad records."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from mediagraph.dumps import DumpItem, read_discogs, read_dump
from mediagraph.errors import DumpError
from mediagraph.model import Release

RELEASE = (
    '<release id="{id}" status="Accepted"><artists><artist><id>1</id><name>The Persuader</name>'
    "<anv/><join/><role/><tracks/></artist></artists><title>{title}</title>"
    '<labels><label name="Svek" catno="SK032" id="5"/></labels>'
    "<released>1999-03-00</released><notes>{notes}</notes><data_quality>Correct</data_quality>"
    "<tracklist><track><position>A</position><title>One</title><duration>4:45</duration></track>"
    "</tracklist></release>"
)


def release(id: int, *, title: str = "Stockholm", notes: str = "Plain") -> str:
    return RELEASE.format(id=id, title=title, notes=notes)


def write(tmp_path: Path, body: str | bytes, *, name: str = "releases.xml.gz") -> Path:
    data = body.encode() if isinstance(body, str) else body
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def dump(*records: str) -> str:
    return "<releases>\n" + "\n".join(records) + "\n</releases>\n"


def titles(items: list[DumpItem]) -> list[str]:
    return [i.record.title for i in items]  # type: ignore[union-attr]


def test_control_characters_do_not_stop_the_parse(tmp_path: Path) -> None:
    body = dump(
        release(1),
        release(2, title="Bell\x07 Song", notes="line one&#13;\nline two&#7;"),
        release(3),
    )
    items = list(read_discogs(write(tmp_path, body)))
    assert titles(items) == ["Stockholm", "Bell Song", "Stockholm"]
    r = items[1].record
    assert isinstance(r, Release)
    assert r.notes == "line one\nline two"  # &#13;\n is one line end; &#7; is dropped
    assert [i.number for i in items] == [1, 2, 3]


def test_records_written_the_2026_way(tmp_path: Path) -> None:
    # Later dumps drop status and the empty <anv/>, <join/>, <role/>, <tracks/> elements.
    later = (
        '<release id="7"><artists><artist><id>1</id><name>The Persuader</name></artist></artists>'
        "<title>Stockholm</title><extraartists><artist><id>239</id><name>J. D.</name>"
        "</artist></extraartists><released>2000</released></release>"
    )
    (item,) = read_discogs(write(tmp_path, dump(later)))
    r = item.record
    assert isinstance(r, Release)
    assert r.status is None and r.date == "2000"
    assert [(c.role, c.credited_as) for c in r.credits] == [
        ("performer", None),
        ("unspecified", None),
    ]


def test_a_release_with_6666_tracks(tmp_path: Path) -> None:
    tracks = "".join(
        f"<track><position>{n}</position><title>Track {n}</title><duration>1:0{n % 10}</duration>"
        f"<extraartists><artist><id>{n}</id><name>A{n}</name><role>Vocals [Lead]</role>"
        "</artist></extraartists></track>"
        for n in range(1, 6667)
    )
    big = f'<release id="29948101"><title>Big</title><tracklist>{tracks}</tracklist></release>'
    items = list(read_discogs(write(tmp_path, dump(release(1), big, release(3))), chunk_bytes=4096))
    assert [i.number for i in items] == [1, 2, 3]
    r = items[1].record
    assert isinstance(r, Release)
    assert len(r.tracks) == 6666
    assert r.tracks[-1].position == "6666"
    assert r.tracks[-1].credits[0].role_detail == "Lead"


def test_malformed_record_mid_file_names_its_number_and_offset(tmp_path: Path) -> None:
    bad = '<release id="3"><title>Broken</titel></release>'
    records = [release(1), release(2), bad, release(4)]
    path = write(tmp_path, dump(*records))
    got: list[DumpItem] = []
    with pytest.raises(DumpError) as err:
        got.extend(read_discogs(path))
    assert [i.number for i in got] == [1, 2]  # every good record before the bad one
    offset = len("<releases>\n") + len(records[0]) + len(records[1]) + 2
    assert err.value.where is not None
    assert f"record 3 at byte {offset}" in err.value.where
    assert "malformed XML" in err.value.message


def test_on_error_reports_the_bad_record_and_goes_on(tmp_path: Path) -> None:
    path = write(tmp_path, dump(release(1), '<release id="2"><title>x</title', release(3)))
    errors: list[DumpError] = []
    items = list(read_discogs(path, on_error=errors.append))
    assert [i.number for i in items] == [1, 3]
    assert len(errors) == 1 and "record 2" in str(errors[0])


def test_truncated_gzip_keeps_whole_records_then_fails(tmp_path: Path) -> None:
    body = dump(*(release(n, notes="x" * 3000) for n in range(1, 201))).encode()
    data = gzip.compress(body)
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(data[: len(data) // 2])
    got: list[DumpItem] = []
    with pytest.raises(DumpError) as err:
        got.extend(read_discogs(path, chunk_bytes=1 << 14))
    assert got and [i.number for i in got] == list(range(1, len(got) + 1))
    assert f"record {len(got) + 1:,}" in str(err.value)
    assert "cut or corrupt" in err.value.message


def test_truncated_gzip_read_ahead_for_parser_processes_fails_at_the_same_record(tmp_path: Path) -> None:
    # With parser processes the stream is read by a thread ahead of the records: the error
    # must still come after every whole record, naming the same record as a serial read.
    body = dump(*(release(n, notes="x" * 3000) for n in range(1, 201))).encode()
    data = gzip.compress(body)
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DumpError) as serial:
        list(read_discogs(path, chunk_bytes=1 << 14))
    got: list[DumpItem] = []
    with pytest.raises(DumpError) as err:
        got.extend(read_discogs(path, chunk_bytes=1 << 14, workers=1))
    assert [i.number for i in got] == list(range(1, len(got) + 1))
    assert str(err.value) == str(serial.value)


def test_stopping_a_read_with_parser_processes_stops_its_reader_thread(tmp_path: Path) -> None:
    import threading

    path = write(tmp_path, dump(*(release(n, notes="x" * 3000) for n in range(1, 201))))
    items = read_discogs(path, chunk_bytes=1 << 14, workers=1)
    assert next(items).number == 1
    items.close()
    assert not [t for t in threading.enumerate() if t.name == "mediagraph-dump-reader"]


def test_file_cut_mid_record_without_compression(tmp_path: Path) -> None:
    body = dump(release(1), release(2), release(3))
    path = write(tmp_path, body[: body.index('<release id="3"') + 30], name="cut.xml")
    got: list[DumpItem] = []
    with pytest.raises(DumpError) as err:
        got.extend(read_discogs(path))
    assert [i.number for i in got] == [1, 2]
    assert "record 3" in str(err.value)


def test_file_cut_between_records(tmp_path: Path) -> None:
    body = "<releases>\n" + release(1) + "\n"
    got: list[DumpItem] = []
    with pytest.raises(DumpError, match="ends without </releases>"):
        got.extend(read_discogs(write(tmp_path, body)))
    assert len(got) == 1


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("<html><body>Not found</body></html>", "releases.xml"),
        ('{"id": 1}\n', "releases.xml"),
        ("\x00\x01binary", "releases.xml.gz"),
        ("<catalog><item/></catalog>", "releases.xml.gz"),
    ],
)
def test_wrong_kind_of_file(tmp_path: Path, body: str, name: str) -> None:
    path = write(tmp_path, body, name=name)
    with pytest.raises(DumpError) as err:
        list(read_discogs(path))
    assert err.value.where is not None and "byte 0" in err.value.where


def test_read_dump_rejects_what_is_no_dump(tmp_path: Path) -> None:
    with pytest.raises(DumpError):
        list(read_dump(write(tmp_path, "<html></html>", name="x.xml")))


def test_plain_xml_with_declaration_and_empty_dump(tmp_path: Path) -> None:
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + dump(release(1), release(2))
    assert len(list(read_discogs(write(tmp_path, body, name="r.xml")))) == 2
    assert list(read_discogs(write(tmp_path, "<releases></releases>", name="e.xml"))) == []


def test_skipping_past_the_end_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DumpError, match="only 2"):
        list(read_discogs(write(tmp_path, dump(release(1), release(2))), skip=5))
