"""An entry file (format: `pipeline.entry`) to the text stage's result.

    read_entry(data)      -> Extracted with one page (the entry as French text) and
                             `entry` (the normalised values); DocumentError when invalid
"""

from __future__ import annotations

from datetime import date

from pipeline.entry import REPRESENTATIVE, EntryError, normalise, one_entry
from pipeline.errors import DocumentError
from pipeline.text.model import Extracted, Page, PageMethod

CHANNEL_WORDS = {"telephone": "par téléphone", "rendez-vous": "lors d'un rendez-vous",
                 "formulaire": "par le formulaire du site web"}


def entry_text(values: dict[str, str], unknown: dict[str, str] | None = None) -> str:
    """The entry as French text a person reads (the item's page)."""
    what = "Réclamation" if values.get("reclamation", "oui") == "oui" else "Demande"
    when = (f" le {date.fromisoformat(values['date']):%d/%m/%Y}" if values.get("date") else "")
    lines = [f"{what} reçue {CHANNEL_WORDS[values['canal']]}{when}"]
    if values.get("saisi_par"):
        lines.append(f"Saisie par : {values['saisi_par']}")
    lines.append("")
    who = " ".join(values[k] for k in ("civilite", "prenom", "nom") if values.get(k))
    statut = f" ({values['statut']})" if values.get("statut") else ""
    lines.append(f"Réclamant : {who or 'non renseigné'}{statut}")
    if any(values.get(k) for k in REPRESENTATIVE):
        speaker = " ".join(values[k] for k in REPRESENTATIVE[1::-1] if values.get(k))
        quality = values.get("representant_qualite")
        shown = f"{speaker} ({quality})" if speaker and quality else speaker or quality
        lines.append(f"Pour le compte du réclamant : {shown}")
    address = ", ".join(v for v in (values.get("adresse"), " ".join(
        values[k] for k in ("code_postal", "ville") if values.get(k))) if v)
    for label, value in (("Adresse", address), ("Téléphone", values.get("telephone")),
                         ("E-mail", values.get("email")), ("Contrat", values.get("contrat")),
                         ("Sinistre", values.get("sinistre"))):
        if value:
            lines.append(f"{label} : {value}")
    if values.get("mediateur") == "oui":
        lines.append("Médiateur évoqué par le réclamant : oui")
    lines += ["", "Objet de la réclamation :", values["description"]]
    if unknown:
        lines += ["", "Autres champs :", *(f"{k} : {v}" for k, v in unknown.items())]
    return "\n".join(lines)


def read_entry(data: bytes) -> Extracted:
    """An entry file, validated, as one page of French text and its normalised values."""
    raw = one_entry(data)
    try:
        values, unknown = normalise(raw)
    except EntryError as exc:
        raise DocumentError(f"saisie-{exc.field.replace('_', '-')}", exc.message
                            + " Corrigez la saisie puis redéposez-la.") from None
    warnings: tuple[str, ...] = ()
    if unknown:
        warnings = ("Champ(s) de saisie non reconnu(s), gardé(s) dans le texte : "
                    + ", ".join(f"« {k} »" for k in unknown) + ".",)
    page = Page(number=1, text=entry_text(values, unknown), method=PageMethod.ENTRY)
    return Extracted(pages=(page,), entry=values, warnings=warnings)
