"""Facts a real page gives only in its prose or its layout, read from ../shared/pages.

A label announcing its own release ("KRONOS RECORDS presents the soundtrack to …"), a format in a
sentence ("on CD format"), a score's composer in the prose, a compilation's "Artist– Title"
tracks, a review that carries no score, and a title line the review repeats above a label line it
never names again.
"""

from __future__ import annotations

from pathlib import Path

from mediagraph.extract import extract
from mediagraph.model import RecordSet, WorkKind


def _page(pages: Path, stem: str) -> RecordSet:
    return extract((pages / "pages" / f"{stem}.txt").read_bytes(), uri=f"file:///{stem}.txt")


def test_a_labels_announcement_gives_label_format_and_composer(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "release_07")  # Kronos Records' page for TATORT: ES LEBE DER KÖNIG
    (release,) = rs.releases
    assert [rl.label.name for rl in release.labels] == ["KRONOS RECORDS"]
    assert [f.name for f in release.formats] == ["CD"]
    album = next(w for w in rs.works if w.kind == WorkKind.ALBUM)
    assert [(c.role, c.agent.name) for c in album.credits if c.role == "composer"] == [("composer", "Christoph Blaser")]
    assert len(release.tracks) == 25


def test_a_compilations_tracks_name_their_artists(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "release_01")  # "A1 Dschinghis Khan– Moskau 4:28"
    (release,) = rs.releases
    first = release.tracks[0]
    assert (first.title, first.duration) == ("Moskau", "4:28")
    assert [c.agent.name for c in first.credits] == ["Dschinghis Khan"]


def test_the_repeated_title_line_wins_over_the_label_line(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "album_23")  # "OST / Die fetten Jahre sind vorbei / Mute/EMI", then the review
    album = rs.works[0]
    assert (album.kind, album.title) == (WorkKind.ALBUM, "Die fetten Jahre sind vorbei")
    assert [r.title for r in rs.releases] == ["Die fetten Jahre sind vorbei"]
    (review,) = rs.reviews
    assert review.author is not None and review.author.name == "dmm"


def test_an_unscored_album_review_is_a_review_without_a_score(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "album_16")  # one paragraph on a double CD, closed by "(Kitty Yo)"
    (review,) = rs.reviews
    assert review.rating is None and review.score is None
    assert review.text is not None and "talent showcase for the artists on the Kitty-Yo label" in review.text
    assert not any(w.title.casefold().startswith("a german") for w in rs.works)  # "the soundtrack to a German film" names no film


def test_a_release_described_in_one_line(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "album_17")  # a record blog's post closed by "LP, Reissue, Reprise Records RS6261, 1979, US."
    (release,) = rs.releases
    assert [(rl.label.name, rl.catalog_number) for rl in release.labels] == [("Reprise Records", "RS6261")]
    assert (release.date, release.country) == ("1979", "US")
    assert [f.name for f in release.formats] == ["Vinyl"]


def test_tracks_written_title_first_keep_their_titles(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "release_04")  # "08. Fortune Teller - The Rolling Stones"
    (release,) = rs.releases
    by_title = {t.title: [c.agent.name for c in t.credits] for t in release.tracks}
    assert by_title["Fortune Teller"] == ["The Rolling Stones"]
    assert by_title["Saturday Club Theme"] == ["Ted Heath"]


def test_a_labels_news_names_its_albums_and_their_films(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "release_12")  # La-La Land Records announces four albums
    films = {w.title: w for w in rs.works if w.kind == WorkKind.FILM}
    scrooged = films["Scrooged"]  # "the score for Richard Donner’s 1988 holiday comedy Scrooged."
    assert scrooged.date == "1988"
    assert [(c.role, c.agent.name) for c in scrooged.credits] == [
        ("director", "Richard Donner"),
        # "Scrooged starring Bill Murray, Karen Allen, David Johansen and Bobcat Goldthwait received …"
        ("actor", "Bill Murray"), ("actor", "Karen Allen"), ("actor", "David Johansen"), ("actor", "Bobcat Goldthwait"),
    ]
    die_hard = films["Die Hard"]  # "Die Hard directed by John McTiernan stars Bruce Willis, Alan Rickman and Bonnie Bedelia."
    assert {"Bruce Willis", "Alan Rickman", "Bonnie Bedelia"} <= {c.agent.name for c in die_hard.credits if c.role == "actor"}
    assert "Tora! Tora! Tora!" in films  # "the soundtrack for the 1970 Pear Harbor drama Tora! Tora! Tora!."
    albums = [w.title for w in rs.works if w.kind == WorkKind.ALBUM]
    assert "Tora! Tora! Tora!" in albums  # "a new edition of the soundtrack": an album of its own
    assert "Batman" not in albums  # "his breakout score for Tim Burton’s Batman" announces no album
    assert not any(". " in w.title or w.title.endswith(" The") for w in rs.works)  # no title runs into the next sentence


def test_a_czech_review_list_gives_films_their_other_titles_and_scores() -> None:
    # bench/realpages/tune: a Czech critic's list, "Louskáček a čtyři říše (The Nutcracker and the Four Realms) – Recenze – 50%"
    page = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages" / "film_tb17.txt"
    rs = extract(page.read_bytes(), uri="file:///film_tb17.txt")
    films = {w.title: w for w in rs.works}
    assert set(films) >= {"Louskáček a čtyři říše", "Bohemian Rhapsody", "Johnny English znovu zasahuje"}
    assert all(w.kind == WorkKind.FILM for w in films.values())  # a review's head is no "Artist – Title"
    nut = films["Louskáček a čtyři říše"]
    assert [t.text for t in nut.titles] == ["Louskáček a čtyři říše", "The Nutcracker and the Four Realms"]
    assert not any(c.role == "performer" for w in films.values() for c in w.credits)
    score = {next(w.title for w in rs.works if w.key == v.subject): v.rating.value for v in rs.reviews if v.rating}
    assert score["Louskáček a čtyři říše"] == 50 and score["Bohemian Rhapsody"] == 80


