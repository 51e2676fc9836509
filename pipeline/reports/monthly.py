"""The monthly report for auditors: ``reports/rapport-YYYY-MM.xlsx`` (and its PDF).

`build_month` computes the figures; it is pure (no file, no clock). Every figure
carries the ids of the items it counts, so that an auditor can check it line by line
against the detail sheet. `write_monthly_report` writes the workbook, on these sheets:

    Synthèse                   every figure: count, rate, « N° concernés »
    Graphiques                 complaints by category (bar), over 12 months (line)
    Retards                    each deadline missed, or still open past due
    Réclamations du mois       one row per complaint counted: dates, follow-up, late flags
    Quarantaine                files of the month that could not be processed, and why
    Évolution sur 12 mois      complaints per month, with their ids
    Journal d'audit            the audit events of the items counted: when, what, old/new

Definitions (stated in the report too):
- a complaint is an item read as one (`findings.is_complaint`), Mediator-addressed and
  misdirected ones included, but not a later letter about an open complaint
  (`decision.follow_up_of`); its month is that of its date of receipt (`received_at`, in
  Europe/Paris: an email's own Date:, a scan's day), never the day it was processed;
- acknowledgement is on time when made on or before `ack_due` (10 jours ouvrables). An
  answer sent within that time stands for the acknowledgement (ACPR 2022-R-01, §1.2);
- the answer is on time when sent on or before `answer_due` (2 months);
- a rate is the on-time count over the complaints whose step is done or past due
  (those still within their time are not yet judged);
- "at month end" is the month's last day, or today for the current month.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from pipeline import clock
from pipeline.client_register import ClientRegister, Contract
from pipeline.journal import FollowUp
from pipeline.record import Category, Channel, Item, Status, Statut
from pipeline.registers.daily import (
    BODY_FONT,
    BORDER,
    DATE_FORMAT,
    FLAG_FONT,
    FONT_NAME,
    FONT_SIZE,
    HEADER_ALIGN,
    HEADER_FILL,
    HEADER_FONT,
    LINE_HEIGHT,
    OVERDUE_FILL,
    OVERDUE_FONT,
    TOP,
    TOP_CENTRE,
    TOP_WRAP,
    _flags,
    _lines,
    _put_text,
    save_atomically,
)

MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")
TREND_MONTHS = 12

NO_CATEGORY = "non classée"
NO_CONTRACT = "non rattachée à un contrat"
NO_INSURER = "assureur inconnu"
NO_OWNER = "non attribuée"
NO_STATUT = "non renseigné"


def parse_month(text: str) -> tuple[date, date]:
    """"2026-11" -> (1 Nov 2026, 30 Nov 2026); ValueError (French) when malformed."""
    found = MONTH_RE.fullmatch(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        raise ValueError(f"mois attendu au format AAAA-MM (par exemple 2026-11) : {text!r}")
    first = date(int(found.group(1)), int(found.group(2)), 1)
    return first, _next_month(first) - timedelta(days=1)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def month_label(month: str) -> str:
    """"2026-11" -> "novembre 2026"."""
    first, _ = parse_month(month)
    return f"{MONTHS_FR[first.month - 1]} {first.year}"


def monthly_report_path(reports: Path, month: str) -> Path:
    return reports / f"rapport-{month}.xlsx"


# -- the figures -------------------------------------------------------------------------


class StepState(StrEnum):
    """Where one step (acknowledgement, answer) of a complaint stands."""

    ON_TIME = "dans les délais"
    LATE = "hors délai"
    OVERDUE = "non fait, délai dépassé"
    PENDING = "non fait, délai en cours"
    UNKNOWN = "échéance inconnue"


JUDGED = (StepState.ON_TIME, StepState.LATE, StepState.OVERDUE)
MISSED = (StepState.LATE, StepState.OVERDUE)


def step_state(done: date | None, due: date | None, as_of: date) -> StepState:
    """On time when done on or before the due day; overdue when not done and `as_of` is
    past the due day."""
    if done is not None and due is not None:
        return StepState.ON_TIME if done <= due else StepState.LATE
    if due is None:
        return StepState.ON_TIME if done is not None else StepState.UNKNOWN
    return StepState.OVERDUE if as_of > due else StepState.PENDING


@dataclass(frozen=True)
class Figure:
    """One line of the summary: a label, the ids it counts, and a rate when it has one."""

    label: str
    ids: tuple[str, ...]
    rate: float | None = None

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Section:
    key: str  # stable: "canal", "categorie", "accuse", …
    title: str  # French
    figures: tuple[Figure, ...]
    note: str = ""  # French: how the section counts

    def figure(self, label: str) -> Figure:
        for f in self.figures:
            if f.label == label:
                return f
        raise KeyError(label)


@dataclass(frozen=True)
class ComplaintLine:
    """One complaint counted, as the detail sheet shows it."""

    id: str
    of_month: bool  # False: an earlier complaint still open at month end
    received_on: date
    sent_on: date | None
    channel: str
    category: str
    product: str
    insurer: str
    owner: str
    statut: str
    mediator: bool
    misdirected: bool
    redirect_to: str | None
    ack_due: date | None
    answer_due: date | None
    acknowledged_on: date | None
    answered_on: date | None
    outcome: str | None
    mediator_mentioned: bool | None
    comment: str | None
    ack_state: StepState
    answer_state: StepState
    open_at_month_end: bool


@dataclass(frozen=True)
class LateLine:
    id: str
    step: str  # "accusé de réception" or "réponse"
    due: date
    done_on: date | None
    days_late: int  # calendar days past `due`, until done (or until today when open)
    state: StepState
    owner: str


@dataclass(frozen=True)
class QuarantineLine:
    id: str
    source_file: str
    received_on: date
    reason: str
    code: str | None
    location: str | None


@dataclass(frozen=True)
class AuditLine:
    at: datetime  # Paris time, naive (Excel holds no offset)
    item_id: str
    what: str
    field: str | None
    old: str | None
    new: str | None
    detail: str | None


@dataclass(frozen=True)
class MonthFigures:
    month: str  # "2026-11"
    first_day: date
    last_day: date
    today: date
    month_end: date  # the last day, or today for the current month
    complaints: tuple[ComplaintLine, ...]  # the month's, then earlier ones open at month end
    sections: tuple[Section, ...]
    late: tuple[LateLine, ...]
    quarantine: tuple[QuarantineLine, ...]
    trend: tuple[Figure, ...]  # one per month, oldest first; label "2026-11"
    audit: tuple[AuditLine, ...] = field(default=())

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    @property
    def of_month(self) -> tuple[ComplaintLine, ...]:
        return tuple(c for c in self.complaints if c.of_month)


def _iso_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _received_on(item: Item) -> date:
    """The day of receipt (spec/workspace.md), in Europe/Paris whatever offset it was read in."""
    try:
        return datetime.fromisoformat(item.received_at).astimezone(clock.PARIS).date()
    except ValueError:
        return date.fromisoformat(item.source.taken_at[:10])


def _month_of(item: Item) -> str:
    return f"{_received_on(item):%Y-%m}"


def is_complaint(item: Item) -> bool:
    """A complaint counted on its own: not a later letter about an open one."""
    return item.is_new_complaint


def _contract_and_insurer(item: Item, register: ClientRegister | None) -> tuple[str, str]:
    """The product and insurer of the contract (or claim) the item is linked to."""
    m = item.match
    if register is None or m is None or not m.client_id:
        return NO_CONTRACT, NO_INSURER
    contract: Contract | None = register.contract(m.contract) if m.contract else None
    claim = register.claim(m.claim) if m.claim else None
    if contract is None and claim is not None and claim.numero_contrat:
        contract = register.contract(claim.numero_contrat)
    if contract is None and claim is None:
        return NO_CONTRACT, NO_INSURER
    product = (contract.produit if contract else None) or NO_CONTRACT
    insurer = (
        (contract.organisme or contract.assureur if contract else None)
        or (claim.organisme or claim.assureur if claim else None)
        or NO_INSURER
    )
    return product, insurer


def _ack_done(f: FollowUp) -> date | None:
    """The acknowledgement, or an answer sent before it (which stands for it)."""
    dates = [d for d in (_iso_date(f.acknowledged_on), _iso_date(f.answered_on)) if d]
    return min(dates) if dates else None


def _line(item: Item, f: FollowUp, register: ClientRegister | None, of_month: bool,
          as_of: date, month_end: date) -> ComplaintLine:
    d, fi = item.decision, item.findings
    mediator, misdirected = _flags(item)
    product, insurer = _contract_and_insurer(item, register)
    ack_due = _iso_date(d.ack_due if d else None)
    answer_due = _iso_date(d.answer_due if d else None)
    answered = _iso_date(f.answered_on)
    return ComplaintLine(
        id=item.id,
        of_month=of_month,
        received_on=_received_on(item),
        sent_on=_iso_date((d.sent_on if d else None) or (fi.sent_on if fi else None)),
        channel=item.source.channel.value,
        category=(fi.category if fi else None) or NO_CATEGORY,
        product=product,
        insurer=insurer,
        owner=(d.owner if d else None) or NO_OWNER,
        statut=d.statut.value if d and d.statut else NO_STATUT,
        mediator=mediator,
        misdirected=misdirected,
        redirect_to=d.redirect_to if d else None,
        ack_due=ack_due,
        answer_due=answer_due,
        acknowledged_on=_iso_date(f.acknowledged_on),
        answered_on=answered,
        outcome=f.outcome.value if f.outcome else None,
        mediator_mentioned=f.mediator_mentioned,
        comment=f.comment,
        ack_state=step_state(_ack_done(f), ack_due, as_of),
        answer_state=step_state(answered, answer_due, as_of),
        open_at_month_end=answered is None or answered > month_end,
    )


def _ids(lines: Iterable[ComplaintLine]) -> tuple[str, ...]:
    return tuple(sorted(line.id for line in lines))


def _breakdown(key: str, title: str, lines: Sequence[ComplaintLine], attr: str,
               always: Sequence[str] = ()) -> Section:
    """One figure per value of `attr`: those in `always` first (zero included), then the
    others met, by count then name."""
    groups: dict[str, list[ComplaintLine]] = {label: [] for label in always}
    for line in lines:
        groups.setdefault(getattr(line, attr), []).append(line)
    extra = sorted((k for k in groups if k not in always), key=lambda k: (-len(groups[k]), k))
    return Section(key, title, tuple(Figure(k, _ids(groups[k])) for k in (*always, *extra)))


def _step_section(key: str, title: str, lines: Sequence[ComplaintLine], attr: str,
                  note: str) -> Section:
    by_state = {s: [c for c in lines if getattr(c, attr) == s] for s in StepState}
    judged = sum(len(by_state[s]) for s in JUDGED)
    figures = tuple(
        Figure(s.value, _ids(by_state[s]),
               (len(by_state[s]) / judged if judged else None) if s in JUDGED else None)
        for s in StepState
        if s != StepState.UNKNOWN or by_state[s]
    )
    return Section(key, title, figures, note)


def _followed(key: str, title: str, lines: Sequence[ComplaintLine], note: str) -> Section:
    return Section(key, title, (
        Figure("reçues", _ids(lines)),
        Figure("transmises, réclamant informé", _ids(c for c in lines if c.acknowledged_on)),
        Figure("réponse envoyée", _ids(c for c in lines if c.answered_on)),
        Figure("sans suite enregistrée",
               _ids(c for c in lines if not c.acknowledged_on and not c.answered_on)),
    ), note)


def _late_lines(lines: Sequence[ComplaintLine], today: date) -> list[LateLine]:
    out = []
    for c in lines:
        steps = (("accusé de réception", c.ack_state, c.ack_due,
                  min((d for d in (c.acknowledged_on, c.answered_on) if d), default=None)),
                 ("réponse", c.answer_state, c.answer_due, c.answered_on))
        for step, state, due, done in steps:
            if state in MISSED and due is not None:
                out.append(LateLine(c.id, step, due, done, ((done or today) - due).days, state,
                                    c.owner))
    return out


def _audit_line(event: Mapping[str, Any], anonymised: bool = False) -> AuditLine:
    detail: dict[str, Any] = dict(event.get("detail") or {})
    moment = datetime.fromisoformat(event["at"])
    at = moment.astimezone(clock.PARIS).replace(tzinfo=None) if moment.tzinfo else moment
    kind = str(event["kind"])
    what = EVENT_LABELS.get(kind, kind)
    if kind == "suivi":
        name = str(detail.pop("champ", ""))
        old, new = detail.pop("ancien", None), detail.pop("nouveau", None)
        if anonymised and name == "comment":  # the log keeps it; the report does not show it
            old, new = (None if v is None else ERASED for v in (old, new))
        return AuditLine(at, event["item_id"], what, FOLLOWUP_LABELS.get(name, name),
                         _text(old), _text(new), _details(detail))
    return AuditLine(at, event["item_id"], what, None, None, None, _details(detail))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def _details(detail: Mapping[str, Any]) -> str | None:
    parts = [f"{k} : {_text(v)}" for k, v in detail.items() if v not in (None, "", [], {})]
    return " ; ".join(parts) or None


EVENT_LABELS = {
    "recu": "reçu", "traite": "traité", "classe": "classé", "quarantaine": "mis en quarantaine",
    "doublon-recu": "doublon reçu", "doublon-classe": "doublon classé",
    "echec-travailleur": "échec de traitement", "suivi": "suivi modifié",
    "anonymisation": "anonymisation",
}
ERASED = "(effacé : anonymisation)"
FOLLOWUP_LABELS = {
    "acknowledged_on": "accusé de réception le", "answered_on": "réponse le",
    "outcome": "issue", "mediator_mentioned": "Médiateur mentionné", "comment": "commentaire",
}


def build_month(
    items: Iterable[Item],
    followups: Mapping[str, FollowUp],
    register: ClientRegister | None,
    month: str,
    today: date,
    events: Iterable[Mapping[str, Any]] = (),
) -> MonthFigures:
    """The figures of `month` ("YYYY-MM") as known on `today`.

    `items`: the journal's items, any months (the trend and the complaints still open at
    month end need earlier ones); `followups` by item id; `register`: the client register
    (product and insurer of a linked contract), None when unavailable; `events`: the audit
    log (`Journal.events()`), of which those of the items counted are kept.
    """
    first, last = parse_month(month)
    month_end = min(last, today)
    by_id = {item.id: item for item in items}  # one per id: the last seen
    ordered = [by_id[k] for k in sorted(by_id)]
    complaints = [i for i in ordered if is_complaint(i)]

    def line(item: Item, of_month: bool) -> ComplaintLine:
        return _line(item, followups.get(item.id) or FollowUp(item.id), register, of_month,
                     today, month_end)

    current = [line(i, True) for i in complaints if _month_of(i) == month]
    earlier = [line(i, False) for i in complaints if _received_on(i) < first]
    backlog = [c for c in earlier if c.open_at_month_end]
    at_end = [c for c in current if c.received_on <= month_end] + backlog
    open_at_end = [c for c in at_end if c.open_at_month_end]
    end_label = f"{month_end:%d/%m/%Y}"

    def overdue_at_end(c: ComplaintLine, step: str) -> bool:
        if step == "answer":
            return c.answer_due is not None and c.answer_due < month_end
        ack = min((d for d in (c.acknowledged_on, c.answered_on) if d), default=None)
        return (c.ack_due is not None and c.ack_due < month_end
                and (ack is None or ack > month_end))

    quarantine = [
        QuarantineLine(i.id, i.source.source_file, _received_on(i),
                       i.outcome.error or "motif non enregistré", i.outcome.error_code,
                       i.outcome.location)
        for i in ordered
        if _month_of(i) == month and i.outcome and i.outcome.status == Status.QUARANTINED
    ]
    sections = (
        Section("total", "Réclamations reçues dans le mois", (
            Figure("réclamations", _ids(current)),
            Figure("dont destinées au Médiateur", _ids(c for c in current if c.mediator)),
            Figure("dont hors périmètre (à réorienter)",
                   _ids(c for c in current if c.misdirected)),
        ), "Mois de réception : la date de réception du courrier (date de l'e-mail, jour du scan), non celle du traitement."),
        _breakdown("canal", "Par canal", current, "channel", [c.value for c in Channel]),
        _breakdown("categorie", "Par catégorie (familles ACPR)", current, "category",
                   [c.value for c in Category]),
        _breakdown("produit", "Par produit (registre client)", current, "product"),
        _breakdown("assureur", "Par assureur (registre client)", current, "insurer"),
        _breakdown("gestionnaire", "Par gestionnaire", current, "owner"),
        _breakdown("statut", "Par statut du réclamant", current, "statut",
                   [s.value for s in Statut]),
        _step_section(
            "accuse", "Accusé de réception sous 10 jours ouvrables", current, "ack_state",
            "Une réponse envoyée dans ce délai vaut accusé de réception. Taux calculés sur "
            f"les réclamations dont l'accusé est fait ou le délai échu au {today:%d/%m/%Y}."),
        _step_section(
            "reponse", "Réponse sous 2 mois", current, "answer_state",
            "Taux calculés sur les réclamations dont la réponse est faite ou le délai échu "
            f"au {today:%d/%m/%Y}."),
        Section("fin-de-mois", f"En cours au {end_label} (tous mois de réception)", (
            Figure("réclamations sans réponse", _ids(open_at_end)),
            Figure("dont antérieures au mois", _ids(backlog)),
            Figure("dont réponse en retard (délai de 2 mois dépassé)",
                   _ids(c for c in open_at_end if overdue_at_end(c, "answer"))),
            Figure("dont accusé de réception en retard",
                   _ids(c for c in open_at_end if overdue_at_end(c, "ack"))),
        ), "Sans réponse enregistrée à cette date."),
        _followed("mediateur", "Courriers destinés au Médiateur",
                  [c for c in current if c.mediator],
                  "À transmettre au Médiateur de l'assurance, réclamant informé par écrit."),
        _followed("hors-perimetre", "Réclamations hors périmètre",
                  [c for c in current if c.misdirected],
                  "À transmettre à l'organisme concerné, réclamant informé par écrit."),
        Section("quarantaine", "Fichiers mis en quarantaine dans le mois",
                (Figure("fichiers", tuple(q.id for q in quarantine)),),
                "Fichiers illisibles ou inexploitables : motifs sur la feuille Quarantaine."),
    )
    trend_months = [first]
    for _ in range(TREND_MONTHS - 1):
        previous = trend_months[0] - timedelta(days=1)
        trend_months.insert(0, previous.replace(day=1))
    trend = tuple(
        Figure(f"{m:%Y-%m}", tuple(i.id for i in complaints
                                  if _month_of(i) == f"{m:%Y-%m}"))
        for m in trend_months
    )
    counted = {c.id for c in current} | {c.id for c in backlog} | {q.id for q in quarantine}
    events = [e for e in events if e.get("item_id") in counted]
    erased = {e["item_id"] for e in events if e["kind"] == "anonymisation"}
    audit = tuple(_audit_line(e, e["item_id"] in erased) for e in events)
    return MonthFigures(
        month=f"{first:%Y-%m}", first_day=first, last_day=last, today=today,
        month_end=month_end, complaints=tuple(current + backlog), sections=sections,
        late=tuple(_late_lines(current, today)), quarantine=tuple(quarantine), trend=trend,
        audit=audit,
    )


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

TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True, color="1F4E78")
NOTE_FONT = Font(name=FONT_NAME, size=9, italic=True, color="595959")
SECTION_FONT = Font(name=FONT_NAME, size=FONT_SIZE, bold=True, color="1F4E78")
SECTION_FILL = PatternFill("solid", fgColor="DDEBF7")
LATE_FILL = PatternFill("solid", fgColor="F8CBAD")
RATE_FORMAT = "0.0 %"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

Cellable = str | int | float | date | datetime | bool | None


@dataclass(frozen=True)
class Col:
    header: str
    width: float
    wrap: bool = False


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("oui" if value else "non")


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
        _put_text(cell, "oui" if value else "non")
    elif isinstance(value, int | float):
        cell.value = value
    else:
        _put_text(cell, value)


def _header(ws: Worksheet, row: int, columns: Sequence[Col]) -> None:
    for index, col in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index)
        _put_text(cell, col.header)
        cell.fill, cell.font, cell.alignment, cell.border = (
            HEADER_FILL, HEADER_FONT, HEADER_ALIGN, BORDER)
        ws.column_dimensions[get_column_letter(index)].width = col.width
    ws.row_dimensions[row].height = 3 * LINE_HEIGHT + 4


def _fit_row(ws: Worksheet, row: int, columns: Sequence[Col]) -> None:
    """Neither Excel nor LibreOffice reliably fits rows to wrapped text on opening."""
    lines = 1
    for index, col in enumerate(columns, start=1):
        value = ws.cell(row=row, column=index).value
        if col.wrap and isinstance(value, str):
            lines = max(lines, _lines(value, col.width))
    ws.row_dimensions[row].height = min(409, lines * LINE_HEIGHT + 3)


def _table(ws: Worksheet, top: int, columns: Sequence[Col],
           rows: Iterable[Sequence[Cellable]]) -> int:
    """Header on row `top`, rows below; returns the last row written."""
    _header(ws, top, columns)
    row = top
    for row, values in enumerate(rows, start=top + 1):
        for index, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
            _put(ws.cell(row=row, column=index), value, col.wrap)
        _fit_row(ws, row, columns)
    return row


def _mark(cell: Cell, fill: PatternFill = OVERDUE_FILL, font: Font = OVERDUE_FONT) -> None:
    cell.fill, cell.font = fill, font


def _title(ws: Worksheet, figures: MonthFigures, subtitle: str, width: int) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    cell = ws.cell(row=1, column=1)
    _put_text(cell, f"Rapport mensuel des réclamations — {month_label(figures.month)}")
    cell.font = TITLE_FONT
    ws.row_dimensions[1].height = 22
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    note = ws.cell(row=2, column=1)
    _put_text(note, subtitle)
    note.font, note.alignment = NOTE_FONT, Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 2 * LINE_HEIGHT + 4


def _page_setup(ws: Worksheet, figures: MonthFigures, name: str, title_rows: str | None,
                wide: int = 1, portrait: bool = False) -> None:
    ws.page_setup.orientation = "portrait" if portrait else "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = wide
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.5, header=0.25,
                                  footer=0.25)
    ws.oddHeader.center.text = (
        f"Rapport des réclamations — {month_label(figures.month)} — {name}").replace("&", "&&")
    ws.oddFooter.left.text = f"Établi le {figures.today:%d/%m/%Y}"
    ws.oddFooter.right.text = "Page &P / &N"


SUMMARY_COLUMNS = (Col("Indicateur", 46, wrap=True), Col("Nombre", 9), Col("Taux", 9),
                   Col(IDS_HEADER, 84, wrap=True))


def _write_summary(ws: Worksheet, figures: MonthFigures) -> None:
    _title(ws, figures,
           f"Établi le {figures.today:%d/%m/%Y} à partir du journal. Chaque ligne donne les "
           f"numéros des courriers qu'elle compte, détaillés sur la feuille « {DETAIL} » "
           f"(quarantaine : feuille « {QUARANTINE} »).", len(SUMMARY_COLUMNS))
    _header(ws, 4, SUMMARY_COLUMNS)
    row = 4
    for section in figures.sections:
        row += 1
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        cell = ws.cell(row=row, column=1)
        _put_text(cell, section.title + (f" — {section.note}" if section.note else ""))
        cell.font, cell.fill = SECTION_FONT, SECTION_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = (
            _lines(cell.value, 140) * LINE_HEIGHT + 4 if isinstance(cell.value, str) else 16)
        for figure in section.figures:
            row += 1
            _put(ws.cell(row=row, column=1), figure.label, wrap=True)
            _put(ws.cell(row=row, column=2), figure.count)
            rate = ws.cell(row=row, column=3)
            _put(rate, figure.rate)
            rate.number_format = RATE_FORMAT
            _put(ws.cell(row=row, column=4), ", ".join(figure.ids) or None, wrap=True)
            _fit_row(ws, row, SUMMARY_COLUMNS)
            if figure.label in (StepState.LATE, StepState.OVERDUE) and figure.count:
                _mark(ws.cell(row=row, column=2))
    ws.freeze_panes = "A5"
    _page_setup(ws, figures, SUMMARY, "4:4", portrait=False)


def _write_charts(ws: Worksheet, figures: MonthFigures) -> None:
    _title(ws, figures, "Données des graphiques ; le détail des numéros est sur les feuilles "
           f"« {SUMMARY} » et « {TREND} ».", 12)
    categories = figures.section("categorie").figures
    top = 4
    last = _table(ws, top, (Col("Catégorie", 30, wrap=True), Col("Réclamations", 12)),
                  [(f.label, f.count) for f in categories])
    bar = BarChart()
    bar.type = "bar"
    bar.style = 10
    bar.gapWidth = 60
    bar.title = f"Réclamations par catégorie — {month_label(figures.month)}"
    bar.y_axis.title = "réclamations"
    bar.add_data(Reference(ws, min_col=2, min_row=top, max_row=last), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last))
    bar.legend = None
    bar.x_axis.scaling.orientation = "maxMin"  # top to bottom, as in the table
    _whole_numbers(bar, max((f.count for f in categories), default=0))
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.height, bar.width = 8.5, 17
    ws.add_chart(bar, "D4")

    top = max(last, 22) + 3
    last = _table(ws, top, (Col("Mois", 30, wrap=True), Col("Réclamations", 12)),
                  [(month_label(f.label), f.count) for f in figures.trend])
    line = LineChart()
    line.title = "Réclamations reçues sur 12 mois"
    line.y_axis.title = "réclamations"
    line.add_data(Reference(ws, min_col=2, min_row=top, max_row=last), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last))
    line.legend = None
    line.x_axis.delete = False
    line.y_axis.delete = False
    for series in line.series:
        series.smooth = False  # a smoothed curve dips below zero between months
    _whole_numbers(line, max((f.count for f in figures.trend), default=0))
    line.height, line.width = 8.5, 17
    ws.add_chart(line, f"D{top}")
    _page_setup(ws, figures, CHARTS, None)
    ws.page_setup.fitToHeight = 1  # both charts on one page


def _whole_numbers(chart: BarChart | LineChart, highest: int) -> None:
    """Counts: a value axis from 0 in whole steps (no "0.5 réclamation")."""
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorUnit = max(1, -(-highest // 8))
    chart.y_axis.number_format = "0"


DETAIL_COLUMNS = (
    Col("N°", 16), Col("Période", 11, wrap=True), Col("Reçu le", 10.5), Col("Envoyé le", 10.5),
    Col("Canal", 10), Col("Catégorie", 16, wrap=True), Col("Produit", 13, wrap=True),
    Col("Assureur", 16, wrap=True), Col("Gestionnaire", 12), Col("Statut", 11),
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
                _mark(cell)
        for column in (11, 12):
            cell = ws.cell(row=row, column=column)
            if cell.value == "oui":
                _mark(cell, LATE_FILL, FLAG_FONT)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(DETAIL_COLUMNS))}{max(last, 1)}"
    ws.freeze_panes = "B2"
    _page_setup(ws, figures, DETAIL, "1:1", wide=2)
    ws.print_title_cols = "A:A"


def _write_late(ws: Worksheet, figures: MonthFigures) -> None:
    columns = (Col("N°", 16), Col("Étape", 18), Col("Échéance", 11), Col("Fait le", 11),
               Col("Jours de retard", 10), Col("État", 22, wrap=True), Col("Gestionnaire", 13))
    rows = [(x.id, x.step, x.due, x.done_on, x.days_late, x.state.value, x.owner)
            for x in figures.late]
    last = _table(ws, 1, columns, rows)
    for row in range(2, last + 1):
        if ws.cell(row=row, column=6).value == StepState.OVERDUE:
            _mark(ws.cell(row=row, column=6))
    ws.freeze_panes = "A2"
    _page_setup(ws, figures, LATE, "1:1", portrait=True)


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
    ws.auto_filter.ref = f"A1:G{max(last, 1)}"
    ws.freeze_panes = "A2"
    _page_setup(ws, figures, AUDIT, "1:1")


def build_workbook(figures: MonthFigures) -> Workbook:
    wb = Workbook()
    default = wb.active
    writers = {SUMMARY: _write_summary, CHARTS: _write_charts, LATE: _write_late,
               DETAIL: _write_detail, QUARANTINE: _write_quarantine, TREND: _write_trend,
               AUDIT: _write_audit}
    for name in SHEETS:
        writers[name](wb.create_sheet(title=name), figures)
    if default is not None:
        wb.remove(default)
    wb.active = 0
    wb.properties.title = f"Rapport mensuel des réclamations — {month_label(figures.month)}"
    wb.properties.creator = "reclam"
    return wb


def write_monthly_report(figures: MonthFigures, path_xlsx: Path) -> Path:
    """Write the workbook at `path_xlsx` (reports/rapport-YYYY-MM.xlsx): to a temporary name
    beside it, then swapped in."""
    save_atomically(build_workbook(figures), path_xlsx)
    return path_xlsx
