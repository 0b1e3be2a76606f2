"""Search quality: a judged query set over a real catalog; MRR and recall@10 per engine.

    .venv/bin/python bench/search_eval.py [--db postgresql://postgres@127.0.0.1/test] [-v]

The catalog holds the seed pages (../shared/seeds), the demo pages, the held-out corpus pages
(bench/corpus/extract) and the real Discogs sample (1,000 releases, imported with
``mediagraph import discogs``). Queries are of two sorts:

- written by hand for the hard cases: the four Metropolis works told apart by filters,
  romanisation, accents, ``&``/and, typos, prefixes, barcodes typed in groups, catalog numbers;
- drawn from the Discogs releases and the corpus annotations (every 9th release, fixed order):
  barcode with spaces, catalog number run together and spaced, title with the artist, title
  with a typo, a title prefix, a track title, a ``label:`` filter. Their expected answer is that
  release, or any release with the same title and artists (reissues are equally right).

A result counts at the rank of the first row that is, or holds folded under it, an expected
entity. Prints MRR and recall@10 for each engine, and every miss with ``-v``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mediagraph import views
from mediagraph.model.codec import decode
from mediagraph.model.records import Release
from mediagraph.normalize import match_key
from mediagraph.pipeline import ingest_bytes
from mediagraph.store import Catalog, entities
from mediagraph.store import search as index

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MEDIAGRAPH_SHARED", ROOT.parent / "shared"))
DISCOGS = SHARED / "dumps/discogs/discogs_20200806_releases.xml.gz"

Row = dict
Pred = Callable[[Row], bool]


@dataclass(frozen=True)
class Case:
    query: str
    expect: Pred
    note: str


def row_is(*, title: str | None = None, type: str | None = None, kind: str | None = None, year: int | None = None, by: str | None = None) -> Pred:
    def pred(r: Row) -> bool:
        return (
            (title is None or match_key(r["title"]) == match_key(title))
            and (type is None or r["type"] == type)
            and (kind is None or r["kind"] == kind)
            and (year is None or r["year"] == year)
            and (by is None or any(match_key(by) in match_key(c) for c in r["creators"]))
        )

    return pred


def ids_in(refs: set[str]) -> Pred:
    return lambda r: r["id"] in refs


def hand_cases() -> list[Case]:
    m = "Metropolis"
    return [
        Case("metropolis", row_is(title=m), "plain title"),
        Case("Metropolis", row_is(title=m), "case"),
        Case("metropolis kind:film year:1927", row_is(title=m, kind="film", year=1927), "filters"),
        Case("metropolis kind:film year:2001", row_is(title=m, kind="film", year=2001), "filters"),
        Case("metropolis kind:comic", row_is(title=m, kind="comic"), "kind filter"),
        Case("metropolis kind:album", row_is(title=m, kind="album"), "kind filter"),
        Case("metropolis kind:manga", row_is(title=m, kind="comic"), "kind alias"),
        Case("metropolis by:lang", row_is(title=m, by="Fritz Lang"), "by: filter"),
        Case("metropolis by:tezuka", row_is(title=m, by="Tezuka"), "by: filter"),
        Case("metropolis by:rintaro", row_is(title=m, by="Rintaro"), "by: filter"),
        Case('metropolis by:"jeff mills"', row_is(title=m, by="Jeff Mills"), "by: quoted"),
        Case("metropolis -kind:album -kind:comic year:..1950", row_is(title=m, year=1927), "negation + open range"),
        Case("metropolis year:2001 -kind:album", row_is(title=m, year=2001, kind="film"), "year + negation"),
        Case("metropolis lang", row_is(title=m, by="Fritz Lang"), "title + creator words"),
        Case("metropolis tezuka", row_is(title=m, by="Tezuka"), "title + creator words"),
        Case("tezuka metropolis", row_is(title=m, by="Tezuka"), "word order"),
        Case("metropolsi", row_is(title=m), "typo: swap"),
        Case("metroplis", row_is(title=m), "typo: deletion"),
        Case("metrropolis", row_is(title=m), "typo: insertion"),
        Case("metropolis tezukka", row_is(title=m, by="Tezuka"), "typo in creator"),
        Case("metropolis rintaoo", row_is(title=m, by="Rintaro"), "typo in creator"),
        Case("metr", row_is(title=m), "prefix 4"),
        Case("metropo", row_is(title=m), "prefix 7"),
        Case("metropolis original sound", row_is(title="Metropolis - Original Soundtrack"), "prefix last word"),
        Case("metropolis original soundtrack", row_is(title="Metropolis - Original Soundtrack"), "longer title"),
        Case("honda metropolis", row_is(title="Metropolis - Original Soundtrack"), "composer + title"),
        Case("toshiyuki honda", row_is(type="agent", title="Toshiyuki Honda"), "person"),
        Case("toshiyki honda", row_is(type="agent", title="Toshiyuki Honda"), "person typo"),
        Case("osamu tezuka", row_is(type="agent", title="Osamu Tezuka"), "person"),
        Case("TEZUKA", row_is(type="agent", title="Osamu Tezuka"), "person surname"),
        Case("fritz lang", row_is(type="agent", title="Fritz Lang"), "person"),
        Case("jeff mills", row_is(type="agent", title="Jeff Mills"), "person"),
        Case("tresor155", row_is(title=m, kind="album"), "catalog number run together"),
        Case("TRESOR 155", row_is(title=m, kind="album"), "catalog number spaced"),
        Case("tresor-155", row_is(title=m, kind="album"), "catalog number hyphen"),
        Case("7 18755 61552 2", row_is(title=m, kind="album"), "barcode with spaces"),
        Case("718755615522", row_is(title=m, kind="album"), "barcode"),
        Case("label:tresor", row_is(title=m, kind="album"), "label filter alone"),
        Case("metropolis label:tresor", row_is(title=m, kind="album"), "label filter"),
        Case("metropolis format:cd", row_is(title=m, kind="album"), "format filter"),
        Case("metropolis country:germany", row_is(title=m, kind="album"), "country filter"),
        Case("type:release metropolis", row_is(title=m, type="release"), "flat releases"),
    ]


def corpus_cases(corpus: Path) -> list[Case]:
    out = []
    for f in sorted(corpus.glob("*.json")):
        facts = json.loads(f.read_text())["facts"]
        for fact in facts:
            if fact[0] == "work" and len(fact) >= 3 and fact[2]:
                title = fact[2]
                out.append(Case(title, row_is(title=title, type="work"), f"corpus title ({f.stem})"))
                words = match_key(title).split()
                if len(words) >= 2 and len(words[-1]) >= 4:
                    out.append(Case(" ".join(words[:-1]) + " " + words[-1][:3], row_is(title=title, type="work"), f"corpus prefix ({f.stem})"))
                break
    return out


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def discogs_cases(cat: Catalog, *, every: int = 9) -> list[Case]:
    rng = random.Random(8)
    with cat.transaction(write=False) as tx:
        rows = []
        offset = 0
        while batch := entities.list_entities(tx, etype="release", limit=1000, offset=offset):
            rows += batch
            offset += len(batch)
        recs = [(r, decode("release", r.data)) for r in rows]
    same: dict[tuple[str, str], set[str]] = {}
    for r, rec in recs:
        assert isinstance(rec, Release)
        same.setdefault((match_key(rec.title), _artists(rec)), set()).add(r.ref)
    cat_count: dict[str, int] = {}
    for _, rec in recs:
        assert isinstance(rec, Release)
        for key in {"".join(match_key(q.catalog_number or "").split()) for q in rec.labels}:
            cat_count[key] = cat_count.get(key, 0) + 1
    out: list[Case] = []
    for r, rec in recs[::every]:
        assert isinstance(rec, Release)
        twins = same[(match_key(rec.title), _artists(rec))]
        this = ids_in({r.ref})
        for ident in rec.identifiers:
            digits = "".join(c for c in ident.value if c.isdigit())
            if str(ident.scheme) in ("barcode", "ean", "upc") and len(digits) >= 12 and " " in ident.value:
                out.append(Case(ident.value, this, "barcode as printed, with spaces"))
                break
        for lab in rec.labels:
            key = "".join(match_key(lab.catalog_number or "").split())
            if len(key) >= 5 and any(c.isdigit() for c in key) and any(c.isalpha() for c in key) and cat_count[key] == 1:
                out.append(Case(key, this, "catalog number run together"))
                out.append(Case(lab.catalog_number or "", this, "catalog number as printed"))
            break
        title_words = match_key(rec.title).split()
        artist = _artists(rec).split()
        if title_words and artist and artist[0] not in ("various",):
            expect = ids_in(twins)
            out.append(Case(f"{rec.title} {' '.join(artist[:2])}", expect, "title + artist"))
            long = [w for w in title_words if len(w) >= 6 and w.isalpha()]
            if long:
                w = long[0]
                out.append(Case(" ".join(_typo(x, rng) if x == w else x for x in title_words) + " " + artist[0], expect, "title typo + artist"))
            if rec.labels:
                lab_words = match_key(rec.labels[0].label.name).split()
                if lab_words:
                    out.append(Case(f"{rec.title} label:{lab_words[0]}", expect, "title + label filter"))
            track = next((t.title for t in rec.tracks if len(match_key(t.title)) >= 10), None)
            if track:
                out.append(Case(f"{track} {artist[0]}", expect, "track title + artist"))
    return out


def _artists(rec: Release) -> str:
    return match_key(" ".join(c.agent.name for c in rec.credits[:2]))


def build(url: str, *, workdir: Path) -> Catalog:
    cat = Catalog(url)
    pages = sorted((SHARED / "seeds").glob("0*.txt")) + sorted((ROOT / "src/mediagraph/demo/pages").glob("*"))
    pages += sorted(p for p in (ROOT / "bench/corpus/extract").glob("*") if p.suffix in (".txt", ".html"))
    for p in pages:
        ingest_bytes(cat, p.read_bytes(), uri=p.resolve().as_uri())
    if DISCOGS.exists():
        subprocess.run(
            [sys.executable, "-m", "mediagraph", "--db", url, "import", "discogs", str(DISCOGS)],
            check=True, capture_output=True, cwd=workdir,
        )
    return cat


def evaluate(cat: Catalog, cases: list[Case], *, verbose: bool) -> tuple[float, float, float]:
    rr = 0.0
    found = 0
    took = []
    with cat.transaction(write=False) as tx:
        for c in cases:
            t0 = time.perf_counter()
            rows = views.search(tx, c.query, limit=10)
            took.append(time.perf_counter() - t0)
            rank = next((i for i, r in enumerate(rows, 1) if c.expect(r) or any(c.expect(x) for x in r.get("releases", ()))), None)
            if rank:
                rr += 1 / rank
                found += 1
            if verbose and rank != 1:
                print(f"  rank {rank}: {c.query!r} ({c.note}) → {[r['title'] for r in rows[:3]]}")
    return rr / len(cases), found / len(cases), 1000 * sum(took) / len(took)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="also run on this PostgreSQL server (a fresh schema is made)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mg-search-eval-"))
    t0 = time.perf_counter()
    cat = build(f"sqlite:///{tmp / 'eval.sqlite'}", workdir=tmp)
    cases = hand_cases() + corpus_cases(ROOT / "bench/corpus/extract") + discogs_cases(cat)
    with cat.transaction(write=False) as tx:
        n_docs = index.doc_count(tx)
    print(f"catalog: {n_docs:,} search documents (built in {time.perf_counter() - t0:.0f} s); {len(cases)} judged queries")
    kinds: dict[str, int] = {}
    for c in cases:
        kinds[c.note.split(" (")[0]] = kinds.get(c.note.split(" (")[0], 0) + 1
    print("  " + ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items())))
    print(f"{'engine':<22} {'MRR':>6} {'recall@10':>10} {'mean ms':>8}")
    results = []
    for name in index.ENGINES:
        os.environ["MEDIAGRAPH_SEARCH_ENGINE"] = name
        with cat.transaction(write=name == "sql") as tx:
            index.reindex(tx, name=name)
        with cat.transaction(write=False) as tx:
            answered = index.engine_for(tx).name
        label = "sqlite fts5" if name == "sql" else name
        expected = "fts5" if name == "sql" else name
        assert answered == expected, f"{name} asked for, {answered} answered"
        results.append((label, *evaluate(cat, cases, verbose=args.verbose)))
        print(f"{label:<22} {results[-1][1]:>6.3f} {results[-1][2]:>10.3f} {results[-1][3]:>8.1f}")
    os.environ["MEDIAGRAPH_SEARCH_ENGINE"] = "sql"
    if args.db:
        import psycopg

        schema = f"mg_eval_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.db, autocommit=True) as conn:
            # In public, as the tests do: made in this schema, dropping the schema would take it from every other.
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            pg = build(f"{args.db}?options=-csearch_path%3D{schema},public", workdir=tmp)
            # Entity refs differ between catalogs: judge Discogs cases again on this one.
            pg_cases = hand_cases() + corpus_cases(ROOT / "bench/corpus/extract") + discogs_cases(pg)
            mrr, rec, ms = evaluate(pg, pg_cases, verbose=args.verbose)
            print(f"{'postgresql tsvector':<22} {mrr:>6.3f} {rec:>10.3f} {ms:>8.1f}")
            pg.close()
        finally:
            with psycopg.connect(args.db, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
