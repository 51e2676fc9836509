"""The running follow-up workbook: ``reports/suivi-reclamations.xlsx``, the process owner's to-do list.

One row per complaint (misdirected and Mediator-addressed ones included) still open, plus
those answered this month: what is due first at the top, closed complaints at the bottom
(`registers/followup_rows.py` says the next step, its urgency and the order). The product
fills the first columns from the journal — « À faire » and the next step, the claimant's
name, phones and e-mail, the file owner by name, links to the filed original and its
summary — and the process owner fills the last five:

    Accusé de réception envoyé le    a date
    Réponse envoyée le               a date (an answered complaint is closed)
    Issue                            favorable / partiel / défavorable (drop-down list)
    Médiateur mentionné ...          oui / non (drop-down list)
    Commentaire                      free text

The journal is the source of truth: what the owner types is read back
(`registers/followup_read.py`, by the row's N°, so re-sorting loses nothing) and stored
(`pipeline/followup_edits.py`) before the workbook is rewritten from the journal here, so
typed values come back from the journal; a cell that could not be read is shown again as
typed, marked, so that it can be fixed.

Deadlines stand out: red when past and not met, orange when due within 7 days; the sheet
« Légende » says so, and so does the printed page's footer. Printed: landscape, one page
wide, the header row on each page.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.journal import Journal
from pipeline.journal_model import AnswerOutcome, FollowUp
from pipeline.record import FilingStatus, Item
from pipeline.registers import followup_rows
from pipeline.registers.daily import (
    COLUMNS,
    MEDIATOR,
    MISDIRECTED,
    Column,
    Flag,
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
from pipeline.registers.followup_rows import DUE_MET_BY, LEGEND, LEGEND_FOOTER, URGENT, Step, Todo
from pipeline.workbook import (
    BODY_FONT,
    BORDER,
    DATE_FORMAT,
    FLAG_FONT,
    HEADER_FILL,
    INPUT_FILL,
    INVALID_FILL,
    LINK_FONT,
    OVERDUE_FILL,
    OVERDUE_FONT,
    OWNER_HEADER_FILL,
    TITLE_FONT,
    TOP_CENTRE,
    TOP_SHRINK,
    TOP_WRAP,
    WARNING_FILL,
    Cell,
    Workbook,
    Worksheet,
    add_comment,
    add_filter,
    column_letter,
    date_validation,
    default_font_arial,
    fit_row,
    list_validation,
    new_workbook,
    page_setup,
    put_text,
    save_atomically,
    set_style,
    write_header,
)

log = logging.getLogger(__name__)

LEGEND_SHEET = "Légende"
LEGEND_COLUMNS = (Column("shown", "", 16), Column("meaning", "", 90, wrap=True))
PRODUCT_KEYS = ("id", "todo", "step", "claimant", "phones", "email", "owner", "category",
                "description", "mediator", "misdirected", "sent", "ack_due", "answer_due",
                "original", "summary", "ack_letter")
# Narrower than in the daily register, so that the whole row prints one page wide.
WIDTHS = {"id": 16, "claimant": 18, "owner": 12.5, "category": 13, "description": 30,
          "mediator": 10, "misdirected": 10, "sent": 10, "ack_due": 10, "answer_due": 10,
          "acknowledged_on": 10, "answered_on": 10, "outcome": 10.5, "mediator_mentioned": 10.5,
          "comment": 20}
WRAPPED = ("owner", "category", "todo")  # « Marie Lefèvre » may take two lines


@dataclass(frozen=True)
class FollowupResult:
    path: Path
    read_back: ReadBack
    written: bool  # False when the read was delayed: the workbook was left as it was
    rows: int = 0
    overdue: int = 0  # rows whose next step is past its deadline



# -- which complaints are followed ------------------------------------------------------


def is_followed(item: Item) -> bool:
    """A complaint: read as one, or meant for the Mediator, or misdirected."""
    if item.is_complaint:
        return True
    return item.outcome is not None and item.outcome.status == FilingStatus.FILED and sheet_of(
        item) in (MISDIRECTED, MEDIATOR)


def followed_items(journal: Journal, today: date) -> list[tuple[Item, FollowUp]]:
    """Open complaints and those answered this month, by id (`followup_rows.in_order` sorts
    them as the workbook shows them)."""
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


def columns() -> list[Column]:
    """The workbook's columns, in order: the product's, then the owner's five."""
    known = {**COLUMNS, **followup_rows.COLUMNS}
    chosen = [known[key] for key in PRODUCT_KEYS] + list(OWNER_COLUMNS)
    # no flag colours: here orange means a deadline close, and nothing else
    return [replace(c, width=WIDTHS.get(c.key, c.width), wrap=c.wrap or c.key in WRAPPED,
                    flag_fill=None) for c in chosen]


def _owner_cell(ws: Worksheet, row: int, col: int, column: Column, value: Any,
                invalid: tuple[str, str] | None) -> None:
    cell = ws.cell(row=row, column=col)
    background, font, number_format = INPUT_FILL, BODY_FONT, None
    if invalid is not None:  # shown again as typed, so that it can be corrected
        typed, why = invalid
        put_text(cell, typed)
        background, font = INVALID_FILL, FLAG_FONT
        add_comment(cell, f"Valeur non retenue : {why or 'illisible'}. Corrigez-la.")
    elif value is None:
        pass
    elif column.key in DATE_FIELDS:
        cell.value = date.fromisoformat(value)
        number_format = DATE_FORMAT
    else:
        put_text(cell, stored_text(column.key, value) or "")
    set_style(cell, font=font, border=BORDER, fill=background, number_format=number_format,
              alignment=TOP_WRAP if column.wrap else TOP_CENTRE)


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


