"""Works a page names in passing: a director's filmography in brackets, "Title (1992)" in the
prose, a quoted film title in a film review. Each becomes a work of its own, tied to nothing it
does not say: a name, a kind, a year and the maker when the sentence gives them."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from mediagraph.extract.doc import Line
from mediagraph.extract.entries import drop_rank, generic_only, is_chrome, plausible_title
from mediagraph.extract.names import looks_like_person
from mediagraph.model import Span, WorkKind

_WORD = r"[A-Z0-9À-Þ][\w'’!?&.\-]*"
_SMALL = r"(?:of|the|a|an|and|in|on|to|for|from|with|at|by|or|de|la|le|les|du|des|di|del|der|die|das|und|y|e|von|van)"
_TITLE = rf"{_WORD}(?:[ \t]+(?:{_SMALL}[ \t]+)*{_WORD}){{0,7}}(?::[ \t]+{_WORD}(?:[ \t]+(?:{_SMALL}[ \t]+)*{_WORD}){{0,5}})?"


def title_run(most: int) -> str:
    """The pattern of a capitalised title of up to ``most`` + 1 words, small words allowed between them
    ("The Bitter Tears of Petra von Kant"): the one shape every prose reader looks for titles in."""
    return rf"{_WORD}(?:[ \t]+(?:{_SMALL}[ \t]+)*{_WORD}){{0,{most}}}"
# "Directed by Francis Lawrence (The Hunger Games: Mockingjay - Part 1, Water for Elephants, I am Legend)"
_FILMOGRAPHY = re.compile(
    r"(?:directed by|director|written by|starring|regie|réalisé par|regia di)\s+"
    r"(?P<who>[A-ZÀ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-Þ][\w'’.\-]+){1,3})\s*\((?P<list>[^()]{4,300})\)", re.I)
_IN_PROSE_YEAR = re.compile(rf"(?<![\w(])(?P<t>{_TITLE})[ \t]+(?:\((?i:aka|a\.k\.a\.|also known as|alias)[ \t]+(?P<aka>[^()]{{2,60}})\)[ \t]+)?"
                            rf"\((?P<y>(?:18|19|20)\d\d)\)")
_PAREN_YEAR = re.compile(r"\((?:18|19|20)\d\d\)")  # in every match of _IN_PROSE_YEAR: a line without it is passed over
# "the soundtrack to TATORT: ES LEBE DER KÖNIG", "the new score for the film Boite noire"
# "the soundtrack to TATORT: ES LEBE DER KÖNIG", "the new score for the film Boite noire",
# "the score for Richard Donner’s 1988 holiday comedy Scrooged", "the soundtrack for the 1970 drama Tora! Tora! Tora!"
# (the cue is read case-blind, the title never: a title starts with a capital)
_SOUNDTRACK_OF = re.compile(
    r"(?i:\b(?:soundtrack|score|music|ost|bande originale|colonna sonora|banda sonora|filmmusik)\s+(?:album\s+)?"
    r"(?:to|for|of|from|du film|zu|de|di)\s+(?:the\s+|a\s+|an\s+)?)"
    r"(?:(?P<maker>[A-ZÀ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-Þ][\w'’.\-]+){0,2})['’]s?\s+)?"
    r"(?:(?P<y>(?:18|19|20)\d\d)(?:['’]s)?\s+)?"
    r"(?:(?:new|upcoming|acclaimed|hit|classic|cult|original|[a-z][a-z\-]+)\s+){0,3}"
    rf"(?P<t>{_TITLE}|[A-Z0-9À-Þ][A-Z0-9À-Þ '’:!&.\-]{{2,60}}[A-Z0-9À-Þ!])")
# "The Last Stand was one of the most formulaic, sterile and tepid metal albums of 2016"
_YEAR_IN = re.compile(r"(?:19|20)\d\d")
_ONE_OF_YEAR = re.compile(
    rf"(?<![\w'’])(?P<t>{_TITLE})\s+(?:was|is)\s+(?:one\s+of\s+)?(?:the|a|an|his|her|their|its)\s+(?:[\w\-]+,?\s+(?:and\s+)?){{0,6}}?"
    r"(?P<noun>albums?|records?|LPs?|EPs?|films?|movies?)\s+(?:of|from|released in)\s+(?P<y>(?:19|20)\d\d)\b")
# "’85年公開の早見優主演「キッズ」", "黒沢清監督の「CURE」": Japanese prose credits a film's players or
# director just before its bracketed title
_JA_CREDITED = re.compile(r"(?P<pre>[^「」\n]{0,40}?)(?P<role>主演|監督)(?:の|作品|映画|最新作)*「(?P<t>[^」\n]{1,40})」")
_JA_YEAR = re.compile(r"(?:(?P<c>19|20)|[’'‘])(?P<yy>\d\d)年")
_JA_PARTICLE = re.compile(r"[のがをにはでと、。：:]|られた|された|した")
_JA_NAME = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]{2,8}")


def _ja_credited(m: re.Match[str]) -> tuple[str | None, list[str]]:
    """The year and the names a Japanese credit phrase gives before its bracketed title."""
    pre = m.group("pre")
    y = None
    if (ym := _JA_YEAR.search(pre)) is not None:
        yy = int(ym.group("yy"))
        y = f"{ym.group('c') or ('19' if yy > 30 else '20')}{ym.group('yy')}"
    names = [n for n in _JA_PARTICLE.split(pre)[-1].split("・") if _JA_NAME.fullmatch(n)]
    return y, names


_KIND_AFTER = re.compile(r"\s+(?:film|films|movie|movies|drama|comedy|thriller|documentary|feature|picture|production|series|anime|western|musical)\b")
# "… Pear Harbor drama Tora! Tora! Tora!": a descriptor in capitals, then the kind, then the title
_KIND_THEN_TITLE = re.compile(rf"\s+(?:drama|comedy|thriller|film|movie|western|epic|classic|documentary|musical|adventure|"
                              rf"romance|horror film|war film|biopic)\s+(?P<t>{_TITLE})")
_OWNER = re.compile(r"^.*?(?P<p>[A-ZÀ-Þ][\w.\-]+\s+[A-ZÀ-Þ][\w.\-]+)['’]s?\s+(?P<rest>[A-Z0-9À-Þ].*)$")
_QUOTED_YEAR = re.compile(r"[„“\"»«]\s?(?P<t>[A-Z0-9À-Þ][^„“”\"»«\n]{0,80}?)\s?[“”\"«»]\s*\((?P<y>(?:18|19|20)\d\d)\b")
_SENTENCE_END = re.compile(r"(?:(?<=[a-z]{3})|(?<=[!?]))\.\s")
# "The film Boite noire (Black Box, 2021)": up to the bracket, comma or verb that ends the name, else a title's capitals
_FILM_NAMED = re.compile(rf"\bThe (?:film|movie|series)\s+(?P<t>[A-Z0-9À-Þ][^(),.;:\n]{{1,60}}?(?=\s*\(|,|\.\s|;|\s(?:is|was|stars|starring|written|directed|by)\b)|{_TITLE})")
# "resulted in the album Eat ‘Em and Smile which was released …", "the 1985 EP Crazy From The Heat which …"
RECORD_NAMED = re.compile(
    r"(?i:\b(?:the|his|her|their|its)\s+(?:(?:(?:19|20)\d\d|debut|new|latest|first|second|third|fourth|fifth|sophomore|full[- ]length|"
    r"studio|solo|live|next|upcoming|classic|self[- ]titled)\s+){0,3}(?P<noun>album|LP|EP|record|single)\s+(?:(?:titled|called|entitled)\s+)?)"
    rf"(?P<t>{_TITLE.replace(_WORD, '[‘]?' + _WORD)})(?=\s+(?:which|that|was|is|has|had|came|featured|features|from|in|on|by|with|via)\b|\s*[,.;(]|$)")
# "Kihachi Okamoto’s 1966 hunted/hated man samurai gem, The Sword of Doom.", "Fassbinder’s 1972 film adaptation of
# his own stage play, The Bitter Tears of Petra von Kant, will …": a maker's film of a year, named after a comma
_MAKERS_YEAR_TITLE = re.compile(
    rf"(?P<mk>[A-ZÀ-Þ][\w.\-]+(?:[ \t]+[A-ZÀ-Þ][\w.\-]+){{0,2}})['’]s?[ \t]+(?P<y>(?:19|20)\d\d)[ \t]+[^,.;:]{{3,80}}?,[ \t]+"
    rf"(?P<t>{_TITLE})(?=[,.;]|[ \t]+(?:will|is|was|has|comes|arrives)\b)")
_QUOTED = re.compile(rf"[“\"‘«„]\s?(?P<t>{_TITLE})\s?[”\"’»“](?!\w)")
# "2013’s Side Effects", "2019’s actioner “Rambo: Last Blood,”", "2024’s little-seen “Small Things like These,”"
_YEARS_TITLE = re.compile(
    rf"(?<![\w$£€])(?P<y>(?:19|20)\d\d)['’]s[ \t]+(?:[a-z][\w\-]*[ \t]+){{0,3}}?"
    rf"(?:[“\"‘]\s?(?P<q>[A-Z0-9À-Þ][^”\"’\n]{{0,80}}?)[,.]?\s?[”\"’]|(?P<t>{_TITLE}))")
_WORK_NOUN = (r"(?P<noun>film|movie|docudrama|drama|comedy|thriller|documentary|western|musical|feature|picture|sequel|remake|"
              r"adaptation|biopic|horror film|war film|album|LP|EP|record|series|miniseries)")
# "the 1989 docudrama Fat Man and Little Boy", "Jon M. Chu’s 2013 toy-based sequel G.I. Joe: Retaliation"
_YEAR_KIND_TITLE = re.compile(
    rf"(?:\b(?:the|his|her|their|its)|[A-ZÀ-Þ][\w.\-]*['’]s?)[ \t]+(?P<y>(?:19|20)\d\d)[ \t]+(?:[a-z][\w\-]*[ \t]+){{0,2}}?{_WORK_NOUN}"
    rf"[ \t]+(?P<t>{_TITLE})")
# "the score to Cromwell, a 1970 drama starring …"
_TITLE_A_YEAR_KIND = re.compile(rf"(?<![\w'’])(?P<t>{_TITLE}),[ \t]+(?:a|an|the)[ \t]+(?P<y>(?:19|20)\d\d)[ \t]+(?:[a-z][\w\-]*[ \t]+){{0,2}}?{_WORK_NOUN}\b")
_NOUN_MUSIC = ("album", "lp", "ep", "record")
_ENDS_SENTENCE = re.compile(r"(?<=[a-z]{2})\.\s")
_FILM_NEAR = re.compile(r"(?i)\b(?:film|films|movie|movies|picture|pictures|remake|sequel|prequel|classic|like|such as|including|"
                        r"thriller|comedy|drama|documentary|western|horror|série|série|serie|series|kino)\b")
_MUSIC_NEAR = re.compile(r"(?i)\b(?:album|albums|ep|lp|record|records|debut|release|released|single|cd|disc)\b")


@dataclass(frozen=True)
class Mention:
    title: str
    kind: WorkKind
    span: Span
    year: str | None = None
    maker: str | None = None  # the director (films) named with the mention
    maker_role: str | None = None
    scored: bool = False  # the page presents its music for this work ("the soundtrack to X")
    cast: tuple[str, ...] = ()  # actors named with the mention ("高橋由美子・山本耕史主演「時の輝き」")


# Every match of _SOUNDTRACK_OF holds one of these words (in any case), every match of _FILM_NAMED
# one of these phrases: a line with none of them is not searched.
_SOUNDTRACK_WORDS = ("soundtrack", "score", "music", "ost", "bande originale", "colonna sonora", "banda sonora", "filmmusik")
_FILM_NAMED_WORDS = ("The film", "The movie", "The series")
# Letters re's case-blind matching folds apart from str.lower ("ſ" is matched by "s", "ı" by "i")
_FOLDS_APART = ("\u0130", "\u0131", "\u017f")


def _named_patterns(t: str) -> tuple[re.Pattern[str], ...]:
    """_SOUNDTRACK_OF and _FILM_NAMED, without those that cannot match in ``t``."""
    low = t.lower()
    blind = not t.isascii() and any(c in t for c in _FOLDS_APART)
    soundtrack = blind or any(w in low for w in _SOUNDTRACK_WORDS)
    named = any(w in t for w in _FILM_NAMED_WORDS)
    return (_SOUNDTRACK_OF, _FILM_NAMED) if soundtrack and named else (_SOUNDTRACK_OF,) if soundtrack else (_FILM_NAMED,) if named else ()


def find_mentions(lines: list[Line], *, kind: WorkKind) -> list[Mention]:
    """Works named in the lines' running text, for a page (or entry) whose own kind is ``kind``."""
    out: list[Mention] = []
    seen: set[str] = set()

    def add(m: Mention, *, quoted: bool = False) -> None:
        cut = _SENTENCE_END.search(m.title)
        if cut is not None:
            # "Scrooged. The album includes …": the title ends with its sentence
            title = m.title[: cut.start()].rstrip(".")
            m = Mention(title, m.kind, Span(m.span.start, m.span.start + len(title)), m.year, m.maker, m.maker_role, m.scored, m.cast)
        owner = _OWNER.match(m.title)
        if owner is not None and looks_like_person(owner.group("p")):
            # "Congo and Frank Cordell's Cromwell": the title after a person's possessive
            rest = owner.group("rest")
            m = Mention(rest, m.kind, Span(m.span.end - len(rest), m.span.end), m.year, m.maker, m.maker_role, m.scored, m.cast)
        ranked = drop_rank(m.title)
        if ranked != m.title:
            # "No.46 The Dark Knight Rises (2012)": a list's rank before the title
            dropped = len(m.title) - len(ranked)
            m = Mention(ranked, m.kind, Span(m.span.start + dropped, m.span.end), m.year, m.maker, m.maker_role, m.scored, m.cast)
        key = m.title.casefold()
        if m.title[:1].islower():
            return  # "the soundtrack to a German film": a case-blind pattern's words, not a title
        if key in seen and m.year:
            for i, old in enumerate(out):
                if old.title.casefold() == key and old.year is None and old.kind == m.kind:
                    out[i] = dataclasses.replace(old, year=m.year)  # named again with its year
            return
        if key in seen or not plausible_title(m.title) or generic_only(m.title) or (looks_like_person(m.title) and " " in m.title and not quoted):
            return  # (a quoted "Red State" is a title, though it reads like a name)
        seen.add(key)
        out.append(m)

    for ln in lines:
        t = ln.text
        if len(t) < 30 or is_chrome(t):
            continue
        for m in _FILMOGRAPHY.finditer(t) if "(" in t else ():
            role = "director" if re.match(r"(?i)direct|regie|réalisé|regia", m.group(0)) else None
            pos = m.start("list")
            for part in re.split(r",\s*|;\s*", m.group("list")):
                name = part.strip().rstrip(".")
                at = t.find(name, pos)
                if 2 <= len(name) <= 80 and name[:1].isupper() and at >= 0:
                    add(Mention(name, WorkKind.FILM, ln.span(at, at + len(name)), maker=m.group("who") if role else None,
                                maker_role=role))
        for m in _QUOTED_YEAR.finditer(t) if "(" in t else ():
            # "Roland Suso Richters „Nichts als die Wahrheit“ (1999 – mit Götz George …)": a quoted title of any
            # case with its year after it
            before = t[max(0, m.start() - 40) : m.start()]
            k = WorkKind.ALBUM if (kind == WorkKind.ALBUM or _MUSIC_NEAR.search(before)) and not _FILM_NEAR.search(before) \
                else WorkKind.FILM
            add(Mention(m.group("t").strip(), k, ln.span(m.start("t"), m.start("t") + len(m.group("t").strip())), year=m.group("y")))
        for m in _JA_CREDITED.finditer(t) if "「" in t else ():
            year, names = _ja_credited(m)
            if not names:
                continue
            actor = m.group("role") == "主演"
            add(Mention(m.group("t"), WorkKind.FILM, ln.span(m.start("t"), m.end("t")), year=year,
                        maker=None if actor else names[0], maker_role=None if actor else "director",
                        cast=tuple(names) if actor else ()), quoted=True)
        for m in _ONE_OF_YEAR.finditer(t) if (" was " in t or " is " in t) and _YEAR_IN.search(t) else ():
            k = WorkKind.FILM if m.group("noun").lower().startswith(("film", "movie")) else WorkKind.ALBUM
            add(Mention(m.group("t"), k, ln.span(m.start("t"), m.end("t")), year=m.group("y")))
        for m in _IN_PROSE_YEAR.finditer(t) if "(" in t and _PAREN_YEAR.search(t) else ():
            before = t[max(0, m.start() - 40) : m.start()]
            following = t[m.end() : m.end() + 40]
            title = m.group("t")
            if kind == WorkKind.ALBUM or _MUSIC_NEAR.search(before):
                # ("Le Bossu (aka On Guard!) (1997) was one the last films directed by …": the words after say film)
                k = WorkKind.ALBUM if not _FILM_NEAR.search(before) and not _FILM_NEAR.search(following) else WorkKind.FILM
            else:
                k = WorkKind.FILM
            add(Mention(title, k, ln.span(m.start("t"), m.end("t")), year=m.group("y")), quoted=m.group("aka") is not None)  # (an "aka" makes it a title)
        for m in _MAKERS_YEAR_TITLE.finditer(t) if kind != WorkKind.ALBUM and ("’s " in t or "'s " in t) else ():
            maker = m.group("mk")
            add(Mention(m.group("t"), WorkKind.FILM, ln.span(m.start("t"), m.end("t")), year=m.group("y"),
                        maker=maker if looks_like_person(maker) else None, maker_role="director" if looks_like_person(maker) else None))
        for m in RECORD_NAMED.finditer(t) if kind == WorkKind.ALBUM else ():
            title = m.group("t").strip().rstrip(".,;:")
            if len(title.split()) >= 2 or m.group("noun").isupper():
                add(Mention(title, WorkKind.ALBUM, ln.span(m.start("t"), m.start("t") + len(title))))
        for rx in _named_patterns(t):
            for m in rx.finditer(t):
                title = m.group("t").strip().rstrip(".,;:")
                at = m.start("t")
                after = _KIND_THEN_TITLE.match(t, at + len(title)) if rx is _SOUNDTRACK_OF else None
                if after is not None:
                    title, at = after.group("t").strip().rstrip(".,;:"), after.start("t")
                elif rx is _SOUNDTRACK_OF and _KIND_AFTER.match(t, at + len(m.group("t"))):
                    continue  # "the soundtrack to a German film, yet …": the word qualifies the kind, no title follows
                if title.split()[0].lower() in ("the", "a", "an") and len(title.split()) == 1:
                    continue
                maker = m.groupdict().get("maker")
                maker = maker if maker and looks_like_person(maker) else None
                add(Mention(title, WorkKind.FILM, ln.span(at, at + len(title)), year=m.groupdict().get("y"),
                            maker=maker, maker_role="director" if maker else None,
                            scored=rx is _SOUNDTRACK_OF or kind == WorkKind.ALBUM))
        if _YEAR_IN.search(t):
            for rx in (_YEARS_TITLE, _YEAR_KIND_TITLE, _TITLE_A_YEAR_KIND):
                for m in rx.finditer(t):
                    g = "q" if m.groupdict().get("q") else "t"
                    title = _ENDS_SENTENCE.split(m.group(g).strip())[0].rstrip(".,;:")  # ("… Little Boy. The album …")
                    noun = (m.groupdict().get("noun") or "").casefold()
                    if noun:
                        k = WorkKind.ALBUM if noun in _NOUN_MUSIC else WorkKind.TV_SERIES if "series" in noun else WorkKind.FILM
                    else:
                        k = kind if kind in (WorkKind.FILM, WorkKind.ALBUM, WorkKind.TV_SERIES) else WorkKind.FILM
                    add(Mention(title, k, ln.span(m.start(g), m.start(g) + len(title)), year=m.group("y")), quoted=g == "q")
        if kind == WorkKind.FILM:
            for m in _QUOTED.finditer(t):
                title = m.group("t").strip()
                words = title.split()
                near = t[max(0, m.start() - 50) : m.end() + 30]
                # a film review's quoted title in capitals: “Red State”, “It Follows” (one word needs a film word near it)
                if (1 <= len(words) <= 8 and _FILM_NEAR.search(near)) or 2 <= len(words) <= 6:
                    add(Mention(title, WorkKind.FILM, ln.span(m.start("t"), m.start("t") + len(title))), quoted=True)
    return out


__all__ = ["Mention", "find_mentions", "title_run"]
