"""Layouts met on real sites: blog chrome, shop and Bandcamp pages, Discogs credits, VGMdb tables,
capsule round-ups and localized bylines each read the way a reader would."""

from __future__ import annotations

from mediagraph.extract import extract
from mediagraph.model import RecordSet, WorkKind


def _credits(rs: RecordSet, role: str) -> list[str]:
    return [c.agent.name for c in rs.works[0].credits if c.role == role]


def test_headline_blog_title_is_the_film_the_prose_names_not_the_updated_line() -> None:
    page = (
        "Writer's picture Sam Okafor\n\nUpdated: Feb 2, 2023\n\nGhosts in the Wiring\n\nDirector: Ilse Brand\n\n"
        "Year: 2019\n\nGrade: B-\n\nWhen Ilse Brand made Copper Lung she built the whole film around one sealed "
        "research station in the Arctic, and it works.\n\nStill, Copper Lung is the most confident debut I have seen in years, "
        "whatever its flaws in the last act.\n"
    )
    rs = extract(page, uri="t:blog")
    film = rs.works[0]
    assert (film.kind, film.title, film.date) == (WorkKind.FILM, "Copper Lung", "2019")
    (review,) = rs.reviews
    assert review.author is not None and review.author.name == "Sam Okafor"
    assert review.date == "2023-02-02"
    assert review.rating is not None and (review.rating.value, review.rating.best) == (8.0, 12.0)  # B- = 67


def test_wordpress_review_ignores_comments_and_related_posts() -> None:
    html = """<!DOCTYPE html><html><head><title>The Salt Archive (2016) – grief | Reel Tidewater</title></head><body>
    <main><article><h1>The Salt Archive (2016) – grief in a drowned town</h1>
    <div class="entry-meta">Posted on <time datetime="2019-03-04">March 4, 2019</time> by <a>Edda Krogh</a></div>
    <p><strong>Director:</strong> Tomas Vell</p>
    <p>Tomas Vell's film follows an archivist who returns to a flooded village, and it is wet, grey and very quiet.</p>
    <p><strong>Rating: 8/10</strong></p></article>
    <div class="jp-relatedposts"><h3>Related</h3><p>Glass Orchard (2012) – a review</p></div>
    <h2>2 thoughts on “The Salt Archive (2016)”</h2><p>Harald says: March 5, 2019 at 8:14 am</p><p>Loved the church scene.</p>
    </main></body></html>"""
    rs = extract(html, uri="t:wp")
    assert [(w.title, w.date) for w in rs.works] == [("The Salt Archive", "2016")]
    assert _credits(rs, "director") == ["Tomas Vell"]
    (review,) = rs.reviews
    assert (review.author.name if review.author else None, review.date) == ("Edda Krogh", "2019-03-04")
    assert review.rating is not None and review.rating.value == 8.0


def test_bandcamp_table_splits_durations_and_names_the_artist() -> None:
    html = """<html><head><title>Cedar Smoke | Hollow Pines</title><meta property="og:title" content="Cedar Smoke, by Hollow Pines"></head>
    <body><h2>Cedar Smoke</h2><h3>by <a>Hollow Pines</a></h3><h4>Digital Album</h4><p>$7 USD or more</p>
    <table><tr><td>1.</td><td><span>Cedar Smoke</span> <span>03:41</span></td><td><a>lyrics</a></td><td><a>buy track</a></td></tr>
    <tr><td>2.</td><td><span>Old Ferry Road</span> <span>04:05</span></td><td><a>lyrics</a></td><td><a>buy track</a></td></tr></table>
    <div>released March 3, 2017 <br>Produced by Aud Klem.</div></body></html>"""
    rs = extract(html, uri="t:bandcamp")
    assert rs.works[0].title == "Cedar Smoke"
    assert _credits(rs, "performer") == ["Hollow Pines"] and _credits(rs, "producer") == ["Aud Klem"]
    (rel,) = rs.releases
    assert [(t.position, t.title, t.duration) for t in rel.tracks] == [("1", "Cedar Smoke", "3:41"), ("2", "Old Ferry Road", "4:05")]
    assert rel.date == "2017-03-03"
    assert not rs.reviews


def test_discogs_text_with_label_catno_field_and_credits_section() -> None:
    page = (
        "Osman Reyes – Dust On The Needle\n\nLabel:    Calle Ocho Discos – CO-LP-7\nFormat:   Vinyl, LP, Album\n"
        "Released: 12 Mar 1996\n\nTracklist\n\nA1    Mañana Lenta    4:55\nA2    Dust On The Needle    6:20\n"
        "      Written-By – Carmen Soto\nB1    Fiesta Para Uno    5:33\n\nCredits\nBass – Luis Ortega\nProducer – Marta Gil\n"
    )
    rs = extract(page, uri="t:discogs")
    assert rs.works[0].title == "Dust On The Needle"
    assert _credits(rs, "performer") == ["Osman Reyes"] and _credits(rs, "producer") == ["Marta Gil"]
    rel = rs.releases[0]
    assert [(lb.label.name, lb.catalog_number) for lb in rel.labels] == [("Calle Ocho Discos", "CO-LP-7")]
    assert rel.date == "1996-03-12" and rel.formats[0].name == "Vinyl"
    assert [t.position for t in rel.tracks] == ["A1", "A2", "B1"]
    assert [c.agent.name for c in rel.tracks[1].credits] == ["Carmen Soto"]
    assert [c.agent.name for c in rel.credits if c.role == "Bass"] == ["Luis Ortega"]


