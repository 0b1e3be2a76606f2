"""In-memory resolution: works and releases to entities, with blocking and ``match`` scoring.

The engine resolves records the way ingest does (block with ``blocking.blocking_keys``, score
the candidates with ``match``, merge into the best one at or above ``MATCH``), without the
database: it keeps each entity's merged facts and a key → entities index in memory. It serves
the resolution benchmark (``bench/resolve_eval.py``) and any bulk job that wants to cluster
records before writing them.

A record whose folded title the index holds already is first scored against that title's block
alone, and joins the best entity there without building its other keys when one fits: most
records of a catalog spell a title some earlier record spelt (seed 11: a third of the records
with a creator, and most held-back ones).

Cost stays about linear in the number of records: a record is scored only against the
entities sharing one of its keys, and a key shared by more than ``max_block`` entities (a
title like "Greatest Hits") stops growing and is not used to find candidates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mediagraph.model.records import RecordSet, Release, Work
from mediagraph.resolve import match
from mediagraph.resolve.blocking import blocking_keys, id_keys

# More titles than this per entity add little and slow every later comparison.
_MAX_TITLES = 8
# How far apart the years one work is given may be (sources disagree, reissues are misdated).
_YEARS = 3
# Scores closer than this are a tie: a bare title cannot choose between the works. A held-back
# record's year that agrees with one work (+0.05) and is missing on another is not a tie.
_TIE = 0.04
# Among tied works, a held-back record goes to the one with the most records only if it has this
# many times the records of all the others together (chosen on seeds 11 and 3, not seed 7).
_DOMINANT = 2
# Works by kind, year, a title's first letter and its compact length: where ``finish`` looks
# for a dated held-back record that its keys found nothing for.
_Dated = dict[tuple[str, int, str, int], set[int]]


@dataclass(slots=True)
class Decision:
    """Where one record went: an entity id, and whether it was new or matched (and how well).

    ``reasons`` are worked out when first read, from the record and a copy of the entity as it
    was when the record joined it: most callers of a bulk job never read them.
    """

    entity: int
    outcome: str  # "new" | "matched"
    score: float | None = None
    candidates: int = 0
    why: list[str] | Callable[[], list[str]] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        if callable(self.why):
            self.why = self.why()
        return self.why


@dataclass(slots=True)
class _Release:
    facts: match.ReleaseFacts
    work: int | None


class Engine:
    """Resolves works and releases in memory; entity ids count up from 1 per type.

    A work id handed out earlier may later be merged into another (a record that fits two
    entities which fit each other joins them): ``entity_of`` gives the id it stands for now.
    """

    def __init__(self, *, max_block: int = 30) -> None:
        self.max_block = max_block
        self.works: list[match.WorkFacts] = []
        self.releases: list[_Release] = []
        self._parent: list[int] = []
        self._years: list[dict[int, int]] = []  # records per year given, by work
        self._span: list[tuple[int, int] | None] = []  # the earliest and latest year given
        self._size: list[int] = []  # records merged into each work
        self._keys: list[set[str] | None] = []  # a work's first record's keys, for ``_consolidate``
        self._deferred: list[tuple[int, match.WorkFacts, Work]] = []
        self._held: set[int] = set()  # works held back until ``finish``
        self._rparent: list[int] = []
        self._deferred_releases: list[tuple[int, Release]] = []
        self._work_index: dict[str, set[int]] = {}
        self._release_index: dict[str, set[int]] = {}
        # Works joined as (into, other), 1-based, in order: a caller that keeps entities
        # elsewhere (the catalog) applies them there (``unions``). A held-back record placed by
        # ``finish`` is one too, as is a held-back release that joins a release
        # (``release_unions``).
        self._unions: list[tuple[int, int]] = []
        self._release_unions: list[tuple[int, int]] = []
        # Called with a work record's keys before their blocks are looked up, past the title's
        # own block: an engine over the catalog fills those blocks from the store only then.
        self.fetch: Callable[[set[str]], None] | None = None

    # -- entities kept elsewhere ---------------------------------------------------------------

    def adopt_work(self, facts: match.WorkFacts, years: dict[int, int], size: int) -> int:
        """Take in a work entity resolved before (the catalog keeps it): its merged facts,
        records per year given and record count. Returns its id here."""
        eid = self._new_work(facts)
        self._years[eid] = dict(years)
        self._size[eid] = size
        self._span[eid] = (min(years), max(years)) if years else None
        self._keys[eid] = set()
        return eid + 1

    def adopt_release(self, facts: match.ReleaseFacts, work: int | None) -> int:
        """Take in a release entity resolved before, an edition of ``work`` (an id here)."""
        rid = len(self.releases)
        self.releases.append(_Release(facts, work))
        self._rparent.append(rid)
        return rid + 1

    def block(self, kind: str, key: str, ids: list[int]) -> None:
        """Put adopted entities (ids here) in a key's block of the work (``kind`` "work") or
        release index, as far as the block has room."""
        index = self._work_index if kind == "work" else self._release_index
        got = index.get(key)
        if got is None:
            got = index[key] = set()
        for i in ids:
            if len(got) >= self.max_block:
                break
            got.add(i - 1)

    def absorb_work(self, entity: int, facts: match.WorkFacts) -> None:
        """Fold a record that joined a work by other means (an identifier) into its facts."""
        self._absorb(_root(self._parent, entity - 1), facts)

    def work_state(self, entity: int) -> tuple[match.WorkFacts, dict[int, int], int]:
        """A work's merged facts, records per year given and record count."""
        eid = _root(self._parent, entity - 1)
        return self.works[eid], self._years[eid], self._size[eid]

    def unions(self) -> list[tuple[int, int]]:
        """The works joined since the last call, as (into, other) ids, and forget them."""
        out, self._unions = self._unions, []
        return out

    def release_unions(self) -> list[tuple[int, int]]:
        """The held-back releases ``finish`` joined to a release, as (into, other) ids, and forget them."""
        out, self._release_unions = self._release_unions, []
        return out

    # -- works -------------------------------------------------------------------------------

    def resolve_work(self, work: Work, *, defer: bool = False) -> Decision:
        """Resolve one work record.

        ``defer``: a record that names no creator (a title, perhaps a year) is held back until
        ``finish``, when every work it could be is known: placed as it comes, it would go to
        whichever same-titled work came first. It gets an id of its own now, which
        ``entity_of`` maps to where it went once ``finish`` has run.
        """
        facts = match.WorkFacts.of(work)
        held = defer and not named(facts)
        if not held and len(facts.keys) == 1:
            # Most records spell a title the index holds already. When one of that title's
            # entities fits, the record joins it without building or looking up its other keys:
            # the entity holds this title's keys already (the record that put it in this block
            # indexed them). Its creators' keys are not added either: on seeds 11 and 3 adding
            # them changed no F1 in the fourth decimal, and took 2% of the CPU.
            block = self._work_index.get("t:" + facts.keys[0])
            if block is not None and len(block) < self.max_block:
                found, same = self._fitting(facts, block)
                if same:
                    decision = self._merge(facts, same, len(found))
                    block.add(decision.entity - 1)
                    return decision
        if held:
            eid = self._new_work(facts)
            self._deferred.append((eid, facts, work))
            self._held.add(eid)
            return Decision(eid + 1, "new", None, 0, ["held back: no creator, resolved at finish"])
        keys = blocking_keys(work)
        if self.fetch is not None:
            self.fetch(keys)
        blocks = self._lookup(self._work_index, keys)
        found, same = self._fitting(facts, blocks[0])
        if not same:
            eid = self._new_work(facts)
            self._keys[eid] = keys
            self._join(self._work_index, blocks, eid)
            return Decision(eid + 1, "new", None, len(found))
        decision = self._merge(facts, same, len(found))
        self._join(self._work_index, blocks, decision.entity - 1)
        return decision

    def _merge(self, facts: match.WorkFacts, same: list[tuple[float, int, match.Verdict]], found: int) -> Decision:
        """Join a record to the best of the entities it fits (``same``, from ``_fitting``)."""
        same.sort(reverse=True)
        score, neg, _quiet = same[0]
        eid = -neg
        before = self.works[eid].copy()  # its reasons are against the entity before it learns
        self._absorb(eid, facts)
        # The record is the link two entities lacked (it fits both, and they fit each other):
        # earlier records that went apart for want of it come together now.
        for _s, other_neg, _v in same[1:]:
            other = -other_neg
            if self._years_fit(eid, other) and match.score_work_facts(self.works[other], self.works[eid]).same:
                self._union(eid, other)
        return Decision(eid + 1, "matched", score, found, lambda: match.score_work_facts(facts, before).reasons)

    def finish(self) -> None:
        """Place the records ``resolve_work(..., defer=True)`` held back.

        Each goes to the work its title fits best. When two or more fit about as well, it goes
        to the one most sources mention if that one has ``_DOMINANT`` times the records of the
        others together, and otherwise stays apart: a wrong guess costs more than a missed
        merge. A record with a year that its keys find nothing for is scored against the works
        of its kind and year whose titles start with its title's letter and are about as long
        (a title with a typo in each of two words shares no key with the right spelling). When
        none fits, it stays a work of its own, which later held-back records may join. Then
        works that fit one other work only are joined to it (``_consolidate``).
        """
        deferred, self._deferred = self._deferred, []
        deferred.sort(key=lambda d: d[1].year is None)  # a year first: it tells more
        index = self._work_index
        dated: _Dated | None = None
        editions: dict[int, list[match.ReleaseFacts]] = {}  # the releases each record gave
        for rid, _release in self._deferred_releases:
            held = self.releases[rid]
            if held.work is not None:
                editions.setdefault(held.work - 1, []).append(held.facts)
        for eid, facts, work in deferred:
            # As in ``resolve_work``: the title's own block first, every key when none fits.
            keys: set[str] | None = None
            block = index.get("t:" + facts.keys[0]) if len(facts.keys) == 1 else None
            same = self._fitting(facts, block)[1] if block is not None and len(block) < self.max_block else []
            if not same:
                keys = blocking_keys(work)
                same = self._fitting(facts, self._lookup(index, keys)[0])[1]
                if not same and facts.year is not None and facts.kind != "other":
                    # Nothing its keys find: a title with two typos in two words, which no
                    # key survives, and no creator to find it by. Its kind and year still
                    # narrow the works it could be to a handful.
                    if dated is None:
                        dated = self._dated()
                    same = self._fitting(facts, _near(dated, facts, facts.year))[1]
                if not same:
                    self._add(index, keys, eid)
                    self._keys[eid] = keys
                    if dated is not None and facts.year is not None:
                        _file(dated, eid, facts, facts.year)
                    continue
            if eid in editions and len(same) > 1:
                # A release the record gives, known by its barcode or catalog number, says
                # which of the works it fits it is.
                known = self._works_of_releases(editions[eid])
                same = [c for c in same if -c[1] in known] or same
            best = max(s for s, _n, _v in same)
            tied = [-n for s, n, _v in same if s >= best - _TIE]
            tied.sort(key=lambda e: (self._size[e], -e), reverse=True)
            if len(tied) > 1 and self._size[tied[0]] < _DOMINANT * sum(self._size[e] for e in tied[1:]):
                # No work stands out: a guess would as likely join two works as one.
                keys = keys or blocking_keys(work)
                self._add(index, keys, eid)
                self._keys[eid] = keys
                continue
            target = tied[0]
            self._absorb(target, facts)
            self._parent[eid] = target
            self._unions.append((target + 1, eid + 1))
            if keys is not None:
                self._add(index, keys, target)
            elif block is not None:
                block.add(target)
        self._held.clear()
        self._consolidate()
        releases, self._deferred_releases = self._deferred_releases, []
        for rid, release in releases:
            held = self.releases[rid]
            self._place_release(held.facts, release, held.work, rid)

    def _edition_title(self, facts: match.ReleaseFacts, eid: int) -> None:
        """Join a work to the one other work that its edition's title fits, with the work's own
        kind, creators and year: a page may name a work by another title than its editions
        carry (a film reviewed as "The Comet Story" whose Blu-ray is titled "Your Name").
        ``_join_works`` still checks kind, creators and years."""
        eid = _root(self._parent, eid)
        work = self.works[eid]
        if facts.key in work.keys:
            return
        block = self._work_index.get("t:" + facts.key)
        if block is None or len(block) >= self.max_block:
            return
        probe = match.WorkFacts(work.kind, [facts.key], work.year, work.agents, [facts.title])
        fits = {-n for _s, n, _v in self._fitting(probe, block)[1]} - {eid}
        if len(fits) == 1:
            self._join_works(eid, fits.pop())

    def _join_works(self, a: int, b: int) -> None:
        """Join two works a shared release says are one, unless kind, creators or years say no."""
        parent = self._parent
        a, b = _root(parent, a), _root(parent, b)
        if a == b or a in self._held or b in self._held:
            return
        fa, fb = self.works[a], self.works[b]
        if fa.kind != fb.kind and "other" not in (fa.kind, fb.kind):
            return
        ma, mb = match.makers(fa.agents), match.makers(fb.agents)
        if (ma and mb and not match.shared_people(ma, mb)) or not self._years_fit(a, b):
            return
        if self._size[a] > self._size[b]:
            a, b = b, a
        self._union(b, a)

    def _works_of_releases(self, editions: list[match.ReleaseFacts]) -> set[int]:
        """The works whose releases these releases are, found by barcode or catalog number."""
        out: set[int] = set()
        index, parent = self._release_index, self._parent
        for facts in editions:
            for k in id_keys(facts.catnos, facts.ids.get("barcode", ())):
                for rid in index.get(k, ()):
                    cand = self.releases[rid]
                    if cand.work is not None and match.score_release_facts(facts, cand.facts, same_work=False).same:
                        out.add(_root(parent, cand.work - 1))
        return out

    def _consolidate(self) -> None:
        """Join each work to the one other work it fits, now that every record is placed.

        A work begun by a record that fitted nothing then (a misspelt title, no year) may fit
        a work that later records shaped, which no record links it to. It joins that work when
        it names a creator or a year, when the work names a creator (a work of bare titles
        may gather records of several works), and when it is the only work it fits among those
        sharing its title or a creator and year. Smaller works go first, so fragments gather
        before the works they fit are compared further.
        """
        index, parent, cap, works = self._work_index, self._parent, self.max_block, self.works
        roots = [e for e, k in enumerate(self._keys) if k is not None and parent[e] == e]
        roots.sort(key=self._size.__getitem__)
        for eid in roots:
            facts = works[eid]
            if parent[eid] != eid or (facts.year is None and not named(facts)):
                continue
            near: set[int] = set()
            for k in self._keys[eid] or ():
                # The exact-title, compact-title and creator-and-year keys: the typo and
                # word-order families add the cost of scoring their blocks and few merges.
                if k[0] in "tcy":
                    ids = index.get(k)
                    if ids is not None and 1 < len(ids) < cap:
                        near |= ids
            others = {_root(parent, e) for e in near}
            others.discard(eid)
            if not others:
                continue
            fits = {-n for _s, n, _v in self._fitting(facts, others)[1]}
            if len(fits) != 1:
                continue
            other = fits.pop()
            if not named(works[other]) or not self._years_fit(eid, other):
                continue
            self._union(other, eid)

    def _union(self, into: int, other: int) -> None:
        """Merge work ``other`` (a root) into work ``into``: its facts, years and records."""
        self._absorb(into, self.works[other], self._years[other])
        self._size[into] += self._size[other]
        self._parent[other] = into
        self._unions.append((into + 1, other + 1))

    def _dated(self) -> _Dated:
        """The works placed so far by kind, year and the first letter of each title."""
        out: _Dated = {}
        held, parent = self._held, self._parent
        for eid, facts in enumerate(self.works):
            if parent[eid] == eid and eid not in held and facts.year is not None:
                _file(out, eid, facts, facts.year)
        return out

    def _new_work(self, facts: match.WorkFacts) -> int:
        eid = len(self.works)
        self.works.append(facts)
        self._parent.append(eid)
        self._size.append(1)
        self._keys.append(None)
        self._years.append({facts.year: 1} if facts.year is not None else {})
        self._span.append((facts.year, facts.year) if facts.year is not None else None)
        return eid

    def _fitting(self, facts: match.WorkFacts, held: set[int]) -> tuple[set[int], list[tuple[float, int, match.Verdict]]]:
        """The entities a record's blocks hold, and those it fits as (score, -id, verdict)."""
        parent = self._parent
        found = {e if parent[e] == e else self.entity_of(e + 1) - 1 for e in held}
        same: list[tuple[float, int, match.Verdict]] = []
        kind, year = facts.kind, facts.year
        spans = self._span
        for eid in found:
            cand = self.works[eid]
            # Same-title works of another kind or decade are most of a popular title's block:
            # the vetoes ``score_work_facts`` would give, without building its reasons.
            if cand.kind != kind and kind != "other" and cand.kind != "other":
                continue
            if year is not None:
                # Every year the entity was given must be near: an entity whose sources
                # disagree by a year or two may not drift decade by decade into another work.
                span = spans[eid]
                if span is not None and (year > span[0] + _YEARS or year < span[1] - _YEARS):
                    continue
            verdict = match.score_work_facts(facts, cand, explain=False)
            if verdict.same:
                same.append((verdict.score, -eid, verdict))
        return found, same

    def entity_of(self, entity: int) -> int:
        """The work entity an id now stands for (entities found to be one are merged)."""
        return _root(self._parent, entity - 1) + 1

    def _absorb(self, eid: int, new: match.WorkFacts, years: dict[int, int] | None = None) -> None:
        """Fold a matched record's titles, creators and year into its entity's facts."""
        into = self.works[eid]
        if years is None:
            self._size[eid] += 1
        for k, text in zip(new.keys, new.titles, strict=False):
            if k not in into.keys and len(into.keys) < _MAX_TITLES:
                into.keys.append(k)
                into.titles.append(text)
        for role, names in new.agents.items():
            into.agents.setdefault(role, set()).update(names)
        counts = self._years[eid]
        if years is not None:
            for y, c in years.items():
                counts[y] = counts.get(y, 0) + c
        elif new.year is not None:
            counts[new.year] = counts.get(new.year, 0) + 1
        if counts:
            # The year most sources give, as the catalog shows it; ties go to the first seen.
            into.year = max(counts, key=counts.__getitem__) if len(counts) > 1 else next(iter(counts))
            self._span[eid] = (min(counts), max(counts))
        if into.kind == "other":
            into.kind = new.kind

    def _years_fit(self, a: int, b: int) -> bool:
        sa, sb = self._span[a], self._span[b]
        return sa is None or sb is None or max(sa[1], sb[1]) - min(sa[0], sb[0]) <= _YEARS

    # -- releases ----------------------------------------------------------------------------

    def resolve_release(self, release: Release, *, work: int | None = None) -> Decision:
        """``work``: the entity id the release's work resolved to, when known.

        A release of a work ``resolve_work`` held back is held back with it (which work it is
        an edition of is not known yet): it gets an id of its own now, which ``release_of``
        maps to where it went once ``finish`` has run.
        """
        facts = match.ReleaseFacts.of(release)
        if work is not None and work - 1 in self._held:
            rid = len(self.releases)
            self.releases.append(_Release(facts, work))
            self._rparent.append(rid)
            self._deferred_releases.append((rid, release))
            return Decision(rid + 1, "new", None, 0, ["held back with its work, resolved at finish"])
        return self._place_release(facts, release, work, None)

    def _place_release(self, facts: match.ReleaseFacts, release: Release, work: int | None, rid: int | None) -> Decision:
        """Match a release to the best-scoring one its keys find, or make it an entity (``rid``:
        the id a held-back release was given, which becomes that entity or joins the match).

        The editions of its work are scored first: when one of them fits, the release joins
        it without building its keys (its title's, catalog number's and barcode's blocks rarely
        hold a better one).
        """
        mine = self.entity_of(work) if work is not None else None
        index = self._release_index
        if mine is not None:
            block = index.get(f"w:{mine}")
            if block is not None and len(block) < self.max_block:
                best = self._best_release(facts, block, mine)
                if best is not None:
                    return self._release_joins(facts, best, work, rid, len(block), (set(), [block], []))
        keys = blocking_keys(release)
        if mine is not None:
            keys.add(f"w:{mine}")
        blocks = self._lookup(index, keys)
        found = blocks[0]
        best = self._best_release(facts, found, mine)
        if mine is not None:
            self._edition_title(facts, mine - 1)
        if best is None:
            if rid is None:
                rid = len(self.releases)
                self.releases.append(_Release(facts, work))
                self._rparent.append(rid)
            self._join(index, blocks, rid)
            return Decision(rid + 1, "new", None, len(found))
        return self._release_joins(facts, best, work, rid, len(found), blocks)

    def _best_release(self, facts: match.ReleaseFacts, found: set[int], mine: int | None) -> tuple[float, int, match.Verdict] | None:
        best: tuple[float, int, match.Verdict] | None = None
        entity_of = self.entity_of
        for eid in found:
            cand = self.releases[eid]
            same_work = mine is not None and cand.work is not None and entity_of(cand.work) == mine
            verdict = match.score_release_facts(facts, cand.facts, same_work=same_work)
            if verdict.same and (best is None or verdict.score > best[0]):
                best = (verdict.score, eid, verdict)
        return best

    def _release_joins(
        self,
        facts: match.ReleaseFacts,
        best: tuple[float, int, match.Verdict],
        work: int | None,
        rid: int | None,
        found: int,
        blocks: tuple[set[int], list[set[int]], list[str]],
    ) -> Decision:
        score, eid, verdict = best
        kept = self.releases[eid]
        if work is not None and kept.work is not None and _same_edition(facts, kept.facts):
            # One release, by barcode or catalog number, is an edition of one work: the work
            # its record named is the work the release's entity is an edition of.
            self._join_works(work - 1, kept.work - 1)
        # The entity learns the identifiers its first record lacked, as a merged entity would.
        kept.facts.learn(facts)
        if kept.work is None:
            kept.work = work
        if rid is not None:
            self._rparent[rid] = eid
            self._release_unions.append((eid + 1, rid + 1))
        self._join(self._release_index, blocks, eid)
        return Decision(eid + 1, "matched", score, found, verdict.reasons)

    def release_of(self, release: int) -> int:
        """The release entity an id now stands for (a held-back release may have joined one)."""
        return _root(self._rparent, release - 1) + 1

    # -- record sets -------------------------------------------------------------------------

    def resolve(self, records: RecordSet) -> dict[str, Decision]:
        """Resolve a source's works, then its releases (under the works they are editions of)."""
        out: dict[str, Decision] = {}
        for work in records.works:
            out[work.key] = self.resolve_work(work)
        for release in records.releases:
            w = out.get(release.work) if release.work else None
            out[release.key] = self.resolve_release(release, work=w.entity if w else None)
        return out

    # -- the index ---------------------------------------------------------------------------

    def _lookup(self, index: dict[str, set[int]], keys: set[str]) -> tuple[set[int], list[set[int]], list[str]]:
        """The ids a record's keys hold (blocks still under ``max_block``), those blocks, and
        the keys not seen yet: each key is looked up once per record."""
        cap = self.max_block
        names = list(keys)
        got = list(map(index.get, names))
        fresh = [k for k, ids in zip(names, got, strict=True) if ids is None] if None in got else []
        open_blocks = [ids for ids in got if ids is not None and len(ids) < cap]
        return set().union(*open_blocks), open_blocks, fresh

    def _add(self, index: dict[str, set[int]], keys: set[str], eid: int) -> None:
        cap = self.max_block
        for k in keys:
            ids = index.get(k)
            if ids is None:
                index[k] = {eid}
            elif len(ids) < cap:
                ids.add(eid)

    def _join(self, index: dict[str, set[int]], blocks: tuple[set[int], list[set[int]], list[str]], eid: int) -> None:
        """``_add`` for the blocks ``_lookup`` fetched: a key's block is the same set object."""
        for ids in blocks[1]:
            ids.add(eid)
        for k in blocks[2]:
            index[k] = {eid}



