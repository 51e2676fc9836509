"""Who complains, and who writes for them: the claimant and the representative of a letter.

`read_parties(letter, nlp, settings)` reads, in this order:

1. the writer: the name, address and contacts of the sender block (top left, up to the
   recipient block), of the signature (after the closing formula) and of the email's
   sender (for a staff forward, `letter.email` is already the original sender). The
   cabinet, its staff, the Mediator, the insurers of `settings.organisations` and the
   addressee are never taken;
2. a mandate: a lawyer ("Maître", "mon client"), a relative ("au nom de ma mère"), a
   curator or tutor ("en qualité de curatrice de M. X"), a consumer association ("notre
   adhérent") writing for someone. Then the claimant is the person represented (their
   name and, when written, their address), `statut` is "mandataire", and the writer is
   the `Representative` with a `qualite` ("avocat", "fille", "curateur", …);
3. otherwise the claimant is the writer, with the `statut` the item states ("client",
   "prospect", "ayant droit", "tiers") or None when it states none.

Names: a word in capitals is the family name ("M. RIVIÈRE Antoine", "Mme Nicole BEN
YOUSSEF"), written back in natural case ("Ben Youssef"); without capitals the last
words are the family name, from the first particle on ("Anne-Sophie Le Goff"), or from
the first word after the given name that is no known first name ("Valérie Rocher
Perrin"; lexicon/first_names.txt). A line all in capitals is NOM PRÉNOM when known first
names end it and none starts it. Lines are read without the words and date of a
mail-room stamp (lexicon/mailroom_stamps.txt) and without OCR debris at their ends.
When the client register is given (`RegisterNames`), a client's whole name in a line of
the sender block or signature, in the postal code read there, is taken with the
register's split and spelling ("Rocher-Perrin").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.client_register import Client
from pipeline.record import Claimant, Representative, Statut
from pipeline.settings import Settings
from pipeline.understand import lexicon
from pipeline.understand.contacts import (
    find_address_in_text,
    find_emails,
    find_phones,
    parse_postal_lines,
    postal_code,
    unique,
)
from pipeline.understand.dates import MONTHS, STAMP_FILLERS, stamp_word
from pipeline.understand.dates import fold as fold_same_length
from pipeline.understand.letter import Letter
from pipeline.understand.nlp import LazyNlp

MR, MRS = "M.", "Mme"

_TITLES = {
    "m": MR, "m.": MR, "mr": MR, "mr.": MR, "monsieur": MR, "mm.": MR,
    "mme": MRS, "mme.": MRS, "madame": MRS, "mlle": MRS, "mlle.": MRS, "melle": MRS,
    "mademoiselle": MRS, "mme,": MRS, "mine": MRS, "mrne": MRS, "mmes": MRS,
    "maître": None, "maitre": None, "me": None, "me.": None, "dr": None, "dr.": None,
    "docteur": None,
}
_PARTICLES = frozenset(lexicon.words("name_particles"))
# Words that never belong to a person's name line (lexicon/name_stopwords.txt).
_NOT_NAME = frozenset(lexicon.words("name_stopwords"))
_HEADER_LINE = re.compile(
    r"^(de|from|envoy[ée]|sent|[àa]|to|cc|date|objet|subject|sujet|exp[ée]diteur)\s*:",
    re.IGNORECASE,
)
_RECIPIENT_START = re.compile(
    r"^(à l'attention|a l'attention|à l’attention|attn|destinataire|service\b|direction\b|"
    r"pôle\b|département\b)",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"(^(fait\s+)?([àa]\s+)?[A-ZÀ-Ýa-zà-ÿ'’ \-]{2,40},?\s+le\s+\d)|"
    r"^le\s+\d{1,2}(er)?\s|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$",
    re.IGNORECASE,
)
_CONTACT_LINE = re.compile(
    r"^\s*(t[ée]l|t[ée]l[ée]phone|portable|mobile|gsm|fax|fixe|e-?mail|m[ée]l|courriel|"
    r"adresse\s+(e-?mail|[ée]lectronique)|\+?\d[\d .\-]{8,})",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"(veuillez agr[ée]er|je vous prie d'agr[ée]er|je vous prie de croire|recevez|"
    r"salutations|cordialement|respectueusement|bien [àa] vous|sentiments|"
    r"mes remerciements|^merci( d'avance| par avance)?[,.!]?$)",
    re.IGNORECASE,
)
_NOT_SIGNATURE = re.compile(
    r"^(p\.?\s?j\.?|pi[èe]ces? jointes?|copie|cc|ci-joint|veuillez trouver|vous trouverez|"
    r"je vous (joins|adresse)|envoy[ée] de|distingu[ée]s?\.?$|salutations)",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*$")
_TITLED_NAME = re.compile(
    r"\b(?P<title>M\.|M(?=\s+[A-ZÀ-Ý])|Mr\.?|Mme\.?|MME|Mlle\.?|MLLE|Monsieur|Madame|"
    r"Mademoiselle)\s+"
    r"(?P<name>(?:[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]+|de|du|des|d'|le|la|van|von|der|den|ben|el)"
    r"(?:[ \t]+(?:[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]+|de|du|des|d'|le|la|van|von|der|den|ben|el)"
    r"){0,4})"
)
_CONCERNS = re.compile(
    r"^(concerne|pour le compte de|au nom de|b[ée]n[ée]ficiaire|assur[ée]e? concern[ée]e?|"
    r"int[ée]ress[ée]e?|mandant)\s*:\s*(?P<who>.+)$",
    re.IGNORECASE,
)

# --- mandates ------------------------------------------------------------------------

_RELATIONS = {  # the person represented -> (the writer's qualité as a man, as a woman)
    "père": ("fils", "fille"), "mère": ("fils", "fille"), "papa": ("fils", "fille"),
    "maman": ("fils", "fille"), "parents": ("fils", "fille"),
    "fils": ("père", "mère"), "fille": ("père", "mère"), "enfant": ("père", "mère"),
    "mari": ("mari", "épouse"), "époux": ("mari", "épouse"), "conjoint": ("mari", "épouse"),
    "compagnon": ("compagnon", "compagne"),
    "épouse": ("mari", "épouse"), "femme": ("mari", "épouse"), "conjointe": ("mari", "épouse"),
    "compagne": ("compagnon", "compagne"),
    "frère": ("frère", "sœur"), "sœur": ("frère", "sœur"), "soeur": ("frère", "sœur"),
    "grand-père": ("petit-fils", "petite-fille"), "grand-mère": ("petit-fils", "petite-fille"),
    "oncle": ("neveu", "nièce"), "tante": ("neveu", "nièce"),
    "beau-père": ("gendre", "belle-fille"), "belle-mère": ("gendre", "belle-fille"),
}
_RELATIVE_GENDER = {
    "père": MR, "papa": MR, "fils": MR, "mari": MR, "époux": MR, "conjoint": MR,
    "compagnon": MR, "frère": MR, "grand-père": MR, "oncle": MR, "beau-père": MR,
    "mère": MRS, "maman": MRS, "fille": MRS, "épouse": MRS, "femme": MRS, "conjointe": MRS,
    "compagne": MRS, "sœur": MRS, "soeur": MRS, "grand-mère": MRS, "tante": MRS,
    "belle-mère": MRS,
}
_RELATION_WORDS = "|".join(sorted(map(re.escape, _RELATIONS), key=len, reverse=True))
_FOR_RELATIVE = re.compile(
    r"\b(au nom de|pour le compte de|pour|de la part de|à la demande de|concernant|"
    r"repr[ée]sente|repr[ée]senter|le dossier de|le contrat de|la place de|aide|assiste|"
    r"m'occupe de|m'occuper de|qui est|démarches de)\s+(mon|ma|mes)\s+(?:"
    r"(?:vieux|vieille|vieil|jeune|pauvre|cher|chère|défunt|défunte|feu)\s+)?"
    rf"(?P<relation>{_RELATION_WORDS})\b",
    re.IGNORECASE,
)
_AS_RELATIVE = re.compile(
    r"\b(en (ma )?qualit[ée] de|je suis|en tant que|étant)\s+(le |la |l')?"
    r"(?P<quality>fils|fille|[ée]poux|[ée]pouse|mari|femme|fr[èe]re|s(?:œ|oe)ur|p[èe]re|m[èe]re|"
    r"petit-fils|petite-fille|neveu|ni[èe]ce)\s+(de|d')\s",
    re.IGNORECASE,
)
_LAWYER = re.compile(
    r"(\ben (ma )?qualit[ée] (de conseil|d'avocat(e)?) de\b|\bj'interviens pour\b|"
    r"\bje repr[ée]sente\b|\b(avocat(e)?|conseil) de (M\.|Mme|Monsieur|Madame)\s|"
    r"\bma[îi]tre\b|\bavocat(e)?\b|\bbarreau\b|cabinet d'avocats|"
    r"(pour le compte|au nom|les int[ée]r[êe]ts|la d[ée]fense) de (mon|ma|notre) client(e)?\b|"
    r"\b(mon|ma|notre) client(e)?,\s*(M\.|Mme|Monsieur|Madame))",
    re.IGNORECASE,
)
_ASSOCIATION = re.compile(
    r"(\bnotre association\b|\bl'association\b|\bassociation (de|des|d')\s*(d[ée]fense|"
    r"consommateurs|usagers|victimes|familles)|\bnotre adh[ée]rent(e)?\b|\bufc\b|"
    r"que choisir|\bclcv\b|\bfamilles rurales\b|\bafoc\b|\bindecosa\b|\bcnl\b)",
    re.IGNORECASE,
)
_GUARDIAN = re.compile(
    r"\b(?P<role>curat(?:eur|rice)|tut(?:eur|rice)|mandataire judiciaire|mandataire "
    r"sp[ée]cial|mesure de (curatelle|tutelle)|sous (curatelle|tutelle))\b",
    re.IGNORECASE,
)
_FOR_SOMEONE = re.compile(
    r"\b(au nom et pour le compte de|pour le compte de|au nom de|à la demande de|"
    r"mandat[ée]e? par|de la part de)\s+(M\.|Mme|Monsieur|Madame|Mlle)\s",
    re.IGNORECASE,
)
_LIVES_AT = re.compile(
    r"(demeur|domicili|r[ée]sid|habit|adresse|vit au|vit à|loge)", re.IGNORECASE
)

# --- statut --------------------------------------------------------------------------

_NOT_CLIENT = re.compile(
    r"(je ne suis pas (encore |votre |un |une )?client|je ne suis pas assur[ée]|"
    r"n'(ai|avons) (jamais )?(eu |souscrit )?(aucun|de) contrat|n'est pas client|"
    r"je n'ai jamais [ée]t[ée] client|sans (être|etre) client)",
    re.IGNORECASE,
)
_PROSPECT = re.compile(
    r"(\bdevis\b|proposition (tarifaire|commerciale|d'assurance)|[ée]tude (comparative|"
    r"personnalis[ée]e|pour (une|un|mon|ma)|de mes besoins|gratuite)|une offre d'assurance|"
    r"offre (tarifaire|commerciale)|"
    r"souhaite(rais)? (souscrire|m'assurer|adh[ée]rer|assurer)|envisage de souscrire|"
    r"en vue de (souscrire|m'assurer|adh[ée]rer)|d[ée]march[ée]e? par|pas encore client|"
    r"\btarif(s)? (pour|d'une)|\bvos tarifs\b|simulation|\bprospect\b)",
    re.IGNORECASE,
)
_THIRD_PARTY = re.compile(
    r"(\ben tant que tiers\b|\bpersonne l[ée]s[ée]e\b|\btiers l[ée]s[ée]\b|\bvictime\b.{0,120}"
    r"\b(l'un|l'une) de vos (assur[ée]s|clients)|caus[ée]e? par (l'un|l'une) de vos "
    r"(assur[ée]s|clients)|votre assur[ée]e?,? (responsable|m'a|a percut|a caus)|"
    r"(responsable|auteur) (est|était) (l'un|l'une) de vos|je suis (le|la) tiers|"
    r"\b(par|de) (celui|celle) (d'un|d'une) de vos (assur[ée]s|clients)|"
    r"\b(d'un|d'une|l'un|l'une) de vos (assur[ée]s|clients)\b.{0,80}\b(responsabilit[ée]|"
    r"percut[ée]|caus[ée]|[àa] l'origine)|"
    r"\bje ne suis pas votre assur[ée]e?\b.{0,80}(accident|sinistre|dommage))",
    re.IGNORECASE,
)
_HEIR = re.compile(
    r"(\bayant[- ]droits?\b|\bb[ée]n[ée]ficiaire (du|d'un|de l'|de ce) (contrat|capital|"
    r"assurance)|\bh[ée]riti(er|[èe]re)s?\b|\bsuccession de\b|\bd[ée]c[èe]s de (mon|ma)\b|"
    r"\bmon (d[ée]funt|feu) |\bma (d[ée]funte|feue) |\bdepuis le d[ée]c[èe]s\b)",
    re.IGNORECASE,
)
_CABINET_LINK = re.compile(
    r"(par (votre|l'|l’)\s*interm[ée]diaire|par l'interm[ée]diaire de votre|"
    r"vous avez plac[ée]|que vous g[ée]rez|vous g[ée]rez (mon|ma|mes)|"
    r"(souscrit|sign[ée]|conclu|plac[ée]) (par|via|avec|chez|aupr[èe]s de) (vous|votre cabinet)|"
    r"(client|cliente|assur[ée]e?|adh[ée]rent(e)?) (de|chez|aupr[èe]s de) (votre cabinet|vous)\b|"
    r"\b(je suis|en tant que|fid[èe]le|ancien|ancienne|étant|votre) client(e)?\b|"
    r"^\s*client(e)? depuis|\bvotre client(e)?\b|que vous m'avez (recommand|conseill|propos|vendu)|"
    r"vous m'avez (fait souscrire|vendu|conseill[ée]|recommand[ée])|"
    r"en votre qualit[ée] de courtier|mon courtier|(le|du) cabinet qui g[èe]re)",
    re.IGNORECASE | re.MULTILINE,
)
_OWNS = re.compile(
    r"(\b(?:(?:mon|cette|une|votre|d'une) |l')attestation|\bsinistres d[ée]clar[ée]s|"
    r"\bmon (contrat|assurance|relev[ée] d'information|[ée]ch[ée]ancier|"
    r"avis d'[ée]ch[ée]ance|dossier (de )?sinistre|sinistre|adh[ée]sion|v[ée]hicule assur[ée]|"
    r"indemnisation)\b|\bma (police|cotisation|garantie|prime|couverture|mutuelle|"
    r"compl[ée]mentaire|d[ée]claration de sinistre|carte (verte|de tiers payant))\b|"
    r"\bmes (cotisations|contrats|primes|conditions (particuli[èe]res|g[ée]n[ée]rales)|"
    r"avis d'[ée]ch[ée]ance|attestations)\b|"
    r"\b(je suis|suis) (titulaire|souscripteur|souscriptrice|assur[ée]e?)\b|"
    r"\bassur[ée]e? (par vos soins|depuis|chez vous)|\bmon (assureur)\b)",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"(\b(contrat|police|sinistre|dossier|adh[ée]sion|r[ée]f[ée]rence|n/r[ée]f|v/r[ée]f|"
    r"r[ée]f)\b\.?\s*(n[°o]|num[ée]ro|:)|\bn°\s*(de )?(contrat|police|sinistre))",
    re.IGNORECASE,
)
_FORMER = re.compile(
    r"(cl[ôo]ture de mon contrat|ancien(ne)? client|depuis la r[ée]siliation de mon|"
    r"mon ancien contrat|apr[èe]s (la )?r[ée]siliation de mon contrat)",
    re.IGNORECASE,
)
_HELD_ELSEWHERE = re.compile(
    r"((client|cliente|assur[ée]e?|adh[ée]rent(e)?|souscrit|sociétaire) (de|chez|aupr[èe]s d[eu']|"
    r"aupr[èe]s de l')\s*(?P<org1>[A-ZÀ-Ý][^,.;]{1,60})|contrat[^.;]{0,60}\bchez "
    r"(?P<org2>[A-ZÀ-Ý][^,.;]{1,60})|aupr[èe]s de votre compagnie|votre compagnie|"
    r"votre (mutuelle|soci[ée]t[ée] d'assurance)|je ne suis pas client(e)? de votre cabinet)",
    re.IGNORECASE,
)

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


# --- the cabinet's world -------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower-case, without accents, apostrophes and hyphens as spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9@.]+", " ", bare).split())


def _civilite_of_first_name(value: str) -> str | None:
    if value not in (MR, MRS, "mixte"):
        raise ValueError("« M. », « Mme » ou « mixte » attendu")
    return None if value == "mixte" else value


# Known first names (lexicon/first_names.txt), folded, and the civilité each makes likely
# (None: either).
_FIRST_NAMES: dict[str, str | None] = {
    _fold(name): civilite
    for name, civilite in lexicon.mapping("first_names", _civilite_of_first_name).items()
}


@dataclass(frozen=True)
class _World:
    """The names and addresses that are never the claimant's, folded."""

    organisation_names: tuple[str, ...]  # cabinet, Mediator, insurers, intermediaries
    staff_names: frozenset[str]  # folded token sets as sorted strings
    staff_emails: frozenset[str]
    staff_domains: tuple[str, ...]
    organisation_emails: frozenset[str]

    def names_organisation(self, line: str) -> bool:
        folded = f" {_fold(line)} "
        return any(f" {name} " in folded for name in self.organisation_names)

    def is_staff_name(self, prenom: str | None, nom: str | None) -> bool:
        return _name_key(prenom, nom) in self.staff_names

    def is_own_email(self, address: str) -> bool:
        """An address of the cabinet, its staff, the Mediator or an organisation."""
        address = address.lower()
        domain = address.rsplit("@", 1)[-1]
        return (
            address in self.staff_emails
            or address in self.organisation_emails
            or any(domain == d or domain.endswith("." + d) for d in self.staff_domains)
        )


