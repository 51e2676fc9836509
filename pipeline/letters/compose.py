"""A letter as a model: letterhead, addressee block, place and date, references, subject,
paragraphs and signature. Pure: `word.py` lays it out in a .docx, `pdf.py` in a PDF,
`eml.py` makes a reply draft of its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.letters.fields import field_values, parties
from pipeline.letters.owed import LetterType
from pipeline.letters.templates import Template, render
from pipeline.record import Item
from pipeline.settings import Settings


@dataclass(frozen=True)
class Letter:
    kind: LetterType
    item_id: str
    letterhead: tuple[str, ...]  # the cabinet's name first, then its address and contacts
    addressee: tuple[str, ...]  # name, then address lines
    place_date: str  # « Paris, le 4 décembre 2026 »
    references: tuple[str, ...]  # « Notre référence : REC-… », « Vos références : … »
    subject: str
    paragraphs: tuple[str, ...]  # a list item starts with « – »
    signature: tuple[str, ...]  # name, title, cabinet
    to_email: str | None = None  # the claimant's address, for a reply draft
    day: date | None = None  # the letter's date (`place_date`), for the PDF's metadata

    @property
    def title(self) -> str:
        """The documents' title: the subject, with the item's number when it lacks it."""
        return self.subject if self.item_id in self.subject else (
            f"{self.subject} ({self.item_id})")


def _lines(address: str) -> tuple[str, ...]:
    """« TSA 50110, 75441 Paris Cedex 09 » as the lines of an address block."""
    return tuple(p.strip() for p in address.split(",") if p.strip())


def compose(kind: LetterType, item: Item, settings: Settings, template: Template,
            today: date) -> Letter:
    values = field_values(item, settings, today)
    who = parties(item, settings)
    text = render(template, values)
    c = settings.cabinet
    head = (c.name, c.address, *([f"Tél. {c.phone}"] if c.phone else []), c.reply_address)
    if kind == LetterType.TO_MEDIATOR:
        addressee = (settings.mediator.name, *_lines(settings.mediator.address))
    else:
        addressee = who.claimant_block or ("Madame, Monsieur",)
    refs = [f"Notre référence : {item.id}"]
    if values["references"] and kind != LetterType.TO_MEDIATOR:  # the claimant's, in their letters
        refs.append(f"Vos références : {values['references']}")
    place = f"{who.place}, le " if who.place else "Le "
    return Letter(
        kind=kind, item_id=item.id, letterhead=head, addressee=addressee,
        place_date=place + str(values["date_courrier"]), references=tuple(refs),
        subject=text.subject, paragraphs=text.paragraphs,
        signature=(who.signatory, settings.letters.signatory_title, c.name),
        to_email=who.claimant_email if kind != LetterType.TO_MEDIATOR else None,
        day=today,
    )


def plain_text(letter: Letter) -> str:
    """The letter's body as an e-mail says it: paragraphs, then the signature."""
    body = "\n\n".join(letter.paragraphs)
    refs = "\n".join(letter.references)
    return f"{refs}\n\n{body}\n\n" + "\n".join(letter.signature) + "\n"
