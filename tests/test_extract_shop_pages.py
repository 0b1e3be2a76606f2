"""A record shop's newsletter and pages saved in odd ways, as real sites and fixtures give them.

The newsletter lines come from a real shop's weekly letter (../shared/pages release_15); the
Pitchfork page from bench/realpages/tune (saved by a scraper as a Python bytes literal)."""

from __future__ import annotations

from pathlib import Path

from mediagraph.extract import extract
from mediagraph.model import RecordSet

TUNE = Path(__file__).resolve().parents[1] / "bench" / "realpages" / "tune" / "pages"

LETTER = """…..news letter #1021 – frost…..

Busy week around here, as is every week after a long weekend. Lots of new stuff in this week, now up on the site.

…..picks of the week…..

Neos: Three Teens Hellbent on Speed (Supreme Echo) LP
Orange vinyl! Short sonic blasts of teen angst at breakneck velocity – Canada’s NEOS, from Victoria, BC, were pioneers of hyper-speed-punk at the dawn of hardcore. The complete NEOS collection (1981–83) includes both rare EPs, outtakes, demos, and live cuts: 51 songs.
"""


def _text(text: str) -> RecordSet:
    return extract(text.encode(), uri="file:///letter.txt")


def test_a_shop_listing_line_gives_artist_title_label_and_format() -> None:
    rs = _text(LETTER)
    [w] = [w for w in rs.works if w.title == "Three Teens Hellbent on Speed"]
    assert [c.agent.name for c in w.credits] == ["Neos"]
    [r] = [r for r in rs.releases if r.work == w.key]
    assert [lab.label.name for lab in r.labels] == ["Supreme Echo"]
    assert any(f.name == "Vinyl" for f in r.formats)


def test_a_section_marker_between_dots_is_no_title_and_no_artist() -> None:
    rs = _text(LETTER)
    names = {w.title for w in rs.works} | {c.agent.name for w in rs.works for c in w.credits}
    assert not any("news letter" in n or "frost" in n or "picks of the week" in n for n in names)


def test_a_page_saved_as_a_python_bytes_literal_is_read_as_the_page_it_holds() -> None:
    raw = (TUNE / "album_ha01.html").read_bytes()
    assert raw.startswith(b"b'")
    rs = extract(raw, uri="file:///album_ha01.html")
    assert any("bytes literal" in w for w in rs.warnings)
    [v] = rs.reviews
    assert "\\n" not in (v.text or "") and "\\xe2" not in (v.text or "")
    assert "Myth, it has been said" in (v.text or "")


# A soundtrack review site's page (../shared/pages album_02): its menu of other reviews and shows
# first, then the album named again and again as "Title (Soundtrack) by Artist".
SOUNDTRACK_SITE = """Buy The Essential Games Music Collection Vol. 1 soundtrack from

Apocalypse World War II
The Best Exotic Marigold Hotel
Music from the Batman Trilogy

2015 Cue Awards Show
In-Context- Guardians of the Galaxy

Twitter Response Show 1 (Ep 4)
2015 Cue Awards Show

The Essential Games Music Collection Vol. 1 by London Music Works

The Essential Games Music Collection Vol. 1 (Soundtrack) by London Music Works
The Essential Games Music Collection Vol. 1 (Soundtrack) by London Music Works

Rating: 6/10

Buy The Essential Games Music Collection Vol. 1 (Soundtrack) by London Music Works from Buy The Essential Games Music Collection Vol. 1 (Soundtrack) by London Music Works from iTunes

Review by Richard Buxton

Compared to the mighty film industry Gaming is still in its infancy, constantly shifting and developing in its strive to discover its identity. The Essential Games Music Collection Vol. 1 gathers themes from a dozen famous games in new orchestral recordings.
"""


def test_the_album_the_page_keeps_naming_beats_a_menu_line_and_gets_its_artist() -> None:
    rs = _text(SOUNDTRACK_SITE)
    [w] = [w for w in rs.works if w.kind.value == "album"]
    assert w.title == "The Essential Games Music Collection Vol. 1"
    assert [c.agent.name for c in w.credits] == ["London Music Works"]
    assert not any(c.agent.name == "2015" for x in rs.works for c in x.credits)  # a year before a menu line is no artist
    assert all(not lab.label.name.startswith("Buy") for r in rs.releases for lab in r.labels)  # a shop's link is no label


# A blog's soundtrack capsules (../shared/pages album_05, cut): each head a title and the kind of
# record it is, then the blog's own fields.
CAPSULES = """Category: Soundtracks

La Bamba – Original Motion Picture Soundtrack

ARTIST: Various (Mostly Los Lobos)

TITLE: La Bamba

WHAT’S IT ALL ABOUT: Big, huge soundtrack (at least sales wise) to the movie about the life of Ritchie Valens, and it made Los Lobos a household name.

GRADE: C-: Not necessary in this day and time.

Various Artists – Zabriske Point Soundtrack

ARTIST: Various (Soundtrack)

TITLE: Zabriske Point

WHAT’S IT ALL ABOUT: The soundtrack to Antonioni’s film, with Pink Floyd, the Grateful Dead and John Fahey, better than the movie it came with by a long way.

GRADE: B+
"""


def test_soundtrack_heads_without_an_artist_still_cut_the_page_into_albums() -> None:
    titles = {w.title for w in _text(CAPSULES).works if w.kind.value == "album"}
    assert {"La Bamba", "Zabriske Point"} <= titles


def test_an_untitled_single_bears_its_a_sides_title() -> None:
    # a real Japanese record shop's listing (bench/realpages/tune release_ta02) whose title was
    # cut off: the text names the A-side in brackets, the tracklist opens with it
    from mediagraph.extract import extract
    from mediagraph.model import WorkKind

    text = ("LABEL: Blanco Y Negro – NEG61TEP\nFORMAT: Vinyl, 10\", 33 ⅓ RPM, Single Sided, Limited Edition\nCOUNTRY: UK & Europe\n"
            "RELEASE: 1992\n-----------------------------------------\n"
            "バンド DINOSAUR JR. の人気アルバム「Where You Been」からのカット「START CHOPPIN」10\"!\n"
            "A1 Start Choppin\nA2 Turnip Farm\nA3 Forget It\n")
    rs = extract(text.encode(), uri="file:///single.txt")
    album = next(w for w in rs.works if w.kind == WorkKind.ALBUM)
    assert album.title == "Start Choppin"
    assert [r.title for r in rs.releases] == ["Start Choppin"]


def test_a_japanese_shops_note_names_the_act_and_no_shop_line_is_a_title() -> None:
    # a real Japanese record shop's listing (bench/realpages/tune release_ta04), cut
    from mediagraph.extract import extract
    from mediagraph.extract.entries import plausible_title
    from mediagraph.model import WorkKind

    text = ("format : LP\nlabel (country) : Merge Records(US)\ncat no : MRG175\nyear : 2000 (2014 Reissue)\ndisc : EX\n"
            "コンディション表記について\nテネシー州ナッシュビル出身のオルタナ・カントリー・バンドLambchopの2000年5作目。今作はニュー・ソウル"
            "からの影響が強くうかがえるアルバムです。\nA3 You Masculine You\nB2 What Else Could It Be?\n")
    rs = extract(text.encode(), uri="file:///lambchop.txt")
    album = next(w for w in rs.works if w.kind == WorkKind.ALBUM)
    assert "Lambchop" in [c.agent.name for c in album.credits if c.role == "performer"]
    assert "A3" not in [c.agent.name for w in rs.works for c in w.credits]
    for line in ("disc : EX", "A3 You Masculine You", "コンディション表記について"):
        assert not plausible_title(line), line
