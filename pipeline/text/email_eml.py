"""Reading .eml files into a `RawMessage`.

mail-parser (module `mailparser`) parses the message and gives the headers, the
addresses and the MIME defects. Its flat list of parts loses the structure we need
(a forwarded message/rfc822 part is merged into the body, its name is random), so the
parts are walked on the stdlib `email.message.Message` tree mail-parser built, and
the stdlib also cross-checks what mail-parser gets wrong: encoded-word subjects in
odd charsets, and content lost behind boundary defects (recovered here).

mail-parser is imported in this module only.
"""

from __future__ import annotations

import email
import email.message
import logging
import re
from collections import Counter
from datetime import timedelta, timezone
from typing import Any

import mailparser

from pipeline.errors import DocumentError
from pipeline.text.email_charset import (
    clean_line,
    codec_for,
    decode_bytes,
    decode_words,
    fix_surrogates,
)
from pipeline.text.email_headers import (
    cap_addresses,
    cap_headers,
    iso_date,
    message_ids,
    parse_address,
    parse_date,
)
from pipeline.text.email_raw import TNEF_MAGIC, RawAttachment, RawMessage
from pipeline.text.model import EmailHeaders, TextLimits

log = logging.getLogger(__name__)

_EMAIL_HEADERS = {
    "from", "to", "cc", "subject", "date", "message-id", "mime-version", "content-type",
    "received", "return-path", "reply-to", "sender", "delivered-to", "in-reply-to",
    "references", "x-mailer",
}  # fmt: skip
_BOUNDARY_DEFECTS = {
    "StartBoundaryNotFoundDefect",
    "CloseBoundaryNotFoundDefect",
    "MultipartInvariantViolationDefect",
    "FirstHeaderLineIsContinuationDefect",
    "MisplacedEnvelopeHeaderDefect",
}
WARN_MIME = (
    "Structure MIME défectueuse (délimiteurs de parties incorrects) : le contenu a été "
    "récupéré au mieux, vérifiez le message d'origine en cas de doute."
)

REASON_NOT_EMAIL = (
    "Le fichier n'est pas un message électronique (aucun en-tête De, À, Objet ou Date) : "
    "vérifiez qu'il s'agit bien d'un export .eml de la messagerie."
)


def parse_eml(data: bytes, limits: TextLimits, depth: int = 0) -> RawMessage:
    """Parse .eml bytes; raise DocumentError when they are not a readable email."""
    if not data.strip():
        raise DocumentError("email-invalide", "Le fichier est vide : ce n'est pas un message.")
    if data[:4] == TNEF_MAGIC:
        raise DocumentError(
            "email-invalide",
            "Le fichier est une pièce winmail.dat (format TNEF d'Outlook), pas un message : "
            "demandez à l'expéditeur de renvoyer son courriel en HTML ou en texte brut.",
        )
    warnings: list[str] = []
    capped = cap_headers(data, limits.max_header_bytes, warnings)
    try:
        parsed = mailparser.parse_from_bytes(capped)
    except Exception as exc:  # any library failure on a corrupt file is a document problem
        log.warning("mail-parser failed on an .eml (%s)", type(exc).__name__)
        raise DocumentError(
            "email-illisible",
            "Le message est illisible (structure MIME corrompue) : demandez une nouvelle "
            "copie à l'expéditeur ou un nouvel export depuis la messagerie.",
        ) from exc
    message = parsed.message
    if message is None or not {k.lower() for k in message} & _EMAIL_HEADERS:
        raise DocumentError("email-invalide", REASON_NOT_EMAIL)
    return _to_raw(parsed, message, limits, depth, warnings)


def _to_raw(
    parsed: Any,
    message: email.message.Message,
    limits: TextLimits,
    depth: int,
    warnings: list[str],
) -> RawMessage:
    headers = _headers(parsed, message, limits, warnings, top=depth == 0)
    raw = RawMessage(headers=headers, warnings=warnings)
    walker = _Walker(raw, limits, depth)
    try:
        walker.walk(message)
    except RecursionError as exc:
        raise DocumentError(
            "email-illisible",
            "Le message est imbriqué trop profondément pour être lu : traitez-le à la main.",
        ) from exc
    raw.plain = "\n\n".join(t for t in walker.plain if t.strip())
    raw.html = "\n".join(walker.html)
    categories = set(getattr(parsed, "defects_categories", set()) or set())
    if walker.recovered or categories & _BOUNDARY_DEFECTS:
        warnings.append(WARN_MIME)
    if len(message.get_all("content-type") or []) > 1:
        warnings.append(
            "Le message déclare plusieurs types de contenu (Content-Type) : le premier a été "
            "retenu, vérifiez le message d'origine en cas de doute."
        )
    if not raw.plain.strip() and not raw.html.strip() and not raw.attachments:
        # Last resort: what mail-parser saw as text, rather than report an empty letter.
        plain = "\n\n".join(parsed.text_plain or [])
        html = "\n".join(parsed.text_html or [])
        if plain.strip() or html.strip():
            raw.plain, raw.html = plain, html
            warnings.append(WARN_MIME)
    if message.get_content_type() == "multipart/report":
        warnings.append(
            "Ce message est un avis de non-remise (rapport du serveur de messagerie), "
            "pas un courrier écrit par une personne."
        )
    return raw


