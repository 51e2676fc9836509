"""Reading Outlook .msg files into a `RawMessage`, with extract-msg.

Body: plain text, else the HTML body (bytes, decoded with its <meta> charset or the
message's internet code page, e.g. cp1251), else the HTML or text encapsulated in the
RTF body. Date: the client submit time only; a creation time is not a sending date.
Attached messages recurse (up to `limits.max_attachment_depth`).

extract-msg is imported in this module only, on the first .msg a process reads: most
days bring none, and importing it costs about 0.2 s at every start.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from typing import Any

from pipeline.errors import DocumentError
from pipeline.text.email_charset import clean_line
from pipeline.text.email_headers import (
    cap_addresses,
    iso_date,
    message_ids,
    parse_address,
    parse_date,
)
from pipeline.text.email_html import decode_html_bytes
from pipeline.text.email_raw import RawAttachment, RawMessage
from pipeline.text.model import EmailHeaders, TextLimits

log = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
REASON_CORRUPT = (
    "Le message Outlook (.msg) est corrompu et ne peut pas être lu : enregistrez-le de "
    "nouveau depuis Outlook ou demandez une nouvelle copie à l'expéditeur."
)
_TO, _CC = 1, 2  # extract_msg RecipientType values


def parse_msg(data: bytes, limits: TextLimits, depth: int = 0) -> RawMessage:
    """Parse .msg bytes; raise DocumentError("msg-illisible") when they cannot be read."""
    if data[:8] != OLE_MAGIC:
        raise DocumentError(
            "msg-illisible",
            "Le fichier n'est pas un message Outlook (.msg) : son format ne correspond pas, "
            "vérifiez l'export depuis la messagerie.",
        )
    import extract_msg  # deferred on purpose: see the module docstring
    from extract_msg.enums import ErrorBehavior

    flags = ErrorBehavior.ATTACH_SUPPRESS_ALL | ErrorBehavior.RTFDE
    try:
        msg = extract_msg.openMsg(data, strict=False, errorBehavior=flags)
    except Exception as exc:  # olefile / extract-msg errors on a corrupt container
        log.warning("extract-msg could not open a .msg (%s: %s)", type(exc).__name__, exc)
        raise DocumentError("msg-illisible", REASON_CORRUPT) from exc
    try:
        return _to_raw(msg, limits, depth)
    except DocumentError:
        raise
    except Exception as exc:  # a corrupt stream met while reading properties
        log.warning("extract-msg failed while reading a .msg (%s: %s)", type(exc).__name__, exc)
        raise DocumentError("msg-illisible", REASON_CORRUPT) from exc
    finally:
        try:
            msg.close()
        except Exception:  # closing a half-read OLE file must not hide the real outcome
            log.debug("closing the .msg failed")


def _get(obj: Any, name: str, warnings: list[str] | None = None, what: str = "") -> Any:
    """A property of an extract-msg object; a failing one is noted, not fatal."""
    try:
        return getattr(obj, name, None)
    except Exception as exc:
        log.info("extract-msg property %s failed (%s)", name, type(exc).__name__)
        if warnings is not None and what:
            warnings.append(f"Partie « {what} » du message Outlook illisible : ignorée.")
        return None


def _codepage(msg: Any) -> str | None:
    """The message's internet code page (PR_INTERNET_CPID), as a codec name."""
    try:
        value = msg.getPropertyVal("3FDE0003")
    except Exception:
        return None
    if not isinstance(value, int) or value <= 0:
        return None
    if value == 65001:
        return "utf-8"
    if 28591 <= value <= 28605:
        return f"iso-8859-{value - 28590}"
    return f"cp{value}"


def _to_raw(msg: Any, limits: TextLimits, depth: int) -> RawMessage:
    warnings: list[str] = []
    class_type = str(_get(msg, "classType") or "")
    if depth == 0 and class_type and not class_type.lower().startswith("ipm.note"):
        warnings.append(
            f"Élément Outlook de type « {clean_line(class_type)[:40]} » (pas un message "
            "ordinaire) : lu au mieux."
        )
    headers = _headers(msg, limits, warnings, top=depth == 0)
    raw = RawMessage(headers=headers, warnings=warnings)
    _bodies(msg, raw)
    for att in _get(msg, "attachments", warnings, "pièces jointes") or []:
        raw.attachments.append(_attachment(att, limits, depth, warnings))
    return raw


