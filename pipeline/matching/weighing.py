"""Weighing the match stage's signals: the client an item links to, or why none.

The signals of an item (`pipeline.matching.signals`) are weighed in the order of rules.md
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
is a conflict: the stronger signal is kept and the conflict is said in the reason. Clients
whose name agrees only in part (`weak_name`) are the candidates of an item no name links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pipeline.client_register import ClientRegister, Contract, RegisteredClaim
from pipeline.matching.signals import TIERS, FoundReferences, Method, Signal, Tier
from pipeline.record import Match, References

MARGIN = 0.1  # a winner's lead over the runner-up
MAX_CANDIDATES = 5

_Registered = TypeVar("_Registered", RegisteredClaim, Contract)

# How a tier is named in a conflict: "conflit : l'e-mail désigne le client C000456".
_TIER_SUBJECT = {
    Tier.CLAIM: "le sinistre",
    Tier.CONTRACT: "le contrat",
    Tier.EMAIL: "l'e-mail",
    Tier.PHONE: "le téléphone",
    Tier.NAME: "le nom",
}


@dataclass(frozen=True)
class Link:
    """What the register says about an item: its client, contract and claim, and why."""

    match: Match | None  # None when no client, or two about equally likely
    contract: Contract | None  # the referenced contract (or the referenced claim's), if any
    claim: RegisteredClaim | None  # the referenced claim
    references: References  # the item's numbers, in the register's spelling where known
    unknown_references: tuple[str, ...]  # numbers of the item the register does not hold
    ambiguous: bool  # two candidates about equally likely: no match, the item goes to review
    candidates: tuple[tuple[str, float], ...]  # (client_id, score), best first, for review
    reason: str  # French
    conflict: bool = False  # a weaker signal names another client (said in `reason`)
    weak_name: bool = False  # only a name agreeing in part: no match, the candidates to review


@dataclass(frozen=True)
class _Decision:
    winner: Signal | None  # None: ambiguous
    tier: Tier
    tie_break: str = ""  # how a weaker signal told tied clients apart
    tied: tuple[str, ...] = ()  # when ambiguous: the clients about equally likely


def weigh(
    signals: dict[Tier, list[Signal]],
    refs: FoundReferences,
    name_score: Callable[[str], float],
    register: ClientRegister,
) -> Link:
    """The link the signals make, tier by tier, strongest first; `name_score(client_id)`
    is the claimant's name-tier score for one client, for breaking a tie."""
    best = {t: _best_per_client(s) for t, s in signals.items()}
    candidates = _candidates(best)
    decided = _decide(best, name_score)
    unknown = tuple(refs.unknown)
    if decided is None:
        weak = _weak_candidates(best[Tier.NAME])
        if weak:
            return Link(None, None, None, refs.rewritten, unknown, False, weak,
                        _with_unknown(_weak_reason(best[Tier.NAME], weak), unknown),
                        weak_name=True)  # fmt: skip
        reason = "aucun client du registre ne correspond"
        near = sorted(best[Tier.NAME])[:MAX_CANDIDATES]
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
        contract = register.contract(claim.numero_contrat)
    match = Match(winner.client_id, str(winner.method), round(winner.score, 3), reason)
    return Link(match, contract, claim, refs.rewritten, unknown, False, candidates,
                _with_unknown(reason, unknown), conflict=bool(conflicts))  # fmt: skip


def _decide(
    best: dict[Tier, dict[str, Signal]], name_score: Callable[[str], float]
) -> _Decision | None:
    """The winner or the tied clients; None when no client is named."""
    for position, tier in enumerate(TIERS):
        ranked = sorted(best[tier].values(), key=lambda s: -s.score)
        if tier is Tier.NAME:
            ranked = [s for s in ranked if not s.weak]  # a name agreeing in part never links
            if not ranked or not _links(ranked[0]):
                return None
        if not ranked:
            continue
        top = ranked[0]
        tied = [s for s in ranked if top.score - s.score < MARGIN]
        if len(tied) == 1:
            return _Decision(top, tier)
        broken = _break_tie(tied, TIERS[position + 1 :], best, name_score)
        if broken is not None:
            return _Decision(broken[0], tier, broken[1])
        return _Decision(None, tier, tied=tuple(s.client_id for s in tied))
    return None


