"""A critic's review head as music sites print it: artist, title, label(s) • year, a bare score,
then the byline. Real pages from bench/realpages/tune (Pitchfork, old and new layouts)."""

from __future__ import annotations

from pathlib import Path

from mediagraph.extract import extract
from mediagraph.model import RecordSet, WorkKind

TUNE = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages"


def _page(name: str) -> RecordSet:
    return extract((TUNE / name).read_bytes(), uri=f"file:///{name}")


def test_a_bare_score_above_the_byline_is_the_reviews_score_out_of_ten() -> None:
    for name, score in (("album_ha01.html", 10.0), ("album_ha02.html", 7.3), ("album_ha04.html", 6.2)):
        [v] = _page(name).reviews
        assert v.rating is not None and (v.rating.value, v.rating.best) == (score, 10.0), name


def test_label_and_year_joined_by_a_bullet_belong_to_the_record() -> None:
    rs = _page("album_ha01.html")  # "Nonesuch" above "• 2002"
    [w] = [w for w in rs.works if w.title == "Yankee Hotel Foxtrot"]
    assert (w.date or "").startswith("2002")
    [r] = rs.releases
    assert [lab.label.name for lab in r.labels] == ["Nonesuch"]


def test_a_soundtrack_titled_review_is_the_records_with_its_composer_and_both_labels() -> None:
    rs = _page("album_ha02.html")  # "Jon Brion" / "Lady Bird (Original Motion Picture Soundtrack)" / "Lakeshore" / "Fire" / "• 2017"
    [album] = [w for w in rs.works if w.title.startswith("Lady Bird (")]
    assert album.kind == WorkKind.ALBUM
    assert "Jon Brion" in {c.agent.name for c in album.credits}
    [r] = [r for r in rs.releases if r.work == album.key]
    assert [lab.label.name for lab in r.labels] == ["Lakeshore", "Fire"]
    films = [w for w in rs.works if w.kind == WorkKind.FILM]
    # the songs it quotes are no films; the film the prose sets in italics ("the … Charlie Kaufman movie
    # <em>Synecdoche, New York</em>") is one
    assert [f.title for f in films] == ["Lady Bird", "Synecdoche, New York"]


# A blog's post, as the real Italian and French film blogs in ../shared/pages print it: the post's
# date on a line of its own, a weekday's name before it, then the film and the review.
POST = """mercoledì 22 settembre 2021 - Recensioni

Il giudizio

Il giudizio, lungometraggio di esordio di Gianluca Mattei e Mario Sanzullo, si sviluppa come una sorta di road movie dell’anima che attraversa il tempo e lo spazio, ma manca di chiarezza nella sceneggiatura e nella linea narrativa.

È un film che osa molto dal punto di vista della messinscena, ma compie parecchi errori, in primis nel creare una sceneggiatura talmente ellittica da risultare oscura allo spettatore.
"""


def test_a_date_alone_on_its_line_above_the_review_is_the_posts_date() -> None:
    rs = extract(POST.encode(), uri="file:///post.txt")
    [v] = rs.reviews
    assert v.date == "2021-09-22"
    assert all(w.date != "2021-09-22" for w in rs.works)  # the post's date is not the film's


BLOG = """Author: BRWC

Swimming Home: Review

Swimming Home: Review. By Joe Muldoon.

Baking orange sun, sculpted bronze torsos, and aquamarine pool water; I could be referring to any of the films that likely came to mind upon reading that.

In this picture, Isabel (Mackenzie Davis) and Joe (Christopher Abbott) arrive home to find a naked woman floating in their holiday villa’s swimming pool, and the summer turns strange from there on.
"""



def test_a_critic_signing_below_beats_a_one_word_author_field() -> None:
    [v] = extract(BLOG.encode(), uri="file:///blog.txt").reviews  # "BRWC" is the site's name in its author field
    assert v.author is not None and v.author.name == "Joe Muldoon"


