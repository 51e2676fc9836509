"""The sending date of a letter or email (rules.md, "Deadlines").

In order of preference:

1. the place-and-date line a French letter carries in its head or after the signature
   ("Lyon, le 20 novembre 2026", "Fait à Lyon le 20/11/2026", "Le 3 novembre") — a
   line that is nothing but that, so that dates cited in the body ("le sinistre du
   3 octobre") are never taken;
2. for an email: the claimant's own message's ``Date:`` header, else the "Envoyé :" /
   "Date :" line of a forwarded message, else the ``Date:`` of the email received.

`None` when the item bears no date: the caller then counts from the day of receipt.

A date written without its year ("le 3 novembre") is given the most recent year that
does not put it after the context date (the email's date, else `today`).
OCR noise is tolerated: "2O26", "1 er", "ler", missing accents ("fevrier", "aout").
"""

from __future__ import annotations

import difflib
import functools
import re
from datetime import date, datetime

from pipeline.textnorm import same_length
from pipeline.understand import lexicon
from pipeline.understand.letter import Letter

MONTHS: dict[str, int] = lexicon.mapping("date_months", int)
_WEEKDAYS = "|".join(lexicon.words("date_weekdays"))

_DIGIT = r"[0-9oil|sb]"  # a digit, or a letter OCR often reads for one (text is folded)
# a day has a real digit, or is the "1er" OCR reads "ler" / "Ier"
_DAY = r"(?<![a-z0-9])(?P<day>[0-9][0-9oil|sb]?|[oil|sb][0-9]|[li](?=\s?er\b))(?:\s?(?:er|e)\b)?"
_MONTH_NAME = r"(?P<month_name>[a-z]{3,9})(?![a-z])\.?"
_YEAR = rf"(?P<year>{_DIGIT}{{4}}|{_DIGIT}{{2}}(?![0-9]))"
_WEEKDAY = rf"(?:(?:{_WEEKDAYS})\.?\s+)?"

# "20 novembre 2026", "1er décembre", "ven. 20 nov. 2026"
_TEXT_DATE = rf"{_WEEKDAY}{_DAY}\s*{_MONTH_NAME}(?:\s*,?\s*{_YEAR})?"
# "20/11/2026", "20.11.2026", "20-11-26"; OCR's mixed or lost separators: "17.11:2026",
# "1411/2026" (a four-digit year then)
_NUM_DATE = (
    rf"(?:(?P<nday>{_DIGIT}(?: ?{_DIGIT})?)\s?[/.\-]\s?(?P<nmonth>{_DIGIT}(?: ?{_DIGIT})?)\s?[/.\-:]\s?"
    rf"(?P<nyear>{_DIGIT}{{4}}|{_DIGIT}{{2}})"
    r"|(?<![0-9])(?P<gday>[0-3][0-9])(?P<gmonth>[01][0-9])[/.\-](?P<gyear>(?:19|20)[0-9]{2}))(?![0-9])"
)
# "2026-11-20"
_ISO_DATE = r"(?P<iyear>20\d\d)-(?P<imonth>[01]?\d)-(?P<iday>[0-3]?\d)(?![0-9])"
_DATE = rf"(?:{_TEXT_DATE}|{_NUM_DATE}|{_ISO_DATE})"

# A line that is only a place and a date: "Lyon, le 20 novembre 2026", "Fait à Lyon le …",
# "Le 3 novembre", "Paris, 20/11/2026". The place has no digits and is short.
_PLACE_DATE_LINE = re.compile(
    rf"^(?:fait\s+)?(?:a\s+)?(?:(?P<place>[^\d,;:()]{{2,45}}?)\s*[,.]?\s+)?(?:le\s+|ce\s+)?{_DATE}"
    r"\s*[.,;]?\s*$"
    # "Fait le 20/11/2026 à Lyon"
    rf"|^(?:fait\s+)?(?:le\s+)?{_DATE.replace('?P<', '?P<x_').replace('(?P=', '(?P=x_')}\s*,?\s+a\s+[^\d,;:()]{{2,45}}\s*[.]?$"
)
# The header lines of a forwarded message: "Envoyé : vendredi 20 novembre 2026 07:37",
# "Date: ven. 20 nov. 2026 à 07:29", "Sent: …".
_HEADER_LINE = re.compile(
    rf"^(?:envoye|date|sent|envoye le)\s*:\s*(?:le\s+)?{_DATE}(?:\s*(?:a\s*)?\d{{1,2}}[:h]\d{{2}}.*)?$"
)
_REPLY_LINE = re.compile(r"a ecrit\s*:?\s*$|wrote\s*:?\s*$")

