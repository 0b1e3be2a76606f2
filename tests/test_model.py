"""The record model's pure parts: identifiers, partial dates and text folding."""

from __future__ import annotations

import pytest

from mediagraph.errors import InputError
from mediagraph.model import Identifier, IdScheme, PartialDate
from mediagraph.model.identifiers import iswc_valid
from mediagraph.normalize import match_key


def test_barcode_checksum_is_checked_and_an_invalid_one_is_kept_flagged() -> None:
    good = Identifier.make(IdScheme.BARCODE, "7 18755 61552 2", "Printed")
    assert good.valid is True and good.normalized == "718755615522" and good.qualifier == "Printed"
    bad = Identifier.make(IdScheme.BARCODE, "718755615523")
    assert bad.valid is False and bad.value == "718755615523"


@pytest.mark.parametrize(
    ("scheme", "value", "valid"),
    [
        (IdScheme.ISRC, "USRC17607839", True),
        (IdScheme.ISRC, "US-RC1-76-07839", True),
        (IdScheme.ISRC, "XX", False),
        (IdScheme.ISWC, "T-034.524.680-1", True),
        (IdScheme.ISWC, "T-034.524.680-2", False),
        (IdScheme.LABEL_CODE, "LC 07572", True),
        (IdScheme.IMDB, "tt0017136", True),
        (IdScheme.WIKIDATA, "Q151599", True),
        (IdScheme.MATRIX, "A0100333556-0101 13 A4", None),
    ],
)
def test_identifier_validation(scheme: IdScheme, value: str, valid: bool | None) -> None:
    assert Identifier.make(scheme, value).valid is valid


def test_iswc_check_digit() -> None:
    assert iswc_valid("T0345246801")
    assert not iswc_valid("T0345246802")


@pytest.mark.parametrize(("text", "shown"), [("1927", "1927"), ("2002-02", "2002-02"), ("1999-03-00", "1999-03"), ("2021-09-27", "2021-09-27")])
def test_partial_dates_keep_their_precision(text: str, shown: str) -> None:
    assert str(PartialDate.parse(text)) == shown


def test_bad_dates_are_refused() -> None:
    with pytest.raises(InputError):
        PartialDate.parse("1927-13")
    with pytest.raises(InputError):
        PartialDate.parse("soon")


@pytest.mark.parametrize(
    "variants",
    [
        ("Yûzo", "Yuuzo", "Yuzo"),
        ("Kôsei", "Kousei", "Kosei"),
        ("Bob Marley & The Wailers", "bob marley and the wailers"),
        ("Tarô Ishida", "Taro Ishida", "TARO  ISHIDA"),
        ("Kôhei", "Kouhei", "Koohei", "Kohei"),
        ("Kôsei", "Kohsei"),
    ],
)
def test_spelling_variants_share_a_match_key(variants: tuple[str, ...]) -> None:
    assert len({match_key(v) for v in variants}) == 1


def test_kana_keep_their_voicing_marks() -> None:
    assert match_key("メトロポリス") != match_key("メトロホリス")


def test_roman_numerals_and_syllables_are_not_long_vowels() -> None:
    assert match_key("Iron River II") != match_key("Iron River I")
    assert match_key("Kohei") == "kohei"
