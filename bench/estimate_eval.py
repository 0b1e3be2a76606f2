"""Fit the review score estimator on whole reviews and judge it leaving one source out.

    python bench/estimate_eval.py                 # leave-one-source-out table for each candidate
    python bench/estimate_eval.py --write-model   # also fit on every source and write the model
                                                  # shipped in src/mediagraph/reviews/data/
    python bench/estimate_speed.py                # whole reviews a second (default install)

Data: ../shared/reviews/whole/ (SOURCES.md): 41,187 whole reviews with the score their writer
gave, from IMDb users, Pitchfork critics, Goodreads readers and Amazon music buyers. Only what
the model learns (term weights, idf, calibration tables) is written; never a text.

Each fold trains on three sources and scores the fourth through ``Estimator`` itself. The
calibration (median map and 80% band) of a fold comes from predictions each training source got
from a model that had not seen it (an inner leave-one-source-out), so a band is calibrated on
source shift, the thing it has to survive. The "known" columns give the estimator the held-out
source's past ratings (the mean and spread of 50 of its reviews, left out of the test) and show
what shrinkage toward a source's own mean buys.

Candidates (picked by the mean over folds): ``words``, a ridge-fitted tf-idf lexicon of word
unigrams and bigrams with negation marking, at a few ridge strengths. (The sentence-level model
it replaces is the baseline; its figures on unseen whole reviews are in docs/PERFORMANCE.md.) Needs numpy, scipy and scikit-learn
(not the default install, which only loads the written model).
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import Ridge

from mediagraph.reviews.estimate import MODEL_RESOURCE, Estimator, SourcePrior, prepare
from mediagraph.reviews.tokens import terms

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
MAX_TERMS = 120_000  # the largest weights kept, so the shipped file stays small
CALIBRATION_BINS = 24
KNOWN_N = 50  # past ratings the "known" columns reveal
BAND = 0.8


# -- data ---------------------------------------------------------------------------------------


class Corpus:
    """Every review's prepared text, term counts, score and source index."""

    def __init__(self, data: Path, limit: int | None) -> None:
        self.texts: list[str] = []
        ys: list[float] = []
        src: list[int] = []
        for k, name in enumerate(SOURCES):
            with gzip.open(data / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
                lines = f.readlines()
            if limit is not None and limit < len(lines):  # a random sample: the files are sorted
                pick = np.random.default_rng(k).choice(len(lines), limit, replace=False)
                lines = [lines[i] for i in sorted(pick)]
            for line in lines:
                row = json.loads(line)
                self.texts.append(prepare(row["text"])[0])
                ys.append(float(row["score_0_100"]))
                src.append(k)
        self.y = np.array(ys)
        self.src = np.array(src)
        self.counts = [Counter(terms(t)) for t in self.texts]

    def balanced_weights(self, idx: np.ndarray) -> np.ndarray:
        """Each source weighs the same in a fit, however many reviews it has."""
        w = np.zeros(len(idx))
        for k in np.unique(self.src[idx]):
            m = self.src[idx] == k
            w[m] = 1.0 / m.sum()
        return w * len(idx) / w.sum()


# -- the candidates -----------------------------------------------------------------------------


def fit_words(c: Corpus, idx: np.ndarray, alpha: float) -> dict[str, Any]:
    """The word lexicon (intercept, term → [idf, weight]) fitted on ``idx``."""
    df: Counter[str] = Counter()
    for i in idx:
        df.update(c.counts[i].keys())
    vocab = sorted(t for t, n in df.items() if n >= MIN_DF)
    col = {t: k for k, t in enumerate(vocab)}
    n = len(idx)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in vocab])
    x = tfidf(c, idx, col, idf)
    model = Ridge(alpha=alpha).fit(x, c.y[idx], sample_weight=c.balanced_weights(idx))
    w = model.coef_
    keep = np.argsort(-np.abs(w) * idf)[:MAX_TERMS]
    return {
        "intercept": round(float(model.intercept_), 4),
        "terms": {vocab[k]: [round(float(idf[k]), 3), round(float(w[k]), 3)] for k in sorted(keep)},
    }


def tfidf(c: Corpus, idx: np.ndarray, col: dict[str, int], idf: np.ndarray) -> sp.csr_matrix:
    rows, cols, vals = [], [], []
    for r, i in enumerate(idx):
        items = [(col[t], (1 + math.log(m)) * idf[col[t]]) for t, m in c.counts[i].items() if t in col]
        norm = math.sqrt(sum(v * v for _, v in items)) or 1.0
        for k, v in items:
            rows.append(r)
            cols.append(k)
            vals.append(v / norm)
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(idx), len(col)))


Fitter = Callable[[Corpus, np.ndarray], dict[str, Any]]


def candidates() -> dict[str, Fitter]:
    out: dict[str, Fitter] = {}
    for alpha in (0.3, 1.0, 3.0):
        out[f"words α={alpha:g}"] = lambda c, idx, a=alpha: fit_words(c, idx, a)
    return out


def raw_scores(lexicon: dict[str, Any], c: Corpus, idx: np.ndarray) -> np.ndarray:
    """The uncalibrated score of each review, through the Estimator's own code."""
    est = Estimator(params={"format": 3, "lexicon": lexicon, "calibration": IDENTITY, "prior": PRIOR0})
    return np.array([est.raw(c.texts[i]) for i in idx])


