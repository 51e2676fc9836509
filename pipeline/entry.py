"""The entry file format ("saisies"): a complaint heard on the phone, in a meeting, or sent through
the web form, typed by a collaborator (`reclam saisie`) or exported by the site.

An entry file is one small JSON object (or a list holding one object), or a CSV file
(``;`` or ``,``, UTF-8 with or without BOM, Windows-1252 accepted) with a header row and
one data row. Keys are French; case, accents, spaces and hyphens do not matter
("Code postal" is ``code_postal``, "Prénom" is ``prenom``):

    canal        telephone | rendez-vous | formulaire                  (required)
    date         the day the complaint was expressed: JJ/MM/AAAA or AAAA-MM-JJ
                 (absent: the day the file was dropped)
    civilite     M. | Mme
    nom, prenom
    statut       client | prospect | ayant droit | tiers | mandataire
    adresse, code_postal (five digits), ville
    telephone    one or more numbers
    email
    contrat, sinistre   one or more numbers, separated by "," or ";"
    description  what the complaint is about                          (required)
    reclamation  oui | non (default oui)
    mediateur    oui | non (default non): the claimant spoke of the Mediator (threatened
                 to seize them, said they had): the record's « Médiateur évoqué »
    representant_nom, representant_prenom, representant_qualite
                 someone speaking for the claimant (a relative, a lawyer, a guardian,
                 an association; `qualite`: fille, avocat, curateur…): the record's
                 `representative`
    saisi_par    the collaborator who typed it

One file holds one entry: a file with several is refused (quarantined), and
`reclam saisie --fichier` splits such a file into one file per entry. Unknown keys are
kept in the entry's text and named in a warning, so nothing typed is lost.

    parse_entries(data)   -> the raw entries of a file (for `reclam saisie --fichier`)
    one_entry(data)       -> the one raw entry of a file; DocumentError when not one
    normalise(raw)        -> the normalised values of one entry; EntryError naming the field
    entry_channel(data)   -> the canal of a file, or None (for intake)

The text stage reads an entry file with `pipeline.text.entry.read_entry`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date

from pipeline import clock, french
from pipeline.errors import DocumentError
from pipeline.textnorm import plain

MAX_ENTRY_BYTES = 1024 * 1024
CHANNELS = ("telephone", "rendez-vous", "formulaire")
STATUTS = ("client", "prospect", "ayant droit", "tiers", "mandataire")
FIELDS = ("canal", "date", "civilite", "nom", "prenom", "statut", "adresse", "code_postal",
          "ville", "telephone", "email", "contrat", "sinistre", "description", "reclamation",
          "mediateur", "representant_nom", "representant_prenom", "representant_qualite",
          "saisi_par")
REPRESENTATIVE = ("representant_nom", "representant_prenom", "representant_qualite")
REQUIRED = ("canal", "description")
MAX_TEXT = 5000  # characters of one value (a description is a few sentences)

_ALIASES = {  # folded key -> field
    "tel": "telephone", "telephones": "telephone", "portable": "telephone",
    "mail": "email", "e_mail": "email", "courriel": "email", "adresse_email": "email",
    "cp": "code_postal", "contrats": "contrat", "numero_contrat": "contrat",
    "sinistres": "sinistre", "numero_sinistre": "sinistre", "objet": "description",
    "date_reclamation": "date", "saisie_par": "saisi_par",
    "mediateur_evoque": "mediateur", "representant": "representant_nom",
    "qualite_representant": "representant_qualite",
}
_CHANNEL_ALIASES = {"telephone": "telephone", "tel": "telephone", "appel": "telephone",
                    "appel telephonique": "telephone", "rendez-vous": "rendez-vous",
                    "rendez vous": "rendez-vous", "rdv": "rendez-vous",
                    "formulaire": "formulaire", "formulaire web": "formulaire",
                    "site web": "formulaire", "web": "formulaire"}
_EMAIL = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,24}$")
_PHONE_CHARS = re.compile(r"^[0-9+()./\- ]+$")


class EntryError(ValueError):
    """One value of an entry is wrong; `field` names it, the message says why (French)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def field_name(key: str) -> str:
    """The field a key names: "Code postal" -> code_postal, "Prénom" -> prenom."""
    folded = re.sub(r"[\s\-]+", "_", plain(key).strip("\"' "))
    return _ALIASES.get(folded, folded)


