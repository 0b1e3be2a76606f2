"""Film pages: cast, related films and source works from fields, credit sentences, and capsule
round-ups that review several films on one page."""

from __future__ import annotations

import re

from mediagraph.extract.doc import Doc, Line
from mediagraph.extract.draft import Builder, WorkDraft
from mediagraph.extract.entries import drop_rank
from mediagraph.extract.headers import HeaderField, inline_fields, people, value_span
from mediagraph.extract.memo import fold
from mediagraph.extract.names import looks_like_person, split_list, strip_quotes
from mediagraph.extract.ratings import glyph_line, parse_rating, rating_line
from mediagraph.extract.relations import Context, find_or_add, prose_relations
from mediagraph.extract.titles import HEADING_TITLE_YEAR, REVIEW_PREFIX, trim_title
from mediagraph.model import Agent, Credit, Predicate, Rating, Relation, Role, Span, WorkKind

MANGA_CUE = re.compile(r"\b(?=[mvctg])(?:manga|mangaka|volume|vol\.|chapters?|tankōbon|tankobon|comic|graphic novel)\b", re.I)
FILM_CUE = re.compile(r"\b(?=[fmdcsa])(?:film|movie|director|directed|cinema|screen|anime)\b", re.I)
_NAME = r"[A-ZÀ-Þ][\w'’\-]+(?:[ \t]+(?:de|van|von|da|del|le|la)?[ \t]*[A-ZÀ-Þ][\w'’\-]+){0,3}"  # never across a line break
_DIRECTED = re.compile(rf"(?:^|[.;]\s+|\(|\s)(?:[Dd]irected by|[Rr]éalisé par|[Dd]irigida por|[Rr]egie:?)\s+(?P<names>{_NAME}(?:(?:,\s+|\s+and\s+|\s+&\s+){_NAME})*)")
_STARRING = re.compile(rf"(?:^|[.;]\s+|\(|\s)(?:[Ss]tarring|[Ww]ith|[Aa]vec|[Cc]on|[Mm]it)\s+(?P<names>{_NAME}(?:(?:,\s+|\s+and\s+|\s+&\s+){_NAME})*)\.")


def film_fields(b: Builder, main: WorkDraft, fields: list[HeaderField]) -> None:
    ctx = Context(builder=b, main=main)
    for f in fields:
        if f.key == "cast":
            for c in people(f, str(Role.ACTOR), cast=True):
                main.add_credit(c)
        elif f.key == "composer":
            for c in people(f, str(Role.COMPOSER)):
                main.add_credit(c)
        elif f.key == "related":
            for item, off in split_list(f.value):
                t = strip_quotes(re.sub(r"\s*\((?:19|20)\d\d\)$", "", item))
                y = re.search(r"\(((?:19|20)\d\d)\)$", item)
                kind = WorkKind.COMIC if "manga" in f.label.lower() else WorkKind.FILM if main.kind == WorkKind.FILM else main.kind
                w = find_or_add(ctx, kind, t, value_span(f, off, off + len(t)), date=y.group(1) if y else None,
                                date_span=value_span(f, off + y.start(1), off + y.end(1)) if y else None)
                if w is not main:
                    b.relate(Relation(subject=main.key, predicate=Predicate.RELATED_TO, object=w.key, span=value_span(f, off, off + len(item))))
        elif f.key == "based_on" and f.value:
            t = strip_quotes(f.value)
            w = find_or_add(ctx, WorkKind.OTHER, t, value_span(f))
            b.relate(Relation(subject=main.key, predicate=Predicate.BASED_ON, object=w.key, span=value_span(f)))


