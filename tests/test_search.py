"""Search as users notice it, on SQLite and PostgreSQL: typos, prefixes, identifiers, filters, grouping, bad input."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from mediagraph import query as querylang
from mediagraph import views
from mediagraph.errors import UsageError
from mediagraph.pipeline import ingest_bytes
from mediagraph.store import Catalog

DATA = Path(__file__).parent / "data"


@pytest.fixture
def metropolis(catalog: Catalog) -> Catalog:
    ingest_bytes(catalog, (DATA / "metropolis.jsonld").read_bytes(), uri="file:///m.jsonld")
    extra = [
        {"@type": "Movie", "name": "Ghost in the Shell", "alternateName": ["攻殻機動隊", "Kôkaku Kidôtai"], "datePublished": "1995",
         "director": {"@type": "Person", "name": "Mamoru Oshii"}},
        {"@type": "MusicAlbum", "name": "Catch a Fire", "byArtist": {"@type": "MusicGroup", "name": "Bob Marley & The Wailers"}, "datePublished": "1973"},
    ]
    ingest_bytes(catalog, orjson.dumps({"@context": {"@vocab": "https://schema.org/"}, "@graph": extra}), uri="file:///extra.jsonld")
    return catalog


def _search(cat: Catalog, text: str, **kw: object) -> list[dict]:
    with cat.transaction(write=False) as tx:
        return views.search(tx, text, **kw)  # type: ignore[arg-type]


def _works(rows: list[dict]) -> set[tuple[str, int | None]]:
    return {(r["kind"], r["year"]) for r in rows if r["type"] == "work" and r["title"] == "Metropolis"}


FOUR = {("film", 1927), ("comic", 1949), ("film", 2001), ("album", 2000)}


def test_metropolis_shows_four_works_with_the_release_folded_under_its_album(metropolis: Catalog) -> None:
    rows = _search(metropolis, "metropolis")
    assert _works(rows) == FOUR
    assert not [r for r in rows if r["type"] == "release"], "releases fold under their work"
    (album,) = [r for r in rows if r["title"] == "Metropolis" and r["kind"] == "album"]
    assert [r["type"] for r in album["releases"]] == ["release"] and album["editions"] == 1
    assert [r["match"] for r in rows[:4]] == ["exact"] * 4, "exact titles come before the soundtrack"


def test_type_release_lists_releases_flat(metropolis: Catalog) -> None:
    rows = _search(metropolis, "metropolis type:release")
    assert rows and {r["type"] for r in rows} == {"release"}


@pytest.mark.parametrize("typo", ["metropolsi", "metroplis", "mettropolis", "metropollis"])
def test_one_typo_in_a_long_word_still_finds_the_works(metropolis: Catalog, typo: str) -> None:
    assert _works(_search(metropolis, typo)) == FOUR


def test_two_typos_from_eight_letters_but_not_in_short_words(metropolis: Catalog) -> None:
    assert _works(_search(metropolis, "mertopolsi")) == FOUR
    assert _search(metropolis, "lnag") == []  # 4 letters: no edit forgiven


@pytest.mark.parametrize("prefix", ["metr", "metropo", "ghost in the sh"])
def test_search_as_you_type_matches_prefixes(metropolis: Catalog, prefix: str) -> None:
    rows = _search(metropolis, prefix)
    assert rows and rows[0]["match"] == "prefix"


@pytest.mark.parametrize("text", ["7 18755 61552 2", "718755615522", "tresor155", "TRESOR 155", "Tresor-155"])
def test_barcodes_and_catalog_numbers_find_the_release_under_its_album(metropolis: Catalog, text: str) -> None:
    rows = _search(metropolis, text)
    assert rows[0]["kind"] == "album" and rows[0]["title"] == "Metropolis", text
    assert rows[0]["releases"], "the matching release is shown under the work"


def test_alternate_titles_in_every_script_and_romanisation(metropolis: Catalog) -> None:
    for text in ("攻殻機動隊", "kokaku kidotai", "koukaku kidoutai", "Kôkaku"):
        assert _search(metropolis, text)[0]["title"] == "Ghost in the Shell", text


def test_ampersand_and_and_are_the_same(metropolis: Catalog) -> None:
    for text in ("marley and the wailers", "marley & the wailers"):
        assert any(r["title"] == "Catch a Fire" for r in _search(metropolis, text)), text


def test_people_and_track_titles_are_searchable(metropolis: Catalog) -> None:
    assert any(r["type"] == "agent" and r["title"] == "Jeff Mills" for r in _search(metropolis, "jeff mills"))


def test_field_filters_filter_on_their_field(metropolis: Catalog) -> None:
    assert _works(_search(metropolis, "metropolis label:tresor")) == {("album", 2000)}
    assert _works(_search(metropolis, "metropolis format:cd")) == {("album", 2000)}
    assert _works(_search(metropolis, "metropolis country:japan")) == set()  # no release says Japan
    assert _works(_search(metropolis, 'metropolis by:"fritz lang"')) == {("film", 1927)}
    assert _works(_search(metropolis, "metropolis -label:tresor type:release")) == set()
    # "tresor" is a label, not a creator: by: must not match it
    assert _search(metropolis, "by:tresor") == []


def test_field_filters_under_a_title_typed_halfway(metropolis: Catalog) -> None:
    # The title tiers test label/format/country under a title prefix (PostgreSQL: from the
    # title index itself), and exclusions there too.
    assert _works(_search(metropolis, "metrop label:tresor")) == {("album", 2000)}
    assert _works(_search(metropolis, "metrop format:cd")) == {("album", 2000)}
    assert _search(metropolis, "metrop format:cd country:germany") == []  # no release says Germany
    assert _search(metropolis, "metrop label:tresor -format:cd") == []
    assert _works(_search(metropolis, 'metrop label:tresor by:"jeff mills"')) == {("album", 2000)}


def test_a_label_a_later_source_adds_is_found_and_goes_when_the_source_goes(metropolis: Catalog) -> None:
    from mediagraph.resolve.ingest import refresh
    from mediagraph.store import facts, sources

    assert _search(metropolis, "metropolis label:axis") == []
    later = {"@context": {"@vocab": "https://schema.org/"}, "@type": "MusicRelease", "name": "Metropolis",
             "gtin12": "718755615522", "recordLabel": {"@type": "Organization", "name": "Axis"}}
    ingest_bytes(metropolis, orjson.dumps(later), uri="file:///axis.jsonld")
    assert _works(_search(metropolis, "metropolis label:axis")) == {("album", 2000)}
    with metropolis.transaction() as tx:
        row = sources.get_by_ref(tx, "file:///axis.jsonld")
        refresh(tx, facts.delete_source_facts(tx, row.id) | set(sources.delete(tx, row.id)))
    assert _search(metropolis, "metropolis label:axis") == []
    assert _works(_search(metropolis, "metropolis label:tresor")) == {("album", 2000)}


def test_as_you_type_finds_longer_words_beside_the_whole_word(catalog: Catalog) -> None:
    # The word tier may answer from the whole word first; a prefix must still reach the rest.
    graph = [{"@type": "MusicAlbum", "name": f"Songs {i}", "byArtist": {"@type": "Person", "name": name}}
             for i, name in enumerate(["Ana Party", "Bo Party", "Cy Partyka", "Di Partying"])]
    ingest_bytes(catalog, orjson.dumps({"@context": {"@vocab": "https://schema.org/"}, "@graph": graph}), uri="file:///p.jsonld")
    titles = {r["title"] for r in _search(catalog, "songs party", limit=50) if r["type"] == "work"}
    assert titles == {"Songs 0", "Songs 1", "Songs 2", "Songs 3"}
    with catalog.transaction(write=False) as tx:
        if tx.dialect == "postgresql":  # whole words first when they fill the tier
            from mediagraph.store.search import Match, Term
            from mediagraph.store.search_sql import PgEngine

            docs = PgEngine().matching(tx, Match((Term(("songs",)), Term(("party",), prefix=True)), etypes=("work",)), limit=2)
            assert sorted(d.title_key for d in docs) == ["songs 0", "songs 1"]


def test_a_prefix_with_many_longer_words_finds_them_all(catalog: Catalog) -> None:
    # Past a few dozen longer words the prefix is matched by the index itself, not word by word.
    names = [f"Zed Quill{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(80)]
    graph = [{"@type": "MusicAlbum", "name": f"Tapes {i}", "byArtist": {"@type": "Person", "name": n}} for i, n in enumerate(names)]
    ingest_bytes(catalog, orjson.dumps({"@context": {"@vocab": "https://schema.org/"}, "@graph": graph}), uri="file:///q.jsonld")
    found = {r["title"] for r in _search(catalog, "tapes quill", limit=100) if r["type"] == "work"}
    assert found == {f"Tapes {i}" for i in range(80)}
    rows = [r for r in _search(catalog, "tapes quillc", limit=100) if r["type"] == "work"]
    assert {r["title"] for r in rows[:26]} == {f"Tapes {i}" for i in range(52, 78)}, "typo matches come after"


def test_kind_and_year_filters(metropolis: Catalog) -> None:
    assert _works(_search(metropolis, "metropolis kind:film")) == {("film", 1927), ("film", 2001)}
    assert _works(_search(metropolis, "metropolis -kind:album year:..1950")) == {("film", 1927), ("comic", 1949)}


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "x" * 10_000, "metropolis " * 2000, 'NEAR(metropolis lang) OR "*" AND NOT ^x', '"unbalanced metropolis',
        "metropolis'); DROP TABLE entities; --", "\\' \" : :: -: kind: year: label:", "*", "-", "🎬 metropolis",
    ],
)
def test_odd_queries_give_results_or_nothing_never_an_error(metropolis: Catalog, text: str) -> None:
    rows = _search(metropolis, text)
    assert isinstance(rows, list)
    assert _works(_search(metropolis, "metropolis")) == FOUR, "the catalog is intact"


def test_bad_filters_say_why(metropolis: Catalog) -> None:
    with pytest.raises(UsageError, match="unknown kind"):
        _search(metropolis, "metropolis kind:spaceship")
    with pytest.raises(UsageError, match="bad year"):
        _search(metropolis, "metropolis year:soon")


def test_paging_counts_grouped_rows(metropolis: Catalog) -> None:
    everything = [r["id"] for r in _search(metropolis, "metropolis", limit=100)]
    paged = [r["id"] for off in range(0, len(everything), 2) for r in _search(metropolis, "metropolis", limit=2, offset=off)]
    assert paged == everything


def test_parse_reads_quotes_apostrophes_and_barcodes() -> None:
    q = querylang.parse("That's Why I'm Here by:\"jeff mills\" 7 18755 61552 2 -label:tresor")
    assert q.words[:2] == ["that", "s"] and "718755615522" in q.words
    assert q.fields == ["by0jeff", "by0mills"] and q.not_fields == ["label0tresor"]
    assert querylang.parse("2001 a space odyssey").words == ["2001", "a", "space", "odyssey"]
