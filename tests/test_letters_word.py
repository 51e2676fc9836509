"""The letters' .docx as `pipeline/letters/word.py` writes it with the standard library: read
back by python-docx (paragraphs, bold, alignment, indents, sizes, properties), well-formed
part by part, user text escaped, and converted by LibreOffice without complaint."""

from __future__ import annotations

import ast
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.dom import minidom

import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from pipeline.letters.compose import Letter, compose
from pipeline.letters.owed import LetterType, letter_label
from pipeline.letters.templates import SHIPPED, parse, template_path
from pipeline.letters.word import write_docx
from pipeline.settings_load import load_settings
from tests.conftest import REPO
from tests.test_registers_daily import complaint, for_mediator, misdirected

TODAY = date(2026, 12, 4)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _letter(kind: LetterType) -> Letter:
    item = {LetterType.REDIRECTION: misdirected(), LetterType.TO_MEDIATOR: for_mediator(),
            LetterType.MEDIATOR_NOTICE: for_mediator()}.get(kind) or complaint()
    settings = load_settings(REPO / "config" / "cabinet.toml")
    return compose(kind, item, settings, parse(template_path(SHIPPED, kind), kind), TODAY)


def _two_items(letter: Letter) -> Letter:
    """The request for complements with two missing pieces of information: a list of two."""
    paragraphs = list(letter.paragraphs)
    at = next(i for i, p in enumerate(paragraphs) if p.startswith("– "))
    paragraphs.insert(at, "– votre adresse postale")
    return replace(letter, paragraphs=tuple(paragraphs))


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[LetterType, Path]:
    folder = tmp_path_factory.mktemp("word")
    done = {}
    for kind in LetterType:
        letter = _letter(kind)
        if kind == LetterType.COMPLEMENTS:
            letter = _two_items(letter)
        done[kind] = folder / f"{letter.item_id}-{kind.value}.docx"
        write_docx(letter, done[kind])
    return done


def test_python_docx_reads_the_letter_back_in_order_with_its_layout(
        letters: dict[LetterType, Path]) -> None:
    letter = _two_items(_letter(LetterType.COMPLEMENTS))
    doc = Document(str(letters[LetterType.COMPLEMENTS]))
    paragraphs = doc.paragraphs
    expected = [" · ".join(letter.letterhead[1:]), *letter.addressee, letter.place_date,
                *letter.references, f"Objet : {letter.subject}", *letter.paragraphs,
                *letter.signature]
    assert [p.text for p in paragraphs] == [letter.letterhead[0], *expected]
    bold = [p.text for p in paragraphs if any(r.bold for r in p.runs)]
    assert bold == ["Alter Ego Assurances", "Madame Sophie Durand",
                    f"Objet : {letter.subject}", "Thomas Nguyen"]

    head, contacts = paragraphs[0].runs[0].font, paragraphs[1].runs[0].font
    assert head.size.pt == 15 and str(head.color.rgb) == "1F3A5F"
    assert contacts.size.pt == 8.5 and str(contacts.color.rgb) == "595959"
    assert paragraphs[1].paragraph_format.space_after.pt == 18
    block = [p for p in paragraphs if p.paragraph_format.left_indent is not None
             and abs(p.paragraph_format.left_indent.cm - 9.5) < 0.01]
    assert [p.text for p in block] == [*letter.addressee, letter.place_date, *letter.signature]
    date_line = next(p for p in paragraphs if p.text == letter.place_date)
    assert (date_line.paragraph_format.space_before.pt,
            date_line.paragraph_format.space_after.pt) == (24, 18)
    for p in paragraphs:
        if p.text.startswith(("Notre référence", "Vos références")):
            assert p.runs[0].font.size.pt == 9

    body = paragraphs[len(expected) + 1 - len(letter.signature) - len(letter.paragraphs):
                      len(expected) + 1 - len(letter.signature)]
    assert [p.text for p in body] == list(letter.paragraphs)
    for p in body:
        fmt = p.paragraph_format
        if p.text.startswith("– "):  # a list item: hanging indent, 3 pt before the next item
            assert p.alignment is None
            assert abs(fmt.left_indent.cm - 1.0) < 0.01
            assert abs(fmt.first_line_indent.cm + 0.5) < 0.01
        else:
            assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
            assert fmt.space_after.pt == 8
    items = [p for p in body if p.text.startswith("– ")]
    assert [p.paragraph_format.space_after.pt for p in items] == [3, 8]

    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert [round(x.cm, 1) for x in (section.top_margin, section.bottom_margin,
                                     section.left_margin, section.right_margin)] == [
        1.8, 2.0, 2.3, 2.3]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size.pt == 10.5
    assert normal.paragraph_format.space_after.pt == 0
    props = doc.core_properties
    assert props.title.startswith(letter.subject) and props.title.count("REC-2026-000123") == 1
    assert props.author == "Alter Ego Assurances"
    assert props.subject == letter_label(LetterType.COMPLEMENTS) == "demande de compléments"


