"""The match stage's engine: an item's claimant and references linked to the client register.

`ClientIndex.build(register)` prepares, once per worker, every look-up the stage needs, so
that linking an item is a handful of dict accesses and one vectorised fuzzy comparison
within a postal code, never a scan of the register. The index is picklable.

`ClientIndex.link(claimant, references)` weighs the signals in the order of rules.md
("Linking to the register"), strongest first:

    tier        method             score
    claim       "sinistre"         1.0 (exact number), 0.95 (number read with OCR confusions)
    contract    "contrat"          1.0, 0.95
    email       "email"            0.95
    phone       "telephone"        0.9
    name        "nom+adresse"      up to 0.88 (name, postal code and street agree)
                "nom+code_postal"  up to 0.8

The strongest tier that names a client decides. Within it, a client wins only by a clear
margin (`MARGIN`) over the runner-up; otherwise the weaker tiers may break the tie (a
couple's shared e-mail, told apart by the first name), and when they cannot, the item is
*ambiguous*: no match, the candidates go to review. A weaker tier that names another client
is a conflict: the stronger signal is kept and the conflict is said in the reason.

A name that agrees with a client's only in part never links (`weak_name`): a family name
without its particle or compound part ("Roux" for "Le Roux"), no given name, an initial or
another given name ("Sophie" for "Anne-Sophie"). Such clients, in the claimant's postal code
or street, are the candidates a person reviews, with the reason in French.

References are looked up in the register's gazetteer (`pipeline.gazetteer`): by
`reference_key`, then by an OCR key where the usual confusions (`O`/`0`, `I`/`L`/`1`,
`S`/`5`, `B`/`8`) are read as digits on both sides and every separator is ignored, then
with a closing letter dropped or added; one dict access each, whichever way the scanner
read each character (`reference_variants` of the understand stage enumerates the same
readings). The document's text is looked up too, run of words by run of words, for the
register numbers written without a label or cut short by the label-anchored reading;
those found keep the register's spelling and kind, and the words as written in the reason.

Names are compared folded (accents, case, hyphens, apostrophes and spaces ignored, with and
without particles), by rapidfuzz similarity, family and given names both ways round
(inverted names). Candidates come from the claimant's postal code (every client there, by
a vectorised comparison of family names, which tolerates OCR errors) and from exact or
phonetic family-name keys (for a street that agrees when the postal code does not).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

import numpy as np
import phonenumbers
from rapidfuzz import fuzz, process

from pipeline.client_register import Claim, Client, ClientRegister, Contract, reference_key
from pipeline.gazetteer import Gazetteer, Hit, How, number_key
from pipeline.record import Claimant, Item, Match, References
from pipeline.understand import lexicon

MARGIN = 0.1  # a winner's lead over the runner-up
EXACT_REFERENCE = 1.0
OCR_REFERENCE = 0.95
EMAIL_SCORE = 0.95
PHONE_SCORE = 0.9
NAME_ACCEPT = 0.6  # the least name-tier score that links an item
NAME_SIMILARITY_MIN = 0.65  # the least (stretched) name similarity that links an item
STREET_AGREES = 0.75  # street similarity from which a street is said to agree
STREET_DIFFERS = 0.5  # below it, two known streets disagree
FAMILY_CUTOFF = 70  # rapidfuzz ratio for a family name to be a candidate in a postal code
MAX_CANDIDATES = 5

_Entry = TypeVar("_Entry", Claim, Contract)


class Method(StrEnum):
    CLAIM = "sinistre"
    CONTRACT = "contrat"
    EMAIL = "email"
    PHONE = "telephone"
    NAME_POSTAL_CODE = "nom+code_postal"
    NAME_ADDRESS = "nom+adresse"


class _Tier(StrEnum):
    CLAIM = "sinistre"
    CONTRACT = "contrat"
    EMAIL = "email"
    PHONE = "telephone"
    NAME = "nom"


_TIERS = tuple(_Tier)
# How a tier is named in a conflict: "conflit : l'e-mail désigne le client C000456".
_TIER_SUBJECT = {
    _Tier.CLAIM: "le sinistre",
    _Tier.CONTRACT: "le contrat",
    _Tier.EMAIL: "l'e-mail",
    _Tier.PHONE: "le téléphone",
    _Tier.NAME: "le nom",
}


@dataclass(frozen=True)
class Link:
    """What the register says about an item: its client, contract and claim, and why."""

    match: Match | None  # None when no client, or two about equally likely
    contract: Contract | None  # the referenced contract (or the referenced claim's), if any
    claim: Claim | None  # the referenced claim
    references: References  # the item's numbers, in the register's spelling where known
    unknown_references: tuple[str, ...]  # numbers of the item the register does not hold
    ambiguous: bool  # two candidates about equally likely: no match, the item goes to review
    candidates: tuple[tuple[str, float], ...]  # (client_id, score), best first, for review
    reason: str  # French
    conflict: bool = False  # a weaker signal names another client (said in `reason`)
    weak_name: bool = False  # only a name agreeing in part: no match, the candidates to review


# --- folding ------------------------------------------------------------------------------

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
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_HOUSE_NUMBER = re.compile(r"\b(\d{1,4})\s*(?:bis|ter|quater|[abt])?\b")
_POSTAL_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "L": "1", "S": "5",
                                "B": "8"})  # fmt: skip


def fold(text: str) -> str:
    """Lower case, without accents; hyphens, apostrophes and punctuation as single spaces."""
    text = text.casefold()
    if not text.isascii():
        text = text.replace("œ", "oe").replace("æ", "ae")
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


_PARTICLES = frozenset(fold(p) for p in lexicon.words("name_particles"))


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
class _Name:
    """One side of a comparison: a family name and a given name, folded."""

    family: str  # squashed: "delafontaine"
    family_core: str  # without particles: "fontaine"
    family_tokens: tuple[str, ...]  # tokens of a compound name ("martin", "durand")
    given: str  # squashed, "" when unknown
    given_tokens: tuple[str, ...]


def _name(nom: str | None, prenom: str | None) -> _Name:
    family, core, tokens = _family(nom or "")
    given, given_tokens = _given(prenom or "")
    return _Name(family, core, tokens, given, given_tokens)


@lru_cache(maxsize=65_536)
def _family(nom: str) -> tuple[str, str, tuple[str, ...]]:
    """(squashed, squashed without particles, tokens of a compound name) of a family name."""
    tokens = fold(nom).split()
    core = [t for t in tokens if t not in _PARTICLES] or tokens
    parts = tuple(t for t in core if len(t) >= 3) if len(core) > 1 else ()
    return "".join(tokens), "".join(core), parts


@lru_cache(maxsize=4_096)
def _given(prenom: str) -> tuple[str, tuple[str, ...]]:
    tokens = fold(prenom).split()
    return "".join(tokens), tuple(tokens) if len(tokens) > 1 else ()


def _family_keys(name: _Name) -> frozenset[str]:
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
class _Street:
    number: str | None
    words: str  # the distinctive words, sorted and space-separated


def _street(adresse: str | None) -> _Street | None:
    if not adresse:
        return None
    folded = fold(adresse)
    number = _HOUSE_NUMBER.search(folded)
    words = sorted(
        {w for w in folded.split() if w not in _STREET_TYPES and w not in _ADDRESS_NOISE}
        - ({number.group(1)} if number else set())
    )
    if not words:
        return None
    return _Street(number.group(1) if number else None, " ".join(words))


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0 if a and b else 0.0


def _family_similarity(q: _Name, c: _Name) -> float:
    best = max(_ratio(q.family, c.family), _ratio(q.family_core, c.family_core))
    if best < 1.0 and (q.family_tokens or c.family_tokens):
        # a compound name written in part: "Martin" for "Martin-Durand"
        qs = q.family_tokens or (q.family_core,)
        cs = c.family_tokens or (c.family_core,)
        best = max(best, 0.9 * max(_ratio(a, b) for a in qs for b in cs))
    return best


def _given_similarity(q: _Name, c: _Name) -> float | None:
    if not q.given or not c.given:
        return None
    if len(q.given) == 1 or len(c.given) == 1:  # an initial
        return 0.85 if q.given[0] == c.given[0] else 0.0
    best = _ratio(q.given, c.given)
    qs, cs = set(q.given_tokens or (q.given,)), set(c.given_tokens or (c.given,))
    if best < 1.0 and (qs < cs or cs < qs):
        best = max(best, 0.9)  # part of a compound given name: "Anne" for "Anne-Sophie"
    return best


def _sharp(ratio: float, floor: float) -> float:
    """A rapidfuzz ratio stretched from `floor` (0) to 1, so that unlike names weigh nothing.

    For a given name (floor 0.5), one OCR error in six letters (0.83) keeps 0.67, while
    "Véronique" for "Monique" (0.78) falls to 0.56 and "Christophe" for "Anne-Sophie" to 0.2:
    a relative sharing the family name and the postal code is told apart.
    """
    return min(1.0, max(0.0, (ratio - floor) / (1.0 - floor)))


def _oriented_similarity(q: _Name, c: _Name) -> float:
    family = _sharp(_family_similarity(q, c), 0.4)
    given = _given_similarity(q, c)
    if given is None:
        return 0.9 * family  # no first name to compare: never a full match
    return 0.55 * family + 0.45 * _sharp(given, 0.5)


def name_similarity(q: _Name, q_inverted: _Name, c: _Name) -> float:
    """Similarity of two names in [0, 1], the claimant's read both ways round."""
    return max(_oriented_similarity(q, c), _oriented_similarity(q_inverted, c))


