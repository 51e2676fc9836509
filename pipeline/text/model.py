"""What the text stage produces: pages of text with where they came from.

These are plain frozen dataclasses, so a record holding them survives a JSON round
trip (`pipeline.record`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PageMethod(StrEnum):
    """How a page's text was obtained."""

    TEXT_LAYER = "texte"  # the text layer of a digital PDF
    OCR = "ocr"  # Tesseract on a rendered or scanned image
    EMAIL_BODY = "corps"  # the body of an email (plain, or HTML made plain)
    PLAIN_FILE = "fichier texte"  # a text attachment read as is
    ENTRY = "saisie"  # an entry file (phone call, meeting, web form), written out as text


@dataclass(frozen=True)
class Page:
    """One page (or one email body) of text.

    `part` says which part of the item it comes from: ``""`` for the main document
    or the email body, ``"message transféré"`` for the original inside a forward,
    else the attachment's (sanitised) file name.
    """

    number: int  # 1-based within its part
    text: str
    method: PageMethod
    part: str = ""
    confidence: float | None = None  # OCR mean word confidence in [0, 1]; None when not OCR
    rotation: int = 0  # degrees the page was turned before OCR (0, 90, 180, 270)


@dataclass(frozen=True)
class EmailHeaders:
    """The headers of one email (the item itself, or a message forwarded inside it)."""

    sender_name: str | None = None
    sender_address: str | None = None  # lower-case
    to: tuple[str, ...] = ()  # addresses, lower-case, capped in number
    cc: tuple[str, ...] = ()
    subject: str = ""
    date: str | None = None  # ISO 8601 with offset, None when absent or unreadable
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment of an email, and what became of it."""

    name: str  # sanitised: no path, no control characters, NFC
    content_type: str
    size: int
    read: bool  # its text is among the item's pages
    note: str = ""  # French: why it was not read ("image intégrée", "format non pris en charge"…)


@dataclass(frozen=True)
class Extracted:
    """The text stage's result for one item."""

    pages: tuple[Page, ...]
    email: EmailHeaders | None = None  # for .eml / .msg
    forwarded: EmailHeaders | None = None  # the original message of a forward, when found
    attachments: tuple[AttachmentInfo, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)  # French, for people
    # for an entry file ("saisie", pipeline.entry): its normalised values by French key
    entry: dict[str, str] | None = field(default=None, hash=False)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages if p.text)

    @property
    def ocr_confidence(self) -> float | None:
        """Mean confidence over OCR'd pages, None when nothing was OCR'd."""
        values = [p.confidence for p in self.pages if p.confidence is not None]
        return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class TextLimits:
    """Caps that protect the machine from hostile or absurd inputs (config `[traitement]`)."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 50  # pages per document, PDF or TIFF
    max_page_pixels: int = 60_000_000  # pixels of one rendered or decoded page
    max_attachments: int = 50
    max_attachment_depth: int = 3  # messages inside messages
    max_header_bytes: int = 64 * 1024  # one header's raw size before it is cut (with a warning)
    max_addresses: int = 100
    ocr_timeout_s: float = 120.0  # per page
    ocr_dpi: int = 300  # rendering resolution for image-only PDF pages