def _name_key(prenom: str | None, nom: str | None) -> str:
    return " ".join(sorted(_fold(f"{prenom or ''} {nom or ''}").split()))


@lru_cache(maxsize=8)
def _world(settings: Settings) -> _World:
    cabinet = settings.cabinet
    names = [cabinet.name, *cabinet.aliases, settings.mediator.name, *settings.mediator.aliases]
    for org in settings.organisations:
        names.extend(org.names)
    folded = sorted({_fold(n) for n in names if len(_fold(n)) >= 3}, key=len, reverse=True)
    staff = frozenset(_name_key(c.name, None) for c in settings.collaborators)
    org_emails = frozenset(
        o.complaints_email for o in settings.organisations if o.complaints_email
    )
    return _World(
        organisation_names=tuple(folded),
        staff_names=staff,
        staff_emails=frozenset([*cabinet.emails, *(c.email for c in settings.collaborators)]),
        staff_domains=cabinet.domains,
        organisation_emails=org_emails,
    )


# --- names ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    civilite: str | None
    prenom: str | None
    nom: str | None
    cased: bool  # the family name was told apart by its capitals
    titled: bool  # a civilité or "Maître" was written


def _normalise(line: str) -> str:
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
    folded = [re.sub(r"[^a-z0-9]", "", fold_same_length(t).casefold()) for t in tokens]
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


