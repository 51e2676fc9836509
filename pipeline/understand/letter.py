"""The claimant's document, cut into the parts a French letter or email has.

    sender block            (top left: civilité, name, street, postal code and town, phone…)
    recipient block         (top right: the cabinet, an insurer, the Mediator)
    "Ville, le 20 novembre 2026"
    "Objet : …" and reference lines
    greeting                ("Madame, Monsieur,", "Monsieur le Médiateur,")
    body
    closing formula, signature, "P.J. :", "Copie :"

Which text is the claimant's: for a letter, all its pages; for an email, the original
message when a staff member forwarded it, else the body — and when the body is only a
covering line ("ci-joint mon courrier"), the attached letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.text.model import EmailHeaders, Extracted, PageMethod

FORWARDED = "message transféré"

SUBJECT = re.compile(r"^\s*(objet|obj\.|concerne)\s*[:：]\s*(?P<subject>.*)$", re.IGNORECASE)
GREETING = re.compile(
    r"^\W{0,2}\s*(((madame|monsieur|mesdames|messieurs|ma[iî]tre|docteur|cher|ch[èe]re|bonjour|bonsoir)"
    r"\b[^.,]{0,40}(,\s*(madame|monsieur|mesdames|messieurs)[^.,]{0,30})?\s*[,!])|bonjour|bonsoir)\s*$",
    re.IGNORECASE,
)  # a stray mark before it ("‘Madame,") is OCR noise
CLOSING = re.compile(
    r"^\s*(veuillez|je vous prie|recevez|dans l'attente|en vous remerciant|avec mes|"
    r"salutations|cordialement|bien cordialement|sinc[èe]res salutations|respectueusement|"
    r"bien [àa] vous|meilleures salutations)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
COVERING_WORDS = 40  # an email body this short, with a readable attachment, is a cover note
PROSE_WORDS = 12  # a line this long is the letter's prose: an "Objet :" after it is not the head's


@dataclass(frozen=True)
class Letter:
    lines: tuple[str, ...]  # every line of the claimant's text, stripped; blank lines kept as ""
    head: tuple[str, ...]  # the lines before the "Objet" line or the greeting
    subject: str  # the "Objet :" line's content, else the email's subject, else ""
    greeting: str  # "" when none
    body: str  # after the greeting (or the subject) up to the closing formula
    tail: tuple[str, ...]  # from the closing formula on: signature, P.J., Copie, contact lines
    channel: str  # "courrier" or "email"
    email: EmailHeaders | None = None  # the claimant's own email (the original of a forward)
    outer_email: EmailHeaders | None = None  # the email the cabinet received, when different
    ocr_confidence: float | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def head_blocks(self) -> list[list[str]]:
        """The head cut at blank lines: sender block, recipient block, place and date…"""
        blocks: list[list[str]] = [[]]
        for line in self.head:
            if line:
                blocks[-1].append(line)
            elif blocks[-1]:
                blocks.append([])
        return [b for b in blocks if b]


def _claimant_pages(extracted: Extracted) -> tuple[str, EmailHeaders | None, EmailHeaders | None]:
    """The claimant's text and email headers (own, outer)."""
    pages = extracted.pages
    if extracted.email is None:
        return "\n\n".join(p.text for p in pages), None, None
    forwarded = [p for p in pages if p.part == FORWARDED]
    if forwarded:
        rest = [p for p in pages if p.part not in ("", FORWARDED)]
        text = "\n\n".join(p.text for p in forwarded + rest)
        return text, extracted.forwarded or extracted.email, extracted.email
    body = [p for p in pages if p.part == ""]
    attached = [p for p in pages if p.part != "" and p.method != PageMethod.PLAIN_FILE]
    body_text = "\n\n".join(p.text for p in body)
    if attached and len(body_text.split()) < COVERING_WORDS:
        text = "\n\n".join(p.text for p in attached) + "\n\n" + body_text
        return text, extracted.email, None
    return "\n\n".join(p.text for p in pages), extracted.email, None


def cut_letter(extracted: Extracted, channel: str) -> Letter:
    text, own, outer = _claimant_pages(extracted)
    lines = tuple(re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    subject, greeting = "", ""
    head_end = body_start = None
    in_prose = False  # a "Concerne :" line under the body is a reference, not the subject
    for index, line in enumerate(lines):
        match = SUBJECT.match(line)
        if match and head_end is None and not in_prose:
            subject, head_end, body_start = match.group("subject").strip(), index, index + 1
            continue
        # words, not numbers: a letterhead line with its phone ("35000 Rennes — +33 7 32…") is no prose
        in_prose = in_prose or len(_WORD.findall(line)) >= PROSE_WORDS
        if GREETING.match(line) and len(line) < 70:
            greeting = line
            head_end = index if head_end is None else head_end
            body_start = index + 1
            break
    if head_end is None:
        head_end = body_start = 0
    assert body_start is not None
    closing_at = len(lines)
    for index in range(body_start, len(lines)):
        if CLOSING.match(lines[index]):
            closing_at = index
            break
    if not subject and own is not None:
        subject = own.subject
    return Letter(
        lines=lines,
        head=lines[:head_end],
        subject=subject,
        greeting=greeting,
        body="\n".join(lines[body_start:closing_at]).strip(),
        tail=lines[closing_at:],
        channel=channel,
        email=own,
        outer_email=outer,
        ocr_confidence=extracted.ocr_confidence,
    )
