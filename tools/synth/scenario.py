"""Compose one incoming item: the letter's content and its truth.

`compose()` picks the writer (a register client, a non-client, a representative),
the addressee, the references and the wording, and returns a `Draft`: the letter
as blocks of text (rendered later as a scan, a PDF or an email) and the expected
record fields (`TruthCore`), computed by the rules of spec/rules.md.

Claimant fields in the truth are what the item states (telephones in E.164, email
lower-case), except `statut`, which comes from the register when the claimant is
linked (`mandataire` when a representative writes), else from what the item says.
"""

from __future__ import annotations

import dataclasses
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from tools.synth import wordings as W
from tools.synth.sources import (
    CABINET_ADDRESS,
    CABINET_NAME,
    Cabinet,
    Claim,
    Client,
    ClientRegister,
    Contract,
    Organisation,
)

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")

TOWNS = (("69003", "Lyon"), ("33000", "Bordeaux"), ("44000", "Nantes"), ("31000", "Toulouse"),
         ("59000", "Lille"), ("13006", "Marseille"), ("67000", "Strasbourg"), ("35000", "Rennes"),
         ("34000", "Montpellier"), ("21000", "Dijon"), ("37000", "Tours"), ("76000", "Rouen"),
         ("63000", "Clermont-Ferrand"), ("92100", "Boulogne-Billancourt"), ("78000", "Versailles"),
         ("75015", "Paris"), ("94300", "Vincennes"), ("87000", "Limoges"))

# Scenario -> weight. Every scenario appears once in the first items of a run.
SCENARIOS: dict[str, int] = {
    "reclamation": 24, "refus_assureur": 6, "hors_perimetre_destinataire": 5,
    "hors_perimetre_contrat": 4, "mediateur_destinataire": 4, "mediateur_saisine": 3,
    "menace_mediateur": 4, "copie_mediateur": 3, "mandataire": 6, "prospect": 3, "tiers": 2,
    "attestation_colere": 4, "demande": 16, "publicite": 3, "inconnu": 3,
}

# Scenarios whose letter speaks to the cabinet in the first person (any grievance fits).
SELF_CONTAINED = ("reclamation", "menace_mediateur", "copie_mediateur", "mediateur_saisine")

PRODUCTS: dict[str, dict[str, str]] = {
    "auto": {"contrat_nom": "contrat d'assurance automobile", "produit": "automobile",
             "garantie": "le vol des équipements", "sinistre": "l'accrochage survenu sur un parking"},
    "mrh": {"contrat_nom": "contrat multirisque habitation", "produit": "habitation",
            "garantie": "le bris de glace de la véranda",
            "sinistre": "le dégât des eaux survenu dans la salle de bains"},
    "sante": {"contrat_nom": "contrat de complémentaire santé", "produit": "santé",
              "garantie": "l'orthodontie adulte",
              "sinistre": "la demande de remboursement de frais dentaires"},
    "prevoyance": {"contrat_nom": "contrat de prévoyance", "produit": "prévoyance",
                   "garantie": "le mi-temps thérapeutique", "sinistre": "l'arrêt de travail en cours"},
    "rcpro": {"contrat_nom": "contrat de responsabilité civile professionnelle",
              "produit": "responsabilité civile professionnelle",
              "garantie": "les dommages immatériels",
              "sinistre": "la réclamation d'un client pour malfaçon"},
}


def product_key(produit: str) -> str:
    p = produit.lower()
    if "auto" in p or "moto" in p or "véhicule" in p:
        return "auto"
    if "sant" in p or "mutuelle" in p:
        return "sante"
    if "prév" in p or "prev" in p:
        return "prevoyance"
    if "rc" in p or "pro" in p:
        return "rcpro"
    return "mrh"


@dataclass(frozen=True)
class ClaimantTruth:
    civilite: str | None = None
    nom: str | None = None
    prenom: str | None = None
    statut: str | None = None
    adresse: str | None = None
    code_postal: str | None = None
    ville: str | None = None
    telephones: tuple[str, ...] = ()
    email: str | None = None


@dataclass(frozen=True)
class RepresentativeTruth:
    nom: str
    prenom: str
    qualite: str


@dataclass(frozen=True)
class ReferencesTruth:
    contrats: tuple[str, ...] = ()
    sinistres: tuple[str, ...] = ()


@dataclass(frozen=True)
class TruthCore:
    """The expected record fields that do not depend on how the item is rendered."""

    category: str
    scenario: str
    is_complaint: bool
    claimant: ClaimantTruth
    representative: RepresentativeTruth | None
    references: ReferencesTruth
    sent_on: str | None
    addressee: str
    mediator: bool
    misdirected: bool
    redirect_to: str | None
    client_id: str | None
    expected_owner: str
    missing_fields: tuple[str, ...]
    # the sentences a description should quote: what went wrong, and what is asked
    grievance: str | None = None
    request: str | None = None


