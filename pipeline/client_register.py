"""The client register: the CRM export in ``config/registre/`` (spec/register.md).

Not to be confused with the *complaint register*, the daily Excel the product writes.

`load_client_register(folder, settings)` reads three tables, ``clients``, ``contrats``
and ``sinistres``, from ``registre.xlsx`` (one sheet each, read-only) when that file
exists, else from ``clients.csv``, ``contrats.csv`` and ``sinistres.csv``. CSV files
may be UTF-8 (with or without BOM), Windows-1252 or UTF-16 (Excel's "Unicode text"),
separated by ``;``, ``,`` or a tab (the most frequent on the header line).

Headers are matched to the columns of register.md (or to the names
``[registre.colonnes]`` maps onto them) ignoring case, accents, surrounding spaces and
the difference between ``_``, ``-``, ``.`` and a space. Extra columns are ignored.

A missing file or a missing required column stops with a `SetupError`. A row that
cannot be used (no client_id or nom, an unknown client, a duplicate id…) is skipped
and reported as a `RegisterProblem`; a row with a bad optional value (an unreadable
phone number, an unknown gestionnaire…) is loaded without that value and reported too
(``skipped=False``). The rest loads.

Values are normalised: phone numbers to E.164 (region FR), e-mails to lower case,
postal codes to five digits (a leading zero lost by a spreadsheet is restored),
civilités to ``M.``/``Mme``, gestionnaires to collaborator ids of cabinet.toml (an id,
an e-mail or a full name is accepted), insurers to the `organismes` name when known.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import phonenumbers

from pipeline.errors import SetupError
from pipeline.settings import RegisterColumn as Col
from pipeline.settings import Settings

log = logging.getLogger(__name__)

XLSX_NAME = "registre.xlsx"


class Table(StrEnum):
    """The three tables of the export: file stem and sheet name."""

    CLIENTS = "clients"
    CONTRATS = "contrats"
    SINISTRES = "sinistres"


# Columns each table must have (the others of register.md are optional columns).
REQUIRED_COLUMNS: dict[Table, tuple[Col, ...]] = {
    Table.CLIENTS: (
        Col.CLIENT_ID, Col.STATUT, Col.NOM, Col.PRENOM, Col.ADRESSE, Col.CODE_POSTAL,
        Col.VILLE, Col.GESTIONNAIRE,
    ),
    Table.CONTRATS: (Col.NUMERO_CONTRAT, Col.CLIENT_ID, Col.ASSUREUR, Col.PRODUIT),
    Table.SINISTRES: (Col.NUMERO_SINISTRE, Col.NUMERO_CONTRAT, Col.CLIENT_ID, Col.ASSUREUR),
}  # fmt: skip
OPTIONAL_COLUMNS: dict[Table, tuple[Col, ...]] = {
    Table.CLIENTS: (Col.CIVILITE, Col.EMAIL, Col.TELEPHONE),
    Table.CONTRATS: (Col.GESTIONNAIRE,),
    Table.SINISTRES: (Col.GESTIONNAIRE,),
}


class ClientStatus(StrEnum):
    CLIENT = "client"
    PROSPECT = "prospect"


class Civilite(StrEnum):
    M = "M."
    MME = "Mme"


@dataclass(frozen=True)
class Client:
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
class Claim:
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
    claims: dict[str, Claim]  # by reference_key(numero_sinistre)
    problems: tuple[RegisterProblem, ...] = ()
    source: str = ""  # the folder or workbook it was read from
    _contracts_by_client: dict[str, tuple[Contract, ...]] = field(
        init=False, repr=False, compare=False
    )
    _claims_by_client: dict[str, tuple[Claim, ...]] = field(init=False, repr=False, compare=False)
    _claims_by_contract: dict[str, tuple[Claim, ...]] = field(init=False, repr=False, compare=False)

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

    def claim(self, numero_sinistre: str) -> Claim | None:
        return self.claims.get(reference_key(numero_sinistre))

    def contracts_of(self, client_id: str) -> tuple[Contract, ...]:
        return self._contracts_by_client.get(client_id.strip(), ())

    def claims_of(self, client_id: str) -> tuple[Claim, ...]:
        return self._claims_by_client.get(client_id.strip(), ())

    def claims_under(self, numero_contrat: str) -> tuple[Claim, ...]:
        return self._claims_by_contract.get(reference_key(numero_contrat), ())


def _group(items: Iterable[Any], key: Any) -> dict[str, tuple[Any, ...]]:
    out: dict[str, list[Any]] = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return {k: tuple(v) for k, v in out.items()}


# --- entry point --------------------------------------------------------------------------


def load_client_register(folder: Path, settings: Settings) -> ClientRegister:
    """Read the export in `folder`. SetupError when a table or a required column is missing."""
    if not folder.is_dir():
        raise SetupError(f"Registre client : dossier introuvable : {folder}")
    workbook = folder / XLSX_NAME
    if workbook.is_file():
        stray = [t.value + ".csv" for t in Table if (folder / f"{t.value}.csv").exists()]
        if stray:
            log.warning("client register: %s is used, %s ignored", workbook, ", ".join(stray))
        tables = _read_workbook(workbook, settings)
        source = str(workbook)
    else:
        tables = {t: _read_csv(folder / f"{t.value}.csv", t, settings) for t in Table}
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


# --- reading tables -----------------------------------------------------------------------


@dataclass
class _Rows:
    """One table: its label for messages and its rows as {column: trimmed text}."""

    table: Table
    label: str
    rows: list[tuple[int, dict[Col, str]]]
    notes: list[tuple[int, str]] = field(default_factory=list)  # rows loaded, but worth a word


def _fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a header or a name."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s_.\-]+", " ", bare.casefold()).strip()


def _map_columns(
    headers: list[str], table: Table, label: str, settings: Settings
) -> dict[Col, int]:
    folded = [_fold(h.lstrip("\ufeff")) for h in headers]
    found: dict[Col, int] = {}
    for column in (*REQUIRED_COLUMNS[table], *OPTIONAL_COLUMNS[table]):
        expected = settings.header_for(column)
        if _fold(expected) in folded:
            found[column] = folded.index(_fold(expected))
        elif column in REQUIRED_COLUMNS[table]:
            mapped = (
                f" (en-tête « {expected} » selon [registre.colonnes])" if expected != column else ""
            )
            shown = ", ".join(f"« {h.strip()} »" for h in headers if h.strip()) or "aucun"
            raise SetupError(
                f"Registre client : colonne obligatoire « {column} »{mapped} absente de "
                f"{label} (en-têtes trouvés : {shown})"
            )
    return found


def _decode(data: bytes) -> tuple[str, list[int]]:
    """The text of a CSV export, and the lines read as Windows-1252 inside a UTF-8 file.

    UTF-16 by its BOM; else UTF-8 (a BOM dropped) when it decodes; else line by line: a
    file whose every accented line fails UTF-8 is a Windows-1252 export (nothing to say),
    but a UTF-8 file with a few Windows-1252 lines (rows pasted from another export) keeps
    its UTF-8 lines as they are and names the others, instead of garbling every accent.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    accented = [i for i, line in enumerate(lines) if any(b > 0x7F for b in line)]
    utf8 = set()
    for i in accented:
        try:
            lines[i].decode("utf-8")
            utf8.add(i)
        except UnicodeDecodeError:
            pass
    if not utf8:
        return data.decode("cp1252", errors="replace"), []
    text = "\n".join(line.decode("utf-8") if i in utf8 or i not in accented
                     else line.decode("cp1252", errors="replace")
                     for i, line in enumerate(lines))
    return text, [i + 1 for i in accented if i not in utf8]


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _read_csv(path: Path, table: Table, settings: Settings) -> _Rows:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SetupError(
            f"Registre client : fichier introuvable : {path} "
            f"(ni {XLSX_NAME} avec une feuille « {table.value} »)"
        ) from None
    except OSError as exc:
        raise SetupError(f"Registre client : fichier illisible : {path} ({exc.strerror})") from None
    text, cp1252_lines = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = _rows(_numbered(reader), table, path.name, settings)
    rows.notes += [(line, "ligne en Windows-1252 dans un fichier UTF-8 : lue comme telle, "
                          "vérifiez ses accents et réenregistrez le fichier en UTF-8")
                   for line in cp1252_lines]
    return rows


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on (a quoted field may span lines)."""
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _rows(
    records: Iterable[tuple[int, list[str]]], table: Table, label: str, settings: Settings
) -> _Rows:
    records = iter(records)
    for _, headers in records:
        if any(h.strip() for h in headers):
            break
    else:
        raise SetupError(f"Registre client : {label} est vide (pas de ligne d'en-têtes)")
    columns = _map_columns(headers, table, label, settings)
    rows: list[tuple[int, dict[Col, str]]] = []
    for line, record in records:
        if not any(v.strip() for v in record):
            continue  # blank line, or a row of empty cells
        values = {col: record[i].strip() if i < len(record) else "" for col, i in columns.items()}
        rows.append((line, values))
    return _Rows(table, label, rows)


def _read_workbook(path: Path, settings: Settings) -> dict[Table, _Rows]:
    import openpyxl  # only here: the rest of the product never reads the CRM workbook

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike
        raise SetupError(f"Registre client : classeur illisible : {path} ({exc})") from None
    try:
        sheets = {_fold(name): name for name in workbook.sheetnames}
        tables: dict[Table, _Rows] = {}
        for table in Table:
            name = sheets.get(table.value)
            if name is None:
                raise SetupError(
                    f"Registre client : feuille « {table.value} » absente de {path} "
                    f"(feuilles trouvées : {', '.join(workbook.sheetnames)})"
                )
            records = (
                (number, [_cell_text(v) for v in row])
                for number, row in enumerate(workbook[name].iter_rows(values_only=True), start=1)
            )
            tables[table] = _rows(records, table, f"{path.name}, feuille {name}", settings)
        return tables
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


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
                self.staff[_fold(name)] = c.id
        self.organisations = {
            _fold(name): org.name for org in settings.organisations for name in org.names
        }

    def report(self, rows: _Rows, line: int, message: str, *, skipped: bool = True) -> None:
        order = list(Table).index(rows.table)
        self.problems.append((order, RegisterProblem(rows.label, line, message, skipped)))

    def build(self, tables: dict[Table, _Rows], source: str) -> ClientRegister:
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

    def clients(self, rows: _Rows) -> tuple[dict[str, Client], dict[str, tuple[int, str]]]:
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

    def contracts(self, rows: _Rows, clients: dict[str, Client]) -> dict[str, Contract]:
        contracts: dict[str, Contract] = {}
        for line, v in rows.rows:
            numero, client_id = v[Col.NUMERO_CONTRAT], v[Col.CLIENT_ID]
            if not numero:
                self.report(rows, line, "numéro de contrat vide : ligne ignorée")
                continue
            key = reference_key(numero)
            if key in contracts:
                first = contracts[key].line
                self.report(
                    rows, line, f"contrat {numero} en double (déjà ligne {first}) : ligne ignorée"
                )
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
                organisme=self.organisations.get(_fold(assureur)) if assureur else None,
                produit=v[Col.PRODUIT] or None,
                gestionnaire=self.gestionnaire(rows, line, v.get(Col.GESTIONNAIRE, "")),
                line=line,
            )
        return contracts

    def claims(
        self, rows: _Rows, clients: dict[str, Client], contracts: dict[str, Contract]
    ) -> dict[str, Claim]:
        claims: dict[str, Claim] = {}
        for line, v in rows.rows:
            numero, numero_contrat, client_id = (
                v[Col.NUMERO_SINISTRE], v[Col.NUMERO_CONTRAT], v[Col.CLIENT_ID]
            )  # fmt: skip
            if not numero:
                self.report(rows, line, "numéro de sinistre vide : ligne ignorée")
                continue
            key = reference_key(numero)
            if key in claims:
                first = claims[key].line
                self.report(
                    rows, line, f"sinistre {numero} en double (déjà ligne {first}) : ligne ignorée"
                )
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
            claims[key] = Claim(
                numero_sinistre=numero,
                client_id=client_id,
                numero_contrat=numero_contrat or None,
                assureur=assureur,
                organisme=self.organisations.get(_fold(assureur)) if assureur else None,
                gestionnaire=self.gestionnaire(rows, line, v.get(Col.GESTIONNAIRE, "")),
                line=line,
            )
        return claims

    # --- values

    def civilite(self, rows: _Rows, line: int, raw: str) -> Civilite | None:
        if not raw:
            return None
        found = _CIVILITES.get(_fold(raw).replace(" ", ""))
        if found is None:
            self.report(rows, line, f"civilité « {raw} » inconnue : ignorée", skipped=False)
        return found

    def code_postal(self, rows: _Rows, line: int, raw: str) -> str | None:
        if not raw:
            return None
        digits = re.sub(r"\s", "", raw)
        digits = re.sub(r"\.0+$", "", digits)  # 1000.0, from a spreadsheet's number cell
        if digits.isdigit() and len(digits) in (4, 5):
            return digits.zfill(5)
        self.report(rows, line, f"code postal « {raw} » invalide : ignoré", skipped=False)
        return None

    def email(self, rows: _Rows, line: int, raw: str) -> str | None:
        if not raw:
            return None
        value = raw.strip().lower().removeprefix("mailto:")
        first = re.split(r"[;,\s]+", value)[0]
        if _EMAIL_RE.match(first):
            return first
        self.report(rows, line, f"adresse e-mail « {raw} » invalide : ignorée", skipped=False)
        return None

    def phones(self, rows: _Rows, line: int, raw: str) -> tuple[str, ...]:
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

    def gestionnaire(self, rows: _Rows, line: int, raw: str) -> str | None:
        if not raw:
            return None
        found = self.staff.get(_fold(raw))
        if found is None:
            self.report(
                rows,
                line,
                f"gestionnaire « {raw} » inconnu de cabinet.toml : ignoré",
                skipped=False,
            )
        return found


def _statut(raw: str) -> ClientStatus | None:
    folded = _fold(raw)
    if folded.startswith("client"):
        return ClientStatus.CLIENT
    if folded.startswith("prospect"):
        return ClientStatus.PROSPECT
    return None
