"""Emails (.eml) built with the standard `email` package.

Kinds: plain UTF-8, HTML-only, quoted-printable Latin-1 (Outlook style), base64,
forwarded by a staff member (Outlook FR inline block or Gmail "Forwarded message";
the claimant is the original sender), and a one-line email with the scanned letter
attached as PDF or JPEG. Message-IDs, boundaries and dates come from the item's
seeded generator, so the bytes are reproducible.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email import policy
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from zoneinfo import ZoneInfo

from PIL import Image

from tools.synth import render_scan
from tools.synth.scenario import Draft, Letter
from tools.synth.sources import CABINET_EMAIL, Cabinet, Staff
from tools.synth.wordings import WordingSet

PARIS = ZoneInfo("Europe/Paris")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
GMAIL_DAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
GMAIL_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                "oct.", "nov.", "déc.")
LATIN1_FIXES = {"\u2019": "'", "œ": "oe", "Œ": "OE", "€": "euros", "–": "-", "…": "...",
                "\u202f": " ", "«": '"', "»": '"'}


@dataclass(frozen=True)
class Attachment:
    filename: str
    maintype: str
    subtype: str
    data: bytes


def scan_attachment(images: list[Image.Image], dpi: int, rng: random.Random,
                    when: datetime) -> list[Attachment]:
    """The scanned letter as one PDF or as one JPEG per page (a phone photo or a scanner)."""
    quality = rng.randint(45, 80)
    if rng.random() < 0.5:
        data = render_scan.pdf_bytes(images, dpi, when, quality)
        name = rng.choice(("courrier.pdf", f"Scan_{when:%Y%m%d}.pdf", "reclamation.pdf"))
        return [Attachment(name, "application", "pdf", data)]
    stem = rng.choice((f"IMG_{when:%Y%m%d}_{rng.randint(70000, 95959):06d}", "courrier", "scan"))
    return [
        Attachment(f"{stem}{'' if len(images) == 1 else f'_{n}'}.jpg", "image", "jpeg",
                   render_scan.jpeg_bytes(img, quality, dpi))
        for n, img in enumerate(images, 1)
    ]


def _latin1(text: str) -> str:
    for bad, good in LATIN1_FIXES.items():
        text = text.replace(bad, good)
    return text.encode("latin-1", "replace").decode("latin-1")


def _signature(letter: Letter) -> list[str]:
    """The sender block, as an email signature (the address without the email line)."""
    return [letter.from_name, *(line for line in letter.sender[1:] if "@" not in line)]


def _body_lines(letter: Letter, addressee_line: str | None) -> list[str]:
    lines: list[str] = []
    if addressee_line:
        lines += [addressee_line, ""]
    lines += [letter.email_greeting, ""]
    for para in letter.paragraphs:
        lines += [para, ""]
    if letter.references:
        lines += [*letter.references, ""]
    lines += [letter.email_closing, *_signature(letter)]
    return lines


def _addressee_line(draft: Draft) -> str | None:
    if draft.truth.addressee in ("autre", "mediateur"):
        return f"À l'attention de : {draft.letter.recipient[0]}"
    return None


def _sent_at(rng: random.Random, day: date, hour_from: int = 7, hour_to: int = 8) -> datetime:
    return datetime.combine(day, time(rng.randint(hour_from, hour_to), rng.randint(0, 59)), PARIS)


def _message_id(rng: random.Random, domain: str) -> str:
    return f"<{rng.getrandbits(64):016x}.{rng.getrandbits(32):08x}@{domain}>"


def _domain(address: str | None) -> str:
    return address.rsplit("@", 1)[1] if address and "@" in address else "mail.example"


def _fix_boundaries(msg: Message, rng: random.Random) -> None:
    for part in msg.walk():
        if part.is_multipart():
            part.set_boundary(f"----=_Part_{rng.getrandbits(48):012x}")


def _staff(cab: Cabinet, rng: random.Random) -> tuple[Staff, Staff]:
    owner = next((s for s in cab.staff if s.id == cab.process_owner), cab.staff[0])
    others = [s for s in cab.staff if s.id != cab.process_owner] or list(cab.staff)
    return rng.choice(others), owner


def build_email(kind: str, draft: Draft, ws: WordingSet, cab: Cabinet, rng: random.Random,
                day: date, index: int, attachments: list[Attachment] | None) -> bytes:
    letter = draft.letter
    from_addr = letter.from_email or "expediteur@mail.example"
    sent = _sent_at(rng, day)
    text = "\n".join(_body_lines(letter, _addressee_line(draft))) + "\n"

    if kind == "email_qp_latin1":
        mt = MIMEText(_latin1(text), "plain", "iso-8859-1")
        mt["From"] = formataddr((letter.from_name, from_addr), charset="iso-8859-1")
        mt["To"] = _latin1(letter.to_header)
        mt["Subject"] = Header(_latin1(letter.subject), "iso-8859-1").encode()
        mt["Date"] = format_datetime(sent)
        mt["Message-ID"] = _message_id(rng, _domain(from_addr))
        mt["X-Mailer"] = "Microsoft Outlook 16.0"
        mt["Content-Language"] = "fr"
        return mt.as_bytes(policy=policy.compat32.clone(linesep="\r\n"))

    msg = EmailMessage(policy=policy.SMTP)
    if kind == "email_forward":
        staff, owner = _staff(cab, rng)
        outer = sent + timedelta(minutes=rng.randint(5, 50))
        note = rng.choice(ws.forward_notes).format(
            prenom_resp=owner.nom.split()[0], prenom_staff=staff.nom.split()[0])
        if rng.random() < 0.5:
            when = (f"{DAYS[sent.weekday()]} {sent.day} {MONTHS[sent.month - 1]} {sent.year} "
                    f"{sent:%H:%M}")
            block = ["", "________________________________",
                     f"De : {letter.from_name} <{from_addr}>", f"Envoyé : {when}",
                     f"À : {staff.nom} <{staff.email}>", f"Objet : {letter.subject}", ""]
            subject = f"TR: {letter.subject}"
        else:
            when = (f"{GMAIL_DAYS[sent.weekday()]} {sent.day} {GMAIL_MONTHS[sent.month - 1]} "
                    f"{sent.year} à {sent:%H:%M}")
            block = ["", "---------- Forwarded message ---------",
                     f"De : {letter.from_name} <{from_addr}>", f"Date: {when}",
                     f"Subject: {letter.subject}", f"To: <{staff.email}>", ""]
            subject = f"Fwd: {letter.subject}"
        msg["From"] = formataddr((staff.nom, staff.email))
        msg["To"] = formataddr((owner.nom, owner.email)) if rng.random() < 0.5 else CABINET_EMAIL
        msg["Subject"] = subject
        msg["Date"] = format_datetime(outer)
        msg["Message-ID"] = _message_id(rng, _domain(staff.email))
        msg.set_content(note + "\n" + "\n".join(block) + "\n" + text, charset="utf-8", cte="8bit")
        return msg.as_bytes()

    msg["From"] = formataddr((letter.from_name, from_addr))
    msg["To"] = letter.to_header
    msg["Subject"] = letter.subject
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = _message_id(rng, _domain(from_addr))
    if kind == "email_plain":
        msg.set_content(text, charset="utf-8", cte=rng.choice(("8bit", "quoted-printable")))
    elif kind == "email_base64":
        msg.set_content(text, charset="utf-8", cte="base64")
    elif kind == "email_html":
        msg.set_content(_html(letter, _addressee_line(draft), rng), subtype="html",
                        charset="utf-8", cte=rng.choice(("quoted-printable", "base64")))
    elif kind == "email_attached_scan":
        note = rng.choice(ws.attached_notes)
        msg.set_content(f"{note}\n\n{letter.from_name}\n", charset="utf-8", cte="8bit")
        for att in attachments or []:
            msg.add_attachment(att.data, maintype=att.maintype, subtype=att.subtype,
                               filename=att.filename)
        _fix_boundaries(msg, rng)
    else:
        raise ValueError(f"not an email kind: {kind}")
    return msg.as_bytes()


def _html(letter: Letter, addressee_line: str | None, rng: random.Random) -> str:
    font = rng.choice(("Calibri, sans-serif", "Arial, sans-serif", "Verdana, sans-serif"))
    parts = [f'<html><head><meta charset="utf-8"></head><body style="font-family: {font}">']
    if addressee_line:
        parts.append(f"<p><b>{html.escape(addressee_line)}</b></p>")
    parts.append(f"<p>{html.escape(letter.email_greeting)}</p>")
    for para in letter.paragraphs:
        parts.append(f"<p>{html.escape(para)}</p>")
    if letter.references:
        parts.append("<p>" + "<br>".join(html.escape(r) for r in letter.references) + "</p>")
    sig = "<br>\n".join(html.escape(line) for line in (letter.email_closing, *_signature(letter)))
    parts.append(f'<div class="signature"><p>{sig}</p></div></body></html>')
    return "\n".join(parts) + "\n"
