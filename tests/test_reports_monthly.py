"""The monthly report (reports/rapport-YYYY-MM.xlsx and .pdf) and retention (`reclam purge`).

GIVEN a journal of hand-made items with hand-made follow-ups, WHEN the report of
November 2026 is built, THEN every figure equals a count made here from the same
hand-made table, and every id it gives is listed on a detail sheet.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pipeline import cli, clock
from pipeline.client_register import Client, ClientRegister, ClientStatus, Contract, RegisteredClaim
from pipeline.journal import Journal
from pipeline.journal_model import DETAIL_LABELS, EVENT_LABELS, AnswerOutcome
from pipeline.record import (
    CHANNEL_LABELS,
    Category,
    Channel,
    Claimant,
    Decision,
    FilingStatus,
    Findings,
    Item,
    Match,
    References,
    Representative,
    Source,
    Statut,
)
from pipeline.record import Outcome as Filed
from pipeline.reports import monthly
from pipeline.reports.figures import build_month
from pipeline.reports.model import JUDGED, MonthFigures, StepState, step_state
from pipeline.reports.monthly import write_monthly_report
from pipeline.reports.pdf import convert_to_pdf
from pipeline.retention import purge
from pipeline.text.model import EmailHeaders, Extracted, Page, PageMethod
from pipeline.workbook import RATE_FORMAT
from tests.conftest import REPO
from tests.makers import complaint_email, text_pdf

MONTH = "2026-11"
TODAY = date(2027, 2, 15)


@dataclass(frozen=True)
class Spec:
    """One hand-made item and its follow-up: the truth the test counts from."""

    key: str
    taken: str  # day intake took it
    complaint: bool = True
    channel: Channel = Channel.LETTER
    category: str | None = Category.SINISTRE.value
    owner: str = "tnguyen"
    statut: Statut | None = Statut.CLIENT
    contract: str | None = None
    claim: str | None = None
    mediator: bool = False
    misdirected: bool = False
    ack_due: str | None = None
    answer_due: str | None = None
    acknowledged: str | None = None
    answered: str | None = None
    quarantined: str | None = None  # the reason


SPECS = [
    Spec("A", "2026-11-03", contract="AX-1", ack_due="2026-11-17", answer_due="2027-01-03",
         acknowledged="2026-11-10", answered="2026-12-20"),
    Spec("B", "2026-11-05", channel=Channel.EMAIL, category=Category.COTISATION.value,
         owner="kbenali", contract="GR-2", ack_due="2026-11-19", answer_due="2027-01-05",
         acknowledged="2026-11-25", answered="2027-01-20"),
    Spec("C", "2026-11-10", channel=Channel.EMAIL, statut=Statut.PROSPECT,
         ack_due="2026-11-24", answer_due="2027-01-10"),
    Spec("D", "2026-11-12", owner="resp", statut=None, mediator=True, category=None,
         ack_due="2026-11-26", answer_due="2027-01-12", acknowledged="2026-11-14"),
    Spec("E", "2026-11-20", channel=Channel.WEB_FORM, owner="resp", misdirected=True,
         category=Category.GESTION.value, ack_due="2026-12-04", answer_due="2027-01-20",
         answered="2026-11-25"),
    Spec("F", "2026-11-28", channel=Channel.PHONE, category=Category.RESILIATION.value,
         owner="kbenali", statut=Statut.REPRESENTED, claim="S-1", ack_due="2026-12-12",
         answer_due="2027-02-28", acknowledged="2026-12-01"),
    Spec("G", "2026-11-15", complaint=False, category=None),
    Spec("Q", "2026-11-16", complaint=False, category=None,
         quarantined="Le PDF est protégé par un mot de passe : demander une copie lisible."),
    # earlier months: the trend, and what was still open at the end of November
    Spec("H", "2026-09-20", ack_due="2026-10-02", answer_due="2026-11-20",
         acknowledged="2026-09-25"),
    Spec("I", "2026-09-10", ack_due="2026-09-23", answer_due="2026-11-10",
         acknowledged="2026-09-12", answered="2026-10-01"),
    Spec("J", "2026-10-20", ack_due="2026-11-02", answer_due="2026-12-20",
         acknowledged="2026-10-22", answered="2026-12-03"),
    Spec("K", "2025-12-04", ack_due="2025-12-17", answer_due="2026-02-04",
         acknowledged="2025-12-05", answered="2026-01-15"),
    Spec("L", "2025-11-15", ack_due="2025-11-28", answer_due="2026-01-15",
         acknowledged="2025-11-20", answered="2025-12-01"),
    Spec("M", "2026-12-02", ack_due="2026-12-15", answer_due="2027-02-02"),
]
BY_KEY = {s.key: s for s in SPECS}


def _item(spec: Spec, item_id: str) -> Item:
    source = Source(item_id, f"{spec.key.lower()}.pdf", "0" * 64, f"{spec.taken}T08:00:00+01:00",
                    f"{spec.taken}T09:00:00+01:00", spec.channel, 100, "pdf")
    if spec.quarantined:
        return Item(source, outcome=Filed(FilingStatus.QUARANTINED, f"quarantaine/{item_id}.pdf",
                                          spec.quarantined, "pdf-chiffre"))
    linked = spec.contract or spec.claim
    return Item(
        source=source,
        extracted=Extracted(pages=(Page(1, f"Madame Durand {spec.key}, 12 rue des Lilas",
                                        PageMethod.TEXT_LAYER),)),
        findings=Findings(
            is_complaint=spec.complaint,
            claimant=Claimant("Mme", "Durand", "Sophie", spec.statut, "12 rue des Lilas",
                              "69003", "Lyon", ("+33612345678",), "sophie.durand@example.fr"),
            representative=(Representative("Martin", "Paul", "avocat")
                            if spec.statut == Statut.REPRESENTED else None),
            description="Conteste le refus de prise en charge." if spec.complaint else None,
            category=spec.category,
            references=References(tuple(filter(None, [spec.contract])),
                                  tuple(filter(None, [spec.claim]))),
            evidence=("je conteste",),
        ),
        match=(Match("C1", "contrat" if spec.contract else "sinistre", 1.0,
                     reason="contrat AX-1 de Mme Durand", contract=spec.contract,
                     claim=spec.claim) if linked else None),
        decision=Decision(
            owner=spec.owner, owner_reason="gestionnaire", statut=spec.statut,
            misdirected=spec.misdirected, redirect_to="MAAF" if spec.misdirected else None,
            mediator=spec.mediator, sent_on=spec.taken, ack_due=spec.ack_due,
            answer_due=spec.answer_due,
        ),
        outcome=Filed(FilingStatus.FILED, f"outbox/{spec.taken}/{spec.owner}/{item_id}.pdf"),
    )


def _register() -> ClientRegister:
    return ClientRegister(
        clients={"C1": Client("C1", ClientStatus.CLIENT, "Durand", "Sophie")},
        contracts={
            "AX1": Contract("AX-1", "C1", "AXA France IARD", "AXA", "Multirisque habitation"),
            "GR2": Contract("GR-2", "C1", "Groupama", "Groupama", "Automobile"),
        },
        claims={"S1": RegisteredClaim("S-1", "C1", "AX-1", "AXA France IARD", "AXA")},
    )


PRODUCT = {"A": "Multirisque habitation", "F": "Multirisque habitation", "B": "Automobile"}
INSURER = {"A": "AXA", "F": "AXA", "B": "Groupama"}


def _fill(journal: Journal) -> dict[str, str]:
    """Every spec into the journal (with its follow-up); returns key -> item id."""
    ids = {}
    for spec in SPECS:
        claim = journal.record_drop(spec.key, f"{spec.key}.pdf", f"sha-{spec.key}", "w",
                                    partial(_item, spec))
        item = _item(spec, claim.item_id)
        journal.save_processed(item)
        journal.mark_filed(item)
        changes: dict[str, Any] = {}
        if spec.acknowledged:
            changes["acknowledged_on"] = spec.acknowledged
        if spec.answered:
            changes |= {"answered_on": spec.answered, "outcome": AnswerOutcome.PARTIAL,
                        "comment": "Réponse envoyée à Mme Durand"}
        if changes:
            journal.set_followup(claim.item_id, changes, "test")
        ids[spec.key] = claim.item_id
    return ids


@pytest.fixture
def journal(tmp_path: Path) -> Any:
    with Journal(tmp_path / "journal.sqlite3") as j:
        yield j


def _figures(journal: Journal, today: date = TODAY) -> MonthFigures:
    return build_month(journal.items(), journal.followups(), _register(), MONTH, today,
                       journal.events())


def _keys(ids: Any, id_of: dict[str, str]) -> set[str]:
    key_of = {v: k for k, v in id_of.items()}
    return {key_of[i] for i in ids}


def _count(keys: set[str], ids: dict[str, str]) -> set[str]:
    return {ids[k] for k in keys}


NOVEMBER = {s.key for s in SPECS if s.complaint and s.taken.startswith(MONTH)}


def test_volumes_match_a_count_made_from_the_hand_made_items(journal: Journal) -> None:
    ids = _fill(journal)
    figures = _figures(journal)
    assert set("ABCDEF") == NOVEMBER
    assert _keys(figures.section("total").figure("réclamations").ids, ids) == NOVEMBER
    expected: dict[str, dict[str, set[str]]] = {"canal": {}, "categorie": {}, "gestionnaire": {},
                                                "statut": {}, "produit": {}, "assureur": {}}
    for key in NOVEMBER:
        s = BY_KEY[key]
        expected["canal"].setdefault(CHANNEL_LABELS[s.channel], set()).add(key)
        expected["categorie"].setdefault(s.category or "non classée", set()).add(key)
        expected["gestionnaire"].setdefault(s.owner, set()).add(key)
        expected["statut"].setdefault(s.statut.value if s.statut else "non renseigné",
                                      set()).add(key)
        expected["produit"].setdefault(PRODUCT.get(key, "non rattachée à un contrat"),
                                       set()).add(key)
        expected["assureur"].setdefault(INSURER.get(key, "assureur inconnu"), set()).add(key)
    for section, groups in expected.items():
        got = {f.label: _keys(f.ids, ids) for f in figures.section(section).figures if f.ids}
        assert got == groups, section
    # every ACPR family is shown, even with no complaint this month
    labels = [f.label for f in figures.section("categorie").figures]
    assert set(labels) >= {c.value for c in Category}


def test_acpr_timeliness_counts_rates_and_late_lists(journal: Journal) -> None:
    ids = _fill(journal)
    figures = _figures(journal)
    ack = figures.section("accuse")
    # D and F acknowledged in time, A too; E answered before its ack was due
    assert _keys(ack.figure("dans les délais").ids, ids) == {"A", "D", "E", "F"}
    assert _keys(ack.figure("hors délai").ids, ids) == {"B"}
    assert _keys(ack.figure("non fait, délai dépassé").ids, ids) == {"C"}
    assert ack.figure("dans les délais").rate == pytest.approx(4 / 6)
    answer = figures.section("reponse")
    assert _keys(answer.figure("dans les délais").ids, ids) == {"A", "E"}
    assert _keys(answer.figure("hors délai").ids, ids) == {"B"}
    assert _keys(answer.figure("non fait, délai dépassé").ids, ids) == {"C", "D"}
    assert _keys(answer.figure("non fait, délai en cours").ids, ids) == {"F"}
    assert answer.figure("dans les délais").rate == pytest.approx(2 / 5)
    late = {(x.id, x.step): x for x in figures.late}
    assert set(late) == {
        (ids["B"], "accusé de réception"), (ids["B"], "réponse"),
        (ids["C"], "accusé de réception"), (ids["C"], "réponse"), (ids["D"], "réponse")}
    assert late[(ids["B"], "réponse")].days_late == 15  # due 5 Jan, answered 20 Jan
    assert late[(ids["C"], "réponse")].days_late == (TODAY - date(2027, 1, 10)).days
    assert late[(ids["C"], "réponse")].done_on is None


def test_open_and_overdue_at_month_end_include_earlier_months(journal: Journal) -> None:
    ids = _fill(journal)
    section = _figures(journal).section("fin-de-mois")
    end = "2026-11-30"
    still_open = {s.key for s in SPECS if s.complaint and s.taken <= end
                  and (not s.answered or s.answered > end)}
    assert still_open == {"A", "B", "C", "D", "F", "H", "J"}
    assert _keys(section.figure("réclamations sans réponse").ids, ids) == still_open
    assert _keys(section.figure("dont antérieures au mois").ids, ids) == {"H", "J"}
    overdue = {k for k in still_open if (BY_KEY[k].answer_due or "9") < end}
    assert overdue == {"H"}
    assert _keys(section.figure("dont réponse en retard (délai de 2 mois dépassé)").ids,
                 ids) == overdue
    assert _keys(section.figure("dont accusé de réception en retard").ids, ids) == {"C"}


def test_a_later_letter_about_an_open_complaint_is_not_counted_again(
        journal: Journal) -> None:
    ids = _fill(journal)
    later = _item(replace(BY_KEY["C"], key="C2", taken="2026-11-27"), "REC-2026-999999")
    assert later.decision is not None
    later = replace(later, decision=replace(later.decision, follow_up_of=ids["C"]))
    figures = build_month([*journal.items(), later], journal.followups(), _register(), MONTH,
                          TODAY)
    assert _keys(figures.section("total").figure("réclamations").ids, ids) == NOVEMBER


def test_a_report_for_the_current_month_judges_deadlines_as_of_today(journal: Journal) -> None:
    ids = _fill(journal)
    figures = _figures(journal, today=date(2026, 11, 21))
    assert figures.month_end == date(2026, 11, 21)
    # F is not yet taken on the 21st, E is; C's acknowledgement is not yet due
    assert _keys(figures.section("accuse").figure("non fait, délai dépassé").ids, ids) == set()
    assert ids["C"] in figures.section("accuse").figure("non fait, délai en cours").ids


def test_mediator_and_misdirected_items_show_what_became_of_them(journal: Journal) -> None:
    ids = _fill(journal)
    figures = _figures(journal)
    mediator = figures.section("mediateur")
    assert _keys(mediator.figure("reçues").ids, ids) == {"D"}
    assert _keys(mediator.figure("transmises, réclamant informé").ids, ids) == {"D"}
    assert mediator.figure("réponse envoyée").ids == ()
    misdirected = figures.section("hors-perimetre")
    assert _keys(misdirected.figure("reçues").ids, ids) == {"E"}
    assert _keys(misdirected.figure("réponse envoyée").ids, ids) == {"E"}
    assert misdirected.figure("transmises, réclamant informé").ids == ()


def test_quarantined_files_of_the_month_are_listed_with_their_reason(journal: Journal) -> None:
    ids = _fill(journal)
    figures = _figures(journal)
    assert [q.id for q in figures.quarantine] == [ids["Q"]]
    assert figures.quarantine[0].reason == BY_KEY["Q"].quarantined
    assert figures.section("quarantaine").figure("fichiers").ids == (ids["Q"],)


def test_trend_counts_complaints_per_month_over_twelve_months(journal: Journal) -> None:
    ids = _fill(journal)
    figures = _figures(journal)
    months = [f.label for f in figures.trend]
    assert months[0] == "2025-12" and months[-1] == "2026-11" and len(months) == 12
    expected = {m: {s.key for s in SPECS if s.complaint and s.taken[:7] == m} for m in months}
    assert {f.label: _keys(f.ids, ids) for f in figures.trend} == expected
    assert expected["2026-09"] == {"H", "I"} and expected["2025-12"] == {"K"}


def _sheet_rows(path: Path, name: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in load_workbook(path)[name].iter_rows(values_only=True)]


def _written(tmp_path: Path, journal: Journal) -> tuple[dict[str, str], Path]:
    ids = _fill(journal)
    path = write_monthly_report(_figures(journal), tmp_path / "rapport-2026-11.xlsx")
    return ids, path


def test_every_id_of_a_summary_row_is_on_a_detail_sheet(tmp_path: Path,
                                                        journal: Journal) -> None:
    ids, path = _written(tmp_path, journal)
    wb = load_workbook(path)
    assert wb.sheetnames == list(monthly.SHEETS)
    detail = [r[0] for r in _sheet_rows(path, monthly.DETAIL)[1:]]
    assert set(detail) == _count(NOVEMBER | {"H", "J"}, ids)
    quarantine = {r[0] for r in _sheet_rows(path, monthly.QUARANTINE)[1:]}
    assert quarantine == {ids["Q"]}
    summary = _sheet_rows(path, monthly.SUMMARY)
    header = next(r for r in summary if monthly.IDS_HEADER in r)
    column = header.index(monthly.IDS_HEADER)
    counted = 0
    for row in summary[summary.index(header) + 1:]:
        if row[1] is None:  # a section title
            continue
        listed = re.findall(r"REC-\d{4}-\d{6}", row[column] or "")
        assert len(listed) == row[1], row
        assert set(listed) <= set(detail) | quarantine, row
        counted += 1
    assert counted > 40


def test_detail_sheet_shows_dates_follow_up_and_late_flags(tmp_path: Path,
                                                           journal: Journal) -> None:
    ids, path = _written(tmp_path, journal)
    rows = _sheet_rows(path, monthly.DETAIL)
    header = rows[0]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    b = by_id[ids["B"]]
    assert b["Accusé de réception le"].date() == date(2026, 11, 25)
    assert b["Réponse le"].date() == date(2027, 1, 20)
    assert b["Réponse avant le"].date() == date(2027, 1, 5)
    assert b["Accusé de réception"] == b["Réponse"] == "hors délai"
    assert b["Issue"] == "partiel"
    assert by_id[ids["H"]]["Période"] == "antérieure, en cours"
    late = _sheet_rows(path, monthly.LATE)[1:]
    assert len(late) == 5


def test_audit_sheet_lists_the_events_of_the_items_counted(tmp_path: Path,
                                                           journal: Journal) -> None:
    ids, path = _written(tmp_path, journal)
    rows = _sheet_rows(path, monthly.AUDIT)
    header = rows[0]
    events = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert {e["N°"] for e in events} == _count(NOVEMBER | {"H", "J", "Q"}, ids)
    ack = [e for e in events if e["N°"] == ids["A"] and e["Champ"] == "accusé de réception le"]
    assert len(ack) == 1 and ack[0]["Ancienne valeur"] is None
    assert ack[0]["Nouvelle valeur"] == "10/11/2026"
    assert {e["Événement"] for e in events} >= {"reçu", "traité", "classé", "suivi modifié",
                                                "mis en quarantaine"}


def test_a_later_letter_attached_to_a_complaint_is_named_in_the_audit_trail(
        journal: Journal) -> None:
    ids = _fill(journal)
    journal.note(ids["A"], "courrier-suivant", {"courrier": "REC-2026-000999"})
    audit = [a for a in _figures(journal).audit if a.item_id == ids["A"]]
    assert "courrier suivant rattaché" in {a.what for a in audit}


def test_every_event_kind_the_product_records_has_a_french_label() -> None:
    """The kinds passed to Journal._event / Journal.note, as literals or (in the journal)
    as `kind = …`."""
    kinds: set[str] = set()
    for source in (REPO / "pipeline").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            kind: ast.expr | None = None
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("_event", "note") and len(node.args) >= 2):
                kind = node.args[1]
            elif (source.name == "journal.py" and isinstance(node, ast.Assign)
                  and len(node.targets) == 1
                  and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "kind"):
                kind = node.value
            found = [kind.body, kind.orelse] if isinstance(kind, ast.IfExp) else [kind]
            kinds |= {k.value for k in found
                      if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    assert {"recu", "classe", "quarantaine", "courrier-suivant"} <= kinds
    assert kinds <= set(EVENT_LABELS), kinds - set(EVENT_LABELS)


def test_pdf_is_made_by_libreoffice_and_renders(tmp_path: Path, journal: Journal) -> None:
    _, path = _written(tmp_path, journal)
    made = convert_to_pdf(path)
    assert made == tmp_path / "rapport-2026-11.pdf" and made.stat().st_size > 5000
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils is needed"
    for page in (1, 2):
        subprocess.run([pdftoppm, "-png", "-r", "50", "-f", str(page), "-l", str(page),
                        "-singlefile", str(made), str(tmp_path / f"page-{page}")],
                       check=True, timeout=60)
        assert (tmp_path / f"page-{page}.png").stat().st_size > 2000
    text = subprocess.run(["pdftotext", "-layout", str(made), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Rapport mensuel des réclamations" in text and "novembre 2026" in text
    assert "Réclamations par catégorie" in text  # the bar chart's title: charts are drawn


def test_purge_anonymises_old_closed_complaints_and_keeps_counts(journal: Journal) -> None:
    ids = _fill(journal)
    before = _figures(journal)
    result = purge(journal, date(2032, 6, 1), years=5)
    answered_before_cutoff = {s.key for s in SPECS if s.answered and s.answered < "2027-06-01"}
    assert _keys(result.anonymised, ids) == answered_before_cutoff
    after = _figures(journal)
    assert after.sections == before.sections
    assert after.trend == before.trend
    assert [replace(c, comment=None) for c in after.complaints] == [
        replace(c, comment=None) for c in before.complaints]
    items = {i.id: i for i in journal.items()}
    a = items[ids["A"]]
    assert a.findings is not None and a.findings.claimant is not None
    assert a.findings.claimant.nom is None and a.findings.claimant.email is None
    assert a.export_record()["claimant"]["nom"] is None  # nor the register's completion
    assert a.findings.claimant.telephones == () and a.findings.description is None
    assert a.findings.claimant.statut == Statut.CLIENT
    assert a.extracted is not None and a.extracted.pages == ()
    assert a.match is not None and a.match.reason == "" and a.match.contract == "AX-1"
    assert journal.followups()[ids["A"]].comment is None
    assert items[ids["C"]].findings.claimant.nom == "Durand"  # type: ignore[union-attr]
    assert [e["kind"] for e in journal.events(ids["A"])][-1] == "anonymisation"
    shown = [a for a in after.audit if a.item_id == ids["A"] and a.field == "commentaire"]
    assert shown and all("Durand" not in (a.new or "") for a in shown)
    again = purge(journal, date(2032, 6, 1), years=5)
    assert again.anonymised == () and set(again.already) == set(result.anonymised)


def test_purge_command_simulates_then_anonymises(
        home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with Journal(home / "var" / "journal.sqlite3") as j:
        ids = _fill(j)
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 6, 1, 12, tzinfo=clock.PARIS))
    due = {s.key for s in SPECS if s.answered and s.answered < "2026-06-01"}
    assert due == {"K", "L"}
    assert cli.main(["purge", "--retention-annees", "1", "--simulation", "--home",
                     str(home)]) == 0
    out = capsys.readouterr().out
    assert "2 à anonymiser" in out and all(ids[k] in out for k in due)
    with Journal(home / "var" / "journal.sqlite3") as j:
        assert "anonymisation" not in {e["kind"] for e in j.events()}
    assert cli.main(["purge", "--retention-annees", "1", "--home", str(home)]) == 0
    assert "2 anonymisées" in capsys.readouterr().out
    with Journal(home / "var" / "journal.sqlite3") as j:
        assert {e["item_id"] for e in j.events() if e["kind"] == "anonymisation"} == {
            ids[k] for k in due}
    assert cli.main(["purge", "--retention-annees", "0", "--home", str(home)]) == 2


def test_report_command_refuses_a_malformed_month(home: Path) -> None:
    """The command line's parser says it (pipeline/cli_parser.py): one French line, then
    where the help is; exit status 2, nothing written."""
    for bad in ("2026-13", "11/2026", "2026-1"):
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", "report", "--month", bad,
                               "--home", str(home)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 2
        first, *rest = done.stderr.strip().splitlines()
        assert first == (f"reclam report : --month {bad} : mois attendu au format AAAA-MM "
                         "(par exemple 2026-11)"), done.stderr
        assert len(rest) <= 1 and "Traceback" not in done.stderr
    assert not list((home / "reports").iterdir())


def test_report_command_writes_the_workbook_and_the_pdf(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Journal(home / "var" / "journal.sqlite3") as j:
        _fill(j)
    code = cli.main(["report", "--month", MONTH, "--home", str(home)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert (home / "reports" / "rapport-2026-11.xlsx").is_file()
    assert (home / "reports" / "rapport-2026-11.pdf").is_file()
    assert "(6 réclamations)" in out


def test_mail_counts_in_the_month_it_was_received_not_processed(journal: Journal) -> None:
    """Scanned on 30 November, processed on 1 December: November's (spec/workspace.md);
    an email dated 30 November 23:30 UTC is received on 1 December in Paris."""
    scanned = Spec("S", "2026-12-01", ack_due="2026-12-12", answer_due="2027-01-30")
    late_email = Spec("U", "2026-12-01", channel=Channel.EMAIL, ack_due="2026-12-14",
                      answer_due="2027-02-01")
    received = {"S": "2026-11-30T18:00:00+01:00", "U": "2026-11-30T23:30:00+00:00"}
    for spec in (scanned, late_email):
        def made(item_id: str, spec: Spec = spec) -> Item:
            item = _item(spec, item_id)
            source = replace(item.source, received_at=received[spec.key])
            return replace(item, source=source)
        claim = journal.record_drop(spec.key, f"{spec.key}.pdf", f"sha-{spec.key}", "w", made)
        item = made(claim.item_id)
        journal.save_processed(item)
        journal.mark_filed(item)
    ids = {i.source.source_file: i.id for i in journal.items()}
    november = build_month(journal.items(), {}, _register(), "2026-11", TODAY, [])
    december = build_month(journal.items(), {}, _register(), "2026-12", TODAY, [])
    assert {c.id for c in november.complaints if c.of_month} == {ids["s.pdf"]}
    assert {c.id for c in december.complaints if c.of_month} == {ids["u.pdf"]}


def test_audit_trail_speaks_french_filing_status_detail_keys_and_dates(
        tmp_path: Path, journal: Journal) -> None:
    ids, path = _written(tmp_path, journal)
    rows = _sheet_rows(path, monthly.AUDIT)
    events = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    details = [e["Détail"] for e in events if e["Détail"]]
    processed = [e["Détail"] for e in events if e["Événement"] == "traité"]
    assert processed and {d.split(" ; ")[0] for d in processed} == {"résultat : classé",
                                                                    "résultat : en quarantaine"}
    labels = set(DETAIL_LABELS.values())
    for detail in details:
        for part in detail.split(" ; "):
            assert part.split(" : ")[0] in labels, detail
    assert not any(re.search(r"\b(filed|quarantined|sha256|jeton)\b", d) for d in details)
    answered = [e for e in events if e["N°"] == ids["B"] and e["Champ"] == "réponse le"]
    assert [e["Nouvelle valeur"] for e in answered] == ["20/01/2027"]
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", str(e["Nouvelle valeur"] or ""))
                   for e in events)


def test_every_detail_key_an_audit_event_holds_has_a_french_label() -> None:
    """The keys of the detail dicts passed to Journal._event / Journal.note / Anonymisation,
    and those the journal adds to a `detail` it builds."""
    keys: set[str] = set()
    for source in (REPO / "pipeline").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            found: list[ast.expr] = []
            if isinstance(node, ast.Call) and len(node.args) >= 3 and (
                    isinstance(node.func, ast.Attribute) and node.func.attr in ("_event", "note")
                    or isinstance(node.func, ast.Name) and node.func.id == "Anonymisation"):
                found = [node.args[2]]
            elif isinstance(node, ast.AnnAssign | ast.Assign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id == "detail" and node.value:
                        found.append(node.value)
                    if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                            and target.value.id == "detail"):
                        found.append(ast.Dict(keys=[target.slice], values=[node.value]))
            for value in found:
                if isinstance(value, ast.Dict):
                    keys |= {k.value for k in value.keys
                             if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    assert {"fichier", "statut", "emplacement", "courrier", "conservation_annees"} <= keys
    assert keys <= set(DETAIL_LABELS), keys - set(DETAIL_LABELS)


def test_a_claimant_nobody_identified_is_counted_without_a_statut_before_and_after_purge(
        tmp_path: Path, journal: Journal) -> None:
    """« non identifié (client) » contradicts itself: a claimant with no name (here a phone
    complaint whose caller gave only « je suis client ») has no statut in the report, and
    the purge keeps that count."""
    spec = Spec("N", "2026-11-18", channel=Channel.PHONE, ack_due="2026-12-01",
                answer_due="2027-01-18", answered="2026-11-20")

    def made(item_id: str) -> Item:
        item = _item(spec, item_id)
        assert item.findings is not None
        return replace(item, findings=replace(item.findings, claimant=Claimant(
            statut=Statut.CLIENT, telephones=("+33612345678",))))

    ids = _fill(journal)
    claim = journal.record_drop("N", "n.json", "sha-N", "w", made)
    journal.save_processed(made(claim.item_id))
    journal.mark_filed(made(claim.item_id))
    journal.set_followup(claim.item_id, {"answered_on": "2026-11-20"}, "test")
    ids["N"] = claim.item_id
    before = _figures(journal)
    statut = before.section("statut")
    assert ids["N"] in statut.figure("non renseigné").ids
    assert ids["N"] not in statut.figure("client").ids
    path = write_monthly_report(before, tmp_path / "rapport-2026-11.xlsx")
    rows = _sheet_rows(path, monthly.DETAIL)
    line = dict(zip(rows[0], next(r for r in rows if r[0] == ids["N"]), strict=True))
    assert line["Statut"] == "non renseigné" and line["Canal"] == "téléphone"
    purge(journal, date(2032, 6, 1), years=5)
    after = _figures(journal)
    assert after.section("statut") == statut
    assert after.sections == before.sections


def _old_letter(journal: Journal) -> str:
    """A complaint received on 20 November 2026 but dated 14 March 2014: its deadlines,
    counted from its date (rules.md), were past before the cabinet received it."""
    spec = Spec("O", "2026-11-20", ack_due="2014-03-26", answer_due="2014-05-14")

    def made(item_id: str) -> Item:
        item = _item(spec, item_id)
        assert item.decision is not None
        return replace(item, decision=replace(item.decision, sent_on="2014-03-14"))

    claim = journal.record_drop("O", "o.pdf", "sha-O", "w", made)
    journal.save_processed(made(claim.item_id))
    journal.mark_filed(made(claim.item_id))
    return claim.item_id


def test_a_deadline_past_before_receipt_is_said_as_such_not_counted_as_late(
        tmp_path: Path, journal: Journal) -> None:
    ids = _fill(journal)
    old = _old_letter(journal)
    figures = _figures(journal)
    for key in ("accuse", "reponse"):
        section = figures.section(key)
        assert section.figure("délai échu avant la réception").ids == (old,)
        assert all(old not in section.figure(s.value).ids for s in JUDGED)
    # the rates are those of the cabinet's own deadlines, as without the old letter
    assert figures.section("accuse").figure("dans les délais").rate == pytest.approx(4 / 6)
    end = figures.section("fin-de-mois")
    assert old not in end.figure("dont réponse en retard (délai de 2 mois dépassé)").ids
    assert old not in end.figure("dont accusé de réception en retard").ids
    assert end.figure("dont délai échu avant la réception (délai de réponse)").ids == (old,)
    lines = [x for x in figures.late if x.id == old]
    assert [(x.step, x.state, x.days_late) for x in lines] == [
        ("accusé de réception", StepState.EXPIRED, None), ("réponse", StepState.EXPIRED, None)]
    assert {x.id for x in figures.late if x.days_late is not None} == {ids["B"], ids["C"],
                                                                       ids["D"]}
    path = write_monthly_report(figures, tmp_path / "rapport-2026-11.xlsx")
    rows = _sheet_rows(path, monthly.LATE)
    shown = [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0] == old]
    assert [(r["Jours de retard"], r["État"]) for r in shown] == [
        ("—", "délai échu avant la réception")] * 2
    assert all(r["Parvenu le"].date() == date(2026, 11, 20) for r in shown)


def test_step_state_says_a_deadline_past_on_receipt_whatever_was_done() -> None:
    received = date(2026, 11, 20)
    for done in (None, date(2026, 11, 21)):
        assert step_state(done, date(2014, 3, 26), TODAY, received) == StepState.EXPIRED
    # due on the day of receipt: the cabinet could still act that day
    assert step_state(None, received, TODAY, received) == StepState.OVERDUE
    assert step_state(received, received, TODAY, received) == StepState.ON_TIME


def test_every_summary_line_has_a_rate_or_a_dash(tmp_path: Path, journal: Journal) -> None:
    ids, path = _written(tmp_path, journal)
    figures = _figures(journal)
    for key in ("canal", "categorie", "produit", "assureur", "gestionnaire", "statut"):
        rates = [f.rate for f in figures.section(key).figures]
        assert all(r is not None for r in rates) and sum(rates) == pytest.approx(1), key  # type: ignore[misc]
    total = figures.section("total")
    assert total.figure("dont destinées au Médiateur").rate == pytest.approx(1 / 6)
    end = figures.section("fin-de-mois")
    assert end.figure("dont antérieures au mois").rate == pytest.approx(2 / 7)
    assert figures.section("mediateur").figure("transmises, réclamant informé").rate == 1
    assert figures.section("quarantaine").figure("fichiers").rate == pytest.approx(1 / 8)
    # October has no Mediator letter: nothing to divide by
    october = build_month(journal.items(), journal.followups(), _register(), "2026-10", TODAY)
    assert october.section("mediateur").figure("réponse envoyée").rate is None
    ws = load_workbook(write_monthly_report(october, tmp_path / "rapport-2026-10.xlsx"))[
        monthly.SUMMARY]
    written = 0
    for row in ws.iter_rows(min_row=5):
        label, count, rate = row[0].value, row[1].value, row[2]
        if count is None:  # a section title
            continue
        written += 1
        assert rate.value == "—" or (isinstance(rate.value, int | float)
                                     and rate.number_format == RATE_FORMAT), label
    assert written > 40
    assert RATE_FORMAT.startswith("[$-40C]")  # French separators whatever the locale


def test_pdf_writes_numbers_and_dates_the_french_way(tmp_path: Path, journal: Journal) -> None:
    _fill(journal)
    _old_letter(journal)
    made = convert_to_pdf(write_monthly_report(_figures(journal),
                                               tmp_path / "rapport-2026-11.xlsx"))
    text = subprocess.run(["pdftotext", "-layout", str(made), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "66,7 %" in text and "délai échu avant la réception" in text
    assert not re.search(r"\d\.\d %", text)
    # ISO dates only inside paths (outbox/2026-11-03/…), never as a date shown
    assert not re.findall(r"(?<![/\w-])\d{4}-\d{2}-\d{2}(?![/\w])", text)
    # the Retards line of the old letter: received, due, no days counted, and why
    assert re.search(r"réponse +20/11/2026 +14/05/2014 +— +délai échu avant la réception", text)


def test_old_mail_counts_in_its_month_of_receipt_through_the_product(home: Path) -> None:
    """Two emails dated 14/03/2014, run through the product today: both were received on
    their Date: (spec/workspace.md) and count in March 2014's report. The one whose file
    dates from then is late by the cabinet's doing; the one exported today reached the
    cabinet today, its deadlines long past: the report says so instead of « 4634 jours de
    retard ». So for a letter dated 14 March 2014 scanned today, this month's."""
    sent = datetime(2014, 3, 14, 10, 0, tzinfo=clock.PARIS)
    inbox = home / "inbox"
    (inbox / "kept.eml").write_bytes(complaint_email(sent=sent))
    (inbox / "exported.eml").write_bytes(
        complaint_email(sent=sent, sender="Paul Roux <paul.roux@example.fr>")
        .replace(b"test-1@", b"test-2@"))
    os.utime(inbox / "kept.eml", (sent.timestamp(), sent.timestamp()))
    (inbox / "letter.pdf").write_bytes(text_pdf([
        "Madame Sophie Durand", "12 rue des Lilas, 69003 Lyon", "Lyon, le 14 mars 2014",
        "Objet : réclamation, contrat n° AX-2023-004512", "Madame, Monsieur,",
        "Je conteste le refus de prise en charge du dégât des eaux.",
        "Veuillez agréer mes salutations distinguées."]))
    subprocess.run([sys.executable, "-m", "pipeline.cli", "--home", str(home), "run", "--once"],
                   check=True, capture_output=True, timeout=300)
    today = clock.now().date()
    with Journal(home / "var" / "journal.sqlite3") as j:
        items = {i.source.source_file: i for i in j.items()}
        assert all(i.is_complaint for i in items.values()) and len(items) == 3

        def month(m: str) -> MonthFigures:
            return build_month(j.items(), j.followups(), None, m, today, j.events())

        march, now = month("2014-03"), month(f"{today:%Y-%m}")
    assert {c.id for c in march.of_month} == {items["kept.eml"].id, items["exported.eml"].id}
    kept, exported = (next(c for c in march.of_month if c.id == items[n].id)
                      for n in ("kept.eml", "exported.eml"))
    assert kept.received_on == exported.received_on == date(2014, 3, 14)
    assert exported.reached_on == today and kept.reached_on == date(2014, 3, 14)
    assert exported.ack_state == exported.answer_state == StepState.EXPIRED
    assert kept.ack_state == kept.answer_state == StepState.OVERDUE
    late = {(x.id, x.step): x.days_late for x in march.late}
    assert late[(exported.id, "réponse")] is None
    assert late[(kept.id, "réponse")] == (today - date(2014, 5, 14)).days  # the cabinet's
    (line,) = now.of_month
    assert line.id == items["letter.pdf"].id
    assert line.received_on == today and line.sent_on == date(2014, 3, 14)
    assert line.ack_state == line.answer_state == StepState.EXPIRED
    assert [x.days_late for x in now.late if x.id == line.id] == [None, None]


