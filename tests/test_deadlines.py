"""Deadlines: 10 jours ouvrables to acknowledge, 2 months to answer (rules.md examples)."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.deadlines import ack_due, answer_due, is_working_day
from pipeline.settings import HolidayCalendar


def test_rules_example_may_bridges_are_skipped() -> None:
    # sent Monday 4 May 2026: 8 May and Ascension (14 May) are skipped
    assert ack_due(date(2026, 5, 4)) == date(2026, 5, 18)
    assert answer_due(date(2026, 5, 4)) == date(2026, 7, 4)


def test_rules_example_answer_at_the_end_of_a_short_month() -> None:
    assert answer_due(date(2026, 12, 31)) == date(2027, 2, 28)
    assert answer_due(date(2027, 12, 31)) == date(2028, 2, 29)  # leap year
    assert answer_due(date(2026, 8, 31)) == date(2026, 10, 31)


def test_year_end_skips_christmas_new_year_and_sundays() -> None:
    # Thu 24 Dec 2026: 25 Dec, 27 Dec (Sun), 1 Jan, 3 Jan (Sun) are not counted
    assert ack_due(date(2026, 12, 24)) == date(2027, 1, 7)


def test_saturday_counts_sunday_does_not() -> None:
    assert is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 11, 29))  # Sunday
    # sent Friday 20 Nov 2026 -> 10 jours ouvrables later is Wednesday 2 Dec
    assert ack_due(date(2026, 11, 20)) == date(2026, 12, 2)


def test_starting_day_is_not_counted_even_when_a_holiday() -> None:
    assert ack_due(date(2026, 11, 11)) == date(2026, 11, 23)


@pytest.mark.parametrize(("day", "metropole", "alsace"), [
    (date(2026, 4, 3), True, False),  # Good Friday
    (date(2026, 12, 26), True, False),  # Saint Stephen (a Saturday in 2026)
])
def test_alsace_moselle_has_two_more_holidays(day: date, metropole: bool, alsace: bool) -> None:
    assert is_working_day(day, HolidayCalendar.METROPOLE) is metropole
    assert is_working_day(day, HolidayCalendar.ALSACE_MOSELLE) is alsace


def test_alsace_moselle_deadline_moves_by_a_day() -> None:
    sent = date(2026, 3, 30)  # Monday before Good Friday (and Easter Monday, 6 April)
    assert ack_due(sent) == date(2026, 4, 11)
    assert ack_due(sent, HolidayCalendar.ALSACE_MOSELLE) == date(2026, 4, 13)
