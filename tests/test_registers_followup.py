"""The follow-up workbook (reports/suivi-reclamations.xlsx): written from the journal, edited
by the process owner, read back into the journal with every change in the audit log."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.followup_edits import read_back, refresh_followup
from pipeline.journal import Journal
from pipeline.journal_model import AnswerOutcome, FollowUp
from pipeline.record import (
    Channel,
    Claimant,
    Decision,
    FilingStatus,
    Findings,
    Item,
    Source,
)
from pipeline.record import Outcome as Filed
from pipeline.registers.followup import write_followup
from pipeline.registers.followup_cells import FILE_NAME, OWNER_HEADERS, SHEET, followup_path
from pipeline.registers.followup_read import read_edits
from tests.conftest import REPO, make_home

TODAY = date(2026, 12, 10)  # a Thursday


def _item(item_id: str, *, complaint: bool = True, mediator: bool = False,
          misdirected: bool = False, ack_due: str = "2026-12-14",
          answer_due: str = "2027-01-30", name: str = "Durand") -> Item:
    owner = "resp" if mediator or misdirected else "tnguyen"
    return Item(
        source=Source(item_id, "lettre.pdf", item_id, "2026-11-26T09:14:00+01:00",
                      "2026-11-26T09:20:00+01:00", Channel.LETTER, 10, "pdf"),
        findings=Findings(is_complaint=complaint, claimant=Claimant("Mme", name, "Sophie"),
                          description="Conteste le refus d'indemnisation.",
                          category="sinistre et indemnisation", sent_on="2026-11-20",
                          mediator=mediator, misdirected=misdirected),
        decision=Decision(owner=owner, owner_reason="gestionnaire du contrat",
                          mediator=mediator, misdirected=misdirected, sent_on="2026-11-20",
                          ack_due=ack_due if complaint else None,
                          answer_due=answer_due if complaint else None),
        outcome=Filed(FilingStatus.FILED, f"outbox/2026-11-26/{owner}/{item_id}.pdf"),
    )


def _file(journal: Journal, make: dict[str, object]) -> str:
    """Take, process and file one hand-made item; returns the id the journal gave it."""
    sha = f"sha-{len(journal.states())}"

    def build(item_id: str) -> Item:
        return _item(item_id, **make)  # type: ignore[arg-type]

    claim = journal.record_drop(sha, "lettre.pdf", sha, "var/work/x", build)
    done = build(claim.item_id)
    journal.save_processed(done)
    journal.mark_filed(done)
    return claim.item_id


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal(tmp_path / "var" / "journal.sqlite3") as opened:
        yield opened


@pytest.fixture
def ids(journal: Journal) -> dict[str, str]:
    return {
        "complaint": _file(journal, {"ack_due": "2026-12-04"}),  # acknowledgement overdue
        "mediator": _file(journal, {"mediator": True, "ack_due": "2026-12-11"}),  # due soon
        "misdirected": _file(journal, {"misdirected": True, "complaint": False}),
        "ordinary": _file(journal, {"complaint": False}),
        "closed_last_month": _file(journal, {}),
        "closed_this_month": _file(journal, {"ack_due": "2026-12-01"}),
    }


@pytest.fixture
def reports(tmp_path: Path, journal: Journal, ids: dict[str, str]) -> Path:
    journal.set_followup(ids["closed_last_month"], {"answered_on": "2026-11-30"}, "test")
    journal.set_followup(ids["closed_this_month"], {"answered_on": "2026-12-02"}, "test")
    folder = tmp_path / "reports"
    write_followup(journal, folder, TODAY)
    return folder


def _sheet(reports: Path) -> list[dict[str, object]]:
    ws = load_workbook(followup_path(reports))[SHEET]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]  # type: ignore[arg-type]


def _edit(reports: Path, item_id: str, **typed: object) -> None:
    """Type values as the owner would: by header, in the row of `item_id`."""
    path = followup_path(reports)
    wb = load_workbook(path)
    ws = wb[SHEET]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == item_id:
            for key, value in typed.items():
                row[headers.index(OWNER_HEADERS[key])].value = value
    wb.save(path)


def _cell(reports: Path, item_id: str, header: str) -> object:
    return next(r[header] for r in _sheet(reports) if r["N°"] == item_id)


def test_open_complaints_and_those_answered_this_month_are_listed_by_id(
        reports: Path, ids: dict[str, str]) -> None:
    listed = [row["N°"] for row in _sheet(reports)]
    assert listed == sorted([ids["complaint"], ids["mediator"], ids["misdirected"],
                             ids["closed_this_month"]])


def test_headers_are_french_frozen_filtered_and_lists_validated(reports: Path) -> None:
    ws = load_workbook(followup_path(reports))[SHEET]
    headers = [c.value for c in ws[1]]
    assert headers == ["N°", "À faire", "Prochaine étape", "Réclamant", "Téléphone", "E-mail",
                       "Gestionnaire", "Catégorie", "Description", "Médiateur", "Hors périmètre",
                       "Envoyé le", "Accusé de réception avant le", "Réponse avant le",
                       "Courrier", "Résumé", "Accusé rédigé",
                       "Accusé de réception envoyé le", "Réponse envoyée le", "Issue",
                       "Médiateur mentionné dans la réponse", "Commentaire"]
    assert ws.freeze_panes == "C2"  # the header row, N° and « À faire »
    assert ws.auto_filter.ref == "A1:V5"
    lists = {v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"}
    assert lists == {'"favorable,partiel,défavorable"', '"oui,non"'}
    assert ws.column_dimensions["I"].width == 30  # Description


def test_dates_are_real_dates(reports: Path, ids: dict[str, str]) -> None:
    row = next(r for r in _sheet(reports) if r["N°"] == ids["closed_this_month"])
    assert row["Accusé de réception avant le"] == datetime(2026, 12, 1)
    assert row["Réponse envoyée le"] == datetime(2026, 12, 2)
    assert row["Envoyé le"] == datetime(2026, 11, 20)


def test_what_the_owner_types_reaches_the_journal_and_the_audit_log(
        reports: Path, journal: Journal, ids: dict[str, str]) -> None:
    item_id = ids["complaint"]
    _edit(reports, item_id, acknowledged_on=datetime(2026, 11, 27), answered_on="08/12/2026",
          outcome="DEFAVORABLE", mediator_mentioned=" Oui ", comment="Appelée le 3/12")
    back = read_back(followup_path(reports), journal, TODAY)
    assert not back.delayed and not back.problems
    assert journal.followups()[item_id] == FollowUp(
        item_id, "2026-11-27", "2026-12-08", AnswerOutcome.UNFAVORABLE, True, "Appelée le 3/12")
    events = [e["detail"] for e in journal.events(item_id) if e["kind"] == "suivi"]
    assert {"champ": "outcome", "ancien": None, "nouveau": "défavorable",
            "source": FILE_NAME} in events
    assert len(events) == 5
    # a second read of the same workbook changes nothing more
    assert read_back(followup_path(reports), journal, TODAY).changes == {}
    assert len([e for e in journal.events(item_id) if e["kind"] == "suivi"]) == 5


def test_reading_the_workbook_returns_the_changes_and_stores_nothing(
        reports: Path, journal: Journal, ids: dict[str, str]) -> None:
    item_id = ids["complaint"]
    _edit(reports, item_id, answered_on="08/12/2026", outcome="Partiel", comment="vu")
    followups, events = journal.followups(), journal.events()
    edits = read_edits(followup_path(reports), journal.states(), followups)
    assert edits.updates == {item_id: {"answered_on": "2026-12-08", "outcome": AnswerOutcome.PARTIAL,
                                       "comment": "vu"}}
    assert edits.changes == {} and not edits.problems
    assert journal.followups() == followups and journal.events() == events


def test_a_correction_is_logged_with_its_old_value(
        reports: Path, journal: Journal, ids: dict[str, str]) -> None:
    item_id = ids["closed_this_month"]
    _edit(reports, item_id, answered_on="03/12/2026", outcome="Partiel")
    read_back(followup_path(reports), journal, TODAY)
    details = [e["detail"] for e in journal.events(item_id) if e["kind"] == "suivi"]
    assert details[-2:] == [
        {"champ": "answered_on", "ancien": "2026-12-02", "nouveau": "2026-12-03",
         "source": FILE_NAME},
        {"champ": "outcome", "ancien": None, "nouveau": "partiel", "source": FILE_NAME},
    ]


def test_invalid_cells_are_reported_in_french_skipped_and_shown_again(
        reports: Path, journal: Journal, ids: dict[str, str]) -> None:
    item_id = ids["complaint"]
    _edit(reports, item_id, acknowledged_on="31/02/2026", outcome="bof",
          mediator_mentioned="peut-être", comment="ok")
    result = refresh_followup(journal, reports, TODAY)
    messages = [p.message for p in result.read_back.problems]
    assert len(messages) == 3
    assert any("Ligne 2" in m and "« Issue »" in m and "« bof »" in m for m in messages)
    assert any("« Accusé de réception envoyé le »" in m and "n'existe pas" in m
               for m in messages)
    assert journal.followups()[item_id] == FollowUp(item_id, comment="ok")
    # nothing typed is lost: the unreadable text comes back, to be corrected
    assert _cell(reports, item_id, "Issue") == "bof"
    assert _cell(reports, item_id, "Accusé de réception envoyé le") == "31/02/2026"


def test_a_row_with_an_unknown_id_is_reported_not_stored(
        reports: Path, journal: Journal) -> None:
    path = followup_path(reports)
    wb = load_workbook(path)
    ws = wb[SHEET]
    headers = [c.value for c in ws[1]]
    row = [None] * len(headers)
    row[0], row[headers.index(OWNER_HEADERS["outcome"])] = "REC-2026-999999", "favorable"
    ws.append(row)
    wb.save(path)
    back = read_back(path, journal, TODAY)
    assert [p.item_id for p in back.problems] == ["REC-2026-999999"]
    assert "N° inconnu" in back.problems[0].message
    assert back.changes == {}


@pytest.mark.parametrize("lock", [".~lock.suivi-reclamations.xlsx#", "~$suivi-reclamations.xlsx"])
def test_a_lock_file_delays_the_read_and_the_workbook_is_not_rewritten(
        reports: Path, journal: Journal, ids: dict[str, str], lock: str) -> None:
    _edit(reports, ids["complaint"], outcome="favorable")
    (reports / lock).write_text("owner", encoding="utf-8")
    before = followup_path(reports).read_bytes()
    result = refresh_followup(journal, reports, TODAY)
    assert result.read_back.delayed and "ouvert" in result.read_back.delayed
    assert not result.written
    assert followup_path(reports).read_bytes() == before
    assert ids["complaint"] not in journal.followups()
    (reports / lock).unlink()
    assert refresh_followup(journal, reports, TODAY).written
    assert journal.followups()[ids["complaint"]].outcome == AnswerOutcome.FAVORABLE


def test_a_workbook_being_saved_delays_the_read(reports: Path, journal: Journal) -> None:
    path = followup_path(reports)
    half = path.read_bytes()[:300]
    path.write_bytes(half)
    result = refresh_followup(journal, reports, TODAY)
    assert result.read_back.delayed and not result.written
    assert path.read_bytes() == half


def test_typed_values_survive_a_rewrite(
        reports: Path, journal: Journal, ids: dict[str, str]) -> None:
    _edit(reports, ids["mediator"], acknowledged_on="09/12/2026", mediator_mentioned="non",
          comment="Transmis au Médiateur")
    assert refresh_followup(journal, reports, TODAY).written
    row = next(r for r in _sheet(reports) if r["N°"] == ids["mediator"])
    assert row["Accusé de réception envoyé le"] == datetime(2026, 12, 9)
    assert row["Médiateur mentionné dans la réponse"] == "non"
    assert row["Commentaire"] == "Transmis au Médiateur"


def test_an_older_workbook_does_not_undo_a_command_line_change(
        reports: Path, journal: Journal, ids: dict[str, str]) -> None:
    journal.set_followup(ids["complaint"], {"outcome": AnswerOutcome.PARTIAL}, "reclam suivi")
    back = read_back(followup_path(reports), journal, TODAY)
    assert back.changes == {}
    assert journal.followups()[ids["complaint"]].outcome == AnswerOutcome.PARTIAL


def test_clearing_a_cell_clears_the_value(
        reports: Path, journal: Journal, ids: dict[str, str]) -> None:
    _edit(reports, ids["closed_this_month"], answered_on=None)
    read_back(followup_path(reports), journal, TODAY)
    assert journal.followups()[ids["closed_this_month"]].answered_on is None


def test_overdue_deadlines_are_red_and_close_ones_orange(
        reports: Path, ids: dict[str, str]) -> None:
    ws = load_workbook(followup_path(reports))[SHEET]
    headers = [c.value for c in ws[1]]
    ack = headers.index("Accusé de réception avant le") + 1
    fills = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=ack).fill.fgColor.rgb
             for r in range(2, ws.max_row + 1)}
    assert fills[ids["complaint"]] == "00FFC7CE"  # due 4/12, nothing sent: red
    assert fills[ids["mediator"]] == "00F8CBAD"  # due 11/12, within 2 working days: orange
    assert fills[ids["closed_this_month"]] == "00000000"  # past, but answered: plain
    assert ws.cell(row=2, column=1).fill.fgColor.rgb == "00FFC7CE"  # the row's N° too


# -- the command line --------------------------------------------------------------------


def _reclam(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=120, check=False, env=env,
                          cwd=REPO)


Home = tuple[Path, str, str]  # the home, a complaint's id, an ordinary letter's id


@pytest.fixture
def home(tmp_path: Path) -> Home:
    root = make_home(tmp_path / "home")
    with Journal(root / "var" / "journal.sqlite3") as journal:
        return root, _file(journal, {}), _file(journal, {"complaint": False})


def test_suivi_command_changes_the_journal_and_the_workbook(home: Home) -> None:
    root, item_id, _ = home
    done = _reclam(root, "suivi", item_id, "--accuse", "27/11/2026", "--issue", "Défavorable",
                   "--mediateur-mentionne", "oui", "--commentaire", "=appel")
    assert done.returncode == 0, done.stderr
    assert "enregistré" in done.stdout and "Suivi des réclamations mis à jour" in done.stdout
    with Journal(root / "var" / "journal.sqlite3") as journal:
        assert journal.followups()[item_id] == FollowUp(
            item_id, "2026-11-27", None, AnswerOutcome.UNFAVORABLE, True, "=appel")
        sources = {e["detail"]["source"] for e in journal.events(item_id) if e["kind"] == "suivi"}
    assert sources == {"reclam suivi"}
    reports = root / "reports"
    assert _cell(reports, item_id, "Issue") == "défavorable"
    assert _cell(reports, item_id, "Commentaire") == "=appel"  # text, never a formula
    assert _cell(reports, item_id, "Accusé de réception envoyé le") == datetime(2026, 11, 27)
    assert _cell(reports, item_id, "Gestionnaire") == "Thomas Nguyen"  # by name, not tnguyen


@pytest.mark.parametrize(("args", "reason"), [
    (["--issue", "moyen"], "--issue : valeur refusée « moyen »"),
    (["--accuse", "27 novembre"], "--accuse : valeur refusée « 27 novembre » (date attendue"),
    (["--reponse", "31/02/2026"], "--reponse : valeur refusée « 31/02/2026 » (cette date n'existe"),
    (["--mediateur-mentionne", "peut-être"], "« oui » ou « non » attendu"),
    ([], "rien à enregistrer"),
])
def test_suivi_command_refuses_a_bad_value_in_french(
        home: Home, args: list[str], reason: str) -> None:
    root, item_id, _ = home
    done = _reclam(root, "suivi", item_id, *args)
    assert done.returncode == 2
    said, hint = done.stderr.strip().splitlines()  # one line, then where the help is
    assert reason in said and hint == "reclam suivi --help pour l'aide."
    assert not (root / "reports" / FILE_NAME).exists()


def test_suivi_command_refuses_an_unknown_id_or_ordinary_mail(home: Home) -> None:
    root, _, ordinary_id = home
    unknown = _reclam(root, "suivi", "REC-2026-999999", "--issue", "favorable")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "reclam suivi : courrier inconnu : REC-2026-999999"
    ordinary = _reclam(root, "suivi", ordinary_id, "--issue", "favorable")
    assert ordinary.returncode == 2 and "n'est pas une réclamation" in ordinary.stderr


def test_suivi_command_waits_for_a_workbook_open_elsewhere(home: Home) -> None:
    root, item_id, _ = home
    assert _reclam(root, "suivi", item_id, "--issue", "partiel").returncode == 0
    path = root / "reports" / FILE_NAME
    (root / "reports" / f".~lock.{FILE_NAME}#").write_text("x", encoding="utf-8")
    before = path.read_bytes()
    done = _reclam(root, "suivi", item_id, "--reponse", "2026-12-01")
    assert done.returncode == 0 and "non réécrit" in done.stdout
    assert path.read_bytes() == before
    with Journal(root / "var" / "journal.sqlite3") as journal:
        assert journal.followups()[item_id].answered_on == "2026-12-01"


def test_a_workbook_saved_by_libreoffice_reads_back_without_spurious_changes(
        reports: Path, journal: Journal, ids: dict[str, str], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-calc-nogui"
    _edit(reports, ids["complaint"], acknowledged_on=datetime(2026, 12, 1), outcome="partiel")
    out_dir = tmp_path / "lo-out"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir),
         str(followup_path(reports))],
        capture_output=True, text=True, timeout=180, check=False,
    )
    saved = out_dir / FILE_NAME
    assert done.returncode == 0 and saved.is_file(), done.stdout + done.stderr
    back = read_back(saved, journal, TODAY)
    assert not back.delayed and not back.problems
    assert back.changes == {ids["complaint"]: ("acknowledged_on", "outcome")}
