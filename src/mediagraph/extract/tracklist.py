"""Tracklists: numbered, vinyl-side (A1, B2) and multi-disc (1-01, "Disc 2"), with durations and
per-track credit lines ("By: Atsuki Kimura" under the track)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mediagraph.extract.doc import Line
from mediagraph.extract.names import looks_like_person, split_list, strip_quotes
from mediagraph.extract.roles import role_for
from mediagraph.model import Agent, Credit, Role, Span, Track

_DUR = r"\d{1,2}:\d{2}(?::\d{2})?"
_NUMBERED = re.compile(r"^(?:(?:track|titre|tr\.?)\s*)?(?P<pos>\d{1,3})\s*[.):]\s*(?P<rest>\S.*)$", re.I)
_SUBTOTAL = re.compile(
    r"^(?:disc|disk|cd|side)\s*(?:\d{1,2}\s*)?(?:length|time|total|duration|running time)\b[^\n]{0,20}?"
    r"(?:\s+(?:disc|disk|cd)\s*(?P<dn>\d{1,2}))?\s*$",
    re.I,
)
_DISC_POS = re.compile(r"^(?P<pos>\d{1,2}[-.]\d{1,3})\s*[.):\-–]?\s+(?P<rest>\S.*)$")
_SIDE_POS = re.compile(r"^(?P<pos>[A-H]\d{1,2}|[A-H](?=[.)\t]))[.)]?\s+(?P<rest>\S.*)$")  # "A1 Title", "A. Title", a 7\"'s "A<TAB>Title"
_BARE = re.compile(r"^(?P<pos>\d{1,3})(?:\s*[-–—]\s+|\t|\s+)(?P<rest>\S.*)$")
_TITLE_DUR = re.compile(rf"^(?P<title>.+?)\s*(?:[-–—.…·]+\s*)?[(\[]?(?P<dur>{_DUR})[)\]]?$")
_DUR_ONLY = re.compile(rf"^[(\[]?(?P<dur>{_DUR})[)\]]?$")
_HEADING = re.compile(
    r"^(?:(?P<disc>disc|disk|cd|dvd|blu-ray|dischi|disque|scheibe)\s*(?P<dn>\d{1,2})|(?P<side>side|face|seite|cara|lado)\s*(?P<sn>[A-H1-9]))\b[^\n]{0,40}$",
    re.I,
)
_CREDIT = re.compile(r"^(?:[-–•*]\s*)?(?P<role>[A-Za-z][\w .&/\-\[\]]{0,40}?)\s*(?::|\s[–—-])\s*(?P<names>\S.*)$")
_CREDIT_PROSE = re.compile(
    r"^(?:\(?)(?:[\w ]{2,20}\s[—–-]\s)?(?P<role>(?:performed|sung|written|composed|arranged|lyrics|vocals)(?: by)?|"
    r"testo di|parole di|musica di|voce|letra de|voz|música de|paroles de|chant|text von|gesang)\s*:?\s+(?P<names>[^)]+?)\)?\.?$",
    re.I,
)
TRACKLIST_HEADING = re.compile(
    r"^(?:tracklist(?:ing)?|track\s*list(?:ing)?|tracks|songs|liste des titres|titres|trackliste|titelliste|lista de canciones|contents)\s*:?$",
    re.I,
)


@dataclass
class TrackList:
    """A parsed tracklist: its tracks and the doc lines it consumed."""

    tracks: list[Track]
    used: set[int] = field(default_factory=set)
    start: int = 0  # first line index
    end: int = 0  # last line index


@dataclass
class _Cand:
    pos: str
    kind: str  # num | disc | side | bare
    title: str
    dur: str | None
    line: Line
    title_at: int
    credits: list[Credit] = field(default_factory=list)  # named on the track's own line


_NOISE_CELL = re.compile(r"^(?:lyrics|buy(?: track)?|info|video|play|download|share|free|\$?\d+(?:[.,]\d\d)?\s*[A-Z]{3}|[▶►▸])$", re.I)


def _split_rest(rest: str) -> tuple[str, str | None]:
    cells = [c.strip() for c in rest.split("\t") if c.strip() and not _NOISE_CELL.match(c.strip())]
    if len(cells) == 1 and "\t" in rest:
        return _split_rest(cells[0])
    if len(cells) > 1:
        dur = next((c for c in cells if _DUR_ONLY.match(c)), None)
        title = next((c for c in cells if not _DUR_ONLY.match(c)), cells[0])
        if dur is None and (m := _TITLE_DUR.match(title)) and m.group("title").strip(" -–—."):
            return m.group("title").strip(" -–—.…·"), m.group("dur")
        return title, _DUR_ONLY.match(dur).group("dur") if dur else None  # type: ignore[union-attr]
    m = _TITLE_DUR.match(rest)
    if m and m.group("title").strip(" -–—."):
        return m.group("title").strip(" -–—.…·"), m.group("dur")
    return rest.strip(), None


_BULLET_CHARS = "-•*·▪▶►▸"
_BULLET = re.compile(rf"^[{_BULLET_CHARS}]\s+")
_LYRICS_CELL = re.compile(r"(?i)\s*[\[(](?:view|show|hide|see|read)\s+lyrics[\])]\s*$|\s+(?:view\s+)?lyrics\s*$")
_GLUED_FIRST = re.compile(r"(?<=[\w\-])(?P<p>1)\.\s+(?=[A-Z0-9À-Þ\"“‘'])")
# a numbered track, a dash, then what the reviewer says of it: the title is a few words before the dash
_COMMENTED = re.compile(r"^(?P<t>[A-Z0-9À-Þ\"“‘'][^–—:\n]{0,60}?[^\s–—-])(?:\s*[–—]|\s+-|:)\s+(?P<c>\S.{30,})$")
# Every track shape opens with its position (a digit, a vinyl side A-H) or with "track"/"titre"/"tr".
_OPENS = frozenset("ABCDEFGHTt")


_QUOTED_HEAD = re.compile(r"^[\"“](?P<t>[^\"“”]{1,120})[\"”]\s*(?P<note>(?:[(\[][^()\[\]]*(?:\([^()]*\)[^()\[\]]*)?[)\]]\s*)*)$")
_FEATURING = re.compile(r"(?i)^(?P<t>[^\"“”(\[]{1,120}?)\s*(?P<note>[(\[](?:featuring|feat\.|ft\.)\s+[^)\]]+[)\]].*)$")
_FEAT_IN = re.compile(r"(?i)[(\[](?:featuring|feat\.|ft\.)\s+([^()\[\]]+?)\s*[()\[\]]")  # ("(featuring Fred Hammond (bonus track))")


def commented_title(rest: str) -> str | None:
    """The song a track-by-track review's numbered paragraph is about: the words before its dash
    ("Shyboy– a true gem …"), or, with no dash, the opening words the paragraph names again
    ("C’est La Vie Click here for the full review for C’est La Vie. (7/10)")."""
    c = _COMMENTED.match(rest)
    if c is not None:
        return c.group("t")
    words = rest.split()
    for n in range(min(8, len(words) - 3), 0, -1):
        head = " ".join(words[:n])
        if len(head) >= 2 and head[:1].isupper() and rest.find(head, len(head) + 1) > 0 and not head.endswith((".", ",")):
            return re.sub(r"\s*\((?:title track|lead single|single|focus track)\)$", "", head, flags=re.I)
    return None


def _candidate(ln: Line) -> _Cand | None:
    text = ln.text.replace("\u00a0", " ")
    if text[:1] in _BULLET_CHARS:
        text = _BULLET.sub("", text)
    if text.count("|") >= 2 and text[:1].isdigit():
        # '1. | "Sorry 2004" | Harvey Mason, Jr., … | 4:22 |': a table flattened with bars between its cells
        text = "\t".join(c.strip() for c in text.split("|") if c.strip())
    if text and len(text) > 80 and (g := _GLUED_FIRST.search(text, 0, 100)) is not None and _COMMENTED.match(text[g.end() :]):
        # "David-Lee-Roth-Eat-Em-Smile-0021. Yankee Rose– I always loved …": an image's name glued to the first track
        found = _candidate(_sub_line(ln, text[g.start("p") :]))
        return found if found is not None and found.pos == "1" else None
    if not text or not (text[0].isdigit() or text[0] in _OPENS):
        return None
    for kind, pat in (("disc", _DISC_POS), ("num", _NUMBERED), ("side", _SIDE_POS), ("bare", _BARE)):
        m = pat.match(text)
        if not m:
            continue
        rest = _LYRICS_CELL.sub("", m.group("rest"))  # "Der Erste Krieg 04:14 [view lyrics]": the site's link
        if kind == "num" and len(rest) > 40 and (said := commented_title(rest)) is not None:
            rest = said  # "2. Shyboy– a true gem on the album that …": a track-by-track review's track
        title, dur = _split_rest(rest)
        title = strip_quotes(title)
        featured: list[Credit] = []
        if (q := _QUOTED_HEAD.match(title)) is not None or (q := _FEATURING.match(title)) is not None:
            # '"Do It Right" (featuring Chrisette Michele)', '"Monsoon" (Townsend, Epple, Young)': the title in its quotes,
            # a featured act is the track's performer
            title = q.group("t").strip()
            for who in _FEAT_IN.findall(q.group("note") or ""):
                at = ln.text.find(who)
                featured.append(Credit(agent=Agent(name=who.strip()), role=str(Role.PERFORMER), span=ln.span(at, at + len(who)) if at >= 0 else None))
        if not title or len(title) > 150 or (title.endswith((".", "?", "!")) and len(title) > 60):
            continue
        if kind == "bare" and re.match(r"^(?:st|nd|rd|th|years?|minutes?|mins?|x)\b|^%", title, re.I):  # "3rd", "5 years", not "3 The …"
            continue
        credits: list[Credit] = []
        if (tc := _TITLE_CREDIT.match(title)) is not None:
            # "Salt on the Glass (5:21) – performed by The Kestrel Quartet"
            title, dur = tc.group("title").strip(), dur or tc.group("dur")
            tail = _sub_line(ln, tc.group("credit"))
            credits = _credit_line(tail) or []
        credits.extend(featured)
        at = ln.text.find(title, m.start("rest"))
        if dur:
            dur = re.sub(r"^0(?=\d:\d\d$)", "", dur)  # Bandcamp's "04:21" is 4:21
        return _Cand(m.group("pos"), kind, title, dur, ln, max(at, 0), credits)
    return None


def _credit_line(ln: Line) -> list[Credit] | None:
    """ "By: Atsuki Kimura", "Vocals: Rin Aoyagi / Lyrics: Natsuki Hoshino", "(performed by X)"."""
    # "Lyrics: A / Vocals: B" and Discogs' "Vocals – June Hallorann, Written-By – Tom Keely"
    parts = [p for p in re.split(r"\s+/\s+(?=[A-Za-z][\w &]{1,30}:)|,\s+(?=[A-Z][\w\-]*(?: [\w\-]+){0,2} [–—] )", ln.text) if p.strip()]
    if len(parts) > 1:
        out: list[Credit] = []
        for part in parts:
            got = _credit_line(_sub_line(ln, part))
            if got is None:
                return None
            out.extend(got)
        return out
    text = ln.text
    m = _CREDIT.match(text) or _CREDIT_PROSE.match(text)
    if not m:
        return None
    # "Composition & Arrangement: X" names two roles.
    labels = [x for x in re.split(r"\s*(?:,|&|/|\band\b)\s*", m.group("role").strip()) if x] or [m.group("role")]
    roles = [role_for(x) for x in labels]
    if not all(roles):
        whole = role_for(m.group("role"))
        if whole is None and re.fullmatch(r"[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,3}", m.group("role").strip()) and " – " in text:
            whole = m.group("role").strip()  # Discogs' instrument credits as written ("Hardanger Fiddle – Sigrid Moen")
        if whole is None:
            return None
        labels, roles = [m.group("role")], [whole]
    names = m.group("names")
    base = m.start("names")
    credits = []
    for name, off in split_list(names):
        # "Karim Aoun (oud)", "Haruka Tsujimoto (辻本遥)": the instrument or native spelling is not the name.
        name = _NAME_NOTE.sub("", name).strip()
        if len(name) > 60 or not name:
            return None
        for label, role in zip(labels, roles, strict=True):
            assert role is not None
            credits.append(
                Credit(agent=Agent(name=name), role=role, role_detail=label.strip() if role != label.strip() else None,
                       span=Span(ln.start + base + off, ln.start + base + off + len(name)))
            )
    return credits or None


_NAME_NOTE = re.compile(r"\s*[(（][^()（）]{1,30}[)）]$")
_COLUMN = re.compile(r"(?i)\b(?P<role>composer|composed by|written by|writer|songwriter|artist|performer)s?\b")


def _column_role(lines: list[Line], at: int) -> str | None:
    """The role a tracklist's header row gives the names under each title ("#  Title / Composer  Time")."""
    for ln in reversed(lines[max(0, at - 4) : at]):
        if ln.text and re.search(r"(?i)\btitle\b", ln.text) and (m := _COLUMN.search(ln.text)):
            return role_for(m.group("role")) or role_for(m.group("role") + " by")
    return None


