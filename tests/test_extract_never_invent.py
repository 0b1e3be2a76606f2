"""What a page does not say stays absent: each case is a real page that used to make up a value.

Placeholders ("N/A", "TBA", "--", "[none]") are not values; site text is not a review; many
raters' figure ("4.7 out of 10" over "# of Votes 59") is not one reviewer's score; the date a
site added its record is not the work's year; the site's name in the <title> is not an artist.
Pages come from bench/realpages/tune (full HTML saved from the sites, addresses in
bench/realpages/SOURCES.md) and from the search tool's stored pages (text cut to the part that
matters, address in a comment). Assertions are what a user reads in `mediagraph extract`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mediagraph.extract import extract
from mediagraph.model import RecordSet

ROOT = Path(__file__).resolve().parents[1]
TUNE = ROOT / "bench" / "realpages" / "tune" / "pages"

# What pages write where a value is missing, as a user would spot it in the output.
MISSING = {"n/a", "na", "tba", "tbd", "--", "-", "[none]", "(none)", "none", "unknown", "???", "?", "not on label"}


def _tune(stem: str, url: str) -> RecordSet:
    return extract((TUNE / stem).read_bytes(), uri=url)


def _shown(rs: RecordSet) -> list[str]:
    """Every value `mediagraph extract --format text` prints for the page's records."""
    out: list[str] = []
    for w in rs.works:
        out += [w.title, w.date or ""] + [c.agent.name for c in w.credits] + [i.value for i in w.identifiers]
    for r in rs.releases:
        out += [r.title, r.date or "", *(c.agent.name for c in r.credits), *(i.value for i in r.identifiers)]
        out += [lb.label.name for lb in r.labels] + [lb.catalog_number or "" for lb in r.labels]
    for v in rs.reviews:
        out += [v.author.name if v.author else "", v.date or "", v.rating.text if v.rating else ""]
    return [x for x in out if x]


def _no_placeholder(rs: RecordSet) -> None:
    shown = [x for x in _shown(rs) if x.strip().strip(".").lower() in MISSING]
    assert not shown, f"placeholders shown as values: {shown}"


def _ratings(rs: RecordSet) -> list[float]:
    return [v.rating.value for v in rs.reviews if v.rating is not None and v.rating.value is not None]


# -- placeholders are not values ------------------------------------------------------------


@pytest.mark.parametrize(("stem", "url"), [
    ("release_ha02.html", "https://vgmdb.net/album/41559"),  # "Catalog Number N/A" (a digital release)
    ("release_ha04.html", "https://vgmdb.net/album/16160"),  # "Catalog Number N/A", price "Free"
    ("release_ha01.html", "https://vgmdb.net/album/79"),  # related albums listed with catalog "N/A"
    ("release_ha11.html", "https://musicbrainz.org/release-group/8a061d0e-fa0c-4571-91ff-8bc3911b6428"),  # barcode "[none]"
])
def test_a_catalog_number_or_barcode_that_is_missing_is_absent(stem: str, url: str) -> None:
    rs = _tune(stem, url)
    _no_placeholder(rs)
    cats = [i.value for r in rs.releases for i in r.identifiers] + [lb.catalog_number for r in rs.releases for lb in r.labels if lb.catalog_number]
    assert "N/A" not in cats and "[none]" not in cats


def test_the_real_catalog_number_stays() -> None:
    rs = _tune("release_ha01.html", "https://vgmdb.net/album/79")
    assert any(i.value == "SSCX-10037" for r in rs.releases for i in r.identifiers)


