"""A sample client register (CRM export) for Alter Ego Assurances, from a seeded generator.

    python -m tools.synth.client_register --out config/registre --seed 7

writes ``clients.csv``, ``contrats.csv`` and ``sinistres.csv`` as French Excel exports
them: ``;``-separated UTF-8 with BOM and CRLF line ends. The same seed and the same
``cabinet.toml`` give the same bytes.

What it contains, so the loader and the matcher meet real-life shapes: French names with
accents, particles, hyphenated and compound names, upper-case family names as CRMs
store them, a few companies (RC Pro); real postal codes with their towns across France
(a few with the leading zero lost by a spreadsheet: ``1000`` for ``01000``); phone
numbers in several writings; e-mails for most clients (some in mixed case); prospects
without contracts; gestionnaire ids, insurers and their short names from cabinet.toml;
contract numbers in insurer-specific formats; contract- and claim-level gestionnaire
overrides; a few multi-line addresses.

Nothing designates a real person: phone numbers come from the ranges ARCEP reserves for
fiction (01 99 00, 02 61 91, 03 53 01, 04 65 71, 05 36 49, 06 39 98, 09 99 00) and
e-mail domains end in the reserved ``.example``.
"""

from __future__ import annotations

import argparse
import csv
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.client_register import reference_key
from pipeline.settings import Settings
from pipeline.settings_load import load_settings

CLIENT_HEADERS = [
    "client_id", "statut", "civilite", "nom", "prenom", "adresse", "code_postal", "ville",
    "email", "telephone", "gestionnaire",
]  # fmt: skip
CONTRACT_HEADERS = ["numero_contrat", "client_id", "assureur", "produit", "gestionnaire"]
CLAIM_HEADERS = ["numero_sinistre", "numero_contrat", "client_id", "assureur", "gestionnaire"]

