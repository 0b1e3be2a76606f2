"""``<script type="application/ld+json">`` blocks as pages write them, repaired where broken.

Each block is parsed on its own and repaired when broken (comments, trailing commas, raw
newlines in strings, CDATA and comment wrappers, a block cut off mid-way), since extruct drops
every block when one is malformed. HTML entities written into strings are read as their
characters."""

from __future__ import annotations

import html as htmllib
import json
import re
from typing import Any


def _strip_comments(s: str) -> str:
    out, i, n, in_str, esc = [], 0, len(s), False, False
    while i < n:
        c = s[i]
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
            elif c in "\n\r\t":
                c = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[c]
            out.append(c)
        elif c == '"':
            in_str = True
            out.append(c)
        elif s.startswith("//", i):
            j = s.find("\n", i)
            i = n if j < 0 else j
            continue
        elif s.startswith("/*", i):
            j = s.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def parse_block(raw: str, warnings: list[str]) -> Any:
    """One block's JSON, repaired when needed; None (with a warning) when beyond repair."""
    text = raw.strip()
    text = re.sub(r"^\s*(?:/\*\s*)?(?:<!\[CDATA\[|<!--)(?:\s*\*/)?|(?:/\*\s*)?(?:\]\]>|-->)(?:\s*\*/)?\s*$", "", text).strip().rstrip(";")
    if not text:
        return None
    try:
        data = _load(text, warnings)
    except RecursionError:
        warnings.append("skipped a JSON-LD block nested too deeply to read")
        return None
    if data is None:
        warnings.append("skipped a JSON-LD block that could not be repaired")
        return None
    return _unescape(data, 0)


def _load(text: str, warnings: list[str]) -> Any:
    """The block's JSON, else the JSON with comments and trailing commas taken out, else its whole part."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    fixed = _strip_comments(text)
    fixed = re.sub(r",\s*([}\]])", r"\1", fixed)
    try:
        data = json.loads(fixed, strict=False)
    except ValueError:
        pass
    else:
        warnings.append("repaired a malformed JSON-LD block")
        return data
    whole = _whole_part(fixed)
    try:
        data = json.loads(whole, strict=False) if whole else None
    except ValueError:
        return None
    if data is not None:
        warnings.append("a JSON-LD block is cut off; read its members up to the cut")
    return data


def _whole_part(s: str) -> str | None:
    """A JSON text cut off mid-way (a truncated page), closed after its last whole member.

    Whatever precedes a comma outside strings is whole at every open level, so the text is
    cut at the last such comma and the objects and arrays open there are closed. None when
    the text is not cut off (its brackets balance) or no member is whole.
    """
    stack: list[str] = []
    in_str = esc = False
    cut: tuple[int, list[str]] | None = None
    for i, c in enumerate(s):
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "{[":
            stack.append(c)
        elif c in "}]":
            if not stack:
                return None
            stack.pop()
        elif c == "," and stack:
            cut = (i, stack.copy())
    if not stack or cut is None:
        return None
    return s[: cut[0]] + "".join("}" if b == "{" else "]" for b in reversed(cut[1]))


def _unescape(v: Any, depth: int) -> Any:
    """Entities written into JSON strings ("Ferris Bueller&apos;s") read as their characters."""
    if depth > 60:
        return None
    if isinstance(v, str):
        return htmllib.unescape(v).strip() if "&" in v else v.strip()
    if isinstance(v, list):
        return [_unescape(x, depth + 1) for x in v]
    if isinstance(v, dict):
        return {k: _unescape(x, depth + 1) for k, x in v.items()}
    return v




__all__ = ["parse_block"]
