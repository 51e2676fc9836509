"""The understand stage's recipe: one letter, read part by part into `Findings`.

    cut_letter      the claimant's document in letter parts (letter.py)
    classify        complaint or not, with evidence, and its ACPR category (complaint.py)
    read_parties    the claimant and the representative (parties.py, spaCy)
    find_references contract and claim numbers (references.py)
    find_sent_on    the sending date (dates.py)
    read_addressee  the cabinet, the Mediator or another organisation (addressee.py)
    describe        one or two French sentences (describe.py)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pipeline.record import Findings, Item
from pipeline.settings import Settings
from pipeline.understand.addressee import read_addressee
from pipeline.understand.complaint import classify
from pipeline.understand.dates import find_sent_on
from pipeline.understand.describe import describe
from pipeline.understand.letter import cut_letter
from pipeline.understand.nlp import LazyNlp, load_nlp
from pipeline.understand.parties import read_parties
from pipeline.understand.references import find_references


@dataclass(frozen=True)
class Reading:
    """What reading needs, built once per worker."""

    settings: Settings
    nlp: LazyNlp  # spaCy, loaded on first use (pipeline.understand.nlp)


def build_reading(settings: Settings) -> Reading:
    return Reading(settings=settings, nlp=load_nlp())


def understand(item: Item, reading: Reading) -> Item:
    assert item.extracted is not None
    letter = cut_letter(item.extracted, item.source.channel.value)
    verdict = classify(letter)
    claimant, representative = read_parties(letter, reading.nlp, reading.settings)
    sent_on = find_sent_on(letter, today=date.fromisoformat(item.received_at[:10]))
    addressee = read_addressee(letter, reading.settings)
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
