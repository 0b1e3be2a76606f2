"""The shortcuts that keep extraction fast skip only text where nothing could be found."""

from __future__ import annotations

from re import _parser  # the pattern parser: the shortest text each pattern can match

from mediagraph.extract import extract
from mediagraph.extract.relations import PROSE_PATTERNS, SHORTEST_RELATION


def test_no_prose_relation_fits_in_a_shorter_paragraph() -> None:
    for pattern in PROSE_PATTERNS:
        shortest = _parser.parse(pattern.pattern, pattern.flags).getwidth()[0]
        assert shortest >= SHORTEST_RELATION, pattern.pattern[:60]


def test_a_short_relation_sentence_is_still_read() -> None:
    page = "Harbor of Saints\n\nDirected by Takumi Sasaki.\n\nBased on the manga.\n\nThe film was remade as Quiet Tide (2009).\n"
    rs = extract(page, uri="t")
    titles = {w.title for w in rs.works}
    assert "Quiet Tide" in titles


def test_every_kind_noun_carries_a_cue_word() -> None:
    from mediagraph.extract.relations import _KIND_RE, _KIND_WORDS

    nouns = _KIND_RE.split(">", 1)[1].rstrip(")").replace("comics?", "comic|comics").split("|")
    assert nouns and all(any(w in noun for w in _KIND_WORDS) for noun in nouns), nouns


def test_a_folded_tail_is_the_tail_folded() -> None:
    import random

    from mediagraph.extract.doc import Doc
    from mediagraph.extract.titles import _folded_from
    from mediagraph.normalize import fold

    rng = random.Random(7)
    alphabet = list("aZ &＆+\u00a0\u3000\t ßİıſK\u0301e\u00e9\u1680\u2028,._-x\n")
    pages = ["Harbor of Saints\n\nA film by Takumi Sasaki & friends.\u00a0\nIt's Café Müller, again.\n"]
    pages += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(500)]
    for text in pages:
        for ln in Doc(text).lines:
            for at in (ln.start, ln.end):
                assert _folded_from(text, at) == fold(text[at:]), (text, at)


def test_mojibake_is_judged_as_ftfy_judges_it() -> None:
    import random

    import ftfy.badness

    from mediagraph.extract.text import _is_bad

    rng = random.Random(3)
    pool = list("aZ x.,?!\n\t ×²³ÃÂÎÐ€œŠš¢£Ÿž\xa0\xad®©°·»ØÙàåÂ√±∂†≠™´≤≥¥µø≈‚ÄìîïòôúùûπâóäêвЂГўВβ€ΆΒΓΞΟā—–ŒœÒÖ│┌╔▀")
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    texts.append("Caf\u00c3\u00a9 M\u00c3\u00bcller \u2013 " + "plain text " * 200)
    assert [_is_bad(t) for t in texts] == [ftfy.badness.is_bad(t) for t in texts]


def test_a_mojibake_page_is_still_repaired() -> None:
    page = ("Film Review: Caf\u00c3\u00a9 M\u00c3\u00bcller (1985)\n\nDirected by Pina Bausch.\n\n"
            "A long review of the film that goes on for a while, with more words than that.\n").encode("utf-8")
    rs = extract(page, uri="t")
    assert any("Café Müller" in w.title for w in rs.works)
    assert "repaired mojibake" in rs.warnings


def test_a_mention_is_found_by_the_narrowed_pattern_too() -> None:
    from mediagraph.extract.relations import _MENTION, _mention_pattern

    texts = ["Fritz Lang's 1927 film Metropolis changed cinema.", "It borrows from the film Nosferatu (1922), of course.",
             "Director Takumi Sasaki's film 'Harbor of Saints' and the manga Akira (1982) both return.",
             "The film (1999) was long.", "Nothing here (but brackets) and a show.", "Anna's song, the series Twin Peaks (1990)."]
    for t in texts:
        assert [(m.span(), m.groupdict()) for m in _mention_pattern(t).finditer(t)] == [(m.span(), m.groupdict()) for m in _MENTION.finditer(t)]