@dataclass(frozen=True)
class Letter:
    sender: tuple[str, ...]
    recipient: tuple[str, ...]
    place_date: str | None
    subject: str
    references: tuple[str, ...]
    greeting: str
    paragraphs: tuple[str, ...]
    closing: str
    signature: tuple[str, ...]
    annexes: tuple[str, ...]
    from_name: str
    from_email: str | None
    to_header: str  # the email recipients (name <address>, ...)
    email_greeting: str
    email_closing: str


@dataclass(frozen=True)
class Draft:
    letter: Letter
    truth: TruthCore
    sent_on: date | None


# ---------------------------------------------------------------- formatting helpers


PHONE_SEPARATORS = re.compile(r"\s+(?:/|-|ou|;)\s+")


def e164_all(phones: str) -> list[str]:
    """Every number of a register cell ("06 12… / 01 45…"), in E.164."""
    return [p for p in (e164(one) for one in PHONE_SEPARATORS.split(phones)) if p]


def e164(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone.replace("(0)", ""))
    if digits.startswith("0033"):
        digits = digits[2:]
    if digits.startswith("33") and phone.strip().startswith(("+", "00")):
        national = digits[2:]
        return "+33" + national if len(national) == 9 else None
    if len(digits) == 10 and digits.startswith("0"):
        return "+33" + digits[1:]
    return None


def write_phone(rng: random.Random, number: str) -> str:
    """A French writing of an E.164 number."""
    national = "0" + number[3:]
    pairs = [national[i:i + 2] for i in range(0, 10, 2)]
    style = rng.randrange(6)
    if style == 0:
        return national
    if style == 1:
        return ".".join(pairs)
    if style == 2:
        return "+33 " + national[1] + " " + " ".join(pairs[1:])
    if style == 3:
        return "-".join(pairs)
    return " ".join(pairs)


def new_phone(rng: random.Random, mobile: bool = True) -> str:
    first = rng.choice("67") if mobile else rng.choice("12345")
    return "+33" + first + "".join(str(rng.randrange(10)) for _ in range(8))


def day_text(d: date, year: bool = True) -> str:
    num = "1er" if d.day == 1 else str(d.day)
    return f"{num} {MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")


def date_line(rng: random.Random, town: str, d: date, receipt: date) -> str:
    style = rng.randrange(10)
    if style == 0:
        return f"{town}, le {d:%d/%m/%Y}"
    if style == 1:
        return f"Le {day_text(d)}"
    if style == 2:
        return f"Fait à {town}, le {day_text(d)}"
    if style == 3:
        return f"{town} le {d:%d.%m.%Y}"
    if style == 4 and d.year == receipt.year:
        return f"{town}, le {day_text(d, year=False)}"
    return f"{town}, le {day_text(d)}"


def money(rng: random.Random, low: int, high: int) -> str:
    value = rng.randint(low, high)
    whole = f"{value:,}".replace(",", " ")
    if rng.random() < 0.3:
        return f"{whole},{rng.randrange(100):02d} €"
    return f"{whole} €" if rng.random() < 0.8 else f"{whole} euros"


def ref_variant(rng: random.Random, ref: str) -> str:
    """How a letter writes a register reference (mostly as printed)."""
    r = rng.random()
    if r < 0.1:
        return ref.replace(" ", "")
    if r < 0.15:
        return ref.replace("-", " ")
    return ref


NUMBERS_FR = ("deux", "trois", "cinq", "six", "huit", "dix", "douze", "quinze")


# ---------------------------------------------------------------- people


@dataclass
class Writer:
    civilite: str
    prenom: str
    nom: str
    adresse: str | None
    code_postal: str | None
    ville: str
    phones: list[str] = field(default_factory=list)  # E.164
    email: str | None = None
    client: Client | None = None
    feminine: bool = False


def slug(text: str) -> str:
    table = str.maketrans("àâäéèêëîïôöùûüçÀÂÉÈÊÎÔÛÇ", "aaaeeeeiioouuucAAEEEIOUC")
    return re.sub(r"[^a-z]", "", text.translate(table).lower())


def writer_from_client(rng: random.Random, client: Client) -> Writer:
    phones = e164_all(client.telephone)
    if not phones and rng.random() < 0.3:
        phones = [new_phone(rng)]
    civ = client.civilite or rng.choice(("M.", "Mme"))
    # People write their own name in mixed case even when the CRM exports it in capitals.
    nom = client.nom.title() if client.nom.isupper() and rng.random() < 0.7 else client.nom
    return Writer(civ, client.prenom, nom, client.adresse, client.code_postal,
                  client.ville or "Paris", phones, client.email.lower() or None, client,
                  civ.startswith("Mme"))


