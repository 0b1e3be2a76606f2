"""Relations stated in prose ("based it mainly on the manga … written by X", "Inspired by X's
'Title', 1926", "the soundtrack to the 2001 animated production", "a variant of this motif,
called 'After All'", a song used in the film) and the works those sentences mention."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from mediagraph.extract.draft import Builder, ReleaseDraft, WorkDraft
from mediagraph.extract.memo import fold, lazy_re
from mediagraph.extract.names import looks_like_person, strip_quotes
from mediagraph.model import Agent, Credit, Predicate, Relation, Role, Span, WorkKind

_NAME = r"[A-ZÀ-ÞŌ](?:\.(?:[A-Z]\.)*|[\w\-]+)(?:[ \t]+[A-ZÀ-ÞŌ](?:\.|[\w\-]+)){0,2}"  # "E.T.A. Hoffmann", "Fritz Lang"
_TITLE = r"[A-Z0-9À-Þ][\w'’:!?.\-]*(?:[ \t]+(?:[A-Z0-9À-Þ][\w'’:!?.\-]*|(?:of|the|in|a|an|and|to|on|de|la|le|no|wa|del|der|die|das|for)\b))*"
_Q = r"(?<!\w)[\"“„«'‘]\s?(?P<qt>(?:[^\"”“«»'‘’\n]|(?<=\w)['’](?=\w)){1,100}?)\s?[\"”“»'’](?!\w)"
KIND_NOUNS: dict[str, WorkKind] = {
    "film": WorkKind.FILM, "movie": WorkKind.FILM, "picture": WorkKind.FILM, "production": WorkKind.FILM,
    "feature": WorkKind.FILM, "anime": WorkKind.FILM, "documentary": WorkKind.FILM, "classic": WorkKind.OTHER, "masterpiece": WorkKind.OTHER, "original": WorkKind.OTHER,
    "manga": WorkKind.COMIC, "comic": WorkKind.COMIC, "comics": WorkKind.COMIC, "graphic novel": WorkKind.COMIC,
    "novel": WorkKind.BOOK, "book": WorkKind.BOOK, "short story": WorkKind.BOOK, "play": WorkKind.OTHER,
    "series": WorkKind.TV_SERIES, "tv series": WorkKind.TV_SERIES, "show": WorkKind.TV_SERIES,
    "album": WorkKind.ALBUM, "soundtrack": WorkKind.ALBUM, "score": WorkKind.ALBUM, "song": WorkKind.SONG,
    "game": WorkKind.OTHER, "video game": WorkKind.OTHER, "opera": WorkKind.OTHER,
}
_KIND_RE = r"(?P<noun>graphic novel|short story|video game|tv series|film|movie|picture|production|feature|anime|documentary|manga|comics?|novel|book|play|series|show|album|soundtrack|song|game|opera|classic|masterpiece|original)"
# The words of ``_KIND_RE`` ("graphic novel" holds "novel"): a mention names one of them.
_KIND_WORDS = ("film", "movie", "picture", "production", "feature", "anime", "documentary", "manga", "comic", "novel", "book",
               "play", "series", "show", "album", "soundtrack", "song", "game", "opera", "classic", "masterpiece", "original",
               "short story")
_CREATOR_ROLE = {WorkKind.FILM: Role.DIRECTOR, WorkKind.COMIC: Role.AUTHOR, WorkKind.BOOK: Role.AUTHOR,
                 WorkKind.ALBUM: Role.PERFORMER, WorkKind.SONG: Role.PERFORMER, WorkKind.TV_SERIES: Role.DIRECTOR}


@dataclass
class Context:
    """What prose relations attach to: the page's main work and release, and role evidence."""

    builder: Builder
    main: WorkDraft | None
    release: ReleaseDraft | None = None
    directors: set[str] = field(default_factory=set)  # surnames and full names seen directing
    claimed: bool = False  # structured data has named the main work


_DIRECTOR_NAMED = lazy_re(rf"(?:\bdirector|\bfilmmaker|\bdirected by)\s+(?P<n>{_NAME})")
_NAME_FILM = lazy_re(rf"(?P<n>{_NAME})['’]s?\s+(?:\d{{4}}\s+)?(?:[\w\-]+\s+){{0,2}}(?:film|movie)s?\b")


def role_evidence(text: str) -> set[str]:
    """Names the page shows directing films ("director Fritz Lang", "Lang's film"): full names
    and bare surnames, so "Fritz Lang's 'Metropolis'" elsewhere reads as a film."""
    return set(_role_names(text))


@functools.lru_cache(maxsize=4)
def _role_names(text: str) -> frozenset[str]:
    # Cached: each entry of a page is read against the page's whole text. The patterns only run
    # when their fixed words are there at all; a capitalised name starts at almost any line.
    names: set[str] = set()
    if "director" in text or "filmmaker" in text or "directed by" in text:
        names.update(m.group("n") for m in _DIRECTOR_NAMED.finditer(text))
    if "film" in text or "movie" in text:
        names.update(m.group("n") for m in _NAME_FILM.finditer(text))
    out = set(names)
    out.update(n.split()[-1] for n in names)
    return frozenset(out)


def find_or_add(ctx: Context, kind: WorkKind, title: str, span: Span | None, *, date: str | None = None,
                date_span: Span | None = None, creator: tuple[str, str, Span | None] | None = None) -> WorkDraft:
    """The page's record for this mention; a new record when the page states a different date
    or creator, so that conflicting statements stay separate."""
    for w in ctx.builder.works:
        if fold(w.title) != fold(title):
            continue
        if w.kind != kind and WorkKind.OTHER not in (w.kind, kind):
            continue
        if date and w.date and w.date[0][:4] != date[:4]:
            continue
        if creator and w.credits and not any(fold(c.agent.name).endswith(fold(creator[0]).split()[-1]) for c in w.credits):
            continue
        if w.kind == WorkKind.OTHER and kind != WorkKind.OTHER:
            w.kind = kind
        if date and not w.date:
            w.date = (date, date_span)
        if creator:
            w.add_credit(Credit(agent=Agent(name=creator[0]), role=creator[1], span=creator[2]))
        return w
    w = ctx.builder.new_work(kind, title, span, date=date, date_span=date_span)
    if creator:
        w.add_credit(Credit(agent=Agent(name=creator[0]), role=creator[1], span=creator[2]))
    return w


def _kind_for(noun: str | None, who: str | None, ctx: Context) -> WorkKind:
    kind = KIND_NOUNS.get((noun or "").lower(), WorkKind.OTHER)
    if kind == WorkKind.OTHER and who and (who in ctx.directors or who.split()[-1] in ctx.directors):
        return WorkKind.FILM
    return kind


def _creator(who: str | None, kind: WorkKind, span: Span | None) -> tuple[str, str, Span | None] | None:
    if not who:
        return None
    return who, str(_CREATOR_ROLE.get(kind, "creator")), span


def _subject_before(ctx: Context, prefix: str) -> WorkDraft | None:
    """"The manga was inspired by…": the latest work of that kind; otherwise the main work."""
    m = re.search(r"\b(?:the|this|that)\s+(?P<noun>[\w\- ]{2,20}?)\s+(?:was|is|were|has been)?\s*$", prefix, re.I)
    if m:
        kind = KIND_NOUNS.get(m.group("noun").lower().split()[-1])
        if kind is not None:
            for w in reversed(ctx.builder.works):
                if w.kind == kind:
                    return w
    return ctx.main


def _abs(base: int, m: re.Match[str], group: str) -> Span:
    return Span(base + m.start(group), base + m.end(group))


def _opt(base: int, m: re.Match[str], group: str | None) -> Span | None:
    """The span of ``group`` when it took part in the match, else None."""
    return _abs(base, m, group) if group and m.group(group) else None