def street_similarity(q: _Street | None, c: _Street | None) -> float | None:
    """None when either street is unknown."""
    if q is None or c is None:
        return None
    similarity = fuzz.token_set_ratio(q.words, c.words) / 100.0
    if q.number and c.number and q.number != c.number:
        similarity *= 0.6  # the same street, another house
    return similarity


# --- the index ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    """What the name tier compares of a client, folded once at build time."""

    name: _Name
    street: _Street | None
    postal_code: str | None
    civilite: str | None

    def flat(self) -> tuple[object, ...]:
        """As a plain tuple: 100 000 of them pickle several times faster than dataclasses."""
        street = self.street
        return (*self.name.__dict__.values(), street.number if street else None,
                street.words if street else None, self.postal_code, self.civilite)  # fmt: skip

    @classmethod
    def unflat(cls, flat: tuple[object, ...]) -> _Person:
        family, core, tokens, given, given_tokens, number, words, code, civilite = flat
        return cls(
            _Name(family, core, tokens, given, given_tokens),  # type: ignore[arg-type]
            _Street(number, words) if words else None,  # type: ignore[arg-type]
            code,  # type: ignore[arg-type]
            civilite,  # type: ignore[arg-type]
        )


_STREET_WORDS = 6  # position of the street's words in _Person.flat()


