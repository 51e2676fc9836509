"""People, places, phone writings, insurer number formats and the set's own client register.

Everything here is invented for this set (names, streets, number formats); only the
staff ids and the organisation names come from the shipped config/cabinet.toml.
"""

from __future__ import annotations

import csv
import io
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

STAFF = ["mlefevre", "tnguyen", "sdubois", "kbenali", "erousseau", "jmarchand"]
PROCESS_OWNER = "mlefevre"
STAFF_NAMES = {"mlefevre": ("Marie", "Lefèvre"), "tnguyen": ("Thomas", "Nguyen"),
               "sdubois": ("Sophie", "Dubois-Garnier"), "kbenali": ("Karim", "Benali"),
               "erousseau": ("Émilie", "Rousseau"), "jmarchand": ("Julien", "Marchand")}

WOMEN = ["Geneviève", "Marie-Hélène", "Anne-Laure", "Béatrice", "Chloé", "Noémie", "Inès",
         "Françoise", "Hélène", "Maëlle", "Josiane", "Solène", "Agnès", "Marie-Christine",
         "Léa", "Océane", "Brigitte", "Nadia", "Aurélie", "Éloïse", "Yasmina", "Odile",
         "Marie-José", "Clémence", "Sandrine", "Ghislaine", "Fatoumata", "Pascale", "Lucie",
         "Rose-Marie", "Armelle", "Gaëlle"]
MEN = ["Jean-Baptiste", "Pierre-Yves", "Benoît", "Hervé", "Loïc", "Raphaël", "Gérard",
       "Jean-Michel", "Yannick", "Mathéo", "Thierry", "Mehdi", "Dominique", "Grégoire",
       "François-Xavier", "Bruno", "Cédric", "Joël", "Aurélien", "Hugues", "Marc-Antoine",
       "Serge", "Rémi", "Ousmane", "Gilles", "Jérôme", "Anthony", "Baptiste", "Lionel",
       "Jean-Pierre", "Éric", "Stéphane"]
SURNAMES = ["Le Guennec", "Rocher-Perrin", "de La Villardière", "Da Costa", "N'Guessan",
            "Chauvin", "Mallet-Joubert", "Du Plessis", "Saint-Amand", "Berthelot", "Kerjean",
            "Le Bihan", "Fontaine-Lacroix", "d'Almeida", "Vasseur", "Guérin", "Tessier",
            "Van Houtte", "Barbier", "Ben Youssef", "Lemaître", "Cordier", "Poulain", "Hamon",
            "Delacroix", "Ferrand", "Goncalves", "Jacquemin", "Aubert-Lemoine", "Pasquier",
            "de Montalembert", "Le Floch", "Brossard", "Carpentier", "Lévêque", "Thiébaut",
            "Gauthier", "Mercadier", "Roussel", "Faure-Vidal", "Peyrot", "Boulanger",
            "Texier", "Marchetti", "Ollivier", "Besnard", "Charpentier", "Dumoulin", "Huet",
            "Kowalski", "Laborde", "Maréchal", "Perrot", "Quéré", "Renaud-Dufour", "Sabatier",
            "Tardieu", "Vidal", "Weber", "Zimmermann", "Abadie", "Bonnefoy", "Castel",
            "Desjardins", "Étienne", "Fabre", "Gilbert", "Hoarau", "Imbert", "Jourdain",
            "Lacombe", "Moreau-Sicard", "Nicolas", "Ozanne", "Prévost", "Rivière", "Séguin",
            "Thomas-Lebrun", "Ulrich", "Villeneuve"]

