"""The reader's state and what every node needs: terms, references, the loss report, agents,
credits and identifiers. ``read.py`` assembles the reader; works and releases have modules of
their own."""

from __future__ import annotations

import re
from typing import Any

import msgspec
import orjson

from mediagraph.errors import JsonLdError
from mediagraph.jsonld.values import (
    SCHEMA_NS,
    DateReader,
    absolute,
    date,
    is_link,
    many,
    term,
    text,
    types_of,
)
from mediagraph.jsonld.vocab import (
    MEMBERSHIP,
    PART_TYPES,
    READ_AGENT_TYPES,
    READ_ID_NAMES,
    READ_ROLE_TERMS,
    READ_WORK_TYPES,
    read_role,
)
from mediagraph.model.identifiers import Identifier, IdScheme
from mediagraph.model.records import (
    Agent,
    AggregateRating,
    Citation,
    Credit,
    Property,
    Relation,
    Release,
    Review,
    Work,
)
from mediagraph.model.vocab import AgentKind

MAX_DEPTH = 64  # nodes nested deeper than this are reported, not read (no real page nests so)
MAX_WARNINGS = 500
NOT_KEPT = "not kept (the catalog has no field for it)"

# Properties read as part of another (or deliberately derived from others) on every node.
ALWAYS = frozenset({"@id", "@type", "@context", "mg:alternatives", "character"})
ROLE_TYPES = frozenset({"Role", "PerformanceRole", "OrganizationRole", "LinkRole"})
_ROLE_INNER = ("actor", "contributor", "byArtist", "musicBy", "author", "performer", "member", "creator")
_FOLD = re.compile(r"[^a-z0-9]")


def id_scheme(name: str) -> IdScheme | None:
    """The scheme an identifier's name means ("Label Code", "LC", "Matrix / Runout"), or None."""
    s = READ_ID_NAMES.get(_FOLD.sub("", name.lower()))
    return IdScheme(s) if s else None


def _record_like(types: list[str]) -> bool:
    """Whether a node of these types is read as a record of its own (never inlined elsewhere)."""
    return any(t in READ_WORK_TYPES or t in PART_TYPES or t in READ_AGENT_TYPES or t.endswith("Review") or t == "MusicRelease"
               for t in types)


class Node(dict[str, Any]):
    """A node with its terms in compact form, remembering which properties were read."""

    def __init__(self, items: dict[str, Any], path: str) -> None:
        super().__init__(items)
        self.used: set[str] = set()
        self.path = path

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.used.add(key)
        return super().__getitem__(key)

    def peek(self, key: str) -> Any:
        """A property's value without counting it as read."""
        return super().get(key)

    def unread(self) -> list[str]:
        return sorted(k for k in self if k not in self.used and k not in ALWAYS)


class Skip(Exception):
    """A node that cannot be read; it is reported and the rest of the document is read."""