@dataclass
class _Bucket:
    """The clients of one postal code: family-name keys and their owners, side by side."""

    keys: list[str] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Signal:
    client_id: str
    score: float
    method: str
    reason: str
    subject: str = ""  # for a conflict: "le contrat AX-2023-004512"
    contract: Contract | None = None
    claim: Claim | None = None
    linkable: bool = True  # a name-tier signal strong enough to link an item on its own
    weak: str = ""  # French: why a name-tier signal that would link is only a candidate


class ClientIndex:
    """Look-ups into one client register, built once per worker (picklable)."""

    def __init__(self, register: ClientRegister) -> None:
        self.register = register
        self._ids: list[str] = []
        self._ordinal: dict[str, int] = {}
        self._people: list[tuple[object, ...]] = []  # _Person.flat(), by ordinal
        self._by_postal_code: dict[str, _Bucket] = {}
        self._by_family: dict[str, list[int]] = {}
        self._by_email: dict[str, list[str]] = {}
        self._by_phone: dict[str, list[str]] = {}
        self.gazetteer = Gazetteer(register)

    @classmethod
    def build(cls, register: ClientRegister) -> ClientIndex:
        index = cls(register)
        for client in register.clients.values():
            index._add_client(client)
        index.gazetteer = Gazetteer.build(register)
        return index

    def _add_client(self, client: Client) -> None:
        ordinal = len(self._ids)
        self._ids.append(client.client_id)
        self._ordinal[client.client_id] = ordinal
        person = _person(client)
        self._people.append(person.flat())
        keys = _family_keys(person.name)
        for key in keys:
            self._by_family.setdefault(key, []).append(ordinal)
        if person.postal_code:
            bucket = self._by_postal_code.setdefault(person.postal_code, _Bucket())
            for key in keys:
                if not key.startswith("~"):
                    bucket.keys.append(key)
                    bucket.owners.append(ordinal)
        if client.email:
            self._by_email.setdefault(email_key(client.email), []).append(client.client_id)
        for phone in client.telephones:
            found = phone_key(phone)
            if found:
                self._by_phone.setdefault(found, []).append(client.client_id)

    # --- linking

    def link(self, claimant: Claimant | None, references: References, text: str = "") -> Link:
        """The register's client for an item's claimant and numbers, with the reason.

        `references` are the numbers read after a label; `text`, the document, is looked up
        in the register's gazetteer for the numbers it holds written without a label, or
        that the label-anchored reading cut short (`51 740` of `51 740⏎424 G`).
        """
        refs = self._references(references, self.gazetteer.scan(text) if text else [])
        signals: dict[_Tier, list[_Signal]] = {
            _Tier.CLAIM: refs.claim_signals,
            _Tier.CONTRACT: refs.contract_signals,
            _Tier.EMAIL: self._email_signals(claimant),
            _Tier.PHONE: self._phone_signals(claimant),
            _Tier.NAME: self._name_signals(claimant),
        }
        best = {t: _best_per_client(s) for t, s in signals.items()}
        candidates = _candidates(best)
        decided = self._decide(best, claimant)
        unknown = tuple(refs.unknown)
        if decided is None:
            weak = _weak_candidates(best[_Tier.NAME])
            if weak:
                return Link(None, None, None, refs.rewritten, unknown, False, weak,
                            _with_unknown(_weak_reason(best[_Tier.NAME], weak), unknown),
                            weak_name=True)  # fmt: skip
            reason = "aucun client du registre ne correspond"
            near = sorted(best[_Tier.NAME])[:MAX_CANDIDATES]
            if near:
                reason += f" (même nom, sans code postal ni adresse concordants : {', '.join(near)})"
            return Link(None, None, None, refs.rewritten, unknown, False, candidates,
                        _with_unknown(reason, unknown))  # fmt: skip
        winner = decided.winner
        if winner is None:  # ambiguous: the clients in question
            reason = _ambiguity_reason(decided.tied)
            return Link(None, None, None, refs.rewritten, unknown, True, candidates,
                        _with_unknown(reason, unknown))  # fmt: skip
        conflicts = _conflicts(best, winner.client_id, decided.tier)
        reason = winner.reason
        if decided.tie_break:
            reason += f" ({decided.tie_break})"
        if conflicts:
            reason += " ; conflit : " + ", ".join(conflicts)
        claim = _own(refs.claims, winner.client_id)
        contract = _own(refs.contracts, winner.client_id)
        if contract is None and claim is not None and claim.numero_contrat:
            contract = self.register.contract(claim.numero_contrat)
        match = Match(winner.client_id, str(winner.method), round(winner.score, 3), reason)
        return Link(match, contract, claim, refs.rewritten, unknown, False, candidates,
                    _with_unknown(reason, unknown), conflict=bool(conflicts))  # fmt: skip

    def _decide(
        self, best: dict[_Tier, dict[str, _Signal]], claimant: Claimant | None
    ) -> _Decision | None:
        """The winner or the tied clients; None when no client is named."""
        for position, tier in enumerate(_TIERS):
            ranked = sorted(best[tier].values(), key=lambda s: -s.score)
            if tier is _Tier.NAME:
                ranked = [s for s in ranked if not s.weak]  # a name agreeing in part never links
                if not ranked or not _links(ranked[0]):
                    return None
            if not ranked:
                continue
            top = ranked[0]
            tied = [s for s in ranked if top.score - s.score < MARGIN]
            if len(tied) == 1:
                return _Decision(top, tier)
            broken = self._break_tie(tied, _TIERS[position + 1 :], best, claimant)
            if broken is not None:
                return _Decision(broken[0], tier, broken[1])
            return _Decision(None, tier, tied=tuple(s.client_id for s in tied))
        return None

    def _break_tie(
        self,
        tied: list[_Signal],
        weaker: Sequence[_Tier],
        best: dict[_Tier, dict[str, _Signal]],
        claimant: Claimant | None,
    ) -> tuple[_Signal, str] | None:
        """The tied signal a weaker tier singles out, and how it did."""
        for tier in weaker:
            if tier is _Tier.NAME:
                scores = {s.client_id: self._name_score(claimant, s.client_id) for s in tied}
            else:
                scores = {s.client_id: best[tier][s.client_id].score
                          for s in tied if s.client_id in best[tier]}  # fmt: skip
            if not scores:
                continue
            order = sorted(scores.items(), key=lambda kv: -kv[1])
            runner_up = order[1][1] if len(order) > 1 else 0.0
            if order[0][1] > 0 and order[0][1] - runner_up >= MARGIN:
                chosen = next(s for s in tied if s.client_id == order[0][0])
                others = ", ".join(s.client_id for s in tied if s is not chosen)
                how = "par le nom" if tier is _Tier.NAME else f"par {_TIER_SUBJECT[tier]}"
                return chosen, f"aussi {others}, départagé {how}"
        return None

    # --- signals

    def _references(self, references: References, in_text: Sequence[Hit] = ()) -> _References:
        """The register entries of the item's numbers: those read after a label, then the
        register numbers found in the text. A label-read number the register lacks that is
        part of one found in the text, or holds one, was that number read short or run on
        into the next words: it is dropped."""
        out = _References()
        seen: set[str] = set()
        written_in_text = [number_key(h.written) for h in in_text]
        for number, said_claim in [
            *((n, True) for n in references.sinistres),
            *((n, False) for n in references.contrats),
        ]:
            key = reference_key(number)
            if not key or key in seen:
                continue
            seen.add(key)
            found = self.gazetteer.lookup(number, claim_first=said_claim)
            if not found:
                ocr = number_key(number)
                if any(ocr in written or written in ocr for written in written_in_text):
                    continue  # the register's number, read short or run on by the label
                out.unknown.append(number)
                (out.claims_as_written if said_claim else out.contracts_as_written).append(number)
                continue
            for hit in found:
                out.add(hit)
        for hit in in_text:
            out.add(hit)
        return out

    def _email_signals(self, claimant: Claimant | None) -> list[_Signal]:
        if claimant is None or not claimant.email:
            return []
        owners = self._by_email.get(email_key(claimant.email), [])
        return [_Signal(c, EMAIL_SCORE, Method.EMAIL, "e-mail du client") for c in owners]

    def _phone_signals(self, claimant: Claimant | None) -> list[_Signal]:
        if claimant is None:
            return []
        out = []
        for raw in claimant.telephones:
            phone = phone_key(raw)
            for client_id in self._by_phone.get(phone or "", []):
                out.append(_Signal(client_id, PHONE_SCORE, Method.PHONE, "téléphone du client"))
        return out

    def _name_signals(self, claimant: Claimant | None) -> list[_Signal]:
        if claimant is None or not (claimant.nom or claimant.prenom):
            return []
        query = _Query.of(claimant)
        ordinals: set[int] = set()
        bucket = self._by_postal_code.get(query.postal_code or "")
        if bucket is not None and bucket.keys:
            words = [w for w in {query.name.family, query.name.family_core,
                                 *query.name.family_tokens, query.inverted.family} if w]  # fmt: skip
            if words:
                matrix = process.cdist(
                    words, bucket.keys, scorer=fuzz.ratio, score_cutoff=FAMILY_CUTOFF,
                    dtype=np.uint8, workers=1,
                )  # fmt: skip
                for column in np.nonzero(matrix.max(axis=0))[0]:
                    ordinals.add(bucket.owners[int(column)])
        if query.street is not None:
            # elsewhere than the postal code: the same family name (or its sound) and street
            named: set[int] = set()
            for key in _family_keys(query.name) | _family_keys(query.inverted):
                named.update(self._by_family.get(key, ()))
            named -= ordinals
            if named:
                pool = sorted(named)
                streets = [str(self._people[i][_STREET_WORDS] or "") for i in pool]
                for _, _score, position in process.extract(
                    query.street.words, streets, scorer=fuzz.token_set_ratio,
                    score_cutoff=STREET_AGREES * 100, limit=None,
                ):  # fmt: skip
                    ordinals.add(pool[position])
        return [self._name_signal(query, i) for i in ordinals]

    def _name_signal(self, query: _Query, ordinal: int) -> _Signal:
        person = _Person.unflat(self._people[ordinal])
        client_id = self._ids[ordinal]
        similarity = name_similarity(query.name, query.inverted, person.name)
        if query.civilite and person.civilite and query.civilite != person.civilite:
            similarity -= 0.05
        same_code = bool(query.postal_code) and query.postal_code == person.postal_code
        street = street_similarity(query.street, person.street)
        score = 0.55 * similarity
        if same_code:
            score += 0.25
        if street is not None:
            if street >= STREET_AGREES:
                score += (0.08 if same_code else 0.2) * street
            elif street < STREET_DIFFERS:
                score -= 0.1
        score = max(0.0, min(score, 0.88))
        street_agrees = street is not None and street >= STREET_AGREES
        method = Method.NAME_ADDRESS if street_agrees else Method.NAME_POSTAL_CODE
        client = self.register.clients[client_id]
        shown = " ".join(x for x in (client.nom, client.prenom) if x)
        if street_agrees:
            what = "nom et adresse du client" if same_code else "nom et rue du client"
        elif same_code:
            what = "nom et code postal du client"
        else:
            what = "nom seul du client"
        detail = f"{shown}, {client.code_postal}" if same_code else shown
        strong_enough = (
            similarity >= NAME_SIMILARITY_MIN
            and (same_code or street_agrees)
            and score >= NAME_ACCEPT
        )
        weak = _weak_name(query, person.name, client) if strong_enough else ""
        return _Signal(client_id, score, method, f"{what} ({detail})",
                       linkable=strong_enough and not weak, weak=weak)  # fmt: skip

    def _name_score(self, claimant: Claimant | None, client_id: str) -> float:
        """The name-tier score of one given client, 0 when the claimant names no one."""
        if claimant is None or not (claimant.nom or claimant.prenom):
            return 0.0
        ordinal = self._ordinal.get(client_id)
        if ordinal is None:
            return 0.0
        return self._name_signal(_Query.of(claimant), ordinal).score


