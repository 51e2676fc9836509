"""What the monthly report holds: its figures (a label and the ids it counts), sections, and
one line per complaint, delay, quarantined file and audit event; and the month it is about.

Types only, and the helpers that name a month and judge a step: the figures are computed in
`reports/figures.py`, written in `reports/monthly.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from pipeline.french import MONTHS_FR

MONTH_RE = re.compile(r"(\d{4})-(\d{2})")


def parse_month(text: str) -> tuple[date, date]:
    """"2026-11" -> (1 Nov 2026, 30 Nov 2026); ValueError (French) when malformed."""
    found = MONTH_RE.fullmatch(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        raise ValueError(f"mois attendu au format AAAA-MM (par exemple 2026-11) : {text!r}")
    first = date(int(found.group(1)), int(found.group(2)), 1)
    return first, _next_month(first) - timedelta(days=1)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def month_label(month: str) -> str:
    """"2026-11" -> "novembre 2026"."""
    first, _ = parse_month(month)
    return f"{MONTHS_FR[first.month - 1]} {first.year}"


# -- the figures and lines -----------------------------------------------------------------


class StepState(StrEnum):
    """Where one step (acknowledgement, answer) of a complaint stands."""

    ON_TIME = "dans les délais"
    LATE = "hors délai"
    OVERDUE = "non fait, délai dépassé"
    PENDING = "non fait, délai en cours"
    UNKNOWN = "échéance inconnue"
    EXPIRED = "délai échu avant la réception"


# The states that say how the cabinet kept its deadlines (the rates count them), and those
# of them that are its lateness. A deadline already past on the day the cabinet received
# the item (a letter dated years before it arrived) is neither: it is said as such.
JUDGED = (StepState.ON_TIME, StepState.LATE, StepState.OVERDUE)
MISSED = (StepState.LATE, StepState.OVERDUE)


def expired_before_receipt(due: date | None, received_on: date) -> bool:
    """The deadline was already past on the day the cabinet received the item: the delay
    is not the cabinet's (deadlines count from the sending date, rules.md)."""
    return due is not None and due < received_on


def step_state(done: date | None, due: date | None, as_of: date,
               received_on: date | None = None) -> StepState:
    """On time when done on or before the due day; overdue when not done and `as_of` is
    past the due day; `EXPIRED` when the due day was past on `received_on`."""
    if received_on is not None and expired_before_receipt(due, received_on):
        return StepState.EXPIRED
    if done is not None and due is not None:
        return StepState.ON_TIME if done <= due else StepState.LATE
    if due is None:
        return StepState.ON_TIME if done is not None else StepState.UNKNOWN
    return StepState.OVERDUE if as_of > due else StepState.PENDING


@dataclass(frozen=True)
class Figure:
    """One line of the summary: a label, the ids it counts, and a rate when it has one."""

    label: str
    ids: tuple[str, ...]
    rate: float | None = None

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Section:
    key: str  # stable: "canal", "categorie", "accuse", …
    title: str  # French
    figures: tuple[Figure, ...]
    note: str = ""  # French: how the section counts

    def figure(self, label: str) -> Figure:
        for f in self.figures:
            if f.label == label:
                return f
        raise KeyError(label)


@dataclass(frozen=True)
class ComplaintLine:
    """One complaint counted, as the detail sheet shows it."""

    id: str
    of_month: bool  # False: an earlier complaint still open at month end
    received_on: date
    sent_on: date | None
    channel: str
    category: str
    product: str
    insurer: str
    owner: str
    statut: str
    mediator: bool
    misdirected: bool
    redirect_to: str | None
    ack_due: date | None
    answer_due: date | None
    acknowledged_on: date | None
    answered_on: date | None
    outcome: str | None
    mediator_mentioned: bool | None
    comment: str | None
    ack_state: StepState
    answer_state: StepState
    open_at_month_end: bool


@dataclass(frozen=True)
class LateLine:
    id: str
    step: str  # "accusé de réception" or "réponse"
    due: date
    done_on: date | None
    # calendar days past `due`, until done (or until today when open); None when the
    # deadline was past before the item was received (`StepState.EXPIRED`)
    days_late: int | None
    state: StepState
    owner: str
    received_on: date | None = None


@dataclass(frozen=True)
class QuarantineLine:
    id: str
    source_file: str
    received_on: date
    reason: str
    code: str | None
    location: str | None


@dataclass(frozen=True)
class AuditLine:
    at: datetime  # Paris time, naive (Excel holds no offset)
    item_id: str
    what: str
    field: str | None
    old: str | None
    new: str | None
    detail: str | None


@dataclass(frozen=True)
class MonthFigures:
    month: str  # "2026-11"
    first_day: date
    last_day: date
    today: date
    month_end: date  # the last day, or today for the current month
    complaints: tuple[ComplaintLine, ...]  # the month's, then earlier ones open at month end
    sections: tuple[Section, ...]
    late: tuple[LateLine, ...]
    quarantine: tuple[QuarantineLine, ...]
    trend: tuple[Figure, ...]  # one per month, oldest first; label "2026-11"
    audit: tuple[AuditLine, ...] = field(default=())

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    @property
    def of_month(self) -> tuple[ComplaintLine, ...]:
        return tuple(c for c in self.complaints if c.of_month)

