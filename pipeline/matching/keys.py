"""Names, streets, postal codes, phones and e-mails folded into keys for matching.

Names are folded by `textnorm.ascii_words` (accents, case, hyphens, apostrophes and spaces
ignored), with and without particles, into a `Name`; a family name is indexed and looked up
under its folded forms and a rough French phonetic key (`family_keys`). A street keeps its
house number and its distinctive words (`Street`). A postal code is read with OCR letters as digits, a phone
number in E.164, a number by the gazetteer's OCR key. `Query` is a claimant folded once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from pipeline.matching.register_numbers import number_key
from pipeline.record import Claimant
from pipeline.textnorm import ascii_words
from pipeline.understand import lexicon


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STREET_TYPES = _words(
    "rue r avenue av ave boulevard bd bld boul place pl chemin ch che allee all impasse imp "
    "route rte quai cours square sq faubourg fg fbg voie lieu dit lieudit residence res "
    "hameau ham passage pas sentier villa cite parvis esplanade promenade rond point"
)
_ADDRESS_NOISE = _words(
    "de du des d le la les l et a au aux en sur sous bis ter quater bat batiment appt apt "
    "app appartement escalier esc etage porte chez m mme mr bp cs cedex n no numero gauche "
    "droite e er eme"
)
_HOUSE_NUMBER = re.compile(r"\b(\d{1,4})\s*(?:bis|ter|quater|[abt])?\b")
_POSTAL_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "L": "1", "S": "5",
                                "B": "8"})  # fmt: skip


_PARTICLES = frozenset(ascii_words(p) for p in lexicon.words("name_particles"))


def ocr_key(reference: str) -> str:
    """`reference_key` with OCR-confusable letters read as digits (`SIN-24-0O123` → `51N24...`)."""
    return number_key(reference)


def postal_code_of(raw: str | None) -> str | None:
    """Five digits from a written postal code, OCR letters read as digits; None if not one."""
    if not raw:
        return None
    digits = re.sub(r"\s", "", raw).translate(_POSTAL_DIGITS)
    if digits.isdigit() and len(digits) in (4, 5):
        return digits.zfill(5)
    return None


def phone_key(raw: str) -> str | None:
    """E.164 form of a phone number (French by default), None when unreadable."""
    text = raw.strip()
    if re.fullmatch(r"\+\d{8,15}", text):
        return text
    try:
        parsed = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email_key(raw: str) -> str:
    return raw.strip().lower().removeprefix("mailto:")


def phonetic(squashed: str) -> str:
    """A rough French phonetic key of a folded name without spaces ("dupond" = "dupont")."""
    s = squashed
    for pattern, repl in _PHONETIC_RULES:
        s = pattern.sub(repl, s)
    s = re.sub(r"(.)\1+", r"\1", s)  # doubled letters
    s = re.sub(r"(?<=.{3})[edstx]$", "", s)  # a silent final letter
    return s


_PHONETIC_RULES = [
    (re.compile(p), r)
    for p, r in (
        (r"[^a-z]", ""),
        (r"ph", "f"),
        (r"bv", "v"),
        (r"th", "t"),
        (r"sch|sh", "ch"),
        (r"(?<![cs])h", ""),
        (r"gu(?=[eiy])", "g"),
        (r"qu|ck|q", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c(?!h)", "k"),
        (r"eaux?|aux?|ot$", "o"),
        (r"ai|ei|ez$|er$|et$", "e"),
        (r"y", "i"),
        (r"z", "s"),
        (r"w", "v"),
    )
]


@dataclass(frozen=True)
class Name:
    """One side of a comparison: a family name and a given name, folded."""

    family: str  # squashed: "delafontaine"
    family_core: str  # without particles: "fontaine"
    family_tokens: tuple[str, ...]  # tokens of a compound name ("martin", "durand")
    given: str  # squashed, "" when unknown
    given_tokens: tuple[str, ...]


def folded_name(nom: str | None, prenom: str | None) -> Name:
    family, core, tokens = _family(nom or "")
    given, given_tokens = _given(prenom or "")
    return Name(family, core, tokens, given, given_tokens)


@lru_cache(maxsize=65_536)
def _family(nom: str) -> tuple[str, str, tuple[str, ...]]:
    """(squashed, squashed without particles, tokens of a compound name) of a family name."""
    tokens = ascii_words(nom).split()
    core = [t for t in tokens if t not in _PARTICLES] or tokens
    parts = tuple(t for t in core if len(t) >= 3) if len(core) > 1 else ()
    return "".join(tokens), "".join(core), parts


@lru_cache(maxsize=4_096)
def _given(prenom: str) -> tuple[str, tuple[str, ...]]:
    tokens = ascii_words(prenom).split()
    return "".join(tokens), tuple(tokens) if len(tokens) > 1 else ()


def family_keys(name: Name) -> frozenset[str]:
    """The keys a family name is indexed (and looked up) under."""
    return _keys_of(name.family, name.family_core, name.family_tokens)


@lru_cache(maxsize=65_536)
def _keys_of(family: str, core: str, tokens: tuple[str, ...]) -> frozenset[str]:
    keys = {family, core, *tokens}
    keys |= {"~" + phonetic(k) for k in list(keys) if k}
    keys.discard("")
    keys.discard("~")
    return frozenset(keys)


@dataclass(frozen=True)
class Street:
    number: str | None
    words: str  # the distinctive words, sorted and space-separated


def street_of(adresse: str | None) -> Street | None:
    if not adresse:
        return None
    folded = ascii_words(adresse)
    number = _HOUSE_NUMBER.search(folded)
    words = sorted(
        {w for w in folded.split() if w not in _STREET_TYPES and w not in _ADDRESS_NOISE}
        - ({number.group(1)} if number else set())
    )
    if not words:
        return None
    return Street(number.group(1) if number else None, " ".join(words))


@dataclass(frozen=True)
class Query:
    """A claimant folded once: its name both ways round, postal code, street, civilité."""

    name: Name
    inverted: Name  # the claimant's given name read as the family name
    postal_code: str | None
    street: Street | None
    civilite: str | None
    nom: str = ""  # as the item writes them, for a reason
    prenom: str = ""

    @classmethod
    def of(cls, claimant: Claimant) -> Query:
        return cls(
            name=folded_name(claimant.nom, claimant.prenom),
            inverted=folded_name(claimant.prenom, claimant.nom),
            postal_code=postal_code_of(claimant.code_postal),
            street=street_of(claimant.adresse),
            civilite=civilite_of(claimant.civilite),
            nom=claimant.nom or "",
            prenom=claimant.prenom or "",
        )


def civilite_of(raw: str | None) -> str | None:
    folded = ascii_words(raw or "")
    if folded in ("m", "mr", "monsieur"):
        return "M."
    if folded in ("mme", "madame", "mlle", "mademoiselle"):
        return "Mme"
    return None