def _whole(base: int, m: re.Match[str]) -> Span:
    return Span(base + m.start(), base + m.end())


def _director(base: int, m: re.Match[str]) -> tuple[str, str, Span | None] | None:
    """The match's "who" group as a director credit, when it named one."""
    return (m.group("who"), str(Role.DIRECTOR), _abs(base, m, "who")) if m.group("who") else None


_BASED = lazy_re(
    rf"\b[Bb]ased (?:\w+ )?(?:\w+ )?(?:up)?on (?:the |an? |his |her |their )?(?:(?P<who1>{_NAME})['’]s?\s+)?(?:[\w\-]+ )?{_KIND_RE}"
    rf"(?:\s+(?:series\s+)?(?P<same>of the same (?:name|title))|\s+(?:called |titled |entitled |named )?(?:{_Q}|(?P<t>{_TITLE})))?"
    rf"(?:,?\s+(?:written |created |drawn |originally )?(?:and illustrated )?by\s+(?P<who2>{_NAME}))?",
)
_INSPIRED = lazy_re(
    rf"\b[Ii]nspired by (?P<who>{_NAME})['’]s?\s+(?:(?P<y1>\d{{4}})\s+)?(?:(?:[\w\-]+\s+){{0,2}}?{_KIND_RE}\s+)?"
    rf"(?:{_Q}|(?P<t>{_TITLE}))?(?:,?\s*(?:from |of |in |\()?(?P<y2>\d{{4}})\)?)?(?:,?\s+also (?:named|called|titled)\s+(?P<t2>{_TITLE}))?",
)
# "inspired by the 1962 Danish film The Last Crossing": no creator named, the kind and title are.
_INSPIRED_BY_WORK = lazy_re(
    rf"\b[Ii]nspired by (?:the |an? )?(?:(?P<y>\d{{4}})\s+)?(?:[\w\-]+\s+){{0,2}}?{_KIND_RE}\s+(?:{_Q}|(?P<t>{_TITLE}))"
)
# "inspired by The Jade Escort, Wu Chen-Li's 1971 wuxia film"
_INSPIRED_TITLE_OWNER = lazy_re(
    rf"\b[Ii]nspired by (?:{_Q}|(?P<t>{_TITLE})),\s+(?P<who>{_NAME})['’]s?\s+(?:(?P<y>(?:19|20)\d\d)\s+)?(?:[\w\-]+\s+)?{_KIND_RE}"
)
# "Iron Lotus: Blossom of Steel (2020), the TV series based on the manga"
_LATER_APPOSITION = lazy_re(
    rf"(?P<t>{_TITLE})\s*\((?P<y>(?:19|20)\d\d)\),\s+the\s+(?:[\w\-]+\s+)?(?P<noun>film|movie|series|anime|adaptation)\s+"
    rf"(?P<rel>based on|adapted from|inspired by)\s+(?:the|this)\s+(?:manga|novel|book|comic|film|series|story)\b"
)
# "inspired by The Sandman by E.T.A. Hoffmann": a title, then its author.
_INSPIRED_TITLE_BY = lazy_re(rf"\b[Ii]nspired by (?:{_Q}|(?P<t>{_TITLE}))\s+by\s+(?P<who>{_NAME})")
# "In 2021 the manga was adapted into an animated film, Clockwork Lullaby": a later work based on this one.
_ADAPTED_INTO = lazy_re(
    rf"(?:\b[Ii]n (?P<y>\d{{4}}),?\s+)?(?:the |this |that )?(?:[\w\-]+\s+)?(?:was|has been|were|got) adapted (?:in|into|as) "
    rf"(?:an? |the )?(?:[\w\-]+\s+){{0,2}}?{_KIND_RE}(?:\s+(?P<noun_b>series|film|movie))?,?\s+(?:called |titled |entitled )?(?:{_Q}|(?P<t>{_TITLE}))"
)
_SOUNDTRACK = lazy_re(
    rf"\b(?:[Ss]oundtrack|[Ss]core|[Mm]usic)\s+(?:to|for|of|from|is\s+(?:an?\s+)?(?:[\w\-]+,?\s+){{0,3}}(?:companion|accompaniment)\s+to)\s+(?:the\s+)?(?:(?P<y>\d{{4}})\s+)?(?:[\w\-]+\s+){{0,2}}?{_KIND_RE}"
    rf"(?:\s+(?P<noun_b>series|film|movie|show|feature))?(?:\s+(?:{_Q}|(?P<t>{_TITLE})))?(?:\s*\((?P<y2>\d{{4}})\))?",
)
_SOUNDTRACK_TO_MAKERS = lazy_re(
    rf"\b(?:[Ss]oundtrack|[Ss]core)\s+(?:to|for|of)\s+(?:the\s+|an?\s+)?(?:[a-z][\w\-]*\s+){{0,2}}(?P<who>{_NAME})(?:['’]s?)?\s+(?:film|movie)\b(?!\s+[A-Z\"“‘])"
)
_SCORE_FOR = lazy_re(rf"\b(?:[Ss]oundtrack|[Ss]core|[Mm]usic)\s+(?:to|for)\s+(?:{_Q}|(?P<t>{_TITLE}))\s*\((?P<y>\d{{4}})\)")
_VARIANT = lazy_re(rf"\b(?:a |another )?(?:variant|variation|reprise|version) of (?:this|that|the same) (?:motif|theme|melody|piece|track),?\s+(?:called|titled|named)\s+{_Q}", re.I)
# (The lookahead names the letters a match can start with: a role word's or a name's first.)
_OWNER_MENTION = (rf"(?:(?=[dfamwA-ZÀ-ÞŌ])(?:(?:\bdirector|\bfilmmaker|\bauthor|\bmangaka|\bwriter)\s+)?(?P<who>{_NAME})['’]s\s+"
                  rf"(?:(?P<y>\d{{4}})\s+)?(?:[\w\-]+\s+)?{_KIND_RE}\s+(?:{_Q}|(?P<t>{_TITLE})))")
_YEAR_NOUNS = ("film", "movie", "manga", "anime", "novel", "series")
_YEAR_MENTION = rf"\b(?:the\s+)?(?:[\w\-]+\s+)?(?P<noun2>{'|'.join(_YEAR_NOUNS)})\s+(?:{_Q.replace('qt', 'qt2')}|(?P<t2>{_TITLE}))\s+\((?P<y2>\d{{4}})\)"
_MENTION = lazy_re(f"{_OWNER_MENTION}|{_YEAR_MENTION}")
# The same with one side made to fail at once ("(?!)", groups kept): for a paragraph where that
# side cannot match anywhere, the matches are the same and the slow side is not tried at every word.
_OWNER_MENTION_ONLY = lazy_re(f"{_OWNER_MENTION}|(?!){_YEAR_MENTION}")
_YEAR_MENTION_ONLY = lazy_re(f"(?!){_OWNER_MENTION}|{_YEAR_MENTION}")
_PAREN_YEAR = lazy_re(r"\(\d{4}\)")
_NEVER = lazy_re("(?!)")
_SONG_USE = lazy_re(rf"{_Q}")
_SONG_BY = lazy_re(rf"\b[Tt]he (?P<artist>{_NAME}) (?:song|track|tune|number|hit|classic)\b")
SOUNDTRACK_SUFFIX = re.compile(
    r"\s*(?:[-–—:]\s*|\(|\[)?\s*(?:(?:netflix|amazon|apple tv\+?|hbo(?: max)?|hulu|disney\+|paramount\+|peacock|showtime|starz|prime video)\s+)?"
    r"(?<!\w)(?:original\s+(?:motion\s+picture\s+|movie\s+|film\s+|anime\s+|game\s+|television\s+|tv\s+|series\s+)?(?:sound\s*track|score|OST)|"
    r"(?:motion picture\s+)?sound\s*track(?: album)?|O\.?S\.?T\.?|music from the (?:motion picture|film|movie)|bande originale(?: du film)?|"
    r"original score)\s*[)\]]?\s*$",
    re.I,
)


