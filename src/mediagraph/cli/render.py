"""Rich terminal rendering of entity details for `show`."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

_PREDICATE_TEXT = {
    ("based_on", "out"): "based on",
    ("based_on", "in"): "basis of",
    ("inspired_by", "out"): "inspired by",
    ("inspired_by", "in"): "inspired",
    ("soundtrack_of", "out"): "soundtrack of",
    ("soundtrack_of", "in"): "soundtrack",
    ("uses", "out"): "uses",
    ("uses", "in"): "used in",
    ("variant_of", "out"): "variant of",
    ("variant_of", "in"): "has variant",
    ("release_of", "out"): "release of",
    ("release_of", "in"): "release",
    ("review_of", "out"): "review of",
    ("review_of", "in"): "reviewed in",
    ("cites", "out"): "cites",
    ("cites", "in"): "cited by",
    ("related_to", "out"): "related to",
    ("related_to", "in"): "related to",
    ("part_of", "out"): "part of",
    ("part_of", "in"): "has part",
    ("version_of", "out"): "version of",
    ("version_of", "in"): "has version",
    ("in_group", "out"): "in version group",
    ("in_group", "in"): "version",
}


def predicate_text(predicate: str, direction: str) -> str:
    return _PREDICATE_TEXT.get((predicate, direction), predicate.replace("_", " "))


def render_details(console: Console, d: dict[str, Any]) -> None:
    rec = d["record"]
    head = Text(d["label"], style="bold")
    head.append(f"  {d['id']} · {d['type']}" + (f" · {d['kind']}" if d["kind"] else "") + (f" · {d['year']}" if d["year"] else ""), style="dim")
    console.print(head)
    alts = d["alternatives"]
    fields = Table(box=None, show_header=False, pad_edge=False)
    fields.add_column(style="bold")
    fields.add_column()
    for name in ("date", "country", "runtime", "status", "site", "description", "notes", "text"):
        value = rec.get(name)
        if value in (None, ""):
            continue
        shown = Text(str(value)[:600])
        if name in alts:
            others = [a for a in alts[name] if not a["chosen"]]
            for a in others:
                shown.append(f"\n  also {a['value']!r} from {', '.join(a['sources'])}", style="yellow")
            chosen = next((a for a in alts[name] if a["chosen"]), None)
            if chosen:
                shown.append(f"\n  chosen ({', '.join(chosen['sources'])})", style="dim")
        fields.add_row(name, shown)
    if "title" in alts:
        t = Text()
        for a in alts["title"]:
            t.append(f"{a['value']} ({', '.join(a['sources'])})" + (" ← chosen" if a["chosen"] else "") + "\n")
        fields.add_row("titles", t)
    for credit in rec.get("credits", []):
        who = credit["agent"]["name"] + (f" as {credit['character']}" if credit.get("character") else "")
        fields.add_row(credit["role"], who)
    for lab in rec.get("labels", []):
        fields.add_row("label", f"{lab['label']['name']} – {lab.get('catalog_number') or ''}")
    for f in rec.get("formats", []):
        fields.add_row("format", ", ".join([f["name"], *f.get("descriptions", [])]))
    if rec.get("rating"):
        fields.add_row("rating", rec["rating"]["text"])
    if rec.get("author"):
        fields.add_row("author", rec["author"]["name"])
    console.print(fields)
    if d["identifiers"]:
        ids = Table("identifier", "value", "valid", "source", box=None, header_style="bold")
        for i in d["identifiers"]:
            valid = {True: "✓", False: "✗ invalid", None: ""}[i["valid"]]
            ids.add_row(i["scheme"] + (f" ({i['qualifier']})" if i["qualifier"] else ""), i["value"], valid, i["source"])
        console.print(ids)
    tracks = rec.get("tracks", [])
    if tracks:
        tracklist = Table("#", "title", "time", "credits", box=None, header_style="bold")
        for tr in tracks:
            credits = ", ".join(f"{c['agent']['name']} ({c['role']})" for c in tr.get("credits", []))
            tracklist.add_row(tr["position"], tr["title"], tr.get("duration") or "", credits)
        console.print(tracklist)
    if d["relations"]:
        rels = Table("relation", "id", "title", "kind", "year", box=None, header_style="bold")
        for r in d["relations"]:
            rels.add_row(predicate_text(r["predicate"], r["direction"]), r["id"], r["label"], r["kind"] or "", str(r["year"] or ""))
        console.print(rels)
    console.print(Text("sources: " + ", ".join(d["sources"]), style="dim"))