def test_a_comics_review_list_reads_comics_and_never_prose_as_names() -> None:
    # bench/realpages/tune: "POISON IVY (review)—”Seduced by life and death”" / "Writer: G. Willow Wilson Artists: Marcio Takara, …"
    page = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages" / "film_tb25.txt"
    rs = extract(page.read_bytes(), uri="file:///film_tb25.txt")
    comics = {w.title: w for w in rs.works}
    assert {"POISON IVY", "Black Mariah #2", "White Savior #1"} <= set(comics)
    assert all(w.kind == WorkKind.COMIC for w in comics.values())
    ivy = comics["POISON IVY"]
    assert [(c.role, c.agent.name) for c in ivy.credits if c.role == "writer"] == [("writer", "G. Willow Wilson")]
    names = {c.agent.name for w in rs.works for c in w.credits}
    assert not any(n[:1].islower() or " look like " in n for n in names)  # "supposedly rational" is nobody


def test_japanese_capsules_are_reviews_with_their_director_cast_and_points(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "film_24")  # "☆2点 … 監督はニコラ・ブナム、主演はジョゼ・ガルシア" under each title
    films = {w.title: w for w in rs.works}
    bon = films["ボン・ボヤージュ~家族旅行は大暴走~"]
    assert ("director", "ニコラ・ブナム") in {(c.role, c.agent.name) for c in bon.credits}
    assert ("actor", "ジョゼ・ガルシア") in {(c.role, c.agent.name) for c in bon.credits}
    review = next(v for v in rs.reviews if v.subject == bon.key)  # 150 characters of Japanese is a paragraph
    assert review.rating is not None and review.rating.value == 2


def test_a_rating_archive_of_headlined_capsules(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "film_13")  # "Category: 2 Stars", then "• The hot mess Don’t Worry Darling is too much and not enough"
    films = {w.title: w for w in rs.works}
    assert {"Don’t Worry Darling", "Split Second", "G.I. Joe: Retaliation"} <= set(films)
    directors = {w.title: [c.agent.name for c in w.credits if c.role == "director"] for w in films.values()}
    assert directors["Don’t Worry Darling"] == ["Olivia Wilde"]  # "Olivia Wilde’s Twilight Zone-esque thriller Don’t Worry Darling"
    assert directors["Split Second"] == ["Tony Maylam"]  # "Tony Maylam’s Split Second"
    dwd = next(v for v in rs.reviews if v.subject == films["Don’t Worry Darling"].key)
    assert dwd.title == "The hot mess Don’t Worry Darling is too much and not enough"
    assert dwd.rating is not None and (dwd.rating.value, dwd.rating.best) == (2.0, 5.0)  # the archive's rating


def test_songs_a_record_review_names_are_its_tracks(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "album_24")  # "La Ley's getragener Triphopnummer "Every Time" oder … "Sleep" von den Dandy Warhols"
    titles = {t.title for r in rs.releases for t in r.tracks}
    assert {"Every Time", "Sleep"} <= titles
    rs = _page(shared_pages_dir, "album_05")  # "SINGLES: Come On, Let’s Go (#21 US, #18 UK), La Bamba (#1 US, #1 UK), Donna (#83 UK)"
    titles = {t.title for r in rs.releases for t in r.tracks}
    assert {"Come On, Let’s Go", "La Bamba", "Donna"} <= titles or {"La Bamba", "Donna"} <= titles
    assert not any("#" in t for t in titles)  # chart places are no part of a song's title


def test_a_film_review_naming_its_novel_keeps_the_films_cast(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "film_10")  # Swimming Home, adapted from Deborah Levy's novel: "Isabel (Mackenzie Davis)"
    film = rs.works[0]
    assert film.kind == WorkKind.FILM
    cast = {(c.agent.name, c.character) for c in film.credits if c.role == "actor"}
    assert ("Mackenzie Davis", "Isabel") in cast and ("Christopher Abbott", "Joe") in cast


def test_an_albums_news_names_the_album_in_quotes_and_the_band_beside_it(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "release_18")  # "Cirkus: data di release" / "… “Let the Madness Begin”, nuovo studio album della … Cirkus"
    album = rs.works[0]
    assert (album.kind, album.title) == (WorkKind.ALBUM, "Let the Madness Begin")
    assert [c.agent.name for c in album.credits if c.role == "performer"] == ["Cirkus"]
    rs = _page(shared_pages_dir, "album_11")  # "De profundis" is the 2nd album …, after "The Ultimate Incantation (1992)"
    assert rs.works[0].title.casefold() == "de profundis"


def test_a_shops_repeated_title_wins_over_a_film_its_description_names(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "release_03")  # "La La Land: Original Motion Picture Soundtrack - Various Artists (Vinyl LP) * * *" ×3
    album = rs.works[0]
    assert album.kind == WorkKind.ALBUM and album.title.startswith("La La Land")
    assert not any(c.agent.name.startswith("La La Land") for c in album.credits)  # the soundtrack side is the title, not the artist


def test_a_genre_heading_or_the_credited_artist_is_no_title() -> None:
    page = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages" / "film_tb23.txt"
    rs = extract(page.read_bytes(), uri="file:///film_tb23.txt")  # "Biopic" above "Molly’s Game – Alles auf eine Karte (2017)"
    assert rs.works[0].title != "Biopic"