# --- helpers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Query:
    name: _Name
    inverted: _Name  # the claimant's given name read as the family name
    postal_code: str | None
    street: _Street | None
    civilite: str | None
    nom: str = ""  # as the item writes them, for a reason
    prenom: str = ""

    @classmethod
    def of(cls, claimant: Claimant) -> _Query:
        return cls(
            name=_name(claimant.nom, claimant.prenom),
            inverted=_name(claimant.prenom, claimant.nom),
            postal_code=postal_code_of(claimant.code_postal),
            street=_street(claimant.adresse),
            civilite=_civilite(claimant.civilite),
            nom=claimant.nom or "",
            prenom=claimant.prenom or "",
        )


def _civilite(raw: str | None) -> str | None:
    folded = fold(raw or "")
    if folded in ("m", "mr", "monsieur"):
        return "M."
    if folded in ("mme", "madame", "mlle", "mademoiselle"):
        return "Mme"
    return None


def _person(client: Client) -> _Person:
    return _Person(
        name=_name(client.nom, client.prenom),
        street=_street(client.adresse),
        postal_code=client.code_postal,
        civilite=client.civilite.value if client.civilite else None,
    )


@dataclass(frozen=True)
class _Decision:
    winner: _Signal | None  # None: ambiguous
    tier: _Tier
    tie_break: str = ""  # how a weaker signal told tied clients apart
    tied: tuple[str, ...] = ()  # when ambiguous: the clients about equally likely


