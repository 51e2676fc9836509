"""The journal's vocabulary and row types: how a complaint was answered and its follow-up,
an item's states, a drop's roles, what a restart must finish, and the French labels of the
audit trail's events and their details. `pipeline.journal` stores them; the registers and
reports read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pipeline.record import Item


class AnswerOutcome(StrEnum):
    """How a complaint was answered (the follow-up's « issue »)."""

    FAVORABLE = "favorable"
    PARTIAL = "partiel"
    UNFAVORABLE = "défavorable"


EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # of b""
FOLLOWUP_FIELDS = ("acknowledged_on", "answered_on", "outcome", "mediator_mentioned", "comment")
# The follow-up fields as the audit trail of the monthly report names them.
FOLLOWUP_LABELS = {
    "acknowledged_on": "accusé de réception le", "answered_on": "réponse le",
    "outcome": "issue", "mediator_mentioned": "Médiateur mentionné", "comment": "commentaire",
}
# Every kind of audit event the journal records (`Journal.note` takes the run's
# "courrier-suivant"), as the reports name it.
EVENT_LABELS = {
    "recu": "reçu", "traite": "traité", "classe": "classé", "quarantaine": "mis en quarantaine",
    "doublon-recu": "doublon reçu", "doublon-classe": "doublon classé",
    "echec-travailleur": "échec de traitement", "suivi": "suivi modifié",
    "anonymisation": "anonymisation", "reconstruit": "reconstruit",
    "courrier-suivant": "courrier suivant rattaché", "courrier-redige": "courrier rédigé",
}
# Every key of an audit event's detail (`Journal._event`, `Journal.note`, the anonymisation's
# detail), as the reports name it; a « suivi » event's champ/ancien/nouveau have their columns.
DETAIL_LABELS = {
    "fichier": "fichier", "sha256": "empreinte SHA-256", "jeton": "n° de dépôt",
    "statut": "résultat", "motif": "motif", "emplacement": "emplacement", "detail": "détail",
    "courrier": "courrier", "source": "saisi depuis", "conservation_annees":
    "conservation (années)", "champ": "champ", "ancien": "ancienne valeur",
    "nouveau": "nouvelle valeur",
}


@dataclass(frozen=True)
class FollowUp:
    """What the process owner records after filing: acknowledgement, answer, outcome."""

    item_id: str
    acknowledged_on: str | None = None  # ISO date
    answered_on: str | None = None  # ISO date; an answered complaint is closed
    outcome: AnswerOutcome | None = None
    mediator_mentioned: bool | None = None  # the answer told the claimant about the Mediator
    comment: str | None = None


class ItemState(StrEnum):
    """Where an item is in its life: claimed from inbox/, processed (record stored), then
    filed or quarantined (its original moved); a restart resumes from the first two."""

    CLAIMED = "claimed"
    PROCESSED = "processed"
    FILED = "filed"
    QUARANTINED = "quarantined"


class DropRole(StrEnum):
    """Whether a dropped file is an item's original or a byte-identical duplicate of one."""

    ORIGINAL = "original"
    DUPLICATE = "doublon"


@dataclass(frozen=True)
class PendingItem:
    """An item a restart must finish: its record so far, its state and how many times a
    worker has tried it."""

    item: Item
    state: ItemState
    attempts: int
    work_path: str


@dataclass(frozen=True)
class PendingDuplicate:
    token: str
    item_id: str
    source_file: str
    work_path: str
    taken_at: str


@dataclass(frozen=True)
class Claim:
    item_id: str
    duplicate_of: str | None  # the item the bytes already made, for a second drop