def test_a_labels_product_page_names_album_film_label_and_length(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "release_06")  # "CD No: MBR-197" … "64 minutes of music." … "The film Boite noire (Black Box, 2021)"
    album = rs.works[0]
    assert (album.kind, album.title) == (WorkKind.ALBUM, "Boite noire")  # never "64 minutes of music."
    assert any(w.kind == WorkKind.FILM and w.title == "Boite noire" for w in rs.works)
    (release,) = rs.releases
    assert [(rl.label.name, rl.catalog_number) for rl in release.labels] == [("Music Box Records", "MBR-197")]
    assert release.runtime == "64:00"


def test_a_card_head_is_never_a_fields_value_or_a_genre(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "film_19")  # "300 : la naissance d'un Empire" / "Action" / "Réalisateur:" / "Noam Murro"
    titles = [w.title for w in rs.works]
    assert titles[0] == "300 : la naissance d'un Empire"
    assert not {"Action", "Noam Murro"} & set(titles)
    assert ("director", "Noam Murro") in {(c.role, c.agent.name) for c in rs.works[0].credits}


def test_japanese_record_pages_give_the_album_in_brackets_and_its_catalog_number(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "release_19")  # "20枚目のオリジナル・アルバム「SOUNDTRACKS」"
    assert rs.works[0].title == "SOUNDTRACKS"
    assert not any(c.agent.name.startswith("品") for c in rs.works[0].credits)  # a shop's field line is nobody
    rs = _page(shared_pages_dir, "release_20")  # "1995年8月2日 CD発売 VPCD-81103" / 「アイドル・ザ・ムービー サウンドトラックコレクション」
    album = rs.works[0]
    assert album.kind == WorkKind.ALBUM and album.title.startswith("アイドル・ザ・ムービー")
    (release,) = [r for r in rs.releases if r.work == album.key]
    assert [rl.catalog_number for rl in release.labels] == ["VPCD-81103"]
    assert release.date == "1995-08-02" and [f.name for f in release.formats] == ["CD"]


def test_a_chinese_review_gives_the_films_english_title_and_lead() -> None:
    # bench/realpages/tune: "《奪命守門人》(The Doorman)這部動作驚悚電影，由日本導演北村龍平執導，露比蘿絲挑大梁"
    page = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages" / "film_tb11.txt"
    rs = extract(page.read_bytes(), uri="file:///film_tb11.txt")
    film = next(w for w in rs.works if w.title == "奪命守門人")
    assert "The Doorman" in [t.text for t in film.titles]
    assert {("director", "北村龍平"), ("actor", "露比蘿絲"), ("actor", "尚雷諾")} <= {(c.role, c.agent.name) for c in film.credits}


def test_credits_in_prose_read_whatever_the_case_of_their_cue(shared_pages_dir: Path) -> None:
    # "… — Written by Tony Gilroy, directed by Brad Anderson." and "Directed by Kay Cannon." in capsules;
    # "Regia di Giuseppe Rocca" opening an Italian review
    rs = _page(shared_pages_dir, "film_04")
    blockers = next(w for w in rs.works if w.title.casefold() == "blockers")
    assert ("director", "Kay Cannon") in [(c.role, c.agent.name) for c in blockers.credits]
    rs = _page(shared_pages_dir, "film_22")
    assert ("director", "Giuseppe Rocca") in [(c.role, c.agent.name) for w in rs.works for c in w.credits]


def test_an_honour_before_a_name_is_not_part_of_it() -> None:
    from mediagraph.extract.entry_fields import _PROSE

    text = "Written and directed by Academy Award nominee Damien Chazelle, critically acclaimed film La La Land tells"
    found = {(str(role), m.group("n")) for role, rx in _PROSE for m in rx.finditer(text)}
    assert found == {("writer", "Damien Chazelle"), ("director", "Damien Chazelle")}


def test_a_soundtrack_named_after_its_film_is_an_album_and_the_film_a_work(shared_pages_dir: Path) -> None:
    # release_03: "La La Land: Original Motion Picture Soundtrack", a page that speaks of the film
    rs = _page(shared_pages_dir, "release_03")
    album = next(w for w in rs.works if "Soundtrack" in w.title)
    assert album.kind == WorkKind.ALBUM
    film = next(w for w in rs.works if w.title == "La La Land")
    assert film.kind == WorkKind.FILM
    assert any(r.subject == album.key and r.object == film.key and r.predicate == "soundtrack_of" for r in rs.relations)
    # the album keeps its composer; no film role stays on the record
    assert not [c for c in album.credits if c.role in ("director", "actor", "writer")]


def test_a_columns_headline_between_review_heads_is_an_entry_of_its_own(shared_pages_dir: Path) -> None:
    # film_14: "Film Review: ‘Playing with Fire’", then "Popcorn and Inspiration: ‘Miracle at Manchester’", then
    # "Rewind, Review, and Re-Rate: ‘The Heiress’: Romantic Drama …", each over its capsule
    rs = _page(shared_pages_dir, "film_14")
    capsules = ["Sound of Freedom", "Playing with Fire", "Miracle at Manchester", "The Pay Day", "The Heiress"]
    assert [w.title for w in rs.works if w.title in capsules] == capsules
    # every capsule reviews its own film; none is merged into its neighbour's text
    assert sorted(v.subject for v in rs.reviews) == sorted(w.key for w in rs.works if w.title in capsules)
    # a film the prose names with its year ("2019’s actioner “Rambo: Last Blood,”") is a work, with no review
    rambo = next(w for w in rs.works if w.title == "Rambo: Last Blood")
    assert rambo.date == "2019" and rambo.kind == WorkKind.FILM
    miracle = next(w for w in rs.works if w.title == "Miracle at Manchester")
    assert ("director", "Eddie McClintock") in [(c.role, c.agent.name) for c in miracle.credits]


