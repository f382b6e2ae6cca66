"""Swedish formatting: fixed month table, non-breaking spaces, no locale."""

from __future__ import annotations

import datetime as dt

import pytest

from papergen.model.format import NBSP, belopp, datum_lang, plain, procent, typografi


@pytest.mark.parametrize(("date", "text"), [
    (dt.date(2020, 2, 14), "14 februari 2020"),  # the meeting of seed 003
    (dt.date(2020, 3, 18), "18 mars 2020"),  # the remiss deadline
    (dt.date(2019, 12, 1), "1 december 2019"),
])
def test_datum_lang(date: dt.date, text: str) -> None:
    assert datum_lang(date) == text


def test_belopp_groups_with_nbsp() -> None:
    assert belopp(1866339) == f"1{NBSP}866{NBSP}339"
    assert belopp(None) == ""


def test_procent_uses_decimal_comma() -> None:
    from decimal import Decimal
    assert procent(Decimal("42")) == "42"
    assert procent(Decimal("42.50")) == "42,5"


@pytest.mark.parametrize(("text", "expected"), [
    ("högst 2 000 000 kronor för", f"högst 2{NBSP}000{NBSP}000{NBSP}kronor för"),
    ("42 procent av", f"42{NBSP}procent av"),
    ("senast den 28 februari 2020.", f"senast den{NBSP}28{NBSP}februari{NBSP}2020."),
    # A date keeps its hyphen-minus, so Word's Find for "2020-01-01" finds it.
    ("tidigast 2020-01-01 och", "tidigast 2020-01-01 och"),
    ("Gruppmöten kl 9.00-10.00", f"Gruppmöten kl{NBSP}9.00-10.00"),
    ("(2018-11-28 § 83)", f"(2018-11-28 §{NBSP}83)"),
    ("Område 5.6 och år 2019 samt 2020", "Område 5.6 och år 2019 samt 2020"),
])
def test_typografi_only_swaps_spaces_and_hyphens(text: str, expected: str) -> None:
    assert typografi(text) == expected
    assert plain(typografi(text)) == text