def _names_line(ln: Line, role: str | None) -> list[Credit] | None:
    """A line of names alone under a track row, when the header row says whose names they are."""
    if role is None or len(ln.text) > 120 or ":" in ln.text:
        return None
    items = split_list(ln.text)
    if not items or not all(looks_like_person(name) for name, _ in items):
        return None
    return [Credit(agent=Agent(name=name), role=role, span=ln.span(off, off + len(name))) for name, off in items]


# A reviewer's sentence under a track: long, ends like a sentence.
_TITLE_CREDIT = re.compile(
    rf"^(?P<title>.+?)\s*(?:[(\[](?P<dur>{_DUR})[)\]])?\s+[–—-]\s+(?P<credit>(?:(?:performed|sung|vocals|arranged|written|composed|lyrics)(?: by)?|"
    rf"[A-Za-z][\w ]{{1,24}}:)\s*.+)$",
    re.I,
)
_COMMENT = re.compile(r"^[A-ZÀ-Þ\"“'‘(].{38,}[.!?…)\"”']$")


def _sub_line(ln: Line, part: str) -> Line:
    """The part of a line's text as a line of its own, offsets kept."""
    at = max(ln.text.find(part), 0)
    return Line(ln.index, part, ln.start + at, ln.start + at + len(part), ln.indent)


