"""The text stage routes by content, not by name, and refuses bad files with a French
reason a person can act on."""

from __future__ import annotations

import pytest
from PIL import Image

from pipeline.errors import DocumentError
from pipeline.text.extract import TextReader
from pipeline.text.model import PageMethod, TextLimits
from pipeline.text.ocr import OcrEngine
from tests.makers import complaint_email, image_bytes, letter_image, text_pdf


@pytest.fixture(scope="module")
def reader() -> TextReader:
    limits = TextLimits(max_file_bytes=200_000)
    return TextReader(limits, OcrEngine(limits))


def test_a_digital_pdf_is_read_from_its_text_layer(reader: TextReader) -> None:
    result = reader.read(text_pdf(), "courrier.pdf")
    assert "dégât des eaux" in result.text
    assert {p.method for p in result.pages} == {PageMethod.TEXT_LAYER}


def test_an_extension_that_lies_is_read_by_content_and_said(reader: TextReader) -> None:
    result = reader.read(image_bytes(letter_image(), "PNG"), "scan.pdf")
    assert "Durand" in result.text
    assert result.warnings[0].startswith("Le fichier porte l'extension .pdf mais contient "
                                         "une image PNG")


def test_an_email_attachment_is_read_like_a_dropped_scan(reader: TextReader) -> None:
    data = complaint_email(body="Veuillez trouver ci-joint mon courrier.",
                           attachment=("courrier.jpg", image_bytes(letter_image(), "JPEG"),
                                       "image/jpeg"))
    result = reader.read(data, "mail.eml")
    ocr = [p for p in result.pages if p.method == PageMethod.OCR]
    assert ocr and ocr[0].part == "courrier.jpg" and "Durand" in ocr[0].text


@pytest.mark.parametrize(("data", "name", "code", "words"), [
    (b"", "scan.pdf", "fichier-vide", "vide (0 octet)"),
    (b"%PDF-1.4\n" + b"0" * 300_000, "gros.pdf", "fichier-trop-gros", "au-delà de la limite"),
    (b"PK\x03\x04" + b"\x00" * 100, "contrat.docx", "format-non-pris-en-charge",
     "Format non pris en charge (.docx)"),
    (b"MZ\x90\x00" + b"\x00" * 100, "facture.pdf", "contenu-non-reconnu",
     "porte l'extension .pdf mais son contenu n'est pas un PDF"),
    (b"x\x9f>\"" + b"\x00" * 100, "winmail.dat", "tnef", "winmail.dat"),
])
def test_bad_files_are_refused_with_a_french_reason(
        reader: TextReader, data: bytes, name: str, code: str, words: str) -> None:
    with pytest.raises(DocumentError) as caught:
        reader.read(data, name)
    assert caught.value.code == code
    assert words in caught.value.reason
    assert caught.value.reason.endswith(".")


def test_a_blank_scan_is_refused_as_without_text(reader: TextReader) -> None:
    blank = image_bytes(Image.new("L", (1240, 1754), 255), "PNG")
    with pytest.raises(DocumentError) as caught:
        reader.read(blank, "page-blanche.png")
    assert caught.value.code == "aucun-texte"
