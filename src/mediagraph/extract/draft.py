"""Mutable drafts of records that parsers fill in, frozen into model records at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from mediagraph.extract.memo import fold
from mediagraph.extract.placeholders import is_placeholder
from mediagraph.model import (
    Agent,
    AggregateRating,
    Citation,
    Credit,
    FieldSpan,
    Format,
    Identifier,
    Rating,
    RecordSet,
    Relation,
    Release,
    ReleaseLabel,
    Review,
    Source,
    Span,
    Title,
    Track,
    Work,
    WorkKind,
)

Sp = Span | None


@dataclass
class WorkDraft:
    key: str
    kind: WorkKind
    titles: list[tuple[Title, Sp]]
    date: tuple[str, Sp] | None = None
    credits: list[Credit] = field(default_factory=list)
    genres: list[tuple[str, Sp]] = field(default_factory=list)
    description: tuple[str, Sp] | None = None
    identifiers: list[tuple[Identifier, Sp]] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    kind_span: Sp = None
    runtime: tuple[str, Sp] | None = None
    content_rating: tuple[str, Sp] | None = None
    country: tuple[str, Sp] | None = None
    aggregate: tuple[AggregateRating, Sp] | None = None
    # what only embedded data gives, as jsonld.read reads it: seasons and episodes, language, page count
    embedded: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.titles[0][0].text if self.titles else ""

    def add_credit(self, credit: Credit) -> None:
        if is_placeholder(credit.agent.name):
            return  # "Director: N/A" names nobody
        if not any(_same_credit(c, credit) for c in self.credits):
            self.credits.append(credit)

    def freeze(self) -> Work:
        self.identifiers = [(i, sp) for i, sp in self.identifiers if not is_placeholder(i.value)]
        spans: list[FieldSpan] = []
        for i, (_, sp) in enumerate(self.titles):
            _fs(spans, f"titles[{i}]", sp)
        if self.date:
            _fs(spans, "date", self.date[1])
        for i, (_, sp) in enumerate(self.genres):
            _fs(spans, f"genres[{i}]", sp)
        if self.description:
            _fs(spans, "description", self.description[1])
        for i, (_, sp) in enumerate(self.identifiers):
            _fs(spans, f"identifiers[{i}]", sp)
        _fs(spans, "kind", self.kind_span)
        for name in ("runtime", "content_rating", "country", "aggregate"):
            pair = getattr(self, name)
            if pair:
                _fs(spans, name, pair[1])
        return Work(
            key=self.key,
            kind=self.kind,
            titles=tuple(t for t, _ in self.titles),
            date=self.date[0] if self.date else None,
            credits=tuple(self.credits),
            genres=tuple(g for g, _ in self.genres),
            description=self.description[0] if self.description else None,
            identifiers=tuple(i for i, _ in self.identifiers),
            same_as=tuple(self.same_as),
            spans=tuple(spans),
            runtime=self.runtime[0] if self.runtime else None,
            content_rating=self.content_rating[0] if self.content_rating else None,
            country=self.country[0] if self.country else None,
            aggregate=self.aggregate[0] if self.aggregate else None,
            **self.embedded,
        )


@dataclass
class ReleaseDraft:
    key: str
    title: tuple[str, Sp]
    work: str | None = None
    credits: list[Credit] = field(default_factory=list)
    formats: list[tuple[Format, Sp]] = field(default_factory=list)
    labels: list[tuple[ReleaseLabel, Sp]] = field(default_factory=list)
    country: tuple[str, Sp] | None = None
    date: tuple[str, Sp] | None = None
    runtime: tuple[str, Sp] | None = None
    companies: list[Credit] = field(default_factory=list)
    notes: tuple[str, Sp] | None = None
    tracks: list[Track] = field(default_factory=list)
    identifiers: list[tuple[Identifier, Sp]] = field(default_factory=list)
    genres: list[tuple[str, Sp]] = field(default_factory=list)
    status: tuple[str, Sp] | None = None
    same_as: list[str] = field(default_factory=list)
    track_count: int | None = None

    def add_identifier(self, ident: Identifier, span: Sp) -> None:
        if is_placeholder(ident.value):
            return  # "Catalog Number: N/A", "Barcode: [none]"
        key = (ident.scheme, ident.value, ident.qualifier)
        if not any((i.scheme, i.value, i.qualifier) == key for i, _ in self.identifiers):
            self.identifiers.append((ident, span))

    def freeze(self) -> Release:
        self._drop_placeholders()
        spans: list[FieldSpan] = []
        _fs(spans, "title", self.title[1])
        for name in ("country", "date", "runtime", "notes", "status"):
            pair = getattr(self, name)
            if pair:
                _fs(spans, name, pair[1])
        for name in ("formats", "labels", "identifiers", "genres"):
            for i, (_, sp) in enumerate(getattr(self, name)):
                _fs(spans, f"{name}[{i}]", sp)
        return Release(
            key=self.key,
            title=self.title[0],
            work=self.work,
            credits=tuple(self.credits),
            formats=tuple(f for f, _ in self.formats),
            labels=tuple(lb for lb, _ in self.labels),
            country=self.country[0] if self.country else None,
            date=self.date[0] if self.date else None,
            runtime=self.runtime[0] if self.runtime else None,
            companies=tuple(self.companies),
            notes=self.notes[0] if self.notes else None,
            tracks=tuple(self.tracks),
            identifiers=tuple(i for i, _ in self.identifiers),
            genres=tuple(g for g, _ in self.genres),
            status=self.status[0] if self.status else None,
            same_as=tuple(self.same_as),
            spans=tuple(spans),
            track_count=self.track_count if not self.tracks else None,
        )


    def _drop_placeholders(self) -> None:
        """Labels, catalog numbers and credits that only say the value is missing ("Label: --")."""
        labels = []
        for lb, sp in self.labels:
            no_name = bool(lb.label.name) and is_placeholder(lb.label.name)
            no_cat = lb.catalog_number is not None and is_placeholder(lb.catalog_number)
            if no_name or no_cat:
                lb = ReleaseLabel(label=msgspec.structs.replace(lb.label, name="") if no_name else lb.label,
                                  catalog_number=None if no_cat else lb.catalog_number)
            if lb.label.name or lb.catalog_number:
                labels.append((lb, sp))
        self.labels = labels
        self.credits = [c for c in self.credits if not is_placeholder(c.agent.name)]
        self.companies = [c for c in self.companies if not is_placeholder(c.agent.name)]
        self.identifiers = [(i, sp) for i, sp in self.identifiers if not is_placeholder(i.value)]


@dataclass
class ReviewDraft:
    key: str
    subject: str
    author: tuple[Agent, Sp] | None = None
    date: tuple[str, Sp] | None = None
    title: tuple[str, Sp] | None = None
    text: tuple[str, Sp] | None = None
    rating: tuple[Rating, Sp] | None = None
    url: str | None = None
    site: str | None = None
    citations: list[str] = field(default_factory=list)

    def freeze(self) -> Review:
        spans: list[FieldSpan] = []
        for name in ("author", "date", "title", "text", "rating"):
            pair = getattr(self, name)
            if pair:
                _fs(spans, name, pair[1])
        return Review(
            key=self.key,
            subject=self.subject,
            author=self.author[0] if self.author else None,
            site=self.site,
            date=self.date[0] if self.date else None,
            title=self.title[0] if self.title else None,
            text=self.text[0] if self.text else None,
            rating=self.rating[0] if self.rating else None,
            url=self.url,
            citations=tuple(self.citations),
            spans=tuple(spans),
        )


def _fs(spans: list[FieldSpan], name: str, sp: Sp) -> None:
    if sp is not None:
        spans.append(FieldSpan(name, sp.start, sp.end))


def _same_credit(a: Credit, b: Credit) -> bool:
    return a.role == b.role and fold(a.agent.name) == fold(b.agent.name) and a.character == b.character


class Builder:
    """Collects drafts with fresh blank-node keys; ``freeze`` yields the RecordSet."""

    def __init__(self) -> None:
        self.works: list[WorkDraft] = []
        self.releases: list[ReleaseDraft] = []
        self.reviews: list[ReviewDraft] = []
        self.citations: list[Citation] = []
        self.relations: list[Relation] = []
        self.warnings: list[str] = []

    def new_work(self, kind: WorkKind, title: str, span: Sp, *, date: str | None = None,
                 date_span: Sp = None) -> WorkDraft:
        w = WorkDraft(key=f"_:w{len(self.works) + 1}", kind=kind, titles=[(Title(text=title), span)])
        if date:
            w.date = (date, date_span)
        self.works.append(w)
        return w

    def new_release(self, title: str, span: Sp, *, work: str | None = None) -> ReleaseDraft:
        r = ReleaseDraft(key=f"_:r{len(self.releases) + 1}", title=(title, span), work=work)
        self.releases.append(r)
        return r

    def new_review(self, subject: str) -> ReviewDraft:
        v = ReviewDraft(key=f"_:v{len(self.reviews) + 1}", subject=subject)
        self.reviews.append(v)
        return v

    def new_citation(self, **kw: object) -> Citation:
        c = Citation(key=f"_:c{len(self.citations) + 1}", **kw)  # type: ignore[arg-type]
        self.citations.append(c)
        return c

    def relate(self, relation: Relation) -> None:
        same = (relation.subject, relation.predicate, relation.object, relation.subject_track, relation.object_track)
        for r in self.relations:
            if (r.subject, r.predicate, r.object, r.subject_track, r.object_track) == same:
                return
        self.relations.append(relation)

    def merge_twins(self) -> None:
        """Two works of one kind and one title, on one page, whose years do not differ, are one
        work the page named twice (a breadcrumb's "IMDb > Pulp Fiction (1994)" and its heading):
        the later one's facts join the first. Works of different years (a remake) stay apart."""
        seen: set[tuple[WorkKind, str]] = set()
        for x in self.works:
            named = (x.kind, fold(x.title))
            if named in seen:
                break
            seen.add(named)
        else:
            return  # no two works share a kind and a title (most pages: one pass, one fold a work)
        k = 0
        while k < len(self.works):
            w = self.works[k]
            twin = next((x for x in self.works[k + 1 :] if x.kind == w.kind and fold(x.title) == fold(w.title) and fold(w.title)
                         and (x.date is None or w.date is None or x.date[0][:4] == w.date[0][:4])), None)
            if twin is None:
                k += 1
                continue
            for name in ("date", "description", "runtime", "content_rating", "country", "aggregate", "kind_span"):
                if getattr(w, name) is None and getattr(twin, name) is not None:
                    setattr(w, name, getattr(twin, name))
            for t in twin.titles[1:]:
                if all(fold(t[0].text) != fold(x[0].text) for x in w.titles):
                    w.titles.append(t)
            for c in twin.credits:
                w.add_credit(c)
            w.genres += [g for g in twin.genres if all(fold(g[0]) != fold(x[0]) for x in w.genres)]
            w.identifiers += [i for i in twin.identifiers if i not in w.identifiers]
            w.same_as += [u for u in twin.same_as if u not in w.same_as]
            for key, value in twin.embedded.items():
                w.embedded.setdefault(key, value)
            self.works.remove(twin)
            self.repoint(twin.key, w.key)

    def repoint(self, old: str, new: str) -> None:
        """What pointed at work ``old`` (its releases, reviews and relations) points at ``new``; a
        relation that now ties a work to itself goes."""
        for r in self.releases:
            if r.work == old:
                r.work = new
        for v in self.reviews:
            if v.subject == old:
                v.subject = new
        self.relations[:] = [msgspec.structs.replace(rel, subject=new if rel.subject == old else rel.subject,
                                                     object=new if rel.object == old else rel.object)
                             for rel in self.relations]
        self.relations[:] = [rel for rel in self.relations if rel.subject != rel.object]

    def work(self, key: str) -> WorkDraft | None:
        return next((w for w in self.works if w.key == key), None)

    def freeze(self, source: Source) -> RecordSet:
        return RecordSet(
            source=source,
            works=tuple(w.freeze() for w in self.works),
            releases=tuple(r.freeze() for r in self.releases),
            reviews=tuple(v.freeze() for v in self.reviews),
            citations=tuple(self.citations),
            relations=tuple(self.relations),
            warnings=tuple(dict.fromkeys(self.warnings)),
        )


__all__ = ["Builder", "ReleaseDraft", "ReviewDraft", "WorkDraft"]
