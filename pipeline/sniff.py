"""The real format of a file, from its bytes (never from its name).

`sniff(data)` gives one of `KINDS`; `label(kind)` the French words for messages
("un PDF", "un courriel (.eml)"…).
"""

from __future__ import annotations

import re

PDF_SEARCH_WINDOW = 1024  # %PDF may follow a BOM or a few junk bytes

LABELS: dict[str, str] = {
    "pdf": "document PDF",
    "tiff": "image TIFF",
    "png": "image PNG",
    "jpeg": "image JPEG",
    "msg": "message Outlook (.msg)",
    "tnef": "pièce jointe Outlook winmail.dat (TNEF)",
    "eml": "courriel (.eml)",
    "saisie": "saisie (JSON ou CSV : téléphone, rendez-vous, formulaire)",
    "empty": "fichier vide",
    "unknown": "format inconnu",
}
KINDS = tuple(LABELS)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TNEF = b"\x78\x9f\x3e\x22"
_BOM = b"\xef\xbb\xbf"
# A header field: a name of printable ASCII without colon or space, then a colon.
_HEADER = re.compile(rb"^[!-9;-~]{1,76}:")
_FOLDED = re.compile(rb"^[ \t]+\S")
_MAIL_FIELDS = {
    b"from",
    b"to",
    b"cc",
    b"subject",
    b"date",
    b"message-id",
    b"received",
    b"return-path",
    b"mime-version",
    b"content-type",
    b"reply-to",
    b"sender",
    b"delivered-to",
    b"x-mailer",
    b"references",
    b"in-reply-to",
    b"dkim-signature",
    b"authentication-results",
    b"x-original-to",
    b"thread-topic",
    b"thread-index",
}


def sniff(data: bytes) -> str:
    """The format of `data`: pdf, tiff, png, jpeg, msg, tnef, eml, saisie, empty or unknown."""
    if not data:
        return "empty"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):  # classic and BigTIFF
        return "tiff"
    if data.startswith(_OLE2):
        return "msg"
    if data.startswith(_TNEF):
        return "tnef"
    if b"%PDF-" in data[: PDF_SEARCH_WINDOW + 5]:
        return "pdf"
    if _looks_like_entry(data):
        return "saisie"
    if _looks_like_email(data):
        return "eml"
    return "unknown"


def label(kind: str) -> str:
    """French name of a format, for reasons and warnings."""
    return LABELS.get(kind, LABELS["unknown"])


# An entry file (pipeline.entry) names one of these fields: recognising it by either
# lets the text stage say which one is missing instead of "format inconnu".
_ENTRY_KEY = re.compile(rb'"\s*(canal|description)\s*"\s*:', re.IGNORECASE)
_ENTRY_HEADER_CELLS = {b"canal", b"description"}


def _looks_like_entry(data: bytes) -> bool:
    """A JSON object (or list of objects) with a `canal` or `description` key, or a CSV whose
    header row has a `canal` or `description` column. Only the head is looked at: intake
    sniffs the first 8 KiB."""
    head = data[:8192]
    if head.startswith(_BOM):
        head = head[len(_BOM) :]
    head = head.lstrip()
    if head.startswith((b"{", b"[")):
        return bool(_ENTRY_KEY.search(head))
    header = head.split(b"\n", 1)[0].rstrip(b"\r")
    delimiter = b";" if header.count(b";") >= header.count(b",") else b","
    cells = [c.strip(b" \t\"'").lower() for c in header.split(delimiter)]
    return len(cells) > 1 and bool(_ENTRY_HEADER_CELLS & set(cells))


def _looks_like_email(data: bytes) -> bool:
    """RFC 5322 header lines at the start, at least one of them a mail field."""
    head = data[:8192]
    if head.startswith(_BOM):
        head = head[len(_BOM) :]
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    if len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut in the middle
    fields: list[bytes] = []
    for index, line in enumerate(lines):
        if not line:
            break  # end of the header block
        if index == 0 and line.startswith(b"From "):  # mbox separator
            continue
        if _HEADER.match(line):
            fields.append(line.split(b":", 1)[0].lower())
        elif not (fields and _FOLDED.match(line)):
            break  # a body glued to the headers (no blank line) still ends them

    return bool(fields) and any(f in _MAIL_FIELDS for f in fields)
