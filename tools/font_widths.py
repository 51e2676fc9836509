"""The glyph widths of Helvetica and Helvetica-Bold, as the letters' PDF needs them for
line breaking and justification (`pipeline/letters/helvetica_widths.json`).

    python -m tools.font_widths            print the table
    python -m tools.font_widths --write    (re)write pipeline/letters/helvetica_widths.json

Run once; its output is committed, the product never reads a font file. Helvetica, Arial
and Liberation Sans are metric-compatible, so the widths are measured on Liberation Sans
(Pillow, at 1000 pixels to the em: one pixel is 1/1000 em), for each code 32–255 of
WinAnsiEncoding (cp1252). As the PDF standard says, code 0xA0 prints the space glyph,
0xAD the hyphen, and an unused code the bullet.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from PIL import ImageFont

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "pipeline" / "letters" / "helvetica_widths.json"
FONTS = Path("/usr/share/fonts/truetype/liberation")
FACES = {"Helvetica": "LiberationSans-Regular.ttf", "Helvetica-Bold": "LiberationSans-Bold.ttf"}
FIRST, LAST = 32, 255
_GLYPH = {0xA0: " ", 0xAD: "-"}  # WinAnsi prints these codes with these glyphs


def glyph(code: int) -> str:
    """The character WinAnsiEncoding prints for `code`."""
    if code in _GLYPH:
        return _GLYPH[code]
    try:
        char = bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return "•"
    return "•" if not char.isprintable() else char


def widths(font_file: Path) -> list[int]:
    """The advance of codes 32–255, in 1/1000 em."""
    font = ImageFont.truetype(str(font_file), 1000)
    return [round(font.getlength(glyph(code))) for code in range(FIRST, LAST + 1)]


def table(fonts: Path = FONTS) -> dict[str, object]:
    return {"first_char": FIRST, "units_per_em": 1000,
            "source": "Liberation Sans 2 (metric-compatible with Helvetica and Arial)",
            **{name: widths(fonts / file) for name, file in FACES.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {TARGET.name}")
    args = parser.parse_args(argv)
    data = table()
    text = json.dumps(data, indent=None, separators=(",", ":")) + "\n"
    if args.write:
        TARGET.write_text(text, encoding="utf-8")
        print(f"{TARGET.relative_to(REPO)} written")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
