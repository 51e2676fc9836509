"""The decide stage: who owns the item and why, and the flags read from it.

For now (before the client register is matched), every item goes to the process
owner (rules.md, File owner, rules 1 and 3), the Mediator and misdirected flags are
those read from the item, and the sending date falls back to the day of receipt.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.record import Decision, Item


def decide(item: Item, process_owner: str) -> Item:
    f = item.findings
    mediator = bool(f and f.mediator)
    misdirected = bool(f and f.misdirected) and not mediator
    if mediator:
        reason = "responsable du process réclamations : courrier destiné au Médiateur"
    elif misdirected:
        reason = "responsable du process réclamations : courrier hors périmètre à réorienter"
    else:
        reason = "responsable du process réclamations (rattachement au registre client à venir)"
    review = [] if f else ["lecture automatique indisponible"]
    decision = Decision(
        owner=process_owner,
        owner_reason=reason,
        mediator=mediator,
        misdirected=misdirected,
        redirect_to=f.redirect_to if f and misdirected else None,
        sent_on=(f.sent_on if f and f.sent_on else None) or item.received_at[:10],
        needs_review=bool(review),
        review_reasons=tuple(review),
    )
    return replace(item, decision=decision)
