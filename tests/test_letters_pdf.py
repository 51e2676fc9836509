"""The letters' PDF written by the product itself (pipeline/letters/pdf.py): each letter
type composed from a real item, written to a file, then read back with pdfplumber (text,
character boxes, metadata) and rendered with pypdfium2; and set beside LibreOffice's
rendering of word.py's .docx of the same letter."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from pipeline.letters.compose import Letter, compose
from pipeline.letters.owed import LetterType, letters_owed
from pipeline.letters.pdf import BOTTOM, LEFT, PAGE_H, PAGE_W, RIGHT, pdf_bytes, write_pdf
from pipeline.letters.pdf_fonts import encode
from pipeline.letters.templates import SHIPPED, check_all
from pipeline.letters.word import write_docx
from pipeline.record import Item
from pipeline.reports.pdf import convert_all
from tests.test_letters import TODAY, _settings, email_complaint
from tests.test_registers_daily import complaint, for_mediator, misdirected

RIGHT_EDGE = PAGE_W - RIGHT
FRENCH = "é è ê à â ç ù û ô î ï ë œ Œ « » ’ – — … € Ç É È À Ù"


def _items() -> list[Item]:
    return [complaint(), misdirected(), for_mediator(), email_complaint()]


@pytest.fixture(scope="module")
def letters() -> dict[tuple[str, LetterType], Letter]:
    """Every letter the four items are owed: all five types."""
    settings, templates = _settings(), check_all(SHIPPED)
    out = {(item.id, kind): compose(kind, item, settings, templates[kind], TODAY)
           for item in _items() for kind in letters_owed(item)}
    assert {kind for _, kind in out} == set(LetterType)
    return out


@pytest.fixture(scope="module")
def pdfs(letters: dict[tuple[str, LetterType], Letter],
         tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, LetterType], Path]:
    folder = tmp_path_factory.mktemp("letters-pdf")
    out = {}
    for (item_id, kind), letter in letters.items():
        out[item_id, kind] = folder / f"{item_id}-{kind.value}.pdf"
        write_pdf(letter, out[item_id, kind])
    return out


def _flat(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return " ".join(text.replace("\u00a0", " ").split())


def _lines(path: Path) -> list[list[dict]]:
    """Each page's lines (characters sharing a baseline), top to bottom, as char lists."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            rows: dict[float, list[dict]] = {}
            for char in page.chars:
                rows.setdefault(round(float(char["matrix"][5]), 1), []).append(char)
            out.append([sorted(rows[y], key=lambda c: c["x0"])
                        for y in sorted(rows, reverse=True)])
    return out


def _text(line: list[dict]) -> str:
    return "".join(c["text"] for c in line).replace("\u00a0", " ")


def _long(letter: Letter, copies: int = 9) -> Letter:
    body = letter.paragraphs
    return replace(letter, paragraphs=(body[0], *(body[1:-1] * copies), body[-1]))


def test_each_letter_says_claimant_number_and_dates(
        pdfs: dict[tuple[str, LetterType], Path]) -> None:
    ack = _flat(pdfs["REC-2026-000123", LetterType.ACKNOWLEDGEMENT])
    for said in ("Madame Sophie Durand", "12 rue des Lilas", "69003 Lyon",
                 "Notre référence : REC-2026-000123", "Paris, le 4 décembre 2026",
                 "reçue le 26 novembre 2026", "au plus tard le 20 janvier 2027",
                 "Objet : Accusé de réception de votre réclamation n° REC-2026-000123",
                 "suivi par Thomas Nguyen", "l'expression de nos salutations distinguées",
                 "– en ligne : www.mediation-assurance.org.", "Alter Ego Assurances"):
        assert said in ack, said
    request = _flat(pdfs["REC-2026-000123", LetterType.COMPLEMENTS])
    assert "un numéro de téléphone où vous joindre" in request
    redirection = _flat(pdfs["REC-2026-000124", LetterType.REDIRECTION])
    assert "Paul Martin" in redirection and "transmise à MAAF Assurances" in redirection
    assert "MAAF Assurances, Service Réclamations, 79036 Niort Cedex 9" in redirection
    covering = _flat(pdfs["REC-2026-000125", LetterType.TO_MEDIATOR])
    assert "La Médiation de l'Assurance" in covering
    assert "Monsieur Jean Petit" in covering and "ci-joint, en original" in covering
    notice = _flat(pdfs["REC-2026-000125", LetterType.MEDIATOR_NOTICE])
    assert "transmis le 4 décembre 2026 à La Médiation de l'Assurance" in notice
    by_email = _flat(pdfs["REC-2026-000130", LetterType.COMPLEMENTS])
    assert "votre adresse postale" in by_email and "REC-2026-000130" in by_email


