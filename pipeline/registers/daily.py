"""The daily complaint register: ``reports/registre-YYYY-MM-DD.xlsx``, read in Excel each morning.

One row per item taken from inbox/ that day, on these sheets, in this order:

    réclamations      complaints the cabinet handles
    hors périmètre    misdirected complaints, with the organisation to redirect them to
    médiateur         items meant for the insurance Mediator
    autres courriers  items that are not complaints
    à vérifier        every item a person should check, whatever its sheet
    quarantaine       items that could not be processed, with the reason
    légende           what each colour means (`registers/legend.py` words it once)

Each sheet keeps row 1 as its header (frozen, with an autofilter), real Excel dates,
"oui"/"non" for flags (highlighted when "oui"), deadlines already past in red. Rows are
sorted by id, so rewriting the day after a late batch keeps the earlier rows in place.
People read it: staff by their names (cabinet.toml's `nom`), channels by their labels,
phones as `french.phone` writes them. Printed, each sheet is one page wide (landscape),
its header row repeated on every page.
Text is always written as text, never as a formula; social-security numbers (NIR) and
IBANs are masked. Any part of a record may be missing (an item filed before reading
existed, a quarantined item): its cells stay empty.

The styles, text cells and atomic save are `pipeline/workbook.py`'s, shared with the
follow-up workbook and the monthly report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pipeline import clock, french, workbook
from pipeline.journal import Journal
from pipeline.letters.owed import letter_label
from pipeline.record import FilingStatus, Item, channel_label, missing_field_label
from pipeline.registers.legend import (
    FLAG,
    LETTER_MEANING,
    LINK,
    LINK_MEANING,
    OVERDUE,
    OVERDUE_MEANING,
    TAB,
    TAB_MEANING,
    Swatch,
    write_legend,
)
from pipeline.summary import claimant_statut, person_name, staff_name
from pipeline.workbook import (
    BODY_FONT,
    BORDER,
    DATE_FORMAT,
    FLAG_FONT,
    LINK_FONT,
    OVERDUE_FILL,
    OVERDUE_FONT,
    TOP,
    TOP_CENTRE,
    TOP_WRAP,
    Cell,
    Workbook,
    Worksheet,
    add_filter,
    fill,
    fit_row,
    page_setup,
    put_text,
    set_style,
    write_header,
    yes_no,
)
from pipeline.workspace import one_writer

COMPLAINTS = "réclamations"
MISDIRECTED = "hors périmètre"
MEDIATOR = "médiateur"
OTHERS = "autres courriers"
REVIEW = "à vérifier"
QUARANTINE = "quarantaine"
SHEETS = (COMPLAINTS, MISDIRECTED, MEDIATOR, OTHERS, REVIEW, QUARANTINE)  # one row per item
LEGEND_SHEET = "légende"  # registers/legend.py


def daily_register_path(reports: Path, day: date) -> Path:
    """Where the register of `day` lies: reports/registre-YYYY-MM-DD.xlsx."""
    return reports / f"registre-{day.isoformat()}.xlsx"


# -- what a row shows ----------------------------------------------------------------


@dataclass(frozen=True)
class Hyperlink:
    text: str
    target: str  # relative to the register's folder (reports/)


@dataclass(frozen=True)
class Flag:
    on: bool
    note: str = ""

    def text(self) -> str:
        word = yes_no(self.on)
        return f"{word} : {self.note}" if self.note else word


Value = str | date | Flag | Hyperlink | None


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    wrap: bool = False
    flag_fill: str | None = None  # background of a "oui" cell
    due: bool = False  # a deadline: red when already past on the register's day
    meaning: str = ""  # what the colour of a "oui" cell means (the legend's wording)


COLUMNS = {
    c.key: c
    for c in (
        Column("id", "N°", 16),
        Column("received", "Reçu le", 10.5),
        Column("sent", "Envoyé le", 10.5),
        Column("channel", "Canal", 10),
        Column("complaint", "Réclamation", 12),
        Column("claimant", "Réclamant", 22, wrap=True),
        Column("sender", "Expéditeur", 22, wrap=True),
        Column("statut", "Statut", 11),
        Column("contact", "Contact", 34, wrap=True),  # an e-mail address on one line
        Column("references", "Références", 22, wrap=True),
        Column("client", "Client", 10),
        Column("owner", "Gestionnaire", 16, wrap=True),
        Column("owner_reason", "Motif d'attribution", 28, wrap=True),
        Column("category", "Catégorie", 18, wrap=True),
        Column("description", "Description", 50, wrap=True),
        Column("missing", "Informations manquantes", 15, wrap=True),
        Column("misdirected", "Hors périmètre", 10, flag_fill="FFE699",
               meaning="Réclamation qui concerne un autre organisme : à lui réorienter "
                       "(colonne « Réorienter vers »), et prévenir le réclamant"),
        Column("redirect_to", "Réorienter vers", 20, wrap=True),
        Column("mediator", "Médiateur", 10.5, flag_fill="F4B084",
               meaning="Courrier destiné au Médiateur de l'assurance : à lui transmettre, "
                       "et prévenir le réclamant par écrit"),
        Column("escalation", "Médiateur évoqué", 10.5, flag_fill="FCE4D6",
               meaning="Le réclamant menace de saisir le Médiateur ou lui adresse une copie"),
        Column("ack_due", "Accusé de réception avant le", 13, due=True),
        Column("answer_due", "Réponse avant le", 13, due=True),
        Column("review", "À vérifier", 24, wrap=True, flag_fill="F8CBAD",
               meaning="Une personne doit vérifier la ligne avant d'agir ; le motif suit "
                       "« oui : »"),
        Column("file", "Fichier", 21),
        # one link per letter drafted (pipeline.letters: two at most), to its .docx
        Column("letter_1", "Courriers", 13, wrap=True),
        Column("letter_2", "Courriers (suite)", 13, wrap=True),
        Column("source_file", "Fichier d'origine", 30, wrap=True),
        Column("error", "Motif", 60, wrap=True),
        Column("location", "Emplacement", 45),
    )
}

_HEAD = ("id", "received", "sent", "channel")
_WHO = ("claimant", "statut", "contact", "references", "client", "owner", "owner_reason",
        "category", "description", "missing")
_DUES = ("ack_due", "answer_due", "review", "letter_1", "letter_2", "file")
# A flag that every row of a sheet shares says nothing there: each sheet shows the flags
# that can vary on it; "à vérifier", which mixes every kind of item, shows them all.
SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    COMPLAINTS: _HEAD + _WHO + ("escalation",) + _DUES,
    MISDIRECTED: _HEAD + _WHO + ("redirect_to", "escalation") + _DUES,
    MEDIATOR: _HEAD + _WHO + _DUES,
    OTHERS: _HEAD + ("sender", "statut", "contact", "references", "client", "owner",
                     "owner_reason", "description", "review", "file"),
    REVIEW: _HEAD + ("complaint",) + _WHO + (
        "misdirected", "redirect_to", "mediator", "escalation") + _DUES,
    QUARANTINE: ("id", "source_file", "received", "error", "location"),
}

def _day_of(iso: str | None) -> date | str | None:
    """An ISO date or date-time as a Paris calendar day; unreadable text is shown as is."""
    if not iso:
        return None
    try:
        if len(iso) == 10:
            return date.fromisoformat(iso)
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return moment.astimezone(clock.PARIS).date() if moment.tzinfo else moment.date()


def _flag(value: Any) -> Flag | None:
    return None if value is None else Flag(bool(value))


def _joined(*parts: str | None, sep: str = " ") -> str | None:
    text = sep.join(p.strip() for p in parts if p and p.strip())
    return text or None


def _person(record: dict[str, Any]) -> str | None:
    name = person_name(record.get("claimant"))
    rep = record.get("representative") or {}
    writer = _joined(rep.get("prenom"), rep.get("nom"))
    if writer or rep.get("qualite"):
        by = "par " + (writer or "un représentant")
        if rep.get("qualite"):
            by += f" ({rep['qualite']})"
        return _joined(name, by, sep="\n")
    return name


def _contact(record: dict[str, Any]) -> str | None:
    claimant = record.get("claimant") or {}
    phones = [french.phone(p) for p in claimant.get("telephones") or []]
    return _joined(*phones, claimant.get("email"), sep="\n")


def _references(record: dict[str, Any]) -> str | None:
    refs = record.get("references") or {}
    contracts, claims = refs.get("contrats") or [], refs.get("sinistres") or []
    return _joined(
        ("Contrat : " + ", ".join(contracts)) if contracts else None,
        ("Sinistre : " + ", ".join(claims)) if claims else None,
        sep="\n",
    )


def file_link(location: str | None, text: str | None = None) -> Hyperlink | None:
    """A link from ``reports/`` to `location` (relative to the home), shown as `text` or the
    file's name."""
    if not location:
        return None
    return Hyperlink(text or Path(location).name, "../" + quote(location, safe="/"))


