"""The record of one item, filled stage by stage.

`Item` is frozen: a stage returns a new item with its own part set
(`dataclasses.replace`) and never changes earlier parts. The parts, in order:

    source     -> intake   (what was taken from inbox/)
    extracted  -> text     (pages of text, email headers, attachments)
    findings   -> understand (complaint or not, claimant, references, dates)
    match      -> match    (the client register entry)
    decision   -> decide   (owner, flags, missing information, deadlines)
    outcome    -> filing   (filed or quarantined, and where)
    letters    -> the parent, after filing (the letters drafted for the claimant)

`export_record()` gives the JSON object of `spec/record.md`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pipeline import codec
from pipeline.text.model import Extracted


class Channel(StrEnum):
    LETTER = "courrier"
    EMAIL = "email"
    PHONE = "telephone"
    MEETING = "rendez-vous"
    WEB_FORM = "formulaire"


# How people read a channel (registers, summaries, the monthly report): the enum's value is
# what the record stores and exports; this is what a French reader is shown.
CHANNEL_LABELS = {
    Channel.LETTER: "courrier", Channel.EMAIL: "courriel", Channel.PHONE: "téléphone",
    Channel.MEETING: "rendez-vous", Channel.WEB_FORM: "formulaire web",
}


def channel_label(channel: str | None) -> str | None:
    """« téléphone » for `telephone`: a channel (enum or stored value) as people read it;
    an unknown value is shown as it is."""
    if channel is None:
        return None
    try:
        return CHANNEL_LABELS[Channel(channel)]
    except ValueError:
        return channel


class FilingStatus(StrEnum):
    """Where an item ended: filed under outbox/, or in quarantine (the record's `status`;
    not the claimant's `Statut`)."""

    FILED = "filed"
    QUARANTINED = "quarantined"


# A filing status as people read it (the audit trail of the monthly report); the enum's
# value is what the record stores and exports.
FILING_STATUS_LABELS = {FilingStatus.FILED: "classé", FilingStatus.QUARANTINED: "en quarantaine"}


def filing_status_label(status: str | None) -> str | None:
    """« classé » for `filed`; an unknown value is shown as it is."""
    if status is None:
        return None
    try:
        return FILING_STATUS_LABELS[FilingStatus(status)]
    except ValueError:
        return status


class Category(StrEnum):
    """The ACPR families of complaints (recommendation 2022-R-01)."""

    AVANT_VENTE = "avant-vente et conseil"
    GESTION = "gestion du contrat"
    COTISATION = "cotisation"
    SINISTRE = "sinistre et indemnisation"
    RESILIATION = "résiliation"
    SERVICE = "qualité de service"
    DONNEES = "données personnelles"
    AUTRE = "autre"


class Statut(StrEnum):
    """The claimant's standing, as rules.md names it."""

    CLIENT = "client"
    PROSPECT = "prospect"
    BENEFICIARY = "ayant droit"
    THIRD_PARTY = "tiers"
    REPRESENTED = "mandataire"


# A statut as a sentence about a person reads it: « Mme Jeanne Dupont (cliente) ». Only
# « client » takes a feminine form; the other words are the same for everyone.
STATUT_FEMININE = {Statut.CLIENT: "cliente"}


def statut_label(statut: str | None, civilite: str | None = None) -> str | None:
    """The claimant's statut agreeing with `civilite` (« cliente » for Mme); None for none."""
    if not statut:
        return None
    try:
        known = Statut(statut)
    except ValueError:
        return statut
    feminine = (civilite or "").strip().casefold().rstrip(".") in {"mme", "mlle", "madame"}
    return STATUT_FEMININE.get(known, known.value) if feminine else known.value


@dataclass(frozen=True)
class Source:
    """What intake took: the file, its bytes' hash, when it was received."""

    id: str
    source_file: str
    sha256: str
    received_at: str  # ISO 8601 with the Europe/Paris offset: the file's mtime (scan day)
    taken_at: str  # when intake took it from inbox/: decides the day folder and register
    channel: Channel
    size: int
    kind: str = ""  # the format as sniffed from the bytes: pdf, tiff, png, jpeg, eml, msg…
    # "account/folder" for a message read from a mailbox (`pipeline.mailbox`): its
    # received_at is then the server's INTERNALDATE, when the cabinet's server received it
    mailbox: str | None = None


@dataclass(frozen=True)
class Claimant:
    civilite: str | None = None
    nom: str | None = None
    prenom: str | None = None
    statut: Statut | None = None
    adresse: str | None = None
    code_postal: str | None = None
    ville: str | None = None
    telephones: tuple[str, ...] = ()
    email: str | None = None


@dataclass(frozen=True)
class Representative:
    nom: str | None = None
    prenom: str | None = None
    qualite: str | None = None


@dataclass(frozen=True)
class References:
    contrats: tuple[str, ...] = ()
    sinistres: tuple[str, ...] = ()


@dataclass(frozen=True)
class Findings:
    """What reading the item found (the understand stage)."""

    is_complaint: bool = False
    evidence: tuple[str, ...] = ()  # the phrases that decided it
    claimant: Claimant | None = None
    representative: Representative | None = None
    description: str | None = None
    category: str | None = None
    references: References = field(default_factory=References)
    sent_on: str | None = None  # ISO date written on the item, None when it bears none
    addressee: str | None = None  # "cabinet", "mediateur", "autre" or "inconnu"
    addressee_name: str | None = None  # the organisation, as configured or as read
    mediator: bool = False  # addressed to the Mediator, on reading
    mediator_signals: tuple[str, ...] = ()
    misdirected: bool = False  # about another organisation, on reading
    redirect_to: str | None = None
    misdirected_signals: tuple[str, ...] = ()
    escalation: bool = False  # threatens to seize the Mediator, or copies it
    escalation_signals: tuple[str, ...] = ()
    complaint_score: float = 0.0  # how sure the complaint verdict is, in [0.5, 1]


@dataclass(frozen=True)
class Match:
    """What the client register says of the item (the match stage)."""

    client_id: str | None  # None: no client, or two about equally likely (ambiguous)
    method: str | None  # "sinistre", "contrat", "email", "telephone", "nom+code_postal"…
    score: float
    reason: str = ""  # French
    contract: str | None = None  # the register's numero_contrat the item refers to
    claim: str | None = None  # the register's numero_sinistre the item refers to
    references: References = field(default_factory=References)  # in the register's spelling
    unknown_references: tuple[str, ...] = ()  # numbers the register does not hold
    ambiguous: bool = False
    candidates: tuple[str, ...] = ()  # client ids, best first, when ambiguous or weak_name
    conflict: bool = False  # a weaker signal points at another client (said in `reason`)
    weak_name: bool = False  # a name agreeing only in part ("Sophie Roux" for "Anne-Sophie
    # Le Roux"): no client, the candidates go to review (said in `reason`)


# The information `decide` may find missing (`Decision.missing_fields`, rules.md), named as
# the complaint register's column lists it and as the owner's note asks for it.
MISSING_FIELD_LABELS = {
    "nom": ("nom", "nom"), "prenom": ("prénom", "prénom"), "statut": ("statut", "statut"),
    "adresse": ("adresse", "adresse postale"), "telephone": ("téléphone", "téléphone"),
    "email": ("e-mail", "e-mail"), "description": ("description", "objet de la réclamation"),
    "reference": ("référence", "référence du contrat ou du sinistre"),
}


def missing_field_label(name: str, asked: bool = False) -> str:
    """A missing field's French name: the register's short one, or (`asked`) the note's."""
    labels = MISSING_FIELD_LABELS.get(name)
    return name if labels is None else labels[1 if asked else 0]


@dataclass(frozen=True)
class Decision:
    owner: str
    owner_reason: str
    statut: Statut | None = None  # the register's when linked, else as the item states
    claimant: Claimant | None = None  # the item's, completed from the linked register entry
    missing_fields: tuple[str, ...] = ()
    misdirected: bool = False
    redirect_to: str | None = None
    mediator: bool = False
    sent_on: str | None = None  # the date deadlines count from (the item's, else receipt)
    ack_due: str | None = None
    answer_due: str | None = None
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()
    confidence: float = 0.0
    follow_up_of: str | None = None  # the open complaint this item continues (not a new one)


@dataclass(frozen=True)
class Outcome:
    status: FilingStatus
    location: str  # relative to the home
    error: str | None = None  # for quarantined items: the French reason
    error_code: str | None = None


@dataclass(frozen=True)
class LetterRef:
    """A letter drafted for the item (`pipeline.letters`): its type and files, relative to
    the home; written by the parent after filing (derived data: rewritten, never doubled)."""

    type: str  # pipeline.letters.owed.LetterType's value: accuse-reception…
    path: str  # the editable .docx
    pdf: str | None = None  # None when LibreOffice could not convert it
    eml: str | None = None  # the reply draft, for an item received by e-mail


@dataclass(frozen=True)
class Item:
    source: Source
    extracted: Extracted | None = None
    findings: Findings | None = None
    match: Match | None = None
    decision: Decision | None = None
    outcome: Outcome | None = None
    letters: tuple[LetterRef, ...] = ()  # set by the parent after filing

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def received_at(self) -> str:
        """The one date of receipt every document shows: for a message read from a
        mailbox, the server's INTERNALDATE (issue 14: when the cabinet's server received
        it); for another email, its own Date: header when readable (workspace.md), an old
        message exported today included (decide sends a date far from the file's to
        review); else the file's mtime."""
        if self.source.mailbox:
            return self.source.received_at
        email = self.extracted.email if self.extracted else None
        return email.date if email and email.date else self.source.received_at

    @property
    def is_complaint(self) -> bool:
        """The one answer to "is it a complaint?": read as one (rules.md, "Complaint or
        not"). The journal's open-complaint query asks the same of the stored record."""
        return bool(self.findings and self.findings.is_complaint)

    @property
    def is_new_complaint(self) -> bool:
        """A complaint that counts as such: not a later letter about an open one."""
        return self.is_complaint and not (self.decision and self.decision.follow_up_of)

    def to_json(self) -> dict[str, Any]:
        return codec.dump(self)  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Item:
        return codec.load(cls, data)

    def export_record(self) -> dict[str, Any]:
        """The object of spec/record.md: every key present, null or [] where nothing applies."""
        f, m, d, o = self.findings, self.match, self.decision, self.outcome
        shown = (d.claimant if d and d.claimant else None) or (f.claimant if f else None)
        claimant = codec.dump(shown) if shown else None
        if claimant is not None and d is not None:
            claimant["statut"] = d.statut.value if d.statut else None
        references = m.references if m and m.client_id else (f.references if f else References())
        return {
            "id": self.source.id,
            "source_file": self.source.source_file,
            "sha256": self.source.sha256,
            "received_at": self.received_at,
            "sent_on": (d.sent_on if d else None) or (f.sent_on if f else None),
            "channel": self.source.channel.value,
            "status": o.status.value if o else None,
            "error": o.error if o else None,
            "error_code": o.error_code if o else None,
            "is_complaint": self.is_complaint if f else None,
            "claimant": claimant,
            "representative": codec.dump(f.representative) if f and f.representative else None,
            "description": f.description if f else None,
            "category": f.category if f else None,
            "evidence": list(f.evidence) if f else [],
            "escalation": f.escalation if f else None,
            "references": codec.dump(references),
            "client_id": m.client_id if m else None,
            "match": {"method": m.method, "score": m.score} if m and m.client_id else None,
            "owner": d.owner if d else None,
            "owner_reason": d.owner_reason if d else None,
            "missing_fields": list(d.missing_fields) if d else [],
            "misdirected": d.misdirected if d else None,
            "redirect_to": d.redirect_to if d else None,
            "mediator": d.mediator if d else None,
            "ack_due": d.ack_due if d else None,
            "answer_due": d.answer_due if d else None,
            "needs_review": d.needs_review if d else None,
            "confidence": d.confidence if d else None,
            "follow_up_of": d.follow_up_of if d else None,
            "location": o.location if o else None,
            "letters": [codec.dump(letter) for letter in self.letters],
        }
