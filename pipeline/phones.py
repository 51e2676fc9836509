"""Phone numbers as people read them: the record keeps E.164 (``+33612345678``), the
registers, workbooks and summaries show the French form (``06 12 34 56 78``)."""

from __future__ import annotations

import re

_FRENCH = re.compile(r"\+33(\d{9})")


def display_phone(number: str) -> str:
    """+33612345678 -> « 06 12 34 56 78 »; a foreign or unusual number as stored."""
    found = _FRENCH.fullmatch(number.strip())
    if not found:
        return number
    national = "0" + found[1]
    return " ".join(national[i : i + 2] for i in range(0, 10, 2))
