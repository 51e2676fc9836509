"""The short French note filed beside each original, for its owner: who, what,
references, flags, deadlines, missing information, and the reasons.

Dates are the record's, as `pipeline.french` writes them: received on `received_at`, sent
on `sent_on`; phones as `french.phone` writes them, the channel by its label, the owner
by the name cabinet.toml gives (`names`: collaborator id -> name).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline import french
from pipeline.record import Channel, Item, channel_label, missing_field_label, statut_label

SENT_LABELS = {Channel.PHONE.value: "Appel du", Channel.MEETING.value: "Rendez-vous du"}


def person_name(claimant: Mapping[str, Any] | None) -> str | None:
    """« Mme Jeanne Dupont »; None when neither family nor given name is known (a
    civilité alone names nobody)."""
    c = claimant or {}
    if not (c.get("nom") or c.get("prenom")):
        return None
    return " ".join(v.strip() for v in (c.get("civilite"), c.get("prenom"), c.get("nom"))
                    if v and v.strip())


def claimant_statut(claimant: Mapping[str, Any] | None) -> str | None:
    """The statut stored for the claimant (`client`…), or None: a claimant nobody identified
    (no name, `person_name`) has no statut to state (register, summary, monthly report)."""
    return (claimant or {}).get("statut") if person_name(claimant) else None


def claimant_text(claimant: Mapping[str, Any] | None) -> str:
    """« Mme Jeanne Dupont (cliente) », « M. Paul Roux », or « non identifié »: a
    claimant nobody identified has no statut to state."""
    name = person_name(claimant)
    if name is None:
        return "non identifié"
    statut = statut_label(claimant_statut(claimant), (claimant or {}).get("civilite"))
    return f"{name} ({statut})" if statut else name


def staff_name(collaborator_id: str | None, names: Mapping[str, str]) -> str | None:
    """A collaborator as people know them (cabinet.toml's `nom`); the id when not listed,
    None for none."""
    if not collaborator_id:
        return None
    return names.get(collaborator_id, collaborator_id)


def summary(item: Item, names: Mapping[str, str] | None = None) -> str:
    names = names or {}
    r = item.export_record()
    f, d, x = item.findings, item.decision, item.extracted
    claimant = r["claimant"] or {}
    complaint = bool(r["is_complaint"])
    kind, received = (("Réclamation", "reçue") if complaint
                      else ("Courrier (pas une réclamation)", "reçu"))
    lines = [f"{kind} {item.id} — {received} le {french.short(r['received_at'])} "
             f"({channel_label(r['channel'])}), fichier « {item.source.source_file} »"]
    if r["sent_on"]:
        lines.append(f"{SENT_LABELS.get(r['channel'], 'Envoyé le')} "
                     f"{french.short(r['sent_on'])}")
    lines.append("")
    lines.append(f"{'Réclamant' if complaint else 'Expéditeur'} : {claimant_text(claimant)}")
    if r["representative"]:
        rep = r["representative"]
        lines.append(f"Écrit par : {rep.get('prenom') or ''} {rep.get('nom') or ''}, "
                     f"{rep.get('qualite') or 'mandataire'}".replace("  ", " "))
    town = " ".join(v for v in (claimant.get("code_postal"), claimant.get("ville")) if v)
    address = ", ".join(v for v in (claimant.get("adresse"), town) if v)
    if address:
        lines.append(f"Adresse : {address}")
    contact = [french.phone(p) for p in claimant.get("telephones") or []]
    contact += [claimant["email"]] if claimant.get("email") else []
    if contact:
        lines.append("Contact : " + ", ".join(contact))
    refs = r["references"]
    if refs["contrats"] or refs["sinistres"]:
        lines.append("Références : " + ", ".join(
            [f"contrat {n}" for n in refs["contrats"]] + [f"sinistre {n}" for n in refs["sinistres"]]))
    if r["client_id"]:
        why = item.match.reason if item.match else ""
        lines.append(f"Client du registre : {r['client_id']}" + (f" ({why})" if why else ""))
    if r["description"]:
        lines.append(f"Objet : {r['description']}")
    if r["category"]:
        lines.append(f"Catégorie : {r['category']}")
    if d:
        lines.append("")
        lines.append(f"Attribué à : {staff_name(d.owner, names) or '—'} — {d.owner_reason}")
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
            lines.append(f"Accusé de réception à envoyer au plus tard le {french.short(d.ack_due)} ; "
                         f"réponse au plus tard le {french.short(d.answer_due)} "
                         f"(délais comptés depuis le {french.short(d.sent_on)}).")
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