# (postal code, town, weight): real codes with their towns; Paris and its suburbs,
# where the cabinet is, weigh more.
TOWNS: list[tuple[str, str, int]] = [
    ("75011", "Paris", 6), ("75012", "Paris", 3), ("75020", "Paris", 3), ("75015", "Paris", 3),
    ("75017", "Paris", 2), ("75018", "Paris", 2), ("75010", "Paris", 2), ("75003", "Paris", 1),
    ("75005", "Paris", 1), ("75014", "Paris", 2), ("75019", "Paris", 2), ("75016", "Paris", 1),
    ("93100", "Montreuil", 3), ("94300", "Vincennes", 2), ("93200", "Saint-Denis", 2),
    ("92100", "Boulogne-Billancourt", 2), ("94000", "Créteil", 2), ("92700", "Colombes", 1),
    ("94400", "Vitry-sur-Seine", 1), ("92400", "Courbevoie", 1), ("78000", "Versailles", 2),
    ("92200", "Neuilly-sur-Seine", 1), ("94100", "Saint-Maur-des-Fossés", 2),
    ("93000", "Bobigny", 1), ("95100", "Argenteuil", 1), ("95000", "Cergy", 1),
    ("77100", "Meaux", 1), ("77000", "Melun", 1), ("91000", "Évry-Courcouronnes", 1),
    ("78100", "Saint-Germain-en-Laye", 1), ("92000", "Nanterre", 1), ("95300", "Pontoise", 1),
    ("69003", "Lyon", 2), ("69006", "Lyon", 1), ("69007", "Lyon", 1), ("69100", "Villeurbanne", 1),
    ("13001", "Marseille", 1), ("13008", "Marseille", 1), ("13005", "Marseille", 1),
    ("13100", "Aix-en-Provence", 1), ("31000", "Toulouse", 1), ("31400", "Toulouse", 1),
    ("06000", "Nice", 1), ("06400", "Cannes", 1), ("06600", "Antibes", 1), ("06500", "Menton", 1),
    ("44000", "Nantes", 1), ("44600", "Saint-Nazaire", 1), ("67000", "Strasbourg", 1),
    ("67600", "Sélestat", 1), ("68100", "Mulhouse", 1), ("68000", "Colmar", 1),
    ("57000", "Metz", 1), ("57100", "Thionville", 1), ("34000", "Montpellier", 1),
    ("33000", "Bordeaux", 1), ("33700", "Mérignac", 1), ("33120", "Arcachon", 1),
    ("59000", "Lille", 1), ("59100", "Roubaix", 1), ("59140", "Dunkerque", 1),
    ("35000", "Rennes", 1), ("35400", "Saint-Malo", 1), ("51100", "Reims", 1),
    ("42000", "Saint-Étienne", 1), ("83000", "Toulon", 1), ("76600", "Le Havre", 1),
    ("76000", "Rouen", 1), ("38000", "Grenoble", 1), ("21000", "Dijon", 1), ("49000", "Angers", 1),
    ("49300", "Cholet", 1), ("30000", "Nîmes", 1), ("63000", "Clermont-Ferrand", 1),
    ("72000", "Le Mans", 1), ("29200", "Brest", 1), ("29000", "Quimper", 1), ("37000", "Tours", 1),
    ("80000", "Amiens", 1), ("87000", "Limoges", 1), ("74000", "Annecy", 1),
    ("66000", "Perpignan", 1), ("25000", "Besançon", 1), ("45000", "Orléans", 1),
    ("14000", "Caen", 1), ("54000", "Nancy", 1), ("64000", "Pau", 1), ("64100", "Bayonne", 1),
    ("64200", "Biarritz", 1), ("84000", "Avignon", 1), ("86000", "Poitiers", 1),
    ("17000", "La Rochelle", 1), ("79000", "Niort", 1), ("56000", "Vannes", 1),
    ("56100", "Lorient", 1), ("22000", "Saint-Brieuc", 1), ("28000", "Chartres", 1),
    ("27000", "Évreux", 1), ("60000", "Beauvais", 1), ("60200", "Compiègne", 1),
    ("73000", "Chambéry", 1), ("26000", "Valence", 1), ("53000", "Laval", 1),
    ("16000", "Angoulême", 1), ("24000", "Périgueux", 1), ("47000", "Agen", 1),
    ("82000", "Montauban", 1), ("81000", "Albi", 1), ("65000", "Tarbes", 1),
    ("40000", "Mont-de-Marsan", 1), ("43000", "Le Puy-en-Velay", 1), ("88000", "Épinal", 1),
    ("89000", "Auxerre", 1), ("71000", "Mâcon", 1), ("90000", "Belfort", 1),
    ("18000", "Bourges", 1), ("41000", "Blois", 1), ("19100", "Brive-la-Gaillarde", 1),
    ("62000", "Arras", 1), ("62100", "Calais", 1), ("85000", "La Roche-sur-Yon", 1),
    ("50100", "Cherbourg-en-Cotentin", 1), ("20000", "Ajaccio", 1), ("20200", "Bastia", 1),
    ("01000", "Bourg-en-Bresse", 1), ("01100", "Oyonnax", 1), ("02100", "Saint-Quentin", 1),
    ("03100", "Montluçon", 1), ("03200", "Vichy", 1), ("04100", "Manosque", 1),
    ("05000", "Gap", 1), ("07100", "Annonay", 1), ("08000", "Charleville-Mézières", 1),
    ("09100", "Pamiers", 1),
]  # fmt: skip

STREETS = [
    "rue de la République", "rue Victor Hugo", "avenue Jean Jaurès", "boulevard Gambetta",
    "rue Pasteur", "rue du Général de Gaulle", "place de la Mairie", "chemin des Vignes",
    "allée des Tilleuls", "impasse des Lilas", "rue Émile Zola", "rue de l'Église",
    "route de Lyon", "avenue du Maréchal Foch", "rue Jules Ferry", "rue des Écoles",
    "rue du Moulin", "rue Anatole France", "boulevard de la Liberté", "rue de la Gare",
    "rue Saint-Jacques", "rue Nationale", "avenue de Verdun", "rue Jean Moulin",
    "rue des Acacias", "rue du 8 Mai 1945", "rue du 11 Novembre", "rue Voltaire",
    "rue Carnot", "rue de Paris", "avenue de la Libération", "rue Condorcet", "rue Lamartine",
    "rue Paul Bert", "rue des Fleurs", "place du Marché", "rue Denfert-Rochereau",
    "rue La Fayette", "rue Georges Clemenceau", "rue de Bretagne", "rue Sadi Carnot",
    "rue des Cerisiers", "chemin du Lavoir", "rue d'Alsace", "avenue des Peupliers",
    "rue de la Fontaine", "quai des Chartrons", "rue Oberkampf", "boulevard Voltaire",
    "rue de Charonne", "avenue Parmentier", "rue du Faubourg Saint-Antoine", "rue Saint-Maur",
    "rue des Pyrénées", "rue de Bagnolet", "avenue Gambetta", "rue de Lourmel",
    "rue de la Convention", "rue Marcadet", "rue de Meaux", "rue des Rosiers", "rue Mouffetard",
]  # fmt: skip
COMPLEMENTS = [
    "Bât. B", "Résidence Les Érables", "Apt 12", "Escalier C, 3e étage", "Résidence du Parc",
    "Bâtiment A, appt 24", "Chez M. et Mme Durand", "Lieu-dit Les Granges", "2e étage gauche",
]  # fmt: skip

SURNAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Duval", "Denis",
    "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud",
    "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez",
    "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
    "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier",
    "Philippe", "Bourgeois", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq",
    "Guillaume", "Lecomte", "Lopez", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier",
    "Sanchez", "Dupuis", "Moulin", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher",
    "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Poirier", "Marty", "Aubry", "Guyot",
    "Carré", "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly",
    "Hervé", "Schneider", "Fernandez", "Collet", "Léger", "Bouvier", "Prévost", "Millet",
    "Perrot", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Pelletier",
    "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber", "Mallet", "Hamon",
    "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne",
    "Grondin", "Poulain", "Tessier", "Chauvin", "Bouchet", "Lemaître", "Bénard", "Maréchal",
    "Humbert", "Reynaud", "Hoarau", "Perret", "Barthélemy", "Cordier", "Pichon", "Lejeune",
    "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte", "Nguyen", "Tran",
    "Pham", "Dos Santos", "Da Silva", "Da Costa", "Pereira", "Ferreira", "Lopes", "Haddad",
    "Diallo", "N'Diaye", "Traoré", "Ben Youssef", "El Amrani", "Bensaïd", "Kowalski", "Rossi",
    "Le Gall", "Le Goff", "Le Roux", "Le Floch", "Le Bihan", "Le Guen", "de La Roche",
    "de Villeneuve", "du Plessis", "d'Arcy", "de Montaigu", "d'Almeida", "Van den Berghe",
]  # fmt: skip
MALE_NAMES = [
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Christophe", "Patrick",
    "Laurent", "Frédéric", "Stéphane", "Éric", "David", "Julien", "Sébastien", "Olivier",
    "Thierry", "Jérôme", "François", "Pascal", "Antoine", "Hugo", "Lucas", "Théo", "Maxime",
    "Thomas", "Alexandre", "Romain", "Mathieu", "Guillaume", "Benoît", "Loïc", "Gaël", "Maël",
    "Noé", "Raphaël", "Mickaël", "Cédric", "Hervé", "Gérard", "Jean-Pierre", "Jean-Claude",
    "Jean-Marc", "Jean-François", "Jean-Luc", "Pierre-Yves", "Paul-Henri", "Marc-Antoine",
    "Yannick", "Karim", "Mehdi", "Youssef", "Mamadou", "Kévin", "Anthony", "Bruno", "Didier",
    "Rémi", "Timothée", "Aurélien", "Jérémy", "Grégory", "Bastien", "Quentin", "Étienne",
]  # fmt: skip
FEMALE_NAMES = [
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Christine",
    "Valérie", "Sandrine", "Céline", "Sophie", "Stéphanie", "Aurélie", "Julie", "Camille",
    "Émilie", "Chloé", "Léa", "Manon", "Inès", "Zoé", "Océane", "Hélène", "Brigitte",
    "Monique", "Martine", "Nicole", "Élodie", "Laëtitia", "Gaëlle", "Noémie", "Anaïs",
    "Mélanie", "Agnès", "Bérénice", "Solène", "Maëlys", "Clémence", "Marie-Claire",
    "Marie-Christine", "Anne-Sophie", "Anne-Laure", "Marie-Hélène", "Marie-Thérèse",
    "Marie-Pierre", "Fatima", "Yasmine", "Aïcha", "Amandine", "Pauline", "Margaux", "Justine",
    "Laure", "Cécile", "Delphine", "Véronique", "Josiane", "Ghislaine", "Lucie", "Éloïse",
]  # fmt: skip
COMPANY_PATTERNS = [
    "SARL Boulangerie {nom}", "EURL Plomberie {nom}", "SAS Transports {nom}",
    "Cabinet infirmier {nom}", "SARL Garage {nom}", "Pharmacie {nom}",
    "Menuiserie {nom} et Fils", "SELARL Dr {nom}", "SAS {nom} Électricité",
    "SARL Restaurant Chez {prenom}", "EI {prenom} {nom} Architecte", "SCI {nom} Patrimoine",
]  # fmt: skip
MAIL_DOMAINS = [
    "orange.example", "gmail.example", "free.example", "laposte.example", "sfr.example",
    "hotmail.example", "wanadoo.example", "yahoo.example", "outlook.example", "bbox.example",
]  # fmt: skip

