"""The public surface of mediagraph.reviews, and scoring Review records end to end."""

from __future__ import annotations

import mediagraph.reviews as reviews
from mediagraph.model import Rating, Review
from mediagraph.reviews import GIVEN, LEXICON, Estimator, score_reviews, summarise


def _isort_key(name: str) -> tuple[int, str]:
    # ruff's RUF022 order, as in mediagraph.model: CONSTANTS, then Classes, then functions
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_complete() -> None:
    assert reviews.__all__ == sorted(reviews.__all__, key=_isort_key)
    for name in reviews.__all__:
        assert hasattr(reviews, name), name


def test_score_reviews_given_estimated_and_flagged() -> None:
    items = [
        Review(key="_:r1", subject="_:w", rating=Rating(text="5/6")),
        Review(key="_:r2", subject="_:w", rating=Rating(text="7/5"), text="A wonderful film."),
        Review(key="_:r3", subject="_:w", text="A wonderful, moving film. I loved it."),
        Review(key="_:r4", subject="_:w"),
    ]
    out = score_reviews(items, estimator=Estimator(LEXICON))
    given, flagged, guessed, empty = out
    assert given.method == GIVEN and given.review.score == 83 and not given.review.estimated
    assert given.review.rating is not None and given.review.rating.text == "5/6"
    assert (
        flagged.method is None and flagged.review.score is None and flagged.flag == "out_of_scale"
    )
    assert flagged.warning and "7/5" in flagged.warning and "_:r2" in flagged.warning
    assert guessed.method == LEXICON and guessed.review.estimated
    assert guessed.review.score is not None and guessed.review.score > 60
    assert guessed.review.score_low is not None and guessed.review.score_high is not None
    assert guessed.review.score_low <= guessed.review.score <= guessed.review.score_high
    assert empty.method is None and empty.review.score is None
    s = summarise(x.review for x in out)
    assert (s.count, s.given, s.estimated, s.unscored) == (2, 1, 1, 2)
