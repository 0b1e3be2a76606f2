"""Extraction of real, full HTML pages that public repositories saved from live sites (tests/data/realhtml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediagraph.extract import extract
from mediagraph.extract.html import parse_html
from mediagraph.extract.pagetitle import choose, clean
from mediagraph.extract.structured import parse_jsonld_block
from mediagraph.jsonld.write import recordset_document
from mediagraph.model import RecordSet, WorkKind

PAGES = Path(__file__).parent / "data" / "realhtml" / "pages"


def _page(name: str, uri: str) -> RecordSet:
    return extract((PAGES / name).read_bytes(), uri=uri)


@pytest.fixture(scope="module")
def bandcamp() -> RecordSet:
    return _page("album_bandcamp_blonde.html", "http://coeurdepirate.bandcamp.com/album/blonde")


@pytest.fixture(scope="module")
def imdb() -> RecordSet:
    return _page("film_imdb_ferris.html", "https://www.imdb.com/title/tt0091042/")


@pytest.fixture(scope="module")
def letterboxd() -> RecordSet:
    return _page("film_letterboxd_sweetback.html", "https://letterboxd.com/film/sweet-sweetbacks-baadasssss-song/")


def test_bandcamp_tracks_and_date_come_from_microdata(bandcamp: RecordSet) -> None:
    (album,) = bandcamp.works
    assert (album.kind, album.title, album.date) == (WorkKind.ALBUM, "Blonde", "2011-11-07")  # <meta itemprop="datePublished" content="20111107">
    assert [c.agent.name for c in album.credits if c.role == "performer"] == ["Cœur de pirate"]
    (release,) = bandcamp.releases
    assert len(release.tracks) == 12
    assert (release.tracks[0].title, release.tracks[0].duration) == ("Lève les voiles", "1:12")
    assert release.tracks[-1].title == "La petite mort"


def test_bandcamp_producer_credit_does_not_make_the_album_a_film(bandcamp: RecordSet) -> None:
    # The about text names a co-producer; the album's own data says it is an album.
    assert not [w for w in bandcamp.works if w.kind == WorkKind.FILM]
    assert not [c for w in bandcamp.works for c in w.credits if c.role == "director"]


def test_bandcamp_store_menu_is_not_page_text(bandcamp: RecordSet) -> None:
    text = bandcamp.source.text or ""
    lines = {ln.strip() for ln in text.splitlines()}
    assert "music" not in lines and "merch" not in lines  # the band page's menu
    assert "Lève les voiles" in text


def test_imdb_title_without_site_suffix_and_entities(imdb: RecordSet) -> None:
    (film,) = imdb.works
    assert film.title == "Ferris Bueller's Day Off"  # JSON-LD writes "Ferris Bueller&apos;s"
    assert imdb.source.title == "Ferris Bueller's Day Off (1986)"  # not "… - IMDb", not "⭐ 7.8 | Comedy"
    assert [c.agent.name for c in film.credits if c.role == "director"] == ["John Hughes"]
    assert film.date == "1986-06-11" and film.genres == ("Comedy",)
    assert film.content_rating == "PG-13"


def test_imdb_aggregate_rating_is_not_a_review(imdb: RecordSet) -> None:
    (review,) = imdb.reviews
    assert review.author is not None and review.author.name == "mdm-11"
    assert review.rating is None  # the 7.8 is every user's mean, not mdm-11's score
    doc = recordset_document(imdb)
    assert not [n for n in doc["@graph"] if n.get("@type") == "Review" and "7.8" in str(n.get("reviewRating"))]


def test_letterboxd_cdata_jsonld_release_year_wins_over_site_record_date(letterboxd: RecordSet) -> None:
    film = letterboxd.works[0]
    assert film.title == "Sweet Sweetback's Baadasssss Song"
    assert film.date == "1971"  # releasedEvent; dateCreated 2011-06-22 is when Letterboxd made its page
    actors = {c.agent.name for c in film.credits if c.role == "actor"}
    assert {"Simon Chuckster", "Melvin Van Peebles"} <= actors
    # The 3.21 weighted average of 5,914 members' ratings is no one's review.
    assert all(v.rating is None or v.rating.value != 3.21 for v in letterboxd.reviews)


def test_letterboxd_block_is_read_through_its_cdata_wrapper() -> None:
    html = parse_html((PAGES / "film_letterboxd_sweetback.html").read_text(encoding="utf-8"), [])
    warnings: list[str] = []
    nodes = [n for raw in html.jsonld for n in parse_jsonld_block(raw, warnings)]
    assert [n.get("@type") for n in nodes] == ["Movie"]
    assert "/* <![CDATA[ */" in html.jsonld[0]


def test_spotify_artist_from_title_byline_not_profile_link() -> None:
    rs = _page("album_spotify_access_all_arenas.html", "https://open.spotify.com/album/7CjakTZxwIF8oixONe6Bpb")
    (album,) = rs.works
    assert album.title == "Access All Arenas" and album.date == "2012-12-10"
    names = [c.agent.name for c in album.credits]
    assert names == ["Justice"]  # music:musician is only a URL: no name is made from it
    (release,) = rs.releases
    assert len(release.tracks) == 14  # the ARIA grid rows read as a track table
    assert (release.tracks[0].title, release.tracks[0].duration) == ("Genesis - Live / AAA", "7:45")


def test_apple_music_tracks_listed_under_tracks() -> None:
    rs = _page("album_applemusic_online_nomikai.html", "https://music.apple.com/us/album/1654452985")
    (release,) = rs.releases
    assert [(t.title, t.duration) for t in release.tracks] == [("Online Nomikai", "1:35")]
    assert rs.works[0].credits[0].agent.name == "Online"


def test_tidal_song_artist_is_a_group() -> None:
    rs = _page("song_tidal_despecha.html", "https://tidal.com/browse/track/240175608")
    (song,) = rs.works
    assert (song.kind, song.title, song.date) == (WorkKind.SONG, "DESPECHÁ", "2022-07-28")
    assert [(c.agent.name, str(c.agent.kind)) for c in song.credits] == [("ROSALÍA", "group")]


@pytest.mark.parametrize(
    ("name", "site", "title"),
    [
        ("film_imdb_ferris.html", "IMDb", "Ferris Bueller's Day Off"),
        ("album_spotify_access_all_arenas.html", "Spotify", "Access All Arenas"),
        ("album_applemusic_online_nomikai.html", "Apple Music", "Online Nomikai"),
        ("album_bandcamp_blonde.html", "Cœur de pirate", "Blonde"),
        ("song_tidal_despecha.html", "Music on TIDAL", "DESPECHÁ"),
    ],
)
def test_page_titles_lose_the_site_chrome(name: str, site: str, title: str) -> None:
    html = parse_html((PAGES / name).read_text(encoding="utf-8"), [])
    assert html.site is not None and html.site.replace("\xa0", " ") == site
    chosen = choose(title=html.title, og_title=html.og.get("og:title"), h1=html.h1, site=html.site, host=None)
    assert chosen.text == title
    if "(1986)" in (html.title or ""):
        assert chosen.year == "1986"  # "Ferris Bueller's Day Off (1986) - IMDb": the year comes apart from the title


def test_a_menu_heading_is_not_the_title() -> None:
    # Bandcamp's <title>, with a heading taken from its store menu: the menu entry is not chosen.
    html = parse_html((PAGES / "album_bandcamp_blonde.html").read_text(encoding="utf-8"), [])
    assert choose(title=html.title, og_title=html.og.get("og:title"), h1="merch", site=html.site).text == "Blonde"
    assert clean("Login", site=html.site).text is None


def test_an_episode_page_gives_the_episode_of_its_series() -> None:
    # IMDb's page of a TV episode (bench/realpages/tune/pages/film_hb03.html): TVEpisode JSON-LD without the series,
    # '"DR-Friland" Nybyggerne: Part 1 (TV Episode 2002) - IMDb', "S1.E5", and "Runtime" above "28 minutes"
    from mediagraph.jsonld import recordset_document

    page = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages" / "film_hb03.html"
    rs = extract(page.read_bytes(), uri="https://www.imdb.com/title/tt0816352/")
    episode = next(w for w in rs.works if w.title == "Nybyggerne: Part 1")
    series = next(w for w in rs.works if w.title == "DR-Friland")
    assert (episode.runtime, episode.number, series.kind) == ("0:28:00", "5", "tv_series")
    assert any(r.subject == episode.key and r.predicate == "part_of" and r.object == series.key for r in rs.relations)
    doc = recordset_document(rs)
    nodes = {n.get("name"): n for n in doc["@graph"]}
    assert nodes["Nybyggerne: Part 1"]["@type"] == "TVEpisode"
    assert nodes["Nybyggerne: Part 1"]["partOfSeries"] == {"@id": nodes["DR-Friland"]["@id"]}
    assert nodes["Nybyggerne: Part 1"]["episodeNumber"] in (5, "5")


def test_a_catalogs_table_of_releases_gives_one_release_a_row() -> None:
    # MusicBrainz's release-group page (bench/realpages/tune/pages/release_ha11.html): the table of releases sits in a
    # <form> (to tick rows for merging); "Release | Format | Tracks | Date | Country | Label | Catalog# | Barcode"
    page = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages" / "release_ha11.html"
    rs = extract(page.read_bytes(), uri="https://musicbrainz.org/release-group/8a061d0e-fa0c-4571-91ff-8bc3911b6428")
    rows = [(r.date, r.country, [rl.label.name for rl in r.labels], [rl.catalog_number for rl in r.labels],
             [f.name for f in r.formats], r.track_count, [i.value for i in r.identifiers]) for r in rs.releases if r.labels]
    assert (("2013-06-11", "US", ["Deathwish Inc."], ["DW146"], ["CD"], 7, ["020286198345"]) in rows)
    # "[none]" is no barcode, and the Japanese edition's empty barcode cell gives none either
    assert ("2013-06-19", "JP", ["Daymare Recordings"], ["DYMC-196"], ["CD"], 8, []) in rows
    assert not any("\t" in rl.label.name for r in rs.releases for rl in r.labels)


def test_a_bare_label_takes_only_values_of_its_kind() -> None:
    # IMDb's episode page: "Genre" / "Documentary" / "Parents guide" / "Add content advisory": one genre, not the menu after it
    page = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages" / "film_hb03.html"
    rs = extract(page.read_bytes(), uri="https://www.imdb.com/title/tt0816352/")
    episode = next(w for w in rs.works if w.title == "Nybyggerne: Part 1")
    assert list(episode.genres) == ["Documentary"]


def test_members_reviews_stay_one_films_reviews() -> None:
    # Letterboxd (bench/realpages/tune/pages/film_hb07.html): "Review by josh lewis   ★★★★" and eight more; a line
    # inside a review ("Come on feet!") is no film of its own, and a member's lower-case name is still an author
    page = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages" / "film_hb07.html"
    rs = extract(page.read_bytes(), uri="https://letterboxd.com/film/sweet-sweetbacks-baadasssss-song/")
    titles = [w.title for w in rs.works]
    assert titles[0] == "Sweet Sweetback's Baadasssss Song"
    assert not {"Come on feet!", "“Come on feet!”", "Show All…", "Review by josh lewis"} & set(titles)
    assert set(titles[1:]) <= {"Melvin Van Peebles: Four Films", "Shaft"}  # the box set a member names in italics is a work
    by = {v.author.name: v for v in rs.reviews if v.author is not None}
    assert {"Sean Baker", "josh lewis", "Harry Du Bois", "Liz"} <= set(by)
    assert by["josh lewis"].rating is not None and by["josh lewis"].rating.value == 4.0
    assert by["Sean Baker"].rating is None  # no stars on his review: none invented
