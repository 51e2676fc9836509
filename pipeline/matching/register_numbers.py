"""The client register as a gazetteer of its contract and claim numbers (`RegisterNumbers`).

The register knows every number that can link an item. `RegisterNumbers.build(register)`
indexes each of them once under an OCR-normalised key (`number_key`: case, spaces, line
breaks, dashes of any kind, dots and slashes ignored; `O`/`0`, `I`/`L`/`1`, `S`/`5`, `B`/`8`
read as digits), and, for a number that ends in a letter after a digit (`21 609 182 R`),
also under the key without that letter, since OCR drops it. Two uses, each a handful of
dict accesses, never a scan of the register:

* `lookup(number)`: the register entries a number read after a label designates, exactly
  or by OCR key, or with a closing letter dropped or added;
* `scan(text)`: the register numbers written anywhere in a document: every run of one to
  `MAX_WORDS` words (across line breaks and OCR's lone dashes: `GN / 79 / 529260`,
  `51 740⏎424 g`, `mcf 86 652315`) is looked up, leftmost-longest first. A run of digits
  only must be grouped as the register writes it (`21 609 182` for `21 609 182 R`), so
  that a phone number, a date or an amount is never taken for a contract.

Hits keep the register's spelling and kind (contract or claim) and, as evidence, the
words as written. The index is plain dicts: picklable, shared with the workers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.client_register import ClientRegister, Contract, RegisteredClaim, reference_key

MAX_WORDS = 6  # the most words a written number spans ("PAC 7157 7301 51" is 4)
MIN_KEY = 5  # the shortest key looked up
MIN_DIGITS = 3  # the fewest digits a looked-up run holds

_OCR_DIGITS = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "B": "8"})
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_GROUPS = re.compile(r"[0-9A-Za-z]+")
# what ends a word for the scan: spaces, and punctuation that never sits inside a number
_WORD = re.compile(r"[^\s:;,()\[\]«»\"'’°ºª?!<>=]+")


class How(StrEnum):
    EXACT = "exact"  # the register's key (reference_key) itself
    OCR = "ocr"  # the same once OCR's confusable letters are read as digits
    LETTER = "lettre"  # a closing letter dropped or added


@dataclass(frozen=True, slots=True)
class Entry:
    """One register number under a key."""

    key: str  # reference_key of the register's number
    claim: bool  # a claim number (else a contract number)


@dataclass(frozen=True)
class Hit:
    """A register number found for a number as written."""

    item: RegisteredClaim | Contract
    written: str  # as the document or the label-anchored pass wrote it
    how: How
    in_text: bool = False  # found by `scan`, not read after a label

    @property
    def number(self) -> str:
        """The register's spelling."""
        return _number_of(self.item)

    @property
    def is_claim(self) -> bool:
        return isinstance(self.item, RegisteredClaim)


def number_key(text: str) -> str:
    """The OCR-normalised key of a written number (`GN / 79 / 529260` → `GN79529260`,
    `SIN-2l-O0l23` → `51N2100123`)."""
    return _NOT_ALNUM.sub("", text.upper()).translate(_OCR_DIGITS)


def _closing_letter_dropped(key: str) -> str | None:
    """The OCR key of a reference_key without its closing letter (`21609182R` → `21609182`)."""
    if len(key) > 1 and key[-1].isalpha() and key[-2].isdigit():
        return key[:-1].translate(_OCR_DIGITS)
    return None


def _digit_groups(text: str) -> tuple[int, ...]:
    """Lengths of the letter-and-digit groups, a single closing letter left out."""
    groups = [len(g) for g in _GROUPS.findall(text)]
    if len(groups) > 1 and groups[-1] == 1 and not text.rstrip()[-1:].isdigit():
        groups.pop()
    return tuple(groups)


