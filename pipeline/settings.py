"""The cabinet's settings, as data: the sections and keys of ``config/cabinet.toml``,
their defaults and value checks, and the frozen, picklable `Settings` they make.

Each dataclass field names its TOML key with `_key` (required when it has no default)
and the check of its value; `settings_load.load_settings` reads the file and validates it
against these fields, once at start-up. `Settings` is handed to worker processes.

The sections of ``spec/cabinet.md`` (``[cabinet]``, ``[[collaborateurs]]``,
``[mediateur]``, ``[[organismes]]``, ``[registre.colonnes]``) are the contract. The
product adds two optional sections of its own, validated the same way: ``[courriers]``
(`Letters`: who signs the letters, the templates' folder; README "Configuration") and::

    [traitement]
    delai_stabilite_s = 5          # a file is taken when size and mtime have been stable this long
    intervalle_rescan_s = 30       # periodic rescan of inbox/ (network shares miss events)
    travailleurs = 0               # parallel workers; 0 = one per core
    dossier_etat = "var"           # runtime state (journal, work files), relative to the home
    taille_max_mo = 50             # larger input files are quarantined
    pages_max = 50                 # pages per document (PDF or TIFF)
    pixels_max_page = 60000000     # pixels of one rendered or decoded page
    pieces_jointes_max = 50        # attachments read per email
    ocr_delai_max_s = 120          # Tesseract time limit per page
    ocr_dpi = 300                  # rendering resolution of image-only PDF pages
    tentatives_max = 3             # a file that crashes a worker this many times is quarantined
    cluster = "tcp://HOST:8786"    # items read on a Dask cluster's workers (reclam run --cluster)

Every key of ``[traitement]`` is optional; the values above are the defaults (``cluster``
has none: without it, items are read by local worker processes). Seconds
accept integers or decimals; the others are integers.

A third, ``[[boites_mail]]``, one table per mailbox the run reads (`pipeline.mailbox`;
README "Configuration")::

    [[boites_mail]]
    serveur = "imap.cabinet.fr"            # required
    utilisateur = "reclamations@cabinet.fr"  # required
    mot_de_passe_fichier = "/etc/reclam/imap.secret"  # or mot_de_passe_env, or a jeton_oauth2_*
    tls = "implicite"                      # or "starttls"; certificates are always verified
    port = 993                             # default 993 (implicite) or 143 (starttls)
    certificat_ca = ""                     # a PEM file of an internal CA (default: the system's)
    dossier = "INBOX"                      # the folder read
    dossier_traite = "Traité"              # where processed messages go (created if missing)
    apres = "deplacer"                     # or "marquer": flag in place ($ReclamTraite)
    intervalle_s = 60                      # seconds between two polls

Exactly one secret source: ``mot_de_passe_fichier``, ``mot_de_passe_env``,
``jeton_oauth2_fichier`` or ``jeton_oauth2_env`` (XOAUTH2); a ``mot_de_passe`` key is
refused (the secret is never written in the file). Paths are relative to the home.

Which keys are required: ``[cabinet]`` nom, emails, adresse; ``[[collaborateurs]]`` id,
nom, email (at least one collaborator, exactly one with ``responsable_reclamations =
true``); ``[mediateur]`` nom, adresse; ``[[organismes]]`` nom, type,
adresse_reclamations. ``[cabinet] domaines`` defaults to the domains of its ``emails``, ``email_reclamations`` to
the first of them; ``telephone`` and ``[mediateur] site`` are optional (the letters show
them when given).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pipeline.text.model import TextLimits


class HolidayCalendar(StrEnum):
    """Which public holidays the deadlines skip."""

    METROPOLE = "metropole"
    ALSACE_MOSELLE = "alsace-moselle"  # adds Good Friday and 26 December


class OrganisationType(StrEnum):
    """What an organisation of `[[organismes]]` is to the cabinet (spec/cabinet.md)."""

    INSURER = "assureur"
    INTERMEDIARY = "intermediaire"


class RegisterColumn(StrEnum):
    """The columns of the client register (spec/register.md), as `[registre.colonnes]` keys."""

    CLIENT_ID = "client_id"
    STATUT = "statut"
    CIVILITE = "civilite"
    NOM = "nom"
    PRENOM = "prenom"
    ADRESSE = "adresse"
    CODE_POSTAL = "code_postal"
    VILLE = "ville"
    EMAIL = "email"
    TELEPHONE = "telephone"
    GESTIONNAIRE = "gestionnaire"
    NUMERO_CONTRAT = "numero_contrat"
    ASSUREUR = "assureur"
    PRODUIT = "produit"
    NUMERO_SINISTRE = "numero_sinistre"


# --- value checks: take the converted value, return it (normalised) or raise ValueError(French)

_EMAIL_RE = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+$")


def _email(value: str) -> str:
    value = value.strip().lower()
    if not _EMAIL_RE.match(value):
        raise ValueError(f"« {value} » n'est pas une adresse e-mail valide")
    return value


def _emails(values: tuple[str, ...]) -> tuple[str, ...]:
    if not values:
        raise ValueError("la liste ne peut pas être vide")
    return tuple(_email(v) for v in values)


def _domains(values: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for v in values:
        d = v.strip().lower().lstrip("@")
        if "." not in d or "@" in d or " " in d:
            raise ValueError(f"« {v} » n'est pas un nom de domaine (ex. « exemple.fr »)")
        out.append(d)
    return tuple(out)


def _collaborator_id(value: str) -> str:
    if re.search(r"\s", value):
        raise ValueError(f"l'identifiant « {value} » ne doit pas contenir d'espace")
    return value


def _at_least(minimum: float) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value < minimum:
            raise ValueError(f"doit être supérieur ou égal à {minimum:g} (valeur : {value:g})")
        return value

    return check


def _between(low: int, high: int) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not low <= value <= high:
            raise ValueError(f"doit être compris entre {low} et {high} (valeur : {value})")
        return value

    return check


def _scheduler_address(value: str) -> str:
    if not re.fullmatch(r"(tcp|tls)://[^\s/:]+:\d{1,5}", value.strip()):
        raise ValueError(f"« {value} » n'est pas l'adresse d'un ordonnanceur Dask "
                         "(ex. « tcp://192.0.2.10:8786 »)")
    return value.strip()


def _key(
    name: str,
    *,
    default: Any = dataclasses.MISSING,
    check: Callable[[Any], Any] | None = None,
) -> Any:
    """A dataclass field read from the TOML key `name` (required when it has no default)."""
    metadata = {"key": name, "check": check}
    if default is dataclasses.MISSING:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


# --- the settings -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Cabinet:
    name: str = _key("nom")
    aliases: tuple[str, ...] = _key("alias", default=())  # how letters name the cabinet
    emails: tuple[str, ...] = _key("emails", check=_emails)  # lower-case
    domains: tuple[str, ...] = _key("domaines", default=(), check=_domains)  # staff mail domains
    address: str = _key("adresse")
    holidays: HolidayCalendar = _key("jours_feries", default=HolidayCalendar.METROPOLE)
    phone: str | None = _key("telephone", default=None)  # the letters' letterhead
    # where complaints are answered from (letters, reply drafts); default: the first of emails
    complaints_email: str | None = _key("email_reclamations", default=None, check=_email)

    @property
    def reply_address(self) -> str:
        """The complaints address letters and reply drafts give: `email_reclamations`, else
        the first of `emails`."""
        return self.complaints_email or self.emails[0]


@dataclass(frozen=True, kw_only=True)
class Collaborator:
    id: str = _key("id", check=_collaborator_id)  # what the register's `gestionnaire` columns hold
    name: str = _key("nom")
    email: str = _key("email", check=_email)
    process_owner: bool = _key("responsable_reclamations", default=False)


@dataclass(frozen=True, kw_only=True)
class Mediator:
    name: str = _key("nom")
    address: str = _key("adresse")
    aliases: tuple[str, ...] = _key("alias", default=())
    website: str | None = _key("site", default=None)  # the letters name it beside the address


class Signatory(StrEnum):
    """Who signs the letters (`[courriers] signataire`)."""

    OWNER = "gestionnaire"  # the item's file owner
    PROCESS_OWNER = "responsable"  # the complaints process owner


@dataclass(frozen=True, kw_only=True)
class Letters:
    """The optional `[courriers]` section: the letters the procedure owes the claimant."""

    signatory: Signatory = _key("signataire", default=Signatory.OWNER)
    signatory_title: str = _key("fonction_signataire", default="Service Réclamations")
    templates_dir: str = _key("modeles", default="config/modeles")  # relative to the home


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """An outside insurer or intermediary, for misdirected items."""

    name: str = _key("nom")
    type: OrganisationType = _key("type")
    aliases: tuple[str, ...] = _key("alias", default=())
    complaints_address: str = _key("adresse_reclamations")
    complaints_email: str | None = _key("email_reclamations", default=None, check=_email)

    @property
    def names(self) -> tuple[str, ...]:
        """Its name then its aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, kw_only=True)