def test_the_mojibake_hint_reads_the_same_in_bytes() -> None:
    import random

    from mediagraph.extract.text import _MOJIBAKE_HINT, _MOJIBAKE_HINT_UTF8

    rng = random.Random(5)
    edges = [chr(c) for c in (0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xF4, 0xF5, 0x152, 0x153, 0x154, 0x160, 0x161, 0x178, 0x17D,
                               0x17E, 0x192, 0x2C6, 0x2DC, 0x2012, 0x2013, 0x203A, 0x203B, 0x20AC, 0x2122, 0xD800)]
    for _ in range(5000):
        t = "".join(rng.choice(edges + list("ab é")) for _ in range(rng.randint(0, 6)))
        assert bool(_MOJIBAKE_HINT.search(t)) == bool(_MOJIBAKE_HINT_UTF8.search(t.encode("utf-8", "surrogatepass"))), t


def test_every_relation_cue_passes_the_paragraph_gate() -> None:
    import ast
    import inspect

    from mediagraph.extract import relations

    tree = ast.parse(inspect.getsource(relations))
    cues: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_hits":
            for arg in node.args[2:]:
                if isinstance(arg, ast.Starred):
                    cues.extend(getattr(relations, arg.value.id))  # type: ignore[attr-defined]
                elif isinstance(arg, ast.Constant):
                    cues.append(arg.value)
    assert len(cues) > 30
    for cue in cues:
        assert any(u in cue for u in relations._ANY_CUE), cue


def test_an_ascii_title_written_in_a_text_is_in_the_folded_text() -> None:
    import random

    from mediagraph.normalize import fold

    rng = random.Random(11)
    around = list("ab AB&+_-.,'\u0301\u030a\u00e9\u00a0\tß\u1100\u1161ﬁＡ１²İı\n")
    ascii_ = list("ab AB&+_-.,'x1")
    for _ in range(20000):
        title = "".join(rng.choice(ascii_) for _ in range(rng.randint(1, 6)))
        text = "".join(rng.choice(around) for _ in range(rng.randint(0, 5))) + title + "".join(rng.choice(around) for _ in range(rng.randint(0, 5)))
        assert fold(title) in fold(text), (title, text)


def test_rdfa_is_found_where_the_tag_pattern_finds_it() -> None:
    import random
    import re

    from mediagraph.extract.rdfa import has_rdfa

    tag_pattern = re.compile(r"<[^>]+\stypeof\s*=", re.I)
    rng = random.Random(11)
    pool = ["<", ">", " ", "\n", "\t", "typeof", "TYPEOF", "=", " =", "a", "div", '"']
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    texts += ['<div vocab="http://schema.org/" typeof="MusicAlbum">', "<script>if (typeof x == 'y') {}</script>"]
    assert [has_rdfa(t) for t in texts] == [tag_pattern.search(t) is not None for t in texts]


def test_a_mention_with_a_bracketed_year_holds_the_guarded_words() -> None:
    import random

    from mediagraph.extract.mentions import _FILMOGRAPHY, _IN_PROSE_YEAR, _PAREN_YEAR, _QUOTED_YEAR

    rng = random.Random(5)
    pool = ["The Thing ", "(", "1982", ")", "“Alien” ", " ", "directed by John Carpenter ", ", ", "Heat ", "（", "19", "82", "(Heat, Alien)", "(1982)"]
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    for rx in (_FILMOGRAPHY, _QUOTED_YEAR, _IN_PROSE_YEAR):
        found = [m.group(0) for t in texts for m in rx.finditer(t)]
        assert len(found) > 100  # the random lines hold many of each
        assert all("(" in x and (rx is not _IN_PROSE_YEAR or _PAREN_YEAR.search(x)) for x in found)


def test_a_blind_counter_counts_what_the_case_blind_pattern_finds() -> None:
    import random
    import re

    from mediagraph.extract.memo import blind_counter
    from mediagraph.extract.realpage import _COMIC_CUE, _TV_CUE

    rng = random.Random(13)
    pool = ["Comics", "DC ", "Marvel", "ISSUE", "issues", " #12", "Season", "ÉPISODES", "épisodes", "série télévisée", "シーズン",
            "第3話", "ſeason", "İnker", "inker", "ınks", "K", " ", "\n", "x", "Writer:", "artists :", "Boom! Comics", "é"]
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 16))) for _ in range(5000)]
    for rx in (_COMIC_CUE, _TV_CUE, re.compile(r"(?i)\bS\w+\b|[A-Z]\d")):
        count = blind_counter(rx)
        assert [count(t) for t in texts] == [len(rx.findall(t)) for t in texts], rx.pattern[:40]