def test_a_posts_meta_line_gives_its_author_and_date() -> None:
    # "10 Agosto 2023 6 Commenti Giorgio Barbieri" under the head of an Italian rock zine's review
    [v] = extract(next(TUNE.glob("album_ta04.*")).read_bytes(), uri="file:///album_ta04.txt").reviews
    assert v.author is not None and v.author.name == "Giorgio Barbieri"
    assert v.date == "2023-08-10"


def test_a_table_of_labels_over_values_gives_the_films_fields() -> None:
    rs = _page("film_hb14.html")  # "País | Gênero | Duração | Lançamento Nacional | Distribuição" over its values
    [w] = [w for w in rs.works if w.title == "Capitã Marvel"]
    assert w.date == "2019-03-07"
    assert {"Ação", "Aventura"} <= set(w.genres)
    assert w.runtime is not None and w.runtime.startswith("2:04")
    assert w.country == "EUA"


# A German film blog's post (../shared/pages film_20, cut): the original title and the German one
# joined by a dash, the review naming the original alone in quotes.
TWO_TITLES = """Dirty Rotten Scoundrels - Zwei hinreißend verdorbene Schurken

Regie: Frank Oz
Darsteller: Steve Martin, Michael Caine, Glenne Headly

Über „Dirty Rotten Scoundrels“ wollte ich schon lange einmal schreiben, denn die Komödie von Frank Oz gehört zu den Filmen, die ich immer wieder sehen kann, und Steve Martin und Michael Caine spielen sich als Betrüger an der Riviera die Bälle zu.
"""


def test_a_films_two_titles_joined_by_a_dash_give_its_name_and_alternate() -> None:
    [w] = [w for w in extract(TWO_TITLES.encode(), uri="file:///blog.txt").works if w.kind == WorkKind.FILM]
    assert w.title == "Dirty Rotten Scoundrels"
    assert "Zwei hinreißend verdorbene Schurken" in [t.text for t in w.titles]


def test_a_cast_bracketed_by_characters_and_an_italian_and_are_lists_of_names() -> None:
    from mediagraph.extract.names import split_list

    cast = "Fabrizio Bentivoglio (Bruno) Barbora Bobulova (Tina) Vinicio Marchioni (Poeta)"  # an Italian film site's "Cast:"
    assert [x for x, _ in split_list(cast)] == ["Fabrizio Bentivoglio (Bruno)", "Barbora Bobulova (Tina)", "Vinicio Marchioni (Poeta)"]
    assert [x for x, _ in split_list("Francesco Bruni e Gianbattista Avellino.")] == ["Francesco Bruni", "Gianbattista Avellino"]
    assert [x for x, _ in split_list("Romeo e Giulietta, Otello")] == ["Romeo e Giulietta", "Otello"]  # a title keeps its "e"


def test_minutes_written_with_a_prime_are_a_running_time() -> None:
    from mediagraph.extract.entry_fields import _runtime

    # an Italian film sheet's strip: "(Scialla! (Stai sereno); ITALIA 2011; Commedia; 95'; Produz.: …)"
    assert _runtime("(Scialla! (Stai sereno); ITALIA 2011; Commedia; 95'; Produz.: IBC MOVIE)")[0] == "1:35:00"
    assert _runtime("Durata: 92'")[0] == "1:32:00"
    assert _runtime("the '90s") is None and _runtime("at 12:95'") is None and _runtime("It's 95' long") is None


def test_a_bare_number_under_a_running_time_label_counts_minutes() -> None:
    sheet = """Il mio film

SCHEDA FILM

Regia: Laura Belli

Attori: Maddalena Crippa, Vanni Corbellini, Laura Morante

Durata: 92

Genere: Commedia

Mara è una ex attrice di successo che, dopo aver chiuso la sua storia d'amore con un regista, decide di scrivere.
"""
    [w] = [w for w in extract(sheet.encode(), uri="file:///scheda.txt").works if w.kind == WorkKind.FILM]
    assert w.runtime == "1:32:00"


