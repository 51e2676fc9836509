"""The process owner's edits in the follow-up workbook, into the journal: an input edge.

Besides inbox/, the follow-up workbook (``reports/suivi-reclamations.xlsx``) is the one
place the product takes input from: the dates, outcome and comment the process owner
types. `read_back` reads them (`registers/followup_read.py`) and stores each change with
`Journal.set_followup` (each one in the audit log); `refresh_followup`, which the run calls
after a batch, then rewrites the workbook from the journal (`registers/followup.py`).
A delayed read-back (the workbook open elsewhere, or unreadable now) stores nothing and
leaves the workbook untouched, so nothing typed is lost.

`impossible_dates` is the one check of the follow-up dates, for the workbook's read-back
and `reclam suivi` alike: a refused date is not stored, the owner is told why (the row
or the item), and the item's other edits are stored.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline import clock
from pipeline.french import short
from pipeline.journal import Journal
from pipeline.journal_model import FollowUp
from pipeline.record import Item
from pipeline.registers.followup import FollowupResult, write_followup
from pipeline.registers.followup_cells import FILE_NAME, followup_path
from pipeline.registers.followup_read import ReadBack, read_edits

log = logging.getLogger(__name__)

SOURCE = FILE_NAME  # how a read-back's changes are signed in the audit log


DATE_FIELDS = ("acknowledged_on", "answered_on")


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _earliest(item: Item) -> tuple[date, str]:
    """The first day a follow-up date may be, and what it is in French: the day the
    complaint was sent (the date on the letter, the day of the call) when before the day
    of receipt, else the day of receipt. (A scan's receipt is the scan day: an
    acknowledgement sent before the scan, on the day the letter came, is possible.)"""
    received = datetime.fromisoformat(item.received_at).astimezone(clock.PARIS).date()
    d, f = item.decision, item.findings
    sent = _day((d.sent_on if d else None) or (f.sent_on if f else None))
    if sent is not None and sent < received:
        return sent, f"l'envoi de la réclamation (datée du {short(sent)})"
    return received, f"la réception du courrier (reçu le {short(received)})"


def impossible_dates(item: Item, current: FollowUp, changes: Mapping[str, Any],
                     today: date) -> dict[str, str]:
    """The date changes (ISO dates in `changes`, by follow-up field) that cannot be true,
    each with its French reason: after `today` (passed in: this reads no clock), before the
    complaint was sent or received (`_earliest`), or an answer before the acknowledgement.
    A field cleared (None) or not changed is never refused."""
    first, what = _earliest(item)
    refused: dict[str, str] = {}
    for key in DATE_FIELDS:
        day = _day(changes.get(key))
        if day is None:
            continue
        if day > today:
            refused[key] = f"date dans le futur (nous sommes le {short(today)})"
        elif day < first:
            refused[key] = f"date antérieure à {what}"

    def kept(key: str) -> date | None:  # the value once the accepted changes are stored
        if key in changes and key not in refused:
            return _day(changes[key])
        return _day(getattr(current, key))

    ack, answer = kept("acknowledged_on"), kept("answered_on")
    if ack is not None and answer is not None and answer < ack:
        if "answered_on" in changes and "answered_on" not in refused:
            refused["answered_on"] = ("réponse antérieure à l'accusé de réception "
                                      f"(envoyé le {short(ack)})")
        else:
            refused["acknowledged_on"] = ("accusé de réception postérieur à la réponse "
                                          f"(envoyée le {short(answer)})")
    return refused


def read_back(path: Path, journal: Journal, today: date) -> ReadBack:
    """Store in the journal what the owner typed in the workbook at `path`; the read-back,
    with the fields each item had changed (`changes`). A date `impossible_dates` refuses
    (as of `today`) is a problem of its row, not stored; the row's other cells are."""
    current = journal.followups()
    items: dict[str, Item] = {}

    def refuse(item_id: str, update: Mapping[str, Any]) -> Mapping[str, str]:
        if not any(key in update for key in DATE_FIELDS):
            return {}
        if not items:  # read once, and only when a date was typed
            items.update((i.id, i) for i in journal.items())
        item = items.get(item_id)
        if item is None:
            return {}
        return impossible_dates(item, current.get(item_id) or FollowUp(item_id), update, today)

    back = read_edits(path, journal.states(), current, refuse)
    changes: dict[str, tuple[str, ...]] = {}
    for item_id, update in back.updates.items():
        stored = journal.set_followup(item_id, dict(update), SOURCE)
        if stored:
            changes[item_id] = tuple(stored)
            log.info("%s: follow-up from the workbook: %s", item_id, ", ".join(stored))
    for problem in back.problems:
        log.warning("%s: %s", problem.item_id or "-", problem.message)
    return replace(back, changes=changes)


def refresh_followup(journal: Journal, reports: Path, today: date,
                     names: Mapping[str, str] | None = None) -> FollowupResult:
    """Read back what the owner typed, then rewrite the workbook from the journal (`names`:
    the staff's names by id, for the file owner).

    A delayed read-back (workbook open elsewhere) leaves the workbook untouched."""
    back = read_back(followup_path(reports), journal, today)
    if back.delayed:
        return FollowupResult(back.path, back, written=False)
    return write_followup(journal, reports, today, back, names)
