"""Retention: complaints closed (answered) more than N years ago lose their personal data.

What goes (set to null or emptied in the stored record): the claimant's identity and
contact details, the representative's name, the extracted text (pages, email headers
but their date, attachments' names), the description, the phrases quoted as evidence or
signals, the match and review reasons (which may quote names), the follow-up comment.

What stays, so that past monthly reports still count the item: ids, dates (received,
taken, sent, deadlines, follow-up), channel, category, owner and its reason, the
claimant's statut (a claimant nobody named had none to state), the representative's
qualité, Mediator/misdirected flags and organisation, contract and claim numbers (product
and insurer come from them), outcome.

`due` says what goes, without touching anything; `purge` (`reclam purge`) stores it.
Each anonymised item gets an « anonymisation » audit event. The audit log is never
rewritten: earlier events keep what they said (file names, follow-up values).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from pipeline import french
from pipeline.journal import Journal
from pipeline.journal_model import FollowUp
from pipeline.record import Claimant, Item, Representative
from pipeline.summary import person_name
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
    shown = item.export_record()["claimant"]
    # the name goes, the statut stays (the reports count it); a claimant nobody identified
    # had no statut to state, and keeps none (summary.claimant_statut)
    named = person_name(shown) is not None
    if e is not None:
        e = Extracted(pages=(), email=EmailHeaders(date=e.email.date) if e.email else None)
    if f is not None:
        f = replace(
            f,
            claimant=(Claimant(statut=f.claimant.statut if named else None)
                      if f.claimant else None),
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
        d = replace(d, review_reasons=(), statut=d.statut if named else None,
                    claimant=(Claimant(statut=d.claimant.statut if named else None)
                              if d.claimant else None))
    return replace(item, extracted=e, findings=f, match=m, decision=d)


@dataclass(frozen=True)
class Anonymisation:
    """One item whose retention has run out: its record without personal data, and why."""

    item_id: str
    record: Item
    detail: dict[str, object]


def due(items: Iterable[Item], followups: Mapping[str, FollowUp], today: date, years: int,
        anonymised_before: Collection[str] = ()) -> tuple[date, list[Anonymisation], list[str]]:
    """Which items lose their personal data now (pure): the cutoff day, the anonymisations
    to store, and the ids due but anonymised before. An item of `anonymised_before` (the
    journal's « anonymisation » events) keeps its record; only a comment typed since goes."""
    if years < 1:
        raise ValueError("la durée de conservation doit être d'au moins un an")
    cutoff = retention_cutoff(today, years)
    todo: list[Anonymisation] = []
    already: list[str] = []
    for item in items:
        f = followups.get(item.id)
        if f is None or not f.answered_on or f.answered_on[:10] >= cutoff.isoformat():
            continue
        clean = item if item.id in anonymised_before else anonymised(item)
        if clean == item and not f.comment:
            already.append(item.id)
            continue
        todo.append(Anonymisation(item.id, clean, {
            "motif": f"réclamation close le {french.short(f.answered_on)}, conservation "
                     f"{years} an(s) échue",
            "conservation_annees": years,
        }))
    return cutoff, todo, already


def purge(journal: Journal, today: date, years: int = DEFAULT_RETENTION_YEARS,
          dry_run: bool = False) -> PurgeResult:
    """Anonymise every item answered before `today` minus `years` years (`due`), in the
    journal; with `dry_run`, only say which."""
    before = {e["item_id"] for e in journal.events() if e["kind"] == "anonymisation"}
    cutoff, todo, already = due(journal.items(final_only=False), journal.followups(), today,
                                years, before)
    if not dry_run:
        for step in todo:
            journal.anonymise(step.item_id, step.record.to_json(), step.detail)
            log.info("%s: anonymised (%s)", step.item_id, step.detail["motif"])
    return PurgeResult(cutoff, tuple(s.item_id for s in todo), tuple(already))
