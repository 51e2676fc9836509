"""The monthly report for auditors: ``reports/rapport-YYYY-MM.xlsx`` (and its PDF, made by
`reports/pdf.py`), written from the figures `reports/figures.py` computes, on these sheets:

    Synthèse                   every figure: count, rate, « N° concernés »
    Graphiques                 complaints by category (bar), over 12 months (line)
    Retards                    each deadline missed, or still open past due, or past before
                               the item was received (said as such, no days counted)
    Réclamations du mois       one row per complaint counted: dates, follow-up, late flags
    Quarantaine                files of the month that could not be processed, and why
    Évolution sur 12 mois      complaints per month, with their ids
    Journal d'audit            the audit events of the items counted: when, what, old/new

The definitions of the figures are stated on the sheets too (see `reports/figures.py`).
Numbers and rates are written the French way by their cell formats (`workbook.RATE_FORMAT`,
`COUNT_FORMAT`: « 80,0 % », « 4 634 »), « — » where a figure has no rate; every sheet is
printed landscape, one page wide, its header row repeated, the day and page in the footer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipeline.reports.model import MISSED, MonthFigures, StepState, month_label
from pipeline.workbook import (
    BODY_FONT,
    BORDER,
    COUNT_FORMAT,
    DATE_FORMAT,
    DATETIME_FORMAT,
    FLAG_FONT,
    LINE_HEIGHT,
    NOTE_FONT,
    RATE_FORMAT,
    SECTION_FILL,
    SECTION_FONT,
    TITLE_FONT,
    TOP,
    TOP_CENTRE,
    TOP_WRAP,
    WARNING_FILL,
    Cell,
    Workbook,
    Worksheet,
    add_bar_chart,
    add_filter,
    add_line_chart,
    fit_row,
    line_count,
    mark,
    new_workbook,
    page_setup,
    put_text,
    save_atomically,
    write_header,
    yes_no,
)


def monthly_report_path(reports: Path, month: str) -> Path:
    return reports / f"rapport-{month}.xlsx"


# -- the workbook --------------------------------------------------------------------------

SUMMARY = "Synthèse"
CHARTS = "Graphiques"
LATE = "Retards"
DETAIL = "Réclamations du mois"
QUARANTINE = "Quarantaine"
TREND = "Évolution sur 12 mois"
AUDIT = "Journal d'audit"
SHEETS = (SUMMARY, CHARTS, LATE, DETAIL, QUARANTINE, TREND, AUDIT)
IDS_HEADER = "N° concernés"
NO_RATE = "—"  # a figure with no rate: nothing to divide by, or not a share (section notes)

Cellable = str | int | float | date | datetime | bool | None


@dataclass(frozen=True)
class Col:
    header: str
    width: float
    wrap: bool = False


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else yes_no(value)


def _put(cell: Cell, value: Cellable, wrap: bool = False) -> None:
    """One body cell, in the daily register's style: text as text, real dates and numbers."""
    cell.border, cell.font = BORDER, BODY_FONT
    cell.alignment = TOP_WRAP if wrap else TOP
    if value is None:
        return
    if isinstance(value, datetime):
        cell.value, cell.number_format, cell.alignment = value, DATETIME_FORMAT, TOP_CENTRE
    elif isinstance(value, date):
        cell.value, cell.number_format, cell.alignment = value, DATE_FORMAT, TOP_CENTRE
    elif isinstance(value, bool):
        put_text(cell, yes_no(value))
    elif isinstance(value, int):
        cell.value, cell.number_format = value, COUNT_FORMAT
    elif isinstance(value, float):
        cell.value = value
    else:
        put_text(cell, value)


def _table(ws: Worksheet, top: int, columns: Sequence[Col],
           rows: Iterable[Sequence[Cellable]]) -> int:
    """Header on row `top`, rows below; returns the last row written."""
    write_header(ws, top, columns, lines=3)
    row = top
    for row, values in enumerate(rows, start=top + 1):
        for index, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            _put(ws.cell(row=row, column=index), value, col.wrap)
        fit_row(ws, row, columns)
    return row


def _title(ws: Worksheet, figures: MonthFigures, subtitle: str, width: int) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    cell = ws.cell(row=1, column=1)
    put_text(cell, f"Rapport mensuel des réclamations — {month_label(figures.month)}")
    cell.font = TITLE_FONT
    ws.row_dimensions[1].height = 22
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    note = ws.cell(row=2, column=1)
    put_text(note, subtitle)
    note.font, note.alignment = NOTE_FONT, TOP_WRAP
    ws.row_dimensions[2].height = 2 * LINE_HEIGHT + 4


