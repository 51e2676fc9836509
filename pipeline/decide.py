"""The decide stage: who owns the item and why.

Until reading and matching land, every item goes to the process owner
(rules.md, File owner, rule 3: not identified).
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.record import Decision, Item


def decide(item: Item, process_owner: str) -> Item:
    decision = Decision(
        owner=process_owner,
        owner_reason="responsable du process réclamations (expéditeur non identifié)",
        needs_review=True,
        review_reasons=("lecture automatique non encore disponible",),
    )
    return replace(item, decision=decision)
