"""The JSON-LD context and the mapping between catalog terms and schema.org / ``mg:`` terms.

``mg:`` is mediagraph's own small vocabulary for what schema.org lacks; docs/VOCABULARY.md
describes every term.
"""

from __future__ import annotations

MG_NS = "https://mediagraph.dev/ns#"
CONTEXT: dict[str, object] = {"@vocab": "https://schema.org/", "mg": MG_NS}

WORK_TYPES = {
    "film": "Movie",
    "tv_series": "TVSeries",
    "comic": "Book",
    "book": "Book",
    "album": "MusicAlbum",
    "song": "MusicComposition",
    "other": "CreativeWork",
}
# Types read back as works, beyond the ones written above.
READ_WORK_TYPES = {
    "Movie": "film",
    "TVSeries": "tv_series",
    "TVSeason": "tv_series",
    "TVEpisode": "tv_series",
    "Episode": "other",
    "Clip": "other",
    "ShortStory": "book",
    "Novel": "book",
    "Book": "book",
    "ComicStory": "comic",
    "ComicSeries": "comic",
    "ComicIssue": "comic",
    "Chapter": "book",
    "MusicAlbum": "album",
    "MusicComposition": "song",
    "MusicRecording": "song",
    "CreativeWork": "other",
    "CreativeWorkSeries": "other",
    "VideoGame": "other",
    # what page extraction has always read as works: a shop's product, a video page
    "Product": "other",
    "VideoObject": "film",
    "MusicVideoObject": "song",
    "MusicPlaylist": "other",
    "Audiobook": "book",
    "BookSeries": "book",
    "MovieSeries": "film",
    "RadioSeries": "other",
    "PodcastSeries": "other",
    "VisualArtwork": "other",
    "Painting": "other",
    "Photograph": "other",
    "Sculpture": "other",
    "SoftwareApplication": "other",
    "MobileApplication": "other",
    "WebApplication": "other",
    "Game": "other",
    "Quotation": "other",
    "ScholarlyArticle": "other",
    "Thesis": "other",
    "Play": "other",
    "Poster": "other",
}
# Types of the pieces of a work that are no works of their own: read as the work's parts, with
# the property their number is written under.
PART_TYPES = {
    "TVSeason": "seasonNumber",
    "CreativeWorkSeason": "seasonNumber",
    "RadioSeason": "seasonNumber",
    "PodcastSeason": "seasonNumber",
    "TVEpisode": "episodeNumber",
    "Episode": "episodeNumber",
    "RadioEpisode": "episodeNumber",
    "PodcastEpisode": "episodeNumber",
    "Clip": "clipNumber",
    "TVClip": "clipNumber",
    "MovieClip": "clipNumber",
    "ComicIssue": "issueNumber",
    "PublicationIssue": "issueNumber",
    "ComicStory": "position",
    "ComicCoverArt": "position",
    "CoverArt": "position",
    "Chapter": "position",
}
# Properties whose values are a work's parts (the part's own type decides how it is read).
PART_TERMS = ("containsSeason", "season", "seasons", "episode", "episodes", "hasPart")
# The properties a work's number in its series is written under, by the work's type.
NUMBER_TERMS = ("volumeNumber", "issueNumber", "seasonNumber", "episodeNumber", "position")

MEMBERSHIP = "mg:membership"  # a member's Role in a group (its name, years) as written, kept on the member
AGENT_TYPES = {"person": "Person", "organization": "Organization", "group": "MusicGroup"}
READ_AGENT_TYPES = {
    "Person": "person",
    "Organization": "organization",
    "Corporation": "organization",
    "RecordLabel": "organization",
    "NewsMediaOrganization": "organization",
    "MusicGroup": "group",
    "PerformingGroup": "group",
}