# (postcode, town): real pairs, spread over metropolitan France.
PLACES = [("69007", "Lyon"), ("69330", "Meyzieu"), ("38000", "Grenoble"), ("42100", "Saint-Étienne"),
          ("13006", "Marseille"), ("13100", "Aix-en-Provence"), ("06000", "Nice"),
          ("83000", "Toulon"), ("34070", "Montpellier"), ("30000", "Nîmes"),
          ("31400", "Toulouse"), ("33800", "Bordeaux"), ("64100", "Bayonne"),
          ("44000", "Nantes"), ("35000", "Rennes"), ("29200", "Brest"), ("56100", "Lorient"),
          ("49100", "Angers"), ("37000", "Tours"), ("45000", "Orléans"), ("75011", "Paris"),
          ("75018", "Paris"), ("92100", "Boulogne-Billancourt"), ("93100", "Montreuil"),
          ("94300", "Vincennes"), ("78000", "Versailles"), ("95000", "Cergy"),
          ("59000", "Lille"), ("62000", "Arras"), ("80000", "Amiens"), ("76000", "Rouen"),
          ("14000", "Caen"), ("51100", "Reims"), ("67000", "Strasbourg"), ("68100", "Mulhouse"),
          ("57000", "Metz"), ("54000", "Nancy"), ("21000", "Dijon"), ("25000", "Besançon"),
          ("63000", "Clermont-Ferrand"), ("87000", "Limoges"), ("86000", "Poitiers"),
          ("17000", "La Rochelle"), ("01000", "Bourg-en-Bresse"), ("74000", "Annecy"),
          ("73000", "Chambéry"), ("26000", "Valence"), ("84000", "Avignon"),
          ("66000", "Perpignan"), ("20000", "Ajaccio")]
STREETS = ["rue des Glycines", "avenue du Général-Leclerc", "allée des Peupliers",
           "chemin de la Croix-Rousse", "boulevard Jean-Jaurès", "impasse des Lavandières",
           "place du Marché", "rue Pasteur", "route de Grenoble", "rue de l'Église",
           "quai Saint-Vincent", "rue du Docteur Roux", "avenue Victor-Hugo",
           "résidence Les Tilleuls", "rue des Trois-Cailloux", "cours Gambetta",
           "rue Émile-Zola", "chemin des Vignes", "square Louise-Michel",
           "rue du 8 Mai 1945", "avenue de la Libération", "rue Sainte-Catherine",
           "lotissement Le Clos Fleuri", "rue Jean-Moulin", "allée Marcel-Pagnol"]
MAIL_DOMAINS = ["orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr", "wanadoo.fr",
                "hotmail.fr", "yahoo.fr", "outlook.fr", "bbox.fr"]

PRODUCTS = ["Auto", "MRH", "Santé", "Prévoyance", "RC Pro", "Moto", "Emprunteur", "Multirisque Pro"]
PRODUCT_WORDS = {"Auto": "mon assurance automobile", "MRH": "mon assurance habitation",
                 "Santé": "ma complémentaire santé", "Prévoyance": "mon contrat prévoyance",
                 "RC Pro": "ma responsabilité civile professionnelle",
                 "Moto": "mon assurance moto", "Emprunteur": "mon assurance emprunteur",
                 "Multirisque Pro": "ma multirisque professionnelle"}


# Number formats of this set's own invention: "#" a digit, "@" a letter.
CONTRACT_FORMATS = {
    "AXA France": "#### #### ### @", "Allianz France": "AZ.###.###.###",
    "Generali France": "GN/##/######", "MAAF Assurances": "MCF ## ######",
    "MACIF": "########-@@", "MMA": "## ### ### @", "Swiss Life": "SL-PS-######/##",
    "Harmonie Mutuelle": "HM ### ### ##", "April": "APR#######@",
    "Abeille Assurances": "AB##-######-@", "Groupama": "GPA-####-#####",
    "Matmut": "MT###.####.##", "GMF": "##.####.####"}
CLAIM_FORMATS = ["GR-SIN-######", "S/2#/#####", "SIN2#-######", "2#@@######", "DOS.###.####",
                 "### ### ### S", "SX-202#/######"]
LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"


def _fill(rng: random.Random, pattern: str) -> str:
    return "".join(rng.choice(string.digits) if c == "#" else rng.choice(LETTERS) if c == "@"
                   else c for c in pattern)


