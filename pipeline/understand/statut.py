"""The claimant's standing as the item states it: client, prospect, ayant droit, tiers, or
None (never from the register)."""

from __future__ import annotations

import re

from pipeline.record import Statut
from pipeline.settings import Settings
from pipeline.textnorm import name_key
from pipeline.understand.letter import Letter
from pipeline.understand.names import normalise
from pipeline.understand.sender import World, text_of

# Over the letter as written (not folded). These read the claimant's standing and differ in
# wording from addressee.py's lexicon/addressee_not_client and addressee_cabinet_link,
# which read whether the item is misdirected: one list for both would change readings.
_NOT_CLIENT = re.compile(
    r"(je ne suis pas (encore |votre |un |une )?client|je ne suis pas assur[ée]|"
    r"n'(ai|avons) (jamais )?(eu |souscrit )?(aucun|de) contrat|n'est pas client|"
    r"je n'ai jamais [ée]t[ée] client|sans (être|etre) client)",
    re.IGNORECASE,
)
_PROSPECT = re.compile(
    r"(\bdevis\b|proposition (tarifaire|commerciale|d'assurance)|[ée]tude (comparative|"
    r"personnalis[ée]e|pour (une|un|mon|ma)|de mes besoins|gratuite)|une offre d'assurance|"
    r"offre (tarifaire|commerciale)|"
    r"souhaite(rais)? (souscrire|m'assurer|adh[ée]rer|assurer)|envisage de souscrire|"
    r"en vue de (souscrire|m'assurer|adh[ée]rer)|d[ée]march[ée]e? par|pas encore client|"
    r"\btarif(s)? (pour|d'une)|\bvos tarifs\b|simulation|\bprospect\b)",
    re.IGNORECASE,
)
_THIRD_PARTY = re.compile(
    r"(\ben tant que tiers\b|\bpersonne l[ée]s[ée]e\b|\btiers l[ée]s[ée]\b|\bvictime\b.{0,120}"
    r"\b(l'un|l'une) de vos (assur[ée]s|clients)|caus[ée]e? par (l'un|l'une) de vos "
    r"(assur[ée]s|clients)|votre assur[ée]e?,? (responsable|m'a|a percut|a caus)|"
    r"(responsable|auteur) (est|était) (l'un|l'une) de vos|je suis (le|la) tiers|"
    r"\b(par|de) (celui|celle) (d'un|d'une) de vos (assur[ée]s|clients)|"
    r"\b(d'un|d'une|l'un|l'une) de vos (assur[ée]s|clients)\b.{0,80}\b(responsabilit[ée]|"
    r"percut[ée]|caus[ée]|[àa] l'origine)|"
    r"\bje ne suis pas votre assur[ée]e?\b.{0,80}(accident|sinistre|dommage))",
    re.IGNORECASE,
)
_HEIR = re.compile(
    r"(\bayant[- ]droits?\b|\bb[ée]n[ée]ficiaire (du|d'un|de l'|de ce) (contrat|capital|"
    r"assurance)|\bh[ée]riti(er|[èe]re)s?\b|\bsuccession de\b|\bd[ée]c[èe]s de (mon|ma)\b|"
    r"\bmon (d[ée]funt|feu) |\bma (d[ée]funte|feue) |\bdepuis le d[ée]c[èe]s\b)",
    re.IGNORECASE,
)
_CABINET_LINK = re.compile(
    r"(par (votre|l'|l’)\s*interm[ée]diaire|par l'interm[ée]diaire de votre|"
    r"vous avez plac[ée]|que vous g[ée]rez|vous g[ée]rez (mon|ma|mes)|"
    r"(souscrit|sign[ée]|conclu|plac[ée]) (par|via|avec|chez|aupr[èe]s de) (vous|votre cabinet)|"
    r"(client|cliente|assur[ée]e?|adh[ée]rent(e)?) (de|chez|aupr[èe]s de) (votre cabinet|vous)\b|"
    r"\b(je suis|en tant que|fid[èe]le|ancien|ancienne|étant|votre) client(e)?\b|"
    r"^\s*client(e)? depuis|\bvotre client(e)?\b|que vous m'avez (recommand|conseill|propos|vendu)|"
    r"vous m'avez (fait souscrire|vendu|conseill[ée]|recommand[ée])|"
    r"en votre qualit[ée] de courtier|mon courtier|(le|du) cabinet qui g[èe]re)",
    re.IGNORECASE | re.MULTILINE,
)
_OWNS = re.compile(
    r"(\b(?:(?:mon|cette|une|votre|d'une) |l')attestation|\bsinistres d[ée]clar[ée]s|"
    r"\bmon (contrat|assurance|relev[ée] d'information|[ée]ch[ée]ancier|"
    r"avis d'[ée]ch[ée]ance|dossier (de )?sinistre|sinistre|adh[ée]sion|v[ée]hicule assur[ée]|"
    r"indemnisation)\b|\bma (police|cotisation|garantie|prime|couverture|mutuelle|"
    r"compl[ée]mentaire|d[ée]claration de sinistre|carte (verte|de tiers payant))\b|"
    r"\bmes (cotisations|contrats|primes|conditions (particuli[èe]res|g[ée]n[ée]rales)|"
    r"avis d'[ée]ch[ée]ance|attestations)\b|"
    r"\b(je suis|suis) (titulaire|souscripteur|souscriptrice|assur[ée]e?)\b|"
    r"\bassur[ée]e? (par vos soins|depuis|chez vous)|\bmon (assureur)\b)",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"(\b(contrat|police|sinistre|dossier|adh[ée]sion|r[ée]f[ée]rence|n/r[ée]f|v/r[ée]f|"
    r"r[ée]f)\b\.?\s*(n[°o]|num[ée]ro|:)|\bn°\s*(de )?(contrat|police|sinistre))",
    re.IGNORECASE,
)
_FORMER = re.compile(
    r"(cl[ôo]ture de mon contrat|ancien(ne)? client|depuis la r[ée]siliation de mon|"
    r"mon ancien contrat|apr[èe]s (la )?r[ée]siliation de mon contrat)",
    re.IGNORECASE,
)
_HELD_ELSEWHERE = re.compile(
    r"((client|cliente|assur[ée]e?|adh[ée]rent(e)?|souscrit|sociétaire) (de|chez|aupr[èe]s d[eu']|"
    r"aupr[èe]s de l')\s*(?P<org1>[A-ZÀ-Ý][^,.;]{1,60})|contrat[^.;]{0,60}\bchez "
    r"(?P<org2>[A-ZÀ-Ý][^,.;]{1,60})|aupr[èe]s de votre compagnie|votre compagnie|"
    r"votre (mutuelle|soci[ée]t[ée] d'assurance)|je ne suis pas client(e)? de votre cabinet)",
    re.IGNORECASE,
)


