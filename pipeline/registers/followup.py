"""The running follow-up workbook: ``reports/suivi-reclamations.xlsx``, kept by the process owner.

One row per complaint (misdirected and Mediator-addressed ones included) still open, plus
those answered this month, sorted by id. The product fills the first columns from the
journal; the process owner fills the last five:

    Accusé de réception envoyé le    a date
    Réponse envoyée le               a date (an answered complaint is closed)
    Issue                            favorable / partiel / défavorable (drop-down list)
    Médiateur mentionné ...          oui / non (drop-down list)
    Commentaire                      free text

The journal is the source of truth. `refresh_followup` first reads back what the owner
typed (`read_back`), stores it with `Journal.set_followup` (each change in the audit log),
then rewrites the workbook from the journal, so typed values come back from the journal.

A read-back only applies the cells the owner *changed*: the workbook carries, on a hidden
sheet, the values it was written with, so a workbook written before a `reclam suivi`
change cannot undo it. An invalid cell is reported (French, with its row and column) and
skipped, never guessed; the rewrite shows it again as typed, marked, so it can be fixed.
When the workbook is open elsewhere (a LibreOffice or Excel lock file beside it) or cannot
be read (being saved, no permission), the read-back is *delayed*: nothing is stored and the
workbook is not rewritten, so nothing typed is lost.

Overdue deadlines stand out: red when the due date is past and the matching date is
empty, orange when it falls within the next 2 *jours ouvrables*.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pipeline.deadlines import is_working_day
from pipeline.journal import FollowUp, Journal, Outcome
from pipeline.record import Item, Status
from pipeline.registers.daily import (
    COLUMNS,
    MEDIATOR,
    MISDIRECTED,
    Column,
    row_values,
    sheet_of,
    write_cell,
)
from pipeline.registers.workbook import (
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
    UNREADABLE,
    WARNING_FILL,
    Workbook,
    Worksheet,
    add_comment,
    add_filter,
    clean_text,
    column_letter,
    date_validation,
    fit_row,
    list_validation,
    new_workbook,
    open_workbook,
    page_setup,
    put_text,
    save_atomically,
    write_header,
    yes_no,
)
from pipeline.settings import HolidayCalendar

log = logging.getLogger(__name__)

FILE_NAME = "suivi-reclamations.xlsx"
SOURCE = FILE_NAME  # how a read-back's changes are signed in the audit log
SHEET = "suivi"
WRITTEN_SHEET = "valeurs-ecrites"  # very hidden: what each owner cell held when written
SOON_WORKING_DAYS = 2

PRODUCT_KEYS = ("id", "received", "sent", "claimant", "owner", "category", "description",
                "mediator", "misdirected", "ack_due", "answer_due")
OWNER_COLUMNS = (
    Column("acknowledged_on", "Accusé de réception envoyé le", 13),
    Column("answered_on", "Réponse envoyée le", 13),
    Column("outcome", "Issue", 13),
    Column("mediator_mentioned", "Médiateur mentionné dans la réponse", 13),
    Column("comment", "Commentaire", 40, wrap=True),
)
OWNER_HEADERS = {c.key: c.header for c in OWNER_COLUMNS}
DATE_FIELDS = ("acknowledged_on", "answered_on")
# A due date and the owner's date that meets it; an answer also meets the acknowledgement.
DUE_MET_BY = {"ack_due": ("acknowledged_on", "answered_on"), "answer_due": ("answered_on",)}


def followup_path(reports: Path) -> Path:
    return reports / FILE_NAME


def lock_files(path: Path) -> list[Path]:
    """The files an office suite leaves beside a workbook it has open."""
    name = path.name
    return [path.with_name(f".~lock.{name}#"),  # LibreOffice
            path.with_name(f"~${name}"),  # Excel, short names
            path.with_name(f"~${name[2:]}")]  # Excel, long names lose two characters


# -- what a read-back finds ---------------------------------------------------------------


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str  # the header, as the owner sees it
    item_id: str | None
    typed: str
    message: str  # French, with the row and column
    key: str | None = None  # the follow-up field, when the value itself is unreadable

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ReadBack:
    path: Path
    found: bool = False  # there was a workbook to read
    delayed: str | None = None  # French reason when the read waits for a later refresh
    changes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # id -> fields stored
    problems: tuple[CellProblem, ...] = ()

    @property
    def changed_fields(self) -> int:
        return sum(len(fields) for fields in self.changes.values())


@dataclass(frozen=True)
class FollowupResult:
    path: Path
    read_back: ReadBack
    written: bool  # False when the read was delayed: the workbook was left as it was
    rows: int = 0
    overdue: int = 0  # rows with a deadline past and its date empty


class InvalidValue(ValueError):
    """A cell the owner filled with something we do not read (the message is French)."""


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_FRENCH_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: object) -> str | None:
    """An Excel date, or text "27/11/2026" (or 2026-11-27), as an ISO date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        text = value.strip()
        french, iso = _FRENCH_DATE.fullmatch(text), _ISO_DATE.fullmatch(text)
        if french:
            year, month, day_number = int(french[3]), int(french[2]), int(french[1])
        elif iso:
            year, month, day_number = int(iso[1]), int(iso[2]), int(iso[3])
        else:
            raise InvalidValue("date attendue, au format JJ/MM/AAAA")
        try:
            day = date(year, month, day_number)
        except ValueError:
            raise InvalidValue("cette date n'existe pas") from None
    else:
        raise InvalidValue("date attendue, au format JJ/MM/AAAA")
    if not 2000 <= day.year <= 2099:
        raise InvalidValue("année invraisemblable")
    return day.isoformat()


