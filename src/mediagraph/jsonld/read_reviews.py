"""Reading what people say of a work: reviews, their ratings, a work's aggregate rating, and
the citations reviews make."""

from __future__ import annotations

from typing import Any

import msgspec

from mediagraph.jsonld.read_base import Base, Node, Skip
from mediagraph.jsonld.values import count, many, number, text, types_of
from mediagraph.model.records import AggregateRating, Citation, Rating, Review


class Reviews(Base):
    """Reviews, ratings and citations."""

    def aggregate(self, v: Any, path: str) -> AggregateRating | None:
        """An AggregateRating node: the mean of many raters, kept on the work."""
        vals = many(v)
        for i in range(1, len(vals)):
            self.lost(f"{path}[{i}]", "a work keeps one aggregate rating; not kept")
        v = vals[0] if vals else None
        if v is None:
            return None
        if not isinstance(v, dict):
            self.lost(path, f"a {type(v).__name__} where an AggregateRating belongs; not read")
            return None
        n = self.norm(v, path)
        value = number(n.get("ratingValue"))
        best = number(n.get("bestRating"))
        if value is None or (best is not None and value > best):
            why = "no ratingValue" if value is None else f"a ratingValue over its bestRating {text(n.get('bestRating'))}"
            self.lost(path, f"an AggregateRating with {why}; not kept")
            n.used.update(n.keys())
            return None
        ratings, reviews = count(n.get("ratingCount")), count(n.get("reviewCount"))
        out = AggregateRating(
            value=value, best=best, worst=number(n.get("worstRating")), rating_count=ratings, review_count=reviews,
            text=text(n.get("mg:ratingText")),
        )
        self.report_unread(n)
        return out

    def rating(self, v: Any, path: str) -> Rating | None:
        """A review's rating: a Rating node, or a bare value ("4"); schema.org's scale (1 to 5)
        where none is given, marked as assumed."""
        if isinstance(v, (str, int, float)) and not isinstance(v, bool):
            value = number(v)
            if value is None:
                self.lost(path, f"a rating {v!r} that is no number; not kept")
                return None
            return Rating(text=text(v) or "", value=value, best=5.0, worst=1.0, scale_assumed=True)
        if not isinstance(v, dict):
            if v is not None:
                self.lost(path, f"a {type(v).__name__} where a Rating belongs; not read")
            return None
        n = self.norm(v, path)
        value = number(n.get("ratingValue"))
        best, worst = number(n.get("bestRating")), number(n.get("worstRating"))
        given = text(n.get("ratingValue")) or ""
        assumed = n.get("mg:scaleAssumed")
        out = Rating(
            text=text(n.get("mg:ratingText")) or (given + (f"/{text(n.get('bestRating'))}" if best is not None and assumed is None else "")),
            value=value,
            best=best if best is not None else 5.0,
            worst=worst if worst is not None else 1.0,
            scale_assumed=bool(assumed) if assumed is not None else best is None,
        )
        self.report_unread(n)
        return out

    def reviews_of(self, n: Node, key: str) -> None:
        for prop in ("review", "reviews"):
            vals = n.get(prop)
            for i, v in enumerate(many(vals)):
                sub = f"{n.path}.{prop}" + (f"[{i}]" if isinstance(vals, list) else "")
                v = self.deref(v)
                if not isinstance(v, dict):
                    self.lost(sub, f"a {type(v).__name__} where a Review belongs; not read")
                    continue
                r = self.norm(v, sub)
                rkey = self.key(r)
                if rkey in self.seen:
                    continue
                self.seen.add(rkey)
                try:
                    self.review(r, rkey, subject=key)
                except Skip as skip:
                    self.lost(sub, str(skip))
                    continue
                extra = self.keep(r)
                if extra:
                    self.reviews[-1] = msgspec.structs.replace(self.reviews[-1], extra=extra)

    def review(self, n: Node, key: str, *, subject: str | None = None) -> None:
        path = n.path
        if subject is None or "itemReviewed" in n:
            about = self.ref(n.get("itemReviewed"), path=f"{path}.itemReviewed") if n.peek("itemReviewed") is not None else None
            subject = about or subject
        subject = subject or self.about
        if not subject:
            item = self.deref(n.peek("itemReviewed"))
            what = types_of(item, self.prefixes) if isinstance(item, dict) else []
            if what:
                raise Skip(f"a Review of a {' / '.join(what)}, no catalog record; not read")
            raise Skip("a Review with no itemReviewed mediagraph can read; not read")
        cites = [c for c in (self.ref(c, path=f"{path}.citation") for c in many(n.get("citation"))) if c]
        publisher = n.get("publisher")
        authors = many(n.get("author"))
        author = self.agent(authors[0], f"{path}.author" + ("[0]" if isinstance(n.peek("author"), list) else "")) if authors else None
        for i in range(1, len(authors)):
            self.lost(f"{path}.author[{i}]", "a review keeps one author; not kept")
        dates = [p for p in ("datePublished", "dateCreated") if p in n]
        when = self.read_date(n, dates[0]) if dates else None
        for p in dates[1:]:
            other = self.read_date(n, p)
            if other and other != when:
                self.lost(f"{path}.{p}", f"not kept ({dates[0]} gives the date kept)")
        self.reviews.append(
            Review(
                key=key,
                subject=subject,
                author=author,
                site=self.label(n, "publisher") if publisher else None,
                date=when,
                title=self.label(n, "name") or self.label(n, "headline"),
                text=self.label(n, "reviewBody") or self.label(n, "text"),
                rating=self.rating(n.get("reviewRating"), f"{path}.reviewRating"),
                score=number(n.get("mg:score")),
                score_low=number(n.get("mg:scoreLow")),
                score_high=number(n.get("mg:scoreHigh")),
                estimated=bool(n.get("mg:estimated", False)),
                url=text(n.get("url")),
                citations=tuple(cites),
            )
        )

    def citation(self, n: Node, key: str) -> None:
        part = n.get("isPartOf")
        self.citations.append(
            Citation(
                key=key,
                text=text(n.get("mg:referenceText")) or text(n.get("name")) or "",
                title=text(n.get("name")),
                authors=tuple(a for a in (text(x) for x in many(n.get("author"))) if a),
                container=text(part),
                date=text(n.get("datePublished")),
                publisher=text(n.get("publisher")),
                place=text(n.get("mg:place")),
                url=text(n.get("url")),
            )
        )


__all__ = ["Reviews"]