_PLAYS = re.compile(
    rf"(?P<actor>{_NAME})\s+(?:plays|portrays|voices|stars as|is cast as|is (?:[a-z]+\s+){{1,2}}as)\s+(?:(?:his|her|their|the|a|an)\s+)?"
    rf"(?:[a-z][\w\-]+,?\s+){{0,3}}(?P<char>{_NAME})"
)
# "Kemi, the bookshop owner played by Adaeze Okafor"
_PLAYED_BY = re.compile(rf"(?P<char>{_NAME}),\s+(?:the|a|an|her|his)\s+(?:[\w\-]+\s+){{0,4}}played by\s+(?P<actor>{_NAME})")
# "Toni Servillo nei panni di Jep Gambardella", "Vincent Lindon dans le rôle de Thierry": other languages' "plays"
_IN_THE_ROLE = re.compile(
    rf"(?P<actor>{_NAME})(?:\s+e\s+(?P<actor2>{_NAME}))?,?\s+(?:che\s+(?:ha|hanno)\s+(?:il\s+)?ruol[oi]\s+di|nei panni di|nel ruolo di|"
    rf"dans le rôle de|dans la peau de|en el papel de|no papel de|in der Rolle (?:des|der|von))\s+(?:(?:un|una|la|il|le|el)\s+)?(?P<char>{_NAME})"
)
_IN_THE_ROLE_CUES = ("ruol", "panni", "rôle", "peau de", "papel", "rolle")
# "the story of Mia (Emma Stone), an aspiring actress", "Dalton Trumbo (Bryan Cranston)": a character, its player in brackets
_CHAR_ACTOR = re.compile(
    r"(?<![\w'’])(?P<char>[A-ZÀ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-Þ][\w'’.\-]+){0,2})\s+\((?P<actor>[A-ZÀ-Þ][\w'’.\-]+"
    r"(?:\s+(?:de\s+|van\s+|von\s+|der\s+|da\s+|di\s+|del\s+|la\s+|le\s+|du\s+)?[A-ZÀ-Þ][\w'’.\-]+){1,3})\)")
# (a flattened page may have lost the closing bracket: "娘有美(宮沢りえが急遽…": the name ends before its particle)
_CHAR_ACTOR_JA = re.compile(r"(?P<char>[\u3040-\u30ff\u4e00-\u9fff]{1,8})[（(](?P<actor>[\u30a0-\u30ff\u4e00-\u9fff\u3040-\u309f・=＝]{2,12}?)"
                            r"(?:[)）]|(?=[がはを][^\u3040-\u309f]))")
# the words before a name that make it a maker, not a character: "the music of Danny Elfman (Edward Scissorhands)"
_MAKER_BEFORE = re.compile(r"(?i)\b(?:by|of|from|composer|director|directors|filmmaker|music|score|scores|writer|author|novelist|producer|"
                           r"singer|band|label)\s+(?:the\s+)?$")
# "Shun Takeda directs", "Music is by Yoko Minase", "the score, by X": credits said in passing.
_DIRECTS = re.compile(rf"(?P<who>{_NAME})\s+directs\b")
# ("The screenplay by rookie director Jason Headley": a few words of who they are before the name)
_SCREENPLAY_BY = re.compile(rf"\b(?:[Tt]he )?(?:screenplay|script)\s*,?\s+(?:is\s+)?by\s+(?:(?:first-time|rookie|debut|veteran|newcomer|"
                            rf"writer|director|writer-director|co-writer|novelist|playwright|comedian|actor|actress)\s+){{0,3}}(?P<who>{_NAME})")
_MUSIC_BY = re.compile(rf"\b(?:[Mm]usic|[Tt]he score|[Ss]core)\s*,?\s+(?:is\s+)?(?:by|from|comes from)\s+(?P<who>{_NAME})")


# Each pattern's fixed words: a line without any of them cannot match, and most lines have none.
_PASSING = ((str(Role.DIRECTOR), _DIRECTS, ("directs",)), (str(Role.COMPOSER), _MUSIC_BY, ("usic", "core")),
            (str(Role.WRITER), _SCREENPLAY_BY, ("screenplay", "script")))
_PLAYS_CUES = ("plays", "portrays", "voices", "stars as", "is ")
_DIRECTED_CUES = ("irected by", "éalisé par", "irigida por", "egie")


