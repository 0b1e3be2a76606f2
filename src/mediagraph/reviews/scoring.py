"""Scoring reviews: the given rating normalised, an estimate for unrated text, flags for the rest."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import msgspec

from mediagraph.model import Review
from mediagraph.reviews.estimate import Estimator, SourcePrior, default_estimator
from mediagraph.reviews.scale import normalise, parse_rating

GIVEN = "given"


class ScoredReview(msgspec.Struct, frozen=True, kw_only=True):
    """A review with ``score`` filled in, how it was obtained, and why not when it was not.

    ``method`` is ``"given"`` (the reviewer's rating, normalised), ``"lexicon"`` or
    ``"embedding"`` (estimated from the text), or None when the review has no usable score.
    """

    review: Review
    method: str | None
    flag: str | None = None  # scale.py's flag for a rating that could not be used
    warning: str | None = None  # one line for the user about that rating


def score_reviews(
    reviews: Iterable[Review],
    *,
    estimator: Estimator | None = None,
    verdicts: Mapping[str, float] | None = None,
    estimate: bool = True,
) -> list[ScoredReview]:
    """Score each review; estimates are made in one batch for every unrated review with text.

    A rating that is present but unusable ("7/5", "meh") is kept as text, flagged with a
    warning and given no score: the reviewer did rate the work, so guessing over their rating
    would misreport them. ``verdicts`` is a source's own word → 0–100 table.
    """
    items = list(reviews)
    out: list[ScoredReview | None] = [None] * len(items)
    to_estimate: list[int] = []
    for i, r in enumerate(items):
        if r.rating is not None:
            rating = r.rating
            if rating.value is None and rating.text:
                rating = parse_rating(rating.text, verdicts=verdicts) or rating
            norm = normalise(rating)
            if norm.score is not None:
                given = msgspec.structs.replace(
                    r,
                    rating=rating,
                    score=norm.score,
                    score_low=None,
                    score_high=None,
                    estimated=False,
                )
                out[i] = ScoredReview(review=given, method=GIVEN)
            else:
                dropped = msgspec.structs.replace(
                    r, rating=rating, score=None, score_low=None, score_high=None, estimated=False
                )
                where = r.key or "review"
                out[i] = ScoredReview(
                    review=dropped,
                    method=None,
                    flag=norm.flag,
                    warning=f"{where}: {norm.reason}; kept as text and left out of the summary",
                )
        elif r.score is not None and not r.estimated:
            out[i] = ScoredReview(review=r, method=GIVEN)
        elif estimate and r.text and r.text.strip():
            to_estimate.append(i)
        else:
            out[i] = ScoredReview(
                review=msgspec.structs.replace(r, score=None, estimated=False), method=None
            )
    if to_estimate:
        est = estimator or default_estimator()
        # A site's given ratings in the same batch are its past ratings: estimates of its
        # unrated reviews shrink toward them.
        given_by_site: dict[str, list[float]] = {}
        for s in out:
            if s is not None and s.method == GIVEN and s.review.site and s.review.score is not None:
                given_by_site.setdefault(s.review.site, []).append(s.review.score)
        by_prior: dict[str | None, list[int]] = {}
        for i in to_estimate:
            site = items[i].site
            by_prior.setdefault(site if site in given_by_site else None, []).append(i)
        for site, group in by_prior.items():
            prior = SourcePrior.of(given_by_site[site]) if site is not None else None
            texts: Sequence[str | None] = [items[i].text for i in group]
            for i, e in zip(group, est.estimate_many(texts, prior=prior), strict=True):
                r = items[i]
                if e is None:
                    reason = est.refusal(r.text) or "nothing to judge"
                    out[i] = ScoredReview(
                        review=msgspec.structs.replace(r, score=None, estimated=False),
                        method=None,
                        warning=f"{r.key or 'review'}: no estimate: {reason}",
                    )
                    continue
                guessed = msgspec.structs.replace(
                    r, score=e.score, score_low=e.low, score_high=e.high, estimated=True
                )
                # a caveat (short text, unknown words) already shows as the wide band
                out[i] = ScoredReview(review=guessed, method=e.method)
    return [s for s in out if s is not None]


def score_review(
    review: Review,
    *,
    estimator: Estimator | None = None,
    verdicts: Mapping[str, float] | None = None,
    estimate: bool = True,
) -> ScoredReview:
    """``score_reviews([review])[0]``."""
    return score_reviews([review], estimator=estimator, verdicts=verdicts, estimate=estimate)[0]