def _without_stamp_date(line: str) -> str:
    """The line without the date that ends it, a stamp's printed beside it."""
    found = _STAMP_DATE.search(fold_same_length(line))
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


def _name_text(line: str) -> str:
    """A name line as OCR leaves it, cleaned: stamp words, the date column beside it, debris
    at either end ("Fabrice Robin :", "| Mme Roux") and a hyphen broken by a space
    ("Rocher- Perrin") mended."""
    text = _without_date_column(without_stamp(_normalise(line)))
    text = _BROKEN_HYPHEN.sub("-", _DASH.sub("-", text))
    text = _TRAILING_DEBRIS.sub("", _LEADING_DEBRIS.sub("", text))
    return text.strip(" ,;:.")


def _is_first_name(token: str) -> bool:
    return _fold(token) in _FIRST_NAMES


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


def parse_name(line: str) -> _Name | None:
    """A person's name from a line such as "Mme Nicole BEN YOUSSEF" or "Pascal Blanchard"."""
    text = _name_text(line)
    text = re.sub(r"\s*\(.*?\)\s*", " ", text).strip()
    if not text or len(text) > 60 or re.search(r"[\d@:/_|;]", text):
        return None
    tokens = text.split()
    civilite: str | None = None
    titled = False
    first = tokens[0].casefold()
    if first in _TITLES:
        civilite, titled = _TITLES[first], True
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
        return _Name(civilite, None, natural_case(nom), nom.isupper(), True)
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
    return _Name(civilite, prenom, nom, cased, titled)


