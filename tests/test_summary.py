"""What filing writes beside each original, read by people: the summary (`.resume.txt`) and
the quarantine reason (`.motif.txt`); and one date of receipt across every document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from pipeline import clock, french
from pipeline.filing import quarantine_note
from pipeline.journal import Journal
from pipeline.rebuild import Filed, _item
from pipeline.record import (
    CHANNEL_LABELS,
    Channel,
    Claimant,
    FilingStatus,
    Item,
    channel_label,
    statut_label,
)
from pipeline.reports.figures import build_month
from pipeline.summary import claimant_text, summary
from pipeline.workspace import Workspace
from tests.makers import complaint_email
from tests.test_registers_daily import STAFF, complaint, ordinary_mail, quarantined

RECLAM = [sys.executable, "-m", "pipeline.cli"]


def _lines(item: Item) -> list[str]:
    return summary(item, STAFF).splitlines()


def test_the_claimant_line_states_a_statut_only_for_someone_identified() -> None:
    assert claimant_text({"civilite": "Mme", "prenom": "Jeanne", "nom": "Dupont",
                          "statut": "client"}) == "Mme Jeanne Dupont (cliente)"
    assert claimant_text({"civilite": "M.", "prenom": "Paul", "nom": "Roux",
                          "statut": "client"}) == "M. Paul Roux (client)"
    assert claimant_text({"nom": "Roux", "statut": "mandataire"}) == "Roux (mandataire)"
    assert claimant_text({"prenom": "Paul", "nom": "Roux"}) == "Paul Roux"
    assert claimant_text({"civilite": "Mme", "statut": "client"}) == "non identifié"
    assert claimant_text({"statut": "prospect"}) == "non identifié"
    assert claimant_text(None) == "non identifié"
    assert statut_label("ayant droit", "Mme") == "ayant droit"


def test_a_summary_without_a_claimant_name_says_so_without_a_statut() -> None:
    item = complaint()
    assert item.decision is not None and item.findings is not None
    nameless = replace(item, decision=replace(item.decision, claimant=Claimant(
        civilite="Mme", statut=None)), findings=replace(item.findings, claimant=Claimant(
            statut=None)))
    assert "Réclamant : non identifié" in _lines(nameless)
    assert not any("non identifié (" in line for line in _lines(nameless))
    assert "Réclamant : Mme Sophie Durand (cliente)" in _lines(item)


def test_a_summary_reads_in_french_names_phones_channel_and_dates() -> None:
    lines = _lines(complaint())
    assert lines[0] == ("Réclamation REC-2026-000123 — reçue le 26/11/2026 (courrier), "
                        "fichier « scan.pdf »")
    assert lines[1] == "Envoyé le 20/11/2026"
    assert "Contact : 06 12 34 56 78, sophie.durand@example.fr" in lines
    assert "Adresse : 12 rue des Lilas, 69003 Lyon" in lines
    assert "Attribué à : Thomas Nguyen — gestionnaire du contrat AX-2023-004512" in lines
    assert ("Accusé de réception à envoyer au plus tard le 04/12/2026 ; réponse au plus tard "
            "le 20/01/2027 (délais comptés depuis le 20/11/2026).") in lines
    other = _lines(ordinary_mail())
    assert other[0].startswith("Courrier (pas une réclamation) REC-2026-000126 — reçu le ")
    assert "Expéditeur : non identifié" in other


def test_every_channel_has_a_french_label() -> None:
    assert set(CHANNEL_LABELS) == set(Channel)
    assert channel_label("telephone") == "téléphone"
    assert channel_label("formulaire") == "formulaire web"
    assert channel_label("email") == "courriel"
    phoned = replace(complaint(), source=replace(complaint().source, channel=Channel.PHONE))
    assert "(téléphone)" in _lines(phoned)[0]
    assert _lines(phoned)[1] == "Appel du 20/11/2026"


def test_phones_are_written_the_french_way() -> None:
    assert french.phone("+33612345678") == "06 12 34 56 78"
    assert french.phone("+33612345678", international=True) == "+33 6 12 34 56 78"
    assert french.phone("+32470123456") == "+32470123456"  # another country: as stored


def test_the_quarantine_note_gives_its_dates_in_french() -> None:
    note = quarantine_note(quarantined())
    assert "Reçu le : 26/11/2026 à 09:14\n" in note
    assert "Pris dans inbox/ le : 26/11/2026 à 09:20\n" in note
    assert "T09:" not in note and "+01:00" not in note


def _old_email() -> bytes:
    return complaint_email(
        "Madame, Monsieur,\nJe conteste le refus de prise en charge du dégât des eaux, "
        "contrat AX-2023-004512.\nSophie Durand\n06 12 34 56 78",
        sent=datetime(2014, 3, 14, 10, 0, tzinfo=clock.PARIS))


def test_an_old_email_dropped_today_is_received_on_its_date_everywhere(home: Path) -> None:
    """workspace.md: an email's date of receipt is its own Date:. Register, summary, export
    and monthly figures show the same one, and the item is checked, its deadlines having
    run out before the file reached inbox/."""
    (home / "inbox" / "vieux.eml").write_bytes(_old_email())
    today = clock.now().date()
    subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], check=True,
                   capture_output=True, timeout=300)
    out = subprocess.run([*RECLAM, "--home", str(home), "export"], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["received_at"] == "2014-03-14T10:00:00+01:00"
    assert record["sent_on"] == "2014-03-14"
    assert record["needs_review"] is True

    (register,) = (home / "reports").glob("registre-*.xlsx")
    ws = load_workbook(register)["réclamations"]
    row = dict(zip([c.value for c in ws[1]], [c.value for c in ws[2]], strict=True))
    assert row["Reçu le"] == datetime(2014, 3, 14)
    assert row["Envoyé le"] == datetime(2014, 3, 14)
    assert row["Canal"] == "courriel"
    assert row["Gestionnaire"] == "Marie Lefèvre"  # the process owner, by name

    note = (home / record["location"]).with_suffix(".resume.txt").read_text(encoding="utf-8")
    assert "— reçue le 14/03/2014 (courriel)" in note.splitlines()[0]
    assert (f"courriel daté du 14/03/2014, déposé le {today:%d/%m/%Y} : date de réception à "
            "vérifier (les délais en dépendent)") in note
    assert "Attribué à : Marie Lefèvre — " in note
    assert "Contact : 06 12 34 56 78, sophie.durand@example.fr" in note

    with Journal(home / "var" / "journal.sqlite3") as journal:
        figures = build_month(journal.items(), journal.followups(), None, "2014-03", today)
    (line,) = [c for c in figures.complaints if c.id == record["id"]]
    assert (line.of_month, line.received_on, line.sent_on) == (
        True, date(2014, 3, 14), date(2014, 3, 14))


def test_an_email_exported_soon_after_it_came_is_received_on_its_date(home: Path) -> None:
    mail = home / "inbox" / "recent.eml"
    mail.write_bytes(_old_email())
    exported = datetime(2014, 3, 20, 9, 0, tzinfo=clock.PARIS).timestamp()
    os.utime(mail, (exported, exported))  # exported six days after its Date:
    subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], check=True,
                   capture_output=True, timeout=300)
    out = subprocess.run([*RECLAM, "--home", str(home), "export"], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["received_at"] == "2014-03-14T10:00:00+01:00"


def test_a_rebuilt_journal_reads_the_channel_and_file_back_from_the_summary(
        tmp_path: Path) -> None:
    phoned = replace(complaint(), source=replace(complaint().source, channel=Channel.PHONE,
                                                 source_file="appel.json"))
    folder = tmp_path / "outbox" / "2026-11-26" / "tnguyen"
    folder.mkdir(parents=True)
    (folder / "REC-2026-000123.json").write_text("{}", encoding="utf-8")
    (folder / "REC-2026-000123.resume.txt").write_text(summary(phoned), encoding="utf-8")
    rebuilt = _item(Workspace(tmp_path), Filed(folder / "REC-2026-000123.json",
                                               "REC-2026-000123", "2026-11-26",
                                               FilingStatus.FILED, "tnguyen"))
    assert (rebuilt.source.source_file, rebuilt.source.channel) == ("appel.json", Channel.PHONE)
