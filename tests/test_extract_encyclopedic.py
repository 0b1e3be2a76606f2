"""Encyclopedia and wiki pages about works, and the marks editors set titles with: real pages from
bench/realpages/tune (the part we tune on; see its SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediagraph.extract import extract
from mediagraph.model import RecordSet, WorkKind

TUNE = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages"


def _page(name: str) -> RecordSet:
    return extract((TUNE / name).read_bytes(), uri=f"https://example.org/{name}")


@pytest.fixture(scope="module")
def letters() -> RecordSet:
    # a Wikipedia mirror flattened to text: lead sentence, infobox rows glued to their labels
    # ("GenreR&B, pop, soul"), a "Professional ratings" box whose stars were lost
    return _page("album_tw01.txt")


def test_the_lead_sentence_names_the_subject_and_its_artist(letters: RecordSet) -> None:
    main = letters.works[0]
    assert main.title == "Letters from Birmingham"  # not the producer's quoted nickname "BlacElvis"
    assert main.kind == WorkKind.ALBUM
    assert "Ruben Studdard" in {c.agent.name for c in main.credits if c.role == "performer"}
    assert not any(c.agent.name == "Letters from Birmingham" for c in main.credits)  # its title is no one's name


def test_glued_infobox_labels_are_read(letters: RecordSet) -> None:
    main = letters.works[0]
    assert list(main.genres)[:1] == ["R&B"]
    [rel] = [r for r in letters.releases if r.work == main.key]
    assert [lab.label.name for lab in rel.labels] == ["Shanachie Records"]


def test_a_score_box_gives_each_publication_its_review(letters: RecordSet) -> None:
    by = {v.site: v for v in letters.reviews}
    assert {"AllMusic", "Billboard", "Entertainment Weekly", "The Washington Post"} <= set(by)
    assert by["Entertainment Weekly"].rating is not None and by["Entertainment Weekly"].rating.text == "B+"
    assert by["Billboard"].rating is not None and by["Billboard"].rating.text == "favorable"
    assert by["AllMusic"].rating is None  # its stars were pictures the text lost: no score invented
    assert all(v.author is None and v.text is None for v in by.values())  # a publication's verdict, not a text


def test_a_wiki_article_is_no_review() -> None:
    # release_ha11: the English Wikipedia article on Deafheaven's Sunbather (MediaWiki)
    rs = _page("release_ha11.html")
    assert all(v.site or v.rating or v.author for v in rs.reviews)


def test_titles_set_in_italics_are_works_and_magazines_are_not() -> None:
    # album_ha01: Pitchfork on Yankee Hotel Foxtrot names Wilco's other albums in <em>, and a newspaper too
    rs = _page("album_ha01.html")
    titles = {w.title: w for w in rs.works}
    assert titles["Summerteeth"].kind == WorkKind.ALBUM
    assert "Being There" in titles
    assert "Chicago Sun-Times" not in titles  # "pressed by the <em>Chicago Sun-Times</em>": a newspaper
    assert "March 16-20, 1992" not in titles  # a date in italics


def test_reviewers_signed_above_their_stars_keep_their_own_stars() -> None:
    # film_hb12: Flixster cards "Karez2much" / "3.5 Stars" (a picture's alt text) / "MCT:" / "August 4, 2008" / text
    rs = _page("film_hb12.html")
    by = {v.author.name: v for v in rs.reviews if v.author is not None}
    assert by["Karez2much"].rating is not None and by["Karez2much"].rating.value == 3.5
    assert by["wgth"].rating is not None and by["wgth"].rating.value == 4.0
    assert by["raford75"].rating is None  # "No rating."
    assert "happy to see the couple back" in (by["Karez2much"].text or "")


def test_a_title_ending_in_ost_letters_is_not_a_soundtrack() -> None:
    from mediagraph.extract.relations import SOUNDTRACK_SUFFIX

    assert SOUNDTRACK_SUFFIX.sub("", "Ghost") == "Ghost"  # not "Gh", the soundtrack of a series "Gh"
    assert SOUNDTRACK_SUFFIX.sub("", "Akira OST") == "Akira"


def test_a_featured_act_is_the_tracks_performer_and_leaves_its_title(letters: RecordSet) -> None:
    # '7. "Do It Right" (featuring Chrisette Michele)'
    tracks = {t.title: t for r in letters.releases for t in r.tracks}
    assert "Do It Right" in tracks and "Pure Imagination" in tracks
    assert [c.agent.name for c in tracks["Do It Right"].credits] == ["Chrisette Michele"]
    assert not any(title.startswith('"') for title in tracks)  # the quotes are the page's typography, not the title


def test_a_players_name_in_brackets_after_a_character_is_an_actor() -> None:
    # film_tb19: a Japanese review, "川島の娘有美(宮沢りえ…" is the character Yumi and her player; the bracket after
    # a title's translation is no player ("Ao no Hako (Blue Box)", tested with MyAnimeList's page)
    rs = _page("film_tb19.txt")
    actors = {c.agent.name for c in rs.works[0].credits if c.role == "actor"}
    assert "窪田正孝" in actors


def test_members_signing_under_the_date_are_the_authors() -> None:
    # film_hb13: MyAnimeList's reviews, "Oct 17, 2024" / "cynfest456" / "Preliminary (3/25 eps)" / text, and a
    # "Gift" button above each date that is nobody's name
    rs = _page("film_hb13.html")
    authors = {v.author.name for v in rs.reviews if v.author is not None}
    assert {"cynfest456", "Shadow654", "Hichikarah"} <= authors
    assert "Gift" not in authors


def test_a_tracklist_table_flattened_with_bars_keeps_titles_and_times() -> None:
    # album_tw04: '1. | "Sorry 2004" | Harvey Mason, Jr., … | 4:22 |'
    rs = _page("album_tw04.txt")
    tracks = {t.title: t for r in rs.releases for t in r.tracks}
    assert tracks["Sorry 2004"].duration == "4:22"
    assert not any("|" in title for title in tracks)


def test_an_infobox_lists_one_name_a_line_and_a_dated_footer_is_no_rating() -> None:
    # film_tw05: "Written by Peter Barnes" / "Fabio Carpi", "Starring Alfred Molina" / "Jonathan Pryce" / …, and a
    # footer "… issued from Wikipedia - version of the 3/11/2016" that holds no rating of 3 out of 11
    rs = _page("film_tw05.txt")
    film = rs.works[0]
    credits = {(c.role, c.agent.name) for c in film.credits}
    assert {("writer", "Peter Barnes"), ("writer", "Fabio Carpi"), ("actor", "Rupert Friend")} <= credits
    assert not any("Cinematography" in name for _, name in credits)  # "Music by A" / "Cinematography B": the next row
    assert film.aggregate is None
    assert not any(v.rating for v in rs.reviews)


def test_a_work_the_page_names_twice_is_one_work() -> None:
    # film_hb05: IMDb's 2008 page names "IMDb > Pulp Fiction (1994)" in its breadcrumb and "Pulp Fiction (1994)" as
    # its heading; the cast under the heading and the details under the breadcrumb are one film's
    rs = _page("film_hb05.html")
    assert [w.title for w in rs.works].count("Pulp Fiction") == 1
    film = next(w for w in rs.works if w.title == "Pulp Fiction")
    assert film.date == "1994" and any(c.agent.name == "John Travolta" for c in film.credits)
    assert film.runtime is not None  # the twin's running time joined the film


def test_a_blog_posts_date_above_its_title_dates_that_post() -> None:
    # album_ta07: "lundi, août 16, 2010" / "Expresso - Phosphorescent - Here's to Taking It Easy - 6/10" / text /
    # "samedi, janvier 30, 2010" / "Abbe May - Hoodoo You Do - 6,5/10" / …
    rs = _page("album_ta07.txt")
    dates = {w.title: v.date for w in rs.works for v in rs.reviews if v.subject == w.key}
    assert dates["Here's to Taking It Easy"] == "2010-08-16"
    assert dates["Hoodoo You Do"] == "2010-01-30"


def test_emoji_stars_that_open_a_capsule_are_its_rating() -> None:
    # film_tb16: "FRACTURED" / "⭐️⭐️⭐️⭐️ – Parfois, la vérité est cruelle …" (each star an emoji with its U+FE0F)
    rs = _page("film_tb16.txt")
    fractured = next(w for w in rs.works if w.title.casefold() == "fractured")
    [v] = [v for v in rs.reviews if v.subject == fractured.key]
    assert v.rating is not None and v.rating.value == 4 and v.rating.best == 5
    assert "Parfois, la vérité" in (v.text or "")  # the line that holds the stars is still the review's text


def test_a_pages_summary_gives_its_listed_works_their_years() -> None:
    # film_hb09: a Letterboxd list whose posters name the films and whose meta description says "including
    # Everything Everywhere All at Once (2022), Parasite (2019), Come and See (1985) …"
    rs = _page("film_hb09.html")
    films = {w.title: w for w in rs.works}
    assert films["Parasite"].date == "2019" and films["Come and See"].date == "1985"
