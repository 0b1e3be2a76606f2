"""Reviews: ratings on one 0–100 scale, honest estimates for unrated text, per-work summaries.

Pure functions and records, no I/O (the estimator reads only its model shipped in the package):

- ``parse_rating`` / ``normalise`` (scale): "5/6" → 83, "B+" → 83, "★★★½" → 70; unusable
  ratings come back flagged with a reason.
- ``Estimator`` / ``estimate_score`` (estimate): a score and 80% band for a whole review with
  no rating, always marked estimated; ``SourcePrior`` shrinks it toward a source's past ratings,
  ``Estimator.explain`` names the phrases that moved it, ``Estimator.refusal`` says why a text
  gets none.
- ``stated_score`` (stated): a rating a review's text states about itself ("8/10"), a clue the
  estimator weighs, never taken as the reviewer's rating.
- ``score_reviews`` (scoring): both of the above over ``Review`` records, with warnings.
- ``summarise`` (summary) and ``render_histogram_text`` / ``render_histogram_svg`` (histogram).
"""

from mediagraph.reviews.estimate import (
    EMBEDDING,
    LEXICON,
    Estimate,
    Estimator,
    Phrase,
    SourcePrior,
    default_estimator,
    embedding_available,
    estimate_score,
)
from mediagraph.reviews.histogram import render_histogram_svg, render_histogram_text
from mediagraph.reviews.scale import (
    BAD_SCALE,
    LETTER_GRADES,
    NEGATIVE,
    OUT_OF_SCALE,
    UNPARSEABLE,
    Normalised,
    normalise,
    parse_rating,
    rating_from_values,
    round_score,
    score_text,
)
from mediagraph.reviews.scoring import GIVEN, ScoredReview, score_review, score_reviews
from mediagraph.reviews.stated import stated_score
from mediagraph.reviews.summary import (
    BANDS,
    ESTIMATE_WEIGHT,
    MIN_REVIEWS_FOR_BAND,
    Bin,
    EstimateSummary,
    SourceSummary,
    Summary,
    band_for,
    summarise,
)

__all__ = [
    "BAD_SCALE",
    "BANDS",
    "EMBEDDING",
    "ESTIMATE_WEIGHT",
    "GIVEN",
    "LETTER_GRADES",
    "LEXICON",
    "MIN_REVIEWS_FOR_BAND",
    "NEGATIVE",
    "OUT_OF_SCALE",
    "UNPARSEABLE",
    "Bin",
    "Estimate",
    "EstimateSummary",
    "Estimator",
    "Normalised",
    "Phrase",
    "ScoredReview",
    "SourcePrior",
    "SourceSummary",
    "Summary",
    "band_for",
    "default_estimator",
    "embedding_available",
    "estimate_score",
    "normalise",
    "parse_rating",
    "rating_from_values",
    "render_histogram_svg",
    "render_histogram_text",
    "round_score",
    "score_review",
    "score_reviews",
    "score_text",
    "stated_score",
    "summarise",
]