def test_a_field_label_is_not_a_columns_name() -> None:
    from mediagraph.extract.entries import _title_like, strip_title

    assert strip_title("Popcorn and Inspiration: ‘Miracle at Manchester’") == "Miracle at Manchester"
    assert strip_title("Rewind, Review, and Re-Rate: ‘The Heiress’: Romantic Drama Avoids the Sentimental") == "The Heiress"
    assert not _title_like("Director: Sam Mendes")


def test_a_films_strip_of_facts_between_bars_gives_date_rating_runtime_and_genres(shared_pages_dir: Path) -> None:
    # film_14: "NR | 1h 32min | Drama, Crime, Thriller | 18 November 2022 (USA) Based loosely on …"
    rs = _page(shared_pages_dir, "film_14")
    pay = next(w for w in rs.works if w.title == "The Pay Day")
    assert (pay.date, pay.runtime, pay.content_rating) == ("2022-11-18", "1:32:00", "NR")
    assert list(pay.genres) == ["Drama", "Crime", "Thriller"]
    miracle = next(w for w in rs.works if w.title == "Miracle at Manchester")  # "2022 | Not Rated | 1h 28m | Family Films that …"
    assert (miracle.date, miracle.content_rating, list(miracle.genres)) == ("2022", "Not Rated", ["Family"])


def test_bars_in_a_sentence_or_a_menu_are_no_strip_of_facts() -> None:
    rs = extract(b"Some Film\n\nHome | News | Reviews | Contact\n\nA long review of Some Film follows here, and it is long enough "
                 b"to be read as one, with many words in it that say what the critic thinks of Some Film.\n", uri="file:///x.txt")
    assert all(not w.genres and w.runtime is None and w.content_rating is None for w in rs.works)


def test_a_film_reviews_quoted_titles_are_films_though_they_read_like_names(shared_pages_dir: Path) -> None:
    # film_11: 'several mainstream films … including “Red State” and “This is the End”'; film_04: 'Derivative
    # combination of “It Follows” and “Final Destination,”' (two capitalised words need no film word beside them)
    titles = {w.title for w in _page(shared_pages_dir, "film_11").works}
    assert "Red State" in titles
    titles = {w.title for w in _page(shared_pages_dir, "film_04").works}
    assert "It Follows" in titles


def test_a_quoted_sentence_is_no_title() -> None:
    from mediagraph.extract.doc import Doc
    from mediagraph.extract.mentions import find_mentions

    doc = Doc("The hero says “I will find you” before the film’s last act, and “Go home” after it, which says it all.")
    assert find_mentions([ln for ln in doc.lines if ln.text], kind=WorkKind.FILM) == []


def test_a_japanese_shops_fields_run_together_are_read_apart(shared_pages_dir: Path) -> None:
    # release_19: "品 番:TFCC-86735発売日:2020年12月02日発売…発売元:トイズファクトリー通常盤/ブックレット付"
    rs = _page(shared_pages_dir, "release_19")
    (release,) = [r for r in rs.releases if r.labels]
    assert [(rl.label.name, rl.catalog_number) for rl in release.labels] == [("トイズファクトリー", "TFCC-86735")]
    assert rs.works[0].date == "2020-12-02"


def test_a_soundtracks_film_gets_the_films_credits_and_not_a_character(shared_pages_dir: Path) -> None:
    # "Written and directed by Academy Award nominee Damien Chazelle, critically acclaimed film La La
    # Land tells the story of Mia (Emma Stone), … and Sebastian (Ryan Gosling)": the director is
    # Chazelle, on the film, never "Sebastian"; the record's composer scored the film.
    rs = _page(shared_pages_dir, "release_03")
    film = next(w for w in rs.works if w.kind == WorkKind.FILM and w.title == "La La Land")
    assert [c.agent.name for c in film.credits if c.role == "director"] == ["Damien Chazelle"]
    assert "Justin Hurwitz" in [c.agent.name for c in film.credits if c.role == "composer"]
    album = next(w for w in rs.works if w.kind == WorkKind.ALBUM)
    assert not [c for c in album.credits if c.role in ("director", "actor", "writer")]


def test_a_news_headline_frames_the_title(tmp_path: Path) -> None:
    # a real news post's headline (bench/realpages/tune release_ta05), cut to its first lines
    text = ("Tag Archives: film soundtrack\n\nSoundtrack News: ‘Samaritan’ Amazon Original Motion Picture Soundtrack Available Now\n\n"
            "Lakeshore Records released Samaritan—Amazon Original Motion Picture Soundtrack, featuring music by Jed Kurzel and "
            "Kevin Kiner, digitally on August 26. Samaritan is an MGM film directed by Julius Avery with a screenplay by "
            "Bragi F. Schut and starring Sylvester Stallone.\n")
    rs = extract(text.encode(), uri="file:///samaritan.txt")
    film = next(w for w in rs.works if w.kind == WorkKind.FILM)
    assert film.title == "Samaritan"
    assert [c.agent.name for c in film.credits if c.role == "director"] == ["Julius Avery"]
    names = {c.agent.name for w in rs.works for c in w.credits}
    assert "Julius Avery with a" not in names and "Bragi F. Schut and" not in names