# "basiert auf seinem eigenen Manga „Akira“", "adapté du manga « Metropolis » d'Osamu Tezuka":
# other languages' wording of "based on", with the source named in quotes.
_FOREIGN_NOUNS: dict[str, WorkKind] = {
    "manga": WorkKind.COMIC, "comic": WorkKind.COMIC, "bande dessinée": WorkKind.COMIC, "historieta": WorkKind.COMIC,
    "roman": WorkKind.BOOK, "romans": WorkKind.BOOK, "buch": WorkKind.BOOK, "kurzgeschichte": WorkKind.BOOK, "erzählung": WorkKind.BOOK,
    "nouvelle": WorkKind.BOOK, "livre": WorkKind.BOOK, "novela": WorkKind.BOOK, "libro": WorkKind.BOOK, "romanzo": WorkKind.BOOK,
    "film": WorkKind.FILM, "spielfilm": WorkKind.FILM, "película": WorkKind.FILM,
    "serie": WorkKind.TV_SERIES, "série": WorkKind.TV_SERIES,
}
_FOREIGN_NOUN_RE = "|".join(sorted(_FOREIGN_NOUNS, key=len, reverse=True))
# The lower-cased fixed part of each way of saying "based on" above.
_BASED_FOREIGN_CUES = ("basiert auf", "basierend auf", "beruht auf", "nach", "adapt", "après", "basad", "tir")
_BASED_FOREIGN = lazy_re(
    rf"\b(?:[Bb]asiert auf|[Bb]asierend auf|beruht auf|[Nn]ach|[Aa]dapt[ée]e?s? d[eu']|[Aa]dapt[ée]e?s? de la|[Dd]['’]après|[Bb]asad[oa] en|[Tt]ir[ée]e? d[eu'])"
    rf"\s*(?:(?:dem|der|den|seinem|seiner|ihrem|ihrer|le|la|l['’]|el|la|un|une)\s*)?(?:(?:eigenen|gleichnamigen|célèbre|propre)\s+)?"
    rf"(?P<noun>(?i:{_FOREIGN_NOUN_RE}))\s+(?:{_Q}(?:\s+(?:von|de|d['’]|by|di)\s*(?P<who>{_NAME}))?|"
    rf"(?P<t>[A-ZÀ-Þ][^,.;:()\n]{{1,60}}?)\s+(?:von|de|d['’]|di)\s*(?P<who_u>{_NAME}))",
)


@functools.lru_cache(maxsize=64)
def _lower(text: str) -> str:
    return text.lower()