def test_every_french_character_prints(letters: dict[tuple[str, LetterType], Letter],
                                       tmp_path: Path) -> None:
    letter = letters["REC-2026-000123", LetterType.ACKNOWLEDGEMENT]
    said = f"Vous écrivez : « Le cœur de l’œuvre coûte 12\u202f€ » — {FRENCH}."
    write_pdf(replace(letter, paragraphs=(said,), addressee=("Madame Léa Bœuf",)),
              tmp_path / "x.pdf")
    flat = _flat(tmp_path / "x.pdf")
    assert said.replace("\u202f", " ") in flat
    assert "Madame Léa Bœuf" in flat
    document = pdfium.PdfDocument(tmp_path / "x.pdf")  # a second reader agrees
    text = document[0].get_textpage().get_text_range()
    assert "« Le cœur de l’œuvre coûte 12" in text and "€ » —" in text
    document.close()


def test_a_character_outside_winansi_prints_something_close(
        letters: dict[tuple[str, LetterType], Letter], tmp_path: Path) -> None:
    letter = letters["REC-2026-000123", LetterType.ACKNOWLEDGEMENT]
    odd = replace(letter, addressee=("Monsieur Łukasz Wałęsa", "ul. Piłsudskiego 3"),
                  paragraphs=("Merci 😀 de votre envoi (中文), Zoë.\u200b",))
    write_pdf(odd, tmp_path / "odd.pdf")
    flat = _flat(tmp_path / "odd.pdf")
    assert "Monsieur Lukasz Walesa" in flat and "ul. Pilsudskiego 3" in flat
    assert "Merci ? de votre envoi (??), Zoë." in flat


def test_the_encoding_keeps_no_break_spaces_and_says_what_it_replaced(
        caplog: pytest.LogCaptureFixture) -> None:
    assert encode("12\u202f€ le 4\u00a0décembre") == b"12\xa0\x80 le 4\xa0d\xe9cembre"
    assert encode("« œ » ’ – — …").decode("cp1252") == "« œ » ’ – — …"
    with caplog.at_level(logging.DEBUG, logger="pipeline.letters.pdf_fonts"):
        assert encode("Łódź 😀") == b"L\xf3dz ?"
    assert "U+0142" not in caplog.text  # ł is in the table of close letters, not logged
    assert "U+017A" in caplog.text and "U+1F600" in caplog.text


def test_no_text_beyond_the_margins(pdfs: dict[tuple[str, LetterType], Path],
                                    letters: dict[tuple[str, LetterType], Letter],
                                    tmp_path: Path) -> None:
    letter = letters["REC-2026-000124", LetterType.REDIRECTION]
    wide = "https://www.exemple.fr/" + "tres-longue-adresse-" * 12  # wider than a line
    write_pdf(replace(_long(letter), paragraphs=(*_long(letter).paragraphs, wide)),
              tmp_path / "long.pdf")
    for path in [*pdfs.values(), tmp_path / "long.pdf"]:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                body = [c for c in page.chars if c["bottom"] <= PAGE_H - BOTTOM]
                footer = "".join(c["text"] for c in page.chars if c not in body)
                assert re.fullmatch(r"(page \d/\d)?", footer), (path.name, footer)
                assert body and all(c["x0"] >= LEFT - 0.01 and c["x1"] <= RIGHT_EDGE + 0.01
                                    for c in page.chars), path.name
    assert wide in _flat(tmp_path / "long.pdf").replace(" ", "")


def _body_paragraphs(path: Path) -> list[list[list[dict]]]:
    """The letter's text paragraphs (left-aligned at the margin, 10.5 pt, between the
    subject and the signature), each as its lines, grouped by the space between lines."""
    lines = [line for page in _lines(path) for line in page]
    start = next(i for i, line in enumerate(lines) if _text(line).startswith("Objet : "))
    body = [line for line in lines[start + 1:]
            if abs(line[0]["x0"] - LEFT) < 0.5 and abs(line[0]["size"] - 10.5) < 0.01]
    groups: list[list[list[dict]]] = []
    for line in body:
        if groups and 0 < line[0]["top"] - groups[-1][-1][0]["top"] < 15:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def test_paragraphs_are_justified_but_for_their_last_line(
        pdfs: dict[tuple[str, LetterType], Path]) -> None:
    stretched = last = 0
    for path in pdfs.values():
        for paragraph in _body_paragraphs(path):
            *full, end = paragraph
            for line in full:
                assert abs(line[-1]["x1"] - RIGHT_EDGE) <= 1, (path.name, _text(line))
            assert end[-1]["x1"] < RIGHT_EDGE - 1, (path.name, _text(end))
            stretched, last = stretched + len(full), last + 1
    assert stretched >= 20 and last >= 20