def parse_outcome(value: object) -> Outcome | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    words = {_plain(o.value): o for o in Outcome}
    if isinstance(value, str) and _plain(value) in words:
        return words[_plain(value)]
    raise InvalidValue("issue attendue : " + ", ".join(o.value for o in Outcome))


def parse_yes_no(value: object) -> bool | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and _plain(value) in ("oui", "non"):
        return _plain(value) == "oui"
    raise InvalidValue("« oui » ou « non » attendu")


def parse_comment(value: object) -> str | None:
    return None if value is None else typed_text(value) or None


PARSERS = {"acknowledged_on": parse_date, "answered_on": parse_date, "outcome": parse_outcome,
           "mediator_mentioned": parse_yes_no, "comment": parse_comment}


def stored_text(key: str, value: Any) -> str | None:
    """A follow-up value as the hidden sheet keeps it (the text of what the cell shows)."""
    if value is None:
        return None
    if isinstance(value, Outcome):
        return value.value
    if isinstance(value, bool):
        return yes_no(value)
    return clean_text(str(value)) if key == "comment" else str(value)


def typed_text(value: object) -> str:
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


# -- reading back -----------------------------------------------------------------------


def _delayed(path: Path, reason: str) -> ReadBack:
    log.info("follow-up read-back delayed: %s", reason)
    return ReadBack(path, found=path.exists(), delayed=reason)


def _open(path: Path) -> tuple[Workbook | None, str | None]:
    """The workbook, or the French reason why it must wait."""
    for lock in lock_files(path):
        if lock.exists():
            return None, (f"le classeur {path.name} est ouvert (fichier de verrou {lock.name}) : "
                          "il sera relu et mis à jour une fois fermé")
    try:
        data = path.read_bytes()
        return open_workbook(data), None
    except OSError as exc:  # PermissionError included
        return None, f"le classeur {path.name} ne peut pas être lu ({exc.strerror or exc}) : relecture reportée"
    except UNREADABLE:
        return None, (f"le classeur {path.name} est illisible (en cours d'enregistrement ?) : "
                      "relecture reportée")


def _written_values(wb: Workbook) -> dict[str, dict[str, str | None]] | None:
    if WRITTEN_SHEET not in wb.sheetnames:
        return None
    rows = list(wb[WRITTEN_SHEET].iter_rows(values_only=True))
    if not rows:
        return None
    keys = [str(k) for k in rows[0]]
    found: dict[str, dict[str, str | None]] = {}
    for row in rows[1:]:
        values = dict(zip(keys, row, strict=False))
        if values.get("id"):
            found[str(values["id"])] = {
                k: None if values.get(k) is None else str(values[k]) for k in PARSERS}
    return found


def _problem(row: int, key: str, item_id: str | None, typed: str, why: str,
             unreadable: bool = False) -> CellProblem:
    header = OWNER_HEADERS[key]
    where = f"Ligne {row}, colonne « {header} »" + (f" ({item_id})" if item_id else "")
    return CellProblem(row, header, item_id, typed,
                       f"{where} : « {typed} » n'est pas lu — {why} ; cellule ignorée.",
                       key if unreadable else None)


