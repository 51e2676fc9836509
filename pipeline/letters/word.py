"""A `Letter` laid out as an editable Word document: the only module that imports
python-docx. A4, the cabinet's letterhead on top, the addressee's block on the right, the
place and date, the references and subject, the paragraphs justified, the signature.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from pipeline.letters.compose import Letter
from pipeline.letters.owed import letter_label

FONT = "Arial"  # LibreOffice on Linux renders it with the metric-compatible Liberation Sans
BLOCK_INDENT = Cm(9.5)  # the addressee's block, the date and the signature
GREY = RGBColor(0x59, 0x59, 0x59)
BLUE = RGBColor(0x1F, 0x3A, 0x5F)


_ID = re.compile(r"REC-\d{4}-\d+")  # an item's number: never cut at a line's end


def _add(paragraph: Paragraph, text: str, bold: bool = False) -> Run:
    """`text` as one run; the hyphens of an item's number are non-breaking (Word's
    noBreakHyphen: still a hyphen when the text is copied or searched)."""
    run = paragraph.add_run()
    run.bold = bold
    start = 0
    for found in _ID.finditer(text):
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


def _space(paragraph: Paragraph, before: float = 0, after: float = 0) -> Paragraph:
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def write_docx(letter: Letter, path: Path) -> None:
    """Write `letter` to `path` (the caller makes it atomic: `safe_files.swap_in`)."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(2.0)
    section.left_margin = section.right_margin = Cm(2.3)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(0)
    doc.core_properties.title = f"{letter.subject} ({letter.item_id})"
    doc.core_properties.author = letter.letterhead[0]
    doc.core_properties.subject = letter_label(letter.kind)

    name, *contacts = letter.letterhead
    run = _space(doc.add_paragraph()).add_run(name)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(15), BLUE
    small = _space(doc.add_paragraph(), after=18).add_run(" · ".join(contacts))
    small.font.size, small.font.color.rgb = Pt(8.5), GREY

    for i, line in enumerate(letter.addressee):
        p = _space(doc.add_paragraph())
        p.paragraph_format.left_indent = BLOCK_INDENT
        p.add_run(line).bold = i == 0
    date_line = _space(doc.add_paragraph(letter.place_date), before=24, after=18)
    date_line.paragraph_format.left_indent = BLOCK_INDENT

    for line in letter.references:
        _add(_space(doc.add_paragraph()), line).font.size = Pt(9)
    subject = _space(doc.add_paragraph(), before=10, after=14)
    _add(subject, f"Objet : {letter.subject}", bold=True)

    for i, text in enumerate(letter.paragraphs):
        p = _space(doc.add_paragraph(), after=8)
        if text.startswith("– "):
            p.paragraph_format.left_indent = Cm(1.0)
            p.paragraph_format.first_line_indent = Cm(-0.5)
            following = letter.paragraphs[i + 1] if i + 1 < len(letter.paragraphs) else ""
            p.paragraph_format.space_after = Pt(3 if following.startswith("– ") else 8)
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _add(p, text)

    signer, *title = letter.signature
    first = _space(doc.add_paragraph(), before=18)
    first.paragraph_format.left_indent = BLOCK_INDENT
    first.add_run(signer).bold = True
    for line in title:
        p = _space(doc.add_paragraph(line))
        p.paragraph_format.left_indent = BLOCK_INDENT
    doc.save(str(path))