def test_a_labels_news_names_each_composers_score_and_its_film(shared_pages_dir: Path) -> None:
    # "complete presentations of Jerry Goldsmith's score to Congo and Frank Cordell's Cromwell"
    rs = _page(shared_pages_dir, "release_13")
    films = {w.title: w for w in rs.works if w.kind == WorkKind.FILM}
    assert {"Congo", "Cromwell"} <= set(films)
    assert [c.agent.name for c in films["Cromwell"].credits if c.role == "composer"] == ["Frank Cordell"]
    assert [c.agent.name for c in films["Congo"].credits if c.role == "composer"] == ["Jerry Goldsmith"]
    cromwell = next(w for w in rs.works if w.kind == WorkKind.ALBUM and w.title == "Cromwell")
    assert [c.agent.name for c in cromwell.credits if c.role == "composer"] == ["Frank Cordell"]
    assert not any("\n" in w.title or " and " in w.title for w in rs.works)


def test_an_earlier_album_named_with_its_year_in_prose(shared_pages_dir: Path) -> None:
    # "… when The Last Stand was one of the most formulaic, sterile and tepid metal albums of 2016"
    rs = _page(shared_pages_dir, "album_19")
    last = next(w for w in rs.works if w.title == "The Last Stand")
    assert last.kind == WorkKind.ALBUM and last.date == "2016"


def test_a_round_ups_singles_and_a_makers_film(shared_pages_dir: Path) -> None:
    # "SINGLES: Come On, Let’s Go (#21 US, #18 UK), La Bamba (#1 US, #1 UK), Donna (#83 UK)";
    # "Soundtrack to infamous Michaelangelo Antonioni film is as unfocused and bland as the film"
    rs = _page(shared_pages_dir, "album_05")
    bamba = next(w for w in rs.works if w.title == "La Bamba" and w.kind == WorkKind.ALBUM)
    tracks = [t.title for r in rs.releases if r.work == bamba.key for t in r.tracks]
    assert tracks[:3] == ["Come On, Let’s Go", "La Bamba", "Donna"]
    film = next(w for w in rs.works if w.kind == WorkKind.FILM and w.title == "Zabriske Point")
    assert [c.agent.name for c in film.credits if c.role == "director"] == ["Michaelangelo Antonioni"]


def test_italian_prose_names_the_directors_and_the_cast(shared_pages_dir: Path) -> None:
    # "Il giudizio, lungometraggio di esordio di Gianluca Mattei e Mario Sanzullo …", "in particolare
    # Fortunato Cerlino e Sandra Ceccarelli che hanno il ruolo di Ettore e di sua moglie Maria"
    rs = _page(shared_pages_dir, "film_23")
    film = next(w for w in rs.works if w.kind == WorkKind.FILM)
    assert {c.agent.name for c in film.credits if c.role == "director"} == {"Gianluca Mattei", "Mario Sanzullo"}
    cast = {(c.agent.name, c.character) for c in film.credits if c.role == "actor"}
    assert ("Fortunato Cerlino", "Ettore") in cast and "Sandra Ceccarelli" in {n for n, _ in cast}


def test_japanese_prose_credits_the_films_it_brackets(shared_pages_dir: Path) -> None:
    # "’85年公開の早見優主演「キッズ」から’95年春に封切られた高橋由美子・山本耕史主演「時の輝き」まで"
    rs = _page(shared_pages_dir, "release_20")
    films = {w.title: w for w in rs.works if w.kind == WorkKind.FILM}
    assert films["キッズ"].date == "1985" and [c.agent.name for c in films["キッズ"].credits] == ["早見優"]
    assert films["時の輝き"].date == "1995"
    assert [c.agent.name for c in films["時の輝き"].credits if c.role == "actor"] == ["高橋由美子", "山本耕史"]


def test_an_albums_facts_said_in_its_card_and_prose(shared_pages_dir: Path) -> None:
    # "Album · 1995 · Death Metal"; "released through Croon Records in September 1995"; "the 9 track,
    # 34:07 minutes long album" (its count of nine is not yet kept: the one track the prose quotes wins)
    rs = _page(shared_pages_dir, "album_11")
    album = next(w for w in rs.works if w.kind == WorkKind.ALBUM)
    assert "Death Metal" in [g for g in album.genres]
    (release,) = [r for r in rs.releases if r.work == album.key]
    assert release.date == "1995-09" and release.runtime == "34:07"


def test_a_track_by_track_review_gives_the_record_its_songs_and_each_song_its_mark(shared_pages_dir: Path) -> None:
    # a blog's "Album Of The Week": the record named only in prose ("resulted in the album Eat ‘Em and Smile
    # which was released …"), then "1. Yankee Rose– I always loved … 5/5", one numbered paragraph a song
    rs = _page(shared_pages_dir, "album_07")
    album = rs.works[0]
    assert (album.kind, album.title) == (WorkKind.ALBUM, "Eat ‘Em and Smile")
    (release,) = [r for r in rs.releases if r.work == album.key]
    assert [t.title for t in release.tracks][:4] == ["Yankee Rose", "Shyboy", "I’m Easy", "Ladies’ Nite In Buffalo?"]
    songs = {w.key: w.title for w in rs.works if w.kind == WorkKind.SONG}
    marks = {songs[v.subject]: (v.rating.value, v.rating.best) for v in rs.reviews if v.subject in songs and v.rating}
    assert marks["Yankee Rose"] == (5.0, 5.0) and marks["I’m Easy"] == (4.5, 5.0)
    # "Steve Vai (Lead Guitar) of Zappa fame, Billy Sheehan (Bass)": players with their parts, not the artist
    assert {(c.agent.name, c.role) for c in album.credits} >= {("Steve Vai", "Lead Guitar"), ("Billy Sheehan", "Bass")}
    # the EP the prose names before it is a record of its own
    assert any(w.title == "Crazy From The Heat" and w.kind == WorkKind.ALBUM for w in rs.works)


_TUNE = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages"


def _tune(name: str) -> RecordSet:
    return extract((_TUNE / name).read_bytes(), uri=f"file:///{name}")


