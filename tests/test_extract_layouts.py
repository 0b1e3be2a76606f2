"""Layouts on small inline pages: headers, tracklists, ratings, reviews, HTML and JSON-LD."""

from __future__ import annotations

import pytest

from mediagraph.extract import extract
from mediagraph.extract.ratings import parse_rating
from mediagraph.model import IdScheme, Predicate, WorkKind


@pytest.mark.parametrize(
    ("text", "value", "best"),
    [("5/6", 5, 6), ("Verdict: 3.5/10", 3.5, 10), ("2 out of 4", 2, 4), ("★★★★☆", 4, 5), ("★★★½", 3.5, 5),
     ("****", 4, 5), ("B+", 10, 12), ("Rating: 8", 8, 10), ("4 stars", 4, 5)],
)
def test_rating_forms(text: str, value: float, best: float) -> None:
    r = parse_rating(text)
    assert r is not None and (r.value, r.best) == (value, best)


def test_lost_rating_is_not_invented() -> None:
    assert parse_rating("Star Rating") is None


def test_vinyl_and_multidisc_tracklists() -> None:
    page = "Artist X – Night Songs\nLabel Y – LY 001\nVinyl, LP, Album\n\nTracklist\nA1 Dawn 3:12\nA2 Noon 4:01\nB1 Dusk 5:00\n  Written-By – Jane Roe\nB2 Night 6:10\n"
    rs = extract(page, uri="t")
    r = rs.releases[0]
    assert [(t.position, t.title, t.duration) for t in r.tracks] == [("A1", "Dawn", "3:12"), ("A2", "Noon", "4:01"), ("B1", "Dusk", "5:00"), ("B2", "Night", "6:10")]
    assert r.tracks[2].credits[0].agent.name == "Jane Roe"
    assert [(lb.label.name, lb.catalog_number) for lb in r.labels] == [("Label Y", "LY 001")]
    page = "CD: Big Box\n\nDisc 1\n1. One 1:00\n2. Two 2:00\n3. Three 3:00\nDisc 2\n1. Four\n2. Five\n3. Six\n"
    r = extract(page, uri="t").releases[0]
    assert [t.position for t in r.tracks] == ["1-1", "1-2", "1-3", "2-1", "2-2", "2-3"]


def test_block_header_with_empty_values() -> None:
    page = "CD: Sky Tales\n\nMusic By:\nRecord Label:\nCD Release:\nRun Time:\n\nAnna Berg\nNorth Records\nMarch 1999\n"
    rs = extract(page, uri="t")
    assert rs.works[0].credits[0].agent.name == "Anna Berg"
    assert rs.releases[0].date == "1999-03" and rs.releases[0].runtime is None


def test_capsule_reviews_of_several_films() -> None:
    page = "Three quick takes\nBy Mia Holm\n\nAkira (1988)\nDirector: Katsuhiro Otomo\nStill dazzling after all these years, a landmark of animation.\nRating: 9/10\n\nPaprika (2006)\nDirector: Satoshi Kon\nA dream machine of a film that never stops moving.\n★★★★☆\n"
    rs = extract(page, uri="t")
    assert [(w.title, w.date) for w in rs.works] == [("Akira", "1988"), ("Paprika", "2006")]
    assert [(v.rating.value, v.rating.best) for v in rs.reviews if v.rating] == [(9, 10), (4, 5)]
    assert all(v.author and v.author.name == "Mia Holm" for v in rs.reviews)


def test_html_with_broken_jsonld_block() -> None:
    html = """<html><head><title>Shop</title>
<script type="application/ld+json">{"@type": "MusicAlbum", "name": "Blue Hours", "byArtist": {"name": "Ola Ny"},
 "datePublished": "2019-04-05", "gtin13": "4006381333931", // a comment
 "recordLabel": "Fjord",}</script>
<script type="application/ld+json">{"@type": "Organization", "name": "Shop"}</script></head>
<body><main><h1>Blue Hours</h1><p>Ola Ny's third album.</p><ol><li>1. Morning 3:01</li><li>2. Evening 4:22</li><li>3. Late 2:00</li></ol></main></body></html>"""
    rs = extract(html.encode(), uri="https://shop.example/blue")
    w = rs.works[0]
    assert (w.kind, w.title) == (WorkKind.ALBUM, "Blue Hours")
    assert any(c.agent.name == "Ola Ny" for c in w.credits)
    r = rs.releases[0]
    assert r.date == "2019-04-05" and [lb.label.name for lb in r.labels] == ["Fjord"]
    assert any(i.scheme == IdScheme.BARCODE and i.valid for i in r.identifiers)
    assert len(r.tracks) == 3
    assert "repaired a malformed JSON-LD block" in rs.warnings
    assert rs.source.site == "shop.example"