# --- the client register as a gazetteer ---------------------------------------------------

MAX_NAME_WORDS = 6  # the longest run of words looked up as a name


@dataclass(frozen=True)
class RegisterNames:
    """The client register's people by postal code and name words: reading looks up each run
    of words of a sender block or signature line (one dict access per run, never a scan of
    the register), so that a client's name is read whole, with the register's split and
    spelling ("Valérie Rocher Perrin" in 35000 is "Rocher-Perrin", "Valérie"), however
    the letter orders or cases it."""

    people: dict[str, tuple[str, str] | None]  # "35000 perrin rocher valerie" -> (nom, prénom)

    @classmethod
    def of(cls, clients: Iterable[Client]) -> RegisterNames:
        people: dict[str, tuple[str, str] | None] = {}
        for client in clients:
            if not (client.prenom and client.nom and client.code_postal):
                continue
            key = _register_key(client.code_postal, f"{client.prenom} {client.nom}".split())
            entry = (natural_case(client.nom), natural_case(client.prenom))
            people[key] = entry if people.get(key, entry) == entry else None  # homonyms: none
        return cls(people)

    def find(self, code: str | None, line: str) -> _Name | None:
        """The client of postal code `code` whose whole name is a run of words of `line`."""
        if not code or not self.people:
            return None
        tokens = _name_text(line).split()
        civilite = None
        if tokens and tokens[0].casefold() in _TITLES:
            civilite = _TITLES[tokens[0].casefold()]
            tokens = tokens[1:]
        for size in range(min(len(tokens), MAX_NAME_WORDS), 1, -1):
            for start in range(len(tokens) - size + 1):
                found = self.people.get(_register_key(code, tokens[start : start + size]))
                if found:
                    return _Name(civilite, found[1], found[0], True, civilite is not None)
        return None