def contract_number(rng: random.Random, insurer: str, product: str) -> str:
    if insurer == "MMA" and product in ("RC Pro", "Multirisque Pro"):
        return _fill(rng, "RCP/#######")
    return _fill(rng, CONTRACT_FORMATS.get(insurer, "@@@######"))


def claim_number(rng: random.Random, insurer: str) -> str:
    return _fill(rng, rng.choice(CLAIM_FORMATS))


INSURERS = ["AXA France", "Allianz France", "Generali France", "MAAF Assurances", "MACIF", "MMA",
            "Swiss Life", "Harmonie Mutuelle", "April", "Abeille Assurances", "Groupama",
            "Matmut", "GMF"]
# how the register writes an insurer (names or aliases of cabinet.toml)
INSURER_WRITTEN = {"AXA France": ["AXA France", "AXA"], "Allianz France": ["Allianz", "Allianz IARD"],
                   "Generali France": ["Generali"], "MAAF Assurances": ["MAAF"],
                   "MACIF": ["MACIF", "Macif"], "MMA": ["MMA IARD", "MMA"],
                   "Swiss Life": ["Swiss Life"], "Harmonie Mutuelle": ["Harmonie Mutuelle"],
                   "April": ["April"], "Abeille Assurances": ["Abeille Assurances", "Aviva"],
                   "Groupama": ["Groupama", "Gan Assurances"], "Matmut": ["Matmut"],
                   "GMF": ["GMF"]}


def phone_digits(rng: random.Random, mobile: bool) -> str:
    """Ten national digits, 0X…"""
    head = rng.choice("67") if mobile else rng.choice("12345")
    return "0" + head + _fill(rng, "########")


def write_phone(rng: random.Random, digits: str) -> str:
    """One of the usual French writings of a national number."""
    pairs = [digits[i:i + 2] for i in range(0, 10, 2)]
    style = rng.randrange(7)
    if style == 0:
        return " ".join(pairs)
    if style == 1:
        return ".".join(pairs)
    if style == 2:
        return digits
    if style == 3:
        return "+33 " + digits[1] + " " + " ".join(pairs[1:])
    if style == 4:
        return "+33 (0)" + digits[1] + " " + " ".join(pairs[1:])
    if style == 5:
        return "-".join(pairs)
    return "+33" + digits[1:]


def e164(digits: str) -> str:
    return "+33" + digits[1:]


def _ascii(text: str) -> str:
    import unicodedata
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if c.isalnum() and c.isascii()).lower()


@dataclass
class Person:
    civilite: str
    prenom: str
    nom: str
    adresse: str
    code_postal: str
    ville: str
    phone: str | None = None      # national digits
    email: str | None = None


def new_person(rng: random.Random, taken: set[tuple[str, str]] | None = None) -> Person:
    while True:
        woman = rng.random() < 0.5
        prenom = rng.choice(WOMEN if woman else MEN)
        nom = rng.choice(SURNAMES)
        if taken is None or (prenom, nom) not in taken:
            break
    if taken is not None:
        taken.add((prenom, nom))
    cp, ville = rng.choice(PLACES)
    num = str(rng.randint(1, 140))
    if rng.random() < 0.2:
        num += rng.choice([" bis", " ter", "bis", " B"])
    street = rng.choice(STREETS)
    adresse = f"{num} {street}"
    phone = phone_digits(rng, rng.random() < 0.75) if rng.random() < 0.85 else None
    email = None
    if rng.random() < 0.7:
        sep = rng.choice([".", "_", "-", ""])
        local = _ascii(prenom)[: rng.choice([1, 20])] + sep + _ascii(nom)
        if rng.random() < 0.3:
            local += str(rng.randint(1, 99))
        email = f"{local}@{rng.choice(MAIL_DOMAINS)}"
    return Person("Mme" if woman else "M.", prenom, nom, adresse, cp, ville, phone, email)


