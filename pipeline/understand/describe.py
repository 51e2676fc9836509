"""A short French description of what an item is about (record.md, `description`).

Extractive, and short on purpose: a verb-first paraphrase of the subject ("Conteste
l'indemnisation", "Demande d'attestation d'assurance") and, for complaints, the body
sentence that states the grievance, else the request (chosen by `grievance.py`), quoted
between « » and trimmed. People's names, email addresses, phone numbers and bank
details are taken out of the quote; the letter is never copied whole. At most MAX_CHARS
characters.
"""

from __future__ import annotations

import re

from pipeline import privacy
from pipeline.textnorm import cue_text
from pipeline.understand.complaint import AUTRE, CueKind, Verdict, find_hits
from pipeline.understand.grievance import key_sentence
from pipeline.understand.letter import Letter

MAX_CHARS = 250
MAX_QUOTE = 170

_REF_TAIL = re.compile(r"\s*[-–—,:]\s*(?:contrat|police|sinistre|dossier|r[ée]f\.?)\b.*$", re.IGNORECASE)
_SCRUB = (
    (re.compile(r"\S+@\S+\.\w+"), "[courriel]"),
    (re.compile(r"(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}"), "[téléphone]"),
    (re.compile(r"\b(?:contrat|police|sinistre|dossier)\s+(?:n°|no|num[ée]ro)\s*[\w/-]+(?:\s[\w/-]+){0,3}?"
                r"(?=[\s,.;)]|$)", re.IGNORECASE), "contrat"),
    (re.compile(r"\b(?:M\.|Mme|Mlle|Monsieur|Madame|Mademoiselle|Ma[iî]tre|Me)\s+"
                r"(?:[A-ZÉÈ][\w'-]+\s+){0,2}[A-ZÉÈ][\w'-]+"), "la personne concernée"),
)
_NOMINAL = (
    (re.compile(r"^(?:r[ée]clamation|plainte|litige|courrier de r[ée]clamation|m[ée]contentement)\s*$",
                re.IGNORECASE), ""),
    (re.compile(r"^(?:r[ée]clamation|plainte|litige)\s*(?:[-–—:]|concernant|relative [àa]|sur|pour)\s*(.+)$",
                re.IGNORECASE), "Réclamation ({x})"),
    (re.compile(r"^contestation\s+(?:de\s+|d['’]\s*)(.+)$", re.IGNORECASE), "Conteste {det}"),
    (re.compile(r"^contestation\s+(?:du\s+)(.+)$", re.IGNORECASE), "Conteste le {x}"),
    (re.compile(r"^contestation\s+(?:des\s+)(.+)$", re.IGNORECASE), "Conteste les {x}"),
    (re.compile(r"^m[ée]contentement\s+(?:sur|concernant|quant [àa]|[àa] propos de)\s+(.+)$",
                re.IGNORECASE), "Exprime son mécontentement sur {x}"),
    (re.compile(r"^(?:absence|d[ée]faut)\s+de\s+(.+)$", re.IGNORECASE), "Signale l'absence de {x}"),
    (re.compile(r"^refus\s+(.+)$", re.IGNORECASE), "Conteste le refus {x}"),
)
_POSSESSIVES = {"mon": "son", "ma": "sa", "mes": "ses", "Mon": "Son", "Ma": "Sa", "Mes": "Ses",
                "moi": "lui", "je": "il", "Je": "Il"}
_REQUEST_KINDS = (
    (re.compile(r"attestation"), "Demande d'attestation d'assurance"),
    (re.compile(r"\bresili"), "Demande de résiliation"),
    (re.compile(r"\bdeclar\w* (?:un |le |de |mon )?sinistre|\bje vous declare\b"), "Déclaration de sinistre"),
    (re.compile(r"devis|tarif|proposition tarifaire|etude comparative"), "Demande de devis"),
    (re.compile(r"changement d'adresse|nouvelle adresse|demenag|coordonnees"), "Signale un changement d'adresse"),
    (re.compile(r"duplicata|releve d'information|copie|conditions (?:generales|particulieres)|"
                r"echeancier|recapitulatif|document"), "Demande de document"),
)


def _third_person(text: str) -> str:
    return re.sub(r"\b(\w+)\b", lambda m: _POSSESSIVES.get(m.group(1), m.group(1)), text)


def _clean_subject(subject: str) -> str:
    subject = " ".join(subject.split()).strip(" .;:-–—")
    subject = re.sub(r"^(?:(?:re|tr|fw|fwd|transf)\s*:\s*)+", "", subject, flags=re.IGNORECASE)
    return _REF_TAIL.sub("", subject).strip(" .;:-–—")


def _lower_first(text: str) -> str:
    """'Résiliation' → 'résiliation'; 'RGPD' stays."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _subject_phrase(subject: str) -> str:
    """A verb-first or nominal phrase from the subject, '' when it says nothing."""
    subject = _clean_subject(subject)
    if not subject:
        return ""
    for pattern, template in _NOMINAL:
        match = pattern.match(subject)
        if match is None:
            continue
        if not template:
            return ""
        rest = _lower_first(match.group(1).strip())
        if "{det}" in template:
            return template.format(det=_third_person(rest))
        return template.format(x=_third_person(rest))
    return _third_person(subject[:1].upper() + subject[1:])


def _scrub(text: str) -> str:
    text = privacy.mask(text)  # IBAN, NIR, card numbers first: a phone pattern must not eat them
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


def _trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…", "»")) else text + "."


def shorten(text: str) -> str:
    """A description already written by a person (an entry), on one line, at most MAX_CHARS."""
    return _trim(re.sub(r"\s+", " ", text).strip(), MAX_CHARS)


def describe(letter: Letter, verdict: Verdict) -> str:
    """One or two short French sentences saying what the item is about."""
    head = _subject_phrase(letter.subject)
    if not verdict.is_complaint:
        return _sentence(_trim(_request_phrase(letter, verdict, head), MAX_CHARS))
    if not head:
        category = verdict.category or AUTRE
        head = "Réclamation" if category == AUTRE else f"Réclamation ({category})"
    quote = key_sentence(letter.body)
    if not quote:
        return _sentence(_trim(head, MAX_CHARS))
    room = min(MAX_QUOTE, MAX_CHARS - len(head) - 6)
    quote = _trim(_scrub(quote).rstrip(" ."), max(40, room))
    return _trim(f"{head} : « {quote} »", MAX_CHARS)


def _request_phrase(letter: Letter, verdict: Verdict, head: str) -> str:
    subject, body = cue_text(letter.subject), cue_text(letter.body)
    if any(h.cue.kind is CueKind.ADVERT for h in find_hits(f"{subject} {body}")):
        return f"Message publicitaire : {_lower_first(head)}" if head else "Message publicitaire"
    for text in (subject, body):
        for pattern, phrase in _REQUEST_KINDS:
            if pattern.search(text):
                return phrase
    if head and re.match(r"(?i)^demande", head):
        return head
    if "?" in letter.body or re.search(r"(?:pourriez|pouvez)-vous|est-il possible|savoir|connaitre", body):
        return f"Demande d'information : {_lower_first(head)}" if head else "Demande d'information"
    if head:
        return f"Courrier sans réclamation : {_lower_first(head)}"
    return "Courrier sans réclamation"
