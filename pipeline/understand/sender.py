"""The parts of a letter its writer fills: the sender block, the signatures and the
email's sender, read without the cabinet's world (the cabinet, its staff, the Mediator and
the organisations of config/cabinet.toml, never the claimant), and the writer's name
assembled from them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.record import Claimant
from pipeline.settings import Settings
from pipeline.textnorm import name_key
from pipeline.understand import lexicon
from pipeline.understand.contacts import find_emails, postal_code
from pipeline.understand.letter import Letter
from pipeline.understand.names import (
    PersonName,
    normalise,
    parse_name,
    person_key,
    without_stamp,
    without_stamp_date,
)
from pipeline.understand.nlp import LazyNlp

# The lines around a sender block and a signature that are not the sender (lexicon/sender_lines.txt).
_CUES = lexicon.expressions("sender_lines")


@dataclass(frozen=True)
class World:
    """The names and addresses that are never the claimant's, folded."""

    organisation_names: tuple[str, ...]  # cabinet, Mediator, insurers, intermediaries
    staff_names: frozenset[str]  # folded token sets as sorted strings
    staff_emails: frozenset[str]
    staff_domains: tuple[str, ...]
    organisation_emails: frozenset[str]

    def names_organisation(self, line: str) -> bool:
        folded = f" {name_key(line)} "
        return any(f" {name} " in folded for name in self.organisation_names)

    def is_staff_name(self, prenom: str | None, nom: str | None) -> bool:
        return person_key(prenom, nom) in self.staff_names

    def is_own_email(self, address: str) -> bool:
        """An address of the cabinet, its staff, the Mediator or an organisation."""
        address = address.lower()
        domain = address.rsplit("@", 1)[-1]
        return (
            address in self.staff_emails
            or address in self.organisation_emails
            or any(domain == d or domain.endswith("." + d) for d in self.staff_domains)
        )


@lru_cache(maxsize=8)
def world_of(settings: Settings) -> World:
    cabinet = settings.cabinet
    names = [cabinet.name, *cabinet.aliases, settings.mediator.name, *settings.mediator.aliases]
    for org in settings.organisations:
        names.extend(org.names)
    folded = sorted({name_key(n) for n in names if len(name_key(n)) >= 3}, key=len, reverse=True)
    staff = frozenset(person_key(c.name, None) for c in settings.collaborators)
    org_emails = frozenset(
        o.complaints_email for o in settings.organisations if o.complaints_email
    )
    return World(
        organisation_names=tuple(folded),
        staff_names=staff,
        staff_emails=frozenset([*cabinet.emails, *(c.email for c in settings.collaborators)]),
        staff_domains=cabinet.domains,
        organisation_emails=org_emails,
    )


def text_of(letter: Letter) -> str:
    return normalise("\n".join(letter.lines)).replace("’", "'")


def damaged_reading(sender: PersonName, signature: PersonName) -> PersonName | None:
    """The signature's name when the sender block's reads the same person in part ("Hugues
    CITE" for "Hugues Ollivier", "Monsieur François-Xavi" for "François-Xavier Hamon"),
    with the sender block's civilité; None when they agree or name two people."""
    read, signed = person_key(sender.prenom, sender.nom).split(), person_key(
        signature.prenom, signature.nom).split()
    if read == signed or signature.nom is None:
        return None
    shared = [w for w in read if any(w == s or (len(w) >= 4 and s.startswith(w)) for s in signed)]
    if not shared:
        return None
    return replace(signature, civilite=sender.civilite or signature.civilite,
                   titled=sender.titled or signature.titled)


def merge_names(names: list[PersonName]) -> PersonName | None:
    """The first name, its split and civilité completed by the others naming the same person."""
    if not names:
        return None
    best = names[0]
    key = person_key(best.prenom, best.nom)
    for other in names[1:]:
        same = person_key(other.prenom, other.nom) == key
        if same and other.cased and not best.cased:
            best = replace(other, civilite=best.civilite or other.civilite, titled=best.titled)
        if (same or (best.nom and other.nom and name_key(best.nom) == name_key(other.nom))) and (
            best.civilite is None and other.civilite is not None
        ):
            best = replace(best, civilite=other.civilite)
        if best.prenom is None and other.nom and best.nom and name_key(other.nom) == name_key(best.nom):
            best = replace(best, prenom=other.prenom)
    return best


def sender_lines(letter: Letter, world: World) -> list[str]:
    """The sender block: the head's first lines, up to the recipient block or the date."""
    out: list[str] = []
    seen_postal = False
    stamped = False  # the line above held a mail-room stamp's words
    head = [normalise(raw) for raw in letter.head]
    for index, normal in enumerate(head):
        line = without_stamp(normal)
        if stamped and line:
            line = without_stamp_date(line)
        if normal:
            stamped = without_stamp(normal) != normal
        if not line:
            continue  # a blank line, or a mail-room stamp's
        if _CUES["header_line"].match(line):
            if out:
                break
            continue
        if not out and _CUES["date_line"].search(line):
            line = _before_place_and_date(line, [x for x in head[index + 1 : index + 9] if x])
        if _CUES["recipient_start"].match(line) or _CUES["date_line"].search(line):
            break
        if not re.search(r"\d", line) and world.names_organisation(line) and out:
            break
        if not out and world.names_organisation(line) and not re.search(r"\d", line):
            break  # the head opens with the recipient: no sender block
        if seen_postal and not _CUES["contact_line"].match(line) and "@" not in line:
            break
        out.append(line)
        if postal_code(line):
            seen_postal = True
    return out