# https://theplaylist.net/the-100-most-anticipated-films-of-2025-20241203/6 (three capsules)
PLAYLIST = """50. “Pressure”
A British historical drama film written and directed by Anthony Maras (“Hotel Mumbai”), “Pressure” centers on a meteorologist who must deliver a weather report to the Allied Forces high command to determine the feasibility of the planned D-Day attack during WWII. Andrew Scott stars as meteorologist James Stagg and Brendan Fraser plays Dwight D. Eisenhower. Kerry Condon, Damian Lewis, and Chris Messina all co-star.
Release Date: TBD via Focus Features who could trot it out during the fall film festival circuit.
49. “Huntington”
Sundance 2022 produced a great crop of breakout filmmakers. One of them, “Emily The Criminal” director John Patton Ford, returns with “Huntington,” a loose remake of the 1949 heist black comedy “Kind Hearts & Coronet,” a film about a poor relative of a rich man who plots to inherit his wealth by murdering the eight other heirs who stand ahead of him in the line of succession. Glen Powell stars alongside Margaret Qualley, Ed Harris, Jessica Henwick, Zach Woods, Topher Grace, Raff Law, and Bill Camp.
Release Date: TBD via A24 and it feels like something that would debut at TIFF.
"""


def test_a_release_date_to_be_announced_is_no_date() -> None:
    rs = extract(PLAYLIST, uri="https://theplaylist.net/the-100-most-anticipated-films-of-2025-20241203/6")
    pressure = next(w for w in rs.works if w.title == "Pressure")
    assert pressure.date is None
    _no_placeholder(rs)
    # Kino Lorber's "street date TBA": the films keep their own years, the discs get no date.
    rs = _tune("release_ta07.txt", "https://digitalbits.com/columns/my-two-cents/051315_1300")
    _no_placeholder(rs)
    assert all(r.date is None for r in rs.releases)


# https://1000flights.blogspot.com/2016/12/58-get-back-in-not-on-label-c46-usa-199.html
FLIGHTS = """a blog about obscure muzik & graphix,random thoughts and free minds.

Wednesday 7 December 2016

58-Get Back In-(Not On Label-c46-Usa(?)-199?)

Another mistery tape!There is no address or any info on the cover sleeve and I cannot remember who sent me this tape back in the 90s.
Somehow I have gut feelings that this artist, simply called 58, might be associated to the american label Oral Gestation Artefacts, I am not 100% sure anyway. The cassette offer us 2 long tracks with lots of spoken words,noises,ambient and some more talks.
"""


def test_not_on_label_and_an_unsure_year_are_no_label_and_no_year() -> None:
    rs = extract(FLIGHTS, uri="https://1000flights.blogspot.com/2016/12/58-get-back-in-not-on-label-c46-usa-199.html")
    _no_placeholder(rs)
    assert not any(lb.label.name.lower().startswith("not on label") for r in rs.releases for lb in r.labels)
    assert not any((w.date or "").startswith("199?") for w in rs.works)


# https://moviegrouponline.com/moviedetails/tt0348461 (a film database page)
MOVIEGROUP = """Plot
Set within a mental ward, doctors try to cope with people suffering from a variety of ailments. Among the afflicted are a young man who believes his parents are really from outer space, a murderous television producer, and a prominent fashion photographer obsessed with a motivational record.
Written by
Robert Rufo, George Slobonzian, Douglas Taylor
Directed by
Michel Wachniuc
Crew
Production Countries
Canada
Production Companies
Taurus 7 Film Corporation
Awards
N/A
Scores
# of Votes
59
Average Rating
4.7 out of 10
Metascore
NA
Popularity
NA
"""


def test_awards_and_metascore_of_na_are_not_values() -> None:
    rs = extract(MOVIEGROUP, uri="https://moviegrouponline.com/moviedetails/tt0348461")
    _no_placeholder(rs)
    assert any(c.agent.name == "Michel Wachniuc" for w in rs.works for c in w.credits)


# -- many raters' figure is not one reviewer's score ----------------------------------------


# https://chatbotsplace.com/m/movie/1087359 (a film database page: no review on it)
CHATBOTS = """← Back to Movies

The Star
A documentary about 55-year-old welder, who fell in love with acting in worst sci-fi theatre play of all time.
★ 0.0 (0 votes) | 2013 | 0h 20m
Documentary
Overview
A documentary on Jan Slovak, a 55-year-old welder, who fell in love with acting. His desire began, when he got the lead role in a theatrical adaptation of the worst movie of all time, Plan 9 From Outer Space by Ed Wood Jr. The passion for theater became his destiny.
Details
- Status Released
- Release Date October 24, 2013
- Budget N/A
- Revenue N/A
- Production Cinetype
"""


