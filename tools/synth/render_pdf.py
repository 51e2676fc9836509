"""Digital PDF letters with a real text layer (fpdf2, a Unicode TrueType font).

The document dates and file identifier are fixed, so the same letter gives the
same bytes.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime
from pathlib import Path

from fpdf import FPDF

from tools.synth.render_scan import available_fonts
from tools.synth.scenario import Letter
from tools.synth.wordings import WordingSet


def _typo(text: str, curly: bool) -> str:
    """Word-processor typography: curly apostrophes, no-break spaces before : ; ! ?"""
    if not curly:
        return text
    text = text.replace("'", "\u2019")
    for mark in (" :", " ;", " !", " ?"):
        text = text.replace(mark, "\u00a0" + mark[1])
    return text


def write_pdf(letter: Letter, ws: WordingSet, rng: random.Random, path: Path,
              when: datetime) -> tuple[int, str]:
    """Write the letter as a text PDF; return its page count and the font's file name."""
    font_path = rng.choice(available_fonts(ws.pdf_fonts))
    curly = rng.random() < 0.5
    size = rng.choice((10.0, 11.0, 11.0, 12.0))
    line = size * 0.3528 * rng.uniform(1.25, 1.45)  # pt -> mm, with leading
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_compression(rng.random() < 0.7)
    stamp = when.replace(hour=rng.randint(7, 18), minute=rng.randint(0, 59))
    pdf.set_creation_date(stamp)
    pdf.set_creator(rng.choice(("Microsoft® Word pour Microsoft 365", "Writer", "LibreOffice 7.6")))
    pdf.set_producer(rng.choice(("Microsoft® Word pour Microsoft 365", "LibreOffice 7.6")))
    pdf.set_title(letter.subject)
    pdf.set_lang("fr-FR")
    pdf.set_margins(22, 18, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Body", "", str(font_path))
    pdf.set_font("Body", size=size)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def lines(items: tuple[str, ...] | list[str], x: float | None = None) -> None:
        for item in items:
            if x is not None:
                pdf.set_x(x)
            pdf.cell(0, line, _typo(item, curly), new_x="LMARGIN", new_y="NEXT")

    lines(letter.sender)
    pdf.set_y(max(pdf.get_y() + line, 55))
    rx = rng.uniform(105, 115)
    lines(letter.recipient, rx)
    pdf.ln(line)
    if letter.place_date:
        pdf.set_x(rx)
        pdf.cell(0, line, letter.place_date, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(line)
    lines([f"Objet : {letter.subject}", *letter.references])
    pdf.ln(line)
    lines([letter.greeting])
    pdf.ln(line * 0.5)
    align = "J" if rng.random() < 0.6 else "L"
    for para in (*letter.paragraphs, letter.closing):
        pdf.multi_cell(width, line, _typo(para, curly), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(line * 0.5)
    pdf.ln(line * 1.5)
    lines(letter.signature, rx)
    if letter.annexes:
        pdf.ln(line)
        lines(letter.annexes)
    seed = hashlib.sha256("|".join((*letter.paragraphs, letter.subject)).encode()).hexdigest()[:32]
    pdf.file_id = lambda: f"<{seed.upper()}><{seed.upper()}>"  # type: ignore[method-assign]
    pdf.output(str(path))
    return pdf.pages_count, font_path.name
