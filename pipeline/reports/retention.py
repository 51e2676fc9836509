"""Retention: complaints closed (answered) more than N years ago lose their personal data.

What goes (set to null or emptied in the stored record): the claimant's identity and
contact details, the representative's name, the extracted text (pages, email headers
but their date, attachments' names), the description, the phrases quoted as evidence or
signals, the match and review reasons (which may quote names), the follow-up comment.

What stays, so that past monthly reports still count the item: ids, dates (received,
taken, sent, deadlines, follow-up), channel, category, owner and its reason, the
claimant's statut, the representative's qualité, Mediator/misdirected flags and
organisation, contract and claim numbers (product and insurer come from them), outcome.

Each anonymised item gets an « anonymisation » audit event. The audit log is never
rewritten: earlier events keep what they said (file names, follow-up values).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date

from pipeline.journal import Journal
from pipeline.record import Claimant, Item, Representative
from pipeline.text.model import EmailHeaders, Extracted

log = logging.getLogger(__name__)

DEFAULT_RETENTION_YEARS = 5


@dataclass(frozen=True)
class PurgeResult:
    cutoff: date  # items answered before this day were due
    anonymised: tuple[str, ...]  # ids anonymised now
    already: tuple[str, ...]  # ids due but anonymised before


def retention_cutoff(today: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def anonymised(item: Item) -> Item:
    """The item without personal data; what the reports count is kept."""
    e, f, m, d = item.extracted, item.findings, item.match, item.decision
    if e is not None:
        e = Extracted(pages=(), email=EmailHeaders(date=e.email.date) if e.email else None)
    if f is not None:
        f = replace(
            f,
            claimant=Claimant(statut=f.claimant.statut) if f.claimant else None,
            representative=(Representative(qualite=f.representative.qualite)
                            if f.representative else None),
            description=None,
            evidence=(),
            mediator_signals=(),
            misdirected_signals=(),
            escalation_signals=(),
        )
    if m is not None:
        m = replace(m, reason="")
    if d is not None:
        d = replace(d, review_reasons=(),
                    claimant=Claimant(statut=d.claimant.statut) if d.claimant else None)
    return replace(item, extracted=e, findings=f, match=m, decision=d)


def purge(journal: Journal, today: date, years: int = DEFAULT_RETENTION_YEARS,
          dry_run: bool = False) -> PurgeResult:
    """Anonymise every item answered before `today` minus `years` years."""
    if years < 1:
        raise ValueError("la durée de conservation doit être d'au moins un an")
    cutoff = retention_cutoff(today, years)
    followups = journal.followups()
    done: list[str] = []
    already: list[str] = []
    for item in journal.items(final_only=False):
        f = followups.get(item.id)
        if f is None or not f.answered_on or f.answered_on[:10] >= cutoff.isoformat():
            continue
        clean = anonymised(item)
        if clean == item and not f.comment:
            already.append(item.id)
            continue
        if not dry_run:
            journal.anonymise(item.id, clean.to_json(), {
                "motif": f"réclamation close le {f.answered_on[:10]}, conservation "
                         f"{years} an(s) échue",
                "conservation_annees": years,
            })
            log.info("%s: anonymised (answered on %s)", item.id, f.answered_on)
        done.append(item.id)
    return PurgeResult(cutoff, tuple(done), tuple(already))
