"""Oral complaints (téléphone, rendez-vous) and web-form submissions: entry files
("saisies", JSON or CSV) and `reclam saisie` go the one way every file goes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.deadlines import ack_due, answer_due
from pipeline.entry import entry_channel, one_entry, parse_entries
from pipeline.errors import DocumentError
from pipeline.settings_load import load_settings
from pipeline.sniff import sniff
from pipeline.text.entry import read_entry
from pipeline.understand.stage import findings_from_entry

RECLAM = [sys.executable, "-m", "pipeline.cli"]
SPOKEN_ON = date(2025, 3, 10)  # a Monday, in the past whatever the clock says

PHONE_ENTRY = {
    "canal": "telephone", "date": f"{SPOKEN_ON:%d/%m/%Y}", "civilite": "Madame",
    "nom": "Fournier", "prenom": "Sylvie", "statut": "client",
    "adresse": "26 bis boulevard de la Liberté", "code_postal": "75015", "ville": "Paris",
    "telephone": "06 39 98 95 51", "email": "SylvieFournier85@orange.example",
    "contrat": "P72931093",
    "description": "Conteste la hausse de sa cotisation habitation, jugée injustifiée.",
    "saisi_par": "mlefevre",
}
MEETING_CSV = (  # a French Excel export: BOM, semicolons, accented headers
    "\ufeffCanal;Date;Civilité;Nom;Prénom;Code postal;Ville;Description;Réclamation\n"
    f"rendez-vous;{SPOKEN_ON.isoformat()};M.;Muller;Théo;75020;Paris;"
    "Se plaint du retard de remboursement de son sinistre auto;oui\n"
).encode()
FORM_CSV = (
    b"canal,nom,prenom,email,description\n"
    b'formulaire,Rey,Ga\xc3\xablle,gaelle.rey@example.fr,"Aucune r\xc3\xa9ponse \xc3\xa0 ses '
    b'courriels depuis deux mois, elle est m\xc3\xa9contente."\n'
)


def _run(home: Path) -> subprocess.CompletedProcess[str]:
    run = subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return run


def _export(home: Path) -> dict[str, dict]:
    out = subprocess.run([*RECLAM, "--home", str(home), "export"], capture_output=True,
                         text=True, check=True).stdout
    return {r["source_file"]: r for r in map(json.loads, out.splitlines())}


# -- the format ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (json.dumps(PHONE_ENTRY).encode(), "saisie"),
        (b'[{"canal": "formulaire", "description": "x"}]', "saisie"),
        (b'{"description": "sans canal"}', "saisie"),  # recognised, then refused by name
        (MEETING_CSV, "saisie"),
        (FORM_CSV, "saisie"),
        (b'{"titre": "un autre JSON"}', "unknown"),
        (b"nom;prenom\nDurand;Sophie\n", "unknown"),
        (b"From: a@b.fr\nSubject: canal, description\n\ncorps", "eml"),
    ],
)
def test_sniff_recognises_an_entry_file_and_nothing_else(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_read_entry_normalises_the_values_and_writes_them_out_in_french() -> None:
    extracted = read_entry(json.dumps({**PHONE_ENTRY, "rappel": "mardi"}).encode())
    assert extracted.entry is not None
    assert extracted.entry["date"] == SPOKEN_ON.isoformat()
    assert extracted.entry["civilite"] == "Mme"
    assert extracted.entry["email"] == "sylviefournier85@orange.example"
    assert extracted.entry["reclamation"] == "oui"  # the default
    text = extracted.pages[0].text
    assert text.startswith(f"Réclamation reçue par téléphone le {SPOKEN_ON:%d/%m/%Y}")
    assert "rappel : mardi" in text  # an unknown field is kept, and said
    assert "« rappel »" in extracted.warnings[0]


def test_findings_of_an_entry_are_its_fields() -> None:
    extracted = read_entry(json.dumps(PHONE_ENTRY).encode())
    assert extracted.entry is not None
    findings = findings_from_entry(extracted.entry)
    assert findings.is_complaint and findings.category == "cotisation"
    assert findings.claimant is not None
    assert findings.claimant.telephones == ("+33639989551",)
    assert findings.references.contrats == ("P72931093",)
    assert findings.sent_on == SPOKEN_ON.isoformat()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"canal": "courrier"}, "« canal »"),
        ({"canal": ""}, "« canal »"),
        ({"description": "  "}, "« description »"),
        ({"date": "31/02/2025"}, "« date »"),
        ({"email": "sylvie@"}, "« email »"),
        ({"code_postal": "750"}, "« code_postal »"),
        ({"statut": "ami"}, "« statut »"),
        ({"reclamation": "peut-être"}, "« reclamation »"),
    ],
)
def test_a_bad_entry_is_refused_with_a_french_reason_naming_the_field(
        change: dict[str, str], field: str) -> None:
    with pytest.raises(DocumentError) as caught:
        read_entry(json.dumps({**PHONE_ENTRY, **change}).encode())
    assert field in caught.value.reason
    assert entry_channel(json.dumps({**PHONE_ENTRY, **change}).encode()) in (
        None, "telephone")


def test_a_file_with_several_entries_is_refused_asking_for_one_per_file() -> None:
    with pytest.raises(DocumentError, match="une saisie par fichier"):
        read_entry(json.dumps([PHONE_ENTRY, PHONE_ENTRY]).encode())


# -- the whole product -------------------------------------------------------------------

def test_entries_of_every_channel_enter_the_records_deadlines_and_daily_register(
        home: Path) -> None:
    (home / "inbox" / "appel.json").write_text(json.dumps(PHONE_ENTRY, ensure_ascii=False),
                                               encoding="utf-8")
    (home / "inbox" / "rendez-vous.csv").write_bytes(MEETING_CSV)
    (home / "inbox" / "formulaire.csv").write_bytes(FORM_CSV)
    _run(home)
    records = _export(home)
    holidays = load_settings(home / "config" / "cabinet.toml").cabinet.holidays

    phone = records["appel.json"]
    assert (phone["channel"], phone["status"], phone["is_complaint"]) == (
        "telephone", "filed", True)
    assert phone["claimant"] == {
        "civilite": "Mme", "nom": "Fournier", "prenom": "Sylvie", "statut": "client",
        "adresse": "26 bis boulevard de la Liberté", "code_postal": "75015", "ville": "Paris",
        "telephones": ["+33639989551"], "email": "sylviefournier85@orange.example"}
    assert phone["references"]["contrats"] == ["P72931093"]
    assert phone["client_id"] == "C001021"
    assert phone["sent_on"] == SPOKEN_ON.isoformat()
    assert phone["ack_due"] == ack_due(SPOKEN_ON, holidays).isoformat()
    assert phone["answer_due"] == answer_due(SPOKEN_ON).isoformat()
    assert phone["description"] == PHONE_ENTRY["description"]
    assert phone["location"].endswith(".json")
    assert (home / phone["location"]).read_text(encoding="utf-8") == json.dumps(
        PHONE_ENTRY, ensure_ascii=False)  # the original, byte-identical

    meeting = records["rendez-vous.csv"]
    assert (meeting["channel"], meeting["status"]) == ("rendez-vous", "filed")
    assert meeting["claimant"]["nom"] == "Muller" and meeting["claimant"]["prenom"] == "Théo"
    assert meeting["sent_on"] == SPOKEN_ON.isoformat()
    assert meeting["client_id"] == "C001058"

    form = records["formulaire.csv"]
    assert (form["channel"], form["status"]) == ("formulaire", "filed")
    assert form["claimant"]["email"] == "gaelle.rey@example.fr"
    assert form["ack_due"] is not None

    (register,) = (home / "reports").glob("registre-*.xlsx")
    sheet = load_workbook(register)["réclamations"]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert {phone["id"], meeting["id"], form["id"]} <= cells
    assert {"téléphone", "rendez-vous", "formulaire web"} <= cells  # the channels' labels


def test_a_bad_entry_is_quarantined_with_its_reason_and_the_batch_goes_on(home: Path) -> None:
    bad = {**PHONE_ENTRY, "canal": "pigeon voyageur"}
    (home / "inbox" / "mauvaise.json").write_text(json.dumps(bad), encoding="utf-8")
    (home / "inbox" / "deux.json").write_text(json.dumps([PHONE_ENTRY, PHONE_ENTRY]),
                                              encoding="utf-8")
    (home / "inbox" / "bonne.json").write_text(json.dumps(PHONE_ENTRY), encoding="utf-8")
    _run(home)
    records = _export(home)
    refused = records["mauvaise.json"]
    assert refused["status"] == "quarantined"
    assert "Champ « canal » manquant ou invalide" in refused["error"]
    assert (home / refused["location"]).is_file()
    assert "une saisie par fichier" in records["deux.json"]["error"]
    assert records["bonne.json"]["status"] == "filed"


def test_interactive_saisie_writes_a_valid_entry_into_inbox(home: Path) -> None:
    answers = "\n".join([
        "9",  # not a canal: asked again
        "2",  # rendez-vous
        "32/13/2025", f"{SPOKEN_ON:%d/%m/%Y}",
        "",  # not for someone else: no by default
        "M.", "Muller", "Théo", "client", "77 quai des Chartrons",
        "7502", "75020",  # four digits: asked again
        "Paris", "06 39 98 29 45",
        "theo@", "muller.theo@yahoo.example",
        "MT 2019 3688808", "",
        "",  # description is required: asked again
        "Conteste le montant retenu pour la réparation de son véhicule.",
        "",  # complaint: yes by default
        "",  # the Mediator: not spoken of, by default
        "personne", "tnguyen",
        "o",
    ]) + "\n"
    done = subprocess.run([*RECLAM, "--home", str(home), "saisie"], input=answers,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    (written,) = (home / "inbox").iterdir()
    assert written.name.startswith("saisie-") and written.name.endswith("-muller.json")
    assert "Récapitulatif" in done.stdout and "reclam run --once" in done.stdout
    for refusal in ("« canal »", "« date »", "cinq chiffres", "« email »",
                    "« Description » est obligatoire", "Collaborateur inconnu"):
        assert refusal in done.stdout
    entry = read_entry(written.read_bytes()).entry
    assert entry is not None
    assert entry["canal"] == "rendez-vous" and entry["date"] == SPOKEN_ON.isoformat()
    assert entry["code_postal"] == "75020" and entry["saisi_par"] == "tnguyen"
    _run(home)
    (record,) = _export(home).values()
    assert (record["channel"], record["status"], record["client_id"]) == (
        "rendez-vous", "filed", "C001058")


def test_saisie_asks_for_whom_the_caller_speaks_and_whether_the_mediator_was_named(
        home: Path) -> None:
    answers = "\n".join([
        "1", f"{SPOKEN_ON:%d/%m/%Y}",
        "o",  # she calls for someone else
        "Martin", "Claire", "",  # the quality is required: asked again
        "Fille",
        "Mme", "Fournier", "Sylvie", "client", "26 bis boulevard de la Liberté", "75015",
        "Paris", "06 39 98 95 51", "", "P72931093", "",
        "Sa mère conteste la hausse de sa cotisation et menace de saisir le médiateur.",
        "",  # a complaint
        "peut-être", "o",  # not o/n: asked again; then yes, the Mediator was spoken of
        "mlefevre", "o",
    ]) + "\n"
    done = subprocess.run([*RECLAM, "--home", str(home), "saisie"], input=answers,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    for asked in ("Appelle-t-il pour un tiers ? (o/n) [n] : ",
                  "Nom de la personne qui appelle : ",
                  "Les questions suivantes portent sur le réclamant, la personne pour qui il "
                  "appelle.",
                  "Le réclamant a-t-il évoqué le Médiateur ? (o/n) [n] : ",
                  "« Qualité du représentant » est obligatoire.", "Répondez o (oui) ou n (non)."):
        assert asked in done.stdout, asked
    (written,) = (home / "inbox").iterdir()
    entry = read_entry(written.read_bytes())
    assert entry.entry is not None and entry.entry["mediateur"] == "oui"
    assert "Pour le compte du réclamant : Claire Martin (fille)" in entry.pages[0].text
    _run(home)
    (record,) = _export(home).values()
    assert record["representative"] == {"nom": "Martin", "prenom": "Claire", "qualite": "fille"}
    assert record["claimant"]["nom"] == "Fournier" and record["client_id"] == "C001021"
    assert record["mediator"] is False  # a complaint to the cabinet that names the Mediator
    (register,) = (home / "reports").glob("registre-*.xlsx")
    sheet = load_workbook(register)["réclamations"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if "Médiateur évoqué" in r)
    line = next(r for r in rows if record["id"] in r)
    assert line[header.index("Médiateur évoqué")] == "oui"


def test_an_entry_file_carries_the_mediator_and_the_representative() -> None:
    findings = findings_from_entry({**PHONE_ENTRY, "canal": "telephone", "mediateur": "non",
                                    "description": "Conteste la hausse."})
    assert findings.escalation is False and findings.representative is None
    data = json.dumps({**PHONE_ENTRY, "Médiateur évoqué": "OUI", "Représentant": "Me Dupond",
                       "Qualité représentant": "Avocat"}, ensure_ascii=False).encode()
    entry = read_entry(data).entry
    assert entry is not None
    found = findings_from_entry(entry)
    assert found.escalation and found.escalation_signals
    assert found.representative is not None
    assert (found.representative.nom, found.representative.qualite) == ("Me Dupond", "avocat")
    with pytest.raises(DocumentError, match="« mediateur »"):
        read_entry(json.dumps({**PHONE_ENTRY, "mediateur": "bof"}).encode())


def test_a_csv_with_old_mac_line_ends_is_read_and_garbage_is_refused_in_french() -> None:
    (entry,) = parse_entries(b"canal;description\rtelephone;Conteste le refus.\r")
    assert entry == {"canal": "telephone", "description": "Conteste le refus."}
    for garbage in (b"a;b\nc\r\rd;e;f\n", bytes(range(256)) * 4):
        with pytest.raises(DocumentError) as refused:
            one_entry(garbage)
        assert refused.value.code.startswith("saisie-")


def test_interactive_saisie_answered_no_writes_nothing(home: Path) -> None:
    answers = "1\n\n\n" + "\n" * 11 + "Plainte sur l'accueil téléphonique.\n\n\n\nn\n"
    done = subprocess.run([*RECLAM, "--home", str(home), "saisie"], input=answers,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "rien n'a été enregistré" in done.stdout
    assert list((home / "inbox").iterdir()) == []


def test_saisie_fichier_checks_a_file_and_drops_one_entry_per_file(home: Path,
                                                                     tmp_path: Path) -> None:
    several = tmp_path / "export-site.csv"
    several.write_bytes(FORM_CSV + b'formulaire,Durand,Sophie,,"Conteste un refus."\n')
    done = subprocess.run([*RECLAM, "--home", str(home), "saisie", "--fichier", str(several)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    dropped = sorted((home / "inbox").iterdir())
    assert len(dropped) == 2
    assert {read_entry(p.read_bytes()).entry["nom"] for p in dropped} == {  # type: ignore[index]
        "Rey", "Durand"}

    bad = tmp_path / "mauvais.json"
    bad.write_text(json.dumps({**PHONE_ENTRY, "email": "x@"}), encoding="utf-8")
    refused = subprocess.run([*RECLAM, "--home", str(home), "saisie", "--fichier", str(bad)],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2
    assert "« email »" in refused.stderr and "rien n'a été déposé" in refused.stderr
    assert len(list((home / "inbox").iterdir())) == 2