def _break_tie(
    tied: list[Signal],
    weaker: Sequence[Tier],
    best: dict[Tier, dict[str, Signal]],
    name_score: Callable[[str], float],
) -> tuple[Signal, str] | None:
    """The tied signal a weaker tier singles out, and how it did."""
    for tier in weaker:
        if tier is Tier.NAME:
            scores = {s.client_id: name_score(s.client_id) for s in tied}
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
            how = "par le nom" if tier is Tier.NAME else f"par {_TIER_SUBJECT[tier]}"
            return chosen, f"aussi {others}, départagé {how}"
    return None


def _links(signal: Signal) -> bool:
    return signal.linkable


def _weak_candidates(by_client: dict[str, Signal]) -> tuple[tuple[str, float], ...]:
    """The clients whose name agrees in part, best first, when no other name links."""
    if any(s.linkable for s in by_client.values()):
        return ()
    weak = sorted((s for s in by_client.values() if s.weak), key=lambda s: (-s.score, s.client_id))
    return tuple((s.client_id, round(s.score, 3)) for s in weak[:MAX_CANDIDATES])


def _weak_reason(by_client: dict[str, Signal], weak: Sequence[tuple[str, float]]) -> str:
    """The review reason, in French: "nom proche d'un client, sans certitude — C003339 : nom
    et code postal du client (Le Goff Anne-Sophie, 30000), nom « Goff » pour « Le Goff »,
    prénom « Sophie » pour « Anne-Sophie » ; rattachement à confirmer"."""
    said = " ; ".join(f"{c} : {by_client[c].reason}, {by_client[c].weak}" for c, _ in weak)
    return f"nom proche d'un client, sans certitude — {said} ; rattachement à confirmer"


def _best_per_client(signals: Iterable[Signal]) -> dict[str, Signal]:
    out: dict[str, Signal] = {}
    for s in signals:
        known = out.get(s.client_id)
        if known is None or s.score > known.score:
            out[s.client_id] = s
    return out


def _candidates(best: dict[Tier, dict[str, Signal]]) -> tuple[tuple[str, float], ...]:
    scores: dict[str, float] = {}
    for by_client in best.values():
        for client_id, s in by_client.items():
            scores[client_id] = max(scores.get(client_id, 0.0), s.score)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple((c, round(s, 3)) for c, s in ranked[:MAX_CANDIDATES])


def _conflicts(best: dict[Tier, dict[str, Signal]], winner: str, won_by: Tier) -> list[str]:
    """What the other signals say against the winner: "l'e-mail désigne le client C000456"."""
    out: list[str] = []
    for tier in TIERS:
        by_client = best[tier]
        others = [s for c, s in sorted(by_client.items()) if c != winner and _links(s)]
        if not others:
            continue
        if tier in (Tier.CLAIM, Tier.CONTRACT):
            # each number of another client is a conflict, even beside one of the winner's
            out.extend(f"{s.subject} désigne le client {s.client_id}" for s in others)
        elif tier is Tier.NAME:
            own = by_client.get(winner)
            top = max(others, key=lambda s: s.score)
            if own is None or top.score - own.score >= MARGIN:
                said = "l'adresse" if top.method == Method.NAME_ADDRESS else "le code postal"
                out.append(f"le nom et {said} désignent le client {top.client_id}")
        elif winner not in by_client and tier is not won_by:
            clients = " ou ".join(s.client_id for s in others[:3])
            out.append(f"{_TIER_SUBJECT[tier]} désigne le client {clients}")
    return out


def _own(items: Sequence[_Registered], client_id: str) -> _Registered | None:
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

