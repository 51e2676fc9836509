"""The monthly report's figures, computed: `build_month`, pure functions of the journal's
items, follow-ups and audit events (no file, no clock).

Every figure carries the ids of the items it counts, so that an auditor can check it line
by line against the detail sheet (`reports/monthly.py` writes the workbook).

Definitions (stated in the report too):
- a complaint is an item read as one (`Item.is_complaint`), Mediator-addressed and
  misdirected ones included, but not a later letter about an open complaint
  (`decision.follow_up_of`); its month is that of its date of receipt (`received_at`, in
  Europe/Paris: an email's own Date:, a scan's day), never the day it was processed;
- acknowledgement is on time when made on or before `ack_due` (10 jours ouvrables). An
  answer sent within that time stands for the acknowledgement (ACPR 2022-R-01, §1.2);
- the answer is on time when sent on or before `answer_due` (2 months);
- a step's rate is the on-time count over the complaints whose step is done or past due
  (those still within their time are not yet judged). A deadline already past on the day
  the item reached the cabinet (`model.reached_on`: a letter dated long before it arrived,
  an old email exported today) is « délai échu avant la réception »
  (`model.expired_before_receipt`): not the cabinet's lateness, no days counted, not in
  the rates;
- the other rates are shares: of the month's complaints (breakdowns), of those open at
  month end, of the Mediator's or misdirected letters received, of the month's files
  (quarantine); None, shown « — », where there is nothing to divide by or no share;
- "at month end" is the month's last day, or today for the current month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from pipeline import clock, french
from pipeline.client_register import ClientRegister, Contract
from pipeline.journal_model import DETAIL_LABELS, EVENT_LABELS, FOLLOWUP_LABELS, FollowUp
from pipeline.record import (
    CHANNEL_LABELS,
    Category,
    FilingStatus,
    Item,
    Statut,
    channel_label,
    filing_status_label,
)
from pipeline.registers.daily import flags_of
from pipeline.reports.model import (
    JUDGED,
    MISSED,
    AuditLine,
    ComplaintLine,
    Figure,
    LateLine,
    MonthFigures,
    QuarantineLine,
    Section,
    StepState,
    expired_before_receipt,
    parse_month,
    reached_on,
    step_state,
)
from pipeline.summary import claimant_statut, staff_name

TREND_MONTHS = 12
SHARE_NOTE = "Taux : part des réclamations du mois."
EXPIRED_NOTE = (f"« {StepState.EXPIRED.value} » : l'échéance, comptée de la date du courrier, "
                "était passée le jour où il est parvenu au cabinet (feuille « Retards », "
                "« Parvenu le ») ; ce n'est pas un retard du cabinet et le taux ne le compte "
                "pas.")

NO_CATEGORY = "non classée"
NO_CONTRACT = "non rattachée à un contrat"
NO_INSURER = "assureur inconnu"
NO_OWNER = "non attribuée"
NO_STATUT = "non renseigné"


def _iso_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _received_on(item: Item) -> date:
    """The day of receipt (spec/workspace.md, `Item.received_at`), in Europe/Paris whatever
    offset it was read in; an unreadable email date gives way to the file's time, never to
    the day the item was processed."""
    for moment in (item.received_at, item.source.received_at):
        try:
            return _paris_day(moment)
        except ValueError:
            continue
    return date.fromisoformat(item.source.taken_at[:10])


def _paris_day(moment: str) -> date:
    return datetime.fromisoformat(moment).astimezone(clock.PARIS).date()


def _reached_on(item: Item, received: date) -> date:
    """The day the item reached the cabinet (`model.reached_on`): receipt, or its file's day."""
    try:
        return reached_on(received, _paris_day(item.source.received_at))
    except ValueError:
        return received


def _month_of(item: Item) -> str:
    return f"{_received_on(item):%Y-%m}"


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


def _statut(claimant: Mapping[str, Any] | None, anonymised: bool) -> str:
    """The claimant's statut as counted: none for a claimant nobody identified
    (`summary.claimant_statut`); an anonymised claimant has lost the name, not the statut
    (retention keeps a statut only for a claimant who had one to state)."""
    stored = (claimant or {}).get("statut") if anonymised else claimant_statut(claimant)
    return stored or NO_STATUT


def _ack_done(f: FollowUp) -> date | None:
    """The acknowledgement, or an answer sent before it (which stands for it)."""
    dates = [d for d in (_iso_date(f.acknowledged_on), _iso_date(f.answered_on)) if d]
    return min(dates) if dates else None


