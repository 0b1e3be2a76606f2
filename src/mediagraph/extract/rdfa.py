"""RDFa in a page (``vocab``, ``typeof``, ``property``) as schema.org nodes, nested as JSON-LD writes them.

extruct (pyRdfa) reads the triples and gives them back flat: one node per subject, every value a
list, nested nodes named by blank-node ``@id``s. Here a node named by another is put back in its
place, a value given once is one value, and repeated values (a track list) keep the order the
page gives them, which RDF itself does not keep. The nodes are then read by the one schema.org
mapping, as JSON-LD blocks and microdata are."""

from __future__ import annotations

import re
from typing import Any

_RDFA_NS = "http://www.w3.org/ns/rdfa#"
_TYPEOF = re.compile(r"\stypeof\s*=", re.I)
_MAX_DEPTH = 40


def has_rdfa(html: str) -> bool:
    """Whether the page marks up typed RDFa resources (``typeof`` on an element, not in a script)."""
    # As ``<[^>]+\stypeof\s*=`` would say, without that pattern's scan from every "<" of the page
    # (3 ms on a page whose scripts write "typeof"): an attribute is inside a tag when the
    # nearest "<" before it (one character or more before the space) comes after the nearest ">".
    for m in _TYPEOF.finditer(html):
        at = m.start()
        if at >= 2 and html.rfind("<", 0, at - 1) > html.rfind(">", 0, at):
            return True
    return False


def items(html: str, warnings: list[str], *, base_url: str | None = None) -> list[dict[str, Any]]:
    """The page's top-level RDFa resources (those no other resource names), nested."""
    import extruct

    try:
        flat = extruct.extract(html, base_url=base_url, syntaxes=["rdfa"], uniform=False).get("rdfa", [])
    except Exception as exc:  # pyRdfa's own parse errors: the page's RDFa is unreadable, the rest is not
        warnings.append(f"the page's RDFa could not be read ({type(exc).__name__}); ignored")
        return []
    nodes = {n["@id"]: n for n in flat if isinstance(n, dict) and isinstance(n.get("@id"), str)}
    named = {v["@id"] for n in nodes.values() for k, vals in n.items() if not k.startswith("@") and isinstance(vals, list)
             for v in vals if isinstance(v, dict) and isinstance(v.get("@id"), str) and v["@id"] in nodes}
    out = []
    for key, n in nodes.items():
        if key in named or not n.get("@type"):
            continue
        out.append(_nest(n, nodes, html, frozenset({key}), 0))
    return [x for x in out if len(x) > 1]


def _nest(n: dict[str, Any], nodes: dict[str, dict[str, Any]], html: str, path: frozenset[str], depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(n.get("@id"), str) and not n["@id"].startswith("_:"):
        out["@id"] = n["@id"]
    types = n.get("@type") or []
    if types:
        out["@type"] = types[0] if len(types) == 1 else list(types)
    for prop, vals in n.items():
        if prop.startswith("@") or prop.startswith(_RDFA_NS) or not isinstance(vals, list):
            continue
        got: list[Any] = []
        for v in vals:
            if not isinstance(v, dict):
                continue
            if "@value" in v:
                text = str(v["@value"]).strip()
                if text:
                    got.append(text)
            elif isinstance(v.get("@id"), str):
                ref = v["@id"]
                if ref in nodes and ref not in path and depth < _MAX_DEPTH:
                    got.append(_nest(nodes[ref], nodes, html, path | {ref}, depth + 1))
                elif not ref.startswith("_:"):
                    got.append(ref)
        if len(got) > 1:
            got.sort(key=lambda x: _where(x, html))
        if got:
            out[prop] = got[0] if len(got) == 1 else got
    return out


def _where(v: Any, html: str) -> int:
    """Where a value first shows in the page (a node by its first text): the page's order."""
    if isinstance(v, dict):
        for k, x in v.items():
            if not k.startswith("@"):
                at = _where(x[0] if isinstance(x, list) and x else x, html)
                if at < len(html):
                    return at
        return len(html)
    at = html.find(str(v)) if isinstance(v, str) else -1
    return at if at >= 0 else len(html)


__all__ = ["has_rdfa", "items"]
