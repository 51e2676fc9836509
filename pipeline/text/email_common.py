"""What the .eml and .msg readers share: one neutral message tree, and its assembly.

The format modules (`email_eml` with mail-parser, `email_msg` with extract-msg) turn
their input into a `RawMessage`: headers, body text or HTML, and raw attachments
(nested messages already parsed into `RawMessage`s). `assemble` then does the work
that must not depend on the format:

    body (plain, else HTML made plain)
      -> inline forward split ("De : … Envoyé : … Objet :", "Message transféré"…)
      -> attachments flattened over nested messages, counted against the limit
      -> names sanitised and made unique
      -> each attachment read (PDF/image via `read_attachment`, text as is) or noted
      -> `Extracted`, or DocumentError when there is nothing to read.

No third-party mail library is imported here.
"""

from __future__ import annotations

import codecs
import email.header
import email.utils
import logging
import mimetypes
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction

from pipeline import clock
from pipeline.errors import DocumentError
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


_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "chinese": "gb18030",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "ks_c_5601-1989": "cp949",
    "euc-kr": "cp949",
    "iso-8859-1": "cp1252",  # what mail clients really send under that label (’ œ €)
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "iso_8859-1": "cp1252",
    "us-ascii": "ascii",
    "ansi_x3.4-1968": "ascii",
    "x-user-defined": "cp1252",
    "unicode-1-1-utf-7": "utf-7",
    "utf8": "utf-8",
    "shift-jis": "cp932",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
}


def codec_for(charset: str | None) -> str | None:
    """The Python codec to use for a declared charset, None when unknown."""
    if not charset:
        return None
    name = charset.strip().strip("\"'").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode text bytes: declared charset (with aliases), then utf-8, cp1252, latin-1."""
    declared = codec_for(charset)
    for codec in dict.fromkeys(c for c in (declared, "utf-8", "cp1252") if c):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    if declared:
        return data.decode(declared, errors="replace")
    return data.decode("latin-1")


def fix_surrogates(value: str) -> str:
    """Undo the stdlib's surrogateescape on raw 8-bit header bytes (utf-8, else cp1252)."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    raw = value.encode("utf-8", errors="surrogateescape")
    return decode_bytes(raw, None)


def decode_words(value: str | None) -> str:
    """Decode RFC 2047 encoded-words, with the charset fallbacks of `decode_bytes`."""
    if not value:
        return ""
    value = fix_surrogates(str(value))
    value = re.sub(r"\r?\n(?=[ \t])", "", value)  # unfold before decoding
    if "=?" not in value:
        return value
    try:
        chunks = email.header.decode_header(value)
    except Exception:  # malformed encoded-word: keep the text as written
        log.debug("undecodable encoded-word kept as is")
        return value
    out: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            out.append(chunk)
        elif charset is None:
            out.append(chunk.decode("raw-unicode-escape", errors="replace"))
        else:
            out.append(decode_bytes(chunk, charset))
    return "".join(out)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def clean_line(value: str | None) -> str:
    """One-line text: control characters become spaces, blanks collapsed, NFC."""
    if not value:
        return ""
    text = _CONTROL.sub(" ", value)
    text = re.sub(r"\s+", " ", text).strip()
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """Body text: unified newlines, no trailing blanks, at most one empty line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line.strip():
            if out and out[-1] == "":
                continue
            out.append("")
        else:
            out.append(line)
    return unicodedata.normalize("NFC", "\n".join(out).strip())


_PARAGRAPH_TAGS = [
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "ul", "ol", "dl",
    "pre", "hr", "address", "center", "form", "fieldset", "section", "article", "body",
]  # fmt: skip
_LINE_TAGS = ["div", "li", "tr", "dd", "dt", "header", "footer", "caption"]
_DROP_TAGS = ["script", "style", "head", "title", "noscript", "template", "object", "svg"]
_SOFT, _PARA, _HARD = "\x00", "\x01", "\x02"  # line, paragraph, <br> markers
_BREAKS = re.compile(r"[ \t\u00a0]*(?:[\x00\x01\x02\n][ \t\u00a0]*)+")


def _breaks(match: re.Match[str]) -> str:
    run = match.group(0)
    hard = run.count(_HARD) + run.count("\n")
    return "\n" * min(2, max(hard, 2 if _PARA in run else 1))


def html_to_text(html: str) -> str:
    """Clean text out of an HTML body: no script/style, paragraph and line breaks kept."""
    if not html.strip():
        return ""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for node in soup.find_all(string=True):
        if isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction):
            node.extract()
            continue
        if node.find_parent("pre") is None:
            node.replace_with(re.sub(r"[ \t\r\n\f\v\x00-\x02]+", " ", str(node)))
    for br in soup.find_all("br"):
        br.replace_with(_HARD)
    for tag in soup.find_all(["td", "th"]):
        tag.insert_after(" ")
    for tag in soup.find_all(_LINE_TAGS):
        tag.insert_before(_SOFT)
        tag.insert_after(_SOFT)
    for tag in soup.find_all(_PARAGRAPH_TAGS):
        tag.insert_before(_PARA)
        tag.insert_after(_PARA)
    text = _BREAKS.sub(_breaks, soup.get_text())
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return clean_text("\n".join(lines))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\\?["']?([A-Za-z0-9_\-:.]+)""", re.I)


def decode_html_bytes(data: bytes, hint: str | None = None) -> str:
    """Decode HTML bytes: its <meta charset> if it fits, else `hint`, else the fallbacks."""
    match = _META_CHARSET.search(data[:4096])
    if match:
        declared = codec_for(match.group(1).decode("ascii", "replace"))
        if declared:
            try:
                return data.decode(declared)
            except UnicodeDecodeError:
                log.debug("html meta charset %s does not fit the bytes", declared)
    return decode_bytes(data, hint)


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


# --------------------------------------------------------------------------- headers


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


# --------------------------------------------------------------------------- forwards

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


# --------------------------------------------------------------------------- kinds

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
    ext = _ext(att.filename or "")
    return att.content_type in (
        "application/pdf",
        "application/x-pdf",
        "image/png",
        "image/jpeg",
        "image/jpg",
        "image/pjpeg",
        "image/tiff",
    ) or ext in ("pdf", "png", "jpg", "jpeg", "tif", "tiff")


def is_text(att: RawAttachment) -> bool:
    ext = _ext(att.filename or "")
    return att.content_type in (
        "text/plain",
        "application/txt",
        "message/delivery-status",
        "text/rfc822-headers",
    ) or ext in ("txt", "text")


def cids_in_html(html: str) -> set[str]:
    return {c.strip("<>").lower() for c in re.findall(r"""cid:([^"'\s>)]+)""", html, flags=re.I)}


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
