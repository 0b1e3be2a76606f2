"""Resolution, conflicts, lineage and curation on the three seed pages."""

from __future__ import annotations

import pytest

from mediagraph import views
from mediagraph.errors import ConflictError, NotFoundError
from mediagraph.pipeline import ingest_bytes
from mediagraph.resolve import curate, lineage
from mediagraph.store import Catalog


def ingest_seeds(cat: Catalog, seed_texts: dict[str, str], order: tuple[str, ...] = ("000", "001", "002")) -> None:
    for n in order:
        ingest_bytes(cat, seed_texts[n].encode(), uri=f"file:///seeds/{n}.txt")


def metropolis_works(cat: Catalog) -> dict[tuple[str, int | None], dict]:
    with cat.transaction(write=False) as tx:
        rows = views.search(tx, "metropolis type:work", limit=50)
        return {(r["kind"], r["year"]): r for r in rows if r["title"] == "Metropolis"} | {
            ("ost", r["year"]): r for r in rows if r["title"] == "Metropolis - Original Soundtrack"
        }


def test_four_metropolis_works_and_the_soundtrack(catalog: Catalog, seed_texts: dict[str, str]) -> None:
    ingest_seeds(catalog, seed_texts)
    works = metropolis_works(catalog)
    plain = {k: v for k, v in works.items() if k[0] != "ost"}
    assert len(plain) == 4
    assert {(k[0], v["creators"][0]) for k, v in plain.items()} == {
        ("film", "Fritz Lang"), ("comic", "Osamu Tezuka"), ("film", "Rintaro"), ("album", "Jeff Mills")
    }
    assert works[("film", 1927)]["creators"] == ["Fritz Lang"]
    assert works[("film", 2001)]["creators"][0] == "Rintaro"
    assert works[("album", 2000)]["creators"] == ["Jeff Mills"]
    (ost,) = [v for k, v in works.items() if k[0] == "ost"]
    assert ost["creators"] == ["Toshiyuki Honda"]


@pytest.mark.parametrize("order", [("002", "001", "000"), ("001", "000", "002")])
def test_mentions_on_different_pages_are_one_entity_in_any_order(sqlite_catalog: Catalog, seed_texts: dict[str, str], order: tuple[str, ...]) -> None:
    ingest_seeds(sqlite_catalog, seed_texts, order)
    works = metropolis_works(sqlite_catalog)
    assert len([k for k in works if k[0] != "ost"]) == 4
    with sqlite_catalog.transaction(write=False) as tx:
        film = views.details(tx, works[("film", 2001)]["id"])
        lang = views.details(tx, works[("film", 1927)]["id"])
    # The film 002 reviews is the film whose soundtrack 000 reviews.
    assert {"file:///seeds/000.txt", "file:///seeds/002.txt"} <= set(film["sources"])
    assert any(r["predicate"] == "soundtrack_of" and r["direction"] == "in" for r in film["relations"])
    # Lang's film in 001 is Lang's film in 002.
    assert {"file:///seeds/001.txt", "file:///seeds/002.txt"} <= set(lang["sources"])


def test_conflicting_years_are_kept_with_their_sources(catalog: Catalog, seed_texts: dict[str, str]) -> None:
    ingest_seeds(catalog, seed_texts)
    lang_id = metropolis_works(catalog)[("film", 1927)]["id"]
    with catalog.transaction(write=False) as tx:
        d = views.details(tx, lang_id)
        node = views.export_graph(tx, ref=lang_id)["@graph"][0]
    dates = {a["value"]: a for a in d["alternatives"]["date"]}
    assert dates["1927"]["chosen"] and not dates["1926"]["chosen"]
    assert dates["1926"]["sources"] == ["file:///seeds/001.txt"]
    assert "file:///seeds/002.txt" in dates["1927"]["sources"]
    assert node["datePublished"] == "1927"
    assert {(a["mg:value"], a["mg:chosen"]) for a in node["mg:alternatives"]} == {("1927", True), ("1926", False)}


def test_lineage_of_the_seeds(sqlite_catalog: Catalog, seed_texts: dict[str, str]) -> None:
    ingest_seeds(sqlite_catalog, seed_texts)
    works = metropolis_works(sqlite_catalog)
    with sqlite_catalog.transaction(write=False) as tx:
        graph = lineage.build(tx, works[("film", 2001)]["id"])
    title = {n.id: (n.title, n.kind, n.year) for n in graph.nodes.values()}
    edges = {(title[e.parent][1], e.label, title[e.child][1]) for e in graph.edges}
    lang, manga, film, mills = (works[k]["id"] for k in (("film", 1927), ("comic", None), ("film", 2001), ("album", 2000)))
    named = {(e.parent, e.label, e.child) for e in graph.edges}
    assert (lang, "inspired", manga) in named
    assert (manga, "based on", film) in named
    assert (lang, "inspired", mills) in named
    (ost,) = [v["id"] for k, v in works.items() if k[0] == "ost"]
    assert (film, "soundtrack", ost) in named
    songs = [n for n in graph.nodes.values() if n.kind == "song"]
    assert [(s.title, s.creators) for s in songs] == [("I Can't Stop Loving You", ("Ray Charles",))]
    assert (film, "uses", songs[0].id) in named
    assert ("film", "uses", "song") in edges
    text = lineage.render_text(graph)
    assert text.splitlines()[0].startswith("Metropolis (film; 1927; Fritz Lang)")
    from mediagraph.pictures import lineage_svg

    svg = lineage_svg(graph, href=lambda i: f"/works/{i}")
    assert svg.count('class="lineage-node"') == len(graph.nodes) and ">inspired<" in svg and ">1927<" not in svg


