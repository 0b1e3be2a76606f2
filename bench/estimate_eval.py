"""Fit the review score estimator on whole reviews and judge it leaving one source out.

    python bench/estimate_eval.py                 # leave-one-source-out table for each candidate
    python bench/estimate_eval.py --write-model   # also fit on every source and write the model
                                                  # shipped in src/mediagraph/reviews/data/
    python bench/estimate_eval.py --char-check --limit 6000   # only this: do character
                                                  # n-grams add to the words?
    python bench/estimate_speed.py                # whole reviews a second (default install)

Data: ../shared/reviews/whole/ (SOURCES.md): 41,187 whole reviews with the score their writer
gave, from IMDb users, Pitchfork critics, Goodreads readers and Amazon music buyers. Only what
the model learns (term weights, idf, calibration numbers) is written; never a text.

Each fold trains on three sources and scores the fourth through ``Estimator`` itself. The
calibration of a fold (the line to the 0–100 scale and the 80% band) comes from predictions each
training source got from a model that had not seen it (an inner leave-one-source-out): split
conformal on source shift, the thing a band has to survive. The "known" columns give the
estimator the held-out source's past ratings (those of 50 of its reviews, left out of the
test, as ``score_reviews`` does with a site's given ratings) and show what shrinkage toward a
source's own ratings buys; ``--rated-texts`` also gives it those reviews' texts
(``Estimator.source_prior``), which was measured and not taken into ingest.

Candidates (picked by the mean over folds, cold, of r − MAE/100): ``words``, a ridge-fitted
tf-idf lexicon of word unigrams and bigrams with negation marking (a term counts once however
often it occurs, 1.5 times when it is also among the text's last 40 words), each source
weighing the same; "scale weighed evenly" also weighs each tenth of the 0–100 scale the same
(a source not yet seen may rate anywhere); each with and without weighing a rating the text
states about itself (``reviews/stated.py``); ``ordinal``, the same terms (the 100,000 in most
reviews) fitted by four logistic regressions, one a threshold of the scale (above 20, 40, 59,
80), whose chances summed are the raw score, with and without stated ratings, and with each
tenth of the scale weighed by 1/√(its share) ("scale weighed halfway", shipped); and that one
with **character n-grams of words** added as a block of their own (the ``CHAR_TERMS`` 3–5-grams
in most training reviews' words; a review's block is the sum of its distinct words' n-gram
vectors, so the runtime reads a word's part once and caches it: ``Lexicon._char_dots``), at
C=10 and C=1. ``--only`` runs some of them.
``--char-check`` compares, on the raw scores of plain ridge fits, words alone with words plus
character 3–5-grams within words (scikit-learn's ``char_wb``), the n-grams the pure-Python
runtime could not afford (docs/PERFORMANCE.md). Needs numpy, scipy and scikit-learn (not the
default install, which only loads the written model).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy import special
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge

from mediagraph.reviews.estimate import (
    MODEL_FORMAT,
    MODEL_RESOURCE,
    Estimator,
    SourcePrior,
    prepare,
)
from mediagraph.reviews.stated import stated_score
from mediagraph.reviews.tokens import CHAR_SIZES, term_sets, words

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "reviews" / "whole"
MODEL_OUT = ROOT / "src" / "mediagraph" / "reviews" / "data" / MODEL_RESOURCE
SOURCES = {
    "imdb_aclimdb_train": "IMDb users",
    "pitchfork_albums": "Pitchfork critics",
    "goodreads_books": "Goodreads readers",
    "amazon_music": "Amazon music buyers",
}
MIN_DF = 5  # a term must occur in five training reviews to get a weight
MAX_TERMS = 150_000  # the largest weights kept, so the shipped file stays small
ORDINAL_TERMS = 100_000  # the terms in most reviews, for the ordinal lexicon (a weight a threshold)
CHAR_TERMS = 100_000  # character n-grams of words kept (those in most training reviews)
ORDINAL_THRESHOLDS = (20.0, 40.0, 59.0, 80.0)  # "above 59" parts IMDb's 7 from its 4, Pitchfork's 6.0 from 5.9
BAND_BINS = 8  # the band's width is read off in this many stretches of the estimate
KNOWN_N = 50  # past ratings the "known" columns reveal
MIN_STATED = 30  # texts stating a rating of their own needed to weigh such a rating
BAND = 0.8
TAIL_WORDS = 40  # a text's last words, where the verdict often is, weigh more ...
TAIL_WEIGHT = 0.5  # ... by this much (a term there counts 1.5, elsewhere 1)
SCORE_BINS = 10  # for weighing each stretch of the 0–100 scale alike
LOW_Q, HIGH_Q = (1 - BAND) / 2, 1 - (1 - BAND) / 2


# -- data ---------------------------------------------------------------------------------------


class Corpus:
    """Every review's prepared text, term counts (one sparse matrix), score and source index."""

    def __init__(self, data: Path, limit: int | None) -> None:
        self.texts: list[str] = []
        ys: list[float] = []
        src: list[int] = []
        stated: list[float] = []
        for k, name in enumerate(SOURCES):
            with gzip.open(data / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
                lines = f.readlines()
            if limit is not None and limit < len(lines):  # a random sample: the files are sorted
                pick = np.random.default_rng(k).choice(len(lines), limit, replace=False)
                lines = [lines[i] for i in sorted(pick)]
            for line in lines:
                row = json.loads(line)
                self.texts.append(prepare(row["text"])[0])
                said = stated_score(self.texts[-1])
                stated.append(math.nan if said is None else said[0])
                ys.append(float(row["score_0_100"]))
                src.append(k)
        self.y = np.array(ys)
        self.src = np.array(src)
        self.stated = np.array(stated)  # a rating the text states about itself, or nan
        # Terms seen in two reviews or more: a superset of what any fold keeps (MIN_DF counts
        # in its training reviews only, below), so no fold's vocabulary peeks at its test source.
        sets = [term_sets(words(t), tail=TAIL_WORDS) for t in self.texts]
        cv = CountVectorizer(analyzer=lambda s: list(s), min_df=2, dtype=np.float32, binary=True)
        every = cv.fit_transform(e for e, _ in sets).tocsr()
        tail = CountVectorizer(analyzer=lambda s: list(s), vocabulary=cv.vocabulary_,
                               dtype=np.float32, binary=True).transform(t for _, t in sets)
        # what Lexicon reads: 1 a term, 1 + TAIL_WEIGHT a term also in the tail
        self.counts = (every + TAIL_WEIGHT * tail).tocsr()
        self.vocab = cv.get_feature_names_out()
        self._chars: tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray] | None = None

    def char_matrices(self) -> tuple[sp.csr_matrix, sp.csr_matrix, np.ndarray]:
        """Which distinct words each review has (reviews × words), which character n-grams
        each word has (words × n-grams, as ``Lexicon._word_part`` reads them), and the n-grams.

        Built on first use (a few minutes): only the candidates with character n-grams need it.
        """
        if self._chars is None:
            sets = [{w for w in words(t) if w[0].isalnum()} for t in self.texts]
            wv = CountVectorizer(analyzer=lambda s: list(s), binary=True, dtype=np.float32)
            by_review = wv.fit_transform(sets).tocsr()
            grams = []
            for w in wv.get_feature_names_out():
                padded = f" {w} "
                grams.append({padded[i:i + n] for n in CHAR_SIZES for i in range(len(padded) - n + 1)})
            gv = CountVectorizer(analyzer=lambda s: list(s), binary=True, dtype=np.float32)
            by_word = gv.fit_transform(grams).tocsr()
            self._chars = (by_review, by_word, gv.get_feature_names_out())
        return self._chars

    def balanced_weights(self, idx: np.ndarray, by_score: float = 0.0) -> np.ndarray:
        """Each source weighs the same in a fit, however many reviews it has.

        ``by_score``: and then each tenth of the 0–100 scale weighs the same (1.0), or halfway
        there (0.5: a tenth's weight divided by the square root of its share), so that the few
        low ratings of sources that mostly rate high teach more than their share: a source not
        yet seen may rate anywhere.
        """
        w = np.zeros(len(idx))
        for k in np.unique(self.src[idx]):
            m = self.src[idx] == k
            w[m] = 1.0 / m.sum()
        if by_score:
            bins = np.minimum((self.y[idx] / (100 / SCORE_BINS)).astype(int), SCORE_BINS - 1)
            mass = np.bincount(bins, weights=w, minlength=SCORE_BINS)
            w = w / mass[bins] ** by_score
        return w * len(idx) / w.sum()


