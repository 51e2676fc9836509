"""Complaint or not, and which ACPR category (rules.md, "Complaint or not").

A complaint (*réclamation*) is the expression of dissatisfaction with the professional;
a request for a service, a document, information, a quote or a change of address is
not, however impatiently it is worded. The decision is made by weighted French cue
phrases read over the subject and the body of the claimant's `Letter`:

    grief cues      dissatisfaction, contestation, absent or slow handling, errors,
                    refusals, escalation (Mediator, lawyer, "mise en demeure")…
    request cues    "pourriez-vous m'adresser…", "attestation", "devis",
                    "changement d'adresse", "je souhaiterais savoir"…
    advert cues     "désinscrire", "webinaire", "offre spéciale", "STOP"…

The cues are matched on a folded copy of the text (lower case, no accents, straight
apostrophes) of the same length as the original, so that every cue found can be
quoted as it appears in the letter: those quotes are the verdict's `evidence`.
Some grief cues ("réclamation", "je conteste", "mécontent"…) are ignored when a
negation stands just before them in the same clause ("je ne conteste pas").

The category comes from keyword families over the subject (weighted more) and the
body; "autre" when no family speaks. Nothing here logs the letter's text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from pipeline.record import Category
from pipeline.understand.letter import Letter

AVANT_VENTE, GESTION, COTISATION, SINISTRE, RESILIATION, SERVICE, DONNEES, AUTRE = (
    c.value for c in Category)
CATEGORIES = tuple(c.value for c in Category)

# Grief weight minus request and advert weight needed to call it a complaint: the middle
# of the gap between the two classes on the tuning and validation sets (non-complaints
# at most 0.0, complaints at least 2.0 before this threshold is taken off).
THRESHOLD = 1.0
SUBJECT_FACTOR = 1.5  # a cue in the subject counts this much more than in the body
REQUEST_SUBJECT_DAMPING = 0.7  # grief in the body of a letter whose subject is a plain request
MAX_EVIDENCE = 5
MIN_BODY_WORDS = 8  # a shorter body is taken with the whole letter text instead


@dataclass(frozen=True)
class Verdict:
    """Whether an item is a complaint, why, which category, and how sure."""

    is_complaint: bool
    evidence: tuple[str, ...]  # the phrases that decided it, quoted from the letter
    category: str | None  # for complaints: one of CATEGORIES; None for other mail
    score: float  # confidence in this verdict, in [0.5, 1] (0.5 = a coin toss)


class CueKind(StrEnum):
    GRIEF = "grief"
    REQUEST = "demande"
    ADVERT = "publicité"


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]  # over folded text: lower case, no accents, "'" apostrophes
    weight: float
    kind: CueKind
    negatable: bool = False  # ignored after "ne", "pas", "sans", "aucun"… in the same clause


@dataclass(frozen=True)
class Hit:
    cue: Cue
    start: int
    end: int
    weight: float


# ---------------------------------------------------------------------------- folding

_PUNCT = {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'",
          "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u2010": "-", "\u00ab": '"',
          "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u202f": " ",
          "\n": " ", "\t": " ", "\r": " "}
_EMAIL = re.compile(r"\S+@\S+")


def fold(text: str) -> str:
    """Lower case, accents off, straight apostrophes, one char for one char."""
    out = []
    for ch in text:
        mapped = _PUNCT.get(ch)
        if mapped is None:
            base = unicodedata.normalize("NFD", ch)[:1] or ch
            lowered = base.lower()
            mapped = lowered if len(lowered) == 1 else base
        out.append(mapped)
    folded = "".join(out)
    return _EMAIL.sub(lambda m: " " * len(m.group()), folded)


# ---------------------------------------------------------------------------- cues

_W = r"[^.;:!?]"  # a character within the same sentence or clause


def _cues(kind: CueKind, weight: float, *patterns: str, negatable: bool = False) -> list[Cue]:
    return [Cue(re.compile(p), weight, kind, negatable) for p in patterns]


_G, _R, _A = CueKind.GRIEF, CueKind.REQUEST, CueKind.ADVERT

CUES: tuple[Cue, ...] = tuple(c for group in (
    # -- explicit complaint and contestation
    _cues(_G, 3.0,
          r"\breclamation(?!s?@)(?! d'un client)(?!s? (?:d'un|de vos|de tiers))",
          r"\b(?:je|nous) (?:vous )?(?:conteste|contestons|contesterai)\b",
          r"\bcontest(?:ation|e|ons|er)\b",
          r"\bplainte\b", r"\b(?:me|nous) plaindre\b", r"\b(?:je|nous) (?:me|nous) plai(?:ns|gnons)\b",
          r"\bmecontent(?:ement|e|s)?\b", r"\binsatisf(?:ait|aite|action)\b",
          r"\blitige\b", r"\bdifferend\b", r"\bcontentieux\b", r"\bdesaccord\b",
          negatable=True),
    _cues(_G, 2.5,
          r"\binadmissible\b", r"\binacceptable\b", r"\bscandal(?:eux|euse|e)\b",
          r"\bhonteu(?:x|se)\b", r"\bintolerable\b", r"\blamentable\b", r"\bdeplorable\b",
          r"\bindigne\b", r"\binjustifie(?:e|s|es)?\b", r"\binjuste(?:ment)?\b",
          r"\babusi(?:f|ve|vement)\b", r"\bdecu(?:e|s|es)?\b", r"\bdeception\b",
          r"\bexaspere(?:e|s|es)?\b", r"\bexcede(?:e)?\b", r"\bras-le-bol\b", r"\bindignation\b",
          r"\bje (?:ne peux|ne saurais|refuse d') (?:pas )?(?:accepter|admettre|tolerer)\b",
          r"\bje n'accepte pas\b", r"\bpas (?:du tout )?(?:satisfait|satisfaite|normal|acceptable)\b",
          r"\bmise en demeure\b", r"\bmets? en demeure\b",
          negatable=False),
    # -- escalation and remedies
    _cues(_G, 2.0,
          r"\bmediat(?:eur|rice|ion)\b", r"\bsaisi(?:r|rai|ne)\b" + _W + r"{0,40}\bmediat",
          r"\b(?:voie|action|poursuite)s? (?:de droit|judiciaire|en justice)\b",
          r"\btribunal\b", r"\bdommages(?: et|-)interets\b", r"\bacpr\b", r"\bdgccrf\b",
          r"\bufc\b", r"\bassociation de (?:consommateurs|defense)\b",
          r"\bprejudice\b", r"\bgeste commercial\b", r"\bdedommag(?:ement|er)\b",
          r"\bindemnis(?:ation|er)? " + _W + r"{0,30}\b(?:insuffisant|derisoire|sous-evalu)",
          r"\bmanquement\b", r"\bnegligence\b", r"\bdefaillance\b", r"\bfaute (?:grave|de votre|du cabinet)\b",
          r"\bdevoir de conseil\b", r"\bdefaut de conseil\b", r"\bmal conseille",
          r"\bau mepris\b", r"\ba mon insu\b", r"\bunilateral(?:e|ement)?\b",
          r"\bsans (?:mon|notre|son|leur) (?:accord|consentement|autorisation)\b",
          r"\bsans (?:la moindre |aucune )?(?:explication|justification|motif|raison)\b",
          r"\bsans (?:me|nous) (?:prevenir|informer|avertir|consulter)\b",
          r"\bsans que personne\b"),
    # -- absent or slow handling
    _cues(_G, 2.0,
          r"\b(?:reste|restee|restes|restees|demeure|demeurent|toujours) sans (?:reponse|suite|effet|nouvelles?|retour)\b",
          r"\bsans (?:aucune |la moindre )?(?:reponse|suite|nouvelles?|retour)\b",
          r"\b(?:aucune|aucun|pas de|pas la moindre|jamais de) (?:reponse|retour|nouvelles?|suite|suivi|proposition|explication|indemnit\w*|information|rappel)\b",
          r"\blettre morte\b", r"\bfaute d'obtenir\b",
          r"\bj'attends (?:toujours|encore|depuis)\b", r"\btoujours (?:pas|rien|en attente)\b",
          r"\bn'(?:a|ai|ont|avons|est|ait) (?:toujours|jamais|pas encore|toujours pas)\b",
          r"\bne (?:m'|nous |lui )?(?:a|ont|est) (?:toujours|jamais)\b",
          r"\bjamais (?:ete |eu |recu|arrive|parvenu|pris|traite|honore|rappele|recontacte|verse|rembourse|execute|enregistre|effectue|passe)",
          r"\bmalgre (?:mes|nos|plusieurs|de nombreuses|nos|les|trois|deux|quatre|mes nombreuses|ses|leurs) (?:\w+ ){0,2}?(?:relances?|demandes?|appels?|courriers?|mails?|courriels?|messages?|indications?|reclamations?|rappels?)\b",
          r"\brelance(?:s|r|e)?\b", r"\ba (?:\w+ )?(?:reprises|plusieurs reprises)\b",
          r"\bimpossible de (?:joindre|contacter|parler|obtenir|avoir)\b",
          r"\bpersonne ne\b", r"\bpersonne n'\b", r"\bse renvoient\b",
          r"\b(?:non|pas|jamais|mal) (?:pris|prise|prises) en compte\b",
          r"\b(?:non|pas|jamais|mal) (?:traite|traitee|traites|traitees|execute|executee|enregistre|enregistrees?|honore|honoree|respecte|respectee)\b",
          r"\blaisse(?:z|r|nt)? trainer\b", r"\btraine(?:nt)? (?:en longueur|depuis)\b", r"\ben souffrance\b",
          r"\bretard(?:e|s|er)?\b", r"\bdelais? (?:excessifs?|anormal\w*|deraisonnabl\w*|inacceptabl\w*)\b",
          r"\bindefiniment\b", r"\bdepuis (?:plus d'un|plus de|des|plusieurs) (?:semaines|mois)\b",
          r"\bdepuis plus (?:d'un|de deux|de trois) mois\b",
          r"\bon m'(?:avait|a) promis\b", r"\bpromis(?:e)? " + _W + r"{0,40}\b(?:jamais|toujours|pas)\b"),
    # -- errors, refusals, money
    _cues(_G, 2.0,
          r"\berreurs?\b", r"\berrone(?:e|s|es)?\b", r"\binexact(?:e|es|s)?\b", r"\ba tort\b",
          r"\bpar erreur\b", r"\ben double\b", r"\bdeux fois\b", r"\btrop[- ]per(?:cu|cues?)\b",
          r"\bindu(?:ment|e)?\b", r"\brefus\b", r"\brefuse(?:e|nt|s)?\b", r"\brefusent\b",
          r"\brejet(?:te|tent|e|ee)?\b", r"\bdecline(?:nt)? (?:toute|sa|notre)\b",
          r"\bexclusion " + _W + r"{0,60}(?:nulle part|jamais|pas)\b",
          r"\bne couvre (?:meme )?pas\b", r"\binsuffisant(?:e|es|s)?\b", r"\bderisoire\b",
          r"\bsous-evalu\w*", r"\bexcessi(?:f|ve|fs|ves)\b", r"\bexorbitant",
          r"\bcontinue(?:z|nt)? (?:a|de|d') (?:me |nous )?(?:prelever|recevoir|etre preleve|etre demarche|facturer|appeler|solliciter)",
          r"\bprelevement (?:injustifie|indu|abusif|errone|non autorise)",
          r"\bfacture(?:nt|z)? (?:des |de )?frais\b", r"\bjamais (?:annonce|mentionne|evoque|ete question)",
          r"\bil n'a jamais ete question\b", r"\bne correspond (?:absolument |pas du tout |en rien )?pas\b",
          r"\bne correspond en rien\b", r"\bs'avere\b", r"\bcontrairement a ce qu\b",
          r"\bpas ete (?:explique|informe|prevenu|respecte|rembourse|indemnise|verse)",
          r"\bjamais ete (?:explique|informe|prevenu|respecte)"),
    # -- behaviour, data misuse
    _cues(_G, 2.0,
          r"\bdesagreable\b", r"\bimpoli(?:e|s)?\b", r"\birrespectu\w*", r"\bmeprisant\w*",
          r"\bagressi(?:f|ve|vite)\b", r"\bton (?:employe|utilise|de votre|sec|condescendant)\b",
          r"\bcondescend\w*", r"\bcomportement\b", r"\bmanque de (?:respect|professionnalisme|serieux)\b",
          r"\b(?:continue|continuez) d'etre demarche", r"\bdemarche(?:e|s)? (?:sans|alors)\b",
          r"\bsollicitations? commerciales?\b", r"\bconfidentialite\b",
          r"\bsans (?:mon )?consentement\b", r"\bsans que je (?:l'aie|n'aie|ne l'aie)\b"),
    # -- broader French vocabulary of dissatisfaction (feelings, judgements)
    _cues(_G, 2.5,
          r"\b(?:furieu(?:x|se)|outre(?:e|s)?|choque(?:e|s)?|scandalise(?:e|s)?|revolte(?:e|s)?|indigne(?:e|s)?)\b",
          r"\b(?:agace(?:e)?|enerve(?:e)?|excede(?:e)?|depite(?:e)?|consterne(?:e)?|atterre(?:e)?|sidere(?:e)?|ecoeure(?:e)?)\b",
          r"\ben colere\b", r"\bj'en ai (?:assez|marre|plus qu'assez)\b", r"\bras le bol\b",
          r"\bc'est un comble\b", r"\b(?:pas|plus) (?:serieux|professionnel|acceptable|normal)\b",
          r"\bamateurisme\b", r"\bincompeten\w*", r"\bmepris\b", r"\blaisse a desirer\b",
          r"\b(?:vous )?(?:vous )?moquez\b", r"\bse moque(?:r|nt)? de\b", r"\binconcevable\b", r"\baberran\w*",
          r"\babsurde\b", r"\bridicule\b", r"\bmalhonnet\w*", r"\btromp(?:e|ee|er|eur|euse|erie)\b(?! (?:d'adresse|de destinataire|de service|de cabinet))",
          r"\barnaque\w*", r"\bescroqu\w*", r"\bmensong\w*", r"\bmenti\b", r"\binduite? en erreur\b",
          r"\bfausses? promesses?\b", r"\babus\b", r"\bbacle(?:e|s)?\b", r"\bdysfonctionnement\w*",
          r"\banomalie\w*", r"\bj'exige\b", r"\bque cela cesse\b", r"\binqualifiable\b",
          r"\binexcusable\b", r"\bintolerabl\w*", r"\bsans (?:aucun )?scrupule\b", r"\bpiege(?:e)?\b",
          negatable=True),
    _cues(_G, 2.0,
          r"\brefus\w*", r"\bpretext\w*", r"\b(?:ne figure|n'apparait|n'est mentionnee?|ne figurent) (?:nulle part|pas|jamais)\b",
          r"\brien n'a ete (?:fait|fait|entrepris|regle|corrige)\b", r"\b(?:vous )?n'avez rien fait\b",
          r"\bn'(?:a|ont|avez) rien (?:fait|fait|regle|corrige|entrepris)\b", r"\baucune (?:action|demarche|suite|mesure)\b",
          r"\bne (?:decroche|repond|rappelle)(?:nt)? (?:jamais|pas)\b", r"\bpersonne n'est (?:venu|passe|revenu)\b",
          r"\b(?:delai|attente)s? (?:anormal\w*|trop long\w*|interminable\w*|inadmissible\w*)\b",
          r"\binterminable\w*", r"\bje patiente\b", r"\bcela fait (?:maintenant |deja |plus de )?(?:\w+ )?(?:jours|semaines|mois|ans)\b",
          r"\bdepuis (?:maintenant |deja )?(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|plusieurs|de longs|des) (?:longs? )?(?:jours|semaines|mois)\b",
          r"\bpas de nouvelles?\b", r"\bd'attendre\b", r"\battendre encore\b",
          r"\bon m'(?:avait|a) (?:dit|affirme|assure|garanti|certifie|promis)\b",
          r"\bc'est faux\b", r"\bfausse(?:s)?\b", r"\bmal (?:orthographi\w*|renseigne\w*|calcul\w*|informe\w*|conseill\w*|traite\w*)",
          r"\b(?:pas|jamais) (?:ete )?(?:prevenu|informe|averti)e?s?\b", r"\ben trop\b",
          r"\bdoubles? (?:debit|prelevement|paiement|facturation)s?\b", r"\bpreleve(?:e|s)? a tort\b",
          r"\bje (?:veux|souhaite|demande a) etre rembourse",
          r"\bje paie (?:donc )?(?:deux|en double|pour rien)\b", r"\bne m'(?:a|ont) (?:rembourse|verse|indemnise|paye)(?:e)? que\b",
          r"\brevoir (?:votre|sa|leur) position\b", r"\breexamin\w*", r"\bcorriger (?:cette|cet|ces|votre|l'erreur)\b",
          r"\bje demande l'annulation\b", r"\bpour la (?:deuxieme|troisieme|quatrieme|enieme|ennieme|\d+e) fois\b",
          r"\bcomment est-ce possible\b", r"\bblocage\b", r"\bprocede\b", r"\bne (?:l'|les )?accepte pas\b",
          r"\braccroche au nez\b", r"\bjamais ete (?:traite|traitee|recu|recue) (?:ainsi|de la sorte|de cette facon)\b",
          r"\bparle comme\b", r"\bmanque de (?:reactivite|suivi|transparence|clarte|consideration|communication|rigueur)\b",
          r"\bpersonne ne (?:reagit|repond|rappelle|bouge)\b", r"\brevendu\w*", r"\bdroit d'opposition\b",
          r"\bcnil\b", r"\b(?:cette|une|la) fuite (?:de (?:mes |vos |nos )?(?:donnees|informations)|est grave)\b", r"\bc'est (?:tres |extremement )?grave\b",
          r"\bcette (?:negligence|erreur|situation) est\b", r"\bplante\b", r"\bpenible\b",
          r"\bsans (?:aucune |la moindre )?(?:raison|motif)\b", r"\bje ne comprends pas (?:votre|cette|ce|pourquoi|comment)\b"),
    _cues(_G, 2.0,
          r"\bsourde oreille\b", r"\bvoila (?:\w+ ){0,2}(?:jours|semaines|mois)\b", r"\bje reclame\b",
          r"\bsans que (?:j'aie|je n'aie|je l'aie|je sois|j'en sois|l'on m'|on m'|j'aie ete|je ne sois)\b",
          r"\bmalgre (?:ma|mon|notre|votre|leurs?) (?:\w+ ){0,2}?(?:demande|relance|courrier|mail|courriel|appel|reclamation|opposition|refus)\b",
          r"\bcontraire (?:au|a la|aux|a l')\b", r"\bfaute de quoi\b", r"\bj'engagerai\b",
          r"\bprocedure (?:judiciaire|contentieuse|en justice)\b", r"\bpas d'accord\b", r"\bje m'oppose\b",
          r"\bfais appel de\b", r"\brecours\b", r"\bdeux (?:primes|prelevements|cotisations|echeances|factures)\b",
          r"\bpour (?:le|la) meme (?:contrat|periode|echeance|mois)\b", r"\bpar votre faute\b", r"\bvotre faute\b",
          r"\bpersonne ne (?:me|m'|nous) l'a\b", r"\bpas (?:ete )?respecte(?:e|s)?\b", r"\bsans (?:mon|notre) avis\b",
          r"\bpropos (?:deplaces|insultants|blessants)\b", r"\bmenteu(?:r|se)\b", r"\binsult\w*", r"\bhumili\w*",
          r"\bn'ai pas apprecie\b", r"\bje ne vous felicite pas\b", r"\bje n'arrive (?:pas|plus) a (?:joindre|obtenir|avoir)\b",
          r"\bsonne dans le vide\b", r"\bmessagerie (?:est )?(?:saturee|pleine)\b", r"\bn'ai jamais autorise\b",
          r"\bjamais (?:autorise|consenti|accepte|donne (?:mon|mon accord))\b",
          negatable=False),
    _cues(_G, 1.5,
          r"\ben (?:qualite|ma qualite) d'avocat\b", r"\bmon client(?:e)?\b", r"\bma cliente\b",
          r"\bagissant (?:pour le compte|au nom)\b", r"\bprocedure\b" + _W + r"{0,30}\b(?:engag|intent)\w*",
          r"\bje decouvre\b", r"\bje m'apercois\b", r"\bj'apprends\b", r"\bje constate\b",
          r"\bqu'attendez-vous\b", r"\bau lieu de\b", r"\bremboursement immediat\b",
          r"\bn'(?:y )?est pas eligible\b", r"\bj'ai (?:ecrit|appele|relance) (?:deux|trois|quatre|plusieurs|\d+) fois\b"),
    _cues(_G, 2.0,
          r"\baucun(?:e)? \w+ ne (?:m'|nous |l'|lui )?(?:a|ont|est|sont)\b", r"\bsans qu'(?:aucun|aucune|on|il|elle|ils)\b",
          r"\ben deca\b", r"\breconsider\w*", r"\bj'attends des (?:eclaircissements|explications|excuses)\b",
          r"\bje (?:veux|demande|exige) des (?:explications|excuses|comptes)\b", r"\bsans preavis\b",
          r"\bbrutal(?:e|ement)?\b", r"\bdisproportionne\w*", r"\bmal (?:orient|accueilli|reçu|recu|servi)\w*",
          r"\bn'(?:a|ont) pas ete (?:fait|faite|faits|faites|effectu\w*|realis\w*|pris\w*|trait\w*|enregistr\w*|transmis\w*|envoy\w*|vers\w*|regl\w*)",
          r"\bexpeditif\w*", r"\bcoupe la parole\b", r"\bsilence\b", r"\bdifficilement (?:comprehensible|acceptable)\b",
          r"\bvoici (?:\w+ ){0,2}(?:jours|semaines|mois) que\b", r"\bne (?:me )?satisf(?:ait|ont|aisait) (?:pas|plus|aucunement)\b",
          r"\bne repond a aucune?\b", r"\bdesolant\w*", r"\binferieur\w* a (?:ce|mes|la|l'|celle)\b",
          r"\bj'estime (?:avoir ete|que vous|que le cabinet|etre)\b", r"\bne m'a (?:jamais|pas) ete\b",
          r"\best-ce ainsi que\b", r"\bje vous (?:tiens|tiendrai) (?:pour )?responsable\b"),
    # -- regret, disappointment, opposition, what the writer will do next
    _cues(_G, 2.5,
          r"\b(?:je|nous) (?:deplore|deplorons|regrette vivement|regrettons vivement)\b",
          r"\bje m'attendais a (?:davantage|mieux|plus|autre chose)\b",
          negatable=True),
    _cues(_G, 2.0,
          r"\b(?:plus|davantage) de (?:serieux|rigueur|professionnalisme|consideration|respect|reactivite)\b",
          r"\bpas a la hauteur\b", r"\bdefaut d'information\b",
          r"\binadapte(?:e|s|es)? a (?:ma|mes|notre|nos|sa|ses) (?:situation|besoins?)\b",
          r"\bopposition (?:a|contre) (?:la|le|cette|ce|votre|l')\b",
          r"\ba defaut (?:de|d') (?:reponse|solution|regularisation|geste|accord|retour)\b",
          r"\b(?:les|toutes les) suites (?:utiles|judiciaires|qui s'imposent|necessaires)\b",
          r"\bje (?:suis|reste) (?:tres |profondement |vraiment )?(?:surpris|surprise|etonne|etonnee)"
          r" (?:de|d'|que|par)\b"),
    # -- efforts that came to nothing, commitments not kept, things done without asking
    _cues(_G, 2.0,
          r"\ben vain\b", r"\bsans (?:aucun )?succes\b", r"\b(?:relances?|demarches?|demandes?|tentatives?) (?:sont |restees? )?vaines?\b",
          r"\bj'ai du (?:relancer|rappeler|insister|reclamer|reecrire|renvoyer)\b",
          r"\bn'ai (?:toujours |jamais )?recu aucun",
          r"\bn'avez (?:toujours |jamais |pas encore |pas )(?:tenu compte|pris en compte|respecte|repondu|donne suite|traite|"
          r"enregistre|effectue|modifie|corrige|resilie|rembourse|envoye|tenu)",
          r"\b(?:ne tient|ne tenez|sans tenir) (?:pas )?compte\b",
          r"\bvous m'aviez (?:pourtant )?(?:assure|promis|garanti|dit|confirme|indique)\b",
          r"\bje n'ai jamais (?:demande|sollicite|signe|accepte|souscrit)\b", r"\bje ne reconnais pas\b",
          r"\binexpli(?:cable|que|quee|ques|quees)\b", r"\bnon conforme\b", r"\bdaign\w*",
          negatable=False),
    _cues(_G, 1.5,
          r"\bje m'etonne\b", r"\bvos engagements\b", r"\bje suis en droit\b", r"\bje persiste\b",
          r"\bje vous demande (?:donc |instamment |expressement )?de (?:rectifier|corriger|annuler|rembourser|regulariser|reparer)\b",
          r"\bpris la peine\b"),
    _cues(_G, 1.0,
          r"\bpourtant\b", r"\brectifi(?:er|cation)\b",
          r"\balors (?:meme )?que (?:j'|je |mes |toutes |tous |les |mon |ma |nous |le |la |l')",
          r"\bce que vous comptez faire\b", r"\breponse satisfaisante\b"),
    _cues(_G, 1.5,
          r"\baccelerer\b", r"\b(?:\w+) (?:jours|semaines|mois) apres (?:ma|mon|notre|la|le)\b",
          r"\bbien que je (?:vous )?(?:aie|ai)\b", r"\brevision de\b", r"\brevoir (?:cette|ce|le|la|votre)\b",
          r"\bsommes? (?:indument|injustement)\b", r"\bpas normal\b", r"\bsoit (?:enfin|rapidement) (?:traite|regle|restitue)"),
    # -- weaker signals
    _cues(_G, 1.0,
          r"\bregularis(?:er|ation)\b", r"\bremedier\b", r"\bje ne comprends pas\b",
          r"\bincomprehensible\b", r"\bmalheureusement\b", r"\bmotivee\b",
          r"\ben ces termes\b", r"\bre-?examen\b", r"\bdefendre mes interets\b",
          r"\bfaire valoir mes droits\b", r"\bintervenir aupres\b", r"\bpreavis\b",
          r"\bvetuste\b", r"\bfranchise de\b" + _W + r"{0,60}\bjamais\b", r"\bexige(?:r|ons)? (?:le|la|que)\b"),
    # -- requests
    _cues(_R, 2.0,
          r"\b(?:pourriez|pouvez|pourrez|auriez|voudriez)-vous\b",
          r"\b(?:je souhaiterais|j'aimerais|je voudrais|je desirerais|je souhaite|nous souhaiterions)"
          r" (?:savoir|connaitre|obtenir (?:un|une|le|la|copie|mon|ma|des)|recevoir (?:un|une|le|la|mon|ma)|avoir des|un devis|une attestation|faire etablir|comparer|me renseigner)",
          r"\bmerci de (?:bien vouloir )?(?:me |m'|nous )?(?:faire parvenir|envoyer|adresser|transmettre|noter|mettre a jour|enregistrer|communiquer)",
          r"\bje vous (?:serais|serai) (?:reconnaissante?|obligee?) de (?:bien vouloir )?m'(?:adresser|envoyer|etablir|indiquer)",
          r"\bje vous prie de (?:bien vouloir )?(?:m'adresser|enregistrer|me faire parvenir|m'envoyer)",
          r"\bdevis\b", r"\bduplicata\b", r"\breleve d'information\b", r"\bchangement d'adresse\b",
          r"\bnouvelle adresse\b", r"\bdemenag\w*", r"\bnouveau logement\b",
          r"\b(?:mettre a jour|modifier|modification de|mise a jour de) (?:mes )?coordonnees\b",
          r"\bproposition tarifaire\b", r"\betude comparative\b", r"\bvos tarifs\b",
          r"\bdemande de (?:renseignements?|information|document|tarif|devis|attestation)\b",
          r"\bquestion sur\b", r"\bj'aurais besoin\b", r"\best-(?:il|elle|ce) (?:toujours )?(?:couvert|couverte|possible|que)\b",
          r"\bquelles? (?:sont|est) (?:les|la) (?:demarches?|modalites|procedure|conditions|garanties)\b",
          r"\b(?:comment|a quelle date|quand) (?:declarer|faire|proceder|mon contrat)\b",
          r"\benvoyez-moi\b", r"\bpar retour de courrier\b"),
    _cues(_R, 1.5,
          r"\battestations?\b(?! de resiliation)", r"\brenseignements?\b", r"\bje vous informe (?:de|que)\b",
          r"\bje vous signale mon\b", r"\bafin de (?:la|le) transmettre\b", r"\bpar avance\b",
          r"\burgent\b", r"\bimmediatement\b", r"\bsans delai l'attestation\b"),
    # -- adverts and newsletters
    _cues(_A, 3.0,
          r"\bdesinscri\w*", r"\bdesabonn\w*", r"\bnewsletter\b", r"\bwebinaire?\b", r"\bstop\b",
          r"\boffres? (?:speciale|exceptionnelle|promotionnelle|reservee)s?\b", r"\bpromo(?:tion|tionnel)?\b",
          r"\bremise de \d+", r"\b\d+ ?% (?:de remise|de reduction|sur)\b", r"\bcode promo\b",
          r"\bprofitez\b", r"\bdecouvrez\b", r"\bbeneficiez\b", r"\binscrivez-vous\b",
          r"\bdemonstration gratuite\b", r"\bessai gratuit\b", r"\bnos (?:solutions|produits|nouveautes|offres)\b",
          r"\bnotre (?:equipe commerciale|catalogue|solution|offre)\b", r"\bpremiere commande\b",
          r"\binvitation au salon\b", r"\bsalon de\b", r"\bne plus recevoir\b", r"\bvos dossiers clients\b"),
) for c in group)

_ADVERT_SENDER = re.compile(r"(?:newsletter|noreply|no-reply|offres?|promo|marketing|news)@")
_NEGATION = re.compile(r"(?:\bne\b|\bn'|\bpas\b|\bsans\b|\baucune?\b|\bnon\b|\bni\b|\bjamais\b)"
                       r"[^.;:!?,]{0,30}$")

# ---------------------------------------------------------------------------- categories

_FAMILIES: dict[str, tuple[tuple[str, float], ...]] = {
    SINISTRE: (
        (r"\bsinistres?\b", 2.0), (r"\bindemni\w*", 2.0), (r"\bexpert(?:ise)?s?\b", 2.0),
        (r"\bdegats? des eaux\b", 2.0), (r"\bdegats?\b", 1.0), (r"\bdommages?\b", 1.0),
        (r"\bprise en charge\b", 1.5), (r"\brefus de (?:garantie|prise en charge)\b", 2.0),
        (r"\breparations?\b", 1.0), (r"\baccident\b", 1.5), (r"\bvetuste\b", 2.0),
        (r"\bdeclar(?:e|er|ation)\b", 1.0), (r"\bremboursement de frais\b", 1.5),
        (r"\breglement\b", 1.0), (r"\bvictime\b", 1.5), (r"\bgarantie (?:ne serait pas )?acquise\b", 1.5),
        (r"\bjustificatifs\b", 1.0), (r"\bvol\b", 1.0), (r"\bincendie\b", 1.5), (r"\bbris de\b", 1.0),
        (r"\bdossier sinistre\b", 2.0), (r"\barret de travail\b", 1.0),
        (r"\brembours\w*", 1.5), (r"\btableau de garanties\b", 1.0), (r"\binondation\b", 1.5), (r"\bchiffrage\b", 1.5), (r"\bvaleur\b", 1.0), (r"\bsoins\b", 1.5), (r"\bfrais (?:medicaux|d'ambulance|dentaires|d'optique|de sante)\b", 2.0), (r"\bgrele\b", 1.5),
        (r"\btempete\b", 1.5), (r"\bfuite\b", 1.0), (r"\bconstat\w*", 1.0), (r"\bindemnit\w*", 1.0),
    ),
    COTISATION: (
        (r"\bcotisations?\b", 2.0), (r"\bpreleve\w*", 2.0), (r"\bprelevement\w*", 2.0),
        (r"\baugment\w*", 2.0), (r"\becheancier\b", 2.0), (r"\bprime\b", 1.5), (r"\btarif\w*", 1.0),
        (r"\btrop[- ]per\w*", 2.0), (r"\bfrais de gestion\b", 2.0), (r"\bavis d'echeance\b", 1.0),
        (r"\bmontant\b", 0.5), (r"\bfactur\w*", 1.0), (r"\bmajoration\b", 2.0), (r"\bhausse\b", 2.0),
        (r"\bpaiements?\b", 1.0), (r"\bdebit\w*", 1.0),
        (r"\bfrais\b", 0.5), (r"\brib\b", 1.0), (r"\ben trop\b", 1.0), (r"\beuros? de plus\b", 1.5),
    ),
    RESILIATION: (
        (r"\bresili\w*", 3.0), (r"\bresiliation\b", 1.0), (r"\bloi (?:hamon|chatel|lemoine)\b", 2.0),
        (r"\bpreavis\b", 2.0), (r"\binfra-annuelle\b", 2.0), (r"\bmettre fin\b", 1.5), (r"\bmis fin\b", 2.0), (r"\bsans preavis\b", 1.5),
        (r"\bnouvel assureur\b", 1.5), (r"\bcontrat (?:a pris fin|termine|clos)\b", 1.0),
    ),
    AVANT_VENTE: (
        (r"\bconseil(?:s|ler|lere|le)?\b", 1.0), (r"\bdevoir de conseil\b", 3.0),
        (r"\bsouscription\b", 2.0), (r"\bsouscri\w*", 0.5), (r"\bon m'a vendu\b", 3.0),
        (r"\bvendu\b", 1.5), (r"\binadapte\w*", 2.0), (r"\bbesoins\b", 2.0),
        (r"\bfiche d'information\b", 2.0), (r"\bau moment de la signature\b", 2.0),
        (r"\bavant la signature\b", 2.0), (r"\blors de (?:la signature|notre rendez-vous|la souscription)\b", 2.0),
        (r"\bexclusions?\b", 1.0), (r"\bprospect\w*", 2.0), (r"\bdevis\b", 1.5),
        (r"\bmandat de recherche\b", 2.0), (r"\bprojet de contrat\b", 2.0), (r"\bformule\b", 1.0),
        (r"\bdefaut d'information\b", 2.0), (r"\bcommercialis\w*", 1.0),
        (r"\badhesion\b", 1.5), (r"\bon m'(?:avait|a) (?:affirme|assure|dit|promis|garanti)\b", 1.5),
        (r"\binduite? en erreur\b", 2.0), (r"\bsign(?:er|e|ee|ature)\b", 1.0), (r"\bbesoin\b", 1.0),
        (r"\bcommercial\b", 1.5), (r"\blors de la vente\b", 2.0), (r"\bmal (?:conseill|inform)\w*", 2.0), (r"\bproposition\b", 0.5),
    ),
    GESTION: (
        (r"\bavenant\b", 3.0), (r"\bmodifi\w*", 2.0), (r"\bconditions particulieres\b", 2.0),
        (r"\bmise a jour\b", 2.0), (r"\bchangement de situation\b", 2.0),
        (r"\bdocuments? contractuels?\b", 2.0), (r"\bpris(?:e)? en compte\b", 1.0),
        (r"\bgaranties? choisies\b", 1.0), (r"\bchangement\b", 1.0), (r"\bajout\w*", 1.0),
        (r"\bgestion (?:de mon|du) contrat\b", 2.0), (r"\benregistre\w*", 1.0),
        (r"\bcarte verte\b", 1.0), (r"\battestation " + _W + r"{0,30}jamais\b", 2.0),
    ),
    SERVICE: (
        (r"\baccueil\b", 2.0), (r"\bjoindre\b", 1.5), (r"\brappel\w*", 1.0), (r"\btelephone\b", 1.0),
        (r"\bsans reponse\b", 1.0), (r"\baucune reponse\b", 1.0), (r"\bcourriels?\b", 1.0),
        (r"\binterlocuteurs?\b", 2.0), (r"\bcollaborat\w*", 1.0), (r"\bton\b", 1.5),
        (r"\bcomportement\b", 2.0), (r"\bqualite de service\b", 3.0), (r"\bagence\b", 1.0),
        (r"\bdesagreable\b", 2.0), (r"\bimpoli\w*", 2.0), (r"\bdelais?\b", 0.5), (r"\brelances\b", 1.0),
        (r"\bse renvoient\b", 2.0), (r"\bsuit (?:reellement )?mon dossier\b", 1.5),
        (r"\bpersonne ne\b", 0.5), (r"\babsence de reponse\b", 2.0), (r"\bconseillers\b", 0.5),
        (r"\breactivite\b", 2.0), (r"\bappel\b", 1.5), (r"\bcoupe la parole\b", 2.0), (r"\bexpeditif\b", 2.0), (r"\bservice client\b", 2.0), (r"\bsilence\b", 1.5), (r"\bretour\b", 1.0), (r"\bsuivi\b", 1.0), (r"\bstandard\b", 2.0), (r"\bdecroch\w*", 2.0),
        (r"\borganisation\b", 1.0), (r"\bemploye(?:e)?\b", 1.0), (r"\braccroch\w*", 2.0), (r"\bmails?\b", 0.5),
    ),
    DONNEES: (
        (r"\bdonnees\b", 3.0), (r"\brgpd\b", 3.0), (r"\bdemarch\w*", 2.0), (r"\bsollicitations?\b", 2.0),
        (r"\bcoordonnees\b", 1.5), (r"\bconsentement\b", 2.0), (r"\bconfidentialite\b", 3.0),
        (r"\beffacement\b", 3.0), (r"\bcnil\b", 3.0), (r"\bpartenaires\b", 1.0),
        (r"\bnumero de telephone\b", 1.0), (r"\bvie privee\b", 3.0), (r"\bmedical\b", 1.0),
        (r"\bautre client\b", 2.0), (r"\binformations personnelles\b", 3.0), (r"\bdroit d'acces\b", 3.0), (r"\bacces a mes\b", 2.0),
    ),
    AUTRE: (
        (r"\bsite internet\b", 1.5), (r"\bespace client\b", 1.5), (r"\bparrainage\b", 4.0),
        (r"\bfrais de dossier\b", 3.0), (r"\bancienne adresse\b", 1.5), (r"\bapplication\b", 1.5),
        (r"\bsite\b", 1.0), (r"\bbon de\b", 1.0), (r"\brendez-vous\b" + _W + r"{0,40}\bannule\b", 3.0),
    ),
}
_FAMILY_PATTERNS = {cat: tuple((re.compile(p), w) for p, w in pats) for cat, pats in _FAMILIES.items()}


# ---------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class _Text:
    """The subject and body the decision reads, and their folded copies."""

    subject: str
    body: str
    folded_subject: str
    folded_body: str


def _text_of(letter: Letter) -> _Text:
    body = letter.body
    if len(body.split()) < MIN_BODY_WORDS:
        rest = [line for line in letter.lines[len(letter.head):] if line]
        body = "\n".join(rest) if len(" ".join(rest).split()) > len(body.split()) else body
    subject = letter.subject
    return _Text(subject, body, fold(subject), fold(body))


def _negated(folded: str, start: int) -> bool:
    return _NEGATION.search(folded[max(0, start - 40):start]) is not None


def find_hits(folded: str, factor: float = 1.0) -> list[Hit]:
    """Every cue found in `folded`, overlapping matches of lesser weight dropped."""
    hits: list[Hit] = []
    for cue in CUES:
        for match in cue.pattern.finditer(folded):
            if cue.negatable and _negated(folded, match.start()):
                continue
            hits.append(Hit(cue, match.start(), match.end(), cue.weight * factor))
    hits.sort(key=lambda h: (-h.weight, h.start))
    kept: list[Hit] = []
    for hit in hits:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return kept


def _tally(hits: list[Hit], kind: CueKind) -> float:
    """Weights of one kind, each distinct cue counted once, with diminishing returns."""
    best: dict[int, float] = {}
    for hit in hits:
        if hit.cue.kind is kind:
            best[id(hit.cue)] = max(best.get(id(hit.cue), 0.0), hit.weight)
    total = 0.0
    for rank, weight in enumerate(sorted(best.values(), reverse=True)):
        total += weight * (0.85 ** rank)
    return total


def _quote(original: str, hit: Hit) -> str:
    return " ".join(original[hit.start:hit.end].split())


def category_weight(text: str) -> float:
    """How much category vocabulary `text` holds, all families together."""
    folded = fold(text)
    return sum(w for patterns in _FAMILY_PATTERNS.values() for p, w in patterns if p.search(folded))


def category_of(text: str, subject: str = "") -> str:
    """The ACPR category whose keyword family weighs most (subject counted double)."""
    folded_subject, folded_body = fold(subject), fold(text)
    scores = dict.fromkeys(CATEGORIES, 0.0)
    for cat, patterns in _FAMILY_PATTERNS.items():
        for pattern, weight in patterns:
            scores[cat] += 3.0 * weight * len(pattern.findall(folded_subject))
            scores[cat] += weight * min(3, len(pattern.findall(folded_body)))
    best = max(CATEGORIES, key=lambda c: (scores[c], -CATEGORIES.index(c)))
    return best if scores[best] >= 1.0 else AUTRE


def classify(letter: Letter) -> Verdict:
    """Complaint or other mail, with the cue phrases that decided it."""
    text = _text_of(letter)
    subject_hits = find_hits(text.folded_subject, SUBJECT_FACTOR)
    body_hits = find_hits(text.folded_body)
    all_hits = subject_hits + body_hits
    if _tally(subject_hits, CueKind.REQUEST) and not _tally(subject_hits, CueKind.GRIEF):
        # "Attestation", "Demande de devis"…: an impatient request stays a request
        body_hits = [Hit(h.cue, h.start, h.end, h.weight * REQUEST_SUBJECT_DAMPING)
                     if h.cue.kind is CueKind.GRIEF else h for h in body_hits]
        all_hits = subject_hits + body_hits
    grief = _tally(all_hits, CueKind.GRIEF)
    request = _tally(all_hits, CueKind.REQUEST)
    advert = _tally(all_hits, CueKind.ADVERT)
    sender = letter.email.sender_address if letter.email is not None else None
    if sender and _ADVERT_SENDER.search(sender):
        advert += 3.0
    margin = grief - 0.8 * request - advert - THRESHOLD
    is_complaint = margin >= 0
    score = 1.0 / (1.0 + math.exp(-abs(margin)))
    wanted = {CueKind.GRIEF} if is_complaint else {CueKind.REQUEST, CueKind.ADVERT}
    quoted: list[tuple[float, int, str]] = []
    for source, hits, offset in ((text.subject, subject_hits, 0), (text.body, body_hits, 1)):
        for hit in hits:
            if hit.cue.kind in wanted:
                quoted.append((-hit.weight, offset * 100_000 + hit.start, _quote(source, hit)))
    evidence: list[str] = []
    for _weight, _position, phrase in sorted(quoted):
        if phrase and phrase.lower() not in (e.lower() for e in evidence):
            evidence.append(phrase)
        if len(evidence) == MAX_EVIDENCE:
            break
    category = category_of(text.body, text.subject) if is_complaint else None
    return Verdict(is_complaint, tuple(evidence), category, round(score, 3))


def as_complaint(letter: Letter, why: str) -> Verdict:
    """The verdict for a letter that is a complaint by what it is, whatever its wording:
    one meant for the Mediator (rules.md: a letter meant for the Mediator is a complaint)."""
    text = _text_of(letter)
    return Verdict(True, (why,), category_of(text.body, text.subject), 0.9)
