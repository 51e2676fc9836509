"""A person's name and gender as a letter writes them.

Names: a word in capitals is the family name ("M. RIVIÈRE Antoine", "Mme Nicole BEN
YOUSSEF"), written back in natural case ("Ben Youssef"); without capitals the last
words are the family name, from the first particle on ("Anne-Sophie Le Goff"), or from
the first word after the given name that is no known first name ("Valérie Rocher
Perrin"; lexicon/first_names.txt). A line all in capitals is NOM PRÉNOM when known first
names end it and none starts it. Lines are read without the words and date of a
mail-room stamp (lexicon/mailroom_stamps.txt) and without OCR debris at their ends.

Gender: the civilité written, else the agreement of what the writer says of themselves
("je suis déçue"), else the first name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.textnorm import name_key, same_length
from pipeline.understand import lexicon
from pipeline.understand.dates import MONTHS, STAMP_FILLERS, stamp_word

MR, MRS = "M.", "Mme"

TITLES = {
    "m": MR, "m.": MR, "mr": MR, "mr.": MR, "monsieur": MR, "mm.": MR,
    "mme": MRS, "mme.": MRS, "madame": MRS, "mlle": MRS, "mlle.": MRS, "melle": MRS,
    "mademoiselle": MRS, "mme,": MRS, "mine": MRS, "mrne": MRS, "mmes": MRS,
    "maître": None, "maitre": None, "me": None, "me.": None, "dr": None, "dr.": None,
    "docteur": None,
}
_PARTICLES = frozenset(lexicon.words("name_particles"))
# Words that never belong to a person's name line (lexicon/name_stopwords.txt).
_NOT_NAME = frozenset(lexicon.words("name_stopwords"))
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*$")


_FEMININE_SELF = re.compile(
    r"(\b(je suis|j'ai été|je me suis|je reste|je demeure|je continue d'être|"
    r"je me sens)\s+(très |tout à fait |profondément |vraiment |particulièrement |"
    r"extrêmement |bien |assez |fort )?(?P<f>[a-zàâçéèêëîïôûùüÿœ]+(?:ée|ue|ète|ente|"
    r"euse|ière|ive|ise|rte|aite|inte))s?\b|"
    r"^\s*(?P<s>assurée|cliente|fidèle cliente|adhérente|sociétaire|propriétaire|locataire)\b"
    r"(?=.{0,60}(par|de|depuis|chez))|\bje suis (?P<c>cliente|assurée|adhérente)\b)",
    re.IGNORECASE | re.MULTILINE,
)
_MASCULINE_SELF = re.compile(
    r"(\b(je suis|j'ai été|je me suis|je reste|je continue d'être|je me sens)\s+"
    r"(très |tout à fait |profondément |vraiment |particulièrement |extrêmement |bien )?"
    r"(déçu|mécontent|inquiet|désolé|démarché|surpris|choqué|outré|indigné|assuré|client|"
    r"contraint|obligé|étonné|navré|lésé|exaspéré|excédé|furieux|consterné|abasourdi|"
    r"souscripteur)\b(?!e)|^\s*(assuré|fidèle client|client) "
    r"(par|de|depuis|chez))",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_SELF_FEMININE = {
    "personne", "lésée", "titulaire", "propriétaire", "locataire", "assise", "entreprise",
    "bise", "surprise", "mise", "prise", "suite", "vue", "venue", "rue", "issue", "due",
    "tenue", "revue", "ensuite",
}


def _civilite_of_first_name(value: str) -> str | None:
    if value not in (MR, MRS, "mixte"):
        raise ValueError("« M. », « Mme » ou « mixte » attendu")
    return None if value == "mixte" else value


# Known first names (lexicon/first_names.txt), folded, and the civilité each makes likely
# (None: either).
_FIRST_NAMES: dict[str, str | None] = {
    name_key(name): civilite
    for name, civilite in lexicon.mapping("first_names", _civilite_of_first_name).items()
}


def person_key(prenom: str | None, nom: str | None) -> str:
    return " ".join(sorted(name_key(f"{prenom or ''} {nom or ''}").split()))


@dataclass(frozen=True)
class PersonName:
    civilite: str | None
    prenom: str | None
    nom: str | None
    cased: bool  # the family name was told apart by its capitals
    titled: bool  # a civilité or "Maître" was written


def normalise(line: str) -> str:
    return line.replace("’", "'").replace("\u00a0", " ").strip()


def natural_case(name: str) -> str:
    """A name written in capitals, in natural case: "BEN YOUSSEF" -> "Ben Youssef"."""
    if not name.isupper():
        return name
    words = []
    for index, word in enumerate(name.split()):
        lower = word.lower()
        if index > 0 and lower in ("de", "du", "des", "d'"):
            words.append(lower)
            continue
        parts = re.split(r"([\-'])", lower)
        words.append("".join(p[:1].upper() + p[1:] for p in parts))
    return " ".join(words)


def _is_particle(token: str) -> bool:
    return token.casefold() in _PARTICLES or token.casefold().startswith("d'")


_DASH = re.compile(r"[\u2010-\u2015\u2212]")
_BROKEN_HYPHEN = re.compile(r"(?<=[^\W\d_])(?:- | -)(?=[^\W\d_])")  # "Rocher- Perrin"
_LEADING_DEBRIS = re.compile(r"^[^A-Za-zÀ-ÖØ-öø-ÿ]+")  # "| ", "‘", "» ", "- " before a name
_TRAILING_DEBRIS = re.compile(r"[^A-Za-zÀ-ÖØ-öø-ÿ.]+$")  # " :", " »", " |" after it


def without_stamp(line: str) -> str:
    """The line without the words of a mail-room stamp printed over it (lexicon
    mailroom_stamps, as OCR reads them: "REÇU LE 27 NOV. 2026", "EÇU LE", "COURRIER
    ARRIVÉ"), nor the fillers and the date that go with them."""
    tokens = line.split()
    folded = [re.sub(r"[^a-z0-9]", "", same_length(t).casefold()) for t in tokens]
    drop: set[int] = set()
    for index, word in enumerate(folded):
        if word.isalpha() and stamp_word(word):
            drop.add(index)
            before = index - 1
            while before >= 0 and folded[before] in STAMP_FILLERS:
                drop.add(before)
                before -= 1
            after = index + 1
            while after < len(tokens) and (
                folded[after] in STAMP_FILLERS or folded[after] in MONTHS
                or folded[after].isdigit() or not folded[after]
            ):  # fmt: skip
                drop.add(after)
                after += 1
    return " ".join(t for i, t in enumerate(tokens) if i not in drop)


_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_STAMP_DATE = re.compile(  # the date of a stamp beside a line: "27 NOV. 2026", "27/11/2026"
    rf"\s+\d{{1,2}}(?:er)?[\s./-]+(?:(?:{_MONTH_WORDS})\.?|\d{{1,2}})[\s./-]+\d{{2,4}}\s*$",
    re.IGNORECASE,
)


def without_stamp_date(line: str) -> str:
    """The line without the date that ends it, a stamp's printed beside it."""
    found = _STAMP_DATE.search(same_length(line))
    return line[: found.start()].rstrip() if found else line


_DATE_AFTER = re.compile(r"(,\s*|\s+)le\s+\d", re.IGNORECASE)  # "…, le 10/11/2026", "… Le 20"


def _without_date_column(line: str) -> str:
    """A name line without the place and date of a two-column head OCR read on the same
    line ("M. Ousmane KOWALSKI Strasbourg, le 10/11/2026"): the town before ", le" goes
    too."""
    found = _DATE_AFTER.search(line)
    if found is None:
        return line
    head = line[: found.start()]
    return head.rsplit(None, 1)[0] if found.group(1).startswith(",") and " " in head else head


def name_text(line: str) -> str:
    """A name line as OCR leaves it, cleaned: stamp words, the date column beside it, debris
    at either end ("Fabrice Robin :", "| Mme Roux") and a hyphen broken by a space
    ("Rocher- Perrin") mended."""
    text = _without_date_column(without_stamp(normalise(line)))
    text = _BROKEN_HYPHEN.sub("-", _DASH.sub("-", text))
    text = _TRAILING_DEBRIS.sub("", _LEADING_DEBRIS.sub("", text))
    return text.strip(" ,;:.")


def _is_first_name(token: str) -> bool:
    return name_key(token) in _FIRST_NAMES


def _trailing_first_names(tokens: list[str]) -> int | None:
    """Where the given name starts in a name in capitals written NOM PRÉNOM: the known first
    names that end it, after a family name that is none ("DUPONT JEAN PIERRE" -> 1); None
    when the line is not in capitals or its order cannot be told ("ROBIN FABRICE": both
    are first names, the usual Prénom NOM order stands)."""
    if len(tokens) < 2 or not all(t.isupper() for t in tokens):
        return None
    start = len(tokens)
    while start > 1 and _is_first_name(tokens[start - 1]):
        start -= 1
    if start == len(tokens) or _is_first_name(tokens[0]):
        return None
    return start


def parse_name(line: str) -> PersonName | None:
    """A person's name from a line such as "Mme Nicole BEN YOUSSEF" or "Pascal Blanchard"."""
    text = name_text(line)
    text = re.sub(r"\s*\(.*?\)\s*", " ", text).strip()
    if not text or len(text) > 60 or re.search(r"[\d@:/_|;]", text):
        return None
    tokens = text.split()
    civilite: str | None = None
    titled = False
    first = tokens[0].casefold()
    if first in TITLES:
        civilite, titled = TITLES[first], True
        tokens = tokens[1:]
    if not tokens or len(tokens) > 5:
        return None
    for token in tokens:
        folded = token.casefold().strip(".,")
        if folded in _NOT_NAME and not (_is_particle(token) and len(tokens) > 1):
            return None
        if _is_particle(token):
            continue
        if not _NAME_TOKEN.match(token):
            return None
        letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", token)
        if len(letters) <= 2 and not (titled and len(letters) == 2 and not token.isupper()):
            return None
        if not re.search(r"[aeiouyàâäéèêëîïôöûüÿœAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜŸŒ]", token):
            return None
    if all(_is_particle(t) for t in tokens):
        return None
    if len(tokens) == 1:
        if not titled:
            return None
        nom = tokens[0]
        return PersonName(civilite, None, natural_case(nom), nom.isupper(), True)
    capitals = [i for i, t in enumerate(tokens) if t.isupper() and len(t) >= 2]
    cased = 0 < len(capitals) < len(tokens)
    if cased:
        # The family name: the run of capitals (with a leading particle in capitals).
        start, end = capitals[0], capitals[0]
        while end + 1 < len(tokens) and tokens[end + 1].isupper():
            end += 1
        nom_tokens = tokens[start : end + 1]
        # Words after the family name, when the given name came before it, are something
        # else (a town or a word OCR glued on): "Ousmane KOWALSKI Strasbourg".
        prenom_tokens = tokens[:start] or tokens[end + 1 :]
        if not prenom_tokens:
            return None
    elif (given := _trailing_first_names(tokens)) is not None:
        # All in capitals, NOM PRÉNOM ("DUPONT JEAN", "LE GOFF ANNE-SOPHIE"): the first
        # names that end the line are the given name when the line starts with none.
        prenom_tokens, nom_tokens = tokens[given:], tokens[:given]
    elif _is_particle(tokens[0]):
        # A family name first ("Le Goff", "Van den Berghe Hugo"): the first names ending it
        # are the given name.
        given = len(tokens)
        while given > 2 and _is_first_name(tokens[given - 1]):
            given -= 1
        prenom_tokens, nom_tokens = tokens[given:], tokens[:given]
    else:
        split = next(
            (i for i in range(1, len(tokens) - 1) if _is_particle(tokens[i])), len(tokens) - 1
        )
        if split == len(tokens) - 1:
            # No particle: the given names are the first names at the start ("Jean Pierre
            # Martin"); the next word that is none starts the family name ("Valérie Rocher
            # Perrin").
            split = next((i for i in range(1, split) if not _is_first_name(tokens[i])), split)
        prenom_tokens, nom_tokens = tokens[:split], tokens[split:]
    while len(nom_tokens) > 1 and nom_tokens[-1].casefold() in _PARTICLES:
        nom_tokens = nom_tokens[:-1]  # no family name ends with a particle: "FERRAND LE"
    if all(t.casefold() in _PARTICLES for t in nom_tokens):
        return None  # "REÇU LE": a particle alone is no family name
    prenom = natural_case(" ".join(prenom_tokens)) if prenom_tokens else None
    nom = natural_case(" ".join(nom_tokens))
    return PersonName(civilite, prenom, nom, cased, titled)


def civilite_of(title: str) -> str | None:
    """"M." or "Mme" for a title however it is written ("MME", "Monsieur", "Mr", "M."),
    None for other titles ("Maître", "Dr") and unknown words."""
    return TITLES.get(title.strip().casefold())


# --- gender ----------------------------------------------------------------------------


def gender_from_text(text: str) -> str | None:
    """The writer's gender from the agreement of what they say of themselves."""
    feminine = 0
    for match in _FEMININE_SELF.finditer(text):
        word = (match.group("f") or match.group("s") or match.group("c") or "").casefold()
        if word and word not in _NOT_SELF_FEMININE:
            feminine += 1
    masculine = len(_MASCULINE_SELF.findall(text))
    if feminine > masculine:
        return MRS
    if masculine > feminine:
        return MR
    return None


def gender_from_first_name(prenom: str | None) -> str | None:
    if not prenom:
        return None
    raw = prenom.split()[0].split("-")[0].casefold()
    for known in (name_key(prenom.split()[0]), name_key(raw)):
        if _FIRST_NAMES.get(known):
            return _FIRST_NAMES[known]
    if re.search(r"(a|e|ée|ie|ine|elle|ette|ise|lyn|ia)$", raw):
        return MRS
    return MR
