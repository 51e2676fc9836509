"""Message headers to values: addresses, dates (ISO 8601, Europe/Paris), message ids;
and oversized header fields cut before a parser sees them."""

from __future__ import annotations

import email.utils
import logging
import re
from datetime import UTC, datetime

from pipeline import clock
from pipeline.text.email_charset import clean_line, decode_words
from pipeline.text.model import TextLimits

log = logging.getLogger(__name__)


def parse_address(value: str) -> tuple[str | None, str | None]:
    """(display name, lower-case address) out of one address text, tolerant of Outlook forms."""
    value = clean_line(decode_words(value))
    if not value:
        return None, None
    mailto = re.search(r"\[mailto:([^\]\s]+)\]", value, re.I)
    if mailto:
        name = value[: mailto.start()].strip(" \"'")
        return (clean_line(name) or None), mailto.group(1).strip().lower()
    angle = re.fullmatch(r"(.*?)<([^<>@\s]+@[^<>\s]+)>\s*", value)
    if angle:  # "Dupont, Marie <marie@x.fr>": an unquoted comma defeats parseaddr
        name = clean_line(decode_words(angle.group(1))).strip("\"' ")
        return (name or None), angle.group(2).lower()
    name, address = email.utils.parseaddr(value)
    if address and "@" not in address:
        # "Jean Dupont" alone parses as an address without domain
        return clean_line(value.strip("\"' ")) or None, None
    display = clean_line(decode_words(name)).strip("\"' ") or None
    return display, (address.strip().lower() or None)


def iso_date(value: datetime | None) -> str | None:
    """ISO 8601 in Europe/Paris (the cabinet's day: a message sent at 23:30 UTC on 3 November
    is received on the 4th); None for absurd years (zero dates, 1601 FILETIME epochs)."""
    if value is None:
        return None
    if not 1971 <= value.year <= 2100:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return clock.iso(value)


def parse_date(raw: str | None) -> str | None:
    """An RFC 5322 date to ISO 8601 with offset; None when missing or invalid (hour 27…)."""
    if not raw:
        return None
    try:
        return iso_date(email.utils.parsedate_to_datetime(clean_line(raw)))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def cap_addresses(
    addresses: list[str], label: str, limits: TextLimits, warnings: list[str]
) -> tuple[str, ...]:
    unique: list[str] = []
    for address in addresses:
        if address and address not in unique:
            unique.append(address)
    if len(unique) > limits.max_addresses:
        warnings.append(
            f"Le champ « {label} » contient {len(unique)} adresses : seules les "
            f"{limits.max_addresses} premières sont conservées."
        )
        unique = unique[: limits.max_addresses]
    return tuple(unique)


def message_ids(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    found = re.findall(r"<[^<>\s]+>", value)
    return tuple(found) if found else tuple(value.split())


def cap_headers(data: bytes, max_bytes: int, warnings: list[str]) -> bytes:
    """Cut any top-level header longer than `max_bytes` before the parser sees it."""
    match = re.search(rb"\r?\n\r?\n", data)
    end = match.start() if match else len(data)
    if end <= max_bytes:
        return data
    fields: list[list[bytes]] = []
    for line in data[:end].splitlines(keepends=True):
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1].append(line)
        else:
            fields.append([line])
    out: list[bytes] = []
    for lines in fields:
        size = sum(len(line) for line in lines)
        if size <= max_bytes:
            out.extend(lines)
            continue
        name = lines[0].split(b":", 1)[0].decode("ascii", "replace").strip()[:40]
        kept: list[bytes] = []
        total = 0
        for line in lines:
            if total + len(line) > max_bytes:
                break
            kept.append(line)
            total += len(line)
        if not kept:
            kept = [lines[0][:max_bytes]]
        if not kept[-1].endswith(b"\n"):
            kept[-1] += b"\r\n"
        out.extend(kept)
        log.info("header %s cut from %d bytes", name, size)
        warnings.append(
            f"L'en-tête « {name} » ({size} octets) dépasse la limite de {max_bytes} octets : "
            "il a été tronqué."
        )
    return b"".join(out) + data[end:]