# -- one value at a time (also used by `reclam saisie` to re-prompt) ------------------

def _canal(value: str) -> str:
    canal = _CHANNEL_ALIASES.get(re.sub(r"\s+", " ", plain(value)))
    if canal is None:
        raise EntryError("canal", "Champ « canal » manquant ou invalide (attendu : telephone, "
                                  "rendez-vous ou formulaire).")
    return canal


def parse_day(value: str) -> date:
    """JJ/MM/AAAA (also JJ-MM-AAAA, JJ.MM.AAAA) or AAAA-MM-JJ (`french.parse_day`)."""
    try:
        return french.parse_day(value)
    except ValueError as exc:
        raise EntryError("date", f"Champ « date » invalide (« {value.strip()} ») : {exc}.") from None


def _date(value: str) -> str:
    day = parse_day(value)
    if day > clock.now().date():
        raise EntryError("date", f"Champ « date » dans le futur ({day:%d/%m/%Y}) : indiquez "
                                 "le jour où la réclamation a été exprimée.")
    return day.isoformat()


def _civilite(value: str) -> str:
    folded = plain(value).rstrip(".")
    if folded in ("m", "mr", "monsieur"):
        return "M."
    if folded in ("mme", "madame", "mlle", "mademoiselle"):
        return "Mme"
    raise EntryError("civilite", f"Champ « civilite » invalide (« {value} ») : attendu M. ou Mme.")


def _statut(value: str) -> str:
    folded = re.sub(r"[\s\-_]+", " ", plain(value))
    if folded not in STATUTS:
        raise EntryError("statut", f"Champ « statut » invalide (« {value} ») : attendu "
                                   + ", ".join(STATUTS) + ".")
    return folded


def _code_postal(value: str) -> str:
    digits = re.sub(r"\s", "", value)
    if not re.fullmatch(r"\d{4,5}", digits):
        raise EntryError("code_postal", f"Champ « code_postal » invalide (« {value} ») : "
                                        "attendu cinq chiffres.")
    return digits.zfill(5)  # "1000": a leading zero lost by a spreadsheet


def _telephone(value: str) -> str:
    for number in re.split(r"\s*(?:[,;]|\bou\b)\s*", value.strip()):
        digits = re.sub(r"\D", "", number)
        if number and (not _PHONE_CHARS.match(number) or not 9 <= len(digits) <= 15):
            raise EntryError("telephone", f"Champ « telephone » invalide (« {number} ») : "
                                          "attendu un numéro comme 06 12 34 56 78.")
    return value.strip()


def _email(value: str) -> str:
    email = value.strip().lower()
    if not _EMAIL.match(email):
        raise EntryError("email", f"Champ « email » invalide (« {value} ») : attendu une "
                                  "adresse comme prenom.nom@exemple.fr.")
    return email


