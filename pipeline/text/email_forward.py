"""Forwarded and quoted originals inside a body: where they start, and their headers.

`split_forward` cuts a body at a forward marker ("Message transféré", "Begin forwarded
message:"…) or at an Outlook "De : … Envoyé : … Objet :" block, whichever comes first,
and reads the quoted original's headers; `headers_block` writes a short French header
block for a nested message's text.
"""

from __future__ import annotations

import re

from pipeline.text.email_charset import clean_line, clean_text
from pipeline.text.email_headers import parse_address, parse_date
from pipeline.text.model import EmailHeaders

_APOS = "['’]"
_COLON = r"[ \t\u00a0\u202f]*:"
_FORWARD_MARKERS = re.compile(
    r"^[ \t>]*(?:"
    r"-{2,}[ \t]*(?:Forwarded message|Original Message|Message transf[ée]r[ée]|"
    rf"Message d{_APOS}origine|Courriel original|Mail transf[ée]r[ée]|Mail original|"
    r"Forwarded Message)[ \t]*-{2,}"
    rf"|D[ée]but du message r[ée]exp[ée]di[ée]{_COLON}"
    rf"|Begin forwarded message{_COLON}"
    r")[ \t]*$",
    re.I | re.M,
)
_HEADER_KEYS = {
    "de": "from",
    "from": "from",
    "envoyé": "date",
    "envoye": "date",
    "sent": "date",
    "date": "date",
    "à": "to",
    "a": "to",
    "to": "to",
    "pour": "to",
    "cc": "cc",
    "objet": "subject",
    "subject": "subject",
}
_HEADER_LINE = re.compile(
    rf"^[ \t>*]*(De|From|Envoy[ée]|Sent|Date|À|A|To|Pour|Cc|Objet|Subject){_COLON}[ \t\u00a0]*(.*)$",
    re.I,
)


def _outlook_block_start(lines: list[str]) -> int | None:
    """Index of a "De : / From:" line opening a header block of a quoted message."""
    for i, line in enumerate(lines):
        m = _HEADER_LINE.match(line)
        if not m or _HEADER_KEYS.get(m.group(1).lower()) != "from" or not m.group(2).strip():
            continue
        keys = set()
        for following in lines[i + 1 : i + 8]:
            k = _HEADER_LINE.match(following)
            if k:
                keys.add(_HEADER_KEYS.get(k.group(1).lower()))
        if "subject" in keys and ("date" in keys or "to" in keys):
            start = i
            if i > 0 and re.fullmatch(r"[ \t]*[_\-=]{8,}[ \t]*", lines[i - 1]):
                start = i - 1  # Outlook's "________________" rule belongs to the quote
            return start
    return None


def _parse_quoted_headers(text: str) -> EmailHeaders:
    values: dict[str, str] = {}
    last: str | None = None
    for line in text.split("\n")[:20]:
        if not line.strip():
            if values:
                break
            continue
        m = _HEADER_LINE.match(line)
        if m:
            key = _HEADER_KEYS.get(m.group(1).lower())
            if key and key not in values:
                values[key] = m.group(2).strip()
                last = key
            else:
                last = None
        elif last in ("to", "cc", "subject") and values:
            values[last] += " " + line.strip()  # wrapped header line
        elif values:
            break
    name, address = parse_address(values.get("from", ""))

    def addresses(raw: str) -> tuple[str, ...]:
        out = []
        for part in re.split(r"[;,](?![^<]*>)", raw):
            _, addr = parse_address(part)
            if addr:
                out.append(addr)
        return tuple(out)

    return EmailHeaders(
        sender_name=name,
        sender_address=address,
        to=addresses(values.get("to", "")),
        cc=addresses(values.get("cc", "")),
        subject=clean_line(values.get("subject", "")),
        date=parse_date(values.get("date")),
    )


def split_forward(text: str) -> tuple[str, str, EmailHeaders | None]:
    """Split a body into (forwarding note, original message text, original's headers).

    Returns (text, "", None) when no forward or quoted original is found.
    """
    marker = _FORWARD_MARKERS.search(text)
    lines = text.split("\n")
    block = _outlook_block_start(lines)
    block_offset = (
        len("\n".join(lines[:block])) + (1 if block else 0) if block is not None else None
    )
    if marker is None and block_offset is None:
        return text, "", None
    if marker is not None and (block_offset is None or marker.start() <= block_offset):
        note, original = text[: marker.start()], text[marker.end() :]
    else:
        assert block_offset is not None
        note, original = text[:block_offset], text[block_offset:]
    original = clean_text(re.sub(r"^[ \t]*[_\-=]{8,}[ \t]*\n", "", original.lstrip("\n")))
    if not original:
        return text, "", None
    return clean_text(note), original, _parse_quoted_headers(original)


def headers_block(headers: EmailHeaders) -> str:
    """A short French header block put before a nested message's text."""
    lines = []
    if headers.sender_name or headers.sender_address:
        who = headers.sender_name or ""
        if headers.sender_address:
            who = f"{who} <{headers.sender_address}>".strip()
        lines.append(f"De : {who}")
    if headers.date:
        lines.append(f"Date : {headers.date}")
    if headers.to:
        lines.append(f"À : {', '.join(headers.to)}")
    if headers.subject:
        lines.append(f"Objet : {headers.subject}")
    return "\n".join(lines)
