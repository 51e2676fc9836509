"""The letters' files, beside the original in ``outbox/<day>/<owner>/``:
``<id>-<type>.docx`` (editable), ``.pdf`` (LibreOffice, one soffice call for the whole
batch) and, for an item received by e-mail, ``.eml`` (an unsent reply draft), each
written atomically (`safe_files.swap_in`); then the record's `letters` and one audit
event per letter, in the journal.

A letter is derived data: writing it again (a restart after a crash between the files and
the journal) replaces the same names, so a letter is never doubled nor an item lost.
`reclam courrier` rewrites them after a correction and keeps the old version under a
dated name (``<id>-<type>.<AAAAMMJJ-HHMMSS>.docx``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from pipeline import clock
from pipeline.errors import SetupError
from pipeline.journal import Journal
from pipeline.letters.compose import compose
from pipeline.letters.eml import reply_draft
from pipeline.letters.owed import (
    TO_CLAIMANT,
    LetterType,
    letter_base,
    letter_label,
    letters_owed,
)
from pipeline.letters.templates import Template, check_all
from pipeline.letters.word import write_docx
from pipeline.record import Channel, Item, LetterRef
from pipeline.reports.pdf import convert_all
from pipeline.safe_files import swap_in
from pipeline.settings import Settings
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

SUFFIXES = (".docx", ".pdf", ".eml")


def _quiet(line: str) -> None:
    log.info("%s", line)


@dataclass(frozen=True)
class _Drafted:
    item: Item
    kind: LetterType
    docx: Path
    eml: Path | None
    replaced: tuple[str, ...]


@dataclass(frozen=True)
class LetterWriter:
    ws: Workspace
    settings: Settings
    templates: dict[LetterType, Template]

    @classmethod
    def load(cls, ws: Workspace, settings: Settings) -> LetterWriter:
        """The writer of this home, its templates checked (SetupError naming file and line)."""
        return cls(ws, settings, check_all(ws.home / settings.letters.templates_dir))

    def write(self, items: Iterable[Item], journal: Journal, *, today: date | None = None,
              kinds: Sequence[LetterType] | None = None, keep_old: bool = False,
              say: Callable[[str], None] = _quiet) -> list[Item]:
        """Draft the letters `items` are owed (only `kinds`, when given); returns the items
        with their `letters` as the journal now stores them."""
        today = today or clock.now().date()
        unique = {item.id: item for item in items}  # an item listed twice is written once
        drafted = [d for item in unique.values()
                   for d in self._draft(item, today, kinds, keep_old)]
        if not drafted:
            return []
        pdfs: dict[Path, Path] = {}
        try:
            pdfs = convert_all([d.docx for d in drafted])
        except SetupError as exc:  # the .docx are there to check and print: said, not fatal
            say(f"⚠ Courriers : PDF non produits ({exc})")
            pdfs = {d.docx: d.docx.with_suffix(".pdf") for d in drafted
                    if d.docx.with_suffix(".pdf").is_file()}
        done: list[Item] = []
        for item_id in dict.fromkeys(d.item.id for d in drafted):
            mine = [d for d in drafted if d.item.id == item_id]
            done.append(self._store(mine, pdfs, journal))
        return done

    def _draft(self, item: Item, today: date, kinds: Sequence[LetterType] | None,
               keep_old: bool) -> list[_Drafted]:
        out = []
        for kind in letters_owed(item):
            if kinds is not None and kind not in kinds:
                continue
            assert item.outcome is not None
            folder = (self.ws.home / item.outcome.location).parent
            base = letter_base(folder, item.id, kind)
            replaced = supersede(base) if keep_old else ()
            letter = compose(kind, item, self.settings, self.templates[kind], today)
            docx = base.with_suffix(".docx")
            swap_in(docx, partial(write_docx, letter))
            eml = None
            if item.source.channel == Channel.EMAIL and kind in TO_CLAIMANT:
                eml = base.with_suffix(".eml")
                data = reply_draft(letter, item, self.settings.cabinet.name,
                                   self.settings.cabinet.reply_address)
                swap_in(eml, partial(_write_bytes, data))
            out.append(_Drafted(item, kind, docx, eml, replaced))
        return out

    def _store(self, drafted: list[_Drafted], pdfs: dict[Path, Path], journal: Journal) -> Item:
        item = drafted[0].item
        rel = self.ws.relative
        refs = {ref.type: ref for ref in item.letters}
        events: list[dict[str, Any]] = []
        for d in drafted:
            pdf = pdfs.get(d.docx)
            ref = LetterRef(d.kind.value, rel(d.docx), rel(pdf) if pdf else None,
                            rel(d.eml) if d.eml else None)
            refs[d.kind.value] = ref
            event: dict[str, Any] = {"type": d.kind.value, "libelle": letter_label(d.kind),
                                     "emplacement": ref.path, "pdf": ref.pdf, "eml": ref.eml}
            if d.replaced:
                event["anciennes_versions"] = list(d.replaced)
            events.append(event)
        order = [t.value for t in LetterType]
        item = replace(item, letters=tuple(sorted(refs.values(), key=lambda r: order.index(r.type)
                                                  if r.type in order else len(order))))
        journal.save_letters(item, events)
        return item


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
