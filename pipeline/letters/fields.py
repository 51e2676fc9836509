"""The values a letter's fields take for one item (`templates.FIELDS`), and who it is to.

From the record (`Item.export_record`: the claimant as the item states it, completed from
the linked client register entry by decide), the cabinet's settings (letterhead, staff,
the Mediator, the organisations) and the letter's day. Dates as `pipeline.french.long`
writes them (« 4 décembre 2026 »: the templates write « le {date_reception} »); the
civilité in full (Madame, Monsieur) and the agreement that follows it (`{e}`). Every
value passes through `pipeline.privacy.mask`: a letter never holds a social-security
number, an IBAN or a card number, whatever the item's text held.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline import french, privacy
from pipeline.client_register import Civilite
from pipeline.matching.keys import civilite_of
from pipeline.record import Item, channel_label
from pipeline.settings import Organisation, Settings, Signatory
from pipeline.summary import staff_name
from pipeline.textnorm import plain

# The procedure's minimal information, as a letter asks for what is missing.
ASKED = {
    "nom": "votre nom",
    "prenom": "votre prénom",
    "statut": "votre statut (client, prospect, ayant droit, tiers…)",
    "adresse": "votre adresse postale",
    "telephone": "un numéro de téléphone où vous joindre",
    "email": "votre adresse e-mail",
    "description": "une brève description de l'objet de votre réclamation",
    "reference": "la référence de votre contrat ou de votre sinistre",
}
NBSP = "\u00a0"  # inside a phone number: never cut at the end of a line
_TOWN = re.compile(r"\b\d{5}\s+([^,\d]+?)(?:\s+cedex\b.*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Parties:
    """Who a letter is to and from, for its blocks (`compose`)."""

    claimant_block: tuple[str, ...]  # name, street, postal code and town (what is known)
    claimant_email: str | None
    signatory: str
    place: str  # the cabinet's town, for « Paris, le … »


def civilite_in_full(civilite: str | None) -> str:
    """« Madame » for Mme, « Monsieur » for M.; empty when unknown (the register's
    reading of a civilité, `matching.keys.civilite_of`, and `Civilite.in_full`)."""
    known = civilite_of(civilite)
    return Civilite(known).in_full if known else ""


def organisation(settings: Settings, name: str | None) -> Organisation | None:
    """The organisation of cabinet.toml called `name` (its name or an alias)."""
    wanted = plain(name or "")
    return next((o for o in settings.organisations if wanted and wanted in map(plain, o.names)),
                None)


def _day(day: date | str | None) -> str:
    """« 4 décembre 2026 », the day and month never apart at a line's end; empty for none."""
    return french.long(day, "").replace(" ", NBSP, 1)


def _references(record: dict[str, Any]) -> str:
    refs = record.get("references") or {}
    return ", ".join([f"contrat {n}" for n in refs.get("contrats") or []]
                     + [f"sinistre {n}" for n in refs.get("sinistres") or []])


def _signatory(item: Item, settings: Settings) -> str:
    owner = settings.collaborator(item.decision.owner) if item.decision else None
    if settings.letters.signatory == Signatory.OWNER and owner is not None:
        return owner.name
    return settings.process_owner.name


def town(address: str) -> str:
    """« Paris » from « 12 avenue de la République, 75011 Paris »; empty when unclear."""
    found = _TOWN.search(address.strip())
    return found[1].strip() if found else ""


def parties(item: Item, settings: Settings) -> Parties:
    r = item.export_record()
    c = r["claimant"] or {}
    name = " ".join(v for v in (civilite_in_full(c.get("civilite")), c.get("prenom"),
                                c.get("nom")) if v)
    city = " ".join(v for v in (c.get("code_postal"), c.get("ville")) if v)
    email = c.get("email") or (item.extracted.email.sender_address
                               if item.extracted and item.extracted.email else None)
    known = name if (c.get("nom") or c.get("prenom")) else "[nom à compléter]"
    if c.get("adresse") or city:
        block = [known, *(v for v in (c.get("adresse"), city) if v)]
    else:  # nothing to post it to: said where the address goes, for whoever checks it
        block = [known, email or "", "[adresse postale à compléter]"]
    block = [v for v in block if v]
    return Parties(tuple(privacy.mask(v) for v in block), email, _signatory(item, settings),
                   town(settings.cabinet.address))


def field_values(item: Item, settings: Settings, today: date) -> dict[str, str | tuple[str, ...]]:
    """Every field of `templates.FIELDS` for `item` (empty text where nothing applies)."""
    r = item.export_record()
    c = r["claimant"] or {}
    d = item.decision
    civilite = civilite_in_full(c.get("civilite"))
    known = bool(c.get("nom") or c.get("prenom"))
    org = organisation(settings, r["redirect_to"])
    owner = staff_name(r["owner"], settings.staff_names) or ""
    missing = d.missing_fields if d else ()
    values: dict[str, str | tuple[str, ...]] = {
        "formule_appel": civilite or "Madame, Monsieur",
        "nom_complet": " ".join(v for v in (civilite, c.get("prenom"), c.get("nom")) if v)
        if known else "",
        "civilite": civilite,
        "prenom": c.get("prenom") or "",
        "nom": c.get("nom") or "",
        "e": "e" if civilite == "Madame" else "",
        "numero": item.id,
        "canal": channel_label(r["channel"]) or "",
        "date_reception": _day(r["received_at"]),
        "date_envoi": _day(r["sent_on"]),
        "date_courrier": _day(today),
        "date_accuse_due": _day(r["ack_due"]),
        "date_reponse_due": _day(r["answer_due"]),
        "references": _references(r),
        "description": (r["description"] or "").rstrip("."),
        "gestionnaire": owner,
        "signataire": _signatory(item, settings),
        "cabinet": settings.cabinet.name,
        "cabinet_adresse": settings.cabinet.address,
        "cabinet_telephone": (settings.cabinet.phone or "").replace(" ", NBSP),
        "cabinet_email": settings.cabinet.reply_address,
        "mediateur": settings.mediator.name,
        "mediateur_adresse": settings.mediator.address,
        "mediateur_site": settings.mediator.website or "",
        "organisme": org.name if org else (r["redirect_to"] or ""),
        "organisme_adresse": org.complaints_address if org else "",
        "organisme_email": (org.complaints_email or "") if org else "",
        "informations_manquantes": tuple(ASKED.get(m, m) for m in missing),
        "informations_suivantes": ("de l'information suivante, qui ne figure pas"
                                   if len(missing) == 1 else
                                   "des informations suivantes, qui ne figurent pas"),
        "les_informations": "la" if len(missing) == 1 else "les",
    }
    return {k: tuple(map(privacy.mask, v)) if isinstance(v, tuple) else privacy.mask(v)
            for k, v in values.items()}