def test_an_item_numbers_hyphens_do_not_break_and_other_hyphens_do(
        letters: dict[LetterType, Path]) -> None:
    doc = Document(str(letters[LetterType.ACKNOWLEDGEMENT]))
    at = next(i for i, p in enumerate(doc.paragraphs) if p.text.startswith("Notre référence"))
    ours, theirs, subject = doc.paragraphs[at:at + 3]
    assert ours.text == "Notre référence : REC-2026-000123"
    tags = [child.tag.removeprefix(W) for child in ours.runs[0]._r if child.tag != f"{W}rPr"]
    assert tags == ["t", "t", "noBreakHyphen", "t", "noBreakHyphen", "t"]
    assert theirs.text.startswith("Vos références : contrat AX-2023-004512")
    assert not theirs.runs[0]._r.findall(f"{W}noBreakHyphen")  # the claimant's own numbers
    assert len(subject.runs[0]._r.findall(f"{W}noBreakHyphen")) == 2


def test_user_text_is_escaped_and_forbidden_characters_dropped(tmp_path: Path) -> None:
    letter = _letter(LetterType.ACKNOWLEDGEMENT)
    odd = "Société « A & B » <SARL> \"dite\" l'Étoile\x07\x00\x1b, n° REC-2026-000123\ufffe."
    letter = replace(letter, addressee=(odd, "Bât. 2\tporte 3"), subject=f"Objet {odd}",
                     paragraphs=(f"Madame, Monsieur, {odd}", "fin"),
                     letterhead=("Cabinet <Dupont & Fils>", "1 rue X"))
    path = tmp_path / "odd.docx"
    write_docx(letter, path)
    doc = Document(str(path))
    clean = "Société « A & B » <SARL> \"dite\" l'Étoile, n° REC-2026-000123."
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Cabinet <Dupont & Fils>"
    assert texts[2] == clean and texts[3] == "Bât. 2\tporte 3"
    assert f"Madame, Monsieur, {clean}" in texts and f"Objet : Objet {clean}" in texts
    assert doc.core_properties.title == f"Objet {clean}"  # it names the number: not twice
    assert doc.core_properties.author == "Cabinet <Dupont & Fils>"
    with zipfile.ZipFile(path) as package:
        raw = package.read("word/document.xml").decode("utf-8")
    assert "&lt;SARL&gt;" in raw and "A &amp; B" in raw and "\x07" not in raw


def test_every_part_is_well_formed_and_has_its_content_type(
        letters: dict[LetterType, Path]) -> None:
    for path in letters.values():
        with zipfile.ZipFile(path) as package:
            assert package.testzip() is None
            names = package.namelist()
            assert names[0] == "[Content_Types].xml"
            parts = {name: minidom.parseString(package.read(name)) for name in names}
        types = parts["[Content_Types].xml"].documentElement
        defaults = {e.getAttribute("Extension") for e in types.getElementsByTagName("Default")}
        overrides = {e.getAttribute("PartName").lstrip("/")
                     for e in types.getElementsByTagName("Override")}
        for name in names:
            if name != "[Content_Types].xml":
                assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name
        assert overrides <= set(names)
        # every relationship's target is in the package
        for rels, base in (("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/")):
            for rel in parts[rels].getElementsByTagName("Relationship"):
                assert base + rel.getAttribute("Target") in names


def test_libreoffice_converts_every_letter_type_without_repair(
        letters: dict[LetterType, Path], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-writer-nogui"
    out_dir = tmp_path / "pdf"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(out_dir),
         *map(str, letters.values())],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = (done.stdout + done.stderr).lower()
    assert done.returncode == 0, messages
    assert "repair" not in messages and "error" not in messages, messages
    for kind, path in letters.items():
        pdf = pdfium.PdfDocument(out_dir / f"{path.stem}.pdf")
        assert len(pdf) == 1, kind  # a letter holds on one page
        text = pdf[0].get_textpage().get_text_range()
        assert _letter(kind).item_id in text and "Alter Ego Assurances" in text


def test_no_product_module_imports_python_docx() -> None:
    """python-docx is a test dependency only: the product writes the letters itself."""
    importers = []
    for path in sorted((REPO / "pipeline").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "docx" or n.startswith("docx.") for n in names):
                importers.append(path.relative_to(REPO).as_posix())
    assert importers == []