def flags_of(item: Item) -> tuple[bool, bool]:
    """(Mediator, misdirected): the decision's, else what reading found."""
    if item.decision:
        return item.decision.mediator, item.decision.misdirected
    if item.findings:
        return item.findings.mediator, item.findings.misdirected and not item.findings.mediator
    return False, False


def _review(item: Item) -> Flag | None:
    d = item.decision
    if d is None:
        return None
    return Flag(d.needs_review, " ; ".join(d.review_reasons) if d.needs_review else "")


def row_values(item: Item, names: Mapping[str, str] | None = None) -> dict[str, Value]:
    """Every column's value for one item; a missing part leaves its cells empty. `names`
    (collaborator id -> name) shows owners by their names; an id not listed stays as is."""
    rec = item.export_record()
    claimant = rec.get("claimant") or {}
    owner = rec.get("owner")
    missing = [missing_field_label(name) for name in rec.get("missing_fields") or []]
    location = rec.get("location")
    return {
        "id": item.id,
        "received": _day_of(rec.get("received_at")),
        "sent": _day_of(rec.get("sent_on")),
        "channel": channel_label(rec.get("channel")),
        "complaint": _flag(rec.get("is_complaint")),
        "claimant": _person(rec),
        "sender": _person(rec),
        "statut": claimant_statut(claimant),
        "contact": _contact(rec),
        "references": _references(rec),
        "client": rec.get("client_id"),
        "owner": staff_name(owner, names or {}),
        "owner_reason": rec.get("owner_reason"),
        "category": rec.get("category"),
        "description": rec.get("description"),
        "missing": ", ".join(missing) or None,
        "misdirected": _flag(rec.get("misdirected")),
        "redirect_to": rec.get("redirect_to"),
        "mediator": _flag(rec.get("mediator")),
        "escalation": _flag(item.findings.escalation) if item.findings else None,
        "ack_due": _day_of(rec.get("ack_due")),
        "answer_due": _day_of(rec.get("answer_due")),
        "review": _review(item),
        "file": file_link(location),
        "source_file": rec.get("source_file"),
        "error": rec.get("error"),
        "location": Hyperlink(location, "../" + quote(location, safe="/")) if location else None,
        **_letter_links(item),
    }