@dataclass
class RegisterNumbers:
    """Every contract and claim number of one register, by OCR key (picklable)."""

    register: ClientRegister
    by_key: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    by_key_without_letter: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    starts: set[str] = field(default_factory=set)  # the keys' first two characters
    longest: int = 0

    @classmethod
    def build(cls, register: ClientRegister) -> RegisterNumbers:
        gazetteer = cls(register)
        for table, claim in ((register.claims, True), (register.contracts, False)):
            for key in table:
                gazetteer._add(key, claim)
        return gazetteer

    def _add(self, key: str, claim: bool) -> None:
        entry = Entry(key, claim)
        ocr = key.translate(_OCR_DIGITS)
        ocr = key if ocr == key else ocr  # one string, not two equal ones
        self.by_key[ocr] = (*self.by_key.get(ocr, ()), entry)  # a tuple: most keys hold one
        self.starts.add(ocr[:2])
        self.longest = max(self.longest, len(ocr))
        stripped = _closing_letter_dropped(key)
        if stripped:
            self.by_key_without_letter[stripped] = (
                *self.by_key_without_letter.get(stripped, ()), entry)
            self.starts.add(stripped[:2])

    # --- look-ups

    def lookup(self, written: str, claim_first: bool = False) -> list[Hit]:
        """The register entries `written` designates, the best way found; the same key as
        claim and contract gives the kind `claim_first` says first."""
        key = reference_key(written)
        if not key:
            return []
        claims, contracts = self.register.claims, self.register.contracts
        exact = [claims.get(key), contracts.get(key)]
        if not claim_first:
            exact.reverse()
        for item in exact:
            if item is not None:
                return [Hit(item, written, How.EXACT)]
        ocr = number_key(written)
        for entries, how in self._candidates(ocr):
            if entries:
                ordered = sorted(entries, key=lambda e: e.claim != claim_first)
                return [Hit(self._item(e), written, how) for e in ordered]
        return []

    def _candidates(self, ocr: str) -> list[tuple[tuple[Entry, ...], How]]:
        out = [(self.by_key.get(ocr, ()), How.OCR),
               (self.by_key_without_letter.get(ocr, ()), How.LETTER)]  # fmt: skip
        if len(ocr) > MIN_KEY and ocr[-1].isalpha() and ocr[-2].isdigit():
            out.append((self.by_key.get(ocr[:-1], ()), How.LETTER))  # a letter added
        return out

    def _item(self, entry: Entry) -> RegisteredClaim | Contract:
        table = self.register.claims if entry.claim else self.register.contracts
        return table[entry.key]

    def scan(self, text: str) -> list[Hit]:
        """The register numbers written in `text`, leftmost-longest, each once."""
        words = []
        for m in _WORD.finditer(text):
            word = m.group().rstrip(".-/|")  # "GR-SIN-428541." ends a sentence
            words.append((m.start(), m.start() + len(word), number_key(word)))
        out: list[Hit] = []
        seen: set[str] = set()
        i = 0
        while i < len(words):
            hit, used = self._longest_at(text, words, i)
            if hit is None:
                i += 1
                continue
            for h in hit:
                if h.number not in seen:
                    seen.add(h.number)
                    out.append(h)
            i += used
        return out

    def _longest_at(
        self, text: str, words: list[tuple[int, int, str]], i: int
    ) -> tuple[list[Hit] | None, int]:
        start, first = words[i][0], words[i][2]
        if not first or (len(first) >= 2 and first[:2] not in self.starts):
            return None, 0  # no register number starts so
        keys: list[tuple[int, str]] = []  # (words used, key) of each run from i
        key = ""
        for j in range(i, min(i + MAX_WORDS, len(words))):
            part = words[j][2]
            key += part
            if len(key) > self.longest + 1:
                break
            if part:  # a run never ends on a lone dash
                keys.append((j - i + 1, key))
        for used, key in reversed(keys):
            if len(key) < MIN_KEY:
                break
            written = text[start : words[i + used - 1][1]]
            if sum(c.isdigit() for c in written) < MIN_DIGITS:
                continue
            for entries, how in self._candidates(key):
                hits = [self._item(e) for e in entries]
                hits = [h for h in hits if _grouped_alike(written, _number_of(h))]
                if hits:
                    shown = " ".join(written.split())
                    exact = how is How.OCR and all(
                        reference_key(shown) == reference_key(_number_of(h)) for h in hits)
                    how = How.EXACT if exact else how
                    return [Hit(h, shown, how, in_text=True) for h in hits], used
        return None, 0


def _number_of(item: RegisteredClaim | Contract) -> str:
    return item.numero_sinistre if isinstance(item, RegisteredClaim) else item.numero_contrat


def _grouped_alike(written: str, number: str) -> bool:
    """A run of digits only is the register's number only when grouped the same way."""
    if not number_key(written).rstrip("ACDEFGHJKMNPQRTUVWXYZ").isdigit():
        return True
    return _digit_groups(written) == _digit_groups(number)
