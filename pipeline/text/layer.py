"""A PDF's text layer as text: whether it reads (no glyph codes, little garbage), and the
OCR lines it lacks added to it. Pure functions on strings, for `pipeline.text.pdf`."""

from __future__ import annotations

import re
import unicodedata

_CID = re.compile(r"\(cid:\d+\)")
_WORD = re.compile(r"\w{2,}")


def letters_count(text: str) -> int:
    """How many letters `text` holds."""
    return sum(c.isalpha() for c in text)


def usable_layer(text: str) -> bool:
    """No (cid:NNN) glyph codes, little replacement or private-use garbage."""
    if _CID.search(text):
        return False
    odd = sum(
        1
        for c in text
        if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cc") and c not in "\n\t"
    )
    return odd <= 0.05 * len(text)


def merged_layer(layer: str, ocr_text: str) -> str:
    """The layer, then the OCR lines whose words are not already in it."""
    known = {w.casefold() for w in _WORD.findall(layer)}
    extra = []
    for line in ocr_text.splitlines():
        words = [w.casefold() for w in _WORD.findall(line)]
        if words and sum(w in known for w in words) < 0.6 * len(words):
            extra.append(line)
        elif not words and extra and extra[-1]:
            extra.append("")
    added = "\n".join(extra).strip()
    return f"{layer.strip()}\n\n{added}" if added else layer.strip()
