"""Ratings a review's text states about itself: read where a reader would, passed over elsewhere."""

from __future__ import annotations

import pytest

from mediagraph.reviews.stated import stated_score


@pytest.mark.parametrize(
    ("text", "score", "said"),
    [
        ("Great fun from start to end. 8/10", 80, "8/10"),
        ("I give it four stars.", 80, "four stars"),
        ("Overall 7 out of 10.", 70, "7 out of 10"),
        ("Three and a half stars from me.", 70, "Three and a half stars"),
        ("rated 7.5/10", 75, "7.5/10"),
        ("A 5-star album.", 100, "5-star"),
        # the last one is the verdict: the 4/5 it was hyped at is not
        ("Hyped as 4/5 everywhere, but it is a 2/10 at best.", 20, "2/10"),
        ("4 out of 5 stars", 80, "4 out of 5 stars"),
    ],
)
def test_a_stated_rating_is_read(text: str, score: float, said: str) -> None:
    assert stated_score(text) == (score, said)


@pytest.mark.parametrize(
    "text",
    [
        "Seen on 5/10/2004 at the old cinema.",
        "Open 24/7, like its hero.",
        "It cost 1/10 of the original's budget.",
        "The stars of the show are the dancers.",
        "It scored 12/10 on my scale of nonsense.",  # no such rating
        "",
    ],
)
def test_what_is_no_rating_is_passed_over(text: str) -> None:
    assert stated_score(text) is None
