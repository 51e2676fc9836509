"""The short French note filed beside each original, for its owner."""

from __future__ import annotations

from pipeline.record import Item


def summary(item: Item) -> str:
    d, x = item.decision, item.extracted
    lines = [
        f"Identifiant : {item.id}",
        f"Fichier reçu : {item.source.source_file}",
        f"Reçu le : {item.received_at}",
        f"Canal : {item.source.channel.value}",
    ]
    if d:
        lines.append(f"Attribué à : {d.owner} ({d.owner_reason})")
        if d.needs_review:
            lines.append("À vérifier : " + "; ".join(d.review_reasons))
    if x:
        if x.email:
            lines.append(f"Expéditeur : {x.email.sender_name or ''} <{x.email.sender_address or ''}>")
            lines.append(f"Objet : {x.email.subject}")
        lines.append(f"Pages lues : {len(x.pages)}")
        if x.ocr_confidence is not None:
            lines.append(f"Confiance OCR moyenne : {x.ocr_confidence:.0%}")
        lines += [f"Remarque : {w}" for w in x.warnings]
    return "\n".join(lines) + "\n"