def test_vgmdb_tab_separated_fields_and_score() -> None:
    page = (
        "Moonlit Harbor Arrange Album: Tidewater\n\nCatalog Number\tMHA-0007\nRelease Date\tNov 3, 2016\nMedia Format\t1 CD\n"
        "Label\tShiokaze Works\nComposer\tRen Aoki\nArranger\tYuu Kamiya, Noa Fujii\n\nTracklist\nDisc 1\n1\tTidewater (Opening)\t2:31\n"
        "2\tLanterns on the Quay\t4:45\n\nReviews\nReviewed by Kai Sterling on Dec 1, 2016\nA warm, lightly jazzy set.\nScore: 72/100\n"
    )
    rs = extract(page, uri="t:vgmdb")
    assert rs.works[0].title == "Moonlit Harbor Arrange Album: Tidewater"
    assert _credits(rs, "arranger") == ["Yuu Kamiya", "Noa Fujii"]
    rel = rs.releases[0]
    assert [(lb.label.name, lb.catalog_number) for lb in rel.labels] == [("Shiokaze Works", "MHA-0007")]
    assert rel.date == "2016-11-03" and [t.position for t in rel.tracks] == ["1", "2"]  # one disc: positions as printed
    (review,) = rs.reviews
    assert review.author is not None and review.author.name == "Kai Sterling" and review.date == "2016-12-01"
    assert review.rating is not None and (review.rating.value, review.rating.best) == (72.0, 100.0)


def test_capsules_with_dir_lines_and_letter_grades() -> None:
    page = (
        "FESTIVAL DISPATCH\nby Ruth Adebayo · 3 Feb 2020\n\n1. The Ninth Bell (2019)\nDir. Kasia Nowak\n"
        "A bell-founder's apprentice and a village that wants its church back.\nGrade: B-\n\n"
        "2. Saltwater Kings (2020)\nDir. Mateo Ruiz\nFishermen, smugglers and one unforgettable storm.\nGrade: A-\n"
    )
    rs = extract(page, uri="t:capsules")
    assert [(w.title, w.date, [c.agent.name for c in w.credits]) for w in rs.works] == [
        ("The Ninth Bell", "2019", ["Kasia Nowak"]), ("Saltwater Kings", "2020", ["Mateo Ruiz"])]
    assert [(v.author.name if v.author else None, v.date, v.rating.value if v.rating else None) for v in rs.reviews] == [
        ("Ruth Adebayo", "2020-02-03", 8.0), ("Ruth Adebayo", "2020-02-03", 11.0)]


def test_localized_bylines_dates_and_quotes() -> None:
    fr = ("CinéPhare — Critiques\n\nCritique : « Les Heures Blanches » (2021)\n\nPublié le 27 septembre 2021 par Camille Roux\n\n"
          "Réalisateur : Élise Garnier\n\nUn film à voir en salle, beau et froid, souvent bouleversant du début à la fin.\n\nNote : 7/10\n")
    rs = extract(fr, uri="t:fr")
    assert (rs.works[0].title, rs.works[0].date) == ("Les Heures Blanches", "2021")
    assert rs.reviews[0].author is not None and rs.reviews[0].author.name == "Camille Roux"
    assert rs.reviews[0].date == "2021-09-27"
    de = ("Klangheft – Plattenkritik\n\n„Nebelstadt“ – Die Grauen Tauben\n\nRezension von Jörg Keller · 3. März 2020\n\n"
          "Künstler: Die Grauen Tauben\nLabel: Schallwerk\nVÖ: 6. März 2020\nFormat: CD / Vinyl\n\nWertung: 8/10\n")
    rs = extract(de, uri="t:de")
    assert rs.works[0].title == "Nebelstadt" and _credits(rs, "performer") == ["Die Grauen Tauben"]
    assert rs.releases[0].date == "2020-03-06" and rs.releases[0].formats[0].name == "CD"
    assert rs.reviews[0].author is not None and rs.reviews[0].author.name == "Jörg Keller"
    assert rs.reviews[0].date == "2020-03-03"


def test_shop_text_skips_breadcrumbs_and_cart() -> None:
    page = ("RECORD  BARN   —   Home  ›  Vinyl  ›  Jazz\n\n  Basket (2)   |   £ 23.98\n\nSable Quartet  —  Night Trains to Lyon\n\n"
            " ▪ Label :   Quai Records\n ▪ Catalogue number :   QR 118\n ▪ Release date :   05/11/2014\n\nTracklist\n\n"
            "  01 .  Gare de Perrache   6:44\n  02 .  Rhône at Night   5:10\n")
    rs = extract(page, uri="t:shop")
    assert rs.works[0].title == "Night Trains to Lyon" and _credits(rs, "performer") == ["Sable Quartet"]
    assert [(lb.label.name, lb.catalog_number) for lb in rs.releases[0].labels] == [("Quai Records", "QR 118")]
    assert [t.title for t in rs.releases[0].tracks] == ["Gare de Perrache", "Rhône at Night"]
