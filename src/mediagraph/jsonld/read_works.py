"""Reading works: titles, dates, credits, parts (seasons, episodes, issues), ratings, reviews
and the relations between works."""

from __future__ import annotations

from typing import Any

import msgspec
import orjson

from mediagraph.jsonld.read_base import NOT_KEPT, Base, Node, Skip
from mediagraph.jsonld.values import clock, count, many, term, text, types_of
from mediagraph.jsonld.vocab import (
    ALBUM_TYPE_TERMS,
    NUMBER_TERMS,
    PART_TYPES,
    READ_AGENT_TYPES,
    READ_INVERSE_PREDICATES,
    READ_PREDICATES,
    READ_WORK_TYPES,
    RELEASE_TERMS_ON_ALBUM,
    WORK_TYPES,
)
from mediagraph.model.identifiers import Identifier, IdScheme
from mediagraph.model.records import (
    Part,
    Property,
    Relation,
    Title,
    Work,
)
from mediagraph.model.vocab import Predicate, WorkKind

# The date of a work, best first: a site's "dateCreated" is often when its own record was made.
DATE_TERMS = ("datePublished", "releaseDate", "releasedEvent", "startDate", "copyrightYear", "dateCreated")
# Work kinds that take a release's properties when a node carries them (a MusicAlbum, a playlist).
_SPLIT = {"MusicAlbum", "MusicPlaylist"}
_GTINS = ("gtin", "gtin8", "gtin12", "gtin13", "gtin14", "upc", "ean")


