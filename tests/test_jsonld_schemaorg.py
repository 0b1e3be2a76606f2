"""schema.org's own examples (tests/data/schemaorg, 90 JSON-LD examples of its type pages for
music, film, TV, book, comic, review and person types) through ingest and export.

Every example is either read, with what the catalog cannot hold reported by path, or refused
with one line saying why (a restaurant, a dentist, an invoice: nothing a media catalog holds);
nothing is lost without a word. ``bench/schemaorg_examples.py`` prints the same figures.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import orjson
import pytest

from bench_scripts import bench_script
from mediagraph import views
from mediagraph.jsonld import parse
from mediagraph.pipeline import ingest_bytes
from mediagraph.store import Catalog

ROOT = Path(__file__).resolve().parent.parent

# Examples with nothing a media catalog holds: refused, each with the reason in its one line.
REFUSED = {
    "eg-0004": "Restaurant",  # a restaurant and its rating
    "eg-0248": "Restaurant",  # a review of a restaurant
    "eg-0347": "Dentist",  # and its reviews
    "eg-0374": "Invoice",  # its customer is no catalog's person
    "eg-0206": "SportsTeam",
    "eg-0468": "no itemReviewed",  # a review of nothing named
}

# Examples of the issue's types keeping under 90 % of their values, each loss reported by path:
# none since a genre's term set and a release's later release events are kept as written.
BELOW_90 = 0


def _bench() -> ModuleType:
    return bench_script("schemaorg_examples")


BENCH = _bench()
EXAMPLES = {e.id: e for e in BENCH.examples()}


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Any]:
    return {o.example.id: o for o in BENCH.run(list(EXAMPLES.values()))}


def _export(example: str, tmp_path: Path) -> tuple[dict[str, Any], list[str]]:
    """One example ingested alone, the catalog exported: the nodes by type, and the warnings."""
    cat = Catalog(f"sqlite:///{tmp_path / (example + '.sqlite')}")
    try:
        report = ingest_bytes(cat, EXAMPLES[example].jsonld.encode(), uri=f"https://schema.org/examples#{example}")
        with cat.transaction(write=False) as tx:
            graph = views.export_graph(tx)["@graph"]
    finally:
        cat.close()
    return graph, list(report.warnings)


def _of_type(graph: list[dict[str, Any]], t: str) -> list[dict[str, Any]]:
    return [n for n in graph if n["@type"] == t or (isinstance(n["@type"], list) and t in n["@type"])]


def test_the_corpus_is_schema_orgs_examples_of_the_types_the_issue_names() -> None:
    assert len(EXAMPLES) == 90
    named = {t for e in EXAMPLES.values() for t in e.types}
    assert {"MusicAlbum", "MusicRecording", "MusicComposition", "MusicGroup", "Movie", "TVSeries", "Book", "ComicIssue",
            "Review", "AggregateRating", "Person", "PerformanceRole"} <= named
    assert (ROOT / "tests" / "data" / "schemaorg" / "SOURCES.md").is_file()


def test_every_example_is_read_or_refused_with_its_reason(outcomes: dict[str, Any]) -> None:
    refused = {i: o.error for i, o in outcomes.items() if not o.accepted}
    assert set(refused) == set(REFUSED)
    for i, why in REFUSED.items():
        assert "no schema.org node mediagraph can read" in refused[i] and why in refused[i], refused[i]
        assert "\n" not in refused[i]


def test_nothing_is_lost_without_a_word(outcomes: dict[str, Any]) -> None:
    silent = {i: o.silent for i, o in outcomes.items() if o.silent}
    assert silent == {}


def test_values_surviving_ingest_and_export(outcomes: dict[str, Any]) -> None:
    s = BENCH.summary(list(outcomes.values()))
    # 17 % before this reader, 41.6 % before properties with no field of their own were kept as
    # written; what does not survive is reported by its path (a text's language, a term set)
    assert s["surviving"] >= 0.88 and s["surviving_accepted"] >= 0.97
    # the examples of the issue's types all ingest (a film never named is kept untitled), and
    # the issue asks that 90 % of their values survive
    m = BENCH.media_summary(list(outcomes.values()))
    assert m["examples"] == m["accepted"] and m["surviving"] >= 0.97
    assert set(BENCH.NOT_MEDIA) == set(REFUSED)
    whole = ["eg-0017", "eg-0026", "eg-0205", "eg-0221", "eg-0390", "eg-0420", "eg-0459"]
    assert {i: (outcomes[i].survived, outcomes[i].values) for i in whole} == {i: (outcomes[i].values,) * 2 for i in whole}


def test_each_example_keeps_nine_values_in_ten_or_reports_the_rest(outcomes: dict[str, Any]) -> None:
    """Every example of the issue's types on its own: 90 % of its values come out of export, or
    each value that does not is named in the ingest report (nothing below 90 % is silent)."""
    below = {i: (o.survived, o.values) for i, o in outcomes.items() if i not in REFUSED and o.survived < 0.9 * o.values}
    assert all(not outcomes[i].silent and outcomes[i].reported == n - s for i, (s, n) in below.items()), below
    assert len(below) <= BELOW_90, below


def test_a_readable_node_under_an_action_or_a_page_is_read(tmp_path: Path) -> None:
    graph, warnings = _export("eg-0069", tmp_path)  # WatchAction.object: a TVEpisode
    assert [n["name"] for n in _of_type(graph, "TVEpisode")] == ["Friends!"]
    assert not _of_type(graph, "Person")  # the action's viewer is no catalog's person
    # the action is kept on the episode it is about, as written, in JSON-LD's reverse form
    (episode,) = _of_type(graph, "TVEpisode")
    assert episode["@reverse"]["object"]["@type"] == "WatchAction" and episode["@reverse"]["object"]["agent"]["@type"] == "Person"
    assert not any(w.startswith("@graph[0].agent:") for w in warnings)
    graph, warnings = _export("eg-0462", tmp_path)  # WebPage.mainEntity: a Book
    (book,) = _of_type(graph, "Book")
    assert book["name"] == "The Catcher in the Rye"
    assert book["@reverse"]["mainEntity"]["@type"] == "WebPage" and "breadcrumb" in book["@reverse"]["mainEntity"]
    assert not any(w.startswith("@graph[0].breadcrumb") for w in warnings)


def test_an_author_given_by_reference_is_read_and_one_given_as_a_link_reported(tmp_path: Path) -> None:
    graph, _ = _export("eg-0400", tmp_path)  # "author": "#author", a Person elsewhere in the @graph
    books = {n["name"]: n for n in _of_type(graph, "Book")}
    assert set(books) == {"Lord of the Rings", "The Fellowship of the Ring", "The Two Towers", "The Return of the King"}
    assert all(b["author"]["name"] == "Tolkien, J. R. R. (John Ronald Reuel)" for b in books.values())
    trilogy = books["Lord of the Rings"]["@id"]
    assert {b["isPartOf"]["@id"] for n, b in books.items() if n != "Lord of the Rings"} == {trilogy}
    assert books["The Two Towers"]["volumeNumber"] == "2"
    (tolkien,) = _of_type(graph, "Person")  # he holds dates and a sameAs: a node of his own
    assert (tolkien["birthDate"], tolkien["deathDate"], tolkien["sameAs"]) == ("1892", "1973", "http://viaf.org/viaf/95218067")
    _, warnings = _export("eg-0462", tmp_path)
    assert "@graph[0].mainEntity.author: a person or organisation given only as a link (/author/jd_salinger.html); not kept" in warnings


def test_a_series_known_only_by_its_address_is_kept_under_it(tmp_path: Path) -> None:
    graph, warnings = _export("eg-0166", tmp_path)  # the BBC's series, season and episode: URLs only
    (series,) = _of_type(graph, "TVSeries")
    assert series["name"] == series["sameAs"] == "http://www.bbc.co.uk/programmes/b006q2x0"
    episode = series["containsSeason"]["episode"]
    assert episode["episodeNumber"] == "8" and [e["@type"] for e in episode["publication"]] == ["BroadcastEvent", "OnDemandEvent"]
    assert warnings == ["@graph[0].name: a TVSeries with no name; its address http://www.bbc.co.uk/programmes/b006q2x0 is kept as its name"]


def test_seasons_and_episodes_are_kept(tmp_path: Path) -> None:
    graph, warnings = _export("eg-0026", tmp_path)
    (series,) = _of_type(graph, "TVSeries")
    one, two = series["containsSeason"]
    assert (one["name"], one["datePublished"], one["numberOfEpisodes"]) == ("Season 1", "2005-05-22", 14)
    assert two["episode"] == {"@type": "TVEpisode", "name": "Episode 1", "episodeNumber": "1"}
    assert series["author"]["name"] == "Shonda Rimes" and warnings == []


def test_iswc_isbn_publisher_and_aggregate_rating_are_kept(tmp_path: Path) -> None:
    graph, _ = _export("eg-0388", tmp_path)
    (song,) = _of_type(graph, "MusicComposition")
    assert song["identifier"]["propertyID"] == "iswc" and song["identifier"]["value"] == "T-010.140.236-1"
    assert song["publisher"]["name"] == "Northern Songs, Ltd."
    assert [c["name"] for c in song["composer"]] == ["John Lennon", "Paul McCartney"]
    graph, _ = _export("eg-0462", tmp_path)
    (book,) = _of_type(graph, "Book")
    assert book["identifier"]["value"] == "0316769487" and book["publisher"]["name"] == "Little, Brown, and Company"
    assert (book["aggregateRating"]["ratingValue"], book["aggregateRating"]["reviewCount"]) == (4.0, 3077)
    assert (book["numberOfPages"], book["inLanguage"]) == (224, "English")
    reviews = _of_type(graph, "Review")
    assert sorted((r["author"]["name"], r["reviewRating"]["ratingValue"]) for r in reviews) == [("Bob Smith", 4.0), ("John Doe", 5.0)]


def test_a_person_or_group_described_alone_is_in_the_full_export(tmp_path: Path) -> None:
    graph, _ = _export("eg-0001", tmp_path)
    assert [p["name"] for p in _of_type(graph, "Person")] == ["Jane Doe"]
    graph, warnings = _export("eg-0389", tmp_path)
    (beatles,) = _of_type(graph, "MusicGroup")
    assert (beatles["name"], beatles["foundingDate"], beatles["dissolutionDate"]) == ("Beatles", "1957", "1970")
    assert [m["member"]["name"] for m in beatles["member"]] == ["John Lennon", "Paul McCartney", "George Harrison", "Ringo Starr"]
    (album,) = _of_type(graph, "MusicAlbum")  # the group's album, performed by the group
    assert (album["name"], album["alternateName"], album["byArtist"]["name"]) == ("The Beatles", "The White Album", "Beatles")
    # each membership's Role (its name and years) is kept and written back around the member
    lennon = beatles["member"][0]
    assert (lennon["@type"], lennon["roleName"], lennon["startDate"], lennon["member"]["name"]) == (
        "OrganizationRole", ["guitar", "lead vocals"], "1957", "John Lennon")
    assert not any(w.startswith("@graph[0].member[0].roleName") for w in warnings)


def test_a_comic_series_keeps_its_issue_and_its_stories(tmp_path: Path) -> None:
    graph, warnings = _export("eg-0221", tmp_path)
    (series,) = _of_type(graph, "ComicSeries")
    issue = series["hasPart"]
    assert (issue["@type"], issue["issueNumber"], issue["datePublished"]) == ("ComicIssue", "13", "2013-05")
    story, cover = issue["hasPart"]
    assert story["name"] == "HERE WE GO AGAIN PART 3: FEELING SINISTER"
    assert {k: story[k]["name"] for k in ("artist", "colorist", "letterer")} == {
        "artist": "Beni Lobel", "colorist": "Esther Sanz", "letterer": "Neil Uyetake"}
    assert (cover["@type"], cover["name"], cover["author"]["name"]) == ("ComicCoverArt", "CVR B", "Michael Gaydos")
    assert warnings == []


def test_every_accepted_example_exports_and_reads_back_the_same(outcomes: dict[str, Any]) -> None:
    """The catalog's own export of each example is read back with nothing reported lost (a work
    never named is said again to be kept untitled: no loss)."""
    for i, o in outcomes.items():
        if o.accepted:
            again = parse(orjson.dumps(o.exported), uri="file:///again.jsonld")[0]
            assert [w for w in again.warnings if "values of" not in w and not w.endswith("kept untitled")] == [], i


# -- one mapping: the same examples embedded in pages ---------------------------------------------


def _page(body: str, head: str = "") -> bytes:
    return f"<html><head><title>An example</title>{head}</head><body>{body}<p>A page.</p></body></html>".encode()


def _facts(rs: Any) -> Any:
    """What a user sees of the records: works with their kind, date, credits, identifiers and
    parts; releases with tracks and labels; reviews with their author and rating. (Track
    positions are left out: a page numbers its track list by order where the data gives none.)"""
    works = sorted(
        (w.title, str(w.kind), w.date, sorted((c.agent.name, str(c.role), c.character) for c in w.credits), list(w.genres),
         sorted(i.value for i in w.identifiers), w.language, w.page_count, [(p.type, p.title, p.number) for p in w.parts])
        for w in rs.works
    )
    releases = sorted((r.title, [(t.title, t.duration) for t in r.tracks], [lab.label.name for lab in r.labels]) for r in rs.releases)
    reviews = sorted((v.author.name if v.author else "", v.rating.value if v.rating else None) for v in rs.reviews)
    return works, releases, reviews


@pytest.mark.parametrize("example", ["eg-0017", "eg-0026", "eg-0027", "eg-0388", "eg-0462"])
def test_json_ld_in_a_page_is_read_as_the_same_file_is(example: str) -> None:
    from mediagraph.extract import extract

    jsonld = EXAMPLES[example].jsonld
    file = parse(jsonld, uri="file:///example.jsonld")[0]
    page = extract(_page("", f'<script type="application/ld+json">{jsonld}</script>'), uri="file:///example.html", media_type="text/html")
    assert _facts(page) == _facts(file)


@pytest.mark.parametrize("example", ["eg-0026", "eg-0027", "eg-0462"])
def test_microdata_in_a_page_is_read_as_its_json_ld_twin(example: str) -> None:
    """schema.org gives each example as microdata and as JSON-LD: read alike."""
    from mediagraph.extract import extract

    e = EXAMPLES[example]
    file = parse(e.jsonld, uri="file:///example.jsonld")[0]
    page = extract(_page(e.microdata), uri="file:///example.html", media_type="text/html")
    assert _facts(page) == _facts(file)


@pytest.mark.parametrize("example", ["eg-0026", "eg-0027"])
def test_rdfa_in_a_page_is_read_as_its_json_ld_twin(example: str) -> None:
    """schema.org gives each example as RDFa too: read by the same mapping, alike."""
    from mediagraph.extract import extract

    e = EXAMPLES[example]
    file = parse(e.jsonld, uri="file:///example.jsonld")[0]
    page = extract(_page(e.rdfa), uri="file:///example.html", media_type="text/html")
    assert _facts(page) == _facts(file)


def test_a_page_reports_what_its_embedded_data_says_that_is_not_kept() -> None:
    """As a file's ingest does: the page's records keep what has no field of its own, and the
    rest is reported with its path."""
    from mediagraph.extract import extract

    block = orjson.dumps({"@context": "https://schema.org", "@type": "MusicComposition", "name": "Yesterday",
                          "lyrics": {"@type": "CreativeWork", "text": "Yesterday…"},
                          "description": ["A song.", "Another description."]}).decode()
    page = extract(_page("<h1>Yesterday</h1>", f'<script type="application/ld+json">{block}</script>'),
                   uri="https://songs.example/yesterday", media_type="text/html")
    (song,) = page.works
    assert [(p.name, orjson.loads(p.value)) for p in song.extra] == [("lyrics", {"@type": "CreativeWork", "text": "Yesterday…"})]
    assert "embedded data [0].description[1]: one description is kept; not kept" in page.warnings
