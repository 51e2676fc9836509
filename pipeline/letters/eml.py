"""An unsent reply draft (.eml) of a letter, for an item the claimant sent by e-mail:
in their thread (`In-Reply-To`, `References`, « RE: » and their subject), to them, from
the cabinet's complaints address, marked unsent (`X-Unsent: 1`: mail programs open it as
a draft to check and send). Nothing is ever sent by the product. Standard library only.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid

from pipeline import clock
from pipeline.letters.compose import Letter, plain_text
from pipeline.record import Item
from pipeline.text.model import EmailHeaders

_REPLY_PREFIX = re.compile(r"^\s*(?:re|r[ée]p|aw|sv)\s*:", re.IGNORECASE)


def replied_message(item: Item) -> EmailHeaders | None:
    """The claimant's message a draft replies to: the forwarded original when a colleague
    forwarded it and it is the claimant's own, else the message the cabinet received."""
    x = item.extracted
    if x is None or x.email is None:
        return None
    claimant = item.export_record()["claimant"] or {}
    if x.forwarded and x.forwarded.message_id and x.forwarded.sender_address and (
            x.forwarded.sender_address == claimant.get("email")):
        return x.forwarded
    return x.email


def reply_subject(original: str, fallback: str) -> str:
    subject = " ".join(original.split()) or fallback
    return subject if _REPLY_PREFIX.match(subject) else f"RE: {subject}"


def reply_draft(letter: Letter, item: Item, sender_name: str, sender_address: str) -> bytes:
    """The draft's bytes (RFC 5322, CRLF line ends)."""
    original = replied_message(item)
    message = EmailMessage(policy=SMTP)
    message["From"] = formataddr((sender_name, sender_address))
    to = letter.to_email or (original.sender_address if original else None)
    if to:
        message["To"] = to
    message["Subject"] = reply_subject(original.subject if original else "", letter.subject)
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = make_msgid(domain=sender_address.rpartition("@")[2] or None)
    if original and original.message_id:
        message["In-Reply-To"] = original.message_id
        thread = [r for r in original.references if r != original.message_id]
        message["References"] = " ".join([*thread, original.message_id])
    message["X-Unsent"] = "1"
    message["X-Reclam-Courrier"] = f"{letter.item_id} {letter.kind.value}"
    message.set_content(f"Objet : {letter.subject}\n\n{plain_text(letter)}")
    return message.as_bytes()
