"""The daily complaint register (reports/registre-YYYY-MM-DD.xlsx), built from hand-made items."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline import cli, privacy
from pipeline.journal import Journal
from pipeline.record import (
    Channel,
    Claimant,
    Decision,
    FilingStatus,
    Findings,
    Item,
    Match,
    Outcome,
    References,
    Representative,
    Source,
    Statut,
)
from pipeline.registers.daily import (
    COLUMNS,
    LEGEND_SHEET,
    SHEETS,
    daily_register_path,
    write_daily_register,
)
from pipeline.workbook import column_letter

DAY = date(2026, 11, 26)
STAFF = {"tnguyen": "Thomas Nguyen", "mlefevre": "Marie Lefèvre"}
TAKEN = "2026-11-26T09:20:00+01:00"


def _source(item_id: str, name: str = "scan.pdf", taken_at: str = TAKEN,
            channel: Channel = Channel.LETTER) -> Source:
    return Source(item_id, name, "0" * 64, "2026-11-26T09:14:00+01:00", taken_at, channel,
                  1234, "pdf")


def _filed(item_id: str, owner: str = "tnguyen") -> Outcome:
    return Outcome(FilingStatus.FILED, f"outbox/2026-11-26/{owner}/{item_id}.pdf")


def complaint(item_id: str = "REC-2026-000123", description: str | None = None,
              taken_at: str = TAKEN, ack_due: str = "2026-12-04") -> Item:
    return Item(
        source=_source(item_id, taken_at=taken_at),
        findings=Findings(
            is_complaint=True,
            claimant=Claimant("Mme", "Durand", "Sophie", Statut.CLIENT, "12 rue des Lilas",
                              "69003", "Lyon", ("+33612345678",), "sophie.durand@example.fr"),
            description=description
            or "Conteste le refus de prise en charge du dégât des eaux du 3 octobre.",
            category="Sinistre / indemnisation",
            references=References(("AX-2023-004512",), ("SIN-24-00123",)),
            sent_on="2026-11-20",
            escalation=True,
        ),
        match=Match("C004512", "contrat", 1.0, contract="AX-2023-004512", claim="SIN-24-00123",
                    references=References(("AX-2023-004512",), ("SIN-24-00123",))),
        decision=Decision(
            owner="tnguyen", owner_reason="gestionnaire du contrat AX-2023-004512",
            statut=Statut.CLIENT,
            missing_fields=("telephone",), sent_on="2026-11-20", ack_due=ack_due,
            answer_due="2027-01-20", confidence=0.93,
        ),
        outcome=_filed(item_id),
    )


def misdirected(item_id: str = "REC-2026-000124") -> Item:
    return Item(
        source=_source(item_id, channel=Channel.EMAIL),
        findings=Findings(is_complaint=True, claimant=Claimant(nom="Martin", prenom="Paul"),
                          description="Se plaint d'un retard de remboursement.",
                          misdirected=True, redirect_to="MAAF Assurances"),
        decision=Decision(owner="resp", owner_reason="courrier hors périmètre à réorienter",
                          misdirected=True, redirect_to="MAAF Assurances",
                          sent_on="2026-11-25", ack_due="2026-12-07", answer_due="2027-01-25"),
        outcome=_filed(item_id, "resp"),
    )


def for_mediator(item_id: str = "REC-2026-000125") -> Item:
    return Item(
        source=_source(item_id),
        findings=Findings(is_complaint=True, mediator=True,
                          claimant=Claimant("M.", "Petit", "Jean", Statut.REPRESENTED),
                          representative=Representative("Lefèvre", "Anne", "avocat"),
                          description="Saisit le Médiateur du refus d'indemnisation."),
        decision=Decision(owner="resp", owner_reason="courrier destiné au Médiateur",
                          mediator=True, needs_review=True,
                          review_reasons=("deux clients possibles",),
                          ack_due="2026-11-20", answer_due="2027-01-10"),
        outcome=_filed(item_id, "resp"),
    )


def ordinary_mail(item_id: str = "REC-2026-000126") -> Item:
    return Item(
        source=_source(item_id),
        findings=Findings(is_complaint=False, description="Demande une attestation d'assurance."),
        decision=Decision(owner="tnguyen", owner_reason="gestionnaire du client"),
        outcome=_filed(item_id),
    )


def quarantined(item_id: str = "REC-2026-000127") -> Item:
    return Item(
        source=_source(item_id, name="=HYPERLINK(\"http://x\").pdf"),
        outcome=Outcome(FilingStatus.QUARANTINED, f"quarantaine/2026-11-26/{item_id}.pdf",
                        "Le PDF est protégé par un mot de passe : demandez une version libre.",
                        "pdf-chiffre"),
    )


def unread(item_id: str = "REC-2026-000128") -> Item:
    """Filed before the reading stages existed: source and outcome only."""
    return Item(source=_source(item_id), outcome=_filed(item_id))


def sample_items() -> list[Item]:
    return [quarantined(), ordinary_mail(), complaint(), for_mediator(), misdirected(), unread()]


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    wb = load_workbook(path)
    return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]


def _column(path: Path, sheet: str, header: str) -> list[object]:
    rows = _rows(path, sheet)
    index = rows[0].index(header)
    return [r[index] for r in rows[1:]]


@pytest.fixture
def register(tmp_path: Path) -> Path:
    return write_daily_register(sample_items(), DAY, tmp_path / "reports" / "registre.xlsx",
                                STAFF)


def test_sheets_come_in_the_documented_order(register: Path) -> None:
    assert load_workbook(register).sheetnames == [*SHEETS, LEGEND_SHEET] == [
        "réclamations", "hors périmètre", "médiateur", "autres courriers", "à vérifier",
        "quarantaine", "légende"]


def test_each_item_lands_on_its_sheet(register: Path) -> None:
    ids = {sheet: _column(register, sheet, "N°") for sheet in SHEETS}
    assert ids == {
        "réclamations": ["REC-2026-000123"],
        "hors périmètre": ["REC-2026-000124"],
        "médiateur": ["REC-2026-000125"],
        "autres courriers": ["REC-2026-000126", "REC-2026-000128"],
        "à vérifier": ["REC-2026-000125"],
        "quarantaine": ["REC-2026-000127"],
    }


def test_headers_are_french_and_row_one_is_frozen_with_a_filter(register: Path) -> None:
    wb = load_workbook(register)
    every = [
        "N°", "Reçu le", "Envoyé le", "Canal", "Réclamation", "Réclamant", "Statut", "Contact",
        "Références", "Client", "Gestionnaire", "Motif d'attribution", "Catégorie",
        "Description", "Informations manquantes", "Hors périmètre", "Réorienter vers",
        "Médiateur", "Médiateur évoqué", "Accusé de réception avant le", "Réponse avant le",
        "À vérifier", "Courriers", "Courriers (suite)", "Fichier"]
    assert [c.value for c in wb["à vérifier"][1]] == every
    # a flag every row of a sheet shares is left out of that sheet
    assert [c.value for c in wb["réclamations"][1]] == [
        h for h in every
        if h not in ("Réclamation", "Hors périmètre", "Réorienter vers", "Médiateur")]
    assert [c.value for c in wb["hors périmètre"][1]] == [
        h for h in every if h not in ("Réclamation", "Hors périmètre", "Médiateur")]
    assert [c.value for c in wb["médiateur"][1]] == [
        h for h in every if h not in ("Réclamation", "Hors périmètre", "Réorienter vers",
                                      "Médiateur", "Médiateur évoqué")]
    assert [c.value for c in wb["autres courriers"][1]] == [
        "N°", "Reçu le", "Envoyé le", "Canal", "Expéditeur", "Statut", "Contact", "Références",
        "Client", "Gestionnaire", "Motif d'attribution", "Description", "À vérifier", "Fichier"]
    assert [c.value for c in wb["quarantaine"][1]] == [
        "N°", "Fichier d'origine", "Reçu le", "Motif", "Emplacement"]
    for ws in (wb[name] for name in SHEETS):
        assert ws.freeze_panes == "B2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")


def test_a_complaint_row_reads_as_the_record_says(register: Path) -> None:
    rows = _rows(register, "réclamations")
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Réclamant"] == "Mme Sophie Durand"
    assert row["Statut"] == "client"
    assert row["Contact"] == "06 12 34 56 78\nsophie.durand@example.fr"
    assert row["Références"] == "Contrat : AX-2023-004512\nSinistre : SIN-24-00123"
    assert row["Client"] == "C004512"
    assert row["Gestionnaire"] == "Thomas Nguyen"  # the name cabinet.toml gives, not the id
    assert row["Canal"] == "courrier"
    assert row["Motif d'attribution"] == "gestionnaire du contrat AX-2023-004512"
    assert row["Informations manquantes"] == "téléphone"
    assert row["Médiateur évoqué"] == "oui"
    assert row["À vérifier"] == "non"
    assert row["Fichier"] == "REC-2026-000123.pdf"


def test_dates_are_real_dates_in_french_format(register: Path) -> None:
    ws = load_workbook(register)["réclamations"]
    headers = [c.value for c in ws[1]]
    for header, expected in [("Reçu le", date(2026, 11, 26)), ("Envoyé le", date(2026, 11, 20)),
                             ("Accusé de réception avant le", date(2026, 12, 4)),
                             ("Réponse avant le", date(2027, 1, 20))]:
        cell = ws.cell(row=2, column=headers.index(header) + 1)
        assert cell.is_date and cell.number_format == "dd/mm/yyyy"  # jj/mm/aaaa in French Excel
        assert isinstance(cell.value, datetime) and cell.value.date() == expected


def test_flags_and_past_deadlines_are_highlighted(register: Path) -> None:
    ws = load_workbook(register)["à vérifier"]
    headers = [c.value for c in ws[1]]
    mediator = ws.cell(row=2, column=headers.index("Médiateur") + 1)
    review = ws.cell(row=2, column=headers.index("À vérifier") + 1)
    ack = ws.cell(row=2, column=headers.index("Accusé de réception avant le") + 1)
    answer = ws.cell(row=2, column=headers.index("Réponse avant le") + 1)
    assert mediator.value == "oui" and mediator.fill.fgColor.rgb.endswith("F4B084")
    assert review.value == "oui : deux clients possibles"
    assert review.fill.fill_type == "solid"
    assert ws.cell(row=2, column=headers.index("Hors périmètre") + 1).value == "non"
    assert ws.cell(row=2, column=headers.index("Hors périmètre") + 1).fill.fill_type is None
    assert ack.font.color.rgb.endswith("C00000")  # 20/11 is before the register's day
    assert answer.fill.fill_type is None and not answer.font.b


def test_representative_and_redirection_are_shown(register: Path) -> None:
    assert _column(register, "médiateur", "Réclamant") == [
        "M. Jean Petit\npar Anne Lefèvre (avocat)"]
    assert _column(register, "hors périmètre", "Réorienter vers") == ["MAAF Assurances"]


def test_missing_parts_leave_empty_cells(register: Path) -> None:
    rows = _rows(register, "autres courriers")
    unread_row = dict(zip(rows[0], rows[2], strict=True))
    assert unread_row["N°"] == "REC-2026-000128"
    assert unread_row["Description"] is None and unread_row["Gestionnaire"] is None
    assert unread_row["À vérifier"] is None
    assert unread_row["Fichier"] == "REC-2026-000128.pdf"


def test_file_links_are_relative_to_reports(register: Path) -> None:
    wb = load_workbook(register)
    link = wb["réclamations"].cell(row=2, column=len(wb["réclamations"][1]))
    assert link.value == "REC-2026-000123.pdf"
    assert link.hyperlink.target == "../outbox/2026-11-26/tnguyen/REC-2026-000123.pdf"
    place = wb["quarantaine"]["E2"]
    assert place.hyperlink.target == "../quarantaine/2026-11-26/REC-2026-000127.pdf"
    assert _column(register, "quarantaine", "Motif") == [
        "Le PDF est protégé par un mot de passe : demandez une version libre."]


def test_formula_looking_text_is_written_as_text(tmp_path: Path) -> None:
    texts = ['=HYPERLINK("http://evil","clic")', "+33 1 2", "-2+3", "@SUM(A1)", "  =1+1"]
    items = [complaint(f"REC-2026-00020{n}", description=t) for n, t in enumerate(texts)]
    path = write_daily_register(items + [quarantined()], DAY, tmp_path / "r.xlsx")
    assert _column(path, "réclamations", "Description") == texts
    assert _column(path, "quarantaine", "Fichier d'origine") == ['=HYPERLINK("http://x").pdf']
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_nir_and_iban_are_masked_in_text_cells(tmp_path: Path) -> None:
    text = ("Mon numéro de sécurité sociale 1 85 05 78 006 084 36 et mon IBAN "
            "FR76 3000 6000 0112 3456 7890 189 ; contrat AX-2023-004512.")
    path = write_daily_register([complaint(description=text)], DAY, tmp_path / "r.xlsx")
    [shown] = _column(path, "réclamations", "Description")
    assert shown == ("Mon numéro de sécurité sociale 1850*********36 et mon IBAN "
                     "FR76*********************89 ; contrat AX-2023-004512.")


def test_masking_leaves_phones_dates_and_references_alone() -> None:
    text = "Tél. 06 12 34 56 78, le 20/11/2026, contrat AX-2023-004512, sinistre 2024000123."
    assert privacy.mask(text) == text
    assert privacy.mask("NIR 185057800608436.") == "NIR 1850*********36."
    assert privacy.mask("nir 2 69 05 2A 006 084") == "nir 2690*******84"


def test_only_the_items_taken_that_day_are_listed(tmp_path: Path) -> None:
    other_day = complaint("REC-2026-000099", taken_at="2026-11-25T23:59:00+01:00")
    path = write_daily_register([other_day, complaint()], DAY, tmp_path / "r.xlsx")
    assert _column(path, "réclamations", "N°") == ["REC-2026-000123"]


def test_a_late_batch_keeps_earlier_rows_in_place(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    first = [complaint("REC-2026-000130"), complaint("REC-2026-000123")]
    write_daily_register(first, DAY, path)
    before = _rows(path, "réclamations")
    late = [complaint("REC-2026-000131"), *reversed(first)]
    write_daily_register(late, DAY, path)
    after = _rows(path, "réclamations")
    assert after[: len(before)] == before
    assert [r[0] for r in after[1:]] == ["REC-2026-000123", "REC-2026-000130", "REC-2026-000131"]


def test_the_write_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "reports" / "registre-2026-11-26.xlsx"
    write_daily_register(sample_items(), DAY, path)
    write_daily_register(sample_items(), DAY, path)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_failed_write_keeps_the_previous_register(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_daily_register([complaint()], DAY, tmp_path / "r.xlsx")
    before = path.read_bytes()

    def broken(*args: object) -> None:
        raise OSError("disque plein")

    monkeypatch.setattr("pipeline.safe_files.os.replace", broken)
    with pytest.raises(OSError):
        write_daily_register(sample_items(), DAY, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_an_empty_day_still_makes_a_register_with_headers(tmp_path: Path) -> None:
    path = write_daily_register([], DAY, tmp_path / "r.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [*SHEETS, LEGEND_SHEET]
    assert all(wb[name].max_row == 1 for name in SHEETS)


def test_control_characters_do_not_break_the_register(tmp_path: Path) -> None:
    item = complaint(description="Texte OCR\x00 abîmé\x0b ici")
    path = write_daily_register([item], DAY, tmp_path / "r.xlsx")
    assert _column(path, "réclamations", "Description") == ["Texte OCR abîmé ici"]


def _renamed(item: Item, item_id: str) -> Item:
    return replace(item, source=replace(item.source, id=item_id))


def test_register_command_writes_the_day_from_the_journal(
        home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Journal(home / "var" / "journal.sqlite3") as journal:
        for item in (complaint(), quarantined()):
            claim = journal.record_drop(item.id, item.source.source_file, item.id,
                                        "var/work/x", partial(_renamed, item))
            done = _renamed(item, claim.item_id)
            journal.save_processed(done)
            journal.mark_filed(done)
        taken = next(journal.items()).source.taken_at[:10]  # the journal stamps today
    code = cli.main(["register", "--date", taken, "--home", str(home)])
    out = capsys.readouterr().out
    expected = daily_register_path(home / "reports", date.fromisoformat(taken))
    assert code == 0 and expected.is_file()
    assert str(expected) in out and "Registre" in out
    wb = load_workbook(expected)
    assert wb["réclamations"].max_row == 2 and wb["quarantaine"].max_row == 2
    # the command shows owners by the names of the home's cabinet.toml
    assert _column(expected, "réclamations", "Gestionnaire") == ["Thomas Nguyen"]


@pytest.mark.parametrize("typed", ["26 novembre 2026", "31/02/2026"])
def test_register_command_refuses_a_malformed_date(home: Path, typed: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["register", "--date", typed, "--home", str(home)])
    assert exit_info.value.code == 2


def test_register_command_takes_the_date_as_typed_everywhere(home: Path) -> None:
    assert cli.main(["register", "--date", "26/11/2026", "--home", str(home)]) == 0
    assert (home / "reports" / "registre-2026-11-26.xlsx").is_file()


def test_libreoffice_opens_the_register_without_repair(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-calc-nogui"
    register = write_daily_register(sample_items(), DAY, tmp_path / "registre-2026-11-26.xlsx")
    out_dir = tmp_path / "pdf"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out_dir), str(register)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    pdf = out_dir / "registre-2026-11-26.pdf"
    messages = (done.stdout + done.stderr).lower()
    assert done.returncode == 0, messages
    assert pdf.is_file() and pdf.stat().st_size > 1000
    assert "repair" not in messages and "error" not in messages, messages
    # each sheet (a row or two) prints on one page: one page wide, not two
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = re.search(r"^Pages:\s+(\d+)", pages.stdout, re.MULTILINE)
    assert count and int(count[1]) == len(SHEETS) + 1, pages.stdout


# -- read by people: print, legend, names, statut, channel, receipt ----------------------

def test_each_sheet_prints_one_page_wide_in_landscape_with_its_header_repeated(
        register: Path) -> None:
    wb = load_workbook(register)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws.freeze_panes in ("A2", "B2")  # the header row stays in sight
        if ws.title != LEGEND_SHEET:  # the day and the page number at the foot
            assert ws.oddFooter.right.text == "26/11/2026 · Page &P / &N"
    contact = wb["réclamations"].column_dimensions[
        column_letter([c.value for c in wb["réclamations"][1]].index("Contact") + 1)]
    # an address such as « anne-sophie.lebrun@hotmail.example » holds on one line
    assert contact.width * 1.15 >= len("anne-sophie.lebrun@hotmail.example")
    assert _column(register, "réclamations", "Contact") == [
        "06 12 34 56 78\nsophie.durand@example.fr"]  # the cell's value is the address as is


def test_the_legend_sheet_says_what_every_colour_means(register: Path) -> None:
    ws = load_workbook(register)[LEGEND_SHEET]
    rows = {row[1].value: row for row in ws.iter_rows(min_row=2)}
    for column in (c for c in COLUMNS.values() if c.flag_fill):
        sample, _, meaning = rows[column.header]
        assert sample.fill.fgColor.rgb.endswith(column.flag_fill)  # the colour it explains
        assert meaning.value == column.meaning and meaning.value  # worded once, beside it
    overdue = rows["Accusé de réception avant le / Réponse avant le"]
    assert overdue[0].font.color.rgb.endswith("C00000")
    assert overdue[2].value.startswith("Délai déjà dépassé")
    assert rows["Onglet « à vérifier »"][0].fill.fgColor.rgb.endswith("C00000")
    sheet = load_workbook(register)["réclamations"]
    assert "légende" in sheet.oddFooter.left.text  # each printed page points to it


def test_an_unidentified_claimant_has_no_statut_and_a_named_one_keeps_it(
        tmp_path: Path) -> None:
    base = complaint()
    assert base.findings is not None and base.findings.claimant is not None
    nameless = Claimant(civilite="Mme", statut=Statut.CLIENT, email="x@example.fr")
    unnamed = replace(base, source=_source("REC-2026-000200"),
                      findings=replace(base.findings, claimant=nameless))
    path = write_daily_register([base, unnamed], DAY, tmp_path / "r.xlsx", STAFF)
    rows = _rows(path, "réclamations")
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_id["REC-2026-000123"]["Réclamant"] == "Mme Sophie Durand"
    assert by_id["REC-2026-000123"]["Statut"] == "client"
    assert by_id["REC-2026-000200"]["Réclamant"] is None  # a civilité alone names nobody
    assert by_id["REC-2026-000200"]["Statut"] is None


def test_channels_are_shown_by_their_french_labels(tmp_path: Path) -> None:
    items = [replace(complaint(f"REC-2026-0003{n:02d}"),
                     source=_source(f"REC-2026-0003{n:02d}", channel=channel))
             for n, channel in enumerate(Channel)]
    path = write_daily_register(items, DAY, tmp_path / "r.xlsx")
    assert _column(path, "réclamations", "Canal") == [
        "courrier", "courriel", "téléphone", "rendez-vous", "formulaire web"]
