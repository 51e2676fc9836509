"""The client register: the CRM export in ``config/registre/`` (spec/register.md).

Not to be confused with the *complaint register*, the daily Excel the product writes.

Three tables, clients, contracts and claims (sinistres), with the rows that could not be
used (`RegisterProblem`). Numbers are keyed by `reference_key`. Reading the files is
`pipeline.client_register_files`; building the register from their rows,
`pipeline.client_register_load`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ClientStatus(StrEnum):
    """The register's `statut` column (spec/register.md): whether the person holds a contract
    with the cabinet. The claimant's standing in a complaint is `record.Statut`, which this
    feeds (a registered client or prospect) but which also knows beneficiaries and third
    parties."""

    CLIENT = "client"
    PROSPECT = "prospect"


class Civilite(StrEnum):
    """How the register and letters address a person."""

    M = "M."
    MME = "Mme"

    @property
    def in_full(self) -> str:
        """« Monsieur » or « Madame », as a letter's address and salutation write it."""
        return "Monsieur" if self is Civilite.M else "Madame"


@dataclass(frozen=True)
class Client:
    """One line of the client register, as spec/register.md names its columns."""

    client_id: str
    statut: ClientStatus
    nom: str  # family name, or a company's name
    prenom: str | None = None
    civilite: Civilite | None = None
    adresse: str | None = None  # street line(s), as exported
    code_postal: str | None = None  # five digits
    ville: str | None = None
    email: str | None = None  # lower-case
    telephones: tuple[str, ...] = ()  # E.164
    gestionnaire: str | None = None  # a collaborator id of cabinet.toml
    line: int = 0  # where it was read


@dataclass(frozen=True)
class Contract:
    numero_contrat: str  # as printed on the policy
    client_id: str
    assureur: str | None = None  # as exported
    organisme: str | None = None  # the `organismes` name `assureur` designates, when known
    produit: str | None = None
    gestionnaire: str | None = None  # overrides the client's; None when not overridden
    line: int = 0


@dataclass(frozen=True)
class RegisteredClaim:
    """A claim (sinistre) the register holds; not the journal's `Claim` of a taken file."""

    numero_sinistre: str
    client_id: str
    numero_contrat: str | None = None  # as exported (may be absent from `contrats`: reported)
    assureur: str | None = None  # as exported, else the contract's
    organisme: str | None = None
    gestionnaire: str | None = None  # overrides the contract's; None when not overridden
    line: int = 0


@dataclass(frozen=True)
class RegisterProblem:
    """A row of the export that was skipped, or loaded without one of its values."""

    file: str  # "clients.csv", or "registre.xlsx, feuille clients"
    line: int  # 1-based line (CSV) or row (sheet) where the record starts
    message: str  # French
    skipped: bool = True  # False: the row was loaded, without the value in question

    def __str__(self) -> str:
        return f"{self.file}, ligne {self.line} : {self.message}"


def reference_key(reference: str) -> str:
    """A contract or claim number without spaces, dots, dashes, slashes, or case."""
    return re.sub(r"[\s./_\\-]+", "", reference).upper()


@dataclass(frozen=True)
class ClientRegister:
    """The loaded export. Dicts are keyed by `client_id` and by `reference_key()`."""

    clients: dict[str, Client]
    contracts: dict[str, Contract]  # by reference_key(numero_contrat)
    claims: dict[str, RegisteredClaim]  # by reference_key(numero_sinistre)
    problems: tuple[RegisterProblem, ...] = ()
    source: str = ""  # the folder or workbook it was read from
    _contracts_by_client: dict[str, tuple[Contract, ...]] = field(
        init=False, repr=False, compare=False
    )
    _claims_by_client: dict[str, tuple[RegisteredClaim, ...]] = field(
        init=False, repr=False, compare=False
    )
    _claims_by_contract: dict[str, tuple[RegisteredClaim, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_contracts_by_client", _group(self.contracts.values(), lambda c: c.client_id)
        )
        object.__setattr__(
            self, "_claims_by_client", _group(self.claims.values(), lambda c: c.client_id)
        )
        object.__setattr__(
            self,
            "_claims_by_contract",
            _group(
                (c for c in self.claims.values() if c.numero_contrat),
                lambda c: reference_key(c.numero_contrat or ""),
            ),
        )

    def client(self, client_id: str) -> Client | None:
        return self.clients.get(client_id.strip())

    def contract(self, numero_contrat: str) -> Contract | None:
        return self.contracts.get(reference_key(numero_contrat))

    def claim(self, numero_sinistre: str) -> RegisteredClaim | None:
        return self.claims.get(reference_key(numero_sinistre))

    def contracts_of(self, client_id: str) -> tuple[Contract, ...]:
        return self._contracts_by_client.get(client_id.strip(), ())

    def claims_of(self, client_id: str) -> tuple[RegisteredClaim, ...]:
        return self._claims_by_client.get(client_id.strip(), ())

    def claims_under(self, numero_contrat: str) -> tuple[RegisteredClaim, ...]:
        return self._claims_by_contract.get(reference_key(numero_contrat), ())


def _group(items: Iterable[Any], key: Any) -> dict[str, tuple[Any, ...]]:
    out: dict[str, list[Any]] = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return {k: tuple(v) for k, v in out.items()}