# --------------------------------------------------------------------------- headers


def _raw_header(message: email.message.Message, name: str) -> str | None:
    for key, value in message.raw_items():
        if key.lower() == name:
            return str(value)
    return None


def _headers(
    parsed: Any,
    message: email.message.Message,
    limits: TextLimits,
    warnings: list[str],
    top: bool,
) -> EmailHeaders:
    senders = list(parsed.from_ or [])
    name: str | None = None
    address: str | None = None
    if senders:
        raw_name, raw_address = senders[0]
        name = clean_line(decode_words(raw_name)).strip("\"' ") or None
        address = clean_line(raw_address).lower() or None
    elif _raw_header(message, "from"):
        name, address = parse_address(_raw_header(message, "from") or "")
    if address and "@" not in address:
        address = None

    def addresses(pairs: list[tuple[str, str]], label: str) -> tuple[str, ...]:
        found = [clean_line(a).lower() for _, a in pairs if a and "@" in a]
        return cap_addresses(found, label, limits, warnings)

    raw_subject = _raw_header(message, "subject")
    subject = clean_line(decode_words(raw_subject)) if raw_subject else ""
    if not subject and raw_subject:
        subject = clean_line(str(parsed.subject or ""))

    raw_date = _raw_header(message, "date")
    date = parse_date(raw_date)
    if date is None and raw_date and parsed.date is not None:
        try:  # mail-parser is more lenient on some odd forms; it gives UTC plus an offset
            offset = timezone(timedelta(hours=float(parsed.timezone or 0)))
            date = iso_date(parsed.date.astimezone(offset))
        except (TypeError, ValueError, OverflowError):
            date = None
    if top:
        if not address:
            warnings.append(
                "Expéditeur absent ou illisible : à identifier à la lecture du message."
            )
        if raw_date is None:
            warnings.append("Date d'envoi absente du message.")
        elif date is None:
            shown = clean_line(raw_date)[:60]
            warnings.append(f"Date d'envoi illisible (« {shown} ») : date laissée vide.")

    return EmailHeaders(
        sender_name=name,
        sender_address=address,
        to=addresses(list(parsed.to or []), "À"),
        cc=addresses(list(parsed.cc or []), "Cc"),
        subject=subject,
        date=date,
        message_id=clean_line(_raw_header(message, "message-id")) or None,
        in_reply_to=clean_line(_raw_header(message, "in-reply-to")) or None,
        references=message_ids(clean_line(_raw_header(message, "references"))),
    )


# --------------------------------------------------------------------------- parts


def _filename(part: email.message.Message) -> str | None:
    name: str | None
    try:
        name = part.get_filename()
    except Exception:  # malformed RFC 2231 parameters
        param = part.get_param("name")
        name = param if isinstance(param, str) else None
    if name and "\ufffd" in str(name):
        # raw 8-bit parameter (filename=ciële.txt): re-read it from the raw header bytes
        fixed = email.message.Message()
        for key in ("content-disposition", "content-type"):
            value = _raw_header(part, key)
            if value:
                fixed[key] = fix_surrogates(value)
        name = fixed.get_filename() or name
    return decode_words(str(name)) if name else None


def _payload(part: email.message.Message) -> tuple[bytes | None, str | None]:
    """Decoded bytes of a leaf part, and a French problem when the encoding is corrupt."""
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:
        log.info("undecodable part payload (%s)", type(exc).__name__)
        return None, "encodage de la pièce jointe corrompu : illisible"
    if not isinstance(data, bytes):
        return None, None
    names = {type(d).__name__ for d in part.defects}
    if {"InvalidBase64CharactersDefect", "InvalidBase64LengthDefect"} & names:
        return data, "encodage base64 corrompu : pièce jointe illisible"
    return data, None