def test_reingesting_a_seed_changes_nothing(sqlite_catalog: Catalog, seed_texts: dict[str, str]) -> None:
    ingest_seeds(sqlite_catalog, seed_texts)
    with sqlite_catalog.transaction(write=False) as tx:
        before = views.export_graph(tx)
    report = ingest_bytes(sqlite_catalog, seed_texts["001"].encode(), uri="file:///seeds/001.txt")
    assert report.unchanged
    with sqlite_catalog.transaction(write=False) as tx:
        assert views.export_graph(tx) == before


def test_curation_survives_a_changed_reingest_and_can_be_undone(sqlite_catalog: Catalog, seed_texts: dict[str, str]) -> None:
    ingest_seeds(sqlite_catalog, seed_texts)
    works = metropolis_works(sqlite_catalog)
    lang, mills, manga = works[("film", 1927)]["id"], works[("album", 2000)]["id"], works[("comic", None)]["id"]
    with sqlite_catalog.transaction() as tx:
        curate.set_value(tx, lang, "date", "1926", author="ana")
        curate.unlink(tx, mills, "inspired_by", lang, author="ana")
    # The page changes (a new line) and is ingested again: the curator's choices hold.
    ingest_bytes(sqlite_catalog, (seed_texts["001"] + "\nEdited again.\n").encode(), uri="file:///seeds/001.txt")
    with sqlite_catalog.transaction(write=False) as tx:
        d = views.details(tx, lang)
        assert d["year"] == 1926 and d["record"]["date"] == "1926"
        assert not any(r["predicate"] == "inspired_by" and r["id"] == mills for r in d["relations"])
    with sqlite_catalog.transaction() as tx:
        curate.undo(tx, author="ana")  # the unlink
        curate.undo(tx, author="ana")  # the set
    with sqlite_catalog.transaction(write=False) as tx:
        d = views.details(tx, lang)
        assert d["year"] == 1927
        assert any(r["predicate"] == "inspired_by" and r["id"] == mills for r in d["relations"])
    with sqlite_catalog.transaction() as tx, pytest.raises(ConflictError, match="cannot merge a film"):
        curate.merge(tx, lang, manga, author="ana")


def test_merge_split_and_why(sqlite_catalog: Catalog, seed_texts: dict[str, str]) -> None:
    ingest_seeds(sqlite_catalog, seed_texts)
    works = metropolis_works(sqlite_catalog)
    film = works[("film", 2001)]["id"]
    with sqlite_catalog.transaction() as tx:
        _edit, new = curate.split(tx, film, source="file:///seeds/000.txt", author="bo")
    with sqlite_catalog.transaction(write=False) as tx:
        assert views.details(tx, new)["sources"] == ["file:///seeds/000.txt"]
        assert "file:///seeds/000.txt" not in views.details(tx, film)["sources"]
    # A later ingest of the same page keeps the split.
    ingest_bytes(sqlite_catalog, (seed_texts["000"] + "\n").encode(), uri="file:///seeds/000.txt")
    with sqlite_catalog.transaction(write=False) as tx:
        assert views.details(tx, new)["sources"] == ["file:///seeds/000.txt"]
    with sqlite_catalog.transaction() as tx:
        curate.merge(tx, film, new, author="bo")
    with sqlite_catalog.transaction(write=False) as tx:
        explained = curate.why(tx, film, new)
        assert explained["same_entity"] and explained["edits"][0]["action"] == "merge"
        apart = curate.why(tx, film, works[("film", 1927)]["id"])
        assert not apart["same_entity"] and apart["score_now"]["veto"] in ("years too far apart: 1927 vs 2001", "different directors: ['rintaro'] vs ['fritz lang']")


def test_bad_curation_is_refused_and_leaves_the_catalog(sqlite_catalog: Catalog, seed_texts: dict[str, str]) -> None:
    ingest_seeds(sqlite_catalog, seed_texts)
    works = metropolis_works(sqlite_catalog)
    lang, manga = works[("film", 1927)]["id"], works[("comic", None)]["id"]
    with sqlite_catalog.transaction(write=False) as tx:
        before = views.export_graph(tx)
    with sqlite_catalog.transaction() as tx, pytest.raises(ConflictError, match="cycle"):
        curate.link(tx, lang, "based_on", manga, author="x")
    with sqlite_catalog.transaction() as tx, pytest.raises(NotFoundError):
        curate.merge(tx, lang, "w99999", author="x")
    with pytest.raises(RuntimeError), sqlite_catalog.transaction() as tx:
        curate.merge(tx, works[("film", 2001)]["id"], works[("film", 1927)]["id"], author="x")
        raise RuntimeError("interrupted half-way")
    with sqlite_catalog.transaction(write=False) as tx:
        assert views.export_graph(tx) == before
