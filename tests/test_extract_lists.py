"""Pages that list works, and pages whose <title> names one work among the site's words.

Real pages from bench/realpages/tune (full HTML saved from the sites, addresses in
bench/realpages/SOURCES.md): a Letterboxd poster grid, a cinema's upcoming releases, Pitchfork's
latest reviews, a Rotten Tomatoes critics page and an IMDb sub-page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mediagraph.extract import extract
from mediagraph.extract.lists import list_title
from mediagraph.extract.pagetitle import clean
from mediagraph.model import RecordSet, WorkKind

TUNE = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages"


def _page(name: str) -> RecordSet:
    return extract((TUNE / name).read_bytes(), uri=f"file:///{name}")


def test_a_poster_grid_gives_one_film_per_poster_with_the_actor_the_title_names() -> None:
    rs = _page("film_hb08.html")  # Letterboxd, "Films starring Nicolas Cage": titles only in the posters' alt text
    titles = [w.title for w in rs.works]
    assert {"Spider-Man: Into the Spider-Verse", "Pig", "Mandy", "Face/Off", "Raising Arizona", "Wild at Heart"} <= set(titles)
    assert "Films starring Nicolas Cage" not in titles
    assert all(w.kind == WorkKind.FILM for w in rs.works)
    assert all(any(c.agent.name == "Nicolas Cage" and c.role == "actor" for c in w.credits) for w in rs.works)
    assert len(titles) == len(set(titles)) >= 50


def test_dated_cards_give_films_with_their_release_dates() -> None:
    rs = _page("film_hb15.html")  # "Próximos lançamentos": a title and a date per card, then the site's menus
    dates = {w.title: w.date for w in rs.works}
    assert dates["Shazam!"] == "2019-04-04"
    assert dates["Toy Story 4"] == "2019-06-20"
    assert dates["Pokémon Detetive Pikachu"] == "2019-05-09"
    assert "Trabalhe Conosco" not in dates  # the footer's links are no films
    assert not rs.reviews  # no card is signed: nothing here is a review


def test_signed_review_cards_give_albums_artists_and_reviews() -> None:
    rs = _page("album_ha03.html")  # Pitchfork "Latest Reviews": artist, album, genre, "by: critic", date
    by_title = {w.title: w for w in rs.works}
    assert {"Hats", "Exposure", "POST-", "Bright: The Album", "Huncho Jack, Jack Huncho", "Ghosts"} <= set(by_title)
    huncho = by_title["Huncho Jack, Jack Huncho"]
    assert {c.agent.name for c in huncho.credits} == {"Travis Scott", "Quavo"}
    assert by_title["Exposure"].genres == ("Jazz",)
    review = next(v for v in rs.reviews if v.subject == by_title["Ghosts"].key)
    assert review.author is not None and review.author.name == "Ian Cohen"
    assert review.date == "2018-01-03"
    assert review.rating is None  # the card gives no score, and none is made up


def test_a_critics_page_is_one_films_page() -> None:
    rs = _page("film_hb10.html")  # "Pulp Fiction Movie Reviews, Pictures - Rotten Tomatoes"
    assert [w.title for w in rs.works][:1] == ["Pulp Fiction"]
    assert not any(w.title in ("Top Critic", "Time Out", "BDK Reviews (CBS Radio)") for w in rs.works)
    film = rs.works[0]
    assert film.date == "1994"  # from the heading "Pulp Fiction (1994)"
    assert any(c.agent.name == "Quentin Tarantino" and c.role == "director" for c in film.credits)


def test_a_sub_page_title_names_its_work_and_year() -> None:
    rs = _page("film_hb06.html")  # "Hot Shots! Part Deux (1993) - Release Info - IMDb"
    film = rs.works[0]
    assert (film.title, film.date) == ("Hot Shots! Part Deux", "1993")


@pytest.mark.parametrize(
    "title",
    ["Spindle & Groove Records", "A Game of Thrones: Genesis Original Soundtrack", "Pulp Fiction Movie Reviews",
     "Bright: The Album", "Sony Music Records"],
)
def test_a_name_with_a_kind_word_is_no_list(title: str) -> None:
    assert list_title(title) is None


def test_list_titles_say_what_they_list_and_who_is_in_it() -> None:
    assert list_title("Films starring Nicolas Cage") == (WorkKind.FILM, "Nicolas Cage", "actor")
    assert list_title("Official Top 250 Narrative Feature Films") == (WorkKind.FILM, None, None)
    assert list_title("Próximos lançamentos") == (WorkKind.FILM, None, None)


def test_artist_and_album_titles_keep_the_album() -> None:
    # only the site's own words come off a title; "Artist - Album" is no site name
    assert clean("Corvid Choir - Ashes of Juniper").text == "Corvid Choir - Ashes of Juniper"
    assert clean("Pulp Fiction Movie Reviews, Pictures").text == "Pulp Fiction"
    t = clean("Nybyggerne: Part 1 (TV Episode 2002)")
    assert (t.text, t.year, t.kind) == ("Nybyggerne: Part 1", "2002", "tv episode")


def test_a_recommendation_list_names_no_subject_and_user_reviews_keep_their_authors() -> None:
    rs = _page("film_hb12.html")  # Flixster: "More Like This" lists other films above the users' reviews
    film = rs.works[0]
    assert film.title.startswith("The X-Files: I Want to Believe")
    assert not any("Fight the Future" in w.title for w in rs.works)  # a recommendation is not this page's film
    authors = {v.author.name for v in rs.reviews if v.author is not None}
    # "wgth" / "MCT:" / "August 4, 2008": a label between the user's name and the date
    assert {"wgth", "raford75", "loganbraxton", "monkeybobbob", "stormerswe"} <= authors
    assert "339" not in authors  # a bare count is nobody's name
    assert all(v.subject == film.key for v in rs.reviews)


def test_critics_quotes_on_an_aggregator_page_are_reviews_by_them_for_their_outlets() -> None:
    rs = _page("film_hb10.html")  # quote / "Full Review | Comment" / "03/13/07" / "Todd McCarthy" / "Variety" / "Top Critic"
    film = rs.works[0]
    by_critic = {v.author.name: v for v in rs.reviews if v.author is not None}
    todd = by_critic["Todd McCarthy"]
    assert (todd.date, todd.site) == ("2007-03-13", "Variety")
    assert todd.text is not None and "spectacularly entertaining piece of pop culture" in todd.text
    assert by_critic["Beth Accomando"].site == "KPBS.org"
    assert all(v.subject == film.key for v in by_critic.values())
    assert all(v.rating is None for v in by_critic.values())  # no score is printed beside a quote


def test_a_numbered_poster_list_gives_its_films_in_rank_order() -> None:
    rs = _page("film_hb09.html")  # Letterboxd "Official Top 250 Narrative Feature Films": "1" + a poster's alt text per item
    titles = [w.title for w in rs.works]
    assert titles[:3] == ["Everything Everywhere All at Once", "Parasite", "Come and See"]
    assert "Block or Report" not in titles and not any(t.isdigit() for t in titles)


def test_dated_rated_capsules_review_the_film_they_quote() -> None:
    page = TUNE / "film_tb03.txt"  # "21.09.2018" / "Bewertung: 5" / "… Warwick Thornton … »Sweet Country«"
    rs = extract(page.read_bytes(), uri="file:///film_tb03.txt")
    films = {w.title: w for w in rs.works}
    assert {"Sweet Country", "Cinderella the Cat", "Ballon", "The Man who killed Don Quixote", "Alles ist gut"} <= set(films)
    sweet = next(v for v in rs.reviews if v.subject == films["Sweet Country"].key)
    assert sweet.rating is not None and sweet.rating.value == 5 and sweet.date == "2018-09-21"


def test_comic_capsules_name_their_issue_and_publisher() -> None:
    page = TUNE / "film_tb14.txt"  # "Silver Surfer: Black #1 (Marvel) **– There’s no sadder statement …"
    rs = extract(page.read_bytes(), uri="file:///film_tb14.txt")
    comics = {w.title: w for w in rs.works}
    assert list(comics)[:3] == ["Silver Surfer: Black #1", "The Immortal Hulk #19", "Detective Comics #1005"]
    assert all(w.kind == WorkKind.COMIC for w in comics.values())
    assert [(c.role, c.agent.name) for c in comics["The Immortal Hulk #19"].credits] == [("publisher", "Marvel")]
    assert not rs.releases  # a publisher in brackets makes no record release