IDENTITY = {"x": [-1e6, 1e6], "q10": [-1e6, 1e6], "q50": [-1e6, 1e6], "q90": [-1e6, 1e6]}
PRIOR0 = {"mean": 50.0, "sd": 30.0, "rho": 0.5, "qz": 1.28, "spread": 30.0}


# -- calibration --------------------------------------------------------------------------------


def calibration(raw: np.ndarray, y: np.ndarray, w: np.ndarray) -> dict[str, list[float]]:
    """Quantile bins of the raw score → weighted 10th, 50th, 90th percentiles of the truth."""
    edges = np.quantile(raw, np.linspace(0, 1, CALIBRATION_BINS + 1))
    xs, q = [], []
    for a, b in itertools.pairwise(edges):
        m = (raw >= a) & (raw <= b)
        if m.sum() < 10:
            continue
        xs.append(float(np.average(raw[m], weights=w[m])))
        q.append([weighted_quantile(y[m], w[m], p) for p in (0.1, 0.5, 0.9)])
    qa = np.maximum.accumulate(np.array(q), axis=0)  # a higher raw score never lowers the estimate
    return {
        "x": [round(v, 3) for v in xs],
        "q10": [round(float(v), 2) for v in qa[:, 0]],
        "q50": [round(float(v), 2) for v in qa[:, 1]],
        "q90": [round(float(v), 2) for v in qa[:, 2]],
    }


def weighted_quantile(v: np.ndarray, w: np.ndarray, p: float) -> float:
    order = np.argsort(v)
    cw = np.cumsum(w[order])
    return float(v[order][np.searchsorted(cw, p * cw[-1])])


def fit_params(c: Corpus, idx: np.ndarray, fit: Fitter) -> dict[str, Any]:
    """The whole model from the reviews ``idx``: lexicon, calibration and prior for shrinkage.

    The calibration and the prior are learned from inner leave-one-source-out predictions.
    """
    sources = np.unique(c.src[idx])
    oof = np.zeros(len(idx))
    for k in sources:
        inner_te = c.src[idx] == k
        lex = fit(c, idx[~inner_te]) if len(sources) > 1 else fit(c, idx)
        oof[inner_te] = raw_scores(lex, c, idx[inner_te])
    y = c.y[idx]
    w = c.balanced_weights(idx)
    cal = calibration(oof, y, w)
    est = Estimator(params={"format": 3, "lexicon": {"intercept": 0.0, "terms": {}}, "calibration": cal, "prior": PRIOR0})
    mid = np.array([est.calibrated(r)[1] for r in oof])
    # What shrinkage needs: how the calibrated estimate relates to the truth within a source.
    rhos, zs = [], []
    for k in sources:
        m = c.src[idx] == k
        rhos.append(float(np.corrcoef(mid[m], y[m])[0, 1]))
    rho = float(np.mean(rhos))
    mu, sd = float(np.average(mid, weights=w)), float(np.sqrt(np.cov(mid, aweights=w)))
    for k in sources:
        m = c.src[idx] == k
        ys, ms = y[m], mid[m]
        pred = ys.mean() + rho * ys.std() * (ms - mu) / sd
        zs.extend(np.abs(ys - pred) / ys.std())
    prior = {
        "mean": round(mu, 3),
        "sd": round(sd, 3),
        "rho": round(rho, 4),
        "qz": round(float(np.quantile(zs, BAND)), 4),
        "spread": round(float(np.sqrt(np.cov(y, aweights=w))), 3),
    }
    return {"format": 3, "lexicon": fit(c, idx), "calibration": cal, "prior": prior}


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


def loso(c: Corpus, fit: Fitter, seed: int) -> list[dict[str, Any]]:
    rows = []
    names = list(SOURCES)
    for k, name in enumerate(names):
        tr = np.flatnonzero(c.src != k)
        te = np.flatnonzero(c.src == k)
        est = Estimator(params=fit_params(c, tr, fit))
        cold = metrics(scores(est, c, te, None), c.y[te])
        rng = np.random.default_rng(seed)
        known = rng.permutation(te)
        past, rest = known[:KNOWN_N], known[KNOWN_N:]
        prior = SourcePrior.of([float(v) for v in c.y[past]])
        warm = metrics(scores(est, c, rest, prior), c.y[rest])
        rows.append({"source": SOURCES[name], "cold": cold, "known": warm})
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
          f"| {mean['width']:.0f} | {kmean['mae']:.1f} | {kmean['cover']:.0%} | {kmean['width']:.0f} |")
    return mean["r"] - mean["mae"] / 100.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=None, help="at most this many reviews a source")
    ap.add_argument("--only", default=None, help="evaluate this candidate only")
    ap.add_argument("--write-model", action="store_true")
    ap.add_argument("--out", type=Path, default=MODEL_OUT, help="where --write-model writes")
    args = ap.parse_args(argv)
    c = Corpus(args.data, args.limit)
    print(f"{len(c.texts)} whole reviews from {len(SOURCES)} sources")
    best, best_fig = None, -math.inf
    for label, fit in candidates().items():
        if args.only and label != args.only:
            continue
        fig = print_table(label, loso(c, fit, args.seed))
        if fig > best_fig:
            best, best_fig = label, fig
    print(f"\nchosen by the mean over folds (r − MAE/100): {best}")
    if args.write_model and best is not None:
        params = fit_params(c, np.arange(len(c.texts)), candidates()[best])
        params["fitted"] = {"candidate": best, "reviews": len(c.texts), "sources": list(SOURCES.values())}
        args.out.write_bytes(gzip.compress(json.dumps(params, separators=(",", ":")).encode(), 9, mtime=0))
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