class Processing:
    """The optional `[traitement]` section (see the module docstring)."""

    stability_delay_s: float = _key("delai_stabilite_s", default=5.0, check=_at_least(0))
    rescan_interval_s: float = _key("intervalle_rescan_s", default=30.0, check=_at_least(1))
    workers: int = _key("travailleurs", default=0, check=_at_least(0))  # 0 = one per core
    state_dir: str = _key("dossier_etat", default="var")  # relative to the home
    max_file_mb: int = _key("taille_max_mo", default=50, check=_at_least(1))
    max_pages: int = _key("pages_max", default=50, check=_at_least(1))
    max_page_pixels: int = _key("pixels_max_page", default=60_000_000, check=_at_least(1))
    max_attachments: int = _key("pieces_jointes_max", default=50, check=_at_least(0))
    ocr_timeout_s: float = _key("ocr_delai_max_s", default=120.0, check=_at_least(1))
    ocr_dpi: int = _key("ocr_dpi", default=300, check=_between(72, 1200))
    max_attempts: int = _key("tentatives_max", default=3, check=_at_least(1))
    cluster: str | None = _key("cluster", default=None, check=_scheduler_address)  # Dask

    def worker_count(self) -> int:
        """`workers`, with 0 resolved to the number of cores."""
        return self.workers or os.cpu_count() or 1

    def state_path(self, home: Path) -> Path:
        """The runtime-state folder (an absolute `dossier_etat` is taken as is)."""
        return home / self.state_dir


