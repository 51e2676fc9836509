"""The email readers: `.eml` (mail-parser) and `.msg` (extract-msg) into `Extracted`.

    read_eml(data, limits, read_attachment) -> Extracted
    read_msg(data, limits, read_attachment) -> Extracted

Both raise `DocumentError` (code, French reason) for a file that is not an email
(``email-invalide``), an .eml the parser cannot read (``email-illisible``), an
unreadable Outlook file (``msg-illisible``), an email with nothing to read
(``email-vide``), too many attachments (``trop-de-pieces-jointes``) or a file over
``limits.max_file_bytes`` (``fichier-trop-gros``).
A PDF or image attachment is handed to `read_attachment`; when that raises
DocumentError the attachment is kept as not read, with the reason, and a warning.

The work is split by library: `email_eml` (mail-parser) and `email_msg` (extract-msg)
build an `email_raw.RawMessage`; what does not depend on the format is `email_assemble`
(the assembly), `email_charset`, `email_html`, `email_headers` and `email_forward`.
"""

from __future__ import annotations

import logging

from pipeline.errors import DocumentError
from pipeline.text.email_assemble import (
    FORWARD_PART,
    AttachmentReader,
    NestedParser,
    assemble,
)
from pipeline.text.email_eml import parse_eml
from pipeline.text.email_msg import OLE_MAGIC, parse_msg
from pipeline.text.email_raw import RawMessage
from pipeline.text.model import Extracted, TextLimits

__all__ = ["FORWARD_PART", "AttachmentReader", "read_eml", "read_msg"]

log = logging.getLogger(__name__)


def _nested_parser(limits: TextLimits) -> NestedParser:
    def parse(kind: str, data: bytes, depth: int) -> RawMessage:
        if kind == "msg" or data[:8] == OLE_MAGIC:
            return parse_msg(data, limits, depth)
        return parse_eml(data, limits, depth)

    return parse


def _check_size(data: bytes, limits: TextLimits) -> None:
    if len(data) > limits.max_file_bytes:
        raise DocumentError(
            "fichier-trop-gros",
            f"Le message pèse {len(data)} octets, au-delà de la limite de "
            f"{limits.max_file_bytes} octets : traitez-le à la main.",
        )


def read_eml(data: bytes, limits: TextLimits, read_attachment: AttachmentReader) -> Extracted:
    """Read an .eml file (an Outlook .msg saved as .eml is read as .msg)."""
    _check_size(data, limits)
    if data[:8] == OLE_MAGIC:
        log.info("an .eml input is an Outlook .msg file: reading it as .msg")
        return read_msg(data, limits, read_attachment)
    raw = parse_eml(data, limits, 0)
    return assemble(raw, limits, read_attachment, _nested_parser(limits))


def read_msg(data: bytes, limits: TextLimits, read_attachment: AttachmentReader) -> Extracted:
    """Read an Outlook .msg file."""
    _check_size(data, limits)
    raw = parse_msg(data, limits, 0)
    return assemble(raw, limits, read_attachment, _nested_parser(limits))