def test_an_old_imdb_cast_table_is_the_cast_and_its_language_row_is_not() -> None:
    rs = _tune("film_hb05.html")  # IMDb, 2008: "Cast" / "(Cast overview, first billed only)" / "John Travolta ... Vincent Vega"
    film = next(w for w in rs.works if w.title == "Pulp Fiction" and any(c.role == "actor" for c in w.credits))
    cast = {c.agent.name: c.character for c in film.credits if c.role == "actor"}
    assert cast["John Travolta"] == "Vincent Vega" and cast["Uma Thurman"] == "Mia Wallace" and len(cast) == 15
    actors = {c.agent.name for w in rs.works for c in w.credits if c.role == "actor"}
    assert not actors & {"English", "Spanish", "French", "Nova Scotia"}  # "Language: English | Spanish", "Canada:18 (Nova Scotia)"


def test_a_german_review_names_its_actors_with_their_parts() -> None:
    rs = _tune("film_tb23.txt")  # "Idris Elba als Molly Blooms Anwalt oder Kevin Costner als ihr Vater"
    film = rs.works[0]
    actors = {c.agent.name for c in film.credits if c.role == "actor"}
    assert {"Jessica Chastain", "Idris Elba", "Kevin Costner"} <= actors
    assert "Aaron Sorkin" not in actors  # "… als Autor und Regisseur": a maker, not a part


def test_the_reviews_own_overall_score_beats_a_heads_asterisks() -> None:
    rs = _tune("film_tb14.txt")  # "The Immortal Hulk #19 (Marvel) ** – … Overall: 8 Recommendation: Buy"
    hulk = next(w for w in rs.works if "Immortal Hulk" in w.title)
    (review,) = [v for v in rs.reviews if v.subject == hulk.key]
    assert review.rating is not None and review.rating.value == 8.0


def test_a_films_labelled_release_day_beats_the_year_in_its_head() -> None:
    rs = _tune("film_hb11.html")  # "Waist Deep (2006)" … "Theatrical Release: Jun 23, 2006 Wide"
    assert rs.works[0].date == "2006-06-23"


def test_home_video_news_gives_each_disc_its_work_and_distributor() -> None:
    # a Blu-ray news post: "Kino Lorber will soon release Harley Cokeliss’ Malone (1987) on Blu-ray only …",
    # "Warner Home Video’s Arrow: Season Three, Gotham: Season One, and Supernatural: Season Ten are all now
    # officially set for release on Blu-ray", "Scream Factory has revealed the extras … on their Howling II Blu-ray"
    rs = _tune("release_ta07.txt")
    works = {w.title: w for w in rs.works}
    label = {r.work: (r.labels[0].label.name if r.labels else None, [f.name for f in r.formats]) for r in rs.releases}
    malone = works["Malone"]
    assert (malone.kind, malone.date) == (WorkKind.FILM, "1987")
    assert [(c.role, c.agent.name) for c in malone.credits if c.role == "director"] == [("director", "Harley Cokeliss")]
    assert label[malone.key] == ("Kino Lorber", ["Blu-ray"])
    assert label[works["Gotham: Season One"].key] == ("Warner Home Video", ["Blu-ray"])
    assert works["Gotham: Season One"].kind == WorkKind.TV_SERIES
    assert label[works["Howling II"].key] == ("Scream Factory", ["Blu-ray"])
    assert label[works["Police Story: Lockdown"].key][0] == "Well Go USA"  # "For Jackie Chan fans, Well Go USA will release …"
    assert "Ultra HD" not in works  # "Ultra HD Blu-ray players will be backwards compatible …": gear, no title


def test_a_sites_motto_is_no_artist_and_players_keep_their_parts() -> None:
    rs = _tune("album_ta01.txt")  # "Dedicated to reviews and news of music for film, TV and games" heads a film-music blog
    album = rs.works[0]
    names = {c.agent.name: c.role for c in album.credits}
    assert not {"TV", "games", "Dedicated to reviews"} & names.keys()
    # "… assistance from Phil Todd(soprano saxophone, alto saxophone), Stan Sulzmann (alto saxophone, Bass flute) and
    # Nicole Tibbels (soprano)"
    assert names["Phil Todd"] == "soprano saxophone, alto saxophone" and names["Nicole Tibbels"] == "soprano"


def test_a_tracklists_lyrics_links_are_not_part_of_its_titles() -> None:
    rs = _tune("release_ha13.html")  # Metal Archives: "6. Der Erste Krieg 04:14 [view lyrics]"
    (release,) = [r for r in rs.releases if r.tracks]
    by_pos = {t.position: (t.title, t.duration) for t in release.tracks}
    assert by_pos["6"] == ("Der Erste Krieg", "4:14") and by_pos["8"] == ("Trollkamp", "1:38")


def test_the_act_announcing_its_record_is_its_artist_and_the_titles_dash_stays(shared_pages_dir: Path) -> None:
    rs = _page(shared_pages_dir, "release_16")  # "John Mellencamp präsentiert neues Album 'Strictly A One - Eyed Jack'"
    album = rs.works[0]
    assert album.title == "Strictly A One - Eyed Jack"
    assert [c.agent.name for c in album.credits if c.role == "performer"] == ["John Mellencamp"]