class MailTls(StrEnum):
    """How a mailbox's connection is encrypted (certificates are always verified)."""

    IMPLICIT = "implicite"  # TLS from the first byte (port 993)
    STARTTLS = "starttls"  # plain connection upgraded before login (port 143)


class MailAfter(StrEnum):
    """What happens on the server to a message once the journal has recorded it."""

    MOVE = "deplacer"  # moved to `dossier_traite`
    FLAG = "marquer"  # left in place with the keyword $ReclamTraite


@dataclass(frozen=True, kw_only=True)
class Mailbox:
    """One `[[boites_mail]]` table: an IMAP mailbox the run reads (see the module docstring)."""

    host: str = _key("serveur")
    user: str = _key("utilisateur")
    tls: MailTls = _key("tls", default=MailTls.IMPLICIT)
    port: int | None = _key("port", default=None, check=_between(1, 65535))
    ca_file: str | None = _key("certificat_ca", default=None)
    folder: str = _key("dossier", default="INBOX")
    processed_folder: str = _key("dossier_traite", default="Traité")
    after: MailAfter = _key("apres", default=MailAfter.MOVE)
    password_file: str | None = _key("mot_de_passe_fichier", default=None)
    password_env: str | None = _key("mot_de_passe_env", default=None)
    token_file: str | None = _key("jeton_oauth2_fichier", default=None)
    token_env: str | None = _key("jeton_oauth2_env", default=None)
    interval_s: float = _key("intervalle_s", default=60.0, check=_at_least(1))

    @property
    def name(self) -> str:
        """How the mail room's lines name it: its address (or user@host)."""
        return self.user if "@" in self.user else f"{self.user}@{self.host}"

    @property
    def label(self) -> str:
        """Its name, and the folder read when it is not the inbox."""
        return self.name if self.folder == "INBOX" else f"{self.name} ({self.folder})"

    @property
    def key(self) -> str:
        """One configured mailbox: account and folder (unique, checked at load)."""
        return f"{self.account}/{self.folder}"

    @property
    def account(self) -> str:
        """How the journal knows it: user, server and port."""
        return f"{self.user}@{self.host}:{self.port_number}"

    @property
    def port_number(self) -> int:
        return self.port or (993 if self.tls == MailTls.IMPLICIT else 143)

    @property
    def secret_keys(self) -> tuple[str, ...]:
        """The secret-source keys this table sets (exactly one is valid)."""
        pairs = (("mot_de_passe_fichier", self.password_file), ("mot_de_passe_env",
                 self.password_env), ("jeton_oauth2_fichier", self.token_file),
                 ("jeton_oauth2_env", self.token_env))
        return tuple(key for key, value in pairs if value)


@dataclass(frozen=True)
class Settings:
    """Everything `config/cabinet.toml` says, validated."""

    cabinet: Cabinet
    collaborators: tuple[Collaborator, ...]  # in file order, ids unique
    mediator: Mediator
    organisations: tuple[Organisation, ...] = ()
    # `[registre.colonnes]`: register column -> header name in the export (only those that differ)
    register_columns: dict[RegisterColumn, str] = field(default_factory=dict, hash=False)
    processing: Processing = field(default_factory=Processing)
    mailboxes: tuple[Mailbox, ...] = ()  # `[[boites_mail]]`, in file order
    letters: Letters = field(default_factory=Letters)
    source: str = ""  # the file it was read from, for messages

    @property
    def process_owner(self) -> Collaborator:
        """The collaborator with ``responsable_reclamations = true`` (exactly one, checked)."""
        return next(c for c in self.collaborators if c.process_owner)

    @property
    def staff_names(self) -> dict[str, str]:
        """Collaborator id -> name (`nom`), for what people read: registers and summaries."""
        return {c.id: c.name for c in self.collaborators}

    def collaborator(self, collaborator_id: str) -> Collaborator | None:
        wanted = collaborator_id.strip().casefold()
        return next((c for c in self.collaborators if c.id.casefold() == wanted), None)

    def header_for(self, column: RegisterColumn) -> str:
        """The header the register export uses for `column`."""
        return self.register_columns.get(column, column.value)

    def text_limits(self) -> TextLimits:
        p = self.processing
        return TextLimits(
            max_file_bytes=p.max_file_mb * 1024 * 1024,
            max_pages=p.max_pages,
            max_page_pixels=p.max_page_pixels,
            max_attachments=p.max_attachments,
            ocr_timeout_s=float(p.ocr_timeout_s),
            ocr_dpi=p.ocr_dpi,
        )