def _line(item: Item, f: FollowUp, register: ClientRegister | None, of_month: bool,
          as_of: date, month_end: date, names: Mapping[str, str],
          anonymised: bool) -> ComplaintLine:
    d, fi = item.decision, item.findings
    claimant = item.export_record()["claimant"]
    mediator, misdirected = flags_of(item)
    product, insurer = _contract_and_insurer(item, register)
    ack_due = _iso_date(d.ack_due if d else None)
    answer_due = _iso_date(d.answer_due if d else None)
    answered = _iso_date(f.answered_on)
    received = _received_on(item)
    reached = _reached_on(item, received)
    return ComplaintLine(
        id=item.id,
        of_month=of_month,
        received_on=received,
        reached_on=reached,
        sent_on=_iso_date((d.sent_on if d else None) or (fi.sent_on if fi else None)),
        channel=channel_label(item.source.channel) or item.source.channel.value,
        category=(fi.category if fi else None) or NO_CATEGORY,
        product=product,
        insurer=insurer,
        owner=staff_name(d.owner if d else None, names) or NO_OWNER,
        statut=_statut(claimant, anonymised),
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
        ack_state=step_state(_ack_done(f), ack_due, as_of, reached),
        answer_state=step_state(answered, answer_due, as_of, reached),
        open_at_month_end=answered is None or answered > month_end,
    )


def _ids(lines: Iterable[ComplaintLine]) -> tuple[str, ...]:
    return tuple(sorted(line.id for line in lines))


def _rate(count: int, base: int) -> float | None:
    """`count` over `base`; None (shown « — ») when there is nothing to divide by."""
    return count / base if base else None


def _share(label: str, lines: Iterable[ComplaintLine], base: Sequence[object]) -> Figure:
    """A figure and its rate: the share of `base` it counts."""
    ids = _ids(lines)
    return Figure(label, ids, _rate(len(ids), len(base)))


def _breakdown(key: str, title: str, lines: Sequence[ComplaintLine], attr: str,
               always: Sequence[str] = ()) -> Section:
    """One figure per value of `attr`, with its share of `lines`: those in `always` first
    (zero included), then the others met, by count then name."""
    groups: dict[str, list[ComplaintLine]] = {label: [] for label in always}
    for line in lines:
        groups.setdefault(getattr(line, attr), []).append(line)
    extra = sorted((k for k in groups if k not in always), key=lambda k: (-len(groups[k]), k))
    return Section(key, title, tuple(_share(k, groups[k], lines) for k in (*always, *extra)),
                   SHARE_NOTE)


def _step_section(key: str, title: str, lines: Sequence[ComplaintLine], attr: str,
                  note: str) -> Section:
    by_state = {s: [c for c in lines if getattr(c, attr) == s] for s in StepState}
    judged = sum(len(by_state[s]) for s in JUDGED)
    figures = tuple(
        Figure(s.value, _ids(by_state[s]),
               _rate(len(by_state[s]), judged) if s in JUDGED else None)
        for s in StepState
        if s not in (StepState.UNKNOWN, StepState.EXPIRED) or by_state[s]
    )
    return Section(key, title, figures, note)


def _followed(key: str, title: str, lines: Sequence[ComplaintLine], note: str) -> Section:
    return Section(key, title, (
        Figure("reçues", _ids(lines)),
        _share("transmises, réclamant informé", (c for c in lines if c.acknowledged_on), lines),
        _share("réponse envoyée", (c for c in lines if c.answered_on), lines),
        _share("sans suite enregistrée",
               (c for c in lines if not c.acknowledged_on and not c.answered_on), lines),
    ), f"{note} Taux : part des courriers reçus.")


def _late_lines(lines: Sequence[ComplaintLine], today: date) -> list[LateLine]:
    out = []
    for c in lines:
        steps = (("accusé de réception", c.ack_state, c.ack_due,
                  min((d for d in (c.acknowledged_on, c.answered_on) if d), default=None)),
                 ("réponse", c.answer_state, c.answer_due, c.answered_on))
        for step, state, due, done in steps:
            if (state in MISSED or state == StepState.EXPIRED) and due is not None:
                days = None if state == StepState.EXPIRED else ((done or today) - due).days
                out.append(LateLine(c.id, step, due, done, days, state, c.owner,
                                    c.reached_on))
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
        elif name in FOLLOWUP_DATES:
            old, new = (_day(v) for v in (old, new))
        return AuditLine(at, event["item_id"], what, FOLLOWUP_LABELS.get(name, name),
                         _text(old), _text(new), _details(detail))
    return AuditLine(at, event["item_id"], what, None, None, None, _details(detail))


FOLLOWUP_DATES = ("acknowledged_on", "answered_on")


def _day(value: Any) -> Any:
    """A follow-up date as people read it (JJ/MM/AAAA); anything else as it is."""
    if not isinstance(value, str) or not value:
        return value
    try:
        return french.short(value)
    except ValueError:
        return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def _details(detail: Mapping[str, Any]) -> str | None:
    """« fichier : scan.pdf ; résultat : classé »: each key by its label (DETAIL_LABELS), a
    filing status by its label."""
    parts = [f"{DETAIL_LABELS.get(k, k)} : "
             f"{filing_status_label(v) if k == 'statut' else _text(v)}"
             for k, v in detail.items() if v not in (None, "", [], {})]
    return " ; ".join(parts) or None


ERASED = "(effacé : anonymisation)"