def players_in_brackets(b: Builder, doc: Doc) -> None:
    """The page's one film or series gets the players its prose names in brackets after their
    characters ("the story of Mia (Emma Stone), an aspiring actress"), read after every other
    cast reader (they skip a work whose cast is known). A page of several films says too little
    of which film each bracket is about, and is left alone."""
    films = [w for w in b.works if w.kind in (WorkKind.FILM, WorkKind.TV_SERIES)]
    reviewed = {v.subject for v in b.reviews}
    if not films or len([w for w in films if w.key in reviewed or w.credits]) > 1 or films[0] is not b.works[0]:
        return
    w = films[0]
    titled = {fold(t.text) for x in b.works for t, _ in x.titles}  # "Ao no Hako (Blue Box)": a title and its translation
    for ln in doc.lines:
        t = ln.text
        for pm in _CHAR_ACTOR.finditer(t) if "(" in t and len(t) > 60 else ():
            actor, char = pm.group("actor"), pm.group("char")
            if (looks_like_person(actor) and looks_like_person(char) and not {fold(actor), fold(char)} & titled and not _MAKER_BEFORE.search(t[max(0, pm.start() - 30) : pm.start()])
                    and not any(fold(c.agent.name) in (fold(char), fold(actor)) for c in w.credits)):
                w.add_credit(Credit(agent=Agent(name=actor), role=str(Role.ACTOR), character=char, span=ln.span(pm.start("actor"), pm.end("actor"))))
        for pm in _CHAR_ACTOR_JA.finditer(t) if ("(" in t or "（" in t) and len(t) > 30 else ():
            if not any(fold(c.agent.name) == fold(pm.group("actor")) for c in w.credits):
                w.add_credit(Credit(agent=Agent(name=pm.group("actor")), role=str(Role.ACTOR), character=pm.group("char"),
                                    span=ln.span(pm.start("actor"), pm.end("actor"))))


def credit_sentences(w: WorkDraft, lines: list[Line], *, short_only: bool = True) -> set[int]:
    """"Directed by X. Starring A, B." and "Kinetic Hearts (1987) was directed by X" in the text."""
    used: set[int] = set()
    roles = {str(Role.DIRECTOR)} if any(c.role == Role.DIRECTOR for c in w.credits) else set()
    for ln in lines:
        t = ln.text
        if not t or (short_only and len(t) > 160):
            continue
        for role, pat, cues in _PASSING:
            if not any(c in t for c in cues) or any(c.role == role for c in w.credits):
                continue
            for dm in pat.finditer(t):
                if looks_like_person(dm.group("who")):
                    w.add_credit(Credit(agent=Agent(name=dm.group("who")), role=role, span=ln.span(dm.start("who"), dm.end("who"))))
                    break
        for pm in _PLAYED_BY.finditer(t) if "played by" in t else ():
            if looks_like_person(pm.group("actor")) and looks_like_person(pm.group("char")):
                w.add_credit(Credit(agent=Agent(name=pm.group("actor")), role=str(Role.ACTOR), character=pm.group("char"),
                                    span=ln.span(pm.start("actor"), pm.end("actor"))))
        for pm in _IN_THE_ROLE.finditer(t) if any(c in t for c in _IN_THE_ROLE_CUES) else ():
            for g, char in (("actor", pm.group("char")), ("actor2", None)):
                name = pm.group(g)
                if name and looks_like_person(name) and " " in name:
                    w.add_credit(Credit(agent=Agent(name=name), role=str(Role.ACTOR), character=char, span=ln.span(pm.start(g), pm.end(g))))
        for pm in _PLAYS.finditer(t) if any(c in t for c in _PLAYS_CUES) else ():
            # "Mirela Dobre plays Agnes", "Jonas Ferreira-Lutz plays her brother Tobias".
            name = pm.group("actor")
            if looks_like_person(name) and looks_like_person(pm.group("char")):
                w.add_credit(Credit(agent=Agent(name=name), role=str(Role.ACTOR), character=pm.group("char"),
                                    span=ln.span(pm.start("actor"), pm.end("actor"))))
        for pat, role in ((_DIRECTED, str(Role.DIRECTOR)), (_STARRING, str(Role.ACTOR))):
            if role in roles or (role == str(Role.ACTOR) and not short_only):
                continue  # (a cast found in long prose is not taken: no need to look for one)
            if pat is _DIRECTED and not any(c in t for c in _DIRECTED_CUES):
                continue
            m = pat.search(t)
            if not m:
                continue
            base = m.start("names")
            for name, off in split_list(m.group("names")):
                if looks_like_person(name):
                    w.add_credit(Credit(agent=Agent(name=name), role=role, span=ln.span(base + off, base + off + len(name))))
                    if len(ln.text) < 100:
                        used.add(ln.index)
    return used


