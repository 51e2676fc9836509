"""What the mail generator reads: the client register and the cabinet's settings.

The register is read with the csv module by the column names of spec/register.md
(UTF-8 with or without BOM, or Windows-1252; `;` or `,`). The cabinet's settings come
from `config/cabinet.toml` when it exists, else from built-in defaults that match the
procedure (process owner `mlefevre`).
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CABINET_NAME = "Alter Ego Assurances"
CABINET_ADDRESS = ("12 avenue de la République", "75011 Paris")
CABINET_EMAIL = "reclamations@alteregoassurances.fr"
DEFAULT_PROCESS_OWNER = "mlefevre"
MEDIATOR_NAME = "La Médiation de l'Assurance"
MEDIATOR_ADDRESS = ("TSA 50110", "75441 Paris Cedex 09")


@dataclass(frozen=True)
class Client:
    client_id: str
    statut: str
    civilite: str
    nom: str
    prenom: str
    adresse: str
    code_postal: str
    ville: str
    email: str
    telephone: str
    gestionnaire: str


@dataclass(frozen=True)
class Contract:
    numero_contrat: str
    client_id: str
    assureur: str
    produit: str
    gestionnaire: str


@dataclass(frozen=True)
class Claim:
    numero_sinistre: str
    numero_contrat: str
    client_id: str
    assureur: str
    gestionnaire: str


@dataclass(frozen=True)
class ClientRegister:
    clients: dict[str, Client]
    contracts: dict[str, Contract]
    claims: dict[str, Claim]

    def contracts_of(self, client_id: str) -> list[Contract]:
        return [c for c in self.contracts.values() if c.client_id == client_id]

    def claims_of(self, client_id: str) -> list[Claim]:
        return [c for c in self.claims.values() if c.client_id == client_id]


@dataclass(frozen=True)
class Organisation:
    nom: str
    type: str  # "assureur" | "intermediaire"
    alias: tuple[str, ...] = ()
    adresse: str = ""


@dataclass(frozen=True)
class Staff:
    id: str
    nom: str
    email: str


@dataclass(frozen=True)
class Cabinet:
    process_owner: str
    staff: tuple[Staff, ...]
    organisations: tuple[Organisation, ...]
    mediator_name: str = MEDIATOR_NAME
    mediator_address: tuple[str, ...] = MEDIATOR_ADDRESS
    from_config: bool = False


DEFAULT_STAFF = (
    Staff("mlefevre", "Marie Lefèvre", "m.lefevre@alteregoassurances.fr"),
    Staff("tnguyen", "Thomas Nguyen", "t.nguyen@alteregoassurances.fr"),
)

DEFAULT_ORGANISATIONS = (
    Organisation("MAAF Assurances", "assureur", ("MAAF",),
                 "MAAF Assurances, Service Réclamations, 79036 Niort Cedex 9"),
    Organisation("MACIF", "assureur", ("Macif",), "MACIF, Service Réclamations, 79037 Niort Cedex 9"),
    Organisation("Matmut", "assureur", ("MATMUT",), "Matmut, 66 rue de Sotteville, 76100 Rouen"),
    Organisation("AXA France", "assureur", ("AXA",), "AXA France, Service Clients, 313 Terrasses de l'Arche, 92727 Nanterre Cedex"),
    Organisation("Groupama", "assureur", (), "Groupama, Service Consommateurs, 8-10 rue d'Astorg, 75008 Paris"),
    Organisation("GMF", "assureur", (), "GMF, Service Réclamations, 45930 Orléans Cedex 9"),
    Organisation("Allianz France", "assureur", ("Allianz",), "Allianz France, Service Réclamations, 1 cours Michelet, 92076 Paris La Défense Cedex"),
    Organisation("Courtage Loire Conseil", "intermediaire", (), "Courtage Loire Conseil, 8 quai de la Fosse, 44000 Nantes"),
)


def _read_table(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def _postal_code(value: str) -> str:
    """A code that lost its leading zero in a spreadsheet (1000 for 01000) is restored."""
    value = value.strip()
    return value.zfill(5) if value.isdigit() and len(value) == 4 else value


def load_register(register_dir: Path) -> ClientRegister:
    """Read clients.csv, contrats.csv and sinistres.csv; raise FileNotFoundError if absent."""
    clients = {
        r["client_id"]: Client(
            client_id=r["client_id"], statut=r.get("statut") or "client",
            civilite=r.get("civilite", ""), nom=r.get("nom", ""), prenom=r.get("prenom", ""),
            adresse=r.get("adresse", ""), code_postal=_postal_code(r.get("code_postal", "")),
            ville=r.get("ville", ""), email=r.get("email", ""),
            telephone=r.get("telephone", ""), gestionnaire=r.get("gestionnaire", ""),
        )
        for r in _read_table(register_dir / "clients.csv")
        if r.get("client_id") and r.get("nom")
    }
    contracts = {
        r["numero_contrat"]: Contract(
            numero_contrat=r["numero_contrat"], client_id=r.get("client_id", ""),
            assureur=r.get("assureur", ""), produit=r.get("produit", ""),
            gestionnaire=r.get("gestionnaire", ""),
        )
        for r in _read_table(register_dir / "contrats.csv")
        if r.get("numero_contrat") and r.get("client_id") in clients
    }
    claims_path = register_dir / "sinistres.csv"
    claims = {
        r["numero_sinistre"]: Claim(
            numero_sinistre=r["numero_sinistre"], numero_contrat=r.get("numero_contrat", ""),
            client_id=r.get("client_id", ""), assureur=r.get("assureur", ""),
            gestionnaire=r.get("gestionnaire", ""),
        )
        for r in (_read_table(claims_path) if claims_path.exists() else [])
        if r.get("numero_sinistre") and r.get("numero_contrat") in contracts
    }
    return ClientRegister(clients, contracts, claims)


def load_cabinet(path: Path) -> Cabinet:
    """Read cabinet.toml when present; built-in defaults otherwise."""
    if not path.exists():
        return Cabinet(DEFAULT_PROCESS_OWNER, DEFAULT_STAFF, DEFAULT_ORGANISATIONS)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    staff = tuple(
        Staff(str(c.get("id", "")), str(c.get("nom", "")), str(c.get("email", "")))
        for c in data.get("collaborateurs", [])
        if c.get("id")
    )
    owner = next(
        (str(c["id"]) for c in data.get("collaborateurs", [])
         if c.get("responsable_reclamations") and c.get("id")),
        DEFAULT_PROCESS_OWNER,
    )
    orgs = tuple(
        Organisation(
            str(o["nom"]), str(o.get("type", "assureur")),
            tuple(str(a) for a in o.get("alias", [])), str(o.get("adresse_reclamations", "")),
        )
        for o in data.get("organismes", [])
        if o.get("nom")
    )
    med = data.get("mediateur", {})
    med_addr = str(med.get("adresse", "")) or ", ".join(MEDIATOR_ADDRESS)
    return Cabinet(
        process_owner=owner,
        staff=staff or DEFAULT_STAFF,
        organisations=orgs or DEFAULT_ORGANISATIONS,
        mediator_name=str(med.get("nom", MEDIATOR_NAME)),
        mediator_address=tuple(p.strip() for p in med_addr.split(",")),
        from_config=True,
    )


@dataclass
class _DemoRows:
    clients: list[list[str]] = field(default_factory=list)
    contrats: list[list[str]] = field(default_factory=list)
    sinistres: list[list[str]] = field(default_factory=list)


def write_demo_register(register_dir: Path) -> None:
    """Write a tiny register (UTF-8 with BOM, `;`) for tests and demos without the real one."""
    rows = _DemoRows()
    rows.clients = [
        ["C000101", "client", "Mme", "Durand", "Sophie", "12 rue des Lilas", "69003", "Lyon",
         "sophie.durand@example.fr", "06 12 34 56 78", "tnguyen"],
        ["C000102", "client", "M.", "Moreau", "Julien", "5 allée des Tilleuls", "33000", "Bordeaux",
         "", "0556781234", "mlefevre"],
        ["C000103", "client", "Mme", "Lambert-Roche", "Élodie", "27 boulevard Voltaire",
         "75011", "Paris", "e.lambert@example.org", "+33 6 45 22 10 98", "tnguyen"],
        ["C000104", "client", "M.", "Girard", "François", "3 place de la Mairie", "44000",
         "Nantes", "fgirard@example.net", "", "mlefevre"],
        ["C000105", "prospect", "Mme", "Benali", "Nadia", "18 rue Nationale", "59000", "Lille",
         "nadia.benali@example.fr", "07 81 22 45 60", "tnguyen"],
        ["C000106", "client", "M.", "Petit", "Hervé", "9 chemin des Vignes", "21000", "Dijon",
         "", "03 80 12 34 56", "mlefevre"],
    ]
    rows.contrats = [
        ["AX-2023-004512", "C000101", "AXA France", "MRH", ""],
        ["AL-2022-118734", "C000101", "Allianz France", "Auto", "mlefevre"],
        ["45 871 236 P", "C000102", "Generali", "Auto", ""],
        ["GMA-778120", "C000103", "Groupama", "Santé", ""],
        ["MM/2024/00981", "C000104", "MMA", "RC Pro", "tnguyen"],
        ["SW-PRV-55120", "C000106", "Swiss Life", "Prévoyance", ""],
    ]
    rows.sinistres = [
        ["SIN-24-00123", "AX-2023-004512", "C000101", "AXA France", ""],
        ["2025-AU-77841", "45 871 236 P", "C000102", "Generali", "tnguyen"],
        ["S-883120", "MM/2024/00981", "C000104", "MMA", ""],
    ]
    register_dir.mkdir(parents=True, exist_ok=True)
    heads = {
        "clients": ["client_id", "statut", "civilite", "nom", "prenom", "adresse", "code_postal",
                    "ville", "email", "telephone", "gestionnaire"],
        "contrats": ["numero_contrat", "client_id", "assureur", "produit", "gestionnaire"],
        "sinistres": ["numero_sinistre", "numero_contrat", "client_id", "assureur", "gestionnaire"],
    }
    for name, head in heads.items():
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        writer.writerow(head)
        writer.writerows(getattr(rows, name))
        (register_dir / f"{name}.csv").write_text("\ufeff" + buf.getvalue(), encoding="utf-8")