def _urgent(cell: Cell, state: Todo | None) -> None:
    """Red for a deadline past, orange for one today or within 7 days."""
    if state == Todo.OVERDUE:
        cell.fill, cell.font = OVERDUE_FILL, OVERDUE_FONT
    elif state in URGENT:
        cell.fill, cell.font = WARNING_FILL, FLAG_FONT


def _values(item: Item, followup: FollowUp, step: Step, reports: Path | None,
            names: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = dict(row_values(item, names))
    values.update(followup_rows.contact(item), todo=step.todo.value, step=step.text)
    if reports is not None:
        values.update(followup_rows.links(item, reports))
        values["ack_letter"] = followup_rows.ack_letter(item, followup, reports)
    return values


def build_workbook(rows: Sequence[tuple[Item, FollowUp]], today: date,
                   invalid: Mapping[tuple[str, str], tuple[str, str]] | None = None, *,
                   reports: Path | None = None,
                   names: Mapping[str, str] | None = None) -> tuple[Workbook, int]:
    """The workbook and its count of overdue rows. `invalid`: (id, field) -> (text the owner
    typed that could not be read or was refused, why), shown again in place of the
    journal's value with the reason in the cell's note; `reports`:
    the workbook's folder, which the links start from (no links without it); `names`: the
    staff's names by id (cabinet.toml), for the file owner."""
    invalid, names = invalid or {}, names or {}
    cols = columns()
    product = cols[: len(PRODUCT_KEYS)]
    wb = new_workbook("Suivi des réclamations", (SHEET, LEGEND_SHEET, WRITTEN_SHEET))
    default_font_arial(wb)
    ws = wb[SHEET]
    write_header(ws, 1, cols, lines=4, fills=[HEADER_FILL] * len(product)
                 + [OWNER_HEADER_FILL] * len(OWNER_COLUMNS))
    ordered = followup_rows.in_order(rows, today)
    overdue_rows = 0
    for row, (item, followup, step) in enumerate(ordered, start=2):
        values = _values(item, followup, step, reports, names)
        for col, column in enumerate(cols, start=1):
            if column.key in OWNER_HEADERS:
                _owner_cell(ws, row, col, column, getattr(followup, column.key),
                            invalid.get((item.id, column.key)))
                continue
            cell = ws.cell(row=row, column=col)
            write_cell(cell, values.get(column.key), replace(column, due=False), today)
            if column.key in DUE_MET_BY:
                _urgent(cell, followup_rows.deadline_state(item, followup, column.key, today))
            elif column.key in ("todo", "step"):
                _urgent(cell, step.todo)
            elif column.key == "email":
                cell.alignment = TOP_SHRINK  # an address is never cut mid-word
            elif isinstance(values.get(column.key), Flag) and values[column.key].on:
                cell.font = FLAG_FONT  # « oui » in bold, without a colour of its own
        if step.todo == Todo.OVERDUE:
            overdue_rows += 1
            _urgent(ws.cell(row=row, column=1), step.todo)
        fit_row(ws, row, product)  # the owner's comment does not make the row taller
    add_filter(ws, len(cols), len(ordered) + 1)
    ws.freeze_panes = "C2"  # the header, N° and À faire stay in view
    _validations(ws, cols, len(ordered) + 1)
    page_setup(ws, f"Suivi des réclamations au {today:%d/%m/%Y}", wide=1, title_rows="1:1",
               footer_left=LEGEND_FOOTER, day=today)
    _legend_sheet(wb[LEGEND_SHEET])
    _written_sheet(wb[WRITTEN_SHEET], rows)
    return wb, overdue_rows


def _legend_sheet(ws: Worksheet) -> None:
    """What the colours and the words of « À faire » mean."""
    put_text(ws.cell(row=1, column=1), "Légende du suivi des réclamations")
    ws.cell(row=1, column=1).font = TITLE_FONT
    styles = {"overdue": (OVERDUE_FILL, OVERDUE_FONT), "soon": (WARNING_FILL, FLAG_FONT),
              "input": (INPUT_FILL, BODY_FONT), "invalid": (INVALID_FILL, FLAG_FONT),
              "link": (None, LINK_FONT), "plain": (None, BODY_FONT)}
    for row, (style, shown, meaning) in enumerate(LEGEND, start=3):
        sample, text = ws.cell(row=row, column=1), ws.cell(row=row, column=2)
        background, font = styles[style]
        put_text(sample, shown)
        sample.font, sample.border, sample.alignment = font, BORDER, TOP_CENTRE
        if background is not None:
            sample.fill = background
        put_text(text, meaning)
        text.font, text.alignment = BODY_FONT, TOP_WRAP
        fit_row(ws, row, LEGEND_COLUMNS)
    for letter, column in zip("AB", LEGEND_COLUMNS, strict=True):
        ws.column_dimensions[letter].width = column.width
    page_setup(ws, "Suivi des réclamations — légende", wide=1, title_rows=None, portrait=True)


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
                   back: ReadBack | None = None,
                   names: Mapping[str, str] | None = None) -> FollowupResult:
    """Rewrite the workbook from the journal. `back`: the read-back just done, whose
    unreadable cells are shown again as typed; `names`: the staff's names by id."""
    path = followup_path(reports)
    back = back or ReadBack(path)
    invalid = {(p.item_id, p.key): (p.typed, p.reason)
               for p in back.problems if p.item_id is not None and p.key is not None}
    rows = followed_items(journal, today)
    wb, overdue = build_workbook(rows, today, invalid, reports=reports, names=names)
    save_atomically(wb, path)
    log.info("follow-up workbook written: %d row(s), %d overdue", len(rows), overdue)
    return FollowupResult(path, back, written=True, rows=len(rows), overdue=overdue)
