"""Who complains, and who writes for them: the claimant and the representative of a letter.

`read_parties(letter, nlp, settings)` reads, in this order:

1. the writer: the name, address and contacts of the sender block (top left, up to the
   recipient block), of the signature (after the closing formula) and of the email's
   sender (for a staff forward, `letter.email` is already the original sender). The
   cabinet, its staff, the Mediator, the insurers of `settings.organisations` and the
   addressee are never taken (`sender`);
2. a mandate: a lawyer ("Maître", "mon client"), a relative ("au nom de ma mère"), a
   curator or tutor ("en qualité de curatrice de M. X"), a consumer association ("notre
   adhérent") writing for someone. Then the claimant is the person represented (their
   name and, when written, their address), `statut` is "mandataire", and the writer is
   the `Representative` with a `qualite` ("avocat", "fille", "curateur", …) (`mandates`);
3. otherwise the claimant is the writer, with the `statut` the item states ("client",
   "prospect", "ayant droit", "tiers") or None when it states none (`statut`).

Names are read by `names`; when the client register is given (`RegisterNames`), a
client's whole name is taken with the register's split and spelling (`register_names`).
"""

from __future__ import annotations

import re

from pipeline.record import Claimant, Representative, Statut
from pipeline.settings import Settings
from pipeline.understand.contacts import find_emails, find_phones, parse_postal_lines, unique
from pipeline.understand.letter import Letter
from pipeline.understand.mandates import find_mandate, represented_address
from pipeline.understand.names import (
    PersonName,
    gender_from_first_name,
    gender_from_text,
    normalise,
    person_key,
)
from pipeline.understand.nlp import LazyNlp
from pipeline.understand.register_names import RegisterNames, from_register
from pipeline.understand.sender import (
    damaged_reading,
    email_sender,
    entity_name,
    merge_names,
    names_in,
    organisation_sender,
    sender_lines,
    signatures,
    street_without_name,
    text_of,
    world_of,
)
from pipeline.understand.statut import read_statut


def read_parties(
    letter: Letter, nlp: LazyNlp, settings: Settings, names: RegisterNames | None = None
) -> tuple[Claimant | None, Representative | None]:
    """The claimant and, when someone writes for them, the representative; `names`, the
    client register as a gazetteer, when there is one."""
    world = world_of(settings)
    text = text_of(letter)
    sender = sender_lines(letter, world)
    zones = signatures(letter)  # the last signed part first
    signature = zones[0]
    header_name, header_address = email_sender(letter, world)
    organisation = organisation_sender(letter, world, signature)
    if organisation is not None:
        return organisation, None

    sender_names = names_in(sender[:3], world)
    signature_names = names_in(signature, world)
    candidates = [*sender_names[:1], *signature_names, *([header_name] if header_name else [])]
    if not sender_names and signature_names:
        # Prefer the signature that the email header or another signature line confirms.
        keys = [person_key(n.prenom, n.nom) for n in candidates]
        confirmed = [n for n, k in zip(candidates, keys, strict=True) if keys.count(k) > 1]
        if confirmed:
            candidates = [confirmed[0], *candidates]
    sender_postal = parse_postal_lines(sender)
    if sender_names and signature_names and not sender_postal:
        damaged = damaged_reading(sender_names[0], signature_names[0])
        if damaged:  # the sender block is damaged (no address read): the signature's reading
            candidates = [damaged, *candidates]
    writer = merge_names(candidates)
    # A head block that names nobody is the addressee's when the signature holds an address
    # (a letter signed "Name / street / code town" under the text, without a sender block).
    signature_postal = parse_postal_lines(signature)
    if signature_postal and not sender_names and signature_names:
        sender_postal = None
    postal = sender_postal or signature_postal
    if postal is None:  # the covering email's signature is bare, the letter's holds the address
        for zone in zones[1:]:
            if any(world.names_organisation(line) for line in zone):
                continue  # a quoted reply signed by the cabinet or an insurer
            postal = parse_postal_lines(zone)
            if postal is not None:
                signature = [*signature, *zone]
                break
    codes = [*([postal[1]] if postal else []),
             *(c for line in [*sender, *signature] for c in re.findall(r"\b\d{5}\b", line))]
    writer = from_register(names, list(dict.fromkeys(codes)), [*sender[:3], *signature],
                            writer)  # fmt: skip
    if writer is None and not sender_names:
        writer = entity_name(nlp, [*sender, *signature], world)

    mandate = find_mandate(letter, nlp, writer, world, text)
    if mandate is not None:
        represented = mandate.represented or PersonName(None, None, None, False, False)
        address = represented_address(normalise(letter.body)) or represented_address(text)
        claimant = Claimant(
            civilite=represented.civilite,
            nom=represented.nom,
            prenom=represented.prenom,
            statut=Statut.REPRESENTED,
            adresse=address[0] if address else None,
            code_postal=address[1] if address else None,
            ville=address[2] if address else None,
        )
        representative = Representative(
            nom=writer.nom if writer else None,
            prenom=writer.prenom if writer else None,
            qualite=mandate.qualite,
        )
        return claimant, representative

    contact_lines = [*sender, *signature]
    contact_lines += [
        line for line in text.splitlines()
        if re.search(r"(joindre|joignable|mon (num[ée]ro|portable|t[ée]l)|rappeler au)", line,
                     re.IGNORECASE)
    ]
    phones = find_phones("\n".join(contact_lines))
    emails = [e for e in find_emails("\n".join(contact_lines)) if not world.is_own_email(e)]
    if header_address and not world.is_own_email(header_address):
        emails.insert(0, header_address.lower())
    civilite = writer.civilite if writer else None
    if writer is not None and civilite is None and writer.nom:
        civilite = gender_from_text(letter.body) or gender_from_first_name(writer.prenom)
    if writer is None and not postal and not phones and not emails:
        return None, None
    claimant = Claimant(
        civilite=civilite,
        nom=writer.nom if writer else None,
        prenom=writer.prenom if writer else None,
        statut=read_statut(letter, world, settings),
        adresse=street_without_name(postal[0], writer) if postal else None,
        code_postal=postal[1] if postal else None,
        ville=postal[2] if postal else None,
        telephones=phones,
        email=unique(emails)[0] if emails else None,
    )
    return claimant, None
