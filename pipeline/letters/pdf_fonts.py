"""The standard fonts Helvetica and Helvetica-Bold as the letters' PDF prints them: text
encoded in WinAnsiEncoding (cp1252), and its width.

Every French character is in WinAnsi (é è ê à ç œ Œ « » ’ – — … €); the narrow no-break
space (U+202F) is printed as the no-break space 0xA0, which never stretches nor breaks a
line. A character outside WinAnsi never stops a letter: it is printed as its NFKD
decomposition without accents when that fits (« ń » as « n »), as a close letter for a
few that have none (« ł » as « l »), else as « ? », and logged at debug level.

The widths are data (`helvetica_widths.json`, made once by `tools/font_widths.py` from
Liberation Sans, metric-compatible with Helvetica); no font file is read at run time.
"""

from __future__ import annotations

import codecs
import json
import logging
import unicodedata
from pathlib import Path

log = logging.getLogger(__name__)

REGULAR = "Helvetica"
BOLD = "Helvetica-Bold"
WIDTHS_FILE = Path(__file__).with_name("helvetica_widths.json")

_DATA = json.loads(WIDTHS_FILE.read_text(encoding="utf-8"))
FIRST_CHAR: int = _DATA["first_char"]
# Per font, the width of each code 0–255 in 1/1000 em (codes below 32 are never printed).
WIDTHS: dict[str, tuple[int, ...]] = {
    font: (0,) * FIRST_CHAR + tuple(_DATA[font]) for font in (REGULAR, BOLD)}

# Characters printed as another before encoding: spaces, hyphens, invisible characters,
# and letters NFKD does not decompose.
_BEFORE = str.maketrans({
    "\u202f": "\u00a0", "\u2007": "\u00a0", "\u2060": "", "\u00ad": "", "\u200b": "",
    "\ufeff": "", "\t": " ", "\n": " ", "\r": " ", "\u2010": "-", "\u2011": "-",
    "\u2212": "-", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i",
    **{chr(c): "" for c in range(32) if chr(c) not in "\t\n\r"}, "\x7f": "",
})
_ERRORS = "reclam-winansi"


def _substitute(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: each character outside WinAnsi replaced (module docstring)."""
    assert isinstance(error, UnicodeEncodeError)
    out = []
    for char in error.object[error.start:error.end]:
        if unicodedata.category(char).startswith("C"):  # a control or unassigned code
            out.append("")
            continue
        bare = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c)).translate(_BEFORE)
        try:
            bare.encode("cp1252")
        except UnicodeEncodeError:
            bare = "?"
        if not bare:
            bare = "?"
        log.debug("letter PDF: U+%04X is not in WinAnsiEncoding, printed as %r", ord(char), bare)
        out.append(bare)
    return "".join(out), error.end


codecs.register_error(_ERRORS, _substitute)


def encode(text: str) -> bytes:
    """`text` as WinAnsi bytes, every character printable (see the module docstring)."""
    return text.translate(_BEFORE).encode("cp1252", _ERRORS)


def width(data: bytes, font: str, size: float) -> float:
    """The advance of encoded `data` in `font` at `size` points, in points."""
    table = WIDTHS[font]
    return sum(map(table.__getitem__, data)) * size / 1000
