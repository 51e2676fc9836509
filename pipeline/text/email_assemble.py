"""A `RawMessage` to the text stage's result: the assembly that does not depend on the format.

`assemble` does, for a message from `email_eml` or `email_msg`:

    body (plain, else HTML made plain)
      -> inline forward split ("De : … Envoyé : … Objet :", "Message transféré"…)
      -> attachments flattened over nested messages, counted against the limit
      -> names sanitised and made unique
      -> each attachment read (PDF/image via `read_attachment`, text as is) or noted
      -> `Extracted`, or DocumentError when there is nothing to read.

No third-party mail library is imported here.
"""

from __future__ import annotations

import logging
import mimetypes
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.errors import DocumentError
from pipeline.text.email_charset import clean_line, clean_text, decode_bytes, decode_words
from pipeline.text.email_forward import headers_block, split_forward
from pipeline.text.email_html import html_to_text
from pipeline.text.email_raw import (
    RawAttachment,
    RawMessage,
    cids_in_html,
    embedded_message_kind,
    is_pdf_or_image,
    is_text,
    is_tnef,
)
from pipeline.text.model import (
    AttachmentInfo,
    EmailHeaders,
    Extracted,
    Page,
    PageMethod,
    TextLimits,
)

log = logging.getLogger(__name__)

AttachmentReader = Callable[[str, bytes], tuple[Page, ...]]
"""Reads a PDF or image attachment (sanitised name, bytes) into pages, or raises DocumentError."""

NestedParser = Callable[[str, bytes, int], "RawMessage"]
"""Parses an attached message file: (kind "eml" or "msg", bytes, depth) -> RawMessage."""

FORWARD_PART = "message transféré"
MAX_TEXT_CHARS = 500_000  # one body or one text attachment; beyond, cut with a warning
MAX_NAME_CHARS = 120

# French notes and reasons, in one place.
NOTE_INLINE_IMAGE = "image intégrée au message"
NOTE_UNSUPPORTED = "format non pris en charge"
NOTE_TNEF = "pièce winmail.dat (format TNEF) non décodée"
NOTE_EMPTY = "pièce jointe vide (aucune donnée)"
NOTE_EMPTY_TEXT = "pièce jointe texte vide"
NOTE_TOO_DEEP = "message imbriqué au-delà de la profondeur maximale : non lu"
REASON_EMPTY = (
    "Le message ne contient ni texte ni pièce jointe lisible : "
    "vérifiez l'export depuis la messagerie."
)


# --------------------------------------------------------------------------- model


def cap_text(text: str, what: str, warnings: list[str]) -> str:
    if len(text) <= MAX_TEXT_CHARS:
        return text
    warnings.append(
        f"{what} dépasse {MAX_TEXT_CHARS:,} caractères : seul le début a été conservé.".replace(
            ",", " "
        )
    )
    return text[:MAX_TEXT_CHARS]


def body_text(raw: RawMessage) -> str:
    """The message body as clean text: the plain part, else the HTML part made plain."""
    plain = clean_text(raw.plain) if raw.plain else ""
    if plain:
        return plain
    return html_to_text(raw.html) if raw.html else ""


# --------------------------------------------------------------------------- names


def sanitise_name(raw: str | None, content_type: str, index: int) -> str:
    """A safe file name: no directory part, no control characters, NFC, never empty."""
    name = clean_line(decode_words(raw)) if raw else ""
    parts = [p.strip() for p in re.split(r"[/\\]", name)]
    parts = [p for p in parts if p and p not in (".", "..")]
    name = parts[-1] if parts else ""
    name = re.sub(r'[<>:"|?*]', "_", name)
    name = name.strip(" .")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME_CHARS - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:MAX_NAME_CHARS].rstrip(" .")
    if not name:
        ext = mimetypes.guess_extension(content_type) or ""
        if content_type in ("message/rfc822", "message/global"):
            ext = ".eml"
        elif content_type == "application/vnd.ms-outlook":
            ext = ".msg"
        elif not ext and (content_type.startswith("text/") or content_type.startswith("message/")):
            ext = ".txt"
        name = f"pièce jointe {index}{ext}"
    return unicodedata.normalize("NFC", name)


def unique_name(name: str, taken: set[str]) -> str:
    """`name`, or "stem (2).ext", "stem (3).ext"… when already taken (case-insensitive)."""
    reserved = {"", FORWARD_PART}
    if name.lower() not in taken and name not in reserved:
        taken.add(name.lower())
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    n = 2
    while True:
        candidate = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
        if candidate.lower() not in taken:
            taken.add(candidate.lower())
            return candidate
        n += 1


# --------------------------------------------------------------------------- assembly


@dataclass
class _Entry:
    att: RawAttachment
    inline_cids: set[str]
    name: str = ""


@dataclass
class _Forward:
    headers: EmailHeaders
    text: str
    has_body: bool  # False when the text is only the header block we wrote


def _flatten(
    raw: RawMessage,
    depth: int,
    limits: TextLimits,
    parse_nested: NestedParser,
    entries: list[_Entry],
    forwards: list[_Forward],
    warnings: list[str],
) -> None:
    """Walk attachments depth-first; attached messages become forwards and their parts entries."""
    inline = cids_in_html(raw.html)
    for att in raw.attachments:
        entries.append(_Entry(att, inline))
        if att.nested is None and not att.too_deep and att.data:
            kind = embedded_message_kind(att)
            if kind is not None:
                if depth + 1 > limits.max_attachment_depth:
                    att.too_deep = True
                else:
                    try:
                        att.nested = parse_nested(kind, att.data, depth + 1)
                    except DocumentError as exc:
                        att.problem = exc.reason
        if att.too_deep:
            warnings.append(
                f"Un message joint dépasse la profondeur maximale de "
                f"{limits.max_attachment_depth} messages imbriqués : il n'a pas été lu."
            )
            continue
        if att.nested is not None:
            nested = att.nested
            warnings.extend(nested.warnings)
            text = body_text(nested)
            block = headers_block(nested.headers)
            joined = "\n\n".join(t for t in (block, text) if t)
            forwards.append(_Forward(nested.headers, joined, bool(text.strip())))
            _flatten(nested, depth + 1, limits, parse_nested, entries, forwards, warnings)