def _hits(pattern: re.Pattern[str], text: str, *cues: str, also: tuple[str, ...] = ()) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, skipped when none of the cue words is in the text (nor, with
    ``also``, none of those): most paragraphs state no relation, and the patterns are long."""
    low = _lower(text)
    if also and not any(c in low for c in also):
        return iter(())
    for c in cues:
        if c in low:
            return pattern.finditer(text)
    return iter(())


# No pattern read in prose (``PROSE_PATTERNS``) matches fewer characters than this; a shorter
# paragraph (a menu item, a date, a label) states no relation. tests/test_extract_relations.py
# holds the patterns to it.
SHORTEST_RELATION = 10


def _mention_pattern(text: str) -> re.Pattern[str]:
    """``_MENTION``, or one side of it when the other cannot match in ``text``: "X's film Y"
    needs an "'s", "the film Y (1999)" needs a "(1999)" and one of its nouns."""
    low = _lower(text)
    owner = "'s" in low or "’s" in low
    year = _PAREN_YEAR.search(text) is not None and any(n in low for n in _YEAR_NOUNS)
    return _MENTION if owner and year else _OWNER_MENTION_ONLY if owner else _YEAR_MENTION_ONLY if year else _NEVER


def _title_of(m: re.Match[str], *groups: str) -> tuple[str | None, str | None]:
    for g in groups:
        if m.groupdict().get(g):
            # A sentence ends inside an unquoted run ("The Lamplit Quay. Fane's …"): the title stops there.
            title = re.split(r"(?<=[a-z])\.\s+(?=[A-Z])", m.group(g).strip())[0] if g != "qt" else m.group(g).strip()
            return title.rstrip(".,"), g
    return None, None


def prose_relations(ctx: Context, text: str, base: int, *, tracks_by_title: dict[str, str] | None = None) -> None:
    """Read the explicit relations in one block of prose that starts at doc offset ``base``."""
    if len(text) < SHORTEST_RELATION:
        return
    low = _lower(text)
    if not any(c in low for c in _ANY_CUE):
        return
    b = ctx.builder
    for m in _hits(_BASED, text, 'based'):
        kind = KIND_NOUNS.get(m.group("noun").lower(), WorkKind.OTHER)
        subject = _subject_before(ctx, text[max(0, m.start() - 60) : m.start()]) or ctx.main
        if subject is None:
            continue
        title, g = _title_of(m, "qt", "t")
        tspan = _opt(base, m, g)
        who = m.group("who2") or m.group("who1")
        wg = "who2" if m.group("who2") else "who1"
        who_span: Span | None = None
        if m.group("same"):
            title, tspan = subject.title, _abs(base, m, "same")
        elif not title:
            # "… is based on the novel": the one named just before ("Eleanor Caddick's The Widow of
            # Skerry Light"), else nothing — a same-titled source would be invented.
            before = text[max(0, m.start() - 500) : m.start()]
            named = [p for p in _POSSESSIVE_TITLE.finditer(before) if fold(p.group("t")) != fold(subject.title)]
            if not named:
                continue
            p = named[-1]
            off = max(0, m.start() - 500)
            title, tspan = p.group("t"), Span(base + off + p.start("t"), base + off + p.end("t"))
            if not who:
                who, wg = p.group("who"), ""
                who_span = Span(base + off + p.start("who"), base + off + p.end("who"))
        wspan = (_abs(base, m, wg) if wg else who_span) if who else None
        obj = find_or_add(ctx, kind, title, tspan, creator=_creator(who, kind, wspan))
        if obj is not subject:
            b.relate(Relation(subject=subject.key, predicate=Predicate.BASED_ON, object=obj.key, span=_whole(base, m)))
    for m in _hits(_BASED_FOREIGN, text, *_BASED_FOREIGN_CUES):
        subject = ctx.main
        if subject is None:
            continue
        kind = _FOREIGN_NOUNS[m.group("noun").lower()]
        tg, wg = ("qt", "who") if m.group("qt") else ("t", "who_u")
        title = m.group(tg).strip()
        who = m.group(wg)
        obj = find_or_add(ctx, kind, title, _abs(base, m, tg),
                          creator=_creator(who, kind, _abs(base, m, wg)) if who else None)
        if obj is subject and fold(title) == fold(subject.title):
            # "basiert auf seinem eigenen Manga „Akira“": the source shares the film's title.
            obj = ctx.builder.new_work(kind, title, _abs(base, m, "qt"))
            if who:
                obj.add_credit(Credit(agent=Agent(name=who), role=str(_CREATOR_ROLE.get(kind, "creator")), span=_abs(base, m, wg)))
        if obj is not subject:
            b.relate(Relation(subject=subject.key, predicate=Predicate.BASED_ON, object=obj.key, span=_whole(base, m)))
    for m in _hits(_INSPIRED, text, 'nspired'):
        subject = _subject_before(ctx, text[max(0, m.start() - 60) : m.start()])
        if subject is None:
            continue
        title, g = _title_of(m, "qt", "t2", "t")
        if not title:
            continue
        who = m.group("who")
        kind = _kind_for(m.group("noun"), who, ctx)
        y = m.group("y1") or m.group("y2")
        yg = "y1" if m.group("y1") else "y2"
        obj = find_or_add(ctx, kind, title, _opt(base, m, g), date=y, date_span=_opt(base, m, yg),
                          creator=_creator(who, kind, _abs(base, m, "who")))
        if obj is not subject:
            b.relate(Relation(subject=subject.key, predicate=Predicate.INSPIRED_BY, object=obj.key, span=_whole(base, m)))
    for m in _hits(_INSPIRED_TITLE_BY, text, 'nspired'):
        subject = _subject_before(ctx, text[max(0, m.start() - 60) : m.start()])
        title, g = _title_of(m, "qt", "t")
        if subject is None or not title or fold(title) == fold(subject.title):
            continue
        who = m.group("who").rstrip(".")
        kind = _kind_for(None, who, ctx)
        if kind == WorkKind.OTHER and re.search(r"\b(?:story|novel|tale|book|fiction)\b", text, re.I):
            kind = WorkKind.BOOK
        obj = find_or_add(ctx, kind, title, _opt(base, m, g),
                          creator=(who, str(_CREATOR_ROLE.get(kind, Role.AUTHOR)), Span(base + m.start("who"), base + m.start("who") + len(who))))
        if obj is not subject:
            b.relate(Relation(subject=subject.key, predicate=Predicate.INSPIRED_BY, object=obj.key, span=_whole(base, m)))
    for m in _hits(_INSPIRED_TITLE_OWNER, text, 'nspired'):
        subject = _subject_before(ctx, text[max(0, m.start() - 60) : m.start()])
        title, g = _title_of(m, "qt", "t")
        if subject is None or not title or fold(title) == fold(subject.title):
            continue
        kind = _kind_for(m.group("noun"), m.group("who"), ctx)
        obj = find_or_add(ctx, kind, title, _opt(base, m, g), date=m.group("y"),
                          date_span=_opt(base, m, "y"), creator=_creator(m.group("who"), kind, _abs(base, m, "who")))
        b.relate(Relation(subject=subject.key, predicate=Predicate.INSPIRED_BY, object=obj.key, span=_whole(base, m)))
    for m in _hits(_LATER_APPOSITION, text, 'based on', 'adapted from', 'inspired by'):
        main = ctx.main
        if main is None or fold(m.group("t")) == fold(main.title):
            continue
        noun = m.group("noun").lower()
        kind = WorkKind.TV_SERIES if noun == "series" else WorkKind.FILM
        later = find_or_add(ctx, kind, m.group("t"), _abs(base, m, "t"), date=m.group("y"), date_span=_abs(base, m, "y"))
        pred = Predicate.INSPIRED_BY if m.group("rel") == "inspired by" else Predicate.BASED_ON
        b.relate(Relation(subject=later.key, predicate=pred, object=main.key, span=_whole(base, m)))
    for m in _hits(_ADAPTED_FROM, text, 'from', also=("adapted", "taken")):
        subject = _subject_before(ctx, text[max(0, m.start() - 60) : m.start()])
        title, g = _title_of(m, "qt", "t", "qt2", "t2")
        if subject is None or not title or fold(title) == fold(subject.title):
            continue
        second = g in ("qt2", "t2")  # "adapted from Gerald Fane's 1939 novel The Lamplit Quay"
        noun, yg, wg = ("noun2", "y2", "who2") if second else ("noun", "y", "who")
        kind = KIND_NOUNS.get(m.group(noun).lower(), WorkKind.OTHER)
        obj = find_or_add(ctx, kind, title, _opt(base, m, g), date=m.group(yg),
                          date_span=_opt(base, m, yg),
                          creator=_creator(m.group(wg), kind, _abs(base, m, wg)))
        b.relate(Relation(subject=subject.key, predicate=Predicate.BASED_ON, object=obj.key, span=_whole(base, m)))
    for m in _hits(_ADAPTED_INTO, text, 'adapted'):
        source = _subject_before(ctx, text[max(0, m.start() - 60) : m.start("t") if m.group("t") else m.start()])
        title, g = _title_of(m, "qt", "t")
        if source is None or not title or fold(title) == fold(source.title):
            continue
        kind = KIND_NOUNS.get((m.group("noun_b") or m.group("noun")).lower(), WorkKind.OTHER)
        if kind == WorkKind.OTHER and m.group("noun").lower() == "anime":
            kind = WorkKind.FILM
        later = find_or_add(ctx, kind, title, _opt(base, m, g), date=m.group("y"),
                            date_span=_opt(base, m, "y"))
        if later is not source:
            b.relate(Relation(subject=later.key, predicate=Predicate.BASED_ON, object=source.key, span=_whole(base, m)))
    for m in _hits(_INSPIRED_BY_WORK, text, 'nspired'):
        subject = _subject_before(ctx, text[max(0, m.start() - 60) : m.start()])
        title, g = _title_of(m, "qt", "t")
        if subject is None or not title:
            continue
        kind = KIND_NOUNS.get(m.group("noun").lower(), WorkKind.OTHER)
        obj = find_or_add(ctx, kind, title, _opt(base, m, g), date=m.group("y"),
                          date_span=_opt(base, m, "y"))
        if obj is not subject:
            b.relate(Relation(subject=subject.key, predicate=Predicate.INSPIRED_BY, object=obj.key, span=_whole(base, m)))
    if ctx.main is not None and ctx.main.kind == WorkKind.ALBUM:
        for m in _hits(_SOUNDTRACK, text, 'soundtrack', 'score', 'music'):
            # "the 1998 TV anime series Cowboy Bebop": the last noun says what the work is.
            kind = KIND_NOUNS.get((m.group("noun_b") or m.group("noun")).lower(), WorkKind.OTHER)
            if kind not in (WorkKind.FILM, WorkKind.TV_SERIES, WorkKind.OTHER):
                continue
            title, g = _title_of(m, "qt", "t")
            tspan = _opt(base, m, g)
            if not title:
                stripped = SOUNDTRACK_SUFFIX.sub("", ctx.main.title).strip()
                if not stripped or stripped == ctx.main.title:
                    continue
                ts = ctx.main.titles[0][1]
                title, tspan = stripped, Span(ts.start, ts.start + len(stripped)) if ts else None
            y = m.group("y") or m.group("y2")
            yg = "y" if m.group("y") else "y2"
            if kind == WorkKind.OTHER and m.group("noun").lower() not in ("game", "video game", "play", "opera"):
                kind = WorkKind.FILM
            film = find_or_add(ctx, kind, title, tspan, date=y,
                               date_span=_opt(base, m, yg))
            b.relate(Relation(subject=ctx.main.key, predicate=Predicate.SOUNDTRACK_OF, object=film.key, span=_whole(base, m)))
        for m in _hits(_SOUNDTRACK_TO_MAKERS, text, 'soundtrack', 'score'):
            # "Soundtrack to infamous Michaelangelo Antonioni film": the film the record is named after, and its maker
            who = m.group("who")
            if " " not in who or not looks_like_person(who):
                continue
            of = next((r.object for r in b.relations if r.subject == ctx.main.key and r.predicate == Predicate.SOUNDTRACK_OF), None)
            scored: WorkDraft | None = next((w for w in b.works if w.key == of), None)
            if scored is None:
                title = SOUNDTRACK_SUFFIX.sub("", ctx.main.title).strip(" -–—:") or ctx.main.title
                scored = find_or_add(ctx, WorkKind.FILM, title, ctx.main.titles[0][1])
                b.relate(Relation(subject=ctx.main.key, predicate=Predicate.SOUNDTRACK_OF, object=scored.key, span=_whole(base, m)))
            film = scored
            if film.kind == WorkKind.FILM and not any(c.role == Role.DIRECTOR for c in film.credits):
                film.add_credit(Credit(agent=Agent(name=who), role=str(Role.DIRECTOR), span=_abs(base, m, "who")))
        for m in _hits(_SCORE_FOR, text, 'soundtrack', 'score', 'music'):
            title, g = _title_of(m, "qt", "t")
            if not title or fold(title) == fold(ctx.main.title):
                continue
            film = find_or_add(ctx, WorkKind.FILM, title, _opt(base, m, g), date=m.group("y"), date_span=_abs(base, m, "y"))
            b.relate(Relation(subject=ctx.main.key, predicate=Predicate.SOUNDTRACK_OF, object=film.key, span=_whole(base, m)))
    for m in _hits(_mention_pattern(text), text, "'s", "’s", "(", also=_KIND_WORDS):
        if m.group("who"):
            title, g = _title_of(m, "qt", "t")
            who, noun, y, yg = m.group("who"), m.group("noun"), m.group("y"), "y"
        else:
            title, g = _title_of(m, "qt2", "t2")
            who, noun, y, yg = None, m.group("noun2"), m.group("y2"), "y2"
        if not title or (who and not y and not m.group(0).lower().startswith(("director", "filmmaker", "author", "writer", "mangaka"))):
            continue
        kind = _kind_for(noun, who, ctx)
        if kind == WorkKind.OTHER:
            continue
        find_or_add(ctx, kind, title, _opt(base, m, g), date=y, date_span=_opt(base, m, yg),
                    creator=_creator(who, kind, _abs(base, m, "who")) if who else None)
    if tracks_by_title and ctx.release is not None:
        _variants(ctx, text, base, tracks_by_title)
    _songs(ctx, text, base, tracks_by_title or {})
    _uses_songs(ctx, text, base)
    _remakes(ctx, text, base)
    _later_works(ctx, text, base)
    _owner_scores(ctx, text, base)


_DIRECTED_BY_ANY = lazy_re(
    rf"\b(?:directed by|diretto da|dirigid[oa] por|réalisé par|realizzato da|inszeniert von|von regisseur(?:in)?)\s+(?P<who>{_NAME})"
)
_FILM_WORD = lazy_re(r"(?i)\b(?:film|movie|película|pelicula|filme|cinema|cine)\b")
_SERIES_WORD = lazy_re(r"(?i)\b(?:tv series|series|serie|série|anime series|episodes?)\b")
_GAME_WORD = lazy_re(r"(?i)\b(?:video ?game|game|videojuego|videogioco|jeu vidéo)\b")


_FILM_FIELD = lazy_re(
    rf"^(?P<t>[^()\n]{{1,80}}?)\s*(?:\((?P<y>(?:19|20)\d\d)\))?\s*(?:,\s*(?:directed by|dir\.|réalisé par|diretto da|dirigida por)\s+(?P<who>{_NAME}))?\s*$"
)


def soundtrack_from_field(ctx: Context, value: str, at: int) -> None:
    """A soundtrack page's "Film: The Tidewatch (2023), directed by Orla Keaveney" field."""
    main = ctx.main
    m = _FILM_FIELD.match(value.strip())
    if main is None or main.kind != WorkKind.ALBUM or m is None:
        return
    title = strip_quotes(m.group("t").strip())
    if not title:
        return
    film = find_or_add(ctx, WorkKind.FILM, title, Span(at + m.start("t"), at + m.start("t") + len(title)), date=m.group("y"),
                       date_span=Span(at + m.start("y"), at + m.end("y")) if m.group("y") else None)
    if m.group("who") and not any(c.role == Role.DIRECTOR for c in film.credits):
        film.add_credit(Credit(agent=Agent(name=m.group("who")), role=str(Role.DIRECTOR), span=Span(at + m.start("who"), at + m.end("who"))))
    if not any(r.predicate == Predicate.SOUNDTRACK_OF and r.subject == main.key for r in ctx.builder.relations):
        ctx.builder.relate(Relation(subject=main.key, predicate=Predicate.SOUNDTRACK_OF, object=film.key, span=Span(at, at + len(value))))


