"""Reviews as the pages and the API show them, on top of ``mediagraph.reviews`` (scores, summary, chart)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from mediagraph.model.records import Review
from mediagraph.reviews import Summary, render_histogram_svg, score_review, summarise


@dataclass(frozen=True, slots=True)
class Scored:
    score: float | None
    estimated: bool
    flag: str | None = None  # why a given rating was left out (out of scale, unreadable)


def scored(review: Review) -> Review:
    """The review with its 0–100 score: as stored on ingest, else its rating normalised now.

    Nothing is estimated while a page is served: estimates are made on ingest, where their
    cost is paid once.
    """
    if review.score is not None or review.rating is None:
        return review
    return score_review(review, estimate=False).review


def score_of(review: Review) -> Scored:
    if review.score is None and review.rating is not None:
        result = score_review(review, estimate=False)
        return Scored(result.review.score, False, result.flag)
    return Scored(review.score, review.estimated)


def summary_of(reviews: list[Review]) -> Summary:
    return summarise([scored(r) for r in reviews])


def summary_dict(summary: Summary) -> dict[str, Any]:
    data: dict[str, Any] = msgspec.to_builtins(summary)
    return data


def histogram_svg(summary: Summary) -> str:
    """The score chart (its texts escaped by the renderer); empty when nothing is scored."""
    return render_histogram_svg(summary) if summary.count else ""


__all__ = ["Scored", "histogram_svg", "score_of", "scored", "summary_dict", "summary_of"]