def test_a_star_over_zero_votes_is_no_ones_rating() -> None:
    # "★ 0.0 (0 votes)" used to become a one-star review.
    rs = extract(CHATBOTS, uri="https://chatbotsplace.com/m/movie/1087359")
    assert all(v.rating is None for v in rs.reviews)
    _no_placeholder(rs)


def test_an_item_of_a_dashed_list_is_not_a_reviewer() -> None:
    rs = extract(CHATBOTS, uri="https://chatbotsplace.com/m/movie/1087359")
    assert not any(v.author and v.author.name == "Status Released" for v in rs.reviews)


# https://moviessuite92online.blogspot.com/search?max-results=20&reverse-paginate=true&updated-max=2014-02-20T19%3A55%3A00-08%3A00
MOVIESSUITE = """20140219: Horror Review--Vanishing on 7th Street


Vanishing on 7th Street
  1. Fundamentals, reception.
    1. American live action feature length film, 2010, rated R, 92 minutes, horror, thriller.
    2. IMDB: 4.9/10.0 from 18,381 audience ratings.  Estimated budget, 10 million USD.
    3. Rotten Tomatoes: 51% on the meter; 20% liked it from 16,660 audience ratings.
    4. Netflix: 3.1/5.0 from 456,060 audience ratings.
    5. Directed by: Brad Anderson.
    6. Starring: Hayden Christenson as Luke, Thandie Newton as Rosemary, John Leguizamo as Paul, Jacob Latimore as James.

  3. Conclusions
    1. One line summary:  During a power outage, a dark force makes people vanish.
    2. Three stars of five.
"""


def test_other_sites_averages_are_not_the_reviewers_score() -> None:
    rs = extract(MOVIESSUITE, uri="https://moviessuite92online.blogspot.com/")
    assert not {4.9, 3.1, 51.0, 20.0} & set(_ratings(rs))


def test_an_average_from_fourteen_ratings_is_not_a_review_score(shared_pages_dir: Path) -> None:
    # album_11: http://www.metalmusicarchives.com/reviews, "Cover art 3.98 | 14 ratings"
    rs = extract((shared_pages_dir / "pages" / "album_11.txt").read_bytes(), uri="http://www.metalmusicarchives.com/reviews")
    assert 3.98 not in _ratings(rs)
    assert len(rs.reviews) <= 1  # one written review, never one per rating
    album = next(w for w in rs.works if w.title == "De Profundis")
    assert album.aggregate is not None and album.aggregate.value == 3.98 and album.aggregate.rating_count == 14


@pytest.mark.parametrize(("stem", "url", "average"), [
    ("film_hb13.html", "https://myanimelist.net/anime/57181/Ao_no_Hako", 8.4),  # "8.40 scored by 16,830 users"
    ("film_hb07.html", "https://letterboxd.com/film/sweet-sweetbacks-baadasssss-song/", 3.21),  # AggregateRating in JSON-LD
    ("release_ha13.html", "https://www.metal-archives.com/albums/Trollfest/Willkommen_Folk_Tell_Drekka_Fest%21/", 68.0),  # "Average rating for 2 reviews is 68%"
    ("release_ha11.html", "https://musicbrainz.org/release-group/8a061d0e-fa0c-4571-91ff-8bc3911b6428", 4.35),  # community rating
])
def test_a_sites_average_is_no_reviews_score(stem: str, url: str, average: float) -> None:
    assert average not in _ratings(_tune(stem, url))


def test_user_rating_with_its_votes_is_no_review_score() -> None:
    # film_hb05: IMDb, 2008 layout, "User Rating: 8.9/10 (298,638 votes)"
    rs = _tune("film_hb05.html", "http://www.imdb.com/title/tt0110912/")
    assert 8.9 not in _ratings(rs)


def test_imdb_rating_is_not_the_user_reviewers_score() -> None:
    # film_hb01: IMDb 2022, "IMDb RATING / 6.6 /10 / 422K"; the one user review (Screen-Space) gives no score
    rs = _tune("film_hb01.html", "https://www.imdb.com/title/tt0382625/")
    assert 6.6 not in _ratings(rs)


