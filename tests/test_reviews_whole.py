"""Whole-review estimates: bad input is refused or widened with a reason, shrinkage, explanations,
and summaries whose headline counts only the scores reviewers gave."""

from __future__ import annotations

import gzip
import json

import pytest

from mediagraph.model import Rating, Review
from mediagraph.reviews import (
    LEXICON,
    Estimator,
    SourcePrior,
    render_histogram_text,
    score_reviews,
    summarise,
)
from mediagraph.reviews.estimate import MODEL_RESOURCE, load_params

PRAISE = (
    "I went in expecting little and came out moved. The performances are superb, the score is "
    "gorgeous and the last act is one of the best I have seen in years. A masterpiece, highly "
    "recommended to anyone who loves cinema."
)
PAN = (
    "What a waste of two hours. The plot makes no sense, the acting is wooden and the dialogue is "
    "laughable. I was bored from start to finish and nearly walked out. Avoid this mess."
)


@pytest.fixture(scope="module")
def est() -> Estimator:
    return Estimator(LEXICON)


def test_shipped_model_is_small_fitted_on_whole_reviews_and_holds_no_text() -> None:
    from importlib.resources import files

    raw = files("mediagraph.reviews").joinpath("data", MODEL_RESOURCE).read_bytes()
    assert len(raw) < 4_000_000
    params = load_params()
    assert params["format"] == 3
    assert params["fitted"]["sources"] == [
        "IMDb users",
        "Pitchfork critics",
        "Goodreads readers",
        "Amazon music buyers",
    ]
    # only unigrams and bigrams are kept: nothing longer than two words of anyone's text
    assert max(len(t.split(" ")) for t in params["lexicon"]["terms"]) == 2
    assert json.loads(gzip.decompress(raw)) == params


def test_praise_and_pan_land_far_apart_with_honest_bands(est: Estimator) -> None:
    good, bad = est.estimate(PRAISE), est.estimate(PAN)
    assert good is not None and bad is not None
    assert good.score > 70 and bad.score < 35
    for e in (good, bad):
        assert e.estimated and e.low <= e.score <= e.high and e.high - e.low >= 15
        assert e.caveat is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no words"),
        ("   \n\t ", "no words"),
        ("😍😍🔥🔥👍 !!! ★★★★★", "no words"),
        ("<div><br /><img src='x.png'></div>&nbsp;&amp;", "no words"),
        (
            "Ce film est une merveille du début à la fin, les acteurs sont justes et la mise en "
            "scène est d'une grande élégance. Je le recommande vivement.",
            "not English",
        ),
        ("この映画は本当に素晴らしかった。音楽も映像も最高です。もう一度見たい。", "script"),
    ],
)
def test_text_it_cannot_judge_gets_no_estimate_and_a_reason(
    est: Estimator, text: str, reason: str
) -> None:
    assert est.estimate(text) is None
    why = est.refusal(text)
    assert why is not None and reason in why


def test_a_short_text_gets_a_wide_band_and_says_why(est: Estimator) -> None:
    e = est.estimate("Loved it.")
    assert e is not None and e.caveat is not None and "too short" in e.caveat
    assert e.high - e.low >= 60


def test_a_megabyte_is_read_at_its_ends_without_error(est: Estimator) -> None:
    text = PAN + " " + ("The camera moves through the streets of the city at night. " * 17_000) + PRAISE
    assert len(text) > 1_000_000
    e = est.estimate(text)
    assert e is not None and e.caveat is not None and "long text" in e.caveat


def test_markup_and_entities_do_not_count_as_words(est: Estimator) -> None:
    plain = est.estimate(PAN)
    marked = est.estimate(PAN.replace(". ", ".<br /><br />").replace("wooden", "&#34;wooden&#34;"))
    assert plain is not None and marked is not None
    assert abs(plain.score - marked.score) < 3


def test_a_sources_past_ratings_pull_the_estimate_and_size_its_band(est: Estimator) -> None:
    cold = est.estimate(PRAISE)
    narrow = SourcePrior.of([40, 45, 50, 35, 55, 42, 48, 38, 52, 45])
    wide = SourcePrior.of([10, 90, 20, 80, 30, 70, 5, 95, 50, 50])
    harsh, spread = est.estimate(PRAISE, prior=narrow), est.estimate(PRAISE, prior=wide)
    assert cold is not None and harsh is not None and spread is not None
    assert harsh.shrunk == 10 and cold.shrunk == 0
    assert harsh.score < cold.score and harsh.high < cold.high  # this source grades low
    assert harsh.high - harsh.low < spread.high - spread.low  # and narrowly


def test_score_reviews_shrinks_toward_the_same_sites_given_ratings(est: Estimator) -> None:
    items = [
        Review(key=f"_:g{i}", subject="_:w", site="harsh.example", rating=Rating(text=f"{v}/10"))
        for i, v in enumerate([3, 4, 5, 4, 3, 5, 4, 4])
    ]
    items.append(Review(key="_:u", subject="_:w", site="harsh.example", text=PRAISE))
    items.append(Review(key="_:v", subject="_:w", site="other.example", text=PRAISE))
    out = {s.review.key: s for s in score_reviews(items, estimator=est)}
    shrunk, cold = out["_:u"].review, out["_:v"].review
    assert shrunk.estimated and cold.estimated
    assert shrunk.score is not None and cold.score is not None and shrunk.score < cold.score


def test_a_review_it_cannot_judge_is_warned_about(est: Estimator) -> None:
    (s,) = score_reviews([Review(key="_:r", subject="_:w", text="🎬🍿🎬🍿")], estimator=est)
    assert s.review.score is None and s.warning is not None and "no estimate" in s.warning


def test_explain_names_the_phrases_that_moved_it(est: Estimator) -> None:
    good = {p.text: p.points for p in est.explain(PRAISE)}
    bad = {p.text: p.points for p in est.explain(PAN)}
    assert good and bad
    assert max(good.values()) > 0 and min(bad.values()) < 0
    assert any("masterpiece" in t or "best" in t or "superb" in t for t, v in good.items() if v > 0)
    assert any("waste" in t or "bored" in t or "avoid" in t for t, v in bad.items() if v < 0)


def test_an_estimate_never_headlines_as_a_score() -> None:
    only_estimates = summarise(
        [Review(key="_:r", subject="_:w", score=39, score_low=20, score_high=70, estimated=True)]
    )
    assert only_estimates.given_mean is None and only_estimates.band is None
    assert only_estimates.estimate is not None
    e = only_estimates.estimate
    assert (e.count, e.mean, e.low, e.high) == (1, 39, 20, 70)
    text = render_histogram_text(only_estimates)
    assert "no given score" in text and "not a score" in text

    mixed = summarise(
        [Review(key=f"_:g{i}", subject="_:w", score=80) for i in range(4)]
        + [Review(key="_:e", subject="_:w", score=10, score_low=0, score_high=40, estimated=True)]
    )
    assert mixed.given_mean == 80 and mixed.band == "Generally favorable"
    assert mixed.estimate is not None and mixed.estimate.count == 1
