"""Retention: complaints closed (answered) more than N years ago lose their personal data.

What goes (set to null or emptied in the stored record): the claimant's identity and
contact details, the representative's name, the extracted text (pages, email headers
but their date, attachments' names), the description, the phrases quoted as evidence or
signals, the match and review reasons (which may quote names), the follow-up comment.

What stays, so that past monthly reports still count the item: ids, dates (received,
taken, sent, deadlines, follow-up), channel, category, owner and its reason, the
claimant's statut, the representative's qualité, Mediator/misdirected flags and
organisation, contract and claim numbers (product and insurer come from them), outcome.

`due` says what goes, without touching anything; `purge` (`reclam purge`) stores it.
Each anonymised item gets an « anonymisation » audit event. The audit log is never
rewritten: earlier events keep what they said (file names, follow-up values).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from pipeline.journal import FollowUp, Journal
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


@dataclass(frozen=True)
class Anonymisation:
    """One item whose retention has run out: its record without personal data, and why."""

    item_id: str
    record: Item
    detail: dict[str, object]


def due(items: Iterable[Item], followups: Mapping[str, FollowUp], today: date, years: int
        ) -> tuple[date, list[Anonymisation], list[str]]:
    """Which items lose their personal data now (pure): the cutoff day, the anonymisations
    to store, and the ids due but anonymised before."""
    if years < 1:
        raise ValueError("la durée de conservation doit être d'au moins un an")
    cutoff = retention_cutoff(today, years)
    todo: list[Anonymisation] = []
    already: list[str] = []
    for item in items:
        f = followups.get(item.id)
        if f is None or not f.answered_on or f.answered_on[:10] >= cutoff.isoformat():
            continue
        clean = anonymised(item)
        if clean == item and not f.comment:
            already.append(item.id)
            continue
        todo.append(Anonymisation(item.id, clean, {
            "motif": f"réclamation close le {f.answered_on[:10]}, conservation "
                     f"{years} an(s) échue",
            "conservation_annees": years,
        }))
    return cutoff, todo, already


def purge(journal: Journal, today: date, years: int = DEFAULT_RETENTION_YEARS,
          dry_run: bool = False) -> PurgeResult:
    """Anonymise every item answered before `today` minus `years` years (`due`), in the
    journal; with `dry_run`, only say which."""
    cutoff, todo, already = due(journal.items(final_only=False), journal.followups(), today,
                                years)
    if not dry_run:
        for step in todo:
            journal.anonymise(step.item_id, step.record.to_json(), step.detail)
            log.info("%s: anonymised (%s)", step.item_id, step.detail["motif"])
    return PurgeResult(cutoff, tuple(s.item_id for s in todo), tuple(already))