def test_a_year_and_country_strip_gives_them_and_the_director_below_never_the_title() -> None:
    page = """(2007) España
Nacho Vigalondo
Primer largo del afamado cortometrajista Nacho Vigalondo, que consiguió bastante éxito y ser exhibida en varios países. Se trata de una película "casera" de ciencia ficción, que entra en el resbaladizo tema de los viajes temporales.
"""
    [w] = [w for w in extract(page.encode(), uri="file:///critica.txt").works if w.kind == WorkKind.FILM]
    assert (w.date or "").startswith("2007") and w.country == "España"
    assert [c.agent.name for c in w.credits if c.role == "director"] == ["Nacho Vigalondo"]
    assert w.title != "Nacho Vigalondo"  # the page never names the film: no title made of its director


def test_a_films_director_named_in_french_prose() -> None:
    page = """Drone

Drone est le premier film de Simon Bouisson, venu en débattre avec les spectateurs de la séance, et c'est un thriller efficace sur une étudiante filmée à son insu par un drone qui la suit partout dans Paris.
"""
    [w] = [w for w in extract(page.encode(), uri="file:///critique.txt").works if w.title == "Drone"]
    assert "Simon Bouisson" in {c.agent.name for c in w.credits if c.role == "director"}


def test_a_self_titled_records_release_bears_the_albums_title() -> None:
    page = """Album Review: Eight And A Half – Eight And A Half

Eight and a Half is a new project featuring Justin Peroff (from Broken Social Scene), and Dave Hamelin and Liam O’Neil (formerly of The Stills). Their self-titled debut will be released on April 10, 2012 on vinyl / CD and by digital download.

Tracklisting and cover art:

  1. When I Was Twenty Nine
  2. Scissors
  3. Go Ego
  4. The Turn Around
"""
    rs = extract(page.encode(), uri="file:///review.txt")
    [w] = [w for w in rs.works if w.kind == WorkKind.ALBUM]
    assert w.title == "Eight And A Half"
    assert [r.title for r in rs.releases if r.work == w.key] == ["Eight And A Half"]


def test_the_label_a_record_is_released_through_in_prose() -> None:
    page = """Album Review: Eight And A Half – Eight And A Half

Their self-titled debut, ‘Eight And A Half’ will be released on April 10, 2012 through Arts & Crafts on vinyl / CD and by digital download. From start to finish the record pulses with frantic drums and synth textures.

Tracklisting:

  1. When I Was Twenty Nine
  2. Scissors
"""
    rs = extract(page.encode(), uri="file:///review.txt")
    assert [lab.label.name for r in rs.releases for lab in r.labels] == ["Arts & Crafts"]
    shop = "Their new album is out now through Bandcamp and on every platform, with a tour to follow in the spring across Europe."
    assert not [lab for r in extract(("Album Review: Foo – Bar\n\n" + shop).encode(), uri="file:///b.txt").releases for lab in r.labels]


def test_a_headline_around_the_title_is_the_reviews_headline() -> None:
    # a real German film blog's headline (bench/realpages/tune film_tb30), cut to its opening
    text = ("Neu im Kino/Buch- und Filmkritik: die Ferdinand-von-Schirach-Verfilmung „Der Fall Collini“\n\nApril 18, 2019\n\n"
            "Ein Gerichtsthriller aus Deutschland. Wann gab es das zuletzt im Kino? „Der Fall Collini“ erzählt von einem "
            "jungen Anwalt, der einen Mörder verteidigen muss, und der Film nimmt sich dafür viel Zeit, mehr als nötig wäre, "
            "aber er hat gute Schauspieler und eine Geschichte, die man nicht so schnell vergisst.\n")
    rs = extract(text.encode(), uri="file:///collini.txt")
    film = next(w for w in rs.works if w.kind == WorkKind.FILM)
    assert film.title == "Der Fall Collini"
    (review,) = [v for v in rs.reviews if v.subject == film.key]
    assert review.title is not None and "Ferdinand-von-Schirach-Verfilmung" in review.title