def capsules(lines: list[Line], used: set[int]) -> list[tuple[Line, re.Match[str]]]:
    """Heading lines "Title (Year)" that each open a short review."""
    out = []
    for ln in lines:
        if not ln.text or ln.index in used or len(ln.text) > 110:
            continue
        if re.match(r"(?i)^re:\s", ln.text):
            continue  # a forum reply repeats the thread's title
        m = HEADING_TITLE_YEAR.match(ln.text)
        if m and not re.search(r"[.!?]\s", m.group("t")) and len(m.group("t").split()) <= 10 and not re.search(r"[“”\"«»]", m.group("t")):
            out.append((ln, m))
    if len({fold(REVIEW_PREFIX.sub("", m.group("t")).strip()) for _, m in out}) < 2:
        return []  # one title said twice is one work, not a page of capsules
    # A capsule has a body: a rating or prose before the next heading.
    kept = []
    for k, (ln, m) in enumerate(out):
        end = out[k + 1][0].index if k + 1 < len(out) else len(lines)
        body = [x for x in lines[ln.index + 1 : end] if x.text]
        if m.group("r") or any(len(x.text) >= 30 for x in body[:6]) or any(rating_line(x.text) or glyph_line(x.text) for x in body[:6]):
            kept.append((ln, m))
    return kept


# A line of prose: words running to a full stop ("…a great X-files episode. Its a boring dud."),
# or a run of twenty words (an excerpt ending "…Continue reading"); menus and link rows are neither.
_SENTENCE = re.compile(r"\w{2,}[.!?…](?:\s+\S|[\"”»’)]*$)")


def read_capsules(page, b: Builder, ctx: Context, caps, bylines, date, page_rating) -> None:
    lines = page.doc.lines
    byline = bylines[0] if bylines else None
    for k, (ln, m) in enumerate(caps):
        end = caps[k + 1][0].index if k + 1 < len(caps) else len(lines)
        section = lines[ln.index + 1 : end]
        t = drop_rank(trim_title(strip_quotes(m.group("t").strip())))
        head3 = " ".join(x.text for x in section[:3])
        kind = WorkKind.COMIC if MANGA_CUE.search(head3) and not FILM_CUE.search(head3) else WorkKind.FILM
        w = b.new_work(kind, t, ln.sub(t))
        w.date = (m.group("y"), ln.sub(m.group("y")))
        if m.group("d"):  # "(Romania, 2023, dir. Sorin Vlădescu)"
            w.add_credit(Credit(agent=Agent(name=m.group("d").strip()), role=str(Role.DIRECTOR),
                                span=ln.span(m.start("d"), m.start("d") + len(m.group("d").strip()))))
        fields = inline_fields(section)
        ctx.main = w
        for f in fields:
            if f.key == "director":
                for c in people(f, str(Role.DIRECTOR)):
                    w.add_credit(c)
            elif f.key in ("author", "writer"):
                for c in people(f, str(Role.AUTHOR if kind == WorkKind.COMIC else Role.WRITER)):
                    w.add_credit(c)
        film_fields(b, w, [f for f in fields if f.key in ("cast", "composer", "related", "based_on")])
        cused = credit_sentences(w, section)
        rating: Rating | None = None
        rspan: Span | None = None
        if m.group("r") and (r := parse_rating(m.group("r"))):
            at = ln.text.find(r.text, m.start("r"))
            rating, rspan = r, ln.span(at, at + len(r.text))
        if rating is None:
            rating, rspan, _ = page_rating(section, [f for f in fields if f.key == "rating"], page.used | {f.line for f in fields if f.key != "rating"})
        skip = {f.line for f in fields} | cused
        body = [x for x in section if x.text and x.index not in skip and not glyph_line(x.text) and not rating_line(x.text)]
        if rating is None and byline is None and not any(_SENTENCE.search(x.text) or len(x.text.split()) >= 20 for x in body):
            continue  # a title over menus and links ("Quicklinks", "Register or login to rate this title") has no review
        v = b.new_review(w.key)
        if byline:
            v.author = (Agent(name=byline.name), byline.span)
        if date:
            v.date = (date[0], date[1])
        if rating:
            v.rating = (rating, rspan)
        if body:
            v.text = ("\n".join(x.text for x in body), Span(body[0].start, body[-1].end))
            prose_relations(ctx, page.doc.text[body[0].start : body[-1].end], body[0].start)
        v.site = page.site


__all__ = ["FILM_CUE", "MANGA_CUE", "capsules", "credit_sentences", "film_fields", "read_capsules"]
