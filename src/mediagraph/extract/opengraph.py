"""OpenGraph ``og:``, ``music:`` and ``video:`` tags turned into one schema.org-shaped node.

Only a page whose ``og:type`` names a work (``music.album``, ``music.song``, ``video.movie``,
``video.tv_show``, ``book``) gives a node. People named by a profile URL (Spotify and Apple
write ``music:musician`` as a link) are left out: a link path is not a name."""

from __future__ import annotations

from typing import Any

from mediagraph.extract.pagetitle import PageTitle

_TYPES = {
    "music.album": "MusicAlbum", "album": "MusicAlbum", "music.song": "MusicRecording", "song": "MusicRecording",
    "video.movie": "Movie", "movie": "Movie", "film": "Movie", "video.tv_show": "TVSeries", "tv_show": "TVSeries",
    "book": "Book", "books.book": "Book",
}
_PEOPLE = {
    "music:musician": "byArtist", "music:creator": "byArtist", "video:director": "director", "video:actor": "actor",
    "video:writer": "author", "book:author": "author",
}
_DATES = ("music:release_date", "video:release_date", "book:release_date")


def _is_link(value: str) -> bool:
    v = value.strip().lower()
    return v.startswith(("http://", "https://", "//", "/", "www."))


def node(pairs: list[tuple[str, str]], title: PageTitle) -> dict[str, Any] | None:
    """The work the tags describe, or None when ``og:type`` names no work."""
    first: dict[str, str] = {}
    for k, v in pairs:
        first.setdefault(k, v)
    kind = _TYPES.get(first.get("og:type", "").strip().lower())
    if kind is None and any(k.startswith("video:director") for k, _ in pairs):
        kind = "Movie"
    if kind is None or not title.text:
        return None
    out: dict[str, Any] = {"@type": kind, "name": title.text, "mg:from": "opengraph"}
    for key, prop in _PEOPLE.items():
        names = [v.strip() for k, v in pairs if k == key and v.strip() and not _is_link(v)]
        if names:
            out[prop] = [{"@type": "Person", "name": n} for n in dict.fromkeys(names)]
    if "byArtist" not in out and title.byline and kind in ("MusicAlbum", "MusicRecording"):
        out["byArtist"] = [{"name": title.byline}]
    for key in _DATES:
        if first.get(key):
            out["datePublished"] = first[key]
            break
    seconds = first.get("video:duration") or first.get("music:duration")
    if seconds and seconds.strip().isdigit():
        out["duration"] = f"PT{int(seconds)}S"
    isbn = first.get("book:isbn")
    if isbn:
        out["isbn"] = isbn
    songs = _songs(pairs)
    if songs and kind == "MusicAlbum":
        out["track"] = songs
    return out


def _songs(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """``music:song`` entries that carry a title (not a link), with their track numbers."""
    songs: list[dict[str, Any]] = []
    for k, v in pairs:
        if k == "music:song":
            songs.append({"@type": "MusicRecording", "name": "" if _is_link(v) else v.strip()})
        elif songs and k == "music:song:track" and v.strip().isdigit():
            songs[-1]["position"] = v.strip()
        elif songs and k == "music:song:duration":
            songs[-1]["duration"] = v.strip() if not v.strip().isdigit() else f"PT{int(v)}S"
    return [s for s in songs if s["name"]]


__all__ = ["node"]
