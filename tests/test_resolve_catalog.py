"""One resolver: ingest resolves through the engine over the catalog, whose state survives a restart."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from tests.test_cli import assert_one_line_error
from tests.test_cli import run as cli_run
from tests.test_resolve_seeds import ingest_seeds, metropolis_works

from mediagraph.model import Agent, Credit, Title, Work
from mediagraph.model.records import RecordSet, Release, ReleaseLabel, Source
from mediagraph.resolve import curate, rerun
from mediagraph.resolve import ingest as ingest_mod
from mediagraph.resolve.ingest import ingest
from mediagraph.store import Catalog, curation, entities, resolution
from mediagraph.store.entities import DATA_SQL
from mediagraph.store.schema import resolve_facts


def page(n: int, title: str, year: int | None, director: str | None) -> RecordSet:
    credits = (Credit(agent=Agent(name=director), role="director"),) if director else ()
    work = Work(key="_:w1", kind="film", titles=(Title(text=title),), date=str(year) if year else None, credits=credits)
    return RecordSet(source=Source(uri=f"https://example.org/page/{n}", content_hash=f"h{n}"), works=(work,))


def place(cat: Catalog, rs: RecordSet) -> int:
    with cat.transaction() as tx:
        report = ingest(tx, rs)
        return entities.get_by_ref(tx, next(r for r in report.entities if r.startswith("w"))).id


def test_a_typo_and_an_initial_join_the_same_film(catalog: Catalog) -> None:
    a = place(catalog, page(1, "Steam and Mirror", 1995, "Marta Hernández"))
    b = place(catalog, page(2, "Steam and Marror", 1995, "M. Hernández"))
    c = place(catalog, page(3, "Steam and Mirror", 1962, "Pedro Ruiz"))
    assert a == b != c
    with catalog.transaction(write=False) as tx:
        why = curate.why(tx, f"w{a}", f"w{b}")
    assert why["same_entity"]
    assert any(d["candidates"] and d["candidates"][0]["reasons"] for d in why["decisions"])


def test_the_engine_state_survives_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with Catalog(url) as cat:
        a = place(cat, page(1, "Nakagawa Tohru no Yume", 2003, "Tōru Nakagawa"))
    with Catalog(url) as cat:
        b = place(cat, page(2, "Nakagawa Tooru no Yume", 2003, "Nakagawa Tohru"))
        with cat.transaction(write=False) as tx:
            assert resolution.keys_of(tx, [a])[a]
    assert a == b


def test_a_curators_split_stands_against_ingest_and_resolve(sqlite_catalog: Catalog) -> None:
    a = place(sqlite_catalog, page(1, "Glass Orchard", 1988, "Anna Lang"))
    assert place(sqlite_catalog, page(2, "Glass Orchard", 1988, "Anna Lang")) == a
    with sqlite_catalog.transaction() as tx:
        _edit, new = curate.split(tx, f"w{a}", source="https://example.org/page/2", author="t")
    place(sqlite_catalog, page(3, "Glass Orchard", 1988, "A. Lang"))
    with sqlite_catalog.transaction() as tx:
        assert entities.get_by_ref(tx, new).id != a
        assert rerun.plan(tx) == []


def test_resolve_keeps_the_seeds_four_metropolis_works(sqlite_catalog: Catalog, seed_texts: dict[str, str]) -> None:
    ingest_seeds(sqlite_catalog, seed_texts)
    before = metropolis_works(sqlite_catalog)
    with sqlite_catalog.transaction() as tx:
        rerun.rebuild_state(tx)
        rerun.apply(tx, rerun.plan(tx), author="t")
    after = metropolis_works(sqlite_catalog)
    assert sorted(after) == sorted(before)
    assert len([k for k in after if k[0] != "ost"]) == 4


def _placement(cat: Catalog) -> tuple[list[tuple[int, int, bool]], list[tuple[int, bytes]]]:
    """Every statement with its entity and whether that entity is live; the stored engine state."""
    with cat.transaction(write=False) as tx:
        rows = tx.fetch(
            "SELECT statements.id, statements.entity_id, entities.merged_into IS NULL FROM statements "
            "JOIN entities ON entities.id = statements.entity_id ORDER BY statements.id"
        )
        state = tx.fetch("SELECT entity_id, facts FROM resolve_facts ORDER BY entity_id")
    return [(int(s), int(e), bool(live)) for s, e, live in rows], [(int(e), bytes(f)) for e, f in state]


def test_resolve_on_an_empty_catalog_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.sqlite")
    assert cli_run("init", db=db).returncode == 0
    out = cli_run("resolve", db=db)
    assert out.returncode == 0, out.stderr
    assert "Nothing to change" in out.stdout
    dry = cli_run("--json", "resolve", "--dry-run", db=db)
    assert dry.returncode == 0 and '"changes": []' in dry.stdout


def test_resolve_of_an_unknown_work_is_a_one_line_error(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite")
    assert cli_run("init", db=db).returncode == 0
    with Catalog(f"sqlite:///{db}") as cat:
        place(cat, page(1, "Glass Orchard", 1988, "Anna Lang"))
    out = cli_run("resolve", "no such film anywhere", db=db)
    assert_one_line_error(out, contains="no such film anywhere")


def test_an_interrupted_resolve_leaves_the_catalog_as_it_was(
    sqlite_catalog: Catalog, seed_texts: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest_seeds(sqlite_catalog, seed_texts)
    before = _placement(sqlite_catalog)
    works = metropolis_works(sqlite_catalog)
    assert before[0] and all(live for _s, _e, live in before[0])

    def stopped(*_a: object, **_k: object) -> list[rerun.Change]:
        raise KeyboardInterrupt  # stopped after the state was rewritten, before any merge

    monkeypatch.setattr(rerun, "plan", stopped)
    with pytest.raises(KeyboardInterrupt), sqlite_catalog.transaction() as tx:
        rerun.rebuild_state(tx)
        tx.execute(resolve_facts.delete())  # half-way through rewriting the state
        rerun.plan(tx)
    assert _placement(sqlite_catalog) == before
    monkeypatch.undo()
    with sqlite_catalog.transaction() as tx:
        rerun.apply(tx, rerun.plan(tx), author="t")
    after, _state = _placement(sqlite_catalog)
    assert [s for s, _e, _l in after] == [s for s, _e, _l in before[0]]  # every record still on one entity
    assert all(live for _s, _e, live in after)
    assert metropolis_works(sqlite_catalog).keys() == works.keys()  # the four works and the soundtrack


def _shown(cat: Catalog) -> dict[str, list[tuple[object, ...]]]:
    """What a user sees of every entity (its shown values and search document) and the engine state."""
    queries = {
        "entities": f"SELECT id, etype, kind, label, label_key, year, iri, {DATA_SQL}, merged_into FROM entities ORDER BY id",
        "docs": "SELECT entity_id, etype, kind, year, title_key, body, weight FROM search_docs ORDER BY entity_id",
        "keys": "SELECT etype, key, entity_id FROM resolve_keys ORDER BY etype, key, entity_id",
        "facts": "SELECT entity_id, etype, facts FROM resolve_facts ORDER BY entity_id",
    }
    with cat.transaction(write=False) as tx:
        return {name: [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in tx.fetch(q)] for name, q in queries.items()}


def test_pages_naming_a_known_agent_leave_the_catalog_as_a_full_refresh_would(catalog: Catalog) -> None:
    # A director named by many pages is not merged again from all its statements on each page
    # when the page says nothing new of it; what is shown must be what a full refresh shows.
    names = ["Marta Hernández", "Marta Hernández", "M. Hernández", "Marta Hernández", "Marta Hernandez", "Marta Hernández"]
    for n, name in enumerate(names):
        place(catalog, page(n, f"Steam and Mirror {n}", 1990 + n, name))
    before = _shown(catalog)
    assert any(w > 2 for *_x, w in before["docs"])  # the director's weight counts its sources
    with catalog.transaction() as tx:
        ingest_mod.refresh(tx, [e for e, *_ in before["entities"]])
    assert _shown(catalog) == before


def test_pages_of_new_and_known_works_and_releases_leave_the_catalog_as_a_full_refresh_would(catalog: Catalog) -> None:
    # A page's new entities are written without looking for what they cannot hold yet (a search
    # document, blocking keys, a curator's choice); known ones gain keys counted per block. What
    # is shown and the engine state must be what recomputing every entity gives.
    films = [
        ("Steam and Mirror", 1995, "Marta Hernández", "SM-001"),
        ("Steam and Marror", 1995, "M. Hernández", None),
        ("Night Harbour", 1971, "Kōsei Tanaka", "NH-7"),
        ("Steam and Mirror", 1995, "Marta Hernández", "SM-002"),
        ("Night Harbor", 1971, "Kosei Tanaka", "NH-7"),
        ("The Quiet Orchard", 2003, "Anna Weber", None),
    ]
    for n, (title, year, director, catno) in enumerate(films):
        rs = page(n, title, year, director)
        if catno:
            label = ReleaseLabel(label=Agent(name="Harbour Films", kind="organization"), catalog_number=catno)
            rs = msgspec.structs.replace(rs, releases=(Release(key="_:r1", work="_:w1", title=title, labels=(label,)),))
        place(catalog, rs)
        if n == 2:
            with catalog.transaction() as tx:
                steam = entities.get_by_ref(tx, "w1")
                curate.set_value(tx, steam.ref, "title", "Steam & Mirror", author="test")
    before = _shown(catalog)
    labels = {label for _i, etype, _k, label, *_rest in before["entities"] if etype == "work"}
    assert "Steam & Mirror" in labels, "the curator's title stands after later pages"
    with catalog.transaction() as tx:
        ingest_mod.refresh(tx, [e for e, *_ in before["entities"]])
    assert _shown(catalog) == before


def test_a_dumps_first_load_resolves_works_through_the_engine(tmp_path: Path) -> None:
    # Two records of one film in one dump, with no id in common: a typo in the title, the
    # director's initial. The first load into an empty catalog joins them, as page ingest does.
    from mediagraph.resolve.bulk import BulkLoader
    from mediagraph.store import bulk as store_bulk
    from mediagraph.store import sources

    def work(key: str, title: str, director: str) -> Work:
        credit = Credit(agent=Agent(name=director), role="director")
        return Work(key=key, kind="film", titles=(Title(text=title),), date="1995", credits=(credit,))

    with Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}") as cat:
        with cat.transaction() as tx:
            sid = sources.ensure(tx, uri="dump:films", kind="discogs")
        loader = BulkLoader(source_id=sid, source_uri="dump:films", source_kind="discogs", empty=True)
        src = Source(uri="dump:films")
        batches = [
            (work("_:a", "Steam and Mirror", "Marta Hernández"), work("_:c", "Steam and Mirror", "Pedro Ruiz")),
            (work("_:b", "Steam and Marror", "M. Hernández"),),
        ]
        for works in batches:
            with cat.transaction() as tx:
                loader.load(tx, RecordSet(source=src, works=works))
        with cat.transaction() as tx:
            store_bulk.publish_docs(tx)
        with cat.transaction(write=False) as tx:
            on = dict(tx.fetch("SELECT local_key, entity_id FROM statements WHERE local_key LIKE '\\_:%' ESCAPE '\\'"))
            assert on["_:a"] == on["_:b"] != on["_:c"]
            why = curate.why(tx, f"w{on['_:a']}", f"w{on['_:b']}")
        assert why["same_entity"] and any(d["outcome"] == "matched" for d in why["decisions"])
    # The engine state of the joined work is stored: a page read later finds it.
    with Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}") as cat:
        assert place(cat, page(9, "Steam and Mirror", 1995, "Marta Hernandez")) == on["_:a"]


def _glass_orchards() -> list[RecordSet]:
    """A bare title first, which fits the one film of that title known then (Ruiz's, a year
    off), then three pages of Lang's film of that title and year: the bare title's work."""
    return [
        page(1, "Glass Orchard", 1987, "Pedro Ruiz"),
        page(2, "Glass Orchard", 1988, None),
        *(page(n, "Glass Orchard", 1988, "Anna Lang") for n in (3, 4, 5)),
    ]


def test_resolve_moves_a_bare_title_ingest_placed_early(sqlite_catalog: Catalog) -> None:
    ruiz, bare, lang, *_ = (place(sqlite_catalog, rs) for rs in _glass_orchards())
    assert bare == ruiz != lang  # as it came, the bare title joined the only film it fitted
    with sqlite_catalog.transaction() as tx:
        changes = rerun.plan(tx)
        rerun.apply(tx, changes, author="t")
    assert [(c.action, c.keep, c.other, c.source) for c in changes] == [("move", f"w{lang}", f"w{ruiz}", "s2")]
    with sqlite_catalog.transaction(write=False) as tx:
        on = {s: e for s, e in tx.fetch("SELECT source_id, entity_id FROM statements")}
        assert on[2] == lang and on[1] == ruiz  # Ruiz's film keeps its own page only
        assert sorted(e.action for e in curation.list_edits(tx)) == ["merge", "split"]  # each an edit
    with sqlite_catalog.transaction() as tx:  # undone, the bare title is back where ingest put it
        curate.undo(tx, author="t")
        curate.undo(tx, author="t")
    with sqlite_catalog.transaction(write=False) as tx:
        assert entities.get_entity(tx, dict(tx.fetch("SELECT source_id, entity_id FROM statements"))[2]).id == ruiz


def test_a_dumps_first_load_places_a_bare_title_at_its_end(tmp_path: Path) -> None:
    from mediagraph.resolve.bulk import BulkLoader
    from mediagraph.store import sources

    with Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}") as cat:
        with cat.transaction() as tx:
            sid = sources.ensure(tx, uri="dump:films", kind="discogs")
        loader = BulkLoader(source_id=sid, source_uri="dump:films", source_kind="discogs", empty=True)
        src = Source(uri="dump:films")
        works = [msgspec.structs.replace(rs.works[0], key=f"_:w{i}") for i, rs in enumerate(_glass_orchards())]
        for batch in (works[:2], works[2:]):
            with cat.transaction() as tx:
                loader.load(tx, RecordSet(source=src, works=tuple(batch)))
        with cat.transaction() as tx:
            loader.finish(tx)
        with cat.transaction(write=False) as tx:
            on = dict(tx.fetch("SELECT local_key, entity_id FROM statements"))
            assert on["_:w1"] == on["_:w2"] == on["_:w3"] != on["_:w0"]
            assert tx.fetch("SELECT merged_into FROM entities WHERE id = ?", (on["_:w1"],))[0][0] is None
