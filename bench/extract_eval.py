"""Extraction on real pages, scored by the same checker the unseen pages are scored with.

Usage: python bench/extract_eval.py [--verbose] [--pages] [CORPUS ...]

A corpus is a folder holding ``pages/STEM.EXT`` and ``facts/STEM.json`` (the layout of
``../shared/pages``). Without arguments it scores ``../shared/pages`` and, when present, the
project's own real corpora ``bench/realpages/tune`` (pages we may tune on) and
``bench/realpages/heldout`` (pages we only measure). Each page goes through
``mediagraph.extract.extract`` and ``recordset_document``, exactly what ``mediagraph extract
--format jsonld`` prints, and is scored with ``../shared/tools/jsonld_check.py``. The score of a
page is passed/total; the figures printed are means per family (the stem's first word), per
input type (text or HTML) and overall.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT = [SHARED / "pages", ROOT / "bench" / "realpages" / "tune", ROOT / "bench" / "realpages" / "heldout"]


def checker() -> ModuleType:
    """``../shared/tools/jsonld_check.py``, the scorer of the unseen pages."""
    path = SHARED / "tools" / "jsonld_check.py"
    if not path.exists():
        raise SystemExit(f"{path} is missing: ../shared must sit beside the project")
    spec = importlib.util.spec_from_file_location("jsonld_check", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages_of(corpus: Path) -> list[tuple[str, Path, Path]]:
    """(stem, page, facts) for every page of a corpus that has facts."""
    out = []
    for facts in sorted((corpus / "facts").glob("*.json")):
        found = sorted((corpus / "pages").glob(facts.stem + ".*"))
        if found:
            out.append((facts.stem, found[0], facts))
    return out


def score_page(check: ModuleType, page: Path, facts: Path, *, verbose: bool = False) -> tuple[float, str]:
    """One page's fact score (0 when extraction fails) and the checker's report."""
    from mediagraph.errors import MediagraphError
    from mediagraph.extract import extract
    from mediagraph.jsonld import recordset_document

    spec = json.loads(facts.read_text(encoding="utf-8"))
    try:
        doc = recordset_document(extract(page.read_bytes(), uri=page.resolve().as_uri()))
    except MediagraphError as exc:
        return 0.0, f"error: {exc}"
    doc = json.loads(json.dumps(doc, default=str))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        passed, total = check.check(spec, doc, verbose)
    return (passed / total if total else 0.0), out.getvalue()


def evaluate(corpus: Path, *, verbose: bool = False, show_pages: bool = False) -> dict[str, float]:
    """Print and return the mean page score per family, per input type and overall."""
    check = checker()
    groups: dict[str, list[float]] = defaultdict(list)
    t0 = time.perf_counter()
    rows = pages_of(corpus)
    for stem, page, facts in rows:
        s, report = score_page(check, page, facts, verbose=verbose)
        kind = "html" if page.suffix.lower() in (".html", ".htm") else "text"
        for g in (stem.split("_")[0], kind, "overall"):
            groups[g].append(s)
        if show_pages or verbose:
            print(f"  {stem:24s} {s:.2f}")
        if verbose and report.strip():
            print("    " + report.strip().replace("\n", "\n    "))
    took = time.perf_counter() - t0
    means = {g: sum(v) / len(v) for g, v in groups.items()}
    label = corpus.relative_to(ROOT.parent) if corpus.is_relative_to(ROOT.parent) else corpus
    parts = ", ".join(f"{g} {means[g]:.3f} ({len(groups[g])})" for g in sorted(groups) if g != "overall")
    print(f"{label}: mean fact score {means.get('overall', 0.0):.3f} over {len(rows)} pages; {parts}  [{took:.1f} s]")
    return means


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="*", type=Path, help="corpus folders (default: shared pages and bench/realpages)")
    ap.add_argument("--pages", action="store_true", help="print each page's score")
    ap.add_argument("--verbose", action="store_true", help="also print each page's failed facts")
    args = ap.parse_args()
    corpora = args.corpora or [c for c in DEFAULT if (c / "facts").is_dir()]
    if not corpora:
        sys.exit("no corpus found: ../shared/pages is missing")
    for corpus in corpora:
        evaluate(corpus.resolve(), verbose=args.verbose, show_pages=args.pages)


if __name__ == "__main__":
    main()