def read_back(path: Path, journal: Journal) -> ReadBack:
    """Store in the journal what the owner typed in the workbook at `path`.

    Only the cells that differ from what the workbook was written with are changes;
    an invalid cell is reported and skipped. Delayed (nothing read, nothing stored) when
    the workbook is open elsewhere or cannot be read now."""
    if not path.exists():
        if any(lock.exists() for lock in lock_files(path)):
            return _delayed(path, f"le classeur {path.name} est en cours d'enregistrement")
        return ReadBack(path)
    wb, reason = _open(path)
    if wb is None:
        return _delayed(path, reason or "")
    if SHEET not in wb.sheetnames:
        return _delayed(path, f"le classeur {path.name} n'a plus de feuille « {SHEET} » : "
                              "rétablissez-la ou supprimez le classeur pour le régénérer")
    ws = wb[SHEET]
    headers = [None if c.value is None else str(c.value).strip() for c in ws[1]]
    wanted = {"id": "N°", **OWNER_HEADERS}
    missing = [h for h in wanted.values() if h not in headers]
    if missing:
        return _delayed(path, f"le classeur {path.name} n'a plus les colonnes "
                              + ", ".join(f"« {h} »" for h in missing)
                              + " : rétablissez-les ou supprimez le classeur pour le régénérer")
    index = {key: headers.index(header) for key, header in wanted.items()}
    written = _written_values(wb)
    known = journal.states()
    current = journal.followups()
    seen: set[str] = set()
    problems: list[CellProblem] = []
    changes: dict[str, tuple[str, ...]] = {}
    for row_number, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = {key: row[i] if i < len(row) else None for key, i in index.items()}
        item_id = str(cells.pop("id") or "").strip()
        filled = {k: v for k, v in cells.items() if v is not None and typed_text(v)}
        if not item_id:
            for key, value in filled.items():
                problems.append(_problem(row_number, key, None, typed_text(value),
                                         "la ligne n'a pas de N°"))
            continue
        if item_id not in known or item_id in seen:
            why = "N° inconnu" if item_id not in known else "N° déjà lu plus haut"
            problems += [_problem(row_number, k, item_id, typed_text(v), why)
                         for k, v in filled.items()]
            continue
        seen.add(item_id)
        before = (written or {}).get(item_id)
        now = current.get(item_id) or FollowUp(item_id)
        update: dict[str, Any] = {}
        for key, value in cells.items():
            try:
                parsed = PARSERS[key](value)
            except InvalidValue as exc:
                problems.append(_problem(row_number, key, item_id, typed_text(value), str(exc),
                                         unreadable=True))
                continue
            if before is not None:
                if stored_text(key, parsed) == before.get(key):
                    continue  # as written: the owner did not touch it
            elif parsed is None:
                continue  # no record of what was written: an empty cell clears nothing
            if key == "comment" and parsed is not None and stored_text(key, parsed) == stored_text(
                    key, now.comment):
                continue  # the masked text of the stored comment, given back unchanged
            update[key] = parsed
        if update:
            stored = journal.set_followup(item_id, update, SOURCE)
            if stored:
                changes[item_id] = tuple(stored)
                log.info("%s: follow-up from the workbook: %s", item_id, ", ".join(stored))
    for problem in problems:
        log.warning("%s: %s", problem.item_id or "-", problem.message)
    return ReadBack(path, found=True, changes=changes, problems=tuple(problems))


# -- which complaints are followed ------------------------------------------------------


def is_followed(item: Item) -> bool:
    """A complaint: read as one, or meant for the Mediator, or misdirected."""
    if item.findings is not None and item.findings.is_complaint:
        return True
    return item.outcome is not None and item.outcome.status == Status.FILED and sheet_of(
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
    outcome = list_validation([o.value for o in Outcome], "Issue",
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


def refresh_followup(journal: Journal, reports: Path, today: date) -> FollowupResult:
    """Read back what the owner typed, then rewrite the workbook from the journal.

    A delayed read-back (workbook open elsewhere) leaves the workbook untouched."""
    back = read_back(followup_path(reports), journal)
    if back.delayed:
        return FollowupResult(back.path, back, written=False)
    return write_followup(journal, reports, today, back)