def _follows(prev: _Cand | None, cur: _Cand, disc: str | None) -> bool:
    if prev is None:
        return cur.pos in ("1", "01", "001", "A1", "A", "1-1", "1-01", "1.1", "1.01") or disc is not None
    if cur.kind != prev.kind and not (cur.kind in ("num", "bare") and prev.kind in ("num", "bare")):
        return False
    if cur.kind in ("num", "bare"):
        return int(cur.pos) == int(prev.pos) + 1 or (disc is not None and int(cur.pos) == 1)
    if cur.kind == "disc":
        a, b = re.split(r"[-.]", prev.pos), re.split(r"[-.]", cur.pos)
        return (a[0] == b[0] and int(b[1]) == int(a[1]) + 1) or (int(b[0]) == int(a[0]) + 1 and int(b[1]) == 1)
    # Vinyl: same side with the next number, or a later side.
    ps, cs = prev.pos[0], cur.pos[0]
    pn = int(prev.pos[1:] or 0)
    cn = int(cur.pos[1:] or 0)
    return (cs == ps and cn == pn + 1) or (cs > ps and cn <= 1)


# "Templo de Momo8,5", "La Murga de los Renegados: 8": a reviewer's mark for each track, glued
# to its title or after a colon
_TRACK_SCORE = re.compile(r"(?:(?<=[^\d\s])|:\s*)(?P<s>10|\d(?:[,.]5)?)$")