def _read_entry(
    entry: _Entry,
    limits: TextLimits,
    read_attachment: AttachmentReader,
    pages: list[Page],
    warnings: list[str],
) -> AttachmentInfo:
    att, name = entry.att, entry.name
    data = att.data or b""
    size = len(data)

    def info(read: bool, note: str = "") -> AttachmentInfo:
        return AttachmentInfo(
            name=name, content_type=att.content_type, size=size, read=read, note=note
        )

    if att.too_deep:
        return info(False, NOTE_TOO_DEEP)
    if att.nested is not None:
        return info(True)
    if att.problem:
        warnings.append(f"Pièce jointe « {name} » non lue : {att.problem}")
        return info(False, att.problem)
    if not data:
        warnings.append(f"Pièce jointe « {name} » vide : aucune donnée dans le message.")
        return info(False, NOTE_EMPTY)
    if size > limits.max_file_bytes:
        note = f"pièce jointe trop volumineuse ({size} octets, limite {limits.max_file_bytes})"
        warnings.append(f"Pièce jointe « {name} » non lue : {note}.")
        return info(False, note)
    if is_tnef(att):
        warnings.append(
            f"La pièce « {name} » (format TNEF d'Outlook) n'a pas été décodée : "
            "demandez à l'expéditeur de renvoyer le message en HTML ou en texte brut."
        )
        return info(False, NOTE_TNEF)
    cid = (att.content_id or "").strip("<>").lower()
    if att.content_type.startswith("image/") and (
        (cid and cid in entry.inline_cids) or (att.hidden and not att.filename)
    ):
        return info(False, NOTE_INLINE_IMAGE)
    if is_pdf_or_image(att):
        try:
            got = read_attachment(name, data)
        except DocumentError as exc:
            warnings.append(f"Pièce jointe « {name} » non lue : {exc.reason}")
            return info(False, exc.reason)
        pages.extend(p if p.part == name else replace(p, part=name) for p in got)
        return info(True)
    if is_text(att):
        text = clean_text(decode_bytes(data, None))
        if not text:
            return info(False, NOTE_EMPTY_TEXT)
        text = cap_text(text, f"La pièce jointe « {name} »", warnings)
        pages.append(Page(number=1, text=text, method=PageMethod.PLAIN_FILE, part=name))
        return info(True)
    return info(False, NOTE_UNSUPPORTED)


def _is_message(entry: _Entry) -> bool:
    return entry.att.nested is not None


def assemble(
    raw: RawMessage,
    limits: TextLimits,
    read_attachment: AttachmentReader,
    parse_nested: NestedParser,
) -> Extracted:
    """Turn a parsed message into the text stage's result, or raise DocumentError."""
    warnings: list[str] = list(raw.warnings)

    body = cap_text(body_text(raw), "Le corps du message", warnings)
    note, quoted, quoted_headers = split_forward(body) if body else ("", "", None)

    entries: list[_Entry] = []
    forwards: list[_Forward] = []
    _flatten(raw, 0, limits, parse_nested, entries, forwards, warnings)

    if len(entries) > limits.max_attachments:
        raise DocumentError(
            "trop-de-pieces-jointes",
            f"Le message contient {len(entries)} pièces jointes, au-delà de la limite de "
            f"{limits.max_attachments} : traitez-le à la main ou relevez la limite "
            "« pieces_jointes_max » de la section [traitement] de config/cabinet.toml.",
        )

    taken: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        base = entry.att.filename
        if not base and entry.att.nested is not None and entry.att.nested.headers.subject:
            base = entry.att.nested.headers.subject + ".eml"
        entry.name = unique_name(sanitise_name(base, entry.att.content_type, index), taken)

    pages: list[Page] = []
    if note:
        pages.append(Page(number=1, text=note, method=PageMethod.EMAIL_BODY, part=""))
    forward_texts = ([quoted] if quoted else []) + [f.text for f in forwards if f.text]
    for number, text in enumerate(forward_texts, start=1):
        pages.append(
            Page(number=number, text=text, method=PageMethod.EMAIL_BODY, part=FORWARD_PART)
        )

    infos = [_read_entry(e, limits, read_attachment, pages, warnings) for e in entries]

    has_text = bool(note.strip() or quoted.strip()) or any(f.has_body for f in forwards)
    if not has_text and not any(
        i.read and not _is_message(e) for i, e in zip(infos, entries, strict=True)
    ):
        failed = [f"{i.name} ({i.note})" for i in infos if i.note]
        detail = f" Pièces jointes non lues : {', '.join(failed)}." if failed else ""
        raise DocumentError("email-vide", REASON_EMPTY + detail)

    forwarded = (
        quoted_headers
        if quoted_headers is not None
        else (forwards[0].headers if forwards else None)
    )
    return Extracted(
        pages=tuple(pages),
        email=raw.headers,
        forwarded=forwarded,
        attachments=tuple(infos),
        warnings=tuple(dict.fromkeys(warnings)),
    )