def test_an_unreadable_email_date_gives_way_to_the_file_time_not_the_processing_day() -> None:
    spec = Spec("W", "2026-12-02", channel=Channel.EMAIL, ack_due="2026-12-12",
                answer_due="2027-01-30")
    item = _item(spec, "REC-2026-000001")
    item = replace(item, source=replace(item.source, received_at="2026-11-30T18:00:00+01:00"),
                   extracted=Extracted(pages=(), email=EmailHeaders(date="mardi dernier")))
    november = build_month([item], {}, None, "2026-11", TODAY)
    assert [c.id for c in november.of_month] == [item.id]
    assert november.of_month[0].received_on == date(2026, 11, 30)


def test_owners_are_shown_by_name_an_unlisted_one_by_id(journal: Journal) -> None:
    ids = _fill(journal)
    figures = build_month(journal.items(), journal.followups(), _register(), MONTH, TODAY,
                          journal.events(), {"tnguyen": "Thomas Nguyen", "kbenali": "Karim Benali"})
    owners = {f.label: _keys(f.ids, ids) for f in figures.section("gestionnaire").figures}
    assert owners == {"Thomas Nguyen": {"A", "C"}, "Karim Benali": {"B", "F"}, "resp": {"D", "E"}}
    assert {x.owner for x in figures.late} == {"Thomas Nguyen", "Karim Benali", "resp"}