class Works(Base):
    """Works, their parts and reviews; releases are read by ``read_music.Releases``."""

    # -- titles and dates ------------------------------------------------------------------------

    def titles(self, n: Node) -> list[Title]:
        titles: list[Title] = []
        for i, v in enumerate(many(n.get("name"))):
            t = self._title(v, "main" if i == 0 else "alternate")
            if t is not None:
                titles.append(t)
        if not titles and text(n.get("headline")):
            titles.append(Title(text=text(n.get("headline")) or ""))
        for prop, kind in (("alternateName", "alternate"), ("alternativeHeadline", "alternate"), ("mg:originalTitle", "original")):
            for v in many(n.get(prop)):
                t = self._title(v, kind)
                if t is not None:
                    titles.append(t)
        seen: set[tuple[str, str | None]] = set()
        out = []
        for t in titles:
            if (t.text, t.lang) not in seen:
                seen.add((t.text, t.lang))
                out.append(t)
        return out

    @staticmethod
    def _title(v: Any, kind: str) -> Title | None:
        if isinstance(v, dict):
            lang = v.get("@language") or v.get("@lang")
            t = text(v)
            return Title(text=t, lang=lang if isinstance(lang, str) else None, kind=kind) if t else None
        t = text(v)
        return Title(text=t, kind=kind) if t else None

    def work_date(self, n: Node) -> str | None:
        """The first date of ``DATE_TERMS`` the node gives; the others are reported where they differ."""
        chosen: str | None = None
        chosen_term = ""
        for prop in DATE_TERMS:
            if prop not in n:
                continue
            d = self.event_date(n) if prop == "releasedEvent" else self.read_date(n, prop)
            if d and chosen is None:
                chosen, chosen_term = d, prop
            elif d and d != chosen:
                self.lost(f"{n.path}.{prop}", f"not kept ({chosen_term} gives the date kept)")
        return chosen

    def event_date(self, n: Node) -> str | None:
        """The earliest start date of a ``releasedEvent`` (a PublicationEvent or a list of them)."""
        dates = []
        for i, e in enumerate(many(n.get("releasedEvent"))):
            if isinstance(e, dict):
                ev = self.norm(e, f"{n.path}.releasedEvent" + (f"[{i}]" if isinstance(n.peek("releasedEvent"), list) else ""))
                d = self.read_date(ev, "startDate")
                if d:
                    dates.append(d)
        return min(dates, default=None)

    # -- works -------------------------------------------------------------------------------

    def work(self, n: Node, key: str, types: list[str]) -> None:
        path = n.path
        kind = next((READ_WORK_TYPES[t] for t in types if t in READ_WORK_TYPES), "other")
        if text(n.get("mg:kind")):
            try:
                kind = WorkKind(text(n.get("mg:kind")) or "")
            except ValueError:
                self.lost(f"{path}.mg:kind", f"unknown mg:kind {n.get('mg:kind')!r}; not kept")
        titles = self.titles(n)
        address = text(n.peek("url")) or self.iri(n)
        if not titles and self.strict and address and address.startswith(("http://", "https://")):
            # a file's work known only by its address (a broadcaster's programme page): the
            # address stands for its name, and the report says so
            self.lost(f"{path}.name", f"a {types[0]} with no name; its address {address} is kept as its name")
            titles = [Title(text=address)]
        if not titles and (not self.strict or not any(k not in ("@id", "@type", "@context") for k in n) or self.holds_named_work(n)):
            # nothing but its type, or an app around the books it lists (the records it holds
            # are read as around a page); in a page, the page's text names its works
            raise Skip(f"a {types[0]} has no name; not read")
        if not titles:
            # what it says is kept, on an untitled work (named later with `mediagraph set`)
            self.lost(f"{path}.name", f"a {types[0]} with no name; kept untitled")
        idents = self.identifiers(n.get("identifier"), path)
        for prop, scheme, note in (("iswcCode", IdScheme.ISWC, None), ("isbn", IdScheme.ISBN, None), ("isrcCode", IdScheme.ISRC, None),
                                   ("titleEIDR", IdScheme.EIDR, None), ("editEIDR", IdScheme.EIDR, "edit")):
            for x in many(n.get(prop)):
                code = text(x)
                if code and not any(i.scheme == scheme and i.normalized == Identifier.make(scheme, code).normalized for i in idents):
                    idents.append(Identifier.make(scheme, code, note))
        idents += self.editions(n, types)
        split = bool(set(types) & _SPLIT) and "MusicRelease" not in types and any(t in n for t in (*RELEASE_TERMS_ON_ALBUM, "publisher"))
        if not split:
            for g in _GTINS:
                for x in many(n.get(g)):
                    code = text(x)
                    if code and not any(i.scheme == IdScheme.BARCODE and i.value == code for i in idents):
                        idents.append(Identifier.make(IdScheme.BARCODE, code))
        credits = [c for c in self.credits(n, str(kind)) if not (split and c.role == "publisher")]
        labels = [f"schema:{t}" for t in types if t != WORK_TYPES.get(str(kind)) and t != "MusicRecording" and t not in READ_AGENT_TYPES]
        labels += [t for t in (text(x) for x in many(n.get("mg:types"))) if t and t not in labels]
        for prop, names in ALBUM_TYPE_TERMS.items():
            for v in many(n.get(prop)):
                label = names.get(term_of(text(v) or ""))
                if label is None:
                    self.lost(f"{path}.{prop}", f"{text(v)!r} is not an album type the catalog knows; not kept")
                elif label not in labels:
                    labels.append(label)
        genres = []
        whole_genres: list[Any] = []  # genres given as terms of a term set, kept as written
        for i, g in enumerate(many(n.get("genre"))):
            t = self.value_text(g, f"{path}.genre" + (f"[{i}]" if isinstance(n.peek("genre"), list) else ""), whole=whole_genres)
            if t and t.lower().startswith(("http://", "https://")):
                self.lost(f"{path}.genre" + (f"[{i}]" if isinstance(n.get("genre"), list) else ""), "a genre given as a link; not kept")
            elif t:
                genres.append(t)
        work = Work(
            key=key,
            kind=WorkKind(kind),
            titles=tuple(titles),
            date=self.work_date(n),
            credits=tuple(credits),
            genres=tuple(dict.fromkeys(genres)),
            description=self.label(n, "description"),
            identifiers=tuple(idents),
            same_as=self.links(n),
            runtime=self.runtime(n) if not split else None,
            content_rating=self.content_rating(n),
            country=self.label(n, "countryOfOrigin"),
            aggregate=self.aggregate(n.get("aggregateRating"), f"{path}.aggregateRating"),
            types=tuple(labels),
            language=self.language(n),
            disambiguation=self.label(n, "disambiguatingDescription"),
            number=next((text(n.get(p)) for p in NUMBER_TERMS if text(n.peek(p))), None),
            page_count=self.count(n, "numberOfPages"),
            season_count=self.count(n, "numberOfSeasons"),
            episode_count=self.count(n, "numberOfEpisodes"),
            parts=tuple(self.parts(n, key)),
        )
        self.works.append(work)
        if whole_genres:
            value = whole_genres if len(whole_genres) > 1 else whole_genres[0]
            self.add_extra(key, None, (Property(name="genre", value=orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()),))
        self.relations_of(n, key)
        self.reviews_of(n, key)
        for i, rel in enumerate(many(n.get("albumRelease"))):
            rkey = self.ref(rel, path=f"{path}.albumRelease" + (f"[{i}]" if isinstance(n.peek("albumRelease"), list) else ""))
            if rkey:
                self.attach_release(rkey, key)
        if split:
            self.release(n, f"{key}#release", work=key, name=titles[0].text)
        if "ItemList" in types:
            self.list_items(n)

    def holds_named_work(self, n: Node) -> bool:
        """Whether a named work or release is nested in the node's values (eight levels down)."""
        stack: list[tuple[Any, int]] = [(n.peek(k), 0) for k in n if k not in ("@id", "@type", "@context")]
        seen: set[int] = set()
        while stack:
            v, depth = stack.pop()
            v = self.deref(v) if isinstance(v, (dict, str)) and depth < 8 else v
            if isinstance(v, list):
                stack.extend((x, depth + 1) for x in v)
            elif isinstance(v, dict) and depth < 8 and id(v) not in seen:
                seen.add(id(v))
                vt = set(types_of(v, self.prefixes))
                if (vt & set(READ_WORK_TYPES) or vt & set(PART_TYPES) or "MusicRelease" in vt) and text(v.get("name")):
                    return True
                stack.extend((x, depth + 1) for k, x in v.items() if k not in ("@id", "@type", "@context"))
        return False

    def list_items(self, n: Node) -> None:
        """The items of a list that is a work itself ("Top 5 covers of Bob Dylan songs"): works
        of their own; the list's order is reported."""
        vals = n.get("itemListElement")
        for i, v in enumerate(many(vals)):
            sub = f"{n.path}.itemListElement" + (f"[{i}]" if isinstance(vals, list) else "")
            v = self.deref(v)
            entry: dict[str, Any] = {}
            if isinstance(v, dict) and isinstance(self.deref(v.get("item")), dict):
                entry = {k: x for k, x in v.items() if k != "item"}
                v, sub = self.deref(v["item"]), f"{sub}.item"
            if isinstance(v, dict):
                self.node(v, path=sub, top=True)
                read = self.read_nodes.get(id(v))
                if len(entry) > 1 and read is not None:
                    # the list's entry (its position) is kept on the item, in JSON-LD's reverse form
                    kept = orjson.dumps({"item": self.compact(entry)}, option=orjson.OPT_SORT_KEYS).decode()
                    self.add_extra(*read, (Property(name="@reverse", value=kept),))
                elif read is None:
                    for k in entry:
                        if k not in ("@type", "@id"):
                            self.lost(f"{sub.removesuffix('.item')}.{k}", "not kept (a list's items are kept, not the list)")
            elif v is not None:
                self.lost(sub, "not kept (a list's items are kept when they are nodes)")

    def editions(self, n: Node, types: list[str]) -> list[Identifier]:
        """The identifiers of a work's editions given without a name of their own (a Book's
        ``workExample`` Books with an ISBN, publisher and date): the work's identifiers, each
        noted with its edition's publisher and date. A named example is a work of its own."""
        out = []
        vals = n.peek("workExample")
        for i, v in enumerate(many(vals)):
            v = self.deref(v)
            if not isinstance(v, dict) or text(v.get("name")) or not set(types_of(v, self.prefixes)) & set(types):
                continue
            ed = self.norm(v, f"{n.path}.workExample" + (f"[{i}]" if isinstance(vals, list) else ""))
            what = self.label(ed, "disambiguatingDescription")
            publisher = self.label(ed, "publisher")
            when = self.read_date(ed, "datePublished") if "datePublished" in ed else None
            note = ", ".join(x for x in (what, publisher, when) if x) or None
            found = self.identifiers(ed.get("identifier"), ed.path)
            for prop, scheme in (("isbn", IdScheme.ISBN), ("editEIDR", IdScheme.EIDR), ("titleEIDR", IdScheme.EIDR),
                                 *((g, IdScheme.BARCODE) for g in _GTINS)):
                found += [Identifier.make(scheme, t) for t in (text(x) for x in many(ed.get(prop))) if t]
            out += [Identifier.make(i.scheme, i.value, f"edition: {note}" if note else "edition") for i in found]
            self.report_unread(ed, "not kept (an edition keeps its identifiers and what tells it apart: its publisher, date or cut)")
            self.consumed.add(id(v))  # read here, not as a work of its own
        return out

    def runtime(self, n: Node) -> str | None:
        for prop in ("duration", "timeRequired"):
            raw = text(n.peek(prop))
            if raw is None:
                continue
            n.used.add(prop)
            got = clock(raw)
            if got is None:
                self.lost(f"{n.path}.{prop}", f"unreadable duration {raw!r}; not kept")
            return got
        return None

    def content_rating(self, n: Node) -> str | None:
        v = n.peek("contentRating")
        if isinstance(v, dict) and "ratingValue" in v:
            n.used.add("contentRating")
            r = self.norm(v, f"{n.path}.contentRating")
            got = text(r.get("ratingValue"))
            self.report_unread(r)
            return got
        return self.label(n, "contentRating")

    def language(self, n: Node) -> str | None:
        v = n.peek("inLanguage")
        if isinstance(v, dict) and "@value" not in v:
            n.used.add("inLanguage")
            lang = self.norm(v, f"{n.path}.inLanguage")
            code = text(lang.get("alternateName"))
            got = code or text(lang.get("name"))
            if code and text(lang.get("name")):
                self.lost(f"{lang.path}.name", f"the language is kept as {code!r}; not kept")
            self.report_unread(lang)
            return got
        return self.label(n, "inLanguage")

    def count(self, n: Node, prop: str) -> int | None:
        if prop not in n:
            return None
        got = count(n.get(prop))
        if got is None:
            self.lost(f"{n.path}.{prop}", f"{text(n.get(prop))!r} is not a count; not kept")
        return got

    # -- parts ---------------------------------------------------------------------------------

    def parts(self, n: Node, key: str) -> list[Part]:
        """Seasons, episodes, issues and stories inside a work; a whole work inside it (a volume
        of a trilogy) is a work of its own, part of this one."""
        out = []
        for prop in ("containsSeason", "season", "seasons", "episode", "episodes", "hasPart"):
            vals = n.get(prop)
            for i, v in enumerate(many(vals)):
                sub = f"{n.path}.{prop}" + (f"[{i}]" if isinstance(vals, list) else "")
                v = self.deref(v)
                if isinstance(v, dict) and set(types_of(v, self.prefixes)) & set(PART_TYPES):
                    p = self.part(self.norm(v, sub))
                    if p is not None:
                        out.append(p)
                elif prop == "hasPart" and v is not None and key:
                    child = self.ref(v, path=sub)
                    if child:
                        self.relations.append(Relation(subject=child, predicate=Predicate.PART_OF, object=key))
                elif v is not None:
                    self.lost(sub, "not a season, an episode or another part of a work; not kept")
        return out

    def part(self, n: Node) -> Part | None:
        types = types_of(n)
        ptype = next(t for t in types if t in PART_TYPES)
        for t in types:
            if t != ptype:
                self.lost(f"{n.path}.@type", f"type {t!r} beside {ptype!r} is not kept")
        parts = self.parts(n, "")
        title = text(n.get("name")) or text(n.get("headline"))
        number = next((text(n.get(p)) for p in (PART_TYPES[ptype], *NUMBER_TERMS) if text(n.peek(p))), None)
        part = Part(
            type=ptype,
            number=number,
            title=title,
            date=self.work_date(n),
            description=self.label(n, "description"),
            runtime=self.runtime(n),
            credits=tuple(self.credits(n, "tv_series" if ptype in ("TVSeason", "TVEpisode", "Episode") else None)),
            identifiers=tuple(self.identifiers(n.get("identifier"), n.path)),
            same_as=self.links(n),
            episode_count=self.count(n, "numberOfEpisodes"),
            parts=tuple(parts),
        )
        if not (title or number or parts or part.date or part.same_as):
            self.lost(n.path, f"a {ptype} with no name, number or date; not kept")
            n.used.update(n.keys())
            return None
        return msgspec.structs.replace(part, extra=self.keep(n))

    # -- relations -------------------------------------------------------------------------------

    def relation_role(self, v: Any, prop: str) -> tuple[Any, str | None]:
        """A relation's object and what is said of the relation: schema.org's Role form
        (``{"@type": "Role", "recordingOf": {…}, "roleName": "performance (live)"}``) unwrapped."""
        d = self.deref(v)
        if not isinstance(d, dict) or "Role" not in types_of(d, self.prefixes):
            return v, None
        inner = next((x for k, x in d.items() if term(k, self.prefixes) == prop), None)
        if inner is None:
            return v, None
        names = [t for t in (text(x) for x in many(next((x for k, x in d.items() if term(k, self.prefixes) == "roleName"), None))) if t]
        return inner, "; ".join(names) or None

    def relations_of(self, n: Node, key: str) -> None:
        for prop, pred in READ_PREDICATES.items():
            vals = n.get(prop)
            for i, v in enumerate(many(vals)):
                v, note = self.relation_role(v, prop)
                target = self.ref(v, path=f"{n.path}.{prop}" + (f"[{i}]" if isinstance(vals, list) else ""))
                if target:
                    self.relations.append(Relation(subject=key, predicate=Predicate(pred), object=target, note=note))
        for prop, pred in READ_INVERSE_PREDICATES.items():
            if prop == "hasPart":
                continue  # read with the parts
            vals = n.get(prop)
            for i, v in enumerate(many(vals)):
                if id(self.deref(v)) in self.consumed:
                    continue
                source = self.ref(v, path=f"{n.path}.{prop}" + (f"[{i}]" if isinstance(vals, list) else ""))
                if source:
                    self.relations.append(Relation(subject=source, predicate=Predicate(pred), object=key))
        for i, v in enumerate(many(n.get("citation"))):
            if isinstance(v, dict) and "@type" not in v and "@id" not in v:
                self.lost(f"{n.path}.citation[{i}]", "an untyped citation; not kept")
                continue
            if isinstance(v, str) and absolute_in(self, v) is None:
                self.lost(f"{n.path}.citation[{i}]", "a citation given as text; not kept")
                continue
            target = self.ref(v, path=f"{n.path}.citation[{i}]")
            if target:
                self.relations.append(Relation(subject=key, predicate=Predicate.CITES, object=target))
        for i, tr in enumerate(many(n.get("mg:trackRelations"))):
            if not isinstance(tr, dict):
                continue
            tr = self.norm(tr, f"{n.path}.mg:trackRelations[{i}]")
            obj = self.ref(tr.get("mg:object"), path=tr.path)
            pred = text(tr.get("mg:predicate")) or ""
            if obj and pred in {p.value for p in Predicate}:
                self.relations.append(
                    Relation(subject=key, predicate=Predicate(pred), object=obj, note=text(tr.get("mg:note")),
                             subject_track=text(tr.get("mg:subjectTrack")), object_track=text(tr.get("mg:objectTrack")))
                )
            else:
                self.lost(tr.path, f"relation {pred!r} has no predicate in the catalog; not kept")


def term_of(v: str) -> str:
    """An enumeration value's name: ``https://schema.org/StudioAlbum`` → ``StudioAlbum``."""
    return v.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def absolute_in(reader: Base, v: str) -> dict[str, Any] | None:
    """The node a text names by its ``@id`` in this document, if any."""
    got = reader.deref(v)
    return got if isinstance(got, dict) else None


__all__ = ["DATE_TERMS", "NOT_KEPT", "Works", "term_of"]
