"""Extraction on real pages holds its ground: each real corpus stays above a floor.

The pages are real (../shared/pages, and the project's own bench/realpages, tune and held-out
parts), scored by ../shared/tools/jsonld_check.py through the same functions `mediagraph
extract` runs. The floors sit a little under the figures at the last change
(docs/PERFORMANCE.md, "Extraction on real pages"); they stop regressions and say nothing of the
target. A rule that helps one corpus and costs another cannot land unnoticed. (The held-out floors
went down on 2026-12-07 when five new, harder held-out pages joined: the corpus changed, not the code.)
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

from bench_scripts import bench_script

ROOT = Path(__file__).resolve().parents[1]
REALPAGES = ROOT / "bench" / "realpages"

# (corpus, group) -> floor; a group is a family (album, film, release), an input type (text,
# html) or "overall".
FLOORS = {
    ("shared", "overall"): 0.64,
    ("shared", "film"): 0.73,
    ("shared", "album"): 0.56,
    ("shared", "release"): 0.59,
    ("tune", "overall"): 0.67,
    ("tune", "text"): 0.60,
    ("tune", "html"): 0.77,
    ("heldout", "overall"): 0.36,
    ("heldout", "text"): 0.285,
    ("heldout", "html"): 0.49,
}


def _eval_module() -> ModuleType:
    return bench_script("extract_eval")


def _means(corpus: Path, tools: Path) -> dict[str, float]:
    ev = _eval_module()
    check = ev.checker()
    groups: dict[str, list[float]] = defaultdict(list)
    rows = ev.pages_of(corpus)
    assert rows, f"{corpus} holds no pages with facts"
    for stem, page, facts in rows:
        score, _ = ev.score_page(check, page, facts)
        kind = "html" if page.suffix in (".html", ".htm") else "text"
        for g in (stem.split("_")[0], kind, "overall"):
            groups[g].append(score)
    return {g: sum(v) / len(v) for g, v in groups.items()}


@pytest.mark.parametrize("name", ["shared", "tune", "heldout"])
def test_each_real_corpus_stays_above_its_floor(name: str, shared_tools_dir: Path, shared_pages_dir: Path) -> None:
    corpus = shared_pages_dir if name == "shared" else REALPAGES / name
    means = _means(corpus, shared_tools_dir)
    low = {g: (round(means[g], 3), floor) for (c, g), floor in FLOORS.items() if c == name and means[g] < floor}
    assert not low, f"{name}: below the floor {low} (all: { {g: round(v, 3) for g, v in means.items()} })"


def test_the_project_corpus_is_split_by_site_and_sourced() -> None:
    """Every page of bench/realpages has facts, a row in SOURCES.md, and no site is in both parts."""
    sources = (REALPAGES / "SOURCES.md").read_text(encoding="utf-8")
    sites: dict[str, set[str]] = {"tune": set(), "heldout": set()}
    for part in sites:
        pages = sorted((REALPAGES / part / "pages").iterdir())
        assert len(pages) >= 25, f"{part}: only {len(pages)} pages"
        for page in pages:
            assert (REALPAGES / part / "facts" / f"{page.stem}.json").exists(), f"{page.name} has no facts"
            row = next((ln for ln in sources.splitlines() if f"| {page.stem} |" in ln or f"|{page.stem}|" in ln), None)
            assert row is not None, f"{page.stem} has no row in SOURCES.md"
            sites[part].add(row.split("|")[4].strip())
    assert not sites["tune"] & sites["heldout"], f"sites in both parts: {sites['tune'] & sites['heldout']}"