# Fictitious ranges (ARCEP): the region's landline prefix by the first digit of the department.
_LANDLINE = {"1": "0199 00", "2": "0261 91", "3": "0353 01", "4": "0465 71", "5": "0536 49"}
_DEPARTMENTS_BY_REGION = {
    "1": "75 77 78 91 92 93 94 95",
    "2": "14 18 22 27 28 29 35 36 37 41 44 45 49 50 53 56 61 72 76 85",
    "3": "02 08 10 21 25 39 51 52 54 55 57 58 59 60 62 67 68 70 71 80 88 89 90",
    "4": "01 03 04 05 06 07 13 20 26 30 34 38 42 43 48 63 69 73 74 83 84",
}  # other departments: "5" (south-west)
_REGION_OF_DEPARTMENT = {
    department: region
    for region, departments in _DEPARTMENTS_BY_REGION.items()
    for department in departments.split()
}

PRODUCTS = {"Auto": 30, "MRH": 28, "Santé": 15, "Prévoyance": 8, "Emprunteur": 10, "RC Pro": 4}
PRODUCT_CODES = {
    "Auto": "AUT", "MRH": "MRH", "Santé": "SAN", "Prévoyance": "PRV", "Emprunteur": "EMP",
    "RC Pro": "RCP",
}  # fmt: skip
# Which organisations (by cabinet.toml name) carry which product, as a broker places them.
CARRIERS = {
    "Auto": ["AXA France", "Allianz France", "Generali France", "MAAF Assurances", "MACIF",
             "MAIF", "Groupama", "MMA", "Matmut", "GMF", "Pacifica", "Abeille Assurances",
             "Solly Azar"],
    "MRH": ["AXA France", "Allianz France", "Generali France", "MAAF Assurances", "MACIF",
            "MAIF", "Groupama", "MMA", "Matmut", "GMF", "Pacifica", "Abeille Assurances"],
    "Santé": ["Harmonie Mutuelle", "Swiss Life", "April", "AG2R La Mondiale", "Allianz France",
              "AXA France", "Generali France", "Néoliane Santé", "Santiane", "Groupama"],
    "Prévoyance": ["AG2R La Mondiale", "Swiss Life", "AXA France", "Generali France",
                   "Allianz France", "April", "Harmonie Mutuelle"],
    "RC Pro": ["AXA France", "Allianz France", "Generali France", "MMA", "Abeille Assurances",
               "April", "Groupama"],
    "Emprunteur": ["CNP Assurances", "April", "Zéphir Assurances", "AXA France", "Swiss Life",
                   "Generali France", "Abeille Assurances"],
}  # fmt: skip

_LETTERS = "ABCDEFGHJKLMNPRSTUVWXZ"
_LEGAL_FORMS = ("sarl", "eurl", "sas", "selarl", "ei", "sci")


