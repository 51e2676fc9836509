"""The follow-up workbook as the process owner's to-do list: what is due first on top,
« À faire » and the next step, the claimant's contact, the file owner by name, links to
the original and its summary, the legend, the printed page; what the owner typed stays
on its complaint when the rows move."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.followup_edits import refresh_followup
from pipeline.journal import Journal
from pipeline.journal_model import FollowUp
from pipeline.record import Claimant, Item
from pipeline.registers.followup import LEGEND_SHEET, write_followup
from pipeline.registers.followup_cells import OWNER_HEADERS, SHEET, followup_path
from pipeline.registers.followup_rows import Todo, when
from tests.conftest import make_home
from tests.makers import complaint_email
from tests.test_registers_followup import _item

TODAY = date(2026, 12, 3)  # a Thursday
NAMES = {"tnguyen": "Thomas Nguyen", "resp": "Marie Lefèvre"}


def _file(journal: Journal, home: Path, item_id_hint: str, *, ack_due: str | None,
          answer_due: str = "2027-02-02", follow_up_of: str | None = None,
          claimant: Claimant | None = None, mediator: bool = False) -> str:
    """File one hand-made complaint in `journal`, its original and summary under `home`."""
    sha = f"sha-{item_id_hint}"

    def build(item_id: str) -> Item:
        item = _item(item_id, mediator=mediator)
        assert item.decision is not None and item.outcome is not None
        decision = replace(item.decision, ack_due=ack_due,
                           answer_due=answer_due if ack_due else None,
                           follow_up_of=follow_up_of,
                           claimant=claimant or item.decision.claimant)
        return replace(item, decision=decision)

    claim = journal.record_drop(sha, "lettre.pdf", sha, "var/work/x", build)
    done = build(claim.item_id)
    journal.save_processed(done)
    journal.mark_filed(done)
    assert done.outcome is not None
    original = home / done.outcome.location
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(b"%PDF-1.4 original")
    original.with_suffix(".resume.txt").write_text("Résumé", encoding="utf-8")
    return claim.item_id


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "reports").mkdir()
    return tmp_path


@pytest.fixture
def journal(home: Path) -> Iterator[Journal]:
    with Journal(home / "var" / "journal.sqlite3") as opened:
        yield opened


@pytest.fixture
def ids(journal: Journal, home: Path) -> dict[str, str]:
    """Filed in an order unlike the one the workbook must show."""
    made = {
        "later": _file(journal, home, "later", ack_due="2026-12-17"),
        "closed": _file(journal, home, "closed", ack_due="2026-11-20"),
        "overdue_recent": _file(journal, home, "recent", ack_due="2026-12-02"),
        "today": _file(journal, home, "today", ack_due="2026-12-03"),
        "acknowledged": _file(journal, home, "ack", ack_due="2026-11-25",
                              answer_due="2027-01-25"),
        "week": _file(journal, home, "week", ack_due="2026-12-09"),
        "overdue_old": _file(journal, home, "old", ack_due="2026-11-20"),
    }
    made["follow_on"] = _file(journal, home, "suite", ack_due=None,
                              follow_up_of=made["overdue_old"])
    journal.set_followup(made["closed"], {"acknowledged_on": "2026-11-18",
                                          "answered_on": "2026-12-01"}, "test")
    journal.set_followup(made["acknowledged"], {"acknowledged_on": "2026-11-24"}, "test")
    return made


def _sheet(home: Path) -> Worksheet:
    return load_workbook(followup_path(home / "reports"))[SHEET]


def _rows(home: Path) -> list[dict[str, object]]:
    rows = list(_sheet(home).iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]  # type: ignore[arg-type]


def test_rows_are_ordered_by_what_is_due_first_and_closed_ones_last(
        journal: Journal, home: Path, ids: dict[str, str]) -> None:
    write_followup(journal, home / "reports", TODAY, names=NAMES)
    listed = [(r["N°"], r["À faire"]) for r in _rows(home)]
    assert listed == [
        (ids["overdue_old"], "en retard"),  # acknowledgement due 20/11
        (ids["overdue_recent"], "en retard"),  # due 02/12
        (ids["today"], "aujourd'hui"),
        (ids["week"], "cette semaine"),  # due 09/12, within 7 days
        (ids["later"], "plus tard"),  # due 17/12
        (ids["acknowledged"], "plus tard"),  # its next step: the answer, due 25/01/2027
        (ids["follow_on"], "sans échéance"),  # a later letter about an open complaint
        (ids["closed"], "clôturée"),  # answered: at the bottom
    ]


def test_the_next_step_says_what_to_send_and_before_when(
        journal: Journal, home: Path, ids: dict[str, str]) -> None:
    write_followup(journal, home / "reports", TODAY, names=NAMES)
    steps = {r["N°"]: r["Prochaine étape"] for r in _rows(home)}
    assert steps[ids["week"]] == "Accusé de réception à envoyer avant le 09/12/2026"
    assert steps[ids["later"]] == "Accusé de réception à envoyer avant le 17/12/2026"
    assert steps[ids["acknowledged"]] == "Réponse à envoyer avant le 25/01/2027"
    assert steps[ids["closed"]] == "Réponse envoyée le 01/12/2026"
    assert steps[ids["follow_on"]] == (
        f"Courrier de suite : à traiter avec la réclamation {ids['overdue_old']}")


def test_red_means_overdue_and_orange_today_or_this_week(
        journal: Journal, home: Path, ids: dict[str, str]) -> None:
    write_followup(journal, home / "reports", TODAY, names=NAMES)
    ws = _sheet(home)
    headers = [c.value for c in ws[1]]
    todo, step = headers.index("À faire") + 1, headers.index("Prochaine étape") + 1
    colours = {ws.cell(row=r, column=1).value: (ws.cell(row=r, column=todo).fill.fgColor.rgb,
                                                ws.cell(row=r, column=step).fill.fgColor.rgb)
               for r in range(2, ws.max_row + 1)}
    assert colours[ids["overdue_old"]] == ("00FFC7CE", "00FFC7CE")  # red
    assert colours[ids["today"]] == ("00F8CBAD", "00F8CBAD")  # orange
    assert colours[ids["week"]] == ("00F8CBAD", "00F8CBAD")
    assert colours[ids["later"]] == ("00000000", "00000000")
    assert colours[ids["closed"]] == ("00000000", "00000000")


def test_a_flag_has_no_colour_of_its_own_orange_meaning_only_a_deadline_close(
        journal: Journal, home: Path) -> None:
    item_id = _file(journal, home, "mediator", ack_due="2026-12-17", mediator=True)
    write_followup(journal, home / "reports", TODAY, names=NAMES)
    ws = _sheet(home)
    column = [c.value for c in ws[1]].index("Médiateur") + 1
    cell = ws.cell(row=2, column=column)
    assert ws.cell(row=2, column=1).value == item_id
    assert cell.value == "oui" and cell.font.b
    assert cell.fill.fgColor.rgb == "00000000"
    assert _rows(home)[0]["Gestionnaire"] == "Marie Lefèvre"  # « resp » in NAMES


def test_this_week_is_the_next_seven_days() -> None:
    assert when(TODAY - timedelta(days=1), TODAY) == Todo.OVERDUE
    assert when(TODAY, TODAY) == Todo.TODAY
    assert when(TODAY + timedelta(days=6), TODAY) == Todo.WEEK
    assert when(TODAY + timedelta(days=7), TODAY) == Todo.LATER


def test_a_legend_sheet_and_the_printed_footer_say_what_red_and_orange_mean(
        journal: Journal, home: Path, ids: dict[str, str]) -> None:
    write_followup(journal, home / "reports", TODAY, names=NAMES)
    wb = load_workbook(followup_path(home / "reports"))
    assert wb.sheetnames[:2] == [SHEET, LEGEND_SHEET]
    legend = {row[0]: row[1] for row in wb[LEGEND_SHEET].iter_rows(min_row=3, values_only=True)}
    assert legend["en retard"] == ("Rouge : l'échéance de la prochaine étape (accusé de réception "
                                   "ou réponse) est dépassée. À traiter en premier : ces lignes "
                                   "sont en haut du tableau.")
    assert legend["cette semaine"] == (
        "Orange : l'échéance de la prochaine étape tombe dans les 7 jours qui viennent.")
    assert legend["aujourd'hui"] == "Orange : l'échéance de la prochaine étape tombe aujourd'hui."
    assert wb[SHEET].oddFooter.left.text.startswith("Rouge : en retard · orange :")


def test_contact_cells_show_the_claimants_phones_email_and_the_owner_by_name(
        journal: Journal, home: Path) -> None:
    claimant = Claimant("Mme", "Durand", "Sophie", telephones=("+33612345678", "+33140506070"),
                        email="sophie.durand-de-la-fontaine@example.fr")
    item_id = _file(journal, home, "contact", ack_due="2026-12-09", claimant=claimant)
    write_followup(journal, home / "reports", TODAY, names=NAMES)
    row = next(r for r in _rows(home) if r["N°"] == item_id)
    assert row["Réclamant"] == "Mme Sophie Durand"
    assert row["Téléphone"] == "06 12 34 56 78\n01 40 50 60 70"
    assert row["E-mail"] == "sophie.durand-de-la-fontaine@example.fr"
    assert row["Gestionnaire"] == "Thomas Nguyen"  # cabinet.toml's nom, not « tnguyen »
    ws = _sheet(home)
    email = [c.value for c in ws[1]].index("E-mail") + 1
    assert ws.cell(row=2, column=email).alignment.shrink_to_fit  # never cut mid-word


def test_links_to_the_original_and_its_summary_are_relative_and_exist(
        journal: Journal, home: Path, ids: dict[str, str]) -> None:
    reports = home / "reports"
    missing = _file(journal, home, "nosummary", ack_due="2026-12-09")
    summary = next((home / "outbox").rglob(f"{missing}.resume.txt"))
    summary.unlink()
    write_followup(journal, reports, TODAY, names=NAMES)
    ws = _sheet(home)
    headers = [c.value for c in ws[1]]
    original, resume = headers.index("Courrier") + 1, headers.index("Résumé") + 1
    seen = 0
    for row in range(2, ws.max_row + 1):
        item_id = ws.cell(row=row, column=1).value
        for col, suffix in ((original, ".pdf"), (resume, ".resume.txt")):
            cell = ws.cell(row=row, column=col)
            if item_id == missing and suffix == ".resume.txt":
                assert cell.hyperlink is None and cell.value is None  # no dead link
                continue
            target = cell.hyperlink.target
            assert target.startswith("../outbox/") and target.endswith(f"{item_id}{suffix}")
            assert (reports / unquote(target)).resolve().is_file()
            seen += 1
    assert seen == 2 * len(ids) + 1


def test_typed_values_stay_on_their_complaint_when_the_rows_move(
        journal: Journal, home: Path, ids: dict[str, str]) -> None:
    reports = home / "reports"
    write_followup(journal, reports, TODAY, names=NAMES)
    path = followup_path(reports)
    wb = load_workbook(path)
    ws = wb[SHEET]
    headers = [c.value for c in ws[1]]
    first = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    assert first[0] == ids["overdue_old"]
    typed = {ids["overdue_old"]: {"acknowledged_on": datetime(2026, 12, 2),
                                  "comment": "AR envoyé en retard"},
             ids["week"]: {"comment": "Client rappelé"}}
    for row in ws.iter_rows(min_row=2):
        for key, value in typed.get(str(row[0].value), {}).items():
            row[headers.index(OWNER_HEADERS[key])].value = value
    wb.save(path)
    assert refresh_followup(journal, reports, TODAY, NAMES).written
    rows = {r["N°"]: r for r in _rows(home)}
    order = list(rows)
    assert order.index(ids["overdue_old"]) > order.index(ids["later"])  # now: the answer
    moved = rows[ids["overdue_old"]]
    assert moved["Accusé de réception envoyé le"] == datetime(2026, 12, 2)
    assert moved["Commentaire"] == "AR envoyé en retard"
    assert moved["Prochaine étape"] == "Réponse à envoyer avant le 02/02/2027"
    assert rows[ids["week"]]["Commentaire"] == "Client rappelé"
    assert journal.followups()[ids["overdue_old"]] == FollowUp(
        ids["overdue_old"], "2026-12-02", comment="AR envoyé en retard")
    others = [r["Commentaire"] for key, r in rows.items()
              if key not in (ids["overdue_old"], ids["week"])]
    assert others == [None] * len(others)
    # read again after the rewrite: nothing changes, nothing moves to another complaint
    assert refresh_followup(journal, reports, TODAY, NAMES).read_back.changes == {}


def test_printed_landscape_one_page_wide_with_the_header_row_on_each_page(
        journal: Journal, home: Path, ids: dict[str, str]) -> None:
    write_followup(journal, home / "reports", TODAY, names=NAMES)
    ws = _sheet(home)
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.freeze_panes == "C2"
    assert ws.oddFooter.right.text == f"{TODAY:%d/%m/%Y} · Page &P / &N"
    # widths counted in Arial's digits: LibreOffice prints them as Excel does (no Calibri)
    normal = load_workbook(followup_path(home / "reports"))._named_styles["Normal"]
    assert (normal.font.name, normal.font.sz) == ("Arial", 10)


def test_a_run_writes_the_owner_by_name_and_links_to_what_filing_wrote(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    (home / "inbox" / "mail.eml").write_bytes(complaint_email())
    cli = [sys.executable, "-m", "pipeline.cli", "--home", str(home)]
    subprocess.run([*cli, "run", "--once"], check=True, capture_output=True, timeout=300)
    (record,) = [json.loads(line) for line in subprocess.run(
        [*cli, "export"], check=True, capture_output=True, text=True).stdout.splitlines()]
    ws = load_workbook(followup_path(home / "reports"))[SHEET]
    headers = [c.value for c in ws[1]]
    row = {h: ws.cell(row=2, column=i) for i, h in enumerate(headers, start=1)}
    assert row["N°"].value == record["id"]
    staff = {"mlefevre": "Marie Lefèvre", "tnguyen": "Thomas Nguyen"}
    assert row["Gestionnaire"].value == staff[record["owner"]]
    assert row["E-mail"].value == "sophie.durand@example.fr"
    for header in ("Courrier", "Résumé"):
        target = home / "reports" / unquote(row[header].hyperlink.target)
        assert target.resolve().is_file(), header
    assert unquote(row["Courrier"].hyperlink.target) == "../" + record["location"]


def test_libreoffice_resolves_the_links_from_the_workbooks_folder(
        journal: Journal, home: Path, ids: dict[str, str], tmp_path: Path) -> None:
    """LibreOffice, saving the workbook elsewhere, rewrites each link relative to the new
    place: it read them relative to reports/, so they reach the filed files."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-calc-nogui"
    write_followup(journal, home / "reports", TODAY, names=NAMES)
    out_dir = tmp_path / "ailleurs" / "copie"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir),
         str(followup_path(home / "reports"))],
        capture_output=True, text=True, timeout=180, check=False)
    saved = out_dir / followup_path(home / "reports").name
    assert done.returncode == 0 and saved.is_file(), done.stdout + done.stderr
    ws = load_workbook(saved)[SHEET]
    targets = [unquote(c.hyperlink.target) for row in ws.iter_rows(min_row=2) for c in row
               if c.hyperlink is not None]
    assert len(targets) == 2 * len(ids)
    for target in targets:
        assert not target.startswith("../outbox/")  # rewritten from the new folder
        assert (out_dir / target).resolve().is_file(), target
