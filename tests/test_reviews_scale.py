"""Rating forms read and put on 0–100; unusable ratings flagged, never guessed."""

from __future__ import annotations

import pytest

from mediagraph.model import Rating
from mediagraph.reviews import (
    BAD_SCALE,
    LETTER_GRADES,
    NEGATIVE,
    OUT_OF_SCALE,
    UNPARSEABLE,
    normalise,
    parse_rating,
    rating_from_values,
    round_score,
    score_text,
)


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("5/6", 83),  # the seed 002 verdict
        ("Verdict: 5/6", 83),
        ("B+", 83),
        ("A", 100),
        ("A+", 100),
        ("B-", 67),
        ("C", 50),
        ("F", 0),
        ("★★★½", 70),
        ("★★★★☆", 80),
        ("★☆☆☆☆☆☆☆☆☆", 10),
        ("****", 80),
        ("**½", 50),
        ("4 stars", 80),
        ("4.5 stars", 90),
        ("3 1/2 stars", 70),
        ("2 out of 4", 50),
        ("3.5/10", 35),
        ("8,5/10", 85),
        ("4/5 stars", 80),
        ("83%", 83),
        ("7 (1-10)", 67),
        ("thumbs up", 100),
        ("👎", 0),
        ("4", 75),  # value only: schema.org's 1..5
        ("0/10", 0),
        ("10/10", 100),
    ],
)
def test_rating_forms_become_scores(text: str, score: float) -> None:
    norm = score_text(text)
    assert norm is not None
    assert norm.score == score
    assert norm.flag is None


def test_the_original_text_is_kept() -> None:
    rating = parse_rating("★★★½")
    assert rating == Rating(text="★★★½", value=3.5, best=5.0, worst=0.0, scale_assumed=True)


@pytest.mark.parametrize(
    ("text", "assumed"),
    [("4", True), ("★★★", True), ("4 stars", True), ("★★★☆☆", False), ("4/5", False), ("B", False)],
)
def test_an_assumed_scale_is_recorded(text: str, assumed: bool) -> None:
    norm = score_text(text)
    assert norm is not None and norm.scale_assumed is assumed


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("7/5", OUT_OF_SCALE),
        ("12", OUT_OF_SCALE),  # a bare number above schema.org's best of 5
        ("1000%", OUT_OF_SCALE),
        ("-1/5", NEGATIVE),
        ("5/0", BAD_SCALE),
        ("meh", UNPARSEABLE),
        ("Star Rating", UNPARSEABLE),  # seed 000: the star image was lost
        ("4/5/6", UNPARSEABLE),
        ("Must see", UNPARSEABLE),  # words only with the source's own table
    ],
)
def test_bad_ratings_are_flagged_and_unscored(text: str, flag: str) -> None:
    rating = parse_rating(text)
    assert rating is not None and rating.text == text
    norm = normalise(rating)
    assert norm.score is None
    assert norm.flag == flag
    assert norm.reason and text in norm.reason


def test_word_verdicts_need_the_source_mapping() -> None:
    words = {"Must see": 90, "Skip it": 20}
    assert score_text("must see.", verdicts=words).score == 90  # type: ignore[union-attr]
    assert score_text("Skip it", verdicts=words).score == 20  # type: ignore[union-attr]
    assert score_text("Whatever", verdicts=words).flag == UNPARSEABLE  # type: ignore[union-attr]


def test_empty_text_is_no_rating() -> None:
    assert parse_rating("") is None
    assert parse_rating("   ") is None


def test_structured_values_use_schema_org_defaults() -> None:
    r = rating_from_values("4")
    assert (r.best, r.worst, r.scale_assumed) == (5.0, 1.0, True)
    assert normalise(r).score == 75
    full = rating_from_values(8, best=10, worst=0)
    assert normalise(full).score == 80 and not full.scale_assumed
    assert normalise(rating_from_values("n/a")).flag == UNPARSEABLE


def test_a_letter_grade_text_wins_over_other_readers_numbers() -> None:
    # Another reader may have stored B+ on its own scale; the documented table decides.
    assert normalise(Rating(text="B+", value=9, best=12, worst=0)).score == 83


@pytest.mark.parametrize("grade", ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"])
def test_a_grade_read_from_a_page_stores_the_same_score_it_is_given(grade: str) -> None:
    # The page reader's value/best (what the JSON-LD export shows) and the 0-100 score agree.
    from mediagraph.extract.ratings import parse_rating as read_from_page

    stored = read_from_page(f"Grade: {grade}")
    assert stored is not None and stored.best == 12.0 and stored.worst == 0.0
    assert normalise(stored).score == round_score(stored.value / 12 * 100) == score_text(grade).score  # type: ignore[union-attr]


def test_rounding_is_half_up() -> None:
    assert round_score(12.5) == 13
    assert round_score(83.333) == 83
    assert score_text("1/8").score == 13  # type: ignore[union-attr]


def test_letter_grade_table_is_monotone() -> None:
    order = ["F", "F+", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A"]
    values = [LETTER_GRADES[g] for g in order]
    assert values == sorted(values)
    assert values[0] == 0 and values[-1] == 100
