"""Reading releases: labels and catalog numbers, formats, barcodes, release events and tracks."""

from __future__ import annotations

from typing import Any

import msgspec
import orjson

from mediagraph.jsonld.read_base import Base, Node, Skip
from mediagraph.jsonld.values import clock, count, many, term, text, types_of
from mediagraph.jsonld.vocab import READ_FORMAT_TERMS
from mediagraph.model.identifiers import Identifier, IdScheme
from mediagraph.model.records import Agent, Format, Property, Release, ReleaseLabel, Track
from mediagraph.model.vocab import AgentKind

UNNAMED = Agent(name="", kind=AgentKind.ORGANIZATION)
_GTINS = ("gtin8", "gtin12", "gtin13", "gtin14", "gtin", "upc", "ean")


class Releases(Base):
    """MusicRelease nodes, and the release properties real sites put on a MusicAlbum."""

    def __init__(self, uri: str, **kw: Any) -> None:
        super().__init__(uri, **kw)
        self.pending_releases: dict[str, str] = {}  # release key -> work key (albumRelease)

    def release(self, n: Node, key: str, *, work: str | None = None, name: str | None = None) -> None:
        """A MusicRelease; with ``name`` given, the release half of a MusicAlbum that carries
        its release's properties (the album keeps its title, credits, genres and sameAs)."""
        path = n.path
        own = name is None
        if not (name or text(n.get("name"))):
            raise Skip("a MusicRelease has no name; not read")
        # on a release, a publisher is its label (read with the labels), never a credit
        credits = [c for c in self.credits(n, "album") if c.role != "publisher"]
        artists = {c.agent.name.casefold() for c in credits if c.role == "performer"}
        labels = self.labels(n, artists)
        formats = []
        for f in many(n.get("mg:formats")):
            if not isinstance(f, dict):
                continue
            f = self.norm(f, f"{path}.mg:formats")
            q = count(f.get("mg:quantity"))
            formats.append(
                Format(
                    name=text(f.get("name")) or "",
                    qty=q,
                    descriptions=tuple(d for d in (text(x) for x in many(f.get("mg:descriptions"))) if d),
                    text=text(f.get("mg:text")),
                )
            )
        fmt_terms = many(n.get("musicReleaseFormat"))
        if not formats:
            for f in fmt_terms:
                t = term(text(f) or "", self.prefixes).rstrip("/").rsplit("/", 1)[-1]
                if t:
                    formats.append(Format(name=READ_FORMAT_TERMS.get(t, t.removesuffix("Format")) or "Other"))
        idents = self.identifiers(n.get("identifier"), path)
        known = {i.normalized for i in idents if i.scheme == "barcode"}
        for g in _GTINS:
            for x in many(n.get(g)):
                code = text(x)
                if code and code not in known:
                    idents.append(Identifier.make(IdScheme.BARCODE, code))
                    known.add(code)
        if own:
            work = self.ref(n.get("releaseOf"), path=f"{path}.releaseOf") if n.peek("releaseOf") else None
            work = work or self.pending_releases.pop(key, None)
        group = self.ref(n.get("mg:versionGroup"), path=f"{path}.mg:versionGroup") if n.peek("mg:versionGroup") else None
        companies = [c for c in (self.credit(c, "contributor", "contributor", f"{path}.mg:company") for c in many(n.get("mg:company"))) if c]
        raw_tracks = n.get("track") if n.peek("track") is not None else n.get("tracks")
        tracks, listed = self.track_list(raw_tracks, f"{path}.track" if n.peek("track") is not None else f"{path}.tracks")
        stated = self.count_of(n, "numTracks")
        country, later_events = self.event_country(n) if own else (None, [])
        date = self.work_date(n) if own else self.release_date(n)
        release = Release(
            key=key,
            title=name or text(n.get("name")) or "",
            work=work,
            credits=tuple(credits) if own else tuple(c for c in credits if c.role == "performer"),
            formats=tuple(formats),
            labels=tuple(labels),
            country=(text(n.get("countryOfOrigin")) or country) if own else None,
            date=date,
            track_count=stated if stated is not None else listed,
            runtime=self.release_runtime(n),
            companies=tuple(companies),
            notes=text(n.get("description")) if own else None,
            tracks=tuple(tracks),
            identifiers=tuple(idents),
            group=group,
            genres=tuple(g for g in (text(x) for x in many(n.get("genre"))) if g) if own else (),
            styles=tuple(s for s in (text(x) for x in many(n.get("mg:styles"))) if s),
            status=text(n.get("mg:status")),
            data_quality=text(n.get("mg:dataQuality")),
            same_as=self.links(n) if own else (),
        )
        if release.track_count is not None and release.tracks and release.track_count == len(release.tracks) and stated is None:
            release = msgspec.structs.replace(release, track_count=None)  # the list says it already
        for i, other in enumerate(self.releases):
            if other.key == key:
                # the album's release properties and a release node under the album's own @id
                # describe one release: what the node left out, the album gives
                given = {}
                for f in release.__struct_fields__:
                    mine, theirs = getattr(other, f), getattr(release, f)
                    if mine in (None, (), ""):
                        given[f] = theirs
                    elif isinstance(mine, tuple) and f in ("labels", "identifiers", "formats", "credits"):
                        given[f] = mine + tuple(x for x in theirs if x not in mine)
                self.releases[i] = msgspec.structs.replace(other, **given)
                break
        else:
            self.releases.append(release)
        if later_events:
            value = orjson.dumps(later_events, option=orjson.OPT_SORT_KEYS).decode()
            self.add_extra(key, None, (Property(name="releasedEvent", value=value),))
        if own:
            self.relations_of(n, key)

    def release_runtime(self, n: Node) -> str | None:
        """``mg:runtime`` as the source wrote it, else ``duration`` as a clock."""
        given, iso = text(n.get("mg:runtime")), text(n.get("duration"))
        got = clock(iso)
        if iso and got is None and not given:
            self.lost(f"{n.path}.duration", f"unreadable duration {iso!r}; not kept")
        return given or got

    def release_date(self, n: Node) -> str | None:
        """The album's own date is the work's; its release has the same one unless a release event says otherwise."""
        if "releasedEvent" in n:
            return self.event_date(n)
        return self.read_date(n, "datePublished") if "datePublished" in n else None

    def event_country(self, n: Node) -> tuple[str | None, list[Any]]:
        """The country of the earliest release event, and the later events as written (a
        release's fields hold one date and one country; the export writes them all back)."""
        events = []
        for i, e in enumerate(many(n.peek("releasedEvent"))):
            if not isinstance(e, dict):
                continue
            ev = self.norm(e, f"{n.path}.releasedEvent" + (f"[{i}]" if isinstance(n.peek("releasedEvent"), list) else ""))
            where = ev.get("location")
            place = text(where) if not isinstance(where, dict) else text(where.get("name"))
            try:
                from mediagraph.jsonld.values import date as read

                when = read(ev.peek("startDate"), fallback=self.dates) or ""
            except ValueError:
                when = ""
            ev.used.update({"startDate", "location"})
            events.append((when, place, ev, e))
        events.sort(key=lambda e: e[0])
        if events:
            self.report_unread(events[0][2])
        later = []
        for _, _, ev, raw in events[1:]:
            ev.used.update(ev.keys())
            later.append(self.compact(raw))
        return (events[0][1] if events else None), later

    def count_of(self, n: Node, prop: str) -> int | None:
        if prop not in n:
            return None
        got = count(n.get(prop))
        if got is None:
            self.lost(f"{n.path}.{prop}", f"{text(n.get(prop))!r} is not a count; not kept")
        return got

    def attach_release(self, release_key: str, work_key: str) -> None:
        for i, r in enumerate(self.releases):
            if r.key == release_key:
                if r.work is None:
                    self.releases[i] = msgspec.structs.replace(r, work=work_key)
                return
        self.pending_releases[release_key] = work_key

    # -- labels ----------------------------------------------------------------------------------

    def labels(self, n: Node, artists: set[str]) -> list[ReleaseLabel]:
        labels: list[ReleaseLabel] = []
        if n.get("mg:labels"):
            for i, item in enumerate(many(n.get("mg:labels"))):
                if not isinstance(item, dict):
                    continue
                item = self.norm(item, f"{n.path}.mg:labels[{i}]")
                lab = self.org(item.get("recordLabel"), f"{item.path}.recordLabel") if item.get("recordLabel") else UNNAMED
                if lab is not None:
                    labels.append(ReleaseLabel(label=lab, catalog_number=text(item.get("catalogNumber"))))
            n.used.update({"recordLabel", "catalogNumber"})
            return labels
        catnos = [text(c) for c in many(n.get("catalogNumber"))]
        raw = many(n.get("recordLabel"))
        prop = "recordLabel"
        if not raw and n.peek("publisher") is not None:
            # a label given as the album's publisher; a publisher that is the artist is no label
            pubs = many(n.get("publisher"))
            raw = [p for p in pubs if (text(self.deref(p)) or "").casefold() not in artists]
            prop = "publisher"
        for i, lab in enumerate(raw):
            agent = self.org(lab, f"{n.path}.{prop}" + (f"[{i}]" if len(raw) > 1 else ""))
            if agent is not None:
                labels.append(ReleaseLabel(label=agent, catalog_number=catnos[i] if i < len(catnos) else None))
        if not raw:
            # a catalog number whose label the source does not name
            labels += [ReleaseLabel(label=UNNAMED, catalog_number=c) for c in catnos if c]
        return labels

    # -- tracks ----------------------------------------------------------------------------------

    def track_list(self, v: Any, path: str) -> tuple[list[Track], int | None]:
        """A track list as a list, an ItemList of ListItems, or one MusicRecording; and the
        ItemList's stated number of items."""
        stated = None
        v = self.deref(v)
        if isinstance(v, dict):
            t = self.norm(v, path)
            if "ItemList" in types_of(t) or "itemListElement" in t:
                v = t.get("itemListElement")
                stated = count(t.get("numberOfItems"))
                t.used.update({"name", "itemListOrder"})
                self.report_unread(t)
                path = f"{path}.itemListElement"
        out = []
        items = many(v)
        for i, item in enumerate(items):
            tr = self.track(item, f"{path}[{i}]" if isinstance(v, list) else path, i + 1)
            if tr is not None:
                out.append(tr)
        return out, stated

    def track(self, v: Any, path: str, number: int = 0) -> Track | None:
        v = self.deref(v)
        if isinstance(v, str) and v.strip():
            return Track(position=str(number) if number else "", title=v.strip())
        if not isinstance(v, dict):
            self.lost(path, f"a {type(v).__name__} where a track belongs; not read")
            return None
        n = self.norm(v, path)
        position = text(n.get("position"))
        if ("ListItem" in types_of(n) or "item" in n) and isinstance(self.deref(n.get("item")), dict):
            outer = n
            n = self.norm(self.deref(n["item"]), f"{path}.item")
            position = position or text(n.get("position"))
            outer.used.update({"position", "item"})
            self.report_unread(outer)
        idents = self.identifiers(n.get("identifier"), n.path)
        idents += [Identifier.make(IdScheme.ISRC, x) for x in (text(i) for i in many(n.get("isrcCode"))) if x]
        title = text(n.get("name"))
        if title is None:
            self.lost(path, "a track with no name; not kept")
            n.used.update(n.keys())
            return None
        for i, w in enumerate(many(n.get("recordingOf"))):
            if isinstance(self.deref(w), dict):
                self.node(self.deref(w), path=f"{n.path}.recordingOf" + (f"[{i}]" if isinstance(n.peek("recordingOf"), list) else ""))
        raw_duration = text(n.get("duration"))
        duration = text(n.get("mg:duration")) or clock(raw_duration)
        if raw_duration and duration is None:
            self.lost(f"{n.path}.duration", f"unreadable duration {raw_duration!r}; not kept")
        track = Track(
            position=position or text(n.get("trackNumber")) or "",
            title=title,
            duration=duration,
            credits=tuple(self.credits(n, None)),
            identifiers=tuple(idents),
            sub_tracks=tuple(t for t in (self.track(s, f"{n.path}.mg:subTracks[{i}]") for i, s in enumerate(many(n.get("mg:subTracks")))) if t),
        )
        return msgspec.structs.replace(track, extra=self.keep(n))


__all__ = ["UNNAMED", "Releases"]