def test_an_item_number_never_splits(letters: dict[tuple[str, LetterType], Letter],
                                     tmp_path: Path) -> None:
    letter = letters["REC-2026-000123", LetterType.ACKNOWLEDGEMENT]
    numbers = " ".join(f"REC-2026-{n:06d}" + "," * (n % 3) for n in range(1, 120))
    write_pdf(replace(letter, paragraphs=(numbers,)), tmp_path / "n.pdf")
    lines = [_text(line) for page in _lines(tmp_path / "n.pdf") for line in page]
    found = [n for line in lines for n in re.findall(r"\S*REC\S*", line)]
    assert [n.rstrip(",") for n in found[-119:]] == [f"REC-2026-{n:06d}" for n in range(1, 120)]


def test_a_long_letter_goes_on_a_second_page_with_its_footer(
        letters: dict[tuple[str, LetterType], Letter], tmp_path: Path) -> None:
    letter = _long(letters["REC-2026-000123", LetterType.ACKNOWLEDGEMENT], copies=3)
    write_pdf(letter, tmp_path / "long.pdf")
    pages = _lines(tmp_path / "long.pdf")
    assert len(pages) == 2
    assert [_text(page[-1]) for page in pages] == ["page 1/2", "page 2/2"]
    assert [_text(line) for line in pages[1][-4:-1]] == list(letter.signature)  # kept whole
    text = _flat(tmp_path / "long.pdf")
    assert text.count("Votre dossier est suivi par Thomas Nguyen") == 3
    whole = {" ".join(p.replace("\u00a0", " ").split()) for p in letter.paragraphs}
    foot = [line for line in pages[0][:-1] if abs(line[0]["size"] - 10.5) < 0.01][-2:]
    head = [line for line in pages[1] if abs(line[0]["size"] - 10.5) < 0.01][:2]
    # no paragraph leaves one line alone at a page's foot or head
    assert foot[1][0]["top"] - foot[0][0]["top"] < 15 or _text(foot[1]) in whole
    assert head[1][0]["top"] - head[0][0]["top"] < 15 or _text(head[0]) in whole
    write_pdf(letters["REC-2026-000123", LetterType.ACKNOWLEDGEMENT], tmp_path / "one.pdf")
    one_page = _lines(tmp_path / "one.pdf")
    assert len(one_page) == 1 and "page" not in _text(one_page[0][-1])


def test_wherever_the_page_ends_no_line_is_left_alone_and_the_signature_stays_whole(
        letters: dict[tuple[str, LetterType], Letter], tmp_path: Path) -> None:
    """Short paragraphs put in front move the page's end through every line of the body."""
    base = _long(letters["REC-2026-000123", LetterType.ACKNOWLEDGEMENT], copies=2)
    splits = 0
    for n in range(26):
        fillers = tuple(f"Ligne {i}." for i in range(n))
        letter = replace(base, paragraphs=(base.paragraphs[0], *fillers, *base.paragraphs[1:]))
        write_pdf(letter, tmp_path / f"{n}.pdf")
        pages = _lines(tmp_path / f"{n}.pdf")
        whole = {" ".join(p.replace("\u00a0", " ").split()) for p in letter.paragraphs}
        signed = [i for i, page in enumerate(pages) for line in page
                  if _text(line) in letter.signature and line[0]["x0"] > PAGE_W / 2]
        assert len(signed) == 3 and len(set(signed)) == 1, n  # one page holds the signature
        for before, after in zip(pages, pages[1:], strict=False):
            foot = [line for line in before if abs(line[0]["size"] - 10.5) < 0.01][-2:]
            head = [line for line in after if abs(line[0]["size"] - 10.5) < 0.01][:2]
            alone_at_foot = foot[1][0]["top"] - foot[0][0]["top"] > 15
            alone_at_head = len(head) < 2 or head[1][0]["top"] - head[0][0]["top"] > 15
            assert not alone_at_foot or _text(foot[1]) in whole, (n, _text(foot[1]))
            assert not alone_at_head or _text(head[0]) in whole, (n, _text(head[0]))
            splits += _text(foot[1]) not in whole
    assert splits >= 3  # some page ends did fall inside a paragraph


def test_every_page_renders(pdfs: dict[tuple[str, LetterType], Path],
                            letters: dict[tuple[str, LetterType], Letter],
                            tmp_path: Path) -> None:
    write_pdf(_long(letters["REC-2026-000130", LetterType.ACKNOWLEDGEMENT], copies=8),
              tmp_path / "long.pdf")
    pages = 0
    for path in [*pdfs.values(), tmp_path / "long.pdf"]:
        document = pdfium.PdfDocument(path)
        for page in document:
            image = page.render(scale=0.5).to_pil().convert("L")
            assert image.size == (round(PAGE_W / 2), round(PAGE_H / 2))
            assert image.getextrema()[0] < 128  # ink on the page
            pages += 1
        document.close()
    assert pages >= 7 + 3