def _contract_number(insurer: str, product: str, year: int, rng: random.Random) -> str:
    """A contract number in the insurer's own format."""
    n = rng.randrange(1, 999_999)
    code = PRODUCT_CODES[product]
    letter = rng.choice(_LETTERS)
    formats: dict[str, Callable[[], str]] = {
        "AXA France": lambda: f"AX-{year}-{n:06d}",
        "Allianz France": lambda: (
            f"{rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(100, 999)} {letter}"
        ),
        "Generali France": lambda: f"GN{rng.randrange(10**7, 10**8)}",
        "MAAF Assurances": lambda: f"{code}/{year}/{n:06d}",
        "MACIF": lambda: f"{rng.randrange(10**6, 10**7)}-{rng.randrange(1, 99):02d}",
        "MAIF": lambda: f"{rng.randrange(10**6, 10**7)} {letter}",
        "Groupama": lambda: f"GPA.{rng.randrange(10, 99)}.{n:06d}",
        "MMA": lambda: f"{letter}{rng.randrange(10**7, 10**8)}",
        "Matmut": lambda: f"MT {year} {rng.randrange(10**6, 10**7):07d}",
        "GMF": lambda: f"GMF{code}{rng.randrange(10**7, 10**8)}",
        "Pacifica": lambda: f"PAC {rng.randrange(10**7, 10**8)} {rng.randrange(1, 99):02d}",
        "AG2R La Mondiale": lambda: f"AG2R-{code}-{n:06d}",
        "Swiss Life": lambda: f"SL{rng.randrange(10**6, 10**7)}/{rng.randrange(1, 99):02d}",
        "Harmonie Mutuelle": lambda: f"HM-{rng.randrange(10**7, 10**8)}",
        "Abeille Assurances": lambda: f"AB-{year % 100:02d}-{rng.randrange(10**6, 10**7)}",
        "CNP Assurances": lambda: f"CNP-{code}-{year}-{n % 100_000:05d}",
        "April": lambda: f"APR{year % 100:02d}{rng.randrange(10**6, 10**7)}",
        "Solly Azar": lambda: f"SA-{rng.randrange(10**6, 10**7)}-A",
        "Santiane": lambda: f"STN{rng.randrange(10**7, 10**8)}",
        "Néoliane Santé": lambda: f"NEO-{rng.randrange(10**6, 10**7)}",
        "Zéphir Assurances": lambda: f"ZEP{year}{n:06d}",
    }
    make = formats.get(insurer, lambda: f"{code}-{year}-{n:06d}")
    return make()


def _claim_number(style: int, year: int, rng: random.Random) -> str:
    n = rng.randrange(1, 99_999)
    yy = year % 100
    return [
        lambda: f"SIN-{yy:02d}-{n:05d}",
        lambda: f"{year}/SIN/{rng.randrange(10**5, 10**6)}",
        lambda: f"S{yy:02d} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
        lambda: f"{yy:02d}-{rng.randrange(10**6, 10**7)}-{rng.choice(_LETTERS)}",
    ][style % 4]()


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _slug(text: str) -> str:
    return "".join(c for c in _ascii(text).lower() if c.isalnum())


def _weighted(rng: random.Random, choices: dict[str, int]) -> str:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


@dataclass
class ClientRegisterSample:
    """The three tables, as rows of text under their headers."""

    clients: list[list[str]] = field(default_factory=list)
    contrats: list[list[str]] = field(default_factory=list)
    sinistres: list[list[str]] = field(default_factory=list)


