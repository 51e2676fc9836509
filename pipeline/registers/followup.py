"""The running follow-up workbook: ``reports/suivi-reclamations.xlsx``, kept by the process owner.

One row per complaint (misdirected and Mediator-addressed ones included) still open, plus
those answered this month, sorted by id. The product fills the first columns from the
journal; the process owner fills the last five:

    Accusé de réception envoyé le    a date
    Réponse envoyée le               a date (an answered complaint is closed)
    Issue                            favorable / partiel / défavorable (drop-down list)
    Médiateur mentionné ...          oui / non (drop-down list)
    Commentaire                      free text

The journal is the source of truth: what the owner types is read back
(`registers/followup_read.py`) and stored (`pipeline/followup_edits.py`) before the
workbook is rewritten from the journal here, so typed values come back from the journal;
a cell that could not be read is shown again as typed, marked, so that it can be fixed.

Overdue deadlines stand out: red when the due date is past and the matching date is
empty, orange when it falls within the next 2 *jours ouvrables*.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pipeline.deadlines import is_working_day
from pipeline.journal import AnswerOutcome, FollowUp, Journal
from pipeline.record import FilingStatus, Item
from pipeline.registers.daily import (
    COLUMNS,
    MEDIATOR,
    MISDIRECTED,
    Column,
    row_values,
    sheet_of,
    write_cell,
)
from pipeline.registers.followup_cells import (
    DATE_FIELDS,
    OWNER_COLUMNS,
    OWNER_HEADERS,
    PARSERS,
    SHEET,
    WRITTEN_SHEET,
    followup_path,
    stored_text,
)
from pipeline.registers.followup_read import ReadBack
from pipeline.settings import HolidayCalendar
from pipeline.workbook import (
    BODY_FONT,
    BORDER,
    DATE_FORMAT,
    FLAG_FONT,
    HEADER_FILL,
    INPUT_FILL,
    INVALID_FILL,
    OVERDUE_FILL,
    OVERDUE_FONT,
    OWNER_HEADER_FILL,
    TOP_CENTRE,
    TOP_WRAP,
    WARNING_FILL,
    Workbook,
    Worksheet,
    add_comment,
    add_filter,
    column_letter,
    date_validation,
    fit_row,
    list_validation,
    new_workbook,
    page_setup,
    put_text,
    save_atomically,
    write_header,
)

log = logging.getLogger(__name__)

SOON_WORKING_DAYS = 2

PRODUCT_KEYS = ("id", "received", "sent", "claimant", "owner", "category", "description",
                "mediator", "misdirected", "ack_due", "answer_due")
# A due date and the owner's date that meets it; an answer also meets the acknowledgement.
DUE_MET_BY = {"ack_due": ("acknowledged_on", "answered_on"), "answer_due": ("answered_on",)}


@dataclass(frozen=True)
class FollowupResult:
    path: Path
    read_back: ReadBack
    written: bool  # False when the read was delayed: the workbook was left as it was
    rows: int = 0
    overdue: int = 0  # rows with a deadline past and its date empty



# -- which complaints are followed ------------------------------------------------------


def is_followed(item: Item) -> bool:
    """A complaint: read as one, or meant for the Mediator, or misdirected."""
    if item.is_complaint:
        return True
    return item.outcome is not None and item.outcome.status == FilingStatus.FILED and sheet_of(
        item) in (MISDIRECTED, MEDIATOR)


def followed_items(journal: Journal, today: date) -> list[tuple[Item, FollowUp]]:
    """Open complaints and those answered this month, sorted by id."""
    followups = journal.followups()
    month_start = today.replace(day=1).isoformat()
    rows = []
    for item in journal.items():
        if not is_followed(item):
            continue
        followup = followups.get(item.id) or FollowUp(item.id)
        if followup.answered_on is None or followup.answered_on >= month_start:
            rows.append((item, followup))
    return sorted(rows, key=lambda pair: pair[0].id)


# -- writing ----------------------------------------------------------------------------


def add_working_days(day: date, count: int,
                     region: HolidayCalendar = HolidayCalendar.METROPOLE) -> date:
    while count > 0:
        day += timedelta(days=1)
        count -= is_working_day(day, region)
    return day


def urgency(due: date | None, met: bool, today: date) -> str | None:
    """"overdue", "soon" (within 2 working days) or None."""
    if due is None or met:
        return None
    if due < today:
        return "overdue"
    if due <= add_working_days(today, SOON_WORKING_DAYS):
        return "soon"
    return None


def _owner_cell(ws: Worksheet, row: int, col: int, column: Column, value: Any,
                invalid: str | None) -> None:
    cell = ws.cell(row=row, column=col)
    cell.border, cell.fill, cell.font = BORDER, INPUT_FILL, BODY_FONT
    cell.alignment = TOP_WRAP if column.wrap else TOP_CENTRE
    if invalid is not None:  # shown again as typed, so that it can be corrected
        put_text(cell, invalid)
        cell.fill, cell.font = INVALID_FILL, FLAG_FONT
        add_comment(cell, "Valeur non lue : corrigez-la (voir le message de reclam).")
    elif value is None:
        return
    elif column.key in DATE_FIELDS:
        cell.value = date.fromisoformat(value)
        cell.number_format = DATE_FORMAT
    else:
        put_text(cell, stored_text(column.key, value) or "")


def _validations(ws: Worksheet, columns: Sequence[Column], last_row: int) -> None:
    letters = {c.key: column_letter(i) for i, c in enumerate(columns, start=1)}
    first, last = 2, max(last_row, 2)
    outcome = list_validation([o.value for o in AnswerOutcome], "Issue",
                              "Choisissez favorable, partiel ou défavorable.")
    yes_no_list = list_validation(["oui", "non"], "Médiateur mentionné", "Choisissez oui ou non.")
    dates = date_validation("Date", "Saisissez une date (JJ/MM/AAAA).")
    outcome.add(f"{letters['outcome']}{first}:{letters['outcome']}{last}")
    yes_no_list.add(
        f"{letters['mediator_mentioned']}{first}:{letters['mediator_mentioned']}{last}")
    for key in DATE_FIELDS:
        dates.add(f"{letters[key]}{first}:{letters[key]}{last}")
    for validation in (outcome, yes_no_list, dates):
        ws.add_data_validation(validation)


def build_workbook(rows: Sequence[tuple[Item, FollowUp]], today: date,
                   invalid: Mapping[tuple[str, str], str] | None = None) -> tuple[Workbook, int]:
    """The workbook and its count of overdue rows. `invalid`: (id, field) -> text the owner
    typed that could not be read, shown again in place of the journal's value."""
    invalid = invalid or {}
    product = [COLUMNS[key] for key in PRODUCT_KEYS]
    columns = product + list(OWNER_COLUMNS)
    wb = new_workbook("Suivi des réclamations", (SHEET, WRITTEN_SHEET))
    ws = wb[SHEET]
    write_header(ws, 1, columns, lines=4, fills=[HEADER_FILL] * len(product)
                 + [OWNER_HEADER_FILL] * len(OWNER_COLUMNS))
    overdue_rows = 0
    for row, (item, followup) in enumerate(rows, start=2):
        values = row_values(item)
        overdue = False
        for col, column in enumerate(columns, start=1):
            if column.key in OWNER_HEADERS:
                _owner_cell(ws, row, col, column, getattr(followup, column.key),
                            invalid.get((item.id, column.key)))
                continue
            cell = ws.cell(row=row, column=col)
            value = values[column.key]
            write_cell(cell, value, replace(column, due=False), today)
            if column.key in DUE_MET_BY and isinstance(value, date):
                met = any(getattr(followup, key) for key in DUE_MET_BY[column.key])
                state = urgency(value, met, today)
                if state == "overdue":
                    cell.fill, cell.font = OVERDUE_FILL, OVERDUE_FONT
                    overdue = True
                elif state == "soon":
                    cell.fill, cell.font = WARNING_FILL, FLAG_FONT
        if overdue:
            overdue_rows += 1
            ws.cell(row=row, column=1).fill = OVERDUE_FILL
            ws.cell(row=row, column=1).font = OVERDUE_FONT
        fit_row(ws, row, product)  # the owner's comment does not make the row taller
    add_filter(ws, len(columns), len(rows) + 1)
    ws.freeze_panes = "B2"
    _validations(ws, columns, len(rows) + 1)
    page_setup(ws, f"Suivi des réclamations au {today:%d/%m/%Y}", wide=2, title_rows="1:1",
               title_cols="A:A")
    _written_sheet(wb[WRITTEN_SHEET], rows)
    return wb, overdue_rows