_OST_ABOVE = re.compile(r"(?im)^(?:OST|O\.S\.T\.|original soundtrack|soundtrack|B\.?S\.?O\.?|bande originale|colonna sonora)\s*:?\s*\n\s*$")


def _title_at(w: WorkDraft) -> int:
    span = w.titles[0][1] if w.titles else None
    return span.start if span is not None else 0


def soundtrack_from_title(ctx: Context, text: str) -> None:
    """An album called "X (Original Motion Picture Soundtrack)" / "X – Banda Sonora Original" is
    the soundtrack of X, when no sentence said so: X is a film (a series or a game when the page
    says so), directed by whoever the page says "directed by" near X's name."""
    main = ctx.main
    if main is None or main.kind != WorkKind.ALBUM:
        return
    if any(r.predicate == Predicate.SOUNDTRACK_OF and r.subject == main.key for r in ctx.builder.relations):
        return
    title = strip_quotes(SOUNDTRACK_SUFFIX.sub("", main.title).strip(" -–—:"))
    title = re.sub(r"(?i)\s*[:\-–—,]?\s*(?:series|season|saison|staffel|temporada)\s+\d+$", "", title)  # "X: Series 2" is X
    title = re.sub(r"\s*[(\[]?(?:banda sonora original|colonna sonora originale|bande originale|B\.?S\.?O\.?)[)\]]?\s*$", "", title, flags=re.I).strip(" -–—:")
    at = _title_at(main)
    # "OST" / "Die fetten Jahre sind vorbei": the kind printed on the line above the title says it
    said_above = title == main.title and _OST_ABOVE.search(text[max(0, at - 40) : at]) is not None
    if not said_above and (not title or title == main.title or fold(title) not in fold(text[: 20000]) or title.count("(") != title.count(")")):
        return  # (nor a title cut inside its brackets, "ZATANNA (by Louis Zebre: … Complete Series TV")
    from mediagraph.extract.entries import plausible_title  # (entries reads relations' patterns)

    if not plausible_title(title):
        return  # "Original Composer": a table's column, no film
    # The kind must be said: by the title ("Motion Picture") or the page (film, series, game).
    if re.search(r"(?i)motion picture|\bmovie\b|\bfilm\b|película|pellicola", main.title) or _FILM_WORD.search(text):
        kind = WorkKind.FILM
    elif _GAME_WORD.search(main.title) or _GAME_WORD.search(text):
        kind = WorkKind.OTHER
    elif _SERIES_WORD.search(text):
        kind = WorkKind.TV_SERIES
    else:
        return
    ts = main.titles[0][1]
    span = Span(ts.start, ts.start + len(title)) if ts is not None else None
    film = find_or_add(ctx, kind, title, span)
    folded, key = fold(text), fold(title)
    mentions = [mm.start() for mm in re.finditer(re.escape(key), folded)]
    for m in _DIRECTED_BY_ANY.finditer(text):
        near = any(0 <= m.start() - at < 200 for at in mentions)  # "X, the film directed by Y"
        if near and not any(c.role == Role.DIRECTOR for c in film.credits):
            film.add_credit(Credit(agent=Agent(name=m.group("who")), role=str(Role.DIRECTOR), span=Span(m.start("who"), m.end("who"))))
    ctx.builder.relate(Relation(subject=main.key, predicate=Predicate.SOUNDTRACK_OF, object=film.key, span=span))


