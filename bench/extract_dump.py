"""Dump every page's extraction as JSON-LD into a folder, to prove a speed change alters no result.

Usage: python bench/extract_dump.py OUT_DIR            write one OUT_DIR/<corpus>/<page>.json per page
       python bench/extract_dump.py OUT_DIR --check    compare with OUT_DIR instead; exit 1 on a difference

The pages are those the speed bench times (``../shared/pages``, ``bench/realpages``,
``tests/data/realhtml``) plus the in-house corpora ``bench/corpus/*`` and ``../shared/seeds``.
Each goes through ``mediagraph.extract.extract`` and ``recordset_document``, what ``mediagraph
extract --format jsonld`` prints, under a URI that names the page by its corpus path, so two
worktrees give byte-identical dumps. A page that fails is dumped as its one-line error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def corpora() -> list[tuple[str, list[Path]]]:
    """(label, pages) for every corpus that is dumped."""
    out = [
        ("shared-pages", sorted((SHARED / "pages" / "pages").glob("*.txt"))),
        ("realpages-tune", sorted((ROOT / "bench" / "realpages" / "tune" / "pages").glob("*.*"))),
        ("realpages-heldout", sorted((ROOT / "bench" / "realpages" / "heldout" / "pages").glob("*.*"))),
        ("realhtml", sorted((ROOT / "tests" / "data" / "realhtml" / "pages").glob("*.html"))),
        ("seeds", sorted((SHARED / "seeds").glob("*.txt"))),
    ]
    for folder in sorted((ROOT / "bench" / "corpus").iterdir()):
        if folder.is_dir():
            out.append((f"corpus-{folder.name}", sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html"))))
    return out


def dump(page: Path, label: str) -> str:
    """The page's JSON-LD document (or its error line) as stable text."""
    from mediagraph.errors import MediagraphError
    from mediagraph.extract import extract
    from mediagraph.jsonld import recordset_document

    try:
        doc = recordset_document(extract(page.read_bytes(), uri=f"bench:{label}/{page.name}"))
    except MediagraphError as exc:
        return f"error: {exc}\n"
    return json.dumps(doc, default=str, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--check", action="store_true", help="compare with OUT instead of writing it")
    args = ap.parse_args()
    pages = differ = 0
    for label, found in corpora():
        for page in found:
            pages += 1
            text = dump(page, label)
            target = args.out / label / (page.name + ".json")
            if not args.check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            elif not target.exists() or target.read_text(encoding="utf-8") != text:
                differ += 1
                print(f"differs: {label}/{page.name}")
    verb = "compared" if args.check else "wrote"
    print(f"{verb} {pages} pages; {differ} differ" if args.check else f"{verb} {pages} pages to {args.out}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
