"""The letters' files, beside the original in ``outbox/<day>/<owner>/``:
``<id>-<type>.docx`` (editable), ``.pdf`` and, for an item received by e-mail, ``.eml``
(an unsent reply draft), each written atomically (`safe_files.swap_in`) from the bytes
`letters.drafts` made (in the worker, or here); then the record's `letters` and one
audit event per letter, in the journal.

A letter is derived data: writing it again (a restart after a crash between the files and
the journal) replaces the same names, so a letter is never doubled nor an item lost.
`reclam courrier` rewrites them after a correction and keeps the old version under a
dated name (``<id>-<type>.<AAAAMMJJ-HHMMSS>.docx``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from pipeline import clock
from pipeline.journal import Journal
from pipeline.letters.drafts import Draft, Drafting
from pipeline.letters.owed import LetterType, letter_base, letter_label
from pipeline.letters.templates import check_all
from pipeline.record import Item, LetterRef
from pipeline.safe_files import swap_in
from pipeline.settings import Settings
from pipeline.workspace import Workspace

SUFFIXES = (".docx", ".pdf", ".eml")


@dataclass(frozen=True)
class LetterWriter:
    ws: Workspace
    drafting: Drafting

    @classmethod
    def load(cls, ws: Workspace, settings: Settings) -> LetterWriter:
        """The writer of this home, its templates checked (SetupError naming file and line)."""
        return cls(ws, Drafting(settings, check_all(ws.home / settings.letters.templates_dir)))

    def write(self, items: Iterable[Item], journal: Journal, *, today: date | None = None,
              kinds: Sequence[LetterType] | None = None, keep_old: bool = False) -> list[Item]:
        """Draft here, then store, the letters `items` are owed (only `kinds`, when given);
        returns the items with their `letters` as the journal now stores them. An item whose
        letters cannot be made (a bug of ours) is left out and logged, never a crash."""
        today = today or clock.now().date()
        unique = {item.id: item for item in items}  # an item listed twice is written once
        done = []
        for item in unique.values():
            drafts = self.drafting.draft(item, today, kinds)  # none when they cannot be made
            if drafts:
                done.append(self.store(item, drafts, journal, keep_old=keep_old))
        return done

    def store(self, item: Item, drafts: Sequence[Draft], journal: Journal, *,
              keep_old: bool = False) -> Item:
        """`drafts` written beside the filed original (each file atomically), then the
        record's `letters` and one audit event per letter, in the journal."""
        item, events = self.write_files(item, drafts, keep_old=keep_old)
        journal.save_letters(item, events)
        return item

    def write_files(self, item: Item, drafts: Sequence[Draft], *,
                    keep_old: bool = False) -> tuple[Item, list[dict[str, Any]]]:
        """The files only (no journal: a thread of the parent may run it); returns the item
        with its `letters` and the audit events `Journal.save_letters` records."""
        assert item.outcome is not None
        folder = (self.ws.home / item.outcome.location).parent
        rel = self.ws.relative
        refs = {ref.type: ref for ref in item.letters}
        events: list[dict[str, Any]] = []
        for d in drafts:
            base = letter_base(folder, item.id, d.kind)
            replaced = supersede(base) if keep_old else ()
            files: dict[str, Path] = {}
            for suffix, data in zip(SUFFIXES, (d.docx, d.pdf, d.eml), strict=True):
                if data is not None:
                    files[suffix] = base.with_suffix(suffix)
                    swap_in(files[suffix], partial(_write_bytes, data))
            eml = files.get(".eml")
            ref = LetterRef(d.kind.value, rel(files[".docx"]), rel(files[".pdf"]),
                            rel(eml) if eml else None)
            refs[d.kind.value] = ref
            event: dict[str, Any] = {"type": d.kind.value, "libelle": letter_label(d.kind),
                                     "emplacement": ref.path, "pdf": ref.pdf, "eml": ref.eml}
            if replaced:
                event["anciennes_versions"] = list(replaced)
            events.append(event)
        order = [t.value for t in LetterType]
        item = replace(item, letters=tuple(sorted(refs.values(), key=lambda r: order.index(r.type)
                                                  if r.type in order else len(order))))
        return item, events


def _write_bytes(data: bytes, path: Path) -> None:
    path.write_bytes(data)


def supersede(base: Path) -> tuple[str, ...]:
    """Keep a letter's current files under a dated name (`<id>-<type>.<stamp>.docx`),
    never over another file; returns the names given."""
    now = clock.now().replace(microsecond=0, tzinfo=None)
    kept = []
    for suffix in SUFFIXES:
        current = base.with_suffix(suffix)
        if not current.is_file():
            continue
        moment = now
        while True:
            target = base.with_name(f"{base.name}.{moment:%Y%m%d-%H%M%S}{suffix}")
            try:
                os.link(current, target)
                break
            except FileExistsError:
                moment += timedelta(seconds=1)
        current.unlink()
        kept.append(target.name)
    return tuple(kept)