# -- the lexicon --------------------------------------------------------------------------------


def char_tfidf(c: Corpus, idx: np.ndarray, cols: np.ndarray, idf: np.ndarray) -> sp.csr_matrix:
    """What ``Lexicon._char_dots`` computes: the sum over a review's distinct words of each
    word's idf-weighted n-gram vector, over the root of their squared lengths."""
    by_review, by_word, _ = c.char_matrices()
    g = (by_word[:, cols] @ sp.diags(idf.astype(np.float32))).tocsr()
    sq = np.asarray(g.multiply(g).sum(axis=1)).ravel()
    u = by_review[idx]
    norms = np.sqrt(u @ sq)
    return (sp.diags(1.0 / np.maximum(norms, 1e-12)) @ (u @ g)).tocsr()


def tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """What ``Lexicon`` computes: idf per term (× 1 + TAIL_WEIGHT in the tail), unit length."""
    x = (counts @ sp.diags(idf.astype(np.float32))).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    return (sp.diags(1.0 / np.maximum(norms, 1e-12)) @ x).tocsr()


class Lexicon:
    """A fitted lexicon: kept term columns, their idf, weights (a column a threshold) and intercepts.

    ``link`` as in ``reviews.estimate.Lexicon``: ``identity`` (one column, a ridge fit of the
    score) or ``ordinal`` (a logistic fit a threshold; the raw score sums their chances).
    """

    def __init__(self, cols: np.ndarray, idf: np.ndarray, w: np.ndarray, intercepts: np.ndarray,
                 link: str = "identity", thresholds: tuple[float, ...] = (),
                 chars: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> None:
        self.cols, self.idf, self.w, self.intercepts = cols, idf, w.reshape(len(cols), -1), intercepts
        self.link, self.thresholds = link, thresholds
        self.chars = chars  # n-gram columns, their idf, their weights (a column a threshold)

    def raw(self, c: Corpus, idx: np.ndarray) -> np.ndarray:
        """The raw scores the Estimator's lexicon gives these reviews (same terms, same norm)."""
        z = tfidf(c.counts[idx][:, self.cols], self.idf) @ self.w + self.intercepts
        if self.chars is not None:
            ccols, cidf, cw = self.chars
            z = z + char_tfidf(c, idx, ccols, cidf) @ cw
        return special.expit(z).sum(axis=1) if self.link == "ordinal" else z[:, 0]

    def params(self, c: Corpus) -> dict[str, Any]:
        out: dict[str, Any] = {
            "link": self.link,
            "tail_words": TAIL_WORDS,
            "tail_weight": TAIL_WEIGHT,
            "terms": [str(c.vocab[j]) for j in self.cols],
            "idf": [round(float(i), 3) for i in self.idf],
        }
        if self.link == "ordinal":
            out["thresholds"] = list(self.thresholds)
            out["intercepts"] = [round(float(b), 4) for b in self.intercepts]
            out["weights"] = [[round(float(v), 3) for v in col] for col in self.w.T]
        else:
            out["intercept"] = round(float(self.intercepts[0]), 4)
            out["weights"] = [round(float(v), 3) for v in self.w[:, 0]]
        if self.chars is not None:
            ccols, cidf, cw = self.chars
            names = c.char_matrices()[2]
            out["chars"] = {
                "sizes": list(CHAR_SIZES),
                "grams": [str(names[j]) for j in ccols],
                "idf": [round(float(i), 3) for i in cidf],
                "weights": [[round(float(v), 3) for v in col] for col in cw.T],
            }
        return out


def fit_words(c: Corpus, idx: np.ndarray, alpha: float, by_score: float) -> Lexicon:
    """Ridge on tf-idf word terms of ``idx``, keeping the ``MAX_TERMS`` that weigh most.

    The kept terms are refitted alone, so the shipped weights are the ones a text's vector,
    normalised over the kept terms only, was fitted with.
    """
    counts = c.counts[idx]
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    cols = np.flatnonzero(df >= MIN_DF)
    idf = np.log((1 + len(idx)) / (1 + df[cols])) + 1
    y, sw = c.y[idx], c.balanced_weights(idx, by_score)
    model = Ridge(alpha=alpha, solver="sparse_cg", tol=1e-4).fit(tfidf(counts[:, cols], idf), y, sample_weight=sw)
    if len(cols) > MAX_TERMS:
        keep = np.sort(np.argsort(-np.abs(model.coef_) * idf)[:MAX_TERMS])
        cols, idf = cols[keep], idf[keep]
        model = Ridge(alpha=alpha, solver="sparse_cg", tol=1e-4).fit(tfidf(counts[:, cols], idf), y, sample_weight=sw)
    return Lexicon(cols, idf, model.coef_.astype(np.float64), np.array([float(model.intercept_)]))


def fit_ordinal(
    c: Corpus, idx: np.ndarray, C: float, thresholds: tuple[float, ...], by_score: float = 0.0,
    chars: bool = False,
) -> Lexicon:
    """One logistic fit a threshold of the 0–100 scale ("is this review's score above t?").

    The terms are the ``ORDINAL_TERMS`` seen in most training reviews (``MIN_DF`` at least),
    so the vector a fit sees is the one the shipped lexicon normalises. Each source weighs the
    same (``by_score``: and each tenth of the scale weighs more the rarer it is, as in
    ``Corpus.balanced_weights``). A threshold's fit learns the words that part the scores there,
    and the sum of the chances carried across sources better than one ridge line through all
    scores (docs/PERFORMANCE.md).
    """
    counts = c.counts[idx]
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    cols = np.flatnonzero(df >= MIN_DF)
    if len(cols) > ORDINAL_TERMS:
        cols = np.sort(cols[np.argsort(-df[cols], kind="stable")[:ORDINAL_TERMS]])
    idf = np.log((1 + len(idx)) / (1 + df[cols])) + 1
    x, sw = tfidf(counts[:, cols], idf), c.balanced_weights(idx, by_score)
    char_block = None
    if chars:  # the CHAR_TERMS n-grams in most training reviews' words, a block of their own
        by_review, by_word, _ = c.char_matrices()
        cdf = np.asarray(((by_review[idx] @ by_word) > 0).sum(axis=0)).ravel()
        ccols = np.flatnonzero(cdf >= MIN_DF)
        if len(ccols) > CHAR_TERMS:
            ccols = np.sort(ccols[np.argsort(-cdf[ccols], kind="stable")[:CHAR_TERMS]])
        cidf = np.log((1 + len(idx)) / (1 + cdf[ccols])) + 1
        x = sp.hstack([x, char_tfidf(c, idx, ccols, cidf)]).tocsr()
        char_block = (ccols, cidf)
    ws, bs = [], []
    for t in thresholds:
        m = LogisticRegression(C=C, solver="liblinear", max_iter=200).fit(
            x, (c.y[idx] > t).astype(int), sample_weight=sw)
        ws.append(m.coef_[0])
        bs.append(float(m.intercept_[0]))
    w = np.stack(ws, axis=1)
    if char_block is None:
        return Lexicon(cols, idf, w, np.array(bs), "ordinal", thresholds)
    return Lexicon(cols, idf, w[:len(cols)], np.array(bs), "ordinal", thresholds,
                   (*char_block, w[len(cols):]))


Fitter = Callable[[Corpus, np.ndarray], Lexicon]
_FITTED: dict[tuple[Any, ...], Lexicon] = {}


def fit_words_once(c: Corpus, idx: np.ndarray, alpha: float, by_score: float) -> Lexicon:
    """``fit_words``, fitted once per training set (candidates and folds share many)."""
    key = ("words", alpha, by_score, len(idx), hashlib.sha1(idx.tobytes()).digest())
    if key not in _FITTED:
        _FITTED[key] = fit_words(c, idx, alpha, by_score)
    return _FITTED[key]


def fit_ordinal_once(
    c: Corpus, idx: np.ndarray, C: float, thresholds: tuple[float, ...], by_score: float = 0.0,
    chars: bool = False,
) -> Lexicon:
    """``fit_ordinal``, fitted once per training set."""
    key = ("ordinal", C, thresholds, by_score, chars, len(idx), hashlib.sha1(idx.tobytes()).digest())
    if key not in _FITTED:
        _FITTED[key] = fit_ordinal(c, idx, C, thresholds, by_score, chars)
    return _FITTED[key]


@dataclass(frozen=True)
class Candidate:
    fit: Fitter
    stated: bool  # weigh a rating the text states about itself ("8/10")


def candidates() -> dict[str, Candidate]:
    out: dict[str, Candidate] = {}
    for alpha in (1.0,):
        for by_score in (0.0, 1.0):
            for stated in (False, True):
                label = (f"words α={alpha:g}" + (", scale weighed evenly" if by_score else "")
                         + (", stated ratings" if stated else ""))
                out[label] = Candidate(
                    lambda c, idx, a=alpha, b=by_score: fit_words_once(c, idx, a, b), stated)
    for C in (10.0,):
        for by_score, weighed in ((0.0, ""), (0.5, ", scale weighed halfway")):
            label = (f"ordinal C={C:g}, above " + "/".join(f"{t:g}" for t in ORDINAL_THRESHOLDS)
                     + weighed)
            for stated in (False, True):
                out[label + (", stated ratings" if stated else "")] = Candidate(
                    lambda c, idx, C=C, b=by_score: fit_ordinal_once(c, idx, C, ORDINAL_THRESHOLDS, b),
                    stated)
    for C in (10.0, 1.0):
        label = (f"ordinal C={C:g}, above " + "/".join(f"{t:g}" for t in ORDINAL_THRESHOLDS)
                 + ", scale weighed halfway, character n-grams of words")
        out[label] = Candidate(
            lambda c, idx, C=C: fit_ordinal_once(c, idx, C, ORDINAL_THRESHOLDS, 0.5, chars=True),
            False)
    return out


# -- calibration --------------------------------------------------------------------------------


def weighted_quantile(v: np.ndarray, w: np.ndarray, p: float) -> float:
    order = np.argsort(v)
    cw = np.cumsum(w[order])
    return float(v[order][min(len(v) - 1, int(np.searchsorted(cw, p * cw[-1])))])


def least_absolute_line(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """a, b of the line a + b·x with the least weighted absolute error (reweighted least squares).

    Absolute error, not squared: the estimate is the middle of the likely scores, and a
    source's reviews pile up at the top of the scale.
    """
    design = np.stack([np.ones_like(x), x], axis=1)
    coef = np.zeros(2)
    ww = w
    for _ in range(50):
        sq = np.sqrt(ww)
        coef = np.linalg.lstsq(design * sq[:, None], y * sq, rcond=None)[0]
        ww = w / np.maximum(np.abs(y - design @ coef), 1.0)
    return float(coef[0]), float(coef[1])


def calibration(raw: np.ndarray, y: np.ndarray, w: np.ndarray, stated: np.ndarray) -> dict[str, Any]:
    """The line to 0–100 and, in stretches of the estimate, the residuals' 10th and 90th percentile.

    Where a text states a rating about itself, the weight that moves the estimate toward it
    with the least absolute error, and the residuals' percentiles after that move.
    """
    a, b = least_absolute_line(raw, y, w)
    mid = a + b * raw
    # residuals from the estimate as shown, never past the scale's ends: a rave the line puts
    # at 120 is shown as 100, and its band reaches down from there
    res = y - np.clip(mid, 0.0, 100.0)
    at, below, above = [], [], []
    for lo, hi in itertools.pairwise(np.quantile(mid, np.linspace(0, 1, BAND_BINS + 1))):
        m = (mid >= lo) & (mid <= hi)
        at.append(round(float(np.average(mid[m], weights=w[m])), 3))
        below.append(round(min(0.0, weighted_quantile(res[m], w[m], LOW_Q)), 2))
        above.append(round(max(0.0, weighted_quantile(res[m], w[m], HIGH_Q)), 2))
    said = {"weight": 0.0, "below": 0.0, "above": 0.0, "reviews": 0}
    hit = ~np.isnan(stated)
    if hit.sum() >= MIN_STATED:
        shown, yh, wh, sh = np.clip(mid[hit], 0.0, 100.0), y[hit], w[hit], stated[hit]
        errors = {float(g): float(np.average(np.abs(yh - (shown + g * (sh - shown))), weights=wh))
                  for g in np.linspace(0.0, 1.0, 21)}
        weight = min(errors, key=lambda g: errors[g])
        res_h = yh - (shown + weight * (sh - shown))
        said = {
            "weight": round(weight, 2),
            "below": round(min(0.0, weighted_quantile(res_h, wh, LOW_Q)), 2),
            "above": round(max(0.0, weighted_quantile(res_h, wh, HIGH_Q)), 2),
            "reviews": int(hit.sum()),
        }
    return {
        "a": round(a, 4),
        "b": round(b, 5),
        "at": at,
        "below": below,
        "above": above,
        "wide": [round(weighted_quantile(y, w, LOW_Q), 2), round(weighted_quantile(y, w, HIGH_Q), 2)],
        "stated": said,
    }


def fit_params(c: Corpus, idx: np.ndarray, cand: Candidate) -> dict[str, Any]:
    """The whole model from the reviews ``idx``: lexicon, calibration and prior for shrinkage.

    The calibration and the prior are learned from inner leave-one-source-out predictions.
    """
    fit = cand.fit
    sources = np.unique(c.src[idx])
    oof = np.zeros(len(idx))
    for k in sources:
        inner_te = c.src[idx] == k
        lex = fit(c, idx[~inner_te]) if len(sources) > 1 else fit(c, idx)
        oof[inner_te] = lex.raw(c, idx[inner_te])
    y = c.y[idx]
    w = c.balanced_weights(idx)
    cal = calibration(oof, y, w, c.stated[idx] if cand.stated else np.full(len(idx), np.nan))
    mid = cal["a"] + cal["b"] * oof
    # What shrinkage needs: how the calibrated estimate relates to the truth within a source,
    # and how wide a band in normal scores holds 80% of a source's ratings (split conformal
    # again: each training source, its own ratings as the known ones, estimates from a model
    # that had not seen it).
    rho = float(np.mean([np.corrcoef(mid[c.src[idx] == k], y[c.src[idx] == k])[0, 1] for k in sources]))
    mu, sd = float(np.average(mid, weights=w)), float(np.sqrt(np.cov(mid, aweights=w)))
    z = rho * (mid - mu) / sd
    # The same, each estimate standardised among its own source's (clipped, as shown)
    # estimates: what a prior knowing the texts of its rated reviews does.
    shown = np.clip(mid, 0.0, 100.0)
    z_own = np.zeros(len(idx))
    for s in sources:
        m = c.src[idx] == s
        z_own[m] = rho * (shown[m] - shown[m].mean()) / shown[m].std()
    spread = math.sqrt(1 - rho * rho)

    # Each rating's normal score within its source, ties broken at random: on a 1–5 scale a band
    # of whole stars holds more than its share, which must not make the band look too wide.
    rng = np.random.default_rng(0)
    normal = np.zeros(len(idx))
    for s in sources:
        m = np.flatnonzero(c.src[idx] == s)
        order = np.lexsort((rng.random(len(m)), y[m]))
        ranks = np.empty(len(m))
        ranks[order] = np.arange(len(m))
        normal[m] = special.ndtri((ranks + 0.5) / len(m))

    def band_z(zz: np.ndarray) -> float:
        lo_k, hi_k = 0.1, 4.0
        for _ in range(30):
            k = (lo_k + hi_k) / 2
            held = np.average(np.abs(normal - zz) <= k * spread, weights=w)
            lo_k, hi_k = (k, hi_k) if held < BAND else (lo_k, k)
        return round(hi_k, 4)

    prior = {"mean": round(mu, 3), "sd": round(sd, 3), "rho": round(rho, 4), "band_z": band_z(z),
             "band_z_own": band_z(z_own)}
    return {
        "format": MODEL_FORMAT,
        "lexicon": fit(c, idx).params(c),
        "calibration": cal,
        "prior": prior,
    }


# -- evaluation ---------------------------------------------------------------------------------


def scores(est: Estimator, c: Corpus, idx: np.ndarray, prior: SourcePrior | None) -> np.ndarray:
    out = []
    for e in est.estimate_many([c.texts[i] for i in idx], prior=prior):
        out.append([math.nan] * 3 if e is None else [e.score, e.low, e.high])
    return np.array(out)


def metrics(p: np.ndarray, y: np.ndarray) -> dict[str, float]:
    ok = ~np.isnan(p[:, 0])
    p, y = p[ok], y[ok]
    return {
        "n": int(ok.sum()),
        "r": float(np.corrcoef(p[:, 0], y)[0, 1]),
        "mae": float(np.abs(p[:, 0] - y).mean()),
        "base": float(np.abs(y - y.mean()).mean()),
        "cover": float(((p[:, 1] <= y) & (y <= p[:, 2])).mean()),
        "width": float((p[:, 2] - p[:, 1]).mean()),
    }


def loso(c: Corpus, cand: Candidate, seed: int, with_rated_texts: bool = False) -> list[dict[str, Any]]:
    rows = []
    for k, name in enumerate(SOURCES):
        tr = np.flatnonzero(c.src != k)
        te = np.flatnonzero(c.src == k)
        est = Estimator(params=fit_params(c, tr, cand))
        cold = metrics(scores(est, c, te, None), c.y[te])
        known = np.random.default_rng(seed).permutation(te)
        past, rest = known[:KNOWN_N], known[KNOWN_N:]
        ratings = [float(v) for v in c.y[past]]
        warm = metrics(scores(est, c, rest, SourcePrior.of(ratings)), c.y[rest])
        row = {"source": SOURCES[name], "cold": cold, "known": warm}
        if with_rated_texts:  # the same, knowing the rated reviews' texts too
            prior = est.source_prior(ratings, [c.texts[i] for i in past])
            row["texts"] = metrics(scores(est, c, rest, prior), c.y[rest])
        rows.append(row)
    return rows


def print_table(label: str, rows: list[dict[str, Any]]) -> float:
    print(f"\n### {label}\n")
    print("| held-out source | n | r | MAE | MAE of its mean | 80% band holds | band width "
          "| known: MAE | known: band holds | known: width |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        a, b = r["cold"], r["known"]
        print(f"| {r['source']} | {a['n']} | {a['r']:.2f} | {a['mae']:.1f} | {a['base']:.1f} "
              f"| {a['cover']:.0%} | {a['width']:.0f} | {b['mae']:.1f} | {b['cover']:.0%} | {b['width']:.0f} |")
    mean = {key: float(np.mean([r["cold"][key] for r in rows])) for key in ("r", "mae", "base", "cover", "width")}
    kmean = {key: float(np.mean([r["known"][key] for r in rows])) for key in ("mae", "cover", "width")}
    print(f"| **mean** | | {mean['r']:.2f} | {mean['mae']:.1f} | {mean['base']:.1f} | {mean['cover']:.0%} "
          f"| {mean['width']:.0f} | {kmean['mae']:.1f} | {kmean['cover']:.0%} | {kmean['width']:.0f} |", flush=True)
    if "texts" in rows[0]:
        print("\nKnowing the 50 ratings and their texts (``Estimator.source_prior``): "
              + "; ".join(f"{r['source']} MAE {r['texts']['mae']:.1f}, band {r['texts']['cover']:.0%} "
                          f"(width {r['texts']['width']:.0f})" for r in rows)
              + f"; mean MAE {np.mean([r['texts']['mae'] for r in rows]):.1f}, "
              f"band {np.mean([r['texts']['cover'] for r in rows]):.0%}", flush=True)
    return mean["r"] - mean["mae"] / 100.0


def char_check(c: Corpus, alpha: float) -> None:
    """Leave-one-source-out r of plain ridge raw scores: words alone, and words + char n-grams."""
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=MIN_DF, sublinear_tf=True,
                           max_features=300_000, dtype=np.float32)
    print(f"\n### character n-grams, ridge α={alpha:g}, raw scores, r per held-out source\n")
    print("| features | " + " | ".join(SOURCES.values()) + " | mean |")
    print("|---|" + "---|" * (len(SOURCES) + 1))
    results: dict[str, list[float]] = {"words": [], "words + char 3–5-grams": []}
    for k in range(len(SOURCES)):
        tr, te = np.flatnonzero(c.src != k), np.flatnonzero(c.src == k)
        df = np.asarray((c.counts[tr] > 0).sum(axis=0)).ravel()
        cols = np.flatnonzero(df >= MIN_DF)
        idf = np.log((1 + len(tr)) / (1 + df[cols])) + 1
        xw = tfidf(c.counts[:, cols], idf)
        xc = char.fit(c.texts[i] for i in tr).transform(c.texts)
        for label, x in (("words", xw), ("words + char 3–5-grams", sp.hstack([xw, xc]).tocsr())):
            m = Ridge(alpha=alpha, solver="sparse_cg", tol=1e-4).fit(x[tr], c.y[tr], sample_weight=c.balanced_weights(tr))
            results[label].append(float(np.corrcoef(m.predict(x[te]), c.y[te])[0, 1]))
    for label, rs in results.items():
        print(f"| {label} | " + " | ".join(f"{r:.3f}" for r in rs) + f" | {np.mean(rs):.3f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=None, help="at most this many reviews a source")
    ap.add_argument("--only", default=None, help="evaluate these candidates only (labels split by ';')")
    ap.add_argument("--char-check", action="store_true", help="only compare words with words + char n-grams")
    ap.add_argument("--rated-texts", action="store_true",
                    help="also score knowing the texts of a source's rated reviews")
    ap.add_argument("--write-model", action="store_true")
    ap.add_argument("--out", type=Path, default=MODEL_OUT, help="where --write-model writes")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    c = Corpus(args.data, args.limit)
    print(f"{len(c.texts)} whole reviews from {len(SOURCES)} sources, {c.counts.shape[1]} terms "
          f"({time.perf_counter() - t0:.0f} s)", flush=True)
    if args.char_check:
        char_check(c, 1.0)
        return 0
    best, best_fig = None, -math.inf
    for label, cand in candidates().items():
        if args.only and label not in args.only.split(";"):
            continue
        fig = print_table(label, loso(c, cand, args.seed, args.rated_texts))
        if fig > best_fig:
            best, best_fig = label, fig
    print(f"\nchosen by the mean over folds (r − MAE/100): {best}", flush=True)
    if args.write_model and best is not None:
        params = fit_params(c, np.arange(len(c.texts)), candidates()[best])
        params["fitted"] = {"candidate": best, "reviews": len(c.texts), "sources": list(SOURCES.values())}
        args.out.write_bytes(gzip.compress(json.dumps(params, separators=(",", ":")).encode(), 9, mtime=0))
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