def test_a_bracketed_other_title_stands_after_an_opening_quote() -> None:
    import random
    import re

    from mediagraph.extract.entry_fields import _after_open_quote

    rng = random.Random(17)
    pool = ["《", "》", "«", "»", "“", "”", '"', " ", "\u00a0", "Heat", "(", ")", "（", "）", "Relatos salvajes", "1995", ", ",
            "«Heat»", "“ Heat”", "« Heat »", "(Relatos salvajes)", "（The Doorman）"]
    found = 0
    for _ in range(20000):
        t = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        m = re.search(r"[《「『«“\"]\s?Heat\s?[》」』»”\"]\s*[（(](?P<a>[A-Z0-9À-Þ][^()（）]{1,60})[)）]", t)
        found += m is not None
        assert m is None or _after_open_quote(t, "Heat"), t
    assert found > 50


def test_every_review_word_holds_a_piece_the_head_gate_looks_for() -> None:
    from mediagraph.extract.entries import _REVIEW, _REVIEW_PIECES, _may_name_review

    words = _REVIEW.removeprefix("(?:").removesuffix(")").split("|")
    assert len(words) > 10 and all(any(p in w for p in _REVIEW_PIECES) for w in words), words
    assert not any(c in p for p in _REVIEW_PIECES for c in "isſı")
    assert _may_name_review("HEAT – REVİEW") and _may_name_review("Heat (Filmkritik)") and not _may_name_review("Heat (1995)")


def test_a_soundtrack_or_named_film_is_found_by_the_narrowed_patterns_too() -> None:
    import random

    from mediagraph.extract.mentions import _FILM_NAMED, _SOUNDTRACK_OF, _named_patterns

    rng = random.Random(19)
    pool = ["the ", "The film ", "The movie ", "The Series ", "soundtrack to ", "SCORE for ", "muſic of ", "Musıc for ", "ost de ",
            "bande originale du film ", "Filmmusik zu ", "Heat", "Red State ", "1995 ", "(2001)", ", ", ". ", "is ", "x"]
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 10))) for _ in range(20000)]
    found = 0
    for t in texts:
        narrowed = _named_patterns(t)
        for rx in (_SOUNDTRACK_OF, _FILM_NAMED):
            if rx.search(t) is not None:
                found += 1
                assert rx in narrowed, (rx.pattern[:30], t)
    assert found > 1000


def test_the_line_cache_answers_as_the_reader_and_stays_bounded() -> None:
    from mediagraph.extract.memo import KEPT, LONGEST, line_cache

    calls: list[str] = []

    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    cached = line_cache(shout)
    assert cached("Heat") == "HEAT" and cached("Heat") == "HEAT" and calls == ["Heat"]
    long = "x" * (LONGEST + 1)
    assert cached(long) == long.upper() and cached(long) == long.upper() and calls.count(long) == 2  # (a paragraph is not kept)
    for i in range(KEPT + 10):
        assert cached(f"line {i}") == f"LINE {i}"
    assert len(cached.__self__) <= KEPT  # type: ignore[attr-defined]


def test_a_masked_doc_is_the_doc_with_those_lines_blanked() -> None:
    from mediagraph.extract.doc import Doc, Line

    doc = Doc("Heat (1995)\n  Directed by Michael Mann\n\n\tTracklist\n1. Heat\n")
    once = doc.masked({1, 4, 99})
    twice = once.masked({0, 1})
    for masked, gone in ((once, {1, 4}), (twice, {0, 1, 4})):
        assert masked.text == doc.text
        assert masked.lines == [Line(ln.index, "", ln.start, ln.start, 0) if ln.index in gone else ln for ln in doc.lines]
    assert doc.lines[1].text == "Directed by Michael Mann"  # (the doc masked from is unchanged)


def test_tracklists_read_again_from_the_same_lines_are_the_same() -> None:
    from mediagraph.extract.doc import Doc
    from mediagraph.extract.tracklist import _find_tracklists, find_tracklists

    doc = Doc("Tracklist\n1. Heat 3:12\n2. Ronin 4:01\n3. Collateral 2:55\n\nA1 One\nA2 Two\nB1 Three\n")
    first = find_tracklists(doc.lines)
    first.clear()  # (a caller's list is its own)
    again = find_tracklists(doc.lines)
    assert again == _find_tracklists(doc.lines, set()) and len(again) == 2
    assert [t.title for t in again[0].tracks] == ["Heat", "Ronin", "Collateral"]
    assert find_tracklists(doc.lines, skip={1}) == _find_tracklists(doc.lines, {1})