def build_month(
    items: Iterable[Item],
    followups: Mapping[str, FollowUp],
    register: ClientRegister | None,
    month: str,
    today: date,
    events: Iterable[Mapping[str, Any]] = (),
    names: Mapping[str, str] | None = None,
) -> MonthFigures:
    """The figures of `month` ("YYYY-MM") as known on `today`.

    `items`: the journal's items, any months (the trend and the complaints still open at
    month end need earlier ones); `followups` by item id; `register`: the client register
    (product and insurer of a linked contract), None when unavailable; `events`: the audit
    log (`Journal.events()`), of which those of the items counted are kept; `names`: the
    staff's names by id (`Settings.staff_names`), an owner not listed is shown by id.
    """
    first, last = parse_month(month)
    month_end = min(last, today)
    by_id = {item.id: item for item in items}  # one per id: the last seen
    ordered = [by_id[k] for k in sorted(by_id)]
    complaints = [i for i in ordered if i.is_new_complaint]
    events = list(events)
    erased = {e["item_id"] for e in events if e["kind"] == "anonymisation"}

    def line(item: Item, of_month: bool) -> ComplaintLine:
        return _line(item, followups.get(item.id) or FollowUp(item.id), register, of_month,
                     today, month_end, names or {}, item.id in erased)

    current = [line(i, True) for i in complaints if _month_of(i) == month]
    earlier = [line(i, False) for i in complaints if _received_on(i) < first]
    backlog = [c for c in earlier if c.open_at_month_end]
    at_end = [c for c in current if c.received_on <= month_end] + backlog
    open_at_end = [c for c in at_end if c.open_at_month_end]
    end_label = f"{month_end:%d/%m/%Y}"

    def overdue_at_end(c: ComplaintLine, step: str) -> bool:
        """Late at month end, by the cabinet's doing (not a deadline past on receipt)."""
        due = c.answer_due if step == "answer" else c.ack_due
        if due is None or due >= month_end or expired_before_receipt(due, c.reached_on):
            return False
        if step == "answer":
            return True
        ack = min((d for d in (c.acknowledged_on, c.answered_on) if d), default=None)
        return ack is None or ack > month_end

    received = [i for i in ordered if _month_of(i) == month]
    quarantine = [
        QuarantineLine(i.id, i.source.source_file, _received_on(i),
                       i.outcome.error or "motif non enregistré", i.outcome.error_code,
                       i.outcome.location)
        for i in received
        if i.outcome and i.outcome.status == FilingStatus.QUARANTINED
    ]
    sections = (
        Section("total", "Réclamations reçues dans le mois", (
            Figure("réclamations", _ids(current)),
            _share("dont destinées au Médiateur", (c for c in current if c.mediator), current),
            _share("dont hors périmètre (à réorienter)",
                   (c for c in current if c.misdirected), current),
        ), "Mois de réception : la date de réception du courrier (date de l'e-mail, jour du "
           f"scan), non celle du traitement. {SHARE_NOTE}"),
        _breakdown("canal", "Par canal", current, "channel", list(CHANNEL_LABELS.values())),
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
            f"les réclamations dont l'accusé est fait ou le délai échu au {today:%d/%m/%Y}. "
            f"{EXPIRED_NOTE}"),
        _step_section(
            "reponse", "Réponse sous 2 mois", current, "answer_state",
            "Taux calculés sur les réclamations dont la réponse est faite ou le délai échu "
            f"au {today:%d/%m/%Y}. {EXPIRED_NOTE}"),
        Section("fin-de-mois", f"En cours au {end_label} (tous mois de réception)", (
            Figure("réclamations sans réponse", _ids(open_at_end)),
            _share("dont antérieures au mois", backlog, open_at_end),
            _share("dont réponse en retard (délai de 2 mois dépassé)",
                   (c for c in open_at_end if overdue_at_end(c, "answer")), open_at_end),
            _share("dont accusé de réception en retard",
                   (c for c in open_at_end if overdue_at_end(c, "ack")), open_at_end),
            _share(f"dont {StepState.EXPIRED.value} (délai de réponse)",
                   (c for c in open_at_end if expired_before_receipt(c.answer_due,
                                                                     c.reached_on)),
                   open_at_end),
        ), "Sans réponse enregistrée à cette date. Taux : part des réclamations sans réponse."),
        _followed("mediateur", "Courriers destinés au Médiateur",
                  [c for c in current if c.mediator],
                  "À transmettre au Médiateur de l'assurance, réclamant informé par écrit."),
        _followed("hors-perimetre", "Réclamations hors périmètre",
                  [c for c in current if c.misdirected],
                  "À transmettre à l'organisme concerné, réclamant informé par écrit."),
        Section("quarantaine", "Fichiers mis en quarantaine dans le mois",
                (Figure("fichiers", tuple(q.id for q in quarantine),
                        _rate(len(quarantine), len(received))),),
                "Fichiers illisibles ou inexploitables : motifs sur la feuille Quarantaine. "
                "Taux : part des fichiers reçus dans le mois (réclamations ou non)."),
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
    audit = tuple(_audit_line(e, e["item_id"] in erased) for e in events)
    return MonthFigures(
        month=f"{first:%Y-%m}", first_day=first, last_day=last, today=today,
        month_end=month_end, complaints=tuple(current + backlog), sections=sections,
        late=tuple(_late_lines(current, today)), quarantine=tuple(quarantine), trend=trend,
        audit=audit,
    )