def _page_setup(ws: Worksheet, figures: MonthFigures, name: str, title_rows: str | None
                ) -> None:
    """Printed as the daily register is: landscape A4, every column on the page's width,
    the header row repeated, the day it was made and the page number in the footer."""
    page_setup(ws, f"Rapport des réclamations — {month_label(figures.month)} — {name}",
               wide=1, title_rows=title_rows, margin=0.4,
               footer_left=f"Établi le {figures.today:%d/%m/%Y}")


SUMMARY_COLUMNS = (Col("Indicateur", 46, wrap=True), Col("Nombre", 9), Col("Taux", 9),
                   Col(IDS_HEADER, 84, wrap=True))


def _write_summary(ws: Worksheet, figures: MonthFigures) -> None:
    _title(ws, figures,
           f"Établi le {figures.today:%d/%m/%Y} à partir du journal. Chaque ligne donne les "
           f"numéros des courriers qu'elle compte, détaillés sur la feuille « {DETAIL} » "
           f"(quarantaine : feuille « {QUARANTINE} »).", len(SUMMARY_COLUMNS))
    write_header(ws, 4, SUMMARY_COLUMNS, lines=3)
    row = 4
    for section in figures.sections:
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        cell = ws.cell(row=row, column=1)
        put_text(cell, section.title + (f" — {section.note}" if section.note else ""))
        cell.font, cell.fill = SECTION_FONT, SECTION_FILL
        cell.alignment = TOP_WRAP
        ws.row_dimensions[row].height = (
            line_count(cell.value, 140) * LINE_HEIGHT + 4 if isinstance(cell.value, str) else 16)
        for figure in section.figures:
            row += 1
            _put(ws.cell(row=row, column=1), figure.label, wrap=True)
            _put(ws.cell(row=row, column=2), figure.count)
            rate = ws.cell(row=row, column=3)
            _put(rate, NO_RATE if figure.rate is None else figure.rate)
            if figure.rate is None:
                rate.alignment = TOP_CENTRE
            else:
                rate.number_format = RATE_FORMAT
            _put(ws.cell(row=row, column=4), ", ".join(figure.ids) or None, wrap=True)
            fit_row(ws, row, SUMMARY_COLUMNS)
            if figure.label in (StepState.LATE, StepState.OVERDUE) and figure.count:
                mark(ws.cell(row=row, column=2))
    ws.freeze_panes = "A5"
    _page_setup(ws, figures, SUMMARY, "4:4")


def _write_charts(ws: Worksheet, figures: MonthFigures) -> None:
    _title(ws, figures, "Données des graphiques ; le détail des numéros est sur les feuilles "
           f"« {SUMMARY} » et « {TREND} ».", 12)
    categories = figures.section("categorie").figures
    top = 4
    last = _table(ws, top, (Col("Catégorie", 30, wrap=True), Col("Réclamations", 12)),
                  [(f.label, f.count) for f in categories])
    add_bar_chart(ws, "D4", top, last,
                  f"Réclamations par catégorie — {month_label(figures.month)}", "réclamations",
                  max((f.count for f in categories), default=0))

    top = max(last, 22) + 3
    last = _table(ws, top, (Col("Mois", 30, wrap=True), Col("Réclamations", 12)),
                  [(month_label(f.label), f.count) for f in figures.trend])
    add_line_chart(ws, f"D{top}", top, last, "Réclamations reçues sur 12 mois", "réclamations",
                   max((f.count for f in figures.trend), default=0))
    _page_setup(ws, figures, CHARTS, None)
    ws.page_setup.fitToHeight = 1  # both charts on one page


DETAIL_COLUMNS = (
    Col("N°", 16), Col("Période", 11, wrap=True), Col("Reçu le", 10.5), Col("Envoyé le", 10.5),
    Col("Canal", 10), Col("Catégorie", 16, wrap=True), Col("Produit", 13, wrap=True),
    Col("Assureur", 16, wrap=True), Col("Gestionnaire", 13, wrap=True), Col("Statut", 11),
    Col("Médiateur", 9), Col("Hors périmètre", 9), Col("Réorienter vers", 16, wrap=True),
    Col("Accusé de réception avant le", 12), Col("Accusé de réception le", 11),
    Col("Accusé de réception", 14, wrap=True), Col("Réponse avant le", 11),
    Col("Réponse le", 11), Col("Réponse", 14, wrap=True), Col("Issue", 11),
    Col("Médiateur mentionné", 10), Col("En cours en fin de mois", 10),
    Col("Commentaire", 30, wrap=True),
)


