"""Speed of writing one letter's .docx: the product's `letters.word.write_docx` (standard
library) against the python-docx version it replaced, kept here for the comparison only.

    python -m tools.bench_docx [--letters 300] [--keep DIR]

Needs python-docx, which the product no longer installs: it is a test dependency
(`make test` installs it). Prints the median and p95 milliseconds per letter of each, in
the same run, on the same letter (an acknowledgement with a « – » list). `--keep DIR`
leaves one .docx of each (`new.docx`, `old.docx`) there, to compare them as pictures.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.letters.compose import Letter
from pipeline.letters.owed import LetterType, letter_label
from pipeline.letters.word import write_docx

LETTER = Letter(
    kind=LetterType.COMPLEMENTS, item_id="REC-2026-000123",
    letterhead=("Alter Ego Assurances", "12 avenue de la République, 75011 Paris",
                "Tél. 01 43 55 21 80", "reclamations@alteregoassurances.fr"),
    addressee=("Madame Sophie Durand", "12 rue des Lilas", "69003 Lyon"),
    place_date="Paris, le 4\u00a0décembre 2026",
    references=("Notre référence : REC-2026-000123",
                "Vos références : contrat AX-2023-004512, sinistre SIN-24-00123"),
    subject="Votre réclamation n° REC-2026-000123 : informations complémentaires",
    paragraphs=(
        "Madame,",
        "Nous avons bien reçu le 26\u00a0novembre 2026 votre réclamation, enregistrée sous le "
        "numéro REC-2026-000123. Afin de pouvoir la traiter dans les plus brefs délais, nous "
        "avons besoin des informations suivantes, qui ne figurent pas dans votre envoi :",
        "– votre adresse postale",
        "– un numéro de téléphone où vous joindre",
        "Nous vous remercions de nous les communiquer, en rappelant le numéro "
        "REC-2026-000123, par courriel à reclamations@alteregoassurances.fr ou par courrier à "
        "l'adresse suivante : Alter Ego Assurances, Service Réclamations, 12 avenue de la "
        "République, 75011 Paris. Vous pouvez aussi nous joindre au 01\u00a043\u00a055\u00a021"
        "\u00a080.",
        "Vous pouvez y joindre tout document ou information concernant le produit ou le "
        "service concerné.",
        "Nous restons à votre disposition et vous prions d'agréer, Madame, l'expression de "
        "nos salutations distinguées."),
    signature=("Thomas Nguyen", "Service Réclamations", "Alter Ego Assurances"),
)


def write_docx_python_docx(letter: Letter, path: Path) -> None:
    """The python-docx version the product had until the standard-library one replaced it."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt, RGBColor

    item_id = re.compile(r"REC-\d{4}-\d+")
    block_indent = Cm(9.5)
    grey, blue = RGBColor(0x59, 0x59, 0x59), RGBColor(0x1F, 0x3A, 0x5F)

    def add(paragraph, text, bold=False):  # type: ignore[no-untyped-def]
        run = paragraph.add_run()
        run.bold = bold
        start = 0
        for found in item_id.finditer(text):
            if found.start() > start:
                run.add_text(text[start:found.start()])
            for i, part in enumerate(found[0].split("-")):
                if i:
                    run._r.append(OxmlElement("w:noBreakHyphen"))
                run.add_text(part)
            start = found.end()
        if start < len(text):
            run.add_text(text[start:])
        return run

    def space(paragraph, before=0.0, after=0.0):  # type: ignore[no-untyped-def]
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.paragraph_format.space_after = Pt(after)
        return paragraph

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(2.0)
    section.left_margin = section.right_margin = Cm(2.3)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(0)
    doc.core_properties.title = f"{letter.subject} ({letter.item_id})"
    doc.core_properties.author = letter.letterhead[0]
    doc.core_properties.subject = letter_label(letter.kind)
    name, *contacts = letter.letterhead
    run = space(doc.add_paragraph()).add_run(name)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(15), blue
    small = space(doc.add_paragraph(), after=18).add_run(" · ".join(contacts))
    small.font.size, small.font.color.rgb = Pt(8.5), grey
    for i, line in enumerate(letter.addressee):
        p = space(doc.add_paragraph())
        p.paragraph_format.left_indent = block_indent
        p.add_run(line).bold = i == 0
    date_line = space(doc.add_paragraph(letter.place_date), before=24, after=18)
    date_line.paragraph_format.left_indent = block_indent
    for line in letter.references:
        add(space(doc.add_paragraph()), line).font.size = Pt(9)
    add(space(doc.add_paragraph(), before=10, after=14), f"Objet : {letter.subject}", bold=True)
    for i, text in enumerate(letter.paragraphs):
        p = space(doc.add_paragraph(), after=8)
        if text.startswith("– "):
            p.paragraph_format.left_indent = Cm(1.0)
            p.paragraph_format.first_line_indent = Cm(-0.5)
            following = letter.paragraphs[i + 1] if i + 1 < len(letter.paragraphs) else ""
            p.paragraph_format.space_after = Pt(3 if following.startswith("– ") else 8)
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        add(p, text)
    signer, *title = letter.signature
    first = space(doc.add_paragraph(), before=18)
    first.paragraph_format.left_indent = block_indent
    first.add_run(signer).bold = True
    for line in title:
        p = space(doc.add_paragraph(line))
        p.paragraph_format.left_indent = block_indent
    doc.save(str(path))


def timed(write: Callable[[Letter, Path], None], folder: Path, count: int) -> list[float]:
    """Milliseconds per letter, `count` letters written one after the other."""
    write(LETTER, folder / "warm-up.docx")  # imports and first-call costs out of the figure
    spent = []
    for i in range(count):
        start = time.perf_counter()
        write(LETTER, folder / f"{i}.docx")
        spent.append((time.perf_counter() - start) * 1000)
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-docx-") as tmp:
        for label, write in (("standard library", write_docx),
                             ("python-docx     ", write_docx_python_docx)):
            folder = Path(tmp) / label.strip()
            folder.mkdir()
            spent = sorted(timed(write, folder, args.letters))
            print(f"{label}: median {statistics.median(spent):.2f} ms, "
                  f"p95 {spent[int(len(spent) * 0.95)]:.2f} ms per letter "
                  f"({args.letters} letters)")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        write_docx(LETTER, args.keep / "new.docx")
        write_docx_python_docx(LETTER, args.keep / "old.docx")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
