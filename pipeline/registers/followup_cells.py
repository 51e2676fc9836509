"""The process owner's columns of the follow-up workbook, and how their cells read.

Where the workbook lies and its sheets; the five columns the owner fills (two dates, the
outcome, whether the answer mentions the Mediator, a comment); reading what a cell holds
(`PARSERS`: an Excel date or "27/11/2026", a word of the drop-down lists; `InvalidValue`,
French, otherwise); and the text a value is kept as on the hidden sheet of written values.
Shared by the writing (`registers/followup.py`), the read-back
(`registers/followup_read.py`) and `reclam suivi`.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline import french
from pipeline.journal_model import AnswerOutcome
from pipeline.registers.daily import Column
from pipeline.textnorm import plain
from pipeline.workbook import clean_text, yes_no

FILE_NAME = "suivi-reclamations.xlsx"
SHEET = "suivi"
WRITTEN_SHEET = "valeurs-ecrites"  # very hidden: what each owner cell held when written

OWNER_COLUMNS = (
    Column("acknowledged_on", "Accusé de réception envoyé le", 13),
    Column("answered_on", "Réponse envoyée le", 13),
    Column("outcome", "Issue", 13),
    Column("mediator_mentioned", "Médiateur mentionné dans la réponse", 13),
    Column("comment", "Commentaire", 40, wrap=True),
)
OWNER_HEADERS = {c.key: c.header for c in OWNER_COLUMNS}
DATE_FIELDS = ("acknowledged_on", "answered_on")


def followup_path(reports: Path) -> Path:
    return reports / FILE_NAME


def lock_files(path: Path) -> list[Path]:
    """The files an office suite leaves beside a workbook it has open."""
    name = path.name
    return [path.with_name(f".~lock.{name}#"),  # LibreOffice
            path.with_name(f"~${name}"),  # Excel, short names
            path.with_name(f"~${name[2:]}")]  # Excel, long names lose two characters



class InvalidValue(ValueError):
    """A cell the owner filled with something we do not read (the message is French)."""


def parse_date(value: object) -> str | None:
    """An Excel date, or text "27/11/2026" (or 2026-11-27), as an ISO date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = french.parse_day(value)
        except ValueError as exc:
            raise InvalidValue(str(exc)) from None
    else:
        raise InvalidValue(f"date attendue au format {french.FORMATS}")
    if not 2000 <= day.year <= 2099:
        raise InvalidValue("année invraisemblable")
    return day.isoformat()


def parse_outcome(value: object) -> AnswerOutcome | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    words = {plain(o.value): o for o in AnswerOutcome}
    if isinstance(value, str) and plain(value) in words:
        return words[plain(value)]
    raise InvalidValue("issue attendue : " + ", ".join(o.value for o in AnswerOutcome))


def parse_yes_no(value: object) -> bool | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and plain(value) in ("oui", "non"):
        return plain(value) == "oui"
    raise InvalidValue("« oui » ou « non » attendu")


def parse_comment(value: object) -> str | None:
    return None if value is None else typed_text(value) or None


PARSERS = {"acknowledged_on": parse_date, "answered_on": parse_date, "outcome": parse_outcome,
           "mediator_mentioned": parse_yes_no, "comment": parse_comment}


def stored_text(key: str, value: Any) -> str | None:
    """A follow-up value as the hidden sheet keeps it (the text of what the cell shows)."""
    if value is None:
        return None
    if isinstance(value, AnswerOutcome):
        return value.value
    if isinstance(value, bool):
        return yes_no(value)
    return clean_text(str(value)) if key == "comment" else str(value)


def typed_text(value: object) -> str:
    if isinstance(value, datetime | date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()