class _Walker:
    """Walks the stdlib tree: body parts, attachments, attached messages."""

    def __init__(self, raw: RawMessage, limits: TextLimits, depth: int) -> None:
        self.raw = raw
        self.limits = limits
        self.depth = depth
        self.plain: list[str] = []
        self.html: list[str] = []
        self.recovered = False

    def walk(self, part: email.message.Message) -> None:
        ctype = part.get_content_type()
        if ctype in ("message/rfc822", "message/global"):
            self._nested(part)
            return
        if part.is_multipart():
            payload = part.get_payload()
            if part.get_content_maintype() == "message":  # delivery-status and the like
                text = "\n".join(str(block) for block in payload)
                self._attachment(part, text.encode("utf-8", "surrogateescape"), None)
                return
            for child in payload:
                if isinstance(child, email.message.Message):
                    self.walk(child)
            self._epilogue(part)
            return
        if part.get_content_maintype() == "multipart":
            self._recover_boundary(part)
            return
        filename = _filename(part)
        disposition = part.get_content_disposition()
        if ctype in ("text/plain", "text/html") and disposition != "attachment" and not filename:
            data, _ = _payload(part)
            charset = part.get_content_charset()
            if charset and codec_for(charset) is None:
                self.raw.warnings.append(
                    f"Jeu de caractères inconnu (« {clean_line(charset)[:30]} ») : "
                    "texte décodé au mieux."
                )
            text = decode_bytes(data or b"", charset)
            (self.plain if ctype == "text/plain" else self.html).append(text)
            return
        data, problem = _payload(part)
        self._attachment(part, data, problem, filename)

    def _attachment(
        self,
        part: email.message.Message,
        data: bytes | None,
        problem: str | None,
        filename: str | None = None,
    ) -> None:
        content_id = clean_line(str(part.get("content-id") or "")) or None
        self.raw.attachments.append(
            RawAttachment(
                filename=filename if filename is not None else _filename(part),
                content_type=part.get_content_type(),
                data=data,
                content_id=content_id,
                problem=problem,
            )
        )

    def _nested(self, part: email.message.Message) -> None:
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if not isinstance(inner, email.message.Message):
            inner = None
        filename = _filename(part)
        try:
            data = inner.as_bytes() if isinstance(inner, email.message.Message) else None
        except Exception:  # unserialisable odd headers: keep the size unknown
            data = None
        if isinstance(payload, str):  # message/rfc822 with an encoded body
            body, _ = _payload(part)
            self.raw.attachments.append(
                RawAttachment(filename, "message/rfc822", body or None, content_id=None)
            )
            return
        att = RawAttachment(filename, part.get_content_type(), data or b"")
        if inner is None:
            att.data = None
        elif self.depth + 1 > self.limits.max_attachment_depth:
            att.too_deep = True
        else:
            nested = mailparser.MailParser(inner)
            att.nested = _to_raw(nested, inner, self.limits, self.depth + 1, [])
        self.raw.attachments.append(att)

    def _epilogue(self, part: email.message.Message) -> None:
        """Parts the stdlib left in the epilogue (a boundary reused by a nested multipart)."""
        epilogue, boundary = part.epilogue, part.get_boundary()
        if not epilogue or not boundary or f"--{boundary}" not in epilogue:
            return
        pattern = rf"^--{re.escape(boundary)}(?:--)?[ \t]*\r?$"
        for chunk in re.split(pattern, epilogue, flags=re.M):
            chunk = chunk.strip("\r\n")
            if chunk and re.match(r"^[A-Za-z][A-Za-z0-9-]*:", chunk):
                self.recovered = True
                self.walk(email.message_from_bytes(chunk.encode("utf-8", "surrogateescape")))

    def _recover_boundary(self, part: email.message.Message) -> None:
        """A multipart whose declared boundary never appears: find the one really used."""
        payload = part.get_payload()
        text = payload if isinstance(payload, str) else ""
        candidates = Counter(
            m.group(1).removesuffix("--")
            for m in re.finditer(r"^--(\S{4,70})[ \t]*\r?$", text, flags=re.M)
        )
        for boundary, _ in candidates.most_common(5):
            header = f'Content-Type: {part.get_content_type()}; boundary="{boundary}"\n\n'
            rebuilt = email.message_from_bytes((header + text).encode("utf-8", "surrogateescape"))
            children = rebuilt.get_payload() if rebuilt.is_multipart() else []
            if children:
                self.recovered = True
                for child in children:
                    if isinstance(child, email.message.Message):
                        self.walk(child)
                return
        if text.strip():
            self.recovered = True
            self._attachment(part, text.encode("utf-8", "surrogateescape"), None)
