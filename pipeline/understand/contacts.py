"""Contact details as French letters write them: phone numbers, email addresses, postal lines.

Pure functions on text, with no knowledge of who the details belong to (that is
`parties`' business)::

    find_phones("Portable : 06.12.34.56.78")      -> ("+33612345678",)
    find_emails("Courriel : Sophie.Durand@Example.fr") -> ("sophie.durand@example.fr",)
    parse_postal_lines(["Bât. B, 3 allée des Pins", "69003 Lyon"])
        -> ("Bât. B, 3 allée des Pins", "69003", "Lyon")

Phone numbers are normalised to E.164 with `phonenumbers` (region FR) and kept when
*possible*, not only *valid*: fiction ranges such as 06 39 98 are real writings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import phonenumbers

from pipeline.understand import lexicon

REGION = "FR"

# A French number: +33 / 0033 / 0, then nine digits, any of them possibly preceded by a
# space, dot, dash or slash. "+33 (0)6 …" is accepted too.
_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?P<number>(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9](?:[ .\-/]?\d){8})"
    r"(?![\d])"
)
# Any other international number: "+32 2 123 45 67", "+41 …".
_FOREIGN = re.compile(r"(?<![\w+])(?P<number>\+(?!33)\d{2,3}(?:[ .\-]?\d){6,12})(?!\d)")
# Words around a number on its line that say what it is (lexicon/contacts_cues.txt).
_CUES = lexicon.expressions("contacts_cues")

_EMAIL = re.compile(
    r"(?<![\w.+-])[a-z0-9](?:[a-z0-9._%+-]*[a-z0-9_])?@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}(?![\w-])",
    re.IGNORECASE,
)

# "69003 Lyon", "75011 PARIS CEDEX 11", ". 30000 Nîmes" (OCR noise), "F-69003 Lyon",
# "1000 BOURG-EN-BRESSE" (a leading zero lost by a spreadsheet).
_POSTAL = re.compile(
    r"^[\W_]{0,3}(?:F-?\s?)?(?P<code>\d{2}\s?\d{3}|\d{4})\s+"
    r"(?P<town>[A-Za-zÀ-ÖØ-öø-ÿŒœ][A-Za-zÀ-ÖØ-öø-ÿŒœ' ’.\-]*(?:\s+\d{1,2})?)\s*[.,;]?\s*$"
)
# A postal code and town ending a line that also holds the street: "37 rue X, 75014 Paris".
_INLINE_POSTAL = re.compile(
    r"^(?P<street>.*?\d.*?)[,\s]\s*(?P<code>\d{5})\s+"
    r"(?P<town>[A-ZÀ-ÖØ-Ý][A-Za-zÀ-ÖØ-öø-ÿŒœ' ’\-]*(?:\s+(?:CEDEX|Cedex)(?:\s+\d{1,2})?)?)"
    r"\s*[.,;]?\s*$"
)
_STREET_WORDS = re.compile(
    r"\b(rue|avenue|av\.?|boulevard|bd|bld|place|pl\.|chemin|ch\.|impasse|imp\.|all[ée]e|"
    r"quai|route|rte|cours|square|sq\.|passage|voie|sentier|r[ée]sidence|r[ée]s\.|lotissement|"
    r"lot\.|lieu[- ]dit|hameau|cit[ée]|parvis|esplanade|promenade|mont[ée]e|faubourg|fg|"
    r"b[âa]t(iment)?\.?|appt?\.?|appartement|[ée]tage|escalier|esc\.|porte|entr[ée]e|"
    r"bp|cs|tsa|cedex|domaine|villa|mas|ferme|zone|za|zi|zac|tour|immeuble|log(ement)?)\b",
    re.IGNORECASE,
)
_CONTACT_LINE = re.compile(
    r"^\s*(t[ée]l|t[ée]l[ée]phone|portable|mobile|fax|e-?mail|m[ée]l|courriel|adresse\s+e?-?mail)",
    re.IGNORECASE,
)


def _e164(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# OCR's letters for digits inside a number's groups ("67 O4", "O6 12"), and a line that is
# a French number whose leading 0 (or "Tél. : 0") was lost: "7 66 89 24 79".
_OCR_DIGIT = re.compile(r"(?<=\d)(\s?)[Oo](?=\s?\d|\b)|\b[Oo](?=\d)")
_LOST_ZERO = re.compile(r"^[\W_]{0,3}(?P<number>[1-9](?:[ .]\d{2}){4})[\W_]*$")


def _ocr_phone_line(line: str) -> str:
    """A line as a phone line reads: OCR's O for 0 mended where the line speaks of a phone,
    and the lost leading 0 of a line that holds only a national number."""
    if _CUES["phone_context"].search(line):
        line = _OCR_DIGIT.sub(lambda m: f"{m.group(1) or ''}0", line)
    lost = _LOST_ZERO.match(line)
    return f"0{lost.group('number')}" if lost else line


def find_phones(text: str) -> tuple[str, ...]:
    """The phone numbers written in `text`, in E.164, in order, without repeats.

    A number on a line that calls it a contract, claim or other reference (and does not
    also call it a phone) is left out.
    """
    found: dict[str, None] = {}
    for line in map(_ocr_phone_line, text.splitlines()):
        matches = [*_PHONE.finditer(line), *_FOREIGN.finditer(line)]
        for match in sorted(matches, key=lambda m: m.start()):
            before = line[: match.start()]
            if _CUES["reference_context"].search(before) and not _CUES["phone_context"].search(before):
                continue
            number = _e164(match.group("number"))
            if number:
                found.setdefault(number, None)
    return tuple(found)


def find_emails(text: str) -> tuple[str, ...]:
    """The email addresses written in `text`, lower-case, in order, without repeats."""
    found: dict[str, None] = {}
    text = re.sub(r"\s*@\s*", "@", text)  # "jean.dupont@ orange.fr" (OCR, line breaks)
    for match in _EMAIL.finditer(text):
        found.setdefault(match.group().lower().strip("."), None)
    return tuple(found)


def postal_code(line: str) -> tuple[str, str] | None:
    """(code_postal, ville) when `line` is a "69003 Lyon" line, else None."""
    match = _POSTAL.match(line.strip())
    if not match:
        return None
    code = re.sub(r"\s", "", match.group("code")).zfill(5)
    town = match.group("town").strip(" .,;")
    if len(town) < 2 or not re.search(r"[A-Za-zÀ-ÿ]{2}", town):
        return None
    if _STREET_WORDS.match(town) and not town.upper().startswith("CEDEX"):
        return None  # "12 rue…" seen as a code: not a town
    return code, town


def is_street_line(line: str) -> bool:
    """Whether `line` looks like a street line ("12 rue des Lilas", "BP 12", "Bât. B")."""
    text = line.strip()
    if not text or len(text) > 90 or _CONTACT_LINE.match(text) or "@" in text:
        return False
    if _STREET_WORDS.search(text):
        return True
    return bool(re.match(r"^\d{1,4}\s*(bis|ter|quater|[a-d])?\b[\s,]+[A-Za-zÀ-ÿ]", text))


_STREET_DEBRIS = " ,;:–—-‘’'\"«»|_"  # around a street line: separators and OCR's marks
# A letterhead puts its parts on one line between dashes, bars or dots:
# "74 rue du Docteur Roux — 35000 Rennes — Portable : 07 32 39 38 01".
_SEGMENT = re.compile(r"\s+(?:[–—|•·]+|-{1,2}[–—]?)\s+|\s*[–—|•·]{1,3}\s+|\s+[–—|•·]{1,3}\s*")


# A reference box beside the sender block, read on the street's line by OCR:
# "99 chemin des Vignes N° adhésion : MCF 86 158299".
_LABEL_ON_STREET = re.compile(rf"\s+(?:{_CUES['reference_context'].pattern}|vos\s+r[ée]f)[^:]{{0,30}}:.*$",
                              re.IGNORECASE)


def _before_a_label(line: str) -> str:
    """A street line without the reference label and number that follow it on its line."""
    return _LABEL_ON_STREET.sub("", line)


def parse_postal_lines(lines: Sequence[str]) -> tuple[str | None, str, str] | None:
    """The first postal address in `lines`: (adresse, code_postal, ville), or None.

    The street is the run of street-like lines right above the "code town" line, joined
    with ", " (None when there is none); a street and "code town" on one line are split,
    and so are a letterhead's parts on one line between dashes.
    """
    lines = [part for line in lines for part in _SEGMENT.split(line) if part.strip()]
    for index, line in enumerate(lines):
        postal = postal_code(line)
        if postal is not None:
            street: list[str] = []
            for above in reversed(lines[max(0, index - 3) : index]):
                if not is_street_line(above):
                    break
                street.insert(0, _before_a_label(above).strip(_STREET_DEBRIS))
            return ("\n".join(street) or None), postal[0], postal[1]
        inline = _INLINE_POSTAL.match(line.strip())
        if inline and is_street_line(inline.group("street")):
            # "120 place du Marché – 33800 Bordeaux" (a letterhead's one line), OCR's "‘70 rue…"
            street_text = inline.group("street").strip(_STREET_DEBRIS)
            return street_text, inline.group("code"), inline.group("town").strip()
    return None


_PROSE_ADDRESS = re.compile(
    r"(?P<street>(?i:(?:b[âa]t(?:iment)?\.?\s+\w+|appt?\.?\s+\w+|\d+e?\s+[ée]tage[^,]*|"
    r"(?:r[ée]sidence|lieu-dit|immeuble|domaine|hameau|villa|escalier|esc\.|chez)\b[^,\d]{1,40}),"
    r"\s+)*\d{1,4}\s*(?:bis|ter)?,?\s+[^,\d]{3,60}?),?\s+(?P<code>\d{5}|\d{4}(?=\s+[A-Z]))\s+"
    r"(?P<town>[A-ZÀ-Ý][\wÀ-ÿ'’\-]*(?:[ \-][\wÀ-ÿ'’\-]+)*?)(?:\s*[.,;)]|\s*$)"
)


def find_address_in_text(text: str) -> tuple[str, str, str] | None:
    """The first street, code and town written inline in prose: "… demeure 37 rue X, 75014
    Paris."."""
    prose = re.sub(r"\s*\n\s*", " ", text)
    for match in _PROSE_ADDRESS.finditer(prose):
        if _STREET_WORDS.search(match.group("street")):
            code = match.group("code").zfill(5)
            return match.group("street").strip(), code, match.group("town").strip()
    return None


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """`values` in order, without repeats."""
    return tuple(dict.fromkeys(values))