@dataclass
class Contract:
    numero: str
    client_id: str
    assureur: str      # cabinet.toml nom
    produit: str
    gestionnaire: str | None
    claims: list[Claim] = field(default_factory=list)


@dataclass
class Claim:
    numero: str
    contract: str
    gestionnaire: str | None


@dataclass
class Client:
    client_id: str
    statut: str
    person: Person
    gestionnaire: str
    phone_written: str | None
    contracts: list[Contract] = field(default_factory=list)


@dataclass
class Register:
    clients: list[Client]
    taken_names: set[tuple[str, str]]

    def owner(self, client: Client, contract: Contract | None, claim: Claim | None) -> str:
        """rules.md File owner, step 2: the most specific gestionnaire that has a value."""
        if claim is not None and claim.gestionnaire:
            return claim.gestionnaire
        if contract is not None and contract.gestionnaire:
            return contract.gestionnaire
        return client.gestionnaire


def build_register(rng: random.Random, n_clients: int = 300) -> Register:
    taken: set[tuple[str, str]] = set()
    numbers: set[str] = set()
    clients = []
    for i in range(n_clients):
        person = new_person(rng, taken)
        prospect = rng.random() < 0.08
        cid = f"AE-{10400 + i * 7:06d}"
        written = write_phone(rng, person.phone) if person.phone else None
        client = Client(cid, "prospect" if prospect else "client", person,
                        rng.choice(STAFF[1:]) if rng.random() < 0.9 else PROCESS_OWNER, written)
        if not prospect:
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
                insurer = rng.choice(INSURERS)
                product = rng.choice(PRODUCTS)
                num = contract_number(rng, insurer, product)
                if num in numbers:
                    continue
                numbers.add(num)
                gest = rng.choice(STAFF[1:]) if rng.random() < 0.2 else None
                contract = Contract(num, cid, insurer, product, gest)
                if rng.random() < 0.35:
                    cnum = claim_number(rng, insurer)
                    if cnum not in numbers:
                        numbers.add(cnum)
                        contract.claims.append(
                            Claim(cnum, num, rng.choice(STAFF[1:]) if rng.random() < 0.25 else None))
                client.contracts.append(contract)
        clients.append(client)
    return Register(clients, taken)


CLIENT_COLUMNS = ["client_id", "statut", "civilite", "nom", "prenom", "adresse", "code_postal",
                  "ville", "email", "telephone", "gestionnaire"]
CONTRACT_COLUMNS = ["numero_contrat", "client_id", "assureur", "produit", "gestionnaire"]
CLAIM_COLUMNS = ["numero_sinistre", "numero_contrat", "client_id", "assureur", "gestionnaire"]


def write_register(reg: Register, folder: Path, rng: random.Random) -> None:
    """Windows-1252, `;`-separated, CRLF: the export of a French office CRM (register.md)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows_cl, rows_co, rows_si = [], [], []
    for c in reg.clients:
        p = c.person
        rows_cl.append([c.client_id, c.statut, p.civilite, p.nom, p.prenom, p.adresse, p.code_postal,
                        p.ville, p.email or "", c.phone_written or "", c.gestionnaire])
        for k in c.contracts:
            written = rng.choice(INSURER_WRITTEN[k.assureur])
            rows_co.append([k.numero, c.client_id, written, k.produit, k.gestionnaire or ""])
            for s in k.claims:
                rows_si.append([s.numero, k.numero, c.client_id, written, s.gestionnaire or ""])
    for name, cols, rows in (("clients.csv", CLIENT_COLUMNS, rows_cl),
                             ("contrats.csv", CONTRACT_COLUMNS, rows_co),
                             ("sinistres.csv", CLAIM_COLUMNS, rows_si)):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        writer.writerow(cols)
        writer.writerows(rows)
        (folder / name).write_bytes(buf.getvalue().encode("cp1252"))
