"""Text normalisation: the one place where text is folded before it is compared.

Each variant has one contract; pick the one whose contract the comparison needs.

    plain(text)        lower case, accents off, trimmed: keys and closed values typed by
                       people (an entry's field names, a workbook's choices)
    same_length(text)  lower case, accents off, curly apostrophes straight, no-break spaces
                       and tabs as spaces, one character for one: a position found in the
                       folded text holds in the original (dates, references, addressee)
    cue_text(text)     same_length's contract, dashes and quotes straight too, line breaks
                       as spaces, and e-mail addresses blanked: the text complaint cues read
    name_key(text)     plain, anything but letters, digits, "@" and "." as one space: names
                       as reading compares them ("Le Roux" = "LE-ROUX")
    header_key(text)   accents off, lower case, spaces, underscores, dots and hyphens as one
                       space: a client register's column headers and the values it compares
                       (staff and insurer names, titles, statuts)
    ascii_words(text)  lower case, "œ"/"æ" spelled out, ASCII letters and digits only,
                       everything else one space: the match stage's name keys

Accents go by Unicode decomposition (NFKD, or NFD for cue_text): the base letter stays, the
combining marks go.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "’ʼ`´‘"
_PLAIN_SPACES = "\u00a0\u202f\t"
_CUE_MARKS = {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'",
              "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-", "\u00ab": '"',
              "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u202f": " ",
              "\n": " ", "\t": " ", "\r": " "}
_EMAIL = re.compile(r"\S+@\S+")
_NOT_NAME = re.compile(r"[^a-z0-9@.]+")
_HEADER_SEPARATORS = re.compile(r"[\s_.\-]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def plain(text: str) -> str:
    """Lower case, without accents, trimmed."""
    return _without_marks(text.strip().casefold())


def _same_char(char: str) -> str:
    """One character as `same_length` folds it: always one character."""
    if char in _APOSTROPHES:
        return "'"
    if char in _PLAIN_SPACES:
        return " "
    base = unicodedata.normalize("NFKD", char)[:1]
    if not base or unicodedata.combining(base):
        base = char
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


class _FoldTable(dict[int, str]):
    """`str.translate`'s table for `same_length`, each character folded once, on first sight
    (up to a bound: a text of every Unicode character does not grow it without end)."""

    def __missing__(self, code: int) -> str:
        folded = _same_char(chr(code))
        if len(self) < 1 << 16:
            self[code] = folded
        return folded


_SAME_LENGTH = _FoldTable()


def same_length(text: str) -> str:
    """Lower case, no accents, plain apostrophes and spaces: the same length as `text`."""
    return text.translate(_SAME_LENGTH)


def cue_text(text: str) -> str:
    """Lower case, accents off, straight apostrophes, dashes and quotes, line breaks as
    spaces, e-mail addresses blanked; one character for one."""
    out = []
    for char in text:
        mapped = _CUE_MARKS.get(char)
        if mapped is None:
            base = unicodedata.normalize("NFD", char)[:1] or char
            lowered = base.lower()
            mapped = lowered if len(lowered) == 1 else base
        out.append(mapped)
    return _EMAIL.sub(lambda m: " " * len(m.group()), "".join(out))


def name_key(text: str) -> str:
    """Lower case, without accents, apostrophes and hyphens as spaces, spaces collapsed."""
    return " ".join(_NOT_NAME.sub(" ", _without_marks(text.casefold())).split())


def header_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a header."""
    return _HEADER_SEPARATORS.sub(" ", _without_marks(text).casefold()).strip()


def ascii_words(text: str) -> str:
    """Lower case, without accents; hyphens, apostrophes and punctuation as single spaces."""
    text = text.casefold()
    if not text.isascii():
        text = text.replace("œ", "oe").replace("æ", "ae")
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NOT_ALNUM.sub(" ", text).split())
