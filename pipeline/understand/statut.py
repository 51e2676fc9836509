"""The claimant's standing as the item states it: client, prospect, ayant droit, tiers, or
None (never from the register)."""

from __future__ import annotations

from pipeline.record import Statut
from pipeline.settings import Settings
from pipeline.textnorm import name_key
from pipeline.understand import lexicon
from pipeline.understand.letter import Letter
from pipeline.understand.names import normalise
from pipeline.understand.sender import World, text_of

# What a letter says of the claimant's standing with the cabinet (lexicon/statut_cues.txt).
_CUES = lexicon.expressions("statut_cues")


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
    if _CUES["third_party"].search(text):
        return Statut.THIRD_PARTY
    if _CUES["heir"].search(text):
        return Statut.BENEFICIARY
    if _CUES["not_client"].search(text):
        return Statut.PROSPECT if _CUES["prospect"].search(text) else None
    if _addressed_elsewhere(letter, world, settings):
        return None  # "vous" is another organisation
    linked = _CUES["cabinet_link"].search(text)
    if not linked and _CUES["held_elsewhere"].search(text):
        return None
    if linked:
        return Statut.CLIENT
    if _CUES["former"].search(text):
        return None
    if _CUES["owns"].search(text) or _CUES["reference"].search(text_of(letter)):
        return Statut.CLIENT
    if _CUES["prospect"].search(text):
        return Statut.PROSPECT
    return None