def _register_key(code: str, words: list[str]) -> str:
    return " ".join([code, *sorted(_fold(" ".join(words)).split())])


def _from_register(
    names: RegisterNames | None, codes: list[str], lines: list[str], writer: _Name | None
) -> _Name | None:
    """The writer as the register names them, when a line of the sender block or signature
    is a client's whole name in a postal code read there (the address's first, then any
    code of five digits those lines hold, for an address OCR damaged): the register's split and
    spelling for the name the rules read (or read in part: "Valérie Rocher" of "Valérie
    Rocher - Perrin"), or the name the rules could not read (debris of a degraded scan). A
    name the rules read that is another person's is kept."""
    if names is None:
        return writer
    for code, line in ((c, line) for c in codes for line in lines):
        found = names.find(code, line)
        if found is None:
            continue
        if writer is None:
            return found
        read = set(_name_key(writer.prenom, writer.nom).split())
        if read <= set(_name_key(found.prenom, found.nom).split()):  # the same, or read in part
            return replace(found, civilite=writer.civilite or found.civilite, titled=writer.titled)
    return writer


def _damaged_reading(sender: _Name, signature: _Name) -> _Name | None:
    """The signature's name when the sender block's reads the same person in part ("Hugues
    CITE" for "Hugues Ollivier", "Monsieur François-Xavi" for "François-Xavier Hamon"),
    with the sender block's civilité; None when they agree or name two people."""
    read, signed = _name_key(sender.prenom, sender.nom).split(), _name_key(
        signature.prenom, signature.nom).split()
    if read == signed or signature.nom is None:
        return None
    shared = [w for w in read if any(w == s or (len(w) >= 4 and s.startswith(w)) for s in signed)]
    if not shared:
        return None
    return replace(signature, civilite=sender.civilite or signature.civilite,
                   titled=sender.titled or signature.titled)


def _merge_names(names: list[_Name]) -> _Name | None:
    """The first name, its split and civilité completed by the others naming the same person."""
    if not names:
        return None
    best = names[0]
    key = _name_key(best.prenom, best.nom)
    for other in names[1:]:
        same = _name_key(other.prenom, other.nom) == key
        if same and other.cased and not best.cased:
            best = replace(other, civilite=best.civilite or other.civilite, titled=best.titled)
        if (same or (best.nom and other.nom and _fold(best.nom) == _fold(other.nom))) and (
            best.civilite is None and other.civilite is not None
        ):
            best = replace(best, civilite=other.civilite)
        if best.prenom is None and other.nom and best.nom and _fold(other.nom) == _fold(best.nom):
            best = replace(best, prenom=other.prenom)
    return best


# --- the parts of the letter -----------------------------------------------------------


def _sender_lines(letter: Letter, world: _World) -> list[str]:
    """The sender block: the head's first lines, up to the recipient block or the date."""
    out: list[str] = []
    seen_postal = False
    stamped = False  # the line above held a mail-room stamp's words
    head = [_normalise(raw) for raw in letter.head]
    for index, normal in enumerate(head):
        line = without_stamp(normal)
        if stamped and line:
            line = _without_stamp_date(line)
        if normal:
            stamped = without_stamp(normal) != normal
        if not line:
            continue  # a blank line, or a mail-room stamp's
        if _HEADER_LINE.match(line):
            if out:
                break
            continue
        if not out and _DATE_LINE.search(line):
            line = _before_place_and_date(line, [x for x in head[index + 1 : index + 9] if x])
        if _RECIPIENT_START.match(line) or _DATE_LINE.search(line):
            break
        if not re.search(r"\d", line) and world.names_organisation(line) and out:
            break
        if not out and world.names_organisation(line) and not re.search(r"\d", line):
            break  # the head opens with the recipient: no sender block
        if seen_postal and not _CONTACT_LINE.match(line) and "@" not in line:
            break
        out.append(line)
        if postal_code(line):
            seen_postal = True
    return out


def _before_place_and_date(line: str, below: list[str]) -> str:
    """A two-column head read as one line by OCR: "Océane Tardieu Nantes, le 13/11/2026"
    above the sender's street and "44000 NANTES". The place is the town of the postal line
    below; what comes before it is the sender's (the line itself when the town is not
    there)."""
    towns = [postal[1] for postal in map(postal_code, below) if postal]
    for town in towns:
        cut = re.search(rf"\s+(?:fait\s+)?(?:[àa]\s+)?{re.escape(town)}\s*,?\s+le\s+\d.*$",
                        line, re.IGNORECASE)
        if cut and cut.start() > 0:
            return line[: cut.start()]
    return line


