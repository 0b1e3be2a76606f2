"""A record shop's newsletter and pages saved in odd ways, as real sites and fixtures give them.

The newsletter lines come from a real shop's weekly letter (../shared/pages release_15); the
Pitchfork page from bench/realpages/tune (saved by a scraper as a Python bytes literal)."""

from __future__ import annotations

from pathlib import Path

from mediagraph.extract import extract
from mediagraph.model import RecordSet

TUNE = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages"

LETTER = """…..news letter #1021 – frost…..

Busy week around here, as is every week after a long weekend. Lots of new stuff in this week, now up on the site.

…..picks of the week…..

Neos: Three Teens Hellbent on Speed (Supreme Echo) LP
Orange vinyl! Short sonic blasts of teen angst at breakneck velocity – Canada’s NEOS, from Victoria, BC, were pioneers of hyper-speed-punk at the dawn of hardcore. The complete NEOS collection (1981–83) includes both rare EPs, outtakes, demos, and live cuts: 51 songs.
"""


def _text(text: str) -> RecordSet:
    return extract(text.encode(), uri="file:///letter.txt")


def test_a_shop_listing_line_gives_artist_title_label_and_format() -> None:
    rs = _text(LETTER)
    [w] = [w for w in rs.works if w.title == "Three Teens Hellbent on Speed"]
    assert [c.agent.name for c in w.credits] == ["Neos"]
    [r] = [r for r in rs.releases if r.work == w.key]
    assert [lab.label.name for lab in r.labels] == ["Supreme Echo"]
    assert any(f.name == "Vinyl" for f in r.formats)


def test_a_section_marker_between_dots_is_no_title_and_no_artist() -> None:
    rs = _text(LETTER)
    names = {w.title for w in rs.works} | {c.agent.name for w in rs.works for c in w.credits}
    assert not any("news letter" in n or "frost" in n or "picks of the week" in n for n in names)


def test_a_page_saved_as_a_python_bytes_literal_is_read_as_the_page_it_holds() -> None:
    raw = (TUNE / "album_ha01.html").read_bytes()
    assert raw.startswith(b"b'")
    rs = extract(raw, uri="file:///album_ha01.html")
    assert any("bytes literal" in w for w in rs.warnings)
    [v] = rs.reviews
    assert "\\n" not in (v.text or "") and "\\xe2" not in (v.text or "")
    assert "Myth, it has been said" in (v.text or "")
