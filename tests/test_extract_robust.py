"""Bad input gives one-line ExtractionErrors or partial records, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediagraph.errors import ExtractionError
from mediagraph.extract import extract
from mediagraph.model import RecordSet


def _ok(data: bytes | str) -> None:
    try:
        rs = extract(data, uri="test:prop")
    except ExtractionError as err:
        assert "\n" not in str(err)
        return
    assert isinstance(rs, RecordSet)
    text = rs.source.text or ""
    for group in (rs.works, rs.releases, rs.reviews):
        for rec in group:
            for fs in rec.spans:
                assert 0 <= fs.start <= fs.end <= len(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    _ok(text)


_TAGS = st.sampled_from(["<p>", "</p>", "<div>", "<li>", "<table><tr><td>", "</td><td>", "<dl><dt>", "<dd>",
                         '<script type="application/ld+json">{"@type":"MusicAlbum","name":', "</script>", "<!--", "<br>",
                         "Rating: ", "1. ", "A1 ", "★★★", "Director: ", " – ", "(2001)", "\n"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_TAGS, st.text(max_size=30)), max_size=60))
def test_arbitrary_html(parts: list[str]) -> None:
    _ok("<html><body>" + "".join(parts))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _ok(data)


@pytest.mark.parametrize("data", [b"", b"   \n\t", b"\x00\x01\x02\x03" * 500, b""])
def test_empty_and_binary_are_refused(data: bytes) -> None:
    with pytest.raises(ExtractionError):
        extract(data, uri="test:bad")


def test_oversized_input_is_refused_with_one_line() -> None:
    with pytest.raises(ExtractionError, match=r"limit is 50\.0 MB"):
        extract(b"a" * (51 * 1024 * 1024), uri="test:big")


def test_latin1_and_mojibake_are_repaired() -> None:
    rs = extract("Director: François Truffaut\nYear: 1959\n".encode("latin-1"), uri="test:latin1")
    assert any(c.agent.name == "François Truffaut" for w in rs.works for c in w.credits)
    rs = extract("Director: FranÃ§ois Truffaut\nYear: 1959\n", uri="test:moji")
    assert any(c.agent.name == "François Truffaut" for w in rs.works for c in w.credits)
    assert "repaired mojibake" in rs.warnings


def test_truncated_html_gives_partial_records_with_a_warning() -> None:
    rs = extract("<html><head><title>Akira (1988) review</title></head><body><p>Director: Katsuhiro Otomo</p><p>Year: 1988", uri="t")
    assert any(w.warnings for w in [rs]) and rs.works
