"""The letters through the whole product: `reclam run` drafts them after filing, `reclam
export` lists them, the registers link them, `reclam courrier` rewrites them, and a restart
after a crash between filing and the letters drafts them once."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from datetime import date
from email import message_from_bytes
from io import BytesIO
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from openpyxl import load_workbook

from pipeline import clock, french
from pipeline.context import build_worker_context, load_installation
from pipeline.journal import Journal
from pipeline.letters.owed import letters_owed
from pipeline.record import Item
from pipeline.worker import read_and_draft
from tests.conftest import make_home
from tests.makers import complaint_email, text_pdf

RECLAM = [sys.executable, "-m", "pipeline.cli"]
ATTESTATION = ["Madame Claire Morel", "8 rue Victor Hugo, 33000 Bordeaux",
               "Bordeaux, le 20 novembre 2026", "Objet : attestation d'assurance",
               "Madame, Monsieur,",
               "Pourriez-vous m'adresser une attestation d'assurance habitation pour mon "
               "contrat AX-2023-004512 ?", "Je vous en remercie par avance.", "Claire Morel"]


def _reclam(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RECLAM, "--home", str(home), *args], check=check,
                          capture_output=True, text=True, timeout=600)


def _export(home: Path) -> dict[str, dict[str, Any]]:
    out = _reclam(home, "export").stdout
    records = [json.loads(line) for line in out.splitlines()]
    return {r["source_file"]: r for r in records}


def _files(home: Path) -> list[str]:
    return sorted(p.relative_to(home).as_posix() for p in (home / "outbox").rglob("*")
                  if p.is_file())


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = make_home(tmp_path_factory.mktemp("run") / "home")
    (home / "inbox" / "courriel.eml").write_bytes(complaint_email())
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    (home / "inbox" / "attestation.pdf").write_bytes(text_pdf(ATTESTATION))
    (home / "inbox" / "vide.pdf").write_bytes(b"")
    _reclam(home, "run", "--once")
    return home


def test_export_lists_each_complaints_letters_and_their_files_exist(ran: Path) -> None:
    records = _export(ran)
    assert records["vide.pdf"]["status"] == "quarantined" and records["vide.pdf"]["letters"] == []
    assert records["attestation.pdf"]["is_complaint"] is False
    assert records["attestation.pdf"]["letters"] == []
    for name in ("courriel.eml", "lettre.pdf"):
        record = records[name]
        assert record["is_complaint"] is True and record["status"] == "filed"
        kinds = [letter["type"] for letter in record["letters"]]
        assert kinds[0] == "accuse-reception"
        assert kinds[1:] == (["demande-complements"] if record["missing_fields"] else [])
        for letter in record["letters"]:
            assert set(letter) == {"type", "path", "pdf", "eml"}
            for key in ("path", "pdf"):
                assert (ran / letter[key]).is_file()
            assert Path(letter["path"]).parent == Path(record["location"]).parent
            assert (letter["eml"] is not None) == (record["channel"] == "email")
            if letter["eml"]:
                assert (ran / letter["eml"]).is_file()


def test_the_acknowledgement_gives_the_answer_date_the_product_computed(ran: Path) -> None:
    record = _export(ran)["lettre.pdf"]
    ack = next(x for x in record["letters"] if x["type"] == "accuse-reception")
    with pdfplumber.open(ran / ack["pdf"]) as pdf:
        text = " ".join(" ".join(page.extract_text() or "" for page in pdf.pages).split())
    assert record["answer_due"]
    assert f"au plus tard le {french.long(record['answer_due'])}" in text
    assert f"reçue le {french.long(record['received_at'])}" in text
    assert record["id"] in text and "Madame Sophie Durand" in text


def test_the_email_draft_replies_in_the_claimants_thread(ran: Path) -> None:
    record = _export(ran)["courriel.eml"]
    draft = (ran / record["letters"][0]["eml"]).read_text(encoding="ascii")
    assert "In-Reply-To: <test-1@example.fr>" in draft
    assert "References: <test-1@example.fr>" in draft
    assert "To: sophie.durand@example.fr" in draft
    assert "X-Unsent: 1" in draft


def test_each_letter_is_an_audit_event_and_verifier_agrees(ran: Path) -> None:
    records = _export(ran)
    with Journal(ran / "var" / "journal.sqlite3") as journal:
        events = [e for e in journal.events() if e["kind"] == "courrier-redige"]
    assert len(events) == sum(len(r["letters"]) for r in records.values())
    assert _reclam(ran, "verifier").stdout.strip() == "Le journal et les dossiers concordent."


def test_the_daily_register_links_each_letter(ran: Path) -> None:
    (register,) = (ran / "reports").glob("registre-*.xlsx")
    ws = load_workbook(register)["réclamations"]
    headers = [c.value for c in ws[1]]
    first, second = headers.index("Courriers") + 1, headers.index("Courriers (suite)") + 1
    ids = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    records = {r["id"]: r for r in _export(ran).values()}
    for row, item_id in enumerate(ids, start=2):
        letters = records[item_id]["letters"]
        cell = ws.cell(row=row, column=first)
        assert cell.value == "accusé de réception"
        assert (register.parent / cell.hyperlink.target).resolve() == (
            ran / letters[0]["path"]).resolve()
        more = ws.cell(row=row, column=second)
        assert (more.value == "demande de compléments") == (len(letters) == 2)


def test_the_follow_up_says_whether_the_acknowledgement_was_sent(ran: Path) -> None:
    def cell_of(item_id: str) -> Any:
        ws = load_workbook(ran / "reports" / "suivi-reclamations.xlsx")["suivi"]
        headers = [c.value for c in ws[1]]
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == item_id)
        return ws.cell(row=row, column=headers.index("Accusé rédigé") + 1)

    item_id = _export(ran)["lettre.pdf"]["id"]
    assert cell_of(item_id).value == "à envoyer"
    assert cell_of(item_id).hyperlink.target.endswith(f"{item_id}-accuse-reception.docx")
    _reclam(ran, "suivi", item_id, "--accuse", f"{clock.now().date():%d/%m/%Y}")
    assert cell_of(item_id).value == "envoyé"


def test_reclam_courrier_rewrites_and_keeps_the_old_version(ran: Path) -> None:
    record = _export(ran)["lettre.pdf"]
    before = _files(ran)
    done = _reclam(ran, "courrier", record["id"], "--type", "accuse-reception")
    assert "accusé de réception réécrit" in done.stdout
    added = sorted(set(_files(ran)) - set(before))
    assert [Path(a).name.split(".")[0] for a in added] == [f"{record['id']}-accuse-reception"] * 2
    assert sorted(Path(a).suffix for a in added) == [".docx", ".pdf"]
    assert set(before) <= set(_files(ran))  # the current names written again
    assert _reclam(ran, "verifier").stdout.strip() == "Le journal et les dossiers concordent."
    refused = _reclam(ran, "courrier", _export(ran)["attestation.pdf"]["id"], check=False)
    assert refused.returncode == 2 and "n'appelle aucun courrier" in refused.stderr
    refused = _reclam(ran, "courrier", record["id"], "--type", "reorientation", check=False)
    assert refused.returncode == 2 and "n'appelle pas de courrier « reorientation »" in refused.stderr


def _forget_letters(home: Path, record: dict[str, Any]) -> None:
    """What a crash after filing, before the letters, leaves (or a home filed before letters
    existed): the record without letters, their files gone."""
    for letter in record["letters"]:
        (home / letter["path"]).unlink()
    db = sqlite3.connect(home / "var" / "journal.sqlite3")
    db.execute("UPDATE items SET record = json_set(record, '$.letters', json('[]')) WHERE id = ?",
               (record["id"],))
    db.commit()
    db.close()


def test_a_restart_drafts_the_letters_a_crash_left_undone_once(ran: Path) -> None:
    """A crash after filing, before the letters: the record has none and the files are
    missing (or half there); the next run drafts them, under the same names."""
    record = _export(ran)["courriel.eml"]
    before = _files(ran)
    _forget_letters(ran, record)
    assert _export(ran)["courriel.eml"]["letters"] == []
    said = _reclam(ran, "run", "--once").stdout
    assert "Courriers rédigés : 2 pour 1 réclamation, à relire" in said
    assert _export(ran)["courriel.eml"]["letters"] == record["letters"]
    assert _files(ran) == before
    again = _reclam(ran, "run", "--once").stdout  # nothing left to draft
    assert "Courriers rédigés" not in again
    assert _files(ran) == before


def test_a_complaint_already_acknowledged_gets_no_letters_drafted_afterwards(
        ran: Path, tmp_path: Path) -> None:
    """A home filed before letters existed: its open complaints have none, but one the
    owner already acknowledged by hand is not sent a second acknowledgement."""
    home = tmp_path / "home"
    shutil.copytree(ran, home)
    ran = home  # the module's home stays as it was
    record = _export(ran)["courriel.eml"]
    _forget_letters(ran, record)
    received = date.fromisoformat(record["received_at"][:10])
    assert _reclam(ran, "suivi", record["id"], "--accuse",
                   f"{received:%d/%m/%Y}").returncode == 0
    said = _reclam(ran, "run", "--once").stdout
    assert "Courriers rédigés" not in said
    assert _export(ran)["courriel.eml"]["letters"] == []


def test_a_rebuilt_journal_finds_the_letters_beside_each_original(ran: Path,
                                                                  tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(ran, home)
    before = {r["id"]: r["letters"] for r in _export(home).values()}
    for journal in (home / "var").glob("journal.sqlite3*"):
        journal.unlink()
    _reclam(home, "verifier", "--reconstruire")
    after = {r["id"]: r["letters"] for r in _export(home).values()}
    assert after == before and any(after.values())
    assert "Courriers rédigés" not in _reclam(home, "run", "--once").stdout  # none rewritten


def test_the_worker_drafts_the_letters_owed_beside_the_record(ran: Path) -> None:
    """A worker's task returns the record and its letters made (the parent, the one writer,
    only writes them): those the procedure owes, none for ordinary mail."""
    ws, settings = load_installation(ran)
    context = build_worker_context(ws, settings)
    with Journal(ws.journal_file) as journal:
        filed = {i.source.source_file: i for i in journal.items()}
    for name in ("courriel.eml", "lettre.pdf", "attestation.pdf"):
        item = filed[name]
        assert item.outcome is not None
        fresh = Item(item.source)  # as intake hands it to a worker
        record, drafts = read_and_draft(fresh, ran / item.outcome.location, context)
        read = Item.from_json(record)
        assert [d.kind for d in drafts] == letters_owed(read) == letters_owed(item)
        assert bool(drafts) == (name != "attestation.pdf")
        for draft in drafts:
            with zipfile.ZipFile(BytesIO(draft.docx)) as docx:
                assert "word/document.xml" in docx.namelist()
            with pdfplumber.open(BytesIO(draft.pdf)) as pdf:
                assert item.id in pdf.pages[0].extract_text()
            assert (draft.eml is not None) == (name == "courriel.eml")
            if draft.eml is not None:
                assert message_from_bytes(draft.eml)["In-Reply-To"]