def test_capsules_below_a_menu_are_one_record_each() -> None:
    # a real Québec review site's page (bench/realpages/tune film_tb16), cut: a menu of sixteen
    # bullets, then "Critique" / title / "⭐️⭐️⭐️⭐️ – text" twice
    menu = "".join(f"  • {x}\n" for x in ("Tous", "Cinéma", "Club Illico", "DC Comics", "Disney", "Films", "HBO", "Marvel",
                                          "Netflix", "Prime Video", "Québécois", "Séries"))
    body = ("Tiré d’une série de nouvelles du New-York Times, voici un émouvant éventail de petites histoires qui explorent "
            "les différentes manières de vivre l’amour dans la société d’aujourd’hui. Modern Love saura vous arracher un sourire.")
    body2 = ("Parfois, la vérité est cruelle et nécessite plusieurs tentatives pour l’accepter. C’est sur ce principe que "
             "Fractured bâtit son intrigue, amalgamant contenu et contenant de manière fort ingénieuse.")
    text = f"Critiques\n\n{menu}\nCritique\n\nMODERN LOVE | SAISON 1\n\n⭐️⭐️⭐️⭐️ – {body}\n\nCritique\n\nFRACTURED\n\n⭐️⭐️⭐️⭐️ – {body2}\n"
    rs = extract(text.encode(), uri="file:///critiques.txt")
    titles = [w.title for w in rs.works]
    assert any(t.casefold().startswith("modern love") for t in titles) and "FRACTURED" in titles
    assert len(rs.reviews) == 2


def test_capsules_headed_with_their_label_are_records(shared_pages_dir: Path) -> None:
    # a newspaper's round-up (../shared/pages album_04): "Film Works 1995-2005 – Craig Armstrong
    # (Family Recordings): The difficulty in locating a copy …" names a record, however much its text speaks of films
    rs = extract((shared_pages_dir / "pages" / "album_04.txt").read_bytes(), uri="file:///album_04.txt")
    albums = {w.title for w in rs.works if w.kind == WorkKind.ALBUM}
    assert {"Film Works 1995-2005", "A Prairie Home Companion"} <= albums
    labels = {rl.label.name for r in rs.releases for rl in r.labels}
    assert {"Family Recordings", "New Line Records"} <= labels


def test_a_bullet_headline_with_a_colon_heads_its_capsule(shared_pages_dir: Path) -> None:
    # "• Never Been Kissed: a wacky misunderstanding, or should somebody call the police?" on a
    # film site's page of two-star reviews (../shared/pages film_13)
    rs = extract((shared_pages_dir / "pages" / "film_13.txt").read_bytes(), uri="file:///film_13.txt")
    nbk = next(w for w in rs.works if w.title == "Never Been Kissed")
    assert nbk.kind == WorkKind.FILM
    assert any(v.subject == nbk.key for v in rs.reviews)


def test_a_blogs_tagline_names_its_critic() -> None:
    # a real French film blog (../shared/pages film_19): "Cinéglobe - Critiques des films à l'affiche par Aline"
    text = ("Cinéglobe - Critiques des films à l'affiche par Aline\n\n24 mars 2014\n\n300 : la naissance d'un Empire\n\n"
            "Note: 11/20\n\nRéalisateur:\nNoam Murro\n\nMa critique de \"300 : la naissance d'un Empire\": Et bien voilà, cette "
            "suite de 300 m'a fait replongé dans le roupillon du sommeil en salle après des mois d'abstinence! Trop de scènes "
            "de combat inutile à mon goût, malgré les belles tablettes de chocolat des guerriers.\n")
    rs = extract(text.encode(), uri="file:///cineglobe.txt")
    assert [v.author.name for v in rs.reviews if v.author] == ["Aline"]
