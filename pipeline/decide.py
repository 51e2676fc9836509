"""The decide stage (rules.md): the file owner and why, the Mediator and misdirected
flags, the claimant's statut, the missing mandatory information, the deadlines, and
whether a person should check the record first.

Every decision carries its reason in French, for the register.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from pipeline.client_register import ClientRegister
from pipeline.deadlines import ack_due, answer_due
from pipeline.french import short
from pipeline.record import Claimant, Decision, Findings, Item, Match, Statut
from pipeline.settings import Settings

LOW_OCR_CONFIDENCE = 0.6
UNSURE_VERDICT = 0.65


@dataclass(frozen=True)
class Deciding:
    """What deciding needs, built once per worker."""

    settings: Settings
    register: ClientRegister


def _owner(f: Findings, m: Match | None, mediator: bool, misdirected: bool, redirect: str | None,
           ctx: Deciding) -> tuple[str, str]:
    owner = ctx.settings.process_owner.id
    if mediator:
        return owner, ("responsable des réclamations : courrier destiné au Médiateur, "
                       "à lui transmettre et à signaler par écrit au réclamant")
    if misdirected:
        where = f" vers {redirect}" if redirect else ""
        return owner, f"responsable des réclamations : hors périmètre, à réorienter{where}"
    if m is None or m.client_id is None:
        why = ("deux clients possibles" if m and m.ambiguous
               else "client à confirmer (nom proche)" if m and m.weak_name
               else "réclamant non identifié")
        return owner, f"responsable des réclamations : {why} dans le registre client"
    register = ctx.register
    claim = register.claim(m.claim) if m.claim else None
    contract = register.contract(m.contract) if m.contract else None
    if contract is None and claim is not None and claim.numero_contrat:
        contract = register.contract(claim.numero_contrat)
    client = register.client(m.client_id)
    for holder, label in ((claim, f"du sinistre {claim.numero_sinistre}" if claim else ""),
                          (contract, f"du contrat {contract.numero_contrat}" if contract else ""),
                          (client, f"du client {m.client_id}")):
        gestionnaire = getattr(holder, "gestionnaire", None) if holder else None
        if gestionnaire and ctx.settings.collaborator(gestionnaire):
            collaborator = ctx.settings.collaborator(gestionnaire)
            assert collaborator is not None
            return collaborator.id, f"gestionnaire {label}"
    return owner, f"responsable des réclamations : aucun gestionnaire connu pour le client {m.client_id}"


def _statut(f: Findings, m: Match | None, ctx: Deciding) -> Statut | None:
    stated = f.claimant.statut if f.claimant else None
    if stated == Statut.REPRESENTED or m is None or m.client_id is None:
        return stated
    client = ctx.register.client(m.client_id)
    return Statut(client.statut.value) if client else stated


def _missing(f: Findings, m: Match | None, statut: Statut | None, ctx: Deciding) -> tuple[str, ...]:
    """rules.md, Mandatory information: what neither the item nor the register gives."""
    c = f.claimant
    client = ctx.register.client(m.client_id) if m and m.client_id else None
    known = {
        "nom": bool((c and c.nom) or (client and client.nom)),
        "prenom": bool((c and c.prenom) or (client and client.prenom)),
        "statut": statut is not None,
        "adresse": bool((c and c.adresse and c.code_postal and c.ville)
                        or (client and client.adresse and client.code_postal and client.ville)),
        "telephone": bool((c and c.telephones) or (client and client.telephones)),
        "description": bool(f.description),
        "reference": bool(f.references.contrats or f.references.sinistres
                          or (m and (m.references.contrats or m.references.sinistres))
                          or (client and len(ctx.register.contracts_of(client.client_id)) == 1)),
    }
    return tuple(name for name, ok in known.items() if not ok)


OLD_LETTER_DAYS = 183  # a letter dated more than about six months before it arrived


def _sending_date(written: str | None, received_on: str) -> tuple[str, str | None]:
    """The date deadlines count from (rules.md: the letter's, else the day of receipt),
    and why a person should look at it. A date after receipt cannot be the sending date
    (a misread, or a date of an event to come): the day of receipt counts instead. A date
    many months before receipt may be right (a letter kept, then sent) or a misread of
    another date: it counts, but is checked."""
    if not written:
        return received_on, None
    sent, received = date.fromisoformat(written), date.fromisoformat(received_on)
    if sent > received:
        return received_on, (f"date du courrier ({sent:%d/%m/%Y}) postérieure à sa réception : "
                             "délais comptés du jour de réception, à vérifier")
    if (received - sent).days > OLD_LETTER_DAYS:
        return written, (f"courrier daté du {sent:%d/%m/%Y}, plus de six mois avant sa "
                         "réception : date à vérifier (les délais en dépendent)")
    return written, None


def _email_date_check(item: Item) -> str | None:
    """An email is received on its Date: (workspace.md), which may be far from when its file
    reached inbox/: an old message exported today (its deadlines ran out before anyone saw
    it), or a sender's clock set wrong. The date counts as the spec says, and is checked."""
    if item.received_at == item.source.received_at:
        return None
    dated = date.fromisoformat(item.received_at[:10])
    dropped = date.fromisoformat(item.source.received_at[:10])
    if (dropped - dated).days > OLD_LETTER_DAYS:
        return (f"courriel daté du {short(dated)}, déposé le {short(dropped)} : date de "
                "réception à vérifier (les délais en dépendent)")
    if dated > dropped:
        return (f"courriel daté du {short(dated)}, postérieur à son dépôt le "
                f"{short(dropped)} : date de réception à vérifier")
    return None


def completed_claimant(c: Claimant | None, m: Match | None, statut: Statut | None,
                       ctx: Deciding) -> Claimant | None:
    """The claimant as the record shows it (spec/record.md): what the item states, completed
    from the linked register entry where the item says nothing, so the owner can reach the
    claimant from the register row. Phones: the item's and the register's. The postal
    address is one whole: the register's fills the parts the item leaves out only when
    the item states none, or the same postcode."""
    client = ctx.register.client(m.client_id) if m and m.client_id else None
    if client is None:
        return c
    c = c or Claimant()
    same_place = not c.code_postal or c.code_postal == client.code_postal
    take_address = not (c.adresse or c.code_postal or c.ville) or same_place
    phones = tuple(dict.fromkeys((*c.telephones, *client.telephones)))
    return replace(
        c,
        civilite=c.civilite or (client.civilite.value if client.civilite else None),
        nom=c.nom or client.nom,
        prenom=c.prenom or client.prenom,
        statut=statut,
        adresse=c.adresse or (client.adresse if take_address else None),
        code_postal=c.code_postal or (client.code_postal if take_address else None),
        ville=c.ville or (client.ville if take_address else None),
        telephones=phones,
        email=c.email or client.email,
    )


def _placed_by_cabinet(insurer: str | None, m: Match | None, ctx: Deciding) -> bool:
    """The linked client holds, in the register, a contract with the organisation the
    item would be redirected to, and the item cites no number the register lacks."""
    if not insurer or m is None or m.client_id is None or m.unknown_references:
        return False
    return any(c.organisme == insurer for c in ctx.register.contracts_of(m.client_id))


def decide(item: Item, ctx: Deciding) -> Item:
    f, m = item.findings, item.match
    received_on = item.received_at[:10]
    if f is None:  # nothing was read: the process owner looks at it
        decision = Decision(owner=ctx.settings.process_owner.id,
                            owner_reason="responsable des réclamations : courrier non lu",
                            sent_on=received_on, needs_review=True,
                            review_reasons=("lecture automatique indisponible",))
        return replace(item, decision=decision)

    review: list[str] = []
    mediator = f.mediator
    misdirected = f.misdirected and not mediator
    if misdirected and m is not None and (m.contract or m.claim):
        misdirected = False  # the register holds the contract: the cabinet's own business
        review.append("signalé hors périmètre mais le contrat figure au registre")
    elif misdirected and _placed_by_cabinet(f.redirect_to, m, ctx):
        misdirected = False  # no other contract cited: the one the cabinet placed there
        review.append(f"signalé hors périmètre, mais le client détient un contrat "
                      f"{f.redirect_to} placé par le cabinet")
    redirect = f.redirect_to if misdirected else None
    owner, reason = _owner(f, m, mediator, misdirected, redirect, ctx)
    statut = _statut(f, m, ctx)
    sent_on, why = _sending_date(f.sent_on, received_on)
    # the deadlines run for a complaint, and for mail meant for the Mediator or misdirected;
    # the sending date and the claimant matter to a person only there
    owes_deadlines = f.is_complaint or mediator or misdirected
    if why and owes_deadlines:
        review.append(why)
    if owes_deadlines and (stale := _email_date_check(item)):
        review.append(stale)
    ack = answer = None
    if owes_deadlines:
        sent = date.fromisoformat(sent_on)
        ack = ack_due(sent, ctx.settings.cabinet.holidays).isoformat()
        answer = answer_due(sent).isoformat()
    missing = _missing(f, m, statut, ctx) if f.is_complaint and not misdirected else ()

    ocr = item.extracted.ocr_confidence if item.extracted else None
    if ocr is not None and ocr < LOW_OCR_CONFIDENCE:
        review.append(f"lecture OCR peu sûre ({ocr:.0%})")
    if m is not None and m.ambiguous:
        review.append("plusieurs clients possibles : " + ", ".join(m.candidates[:3]))
    if m is not None and m.weak_name:
        review.append(m.reason)
    if m is not None and m.conflict:
        review.append(f"signaux contradictoires dans le registre ({m.reason})")
    if owes_deadlines and (f.claimant is None or not f.claimant.nom):
        review.append("réclamant non trouvé dans le courrier")
    if f.complaint_score and f.complaint_score < UNSURE_VERDICT:
        review.append("réclamation ou simple demande : à confirmer")

    parts = [f.complaint_score or 0.5]
    if ocr is not None:
        parts.append(ocr)
    if m is not None and m.client_id:
        parts.append(m.score)
    confidence = round(min(parts) * (0.8 if review else 1.0), 2)

    decision = Decision(
        owner=owner, owner_reason=reason, statut=statut,
        claimant=completed_claimant(f.claimant, m, statut, ctx), missing_fields=missing,
        misdirected=misdirected, redirect_to=redirect, mediator=mediator, sent_on=sent_on,
        ack_due=ack, answer_due=answer, needs_review=bool(review),
        review_reasons=tuple(review), confidence=confidence,
    )
    return replace(item, decision=decision)
