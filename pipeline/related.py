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
from collections.abc import Iterable
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


class OpenComplaints:
    """The open complaints, indexed by what later mail names them by (their message id,
    their number, their references): finding the one an item continues costs the same with
    ten open complaints or ten thousand. Kept in the order they were filed."""

    def __init__(self, complaints: Iterable[Item] = ()) -> None:
        self._items: dict[str, Item] = {}
        self._order: dict[str, int] = {}
        self._by_message: dict[str, list[str]] = {}
        self._by_reference: dict[str, list[str]] = {}
        for complaint in complaints:
            self.add(complaint)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, complaint: Item) -> None:
        """File `complaint` in (stored again: the newer record, in the same place)."""
        self._items[complaint.id] = complaint
        self._order.setdefault(complaint.id, len(self._order))
        own = _message_id(complaint)
        for index, keys in ((self._by_message, [own] if own else []),
                            (self._by_reference, _references(complaint))):
            for key in keys:
                ids = index.setdefault(key, [])
                if complaint.id not in ids:
                    ids.append(complaint.id)

    def _first(self, ids: Iterable[str], exclude: str, latest: bool = False) -> list[Item]:
        found = sorted({i for i in ids if i != exclude}, key=self._order.__getitem__,
                       reverse=latest)
        return [self._items[i] for i in found]

    def find(self, item: Item) -> tuple[Item, str] | None:
        """The open complaint this item continues, and why (French); None when it is new."""
        threaded = self._first((i for mid in _thread(item) for i in self._by_message.get(mid, ())),
                               item.id)
        if threaded:
            return threaded[0], "réponse dans le fil de messages de la réclamation"
        for match in QUOTED_ID.finditer(_text(item)):
            quoted = f"REC-{match.group(1)}-{match.group(2)}"
            if quoted in self._items and quoted != item.id:
                return self._items[quoted], f"cite la réclamation {quoted}"
        mine = _references(item)
        if not mine:
            return None
        received = date.fromisoformat(item.received_at[:10])
        client = item.match.client_id if item.match else None
        email = _email(item)
        sharing = (i for key in mine for i in self._by_reference.get(key, ()))
        for complaint in self._first(sharing, item.id, latest=True):  # the most recent first
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