def _yes_no(field: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        folded = plain(value)
        if folded in ("oui", "o", "true", "vrai", "1"):
            return "oui"
        if folded in ("non", "n", "false", "faux", "0"):
            return "non"
        raise EntryError(field, f"Champ « {field} » invalide (« {value} ») : "
                                "attendu oui ou non.")
    return check


def _lower_spaced(value: str) -> str:
    return _single_spaced(value).lower()


def _numbers(value: str) -> str:
    return ", ".join(n.strip() for n in re.split(r"[,;\n]", value) if n.strip())


def _single_spaced(value: str) -> str:
    return re.sub(r"[ \t]+", " ", value).strip()


NORMALISERS: dict[str, Callable[[str], str]] = {
    "canal": _canal, "date": _date, "civilite": _civilite, "statut": _statut,
    "code_postal": _code_postal, "telephone": _telephone, "email": _email,
    "reclamation": _yes_no("reclamation"), "mediateur": _yes_no("mediateur"),
    "representant_qualite": _lower_spaced, "contrat": _numbers, "sinistre": _numbers,
}


def check_value(field: str, value: str) -> str:
    """The normalised value of one field; EntryError (French, naming the field) when wrong."""
    if len(value) > MAX_TEXT:
        raise EntryError(field, f"Champ « {field} » trop long ({len(value)} caractères, "
                                f"au plus {MAX_TEXT}).")
    return NORMALISERS.get(field, _single_spaced)(value)


def normalise(raw: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(normalised values of the known fields, unknown fields as given) for one entry."""
    values: dict[str, str] = {}
    unknown: dict[str, str] = {}
    for key, value in raw.items():
        name = field_name(key)
        if not value.strip():
            continue
        if name in FIELDS:
            values[name] = check_value(name, value)
        else:
            unknown[key] = value.strip()
    for name in REQUIRED:
        if name not in values:
            if name == "canal":
                _canal("")  # the canal's own message
            raise EntryError(name, f"Champ « {name} » manquant : décrivez la réclamation en "
                                   "quelques phrases.")
    values.setdefault("reclamation", "oui")
    return {name: values[name] for name in FIELDS if name in values}, unknown


# -- files ----------------------------------------------------------------------------

def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # a French Excel "CSV (point-virgule)"


def _scalar(key: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float | str):
        return str(value)
    raise DocumentError("saisie-invalide", f"Champ « {key} » invalide : un texte est attendu, "
                                           "pas une liste ni un objet.")


def _sniff_delimiter(header: str) -> str:
    return ";" if header.count(";") >= header.count(",") else ","


def parse_entries(data: bytes) -> list[dict[str, str]]:
    """The entries of a JSON or CSV entry file, as raw strings; DocumentError when unreadable."""
    if len(data) > MAX_ENTRY_BYTES:
        raise DocumentError("saisie-trop-grosse", f"Fichier de saisie de {len(data)} octets, "
                            f"au-delà de {MAX_ENTRY_BYTES} : une saisie tient en quelques lignes.")
    text = _decode(data)
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            loaded = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise DocumentError("saisie-illisible", f"Saisie JSON illisible (ligne {exc.lineno}, "
                                f"colonne {exc.colno}) : corrigez le fichier ou refaites la "
                                "saisie avec « reclam saisie ».") from None
        objects = loaded if isinstance(loaded, list) else [loaded]
        if not all(isinstance(o, dict) for o in objects):
            raise DocumentError("saisie-illisible", "Saisie JSON illisible : un objet "
                                "{« canal » : …, « description » : …} est attendu.")
        return [{str(k): _scalar(str(k), v) for k, v in o.items()} for o in objects]
    lines = stripped.splitlines()
    if not lines:
        return []
    reader = csv.reader(io.StringIO(stripped, newline=""), delimiter=_sniff_delimiter(lines[0]))
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error:  # a stray NUL or carriage return: not a CSV a person wrote
        raise DocumentError("saisie-illisible", f"Saisie CSV illisible (ligne {reader.line_num}) "
                            ": ce fichier n'est pas un CSV lisible ; corrigez-le ou refaites "
                            "la saisie avec « reclam saisie ».") from None
    if not rows:
        return []
    header, *body = rows
    entries = []
    for number, row in enumerate(body, start=2):
        if len(row) > len(header):
            raise DocumentError("saisie-illisible", f"Saisie CSV illisible : la ligne {number} "
                                f"a {len(row)} colonnes pour {len(header)} en-têtes (séparateur "
                                "ou guillemets mal placés).")
        entries.append(dict(zip(header, row, strict=False)))
    return entries


def one_entry(data: bytes) -> dict[str, str]:
    entries = parse_entries(data)
    if not entries:
        raise DocumentError("saisie-vide", "Le fichier de saisie ne contient aucune saisie "
                            "(en-tête seul ou liste vide).")
    if len(entries) > 1:
        raise DocumentError("saisie-multiple", f"Ce fichier contient {len(entries)} saisies : "
                            "déposez une saisie par fichier. « reclam saisie --fichier "
                            "<fichier> » le découpe et dépose chaque saisie dans inbox/.")
    return entries[0]


def entry_channel(data: bytes) -> str | None:
    """The canal of an entry file, or None when it cannot be read (the text stage will say why)."""
    try:
        raw = one_entry(data)
        return next((_canal(v) for k, v in raw.items() if field_name(k) == "canal"), None)
    except (DocumentError, EntryError):
        return None
