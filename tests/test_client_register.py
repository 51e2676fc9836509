"""The client register (CRM export): encodings, separators, XLSX, header mapping, bad rows."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import openpyxl
import pytest

from pipeline.client_register import (
    Civilite,
    ClientStatus,
    RegisterProblem,
    reference_key,
)
from pipeline.client_register_load import load_client_register
from pipeline.errors import SetupError
from pipeline.settings import Settings
from pipeline.settings_load import load_settings
from tools.synth.client_register import generate, write_csv

ROOT = Path(__file__).resolve().parents[1]

CABINET = textwrap.dedent(
    """\
    [cabinet]
    nom = "Alter Ego Assurances"
    emails = ["reclamations@alteregoassurances.fr"]
    adresse = "12 avenue de la République, 75011 Paris"

    [[collaborateurs]]
    id = "mlefevre"
    nom = "Marie Lefèvre"
    email = "m.lefevre@alteregoassurances.fr"
    responsable_reclamations = true

    [[collaborateurs]]
    id = "tnguyen"
    nom = "Thomas Nguyen"
    email = "t.nguyen@alteregoassurances.fr"

    [mediateur]
    nom = "La Médiation de l'Assurance"
    adresse = "TSA 50110, 75441 Paris Cedex 09"

    [[organismes]]
    nom = "MAAF Assurances"
    type = "assureur"
    alias = ["MAAF"]
    adresse_reclamations = "MAAF Assurances, Service Réclamations, 79036 Niort Cedex 9"
    """
)

CLIENTS = [
    ["client_id", "statut", "civilite", "nom", "prenom", "adresse", "code_postal", "ville",
     "email", "telephone", "gestionnaire"],
    ["C000101", "client", "Mme", "Lefèvre-Hénaff", "Hélène", "3 rue de l'Église", "45000",
     "Orléans", "Helene.Henaff@Orange.example", "06 39 98 12 34", "tnguyen"],
    ["C000102", "Prospect", "Monsieur", "de La Roche", "Jean-Loïc", "8 place du Marché", "1000",
     "Bourg-en-Bresse", "", "+33 (0)1 99 00 45 67 / 0639981235", "m.lefevre@alteregoassurances.fr"],
]  # fmt: skip
CONTRATS = [
    ["numero_contrat", "client_id", "assureur", "produit", "gestionnaire"],
    ["AX-2023-004512", "C000101", "AXA", "Auto", ""],
    ["MRH/2021/118254", "C000101", "maaf", "MRH", "Marie Lefèvre"],
]
SINISTRES = [
    ["numero_sinistre", "numero_contrat", "client_id", "assureur", "gestionnaire"],
    ["SIN-24-00123", "MRH/2021/118254", "C000101", "", "mlefevre"],
]


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    path = tmp_path / "cabinet.toml"
    path.write_text(CABINET, encoding="utf-8")
    return load_settings(path)


def write_csv_tables(
    folder: Path,
    tables: dict[str, list[list[str]]],
    *,
    encoding: str = "utf-8-sig",
    separator: str = ";",
) -> Path:
    """Write CSV files by hand, quoting fields that need it, with CRLF line ends."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        lines = []
        for row in rows:
            cells = [f'"{c}"' if any(x in c for x in (separator, '"', "\n")) else c for c in row]
            lines.append(separator.join(cells))
        (folder / f"{name}.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return folder


def default_tables() -> dict[str, list[list[str]]]:
    return {"clients": CLIENTS, "contrats": CONTRATS, "sinistres": SINISTRES}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
@pytest.mark.parametrize("separator", [";", ","])
def test_csv_is_read_in_every_encoding_and_separator(
    tmp_path: Path, settings: Settings, encoding: str, separator: str
) -> None:
    folder = write_csv_tables(
        tmp_path / "registre", default_tables(), encoding=encoding, separator=separator
    )
    register = load_client_register(folder, settings)
    assert register.problems == ()
    helene = register.client("C000101")
    assert helene is not None
    assert (helene.nom, helene.prenom, helene.ville) == ("Lefèvre-Hénaff", "Hélène", "Orléans")
    assert helene.adresse == "3 rue de l'Église"
    assert len(register.contracts) == 2 and len(register.claims) == 1


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_one_windows_1252_line_in_a_utf8_file_is_read_alone_and_named(
    tmp_path: Path, settings: Settings, bom: bytes
) -> None:
    folder = write_csv_tables(tmp_path / "registre", default_tables(), encoding="utf-8")
    clients = folder / "clients.csv"
    lines = clients.read_bytes().split(b"\r\n")
    pasted = next(i for i, line in enumerate(lines) if b"C000101" in line)
    lines[pasted] = lines[pasted].decode("utf-8").encode("cp1252")  # a row pasted from Excel
    clients.write_bytes(bom + b"\r\n".join(lines))
    register = load_client_register(folder, settings)
    helene = register.client("C000101")
    assert helene is not None and helene.nom == "Lefèvre-Hénaff"
    others = [c for c in register.clients.values() if c.client_id != "C000101"]
    assert all("Ã" not in f"{c.nom}{c.prenom}{c.adresse}{c.ville}" for c in others)
    (problem,) = register.problems
    assert (problem.file, problem.line, problem.skipped) == ("clients.csv", pasted + 1, False)
    assert "Windows-1252 dans un fichier UTF-8" in problem.message


def test_excel_unicode_text_export_is_read(tmp_path: Path, settings: Settings) -> None:
    folder = write_csv_tables(
        tmp_path / "registre", default_tables(), encoding="utf-16", separator="\t"
    )
    register = load_client_register(folder, settings)
    assert register.problems == ()
    assert register.client("C000101") is not None


def test_values_are_normalised(tmp_path: Path, settings: Settings) -> None:
    register = load_client_register(write_csv_tables(tmp_path / "r", default_tables()), settings)
    helene, jean = register.client("C000101"), register.client("C000102")
    assert helene is not None and jean is not None
    assert helene.email == "helene.henaff@orange.example"
    assert helene.telephones == ("+33639981234",)
    assert helene.civilite is Civilite.MME and helene.statut is ClientStatus.CLIENT
    assert jean.code_postal == "01000"  # the leading zero a spreadsheet lost
    assert jean.telephones == ("+33199004567", "+33639981235")
    assert jean.civilite is Civilite.M and jean.statut is ClientStatus.PROSPECT
    assert jean.gestionnaire == "mlefevre"  # given by e-mail
    assert jean.email is None
    mrh = register.contract("mrh 2021 118254")
    assert mrh is not None
    assert (mrh.organisme, mrh.gestionnaire) == ("MAAF Assurances", "mlefevre")
    axa = register.contract("AX-2023-004512")
    assert axa is not None and axa.organisme is None  # AXA is not among this cabinet's organismes
    claim = register.claim("sin2400123")
    assert claim is not None
    assert (claim.assureur, claim.organisme) == ("maaf", "MAAF Assurances")  # from the contract


def test_lookups_by_client_and_contract(tmp_path: Path, settings: Settings) -> None:
    register = load_client_register(write_csv_tables(tmp_path / "r", default_tables()), settings)
    assert [c.numero_contrat for c in register.contracts_of("C000101")] == [
        "AX-2023-004512",
        "MRH/2021/118254",
    ]
    assert register.contracts_of("C000102") == ()
    assert [c.numero_sinistre for c in register.claims_of("C000101")] == ["SIN-24-00123"]
    assert [c.numero_sinistre for c in register.claims_under("MRH-2021-118254")] == ["SIN-24-00123"]
    assert register.client("C999999") is None
    assert reference_key("45 871 236 P") == "45871236P"


def test_workbook_sheets_are_read(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "registre"
    folder.mkdir()
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in default_tables().items():
        sheet = workbook.create_sheet("Clients" if name == "clients" else name)
        for row in rows:
            sheet.append(row)
    sheet = workbook["Clients"]
    sheet["G3"] = 1000  # a postal code stored as a number
    sheet["J3"] = 639981299  # a phone number that lost its 0
    sheet.append(["", "client", "", "Sans Id"])
    workbook.save(folder / "registre.xlsx")

    register = load_client_register(folder, settings)
    jean = register.client("C000102")
    assert jean is not None
    assert jean.code_postal == "01000"
    assert jean.telephones == ("+33639981299",)
    assert len(register.contracts) == 2 and len(register.claims) == 1
    assert register.problems == (
        RegisterProblem("registre.xlsx, feuille Clients", 4, "client_id vide : ligne ignorée"),
    )


def test_workbook_wins_over_csv_files(tmp_path: Path, settings: Settings) -> None:
    folder = write_csv_tables(tmp_path / "registre", default_tables())
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in default_tables().items():
        sheet = workbook.create_sheet(name)
        for row in rows[:1]:
            sheet.append(row)
    workbook.save(folder / "registre.xlsx")
    assert load_client_register(folder, settings).clients == {}


def test_workbook_without_a_sheet_is_a_setup_error(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "registre"
    folder.mkdir()
    workbook = openpyxl.Workbook()
    workbook.active.title = "clients"
    workbook.active.append(CLIENTS[0])
    workbook.save(folder / "registre.xlsx")
    with pytest.raises(SetupError, match="feuille « contrats » absente"):
        load_client_register(folder, settings)


def test_headers_are_mapped_and_compared_loosely(tmp_path: Path) -> None:
    path = tmp_path / "cabinet.toml"
    path.write_text(
        CABINET + '\n[registre.colonnes]\nnom = "NOM_CLIENT"\ncode_postal = "CP"\n'
        'gestionnaire = "Chargé de clientèle"\n',
        encoding="utf-8",
    )
    settings = load_settings(path)
    clients = [
        [" Client_ID ", "Statut", "Civilité", "Nom_Client", "PRÉNOM", "Adresse", "cp", "Ville",
         "E-mail", "Téléphone", "CHARGE DE CLIENTELE", "Date de création"],
        ["C000101", "client", "Mme", "Lefèvre", "Hélène", "3 rue X", "45000", "Orléans",
         "", "", "tnguyen", "2021-03-04"],
    ]  # fmt: skip
    folder = write_csv_tables(
        tmp_path / "r", {"clients": clients, "contrats": CONTRATS[:1], "sinistres": SINISTRES[:1]}
    )
    register = load_client_register(folder, settings)
    helene = register.client("C000101")
    assert helene is not None
    assert (helene.nom, helene.prenom, helene.code_postal) == ("Lefèvre", "Hélène", "45000")
    assert helene.civilite is Civilite.MME and helene.gestionnaire == "tnguyen"
    # "E-mail" is not "email": an optional column that is simply absent
    assert helene.email is None


def test_missing_required_column_names_file_and_column(tmp_path: Path, settings: Settings) -> None:
    tables = default_tables()
    tables["contrats"] = [row[:2] + row[3:] for row in CONTRATS]  # no "assureur"
    folder = write_csv_tables(tmp_path / "r", tables)
    with pytest.raises(SetupError) as caught:
        load_client_register(folder, settings)
    message = str(caught.value)
    assert "« assureur »" in message and "contrats.csv" in message


def test_mapped_header_is_named_when_missing(tmp_path: Path) -> None:
    path = tmp_path / "cabinet.toml"
    path.write_text(CABINET + '\n[registre.colonnes]\nnom = "NOM_CLIENT"\n', encoding="utf-8")
    folder = write_csv_tables(tmp_path / "r", default_tables())
    with pytest.raises(SetupError, match="« NOM_CLIENT »") as caught:
        load_client_register(folder, load_settings(path))
    assert "clients.csv" in str(caught.value)


def test_missing_file_is_a_setup_error(tmp_path: Path, settings: Settings) -> None:
    tables = default_tables()
    del tables["sinistres"]
    folder = write_csv_tables(tmp_path / "r", tables)
    with pytest.raises(SetupError, match="sinistres.csv"):
        load_client_register(folder, settings)


def test_bad_rows_are_reported_with_file_and_line_and_the_rest_loads(
    tmp_path: Path, settings: Settings
) -> None:
    good = CLIENTS[1]
    clients = [
        CLIENTS[0],
        good,  # line 2
        ["C000103", "client", "M.", "Petit", "Luc", "1 rue A\nBât. C", "75011", "Paris",
         "", "", "tnguyen"],  # lines 3-4: a quoted two-line address
        ["", "client", "M.", "Sans Id", "Luc", "", "", "", "", "", ""],  # line 5
        ["C000101", "client", "M.", "Doublon", "Luc", "", "", "", "", "", ""],  # line 6
        ["C000104", "client", "M.", "", "Luc", "", "", "", "", "", ""],  # line 7
        ["C000105", "client", "M", "Martin", "Paul", "2 rue B", "750", "Paris",
         "paul.martin@", "06 12", "inconnu"],  # line 8: kept without its bad values
    ]  # fmt: skip
    contrats = [
        CONTRATS[0],
        CONTRATS[1],  # line 2
        ["AX 2023 004512", "C000103", "AXA", "Auto", ""],  # line 3: same number, other writing
        ["GN12345678", "C000999", "Generali", "Auto", ""],  # line 4: unknown client
        ["", "C000101", "AXA", "Auto", ""],  # line 5
        ["GN87654321", "C000105", "Generali", "MRH", ""],  # line 6: fine
    ]
    sinistres = [
        SINISTRES[0],
        ["SIN-24-00123", "AX-2023-004512", "C000101", "AXA", ""],  # line 2
        ["SIN-24-00124", "XX-0000", "", "AXA", ""],  # line 3: neither contract nor client
        ["SIN-24-00125", "GN87654321", "", "", ""],  # line 4: client from the contract
        ["SIN-24-00126", "GN87654321", "C000101", "", ""],  # line 5: not the holder, kept
    ]
    folder = write_csv_tables(
        tmp_path / "r", {"clients": clients, "contrats": contrats, "sinistres": sinistres}
    )
    register = load_client_register(folder, settings)

    assert sorted(register.clients) == ["C000101", "C000103", "C000105"]
    assert sorted(c.numero_contrat for c in register.contracts.values()) == [
        "AX-2023-004512",
        "GN87654321",
    ]
    assert sorted(register.claims) == ["SIN2400123", "SIN2400125", "SIN2400126"]
    assert register.claim("SIN-24-00125").client_id == "C000105"  # type: ignore[union-attr]

    where = [(p.file, p.line, p.skipped) for p in register.problems]
    assert where == [
        ("clients.csv", 5, True),
        ("clients.csv", 6, True),
        ("clients.csv", 7, True),
        ("clients.csv", 8, False),  # code postal
        ("clients.csv", 8, False),  # e-mail
        ("clients.csv", 8, False),  # téléphone
        ("clients.csv", 8, False),  # gestionnaire
        ("contrats.csv", 3, True),
        ("contrats.csv", 4, True),
        ("contrats.csv", 5, True),
        ("sinistres.csv", 3, True),
        ("sinistres.csv", 5, False),
    ]
    messages = [p.message for p in register.problems]
    assert "déjà ligne 2" in messages[1]
    assert "code postal « 750 »" in messages[3]
    assert "« inconnu » inconnu de cabinet.toml" in messages[6]
    assert "C000999 absent de clients" in messages[8]
    assert str(register.problems[0]) == "clients.csv, ligne 5 : client_id vide : ligne ignorée"

    martin = register.client("C000105")
    assert martin is not None
    assert (martin.code_postal, martin.email, martin.telephones, martin.gestionnaire) == (
        None,
        None,
        (),
        None,
    )
    assert martin.civilite is Civilite.M


def test_missing_statut_is_inferred_from_contracts_and_reported(
    tmp_path: Path, settings: Settings
) -> None:
    clients = [
        CLIENTS[0],
        [*CLIENTS[1][:1], "", *CLIENTS[1][2:]],
        [*CLIENTS[2][:1], "ancien", *CLIENTS[2][2:]],
    ]
    folder = write_csv_tables(
        tmp_path / "r", {"clients": clients, "contrats": CONTRATS, "sinistres": SINISTRES}
    )
    register = load_client_register(folder, settings)
    assert register.clients["C000101"].statut is ClientStatus.CLIENT
    assert register.clients["C000102"].statut is ClientStatus.PROSPECT
    assert [(p.line, p.skipped) for p in register.problems] == [(2, False), (3, False)]


def test_register_survives_pickling(tmp_path: Path, settings: Settings) -> None:
    register = load_client_register(write_csv_tables(tmp_path / "r", default_tables()), settings)
    again = pickle.loads(pickle.dumps(register))
    assert again == register
    assert again.contracts_of("C000101") == register.contracts_of("C000101")


def test_shipped_register_loads_without_problems() -> None:
    settings = load_settings(ROOT / "config" / "cabinet.toml")
    register = load_client_register(ROOT / "config" / "registre", settings)
    assert register.problems == ()
    assert 280 <= len(register.clients) <= 320
    assert 400 <= len(register.contracts) <= 500
    assert 100 <= len(register.claims) <= 140
    statuts = {c.statut for c in register.clients.values()}
    assert statuts == {ClientStatus.CLIENT, ClientStatus.PROSPECT}
    staff = {c.id for c in settings.collaborators}
    assert {c.gestionnaire for c in register.clients.values()} <= staff
    assert all(c.organisme for c in register.contracts.values())
    assert any(c.gestionnaire for c in register.contracts.values())
    assert any(c.gestionnaire for c in register.claims.values())


def test_shipped_register_is_what_the_seeded_generator_writes(tmp_path: Path) -> None:
    settings = load_settings(ROOT / "config" / "cabinet.toml")
    write_csv(generate(settings, seed=7), tmp_path)
    for name in ("clients.csv", "contrats.csv", "sinistres.csv"):
        shipped = (ROOT / "config" / "registre" / name).read_bytes()
        assert shipped.startswith(b"\xef\xbb\xbf")
        assert (tmp_path / name).read_bytes() == shipped, name


def test_a_civilite_in_full() -> None:
    assert Civilite.M.in_full == "Monsieur" and Civilite.MME.in_full == "Madame"