def _signature_lines(letter: Letter) -> list[str]:
    """The lines after the last closing formula (or the letter's last lines)."""
    return _signatures(letter)[0]


def _signatures(letter: Letter) -> list[list[str]]:
    """The signature zones, the last first: the lines after each closing formula, up to the
    next one. A covering email and the letter it carries are each signed."""
    lines = [_normalise(line) for line in letter.lines]
    closings = [index for index in range(len(lines) - 1, max(-1, len(lines) - 40), -1)
                if _CLOSING.search(lines[index]) and len(lines[index]) > 5]
    if not closings:
        return [[line for line in lines[-8:] if line and not _NOT_SIGNATURE.match(line)]]
    zones: list[list[str]] = []
    end = len(lines)
    for closing in closings:
        zones.append([line for line in lines[closing + 1 : end]
                      if line and not _NOT_SIGNATURE.match(line)])
        end = closing
    return zones


_CELL = re.compile(r"\s+[|\-\u2013\u2014]\s+|\s*[:;]\s+|,\s+|\s{2,}")


def _leading_name(line: str) -> _Name | None:
    """The name that opens a line of several parts ("Fabrice Robin : 8 impasse des
    Tanneurs", "Fabrice Robin – 06 12 34 56 78"), the first part alone."""
    first = _CELL.split(_normalise(line), 1)
    return parse_name(first[0]) if len(first) > 1 and re.search(r"[\d@]", first[1]) else None


def _street_without_name(street: str | None, writer: _Name | None) -> str | None:
    """The street of a one-line sender block without the writer's name that opens it
    ("Fabrice Robin : 8 impasse des Tanneurs" -> "8 impasse des Tanneurs")."""
    if not street or writer is None:
        return street
    parts = _CELL.split(street, 1)
    name = parse_name(parts[0]) if len(parts) == 2 and re.search(r"\d", parts[1]) else None
    if name and _name_key(name.prenom, name.nom) == _name_key(writer.prenom, writer.nom):
        return parts[1].strip()
    return street


def _names_in(lines: list[str], world: _World) -> list[_Name]:
    out = []
    for line in lines:
        if world.names_organisation(line):
            continue
        name = parse_name(line) or _leading_name(line)
        if name and not world.is_staff_name(name.prenom, name.nom):
            out.append(name)
    return out


def _header_name(letter: Letter, world: _World) -> tuple[_Name | None, str | None]:
    """The email sender's name and address, when they are not the cabinet's."""
    email = letter.email
    if email is None or (email.sender_address and world.is_own_email(email.sender_address)):
        return None, None
    name = None
    if email.sender_name and "@" not in email.sender_name:
        cleaned = re.sub(r"[\"<>]", " ", email.sender_name)
        if "," in cleaned:  # "DUPONT, Marie"
            family, _, given = cleaned.partition(",")
            cleaned = f"{given.strip()} {family.strip().upper()}"
        name = parse_name(cleaned)
        if name and world.is_staff_name(name.prenom, name.nom):
            name = None
    return name, email.sender_address


def civilite_of(title: str) -> str | None:
    """"M." or "Mme" for a title however it is written ("MME", "Monsieur", "Mr", "M."),
    None for other titles ("Maître", "Dr") and unknown words."""
    return _TITLES.get(title.strip().casefold())


# --- gender ----------------------------------------------------------------------------


def _gender_from_text(text: str) -> str | None:
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


def _gender_from_first_name(prenom: str | None) -> str | None:
    if not prenom:
        return None
    raw = prenom.split()[0].split("-")[0].casefold()
    for known in (_fold(prenom.split()[0]), _fold(raw)):
        if _FIRST_NAMES.get(known):
            return _FIRST_NAMES[known]
    if re.search(r"(a|e|ée|ie|ine|elle|ette|ise|lyn|ia)$", raw):
        return MRS
    return MR


# --- mandates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mandate:
    qualite: str | None
    represented: _Name | None
    relation: str | None = None  # "mère", "père"… for a relative


def _text_of(letter: Letter) -> str:
    return _normalise("\n".join(letter.lines)).replace("’", "'")


def _represented_name(
    text: str, trigger_end: int, nlp: LazyNlp, writer: _Name | None, world: _World
) -> _Name | None:
    """The person represented: "Concerne : Mme X", else the first titled name after the
    trigger, else a PER entity of the trigger's sentence."""
    writer_key = _name_key(writer.prenom, writer.nom) if writer else ""

    def acceptable(name: _Name | None, *, not_writer: bool = False) -> bool:
        return (
            name is not None
            and name.nom is not None
            and not (not_writer and _name_key(name.prenom, name.nom) == writer_key)
            and not world.is_staff_name(name.prenom, name.nom)
        )

    for line in text.splitlines():
        concerns = _CONCERNS.match(line.strip())
        if concerns:
            name = parse_name(concerns.group("who"))
            if acceptable(name):
                return name
    start = max(0, text.rfind("\n", 0, max(0, trigger_end - 200)))
    for match in _TITLED_NAME.finditer(text, start):
        if match.start() < trigger_end - 200:
            continue
        name = parse_name(f"{match.group('title')} {match.group('name')}")
        if acceptable(name):
            return name
    sentence_end = text.find(".", trigger_end)
    window = text[max(0, trigger_end - 120) : sentence_end if sentence_end > 0 else None]
    for entity in nlp(window.replace("\n", " ")).ents:
        if entity.label_ == "PER":
            name = parse_name(entity.text)
            if acceptable(name, not_writer=True):
                return name
    return None


