"""The process owner's edits in the follow-up workbook, into the journal: an input edge.

Besides inbox/, the follow-up workbook (``reports/suivi-reclamations.xlsx``) is the one
place the product takes input from: the dates, outcome and comment the process owner
types. `read_back` reads them (`registers/followup_read.py`) and stores each change with
`Journal.set_followup` (each one in the audit log); `refresh_followup`, which the run calls
after a batch, then rewrites the workbook from the journal (`registers/followup.py`).
A delayed read-back (the workbook open elsewhere, or unreadable now) stores nothing and
leaves the workbook untouched, so nothing typed is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from pipeline.journal import Journal
from pipeline.registers.followup import FollowupResult, write_followup
from pipeline.registers.followup_cells import FILE_NAME, followup_path
from pipeline.registers.followup_read import ReadBack, read_edits

log = logging.getLogger(__name__)

SOURCE = FILE_NAME  # how a read-back's changes are signed in the audit log


def read_back(path: Path, journal: Journal) -> ReadBack:
    """Store in the journal what the owner typed in the workbook at `path`; the read-back,
    with the fields each item had changed (`changes`)."""
    back = read_edits(path, journal.states(), journal.followups())
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
    back = read_back(followup_path(reports), journal)
    if back.delayed:
        return FollowupResult(back.path, back, written=False)
    return write_followup(journal, reports, today, back, names)
