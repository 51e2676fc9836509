"""Filing: the original goes, byte-identical, to its final place; the journal says so.

    outbox/<day>/<owner>/<id>.<ext>            a processed item, beside <id>.resume.txt
    outbox/<day>/doublons/<id>.doublon-<token>.<ext>   the same bytes dropped again
    quarantaine/<day>/<id>.<ext>               an item that could not be processed,
                                               beside <id>.motif.txt (the reason, in French)

<day> is the day the item was taken from inbox/. Every step can be repeated after a
crash: a note is written to a temporary name and swapped in, the original is renamed
(atomic), and only then does the journal mark the item final.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipeline import french, safe_files
from pipeline.journal import Journal
from pipeline.journal_model import PendingDuplicate
from pipeline.letters.owed import is_letter
from pipeline.record import FilingStatus, Item, Outcome
from pipeline.safe_files import move_original
from pipeline.workspace import Workspace

DUPLICATES_FOLDER = "doublons"
SUMMARY_SUFFIX = ".resume.txt"  # beside a filed original: its summary
NOTE_SUFFIX = ".motif.txt"  # beside a quarantined original: its reason


def is_note(name: str) -> bool:
    """Whether a file written beside an original (its summary or reason, or one of the
    letters drafted for it: `pipeline.letters`) is named so."""
    return name.endswith((SUMMARY_SUFFIX, NOTE_SUFFIX)) or is_letter(name)
EXTENSIONS = {"pdf": ".pdf", "tiff": ".tif", "png": ".png", "jpeg": ".jpg", "eml": ".eml",
              "msg": ".msg"}


def extension(kind: str, source_file: str) -> str:
    """The extension the bytes deserve; else the original one, made safe."""
    if kind in EXTENSIONS:
        return EXTENSIONS[kind]
    suffix = Path(source_file).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ".bin"


def destination(item: Item, ws: Workspace) -> Path:
    assert item.outcome is not None
    day = item.source.taken_at[:10]
    name = item.id + extension(item.source.kind, item.source.source_file)
    if item.outcome.status == FilingStatus.QUARANTINED:
        return ws.quarantine / day / name
    assert item.decision is not None
    return ws.outbox / day / item.decision.owner / name


def place(work_path: Path, target: Path) -> None:
    """Move the original to its place, never over another file (pipeline.safe_files); a
    repeat after a crash finds it already there (the same inode, or only the target)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not os.path.lexists(work_path):
        if os.path.lexists(target):
            return
        raise FileNotFoundError(f"neither {work_path} nor {target} exists")
    if os.path.lexists(target) and os.path.samefile(work_path, target):
        os.unlink(work_path)  # a crash between the link and the unlink
        return
    move_original(work_path, target)


def quarantine_note(item: Item) -> str:
    """The reason beside a quarantined original, with its dates in French (Paris time)."""
    assert item.outcome is not None
    return (
        f"Fichier : {item.source.source_file}\n"
        f"Identifiant : {item.id}\n"
        f"Reçu le : {french.moment(item.received_at)}\n"
        f"Pris dans inbox/ le : {french.moment(item.source.taken_at)}\n"
        f"Motif de la mise en quarantaine : {item.outcome.error}\n"
        "\nLe fichier d'origine est conservé tel quel à côté de cette note. "
        "Une fois le problème réglé, déposez une version corrigée dans inbox/.\n"
    )


def file_item(
    item: Item, work_path: Path, ws: Workspace, journal: Journal,
    summary: Callable[[Item], str],
) -> Item:
    """Put the original in its place with its note, then mark it final in the journal."""
    assert item.outcome is not None
    target = destination(item, ws)
    item = replace(item, outcome=replace(item.outcome, location=ws.relative(target)))
    if item.outcome is not None and item.outcome.status == FilingStatus.QUARANTINED:
        safe_files.write_text(target.with_suffix(NOTE_SUFFIX), quarantine_note(item))
    else:
        safe_files.write_text(target.with_suffix(SUMMARY_SUFFIX), summary(item))
    place(work_path, target)
    journal.mark_filed(item)
    return item


def file_duplicate(drop: PendingDuplicate, ws: Workspace, journal: Journal) -> Path:
    day = drop.taken_at[:10]
    target = ws.outbox / day / DUPLICATES_FOLDER / (
        f"{drop.item_id}.doublon-{drop.token}{extension('', drop.source_file)}"
    )
    place(ws.home / drop.work_path, target)
    journal.mark_duplicate_filed(drop.token, drop.item_id, ws.relative(target))
    return target


def quarantined(item: Item, code: str, reason: str) -> Item:
    return replace(item, outcome=Outcome(FilingStatus.QUARANTINED, "", error=reason, error_code=code))
