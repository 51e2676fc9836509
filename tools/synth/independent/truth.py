"""The truth of an item, as spec/rules.md and spec/record.md decide it: the claimant
completed from the linked register entry, the file owner, the missing mandatory fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from tools.synth.independent.people import PROCESS_OWNER, e164
from tools.synth.independent.scenario import Story


def truth(story: Story, received: date) -> dict[str, Any]:
    """The truth object of an item (brief keys), completed from the register entry."""
    s = story.claimant
    reg = story.client.person if story.client else None
    linked = story.client is not None

    def pick(key: str) -> Any:
        return s.get(key) or (getattr(reg, key) if reg else None)

    phones = {e164(p) for p in s["phones"]}
    if reg and reg.phone:
        phones.add(e164(reg.phone))
    if s.get("adresse"):
        addr = (s["adresse"], s["code_postal"], s["ville"])
    elif reg:
        addr = (reg.adresse, reg.code_postal, reg.ville)
    else:
        addr = (None, None, None)
    statut: str | None
    if story.rep:
        statut = "mandataire"
    elif linked and story.client is not None:
        statut = story.client.statut
    else:
        statut = story.statut_said
    email = pick("email")
    claimant = {"civilite": pick("civilite"), "nom": pick("nom"), "prenom": pick("prenom"),
                "statut": statut, "adresse": addr[0], "code_postal": addr[1], "ville": addr[2],
                "telephones": sorted(phones), "email": email.lower() if email else None}
    refs = {"contrats": [t for k, t, _ in story.cited if k == "contrat"],
            "sinistres": [t for k, t, _ in story.cited if k == "sinistre"]}
    if story.mediator or story.misdirected or not linked or story.client is None:
        owner = PROCESS_OWNER
    else:
        owner = _owner(story)
    missing: list[str] = []
    if story.is_complaint and not story.misdirected:
        one_contract = linked and story.client is not None and len(story.client.contracts) == 1
        known = {"nom": claimant["nom"], "prenom": claimant["prenom"], "statut": statut,
                 "adresse": all(addr), "telephone": claimant["telephones"], "description": True,
                 "reference": story.cited or one_contract}
        missing = sorted(k for k, v in known.items() if not v)
    return {"category": story.category, "scenario": story.scenario,
            "is_complaint": story.is_complaint, "claimant": claimant,
            "representative": story.rep, "references": refs,
            "sent_on": story.sent_on.isoformat() if story.sent_on else None,
            "received_on": received.isoformat(), "addressee": story.addressee,
            "mediator": story.mediator, "misdirected": story.misdirected,
            "redirect_to": story.redirect_to,
            "client_id": story.client.client_id if story.client else None,
            "expected_owner": owner, "missing_fields": missing,
            "grievance": story.grievance, "request": story.request}


def _owner(story: Story) -> str:
    """rules.md File owner step 2, for the numbers the item cites (else the client's)."""
    client = story.client
    assert client is not None
    claim_no = next((t for k, t, _ in story.cited if k == "sinistre"), None)
    contract_no = next((t for k, t, _ in story.cited if k == "contrat"), None)
    for k in client.contracts:
        for s in k.claims:
            if s.numero == claim_no:
                return s.gestionnaire or k.gestionnaire or client.gestionnaire
    for k in client.contracts:
        if k.numero == contract_no:
            return k.gestionnaire or client.gestionnaire
    return client.gestionnaire
