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
    assert [(c.role, c.agent.name) for c in scrooged.credits] == [("director", "Richard Donner")]
    assert "Tora! Tora! Tora!" in films  # "the soundtrack for the 1970 Pear Harbor drama Tora! Tora! Tora!."
    albums = [w.title for w in rs.works if w.kind == WorkKind.ALBUM]
    assert "Tora! Tora! Tora!" in albums  # "a new edition of the soundtrack": an album of its own
    assert "Batman" not in albums  # "his breakout score for Tim Burton’s Batman" announces no album
    assert not any(". " in w.title or w.title.endswith(" The") for w in rs.works)  # no title runs into the next sentence
