"""The short French note filed beside each original, for its owner: who, what,
references, flags, deadlines, missing information, and the reasons."""

from __future__ import annotations

from datetime import date

from pipeline.record import Item, missing_field_label


def _day(iso: str | None) -> str:
    return date.fromisoformat(iso[:10]).strftime("%d/%m/%Y") if iso else "—"


def summary(item: Item) -> str:
    r = item.export_record()
    f, d, x = item.findings, item.decision, item.extracted
    claimant = r["claimant"] or {}
    who = " ".join(v for v in (claimant.get("civilite"), claimant.get("prenom"),
                               claimant.get("nom")) if v) or "non identifié"
    kind = ("Réclamation" if r["is_complaint"] else "Courrier (pas une réclamation)")
    lines = [f"{kind} {item.id} — reçu le {_day(r['received_at'])} ({r['channel']}), "
             f"fichier « {item.source.source_file} »", ""]
    lines.append(f"Réclamant : {who}" + (f" ({claimant['statut']})" if claimant.get("statut") else ""))
    if r["representative"]:
        rep = r["representative"]
        lines.append(f"Écrit par : {rep.get('prenom') or ''} {rep.get('nom') or ''}, "
                     f"{rep.get('qualite') or 'mandataire'}".replace("  ", " "))
    contact = [*claimant.get("telephones", []), claimant.get("email")]
    address = ", ".join(v for v in (claimant.get("adresse"), claimant.get("code_postal"),
                                    claimant.get("ville")) if v)
    if address:
        lines.append(f"Adresse : {address}")
    if any(contact):
        lines.append("Contact : " + ", ".join(c for c in contact if c))
    refs = r["references"]
    if refs["contrats"] or refs["sinistres"]:
        lines.append("Références : " + ", ".join(
            [f"contrat {n}" for n in refs["contrats"]] + [f"sinistre {n}" for n in refs["sinistres"]]))
    if r["client_id"]:
        lines.append(f"Client du registre : {r['client_id']} ({item.match.reason if item.match else ''})")
    if r["description"]:
        lines.append(f"Objet : {r['description']}")
    if r["category"]:
        lines.append(f"Catégorie : {r['category']}")
    if d:
        lines.append("")
        lines.append(f"Attribué à : {d.owner} — {d.owner_reason}")
        if d.follow_up_of:
            lines.append(f"SUITE de la réclamation {d.follow_up_of} : à joindre à son dossier "
                         "(pas une nouvelle réclamation).")
        if d.mediator:
            lines.append("MÉDIATEUR : courrier destiné au Médiateur de l'assurance, à lui "
                         "transmettre ; prévenir le réclamant par écrit.")
        if d.misdirected:
            lines.append(f"HORS PÉRIMÈTRE : à réorienter vers {d.redirect_to or 'l’organisme concerné'}"
                         " ; prévenir le réclamant.")
        if f and f.escalation:
            lines.append("Escalade : le réclamant évoque le Médiateur (menace ou copie).")
        if d.ack_due:
            lines.append(f"Accusé de réception à envoyer au plus tard le {_day(d.ack_due)} ; "
                         f"réponse au plus tard le {_day(d.answer_due)} "
                         f"(délais comptés depuis le {_day(d.sent_on)}).")
        if d.missing_fields:
            lines.append("Informations manquantes à demander : " + ", ".join(
                missing_field_label(m, asked=True) for m in d.missing_fields) + ".")
        if d.needs_review:
            lines.append("À vérifier : " + " ; ".join(d.review_reasons) + ".")
    if f and f.evidence:
        lines.append("Indices : " + " ; ".join(f"« {e} »" for e in f.evidence[:3]))
    if x and x.warnings:
        lines += [f"Remarque : {w}" for w in x.warnings]
    return "\n".join(lines) + "\n"