def test_an_average_rating_under_a_vote_count_is_no_review() -> None:
    rs = extract(MOVIEGROUP, uri="https://moviegrouponline.com/moviedetails/tt0348461")
    assert 4.7 not in _ratings(rs)


# -- the site's own dates and names ---------------------------------------------------------


def test_the_date_a_site_created_its_record_is_not_the_films_year() -> None:
    # Letterboxd's JSON-LD: releasedEvent 1971, dateCreated 2011-… (when the site added the film).
    rs = _tune("film_hb07.html", "https://letterboxd.com/film/sweet-sweetbacks-baadasssss-song/")
    film = next(w for w in rs.works if w.title.startswith("Sweet Sweetback"))
    assert film.date == "1971"


def test_the_date_vgmdb_added_an_album_is_not_its_release_date() -> None:
    # "Release Date Nov 20, 1999" … "Added" with the site's own timestamp below.
    rs = _tune("release_ha01.html", "https://vgmdb.net/album/79")
    assert {r.date for r in rs.releases} == {"1999-11-20"}


def test_the_site_named_in_the_title_is_not_the_artist() -> None:
    # <title>Encyclopaedia Metallum - Trollfest - Willkommen Folk Tell Drekka Fest!</title>: the
    # album used to be credited to "Encyclopaedia Metallum".
    rs = _tune("release_ha13.html", "https://www.metal-archives.com/albums/Trollfest/Willkommen_Folk_Tell_Drekka_Fest%21/")
    performers = {c.agent.name for w in rs.works for c in w.credits if str(c.role) == "performer"}
    assert "Encyclopaedia Metallum" not in performers
    assert "Trollfest" in performers


def test_an_image_file_name_beside_the_artist_is_not_part_of_it(shared_pages_dir: Path) -> None:
    # album_05: https://isitanygoodsite.wordpress.com/category/soundtracks/, "ARTIST: Various (Mostly Los Lobos)   220px-Labambasounds"
    rs = extract((shared_pages_dir / "pages" / "album_05.txt").read_bytes(), uri="https://isitanygoodsite.wordpress.com/category/soundtracks/")
    names = [c.agent.name for w in rs.works for c in w.credits]
    assert names and not any("px-" in n or "Labambasounds" in n for n in names)


def test_no_credit_is_a_link_path_or_a_file_name(shared_pages_dir: Path) -> None:
    # Every real page we hold but the five IMDb pages near 1 MB (kept out for time): a name is
    # never an address, a path or an image file.
    import re

    pages = sorted((shared_pages_dir / "pages").glob("*.txt")) + [p for p in sorted(TUNE.glob("*")) if p.stat().st_size < 500_000]
    bad = re.compile(r"https?:|www\.|/[a-z0-9-]+/|\.(?:html?|php|jpe?g|png|gif)\b|\d+px-")
    found = []
    for page in pages:
        rs = extract(page.read_bytes(), uri=f"file:///{page.name}")
        names = [c.agent.name for w in rs.works for c in w.credits] + [c.agent.name for r in rs.releases for c in r.credits]
        found += [(page.name, n) for n in names if bad.search(n)]
    assert not found


def test_a_blog_services_banner_is_not_the_films_title() -> None:
    # film_tb32: http://matoko.blog.so-net.ne.jp/archive/c2301248989-1
    rs = _tune("film_tb32.txt", "http://matoko.blog.so-net.ne.jp/archive/c2301248989-1")
    assert all("ブログ作成" not in w.title for w in rs.works)


@pytest.mark.parametrize(
    "title",
    ["España España · Hobbiton", "67564366Film américain", "Eyed Jack'"],
)
def test_a_menu_an_image_name_or_half_a_quote_is_no_title(title: str) -> None:
    from mediagraph.extract.entries import plausible_title

    assert not plausible_title(title)


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("REVIEW: Silver Surfer #5 – “One of the most fun comics being published right now”", "Silver Surfer #5"),
        ("Bohemian Rhapsody – Recenze", "Bohemian Rhapsody"),
        ("Classic Film Review: A Tale of Two Sisters", "A Tale of Two Sisters"),
        ("Oculus (Review)", "Oculus"),
        ("The Review", "The Review"),  # a title that is the word itself stays
    ],
)
def test_the_sites_word_for_a_review_is_not_part_of_the_title(head: str, title: str) -> None:
    from mediagraph.extract.entries import strip_title

    assert strip_title(head) == title