# Relation predicates as properties of their subject's node.
PREDICATE_TERMS = {
    "based_on": "isBasedOn",
    "inspired_by": "mg:inspiredBy",
    "soundtrack_of": "mg:soundtrackOf",
    "version_of": "mg:versionOf",
    "uses": "mg:uses",
    "variant_of": "mg:variantOf",
    "related_to": "mg:relatedTo",
    "release_of": "recordingOf",  # a recording (kept as a work) performs a composition
    "part_of": "isPartOf",  # a volume of a series, an issue of a comic series
}
READ_PREDICATES = {v: k for k, v in PREDICATE_TERMS.items()} | {
    "isBasedOnUrl": "based_on",
    "partOfSeries": "part_of",
    "partOfSeason": "part_of",
    "partOfTVSeries": "part_of",
    "translationOfWork": "version_of",
    "exampleOfWork": "based_on",
}
# Properties naming the subject of a relation from its object ("Lord of the Rings" hasPart "The
# Two Towers" is "The Two Towers" part_of "Lord of the Rings").
READ_INVERSE_PREDICATES = {"workTranslation": "version_of", "workExample": "based_on", "hasPart": "part_of"}

# Credit roles with a schema.org property of their own, per kind of node.
ROLE_TERMS = {
    "illustrator": "illustrator",
    "editor": "editor",
    "translator": "translator",
    "publisher": "publisher",
    "production company": "productionCompany",
    "copyright holder": "copyrightHolder",
    "artist": "artist",
    "penciler": "penciler",
    "inker": "inker",
    "colorist": "colorist",
    "letterer": "letterer",
    "director": "director",
    "actor": "actor",
    "voice": "actor",
    "composer": "composer",
    "author": "author",
    "writer": "author",
    "performer": "byArtist",
    "lyricist": "lyricist",
    "producer": "producer",
}
READ_ROLE_TERMS = {
    "director": "director",
    "directors": "director",
    "actor": "actor",
    "actors": "actor",
    "composer": "composer",
    "musicBy": "composer",
    "author": "author",
    "creator": "author",
    "byArtist": "performer",
    "lyricist": "lyricist",
    "producer": "producer",
    "contributor": "contributor",
    "illustrator": "illustrator",
    "editor": "editor",
    "translator": "translator",
    "publisher": "publisher",
    "productionCompany": "production company",
    "creditedTo": "performer",
    "performer": "performer",
    "copyrightHolder": "copyright holder",
    "artist": "artist",
    "penciler": "penciler",
    "inker": "inker",
    "colorist": "colorist",
    "letterer": "letterer",
    "narrator": "narrator",
    "readBy": "narrator",
    "recordedBy": "recorded by",
}
# On films and TV series schema.org's author or creator is a writer; an organisation named so
# is the production company.
FILM_ROLE_TERMS = {"author": "writer", "creator": "writer"}
FILM_KINDS = frozenset({"film", "tv_series"})


def read_role(term: str, kind: str | None, agent_kind: str | None = None) -> str | None:
    """The credit role a property names on a record of ``kind`` ("author" on a film is
    "writer"); a studio named as a film's creator, author or producer is its production company."""
    role = FILM_ROLE_TERMS.get(term) if kind in FILM_KINDS else None
    role = role or READ_ROLE_TERMS.get(term)
    if agent_kind == "organization" and kind in FILM_KINDS and role in ("writer", "producer"):
        return "production company"
    return role


# schema.org's album types and the release-group type labels (MusicBrainz's) they name.
ALBUM_TYPE_TERMS = {
    "albumReleaseType": {"AlbumRelease": "Album", "SingleRelease": "Single", "EPRelease": "EP", "BroadcastRelease": "Broadcast"},
    "albumProductionType": {
        "StudioAlbum": "Studio", "LiveAlbum": "Live", "CompilationAlbum": "Compilation", "SoundtrackAlbum": "Soundtrack",
        "RemixAlbum": "Remix", "MixtapeAlbum": "Mixtape/Street", "DJMixAlbum": "DJ-mix", "SpokenWordAlbum": "Spokenword",
        "DemoAlbum": "Demo",
    },
}  # fmt: skip

