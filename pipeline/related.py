"""Later mail about an open complaint: linked to it, not counted as a new complaint.

An item continues an open complaint when it is an email in the same thread (its
In-Reply-To or References name the complaint's Message-ID, as a reply to our answer
does), when it quotes the complaint's id (REC-2026-000123, as our acknowledgements print
it), or when it cites one of its contract or claim numbers for the same client (or the
same e-mail address), received on a later day within three months (two letters
of the same day about one contract are two complaints). Runs in the
parent, which alone reads the journal, just before the item is filed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from pipeline.client_register import reference_key
from pipeline.record import FilingStatus, Item

QUOTED_ID = re.compile(r"\bREC[-\s]?(\d{4})[-\s]?(\d{6})\b", re.IGNORECASE)
WINDOW_DAYS = 92


def _references(item: Item) -> set[str]:
    keys: set[str] = set()
    for refs in (item.findings.references if item.findings else None,
                 item.match.references if item.match else None):
        if refs:
            keys |= {reference_key(n) for n in (*refs.contrats, *refs.sinistres)}
    return keys


def _text(item: Item) -> str:
    x = item.extracted
    subject = x.email.subject if x and x.email else ""
    return f"{subject}\n{x.text if x else ''}"


def _message_id(item: Item) -> str | None:
    x = item.extracted
    return x.email.message_id if x and x.email and x.email.message_id else None


def _thread(item: Item) -> set[str]:
    """The message ids a reply names (In-Reply-To, References): the thread it belongs to."""
    x = item.extracted
    if not (x and x.email):
        return set()
    return {*x.email.references, *([x.email.in_reply_to] if x.email.in_reply_to else [])}


def _email(item: Item) -> str | None:
    c = item.findings.claimant if item.findings else None
    return c.email if c else None


def is_open_complaint(item: Item) -> bool:
    """A just-filed item that later mail may continue (as `Journal.open_complaints`
    selects them: a filed complaint that is not itself a later letter)."""
    return item.outcome is not None and item.outcome.status == FilingStatus.FILED and (
        item.is_new_complaint)


def find_open_complaint(item: Item, open_complaints: Sequence[Item]) -> tuple[Item, str] | None:
    """The open complaint this item continues, and why (French); None when it is new."""
    by_id = {c.id: c for c in open_complaints if c.id != item.id}
    thread = _thread(item)
    for complaint in by_id.values():
        own = _message_id(complaint)
        if own and own in thread:
            return complaint, "réponse dans le fil de messages de la réclamation"
    for match in QUOTED_ID.finditer(_text(item)):
        quoted = f"REC-{match.group(1)}-{match.group(2)}"
        if quoted in by_id:
            return by_id[quoted], f"cite la réclamation {quoted}"
    mine = _references(item)
    if not mine:
        return None
    received = date.fromisoformat(item.received_at[:10])
    client = item.match.client_id if item.match else None
    email = _email(item)
    for complaint in reversed(list(by_id.values())):  # the most recent first
        shared = mine & _references(complaint)
        if not shared:
            continue
        same_person = (client and complaint.match and complaint.match.client_id == client) or (
            email and _email(complaint) == email)
        age = (received - date.fromisoformat(complaint.received_at[:10])).days
        if same_person and 1 <= age <= WINDOW_DAYS:  # later: not two letters of one day
            return complaint, "même client et même référence"
    return None


def as_follow_up(item: Item, complaint: Item, why: str) -> Item:
    """The item as a later letter of `complaint`: its owner, no new deadlines."""
    assert item.decision is not None and complaint.decision is not None
    decision = replace(
        item.decision,
        follow_up_of=complaint.id,
        owner=complaint.decision.owner,
        owner_reason=f"suite de la réclamation {complaint.id} ({why}), "
                     f"suivie par {complaint.decision.owner}",
        ack_due=None, answer_due=None, missing_fields=(),
    )
    return replace(item, decision=decision)