def writer_from_person(rng: random.Random, ws: W.WordingSet, person: W.Person) -> Writer:
    civ, prenom, nom = person
    cp, town = rng.choice(TOWNS)
    email = None
    if rng.random() < 0.6:
        email = f"{slug(prenom)}.{slug(nom)}@{rng.choice(('orange.fr', 'free.fr', 'gmail.com', 'laposte.net'))}"
    return Writer(civ, prenom, nom, rng.choice(ws.streets), cp, town, [new_phone(rng)], email, None,
                  civ == "Mme")


def completed_truth(claimant: ClaimantTruth, client: Client) -> ClaimantTruth:
    """spec/record.md: the claimant the item states, completed from the linked register
    entry where the item says nothing (phones: the item's and the register's); the postal
    address as one whole."""
    take_address = not (claimant.adresse or claimant.code_postal or claimant.ville)
    return dataclasses.replace(
        claimant,
        civilite=claimant.civilite or client.civilite or None,
        prenom=claimant.prenom or client.prenom or None,
        adresse=claimant.adresse or (client.adresse if take_address else None) or None,
        code_postal=claimant.code_postal or (client.code_postal if take_address else None) or None,
        ville=claimant.ville or (client.ville if take_address else None) or None,
        telephones=tuple(dict.fromkeys((*claimant.telephones, *e164_all(client.telephone)))),
        email=claimant.email or (client.email.lower() or None),
    )


# ---------------------------------------------------------------- composition


@dataclass
class _Ctx:
    rng: random.Random
    ws: W.WordingSet
    reg: ClientRegister
    cab: Cabinet
    day: date
    channel: str


_ELISION = re.compile(r"\b([Dd]e|[Qq]ue|[Jj]e) (?=[AEIOUÉ][\w-]*)")


def _fill(template: str, values: dict[str, str]) -> str:
    text = _ELISION.sub(lambda m: m.group(1)[:-1] + "'", template.format_map(values))
    for loose, tight in ((" de le ", " du "), (" de les ", " des "), (" à le ", " au "),
                         (" à les ", " aux ")):
        text = text.replace(loose, tight)
    return text[0].upper() + text[1:] if text else text


def _pick_client(ctx: _Ctx, need: str = "contract", statut: str = "client") -> Client | None:
    pool = [c for c in ctx.reg.clients.values() if c.statut == statut and c.prenom]
    if need == "claim":
        pool = [c for c in pool if ctx.reg.claims_of(c.client_id)]
    elif need == "contract":
        pool = [c for c in pool if ctx.reg.contracts_of(c.client_id)]
    return ctx.rng.choice(sorted(pool, key=lambda c: c.client_id)) if pool else None


def _owner(ctx: _Ctx, client: Client | None, contract: Contract | None, claim: Claim | None,
           mediator: bool, misdirected: bool) -> str:
    if mediator or misdirected or client is None:
        return ctx.cab.process_owner
    if claim and claim.gestionnaire:
        return claim.gestionnaire
    if contract is None and claim is not None:
        contract = ctx.reg.contracts.get(claim.numero_contrat)
    if contract and contract.gestionnaire:
        return contract.gestionnaire
    return client.gestionnaire or ctx.cab.process_owner


def _missing(ctx: _Ctx, claimant: ClaimantTruth, client: Client | None,
             refs: ReferencesTruth, applies: bool) -> tuple[str, ...]:
    if not applies:
        return ()
    out = []
    if not (claimant.nom or (client and client.nom)):
        out.append("nom")
    if not (claimant.prenom or (client and client.prenom)):
        out.append("prenom")
    if not claimant.statut:
        out.append("statut")
    if not ((claimant.adresse and claimant.code_postal and claimant.ville)
            or (client and client.adresse and client.code_postal and client.ville)):
        out.append("adresse")
    if not (claimant.telephones or (client and e164_all(client.telephone))):
        out.append("telephone")
    one_contract = client is not None and len(ctx.reg.contracts_of(client.client_id)) == 1
    if not (refs.contrats or refs.sinistres or one_contract):
        out.append("reference")
    return tuple(out)


def _values(ctx: _Ctx, w: Writer, contract: Contract | None, sent: date) -> dict[str, str]:
    rng = ctx.rng
    pk = product_key(contract.produit) if contract else rng.choice(sorted(PRODUCTS))
    v = dict(PRODUCTS[pk])
    evt = sent - timedelta(days=rng.randint(20, 90))
    ask = sent - timedelta(days=rng.randint(10, 60))
    old = rng.randint(300, 900)
    chrono = sorted(evt + timedelta(days=rng.randint(1, max(2, (sent - evt).days - 1)))
                    for _ in range(4))
    v.update(
        e="e" if w.feminine else "",
        cabinet=CABINET_NAME,
        assureur=(contract.assureur if contract and contract.assureur else "l'assureur"),
        date_evt=day_text(evt, year=rng.random() < 0.3) if rng.random() < 0.8 else f"{evt:%d/%m/%Y}",
        date_demande=day_text(ask, year=False),
        mois=MONTHS[ask.month - 1],
        montant=money(rng, 150, 4800),
        montant_ancien=f"{old} €",
        annees=rng.choice(NUMBERS_FR),
        annee_souscription=str(sent.year - rng.randint(1, 9)),
        date_1=day_text(chrono[0], year=False), date_2=day_text(chrono[1], year=False),
        date_3=day_text(chrono[2], year=False), date_4=day_text(chrono[3], year=False),
    )
    return v