_OCR_DIGITS = str.maketrans({"o": "0", "i": "1", "l": "1", "|": "1", "s": "5", "b": "8"})


def find_sent_on(letter: Letter, today: date | None = None) -> date | None:
    """The date the item was sent, as written on it; None when it bears none.

    `today` is the day the item is read (the reception day), used only to give a year
    to a date written without one when no email date is known.
    """
    context = _context_date(letter) or today or date.today()
    written = _written_date(letter, context)
    if written is not None:
        return written
    if letter.email is not None:
        own = _iso_date(letter.email.date)
        if own is not None:
            return own
        forwarded = _forward_header_date(letter, context)
        if forwarded is not None:
            return forwarded
        return _iso_date(letter.outer_email.date if letter.outer_email else None)
    return None


def parse_date(text: str, context: date) -> date | None:
    """The first French date in `text` (see module docstring), or None."""
    for match in re.finditer(_DATE, same_length(text)):
        found = _to_date(match, context)
        if found is not None:
            return found
    return None


# --- internals ---------------------------------------------------------------------------


def _context_date(letter: Letter) -> date | None:
    for headers in (letter.email, letter.outer_email):
        found = _iso_date(headers.date if headers else None)
        if found is not None:
            return found
    return None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


def _written_date(letter: Letter, context: date) -> date | None:
    """The letter's place-and-date line: head and tail first, the body last and warily.

    A body line counts only when it names a place or starts like a date line ("Le 3
    novembre 2026" alone, not a wrapped "le 3 octobre 2026." ending a sentence). A line
    of a mail-room stamp ("REÇU LE 12 NOV. 2026", or a date under "COURRIER ARRIVÉ") is
    never the letter's date. OCR debris around the line is blanked first, and a line of a
    two-column head is read cell by cell (cells apart by a run of spaces).
    """
    body = set(letter.body.splitlines())
    lines = _own_lines(letter)
    outside = [(i, line) for i, line in enumerate(lines) if line and line not in body]
    inside = [(i, line) for i, line in enumerate(lines) if line and line in body]
    for index, line, strict in ([(i, line, False) for i, line in outside]
                                + [(i, line, True) for i, line in inside]):
        if _stamped(lines, index):
            continue
        for cell in _cells(_without_debris(line)):
            found = _date_of_line(cell, context, strict, letter.email is not None)
            if found is not None:
                return found
    return None


def _date_of_line(line: str, context: date, strict: bool, email: bool) -> date | None:
    folded = same_length(line)
    if len(folded) > 90 or _REPLY_LINE.search(folded):
        return None
    header = _HEADER_LINE.match(folded)
    if header:
        # "Date : 20/11/2026" on a letter is its date; on an email, a fallback only
        return None if email else _to_date(header, context)
    match = _PLACE_DATE_LINE.match(folded)
    place = match.groupdict().get("place") if match else None
    if not match or not _plausible_place(place):
        return None
    if place and not _capitalised(line[match.start("place") : match.end("place")]):
        return None
    if strict and not line[:1].isupper() and not line[:1].isdigit():
        return None
    return _to_date(match, context)


# Marks OCR leaves around a date line ("« Lyon, .le 8 novembre", "_Mercredi 4 nov.", "| Le 3")
_DEBRIS = re.compile(r"(?:(?<=\s)|^)[«»\"'`´_|*~•·.,:;\-]+(?=\s|le\b|[A-Za-zÀ-ÿ0-9]|$)"
                     r"|[«»\"`_|*~•·:]+\s*$")
_CELL_GAP = re.compile(r"\s{3,}|\t+")


def _without_debris(line: str) -> str:
    """The line with OCR's stray marks blanked out (same length), trimmed."""
    return _DEBRIS.sub(lambda m: " " * len(m.group()), line).strip()


def _cells(line: str) -> list[str]:
    """The line, then its cells when a run of spaces splits it into columns."""
    cells = [c.strip() for c in _CELL_GAP.split(line) if c.strip()]
    return [line, *cells] if len(cells) > 1 else [line]


STAMP_FILLERS = frozenset({"le", "la", "de", "d", "du", "au", "date", "courrier"})
_STAMP_WORDS = frozenset(
    word for entry in lexicon.words("mailroom_stamps") for word in re.findall(r"[a-z]+", entry)
    if word not in STAMP_FILLERS)


