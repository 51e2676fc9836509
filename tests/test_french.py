"""pipeline/french.py: the one way dates are typed in, and dates and numbers shown in French."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pipeline import french


@pytest.mark.parametrize("typed", ["27/11/2026", "27.11.2026", "27-11-2026", "2026-11-27",
                                   " 27/11/2026 ", "2026-11-27"])
def test_both_formats_read_the_same_day(typed: str) -> None:
    assert french.parse_day(typed) == date(2026, 11, 27)


def test_a_day_that_does_not_exist_is_said_as_such() -> None:
    with pytest.raises(ValueError, match="cette date n'existe pas"):
        french.parse_day("31/02/2026")


@pytest.mark.parametrize("typed", ["02/12", "demain", "2026/11/27", "27 novembre 2026", ""])
def test_other_forms_are_refused_naming_the_formats(typed: str) -> None:
    with pytest.raises(ValueError, match="JJ/MM/AAAA ou AAAA-MM-JJ"):
        french.parse_day(typed)


def test_an_implausible_year_is_refused() -> None:
    with pytest.raises(ValueError, match="année invraisemblable"):
        french.parse_day("01/01/1900")


def test_dates_shown_in_french() -> None:
    assert french.short("2026-12-04") == "04/12/2026"
    assert french.long(date(2026, 12, 4)) == "4 décembre 2026"
    assert french.long("2027-03-01") == "1er mars 2027"
    assert french.short(None) == "—"
    # a moment is shown on its Paris day and hour
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert french.short(late) == "01/01/2027"
    assert french.moment("2026-12-02T21:50:39+01:00") == "02/12/2026 à 21:50"


def test_numbers_take_a_decimal_comma() -> None:
    assert french.number(80.0) == "80,0"
    assert french.number(2 / 3, 2) == "0,67"


def test_thousands_are_grouped_by_a_narrow_no_break_space() -> None:
    assert french.number(4634, 0) == "4\u202f634"
    assert french.number(1234567.891, 2) == "1\u202f234\u202f567,89"
    assert french.number(-1500, 0) == "-1\u202f500"