def _strip_track_scores(run: list[_Cand]) -> None:
    """When most of a list's titles end with a mark from 0 to 10, the marks are the reviewer's, not the titles'."""
    marked = [c for c in run if _TRACK_SCORE.search(c.title)]
    if len(run) < 3 or len(marked) < 0.6 * len(run):
        return
    for c in marked:
        m = _TRACK_SCORE.search(c.title)
        if m is not None:
            c.title = c.title[: m.start()].rstrip(" :")


# The last whole list of lines read, and its tracklists: the entry splitter, the layout reader and
# the named-tracklist pass each ask about the same doc's lines (the same list, which no reader
# changes). The list is held, so its id cannot pass to another while it is kept; callers get their
# own list of the same TrackLists, which they only read.
_last: tuple[list[Line], list[TrackList]] | None = None


def find_tracklists(lines: list[Line], *, skip: set[int] | None = None) -> list[TrackList]:
    """Every run of ≥2 consecutive, consistently numbered tracks (≥3 unless durations are given)."""
    global _last
    if skip:
        return _find_tracklists(lines, skip)
    last = _last
    if last is not None and last[0] is lines:
        return list(last[1])
    found = _find_tracklists(lines, set())
    _last = (lines, found)
    return list(found)


def _find_tracklists(lines: list[Line], skip: set[int]) -> list[TrackList]:
    out: list[TrackList] = []
    i, n = 0, len(lines)
    while i < n:
        ln = lines[i]
        cand = _candidate(ln) if ln.text and ln.index not in skip else None
        head = _HEADING.match(ln.text) if ln.text else None
        if cand is None and head is None:
            i += 1
            continue
        column_role = _column_role(lines, i)
        run: list[_Cand] = []
        headed: list[tuple[int, str, str]] = []  # tracks numbered under a "Disc N" heading: (index, disc, as printed)
        used: set[int] = set()
        tracks: list[Track] = []
        disc: str | None = None
        prev: _Cand | None = None
        blanks = 0
        j = i
        last_track: list[Credit] | None = None
        pending: dict[int, list[Credit]] = {}
        while j < n:
            cur = lines[j]
            if not cur.text:
                blanks += 1
                if blanks > 2:
                    break
                j += 1
                continue
            h = _HEADING.match(cur.text)
            if h:
                disc = h.group("dn") or h.group("sn")
                prev = None if h.group("dn") else prev
                used.add(cur.index)
                blanks = 0
                j += 1
                continue
            sub = _SUBTOTAL.match(cur.text)
            if sub and run:
                # "Disc length 9:12" between discs; inline markup may glue "Disc 2" onto it.
                if sub.group("dn"):
                    disc, prev = sub.group("dn"), None
                used.add(cur.index)
                blanks = 0
                j += 1
                continue
            c = _candidate(cur) if cur.index not in skip else None
            if c is None and run and blanks and len(cur.text) <= 60 and _DUR_ONLY.match(cur.text) is None and _credit_line(cur) is None:
                # A heading inside the list ("Sette Lune (1971)" over a box set's tracks from that film).
                nxt = next((x for x in lines[j + 1 : j + 3] if x.text), None)
                nc = _candidate(nxt) if nxt is not None and nxt.index not in skip else None
                if nc is not None and _follows(prev, nc, disc) and nc.kind == run[-1].kind and nc.kind != "bare":
                    used.add(cur.index)
                    blanks = 0
                    j += 1
                    continue
            if c is not None and _follows(prev, c, disc):
                raw = _Cand(c.pos, c.kind, c.title, c.dur, c.line, c.title_at, c.credits)
                if c.kind == "disc":
                    c.pos = c.pos.replace(".", "-")
                if disc and disc.isdigit() and c.kind in ("num", "bare"):
                    c.pos = f"{disc}-{c.pos}"
                    headed.append((len(run), disc, raw.pos))
                run.append(c)
                pending[len(run) - 1] = list(c.credits)
                last_track = pending[len(run) - 1]
                used.add(cur.index)
                prev = raw
                blanks = 0
                j += 1
                continue
            if last_track is not None and blanks == 0:
                credits = _credit_line(cur) or _names_line(cur, column_role)
                if credits:
                    last_track.extend(credits)
                    used.add(cur.index)
                    j += 1
                    continue
                m = _DUR_ONLY.match(cur.text)
                if m and run and run[-1].dur is None:
                    run[-1].dur = m.group("dur")
                    used.add(cur.index)
                    j += 1
                    continue
                if (cur.indent > 0 or _COMMENT.match(cur.text)) and _candidate(cur) is None:
                    # A reviewer's comment indented under a track ("   The main theme, four notes…").
                    for sentence in re.split(r"(?<=\.)\s+", cur.text):
                        if (credits := _credit_line(_sub_line(cur, sentence))) is not None:
                            last_track.extend(credits)
                    j += 1
                    continue
            break
        with_dur = sum(1 for c in run if c.dur)
        strong = sum(1 for c in run if c.kind != "bare")
        long_enough = len(run) >= 3 or (len(run) >= 2 and (with_dur == len(run) or strong == len(run)))
        if long_enough and (strong or with_dur >= len(run) // 2 or len(run) >= 5):
            if headed and len(headed) == len(run) and {d for _, d, _ in headed} == {"1"}:
                # Only a "CD 1" heading: one disc, so positions stay as printed ("1", not "1-1").
                for k, _, printed in headed:
                    run[k].pos = printed
            _strip_track_scores(run)
            for k, c in enumerate(run):
                tracks.append(
                    Track(position=c.pos, title=c.title, duration=c.dur, credits=tuple(pending[k]),
                          span=Span(c.line.start + c.title_at, c.line.start + c.title_at + len(c.title)))
                )
            out.append(TrackList(tracks, used, run[0].line.index, run[-1].line.index))
            i = j
            continue
        i += 1
    out.extend(_side_picks(lines, skip, {k for tl in out for k in tl.used}))
    return out


def _side_picks(lines: list[Line], skip: set[int], used: set[int]) -> list[TrackList]:
    """A shop's picks from a record, each on its vinyl side and place but not in order ("A3 You
    Masculine You" / "B2 What Else Could It Be?" / "A2 Grumpus"): three or more such lines in a row."""
    out: list[TrackList] = []
    run: list[_Cand] = []

    def close() -> None:
        if len(run) >= 3 and len({c.pos for c in run}) == len(run) and all(re.fullmatch(r"[A-H]\d{1,2}", c.pos) for c in run):
            tracks = [Track(position=c.pos, title=c.title, duration=c.dur,
                            span=Span(c.line.start + c.title_at, c.line.start + c.title_at + len(c.title))) for c in run]
            out.append(TrackList(tracks, {c.line.index for c in run}, run[0].line.index, run[-1].line.index))

    for ln in lines:
        if not ln.text:
            continue
        c = _candidate(ln) if ln.index not in skip and ln.index not in used and ln.text[:1] in "ABCDEFGH" else None
        if c is not None and c.kind == "side":
            run.append(c)
            continue
        close()
        run = []
    close()
    return out


__all__ = ["TRACKLIST_HEADING", "TrackList", "find_tracklists"]
