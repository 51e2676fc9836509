"""Speed of the match stage at the size of a large cabinet's client register.

    python -m tools.bench_match [--clients 100000] [--lookups 2000] [--seed 7]
    python -m tools.bench_match --clients 100000 --write HOME/config/registre

(`--write`: the same register as CSV files the product loads, for timing a start.)

`bench_link()` builds a synthetic register (French names with accents, particles and
compound names, postal codes across France, contracts and claims in several insurers'
formats), then times `ClientIndex.link` on claimants found by name and postal code (the
slowest path: no reference, no e-mail, no phone; a third with an OCR error in the family
name, a fifth with given and family names inverted) and on items carrying a contract or
claim number (half of them OCR-damaged), and on items whose only number is written in
the text without a label, spaced with OCR's dashes (the gazetteer's look-up of the text).
It returns median and p95 milliseconds per path, the build time, and how often the
expected client was found; and the same for reading's gazetteer of the register's names
(`RegisterNames`): its build, and one sender-block line ("M. NOM Prénom : street") looked up.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from pipeline.client_register import (
    Civilite,
    Client,
    ClientRegister,
    ClientStatus,
    Contract,
    RegisteredClaim,
    reference_key,
)
from pipeline.matching.index import ClientIndex
from pipeline.record import Claimant, References
from pipeline.understand.register_names import RegisterNames
from tools.synth.client_register import (
    CLAIM_HEADERS,
    CLIENT_HEADERS,
    CONTRACT_HEADERS,
    FEMALE_NAMES,
    MALE_NAMES,
    STREETS,
    SURNAMES,
    TOWNS,
)

_ONSETS = ["b", "br", "ch", "d", "f", "g", "gr", "j", "k", "l", "m", "n", "p", "r", "s", "t",
           "v", "l", "m", "tr", "bl", "c", "cl", "pl"]  # fmt: skip
_VOWELS = ["a", "e", "i", "o", "ou", "au", "é", "ai", "eu", "an", "on", "in"]
_CODAS = ["", "", "r", "l", "n", "t", "s", "x", "rd", "ll", "nd", "rt", "ch", "c", "z"]
_ENDINGS = ["", "", "et", "ot", "eau", "ier", "in", "and", "ard", "ois", "ec", "ou", "ac",
            "ian", "el", "ès", "y", "aud"]  # fmt: skip
_OCR = {"a": "e", "e": "c", "i": "l", "l": "i", "m": "rn", "n": "m", "o": "a", "u": "v",
        "r": "n", "t": "f", "h": "b"}  # fmt: skip


def _invented_surname(rng: random.Random) -> str:
    syllables = rng.choice([1, 2, 2, 3])
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(syllables))  # fmt: skip
    return (word + rng.choice(_ENDINGS)).capitalize()


def synthetic_register(clients: int, seed: int = 7) -> ClientRegister:
    """A register of `clients` clients, about two contracts each and a claim for a third."""
    rng = random.Random(seed)
    invented = sorted({_invented_surname(rng) for _ in range(max(200, clients // 20))})
    common = list(SURNAMES)
    codes = [t[0] for t in TOWNS]
    weights = [t[2] for t in TOWNS]
    spread = sorted({f"{rng.randrange(1, 96):02d}{rng.randrange(0, 100) * 10:03d}"
                     for _ in range(max(100, clients // 30))})  # fmt: skip
    registry: dict[str, Client] = {}
    contracts: dict[str, Contract] = {}
    claims: dict[str, RegisteredClaim] = {}
    for number in range(1, clients + 1):
        client_id = f"C{number:07d}"
        female = rng.random() < 0.5
        prenom = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        nom = rng.choice(common) if rng.random() < 0.5 else rng.choice(invented)
        if rng.random() < 0.06:
            nom = f"{nom}-{rng.choice(common)}"
        if rng.random() < 0.3:
            nom = nom.upper()
        code = rng.choices(codes, weights)[0] if rng.random() < 0.4 else rng.choice(spread)
        registry[client_id] = Client(
            client_id=client_id,
            statut=ClientStatus.CLIENT,
            nom=nom,
            prenom=prenom,
            civilite=Civilite.MME if female else Civilite.M,
            adresse=f"{rng.randrange(1, 180)} {rng.choice(STREETS)}",
            code_postal=code,
            ville="Ville",
            email=f"{client_id.lower()}@mail.example" if rng.random() < 0.8 else None,
            telephones=(f"+336{number:08d}",) if rng.random() < 0.85 else (),
            gestionnaire="tnguyen",
        )
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            while True:
                year = rng.randrange(2012, 2026)
                numero = rng.choice([
                    f"AX-{year}-{rng.randrange(10**6):06d}",
                    f"GN{rng.randrange(10**7, 10**8)}",
                    f"{rng.randrange(10, 99)} {rng.randrange(100, 999)} "
                    f"{rng.randrange(100, 999)} {rng.choice('ABCDEFGHJKLMNPRST')}",
                    f"MT {year} {rng.randrange(10**6, 10**7)}",
                    f"PAC {rng.randrange(10**7, 10**8)} {rng.randrange(1, 99):02d}",
                ])  # fmt: skip
                if reference_key(numero) not in contracts:
                    break
            contracts[reference_key(numero)] = Contract(numero, client_id, "AXA France")
            if rng.random() < 0.33:
                while True:
                    yy = rng.randrange(19, 26)
                    sinistre = rng.choice([
                        f"SIN-{yy}-{rng.randrange(10**5):05d}",
                        f"20{yy}/SIN/{rng.randrange(10**5, 10**6)}",
                        f"S{yy} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
                    ])  # fmt: skip
                    if reference_key(sinistre) not in claims:
                        break
                claims[reference_key(sinistre)] = RegisteredClaim(sinistre, client_id, numero)
    return ClientRegister(clients=registry, contracts=contracts, claims=claims)


def write_register(register: ClientRegister, folder: Path) -> list[Path]:
    """`register` as the three CSV files of config/registre/ (spec/register.md)."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "clients": (CLIENT_HEADERS, [
            [c.client_id, c.statut.value, c.civilite.value if c.civilite else "", c.nom,
             c.prenom or "", c.adresse or "", c.code_postal or "", c.ville or "",
             c.email or "", " / ".join(c.telephones), c.gestionnaire or ""]
            for c in register.clients.values()]),
        "contrats": (CONTRACT_HEADERS, [
            [k.numero_contrat, k.client_id, k.assureur or "", k.produit or "", ""]
            for k in register.contracts.values()]),
        "sinistres": (CLAIM_HEADERS, [
            [s.numero_sinistre, s.numero_contrat or "", s.client_id, s.assureur or "", ""]
            for s in register.claims.values()]),
    }  # fmt: skip
    written = []
    for name, (headers, rows) in tables.items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=";").writerows([headers, *rows])
        written.append(path)
    return written