def test_prose_based_on_and_inspired_by() -> None:
    page = "Director: Ana Lee\nYear: 2010\n\nThe film Glass Town (2010) is based on the novel of the same name by Paul Mark. The novel was inspired by Hans Kolb's 'Ice City', 1931.\n"
    rs = extract(page, uri="t")
    film = next(w for w in rs.works if w.kind == WorkKind.FILM and w.date == "2010")
    novel = next(w for w in rs.works if w.kind == WorkKind.BOOK)
    assert novel.credits[0].agent.name == "Paul Mark"
    assert any(r.subject == film.key and r.predicate == Predicate.BASED_ON and r.object == novel.key for r in rs.relations)
    assert any(r.subject == novel.key and r.predicate == Predicate.INSPIRED_BY for r in rs.relations)


_DISCOGS_KEYS_THEN_VALUES = """Arka Nord – Tidewater

Label:
Kelp Tapes – KT-031, Northbound* – NB 7
Format:
Vinyl, LP, Album
Country:
Norway
Released:
14 Mar 2016
Genre:
Electronic
Style:
Ambient, Drone

Tracklist

A1\t\tLow Water\t4:10
A2\t\tBrine\t5:02
B1\t\tSalt Roads\t6:44

Companies, etc.

Phonographic Copyright ℗ – Kelp Tapes AS
Pressed By – Optimal Media GmbH

Credits

Written-By, Producer – Arka Nord, Sol Vik (2)
Design – Tove*

Notes

Limited to 300 copies. Recorded in a boathouse.

Barcode and Other Identifiers

Barcode: 5 021603 055117
"""


def test_discogs_page_with_each_key_above_its_value() -> None:
    rs = extract(_DISCOGS_KEYS_THEN_VALUES, uri="t:discogs")
    (r,) = rs.releases
    assert [(lb.label.name, lb.catalog_number) for lb in r.labels] == [("Kelp Tapes", "KT-031"), ("Northbound", "NB 7")]
    assert (r.formats[0].name, r.country, r.date) == ("Vinyl", "Norway", "2016-03-14")
    assert rs.works[0].genres == ("Electronic", "Ambient", "Drone")
    # Two roles on one line credit both people with both; "(2)" and "*" are Discogs display marks.
    credits = sorted((c.role, c.agent.name) for c in rs.works[0].credits if c.role != "performer")
    assert credits == [("producer", "Arka Nord"), ("producer", "Sol Vik"), ("writer", "Arka Nord"), ("writer", "Sol Vik")]
    assert [(c.role, c.agent.name) for c in r.credits if c.role == "Design"] == [("Design", "Tove")]
    assert [(c.role, c.agent.name) for c in r.companies] == [
        ("Phonographic Copyright (p)", "Kelp Tapes AS"), ("Pressed By", "Optimal Media GmbH")]
    assert r.notes == "Limited to 300 copies. Recorded in a boathouse."


def test_score_site_heading_labels_and_dates_and_a_list_of_related_titles() -> None:
    page = ("Sky Lanterns (Mio Tanabe)\n\nComposed and Conducted by:\nMio Tanabe\n\nLabels and Dates:\n"
            "Lakeside Records (Japan)\nMarch 3rd, 2004\n\nAlso See:\nPaper Moons\nRiver City: The Movie\n\n"
            "Rating: ***\n\nTrack Listings:\n\n1. Opening (2:01)\n2. Lanterns Rise (4:30)\n")
    rs = extract(page, uri="t:score")
    album = rs.works[0]
    assert (album.title, [c.agent.name for c in album.credits if c.role == "composer"]) == ("Sky Lanterns", ["Mio Tanabe"])
    r = rs.releases[0]
    assert ([lb.label.name for lb in r.labels], r.country, r.date) == (["Lakeside Records"], "Japan", "2004-03-03")
    related = {w.key: w.title for w in rs.works}
    assert sorted(related[x.object] for x in rs.relations if x.predicate == Predicate.RELATED_TO) == [
        "Paper Moons", "River City: The Movie"]


