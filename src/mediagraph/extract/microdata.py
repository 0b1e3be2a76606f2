"""Microdata items (``itemscope``/``itemprop``) read from a parsed page into schema.org dicts.

Read on the selectolax tree the page is already parsed into: extruct's microdata reader
re-parses the page with lxml and costs about as much as the rest of extraction together.
A property's value follows the HTML rules: ``content`` first (``<meta itemprop>`` carries
ratings, track counts and dates that are not in the visible text), then the element's URL or
datetime attribute, then its text."""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

_URL_ATTR = {"a": "href", "link": "href", "area": "href", "img": "src", "audio": "src", "video": "src", "source": "src",
             "iframe": "src", "embed": "src", "object": "data", "track": "src"}
_MAX_DEPTH = 40  # nested items deeper than this are page junk, not data


def items(tree: HTMLParser) -> list[dict[str, Any]]:
    """Every top-level microdata item of the page (items that are no other item's property)."""
    out: list[dict[str, Any]] = []
    for node in tree.css("[itemscope]"):
        if "itemprop" in node.attributes and _inside_item(node):
            continue
        out.append(_item(node, 0))
    return [x for x in out if len(x) > 1]


def _inside_item(node: Node) -> bool:
    p = node.parent
    while p is not None:
        if "itemscope" in p.attributes:
            return True
        p = p.parent
    return False


def _item(node: Node, depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    t = node.attributes.get("itemtype") or ""
    types = [x.rstrip("/").rsplit("/", 1)[-1] for x in t.split() if x]
    if types:
        out["@type"] = types if len(types) > 1 else types[0]
    child = node.child
    while child is not None:
        _collect(child, out, depth)
        child = child.next
    return out


def _collect(node: Node, out: dict[str, Any], depth: int) -> None:
    if node.tag in ("-text", "-comment", "script", "style"):
        return
    attrs = node.attributes
    prop = attrs.get("itemprop")
    scoped = "itemscope" in attrs
    if prop:
        value: Any = _item(node, depth + 1) if scoped and depth < _MAX_DEPTH else _value(node, prop)
        if prop == "name" and isinstance(value, str) and (whole := _text(node)) != value and whole.startswith(value):
            rest = whole[len(value) :].strip(" ,;:/|()")
            if rest and "alternateName" not in out:
                out["alternateName"] = rest  # the heading's other title, printed beside it
        for name in prop.split():
            name = name.rstrip("/").rsplit("/", 1)[-1]
            if name in out:
                prev = out[name]
                out[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
            else:
                out[name] = value
    if scoped:
        return  # a nested item's properties are its own, not its parent's
    child = node.child
    while child is not None:
        _collect(child, out, depth)
        child = child.next


def _value(node: Node, prop: str = "") -> str:
    attrs = node.attributes
    if attrs.get("content") is not None:
        return (attrs.get("content") or "").strip()
    tag = node.tag
    if tag in _URL_ATTR and attrs.get(_URL_ATTR[tag]):
        return (attrs.get(_URL_ATTR[tag]) or "").strip()
    if tag == "time" and attrs.get("datetime"):
        return (attrs.get("datetime") or "").strip()
    if tag in ("data", "meter") and attrs.get("value"):
        return (attrs.get("value") or "").strip()
    text = _text(node)
    if prop == "name" and tag not in ("h1", "h2", "h3") and len(text) > 3:
        # '<div itemprop="name"><h1>Ao no Hako</h1><p>Blue Box</p></div>': the name is the heading, the rest its
        # other title, not one name run together
        heading = node.css_first("h1, h2, h3")
        if heading is not None and (h := re.sub(r"\s+", " ", heading.text(separator=" ")).strip()) and h != text:
            return h
    return text


def _text(node: Node) -> str:
    return re.sub(r"\s+", " ", node.text(separator=" ")).strip()


__all__ = ["items"]