def _sender_block(ctx: _Ctx, w: Writer, show_address: bool, show_phone: bool,
                  show_email: bool, show_prenom: bool) -> list[str]:
    rng = ctx.rng
    name = f"{w.prenom} {w.nom.upper()}" if show_prenom else w.nom.upper()
    if rng.random() < 0.4 and show_prenom:
        name = f"{w.nom.upper()} {w.prenom}" if rng.random() < 0.3 else f"{w.prenom} {w.nom}"
    lines = [f"{w.civilite} {name}" if rng.random() < 0.85 or not show_prenom else name]
    if show_address and w.adresse:
        lines += [w.adresse, f"{w.code_postal} {w.ville}"]
    if show_phone:
        labels = ("Tél. : ", "Tél : ", "Portable : ", "", "Téléphone : ")
        for p in w.phones:
            lines.append(rng.choice(labels) + write_phone(rng, p))
    if show_email and w.email:
        email = w.email if rng.random() < 0.8 else w.email.capitalize()
        lines.append(rng.choice(("", "Courriel : ", "E-mail : ", "Mél : ")) + email)
    return lines


def _cabinet_block(ctx: _Ctx) -> list[str]:
    rng = ctx.rng
    head = rng.choice((CABINET_NAME, f"Cabinet {CABINET_NAME}", CABINET_NAME.upper()))
    lines = [head]
    r = rng.random()
    if r < 0.4:
        lines.append("Service Réclamations")
    elif r < 0.55 and ctx.cab.staff:
        lines.append(f"À l'attention de {rng.choice(ctx.cab.staff).nom}")
    return lines + list(CABINET_ADDRESS)


def _org_block(org: Organisation) -> list[str]:
    parts = [p.strip() for p in org.adresse.split(",") if p.strip()] if org.adresse else []
    if not parts or parts[0] != org.nom:
        parts = [org.nom, *parts]
    return parts or [org.nom]


def _email_of(org: Organisation) -> str:
    return f"reclamations@{slug(org.nom.split()[0])}.example"


def compose(rng: random.Random, ws: W.WordingSet, reg: ClientRegister, cab: Cabinet,
            day: date, scenario: str, channel: str) -> Draft:
    """Compose one item of `scenario` for `channel` ("courrier" or "email")."""
    ctx = _Ctx(rng, ws, reg, cab, day, channel)
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}")
    return _Composer(ctx).build(scenario)


