"""Whole-review estimates: bad input is refused or widened with a reason, shrinkage, explanations,
and summaries whose headline counts only the scores reviewers gave."""

from __future__ import annotations

import gzip
import json
import statistics
from pathlib import Path

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
from mediagraph.reviews.estimate import MODEL_FORMAT, MODEL_RESOURCE, load_params

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
    assert params["format"] == MODEL_FORMAT
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
    text = (
        PAN
        + " "
        + ("The camera moves through the streets of the city at night. " * 17_000)
        + PRAISE
    )
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
    harsh_pan, spread_pan = est.estimate(PAN, prior=narrow), est.estimate(PAN, prior=wide)
    assert cold is not None and harsh is not None and spread is not None
    assert harsh_pan is not None and spread_pan is not None
    assert harsh.shrunk == 10 and cold.shrunk == 0
    assert harsh.score < cold.score and harsh.high < cold.high  # this source grades low
    assert harsh.high - harsh.low < cold.high - cold.low  # and narrowly
    cold_pan = est.estimate(PAN)
    assert cold_pan is not None
    # its rave and its pan are pulled into its range, the more the more ratings it has
    assert cold_pan.score <= harsh_pan.score < harsh.score
    # a source that uses the whole scale keeps a rave and a pan far apart
    assert spread.score - spread_pan.score > 1.5 * (harsh.score - harsh_pan.score)


def test_a_site_of_one_and_ten_ratings_is_estimated_at_its_ends(est: Estimator) -> None:
    # users who give 1/10 or 10/10 and little between: a rave and a pan land near those ends,
    # not at a bell curve's middle, and a band is taken from the site's own ratings
    both_ends = SourcePrior.of([0.0] * 20 + [100.0] * 20 + [33.3, 66.7, 77.8, 22.2])
    good, bad = est.estimate(PRAISE, prior=both_ends), est.estimate(PAN, prior=both_ends)
    assert good is not None and bad is not None
    assert good.score > 80 and bad.score < 20
    five_stars = SourcePrior.of([100.0] * 30 + [75.0] * 6 + [0.0] * 4)
    shop = est.estimate(PRAISE, prior=five_stars)
    assert shop is not None and shop.score > 90 and shop.high == 100


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


WARM = [
    "A lovely record, warm and generous, with songs I keep going back to.",
    "Superb playing throughout and a gorgeous sound; one of the best this year.",
    "I loved it from the first track, a beautiful and moving album.",
    "The songs are great and the band is great fun: I would recommend it to anyone.",
    "An excellent follow-up, richer than the debut and just as catchy.",
    "Wonderful, heartfelt and brilliantly made, a real joy to hear.",
    "The best thing they have done, a masterpiece of quiet beauty.",
    "Fine songwriting and a lovely voice make this an easy favourite.",
    "A strong, confident album with a few perfect moments.",
    "Charming and inventive, it rewards every listen.",
    "Good, solid and often beautiful, if a little long.",
    "Brilliant from start to finish, a must for every fan.",
]


def test_a_sources_rated_texts_place_its_estimates_on_its_own_scale(est: Estimator) -> None:
    # a site whose reviewers write warmly and still rate 40-60: knowing the texts of its rated
    # reviews, a review as warm as theirs is a middling one there, not one of its best
    ratings = [40, 45, 50, 55, 60, 48, 52, 44, 56, 50, 42, 58]
    scores_only = SourcePrior.of(ratings)
    with_texts = est.source_prior(ratings, WARM)
    assert scores_only is not None and with_texts is not None
    assert scores_only.estimates_mean is None and with_texts.estimates_mean is not None
    typical = WARM[0] + " " + WARM[10]
    cold = est.estimate(typical)
    by_scores, by_texts = (
        est.estimate(typical, prior=scores_only),
        est.estimate(typical, prior=with_texts),
    )
    assert cold is not None and by_scores is not None and by_texts is not None
    assert by_texts.score < by_scores.score - 2 < cold.score
    assert by_texts.shrunk == len(ratings)
    # fewer than ten rated texts say too little: the ratings alone place it
    few = est.source_prior(ratings[:5], WARM[:5])
    assert few is not None and few.estimates_mean is None