def _misread(text: str, rng: random.Random) -> str:
    """One OCR error in a word: a letter read as another."""
    positions = [i for i, c in enumerate(text) if c.lower() in _OCR]
    if len(text) < 5 or not positions:
        return text
    i = rng.choice(positions[1:] or positions)
    wrong = _OCR[text[i].lower()]
    return text[:i] + (wrong.upper() if text[i].isupper() else wrong) + text[i + 1 :]


def _damaged(number: str, rng: random.Random) -> str:
    """A number with its zeros, ones, fives and eights read as letters by OCR."""
    swap = {"0": "O", "1": "I", "5": "S", "8": "B"}
    return "".join(swap[c] if c in swap and rng.random() < 0.5 else c for c in number)


def _percentiles(times: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def bench_link(clients: int = 100_000, lookups: int = 2_000, seed: int = 7) -> dict[str, float]:
    """Milliseconds per `link` (median and p95) by name + postal code and by reference."""
    rng = random.Random(seed + 1)
    started = time.perf_counter()
    register = synthetic_register(clients, seed)
    generated = time.perf_counter()
    index = ClientIndex.build(register)
    built = time.perf_counter()
    names = RegisterNames.of(register.clients.values())
    names_built = time.perf_counter()
    by_line: list[float] = []
    found_by_line = 0
    people = list(register.clients.values())
    by_name: list[float] = []
    by_reference: list[float] = []
    by_text: list[float] = []
    found_by_name = found_by_reference = found_by_text = 0
    for _ in range(lookups):
        client = rng.choice(people)
        nom, prenom = client.nom, client.prenom or ""
        if rng.random() < 0.33:
            nom = _misread(nom, rng)
        if rng.random() < 0.5:
            nom = nom.upper()
        if rng.random() < 0.2:
            nom, prenom = prenom, nom
        claimant = Claimant(nom=nom, prenom=prenom, code_postal=client.code_postal,
                            adresse=client.adresse if rng.random() < 0.5 else None)  # fmt: skip
        t0 = time.perf_counter()
        link = index.link(claimant, References())
        by_name.append((time.perf_counter() - t0) * 1000)
        found_by_name += bool(link.match and link.match.client_id == client.client_id)

        line = f"M. {client.nom.upper()} {client.prenom or ''} : {client.adresse or ''}"
        t0 = time.perf_counter()
        read = names.find(client.code_postal, line)
        by_line.append((time.perf_counter() - t0) * 1000)
        found_by_line += bool(read and read.nom and read.nom.casefold() == client.nom.casefold())

        held = register.contracts_of(client.client_id)
        numero = held[0].numero_contrat
        claims = register.claims_of(client.client_id)
        refs = References(contrats=(_damaged(numero, rng) if rng.random() < 0.5 else numero,))
        if claims and rng.random() < 0.5:
            refs = References(sinistres=(_damaged(claims[0].numero_sinistre, rng),))
        claimant = Claimant(nom=client.nom, prenom=client.prenom)
        t0 = time.perf_counter()
        link = index.link(claimant, refs)
        by_reference.append((time.perf_counter() - t0) * 1000)
        found_by_reference += bool(link.match and link.match.client_id == client.client_id)

        written = " — ".join(numero.split("-")) if rng.random() < 0.5 else numero.lower()
        text = (f"{client.prenom} {client.nom}\n{client.adresse}\nMadame, Monsieur,\nJe vous "
                f"écris au sujet de ma police {written}, dont la cotisation du 12/10/2026 a été "
                "prélevée deux fois (2 x 48,20 €). Appelez-moi au 06 12 34 56 78.\n")
        t0 = time.perf_counter()
        link = index.link(Claimant(nom=client.nom), References(), text)
        by_text.append((time.perf_counter() - t0) * 1000)
        found_by_text += bool(link.match and link.match.client_id == client.client_id)
    name_median, name_p95 = _percentiles(by_name)
    ref_median, ref_p95 = _percentiles(by_reference)
    text_median, text_p95 = _percentiles(by_text)
    line_median, line_p95 = _percentiles(by_line)
    return {
        "clients": float(len(register.clients)),
        "contracts": float(len(register.contracts)),
        "claims": float(len(register.claims)),
        "generate_s": round(generated - started, 2),
        "build_s": round(built - generated, 2),
        "name_median_ms": round(name_median, 3),
        "name_p95_ms": round(name_p95, 3),
        "reference_median_ms": round(ref_median, 3),
        "reference_p95_ms": round(ref_p95, 3),
        "name_found": round(found_by_name / lookups, 3),
        "reference_found": round(found_by_reference / lookups, 3),
        "text_median_ms": round(text_median, 3),
        "text_p95_ms": round(text_p95, 3),
        "text_found": round(found_by_text / lookups, 3),
        "names_build_s": round(names_built - built, 2),  # the register as a gazetteer of names
        "names_line_median_ms": round(line_median, 3),  # one sender-block line looked up
        "names_line_p95_ms": round(line_p95, 3),
        "names_line_found": round(found_by_line / lookups, 3),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", type=Path, metavar="DIR",
                        help="write the register as CSV files into DIR, and time nothing")
    args = parser.parse_args(argv)
    if args.write:
        for path in write_register(synthetic_register(args.clients, args.seed), args.write):
            print(path)
        return 0
    for key, value in bench_link(args.clients, args.lookups, args.seed).items():
        print(f"{key:22} {value:g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
