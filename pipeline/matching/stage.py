"""The match stage: what an item gets from the client register (`Item.match`)."""

from __future__ import annotations

from dataclasses import replace

from pipeline.matching.index import ClientIndex
from pipeline.record import Item, Match


def link_item(item: Item, index: ClientIndex) -> Item:
    """The match stage: the claimant and references read from the item, against the register."""
    if item.findings is None:
        return item
    text = item.extracted.text if item.extracted is not None else ""
    if item.extracted is not None and item.extracted.email is not None:
        text = f"{item.extracted.email.subject}\n{text}"
    link = index.link(item.findings.claimant, item.findings.references, text)
    found = link.match
    part = Match(
        client_id=found.client_id if found else None,
        method=found.method if found else None,
        score=found.score if found else 0.0,
        reason=link.reason,
        contract=link.contract.numero_contrat if link.contract else None,
        claim=link.claim.numero_sinistre if link.claim else None,
        references=link.references,
        unknown_references=link.unknown_references,
        ambiguous=link.ambiguous,
        candidates=(tuple(client for client, _ in link.candidates)
                    if link.ambiguous or link.weak_name else ()),
        conflict=link.conflict,
        weak_name=link.weak_name,
    )
    return replace(item, match=part)
