"""Similarity of names and streets, and the weak-name rule, for the match stage.

Names are compared folded (`pipeline.matching.keys`), by rapidfuzz similarity, family and
given names both ways round (inverted names); a ratio is stretched from a floor so that
unlike names weigh nothing (`_sharp`).

A name that agrees with a client's only in part never links (`weak_name`): a family name
without its particle or compound part ("Roux" for "Le Roux"), no given name, an initial or
another given name ("Sophie" for "Anne-Sophie"). Such clients, in the claimant's postal code
or street, are the candidates a person reviews, with the reason in French.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from pipeline.client_register import Client
from pipeline.matching.keys import Name, Query, Street


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0 if a and b else 0.0


def _family_similarity(q: Name, c: Name) -> float:
    best = max(_ratio(q.family, c.family), _ratio(q.family_core, c.family_core))
    if best < 1.0 and (q.family_tokens or c.family_tokens):
        # a compound name written in part: "Martin" for "Martin-Durand"
        qs = q.family_tokens or (q.family_core,)
        cs = c.family_tokens or (c.family_core,)
        best = max(best, 0.9 * max(_ratio(a, b) for a in qs for b in cs))
    return best


def _given_similarity(q: Name, c: Name) -> float | None:
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


def _oriented_similarity(q: Name, c: Name) -> float:
    family = _sharp(_family_similarity(q, c), 0.4)
    given = _given_similarity(q, c)
    if given is None:
        return 0.9 * family  # no first name to compare: never a full match
    return 0.55 * family + 0.45 * _sharp(given, 0.5)


def name_similarity(q: Name, q_inverted: Name, c: Name) -> float:
    """Similarity of two names in [0, 1], the claimant's read both ways round."""
    return max(_oriented_similarity(q, c), _oriented_similarity(q_inverted, c))


def street_similarity(q: Street | None, c: Street | None) -> float | None:
    """None when either street is unknown."""
    if q is None or c is None:
        return None
    similarity = fuzz.token_set_ratio(q.words, c.words) / 100.0
    if q.number and c.number and q.number != c.number:
        similarity *= 0.6  # the same street, another house
    return similarity


# --- weak name matches: a candidate for review, never a link -------------------------------

GIVEN_OCR = 0.8  # given-name ratio from which two given names are one, read with OCR errors


FAMILY_OCR = 0.8  # family-name ratio from which a name of the same length is one misread


def _same_family(q: Name, c: Name) -> bool:
    """The whole family name, particles and compound parts included ("Roux" is not "Le Roux",
    "Rocher" is not "Rocher-Perrin"); its letters may differ by OCR errors, which the
    similarity weighs, a particle's too ("Lc Goff": as long as "Le Goff", and close)."""
    if q.family == c.family:
        return True
    particles_agree = (q.family != q.family_core) == (c.family != c.family_core)
    if particles_agree and len(q.family_tokens) == len(c.family_tokens):
        return True
    return abs(len(q.family) - len(c.family)) <= 1 and _ratio(q.family, c.family) >= FAMILY_OCR


def _same_given(q: Name, c: Name) -> bool:
    """The same given name, but for OCR errors, hyphens and spaces: not an initial, not one part
    of a compound given name ("Sophie" is not "Anne-Sophie")."""
    if q.given == c.given:
        return True
    if min(len(q.given), len(c.given)) <= 1 or len(q.given_tokens) != len(c.given_tokens):
        return False
    return _ratio(q.given, c.given) >= GIVEN_OCR


def weak_name(query: Query, c: Name, client: Client) -> str:
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