def test_a_blog_footer_of_post_labels_is_not_a_record_label() -> None:
    page = ("Kinetic Hearts (1987)\n\nDirector: Halvard Lie\n\nA dance film from Oslo that still moves, with a "
            "score that never lets its dancers rest and a final number worth the ticket alone.\n\nLabels:\n1980s, dance, Norway\n")
    rs = extract(page, uri="t:blog")
    assert rs.works[0].kind == WorkKind.FILM and not rs.releases


def test_user_reviews_headed_by_score_headline_and_handle_with_date() -> None:
    page = ("The Salt Clerk\n\n1991\n\nDirector Lena Brook\n\nYOUR RATING ☆ Rate\n\nUser reviews 12\n\n"
            "8 /10\nQuietly brilliant\nharbour_owl 4 June 2012\n\nA small film that trusts its audience. The ending stays with you.\n\n"
            "3 /10\nNot for me\nk.tanaka 19 February 2010\n\nSlow, and the lead never convinces.\n\nSee all 12 reviews\n")
    rs = extract(page, uri="t:imdb")
    got = [(v.author.name if v.author else None, v.date, v.title, v.rating.value if v.rating else None, v.text) for v in rs.reviews]
    assert got == [
        ("harbour_owl", "2012-06-04", "Quietly brilliant", 8.0, "A small film that trusts its audience. The ending stays with you."),
        ("k.tanaka", "2010-02-19", "Not for me", 3.0, "Slow, and the lead never convinces."),
    ]


def test_disc_length_lines_between_discs_keep_the_tracklist_going() -> None:
    page = ("Tracklist\n\nDisc 1\n\n1.01\tOpening\t1:52\n1.02\tHarbour\t3:14\n\nDisc length 5:06 Disc 2\n\n"
            "2.01\tReturn\t5:30\n2.02\tEnding\t4:48\n\nDisc length 10:18\n")
    rs = extract("Label: Kaze\nComposer: Aya Mori\n\n" + page, uri="t:vgm")
    assert [t.position for t in rs.releases[0].tracks] == ["1-01", "1-02", "2-01", "2-02"]


def test_shop_title_with_artist_after_a_slash_and_a_soundtrack_from_a_series() -> None:
    page = ("Cart (0) | Help\n\nNight Harbor Original Soundtrack 2 / The Lanterns [Limited Edition]\n\nThe Lanterns\n\n"
            "Release Date: 2021/06/02\nCatalog No.: KZCD-1020\nLabel: Kaze Music\nMedia Format: CD\n\n"
            "Description\nThe second original soundtrack from the 2019 TV anime series Night Harbor, performed by The Lanterns.\n\n"
            "Track List\n1. Pier\n2. Fog Bell\n3. Last Ferry\n")
    rs = extract(page, uri="t:shop")
    album = rs.works[0]
    assert album.title == "Night Harbor Original Soundtrack 2"
    assert [c.agent.name for c in album.credits if c.role == "performer"] == ["The Lanterns"]
    series = next(w for w in rs.works if w.kind == WorkKind.TV_SERIES)
    assert (series.title, series.date) == ("Night Harbor", "2019")
    assert any(r.predicate == Predicate.SOUNDTRACK_OF and r.object == series.key for r in rs.relations)


def test_musicbrainz_release_page() -> None:
    page = ("MusicBrainz\nSearch | Log In\n\nTide Engines\n~ Release by Kaito Mori (see all versions of this release, 2 available)\n\n"
            "Tracklist\n#\tTitle\tArtist\tRating\tLength\n1\tSurge\tKaito Mori\t\t3:12\n2\tUndertow\tKaito Mori\t\t5:58\n"
            "3\tSlack Water\tKaito Mori\t\t4:01\n\nRelease information\nBarcode: 4988002091218\nFormat: CD\n\n"
            "Release events\n1994-02-21 Japan\nLabel\nVictor Entertainment – VDR-1777\n\nAdditional details\n"
            "Type: Album\nScript: Latin\nData Quality: Normal\n")
    rs = extract(page, uri="t:mb")
    album = rs.works[0]
    assert (album.title, [(c.role, c.agent.name) for c in album.credits]) == ("Tide Engines", [("performer", "Kaito Mori")])
    r = rs.releases[0]
    assert (r.date, r.country, [(lb.label.name, lb.catalog_number) for lb in r.labels]) == (
        "1994-02-21", "Japan", [("Victor Entertainment", "VDR-1777")])
    assert [(t.position, t.title, t.duration) for t in r.tracks][:2] == [("1", "Surge", "3:12"), ("2", "Undertow", "5:58")]


