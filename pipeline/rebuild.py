"""A lost journal: refusing to run without it, and rebuilding it from the filed folders.

The journal numbers items and says where each original lies. Were it deleted, truncated
to nothing, or left behind by a change of `dossier_etat`, a run would start numbering
again at REC-…-000001 beside originals already filed under those numbers. So a home whose
outbox/ or quarantaine/ holds filed originals while its journal holds no item refuses to
run (`check_journal`), and `reclam verifier --reconstruire` (`rebuild`) puts back one item
per filed original, as far as the folders tell: its id, name in inbox/, day, owner (the
folder it lies in), content hash, quarantine reason, duplicates. The readings themselves
(claimant, references…) are not in the folders: a rebuilt item's summary beside the
original still holds them for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline import french, intake
from pipeline.errors import SetupError
from pipeline.filing import DUPLICATES_FOLDER, NOTE_SUFFIX, SUMMARY_SUFFIX, is_note
from pipeline.journal import Journal
from pipeline.letters.owed import LetterType, letter_base
from pipeline.record import (
    CHANNEL_LABELS,
    Channel,
    Decision,
    FilingStatus,
    Item,
    LetterRef,
    Outcome,
    Source,
)
from pipeline.workspace import Workspace

_ID = re.compile(r"REC-\d{4}-\d{6}")
_SUMMARY_HEAD = re.compile(r"—\s*reçue? le .*?\((?P<channel>[^)]+)\), fichier « (?P<file>.*) »\s*$")
_NOTE_FILE = re.compile(r"^Fichier : (?P<file>.*)$", re.MULTILINE)
_NOTE_CODE = re.compile(r"^Motif de la mise en quarantaine : (?P<reason>.*)$", re.MULTILINE)
_DUPLICATE = re.compile(r"(?P<id>REC-\d{4}-\d{6})\.doublon-(?P<token>[^.]+)")


@dataclass(frozen=True)
class Filed:
    path: Path
    item_id: str
    day: str
    status: FilingStatus
    owner: str | None  # the outbox folder it lies in; None in quarantine


def filed_originals(ws: Workspace) -> list[Filed]:
    """Every original lying under outbox/<day>/<owner>/ or quarantaine/<day>/ (not notes,
    not duplicates), by id."""
    found: list[Filed] = []
    for path in sorted(ws.outbox.glob("*/*/REC-*")) if ws.outbox.is_dir() else []:
        owner = path.parent.name
        if owner != DUPLICATES_FOLDER and _is_original(path):
            found.append(Filed(path, path.name.split(".")[0], path.parent.parent.name,
                               FilingStatus.FILED, owner))
    for path in sorted(ws.quarantine.glob("*/REC-*")) if ws.quarantine.is_dir() else []:
        if _is_original(path):
            found.append(Filed(path, path.name.split(".")[0], path.parent.name,
                               FilingStatus.QUARANTINED, None))
    return sorted(found, key=lambda f: f.item_id)


def _is_original(path: Path) -> bool:
    return (path.is_file() and not is_note(path.name)
            and bool(_ID.fullmatch(path.name.split(".")[0])))


def check_journal(ws: Workspace, journal: Journal) -> None:
    """Refuse to run on a journal that lost what the folders hold (SetupError, in French)."""
    if journal.count_items():
        return
    filed = filed_originals(ws)
    if filed:
        raise SetupError(
            f"le journal {ws.journal_file} est absent ou vide, alors que outbox/ et "
            f"quarantaine/ contiennent "
            f"{french.count(len(filed), 'courrier déjà classé', 'courriers déjà classés')} : il a été "
            "supprimé ou tronqué, ou « dossier_etat » a changé. Restaurez-le depuis une "
            "sauvegarde, ou reconstruisez-le avec « reclam verifier --reconstruire ». "
            "Rien n'a été traité.")


def rebuild(ws: Workspace, journal: Journal) -> int:
    """Put back one item per filed original into an empty journal; how many."""
    if journal.count_items():
        raise SetupError(f"le journal {ws.journal_file} contient déjà "
                         f"{french.count(journal.count_items(), 'courrier')} : rien à "
                         "reconstruire.")
    duplicates = _duplicates(ws)
    filed = filed_originals(ws)
    for one in filed:
        journal.restore_item(_item(ws, one), duplicates.get(one.item_id, []))
    return len(filed)


def _duplicates(ws: Workspace) -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    for path in sorted(ws.outbox.glob(f"*/{DUPLICATES_FOLDER}/*")) if ws.outbox.is_dir() else []:
        match = _DUPLICATE.match(path.name)
        if match:
            out.setdefault(match["id"], []).append(
                (match["token"], path.name, ws.relative(path)))
    return out


def _item(ws: Workspace, one: Filed) -> Item:
    note = one.path.with_name(one.item_id + (SUMMARY_SUFFIX if one.owner else NOTE_SUFFIX))
    text = note.read_text(encoding="utf-8", errors="replace") if note.is_file() else ""
    source_file, channel = one.path.name, Channel.LETTER
    head = _SUMMARY_HEAD.search(text.splitlines()[0]) if text else None
    if head:
        source_file = head["file"]
        channel = next((c for c in Channel if head["channel"] in (c.value, CHANNEL_LABELS[c])),
                       channel)  # the summary shows its label; older ones, its value
    elif (named := _NOTE_FILE.search(text)) is not None:
        source_file = named["file"]
    if channel == Channel.LETTER and one.path.suffix in (".eml", ".msg"):
        channel = Channel.EMAIL
    taken_at = f"{one.day}T00:00:00+01:00"
    source = Source(id=one.item_id, source_file=source_file,
                    sha256=intake.sha256_of(one.path), received_at=taken_at,
                    taken_at=taken_at, channel=channel, size=one.path.stat().st_size,
                    kind=one.path.suffix.lstrip("."))
    location = ws.relative(one.path)
    if one.status == FilingStatus.QUARANTINED:
        reason = _NOTE_CODE.search(text)
        return Item(source=source, outcome=Outcome(
            FilingStatus.QUARANTINED, location, error=reason["reason"] if reason else None,
            error_code="reconstruit"))
    decision = Decision(owner=one.owner or "",
                        owner_reason="journal reconstruit : d'après le dossier de classement")
    return Item(source=source, decision=decision, outcome=Outcome(FilingStatus.FILED, location),
                letters=_letters(ws, one))


def _letters(ws: Workspace, one: Filed) -> tuple[LetterRef, ...]:
    """The letters drafted beside the original (their current names, not the dated ones)."""
    found = []
    for kind in LetterType:
        base = letter_base(one.path.parent, one.item_id, kind)
        docx, pdf, eml = (base.with_suffix(s) for s in (".docx", ".pdf", ".eml"))
        if docx.is_file():
            found.append(LetterRef(kind.value, ws.relative(docx),
                                   ws.relative(pdf) if pdf.is_file() else None,
                                   ws.relative(eml) if eml.is_file() else None))
    return tuple(found)