_SOUNDTRACK_WORDS = lazy_re(
    r"(?i)\b(?:original (?:motion picture |movie |film |television |tv |series )?(?:sound\s*track|score)|motion picture sound\s*track|"
    r"sound\s*track(?: album)?|music from the (?:motion picture|film|movie)|bande originale|colonna sonora|banda sonora)\b|サウンドトラック")


def soundtracks_by_title(b: Builder, text: str) -> None:
    """Every work whose own title calls it a soundtrack ("Cars – Motion Picture Soundtrack",
    "Lady Bird (Original Motion Picture Soundtrack)") is an album, whatever the page's other
    works are; and the film its title names is a work of its own, which the album is the
    soundtrack of, when the page names that film outside the album's title too."""
    folded = fold(text[:40000])
    for w in list(b.works):
        of = [r.object for r in b.relations if r.subject == w.key and r.predicate == Predicate.SOUNDTRACK_OF]
        if of:
            if w.kind == WorkKind.ALBUM and len(of) == 1 and (film := next((x for x in b.works if x.key == of[0]), None)) is not None:
                film_credits_from(w, film)  # (credits read after the soundtrack was named)
            continue
        if not _SOUNDTRACK_WORDS.search(w.title):
            continue
        if w.kind in (WorkKind.FILM, WorkKind.OTHER):
            w.kind = WorkKind.ALBUM
        if w.kind != WorkKind.ALBUM:
            continue
        film_title = strip_quotes(SOUNDTRACK_SUFFIX.sub("", w.title).strip(" -–—:,"))
        film_title = re.sub(r"\s*[(\[]?(?:banda sonora original|colonna sonora originale|bande originale|B\.?S\.?O\.?)[)\]]?\s*$", "",
                            film_title, flags=re.I).strip(" -–—:,")
        if not film_title or film_title == w.title or _SOUNDTRACK_WORDS.search(film_title) or len(film_title) > 80:
            continue
        key = fold(film_title)
        if len(key) < 2 or folded.count(key) < 2:
            continue  # named only inside the album's own title: the page never speaks of the film
        film = next((x for x in b.works if x is not w and fold(x.title) == key), None)
        if film is None:
            ts = w.titles[0][1]
            at = w.title.find(film_title)
            span = Span(ts.start + at, ts.start + at + len(film_title)) if ts is not None and at >= 0 else None
            film = b.new_work(WorkKind.FILM, film_title, span)
        elif film.kind == WorkKind.ALBUM:
            continue
        film_credits_from(w, film)
        b.relate(Relation(subject=w.key, predicate=Predicate.SOUNDTRACK_OF, object=film.key, span=None))


_FILM_ROLES = frozenset({str(Role.DIRECTOR), str(Role.ACTOR), str(Role.WRITER)})

# "Jerry Goldsmith's score to Congo and Frank Cordell's Cromwell", "John Barry’s classic score for
# Zulu": a composer's score for a film, and on a page about records, the record of that score.
_OWNER_SCORE = lazy_re(
    rf"(?P<who>{_NAME})['’]s?\s+(?:[\w\-]+\s+){{0,3}}?(?:score|soundtrack)\s+(?:to|for)\s+(?:the\s+)?(?:(?P<y>(?:19|20)\d\d)(?:['’]s)?\s+)?"
    rf"(?:(?:film|movie|picture|feature)\s+)?(?:{_Q}|(?P<t>{_TITLE.replace('|and|', '|')}))"
    rf"(?:\s+and\s+(?P<who2>{_NAME})['’]s?\s+(?:[\w\-]+\s+){{0,2}}?(?:score\s+(?:to|for)\s+)?(?P<t2>{_TITLE.replace('|and|', '|')}))?"
)


def _owner_scores(ctx: Context, text: str, base: int) -> None:
    main = ctx.main
    if main is None:
        return
    for m in _hits(_OWNER_SCORE, text, "score", "soundtrack", also=("'s", "’s", "s'", "s’")):
        pairs = [("who", "qt" if m.group("qt") else "t")]
        if m.group("t2"):
            pairs.append(("who2", "t2"))
        for wg, tg in pairs:
            # (a title read in prose ends with its sentence: "Birdman of Alcatraz. It may well be …")
            who, title = m.group(wg), re.split(r"(?<=[a-z]{2})[.!?]\s", m.group(tg))[0].strip().rstrip(".,;:")
            if not looks_like_person(who) or not title or fold(title) == fold(who):
                continue
            if " " not in who:  # "Whitfield's score": the page's "Composer: Jonah Whitfield"
                who = next((c.agent.name for w in ctx.builder.works for c in w.credits if c.agent.name.endswith(" " + who)), who)
            composer = (who, str(Role.COMPOSER), _abs(base, m, wg))
            film = find_or_add(ctx, WorkKind.FILM, title, _abs(base, m, tg), date=m.group("y") if tg != "t2" else None,
                               date_span=_opt(base, m, "y") if tg != "t2" else None, creator=composer)
            if main.kind != WorkKind.ALBUM or film is main:
                continue
            # the page's record when its title names the film, else a record of its own
            album = main if fold(title) in fold(main.title) else find_or_add(ctx, WorkKind.ALBUM, title, _abs(base, m, tg), creator=composer)
            if not any(c.role == Role.COMPOSER for c in album.credits):
                album.add_credit(Credit(agent=Agent(name=who), role=str(Role.COMPOSER), span=composer[2]))
            if not any(r.subject == album.key and r.predicate == Predicate.SOUNDTRACK_OF for r in ctx.builder.relations):
                ctx.builder.relate(Relation(subject=album.key, predicate=Predicate.SOUNDTRACK_OF, object=film.key, span=_whole(base, m)))


def film_credits_from(album: WorkDraft, film: WorkDraft) -> None:
    """A director, a cast or a screenwriter read for a soundtrack made its film, not the record;
    the record's composer wrote the film's music too."""
    moved = [c for c in album.credits if c.role in _FILM_ROLES]
    album.credits = [c for c in album.credits if c.role not in _FILM_ROLES]
    for c in moved:
        film.add_credit(c)
    if not any(c.role == Role.COMPOSER for c in film.credits):
        for c in album.credits:
            if c.role == Role.COMPOSER:
                film.add_credit(c)


def _variants(ctx: Context, text: str, base: int, tracks: dict[str, str]) -> None:
    for m in _hits(_VARIANT, text, 'variant', 'variation', 'reprise', 'version'):
        variant = tracks.get(fold(m.group("qt")))
        if variant is None or ctx.release is None:
            continue
        original = None
        for q in reversed(list(re.finditer(_Q, text[: m.start()]))):
            pos = tracks.get(fold(q.group("qt")))
            if pos and pos != variant:
                original = pos
                break
        if original:
            key = ctx.release.key
            ctx.builder.relate(Relation(subject=key, subject_track=variant, predicate=Predicate.VARIANT_OF, object=key,
                                        object_track=original, span=_whole(base, m)))


def _songs(ctx: Context, text: str, base: int, tracks: dict[str, str]) -> None:
    """A quoted song credited in the next sentences ("The Ray Charles song") and used in a film."""
    low = _lower(text)
    if "the " not in low or not any(w in low for w in (" song", " track", " tune", " number", " hit", " classic")):
        return  # "The Ray Charles song" is not there to find
    for by in _SONG_BY.finditer(text):
        window = text[max(0, by.start() - 250) : by.start()]
        quotes = list(re.finditer(_Q, window))
        if not quotes:
            continue
        q = quotes[-1]
        title = q.group("qt").strip()
        if fold(title) in tracks:
            continue
        off = base + max(0, by.start() - 250)
        song = find_or_add(ctx, WorkKind.SONG, title, Span(off + q.start("qt"), off + q.end("qt")),
                           creator=(by.group("artist"), str(Role.PERFORMER), Span(base + by.start("artist"), base + by.end("artist"))))
        film = _film_context(ctx, text)
        if film is not None and re.search(r"\b(?:use of|used in|during|plays? (?:during|over)|scene|from the (?:film|movie))\b", window + text[by.start() : by.start() + 200], re.I):
            ctx.builder.relate(Relation(subject=film.key, predicate=Predicate.USES, object=song.key,
                                        span=Span(off + q.start(), base + by.end())))


