"""Scenarios: who writes, to whom, about what, citing what; and the truth that follows
from spec/rules.md and spec/record.md."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tools.synth.independent import texts
from tools.synth.independent.people import (
    INSURERS,
    PRODUCT_WORDS,
    Claim,
    Client,
    Contract,
    Person,
    Register,
    contract_number,
    new_person,
    phone_digits,
)

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]
MONTHS_SHORT = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                "oct.", "nov.", "déc."]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
CABINET_BLOCKS = [
    ["Alter Ego Assurances", "Service Réclamations", "12 avenue de la République", "75011 PARIS"],
    ["Cabinet Alter Ego", "À l'attention de Mme Marie Lefèvre", "12, av. de la République",
     "75011 Paris"],
    ["ALTER EGO ASSURANCES", "12 avenue de la République", "75011 Paris"],
    ["AEA – Courtage", "Service clients", "12 avenue de la République", "75011 Paris"],
]
MEDIATOR_BLOCK = ["La Médiation de l'Assurance", "TSA 50110", "75441 Paris Cedex 09"]
LOCAL_AGENTS = [("Cabinet Fournier Assurances", "3 place de la Mairie", "01000 Bourg-en-Bresse"),
                ("Agence Perrin & Associés", "27 rue Nationale", "37000 Tours")]
FOREIGN_ORGS = [("MAAF Assurances", "MAAF", "Service Réclamations", "79036 Niort Cedex 9"),
                ("GMF", "GMF Assurances", "Service Réclamations", "45930 Orléans Cedex 9"),
                ("Abeille Assurances", "Aviva", "Service Clients", "92270 Bois-Colombes"),
                ("Matmut", "Matmut", "Service Réclamations", "76030 Rouen Cedex 1"),
                ("MACIF", "Macif", "Relations sociétaires", "79037 Niort Cedex 9")]


DATE_STYLES = [
    lambda d, town, long: f"{DAYS[d.weekday()].capitalize()} {long}",
    lambda d, town, long: f"Fait à {town}, le {long}" if town else long,
    lambda d, town, long: f"{town}, le {d:%d/%m/%Y}" if town else f"{d:%d/%m/%Y}",
    lambda d, town, long: f"le {d:%d/%m/%Y}",
    lambda d, town, long: f"{d.day} {MONTHS_SHORT[d.month - 1]} {d.year}",
    lambda d, town, long: f"Le {'1er' if d.day == 1 else d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d, town, long: f"{d:%d.%m.%Y}",
    lambda d, town, long: f"{town}, le {long}" if town else long,
]


def french_date(rng: random.Random, d: date, town: str | None) -> str:
    """A date line in one of the writings of French letters."""
    return rng.choice(DATE_STYLES)(d, town, f"{d.day} {MONTHS[d.month - 1]} {d.year}")


def stamp_text(rng: random.Random, received: date) -> list[str]:
    d = received - timedelta(days=rng.choice([0, 0, 1]))
    short = f"{d.day} {MONTHS_SHORT[d.month - 1].rstrip('.').upper()}. {d.year}"
    return rng.choice([[f"REÇU LE {short}"], [f"ARRIVÉ LE {d:%d/%m/%Y}"],
                       ["COURRIER ARRIVÉE", short], ["REÇU", f"{d:%d %m %Y}"]])


@dataclass
class Story:
    scenario: str
    category: str
    is_complaint: bool
    writer: Person
    claimant: dict[str, Any]
    client: Client | None = None
    contract: Contract | None = None
    claim: Claim | None = None
    cited: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, truth, written)
    addressee: str = "cabinet"
    mediator: bool = False
    misdirected: bool = False
    redirect_to: str | None = None
    rep: dict[str, Any] | None = None
    writer_title: str | None = None
    recipient: list[str] = field(default_factory=list)
    greeting: str = "Madame, Monsieur,"
    subject: str = ""
    paragraphs: list[str] = field(default_factory=list)
    closing: str = "Cordialement,"
    sent_on: date | None = None
    show_address: bool = True
    phones_written: list[str] = field(default_factory=list)
    email_shown: str | None = None
    copy_mediator: bool = False
    statut_said: str | None = None
    company: str | None = None
    email_from: str | None = None
    grievance: str | None = None  # the sentences stating what went wrong (complaints)
    request: str | None = None  # the sentences stating what is asked


def _written(rng: random.Random, number: str) -> str:
    """How a writer may copy a register number: mostly as printed, sometimes respaced."""
    roll = rng.random()
    if roll < 0.12:
        return number.replace(" ", "").replace(".", "")
    if roll < 0.22:
        return number.replace(".", " ").replace("/", " / ")
    if roll < 0.28:
        return number.lower() if any(c.isalpha() for c in number) else number
    return number


def _stated(person: Person, show_address: bool, phones: list[str], email: str | None,
            civ: bool) -> dict[str, Any]:
    return {"civilite": person.civilite if civ else None, "nom": person.nom,
            "prenom": person.prenom,
            "adresse": person.adresse if show_address else None,
            "code_postal": person.code_postal if show_address else None,
            "ville": person.ville if show_address else None,
            "phones": phones, "email": email}


def _slots(rng: random.Random, person: Person, product: str, ins: str, sent: date) -> dict[str, str]:
    event = sent - timedelta(days=rng.randint(12, 70))
    return {"e": "e" if person.civilite == "Mme" else "", "prod": PRODUCT_WORDS.get(product, product),
            "date": f"{'1er' if event.day == 1 else event.day} {MONTHS[event.month - 1]}", "amount": f"{rng.randint(90, 2400)}",
            "amount2": f"{rng.randint(40, 89)},{rng.randint(10, 99)}", "pct": str(rng.randint(12, 38)),
            "month": MONTHS[(event.month - 4) % 12], "ins": ins}


# scenario family -> share of the set
SCENARIOS = [("plainte", 0.45), ("demande", 0.21), ("publicite", 0.04), ("mediateur", 0.06),
             ("escalade", 0.05), ("hors-perimetre", 0.10), ("mandataire", 0.05),
             ("prospect", 0.04)]


def plan(rng: random.Random, count: int) -> list[str]:
    """The scenario family of each item, in the shares above, shuffled."""
    families: list[str] = []
    for family, share in SCENARIOS:
        families += [family] * round(count * share)
    families = (families + ["plainte"] * count)[:count]
    rng.shuffle(families)
    kinds = {"hors-perimetre": ["assureur", "direct", "agent"],
             "mandataire": ["avocat", "fille", "association", "fils", "curateur"]}
    seen = {k: 0 for k in kinds}
    for i, family in enumerate(families):   # each variant in turn, not left to chance
        if family in kinds:
            families[i] = f"{family}:{kinds[family][seen[family] % len(kinds[family])]}"
            seen[family] += 1
    return families


def make_story(rng: random.Random, reg: Register, pool: list[Client], family: str,
               day: date) -> Story:
    family, _, variant = family.partition(":")
    if family in ("plainte", "mediateur", "escalade"):
        return _client_story(rng, pool, day, rng.choice(list(texts.COMPLAINTS)), family)
    if family == "demande":
        return _client_story(rng, pool, day, rng.choice(list(texts.REQUESTS)), "demande")
    if family == "publicite":
        return _advert(rng, day)
    if family == "hors-perimetre":
        return _misdirected(rng, reg, pool, day, variant or "assureur")
    if family == "mandataire":
        return _represented(rng, pool, day, variant or "avocat")
    return _prospect(rng, reg, day)


def _pick(pool: list[Client], rng: random.Random, want_claim: bool = False,
          prospect: bool = False) -> Client:
    for _ in range(40):
        c = pool.pop(rng.randrange(len(pool)))
        ok = (c.statut == "prospect") == prospect and (
            not want_claim or any(k.claims for k in c.contracts))
        if ok or (not prospect and c.statut == "client" and _ == 39):
            return c
        pool.append(c)
    return pool.pop()


def _sent(rng: random.Random, day: date) -> date | None:
    return None if rng.random() < 0.12 else day - timedelta(days=rng.randint(2, 16))


def _writer_phones(rng: random.Random, person: Person) -> list[str]:
    """National digits the item shows: the register phone, another one, or none."""
    out = []
    if person.phone and rng.random() < 0.6:
        out.append(person.phone)
    if rng.random() < 0.2:
        out.append(phone_digits(rng, True))
    return out


def _client_story(rng: random.Random, pool: list[Client], day: date, category: str,
                  mode: str) -> Story:
    if category == "demande de devis" and rng.random() < 0.4:
        return _unknown_quote(rng, day)
    prospect_writer = category == "demande de devis" and rng.random() < 0.5
    client = _pick(pool, rng, want_claim=category == "sinistre et indemnisation",
                   prospect=prospect_writer)
    person = client.person
    contract = rng.choice(client.contracts) if client.contracts else None
    claim = contract.claims[0] if contract and contract.claims and (
        category == "sinistre et indemnisation" or rng.random() < 0.2) else None
    sent = _sent(rng, day)
    slots = _slots(rng, person, contract.produit if contract else "MRH",
                   contract.assureur if contract else rng.choice(INSURERS), sent or day)
    cited: list[tuple[str, str, str]] = []
    if contract and (rng.random() < 0.8 or mode in ("mediateur",)):
        cited.append(("contrat", contract.numero, _written(rng, contract.numero)))
    if claim and rng.random() < 0.85:
        cited.append(("sinistre", claim.numero, _written(rng, claim.numero)))
    show_address = bool(rng.random() < 0.85 or not cited)
    if category == "changement d'adresse":
        new = Person(person.civilite, person.prenom, person.nom, f"{rng.randint(1, 90)} rue "
                     "des Acacias", "44000", "Nantes", person.phone, person.email)
        person, show_address = new, True
        if contract and not cited:
            cited.append(("contrat", contract.numero, _written(rng, contract.numero)))
    phones = _writer_phones(rng, person)
    email = person.email if rng.random() < 0.3 else None
    is_complaint = mode != "demande"
    story = Story(f"{mode}-{category}", category, is_complaint, person,
                  _stated(person, show_address, phones, email, rng.random() < 0.7), client,
                  contract,
                  claim if any(k == "sinistre" for k, _, _ in cited) else None, cited,
                  sent_on=sent, show_address=show_address, phones_written=phones,
                  email_shown=email)
    pool_texts = texts.COMPLAINTS if is_complaint else texts.REQUESTS
    body = [p.format(**slots) for p in rng.choice(pool_texts[category])]
    if is_complaint:
        story.grievance = " ".join(body)
        demand = rng.choice(texts.DEMANDS)
        if demand:
            body.append(demand)
            story.request = demand
    else:
        story.request = " ".join(body)
    if mode == "mediateur":
        story.addressee, story.mediator = "mediateur", True
        story.recipient = list(MEDIATOR_BLOCK)
        story.greeting = rng.choice(["Monsieur le Médiateur,", "Madame, Monsieur,"])
        body.insert(0, rng.choice(texts.MEDIATOR_OPEN).format(**slots))
        story.subject = "Demande de médiation"
    elif mode == "escalade":
        if rng.random() < 0.5:
            body.append(rng.choice(texts.THREATS))
        else:
            body.append(texts.COPY_NOTE)
            story.copy_mediator = True
    story.paragraphs = body
    story.subject = story.subject or texts.SUBJECTS[category]
    story.recipient = story.recipient or list(rng.choice(CABINET_BLOCKS))
    if mode != "mediateur":
        story.greeting = rng.choice(texts.GREETINGS)
    story.closing = rng.choice(texts.CLOSINGS)
    return story


def _misdirected(rng: random.Random, reg: Register, pool: list[Client], day: date,
                 variant: str) -> Story:
    sent = _sent(rng, day)
    category = rng.choice(["sinistre et indemnisation", "cotisation", "résiliation",
                           "gestion du contrat", "qualité de service"])
    if variant == "direct":
        client = _pick(pool, rng)
        person = client.person
        org, alias = rng.choice(FOREIGN_ORGS)[:2]
    else:
        client = None
        person = new_person(rng, reg.taken_names)
        org, alias = rng.choice(FOREIGN_ORGS)[:2]
    product = rng.choice(["Auto", "MRH", "Santé"])
    foreign = contract_number(rng, org if org in INSURERS else "autre", product)
    slots = _slots(rng, person, product, alias, sent or day)
    body = [p.format(**slots) for p in rng.choice(texts.COMPLAINTS[category])]
    phones = _writer_phones(rng, person) if client else ([phone_digits(rng, True)]
                                                         if rng.random() < 0.7 else [])
    story = Story(f"hors-perimetre-{variant}", category, True, person,
                  _stated(person, True, phones, None, rng.random() < 0.7), client,
                  cited=[("contrat", foreign, foreign)], misdirected=True, sent_on=sent,
                  phones_written=phones, statut_said="client",   # "sociétaire", "mon agent"
                  grievance=" ".join(body))
    if variant == "direct":
        body.insert(0, rng.choice(texts.MISDIRECTED_DIRECT).format(foreign=foreign, **slots))
        story.recipient = list(rng.choice(CABINET_BLOCKS))
        story.redirect_to = org
        story.greeting = rng.choice(texts.GREETINGS)
    elif variant == "agent":
        name, street, town = rng.choice(LOCAL_AGENTS)
        story.recipient = [name, "Agent général", street, town]
        story.addressee, story.redirect_to = "autre", name
        story.greeting = "Monsieur l'Agent,"
        body.insert(0, f"Vous êtes mon agent depuis des années pour {slots['prod']} "
                       f"n° {foreign}.")
    else:
        _, _, service, town = next(o for o in FOREIGN_ORGS if o[0] == org)
        story.recipient = [alias if rng.random() < 0.5 else org, service, town]
        story.addressee, story.redirect_to = "autre", org
        story.greeting = rng.choice(["Madame, Monsieur,", f"Bonjour {alias},"])
        body.insert(0, f"Sociétaire de longue date, je vous écris au sujet de "
                       f"{slots['prod']}, contrat n° {foreign}.")
    story.paragraphs = body
    story.subject = texts.SUBJECTS[category]
    story.closing = rng.choice(texts.CLOSINGS)
    return story


def _represented(rng: random.Random, pool: list[Client], day: date, quality: str) -> Story:
    client = _pick(pool, rng)
    while not client.contracts:
        client = _pick(pool, rng)
    person = client.person
    contract = client.contracts[0]
    writer = new_person(rng)
    if quality in ("fille", "fils"):
        writer = Person("Mme" if quality == "fille" else "M.",
                        rng.choice(["Claire", "Isabelle", "Sylvie"] if quality == "fille"
                                   else ["Olivier", "Laurent", "Franck"]), person.nom,
                        writer.adresse, writer.code_postal, writer.ville, writer.phone, writer.email)
    category = rng.choice(["sinistre et indemnisation", "cotisation", "résiliation",
                           "gestion du contrat"])
    sent = _sent(rng, day)
    slots = _slots(rng, person, contract.produit, contract.assureur, sent or day)
    lives = f", demeurant {person.adresse}, {person.code_postal} {person.ville}" \
        if rng.random() < 0.5 else ""
    written = _written(rng, contract.numero)
    opening = texts.REPRESENT_OPEN[quality].format(
        civ="Madame" if person.civilite == "Mme" else "Monsieur", prenom=person.prenom,
        nom=person.nom, lives=lives, ref=written, e=slots["e"],
        parent="ma mère" if person.civilite == "Mme" else "mon père",
        il="Elle" if person.civilite == "Mme" else "Il")
    body = [opening, texts.REP_BODY[category].format(**slots), rng.choice(texts.DEMANDS[:3])]
    grievance, request = body[1], body[2]
    body.append("Je vous remercie de me tenir informé{} de la suite donnée.".format(
        "e" if writer.civilite == "Mme" else ""))
    claimant = _stated(person, bool(lives), [], None, True)
    story = Story(f"mandataire-{quality}", category, True, writer, claimant, client, contract,
                  None, [("contrat", contract.numero, written)], sent_on=sent,
                  rep={"nom": writer.nom, "prenom": writer.prenom, "qualite": quality},
                  phones_written=[phone_digits(rng, rng.random() < 0.5)],
                  grievance=grievance, request=request)
    title = texts.REP_TITLES.get(quality)
    story.writer_title = title.format(ville=writer.ville) if title else None
    if quality == "avocat":
        story.writer = Person(writer.civilite, writer.prenom, writer.nom, writer.adresse,
                              writer.code_postal, writer.ville)
    story.paragraphs = body
    story.recipient = list(rng.choice(CABINET_BLOCKS))
    story.subject = texts.SUBJECTS[category] + f" – {person.prenom} {person.nom}"
    story.closing = rng.choice(texts.CLOSINGS)
    return story


def _prospect(rng: random.Random, reg: Register, day: date) -> Story:
    person = new_person(rng, reg.taken_names)
    i = rng.randrange(len(texts.PROSPECT_COMPLAINTS))
    sent = _sent(rng, day)
    slots = _slots(rng, person, "Santé", "", sent or day)
    phones = [person.phone] if person.phone and rng.random() < 0.7 else []
    show = rng.random() < 0.7
    story = Story("prospect-mecontent", texts.PROSPECT_CATEGORIES[i], True, person,
                  _stated(person, show, phones, None, rng.random() < 0.6), sent_on=sent,
                  show_address=show, phones_written=phones, statut_said="prospect")
    story.paragraphs = [p.format(**slots) for p in texts.PROSPECT_COMPLAINTS[i]]
    story.grievance = " ".join(story.paragraphs)
    story.recipient = list(rng.choice(CABINET_BLOCKS))
    story.subject = texts.SUBJECTS[story.category]
    story.closing = rng.choice(texts.CLOSINGS)
    return story


def _unknown_quote(rng: random.Random, day: date) -> Story:
    person = new_person(rng)
    phones = [person.phone] if person.phone else []
    story = Story("demande-devis-inconnu", "demande de devis", False, person,
                  _stated(person, True, phones, person.email, True), sent_on=_sent(rng, day),
                  phones_written=phones, email_shown=person.email, statut_said="prospect")
    story.paragraphs = list(rng.choice(texts.REQUESTS["demande de devis"]))
    story.request = " ".join(story.paragraphs)
    story.recipient = list(rng.choice(CABINET_BLOCKS))
    story.subject = texts.SUBJECTS["demande de devis"]
    story.closing = rng.choice(texts.CLOSINGS)
    return story


def _advert(rng: random.Random, day: date) -> Story:
    company, text = rng.choice(texts.ADVERTS)
    person = new_person(rng)
    story = Story("publicite", "publicité", False, person,
                  _stated(person, True, [person.phone] if person.phone else [], None, True),
                  sent_on=_sent(rng, day), company=company,
                  phones_written=[person.phone] if person.phone else [])
    story.writer_title = f"Chargé{'e' if person.civilite == 'Mme' else ''} de clientèle, {company}"
    story.paragraphs = [text, "N'hésitez pas à nous contacter pour toute question."]
    story.recipient = list(rng.choice(CABINET_BLOCKS))
    story.subject = texts.SUBJECTS["publicité"]
    return story