@pytest.mark.parametrize(
    ("sentence", "kind", "title", "author"),
    [("Der Film basiert auf dem Roman „Die Glasstadt“ von Paul Marek.", WorkKind.BOOK, "Die Glasstadt", "Paul Marek"),
     ("Le film est adapté du manga « Ciel de verre » de Aya Mori.", WorkKind.COMIC, "Ciel de verre", "Aya Mori"),
     ("La película está basada en la novela «El faro» de Ana Ruiz.", WorkKind.BOOK, "El faro", "Ana Ruiz")],
)
def test_based_on_in_other_languages(sentence: str, kind: WorkKind, title: str, author: str) -> None:
    page = f"Regie: Lena Brook\nJahr: 2011\n\n{sentence} Der Rest der Kritik ist lang genug, um als Text zu zählen, und endet hier.\n"
    rs = extract(page, uri="t:foreign")
    film = rs.works[0]
    source = next(w for w in rs.works if w.kind == kind)
    assert (source.title, [c.agent.name for c in source.credits]) == (title, [author])
    assert any(r.subject == film.key and r.predicate == Predicate.BASED_ON and r.object == source.key for r in rs.relations)


def test_a_film_page_naming_its_composer_is_still_a_film_page() -> None:
    page = "„Nachtzug“ – Rezension\n\nRegie: Lena Brook\nMusik: Ida Berg\nSprecher: Tom Weil, Anna Roth\n\nWertung: 7/10\n"
    rs = extract(page, uri="t:de")
    film = rs.works[0]
    assert (film.kind, film.title) == (WorkKind.FILM, "Nachtzug") and not rs.releases
    assert sorted(c.agent.name for c in film.credits if c.role == "actor") == ["Anna Roth", "Tom Weil"]


def test_review_by_blocks_each_carry_their_author_stars_and_date() -> None:
    page = ("Skip to main content\nReelbook\nSign in   Films   Lists   Journal\n\n‹ Back to Salt Lanes\n\n"
            "Review by Ana Ruiz ★★★½\n\nSalt Lanes 2021\n\nWatched 3 Feb 2022\n\nA patient film about a canal town that never raises its voice, and is better for it.\n\n"
            "Like review   ♥ 12 likes\n\nPopular reviews\n\nReview by kit_w ★★\nToo slow for me, though the last shot is something else entirely.\n  ♥ 3 likes\n")
    rs = extract(page, uri="t:lb")
    assert rs.works[0].title == "Salt Lanes"
    got = [(v.author.name if v.author else None, v.date, v.rating.value if v.rating else None) for v in rs.reviews]
    assert got == [("Ana Ruiz", "2022-02-03", 3.5), ("kit_w", None, 2.0)]


def test_remakes_and_songs_a_film_uses_are_related_in_prose() -> None:
    page = ("Harbour Lights (1948)\n\nDirector: Arthur Pell\n\nThe film uses the song \"Grove Street\", the 1936 standard written by "
            "Artie Whit (music) and Sal Lyle (lyrics), and it uses it well. It was remade as Night Harbour (1979) by Colin Ash, "
            "and later a loose remake of Le Verger (1962), Jean Roux's study of a farm, is said to be in the works. Verdict: 4/6\n")
    rs = extract(page, uri="t:prose")
    titles = {w.key: w.title for w in rs.works}
    rels = {(titles[r.subject], r.predicate, titles[r.object]) for r in rs.relations}
    assert ("Harbour Lights", Predicate.USES, "Grove Street") in rels
    assert ("Night Harbour", Predicate.VERSION_OF, "Harbour Lights") in rels
    song = next(w for w in rs.works if w.title == "Grove Street")
    assert (song.date, sorted((c.role, c.agent.name) for c in song.credits)) == ("1936", [("composer", "Artie Whit"), ("lyricist", "Sal Lyle")])


def test_author_date_bibliography_entries_give_their_titles() -> None:
    page = ("Fog Films (1948)\n\nDirector: Arthur Pell\n\nA long essay about fog, weather and film that goes on for a while and says a great deal "
            "about the harbour, the lamps and the people who wait there.\n\nReferences\n\n"
            "Harlow, Paul. 1996. “Women Who Wait: The Post-war Thriller.” In Shadows, edited by K. Ellery, 77–98. London: BFI.\n\n"
            "Sykes, Ronald. 1981. Light Through Fog: A Memoir. London: Faber & Faber.\n")
    rs = extract(page, uri="t:bib")
    assert [(c.title, c.authors, c.date) for c in rs.citations] == [
        ("Women Who Wait: The Post-war Thriller", ("Paul Harlow",), "1996"), ("Light Through Fog: A Memoir", ("Ronald Sykes",), "1981")]