@dataclass
class _References:
    claims: list[Claim] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    claim_signals: list[_Signal] = field(default_factory=list)
    contract_signals: list[_Signal] = field(default_factory=list)
    claims_as_written: list[str] = field(default_factory=list)  # register spelling when known
    contracts_as_written: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def rewritten(self) -> References:
        return References(tuple(self.contracts_as_written), tuple(self.claims_as_written))

    def add(self, hit: Hit) -> None:
        """A register number found for the item (once per number)."""
        item = hit.item
        if isinstance(item, Claim):
            if item in self.claims:
                return
            self.claims.append(item)
            self.claim_signals.append(_reference_signal(item, hit))
            _append_once(self.claims_as_written, item.numero_sinistre)
        else:
            if item in self.contracts:
                return
            self.contracts.append(item)
            self.contract_signals.append(_reference_signal(item, hit))
            _append_once(self.contracts_as_written, item.numero_contrat)


def _append_once(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def _reference_signal(item: Claim | Contract, hit: Hit) -> _Signal:
    if isinstance(item, Claim):
        kind, number, method = "sinistre", item.numero_sinistre, Method.CLAIM
    else:
        kind, number, method = "contrat", item.numero_contrat, Method.CONTRACT
    reason = f"{kind} {number} du registre"
    exact = hit.how is How.EXACT
    if hit.in_text:
        reason += f" (trouvé dans le texte : « {hit.written} »)"
    elif not exact:
        reason += f" (lu « {hit.written} »)"
    score = EXACT_REFERENCE if exact else OCR_REFERENCE
    return _Signal(item.client_id, score, method, reason, subject=f"le {kind} {number}",
                   contract=item if isinstance(item, Contract) else None,
                   claim=item if isinstance(item, Claim) else None)  # fmt: skip


def _links(signal: _Signal) -> bool:
    return signal.linkable


# --- weak name matches: a candidate for review, never a link -------------------------------

GIVEN_OCR = 0.8  # given-name ratio from which two given names are one, read with OCR errors


FAMILY_OCR = 0.8  # family-name ratio from which a name of the same length is one misread


def _same_family(q: _Name, c: _Name) -> bool:
    """The whole family name, particles and compound parts included ("Roux" is not "Le Roux",
    "Rocher" is not "Rocher-Perrin"); its letters may differ by OCR errors, which the
    similarity weighs, a particle's too ("Lc Goff": as long as "Le Goff", and close)."""
    if q.family == c.family:
        return True
    particles_agree = (q.family != q.family_core) == (c.family != c.family_core)
    if particles_agree and len(q.family_tokens) == len(c.family_tokens):
        return True
    return abs(len(q.family) - len(c.family)) <= 1 and _ratio(q.family, c.family) >= FAMILY_OCR


def _same_given(q: _Name, c: _Name) -> bool:
    """The same given name, but for OCR errors, hyphens and spaces: not an initial, not one part
    of a compound given name ("Sophie" is not "Anne-Sophie")."""
    if q.given == c.given:
        return True
    if min(len(q.given), len(c.given)) <= 1 or len(q.given_tokens) != len(c.given_tokens):
        return False
    return _ratio(q.given, c.given) >= GIVEN_OCR


def _weak_name(query: _Query, c: _Name, client: Client) -> str:
    """Why the claimant's name agrees with a client's only in part, in French ("" when it
    agrees whole): a family name without its particle or compound part, no given name on
    either side, or another given name. The claimant's name is read the way round that is
    closer (inverted names)."""
    inverted = _oriented_similarity(query.inverted, c) > _oriented_similarity(query.name, c)
    q = query.inverted if inverted else query.name
    nom, prenom = (query.prenom, query.nom) if inverted else (query.nom, query.prenom)
    why = []
    if not _same_family(q, c):
        why.append(f"nom « {nom} » pour « {client.nom} »")
    if not q.given:
        why.append("sans prénom dans le courrier")
    elif not c.given:
        why.append("sans prénom au registre")
    elif not _same_given(q, c):
        why.append(f"prénom « {prenom} » pour « {client.prenom} »")
    return ", ".join(why)


def _weak_candidates(by_client: dict[str, _Signal]) -> tuple[tuple[str, float], ...]:
    """The clients whose name agrees in part, best first, when no other name links."""
    if any(s.linkable for s in by_client.values()):
        return ()
    weak = sorted((s for s in by_client.values() if s.weak), key=lambda s: (-s.score, s.client_id))
    return tuple((s.client_id, round(s.score, 3)) for s in weak[:MAX_CANDIDATES])


def _weak_reason(by_client: dict[str, _Signal], weak: Sequence[tuple[str, float]]) -> str:
    """The review reason, in French: "nom proche d'un client, sans certitude — C003339 : nom
    et code postal du client (Le Goff Anne-Sophie, 30000), nom « Goff » pour « Le Goff »,
    prénom « Sophie » pour « Anne-Sophie » ; rattachement à confirmer"."""
    said = " ; ".join(f"{c} : {by_client[c].reason}, {by_client[c].weak}" for c, _ in weak)
    return f"nom proche d'un client, sans certitude — {said} ; rattachement à confirmer"


def _best_per_client(signals: Iterable[_Signal]) -> dict[str, _Signal]:
    out: dict[str, _Signal] = {}
    for s in signals:
        known = out.get(s.client_id)
        if known is None or s.score > known.score:
            out[s.client_id] = s
    return out


def _candidates(best: dict[_Tier, dict[str, _Signal]]) -> tuple[tuple[str, float], ...]:
    scores: dict[str, float] = {}
    for by_client in best.values():
        for client_id, s in by_client.items():
            scores[client_id] = max(scores.get(client_id, 0.0), s.score)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple((c, round(s, 3)) for c, s in ranked[:MAX_CANDIDATES])


def _conflicts(best: dict[_Tier, dict[str, _Signal]], winner: str, won_by: _Tier) -> list[str]:
    """What the other signals say against the winner: "l'e-mail désigne le client C000456"."""
    out: list[str] = []
    for tier in _TIERS:
        by_client = best[tier]
        others = [s for c, s in sorted(by_client.items()) if c != winner and _links(s)]
        if not others:
            continue
        if tier in (_Tier.CLAIM, _Tier.CONTRACT):
            # each number of another client is a conflict, even beside one of the winner's
            out.extend(f"{s.subject} désigne le client {s.client_id}" for s in others)
        elif tier is _Tier.NAME:
            own = by_client.get(winner)
            top = max(others, key=lambda s: s.score)
            if own is None or top.score - own.score >= MARGIN:
                said = "l'adresse" if top.method == Method.NAME_ADDRESS else "le code postal"
                out.append(f"le nom et {said} désignent le client {top.client_id}")
        elif winner not in by_client and tier is not won_by:
            clients = " ou ".join(s.client_id for s in others[:3])
            out.append(f"{_TIER_SUBJECT[tier]} désigne le client {clients}")
    return out


def _own(items: Sequence[_Entry], client_id: str) -> _Entry | None:
    return next((i for i in items if i.client_id == client_id), None)


def _ambiguity_reason(client_ids: Sequence[str]) -> str:
    ids = list(client_ids)
    if len(ids) == 2:
        return f"deux clients possibles : {ids[0]} et {ids[1]}"
    shown = ", ".join(ids[:MAX_CANDIDATES]) + ("…" if len(ids) > MAX_CANDIDATES else "")
    return f"{len(ids)} clients possibles : {shown}"


def _with_unknown(reason: str, unknown: Sequence[str]) -> str:
    if not unknown:
        return reason
    return f"{reason} ; absent du registre : {', '.join(unknown)}"


# --- the stage ------------------------------------------------------------------------------


def link_item(item: Item, index: ClientIndex) -> Item:
    """The match stage: the claimant and references read from the item, against the register."""
    if item.findings is None:
        return item
    text = item.extracted.text if item.extracted is not None else ""
    if item.extracted is not None and item.extracted.email is not None:
        text = f"{item.extracted.email.subject}\n{text}"
    link = index.link(item.findings.claimant, item.findings.references, text)
    found = link.match
    part = Match(
        client_id=found.client_id if found else None,
        method=found.method if found else None,
        score=found.score if found else 0.0,
        reason=link.reason,
        contract=link.contract.numero_contrat if link.contract else None,
        claim=link.claim.numero_sinistre if link.claim else None,
        references=link.references,
        unknown_references=link.unknown_references,
        ambiguous=link.ambiguous,
        candidates=(tuple(client for client, _ in link.candidates)
                    if link.ambiguous or link.weak_name else ()),
        conflict=link.conflict,
        weak_name=link.weak_name,
    )
    return replace(item, match=part)
