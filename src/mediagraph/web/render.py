"""Rendering: the Jinja2 environment (autoescaping everything), links between pages, ETags."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import ChainableUndefined, Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

PAGE_PREFIX = {"w": "works", "r": "releases", "a": "agents", "v": "reviews", "c": "citations", "s": "sources"}
_REF = re.compile(r"^[wravcs][0-9]+$")
# A link out of the catalog: http or https, a host, and nothing a browser would strip or reinterpret
# (spaces, control characters, quotes, angle brackets). Anything else is shown as text, never as a link.
_EXTERNAL = re.compile(r"^https?://[^\s\x00-\x1f\x7f\"'<>`\\/?#@][^\s\x00-\x1f\x7f\"'<>`\\]*$", re.I | re.A)
PREDICATE_PHRASES = {
    # predicate: (read from the subject, read from the object)
    "based_on": ("based on", "adapted as"),
    "inspired_by": ("inspired by", "inspired"),
    "soundtrack_of": ("soundtrack of", "soundtrack"),
    "version_of": ("version of", "other version"),
    "variant_of": ("variant of", "varied as"),
    "uses": ("uses", "used in"),
    "related_to": ("related to", "related to"),
    "part_of": ("part of", "has part"),
    "cites": ("cites", "cited by"),
    "release_of": ("release of", "release"),
    "in_group": ("in group", "group member"),
    "review_of": ("review of", "reviewed in"),
}


def path_for(ref: str | None) -> str | None:
    """The page of an entity or source id (``w3`` → ``/works/w3``); None for anything else."""
    if not ref or not _REF.match(ref):
        return None
    return f"/{PAGE_PREFIX[ref[0]]}/{ref}"


def link(ref: str | None, text: Any) -> Markup:
    """``text`` (escaped) as a link to the page of ``ref``; the text alone when ``ref`` has no page.

    A template global rather than a macro: a Jinja macro call costs several times a function
    call, and a work page makes dozens of links.
    """
    href = path_for(ref)
    if href is None:
        return escape(text)
    return Markup(f'<a href="{escape(href)}">{escape(text)}</a>')


def external_url(url: object) -> str | None:
    """``url`` when it is an http(s) address safe to put in an ``href``; None for anything else.

    Source data decides these URLs, so a ``javascript:`` or ``data:`` one would run script on a click.
    """
    if isinstance(url, str) and _EXTERNAL.match(url):
        return url
    return None


def api_path_for(ref: str) -> str | None:
    path = path_for(ref)
    return f"/api/v1{path}" if path else None


def phrase(predicate: str, direction: str = "out") -> str:
    out, back = PREDICATE_PHRASES.get(predicate, (predicate.replace("_", " "), predicate.replace("_", " ") + " (of)"))
    return out if direction == "out" else back


def jsonld_script(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` as \\u escapes.

    The escapes keep the JSON equal to ``data`` while no source text can close the script
    element (``</script>``) or open a comment inside it.
    """
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mediagraph.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=ChainableUndefined,  # records omit empty fields; a missing one renders as nothing
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package: compile once, never stat them per page
    )
    env.globals.update(path_for=path_for, phrase=phrase, api_path_for=api_path_for, link=link, external_url=external_url)
    env.filters.update(jsonld=jsonld_script, score=score_text)
    return env


def render_page(name: str, context: dict[str, Any]) -> str:
    return environment().get_template(name).render(**context)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in header.split(","))


def conditional(request: Request, body: bytes, *, media_type: str, status: int = 200) -> Response:
    """A response carrying an ETag of its body; 304 with no body when the client has it already."""
    etag = etag_of(body)
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if status == 200 and _matches(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status, media_type=media_type, headers=headers)


def page(request: Request, name: str, context: dict[str, Any], *, status: int = 200) -> Response:
    html = render_page(name, {"request": request, **context})
    if status != 200:
        return HTMLResponse(html, status_code=status)
    return conditional(request, html.encode("utf-8"), media_type="text/html; charset=utf-8")


def json_response(request: Request, data: Any, *, status: int = 200) -> Response:
    body = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    return conditional(request, body, media_type="application/json", status=status)


__all__ = [
    "PAGE_PREFIX",
    "api_path_for",
    "conditional",
    "environment",
    "etag_of",
    "external_url",
    "json_response",
    "jsonld_script",
    "link",
    "page",
    "path_for",
    "phrase",
    "render_page",
]
