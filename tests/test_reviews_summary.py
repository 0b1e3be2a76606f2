"""Per-work summaries: weighted mean, median, bins, sources, the band threshold, the charts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from mediagraph.model import Review
from mediagraph.reviews import (
    ESTIMATE_WEIGHT,
    band_for,
    render_histogram_svg,
    render_histogram_text,
    summarise,
)


def _review(
    score: float | None, *, estimated: bool = False, site: str | None = "a.example", n: int = 0
) -> Review:
    return Review(key=f"_:r{n}", subject="_:w1", score=score, estimated=estimated, site=site)


def test_weighted_mean_median_and_share() -> None:
    reviews = [
        _review(80, n=1),
        _review(60, n=2),
        _review(20, estimated=True, n=3),
        _review(None, n=4),
    ]
    s = summarise(reviews)
    assert (s.count, s.given, s.estimated, s.unscored) == (3, 2, 1, 1)
    expected = (80 + 60 + ESTIMATE_WEIGHT * 20) / (2 + ESTIMATE_WEIGHT)
    assert s.mean == pytest.approx(round(expected, 1))
    assert s.median == 60
    assert s.share_estimated == pytest.approx(1 / 3)


def test_estimates_weigh_less_than_given_scores() -> None:
    given_high = summarise([_review(90, n=1), _review(10, estimated=True, n=2)])
    estimate_high = summarise([_review(90, estimated=True, n=1), _review(10, n=2)])
    assert given_high.mean is not None and estimate_high.mean is not None
    assert given_high.mean > 50 > estimate_high.mean


def test_band_only_from_four_reviews() -> None:
    three = summarise([_review(90, n=i) for i in range(3)])
    four = summarise([_review(90, n=i) for i in range(4)])
    assert three.band is None
    assert four.band == "Universal acclaim"


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100, "Universal acclaim"),
        (81, "Universal acclaim"),
        (80.5, "Universal acclaim"),  # rounded half up to 81
        (80, "Generally favorable"),
        (61, "Generally favorable"),
        (60, "Mixed or average"),
        (40, "Mixed or average"),
        (39, "Generally unfavorable"),
        (20, "Generally unfavorable"),
        (19, "Overwhelming dislike"),
        (0, "Overwhelming dislike"),
    ],
)
def test_band_thresholds(score: float, band: str) -> None:
    assert band_for(score) == band


def test_bins_and_sources() -> None:
    reviews = [
        _review(100, n=1, site="b.example"),
        _review(95, estimated=True, n=2, site="b.example"),
        _review(0, n=3),
        _review(9.9, n=4),
        _review(10, n=5, site=None),
    ]
    s = summarise(reviews)
    assert [b.total for b in s.bins] == [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    top = s.bins[-1]
    assert (top.low, top.high, top.given, top.estimated) == (90, 100, 1, 1)
    assert [(x.source, x.count, x.estimated) for x in s.sources] == [
        ("a.example", 2, 0),
        ("b.example", 2, 1),
        ("unknown", 1, 0),
    ]
    assert len(summarise(reviews, bin_width=20).bins) == 5
    with pytest.raises(ValueError):
        summarise(reviews, bin_width=7)


def test_empty_summary() -> None:
    s = summarise([_review(None)])
    assert (s.count, s.mean, s.median, s.band, s.unscored) == (0, None, None, None, 1)
    assert "no scored reviews" in render_histogram_text(s)
    ET.fromstring(render_histogram_svg(s))


def test_text_histogram_tells_estimates_apart() -> None:
    s = summarise(
        [_review(85, n=1), _review(82, estimated=True, n=2), _review(30, n=3), _review(55, n=4)]
    )
    text = render_histogram_text(s)
    line = next(x for x in text.splitlines() if x.startswith(" 80–89"))
    assert "█" in line and "░" in line and "(1 est.)" in line
    assert "4 reviews" in text and "25% estimated" in text


def test_svg_is_well_formed_escaped_and_distinguishes_estimates() -> None:
    s = summarise([_review(85, n=1), _review(82, estimated=True, n=2)])
    svg = render_histogram_svg(s, title='<script>alert("x")</script> & Metropolis')
    root = ET.fromstring(svg)  # well-formed XML, so the title was escaped
    assert "<script>" not in svg
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    dashed = [r for r in root.iter(f"{ns}rect") if r.get("stroke-dasharray")]
    solid = [
        r for r in root.iter(f"{ns}rect") if r.get("fill") == "#2b6cb0" and not r.get("stroke")
    ]
    assert dashed and solid  # estimates drawn differently from given scores
    assert 'id="' not in svg  # several charts can share a page
