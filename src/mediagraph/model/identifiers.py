"""Typed identifiers and their validation: barcodes, ISRC, ISWC, SID codes and external ids."""

from __future__ import annotations

import re
from enum import StrEnum

import msgspec
from stdnum import ean, isbn, isrc


class IdScheme(StrEnum):
    BARCODE = "barcode"  # UPC-A / EAN-13 / EAN-8 / GTIN-14
    ISRC = "isrc"
    ISWC = "iswc"
    ISBN = "isbn"
    MATRIX = "matrix"  # matrix / runout
    MASTERING_SID = "mastering_sid"
    MOULD_SID = "mould_sid"
    LABEL_CODE = "label_code"
    RIGHTS_SOCIETY = "rights_society"
    CATALOG_NUMBER = "catalog_number"
    PRICE_CODE = "price_code"
    SPARS = "spars"
    DISCOGS_RELEASE = "discogs_release"
    DISCOGS_MASTER = "discogs_master"
    DISCOGS_ARTIST = "discogs_artist"
    DISCOGS_LABEL = "discogs_label"
    MUSICBRAINZ = "musicbrainz"  # any MusicBrainz MBID; the entity type tells which
    IMDB = "imdb"
    WIKIDATA = "wikidata"
    EIDR = "eidr"  # the Entertainment Identifier Registry's DOI of a film or TV title (or one edit of it)
    URL = "url"  # a sameAs URL
    OTHER = "other"


# Schemes with a checksum or a fixed form: a value that fails is kept with valid=False.
_CHECKED = {
    IdScheme.BARCODE,
    IdScheme.ISRC,
    IdScheme.ISWC,
    IdScheme.ISBN,
    IdScheme.IMDB,
    IdScheme.WIKIDATA,
    IdScheme.MUSICBRAINZ,
    IdScheme.LABEL_CODE,
}

# Identifiers that name one entity only, so an equal value means the same entity.
EXACT_KEY_SCHEMES = frozenset(
    {
        IdScheme.BARCODE,
        IdScheme.DISCOGS_RELEASE,
        IdScheme.DISCOGS_MASTER,
        IdScheme.DISCOGS_ARTIST,
        IdScheme.DISCOGS_LABEL,
        IdScheme.MUSICBRAINZ,
        IdScheme.IMDB,
        IdScheme.WIKIDATA,
        IdScheme.URL,
        IdScheme.ISBN,
    }
)

_MBID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_IMDB = re.compile(r"^(tt|nm|co)\d{7,10}$")
_WIKIDATA = re.compile(r"^Q[1-9]\d*$")
_LABEL_CODE = re.compile(r"^LC\s?-?\s?(\d{4,5})$", re.IGNORECASE)
_ISWC = re.compile(r"^T(\d{9})(\d)$")


def iswc_valid(compact: str) -> bool:
    """ISWC check digit: weights 1..9 over the 9 digits, with 1 for the T prefix, mod 10."""
    m = _ISWC.match(compact)
    if not m:
        return False
    digits = m.group(1)
    total = 1 + sum((i + 1) * int(d) for i, d in enumerate(digits))
    return (10 - total % 10) % 10 == int(m.group(2))


# Compiled once: ``normalize`` runs several times for every identifier a dump release holds.
_DOTTED_NOISE = re.compile(r"[\s\-.]")
_DASH_NOISE = re.compile(r"[\s\-]")
_CATNO_NOISE = re.compile(r"[\s\-._/]")
_SPACES = re.compile(r"\s+")


def normalize(scheme: IdScheme, value: str) -> str:
    """The compact form used for comparison and lookup (spaces and dashes dropped where noise)."""
    v = value.strip()
    if scheme in (IdScheme.BARCODE, IdScheme.ISBN):
        return _DOTTED_NOISE.sub("", v)
    if scheme == IdScheme.ISRC:
        return _DASH_NOISE.sub("", v).upper()
    if scheme == IdScheme.ISWC:
        return _DOTTED_NOISE.sub("", v).upper()
    if scheme == IdScheme.LABEL_CODE:
        m = _LABEL_CODE.match(v)
        return f"LC {int(m.group(1)):05d}" if m else v.upper()
    if scheme == IdScheme.MUSICBRAINZ:
        return v.lower()
    if scheme == IdScheme.CATALOG_NUMBER:
        return _CATNO_NOISE.sub("", v).upper()
    if scheme in (IdScheme.MATRIX, IdScheme.MASTERING_SID, IdScheme.MOULD_SID):
        return _SPACES.sub(" ", v).upper()
    return v


def is_valid(scheme: IdScheme, value: str) -> bool | None:
    """True or False for schemes with a checksum or form; None when nothing can be checked."""
    if scheme not in _CHECKED:
        return None
    v = normalize(scheme, value)
    if scheme == IdScheme.BARCODE:
        return v.isdigit() and len(v) in (8, 12, 13, 14) and ean.is_valid(v)
    if scheme == IdScheme.ISRC:
        return isrc.is_valid(v)
    if scheme == IdScheme.ISBN:
        return isbn.is_valid(v)
    if scheme == IdScheme.ISWC:
        return iswc_valid(v)
    if scheme == IdScheme.IMDB:
        return bool(_IMDB.match(v))
    if scheme == IdScheme.WIKIDATA:
        return bool(_WIKIDATA.match(v))
    if scheme == IdScheme.MUSICBRAINZ:
        return bool(_MBID.match(v))
    if scheme == IdScheme.LABEL_CODE:
        return bool(_LABEL_CODE.match(value.strip()))
    return None


class Identifier(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One identifier as a source states it; ``valid`` is False when its checksum fails."""

    scheme: IdScheme
    value: str
    qualifier: str | None = None  # "Printed", "Var. 1", "Publisher": the source's own note
    valid: bool | None = None

    @classmethod
    def make(cls, scheme: IdScheme | str, value: str, qualifier: str | None = None) -> Identifier:
        """Build an identifier and check it; an invalid one is kept and flagged, never dropped."""
        s = IdScheme(scheme)
        return cls(scheme=s, value=value.strip(), qualifier=qualifier or None, valid=is_valid(s, value))

    @property
    def normalized(self) -> str:
        return normalize(self.scheme, self.value)


__all__ = ["EXACT_KEY_SCHEMES", "IdScheme", "Identifier", "is_valid", "iswc_valid", "normalize"]
