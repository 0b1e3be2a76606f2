"""An encyclopedia's opening sentence names the article's subject, its kind and its maker:

    Letters from Birmingham is the fifth studio album by … Ruben Studdard …
    Il giardino di cemento è un film del 1993 diretto da Andrew Birkin …
    Controversy to czwarty studyjny album amerykańskiego muzyka Prince’a.

When the page's own title line (its first lines: "Controversy (album)") names the same subject,
that subject is the page's main work: its title and kind replace what the page's chrome or a
quoted nickname suggested, and its maker fills an empty credit. Nothing else is read here."""

from __future__ import annotations

import re

from mediagraph.extract.doc import Doc, Line
from mediagraph.extract.draft import Builder, WorkDraft
from mediagraph.extract.memo import fold
from mediagraph.extract.names import looks_like_person
from mediagraph.model import Agent, Credit, Role, Span, Title, WorkKind

_COPULA = r"(?:is|was|are|were|est|était|è|era|es|fue|ist|war|to|je|była?|был[ао]?|—|–)"
_ART = r"(?:the|an?|un|une|uno|una|el|la|le|il|lo|ein|eine|der|die|das)"
_NOUNS = {
    WorkKind.ALBUM: r"album|albumu|albu|lp|ep|mixtape|soundtrack|álbum|albo|альбом",
    WorkKind.FILM: r"film|movie|motion picture|película|filme|фильм|documentary|documentaire|documentario",
    WorkKind.TV_SERIES: r"television series|tv series|miniseries|anime(?: television)? series|sitcom|série télévisée|serie televisiva|сериал|аниме-сериал",
    WorkKind.COMIC: r"manga|manhwa|comic book|graphic novel|comic series|bande dessinée|манга",
    WorkKind.BOOK: r"novel|roman|romanzo|novela|роман",
}
_KIND_NOUN = re.compile("|".join(rf"(?P<{k.name}>\b(?:{v})\b)" for k, v in _NOUNS.items()), re.I)
_LEAD = re.compile(rf"^(?P<t>[^.!?\n]{{1,90}}?)\s+(?:\([^()]{{1,80}}\)\s+)?{_COPULA}\s+(?:{_ART}\s+)?(?P<rest>.{{0,200}})", re.I)
# the maker after the kind: "album by Ruben Studdard", "film directed by …", "diretto da …", "réalisé par …"
_BY = re.compile(r"\b(?i:by|von|de|di|par|da|od|przez)\s+(?:(?i:the\s+)?(?:[\w&\-]+\s+){0,6}?(?i:artist|singer|band|group|musician|rapper|duo|"
                 r"composer|producer|winner|musiker|muzyka|chanteur|cantante)\s+)?(?P<who>[A-ZÀ-Þ][\w'’.\-]+(?:\s+(?:[A-ZÀ-Þ][\w'’.\-]+|de|van|von|da|del)){0,4})")
_DIRECTED = re.compile(r"\b(?i:directed by|diretto da|dirigida por|réalisé par|regie|режиссёр[а]?)\s+(?P<who>[A-ZÀ-ÞА-Я][\w'’.\-]+(?:\s+[A-ZÀ-ÞА-Я][\w'’.\-]+){0,3})")
_DISAMBIG = re.compile(r"\s*\((?:[^()]*\s)?(?:album|film|ep|soundtrack|tv series|miniseries|anime|manga|novel)\)\s*$", re.I)


def _title_lines(lines: list[Line]) -> list[str]:
    return [_DISAMBIG.sub("", ln.text.split(" - ")[0].split(" | ")[0]).strip() for ln in lines[:3]]


def encyclopedic_subject(b: Builder, doc: Doc) -> bool:
    """Whether the page opens as an encyclopedia's article on its title line's subject; the
    subject's title, kind and maker are set from its lead sentence."""
    lines = [ln for ln in doc.lines[:80] if ln.text]
    heads = {fold(t) for t in _title_lines(lines) if t}
    for ln in lines[:25]:
        m = _LEAD.match(ln.text)
        if m is None:
            continue
        title = m.group("t").strip(" «»\"“”'")
        if fold(title) not in heads:
            continue
        kind_m = _KIND_NOUN.search(m.group("rest")[:120])
        if kind_m is None:
            continue
        kind = WorkKind[kind_m.lastgroup or "OTHER"]
        _apply(b, doc, ln, title, kind, m.group("rest")[kind_m.end():], ln.start + m.start("rest") + kind_m.end(), heads)
        return True
    return False


def _apply(b: Builder, doc: Doc, ln: Line, title: str, kind: WorkKind, after: str, after_at: int, heads: set[str]) -> None:
    lo = ln.start + ln.text.find(title)
    span = Span(lo, lo + len(title))
    same = [w for w in b.works if fold(w.title) == fold(title)]
    main: WorkDraft
    if same:
        main = same[0]
    elif b.works and (b.works[0].kind == kind or b.works[0].kind == WorkKind.OTHER) and fold(b.works[0].title) not in heads:
        # the page's reader took a quoted nickname or a line of chrome for the subject's title
        main = b.works[0]
        old = main.title
        main.titles[0] = (Title(text=title), span)
        main.credits = [c for c in main.credits if fold(c.agent.name) != fold(title)]  # ("Studio album by" over the title)
        for r in b.releases:
            if r.title and fold(r.title[0]) == fold(old):
                r.title = (title, span)
                r.credits = [c for c in r.credits if fold(c.agent.name) != fold(title)]
    else:
        main = b.new_work(kind, title, span)
    if b.works[0] is not main:
        b.works.remove(main)
        b.works.insert(0, main)
    role = Role.DIRECTOR if kind in (WorkKind.FILM, WorkKind.TV_SERIES) else Role.AUTHOR if kind in (WorkKind.BOOK, WorkKind.COMIC) else Role.PERFORMER
    if any(c.role == role for c in main.credits):
        return
    by = _DIRECTED.search(after) if role == Role.DIRECTOR else None
    by = by or _BY.search(after[:160])
    if by is None:
        return
    who = by.group("who").rstrip(".,;’'")
    who = re.sub(r"[’'](?:s|a|ego|owi)?$", "", who)  # ("Prince’a" is Polish for Prince's)
    if not who or (role != Role.PERFORMER and not looks_like_person(who)):
        return
    at = doc.text.find(who, after_at)
    main.add_credit(Credit(agent=Agent(name=who), role=str(role), span=Span(at, at + len(who)) if at >= 0 else None))