_USES_SONG = lazy_re(
    rf"\b(?:film|movie|picture|series|episode)\s+(?:uses|features|borrows|plays)\s+(?:the\s+)?(?:(?P<y>\d{{4}})\s+)?(?:song|track|tune|standard|ballad)\s+{_Q}"
)
_SONG_WRITERS = lazy_re(rf"(?P<who>{_NAME})\s+\((?P<role>music|lyrics|words)\)")


def _uses_songs(ctx: Context, text: str, base: int) -> None:
    """ "The film uses the song "Lantern on Grove Street", … written by A (music) and B (lyrics)"."""
    low = _lower(text)
    if not any(c in low for c in ("uses", "features", "borrows", "plays")):
        return
    film = _film_context(ctx, text)
    if film is None:
        return
    for m in _hits(_USES_SONG, text, 'uses', 'features', 'borrows', 'plays'):
        title = m.group("qt").strip()
        song = find_or_add(ctx, WorkKind.SONG, title, _abs(base, m, "qt"), date=m.group("y"),
                           date_span=_opt(base, m, "y"))
        sentence = text[m.end() : m.end() + 200].split(". ")[0]
        if not song.date and (yr := re.match(r",?\s*the\s+((?:19|20)\d\d)\s+(?:standard|song|hit|ballad|tune|single)\b", sentence)):
            song.date = (yr.group(1), Span(base + m.end() + yr.start(1), base + m.end() + yr.end(1)))
        for w in _SONG_WRITERS.finditer(sentence):
            role = Role.COMPOSER if w.group("role") == "music" else Role.LYRICIST
            at = base + m.end() + w.start("who")
            song.add_credit(Credit(agent=Agent(name=w.group("who")), role=str(role), span=Span(at, at + len(w.group("who")))))
        ctx.builder.relate(Relation(subject=film.key, predicate=Predicate.USES, object=song.key, span=_whole(base, m)))


# "adapted from Weather Painter, the 2014 novel by Emi Sakaki"
_ADAPTED_FROM = lazy_re(
    rf"\b(?:is|was|were|and)\s+(?:loosely\s+)?(?:adapted|taken)\s+from\s+(?:"
    rf"(?:{_Q}|(?P<t>{_TITLE})),?\s+(?:the|a|an)\s+(?:(?P<y>(?:19|20)\d\d)\s+)?(?:[\w\-]+\s+)?{_KIND_RE}\s+by\s+(?P<who>{_NAME})|"
    rf"(?P<who2>{_NAME})['’]s?\s+(?:(?P<y2>(?:19|20)\d\d)\s+)?(?:[\w\-]+\s+)?(?P<noun2>novel|book|manga|play|story|comic|short story)\s+(?:{_Q.replace('qt', 'qt2')}|(?P<t2>{_TITLE})))"
)
_POSSESSIVE_TITLE = lazy_re(rf"(?P<who>{_NAME})['’]s\s+(?P<t>{_TITLE})")
_REMAKE_OF = lazy_re(
    rf"(?P<t>{_TITLE})\s*\((?P<y>(?:19|20)\d\d)\)(?:,\s*(?:directed by|by)\s+(?P<who>{_NAME}),)?\s+(?:is|was)\s+(?:a|an)\s+"
    rf"(?:[\w\-]+\s+)?(?:remake|re-make|new version|reimagining|re-imagining|new adaptation) of\s+"
    rf"(?:(?P<owner>{_NAME})['’]s?\s+(?:film|movie|version|original)|the\s+(?P<oy>(?:19|20)\d\d)\s+(?:film|movie|version|original)|{_Q}|(?P<ot>{_TITLE}))"
)
# "a loose remake of Le Verger (1962), Jean-Marc Roussel's beloved study of …"
_A_REMAKE_OF = lazy_re(
    rf"\b(?:is\s+)?(?:a|an)\s+(?:[a-z]+\s+)?(?:remake|re-make|reimagining|re-imagining|new version)\s+of\s+(?:{_Q}|(?P<t>{_TITLE}))"
    rf"\s*\((?P<y>(?:19|20)\d\d)\)(?:,\s*(?P<who>{_NAME})['’]s\b)?"
)
_REMADE_AS = lazy_re(
    rf"\b(?:was|were|got|has been)\s+remade\s+(?:in\s+(?P<y1>(?:19|20)\d\d)\s+)?(?:in\s+[A-Z][\w]+\s+)?as\s+(?:{_Q}|(?P<t>{_TITLE}))"
    rf"(?:\s*\((?P<y2>(?:19|20)\d\d)\))?(?:\s+by\s+(?P<who>{_NAME}))?"
)


_LATER_FROM_THIS = lazy_re(
    rf"(?:(?P<who>{_NAME})['’]s|\b(?:his|her|their))\s+(?:(?P<y>(?:19|20)\d\d)\s+)?(?P<noun>film|movie|anime|series|novel|album|manga)\s+"
    rf"(?:{_Q}|(?P<t>{_TITLE}))\s+(?:was|is|has been)\s+(?P<rel>inspired by|based on|adapted from)\s+(?:this|the)\s+"
    rf"(?:manga|novel|book|comic|film|series|story|album)\b"
)
_ROLE_NAMED = lazy_re(rf"\b(?:[Dd]irector|[Ff]ilmmaker|[Aa]uthor|[Nn]ovelist|[Mm]angaka)\s+(?P<who>{_NAME})")


def _later_works(ctx: Context, text: str, base: int) -> None:
    """ "Director Takumi Sasaki has said his 2011 film Harbor of Saints was inspired by this manga":
    a later work related to the page's own."""
    main = ctx.main
    if main is None:
        return
    for m in _hits(_LATER_FROM_THIS, text, 'this', 'the ', also=("inspired by", "based on", "adapted from")):
        title, g = _title_of(m, "qt", "t")
        if not title or fold(title) == fold(main.title):
            continue
        kind = KIND_NOUNS.get(m.group("noun").lower(), WorkKind.OTHER)
        who, wspan = m.group("who"), _opt(base, m, "who")
        if who is None and (named := list(_ROLE_NAMED.finditer(text[max(0, m.start() - 200) : m.start()]))):
            off = max(0, m.start() - 200)
            who, wspan = named[-1].group("who"), Span(base + off + named[-1].start("who"), base + off + named[-1].end("who"))
        later = find_or_add(ctx, kind, title, _opt(base, m, g), date=m.group("y"),
                            date_span=_opt(base, m, "y"), creator=_creator(who, kind, wspan) if who else None)
        pred = Predicate.INSPIRED_BY if m.group("rel") == "inspired by" else Predicate.BASED_ON
        ctx.builder.relate(Relation(subject=later.key, predicate=pred, object=main.key, span=_whole(base, m)))


