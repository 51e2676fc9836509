"""Which letters the procedure owes for an item (issue 13): pure, from the record alone.

- `accuse-reception`: every new complaint the cabinet handles itself (not one meant for
  the Mediator, not one about another organisation); owed within 10 jours ouvrables.
- `demande-complements`: such a complaint with `missing_fields`: the procedure's minimal
  information, naming only what is missing.
- `reorientation`: a misdirected complaint: where it went and how to reach them.
- `transmission-mediateur` and `information-mediateur`: a complaint meant for the
  Mediator: the covering letter to the Mediator, and the written notice to the claimant
  the procedure's NB requires.

Never a letter for a quarantined item or a non-complaint; a later letter about an open
complaint (`follow_up_of`) owes no new acknowledgement.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

from pipeline.record import FilingStatus, Item


class LetterType(StrEnum):
    """A letter, by the suffix of its files (`<id>-<type>.docx`)."""

    ACKNOWLEDGEMENT = "accuse-reception"
    COMPLEMENTS = "demande-complements"
    REDIRECTION = "reorientation"
    TO_MEDIATOR = "transmission-mediateur"
    MEDIATOR_NOTICE = "information-mediateur"


# How people read a letter's type (registers, audit log, the command line).
LETTER_LABELS = {
    LetterType.ACKNOWLEDGEMENT: "accusé de réception",
    LetterType.COMPLEMENTS: "demande de compléments",
    LetterType.REDIRECTION: "réorientation",
    LetterType.TO_MEDIATOR: "transmission au Médiateur",
    LetterType.MEDIATOR_NOTICE: "information du réclamant (Médiateur)",
}

# The letters addressed to the claimant (an email item gets a reply draft of each); the
# transmission is addressed to the Mediator.
TO_CLAIMANT = frozenset(LetterType) - {LetterType.TO_MEDIATOR}

# A letter's file: the item's id, its type, and for a superseded version the moment it was
# replaced (`reclam courrier`): REC-2026-000123-accuse-reception[.20261204-173005].docx
LETTER_NAME = re.compile(
    r"REC-\d{4}-\d{6,}-(?:" + "|".join(t.value for t in LetterType) + r")(?:\.\d{8}-\d{6})?"
    r"\.(?:docx|pdf|eml)")


def letter_base(folder: Path, item_id: str, kind: LetterType) -> Path:
    """A letter's files without their suffix, beside the original in `folder`:
    `<folder>/<id>-<type>` (+ .docx, .pdf, .eml)."""
    return folder / f"{item_id}-{kind.value}"


def is_letter(name: str) -> bool:
    """Whether a file name is one of a letter's files (current or superseded)."""
    return bool(LETTER_NAME.fullmatch(name))


def letter_label(kind: str) -> str:
    try:
        return LETTER_LABELS[LetterType(kind)]
    except ValueError:
        return kind


def letters_owed(item: Item, acknowledged: bool = False) -> list[LetterType]:
    """The letters `item` calls for, in the order they are written (see module docstring).
    `acknowledged`: the owner has recorded an acknowledgement sent (a home filed before
    letters existed): the letters are then the owner's own, none is drafted."""
    d, o = item.decision, item.outcome
    if (d is None or o is None or o.status != FilingStatus.FILED or not item.is_complaint
            or acknowledged):
        return []
    if d.mediator:
        return [LetterType.TO_MEDIATOR, LetterType.MEDIATOR_NOTICE]
    if d.misdirected:
        return [LetterType.REDIRECTION]
    if d.follow_up_of:
        return []
    owed = [LetterType.ACKNOWLEDGEMENT]
    if d.missing_fields:
        owed.append(LetterType.COMPLEMENTS)
    return owed
