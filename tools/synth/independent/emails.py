"""Emails of the set: plain, HTML-only, quoted-printable, base64, Windows-1252, a forward
by a staff member, a reply above the quoted history, a letter attached as PDF or PNG."""

from __future__ import annotations

import hashlib
import html
import io
import random
from datetime import UTC, date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from tools.synth.independent.people import STAFF, STAFF_NAMES, _ascii
from tools.synth.independent.scenario import MONTHS_SHORT, Story

PARIS = timezone(timedelta(hours=1))      # November: Paris is UTC+1
VARIANTS = ["plain-8bit", "plain-qp", "plain-b64", "cp1252", "html-only", "forward", "reply",
            "attach-pdf", "attach-png"]


def email_moment(rng: random.Random, day: date) -> tuple[datetime, bool]:
    """When the email was sent (aware, Paris), and whether the header is written in UTC just
    after midnight Paris time (the day then differs between UTC and Paris)."""
    d = day - timedelta(days=rng.randint(0, 6))
    if rng.random() < 0.2:
        return datetime(d.year, d.month, d.day, 0, rng.randint(2, 55), rng.randint(0, 59),
                        tzinfo=PARIS), True
    return datetime(d.year, d.month, d.day, rng.randint(7, 22), rng.randint(0, 59),
                    rng.randint(0, 59), tzinfo=PARIS), False


def sender_address(rng: random.Random, story: Story) -> str:
    """The From address of the writer; for a claimant it is also the claimant's email."""
    w = story.writer
    if story.company:
        return f"contact@{_ascii(story.company)[:18]}.example"
    if story.email_shown and not story.rep:   # the address the signature gives
        return story.email_shown
    if w.email and not story.rep and rng.random() < 0.85:
        return w.email
    local = f"{_ascii(w.prenom)[:1]}{_ascii(w.nom)}{rng.randint(10, 99)}"
    return f"{local}@{rng.choice(['gmail.com', 'orange.fr', 'free.fr', 'laposte.net'])}"


def body_text(parts: dict[str, Any], story: Story, top_block: bool) -> str:
    lines: list[str] = []
    if top_block:
        lines += ["À l'attention de : " + ", ".join(story.recipient), ""]
    lines += [parts["greeting"], ""]
    if parts["place"] in ("box", "line") and parts["refs"]:
        lines += list(parts["refs"]) + [""]
    for p in parts["paragraphs"]:
        lines += [p.replace("\n", " "), ""]
    lines.append(parts["closing"])
    signature = list(parts["sender"]) + list(parts["signature"][1:])
    lines += list(signature) + list(parts["copy"])
    return "\n".join(lines) + "\n"


def _html(text: str) -> str:
    paras = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>"
                    for p in text.split("\n\n"))
    return f"<html><body style=\"font-family:Arial\">{paras}</body></html>"


def build(rng: random.Random, story: Story, parts: dict[str, Any], variant: str,
          moment: datetime, utc_header: bool, seed: str,
          attachment: tuple[bytes, str, str] | None) -> bytes:
    """The bytes of the .eml file."""
    from_addr = sender_address(rng, story)
    story.email_from = from_addr
    w = story.writer
    display = story.company or f"{w.prenom} {w.nom}"
    to = rng.choice(["reclamations@alteregoassurances.fr", "contact@alteregoassurances.fr"])
    top = story.addressee != "cabinet"
    text = body_text(parts, story, top)
    subject = parts["subject"]
    header_date = moment.astimezone(UTC) if utc_header else moment
    msg = EmailMessage()
    if variant == "forward":
        staff = rng.choice(STAFF[1:])
        first, last = STAFF_NAMES[staff]
        orig = moment - timedelta(minutes=rng.randint(20, 50))
        if orig.date() != moment.date():
            orig = moment.replace(minute=0, second=1)
        text = (f"Bonjour,\n\nMessage reçu ce jour sur ma boîte, je vous le transmets.\n\n"
                f"{first}\n{first} {last} – Alter Ego Assurances\nTél. 01 43 55 20 {rng.randint(10, 99)}"
                f"\n\n---------- Message transféré ----------\nDe : {display} <{from_addr}>\n"
                f"Date : {orig.day} {MONTHS_SHORT[orig.month - 1]} {orig.year} à {orig:%H:%M}\n"
                f"Objet : {subject}\nÀ : {first.lower()}.{_ascii(last)}@alteregoassurances.fr\n\n"
                + text)
        msg["From"] = f"{first} {last} <{first[0].lower()}.{_ascii(last.split('-')[0])}@alteregoassurances.fr>"
        msg["To"] = "reclamations@alteregoassurances.fr"
        subject = "TR: " + subject
    else:
        msg["From"] = f"{display} <{from_addr}>" if rng.random() < 0.8 else from_addr
        msg["To"] = to
    if variant == "reply":
        prev = moment - timedelta(days=rng.randint(2, 12))
        quoted = ("Madame, Monsieur,\n\nNous accusons réception de votre demande et revenons "
                  "vers vous rapidement.\n\nLe service clients\nAlter Ego Assurances")
        text += (f"\nLe {prev:%d/%m/%Y} à {prev:%H:%M}, Alter Ego Assurances "
                 f"<contact@alteregoassurances.fr> a écrit :\n"
                 + "\n".join("> " + line for line in quoted.split("\n")) + "\n")
        subject = "RE: " + subject
    if variant.startswith("attach"):
        text = (f"{parts['greeting']}\n\nVeuillez trouver ci-joint mon courrier.\n\n"
                f"{parts['closing']}\n{parts['signature'][0]}\n")
    msg["Subject"] = subject
    msg["Date"] = format_datetime(header_date)
    msg["Message-ID"] = f"<{hashlib.sha1(seed.encode()).hexdigest()[:20]}@set4.example>"
    msg["MIME-Version"] = "1.0"
    if variant == "html-only":
        msg.set_content(_html(text), subtype="html", charset="utf-8", cte="quoted-printable")
    elif variant == "cp1252":
        msg.set_content(text, charset="windows-1252", cte=rng.choice(["quoted-printable", "8bit"]))
    elif variant == "plain-b64":
        msg.set_content(text, charset="utf-8", cte="base64")
    elif variant == "plain-8bit":
        msg.set_content(text, charset="utf-8", cte="8bit")
    else:
        msg.set_content(text, charset="utf-8", cte="quoted-printable")
    if attachment is not None:
        data, maintype_sub, name = attachment
        maintype, subtype = maintype_sub.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    for i, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_set4_{hashlib.sha1(seed.encode()).hexdigest()[:12]}_{i}")
    buf = io.BytesIO()
    buf.write(msg.as_bytes())
    return buf.getvalue()
