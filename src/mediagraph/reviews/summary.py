"""Per-work review summaries: counts, weighted mean, median, distribution, sources and band."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

import msgspec

from mediagraph.model import Review
from mediagraph.reviews.scale import round_score

# An estimate counts half as much as a score its reviewer gave: it is a guess from the text
# (sentence-level MAE about 11-12 points), so it should move the mean less than a real rating.
ESTIMATE_WEIGHT = 0.5
# Metacritic shows its verdict only from four reviews up; fewer are too easily swung by one.
MIN_REVIEWS_FOR_BAND = 4
# Metacritic's bands for films, TV, music and books (games use stricter ones): (lowest, name).
BANDS: tuple[tuple[int, str], ...] = (
    (81, "Universal acclaim"),
    (61, "Generally favorable"),
    (40, "Mixed or average"),
    (20, "Generally unfavorable"),
    (0, "Overwhelming dislike"),
)
UNKNOWN_SOURCE = "unknown"


class Bin(msgspec.Struct, frozen=True, kw_only=True):
    """Scores in ``[low, high)`` (the last bin includes 100), given and estimated apart."""

    low: int
    high: int
    given: int
    estimated: int

    @property
    def total(self) -> int:
        return self.given + self.estimated


class SourceSummary(msgspec.Struct, frozen=True, kw_only=True):
    source: str
    count: int
    estimated: int
    mean: float | None  # weighted like the overall mean


class EstimateSummary(msgspec.Struct, frozen=True, kw_only=True):
    """What the estimates alone add up to: never a score, always shown with its band."""

    count: int
    mean: float
    low: float  # the mean of the estimates' 80% bands
    high: float


class Summary(msgspec.Struct, frozen=True, kw_only=True):
    """What the reviews of one work add up to; scores are 0–100.

    ``given_mean`` is the only number to headline as a score: it counts ratings reviewers
    gave. ``estimate`` summarises the estimates apart, and ``mean`` blends both (estimates
    weighing ``estimate_weight``) for a reader who wants every review in one figure.
    """

    count: int  # reviews with a usable score, given or estimated
    given: int
    estimated: int
    unscored: int  # reviews left out: no text and no rating, or a flagged rating
    mean: float | None  # weighted: an estimate weighs ESTIMATE_WEIGHT, a given score 1
    median: float | None  # of every usable score, unweighted
    share_estimated: float  # estimated / count (0 when there is nothing)
    band: str | None  # Metacritic-style verdict, only from MIN_REVIEWS_FOR_BAND scores up
    bins: tuple[Bin, ...]
    sources: tuple[SourceSummary, ...]
    estimate_weight: float = ESTIMATE_WEIGHT
    given_mean: float | None = None  # of the given scores only: the headline
    given_median: float | None = None
    estimate: EstimateSummary | None = None  # of the estimates only, with their band


def band_for(score: float) -> str:
    """The Metacritic-style band of a 0–100 score (rounded half up first: 80.5 is acclaim)."""
    whole = round_score(score)
    for lowest, name in BANDS:
        if whole >= lowest:
            return name
    return BANDS[-1][1]


def _weighted_mean(pairs: list[tuple[float, bool]], estimate_weight: float) -> float | None:
    weights = [estimate_weight if est else 1.0 for _, est in pairs]
    total = sum(weights)
    if not pairs or total <= 0:
        return None
    return round(sum(w * s for w, (s, _) in zip(weights, pairs, strict=True)) / total, 1)


def summarise(
    reviews: Iterable[Review],
    *,
    estimate_weight: float = ESTIMATE_WEIGHT,
    bin_width: int = 10,
    min_for_band: int = MIN_REVIEWS_FOR_BAND,
) -> Summary:
    """Summarise one work's reviews; a review counts when ``score`` is set (see ``estimated``)."""
    if bin_width not in (5, 10, 20, 25, 50):
        raise ValueError(f"bin_width must divide 100 evenly, got {bin_width}")
    scored: list[tuple[float, bool, str]] = []
    bands: list[tuple[float, float]] = []
    unscored = 0
    for r in reviews:
        if r.score is None:
            unscored += 1
            continue
        score = min(100.0, max(0.0, r.score))
        scored.append((score, r.estimated, r.site or UNKNOWN_SOURCE))
        if r.estimated:
            low = score if r.score_low is None else min(score, r.score_low)
            high = score if r.score_high is None else max(score, r.score_high)
            bands.append((low, high))
    pairs = [(s, e) for s, e, _ in scored]
    estimated = sum(1 for _, e in pairs if e)
    mean = _weighted_mean(pairs, estimate_weight)

    bins = []
    for low in range(0, 100, bin_width):
        high = low + bin_width
        inside = [e for s, e in pairs if low <= s < high or (high == 100 and s == 100)]
        bins.append(
            Bin(low=low, high=high, given=inside.count(False), estimated=inside.count(True))
        )

    by_source: dict[str, list[tuple[float, bool]]] = {}
    for s, e, src in scored:
        by_source.setdefault(src, []).append((s, e))
    sources = tuple(
        SourceSummary(
            source=src,
            count=len(items),
            estimated=sum(1 for _, e in items if e),
            mean=_weighted_mean(items, estimate_weight),
        )
        for src, items in sorted(by_source.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )
    given = [s for s, e in pairs if not e]
    guessed = [s for s, e in pairs if e]
    given_mean = round(sum(given) / len(given), 1) if given else None
    estimate = (
        EstimateSummary(
            count=len(guessed),
            mean=round(sum(guessed) / len(guessed), 1),
            low=round(sum(lo for lo, _ in bands) / len(bands), 1),
            high=round(sum(hi for _, hi in bands) / len(bands), 1),
        )
        if guessed
        else None
    )
    return Summary(
        count=len(pairs),
        given=len(pairs) - estimated,
        estimated=estimated,
        unscored=unscored,
        mean=mean,
        median=round(statistics.median(s for s, _ in pairs), 1) if pairs else None,
        share_estimated=estimated / len(pairs) if pairs else 0.0,
        # a verdict is a headline too: it needs enough scores reviewers gave
        band=band_for(given_mean)
        if given_mean is not None and len(given) >= min_for_band
        else None,
        bins=tuple(bins),
        sources=sources,
        estimate_weight=estimate_weight,
        given_mean=given_mean,
        given_median=round(statistics.median(given), 1) if given else None,
        estimate=estimate,
    )