def _find_mandate(
    letter: Letter, nlp: LazyNlp, writer: _Name | None, world: _World, text: str
) -> _Mandate | None:
    body = "\n".join([letter.subject, letter.body, *letter.tail])
    body = _normalise(body)
    if not body.strip():
        body = text
    relative = _FOR_RELATIVE.search(body)
    if relative:
        relation = relative.group("relation").casefold()
        represented = _represented_name(body, relative.end(), nlp, writer, world)
        gender = writer.civilite if writer else None
        if gender is None:
            gender = _gender_from_text(body) or _gender_from_first_name(
                writer.prenom if writer else None
            )
        man, woman = _RELATIONS[relation]
        qualite = woman if gender == MRS else man
        if represented is not None and represented.civilite is None:
            represented = replace(represented, civilite=_RELATIVE_GENDER.get(relation))
        return _Mandate(qualite, represented, relation)
    as_relative = _AS_RELATIVE.search(body)
    if as_relative:
        quality = as_relative.group("quality").casefold().replace("oe", "œ")
        quality = {"epoux": "époux", "epouse": "épouse", "pere": "père", "mere": "mère",
                   "frere": "frère", "niece": "nièce"}.get(quality, quality)
        represented = _represented_name(body, as_relative.end(), nlp, writer, world)
        return _Mandate(quality, represented, None)
    guardian = _GUARDIAN.search(body)
    if guardian:
        role = guardian.group("role").casefold()
        qualite = "tuteur" if role.startswith(("tut", "mesure de tutelle", "sous tutelle")) else (
            "mandataire judiciaire" if role.startswith("mandataire") else "curateur"
        )
        represented = _represented_name(body, guardian.end(), nlp, writer, world)
        return _Mandate(qualite, represented)
    lawyer = _LAWYER.search(body)
    if lawyer:
        represented = _represented_name(body, lawyer.end(), nlp, writer, world)
        if represented is not None or re.search(r"client(e)?\b", lawyer.group(), re.IGNORECASE):
            return _Mandate("avocat", represented)
    association = _ASSOCIATION.search(body)
    if association:
        represented = _represented_name(body, association.end(), nlp, writer, world)
        if represented is not None:
            return _Mandate("association", represented)
    for_someone = _FOR_SOMEONE.search(body)
    if for_someone:
        represented = _represented_name(body, for_someone.start(), nlp, writer, world)
        if represented is not None:
            return _Mandate(None, represented)
    return None


def _represented_address(body: str) -> tuple[str, str, str] | None:
    """The address given for the person represented ("Ma cliente demeure 37 rue …")."""
    prose = re.sub(r"\s*\n\s*", " ", body)
    for cue in _LIVES_AT.finditer(prose):
        found = find_address_in_text(prose[cue.end() : cue.end() + 200])
        if found:
            return found
    return None


# --- statut ------------------------------------------------------------------------------


def _addressed_elsewhere(letter: Letter, world: _World, settings: Settings) -> bool:
    """The head's recipient names an outside organisation and not the cabinet."""
    cabinet = [_fold(n) for n in (settings.cabinet.name, *settings.cabinet.aliases)]
    head = " ".join(_normalise(line) for line in letter.head)
    folded = f" {_fold(head)} "
    if any(f" {name} " in folded for name in cabinet if len(name) >= 3):
        return False
    others = [
        _fold(n)
        for org in settings.organisations
        for n in org.names
        if len(_fold(n)) >= 3
    ]
    return any(f" {name} " in folded for name in others)


def read_statut(letter: Letter, world: _World, settings: Settings) -> Statut | None:
    """The claimant's standing as the item states it (never from the register)."""
    text = _normalise("\n".join([letter.subject, letter.body, *letter.tail]))
    if not letter.body.strip():
        text = _text_of(letter)
    if _THIRD_PARTY.search(text):
        return Statut.THIRD_PARTY
    if _HEIR.search(text):
        return Statut.BENEFICIARY
    if _NOT_CLIENT.search(text):
        return Statut.PROSPECT if _PROSPECT.search(text) else None
    if _addressed_elsewhere(letter, world, settings):
        return None  # "vous" is another organisation
    linked = _CABINET_LINK.search(text)
    if not linked and _HELD_ELSEWHERE.search(text):
        return None
    if linked:
        return Statut.CLIENT
    if _FORMER.search(text):
        return None
    if _OWNS.search(text) or _REFERENCE.search(_text_of(letter)):
        return Statut.CLIENT
    if _PROSPECT.search(text):
        return Statut.PROSPECT
    return None


_MARKETING = re.compile(
    r"(ne plus recevoir|d[ée]sinscri|d[ée]sabonner|r[ée]pondre stop|nos offres|notre offre|"
    r"nos solutions|nos produits|notre [ée]quipe commerciale|webinaire|d[ée]monstration gratuite|"
    r"remise de \d+\s?%|premi[èe]re commande|code promo|newsletter|offre sp[ée]ciale|"
    r"b[ée]n[ée]ficiez|profitez)",
    re.IGNORECASE,
)