def test_a_headline_ending_on_a_quoted_title_is_about_that_title() -> None:
    from mediagraph.extract.entries import strip_title

    head = "Neu im Kino/Buch- und Filmkritik: die Ferdinand-von-Schirach-Verfilmung „Der Fall Collini“"
    assert strip_title(head) == "Der Fall Collini"
    assert strip_title('Theme From "Pier Seven"') != "Pier Seven"  # a short title ending on a quote keeps its words


def test_quoted_titles_with_their_year_are_works_of_their_own() -> None:
    from mediagraph.extract.doc import Doc
    from mediagraph.extract.mentions import find_mentions
    from mediagraph.model import WorkKind

    text = ("Halbwegs spontan fallen mir Roland Suso Richters „Nichts als die Wahrheit“ (1999 – mit Götz George) und "
            "Fatih Akins „Aus dem Nichts“ (2017) ein.")
    found = {(m.title, m.year, m.kind) for m in find_mentions(Doc(text).lines, kind=WorkKind.FILM)}
    assert ("Nichts als die Wahrheit", "1999", WorkKind.FILM) in found
    assert ("Aus dem Nichts", "2017", WorkKind.FILM) in found


def test_a_show_is_told_from_a_film_by_its_seasons_and_episodes() -> None:
    from mediagraph.extract.realpage import screen_kind
    from mediagraph.model import WorkKind

    show = ("The second season of the series runs eight episodes; the showrunner keeps each episode tight, "
            "and the season finale is the best hour of television this year.")
    film = "The fourth film in the series is a two-hour movie, directed with care; the film's cast is strong."
    assert screen_kind(show) == WorkKind.TV_SERIES
    assert screen_kind(film) == WorkKind.FILM


def test_a_records_release_date_in_its_prose() -> None:
    from mediagraph.extract import extract
    from mediagraph.model import WorkKind

    text = ("1008 Dirty Mind--Prince\n\n这是 Prince 的 第三张录音室专辑,继《Prince》(1979)之后发行于1980年10月8日,距离今天已经 45 年了。"
            "这张专辑的主题突破了很多禁忌。这张专辑的封面也非常出格。专辑 album 专辑 record。\n")
    rs = extract(text.encode(), uri="file:///dirty.txt")
    album = next(w for w in rs.works if w.kind == WorkKind.ALBUM)
    assert [r.date for r in rs.releases if r.work == album.key] == ["1980-10-08"]


def test_emoji_stars_count_as_stars() -> None:
    from mediagraph.extract.text import decode

    # "⭐️" is U+2B50 followed by the emoji presentation selector U+FE0F: four of them are four stars, not one
    assert decode("⭐️⭐️⭐️⭐️ – drôle et mélancolique".encode()).text.startswith("⭐⭐⭐⭐ ")


# A fan site's capsules (../shared/pages album_03, cut to the part that matters): "TITLE (by
# Artist: where it comes from)" heads, a rating in "Stars" with no scale, and a picture's
# placeholder where the cover should be.
FAN_SITE = """ZATANNA (by Louis Zebre: Smallville – Score from the Complete Series TV soundtrack)

SUMMARY:                           RUNNING TIME: 2:02 MIN.

From the same-named Season 8 episode of Smallville, composer-conductor Louis Zebre includes Zatanna’s theme on his 2011 Smallville: Score From The Complete Series album. In her live-action debut, Zatanna is portrayed by Canadian actress Serinda Swan.

BRIAN’S ODD MOON RATING:                 9 Stars

IMAGE NOT AVAILABLE

COMIC STRIP HEROES – MUSIC FROM GOTHAM CITY AND BEYOND {Cover Album} (by The City of Prague Philharmonic Orchestra & Choir)

SUMMARY:                     RUNNING TIME: 56 Min.

Released by Silva Screen Records in 2006, this ten-track collection celebrating movie super-heroes is covered by The City of Prague Philharmonic Orchestra & Choir and the Crouch End Festival Chorus.
"""