def _write_detail(ws: Worksheet, figures: MonthFigures) -> None:
    rows = [
        (c.id, "du mois" if c.of_month else "antérieure, en cours", c.received_on, c.sent_on,
         c.channel, c.category, c.product, c.insurer, c.owner, c.statut, c.mediator,
         c.misdirected, c.redirect_to, c.ack_due, c.acknowledged_on, c.ack_state.value,
         c.answer_due, c.answered_on, c.answer_state.value, c.outcome,
         _yes_no(c.mediator_mentioned), c.open_at_month_end, c.comment)
        for c in figures.complaints
    ]
    last = _table(ws, 1, DETAIL_COLUMNS, rows)
    for row in range(2, last + 1):
        for column in (16, 19):
            cell = ws.cell(row=row, column=column)
            if cell.value in MISSED:
                mark(cell)
        for column in (11, 12):
            cell = ws.cell(row=row, column=column)
            if cell.value == "oui":
                mark(cell, WARNING_FILL, FLAG_FONT)
    add_filter(ws, len(DETAIL_COLUMNS), max(last, 1))
    ws.freeze_panes = "B2"
    _page_setup(ws, figures, DETAIL, "1:1")


LATE_COLUMNS = (Col("N°", 16), Col("Étape", 18), Col("Reçu le", 10.5), Col("Échéance", 11),
                Col("Fait le", 11), Col("Jours de retard", 10), Col("État", 24, wrap=True),
                Col("Gestionnaire", 16, wrap=True))


def _write_late(ws: Worksheet, figures: MonthFigures) -> None:
    """Each deadline missed; one past before the item was received is said as such, with
    no days counted against the cabinet."""
    rows = [(x.id, x.step, x.received_on, x.due, x.done_on,
             NO_RATE if x.days_late is None else x.days_late, x.state.value, x.owner)
            for x in figures.late]
    last = _table(ws, 1, LATE_COLUMNS, rows)
    for row in range(2, last + 1):
        state = ws.cell(row=row, column=7)
        if state.value == StepState.OVERDUE:
            mark(state)
        elif state.value == StepState.EXPIRED:
            mark(state, WARNING_FILL, FLAG_FONT)
            ws.cell(row=row, column=6).alignment = TOP_CENTRE
    ws.freeze_panes = "A2"
    _page_setup(ws, figures, LATE, "1:1")


def _write_quarantine(ws: Worksheet, figures: MonthFigures) -> None:
    columns = (Col("N°", 16), Col("Fichier d'origine", 28, wrap=True), Col("Reçu le", 10.5),
               Col("Motif", 60, wrap=True), Col("Code", 16), Col("Emplacement", 40, wrap=True))
    _table(ws, 1, columns, [(q.id, q.source_file, q.received_on, q.reason, q.code, q.location)
                            for q in figures.quarantine])
    ws.freeze_panes = "A2"
    _page_setup(ws, figures, QUARANTINE, "1:1")


def _write_trend(ws: Worksheet, figures: MonthFigures) -> None:
    columns = (Col("Mois", 16), Col("Réclamations", 12), Col(IDS_HEADER, 100, wrap=True))
    _table(ws, 1, columns, [(month_label(f.label), f.count, ", ".join(f.ids) or None)
                            for f in figures.trend])
    ws.freeze_panes = "A2"
    _page_setup(ws, figures, TREND, "1:1")


def _write_audit(ws: Worksheet, figures: MonthFigures) -> None:
    columns = (Col("Quand", 15), Col("N°", 16), Col("Événement", 18), Col("Champ", 18),
               Col("Ancienne valeur", 16, wrap=True), Col("Nouvelle valeur", 16, wrap=True),
               Col("Détail", 60, wrap=True))
    last = _table(ws, 1, columns, [(a.at, a.item_id, a.what, a.field, a.old, a.new, a.detail)
                                   for a in figures.audit])
    add_filter(ws, len(columns), max(last, 1))
    ws.freeze_panes = "A2"
    _page_setup(ws, figures, AUDIT, "1:1")


def build_workbook(figures: MonthFigures) -> Workbook:
    wb = new_workbook(f"Rapport mensuel des réclamations — {month_label(figures.month)}", SHEETS)
    writers = {SUMMARY: _write_summary, CHARTS: _write_charts, LATE: _write_late,
               DETAIL: _write_detail, QUARANTINE: _write_quarantine, TREND: _write_trend,
               AUDIT: _write_audit}
    for name in SHEETS:
        writers[name](wb[name], figures)
    return wb


def write_monthly_report(figures: MonthFigures, path_xlsx: Path) -> Path:
    """Write the workbook at `path_xlsx` (reports/rapport-YYYY-MM.xlsx): to a temporary name
    beside it, then swapped in."""
    save_atomically(build_workbook(figures), path_xlsx)
    return path_xlsx
