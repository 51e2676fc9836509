"""Follow-up dates that cannot be true are refused with their reason, from `reclam suivi`
and from the follow-up workbook alike (one check: `followup_edits.impossible_dates`); the
refused value is not stored, the rest is, and the monthly figures stay consistent."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook

from pipeline import clock
from pipeline.followup_edits import impossible_dates, read_back, refresh_followup
from pipeline.journal import Journal
from pipeline.journal_model import FollowUp
from pipeline.record import Channel, Claimant, Decision, FilingStatus, Findings, Item, Source
from pipeline.record import Outcome as Filed
from pipeline.registers.followup_cells import OWNER_HEADERS, SHEET, followup_path
from pipeline.reports.figures import build_month
from tests.conftest import REPO, make_home
from tests.test_registers_followup import _edit as _type  # the owner typing in the workbook

TODAY = date(2026, 12, 10)


def _item(item_id: str, received: date, sent: date | None,
          channel: Channel = Channel.LETTER) -> Item:
    at = f"{received.isoformat()}T09:14:00+01:00"
    ack_due, answer_due = received + timedelta(days=14), received + timedelta(days=60)
    return Item(
        source=Source(item_id, "lettre.pdf", item_id, at, at, channel, 10, "pdf"),
        findings=Findings(is_complaint=True, claimant=Claimant("Mme", "Durand", "Sophie"),
                          description="Conteste le refus d'indemnisation.",
                          sent_on=sent.isoformat() if sent else None),
        decision=Decision(owner="tnguyen", owner_reason="gestionnaire du contrat",
                          sent_on=(sent or received).isoformat(),
                          ack_due=ack_due.isoformat(), answer_due=answer_due.isoformat()),
        outcome=Filed(FilingStatus.FILED, f"outbox/{received}/tnguyen/{item_id}.pdf"),
    )


def _file(journal: Journal, received: date, sent: date | None) -> str:
    sha = f"sha-{len(journal.states())}"
    claim = journal.record_drop(sha, "lettre.pdf", sha, "var/work/x",
                                lambda item_id: _item(item_id, received, sent))
    done = _item(claim.item_id, received, sent)
    journal.save_processed(done)
    journal.mark_filed(done)
    return claim.item_id


LETTER = _item("REC-2026-000001", received=date(2026, 11, 26), sent=date(2026, 11, 20))


def test_a_date_after_today_is_refused_and_today_is_passed_in() -> None:
    nothing = FollowUp(LETTER.id)
    refused = impossible_dates(LETTER, nothing, {"answered_on": "2026-12-11"}, TODAY)
    assert refused == {"answered_on": "date dans le futur (nous sommes le 10/12/2026)"}
    # the same date once that day has come: no clock is read inside the check
    assert impossible_dates(LETTER, nothing, {"answered_on": "2026-12-11"},
                            date(2026, 12, 11)) == {}


def test_a_date_before_the_complaint_was_sent_or_received_is_refused() -> None:
    nothing = FollowUp(LETTER.id)
    assert impossible_dates(LETTER, nothing, {"acknowledged_on": "2026-11-19"}, TODAY) == {
        "acknowledged_on": "date antérieure à l'envoi de la réclamation (datée du 20/11/2026)"}
    # sent on the 20th, received on the 26th: an acknowledgement on the 21st is possible
    assert impossible_dates(LETTER, nothing, {"acknowledged_on": "2026-11-21"}, TODAY) == {}
    undated = _item("REC-2026-000002", received=date(2026, 11, 26), sent=None)
    assert impossible_dates(undated, nothing, {"answered_on": "2026-11-25"}, TODAY) == {
        "answered_on": "date antérieure à la réception du courrier (reçu le 26/11/2026)"}


def test_an_answer_before_the_acknowledgement_is_refused_whichever_is_typed_last() -> None:
    acknowledged = FollowUp(LETTER.id, acknowledged_on="2026-12-01")
    assert impossible_dates(LETTER, acknowledged, {"answered_on": "2026-11-30"}, TODAY) == {
        "answered_on": "réponse antérieure à l'accusé de réception (envoyé le 01/12/2026)"}
    answered = FollowUp(LETTER.id, answered_on="2026-11-30")
    assert impossible_dates(LETTER, answered, {"acknowledged_on": "2026-12-01"}, TODAY) == {
        "acknowledged_on": "accusé de réception postérieur à la réponse (envoyée le 30/11/2026)"}
    both = {"acknowledged_on": "2026-12-01", "answered_on": "2026-11-30"}
    assert list(impossible_dates(LETTER, FollowUp(LETTER.id), both, TODAY)) == ["answered_on"]
    # the answer refused for its own reason does not make the acknowledgement wrong
    late = {"acknowledged_on": "2026-12-01", "answered_on": "2026-12-24"}
    assert list(impossible_dates(LETTER, FollowUp(LETTER.id), late, TODAY)) == ["answered_on"]


def test_possible_dates_and_cleared_ones_pass() -> None:
    current = FollowUp(LETTER.id, acknowledged_on="2026-11-27", answered_on="2026-12-02")
    assert impossible_dates(LETTER, current, {"answered_on": "2026-12-10"}, TODAY) == {}
    assert impossible_dates(LETTER, current, {"acknowledged_on": None}, TODAY) == {}
    assert impossible_dates(LETTER, current, {"comment": "vu"}, TODAY) == {}


def test_the_workbook_refuses_an_impossible_date_with_its_row_and_keeps_the_rest(
        tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    with Journal(tmp_path / "var" / "journal.sqlite3") as journal:
        first = _file(journal, date(2026, 11, 26), date(2026, 11, 20))
        second = _file(journal, date(2026, 11, 27), date(2026, 11, 24))
        refresh_followup(journal, reports, TODAY)
        _type(reports, first, answered_on="15/12/2026", comment="rappelée")
        _type(reports, second, acknowledged_on="2026-11-23", outcome="Favorable")
        back = read_back(followup_path(reports), journal, TODAY)
        stored = journal.followups()
        assert stored[first] == FollowUp(first, comment="rappelée")
        assert stored[second].acknowledged_on is None
        assert stored[second].outcome is not None
        messages = sorted(p.message for p in back.problems)
        assert len(messages) == 2
        assert f"({first}) : « 15/12/2026 » est refusé — date dans le futur" in messages[0]
        assert "colonne « Réponse envoyée le »" in messages[0]
        assert f"({second}) : « 2026-11-23 » est refusé — date antérieure à l'envoi" in messages[1]
        assert all(m.startswith("Ligne ") for m in messages)
        # rewritten, the refused cells are shown again as typed, to be corrected
        written = refresh_followup(journal, reports, TODAY)
        assert written.written and len(written.read_back.problems) == 2
    ws = load_workbook(followup_path(reports))[SHEET]
    headers = [c.value for c in ws[1]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    refused = rows[first][headers.index(OWNER_HEADERS["answered_on"])]
    assert refused.value == "15/12/2026"
    assert refused.comment is not None
    assert "Valeur non retenue : date dans le futur (nous sommes le 10/12/2026)" in (
        refused.comment.text)


def test_the_monthly_figures_never_count_one_complaint_answered_on_time_and_unanswered(
        tmp_path: Path) -> None:
    with Journal(tmp_path / "var" / "journal.sqlite3") as journal:
        answered = _file(journal, date(2026, 12, 1), date(2026, 11, 30))
        typed_ahead = _file(journal, date(2026, 12, 2), date(2026, 12, 1))
        for item_id, day in ((answered, "2026-12-05"), (typed_ahead, "2026-12-20")):
            item = next(i for i in journal.items() if i.id == item_id)
            change = {"answered_on": day}
            for key in impossible_dates(item, FollowUp(item_id), change, TODAY):
                del change[key]
            if change:
                journal.set_followup(item_id, change, "test")
        figures = build_month(journal.items(), journal.followups(), None, "2026-12", TODAY)
    sections = {s.key: {f.label: set(f.ids) for f in s.figures} for s in figures.sections}
    on_time = sections["reponse"]["dans les délais"]
    unanswered = sections["fin-de-mois"]["réclamations sans réponse"]
    assert on_time == {answered} and unanswered == {typed_ahead}
    assert not on_time & unanswered


def test_suivi_refuses_an_impossible_date_names_the_item_and_stores_the_rest(
        tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    today = clock.now().date()
    with Journal(home / "var" / "journal.sqlite3") as journal:
        item_id = _file(journal, today - timedelta(days=20), today - timedelta(days=25))
    future = f"{today + timedelta(days=3):%d/%m/%Y}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--home", str(home), "suivi", item_id,
         "--accuse", f"{today - timedelta(days=18):%d/%m/%Y}", "--reponse", future],
        capture_output=True, text=True, timeout=120, env=env, cwd=REPO)
    assert done.returncode == 2
    (said,) = done.stderr.splitlines()
    assert said == (f"reclam suivi : {item_id} : --reponse « {future} » refusé — date dans le "
                    f"futur (nous sommes le {today:%d/%m/%Y}) ; rien n'est enregistré pour "
                    "cette date.")
    assert "enregistré (accusé de réception envoyé le)" in done.stdout
    with Journal(home / "var" / "journal.sqlite3") as journal:
        stored = journal.followups()[item_id]
    assert stored.acknowledged_on == (today - timedelta(days=18)).isoformat()
    assert stored.answered_on is None
    before = f"{today - timedelta(days=30):%d/%m/%Y}"
    alone = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "--home", str(home), "suivi", item_id,
         "--reponse", before], capture_output=True, text=True, timeout=120, env=env, cwd=REPO)
    assert alone.returncode == 2 and "date antérieure à l'envoi de la réclamation" in alone.stderr
    assert "enregistré" not in alone.stdout