def test_capsule_heads_by_an_artist_and_no_made_up_titles_or_scales() -> None:
    rs = extract(FAN_SITE.encode(), uri="file:///fan.txt")
    titles = {w.title for w in rs.works}
    assert "IMAGE NOT AVAILABLE" not in titles  # a picture's placeholder is no album
    assert not any("(" in t and t.count("(") != t.count(")") for t in titles)  # no title cut inside its brackets
    [comic] = [w for w in rs.works if w.title.startswith("COMIC STRIP HEROES")]
    assert "MUSIC FROM GOTHAM CITY AND BEYOND" in comic.title  # the dash is the title's own, the artist is named apart
    assert "The City of Prague Philharmonic Orchestra & Choir" in {c.agent.name for c in comic.credits}
    for v in rs.reviews:
        if v.rating is not None:
            assert v.rating.value <= v.rating.best  # "9 Stars" is never nine of five


# A blogger's countdown (../shared/pages film_15, cut): each film under its rank.
COUNTDOWN = """No.47 American Beauty (1999)

Director: Sam Mendes    Seen before? No

The story of an unhappy family man is relatable to a great deal many people, but it’s not a steady road for Lester Burnham to follow, and the story tells us how changing his life can change everyone’s.

No.46 The Dark Knight Rises (2012)

Director: Christopher Nolan    Seen before? Yes

The last part of the trilogy has its problems, but its scale and its villain make it one of the most memorable blockbusters of its decade, and the ending still lands.
"""


def test_a_countdowns_rank_is_no_part_of_the_title() -> None:
    titles = {w.title for w in extract(COUNTDOWN.encode(), uri="file:///countdown.txt").works}
    assert {"American Beauty", "The Dark Knight Rises"} <= titles
    assert not any(t.startswith("No.") for t in titles)


# A Japanese record shop's listing (bench/realpages/tune release_ta02, cut): its fields between
# rules of dashes, then a sentence about the record.
SHOP_SHEET = """-----------------------------------------
LABEL: Blanco Y Negro – NEG61TEP, Blanco Y Negro – 4509-91624-0
FORMAT: Vinyl, 10", 33 ⅓ RPM, Single Sided, Limited Edition, Numbered, Picture Disc
COUNTRY: UK & Europe
RELEASE: 1992
-----------------------------------------
'92年 BLANCO Y NEGRO発 UK限定ピクチャー盤。
音が入ってるのは片面だけです。
A1 Start Choppin
A2 Turnip Farm
A3 Forget It
"""


def test_a_rule_of_dashes_or_a_sentence_is_no_title() -> None:
    rs = extract(SHOP_SHEET.encode(), uri="file:///shop.txt")
    for w in rs.works:
        assert any(c.isalnum() for c in w.title)
        assert not w.title.endswith("。")


def test_half_a_sentence_or_a_rule_is_never_a_plausible_title() -> None:
    from mediagraph.extract.entries import plausible_title

    for line in ("本作について、", "-----------------------------------------", "…..picks of the week…..", "IMAGE NOT AVAILABLE",
                 "ZATANNA (by Louis Zebre: Smallville – Score", "ITALIA 1998"):
        assert not plausible_title(line), line
    assert plausible_title("Three Teens Hellbent on Speed")


def test_a_sites_by_lines_are_no_title_by_an_artist() -> None:
    page = """Search
Generic filters
Filter by Custom Post Type
Powered by WordPress
Theme by Colorlib

Critique

FRACTURED

Un thriller psychologique efficace, porté par un Sam Worthington convaincant dans le rôle d’un père qui cherche sa famille disparue dans un hôpital inquiétant.
"""
    rs = extract(page.encode(), uri="file:///critique.txt")
    names = {w.title for w in rs.works} | {c.agent.name for w in rs.works for c in w.credits}
    assert not names & {"Filter", "Powered", "Theme", "Custom Post Type", "WordPress", "Colorlib"}


