"""The format comes from the bytes, never from the file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.sniff import KINDS, label, sniff

CORPUS = Path("/work/shared/corpus-real")

EML_HEAD = (
    b"Return-Path: <a@b.fr>\r\nFrom: =?utf-8?q?Ren=C3=A9?= <rene@exemple.fr>\r\n"
    b"Subject: R\xc3\xa9clamation\r\n  suite\r\n\r\nBonjour"
)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (b"\xef\xbb\xbf%PDF-1.4\n", "pdf"),
        (b"\x00\x01\x02\x03" + b"%PDF-1.4\n", "pdf"),
        (b"x" * 1000 + b"%PDF-1.4\n", "pdf"),
        (b"x" * 5000 + b"%PDF-1.4\n", "unknown"),
        (b"II*\x00\x08\x00\x00\x00", "tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "tiff"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16, "msg"),
        (b"\x78\x9f\x3e\x22\x01\x00", "tnef"),
        (EML_HEAD, "eml"),
        (b"From MAILER-DAEMON Mon Jan  1 00:00:00 2024\nFrom: a@b.fr\nTo: c@d.fr\n\nx", "eml"),
        (b"Subject: sans ligne vide\nTo: a@b.fr\nLe corps colle aux en-tetes.\n", "eml"),
        (b"Bonjour,\nje vous ecris au sujet de mon contrat.\n", "unknown"),
        (b"Titre: un texte qui n'est pas un courriel\n\nx", "unknown"),
        (b"\x00\x00\x00\x00", "unknown"),
    ],
)
def test_sniff_reads_the_format_from_the_bytes(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_sniff_sees_a_pdf_behind_a_utf8_bom_in_the_real_file() -> None:
    data = (CORPUS / "pdfs-odd/paperless_test_with_bom.pdf").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert sniff(data) == "pdf"


def test_sniff_sees_a_pdf_behind_leading_junk_in_the_real_file() -> None:
    assert (
        sniff((CORPUS / "pdfs-odd/paperless_invalid_pdf_leading_garbage.pdf").read_bytes()) == "pdf"
    )


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("scans/tesseract_eurotext.tif", "tiff"),
        ("scans/ocrmypdf_baiona_cmyk.jpg", "jpeg"),
        ("scans/paperless_simple-no-dpi.png", "png"),
        ("msg/poi_outlook_30_msg.msg", "msg"),
        ("emails/poi_bug52400_winmail_simple.dat", "tnef"),
        ("emails/cpython_msg_35_no_header_body_separator.eml", "eml"),
        ("emails/paperless_broken_not_an_email.eml", "unknown"),
        ("pdfs-odd/pdfplumber_empty.pdf", "empty"),
    ],
)
def test_sniff_ignores_the_extension_of_real_files(relative: str, kind: str) -> None:
    assert sniff((CORPUS / relative).read_bytes()) == kind


def test_every_kind_has_a_french_label() -> None:
    assert set(KINDS) >= {"pdf", "tiff", "png", "jpeg", "msg", "tnef", "eml", "empty", "unknown"}
    assert label("pdf") == "document PDF"
    assert label("tnef").startswith("pièce jointe")
    assert label("no-such-kind") == "format inconnu"