class Base:
    """What the reader holds while it reads one document."""

    def __init__(self, uri: str, *, dates: DateReader | None = None, strict: bool = True) -> None:
        self.uri = uri
        self.base = uri
        self.dates = dates
        self.strict = strict  # a file's unreadable date rejects it; a page's is reported
        self.works: list[Work] = []
        self.releases: list[Release] = []
        self.agents: list[Agent] = []
        self.reviews: list[Review] = []
        self.citations: list[Citation] = []
        self.relations: list[Relation] = []
        self.warnings: list[str] = []
        self.seen: set[str] = set()
        self.blank = 0
        self.prefixes: tuple[str, ...] = ()
        self.depth = 0
        self.index: dict[str, dict[str, Any]] = {}  # absolute @id -> the fullest node with that @id
        self.paths: dict[int, str] = {}  # id() of an indexed node -> its path in the document
        self.urls: dict[str, int] = {}  # each node's url, and how many nodes give it
        self.consumed: set[int] = set()
        self.read_nodes: dict[int, tuple[str, int | None]] = {}  # id() of a node read -> its record's key, agent index
        self.inlined: set[int] = set()  # id() of nodes kept whole inside another's kept property
        self.inlining: set[int] = set()
        self.about: str | None = None  # what a review naming no item is about (a page's subject)  # id() of nodes read as part of another (an edition's identifiers)

    # -- the loss report -------------------------------------------------------------------------

    def lost(self, path: str, what: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(f"{path}: {what}")
        elif len(self.warnings) == MAX_WARNINGS:
            self.warnings.append("… more warnings not listed")

    def report_unread(self, n: Node, why: str = NOT_KEPT) -> None:
        for k in n.unread():
            n.used.add(k)
            self.lost(f"{n.path}.{k}", why)

    def keep(self, n: Node) -> tuple[Property, ...]:
        """The node's properties the catalog has no field of its own for, kept as written (terms
        in compact form, ``@id``s absolute) so the catalog's export writes them back."""
        out = []
        for k in n.unread():
            n.used.add(k)
            out.append(Property(name=k, value=orjson.dumps(self.compact(n.peek(k)), option=orjson.OPT_SORT_KEYS).decode()))
        return tuple(out)

    def add_extra(self, key: str, agent_at: int | None, extra: tuple[Property, ...]) -> bool:
        """Properties kept as written on the record read under ``key`` (the agent at ``agent_at``)."""
        if agent_at is not None:
            a = self.agents[agent_at]
            self.agents[agent_at] = msgspec.structs.replace(a, extra=(*a.extra, *extra))
            return True
        groups: list[list[Any]] = [self.works, self.releases, self.reviews]
        for group in groups:
            for i, r in enumerate(group):
                if r.key == key:
                    group[i] = msgspec.structs.replace(r, extra=(*r.extra, *extra))
                    return True
        return False

    def compact(self, v: Any, depth: int = 0) -> Any:
        """A value with its terms in compact form (``http://schema.org/price`` is ``price``)."""
        if depth > MAX_DEPTH:
            return None
        if isinstance(v, list):
            return [self.compact(x, depth + 1) for x in v]
        if not isinstance(v, dict):
            return v
        if set(v) == {"@id"} and isinstance(v["@id"], str):
            # a node of the document named by its @id is kept whole where it is no record of its own
            node = self.index.get(absolute(v["@id"], self.base))
            if node is not None and id(node) not in self.inlining and not _record_like(types_of(node, self.prefixes)):
                self.inlined.add(id(node))
                self.inlining.add(id(node))
                try:
                    return self.compact(node, depth + 1)
                finally:
                    self.inlining.discard(id(node))
        out: dict[str, Any] = {}
        for k, x in v.items():
            key = term(k, self.prefixes)
            if key == "@type":
                out[key] = [term(t, self.prefixes) if isinstance(t, str) else t for t in x] if isinstance(x, list) else (
                    term(x, self.prefixes) if isinstance(x, str) else x)
            elif key == "@id" and isinstance(x, str) and x.strip():
                out[key] = absolute(x, self.base)
            elif key != "@context":
                out[key] = self.compact(x, depth + 1)
        return out

    # -- terms, keys and references ------------------------------------------------------------

    def context(self, ctx: Any, path: str) -> None:
        """Learn the prefixes a context binds to schema.org and its ``@base``; URLs are named, never fetched."""
        for c in many(ctx):
            if isinstance(c, str):
                if not c.rstrip("/").endswith("schema.org") and not c.startswith(SCHEMA_NS):
                    self.lost(path, f"context {c!r} is not fetched; its terms are read as schema.org terms")
            elif isinstance(c, dict):
                for k, v in c.items():
                    if k == "@base" and isinstance(v, str) and v.strip():
                        self.base = absolute(v, self.uri)
                    elif isinstance(v, str) and v in SCHEMA_NS and not k.startswith("@"):
                        self.prefixes = (*self.prefixes, f"{k}:")
            elif c is not None:
                self.lost(path, f"a {type(c).__name__} is not a context; ignored")

    def norm(self, n: dict[str, Any], path: str) -> Node:
        out = Node({term(k, self.prefixes): v for k, v in n.items()}, path)
        if "@type" in out:
            t = dict.get(out, "@type")
            out["@type"] = [term(x, self.prefixes) if isinstance(x, str) else x for x in t] if isinstance(t, list) else (
                term(t, self.prefixes) if isinstance(t, str) else t)
        return out

    def iri(self, n: dict[str, Any]) -> str | None:
        v = n.get("@id")
        return absolute(v, self.base) if isinstance(v, str) and v.strip() else None

    def key(self, n: dict[str, Any]) -> str:
        iri = self.iri(n)
        if iri:
            return iri
        self.blank += 1
        return f"_:n{self.blank}"

    def build_index(self, roots: list[tuple[Any, str]]) -> None:
        """Every node of the document with an ``@id`` and something more, by its absolute
        ``@id`` (the fullest one where several share it), and where each node sits."""
        stack = list(reversed(roots))
        while stack:
            v, path = stack.pop()
            if isinstance(v, dict):
                for key in ("url", "schema:url", "http://schema.org/url", "https://schema.org/url"):
                    if isinstance(v.get(key), str):
                        self.urls[v[key].strip()] = self.urls.get(v[key].strip(), 0) + 1
                i = v.get("@id")
                if isinstance(i, str) and i.strip() and len(v) > 1:
                    k = absolute(i, self.base)
                    if len(v) > len(self.index.get(k, ())):
                        self.index[k] = v
                        self.paths[id(v)] = path
                for key, x in v.items():
                    if isinstance(x, list):
                        stack.extend((y, f"{path}.{term(key, self.prefixes)}[{j}]") for j, y in enumerate(x) if isinstance(y, dict))
                    elif isinstance(x, dict):
                        stack.append((x, f"{path}.{term(key, self.prefixes)}"))

    def deref(self, v: Any) -> Any:
        """The node a reference names (``"#author"``, ``{"@id": "#author"}``), or ``v`` itself."""
        if isinstance(v, str) and v.strip():
            return self.index.get(absolute(v, self.base), v)
        if isinstance(v, dict) and isinstance(v.get("@id"), str) and set(v) <= {"@id", "@type"}:
            return self.index.get(absolute(v["@id"], self.base), v)
        return v

    def links(self, n: Node) -> tuple[str, ...]:
        """``sameAs``, and the node's ``url`` where it is a full web address no other node of the
        document gives (a page's address on every node it lists names none of them)."""
        out = [self.relative(s) for s in (text(x) for x in many(n.get("sameAs"))) if s]
        url = n.peek("url")
        if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")) and self.urls.get(url.strip(), 0) <= 1:
            n.used.add("url")
            if url.strip() not in out:
                out.append(url.strip())
        return tuple(out)

    def relative(self, link: str) -> str:
        """A link a web page gives relative to itself (``/actor/john-amos/``), made absolute
        against the page's address; any other text stays as written (``www.label.com``)."""
        if link.startswith(("/", "#", "./", "../")) and self.base.startswith(("http://", "https://")):
            return absolute(link, self.base)
        return link

    def label(self, n: Node, prop: str, *, one: bool = True) -> str | None:
        """A property's value as text (a node's name, a value object's ``@value``); the rest of
        a node given there, and with ``one`` every value after the first, are reported."""
        vals = many(n.get(prop))
        got = [self.value_text(v, f"{n.path}.{prop}" + (f"[{i}]" if isinstance(n.peek(prop), list) else "")) for i, v in enumerate(vals)]
        got = [g for g in got if g]
        if one:
            for i in range(1, len(got)):
                self.lost(f"{n.path}.{prop}[{i}]", f"one {prop} is kept; not kept")
        return got[0] if got else None

    def value_text(self, v: Any, path: str, *, whole: list[Any] | None = None) -> str | None:
        """A value's text (a node's name); a node that says more than its name (a genre's
        ``termCode`` and term set) is added to ``whole``, when given, to be kept as written."""
        v = self.deref(v) if isinstance(v, dict) else v
        if isinstance(v, dict) and "@value" not in v:
            node = self.norm(v, self.paths.get(id(v), path))
            t = text(node.get("name"))
            if whole is not None and t and node.unread():
                node.used.update(node.keys())
                whole.append(self.compact(v))
            else:
                self.report_unread(node)
            return t
        if isinstance(v, dict) and isinstance(v.get("@language") or v.get("@lang"), str):
            self.lost(f"{path}.@language", "the language of this text is not kept")
        return text(v)

    def read_date(self, n: Node, prop: str) -> str | None:
        """A date property: None when absent; when unreadable, an error for a file, a warning for a page."""
        v = n.get(prop)
        try:
            return date(v, fallback=self.dates)
        except ValueError as exc:
            if self.strict:
                raise JsonLdError(f"unreadable date {exc.args[0]!r}", where=f"{self.uri} {n.path}.{prop}") from None
            self.lost(f"{n.path}.{prop}", f"unreadable date {exc.args[0]!r}; not kept")
            return None

    # -- what the other parts of the reader define (read.py, read_works.py, read_music.py) --------

    def node(self, raw: dict[str, Any], *, path: str, top: bool = False) -> str | None:  # pragma: no cover
        raise NotImplementedError

    def work_date(self, n: Node) -> str | None:  # pragma: no cover
        raise NotImplementedError

    def event_date(self, n: Node) -> str | None:  # pragma: no cover
        raise NotImplementedError

    def relations_of(self, n: Node, key: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def release(self, n: Node, key: str, *, work: str | None = None, name: str | None = None) -> None:  # pragma: no cover
        raise NotImplementedError

    def attach_release(self, release_key: str, work_key: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def aggregate(self, v: Any, path: str) -> AggregateRating | None:  # pragma: no cover
        raise NotImplementedError

    def reviews_of(self, n: Node, key: str) -> None:  # pragma: no cover
        raise NotImplementedError

    def ref(self, v: Any, *, path: str) -> str | None:
        """The key of the record a property names: a node read here, or an IRI read elsewhere."""
        v = self.deref(v)
        if isinstance(v, str):
            return absolute(v, self.base) if v.strip() else None
        if isinstance(v, dict):
            if set(v) <= {"@id"}:
                return absolute(str(v["@id"]), self.base)
            return self.node(v, path=path)
        if v is not None:
            self.lost(path, f"a {type(v).__name__} where a node belongs; not read")
        return None

    # -- agents and credits ------------------------------------------------------------------

    def agent(self, v: Any, path: str) -> Agent | None:
        """A person or organisation; None (with a warning) when it has no name to keep."""
        v = self.deref(v)
        if isinstance(v, str):
            if not v.strip():
                return None
            if is_link(v):
                self.lost(path, f"a person or organisation given only as a link ({v.strip()}); not kept")
                return None
            return Agent(name=v.strip())
        if not isinstance(v, dict):
            self.lost(path, f"a {type(v).__name__} where a person or organisation belongs; not read")
            return None
        n = v if isinstance(v, Node) else self.norm(v, self.paths.get(id(v), path))
        name = text(n.get("name"))
        if not name:
            given = self.iri(n) or text(n.get("sameAs")) or text(n.get("url"))
            self.lost(path, f"a person or organisation with no name ({given}); not kept" if given else "a person or organisation with no name; not kept")
            n.used.update(n.keys())
            return None
        kind = next((READ_AGENT_TYPES[t] for t in types_of(n) if t in READ_AGENT_TYPES), "person")
        org = kind == "organization"
        members = self.agents_of(n, "subOrganization" if org and "subOrganization" in n else "member")
        groups = self.agents_of(n, "parentOrganization" if org and "parentOrganization" in n else "memberOf")
        agent = Agent(
            name=name,
            kind=AgentKind(kind),
            key=self.iri(n),
            variants=tuple(a for a in (text(x) for x in many(n.get("alternateName"))) if a),
            identifiers=tuple(self.identifiers(n.get("identifier"), n.path)),
            same_as=self.links(n),
            members=tuple(members),
            groups=tuple(groups),
            real_name=text(n.get("mg:realName")),
            description=self.label(n, "description"),
            begin=self.read_date(n, "birthDate") or self.read_date(n, "foundingDate"),
            end=self.read_date(n, "deathDate") or self.read_date(n, "dissolutionDate"),
            disambiguation=text(n.get("disambiguatingDescription")),
        )
        return agent

    def agents_of(self, n: Node, prop: str) -> list[Agent]:
        """A group's members, a musician's groups, a label's sublabels or parent: each as a
        person or organisation; the roles and years of a membership are reported."""
        out = []
        for i, m in enumerate(many(n.get(prop))):
            sub = f"{n.path}.{prop}" + (f"[{i}]" if isinstance(n.peek(prop), list) else "")
            m = self.deref(m)
            membership: dict[str, Any] = {}
            if isinstance(m, dict) and set(types_of(m, self.prefixes)) & ROLE_TYPES:
                role = self.norm(m, sub)
                inner = role.get(prop)
                # the role's name and years are the membership's: kept with the member, as written
                membership = {"@type": self.compact(role.peek("@type")), **{k: self.compact(role.peek(k)) for k in role.unread()}}
                role.used.update(role.keys())
                m, sub = inner, f"{sub}.{prop}"
            m = self.deref(m)
            node = self.norm(m, self.paths.get(id(m), sub)) if isinstance(m, dict) and not isinstance(m, Node) else m
            a = self.agent(node, sub)
            if a is not None:
                extra = self.keep(node) if isinstance(node, Node) else ()
                if len(membership) > 1:
                    extra = (*extra, Property(name=MEMBERSHIP, value=orjson.dumps(membership, option=orjson.OPT_SORT_KEYS).decode()))
                out.append(msgspec.structs.replace(a, extra=extra) if extra else a)
        return out

    def credits(self, n: Node, kind: str | None) -> list[Credit]:
        out: list[Credit] = []
        for key in READ_ROLE_TERMS:
            role = read_role(key, kind)
            if role is None or key not in n:
                continue
            vals = n.get(key)
            for i, v in enumerate(many(vals)):
                c = self.credit(v, key, role, f"{n.path}.{key}" + (f"[{i}]" if isinstance(vals, list) else ""), kind)
                if c is not None:
                    out.append(c)
        return out

    def credit(self, v: Any, key: str, role: str, path: str, kind: str | None = None) -> Credit | None:
        v = self.deref(v)
        if isinstance(v, dict):
            n = self.norm(v, path)
            if set(types_of(n)) & ROLE_TYPES:
                inner = next((n.get(t) for t in (key, *_ROLE_INNER) if n.peek(t)), None)
                n.used.update((key, *_ROLE_INNER))
                agent = self.agent(inner, f"{path}.{key}")
                if agent is None:
                    return None
                role_names = [r for r in (text(x) for x in many(n.get("roleName"))) if r]
                for j in range(1, len(role_names)):
                    self.lost(f"{path}.roleName[{j}]", "a credit keeps one role name; not kept")
                credit = Credit(
                    agent=agent,
                    role=role_names[0] if role_names else (read_role(key, kind, str(agent.kind)) or role),
                    character=text(n.get("characterName")),
                    role_detail=text(n.get("mg:roleDetail")),
                    credited_as=text(n.get("mg:creditedAs")),
                    tracks=text(n.get("mg:tracks")),
                    join=j if isinstance(j := n.get("mg:join"), str) and j else None,
                )
                self.report_unread(n)
                return credit
            agent = self.agent(n, path)
            if agent is not None:
                agent = msgspec.structs.replace(agent, extra=self.keep(n))
        else:
            agent = self.agent(v, path)
        return Credit(agent=agent, role=read_role(key, kind, str(agent.kind)) or role) if agent is not None else None

    def identifiers(self, v: Any, path: str) -> list[Identifier]:
        out = []
        for i, item in enumerate(many(v)):
            sub = f"{path}.identifier" + (f"[{i}]" if isinstance(v, list) else "")
            if isinstance(item, dict):
                item = self.norm(item, sub)
                name = text(item.get("propertyID")) or text(item.get("name")) or "other"
                value = text(item.get("value"))
                if not value:
                    self.lost(sub, "an identifier with no value; not kept")
                    continue
                scheme = id_scheme(name)
                note = text(item.get("description"))
                item.used.add("mg:valid")
                self.report_unread(item)
                if scheme is None:
                    self.lost(sub, f"identifier scheme {name!r} is not one the catalog knows; kept as 'other'")
                    out.append(Identifier.make(IdScheme.OTHER, value, f"{name}: {note}" if note else name))
                    continue
                out.append(Identifier.make(scheme, value, note))
            elif isinstance(item, (str, int)) and str(item).strip():
                out.append(Identifier.make(IdScheme.OTHER, str(item).strip()))
        return out

    def org(self, v: Any, path: str) -> Agent | None:
        """A label or publisher: an organisation unless the node says what it is."""
        v = self.deref(v)
        a = self.agent(v, path)
        if a is None:
            return None
        if isinstance(v, dict) and v.get("@type"):
            return a
        return Agent(name=a.name, kind=AgentKind.ORGANIZATION, key=a.key)


__all__ = ["ALWAYS", "MAX_DEPTH", "MAX_WARNINGS", "NOT_KEPT", "ROLE_TYPES", "Base", "Node", "Skip", "id_scheme"]