def _before_place_and_date(line: str, below: list[str]) -> str:
    """A two-column head read as one line by OCR: "Océane Tardieu Nantes, le 13/11/2026"
    above the sender's street and "44000 NANTES". The place is the town of the postal line
    below; what comes before it is the sender's (the line itself when the town is not
    there)."""
    towns = [postal[1] for postal in map(postal_code, below) if postal]
    for town in towns:
        cut = re.search(rf"\s+(?:fait\s+)?(?:[àa]\s+)?{re.escape(town)}\s*,?\s+le\s+\d.*$",
                        line, re.IGNORECASE)
        if cut and cut.start() > 0:
            return line[: cut.start()]
    return line


def signatures(letter: Letter) -> list[list[str]]:
    """The signature zones, the last first: the lines after each closing formula, up to the
    next one. A covering email and the letter it carries are each signed."""
    lines = [normalise(line) for line in letter.lines]
    closings = [index for index in range(len(lines) - 1, max(-1, len(lines) - 40), -1)
                if _CUES["closing"].search(lines[index]) and len(lines[index]) > 5]
    if not closings:
        return [[line for line in lines[-8:] if line and not _CUES["not_signature"].match(line)]]
    zones: list[list[str]] = []
    end = len(lines)
    for closing in closings:
        zones.append([line for line in lines[closing + 1 : end]
                      if line and not _CUES["not_signature"].match(line)])
        end = closing
    return zones


_CELL = re.compile(r"\s+[|\-\u2013\u2014]\s+|\s*[:;]\s+|,\s+|\s{2,}")


def _leading_name(line: str) -> PersonName | None:
    """The name that opens a line of several parts ("Fabrice Robin : 8 impasse des
    Tanneurs", "Fabrice Robin – 06 12 34 56 78"), the first part alone."""
    first = _CELL.split(normalise(line), 1)
    return parse_name(first[0]) if len(first) > 1 and re.search(r"[\d@]", first[1]) else None


def street_without_name(street: str | None, writer: PersonName | None) -> str | None:
    """The street of a one-line sender block without the writer's name that opens it
    ("Fabrice Robin : 8 impasse des Tanneurs" -> "8 impasse des Tanneurs")."""
    if not street or writer is None:
        return street
    parts = _CELL.split(street, 1)
    name = parse_name(parts[0]) if len(parts) == 2 and re.search(r"\d", parts[1]) else None
    if name and person_key(name.prenom, name.nom) == person_key(writer.prenom, writer.nom):
        return parts[1].strip()
    return street


def names_in(lines: list[str], world: World) -> list[PersonName]:
    out = []
    for line in lines:
        if world.names_organisation(line):
            continue
        name = parse_name(line) or _leading_name(line)
        if name and not world.is_staff_name(name.prenom, name.nom):
            out.append(name)
    return out


def email_sender(letter: Letter, world: World) -> tuple[PersonName | None, str | None]:
    """The email sender's name and address, when they are not the cabinet's."""
    email = letter.email
    if email is None or (email.sender_address and world.is_own_email(email.sender_address)):
        return None, None
    name = None
    if email.sender_name and "@" not in email.sender_name:
        cleaned = re.sub(r"[\"<>]", " ", email.sender_name)
        if "," in cleaned:  # "DUPONT, Marie"
            family, _, given = cleaned.partition(",")
            cleaned = f"{given.strip()} {family.strip().upper()}"
        name = parse_name(cleaned)
        if name and world.is_staff_name(name.prenom, name.nom):
            name = None
    return name, email.sender_address




def organisation_sender(letter: Letter, world: World, signature: list[str]) -> Claimant | None:
    """A commercial sender (an advertisement): the organisation's name and email only."""
    cues = {m.group().casefold() for m in _CUES["marketing"].finditer(text_of(letter))}
    if len(cues) < 2:
        return None
    name = None
    email = letter.email
    if email and email.sender_name and not world.is_own_email(email.sender_address or ""):
        name = email.sender_name.strip(' "')
    if not name:
        lines = [
            re.sub(r"^(l'[ée]quipe|le service|la direction)\s+", "", line, flags=re.IGNORECASE)
            for line in signature
            if not re.search(r"\d|@", line) and re.search(r"[A-Za-zÀ-ÿ]{4}", line)
        ]
        name = lines[-1] if lines else None
    address = email.sender_address if email and email.sender_address else None
    if address is None or world.is_own_email(address):
        found = [e for e in find_emails("\n".join(signature)) if not world.is_own_email(e)]
        address = found[0] if found else None
    if name is None and address is None:
        return None
    return Claimant(nom=name, email=address)


def entity_name(nlp: LazyNlp, lines: list[str], world: World) -> PersonName | None:
    """A PER entity of the sender block or the signature, when the rules found no name."""
    if not lines:
        return None
    for doc in nlp.pipe(lines):
        for entity in doc.ents:
            if entity.label_ != "PER" or world.names_organisation(entity.text):
                continue
            name = parse_name(entity.text)
            if name and not world.is_staff_name(name.prenom, name.nom):
                return name
    return None
