"""Dates and numbers as the cabinet's staff type and read them: one format in, French out.

In: `parse_day` reads what a person types, on the command line or in a workbook cell —
JJ/MM/AAAA (also with `.` or `-`) or AAAA-MM-JJ — and refuses anything else with a French
reason; a day that does not exist (31/02/2026) is said as such. Out: `short` (04/12/2026),
`long` (4 décembre 2026, « 1er » for the first), `moment` (04/12/2026 à 09:05, Paris time),
`number` (80,0 with a decimal comma, 4 634), `phone` (06 12 34 56 78), `count` (« 0 doublon »,
« 2 réclamations »: French plurals). Reading dates inside letters is the understand stage's
job (`understand/dates.py`), not this module's.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from pipeline import clock

MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")
FORMATS = "JJ/MM/AAAA ou AAAA-MM-JJ"

_FRENCH_DAY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_day(text: str) -> date:
    """"27/11/2026" or "2026-11-27" -> date; otherwise ValueError with a French reason
    (which does not repeat the text: the caller names the field and what was typed)."""
    typed = text.strip()
    french, iso = _FRENCH_DAY.fullmatch(typed), _ISO_DAY.fullmatch(typed)
    if french:
        year, month, day = int(french[3]), int(french[2]), int(french[1])
    elif iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    else:
        raise ValueError(f"date attendue au format {FORMATS}")
    try:
        found = date(year, month, day)
    except ValueError:
        raise ValueError("cette date n'existe pas") from None
    if not 2000 <= found.year <= 2099:
        raise ValueError("année invraisemblable")
    return found


def short(day: date | datetime | str | None, empty: str = "—") -> str:
    """04/12/2026; an ISO text is read first (a moment is shown on its Paris day)."""
    found = _as_date(day)
    return f"{found:%d/%m/%Y}" if found else empty


def long(day: date | datetime | str | None, empty: str = "—") -> str:
    """« 4 décembre 2026 », « 1er mars 2027 »."""
    found = _as_date(day)
    if found is None:
        return empty
    number = "1er" if found.day == 1 else str(found.day)
    return f"{number} {MONTHS_FR[found.month - 1]} {found.year}"


def moment(when: datetime | str | None, empty: str = "—") -> str:
    """« 04/12/2026 à 09:05 », in Paris time."""
    if when is None or when == "":
        return empty
    at = datetime.fromisoformat(when) if isinstance(when, str) else when
    if at.tzinfo is not None:
        at = at.astimezone(clock.PARIS)
    return f"{at:%d/%m/%Y à %H:%M}"


THIN_SPACE = "\u202f"  # the narrow no-break space that groups thousands: « 4 634 »


def number(value: float, decimals: int = 1) -> str:
    """80.0 -> « 80,0 » (French decimal comma), 4634 with no decimals -> « 4 634 »
    (thousands grouped by a narrow no-break space)."""
    return f"{value:,.{decimals}f}".replace(",", THIN_SPACE).replace(".", ",")


def count(n: int, singular: str, plural: str | None = None) -> str:
    """« 0 doublon », « 1 réclamation », « 1 234 réclamations »: French takes the singular for 0
    and 1. `plural` for words not made by adding « s » (« autres courriers », « en
    quarantaine »)."""
    return f"{number(n, 0)} {plural_of(n, singular, plural or singular + 's')}"


def plural_of(n: int, one: str, many: str) -> str:
    """`one` for 0 and 1, `many` from 2 on: the French rule, for a word or a verb
    (« reste » / « restent »)."""
    return one if abs(n) < 2 else many


def phone(stored: str, international: bool = False) -> str:
    """A phone as the record stores it (E.164, +33612345678) as people write it:
    « 06 12 34 56 78 », or with `international` « +33 6 12 34 56 78 ». A number of
    another country, or not in E.164, is shown as it is stored."""
    if not _FRENCH_PHONE.fullmatch(stored):
        return stored
    pairs = " ".join(stored[i : i + 2] for i in range(4, 12, 2))
    return f"+33 {stored[3]} {pairs}" if international else f"0{stored[3]} {pairs}"


_FRENCH_PHONE = re.compile(r"\+33\d{9}")


def _as_date(day: date | datetime | str | None) -> date | None:
    if day is None or day == "":
        return None
    if isinstance(day, str):
        day = datetime.fromisoformat(day) if "T" in day else date.fromisoformat(day[:10])
    if isinstance(day, datetime):
        return (day.astimezone(clock.PARIS) if day.tzinfo is not None else day).date()
    return day
