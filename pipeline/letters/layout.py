"""A letter's page, once for both its files: A4, the margins, and its paragraphs in order
with their weight, size, colour, indents, alignment and spacing (`blocks`). `word.py`
writes them as WordprocessingML, `pdf.py` sets them itself, so the .docx and the PDF
cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.letters.compose import Letter

PAGE_W_CM, PAGE_H_CM = 21.0, 29.7  # A4
MARGIN_TOP_CM, MARGIN_BOTTOM_CM, MARGIN_SIDE_CM = 1.8, 2.0, 2.3
BLOCK_INDENT_CM = 9.5  # the addressee's block, the place and date, the signature
ITEM_INDENT_CM, ITEM_HANGING_CM = 1.0, 0.5  # « – » list items
BODY_SIZE = 10.5  # points: the Normal style
GREY, BLUE = "595959", "1F3A5F"


@dataclass(frozen=True)
class Block:
    """One paragraph of the letter, in one run. Sizes and spacing in points, indents in cm."""

    text: str
    bold: bool = False
    size: float = BODY_SIZE
    color: str | None = None  # RRGGBB; None: black
    indent_cm: float = 0.0  # left, from the margin
    hanging_cm: float = 0.0  # the first line that much to the left of the others
    justify: bool = False
    before: float = 0.0
    after: float = 0.0
    keep_with_next: bool = False  # the PDF's page breaks (the subject, the signature)


def blocks(letter: Letter) -> list[Block]:
    """The letterhead, the addressee's block, place and date, references, subject, the
    paragraphs (justified; a « – » item hanging, 3 pt before another item, else 8) and
    the signature."""
    name, *contacts = letter.letterhead
    out = [Block(name, bold=True, size=15, color=BLUE),
           Block(" · ".join(contacts), size=8.5, color=GREY, after=18)]
    out += [Block(line, bold=i == 0, indent_cm=BLOCK_INDENT_CM)
            for i, line in enumerate(letter.addressee)]
    out.append(Block(letter.place_date, indent_cm=BLOCK_INDENT_CM, before=24, after=18))
    out += [Block(line, size=9) for line in letter.references]
    out.append(Block(f"Objet : {letter.subject}", bold=True, before=10, after=14,
                     keep_with_next=True))
    texts = letter.paragraphs
    for i, text in enumerate(texts):
        if text.startswith("– "):
            following = texts[i + 1] if i + 1 < len(texts) else ""
            out.append(Block(text, indent_cm=ITEM_INDENT_CM, hanging_cm=ITEM_HANGING_CM,
                             after=3 if following.startswith("– ") else 8))
        else:
            out.append(Block(text, justify=True, after=8))
    lines = letter.signature
    out += [Block(line, bold=i == 0, indent_cm=BLOCK_INDENT_CM, before=18 if i == 0 else 0,
                  keep_with_next=i < len(lines) - 1) for i, line in enumerate(lines)]
    return out
