"""The legal deadlines of a complaint (rules.md, "Deadlines"; ACPR 2022-R-01).

- acknowledgement: 10 *jours ouvrables* after the sending date — Monday to Saturday,
  French public holidays excepted, the starting day not counted;
- answer: 2 months after the sending date, same day number, or the month's last day
  when that day does not exist (31 December -> 28 February).

Public holidays are metropolitan France's, or Alsace-Moselle's (Good Friday and
26 December too) when the cabinet says so in its config.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache

import holidays

from pipeline.settings import HolidayCalendar

ACK_WORKING_DAYS = 10
ANSWER_MONTHS = 2
SUBDIVISION = {HolidayCalendar.METROPOLE: None, HolidayCalendar.ALSACE_MOSELLE: "57"}


@cache
def _holidays(region: HolidayCalendar, year: int) -> frozenset[date]:
    days = holidays.France(subdiv=SUBDIVISION[region], years=year)
    return frozenset(days)


def is_working_day(day: date, region: HolidayCalendar = HolidayCalendar.METROPOLE) -> bool:
    """A *jour ouvrable*: Monday to Saturday, not a public holiday."""
    return day.weekday() != 6 and day not in _holidays(region, day.year)


def ack_due(sent: date, region: HolidayCalendar = HolidayCalendar.METROPOLE) -> date:
    day, counted = sent, 0
    while counted < ACK_WORKING_DAYS:
        day += timedelta(days=1)
        counted += is_working_day(day, region)
    return day


def answer_due(sent: date) -> date:
    month_index = sent.month - 1 + ANSWER_MONTHS
    year, month = sent.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(sent.day, calendar.monthrange(year, month)[1]))