def _bodies(msg: Any, raw: RawMessage) -> None:
    """Plain and HTML bodies from their own streams; the RTF only when both are missing.

    extract-msg's `body`/`htmlBody` properties fall back to de-encapsulating the RTF
    body, which takes seconds on a large message: it is done here only when needed.
    """
    warnings = raw.warnings
    plain = _stream(msg, "getStringStream", "__substg1.0_1000", warnings, "corps texte")
    html = _stream(msg, "getStream", "__substg1.0_10130102", warnings, "corps HTML")
    if html is None:
        html = _stream(msg, "getStringStream", "__substg1.0_1013", warnings, "corps HTML")
    raw.plain = plain if isinstance(plain, str) else ""
    if isinstance(html, bytes) and html.strip():
        raw.html = decode_html_bytes(html, _codepage(msg))
    elif isinstance(html, str):
        raw.html = html
    if raw.plain.strip() or raw.html.strip():
        return
    if not _get(msg, "rtfBody"):
        return
    rtf = _get(msg, "deencapsulatedRtf", warnings, "corps RTF")
    content = getattr(rtf, "content", None) if rtf is not None else None
    kind = getattr(rtf, "content_type", None) if rtf is not None else None
    if isinstance(content, bytes):
        content = decode_html_bytes(content, _codepage(msg))
    if isinstance(content, str) and content.strip():
        if kind == "html":
            raw.html = content
        else:
            raw.plain = content
    else:
        warnings.append("Le corps du message Outlook n'existe qu'en RTF non décodable : ignoré.")


def _stream(msg: Any, method: str, name: str, warnings: list[str], what: str) -> Any:
    try:
        return getattr(msg, method)(name)
    except Exception as exc:
        log.info("extract-msg stream %s failed (%s)", name, type(exc).__name__)
        warnings.append(f"Partie « {what} » du message Outlook illisible : ignorée.")
        return None


def _headers(msg: Any, limits: TextLimits, warnings: list[str], top: bool) -> EmailHeaders:
    name, address = parse_address(str(_get(msg, "sender") or ""))
    to: list[str] = []
    cc: list[str] = []
    for recipient in _get(msg, "recipients") or []:
        kind = _get(recipient, "type")
        found = _get(recipient, "smtpAddress") or _get(recipient, "email") or ""
        found = clean_line(str(found)).lower()
        if "@" not in found:
            continue
        if kind == _TO:
            to.append(found)
        elif kind == _CC:
            cc.append(found)
    if not to:
        to = _split_addresses(_get(msg, "to"))
    if not cc:
        cc = _split_addresses(_get(msg, "cc"))

    date = iso_date(_get(msg, "date"))  # the submit time; None for unsent or undated items
    header = _get(msg, "header") if _get(msg, "headerText") else None
    if date is None and header is not None:
        date = parse_date(header.get("date"))
    references = message_ids(clean_line(header.get("references"))) if header is not None else ()
    if top:
        if not address:
            warnings.append(
                "Expéditeur absent ou illisible : à identifier à la lecture du message."
            )
        if date is None:
            warnings.append(
                "Date d'envoi absente du message Outlook (la date de création n'est pas "
                "une date d'envoi) : date laissée vide."
            )
    return EmailHeaders(
        sender_name=name,
        sender_address=address if address and "@" in address else None,
        to=cap_addresses(to, "À", limits, warnings),
        cc=cap_addresses(cc, "Cc", limits, warnings),
        subject=clean_line(str(_get(msg, "subject") or "")),
        date=date,
        message_id=clean_line(str(_get(msg, "messageId") or "")) or None,
        in_reply_to=clean_line(str(_get(msg, "inReplyTo") or "")) or None,
        references=references,
    )


def _split_addresses(value: Any) -> list[str]:
    if not value:
        return []
    out = []
    for part in re.split(r"[;,](?![^<]*>)(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", str(value)):
        _, address = parse_address(part)
        if address:
            out.append(address)
    return out


def _attachment(att: Any, limits: TextLimits, depth: int, warnings: list[str]) -> RawAttachment:
    kind = type(att).__name__
    filename = None
    for attr in ("longFilename", "name", "shortFilename", "displayName"):
        value = _get(att, attr)
        if isinstance(value, str) and value.strip():
            filename = value
            break
    data = _get(att, "data")
    content_id = _get(att, "contentId")
    hidden = bool(_get(att, "hidden"))
    if data is not None and not isinstance(data, bytes | bytearray):
        # an embedded message (EmbeddedMsgAttachment, or a signed one holding a message)
        result = RawAttachment(filename, "application/vnd.ms-outlook", b"")
        if depth + 1 > limits.max_attachment_depth:
            result.too_deep = True
        else:
            result.nested = _to_raw(data, limits, depth + 1)
        return result
    mimetype = _get(att, "mimetype")
    if not isinstance(mimetype, str) or "/" not in mimetype:
        mimetype = mimetypes.guess_type(filename or "")[0] or "application/octet-stream"
    if data is None:
        problem = "pièce jointe Outlook illisible ou d'un type non pris en charge"
        if kind == "WebAttachment":
            problem = "lien vers un fichier en ligne, non joint au message"
        return RawAttachment(filename, mimetype.lower(), None, problem=problem, hidden=hidden)
    return RawAttachment(
        filename,
        mimetype.lower(),
        bytes(data),
        content_id=str(content_id) if content_id else None,
        hidden=hidden,
    )