# A film site's user review (../shared/pages film_18, cut): the site's links and counters run onto
# the head of the review's first paragraph.
USER_REVIEW = """Spotlight

Haz click aquí para copiar la URL
España España · Hobbiton
Críticas de AtomS8
<< 1 3 4 5 6 7 >>
Críticas 34
10
6 de junio de 2017
"Un hombre presiona a otro y, de repente, toda la ciudad mira para otro lado." Walter "Robby" Robinson.
Poco a poco, voy sumando críticas a mi lista de las que son mis películas favoritas. "Spotlight" entró hace poco en ese grupo, en el momento de su estreno, y cada vez que la vuelvo a ver me gusta más.
"""


def test_site_lines_run_onto_a_review_are_no_part_of_its_text() -> None:
    rs = extract(USER_REVIEW.encode(), uri="file:///critica.txt")
    texts = [v.text or "" for v in rs.reviews]
    assert texts and all(not t.startswith(("Haz click", "España")) and "<< 1 3" not in t for t in texts)
    assert any("Poco a poco" in t for t in texts)


def test_a_section_heading_is_never_a_title() -> None:
    # a real Italian film card (bench/realpages/tune film_tb08): "SCHEDA FILM" and "CRITICA" head
    # parts of the page; neither is the film
    from mediagraph.extract.entries import plausible_title

    for heading in ("SCHEDA FILM", "CRITICA", "Trama", "Fiche technique", "Stab und Besetzung", "Cast & Crew", "Synopsis:"):
        assert not plausible_title(heading), heading
    assert plausible_title("Critical Mass")


def test_a_reviewers_page_heading_is_never_a_title() -> None:
    # a real film site's page of one user's reviews (../shared/pages film_18)
    from mediagraph.extract.entries import plausible_title

    for heading in ("Críticas de AtomS8", "Reviews by Karez2much", "Críticas 34", "Críticas ordenadas por fecha (desc.)", "Sorted by date"):
        assert not plausible_title(heading), heading
    assert plausible_title("Spotlight")


def test_a_kinds_qualifier_is_no_title_and_a_label_named_in_prose_is_read() -> None:
    # a real soundtrack capsule (../shared/pages album_16) that never names the film
    from mediagraph.extract import extract

    text = ("Apparently this double CD is a soundtrack to a German film, yet also a talent showcase for the artists on the "
            "Kitty-Yo label. Upbeat sitar jamming to a danceable beat. Peaches: cheeky vocals wailing irreverent lyrics, set "
            "to programmed rhythms and synth lines. This CD offers diverse genres with strong emotional content.\n")
    rs = extract(text.encode(), uri="file:///capsule.txt")
    assert not any(w.title.startswith("Germa") for w in rs.works)
    assert [rl.label.name for r in rs.releases for rl in r.labels] == ["Kitty-Yo"]


def test_a_dateline_and_a_news_rubric_are_no_titles() -> None:
    # a real soundtrack news page (../shared/pages release_14): "News at SoundtrackCollector" /
    # "The new Varèse CD Club titles" / "6-Nov-2006 -"
    from mediagraph.extract.dates import is_date_line, parse_date
    from mediagraph.extract.entries import plausible_title

    assert parse_date("6-Nov-2006") == "2006-11-06" and is_date_line("6-Nov-2006 -") == "2006-11-06"
    assert not plausible_title("News at SoundtrackCollector")


def test_a_years_possessive_and_the_sentence_end_are_no_part_of_a_title(shared_pages_dir) -> None:
    # "The first one is Elmer Bernstein’s score for 1962’s Birdman of Alcatraz. It may well be …"
    from mediagraph.extract import extract
    from mediagraph.model import WorkKind

    rs = extract((shared_pages_dir / "pages" / "release_14.txt").read_bytes(), uri="file:///release_14.txt")
    film = next(w for w in rs.works if w.kind == WorkKind.FILM and w.title.startswith("Birdman"))
    assert film.title == "Birdman of Alcatraz" and film.date == "1962"
    assert [c.agent.name for c in film.credits if c.role == "composer"] == ["Elmer Bernstein"]