def _letter_links(item: Item) -> dict[str, Value]:
    """The « Courriers » cells: a link to each letter's .docx, named by its type."""
    links = [file_link(ref.path, letter_label(ref.type)) for ref in item.letters[:2]]
    return {f"letter_{i}": links[i - 1] if i <= len(links) else None for i in (1, 2)}


def sheet_of(item: Item) -> str:
    """The one main sheet an item is listed on (besides "à vérifier")."""
    if item.outcome and item.outcome.status == FilingStatus.QUARANTINED:
        return QUARANTINE
    mediator, misdirected = flags_of(item)
    if mediator:
        return MEDIATOR
    if misdirected:
        return MISDIRECTED
    if item.is_new_complaint:
        return COMPLAINTS
    return OTHERS  # ordinary mail, and later letters about an open complaint


def needs_review(item: Item) -> bool:
    return bool(item.decision and item.decision.needs_review)


# -- writing -------------------------------------------------------------------------

TAB_COLOURS = {MISDIRECTED: "FFC000", MEDIATOR: "ED7D31", REVIEW: "C00000", QUARANTINE: "7F7F7F"}


def write_cell(cell: Cell, value: Value, column: Column, day: date) -> None:
    """One register cell in its column's style; a deadline (`column.due`) before `day` red."""
    font, background, number_format = BODY_FONT, None, None
    alignment = TOP_WRAP if column.wrap else TOP
    if value is None:
        pass
    elif isinstance(value, Flag):
        put_text(cell, value.text())
        if value.on and column.flag_fill:
            background, font = fill(column.flag_fill), FLAG_FONT
    elif isinstance(value, Hyperlink):
        put_text(cell, value.text)
        cell.hyperlink = value.target
        font = LINK_FONT
    elif isinstance(value, date):
        cell.value = value
        number_format, alignment = DATE_FORMAT, TOP_CENTRE
        if column.due and value < day:
            background, font = OVERDUE_FILL, OVERDUE_FONT
    else:
        put_text(cell, str(value))
    set_style(cell, font=font, border=BORDER, alignment=alignment, fill=background,
              number_format=number_format)


