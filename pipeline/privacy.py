"""Personal numbers kept out of what the product writes (registers, summaries, export,
journal), in one pass.

`mask` recognises, in this order and on the original text (so that one never eats part
of another, as a phone pattern run first would eat the digits of an IBAN):

    IBAN       two letters, two check digits, 11 to 30 characters, with or without the
               spaces of groups of four (FR76 3000 6000 0112 3456 7890 189)
    NIR        the social-security number: sex digit, year, month, department (2A/2B),
               commune, order, optional key, with spaces, dots or dashes between groups
    card       13 to 19 digits in groups, valid by the Luhn check

and keeps of each the first 4 and last 2 characters (`FR76*****************89`), enough
for a person to recognise a number the claimant gave, never enough to use it. Phones
and e-mail addresses are contact data the procedure needs: they are not masked here.

`for_journal` is what the journal keeps of an item: the original file stays the one full
copy of the letter, so the pages' text (read again from the original when needed) is
dropped and the quotes of the reading (description, evidence, signals) are masked.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.record import Item

_SEP = r"[ .\-]?"
IBAN_RE = re.compile(
    r"(?<![0-9A-Za-z])[A-Z]{2}\d\d(?:[ ]?[0-9A-Z]{4}){2,7}(?:[ ]?[0-9A-Z]{1,4})?(?![0-9A-Za-z])",
    re.IGNORECASE,
)
NIR_RE = re.compile(
    rf"(?<![0-9A-Za-z])[1-478]{_SEP}\d\d{_SEP}\d\d{_SEP}(?:\d\d|2[ABab]){_SEP}"
    rf"\d\d\d{_SEP}\d\d\d(?:{_SEP}\d\d)?(?![0-9A-Za-z])"
)
CARD_RE = re.compile(r"(?<![0-9])\d(?:[ \-]?\d){12,18}(?![0-9])")


def _luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _hide(match: re.Match[str]) -> str:
    compact = re.sub(r"[ .\-]", "", match.group(0))
    return compact[:4] + "*" * (len(compact) - 6) + compact[-2:]


def _iban(match: re.Match[str]) -> str:
    compact = re.sub(r"\s", "", match.group(0))
    if len(compact) < 15 or not any(c.isdigit() for c in compact[4:]):
        return match.group(0)  # "FR12 rue …" is not an IBAN
    return _hide(match)


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return _hide(match) if _luhn(digits) else match.group(0)


def mask(text: str) -> str:
    """IBANs, NIRs and card numbers in `text` reduced to their ends (see module docstring)."""
    return CARD_RE.sub(_card, NIR_RE.sub(_hide, IBAN_RE.sub(_iban, text)))


def for_journal(item: Item) -> Item:
    """What the journal stores of an item: no page text, personal numbers masked."""
    x, f, d = item.extracted, item.findings, item.decision
    if x is not None:
        x = replace(x, pages=tuple(replace(p, text="") for p in x.pages))
    if f is not None:
        f = replace(
            f,
            description=mask(f.description) if f.description else f.description,
            evidence=tuple(map(mask, f.evidence)),
            mediator_signals=tuple(map(mask, f.mediator_signals)),
            misdirected_signals=tuple(map(mask, f.misdirected_signals)),
            escalation_signals=tuple(map(mask, f.escalation_signals)),
        )
    if d is not None:
        d = replace(d, review_reasons=tuple(map(mask, d.review_reasons)))
    return replace(item, extracted=x, findings=f, decision=d)