def _written_sheet(ws: Worksheet, rows: Sequence[tuple[Item, FollowUp]]) -> None:
    ws.sheet_state = "veryHidden"
    keys = ("id", *PARSERS)
    for col, key in enumerate(keys, start=1):
        put_text(ws.cell(row=1, column=col), key)
    for row, (item, followup) in enumerate(rows, start=2):
        put_text(ws.cell(row=row, column=1), item.id)
        for col, key in enumerate(PARSERS, start=2):
            text = stored_text(key, getattr(followup, key))
            if text is not None:
                put_text(ws.cell(row=row, column=col), text)


def write_followup(journal: Journal, reports: Path, today: date,
                   back: ReadBack | None = None) -> FollowupResult:
    """Rewrite the workbook from the journal. `back`: the read-back just done, whose
    unreadable cells are shown again as typed."""
    path = followup_path(reports)
    back = back or ReadBack(path)
    invalid = {(p.item_id, p.key): p.typed
               for p in back.problems if p.item_id is not None and p.key is not None}
    rows = followed_items(journal, today)
    wb, overdue = build_workbook(rows, today, invalid)
    save_atomically(wb, path)
    log.info("follow-up workbook written: %d row(s), %d overdue", len(rows), overdue)
    return FollowupResult(path, back, written=True, rows=len(rows), overdue=overdue)
