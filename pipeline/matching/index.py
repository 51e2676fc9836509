"""Look-ups into the client register, built once per worker, and an item's signals.

`ClientIndex.build(register)` prepares, once per worker, every look-up the stage needs, so
that linking an item is a handful of dict accesses and one vectorised fuzzy comparison
within a postal code, never a scan of the register. The index is picklable.

`ClientIndex.link(claimant, references, text)` gathers the item's signals, tier by tier,
and has them weighed (`pipeline.matching.weighing`). Name candidates come from the
claimant's postal code (every client there, by a vectorised comparison of family names,
which tolerates OCR errors) and from exact or phonetic family-name keys (for a street that
agrees when the postal code does not).

References are looked up in the register's numbers (`pipeline.matching.register_numbers`): by
`reference_key`, then by an OCR key where the usual confusions (`O`/`0`, `I`/`L`/`1`,
`S`/`5`, `B`/`8`) are read as digits on both sides and every separator is ignored, then
with a closing letter dropped or added; one dict access each, whichever way the scanner
read each character (`reference_variants` of the understand stage enumerates the same
readings). The document's text is looked up too, run of words by run of words, for the
register numbers written without a label or cut short by the label-anchored reading;
those found keep the register's spelling and kind, and the words as written in the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from pipeline.client_register import Client, ClientRegister, reference_key
from pipeline.matching.keys import (
    Name,
    Query,
    Street,
    email_key,
    family_keys,
    folded_name,
    phone_key,
    street_of,
)
from pipeline.matching.register_numbers import Hit, RegisterNumbers, number_key
from pipeline.matching.signals import FoundReferences, Method, Signal, Tier
from pipeline.matching.similarity import name_similarity, street_similarity, weak_name
from pipeline.matching.weighing import Link, weigh
from pipeline.record import Claimant, References

EMAIL_SCORE = 0.95
PHONE_SCORE = 0.9
NAME_ACCEPT = 0.6  # the least name-tier score that links an item
NAME_SIMILARITY_MIN = 0.65  # the least (stretched) name similarity that links an item
STREET_AGREES = 0.75  # street similarity from which a street is said to agree
STREET_DIFFERS = 0.5  # below it, two known streets disagree
FAMILY_CUTOFF = 70  # rapidfuzz ratio for a family name to be a candidate in a postal code


@dataclass(frozen=True)
class _Person:
    """What the name tier compares of a client, folded once at build time."""

    name: Name
    street: Street | None
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
            Name(family, core, tokens, given, given_tokens),  # type: ignore[arg-type]
            Street(number, words) if words else None,  # type: ignore[arg-type]
            code,  # type: ignore[arg-type]
            civilite,  # type: ignore[arg-type]
        )


_STREET_WORDS = 6  # position of the street's words in _Person.flat()


@dataclass
class _Bucket:
    """The clients of one postal code: family-name keys and their owners, side by side."""

    keys: list[str] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)


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
        self.numbers = RegisterNumbers(register)

    @classmethod
    def build(cls, register: ClientRegister) -> ClientIndex:
        index = cls(register)
        for client in register.clients.values():
            index._add_client(client)
        index.numbers = RegisterNumbers.build(register)
        return index

    def _add_client(self, client: Client) -> None:
        ordinal = len(self._ids)
        self._ids.append(client.client_id)
        self._ordinal[client.client_id] = ordinal
        person = _person(client)
        self._people.append(person.flat())
        keys = family_keys(person.name)
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
        refs = self._references(references, self.numbers.scan(text) if text else [])
        signals: dict[Tier, list[Signal]] = {
            Tier.CLAIM: refs.claim_signals,
            Tier.CONTRACT: refs.contract_signals,
            Tier.EMAIL: self._email_signals(claimant),
            Tier.PHONE: self._phone_signals(claimant),
            Tier.NAME: self._name_signals(claimant),
        }
        return weigh(signals, refs, lambda client_id: self._name_score(claimant, client_id),
                     self.register)  # fmt: skip

    # --- signals

    def _references(
        self, references: References, in_text: Sequence[Hit] = ()
    ) -> FoundReferences:
        """The register entries of the item's numbers: those read after a label, then the
        register numbers found in the text. A label-read number the register lacks that is
        part of one found in the text, or holds one, was that number read short or run on
        into the next words: it is dropped."""
        out = FoundReferences()
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
            found = self.numbers.lookup(number, claim_first=said_claim)
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

    def _email_signals(self, claimant: Claimant | None) -> list[Signal]:
        if claimant is None or not claimant.email:
            return []
        owners = self._by_email.get(email_key(claimant.email), [])
        return [Signal(c, EMAIL_SCORE, Method.EMAIL, "e-mail du client") for c in owners]

    def _phone_signals(self, claimant: Claimant | None) -> list[Signal]:
        if claimant is None:
            return []
        out = []
        for raw in claimant.telephones:
            phone = phone_key(raw)
            for client_id in self._by_phone.get(phone or "", []):
                out.append(Signal(client_id, PHONE_SCORE, Method.PHONE, "téléphone du client"))
        return out

    def _name_signals(self, claimant: Claimant | None) -> list[Signal]:
        if claimant is None or not (claimant.nom or claimant.prenom):
            return []
        query = Query.of(claimant)
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
            for key in family_keys(query.name) | family_keys(query.inverted):
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

    def _name_signal(self, query: Query, ordinal: int) -> Signal:
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
        weak = weak_name(query, person.name, client) if strong_enough else ""
        return Signal(client_id, score, method, f"{what} ({detail})",
                       linkable=strong_enough and not weak, weak=weak)  # fmt: skip

    def _name_score(self, claimant: Claimant | None, client_id: str) -> float:
        """The name-tier score of one given client, 0 when the claimant names no one."""
        if claimant is None or not (claimant.nom or claimant.prenom):
            return 0.0
        ordinal = self._ordinal.get(client_id)
        if ordinal is None:
            return 0.0
        return self._name_signal(Query.of(claimant), ordinal).score


def _person(client: Client) -> _Person:
    return _Person(
        name=folded_name(client.nom, client.prenom),
        street=street_of(client.adresse),
        postal_code=client.code_postal,
        civilite=client.civilite.value if client.civilite else None,
    )