class _Composer:
    def __init__(self, ctx: _Ctx) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.ws = ctx.ws
        self._assoc = ""
        self._rep_female = False

    # The pieces chosen along the way.
    def build(self, scenario: str) -> Draft:
        ctx, rng, ws = self.ctx, self.rng, self.ws
        email = ctx.channel == "email"
        if email:
            sent: date = ctx.day
        else:
            sent = ctx.day - timedelta(days=rng.randint(1, 9))
        dated = email or rng.random() > 0.12

        client: Client | None = None
        contract: Contract | None = None
        claim: Claim | None = None
        writer: Writer
        represented: Writer | None = None
        rep_truth: RepresentativeTruth | None = None
        category = rng.choice(W.COMPLAINT_CATEGORIES)
        is_complaint = True
        addressee = "cabinet"
        mediator = misdirected = False
        redirect: Organisation | None = None
        statut: str | None = None
        ext_ref: str | None = None
        paragraphs: list[list[str]] = []
        annexes: list[str] = []
        greeting = "Madame, Monsieur,"
        recipient: list[str] = []
        to_header = f"{CABINET_NAME} <reclamations@alteregoassurances.fr>"
        refs_required = False
        allow_long = True

        def pick(seq: tuple[str, ...]) -> str:
            return rng.choice(seq)

        # ---- who writes, about what
        if scenario in ("reclamation", "menace_mediateur", "copie_mediateur", "mediateur_destinataire",
                        "mediateur_saisine", "refus_assureur", "attestation_colere", "demande",
                        "mandataire"):
            need = "claim" if scenario == "refus_assureur" else "contract"
            if scenario == "reclamation" and category == W.SINISTRE:
                need = "claim"
            if scenario == "mandataire" and rng.random() < 0.5:
                need = "claim"
            if scenario in ("mediateur_destinataire", "mediateur_saisine"):
                category = rng.choice(sorted(ws.med_grievances))
                need = "claim" if category == W.SINISTRE else "contract"
            client = _pick_client(ctx, need) or _pick_client(ctx, "contract") or _pick_client(ctx, "any")
        elif scenario == "prospect" and rng.random() < 0.5:
            client = _pick_client(ctx, "any", statut="prospect")

        if client is not None:
            claims = sorted(ctx.reg.claims_of(client.client_id), key=lambda c: c.numero_sinistre)
            contracts = sorted(ctx.reg.contracts_of(client.client_id), key=lambda c: c.numero_contrat)
            wants_claim = (scenario == "refus_assureur" or category == W.SINISTRE
                           or (scenario == "mandataire" and rng.random() < 0.5))
            if claims and wants_claim:
                claim = rng.choice(claims)
                contract = ctx.reg.contracts.get(claim.numero_contrat)
            elif contracts:
                contract = rng.choice(contracts)

        if scenario == "publicite":
            return self._advert(sent, dated)

        if scenario == "mandataire":
            assert client is not None
            represented = writer_from_client(rng, client)
            writer, rep_truth, qual_key = self._representative(represented)
            refs_required = True
            category = rng.choice(sorted(ws.rep_grievances))
            statut = "mandataire"
        elif client is not None:
            writer = writer_from_client(rng, client)
            statut = client.statut or "client"
        else:
            writer = writer_from_person(rng, ws, rng.choice(ws.people))
        values = _values(ctx, writer, contract, sent)
        if claim is not None and claim.assureur and not (contract and contract.assureur):
            values["assureur"] = claim.assureur
        if represented is not None:
            values.update(self._rep_values(represented, rep_truth))

        intro: list[str] = []
        body: list[str] = []
        tail: list[str] = []
        if scenario in ("reclamation", "menace_mediateur", "copie_mediateur", "mediateur_saisine"):
            if scenario == "mediateur_saisine":
                refs_required = True
            intro = [pick(ws.intro_client)] if contract else []
            body = [pick(ws.grievances[category])]
            if rng.random() < 0.5:
                body.append(pick(ws.feelings))
            tail = [pick(ws.demands)]
            if scenario == "menace_mediateur":
                tail.append(pick(ws.threat))
            elif scenario == "copie_mediateur":
                if rng.random() < 0.6:
                    tail.append(pick(ws.copy_mediator))
                annexes.append(f"Copie : {ctx.cab.mediator_name}")
            elif scenario == "mediateur_saisine":
                tail = [pick(ws.seize)]
                mediator = True
        elif scenario == "mediateur_destinataire":
            refs_required = True
            addressee, mediator = "mediateur", True
            recipient = [ctx.cab.mediator_name, *ctx.cab.mediator_address]
            greeting = "Monsieur le Médiateur," if rng.random() < 0.6 else "Madame, Monsieur,"
            intro = [pick(ws.med_intro)]
            body = [pick(ws.med_grievances[category]), pick(ws.med_history)]
            tail = [pick(ws.med_demands)]
            to_header = f"{ctx.cab.mediator_name} <contact@mediation-assurance.example>, {to_header}"
        elif scenario == "refus_assureur":
            refs_required = True
            category = W.SINISTRE
            intro = [pick(ws.intro_client)] if rng.random() < 0.5 else []
            body = [pick(ws.refusal)]
            if rng.random() < 0.5:
                body.append(pick(ws.arguments))
            tail = [pick(ws.refusal_demands)]
        elif scenario in ("hors_perimetre_destinataire", "hors_perimetre_contrat"):
            misdirected = True
            orgs = sorted(ctx.cab.organisations, key=lambda o: o.nom)
            redirect = rng.choice(orgs)
            alias = rng.choice((redirect.nom, *redirect.alias))
            values.update(org=alias, org_short=alias)
            ext_ref = self._external_ref()
            values["ext_contrat"] = ext_ref
            if scenario == "hors_perimetre_destinataire":
                addressee = "autre"
                category = rng.choice((W.GESTION, W.COTISATION, W.SINISTRE, W.RESILIATION, W.SERVICE))
                recipient = _org_block(redirect)
                intro = [pick(ws.other_org_intro)]
                body = [pick(ws.grievances[category])]
                tail = [pick(ws.demands)]
                to_header = f"{redirect.nom} <{_email_of(redirect)}>"
                if email:
                    to_header += f", {CABINET_NAME} <reclamations@alteregoassurances.fr>"
            else:
                category = rng.choice(sorted(ws.elsewhere_grievances))
                intro = [pick(ws.elsewhere_intro)]
                body = [pick(ws.elsewhere_grievances[category])]
                tail = [pick(ws.elsewhere_demands)]
            allow_long = False
        elif scenario == "mandataire":
            assert rep_truth is not None and represented is not None
            intro = [pick(ws.rep_intro[qual_key])]
            if rng.random() < 0.5:
                intro.append(pick(ws.rep_address))
                values.update(adresse=represented.adresse or "", code_postal=represented.code_postal or "",
                              ville=represented.ville)
            else:
                represented.adresse = represented.code_postal = None
            body = [pick(ws.rep_grievances[category])]
            tail = [pick(ws.rep_demands)]
            allow_long = False
        elif scenario == "prospect":
            category = W.AVANT_VENTE
            statut = "prospect"
            intro = [pick(ws.prospect_intro)]
            body = [pick(ws.prospect_grievances)]
            tail = [pick(ws.demands)]
            allow_long = False
        elif scenario == "tiers":
            category = W.SINISTRE
            statut = "tiers"
            intro = [pick(ws.tiers_intro)]
            body = [pick(ws.tiers_grievances)]
            tail = [pick(ws.demands)]
            allow_long = False
        elif scenario == "inconnu":
            # A non-client who says nothing of their standing: not identifiable, statut unknown.
            category = rng.choice((W.SERVICE, W.AUTRE, W.DONNEES))
            body = [pick(ws.grievances[category])]
            if rng.random() < 0.5:
                body.append(pick(ws.feelings))
            tail = [pick(ws.demands)]
            allow_long = False
        elif scenario == "attestation_colere":
            category, is_complaint = W.ATTESTATION, False
            body = [pick(ws.angry_attestation)]
            tail = [pick(ws.request_closings)]
            allow_long = False
        elif scenario == "demande":
            is_complaint = False
            category = rng.choice(W.REQUEST_CATEGORIES)
            if category == W.DEVIS and rng.random() < 0.6:
                client, contract, claim = None, None, None
                writer = writer_from_person(rng, ws, rng.choice(ws.people))
                values = _values(ctx, writer, None, sent)
                statut = "prospect"
            if category == W.ADRESSE:
                cp, town = rng.choice(TOWNS)
                writer.adresse, writer.code_postal, writer.ville = rng.choice(ws.streets), cp, town
                refs_required = True
            body = [pick(ws.requests[category])]
            tail = [pick(ws.request_closings)]
            allow_long = False

        if email and not writer.email:
            writer.email = (f"{slug(writer.prenom)}.{slug(writer.nom)}{rng.randint(1, 99)}"
                            f"@{rng.choice(('gmail.com', 'orange.fr', 'hotmail.fr', 'sfr.fr'))}")

        # ---- what the item shows
        show_phone = bool(writer.phones) and rng.random() > 0.2
        show_refs = refs_required or (contract is not None and rng.random() > 0.2)
        show_address = bool(writer.adresse) and (rng.random() > 0.08 or not show_refs)
        if client is None and scenario in ("prospect", "tiers", "inconnu") and rng.random() < 0.3:
            show_address = False
        show_prenom = rng.random() > 0.05
        show_email = writer.email is not None and (email or rng.random() < 0.4)
        if represented is not None:
            show_address = show_phone = True

        refs_contracts: list[str] = []
        refs_claims: list[str] = []
        ref_lines: list[str] = []
        if ext_ref:
            refs_contracts.append(ext_ref)
        if show_refs and (contract or claim):
            if contract and (claim is None or rng.random() < 0.7):
                refs_contracts.append(contract.numero_contrat)
                ref_lines.append(rng.choice(("N° de contrat : ", "Police n° ", "Contrat n° ",
                                             "Réf. contrat : ")) + ref_variant(rng, contract.numero_contrat))
            if claim:
                refs_claims.append(claim.numero_sinistre)
                ref_lines.append(rng.choice(("Sinistre n° ", "N° de sinistre : ", "Dossier sinistre : ",
                                             "V/Réf. : ", "Dossier n° ")) + ref_variant(rng, claim.numero_sinistre))
        if ext_ref and rng.random() < 0.5:
            ref_lines.append(f"Contrat n° {ext_ref}")
        if represented is not None:
            ref_lines.append(f"Concerne : {represented.civilite} {represented.prenom} {represented.nom.upper()}")

        # ---- long letters (multi-page when scanned)
        extra: list[list[str]] = []
        if allow_long and is_complaint and not email and rng.random() < 0.3:
            chrono = list(ws.chronology)  # in date order: {date_1} < … < {date_4}
            args = list(ws.arguments)
            rng.shuffle(args)
            more = [g for g in ws.grievances[category] if g not in body]
            second = [rng.choice(more)] if scenario in SELF_CONTAINED and more else []
            feelings = [f for f in ws.feelings if f not in body][:2]
            extra += [chrono[:3], second + feelings, args[:2], chrono[3:], args[2:]]

        paragraphs = [p for p in (intro, body, *extra, tail) if p]
        paragraphs_text = tuple(" ".join(_fill(s, values) for s in p) for p in paragraphs)

        if show_refs and refs_claims and rng.random() < 0.3 and ws.enclosures:
            annexes.insert(0, rng.choice(ws.enclosures))

        if not recipient:
            recipient = _cabinet_block(ctx)
        subject = rng.choice(ws.subjects[category])
        if email and refs_contracts and rng.random() < 0.5:
            subject += f" – contrat {refs_contracts[0]}"
        appel = greeting.rstrip(",")
        closing = _fill(rng.choice(ws.closings), {"appel": appel})
        sender = _sender_block(ctx, writer, show_address, show_phone, show_email, show_prenom)
        signature_name = (f"{writer.prenom} {writer.nom}" if show_prenom else f"{writer.civilite} {writer.nom}")
        signature = [signature_name]
        if rep_truth is not None and rep_truth.qualite == "avocat":
            signature = [f"Maître {writer.prenom} {writer.nom}", "Avocat" + ("e" if writer.feminine else "")
                         + " au barreau de " + writer.ville]
        elif rep_truth is not None and rep_truth.qualite == "association":
            signature = [signature_name, f"Pour l'association {self._assoc}"]
            sender = [self._assoc, *sender[1:]]
        elif rep_truth is not None and rep_truth.qualite == "curateur":
            signature = [signature_name, values["Curateur"]]

        town = writer.ville if writer.ville else "Paris"
        place_date = date_line(rng, town, sent, ctx.day) if dated else None

        # ---- truth
        phones = tuple(writer.phones) if show_phone else ()
        claimant: ClaimantTruth
        if represented is not None:
            claimant = ClaimantTruth(
                civilite=represented.civilite, nom=represented.nom, prenom=represented.prenom,
                statut="mandataire", adresse=represented.adresse, code_postal=represented.code_postal,
                ville=represented.ville if represented.adresse else None)
        else:
            claimant = ClaimantTruth(
                civilite=writer.civilite, nom=writer.nom, prenom=writer.prenom if show_prenom else None,
                statut=statut,
                adresse=writer.adresse if show_address else None,
                code_postal=writer.code_postal if show_address else None,
                ville=writer.ville if show_address else None,
                telephones=phones, email=writer.email if show_email else None)
        refs = ReferencesTruth(tuple(refs_contracts), tuple(refs_claims))
        client_id = client.client_id if client is not None else None
        linkable = bool(refs_contracts or refs_claims) and not ext_ref or show_address \
            or show_email or bool(phones)
        if client is not None and linkable:
            claimant = completed_truth(claimant, client)
        # An unlinked writer can't have an owner from the register; a linked one needs a clue.
        truth = TruthCore(
            category=category, scenario=scenario, is_complaint=is_complaint, claimant=claimant,
            representative=rep_truth, references=refs,
            sent_on=sent.isoformat() if dated else None, addressee=addressee,
            mediator=mediator, misdirected=misdirected,
            redirect_to=redirect.nom if redirect else None, client_id=client_id,
            expected_owner=_owner(ctx, client, contract if contract and contract.numero_contrat in refs_contracts else None,
                                  claim if claim and claim.numero_sinistre in refs_claims else None,
                                  mediator, misdirected),
            missing_fields=_missing(ctx, claimant, client, refs, is_complaint and not misdirected),
            grievance=_fill(body[0], values) if is_complaint and body else None,
            request=_fill((tail if is_complaint else body)[0], values)
            if (tail if is_complaint else body) else None,
        )
        eg = rng.choice(ws.email_greetings) if addressee != "mediateur" else greeting
        letter = Letter(
            sender=tuple(sender), recipient=tuple(recipient), place_date=place_date,
            subject=subject, references=tuple(ref_lines), greeting=greeting,
            paragraphs=paragraphs_text, closing=closing, signature=tuple(signature),
            annexes=tuple(annexes),
            # the email shows the given name only when the letter does, as the truth says
            from_name=f"{writer.prenom} {writer.nom}" if show_prenom else f"{writer.civilite} {writer.nom}",
            from_email=writer.email if (show_email or email) else None, to_header=to_header,
            email_greeting=eg, email_closing=rng.choice(ws.email_closings),
        )
        return Draft(letter, truth, sent if dated else None)

    # ---------------------------------------------------------------- pieces

    def _external_ref(self) -> str:
        rng = self.rng
        style = rng.randrange(3)
        if style == 0:
            return f"{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.choice('ABMR')}"
        if style == 1:
            return f"{rng.choice('AHMP')}{rng.randint(1000000, 9999999)}"
        return f"{rng.randint(2019, 2025)}-{rng.randint(100000, 999999)}"

    def _representative(self, represented: Writer) -> tuple[Writer, RepresentativeTruth, str]:
        rng, ws = self.rng, self.ws
        kind = rng.choice(("avocat", "proche", "curateur", "association"))
        if kind == "avocat":
            civ, prenom, nom = rng.choice(ws.lawyers)
            cp, town = rng.choice(TOWNS)
            w = Writer(civ, prenom, nom, rng.choice(ws.streets), cp, town, [new_phone(rng, False)],
                       f"{slug(prenom)[0]}.{slug(nom)}@avocats-{slug(town)}.example", None, civ == "Mme")
            qualite = "avocat"
        elif kind == "proche":
            female = rng.random() < 0.6
            prenom = rng.choice(("Claire", "Anne", "Julie", "Sylvie") if female else
                                ("Marc", "Éric", "Nicolas", "Philippe"))
            cp, town = rng.choice(TOWNS)
            w = Writer("Mme" if female else "M.", prenom, represented.nom, rng.choice(ws.streets), cp,
                       town, [new_phone(rng)], None, None, female)
            qualite = "fille" if female else "fils"
        elif kind == "curateur":
            civ, prenom, nom = rng.choice(ws.people)
            cp, town = rng.choice(TOWNS)
            w = Writer(civ, prenom, nom, rng.choice(ws.streets), cp, town, [new_phone(rng)], None,
                       None, civ == "Mme")
            qualite = "curateur"
        else:
            assoc, street, cptown = rng.choice(ws.associations)
            civ, prenom, nom = rng.choice(ws.people)
            cp, town = cptown.split(" ", 1)
            w = Writer(civ, prenom, nom, street, cp, town, [new_phone(rng, False)], None, None,
                       civ == "Mme")
            qualite = "association"
            self._assoc = assoc
        self._rep_female = w.feminine
        return w, RepresentativeTruth(nom=w.nom, prenom=w.prenom, qualite=qualite), kind

    def _rep_values(self, represented: Writer, rep: RepresentativeTruth | None) -> dict[str, str]:
        fem = represented.feminine
        full = " ".join(p for p in (represented.civilite, represented.prenom, represented.nom) if p)
        if rep is not None and rep.qualite in ("fille", "fils"):
            who = "ma mère" if fem else "mon père"
            who = f"{who}, {full}"
        elif rep is not None and rep.qualite == "avocat":
            who = ("ma cliente, " if fem else "mon client, ") + full
        else:
            who = full
        writer_fem = self._rep_female
        if rep is not None and rep.qualite in ("fille", "fils"):
            short = "ma mère" if fem else "mon père"
        elif rep is not None and rep.qualite == "avocat":
            short = "ma cliente" if fem else "mon client"
        elif rep is not None and rep.qualite == "association":
            short = "notre adhérente" if fem else "notre adhérent"
        else:
            short = f"{represented.civilite} {represented.nom}"
        return {
            "represente_court": short, "Represente_court": short[0].upper() + short[1:],
            "represente": who, "Represente": who[0].upper() + who[1:],
            "pe": "e" if fem else "", "lui_elle": "elle" if fem else "lui",
            "mon_client": "ma cliente" if fem else "mon client",
            "curateur": "curatrice" if writer_fem else "curateur",
            "le_curateur": "la curatrice" if writer_fem else "le curateur",
            "Curateur": "Curatrice" if writer_fem else "Curateur",
        }

    def _advert(self, sent: date, dated: bool) -> Draft:
        rng, ws, ctx = self.rng, self.ws, self.ctx
        company, address = rng.choice(ws.ad_senders)
        sentences = list(ws.ads)
        rng.shuffle(sentences)
        paragraphs = (" ".join(sentences[:2]), " ".join(sentences[2:4]), sentences[4])
        cp, town = rng.choice(TOWNS)
        sender = (company, f"{rng.randint(1, 90)} rue de l'Industrie", f"{cp} {town}", address)
        subject = rng.choice(ws.subjects[W.PUBLICITE])
        letter = Letter(
            sender=sender, recipient=tuple(_cabinet_block(ctx)),
            place_date=date_line(rng, town, sent, ctx.day) if dated else None,
            subject=subject, references=(), greeting="Madame, Monsieur,", paragraphs=paragraphs,
            closing=_fill(rng.choice(ws.closings), {"appel": "Madame, Monsieur"}),
            signature=(f"L'équipe {company}",), annexes=(), from_name=company, from_email=address,
            to_header="contact@alteregoassurances.fr", email_greeting=rng.choice(ws.email_greetings),
            email_closing=rng.choice(ws.email_closings),
        )
        truth = TruthCore(
            category=W.PUBLICITE, scenario="publicite", is_complaint=False,
            claimant=ClaimantTruth(nom=company, email=address if ctx.channel == "email" else None),
            representative=None, references=ReferencesTruth(),
            sent_on=sent.isoformat() if dated else None, addressee="cabinet", mediator=False,
            misdirected=False, redirect_to=None, client_id=None,
            expected_owner=ctx.cab.process_owner, missing_fields=(),
        )
        return Draft(letter, truth, sent if dated else None)
