"""The client register as a gazetteer of names: when a line of the sender block or
signature holds a client's whole name, in the postal code read there, the name is taken
with the register's split and spelling ("Rocher-Perrin")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from pipeline.client_register import Client
from pipeline.textnorm import name_key
from pipeline.understand.names import (
    TITLES,
    PersonName,
    name_text,
    natural_case,
    person_key,
)

MAX_NAME_WORDS = 6  # the longest run of words looked up as a name


@dataclass(frozen=True)
class RegisterNames:
    """The client register's people by postal code and name words: reading looks up each run
    of words of a sender block or signature line (one dict access per run, never a scan of
    the register), so that a client's name is read whole, with the register's split and
    spelling ("Valérie Rocher Perrin" in 35000 is "Rocher-Perrin", "Valérie"), however
    the letter orders or cases it."""

    people: dict[str, tuple[str, str] | None]  # "35000 perrin rocher valerie" -> (nom, prénom)

    @classmethod
    def of(cls, clients: Iterable[Client]) -> RegisterNames:
        people: dict[str, tuple[str, str] | None] = {}
        for client in clients:
            if not (client.prenom and client.nom and client.code_postal):
                continue
            key = _register_key(client.code_postal, f"{client.prenom} {client.nom}".split())
            entry = (natural_case(client.nom), natural_case(client.prenom))
            people[key] = entry if people.get(key, entry) == entry else None  # homonyms: none
        return cls(people)

    def find(self, code: str | None, line: str) -> PersonName | None:
        """The client of postal code `code` whose whole name is a run of words of `line`."""
        if not code or not self.people:
            return None
        tokens = name_text(line).split()
        civilite = None
        if tokens and tokens[0].casefold() in TITLES:
            civilite = TITLES[tokens[0].casefold()]
            tokens = tokens[1:]
        for size in range(min(len(tokens), MAX_NAME_WORDS), 1, -1):
            for start in range(len(tokens) - size + 1):
                found = self.people.get(_register_key(code, tokens[start : start + size]))
                if found:
                    return PersonName(civilite, found[1], found[0], True, civilite is not None)
        return None


def _register_key(code: str, words: list[str]) -> str:
    return " ".join([code, *sorted(name_key(" ".join(words)).split())])


def from_register(
    names: RegisterNames | None, codes: list[str], lines: list[str], writer: PersonName | None
) -> PersonName | None:
    """The writer as the register names them, when a line of the sender block or signature
    is a client's whole name in a postal code read there (the address's first, then any
    code of five digits those lines hold, for an address OCR damaged): the register's split and
    spelling for the name the rules read (or read in part: "Valérie Rocher" of "Valérie
    Rocher - Perrin"), or the name the rules could not read (debris of a degraded scan). A
    name the rules read that is another person's is kept."""
    if names is None:
        return writer
    for code, line in ((c, line) for c in codes for line in lines):
        found = names.find(code, line)
        if found is None:
            continue
        if writer is None:
            return found
        read = set(person_key(writer.prenom, writer.nom).split())
        if read <= set(person_key(found.prenom, found.nom).split()):  # the same, or read in part
            return replace(found, civilite=writer.civilite or found.civilite, titled=writer.titled)
    return writer