def test_the_file_is_well_formed_and_says_what_it_is(
        pdfs: dict[tuple[str, LetterType], Path],
        letters: dict[tuple[str, LetterType], Letter]) -> None:
    path = pdfs["REC-2026-000124", LetterType.REDIRECTION]
    letter = letters["REC-2026-000124", LetterType.REDIRECTION]
    data = path.read_bytes()
    assert data.startswith(b"%PDF-1.4\n") and data.endswith(b"%%EOF\n")
    xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    table = data[xref:].split(b"trailer")[0].split(b"\n")
    assert table[0] == b"xref"
    count = int(table[1].split()[1])
    for number, entry in enumerate(table[3:2 + count], start=1):  # every offset is its object
        assert len(entry) == 19 and data[int(entry[:10]):].startswith(b"%d 0 obj" % number)
    assert b"/Encoding /WinAnsiEncoding" in data and b"/BaseFont /Helvetica-Bold" in data
    with pdfplumber.open(path) as pdf:
        title = pdf.metadata["Title"]  # the subject, the number once (named by it or added)
        assert title.startswith(letter.subject) and title.count("REC-2026-000124") == 1
        assert pdf.metadata["Author"] == "Alter Ego Assurances"
        assert pdf.metadata["Subject"] == "réorientation"
        assert pdf.metadata["Producer"] == "reclam"
        assert pdf.metadata["CreationDate"] == "D:20261204000000+01'00'"
        assert [round(float(v), 1) for v in pdf.pages[0].mediabox] == [0, 0, 595.3, 841.9]
    assert pdf_bytes(letter) == data  # the same letter, the same bytes
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True,
                          env={**os.environ, "TZ": "UTC"})
    assert not info.stderr and "PDF version:     1.4" in info.stdout
    assert "Page size:       595.276 x 841.89 pts (A4)" in info.stdout
    assert "CreationDate:    Thu Dec  3 23:00:00 2026 UTC" in info.stdout  # Paris midnight
    if shutil.which("qpdf"):  # not installed here; checked where it is
        done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout


def test_the_page_is_the_one_libreoffice_prints_from_the_docx(
        letters: dict[tuple[str, LetterType], Letter], tmp_path: Path) -> None:
    """word.py's .docx of each letter, printed by LibreOffice (one call): the same lines,
    broken at the same words, on the same baselines (within 1 pt), beginning at the same
    place, and for longer letters the same page breaks (footers aside)."""
    cases = dict(letters)
    base = _long(letters["REC-2026-000123", LetterType.ACKNOWLEDGEMENT], copies=2)
    # 2: the signature moves to page 2; 6: a last line whose 1.15 spacing falls in the
    # bottom margin; 12: a paragraph split. (With 1, LibreOffice leaves the signature's last
    # line alone on page 2, where the product keeps the signature whole.)
    for n in (2, 6, 12):
        fillers = tuple(f"Ligne {i}." for i in range(n))
        cases["long", n] = replace(base, paragraphs=(base.paragraphs[0], *fillers,
                                                     *base.paragraphs[1:]))
    ours, docs = {}, {}
    (tmp_path / "ours").mkdir()
    for key, letter in cases.items():
        name = f"{key[0]}-{key[1]}"
        ours[key], docs[key] = tmp_path / "ours" / f"{name}.pdf", tmp_path / f"{name}.docx"
        write_pdf(letter, ours[key])
        write_docx(letter, docs[key])
    printed = convert_all(list(docs.values()))
    assert not set(printed.values()) & set(ours.values())
    for key, docx in docs.items():
        mine_pages, office_pages = _lines(ours[key]), _lines(printed[docx])
        assert len(mine_pages) == len(office_pages) == (1 if key[0] != "long" else 2), key
        for mine_page, office_page in zip(mine_pages, office_pages, strict=True):
            mine_page = [line for line in mine_page if not re.fullmatch(r"page \d/\d",
                                                                        _text(line))]
            assert len(mine_page) == len(office_page), key
            for mine, office in zip(mine_page, office_page, strict=True):
                assert _text(mine).replace(" ", "") == _text(office).replace(" ", "")
                assert abs(mine[0]["matrix"][5] - office[0]["matrix"][5]) <= 1, _text(mine)
                assert abs(mine[0]["x0"] - office[0]["x0"]) <= 0.5, _text(mine)
