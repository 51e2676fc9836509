"""The understand stage's recipe: one letter, read part by part into `Findings`.

    cut_letter      the claimant's document in letter parts (letter.py)
    classify        complaint or not, with evidence, and its ACPR category (complaint.py)
    read_parties    the claimant and the representative (parties.py, spaCy)
    find_references contract and claim numbers (references.py)
    find_sent_on    the sending date (dates.py)
    read_addressee  the cabinet, the Mediator or another organisation (addressee.py)
    describe        one or two French sentences, quoting the grievance (describe.py,
                    grievance.py)

An entry file (a phone call, a meeting, a web form: pipeline.text.entry) is not read as
a letter: `findings_from_entry` takes its typed fields as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pipeline.client_register import ClientRegister
from pipeline.record import Claimant, Findings, Item, References, Representative, Statut
from pipeline.settings import Settings
from pipeline.understand import complaint, grievance, lexicon
from pipeline.understand.addressee import read_addressee
from pipeline.understand.complaint import as_complaint, category_of, classify
from pipeline.understand.contacts import find_phones
from pipeline.understand.dates import find_sent_on
from pipeline.understand.describe import describe, shorten
from pipeline.understand.letter import cut_letter
from pipeline.understand.nlp import LazyNlp, load_nlp
from pipeline.understand.parties import read_parties
from pipeline.understand.references import find_references
from pipeline.understand.register_names import RegisterNames


@dataclass(frozen=True)
class Reading:
    """What reading needs, built once per worker."""

    settings: Settings
    nlp: LazyNlp  # spaCy, loaded on first use (pipeline.understand.nlp)
    names: RegisterNames | None = None  # the client register as a gazetteer of names


def build_reading(settings: Settings, register: ClientRegister | None = None,
                  names: RegisterNames | None = None) -> Reading:
    """Every vocabulary file is checked here, before any file is touched (SetupError).
    `names`, the register's gazetteer when already built (pipeline.register_cache)."""
    lexicon.check_all()
    complaint.cues()  # the typed cue tables: weights, negation, categories
    complaint.category_of("")
    grievance.check()  # the description's cue tables: weights, formula kinds
    if names is None and register is not None:
        names = RegisterNames.of(register.clients.values())
    return Reading(settings=settings, nlp=load_nlp(), names=names)


def understand(item: Item, reading: Reading) -> Item:
    assert item.extracted is not None
    if item.extracted.entry is not None:
        return replace(item, findings=findings_from_entry(item.extracted.entry))
    letter = cut_letter(item.extracted, item.source.channel.value)
    verdict = classify(letter)
    claimant, representative = read_parties(letter, reading.nlp, reading.settings, reading.names)
    sent_on = find_sent_on(letter, today=date.fromisoformat(item.received_at[:10]))
    addressee = read_addressee(letter, reading.settings)
    if addressee.misdirected and claimant is not None and claimant.statut == Statut.CLIENT:
        claimant = replace(claimant, statut=None)  # a client of the other organisation
    if addressee.mediator and not verdict.is_complaint:
        verdict = as_complaint(letter, "courrier adressé au Médiateur de l'assurance")
    findings = Findings(
        is_complaint=verdict.is_complaint,
        evidence=verdict.evidence,
        complaint_score=verdict.score,
        claimant=claimant,
        representative=representative,
        description=describe(letter, verdict),
        category=verdict.category,
        references=find_references(letter),
        sent_on=sent_on.isoformat() if sent_on else None,
        addressee=addressee.kind,
        addressee_name=addressee.name,
        mediator=addressee.mediator,
        mediator_signals=addressee.mediator_signals,
        misdirected=addressee.misdirected,
        redirect_to=addressee.redirect_to,
        misdirected_signals=addressee.misdirected_signals,
        escalation=addressee.escalation,
        escalation_signals=addressee.escalation_signals,
    )
    return replace(item, findings=findings)


def _listed(value: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


def findings_from_entry(entry: dict[str, str]) -> Findings:
    """The findings of an entry file: its fields as typed (already checked by the text stage)."""
    claimant = Claimant(
        civilite=entry.get("civilite"),
        nom=entry.get("nom"),
        prenom=entry.get("prenom"),
        statut=Statut(entry["statut"]) if entry.get("statut") else None,
        adresse=entry.get("adresse"),
        code_postal=entry.get("code_postal"),
        ville=entry.get("ville"),
        telephones=find_phones(entry.get("telephone", "")),
        email=entry.get("email"),
    )
    is_complaint = entry.get("reclamation", "oui") == "oui"
    what = "réclamation" if is_complaint else "demande sans réclamation"
    by = f" par {entry['saisi_par']}" if entry.get("saisi_par") else ""
    return Findings(
        is_complaint=is_complaint,
        evidence=(f"saisie {entry['canal']}{by} : {what}",),
        complaint_score=1.0,  # said by the person who heard it, not guessed
        claimant=claimant,
        description=shorten(entry["description"]),
        category=category_of(entry["description"]) if is_complaint else None,
        references=References(contrats=_listed(entry.get("contrat")),
                              sinistres=_listed(entry.get("sinistre"))),
        sent_on=entry.get("date"),
        addressee="cabinet",
        representative=_entry_representative(entry),
        escalation=entry.get("mediateur") == "oui",  # « Médiateur évoqué », as reading says it
        escalation_signals=(("saisie : le réclamant a évoqué le Médiateur",)
                            if entry.get("mediateur") == "oui" else ()),
    )


def _entry_representative(entry: dict[str, str]) -> Representative | None:
    """Who called (came, wrote) for the claimant, as typed: a relative, a lawyer…"""
    nom, prenom = entry.get("representant_nom"), entry.get("representant_prenom")
    qualite = entry.get("representant_qualite")
    if not (nom or prenom or qualite):
        return None
    return Representative(nom=nom, prenom=prenom, qualite=qualite)
