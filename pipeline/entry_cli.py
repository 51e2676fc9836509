"""`reclam saisie`: a complaint heard on the phone or in a meeting, or sent through the web
form, typed in (French prompts) or checked from a JSON/CSV file, then dropped in inbox/
as one JSON entry file (format: pipeline.entry).

Nothing is processed here: the entry goes the one way every file goes (intake, journal,
text, understand, match, decide, filing, registers), taken by the running `reclam run`
or by `reclam run --once`. Each file is written under a hidden temporary name, then
renamed, so intake never takes a half-written entry.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from pipeline import clock, safe_files
from pipeline.console import Say
from pipeline.entry import (
    STATUTS,
    EntryError,
    check_value,
    normalise,
    parse_day,
    parse_entries,
)
from pipeline.errors import DocumentError, os_reason
from pipeline.settings import Settings
from pipeline.textnorm import plain

Ask = Callable[[str], str]

CHANNEL_CHOICES = {"1": "telephone", "2": "rendez-vous", "3": "formulaire"}
# field, prompt; the canal, date, description and reclamation prompts are built apart
PROMPTS = (
    ("civilite", "Civilité (M. ou Mme)"),
    ("nom", "Nom"),
    ("prenom", "Prénom"),
    ("statut", "Statut (" + ", ".join(STATUTS) + ")"),
    ("adresse", "Adresse (numéro et rue)"),
    ("code_postal", "Code postal"),
    ("ville", "Ville"),
    ("telephone", "Téléphone(s)"),
    ("email", "E-mail"),
    ("contrat", "N° de contrat"),
    ("sinistre", "N° de sinistre"),
)
LABELS = {"canal": "Canal", "date": "Date de la réclamation", "civilite": "Civilité",
          "nom": "Nom", "prenom": "Prénom", "statut": "Statut", "adresse": "Adresse",
          "code_postal": "Code postal", "ville": "Ville", "telephone": "Téléphone",
          "email": "E-mail", "contrat": "Contrat", "sinistre": "Sinistre",
          "description": "Description", "reclamation": "Réclamation",
          "mediateur": "Médiateur évoqué", "representant_nom": "Représentant (nom)",
          "representant_prenom": "Représentant (prénom)",
          "representant_qualite": "Qualité du représentant", "saisi_par": "Saisi par",
          "tiers": "Pour un tiers"}
SPEAKS = {"telephone": "appelle", "rendez-vous": "vient", "formulaire": "écrit"}
QUALITIES = "fille, fils, conjoint, parent, avocat, curateur, tuteur, association…"


class Abandoned(Exception):
    """The user ended the input (end of file) or said no."""


def _ask_field(ask: Ask, say: Say, field: str, prompt: str, *, default: str = "",
               required: bool = False, check: Callable[[str], str] | None = None) -> str:
    """Ask until the value is valid; "" when left empty (and not required)."""
    shown = f"{prompt} [{default}] : " if default else f"{prompt} : "
    while True:
        try:
            answer = ask(shown).strip()
        except EOFError:
            raise Abandoned from None
        answer = answer or default
        if not answer:
            if not required:
                return ""
            say(f"  « {LABELS[field]} » est obligatoire.")
            continue
        try:
            return (check or (lambda v: check_value(field, v)))(answer)
        except EntryError as exc:
            say(f"  {exc.message}")


def _yes_no(answer: str) -> str:
    try:
        return check_value("reclamation", answer)
    except EntryError:
        raise EntryError("reclamation", "Répondez o (oui) ou n (non).") from None


def _postal_code(answer: str) -> str:
    if not re.fullmatch(r"\d{5}", answer.replace(" ", "")):  # typed: no lost leading zero
        raise EntryError("code_postal", f"Code postal invalide (« {answer} ») : cinq chiffres.")
    return check_value("code_postal", answer)


def _canal(answer: str) -> str:
    return check_value("canal", CHANNEL_CHOICES.get(answer, answer))


def _collaborator(settings: Settings) -> Callable[[str], str]:
    def check(answer: str) -> str:
        found = settings.collaborator(answer)
        if found is None:
            known = ", ".join(c.id for c in settings.collaborators)
            raise EntryError("saisi_par", f"Collaborateur inconnu « {answer} » (connus : {known}).")
        return found.id
    return check


def ask_entry(ask: Ask, say: Say, settings: Settings, today: date) -> dict[str, str]:
    """The entry's values, field by field, each checked as it is typed."""
    values: dict[str, str] = {}
    say("Nouvelle saisie de réclamation (Entrée laisse un champ vide ; Ctrl-D abandonne).")
    values["canal"] = _ask_field(ask, say, "canal", "Canal : 1 téléphone, 2 rendez-vous, "
                                 "3 formulaire web", required=True, check=_canal)
    values["date"] = _ask_field(ask, say, "date", "Date de la réclamation (JJ/MM/AAAA)",
                                default=f"{today:%d/%m/%Y}")
    values.update(ask_representative(ask, say, values["canal"]))
    for field, prompt in PROMPTS:
        check = _postal_code if field == "code_postal" else None
        values[field] = _ask_field(ask, say, field, prompt, check=check)
    values["description"] = _ask_field(ask, say, "description",
                                       "Description de la réclamation (une ou deux phrases)",
                                       required=True)
    values["reclamation"] = _ask_field(ask, say, "reclamation",
                                       "Est-ce une réclamation (mécontentement) ? (o/n)",
                                       default="o", check=_yes_no)
    values["mediateur"] = _ask_field(ask, say, "mediateur",
                                     "Le réclamant a-t-il évoqué le Médiateur ? (o/n)",
                                     default="n", check=_yes_no)
    values["saisi_par"] = _ask_field(ask, say, "saisi_par", "Saisi par (identifiant collaborateur)",
                                     check=_collaborator(settings))
    return {k: v for k, v in values.items() if v}