def _addressed_elsewhere(letter: Letter, world: World, settings: Settings) -> bool:
    """The head's recipient names an outside organisation and not the cabinet (its own
    reading of the head: organisations.read_recipient, which also takes OCR slips and
    unlisted names, answers otherwise on some letters)."""
    cabinet = [name_key(n) for n in (settings.cabinet.name, *settings.cabinet.aliases)]
    head = " ".join(normalise(line) for line in letter.head)
    folded = f" {name_key(head)} "
    if any(f" {name} " in folded for name in cabinet if len(name) >= 3):
        return False
    others = [
        name_key(n)
        for org in settings.organisations
        for n in org.names
        if len(name_key(n)) >= 3
    ]
    return any(f" {name} " in folded for name in others)


def read_statut(letter: Letter, world: World, settings: Settings) -> Statut | None:
    """The claimant's standing as the item states it (never from the register)."""
    text = normalise("\n".join([letter.subject, letter.body, *letter.tail]))
    if not letter.body.strip():
        text = text_of(letter)
    if _THIRD_PARTY.search(text):
        return Statut.THIRD_PARTY
    if _HEIR.search(text):
        return Statut.BENEFICIARY
    if _NOT_CLIENT.search(text):
        return Statut.PROSPECT if _PROSPECT.search(text) else None
    if _addressed_elsewhere(letter, world, settings):
        return None  # "vous" is another organisation
    linked = _CABINET_LINK.search(text)
    if not linked and _HELD_ELSEWHERE.search(text):
        return None
    if linked:
        return Statut.CLIENT
    if _FORMER.search(text):
        return None
    if _OWNS.search(text) or _REFERENCE.search(text_of(letter)):
        return Statut.CLIENT
    if _PROSPECT.search(text):
        return Statut.PROSPECT
    return None
