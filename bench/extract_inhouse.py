"""Field-level P/R/F1 of extraction on the in-house corpora (bench/corpus): a regression check, not the measure (bench/extract_eval.py is).

Usage: python bench/extract_inhouse.py [--verbose] [--corpus PATH ...]

Without ``--corpus`` every corpus is scored: ``bench/corpus/extract/`` (written alongside the
extractor), ``bench/corpus/heldout/``, ``heldout2/``, ``heldout3/`` … ``heldout8/`` (each written and annotated
before the extractor ever ran on it; docs/PERFORMANCE.md says how far each was fixed against since).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from mediagraph.extract import extract
from mediagraph.model import RecordSet

CORPORA = [Path(__file__).parent / "corpus" / name for name in ("extract", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8")]


def _num(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)


def facts(rs: RecordSet) -> Counter[tuple]:  # type: ignore[type-arg]
    """The records as the flat facts annotations list (a multiset: two reviews count twice)."""
    out: Counter[tuple] = Counter()  # type: ignore[type-arg]
    titles = {w.key: w.title for w in rs.works}
    for w in rs.works:
        out["work", w.kind.value, w.title] += 1
        # An album's date is copied from its main release (a convention); count it once, there.
        if w.date and w.kind.value != "album":
            out["work_date", w.title, w.date] += 1
        for c in w.credits:
            out["credit", w.title, c.role, c.agent.name] += 1
            if c.character:
                out["character", c.agent.name, c.character] += 1
    for i, r in enumerate(rs.releases):
        main = i == 0 or r.work is None
        for lb in r.labels:
            if main:
                if lb.label.name:
                    out["release_label", lb.label.name] += 1
                if lb.catalog_number:
                    out["release_catno", lb.catalog_number] += 1
        if not main:
            out["version", r.labels[0].catalog_number if r.labels else None, r.country, r.date] += 1
            continue
        titles[r.key] = r.title
        if r.date:
            out["release_date", r.date] += 1
        for f in r.formats[:1]:
            out["format", f.name] += 1
        for t in r.tracks:
            out["track", t.position, t.title] += 1
            if t.duration:
                out["track_dur", t.position, t.duration] += 1
            for c in t.credits:
                out["track_credit", t.position, c.agent.name] += 1
        for ident in r.identifiers:
            if ident.scheme.value == "catalog_number" and any(lb.catalog_number == ident.value for lb in r.labels):
                continue
            out["identifier", ident.scheme.value, ident.normalized] += 1
    for v in rs.reviews:
        out["review", v.author.name if v.author else "", v.date or ""] += 1
        if v.rating is not None:
            out["rating", _num(v.rating.value), _num(v.rating.best)] += 1
    for c in rs.citations:
        if c.title:
            out["citation", c.title] += 1
    for rel in rs.relations:
        if rel.subject_track:
            out["variant", rel.subject_track, rel.object_track] += 1
        else:
            out["relation", titles.get(rel.subject, rel.subject), rel.predicate.value, titles.get(rel.object, rel.object)] += 1
    return out


def expected(ann: dict) -> Counter[tuple]:  # type: ignore[type-arg]
    out: Counter[tuple] = Counter()  # type: ignore[type-arg]
    for f in ann["facts"]:
        f = [_num(x) if isinstance(x, (int, float)) else x for x in f]
        if f[0] == "identifier":
            from mediagraph.model import IdScheme
            from mediagraph.model.identifiers import normalize

            f[2] = normalize(IdScheme(f[1]), f[2])
        out[tuple(f)] += 1
    return out


def score(corpus: Path, *, verbose: bool = False) -> dict[str, list[int]]:
    """True positives, false positives and false negatives per family (and overall)."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    for ann_path in sorted(corpus.glob("*.json")):
        ann = json.loads(ann_path.read_text(encoding="utf-8"))
        data = (corpus / ann["file"]).read_bytes()
        rs = extract(data, uri=f"corpus:{ann['file']}")
        got, want = facts(rs), expected(ann)
        tp = sum((got & want).values())
        fp = sum((got - want).values())
        fn = sum((want - got).values())
        for fam in (ann["family"], "overall"):
            per[fam][0] += tp
            per[fam][1] += fp
            per[fam][2] += fn
        if verbose and (fp or fn):
            print(f"{ann['file']}: missing {sorted(want - got, key=str)} extra {sorted(got - want, key=str)}")
    return per


def report(corpus: Path, per: dict[str, list[int]]) -> None:
    pages = len(list(corpus.glob("*.json")))
    print(f"{corpus.name} ({pages} pages)")
    print(f"{'family':10} {'P':>6} {'R':>6} {'F1':>6}  facts")
    for fam, (tp, fp, fn) in sorted(per.items(), key=lambda kv: (kv[0] == "overall", kv[0])):
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{fam:10} {p:6.3f} {r:6.3f} {f1:6.3f}  {tp + fn}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true", help="list missing and extra facts per page")
    ap.add_argument("--corpus", action="append", type=Path, help="a corpus directory (repeatable); default: all")
    args = ap.parse_args()
    for k, corpus in enumerate(args.corpus or CORPORA):
        if k:
            print()
        report(corpus, score(corpus, verbose=args.verbose))


if __name__ == "__main__":
    main()
