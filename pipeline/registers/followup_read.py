"""Reading back what the process owner typed in the follow-up workbook: the input edge's
reading half. It reads the workbook and returns what to store; it stores nothing (the
journal is written by `pipeline/followup_edits.py`).

A read-back only takes the cells the owner *changed*: the workbook carries, on a hidden
sheet, the values it was written with, so a workbook written before a `reclam suivi`
change cannot undo it. An invalid cell is reported (French, with its row and column) and
skipped, never guessed. When the workbook is open elsewhere (a LibreOffice or Excel lock
file beside it) or cannot be read (being saved, no permission), the read-back is
*delayed*: nothing is read, so nothing typed is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import os_reason
from pipeline.journal_model import FollowUp
from pipeline.registers.followup_cells import (
    OWNER_HEADERS,
    PARSERS,
    SHEET,
    WRITTEN_SHEET,
    InvalidValue,
    lock_files,
    stored_text,
    typed_text,
)
from pipeline.workbook import UNREADABLE, Workbook, open_workbook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str  # the header, as the owner sees it
    item_id: str | None
    typed: str
    message: str  # French, with the row and column
    key: str | None = None  # the follow-up field, when the value itself is unreadable or refused
    reason: str = ""  # why, alone (French), for the cell's note

    def __str__(self) -> str:
        return self.message



@dataclass(frozen=True)
class ReadBack:
    path: Path
    found: bool = False  # there was a workbook to read
    delayed: str | None = None  # French reason when the read waits for a later refresh
    changes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # id -> fields stored
    problems: tuple[CellProblem, ...] = ()
    # id -> field -> value: what the owner changed, in the order of the rows, to be stored
    updates: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def changed_fields(self) -> int:
        return sum(len(fields) for fields in self.changes.values())


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
        return None, f"le classeur {path.name} ne peut pas être lu ({os_reason(exc)}) : relecture reportée"
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
             unreadable: bool = False, refused: bool = False) -> CellProblem:
    header = OWNER_HEADERS[key]
    where = f"Ligne {row}, colonne « {header} »" + (f" ({item_id})" if item_id else "")
    said = (f"« {typed} » est refusé — {why} ; valeur non enregistrée" if refused
            else f"« {typed} » n'est pas lu — {why} ; cellule ignorée")
    return CellProblem(row, header, item_id, typed, f"{where} : {said}.",
                       key if unreadable or refused else None, why)


Refuse = Callable[[str, Mapping[str, Any]], Mapping[str, str]]
"""(item id, its update) -> the fields refused, each with its French reason."""



def read_edits(path: Path, known: Collection[str], current: Mapping[str, FollowUp],
               refuse: Refuse | None = None) -> ReadBack:
    """What the owner changed in the workbook at `path` (`updates`), and the cells not read
    or refused (`problems`). `known`: the journal's ids; `current`: its follow-ups by id;
    `refuse`: the check of an item's changes (`followup_edits.impossible_dates`), whose
    refused cells are problems, left out of the update.

    Only the cells that differ from what the workbook was written with are changes;
    an invalid cell is reported and skipped. Delayed (nothing read) when the workbook is
    open elsewhere or cannot be read now."""
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
    seen: set[str] = set()
    problems: list[CellProblem] = []
    updates: dict[str, dict[str, Any]] = {}
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
        for key, why in (refuse(item_id, update) if refuse and update else {}).items():
            problems.append(_problem(row_number, key, item_id, typed_text(cells[key]), why,
                                     refused=True))
            del update[key]
        if update:
            updates[item_id] = update
    return ReadBack(path, found=True, problems=tuple(problems), updates=updates)