class _Generator:
    def __init__(self, settings: Settings, seed: int) -> None:
        self.rng = random.Random(seed)
        self.settings = settings
        self.staff = [c.id for c in settings.collaborators]
        owner = settings.process_owner.id
        # the process owner keeps a smaller portfolio
        self.staff_weights = [1 if s == owner else 3 for s in self.staff]
        self.organisations = {o.name: o for o in settings.organisations}
        self.phones_used: set[str] = set()
        self.references_used: set[str] = set()

    def staff_member(self, other_than: str | None = None) -> str:
        while True:
            found = self.rng.choices(self.staff, weights=self.staff_weights)[0]
            if found != other_than or len(self.staff) == 1:
                return found

    def phone(self, prefix: str) -> str:
        """A fictitious number: the 6-digit reserved prefix, then 4 random digits."""
        while True:
            digits = prefix.replace(" ", "") + f"{self.rng.randrange(10_000):04d}"
            if digits not in self.phones_used:
                self.phones_used.add(digits)
                break
        pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
        style = self.rng.choices(range(8), weights=[30, 18, 12, 10, 6, 5, 4, 3])[0]
        national = digits[1:]
        return [
            " ".join(pairs),
            digits,
            "+33 " + national[0] + " " + " ".join(pairs[1:]),
            ".".join(pairs),
            "-".join(pairs),
            "+33 (0)" + national[0] + " " + " ".join(pairs[1:]),
            "+33" + national,
            "0033 " + national[0] + " " + " ".join(pairs[1:]),
        ][style]

    def address(self) -> str:
        rng = self.rng
        number = str(rng.choice([rng.randrange(1, 40), rng.randrange(1, 180)]))
        if rng.random() < 0.07:
            number += rng.choice([" bis", " ter", "bis"])
        line = f"{number} {rng.choice(STREETS)}"
        roll = rng.random()
        if roll < 0.02:
            return f"{line}\n{rng.choice(COMPLEMENTS)}"  # a two-line address
        if roll < 0.12:
            return f"{rng.choice(COMPLEMENTS)}, {line}"
        return line

    def email(self, prenom: str, nom: str) -> str:
        rng = self.rng
        p, n = _slug(prenom), _slug(nom)
        local = rng.choice(
            [f"{p}.{n}", f"{p[0]}{n}", f"{n}.{p}", f"{p}{n}{rng.randrange(50, 99)}", f"{p}-{n}",
             f"{p[0]}.{n}"]
        )  # fmt: skip
        domain = rng.choice(MAIL_DOMAINS)
        if rng.random() < 0.1:  # as people type them on forms: Jean.Dupont@Orange.example
            local = ".".join(part.capitalize() for part in local.split("."))
            domain = domain.capitalize()
        return f"{local}@{domain}"

    def person(self) -> tuple[str, str, str]:
        """(civilité, nom, prénom) of a private client."""
        rng = self.rng
        female = rng.random() < 0.5
        prenom = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        nom = rng.choice(SURNAMES)
        if rng.random() < 0.07:
            other = rng.choice([s for s in SURNAMES if " " not in s and "'" not in s])
            if other != nom and " " not in nom and "'" not in nom:
                nom = f"{nom}-{other}"
        if rng.random() < 0.3 and not nom.startswith(("de ", "du ", "d'")):
            nom = nom.upper()
        civilite = rng.choices(
            ["Mme", "Madame", "MME"] if female else ["M.", "Monsieur", "M", "Mr"],
            weights=[85, 8, 7] if female else [82, 8, 6, 4],
        )[0]
        return civilite, nom, prenom

    def client_rows(self, count: int) -> list[list[str]]:
        rng = self.rng
        rows = []
        number = 1000
        towns = [t[:2] for t in TOWNS]
        weights = [t[2] for t in TOWNS]
        lost_zero = 0
        for _ in range(count):
            number += rng.randrange(1, 40)
            company = rng.random() < 0.05
            if company:
                _, family, given = self.person()
                nom = rng.choice(COMPANY_PATTERNS).format(nom=family.title(), prenom=given)
                civilite, prenom = "", ""
            else:
                civilite, nom, prenom = self.person()
            prospect = not company and rng.random() < 0.12
            statut = rng.choices(
                ["prospect", "Prospect"] if prospect else ["client", "Client", "CLIENT"],
                weights=[80, 20] if prospect else [80, 15, 5],
            )[0]
            code, town = rng.choices(towns, weights=weights)[0]
            written_code = code
            if code.startswith("0") and lost_zero < 4 and rng.random() < 0.4:
                written_code, lost_zero = code[1:], lost_zero + 1  # a spreadsheet ate the zero
            ville = town.upper() if rng.random() < 0.25 else town
            email = ""
            if company:
                words = [w for w in _ascii(nom).lower().split() if w not in _LEGAL_FORMS]
                email = f"contact@{'-'.join(_slug(w) for w in words[:3])}.example"
            elif rng.random() < 0.82:
                email = self.email(prenom, nom)
            telephone = ""
            if rng.random() < 0.85:
                department = code[:2]
                region = _REGION_OF_DEPARTMENT.get(department, "5")
                mobile = rng.random() < 0.7
                telephone = self.phone("0639 98" if mobile else _LANDLINE[region])
                if rng.random() < 0.15:
                    second = self.phone(_LANDLINE[region] if mobile else "0639 98")
                    telephone += rng.choice([" / ", " - ", " ou ", " ; "]) + second
            rows.append(
                [
                    f"C{number:06d}", statut, civilite, nom, prenom, self.address(),
                    written_code, ville, email, telephone, self.staff_member(),
                ]
            )  # fmt: skip
        return rows

    def contract_rows(self, clients: list[list[str]]) -> list[list[str]]:
        rng = self.rng
        rows = []
        for client in clients:
            client_id, statut, civilite, gestionnaire = client[0], client[1], client[2], client[10]
            if statut.lower() == "prospect":
                continue
            company = not civilite
            count = rng.choices([1, 2, 3, 4], weights=[48, 30, 16, 6])[0]
            products: list[str] = []
            for _ in range(count):
                if company:
                    product = "RC Pro" if "RC Pro" not in products else rng.choice(["Auto", "MRH"])
                else:
                    product = _weighted(rng, PRODUCTS)
                products.append(product)
            for product in products:
                insurer = rng.choice(
                    [c for c in CARRIERS[product] if c in self.organisations]
                    or list(self.organisations)
                )
                year = rng.randrange(2012, 2026)
                while True:
                    numero = _contract_number(insurer, product, year, rng)
                    if reference_key(numero) not in self.references_used:
                        self.references_used.add(reference_key(numero))
                        break
                org = self.organisations.get(insurer)
                written = insurer
                if org is not None and org.aliases and rng.random() < 0.3:
                    written = rng.choice(org.aliases)
                override = self.staff_member(other_than=gestionnaire) if rng.random() < 0.08 else ""
                rows.append([numero, client_id, written, product, override])
        return rows

    def claim_rows(self, contracts: list[list[str]], target: int) -> list[list[str]]:
        rng = self.rng
        weights = [{"Auto": 6, "MRH": 5, "Santé": 1, "RC Pro": 2}.get(c[3], 1) for c in contracts]
        rows = []
        styles = {name: i for i, name in enumerate(self.organisations)}
        for contract in rng.choices(contracts, weights=weights, k=target):
            numero_contrat, client_id, assureur, _, override = contract
            org = next(
                (o for o in self.organisations.values() if assureur in o.names), None
            )  # fmt: skip
            style = styles.get(org.name, 0) if org else 0
            year = rng.randrange(2019, 2026)
            while True:
                numero = _claim_number(style, year, rng)
                if reference_key(numero) not in self.references_used:
                    self.references_used.add(reference_key(numero))
                    break
            gestionnaire = ""
            if rng.random() < 0.1:
                gestionnaire = self.staff_member(other_than=override or None)
            rows.append(
                [
                    numero,
                    numero_contrat,
                    "" if rng.random() < 0.05 else client_id,  # the loader takes the contract's
                    "" if rng.random() < 0.2 else assureur,
                    gestionnaire,
                ]
            )
        rows.sort(key=lambda r: (r[0][:1].isdigit(), r[0]))
        return rows