# Identifier names as people write them in PropertyValue.propertyID or .name, folded to lower case
# letters and digits only ("Matrix / Runout" -> "matrixrunout"), and the scheme each names.
READ_ID_NAMES = {
    "barcode": "barcode", "upc": "barcode", "ean": "barcode", "gtin": "barcode", "ean13": "barcode",
    "upca": "barcode", "gtin13": "barcode", "gtin12": "barcode", "gtin8": "barcode", "gtin14": "barcode",
    "isrc": "isrc", "iswc": "iswc", "isbn": "isbn", "isbn10": "isbn", "isbn13": "isbn",
    "matrixrunout": "matrix", "matrix": "matrix", "runout": "matrix",
    "masteringsidcode": "mastering_sid", "masteringsid": "mastering_sid", "sidcodemastering": "mastering_sid",
    "mouldsidcode": "mould_sid", "mouldsid": "mould_sid", "moldsidcode": "mould_sid", "sidcodemould": "mould_sid",
    "labelcode": "label_code", "lc": "label_code", "rightssociety": "rights_society",
    "catalognumber": "catalog_number", "catalogno": "catalog_number", "catno": "catalog_number",
    "pricecode": "price_code", "spars": "spars", "sparscode": "spars",
    "discogsrelease": "discogs_release", "discogsmaster": "discogs_master", "discogsartist": "discogs_artist",
    "discogslabel": "discogs_label", "musicbrainz": "musicbrainz", "mbid": "musicbrainz",
    "imdb": "imdb", "imdbid": "imdb", "wikidata": "wikidata", "url": "url", "other": "other", "eidr": "eidr",
}  # fmt: skip

# Properties of a release that real sites put on the MusicAlbum itself.
RELEASE_TERMS_ON_ALBUM = ("recordLabel", "catalogNumber", "gtin", "gtin8", "gtin12", "gtin13", "gtin14",
                          "upc", "ean", "numTracks", "track", "tracks", "musicReleaseFormat")

FORMAT_TERMS = {
    "cd": "CDFormat",
    "vinyl": "VinylFormat",
    "cassette": "CassetteFormat",
    "file": "DigitalFormat",
    "digital": "DigitalFormat",
    "dvd": "DVDFormat",
    "laserdisc": "LaserDiscFormat",
    "dat": "DigitalAudioTapeFormat",
}
READ_FORMAT_TERMS = {v: k.upper() if k in ("cd", "dvd", "dat") else k.title() for k, v in FORMAT_TERMS.items() if k != "digital"} | {
    "DVDAudioFormat": "DVD", "MinidiscFormat": "Minidisc", "LaserDiscFormat": "Laserdisc",
}  # fmt: skip


def iso_duration(text: str | None) -> str | None:
    """``"3:45"`` → ``"PT3M45S"``, ``"64:16"`` → ``"PT64M16S"``, ``"1:02:03"`` → ``"PT1H2M3S"``,
    ``"2:17:00"`` → ``"PT2H17M"``."""
    from mediagraph.model.records import duration_seconds

    seconds = duration_seconds(text)
    if seconds is None:
        return None
    if text is not None and (text.count(":") == 1 or ":" not in text):
        # "64:16", a record's length as its sleeve gives it: minutes past the hour stay minutes
        m, s = divmod(seconds, 60)
        return f"PT{m}M" + (f"{s}S" if s else "") if m else f"PT{s}S"
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + (f"{s}S" if s or not (h or m) else "")


def clock_duration(iso: str | None) -> str | None:
    """``"PT3M45S"`` → ``"3:45"``; None for anything else (``values.clock``)."""
    from mediagraph.jsonld.values import clock

    return clock(iso)


__all__ = [
    "AGENT_TYPES",
    "ALBUM_TYPE_TERMS",
    "CONTEXT",
    "FILM_KINDS",
    "FILM_ROLE_TERMS",
    "FORMAT_TERMS",
    "MEMBERSHIP",
    "MG_NS",
    "NUMBER_TERMS",
    "PART_TERMS",
    "PART_TYPES",
    "PREDICATE_TERMS",
    "READ_AGENT_TYPES",
    "READ_FORMAT_TERMS",
    "READ_ID_NAMES",
    "READ_INVERSE_PREDICATES",
    "READ_PREDICATES",
    "READ_ROLE_TERMS",
    "READ_WORK_TYPES",
    "RELEASE_TERMS_ON_ALBUM",
    "ROLE_TERMS",
    "WORK_TYPES",
    "clock_duration",
    "iso_duration",
    "read_role",
]
