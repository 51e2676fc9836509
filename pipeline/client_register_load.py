"""Loading the client register: its files read, their rows checked and normalised.

`load_client_register(folder, settings)` reads ``registre.xlsx`` when that file exists,
else the three CSV files (`pipeline.client_register_files`), and builds the
`ClientRegister`.

A row that cannot be used (no client_id or nom, an unknown client, a duplicate id…) is
skipped and reported as a `RegisterProblem`; a row with a bad optional value (an
unreadable phone number, an unknown gestionnaire…) is loaded without that value and
reported too (``skipped=False``). The rest loads.

Values are normalised: phone numbers to E.164 (region FR), e-mails to lower case,
postal codes to five digits (a leading zero lost by a spreadsheet is restored),
civilités to ``M.``/``Mme``, gestionnaires to collaborator ids of cabinet.toml (an id,
an e-mail or a full name is accepted), insurers to the `organismes` name when known.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping
from pathlib import Path

import phonenumbers

from pipeline.client_register import (
    Civilite,
    Client,
    ClientRegister,
    ClientStatus,
    Contract,
    RegisteredClaim,
    RegisterProblem,
    reference_key,
)
from pipeline.client_register_files import (
    XLSX_NAME,
    Table,
    TableRows,
    read_csv,
    read_workbook,
)
from pipeline.errors import SetupError
from pipeline.settings import RegisterColumn as Col
from pipeline.settings import Settings
from pipeline.textnorm import header_key

log = logging.getLogger(__name__)


def load_client_register(folder: Path, settings: Settings) -> ClientRegister:
    """Read the export in `folder`. SetupError when a table or a required column is missing."""
    if not folder.is_dir():
        raise SetupError(f"Registre client : dossier introuvable : {folder}")
    workbook = folder / XLSX_NAME
    if workbook.is_file():
        stray = [t.value + ".csv" for t in Table if (folder / f"{t.value}.csv").exists()]
        if stray:
            log.warning("client register: %s is used, %s ignored", workbook, ", ".join(stray))
        tables = read_workbook(workbook, settings)
        source = str(workbook)
    else:
        tables = {t: read_csv(folder / f"{t.value}.csv", t, settings) for t in Table}
        source = str(folder)
    register = _Builder(settings).build(tables, source)
    log.info(
        "client register loaded from %s: %d clients, %d contracts, %d claims, %d problems",
        source,
        len(register.clients),
        len(register.contracts),
        len(register.claims),
        len(register.problems),
    )
    return register


# --- building the register ----------------------------------------------------------------

_EMAIL_RE = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+$")
_CIVILITES = {
    "m": Civilite.M,
    "mr": Civilite.M,
    "monsieur": Civilite.M,
    "mme": Civilite.MME,
    "madame": Civilite.MME,
    "mlle": Civilite.MME,
    "melle": Civilite.MME,
    "mademoiselle": Civilite.MME,
}


class _Builder:
    def __init__(self, settings: Settings) -> None:
        self.problems: list[tuple[int, RegisterProblem]] = []  # (table order, problem)
        self.staff: dict[str, str] = {}
        for c in settings.collaborators:
            for name in (c.id, c.email, c.name):
                self.staff[header_key(name)] = c.id
        self.organisations = {
            header_key(name): org.name for org in settings.organisations for name in org.names
        }

    def report(self, rows: TableRows, line: int, message: str, *, skipped: bool = True) -> None:
        order = list(Table).index(rows.table)
        self.problems.append((order, RegisterProblem(rows.label, line, message, skipped)))

    def build(self, tables: dict[Table, TableRows], source: str) -> ClientRegister:
        for rows in tables.values():
            for line, message in rows.notes:
                self.report(rows, line, message, skipped=False)
        clients, unsure = self.clients(tables[Table.CLIENTS])
        contracts = self.contracts(tables[Table.CONTRATS], clients)
        claims = self.claims(tables[Table.SINISTRES], clients, contracts)
        holders = {c.client_id for c in contracts.values()}
        for client_id, (line, raw) in unsure.items():
            status = ClientStatus.CLIENT if client_id in holders else ClientStatus.PROSPECT
            clients[client_id] = dataclasses.replace(clients[client_id], statut=status)
            said = f"statut « {raw} » inconnu" if raw else "statut vide"
            self.report(
                tables[Table.CLIENTS],
                line,
                f"client {client_id} : {said}, « {status} » retenu "
                f"({'il a' if status is ClientStatus.CLIENT else 'aucun'} contrat)",
                skipped=False,
            )
        self.problems.sort(key=lambda p: (p[0], p[1].line))
        problems = tuple(p for _, p in self.problems)
        return ClientRegister(clients, contracts, claims, problems, source)

    def clients(self, rows: TableRows) -> tuple[dict[str, Client], dict[str, tuple[int, str]]]:
        clients: dict[str, Client] = {}
        unsure: dict[str, tuple[int, str]] = {}  # client_id -> (line, raw statut)
        for line, v in rows.rows:
            client_id, nom = v[Col.CLIENT_ID], v[Col.NOM]
            if not client_id:
                self.report(rows, line, "client_id vide : ligne ignorée")
                continue
            if client_id in clients:
                first = clients[client_id].line
                self.report(
                    rows, line, f"client {client_id} en double (déjà ligne {first}) : ligne ignorée"
                )
                continue
            if not nom:
                self.report(rows, line, f"client {client_id} : nom vide : ligne ignorée")
                continue
            statut = _statut(v[Col.STATUT])
            if statut is None:
                unsure[client_id] = (line, v[Col.STATUT])
            clients[client_id] = Client(
                client_id=client_id,
                statut=statut or ClientStatus.CLIENT,
                nom=nom,
                prenom=v[Col.PRENOM] or None,
                civilite=self.civilite(rows, line, v.get(Col.CIVILITE, "")),
                adresse=v[Col.ADRESSE] or None,
                code_postal=self.code_postal(rows, line, v[Col.CODE_POSTAL]),
                ville=v[Col.VILLE] or None,
                email=self.email(rows, line, v.get(Col.EMAIL, "")),
                telephones=self.phones(rows, line, v.get(Col.TELEPHONE, "")),
                gestionnaire=self.gestionnaire(rows, line, v[Col.GESTIONNAIRE]),
                line=line,
            )
        return clients, unsure

    def contracts(self, rows: TableRows, clients: dict[str, Client]) -> dict[str, Contract]:
        contracts: dict[str, Contract] = {}
        for line, v in rows.rows:
            numero, client_id = v[Col.NUMERO_CONTRAT], v[Col.CLIENT_ID]
            key = self.new_key(rows, line, numero, "contrat", contracts)
            if key is None:
                continue
            if not client_id:
                self.report(rows, line, f"contrat {numero} : client_id vide : ligne ignorée")
                continue
            if client_id not in clients:
                self.report(
                    rows,
                    line,
                    f"contrat {numero} : client {client_id} absent de clients : ligne ignorée",
                )
                continue
            assureur = v[Col.ASSUREUR] or None
            contracts[key] = Contract(
                numero_contrat=numero,
                client_id=client_id,
                assureur=assureur,
                organisme=self.organisations.get(header_key(assureur)) if assureur else None,
                produit=v[Col.PRODUIT] or None,
                gestionnaire=self.gestionnaire(rows, line, v.get(Col.GESTIONNAIRE, "")),
                line=line,
            )
        return contracts

    def claims(
        self, rows: TableRows, clients: dict[str, Client], contracts: dict[str, Contract]
    ) -> dict[str, RegisteredClaim]:
        claims: dict[str, RegisteredClaim] = {}
        for line, v in rows.rows:
            numero, numero_contrat, client_id = (
                v[Col.NUMERO_SINISTRE], v[Col.NUMERO_CONTRAT], v[Col.CLIENT_ID]
            )  # fmt: skip
            key = self.new_key(rows, line, numero, "sinistre", claims)
            if key is None:
                continue
            contract = contracts.get(reference_key(numero_contrat)) if numero_contrat else None
            if not client_id and contract is not None:
                client_id = contract.client_id
            if client_id not in clients:
                if client_id:
                    why = f"client {client_id} absent de clients"
                elif numero_contrat:
                    why = f"contrat {numero_contrat} absent de contrats et client_id vide"
                else:
                    why = "ni client_id ni numéro de contrat"
                self.report(rows, line, f"sinistre {numero} : {why} : ligne ignorée")
                continue
            if numero_contrat and contract is None:
                self.report(
                    rows,
                    line,
                    f"sinistre {numero} : contrat {numero_contrat} absent de contrats "
                    f"(sinistre rattaché au client {client_id})",
                    skipped=False,
                )
            if contract is not None and contract.client_id != client_id:
                self.report(
                    rows,
                    line,
                    f"sinistre {numero} : le contrat {contract.numero_contrat} appartient au "
                    f"client {contract.client_id}, pas à {client_id} (client {client_id} retenu)",
                    skipped=False,
                )
            assureur = v[Col.ASSUREUR] or (contract.assureur if contract else None)
            claims[key] = RegisteredClaim(
                numero_sinistre=numero,
                client_id=client_id,
                numero_contrat=numero_contrat or None,
                assureur=assureur,
                organisme=self.organisations.get(header_key(assureur)) if assureur else None,
                gestionnaire=self.gestionnaire(rows, line, v.get(Col.GESTIONNAIRE, "")),
                line=line,
            )
        return claims

    def new_key(
        self, rows: TableRows, line: int, numero: str, kind: str,
        known: Mapping[str, Contract] | Mapping[str, RegisteredClaim],
    ) -> str | None:
        """The `reference_key` of a row's number (`kind`: "contrat" or "sinistre"); None,
        reported, when the number is empty or already read."""
        if not numero:
            self.report(rows, line, f"numéro de {kind} vide : ligne ignorée")
            return None
        key = reference_key(numero)
        if key in known:
            first = known[key].line
            self.report(
                rows, line, f"{kind} {numero} en double (déjà ligne {first}) : ligne ignorée"
            )
            return None
        return key

    # --- values

    def civilite(self, rows: TableRows, line: int, raw: str) -> Civilite | None:
        if not raw:
            return None
        found = _CIVILITES.get(header_key(raw).replace(" ", ""))
        if found is None:
            self.report(rows, line, f"civilité « {raw} » inconnue : ignorée", skipped=False)
        return found

    def code_postal(self, rows: TableRows, line: int, raw: str) -> str | None:
        if not raw:
            return None
        digits = re.sub(r"\s", "", raw)
        digits = re.sub(r"\.0+$", "", digits)  # 1000.0, from a spreadsheet's number cell
        if digits.isdigit() and len(digits) in (4, 5):
            return digits.zfill(5)
        self.report(rows, line, f"code postal « {raw} » invalide : ignoré", skipped=False)
        return None

    def email(self, rows: TableRows, line: int, raw: str) -> str | None:
        if not raw:
            return None
        value = raw.strip().lower().removeprefix("mailto:")
        first = re.split(r"[;,\s]+", value)[0]
        if _EMAIL_RE.match(first):
            return first
        self.report(rows, line, f"adresse e-mail « {raw} » invalide : ignorée", skipped=False)
        return None

    def phones(self, rows: TableRows, line: int, raw: str) -> tuple[str, ...]:
        if not raw:
            return ()
        numbers: list[str] = []
        for part in re.split(r"\s*(?:[/;,|\n]|\bou\b|\bet\b)\s*|\s+-\s+", raw):
            if not part.strip():
                continue
            try:
                parsed = phonenumbers.parse(part, "FR")
            except phonenumbers.NumberParseException:
                parsed = None
            if parsed is None or not phonenumbers.is_possible_number(parsed):
                self.report(
                    rows, line, f"téléphone « {part.strip()} » illisible : ignoré", skipped=False
                )
                continue
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            if e164 not in numbers:
                numbers.append(e164)
        return tuple(numbers)

    def gestionnaire(self, rows: TableRows, line: int, raw: str) -> str | None:
        if not raw:
            return None
        found = self.staff.get(header_key(raw))
        if found is None:
            self.report(
                rows,
                line,
                f"gestionnaire « {raw} » inconnu de cabinet.toml : ignoré",
                skipped=False,
            )
        return found


def _statut(raw: str) -> ClientStatus | None:
    folded = header_key(raw)
    if folded.startswith("client"):
        return ClientStatus.CLIENT
    if folded.startswith("prospect"):
        return ClientStatus.PROSPECT
    return None
