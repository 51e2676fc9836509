"""What a wording set of the mail generator holds (`WordingSet`) and the category keys.

The sets themselves live apart, one module each, in `tools.synth.sets` (`tuning`,
`heldout`): each holds its own sentence templates, subjects, closing formulas, fonts
and non-client names, so that an evaluation tuned on one set can be reported on
another. Templates are `str.format_map` strings; the placeholders are filled by
`tools.synth.scenario` ({e} is the writer's feminine agreement, "e" or "").

Category keys are the ACPR complaint categories and the non-complaint kinds below.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.record import Category

# Complaint categories (ACPR 2022-R-01 families).
AVANT_VENTE, GESTION, COTISATION, SINISTRE, RESILIATION, SERVICE, DONNEES, AUTRE = (
    c.value for c in Category)
COMPLAINT_CATEGORIES = tuple(c.value for c in Category)

# Non-complaint categories.
ATTESTATION = "demande d'attestation"
DOCUMENT = "demande de document"
INFORMATION = "demande d'information"
ADRESSE = "changement d'adresse"
DEVIS = "demande de devis"
PUBLICITE = "publicité"
REQUEST_CATEGORIES = (ATTESTATION, DOCUMENT, INFORMATION, ADRESSE, DEVIS)

Person = tuple[str, str, str]  # civilite, prenom, nom

FONT_DIRS = ("/usr/share/fonts/truetype", "/usr/share/fonts/opentype")


@dataclass(frozen=True)
class WordingSet:
    name: str
    scan_fonts: tuple[str, ...]  # file names searched under FONT_DIRS (first found wins)
    pdf_fonts: tuple[str, ...]  # TrueType only (fpdf2 text layer)
    people: tuple[Person, ...]  # non-clients
    lawyers: tuple[Person, ...]
    associations: tuple[tuple[str, str, str], ...]  # name, street, postal code + town
    streets: tuple[str, ...]
    subjects: dict[str, tuple[str, ...]]
    intro_client: tuple[str, ...]
    grievances: dict[str, tuple[str, ...]]
    feelings: tuple[str, ...]
    demands: tuple[str, ...]
    threat: tuple[str, ...]
    copy_mediator: tuple[str, ...]
    seize: tuple[str, ...]
    med_intro: tuple[str, ...]
    med_grievances: dict[str, tuple[str, ...]]
    med_history: tuple[str, ...]
    med_demands: tuple[str, ...]
    refusal: tuple[str, ...]
    refusal_demands: tuple[str, ...]
    other_org_intro: tuple[str, ...]
    elsewhere_intro: tuple[str, ...]
    elsewhere_grievances: dict[str, tuple[str, ...]]
    elsewhere_demands: tuple[str, ...]
    rep_intro: dict[str, tuple[str, ...]]
    rep_grievances: dict[str, tuple[str, ...]]
    rep_demands: tuple[str, ...]
    rep_address: tuple[str, ...]
    prospect_intro: tuple[str, ...]
    prospect_grievances: tuple[str, ...]
    tiers_intro: tuple[str, ...]
    tiers_grievances: tuple[str, ...]
    angry_attestation: tuple[str, ...]
    requests: dict[str, tuple[str, ...]]
    request_closings: tuple[str, ...]
    ads: tuple[str, ...]
    ad_senders: tuple[tuple[str, str], ...]  # company, email
    chronology: tuple[str, ...]
    arguments: tuple[str, ...]
    closings: tuple[str, ...]  # {appel} is the greeting without its comma
    email_greetings: tuple[str, ...]
    email_closings: tuple[str, ...]
    attached_notes: tuple[str, ...]
    forward_notes: tuple[str, ...]
    enclosures: tuple[str, ...]
