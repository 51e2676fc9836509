"""The daily register's legend sheet: what each colour of the register means, worded once.

The flags' meanings sit beside their columns (`registers/daily.py`, `Column.meaning`); the
deadline, link and tab colours' are here. The same words serve the sheet « légende » and
anyone else who explains the register's colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.workbook import (
    BODY_FONT,
    BORDER,
    FLAG_FONT,
    LINK_FONT,
    OVERDUE_FILL,
    OVERDUE_FONT,
    TOP,
    TOP_WRAP,
    Worksheet,
    fill,
    fit_row,
    page_setup,
    put_text,
    write_header,
)

FLAG, OVERDUE, LINK, TAB = "flag", "overdue", "link", "tab"  # how a swatch is painted

OVERDUE_MEANING = ("Délai déjà dépassé au jour du registre : l'accusé de réception ou la "
                   "réponse est en retard")
LINK_MEANING = "Lien vers l'original classé (ou mis en quarantaine) : un clic l'ouvre"
LETTER_MEANING = ("Lien vers un courrier rédigé pour le réclamant (ou le Médiateur), à relire, "
                  "signer et envoyer : un clic ouvre le document Word ; le PDF est à côté")
TAB_MEANING = "Onglet de couleur : la feuille a des lignes ce jour-là"


@dataclass(frozen=True)
class Swatch:
    """One line of the legend: where the colour appears, a sample, what it means."""

    where: str  # the column's header, or « Onglet »
    sample: str
    meaning: str
    colour: str | None = None  # RRGGBB background of a flag or a tab
    kind: str = FLAG


@dataclass(frozen=True)
class _Heading:
    header: str
    width: float
    wrap: bool = True


HEADINGS = (_Heading("Exemple", 16, wrap=False), _Heading("Colonne ou onglet", 30),
            _Heading("Signification", 90))


def write_legend(ws: Worksheet, title: str, swatches: Sequence[Swatch]) -> None:
    """The legend sheet: one row per swatch, printed on one page with `title` on top."""
    write_header(ws, 1, HEADINGS, lines=2)
    for row, swatch in enumerate(swatches, start=2):
        sample, where, meaning = (ws.cell(row=row, column=i) for i in (1, 2, 3))
        for cell, text in ((sample, swatch.sample), (where, swatch.where),
                           (meaning, swatch.meaning)):
            cell.border, cell.font, cell.alignment = BORDER, BODY_FONT, TOP_WRAP
            if text:
                put_text(cell, text)
        sample.alignment = TOP
        if swatch.kind == OVERDUE:
            sample.fill, sample.font = OVERDUE_FILL, OVERDUE_FONT
        elif swatch.kind == LINK:
            sample.font = LINK_FONT
        elif swatch.colour:
            sample.fill = fill(swatch.colour)
            sample.font = FLAG_FONT
        fit_row(ws, row, HEADINGS)
    ws.freeze_panes = "A2"
    page_setup(ws, title, wide=1, title_rows="1:1")