def test_a_verdict_at_the_end_weighs_more_than_the_same_words_first(est: Estimator) -> None:
    body = (
        "The film follows a family over one summer by the sea. The father works, the mother "
        "paints, and the two children wander the dunes and the harbour. There is a storm, a "
        "wedding and a long drive home, and the camera stays close to their faces throughout. "
        "The music is mostly piano and the colours are pale blues and greys."
    )
    verdict = " Avoid it: dull, tedious and a waste of time."
    first, last = est.estimate(verdict.strip() + " " + body), est.estimate(body + verdict)
    assert first is not None and last is not None
    assert last.score < first.score


def test_a_review_it_cannot_judge_is_warned_about(est: Estimator) -> None:
    (s,) = score_reviews([Review(key="_:r", subject="_:w", text="🎬🍿🎬🍿")], estimator=est)
    assert s.review.score is None and s.warning is not None and "no estimate" in s.warning


MIXED = (
    "It looks lovely and the lead does what she can, but the script wanders and the middle hour "
    "drags on. Some of it worked for me, some of it did not. "
)


def test_a_rating_the_text_states_moves_the_estimate_and_is_named() -> None:
    # the candidate that weighs such ratings (bench/estimate_eval.py); the shipped model does
    # not, by its leave-one-source-out figure (docs/PERFORMANCE.md): there only the word pair
    # ("2 10") moves the estimate, as any other words do
    params = load_params()
    assert params["calibration"]["stated"]["weight"] == 0
    cal = {**params["calibration"], "stated": {"weight": 0.8, "below": -25.0, "above": 10.0}}
    est = Estimator(LEXICON, params={**params, "calibration": cal})
    plain, low, high = (
        est.estimate(MIXED + end) for end in ("", "My verdict: 2/10.", "I give it four stars.")
    )
    assert plain is not None and low is not None and high is not None
    assert low.score < plain.score < high.score
    assert low.score <= 40 and high.score >= 70
    assert low.low <= low.score <= low.high and low.estimated  # still an estimate, with a band
    # named among the phrases that moved it most, the way it moved it (the words "2 10" alone
    # already read low, so "2/10" moves the estimate little; "four stars" a lot)
    said = {p.text: p.points for p in est.explain(MIXED + "I give it four stars.")}
    assert said.get("four stars", 0) > 10
    # a date or a ratio is no rating
    dated = MIXED + "Seen on 5/10/2004, open 24/7."
    assert est.estimate(dated) == Estimator(LEXICON).estimate(dated)


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


def test_estimates_follow_the_scores_real_reviewers_gave(est: Estimator, reviews_dir: Path) -> None:
    # 100 rated whole reviews of each training source: the model has seen them, so this guards
    # against a broken or mis-shipped model; the honest figures leave a source out
    # (bench/estimate_eval.py, docs/PERFORMANCE.md)
    files = sorted((reviews_dir / "whole").glob("*.jsonl.gz"))
    assert len(files) == 4
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        sample = rows[:: len(rows) // 100][:100]
        got = est.estimate_many([r["text"] for r in sample])
        pairs = [(e, r["score_0_100"]) for e, r in zip(got, sample, strict=True) if e is not None]
        assert len(pairs) >= 95, path.name
        r = statistics.correlation([e.score for e, _ in pairs], [y for _, y in pairs])
        held = sum(e.low <= y <= e.high for e, y in pairs) / len(pairs)
        width = sum(e.high - e.low for e, _ in pairs) / len(pairs)
        assert r > 0.5, (path.name, r)
        assert held >= 0.6 and width <= 75, (path.name, held, width)
