"""What each look-up says about a client: one `Signal` per client and tier.

A tier is a kind of evidence (claim number, contract number, e-mail, phone, name); a
signal carries its score, its method as the register shows it, and its reason in French.
The register numbers found for an item (`FoundReferences`) keep the register's spelling
and kind; a number read with OCR confusions, or found in the text, says so in its reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.client_register import Contract, RegisteredClaim
from pipeline.matching.register_numbers import Hit, How
from pipeline.record import References

EXACT_REFERENCE = 1.0
OCR_REFERENCE = 0.95


class Method(StrEnum):
    CLAIM = "sinistre"
    CONTRACT = "contrat"
    EMAIL = "email"
    PHONE = "telephone"
    NAME_POSTAL_CODE = "nom+code_postal"
    NAME_ADDRESS = "nom+adresse"


class Tier(StrEnum):
    CLAIM = "sinistre"
    CONTRACT = "contrat"
    EMAIL = "email"
    PHONE = "telephone"
    NAME = "nom"


TIERS = tuple(Tier)


@dataclass(frozen=True)
class Signal:
    client_id: str
    score: float
    method: str
    reason: str
    subject: str = ""  # for a conflict: "le contrat AX-2023-004512"
    contract: Contract | None = None
    claim: RegisteredClaim | None = None
    linkable: bool = True  # a name-tier signal strong enough to link an item on its own
    weak: str = ""  # French: why a name-tier signal that would link is only a candidate


@dataclass
class FoundReferences:
    """The register entries of an item's numbers, their signals, and the numbers unknown."""

    claims: list[RegisteredClaim] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    claim_signals: list[Signal] = field(default_factory=list)
    contract_signals: list[Signal] = field(default_factory=list)
    claims_as_written: list[str] = field(default_factory=list)  # register spelling when known
    contracts_as_written: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def rewritten(self) -> References:
        return References(tuple(self.contracts_as_written), tuple(self.claims_as_written))

    def add(self, hit: Hit) -> None:
        """A register number found for the item (once per number)."""
        item = hit.item
        if isinstance(item, RegisteredClaim):
            if item in self.claims:
                return
            self.claims.append(item)
            self.claim_signals.append(_reference_signal(item, hit))
            _append_once(self.claims_as_written, item.numero_sinistre)
        else:
            if item in self.contracts:
                return
            self.contracts.append(item)
            self.contract_signals.append(_reference_signal(item, hit))
            _append_once(self.contracts_as_written, item.numero_contrat)


def _append_once(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def _reference_signal(item: RegisteredClaim | Contract, hit: Hit) -> Signal:
    if isinstance(item, RegisteredClaim):
        kind, number, method = "sinistre", item.numero_sinistre, Method.CLAIM
    else:
        kind, number, method = "contrat", item.numero_contrat, Method.CONTRACT
    reason = f"{kind} {number} du registre"
    exact = hit.how is How.EXACT
    if hit.in_text:
        reason += f" (trouvé dans le texte : « {hit.written} »)"
    elif not exact:
        reason += f" (lu « {hit.written} »)"
    score = EXACT_REFERENCE if exact else OCR_REFERENCE
    return Signal(item.client_id, score, method, reason, subject=f"le {kind} {number}",
                  contract=item if isinstance(item, Contract) else None,
                  claim=item if isinstance(item, RegisteredClaim) else None)  # fmt: skip