def test_a_magazines_round_up_gives_one_record_a_paragraph(shared_pages_dir: Path) -> None:
    # BBC Music Magazine's round-up: each paragraph closes on "(DG 483 6647 ★★★★★)"
    rs = _page(shared_pages_dir, "album_08")
    albums = {w.title: w for w in rs.works if w.kind == WorkKind.ALBUM}
    assert list(albums) == ["Celebrating John Williams", "Cinema Morricone – An Intimate Portrait",
                            "The Fellini Album – The Film Music of Nino Rota"]
    labels = {r.work: [(rl.label.name, rl.catalog_number) for rl in r.labels] for r in rs.releases}
    assert labels[albums["Celebrating John Williams"].key] == [("DG", "483 6647")]
    assert labels[albums["Cinema Morricone – An Intimate Portrait"].key] == [("Sony Classical", "19075928602")]
    stars = {v.subject: v.rating.value for v in rs.reviews if v.rating}
    assert stars[albums["Celebrating John Williams"].key] == 5 and stars[albums["The Fellini Album – The Film Music of Nino Rota"].key] == 3
    # "its conductor Gustavo Dudamel", "flautist Sara Andon"
    assert ("performer", "Gustavo Dudamel") in {(c.role, c.agent.name) for c in albums["Celebrating John Williams"].credits}


def test_a_classical_records_head_line_gives_works_players_and_disc(shared_pages_dir: Path) -> None:
    # "HOLST: The Planets; R. STRAUSS: Also sprach Zarathustra – National Youth Orch. of Great Britain; CBSO Youth
    # Chor./ Edward Gardner – Chandos multichannel SACD Chan 5179, 79:53 (2/17/17) ****: A fresh look …"
    rs = _page(shared_pages_dir, "album_09")
    planets = next(w for w in rs.works if w.title == "The Planets")
    assert [c.agent.name for c in planets.credits if c.role == "composer"] == ["Holst", "R. Strauss"]
    (release,) = [r for r in rs.releases if r.work == planets.key]
    assert [(rl.label.name, rl.catalog_number) for rl in release.labels] == [("Chandos", "Chan 5179")]
    assert [f.name for f in release.formats] == ["SACD"] and release.runtime == "79:53"
    assert "Edward Gardner" in [c.agent.name for c in release.credits]
    (review,) = [v for v in rs.reviews if v.subject == planets.key]
    assert review.rating is not None and (review.rating.value, review.rating.best) == (4.0, 5.0)
    assert any(w.title.startswith("Tango Under the Stars") for w in rs.works)  # the page's next, unheaded item stays


def test_an_encyclopedias_infobox_rows_are_fields_and_its_lead_no_review() -> None:
    # a Wikipedia mirror flattened to text: "Directed by | Alonso Ruizpalacios |", "Written by | Manuel Alcalá Alonso
    # Ruizpalacios |" (two names run together where the cell's line break was lost), then "Museum (Spanish: Museo) is
    # a 2018 Mexican drama heist film directed by …"
    page = Path(__file__).parent / "data" / "realtext" / "film_wiki_museum.txt"
    rs = extract(page.read_bytes(), uri="file:///film_wiki_museum.txt")
    (film,) = rs.works
    assert (film.kind, film.title, film.date, film.runtime, film.country) == (WorkKind.FILM, "Museum", "2018", "2:08:00", "Mexico")
    credits = {(c.role, c.agent.name) for c in film.credits}
    assert {("director", "Alonso Ruizpalacios"), ("writer", "Manuel Alcalá"), ("writer", "Alonso Ruizpalacios"),
            ("composer", "Tomás Barreiro")} <= credits
    # names the page never writes apart are not guessed apart ("Gael García Bernal Leonardo Ortizgris")
    assert not any("Ortizgris" in name for _, name in credits)
    assert not any(name == "Ruizpalacios" for _, name in credits)  # the lead's "written by Ruizpalacios" is the same writer
    assert not rs.reviews  # an encyclopedia's article is no review


def test_a_soundtrack_columns_index_gives_each_record_its_composer_and_label(shared_pages_dir: Path) -> None:
    # "Soundtrack Reviews: AN ACTOR PREPARES (Morales/Lakeshore), … DYNASTIES (Merrison & Slater/Silva Screen), …"
    rs = _page(shared_pages_dir, "album_14")
    albums = {w.title: w for w in rs.works if w.kind == WorkKind.ALBUM}
    assert [c.agent.name for c in albums["DYNASTIES"].credits if c.role == "composer"] == ["Merrison", "Slater"]
    labels = {r.work: r.labels[0].label.name for r in rs.releases if r.labels}
    assert labels[albums["A PRIVATE WAR"].key] == "Varese Sarabande" and labels[albums["L’ISOLA"].key] == "Retro"
    assert "THE BREAK Season 2" in albums and len(albums) >= 16


def test_a_critics_round_up_gives_one_record_a_card() -> None:
    # The Irish Times: "MOZART: PIANO TRIOS IN C K548, … Anne-Sophie Mutter (violin), … Deutsche Grammophon 477 6114 ***",
    # the review, then the critic's name
    rs = _tune("album_tn09.txt")
    albums = {w.title: w for w in rs.works if w.kind == WorkKind.ALBUM}
    mozart = albums["PIANO TRIOS IN C K548, IN E K542, IN B FLAT K502"]
    assert [c.agent.name for c in mozart.credits if c.role == "composer"] == ["Mozart"]
    (release,) = [r for r in rs.releases if r.work == mozart.key]
    assert [(rl.label.name, rl.catalog_number) for rl in release.labels] == [("Deutsche Grammophon", "477 6114")]
    assert [c.agent.name for c in release.credits] == ["Anne-Sophie Mutter", "Daniel Müller-Schott", "André Previn"]
    (review,) = [v for v in rs.reviews if v.subject == mozart.key]
    assert review.rating is not None and review.rating.value == 3 and review.author is not None
    assert review.author.name == "Michael Dervan"
    # The Guardian: "Schumann: Songs Vol 6" / "McGreevy/Doufexis/ Thompson/Loges/Johnson/Hough" / "(Hyperion) ****"
    rs = _tune("album_tn03.txt")
    songs = next(w for w in rs.works if w.title == "Songs Vol 6")
    assert [c.agent.name for c in songs.credits if c.role == "composer"] == ["Schumann"]
    assert [rl.label.name for r in rs.releases if r.work == songs.key for rl in r.labels] == ["Hyperion"]