def generate(
    settings: Settings, seed: int = 7, clients: int = 300, claims: int = 120
) -> ClientRegisterSample:
    """The sample register for `settings` (its staff and organisations), deterministic."""
    gen = _Generator(settings, seed)
    client_rows = gen.client_rows(clients)
    contract_rows = gen.contract_rows(client_rows)
    claim_rows = gen.claim_rows(contract_rows, claims)
    return ClientRegisterSample(
        clients=[CLIENT_HEADERS, *client_rows],
        contrats=[CONTRACT_HEADERS, *contract_rows],
        sinistres=[CLAIM_HEADERS, *claim_rows],
    )


def write_csv(sample: ClientRegisterSample, out: Path) -> list[Path]:
    """Write the three tables the way French Excel exports them (`;`, UTF-8 BOM, CRLF)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in (
        ("clients", sample.clients),
        ("contrats", sample.contrats),
        ("sinistres", sample.sinistres),
    ):
        path = out / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.synth.client_register",
        description="Write a sample client register (clients, contrats, sinistres CSV).",
    )
    parser.add_argument("--out", type=Path, default=Path("config/registre"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cabinet", type=Path, default=Path("config/cabinet.toml"),
        help="the cabinet.toml whose staff and organisations the register uses",
    )  # fmt: skip
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--claims", type=int, default=120)
    args = parser.parse_args(argv)
    sample = generate(load_settings(args.cabinet), args.seed, args.clients, args.claims)
    for path in write_csv(sample, args.out):
        print(f"{path}: {sum(1 for _ in path.open(encoding='utf-8-sig')) - 1} lines")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
