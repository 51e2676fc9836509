"""The letters an item is owed, made: their files' bytes, nothing written.

A worker drafts them right after deciding, beside the record it sends back, so the parent
(the one writer, which bounds a cluster) only writes them beside the original: the CPU of
laying out a .docx, a .pdf and an .eml stays off its path. The parent drafts them itself
only when the item it files owes other letters than the worker drafted (a later letter of
an open complaint: none), after a crash, and for `reclam courrier`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pipeline import privacy
from pipeline.letters.compose import compose
from pipeline.letters.eml import reply_draft
from pipeline.letters.owed import TO_CLAIMANT, LetterType, letters_owed
from pipeline.letters.pdf import pdf_bytes
from pipeline.letters.templates import Template
from pipeline.letters.word import docx_bytes
from pipeline.record import Channel, Item
from pipeline.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Draft:
    """One letter's files, as bytes: the .docx, the .pdf and, for an e-mail, the .eml
    (pickled back from a worker beside the record)."""

    kind: LetterType
    docx: bytes
    pdf: bytes
    eml: bytes | None = None


@dataclass(frozen=True)
class Drafting:
    """What drafting needs: the settings and the home's templates, checked at start-up
    (`templates.check_all`); picklable, handed to the workers with their context."""

    settings: Settings
    templates: Mapping[LetterType, Template]

    def draft(self, item: Item, today: date,
              kinds: Sequence[LetterType] | None = None) -> tuple[Draft, ...]:
        """The letters `item` is owed (only `kinds`, when given), made from what the
        journal keeps of it (`privacy.for_journal`: the letters say no more); none, logged,
        when they cannot be made (the item itself is not touched: it is filed all the
        same, and the run says its letters are missing)."""
        try:
            return self._draft(item, today, kinds)
        except Exception:  # a bug of ours: no letters for this item (logged), never a crash
            log.exception("%s: letters not drafted", item.id)
            return ()

    def _draft(self, item: Item, today: date,
               kinds: Sequence[LetterType] | None) -> tuple[Draft, ...]:
        owed = [k for k in letters_owed(item) if kinds is None or k in kinds]
        if not owed:
            return ()
        item = privacy.for_journal(item)
        c = self.settings.cabinet
        out = []
        for kind in owed:
            letter = compose(kind, item, self.settings, self.templates[kind], today)
            eml = None
            if item.source.channel == Channel.EMAIL and kind in TO_CLAIMANT:
                eml = reply_draft(letter, item, c.name, c.reply_address)
            out.append(Draft(kind, docx_bytes(letter), pdf_bytes(letter), eml))
        return tuple(out)