def _same_edition(a: match.ReleaseFacts, b: match.ReleaseFacts) -> bool:
    """Whether two releases share a barcode or a catalog number."""
    return not a.catnos.isdisjoint(b.catnos) or not a.ids.get("barcode", set()).isdisjoint(b.ids.get("barcode", ()))


def named(facts: match.WorkFacts) -> bool:
    """Whether a work's facts name a creator in a role that tells works apart."""
    return any(facts.agents.get(r) for r in match.DEFINING_ROLES)


def _file(dated: _Dated, eid: int, facts: match.WorkFacts, year: int) -> None:
    """File a work under its kind, year, and each title's first letters and compact length."""
    for k in facts.keys:
        c = match.compact(k)
        for i in {k[:1], c[:1]}:
            dated.setdefault((facts.kind, year, i, len(c)), set()).add(eid)


def _near(dated: _Dated, facts: match.WorkFacts, year: int) -> set[int]:
    """The works of a record's kind and year with a title that starts with a letter its title
    does and is at most two letters longer or shorter: where a title two typos away is."""
    out: set[int] = set()
    get = dated.get
    for k in facts.keys:
        c = match.compact(k)
        n = len(c)
        for i in {k[:1], c[:1]}:
            for m in range(n - 2, n + 3):
                ids = get((facts.kind, year, i, m))
                if ids:
                    out |= ids
    return out


def _root(parent: list[int], i: int) -> int:
    """The root of ``i`` in a union-find forest, halving the path on the way."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


__all__ = ["Decision", "Engine", "named"]