def _organisation_sender(letter: Letter, world: _World, signature: list[str]) -> Claimant | None:
    """A commercial sender (an advertisement): the organisation's name and email only."""
    cues = {m.group().casefold() for m in _MARKETING.finditer(_text_of(letter))}
    if len(cues) < 2:
        return None
    name = None
    email = letter.email
    if email and email.sender_name and not world.is_own_email(email.sender_address or ""):
        name = email.sender_name.strip(' "')
    if not name:
        lines = [
            re.sub(r"^(l'[ée]quipe|le service|la direction)\s+", "", line, flags=re.IGNORECASE)
            for line in signature
            if not re.search(r"\d|@", line) and re.search(r"[A-Za-zÀ-ÿ]{4}", line)
        ]
        name = lines[-1] if lines else None
    address = email.sender_address if email and email.sender_address else None
    if address is None or world.is_own_email(address):
        found = [e for e in find_emails("\n".join(signature)) if not world.is_own_email(e)]
        address = found[0] if found else None
    if name is None and address is None:
        return None
    return Claimant(nom=name, email=address)


# --- the entry point ----------------------------------------------------------------------


def read_parties(
    letter: Letter, nlp: LazyNlp, settings: Settings, names: RegisterNames | None = None
) -> tuple[Claimant | None, Representative | None]:
    """The claimant and, when someone writes for them, the representative; `names`, the
    client register as a gazetteer, when there is one."""
    world = _world(settings)
    text = _text_of(letter)
    sender = _sender_lines(letter, world)
    signature = _signature_lines(letter)
    header_name, header_address = _header_name(letter, world)
    organisation = _organisation_sender(letter, world, signature)
    if organisation is not None:
        return organisation, None

    sender_names = _names_in(sender[:3], world)
    signature_names = _names_in(signature, world)
    candidates = [*sender_names[:1], *signature_names, *([header_name] if header_name else [])]
    if not sender_names and signature_names:
        # Prefer the signature that the email header or another signature line confirms.
        keys = [_name_key(n.prenom, n.nom) for n in candidates]
        confirmed = [n for n, k in zip(candidates, keys, strict=True) if keys.count(k) > 1]
        if confirmed:
            candidates = [confirmed[0], *candidates]
    if sender_names and signature_names and not parse_postal_lines(sender):
        damaged = _damaged_reading(sender_names[0], signature_names[0])
        if damaged:  # the sender block is damaged (no address read): the signature's reading
            candidates = [damaged, *candidates]
    writer = _merge_names(candidates)
    # A head block that names nobody is the addressee's when the signature holds an address
    # (a letter signed "Name / street / code town" under the text, without a sender block).
    sender_postal, signature_postal = parse_postal_lines(sender), parse_postal_lines(signature)
    if signature_postal and not sender_names and signature_names:
        sender_postal = None
    postal = sender_postal or signature_postal
    if postal is None:  # the covering email's signature is bare, the letter's holds the address
        for zone in _signatures(letter)[1:]:
            if any(world.names_organisation(line) for line in zone):
                continue  # a quoted reply signed by the cabinet or an insurer
            postal = parse_postal_lines(zone)
            if postal is not None:
                signature = [*signature, *zone]
                break
    codes = [*([postal[1]] if postal else []),
             *(c for line in [*sender, *signature] for c in re.findall(r"\b\d{5}\b", line))]
    writer = _from_register(names, list(dict.fromkeys(codes)), [*sender[:3], *signature],
                            writer)  # fmt: skip
    if writer is None and not sender_names:
        writer = _entity_name(nlp, [*sender, *signature], world)

    mandate = _find_mandate(letter, nlp, writer, world, text)
    if mandate is not None:
        represented = mandate.represented or _Name(None, None, None, False, False)
        address = _represented_address(_normalise(letter.body)) or _represented_address(text)
        claimant = Claimant(
            civilite=represented.civilite,
            nom=represented.nom,
            prenom=represented.prenom,
            statut=Statut.REPRESENTED,
            adresse=address[0] if address else None,
            code_postal=address[1] if address else None,
            ville=address[2] if address else None,
        )
        representative = Representative(
            nom=writer.nom if writer else None,
            prenom=writer.prenom if writer else None,
            qualite=mandate.qualite,
        )
        return claimant, representative

    contact_lines = [*sender, *signature]
    contact_lines += [
        line for line in text.splitlines()
        if re.search(r"(joindre|joignable|mon (num[ée]ro|portable|t[ée]l)|rappeler au)", line,
                     re.IGNORECASE)
    ]
    phones = find_phones("\n".join(contact_lines))
    emails = [e for e in find_emails("\n".join(contact_lines)) if not world.is_own_email(e)]
    if header_address and not world.is_own_email(header_address):
        emails.insert(0, header_address.lower())
    civilite = writer.civilite if writer else None
    if writer is not None and civilite is None and writer.nom:
        civilite = _gender_from_text(letter.body) or _gender_from_first_name(writer.prenom)
    if writer is None and not postal and not phones and not emails:
        return None, None
    claimant = Claimant(
        civilite=civilite,
        nom=writer.nom if writer else None,
        prenom=writer.prenom if writer else None,
        statut=read_statut(letter, world, settings),
        adresse=_street_without_name(postal[0], writer) if postal else None,
        code_postal=postal[1] if postal else None,
        ville=postal[2] if postal else None,
        telephones=phones,
        email=unique(emails)[0] if emails else None,
    )
    return claimant, None


def _entity_name(nlp: LazyNlp, lines: list[str], world: _World) -> _Name | None:
    """A PER entity of the sender block or the signature, when the rules found no name."""
    if not lines:
        return None
    for doc in nlp.pipe(lines):
        for entity in doc.ents:
            if entity.label_ != "PER" or world.names_organisation(entity.text):
                continue
            name = parse_name(entity.text)
            if name and not world.is_staff_name(name.prenom, name.nom):
                return name
    return None
