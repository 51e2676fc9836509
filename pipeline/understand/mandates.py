"""Someone writing for the claimant: a lawyer, a relative, a curator or tutor, a consumer
association; the person represented, their name and address, and the writer's qualité."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.understand import lexicon
from pipeline.understand.contacts import find_address_in_text
from pipeline.understand.letter import Letter
from pipeline.understand.names import (
    MR,
    MRS,
    PersonName,
    gender_from_first_name,
    gender_from_text,
    normalise,
    parse_name,
    person_key,
)
from pipeline.understand.nlp import LazyNlp
from pipeline.understand.sender import World

_TITLED_NAME = re.compile(
    r"\b(?P<title>M\.|M(?=\s+[A-ZÀ-Ý])|Mr\.?|Mme\.?|MME|Mlle\.?|MLLE|Monsieur|Madame|"
    r"Mademoiselle)\s+"
    r"(?P<name>(?:[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]+|de|du|des|d'|le|la|van|von|der|den|ben|el)"
    r"(?:[ \t]+(?:[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]+|de|du|des|d'|le|la|van|von|der|den|ben|el)"
    r"){0,4})"
)
# Who writes for whom: the phrases that make the writer a representative (lexicon/mandates_cues.txt).
_CUES = lexicon.expressions("mandates_cues")

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


@dataclass(frozen=True)
class Mandate:
    qualite: str | None
    represented: PersonName | None
    relation: str | None = None  # "mère", "père"… for a relative


def _represented_name(
    text: str, trigger_end: int, nlp: LazyNlp, writer: PersonName | None, world: World
) -> PersonName | None:
    """The person represented: "Concerne : Mme X", else the first titled name after the
    trigger, else a PER entity of the trigger's sentence."""
    writer_key = person_key(writer.prenom, writer.nom) if writer else ""

    def acceptable(name: PersonName | None, *, not_writer: bool = False) -> bool:
        return (
            name is not None
            and name.nom is not None
            and not (not_writer and person_key(name.prenom, name.nom) == writer_key)
            and not world.is_staff_name(name.prenom, name.nom)
        )

    for line in text.splitlines():
        concerns = _CUES["concerns"].match(line.strip())
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


def find_mandate(
    letter: Letter, nlp: LazyNlp, writer: PersonName | None, world: World, text: str
) -> Mandate | None:
    body = "\n".join([letter.subject, letter.body, *letter.tail])
    body = normalise(body)
    if not body.strip():
        body = text
    relative = _CUES["for_relative"].search(body)
    if relative:
        relation = relative.group("relation").casefold()
        represented = _represented_name(body, relative.end(), nlp, writer, world)
        gender = writer.civilite if writer else None
        if gender is None:
            gender = gender_from_text(body) or gender_from_first_name(
                writer.prenom if writer else None
            )
        man, woman = _RELATIONS[relation]
        qualite = woman if gender == MRS else man
        if represented is not None and represented.civilite is None:
            represented = replace(represented, civilite=_RELATIVE_GENDER.get(relation))
        return Mandate(qualite, represented, relation)
    as_relative = _CUES["as_relative"].search(body)
    if as_relative:
        quality = as_relative.group("quality").casefold().replace("oe", "œ")
        quality = {"epoux": "époux", "epouse": "épouse", "pere": "père", "mere": "mère",
                   "frere": "frère", "niece": "nièce"}.get(quality, quality)
        represented = _represented_name(body, as_relative.end(), nlp, writer, world)
        return Mandate(quality, represented, None)
    guardian = _CUES["guardian"].search(body)
    if guardian:
        role = guardian.group("role").casefold()
        qualite = "tuteur" if role.startswith(("tut", "mesure de tutelle", "sous tutelle")) else (
            "mandataire judiciaire" if role.startswith("mandataire") else "curateur"
        )
        represented = _represented_name(body, guardian.end(), nlp, writer, world)
        return Mandate(qualite, represented)
    lawyer = _CUES["lawyer"].search(body)
    if lawyer:
        represented = _represented_name(body, lawyer.end(), nlp, writer, world)
        if represented is not None or re.search(r"client(e)?\b", lawyer.group(), re.IGNORECASE):
            return Mandate("avocat", represented)
    association = _CUES["association"].search(body)
    if association:
        represented = _represented_name(body, association.end(), nlp, writer, world)
        if represented is not None:
            return Mandate("association", represented)
    for_someone = _CUES["for_someone"].search(body)
    if for_someone:
        represented = _represented_name(body, for_someone.start(), nlp, writer, world)
        if represented is not None:
            return Mandate(None, represented)
    return None


def represented_address(body: str) -> tuple[str, str, str] | None:
    """The address given for the person represented ("Ma cliente demeure 37 rue …")."""
    prose = re.sub(r"\s*\n\s*", " ", body)
    for cue in _CUES["lives_at"].finditer(prose):
        found = find_address_in_text(prose[cue.end() : cue.end() + 200])
        if found:
            return found
    return None