def ask_representative(ask: Ask, say: Say, canal: str) -> dict[str, str]:
    """Whether the person on the phone (in the meeting, writing) speaks for someone else, and
    then who they are: the record's representative; the claimant is asked for next."""
    verb = SPEAKS[canal]
    if _ask_field(ask, say, "tiers", f"{verb.capitalize()}-t-il pour un tiers ? (o/n)",
                  default="n", check=_yes_no) != "oui":
        return {}
    values = {
        "representant_nom": _ask_field(ask, say, "representant_nom",
                                       f"Nom de la personne qui {verb}"),
        "representant_prenom": _ask_field(ask, say, "representant_prenom",
                                          f"Prénom de la personne qui {verb}"),
        "representant_qualite": _ask_field(ask, say, "representant_qualite",
                                           f"Sa qualité ({QUALITIES})", required=True),
    }
    say(f"Les questions suivantes portent sur le réclamant, la personne pour qui il {verb}.")
    return values


def recap(values: dict[str, str]) -> list[str]:
    lines = ["", "Récapitulatif :"]
    for field, value in values.items():
        shown = f"{parse_day(value):%d/%m/%Y}" if field == "date" else value
        lines.append(f"  {LABELS.get(field, field):<24}{shown}")
    return lines


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", plain(text)).strip("-")[:30].strip("-")
    return slug or "sans-nom"


def write_entry(inbox: Path, values: dict[str, str], now: datetime) -> Path:
    """Write one entry as saisie-AAAAMMJJ-HHMMSS-<nom>.json, atomically; returns its path."""
    stem = f"saisie-{now:%Y%m%d-%H%M%S}-{_slug(values.get('nom', ''))}"
    target, n = inbox / f"{stem}.json", 1
    while target.exists():
        n += 1
        target = inbox / f"{stem}-{n}.json"
    # written under a hidden name, which intake never takes, then swapped in
    safe_files.write_text(target, json.dumps(values, ensure_ascii=False, indent=2) + "\n")
    return target


def _next_steps(say: Say) -> None:
    say("Elle sera traitée par « reclam run » s'il tourne ; sinon lancez « reclam run --once ».")


def interactive(inbox: Path, settings: Settings, ask: Ask = input, say: Say = print) -> int:
    now = clock.now()
    try:
        values = ask_entry(ask, say, settings, now.date())
        for line in recap(values):
            say(line)
        confirm = _ask_field(ask, say, "reclamation", "Enregistrer ? (o/n)", required=True,
                             check=_yes_no)
    except Abandoned:
        print("\nSaisie abandonnée : rien n'a été enregistré.", file=sys.stderr)
        return 1
    if confirm != "oui":
        say("Saisie abandonnée : rien n'a été enregistré.")
        return 1
    target = write_entry(inbox, values, now)
    say(f"Saisie enregistrée : {target}")
    _next_steps(say)
    return 0


def drop_file(source: str, inbox: Path, settings: Settings, say: Say = print) -> int:
    """Check every entry of a JSON or CSV file; when all are valid, drop one file per entry."""
    path = Path(source)
    try:
        data = path.read_bytes()
        entries = parse_entries(data)
    except OSError as exc:
        print(f"reclam saisie : fichier illisible : {os_reason(exc)}", file=sys.stderr)
        return 2
    except DocumentError as exc:
        print(f"reclam saisie : {path.name} : {exc.reason}", file=sys.stderr)
        return 2
    if not entries:
        print(f"reclam saisie : {path.name} ne contient aucune saisie.", file=sys.stderr)
        return 2
    day = clock.from_timestamp(path.stat().st_mtime).date().isoformat()
    checked: list[dict[str, str]] = []
    problems: list[str] = []
    for number, raw in enumerate(entries, start=1):
        where = f"saisie {number}" if len(entries) > 1 else path.name
        try:
            values, unknown = normalise(raw)
            if values.get("saisi_par"):
                values["saisi_par"] = _collaborator(settings)(values["saisi_par"])
        except EntryError as exc:
            problems.append(f"{where} : {exc.message}")
            continue
        values.setdefault("date", day)  # not said: the day the file was written
        checked.append({**values, **unknown})
    if problems:
        for problem in problems:
            print(f"reclam saisie : {problem}", file=sys.stderr)
        print("reclam saisie : rien n'a été déposé ; corrigez le fichier puis recommencez.",
              file=sys.stderr)
        return 2
    now = clock.now()
    for values in checked:
        say(f"Saisie déposée : {write_entry(inbox, values, now)}")
    _next_steps(say)
    return 0
