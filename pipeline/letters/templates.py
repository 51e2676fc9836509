"""The letters' wording, as data: one template per letter type under ``config/modeles/``.

A template is a UTF-8 text file named after its type (``accuse-reception.txt``…)::

    # a comment line (the file's own notes, never printed)
    Objet : Accusé de réception de votre réclamation n° {numero}

    {formule_appel},

    Nous avons bien reçu le {date_reception} votre réclamation, enregistrée sous le
    numéro {numero}.

The first line that is not a comment is the subject (« Objet : … »); the rest are
paragraphs separated by blank lines (a paragraph's lines are joined: wrap them as you
like; a line starting with « - » is an item of a list). Fields are written `{name}`
among `FIELDS`; a paragraph naming a field that is empty for an item (no telephone,
no references) is left out of that item's letter; a list field (`LIST_FIELDS`) stands
alone in its paragraph and becomes a list. `{{` and `}}` write braces.

`check_all(folder)` validates every template at start-up: an unknown field stops the run
with « modèle X, ligne N : champ inconnu {foo} ». A type whose file the home lacks takes
the shipped one (this repository's ``config/modeles/``).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import SetupError
from pipeline.letters.owed import LetterType

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "modeles"

# Every field a template may name, and what it holds (pipeline.letters.fields fills them).
FIELDS = {
    "formule_appel": "Madame, Monsieur, or Madame, Monsieur (civilité unknown)",
    "nom_complet": "the claimant: Madame Jeanne Dupont",
    "civilite": "Madame or Monsieur (empty when unknown)",
    "prenom": "the claimant's given name",
    "nom": "the claimant's family name",
    "e": "« e » when the claimant is a woman (informé{e}), empty otherwise",
    "numero": "the item's id, REC-2026-000123",
    "canal": "how the item came: courrier, courriel, téléphone, rendez-vous, formulaire web",
    "date_reception": "the day the cabinet received it: 4 décembre 2026",
    "date_envoi": "the sending date: 20 novembre 2026",
    "date_courrier": "the letter's date (today): 4 décembre 2026",
    "date_accuse_due": "the acknowledgement's deadline",
    "date_reponse_due": "the answer's deadline, computed by the product",
    "references": "contract and claim numbers: contrat AX-1, sinistre SIN-2",
    "description": "what the complaint is about (the record's description)",
    "gestionnaire": "the file owner's name",
    "signataire": "the signatory's name",
    "cabinet": "the cabinet's name",
    "cabinet_adresse": "the cabinet's address",
    "cabinet_telephone": "the cabinet's telephone",
    "cabinet_email": "the complaints address",
    "mediateur": "the Mediator's name",
    "mediateur_adresse": "the Mediator's address",
    "mediateur_site": "the Mediator's web site",
    "organisme": "the organisation a misdirected complaint concerns",
    "organisme_adresse": "its complaints address (cabinet.toml)",
    "organisme_email": "its complaints e-mail address (cabinet.toml)",
    "informations_manquantes": "the missing minimal information, one list item each",
    "informations_suivantes": "« des informations suivantes, qui ne figurent pas » (or, for "
                              "one: « de l'information suivante, qui ne figure pas »)",
    "les_informations": "« les » (or « la » for one missing information): nous les communiquer",
}
LIST_FIELDS = frozenset({"informations_manquantes"})


@dataclass(frozen=True)
class Paragraph:
    text: str  # the lines joined, fields unfilled
    line: int  # where it starts in the file (1-based)
    bullet: bool = False


@dataclass(frozen=True)
class Template:
    kind: LetterType
    source: Path
    subject: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Rendered:
    """A template filled for one item: its subject and paragraphs (a list item's text
    starts with « – »)."""

    subject: str
    paragraphs: tuple[str, ...]


def template_path(folder: Path, kind: LetterType) -> Path:
    """The home's template of `kind`, else the shipped one."""
    own = folder / f"{kind.value}.txt"
    return own if own.is_file() else SHIPPED / own.name


def _fail(path: Path, line: int, message: str) -> SetupError:
    return SetupError(f"modèle {path.name}, ligne {line} : {message} ({path})")


def _fields(path: Path, line: int, text: str) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise _fail(path, line, "accolade { ou } non fermée (écrivez {{ ou }} pour une "
                                "accolade seule)") from None
    names = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise _fail(path, line, f"champ inconnu {{{shown}}} (champs permis : "
                                    f"{', '.join(FIELDS)})")
        names.append(name)
    return names


def parse(path: Path, kind: LetterType) -> Template:
    """Read and check one template (SetupError naming the file and line)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise SetupError(f"modèle de courrier introuvable : {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SetupError(f"modèle {path.name} illisible ({exc}) : enregistrez-le en UTF-8") from None
    subject: str | None = None
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    start = 0

    def close() -> None:
        if current:
            paragraphs.append(Paragraph(" ".join(current), start))
            current.clear()

    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if text.startswith("#"):
            continue
        if subject is None:
            if not text:
                continue
            head, sep, rest = text.partition(":")
            if not sep or head.strip().casefold() != "objet":
                raise _fail(path, number, "la première ligne doit être l'objet "
                                          "(« Objet : … »)")
            subject = rest.strip()
            _fields(path, number, subject)
            continue
        if not text:
            close()
            continue
        if text.startswith("- "):
            close()
            paragraphs.append(Paragraph(text[2:].strip(), number, bullet=True))
            _fields(path, number, text)
            continue
        for name in _fields(path, number, text):
            if name in LIST_FIELDS and text != f"{{{name}}}":
                raise _fail(path, number, f"le champ {{{name}}} (une liste) doit être seul "
                                          "dans son paragraphe")
        if not current:
            start = number
        current.append(text)
    close()
    if subject is None:
        raise _fail(path, max(1, len(lines)), "modèle vide : il faut au moins l'objet")
    if not paragraphs:
        raise _fail(path, max(1, len(lines)), "le modèle n'a aucun paragraphe")
    return Template(kind, path, subject, tuple(paragraphs))


def check_all(folder: Path) -> dict[LetterType, Template]:
    """Every letter type's template, read and checked (start-up of `reclam run`)."""
    return {kind: parse(template_path(folder, kind), kind) for kind in LetterType}


def render(template: Template, values: Mapping[str, str | tuple[str, ...]]) -> Rendered:
    """Fill `template`: a paragraph naming an empty field is left out; a list field
    becomes one « – » item per value."""
    out: list[str] = []
    for paragraph in template.paragraphs:
        names = [n for _, n, _, _ in string.Formatter().parse(paragraph.text) if n]
        if any(not values.get(n) for n in names):
            continue
        listed = next((n for n in names if n in LIST_FIELDS), None)
        if listed:
            out += [f"– {v}" for v in values[listed]]
            continue
        text = paragraph.text.format_map({n: values[n] for n in names})
        out.append(f"– {text}" if paragraph.bullet else text)
    subject_names = [n for _, n, _, _ in string.Formatter().parse(template.subject) if n]
    subject = template.subject.format_map({n: values.get(n) or "" for n in subject_names})
    return Rendered(" ".join(subject.split()), tuple(out))