def _write_sheet(ws: Worksheet, name: str, items: Sequence[Item], day: date,
                 names: Mapping[str, str]) -> None:
    columns = [COLUMNS[key] for key in SHEET_COLUMNS[name]]
    write_header(ws, 1, columns, lines=4)
    for row, item in enumerate(items, start=2):
        values = row_values(item, names)
        for index, column in enumerate(columns, start=1):
            write_cell(ws.cell(row=row, column=index), values[column.key], column, day)
        fit_row(ws, row, columns)
    add_filter(ws, len(columns), len(items) + 1)
    ws.freeze_panes = "B2"
    if items and name in TAB_COLOURS:
        ws.sheet_properties.tabColor = TAB_COLOURS[name]
    # Printed (or made a PDF): landscape A4, one page wide, the header row on each page,
    # the day and page number at the foot.
    page_setup(ws, f"Registre des réclamations du {day:%d/%m/%Y} — {name}", wide=1,
               title_rows="1:1", footer_left=f"Couleurs : voir la feuille « {LEGEND_SHEET} »",
               day=day)


def _legend() -> list[Swatch]:
    """Every colour of the register and what it means: the flags' from their columns."""
    flags = [Swatch(c.header, "oui", c.meaning, c.flag_fill, FLAG) for c in COLUMNS.values()
             if c.flag_fill]
    dues = " / ".join(c.header for c in COLUMNS.values() if c.due)
    return [*flags, Swatch(dues, "01/01/2000", OVERDUE_MEANING, kind=OVERDUE),
            Swatch(COLUMNS["file"].header, "REC-….pdf", LINK_MEANING, kind=LINK),
            Swatch(COLUMNS["letter_1"].header, "accusé de réception", LETTER_MEANING, kind=LINK),
            *(Swatch(f"Onglet « {sheet} »", "", TAB_MEANING, colour, TAB)
              for sheet, colour in TAB_COLOURS.items())]


def _rows_of_day(items: Sequence[Item], day: date) -> list[Item]:
    """The register's rows: the items taken on `day`, one per id (the last seen), by id."""
    by_id = {item.id: item for item in items if item.source.taken_at[:10] == day.isoformat()}
    return [by_id[key] for key in sorted(by_id)]


def build_workbook(items: Sequence[Item], day: date,
                   names: Mapping[str, str] | None = None) -> Workbook:
    todays = _rows_of_day(items, day)
    wb = workbook.new_workbook(f"Registre des réclamations du {day:%d/%m/%Y}",
                               (*SHEETS, LEGEND_SHEET))
    for name in SHEETS:
        listed = [i for i in todays if (needs_review(i) if name == REVIEW else sheet_of(i) == name)]
        _write_sheet(wb[name], name, listed, day, names or {})
    write_legend(wb[LEGEND_SHEET], f"Registre des réclamations du {day:%d/%m/%Y} — "
                 f"{LEGEND_SHEET}", _legend())
    return wb


def write_daily_register(items: Sequence[Item], day: date, path: Path,
                         names: Mapping[str, str] | None = None) -> Path:
    """(Re)write the register of `day` at `path` (reports/registre-YYYY-MM-DD.xlsx).

    `items` may hold any days: only those taken on `day` are listed; `names` (collaborator
    id -> name, `Settings.staff_names`) shows owners by name. Written to a temporary name
    beside `path`, then swapped in: a reader never sees half a file. File links are
    relative to the register's folder (``../outbox/…``).
    """
    workbook.save_atomically(build_workbook(items, day, names), path)
    return path


def rewrite_day(journal: Journal, reports: Path, day: date,
                names: Mapping[str, str] | None = None) -> tuple[Path, int]:
    """(Re)write the register of `day` from the journal; returns its path and row count."""
    path = daily_register_path(reports, day)
    with one_writer(path.parent):  # the run and `reclam register` may write the same day
        items = journal.items_of_day(day)
        return write_daily_register(items, day, path, names), len(items)
