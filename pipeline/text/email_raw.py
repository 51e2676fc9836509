"""The message tree the .eml and .msg readers build, and its attachments' kinds.

The format modules (`email_eml` with mail-parser, `email_msg` with extract-msg) turn
their input into a `RawMessage`: headers, body text or HTML, and raw attachments
(nested messages already parsed into `RawMessage`s). The predicates below tell what
an attachment is (TNEF, an attached message, PDF or image, text) from its bytes,
name and content type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.text.model import EmailHeaders


@dataclass
class RawAttachment:
    """One attachment as the format module found it (nothing sanitised yet)."""

    filename: str | None
    content_type: str
    data: bytes | None  # None: declared but no usable data
    content_id: str | None = None
    nested: RawMessage | None = None  # an attached message, already parsed
    problem: str | None = None  # French: why the data could not be decoded
    too_deep: bool = False  # a message nested beyond limits.max_attachment_depth
    hidden: bool = False  # the format says "inline / hidden" (msg attachment flag)


@dataclass
class RawMessage:
    """A message reduced to what the pipeline needs, format-neutral."""

    headers: EmailHeaders
    plain: str = ""
    html: str = ""
    attachments: list[RawAttachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- text


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TNEF_MAGIC = b"\x78\x9f\x3e\x22"


def is_tnef(att: RawAttachment) -> bool:
    name = (att.filename or "").lower()
    return (
        att.content_type in ("application/ms-tnef", "application/vnd.ms-tnef")
        or name.endswith("winmail.dat")
        or (att.data or b"")[:4] == TNEF_MAGIC
    )


def _ext(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


# What an attachment declares (its content type, its name's extension) that makes it a
# document to read (PDF, image) or text to read as part of the message.
DOCUMENT_TYPES = frozenset({"application/pdf", "application/x-pdf", "image/png", "image/jpeg",
                            "image/jpg", "image/pjpeg", "image/tiff"})
DOCUMENT_EXTENSIONS = frozenset({"pdf", "png", "jpg", "jpeg", "tif", "tiff"})
TEXT_TYPES = frozenset({"text/plain", "application/txt", "message/delivery-status",
                        "text/rfc822-headers"})
TEXT_EXTENSIONS = frozenset({"txt", "text"})


def embedded_message_kind(att: RawAttachment) -> str | None:
    """'eml' or 'msg' when an attachment is a message file to read as a forward."""
    data = att.data or b""
    ext = _ext(att.filename or "")
    if data[:8] == _OLE_MAGIC and (
        ext == "msg" or att.content_type in ("application/vnd.ms-outlook", "application/x-msg")
    ):
        return "msg"
    if ext == "eml" or att.content_type in ("message/rfc822", "message/global"):
        return "eml"
    return None


def is_pdf_or_image(att: RawAttachment) -> bool:
    data = att.data or b""
    head = data[:1024]
    if b"%PDF-" in head:
        return True
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff":
        return True
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return True
    return att.content_type in DOCUMENT_TYPES or _ext(att.filename or "") in DOCUMENT_EXTENSIONS


def is_text(att: RawAttachment) -> bool:
    return att.content_type in TEXT_TYPES or _ext(att.filename or "") in TEXT_EXTENSIONS


def cids_in_html(html: str) -> set[str]:
    return {c.strip("<>").lower() for c in re.findall(r"""cid:([^"'\s>)]+)""", html, flags=re.I)}
