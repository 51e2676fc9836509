"""Every real-world file of ../shared/corpus-real ends filed or quarantined with its
reason, through the whole product (`reclam run --once`, then `reclam export`).

The files are read from shared/ (their licences are not ours) and copied into a
temporary inbox, never into the repository.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.audit import disagreements
from pipeline.context import load_installation
from pipeline.journal import Journal
from pipeline.text.extract import TextReader
from pipeline.text.model import Extracted, TextLimits
from pipeline.text.ocr import OcrEngine
from tests.conftest import CORPUS_REAL, make_home

# file -> None when it must be filed, else the quarantine code (stable, in record.error_code)
GOLDEN: dict[str, str | None] = {
    "cpython_msg_15_nested_same_boundary.eml": None,
    "cpython_msg_35_no_header_body_separator.eml": None,
    "cpython_msg_47_invalid_date_hour27.eml": None,
    "emlparser_sample_gh_issue_76_newline_in_names.eml": None,
    "emlparser_sample_invalid_date1.eml": None,
    "mailparser_mail_malformed_3.eml": None,
    "mailparser_mail_outlook_1.msg": None,
    "mailparser_mail_test_5_fr_newsletter.eml": None,
    "mailparser_mail_test_9_html_only_gb2312.eml": None,
    "mikelmail_attachment_nonascii_filename_raw8bit.eml": None,
    "mikelmail_fr_bounce_part_without_content_type.eml": None,
    "mikelmail_multiple_content_types.eml": None,
    "mimekit_empty_multipart.eml": None,
    "mimekit_multipart_no_end_boundary.eml": None,
    "mimekit_simple_embedded_message_rfc822.eml": None,
    "mimekit_stack_overflow_huge_to_header.eml": None,
    "mimekit_tnef_ukr_winmail_dat.eml": None,
    "msgextractor_strangeDate.msg": None,
    "msgreader_attach_sample_eml_received.msg": None,
    "msgreader_msgInMsgInMsg.msg": None,
    "ocrmypdf_2400dpi.pdf": None,
    "ocrmypdf_baiona_cmyk.jpg": None,
    "ocrmypdf_ccitt.pdf": None,
    "ocrmypdf_enormous_page.pdf": None,
    "ocrmypdf_epson.pdf": None,
    "ocrmypdf_francais.pdf": None,
    "ocrmypdf_hugemono_35000px.pdf": "image-trop-grande",
    "ocrmypdf_invalid.pdf": "pdf-illisible",
    "ocrmypdf_jbig2.pdf": None,
    "ocrmypdf_livecycle_xfa.pdf": "pdf-xfa",
    "ocrmypdf_rotated_skew.pdf": None,
    "otrs_FilenameWithCRLF.eml": None,
    "paperless_broken_not_an_email.eml": "contenu-non-reconnu",
    "paperless_invalid_pdf_leading_garbage.pdf": None,
    "paperless_multi-page-images-alpha-rgb.tiff": None,
    "paperless_simple-no-dpi.png": None,
    "paperless_single-page-mixed.pdf": None,
    "paperless_test_with_bom.pdf": None,
    "pdfjs_GHOSTSCRIPT-698804-1-fuzzed.pdf": "aucun-texte",
    "pdfjs_empty_protected.pdf": "aucun-texte",
    "pdfjs_french_diacritics_cid_garbage.pdf": None,
    "pdfjs_issue7454_fr_contract.pdf": None,
    "pdfjs_poppler-937-0-fuzzed.pdf": "pdf-illisible",
    "pdfminer_encryption_rc4-128.pdf": "pdf-chiffre",
    "pdfminer_issue-1113-evil-xobjects.pdf": None,
    "pdfminer_zen_of_python_corrupted.pdf": None,
    "pdfplumber_empty.pdf": "fichier-vide",
    "pdfplumber_password-example.pdf": "pdf-chiffre",
    "pmmp_issue158a_html_only_with_forwarded_rfc822.eml": None,
    "pmmp_issue250_newline_in_filename.eml": "email-vide",
    "pmmp_issue408_300_attachments.eml": "trop-de-pieces-jointes",
    "pmmp_m0013_fr_outlook_latin1_qp.eml": None,
    "pmmp_m0024_fr_encoded_filename.eml": "email-vide",
    "pmmp_m0026_duplicate_attachment_names_ks_c_5601.eml": None,
    "pmmp_m0027_path_traversal_filename.eml": "email-vide",
    "poi_HTMLBodyBinary_CP1251.msg": None,
    "poi_attachment_msg_pdf.msg": None,
    "poi_bug52400_winmail_simple.dat": "tnef",
    "poi_clusterfuzz_4848576776503296.msg": None,
    "poi_clusterfuzz_5336473854148608.msg": "msg-illisible",
    "poi_outlook_30_msg.msg": None,
    "pypdf_with-attachment.pdf": None,
    "qpdf_append-xref-loop.pdf": None,
    "qpdf_issue-147.pdf": "contenu-non-reconnu",
    "qpdf_pages-loop.pdf": None,
    "tesseract_8071_093.3B_g4.tif": None,
    "tesseract_eurotext.tif": None,
    "tesseract_phototest-rotated-180.png": None,
}


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict], dict]:
    home = make_home(tmp_path_factory.mktemp("corpus") / "home")
    for path in sorted(CORPUS_REAL.glob("*/*")):
        if path.is_file():
            shutil.copyfile(path, home / "inbox" / path.name)
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "--home", str(home), "run",
                          "--once"], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "--home", str(home), "export"],
                         capture_output=True, text=True, check=True).stdout
    records = {r["source_file"]: r for r in map(json.loads, out.splitlines())}
    ws, _ = load_installation(home)
    with Journal(ws.journal_file) as journal:
        items = {i.source.source_file: i for i in journal.items()}
    return home, records, items


def test_the_golden_table_covers_the_whole_corpus() -> None:
    on_disk = {p.name for p in CORPUS_REAL.glob("*/*") if p.is_file()}
    assert on_disk == set(GOLDEN)


def test_every_real_file_ends_filed_or_quarantined_as_expected(corpus_run: tuple) -> None:
    home, records, _ = corpus_run
    outcome = {name: r["error_code"] if r["status"] == "quarantined" else None
               for name, r in records.items()}
    assert outcome == GOLDEN
    assert [p for p in (home / "inbox").iterdir() if p.is_file()] == []
    ws, _ = load_installation(home)
    with Journal(ws.journal_file) as journal:
        assert disagreements(ws, journal) == []


def test_every_quarantined_file_has_a_french_reason_beside_it(corpus_run: tuple) -> None:
    home, records, _ = corpus_run
    for record in records.values():
        if record["status"] == "quarantined":
            note = (home / record["location"]).with_suffix(".motif.txt")
            assert record["error"] in note.read_text(encoding="utf-8")
            assert record["error"].endswith(".")


@functools.cache
def _reader() -> TextReader:
    limits = TextLimits()
    return TextReader(limits, OcrEngine(limits))


def _read(run: tuple, name: str) -> Extracted:
    """The filed original, read again as the product reads it (the journal keeps no letter
    text: the original is the one full copy)."""
    home, _, items = run
    item = items[name]
    assert item.outcome is not None and item.outcome.status.value == "filed"
    return _reader().read((home / item.outcome.location).read_bytes(), name)


def _text(run: tuple, name: str) -> str:
    return _read(run, name).text


def test_french_accents_come_out_right(corpus_run: tuple) -> None:
    _, _, items = corpus_run
    assert "île" in _text(corpus_run, "ocrmypdf_francais.pdf")
    assert "à côté de l'alcôve" in _text(corpus_run, "ocrmypdf_francais.pdf")
    assert "préserver notre environnement" in _text(corpus_run, "pmmp_m0013_fr_outlook_latin1_qp.eml")
    email = items["mailparser_mail_test_5_fr_newsletter.eml"].extracted
    assert email is not None and email.email is not None
    assert email.email.subject == "Je prépare mon été zéro complexe !"


def test_upside_down_and_multi_page_scans_are_read(corpus_run: tuple) -> None:
    _, _, items = corpus_run
    assert "quick brown dog" in _text(corpus_run, "tesseract_phototest-rotated-180.png")
    tiff = _read(corpus_run, "paperless_multi-page-images-alpha-rgb.tiff")
    assert [p.text.strip()[-7:] for p in tiff.pages] == ["Page 1.", "Page 2.", "Page 3."]


def test_an_email_attachment_is_read_as_pages_of_the_same_item(corpus_run: tuple) -> None:
    _, _, items = corpus_run
    extracted = items["poi_attachment_msg_pdf.msg"].extracted
    assert extracted is not None
    parts = {p.part for p in extracted.pages}
    assert "message transféré" in parts
    assert any(part.endswith(".pdf") for part in parts)