def test_a_track_by_track_review_without_dashes_and_the_artist_its_possessive_names() -> None:
    # "[Album Review] EVERSHINE (7th Mini Album) – CRAVITY", "… CRAVITY’s EVERSHINE …",
    # "1. C’est La Vie Click here for the full review for C’est La Vie. (7/10)"
    rs = _tune("album_tn07.txt")
    album = rs.works[0]
    assert album.title == "EVERSHINE"
    assert [c.agent.name for c in album.credits if c.role == "performer"] == ["CRAVITY"]
    songs = {w.key: w.title for w in rs.works if w.kind == WorkKind.SONG}
    marks = {songs[v.subject]: v.rating.value for v in rs.reviews if v.subject in songs and v.rating}
    assert marks == {"C’est La Vie": 7.0, "Love or Die": 9.0, "Cherry Blossom": 8.0}


def test_a_tracklist_under_a_heading_that_names_its_record_is_that_records(shared_pages_dir: Path) -> None:
    # a news post about a single, then "La La Land: The Complete Musical Experience full tracklist." over 18 tracks
    rs = _page(shared_pages_dir, "release_08")
    complete = next(w for w in rs.works if w.title == "La La Land: The Complete Musical Experience")
    (release,) = [r for r in rs.releases if r.work == complete.key]
    assert len(release.tracks) >= 10
    assert release.tracks[1].title.strip("“”\"") == "Mia Gets Home"
    assert [c.agent.name for c in release.tracks[1].credits] == ["Justin Hurwitz"]
    assert not any(r.tracks for r in rs.releases if r is not release)  # moved, not copied


def test_embedded_data_wins_over_the_text_and_a_titles_translation_is_no_actor() -> None:
    # MyAnimeList: '<div itemprop="name"><h1>Ao no Hako</h1><p>Blue Box</p></div>', a microdata rating of 8.40 beside
    # the text's "Score: 8.401 (scored by 16,830 users)", and "Ao no Hako (Blue Box)" in the page's text
    rs = _tune("film_hb13.html")
    series = rs.works[0]
    assert series.title == "Ao no Hako"
    assert "Blue Box" in [t.text for t in series.titles]
    assert series.aggregate is not None and series.aggregate.value == 8.4
    assert not any(c.agent.name == "Blue Box" for c in series.credits)


def test_a_comics_credit_line_gives_artists_publisher_and_month() -> None:
    # "Writer: G. Willow Wilson Artists: Marcio Takara, Arif Prianto DC Comics, June 2022 AN ALIEN GARDENER …"
    rs = _tune("film_tb25.txt")
    ivy = next(w for w in rs.works if w.title.casefold() == "poison ivy")
    credits = {(c.role, c.agent.name) for c in ivy.credits}
    assert {("writer", "G. Willow Wilson"), ("illustrator", "Marcio Takara"), ("illustrator", "Arif Prianto"),
            ("publisher", "DC Comics")} <= credits
    assert ivy.date == "2022-06"


def test_round_up_readers_make_no_records_of_films() -> None:
    # (written for the guard, not a real page) a film critic's list in the shapes the record readers take:
    # "TITLE (Director/Studio)" three times on a line, and "Title (Studio) ***" cards above their reviews
    text = (
        "This week at the cinema\n\n"
        "Now showing: JAWS (Spielberg/Universal), ALIEN (Scott/Fox), HEAT (Mann/Warner), FARGO (Coen/Gramercy).\n\n"
        "Jaws\n(Universal) ****\n"
        + "A shark terrorises a seaside town in a film that still grips from its first scene to its last, " * 3 + "\n\n"
        "Alien\n(Fox) ***\n"
        + "A crew answers a distress call and meets something that should have been left alone in the dark, " * 3 + "\n"
    )
    rs = extract(text.encode(), uri="file:///films.txt")
    assert not [w.title for w in rs.works if w.kind == WorkKind.ALBUM]


def test_a_shops_picks_by_side_and_place_are_tracks_and_its_condition_no_title() -> None:
    # a Japanese record shop: "disc : EX" / "sleeve : NM" (the copy's condition) and four picks "A3 You Masculine You",
    # "B2 What Else Could It Be?", "A2 Grumpus", "B3 The Distance From Her To There", out of order
    rs = _tune("release_ta04.txt")
    (release,) = rs.releases
    assert release.title != "disc : EX"
    assert {(t.position, t.title) for t in release.tracks} == {("A3", "You Masculine You"), ("B2", "What Else Could It Be?"),
                                                                ("A2", "Grumpus"), ("B3", "The Distance From Her To There")}


def test_a_japanese_release_lists_head_and_the_songs_its_prose_brackets() -> None:
    # "KANA-BOON / 『NAMiDA』", then "映画『グッドモーニングショー』主題歌の「Wake up」から、… OPテーマ「Fighter」"
    rs = _tune("release_ta13.txt")
    album = next(w for w in rs.works if w.title == "NAMiDA")
    assert [c.agent.name for c in album.credits if c.role == "performer"] == ["KANA-BOON"]
    (release,) = [r for r in rs.releases if r.work == album.key]
    assert {"Wake up", "Fighter", "バトンロード"} <= {t.title for t in release.tracks}


def test_a_japanese_film_reviews_head_names_its_film_with_its_full_stop() -> None:
    rs = _tune("film_tb32.txt")  # "映画評 「ミックス。」 [映画評]": a film review's head; the film's title ends on 。
    assert rs.works[0].title == "ミックス。"