@functools.lru_cache(maxsize=1 << 16)  # a letter's words repeat, and the lexicon is fixed
def stamp_word(token: str) -> bool:
    """A mail-room stamp's word, as OCR reads it ("REGU", "ECU", "ARRIVE")."""
    return len(token) >= 3 and any(
        token == word or (len(word) >= 4 and difflib.SequenceMatcher(None, token, word).ratio()
                          >= 0.75)
        for word in _STAMP_WORDS)


def _stamped(lines: list[str], index: int) -> bool:
    """Line `index` is part of a mail-room stamp: it holds a stamp word, or it comes right
    under a line that is nothing but a stamp's words ("COURRIER ARRIVÉ" / "12 NOV. 2026")."""
    if any(stamp_word(t) for t in re.findall(r"[a-z]+", same_length(lines[index]))):
        return True
    previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    tokens = re.findall(r"[a-z]+", same_length(previous))
    return bool(tokens) and not re.search(r"\d", previous) and any(stamp_word(t) for t in tokens) and all(
        stamp_word(t) or t in STAMP_FILLERS for t in tokens)


_QUOTE_START = re.compile(
    r"^-{2,}\s*(?:message d'origine|original message|message transfere)|a ecrit\s*:?\s*$|wrote\s*:?\s*$"
)


def _own_lines(letter: Letter) -> list[str]:
    """The lines of the claimant's own text: for an email, up to the first quoted message
    (a forward's header block at the very top is the claimant's message itself)."""
    if letter.email is None:
        return list(letter.lines)
    out: list[str] = []
    for index, line in enumerate(letter.lines):
        folded = same_length(line)
        if line.startswith(">"):
            continue
        if _QUOTE_START.search(folded) and index > 3:
            break
        out.append(line)
    return out


_CONNECTORS = {"le", "la", "les", "l", "de", "du", "des", "d", "sur", "en", "sous", "a", "à", "fait", "et"}


def _capitalised(place: str) -> bool:
    """A town is written with capitals ("Le Puy-en-Velay", "SAINT-MALO"), a sentence is not."""
    words = re.split(r"[\s\-']+", place.strip())
    return all(w[:1].isupper() or w.lower() in _CONNECTORS for w in words if w)


def _plausible_place(place: str | None) -> bool:
    """A town name, not the start of a sentence ("Depuis", "Mon sinistre du")."""
    if place is None:
        return True
    if place in ("le", "ce", "fait", "a", "fait a"):
        return True
    words = place.replace("-", " ").split()
    if len(words) > 6:
        return False
    sentence_words = {"du", "depuis", "au", "sinistre", "survenu", "courrier", "envoye", "date"}
    return not (sentence_words & set(words))


def _forward_header_date(letter: Letter, context: date) -> date | None:
    for line in _own_lines(letter):
        match = _HEADER_LINE.match(same_length(line))
        if match:
            found = _to_date(match, context)
            if found is not None:
                return found
    return None


def _number(text: str) -> int | None:
    digits = re.sub(r"\s", "", text).translate(_OCR_DIGITS)
    return int(digits) if digits.isdigit() else None


def _month(name: str) -> int | None:
    """A month from its (folded) name, tolerating OCR slips ("novernbre", "decernbre")."""
    found = MONTHS.get(name) or MONTHS.get(name.replace("rn", "m"))
    if found is None and len(name) >= 6:
        close = difflib.get_close_matches(name, [m for m in MONTHS if len(m) >= 6], 1, 0.8)
        found = MONTHS[close[0]] if close else None
    return found


def _to_date(match: re.Match[str], context: date) -> date | None:
    groups = {k.removeprefix("x_"): v for k, v in match.groupdict().items() if v is not None}
    for y, m, d in (("iyear", "imonth", "iday"), ("gyear", "gmonth", "gday")):
        if groups.get(y):
            try:
                return date(int(groups[y]), int(groups[m]), int(groups[d]))
            except ValueError:
                return None
    if groups.get("month_name"):
        month = _month(groups["month_name"])
        day = _number(groups["day"])
        year_text = groups.get("year")
    else:
        month = _number(groups["nmonth"])
        day = _number(groups["nday"])
        year_text = groups["nyear"]
    if month is None or day is None:
        return None
    year = _number(year_text) if year_text else None
    if year_text and year is None:
        return None
    if year is not None and year < 100:
        year += 2000
    try:
        if year is None:
            found = date(context.year, month, day)
            return found if found <= context else date(context.year - 1, month, day)
        found = date(year, month, day)
    except ValueError:
        return None
    if not 1990 <= found.year <= context.year + 1:
        return None
    return found