def test_a_table_rendered_without_colons_is_read_as_fields() -> None:
    # a real French metal site's album card (../shared/pages album_22), its rows "Label Value"
    from mediagraph.extract import extract
    from mediagraph.model import WorkKind

    text = ("Polaris\n\n16/20\nNom du groupe Stratovarius\nNom de l'album Polaris\nType Album\nDate de parution 21 Mai 2009\n\n"
            "Tracklist\n\n1. Deep Unknown 04:28\n2. Falling Star 04:33\n3. King of Nothing 06:43\n")
    rs = extract(text.encode(), uri="file:///polaris.txt")
    album = next(w for w in rs.works if w.kind == WorkKind.ALBUM)
    assert album.title == "Polaris"
    dates = {w.date for w in rs.works} | {r.date for r in rs.releases}
    assert "2009-05-21" in dates
    assert "Stratovarius" in {c.agent.name for c in album.credits}


def test_the_label_stands_on_the_line_above_its_catalogue_number(shared_pages_dir) -> None:
    # MusicWeb's film music reviews (../shared/pages album_10): "In Session" / "Varese Sarabande" /
    # "VSD-6225   [Disc One: 71:10 / Disc Two: 71:16]"
    from mediagraph.extract import extract

    rs = extract((shared_pages_dir / "pages" / "album_10.txt").read_bytes(), uri="file:///album_10.txt")
    (release,) = rs.releases
    assert [(rl.label.name, rl.catalog_number) for rl in release.labels] == [("Varese Sarabande", "VSD-6225")]


def test_an_infobox_rendered_with_bars_gives_title_and_fields() -> None:
    # an encyclopedia's album infobox as a text converter renders it (bench/realpages/tune release_ta10)
    from mediagraph.extract import extract
    from mediagraph.model import WorkKind

    text = ("8 | ||||\n---|---|---|---|---|\nStudio album by | ||||\nReleased | April 21, 2017 | |||\nRecorded | 2016–2017 | |||\n"
            "Length | 40:12 | |||\nLabel | Island | |||\nSingles from 8 | ||||\n|\n"
            "8 is the eighth studio album by American rock band Incubus. It was released on April 21, 2017, through Island "
            "Records. The album takes its name from being the band's eighth LP.\n")
    rs = extract(text.encode(), uri="file:///8.txt")
    album = next(w for w in rs.works if w.kind == WorkKind.ALBUM)
    assert album.title == "8"
    assert album.date == "2017-04-21" or any(r.date == "2017-04-21" for r in rs.releases)
    assert not any("|" in w.title for w in rs.works)


def test_a_cast_field_with_one_name_a_line_keeps_every_name(shared_pages_dir) -> None:
    # a German film blog (../shared/pages film_20): "Darsteller: Steve Martin" then one name a line
    from mediagraph.extract import extract
    from mediagraph.model import WorkKind

    rs = extract((shared_pages_dir / "pages" / "film_20.txt").read_bytes(), uri="file:///film_20.txt")
    film = next(w for w in rs.works if w.kind == WorkKind.FILM and w.title.startswith("Dirty Rotten Scoundrels"))
    cast = [c.agent.name for c in film.credits if c.role == "actor"]
    assert cast[:3] == ["Steve Martin", "Michael Caine", "Glenne Headly"] and "Dana Ivey" in cast


def test_a_reviewers_mark_for_each_track_is_no_part_of_its_title() -> None:
    # a real Argentine rock blog's list (bench/realpages/tune album_ta13): "1. Templo de Momo8,5"
    from mediagraph.extract.doc import Doc
    from mediagraph.extract.tracklist import find_tracklists

    doc = Doc("  1. Templo de Momo8,5\n  2. Morta.com7\n  3. La Murga de los Renegados: 8\n  4. Dr. Saturno: 6,5\n"
              "  5. Symphony No. 9\n")
    (tl,) = find_tracklists(doc.lines)
    assert [t.title for t in tl.tracks] == ["Templo de Momo", "Morta.com", "La Murga de los Renegados", "Dr. Saturno", "Symphony No. 9"]