def _remakes(ctx: Context, text: str, base: int) -> None:
    """ "Skerry Light (1951), directed by Howard Lusk, is a remake of Vehling's film"; "was remade
    as X (2009)": a later film, a version of the earlier one."""
    b = ctx.builder
    for m in _hits(_REMAKE_OF, text, 'remake', 'version', 'imagin', 'adaptation'):
        later = find_or_add(ctx, WorkKind.FILM, m.group("t"), _abs(base, m, "t"), date=m.group("y"), date_span=_abs(base, m, "y"),
                            creator=_director(base, m))
        earlier: WorkDraft | None = None
        if m.group("owner"):
            surname = fold(m.group("owner")).split()[-1]
            earlier = next((w for w in b.works if w is not later and any(fold(c.agent.name).endswith(surname) for c in w.credits)), None)
            earlier = earlier or (ctx.main if ctx.main is not later and m.group("owner").split()[-1] in ctx.directors else None)
        elif m.group("oy"):
            earlier = next((w for w in b.works if w is not later and w.date and w.date[0][:4] == m.group("oy")), None)
        else:
            title, g = _title_of(m, "qt", "ot")
            if title:
                earlier = find_or_add(ctx, WorkKind.FILM, title, _opt(base, m, g))
        if earlier is not None and earlier is not later:
            b.relate(Relation(subject=later.key, predicate=Predicate.VERSION_OF, object=earlier.key, span=_whole(base, m)))
    for m in _hits(_A_REMAKE_OF, text, 'remake', 'version', 'imagin'):
        newer = _subject_before(ctx, text[max(0, m.start() - 60) : m.start()])
        title, g = _title_of(m, "qt", "t")
        if newer is None or not title or fold(title) == fold(newer.title):
            continue
        original = find_or_add(ctx, newer.kind if newer.kind in (WorkKind.FILM, WorkKind.TV_SERIES) else WorkKind.FILM, title,
                               _opt(base, m, g), date=m.group("y"), date_span=_abs(base, m, "y"),
                               creator=_director(base, m))
        b.relate(Relation(subject=newer.key, predicate=Predicate.VERSION_OF, object=original.key, span=_whole(base, m)))
    for m in _hits(_REMADE_AS, text, 'remade'):
        source = _subject_before(ctx, text[max(0, m.start() - 60) : m.start()])
        title, g = _title_of(m, "qt", "t")
        if source is None or not title or fold(title) == fold(source.title):
            continue
        y, yg = (m.group("y1"), "y1") if m.group("y1") else (m.group("y2"), "y2")
        remade = find_or_add(ctx, source.kind if source.kind in (WorkKind.FILM, WorkKind.TV_SERIES) else WorkKind.FILM, title,
                             _opt(base, m, g), date=y, date_span=_opt(base, m, yg),
                             creator=_director(base, m))
        b.relate(Relation(subject=remade.key, predicate=Predicate.VERSION_OF, object=source.key, span=_whole(base, m)))


def _film_context(ctx: Context, text: str) -> WorkDraft | None:
    if ctx.main is not None and ctx.main.kind in (WorkKind.FILM, WorkKind.TV_SERIES):
        return ctx.main
    if not re.search(r"\b(?:film|movie|scene)\b", text, re.I):
        return None
    return next((w for w in ctx.builder.works if w.kind == WorkKind.FILM), None)


# Every cue word the readers below look for before running a pattern (each reader needs one of
# its own): a paragraph with none of them states no relation. Keep in step with the readers.
_ANY_CUE = ("based", *_BASED_FOREIGN_CUES, "nspired", "from", "adapt", "soundtrack", "score", "music", "'s", "’s", "(", "variant",
            "variation", "reprise", "version", "the ", "uses", "features", "borrows", "plays", "remake", "imagin", "remade", "this")

# Every pattern whose match ``prose_relations`` needs before it adds anything.
PROSE_PATTERNS = (_BASED, _BASED_FOREIGN, _INSPIRED, _INSPIRED_TITLE_BY, _INSPIRED_TITLE_OWNER, _LATER_APPOSITION, _ADAPTED_FROM,
                  _ADAPTED_INTO, _INSPIRED_BY_WORK, _SOUNDTRACK, _SOUNDTRACK_TO_MAKERS, _SCORE_FOR, _OWNER_SCORE, _MENTION, _OWNER_MENTION_ONLY, _YEAR_MENTION_ONLY, _VARIANT, _SONG_BY, _USES_SONG,
                  _LATER_FROM_THIS, _REMAKE_OF, _A_REMAKE_OF, _REMADE_AS)

__all__ = ["KIND_NOUNS", "PROSE_PATTERNS", "SHORTEST_RELATION", "SOUNDTRACK_SUFFIX", "Context", "find_or_add", "prose_relations", "role_evidence", "soundtrack_from_field", "soundtrack_from_title"]


# "Scrooged starring Bill Murray, Karen Allen and Bobcat Goldthwait", "Cromwell, a 1970 drama starring
# Richard Harris and Alec Guinness as …", "Die Hard directed by John McTiernan stars Bruce Willis":
# right after a film's title, the sentence gives its director and cast
_PERSON = r"[A-ZÀ-Þ][\w'’\-]*\.?(?:[ \t]+(?:(?:de|van|von|der|da|di|del|la|le|du)[ \t]+)?[A-ZÀ-Þ][\w'’\-]*\.?){1,3}"
_CAST_AFTER = re.compile(
    r"\s*(?:\((?:19|20)\d\d\)\s*)?,?\s*(?:(?:a|an|the)\s+(?:(?:19|20)\d\d\s+)?(?:[\w\-]+\s+){0,2}?"
    r"(?:film|movie|drama|comedy|thriller|western|picture|feature|documentary|adventure|musical|epic|blockbuster)\s+)?"
    rf"(?:(?:directed|helmed)\s+by\s+(?P<d>{_PERSON})\s*,?\s+(?:and\s+)?)?"
    rf"(?:starring|stars|featuring|with)\s+(?P<cast>{_PERSON}(?:\s*,\s*(?:and\s+)?{_PERSON})*(?:,?\s+(?:and|&)\s+{_PERSON})?)")
_CAST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|,?\s+(?:and|&)\s+")


def films_cast_in_prose(b: Builder, text: str) -> None:
    """A film the page names, then "starring A, B and C" (or "directed by X stars …"): its cast and
    director, wherever in the page the sentence stands (a soundtrack label's news names each film so)."""
    low = _lower(text)
    if not any(c in low for c in ("starring", "stars ", "featuring", " with ")):
        return
    for w in b.works:
        if w.kind not in (WorkKind.FILM, WorkKind.TV_SERIES) or len(w.title) < 2:
            continue
        have = {(c.role, c.agent.name) for c in w.credits}
        at = text.find(w.title)
        while at >= 0:
            end = at + len(w.title)
            whole = (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "’'")) and (end >= len(text) or not text[end].isalnum())
            at = text.find(w.title, end)
            m = _CAST_AFTER.match(text, end) if whole else None
            if m is None:
                continue
            if m.group("d") and looks_like_person(m.group("d")) and not any(c.role == Role.DIRECTOR for c in w.credits):
                w.add_credit(Credit(agent=Agent(name=m.group("d")), role=str(Role.DIRECTOR), span=Span(m.start("d"), m.end("d"))))
            pos = m.start("cast")
            for name in _CAST_SPLIT.split(m.group("cast")):
                if name.endswith(".") and not re.search(r"(?:^|\s)[A-Z]\.$", name):
                    name = name[:-1]  # "… and Bonnie Bedelia.": the sentence's full stop, not an initial
                at = text.find(name, pos)
                pos = at + len(name) if at >= 0 else pos
                if looks_like_person(name) and (str(Role.ACTOR), name) not in have and (Role.ACTOR, name) not in have:
                    have.add((str(Role.ACTOR), name))
                    w.add_credit(Credit(agent=Agent(name=name), role=str(Role.ACTOR), span=Span(at, at + len(name)) if at >= 0 else None))
