"""The cabinet's settings: ``config/cabinet.toml``, loaded and validated once at start-up.

`load_settings(path)` reads the file, checks every key and returns a frozen, picklable
`Settings` (it is handed to worker processes). Any problem stops with a `SetupError`
whose one-line French message names the key and its line in the file, e.g.::

    config/cabinet.toml, ligne 14 : clé inconnue « courriel » dans [[collaborateurs]] n° 2 …

`tomllib` gives no line numbers for valid documents, so `_LineIndex` finds them from the
raw text (tables, arrays of tables, dotted keys and multi-line values included).

The sections of ``spec/cabinet.md`` (``[cabinet]``, ``[[collaborateurs]]``,
``[mediateur]``, ``[[organismes]]``, ``[registre.colonnes]``) are the contract. The
product adds one optional section of its own, validated the same way::

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

Every key of ``[traitement]`` is optional; the values above are the defaults. Seconds
accept integers or decimals; the others are integers.

Which keys are required: ``[cabinet]`` nom, emails, adresse; ``[[collaborateurs]]`` id,
nom, email (at least one collaborator, exactly one with ``responsable_reclamations =
true``); ``[mediateur]`` nom, adresse; ``[[organismes]]`` nom, type,
adresse_reclamations. ``[cabinet] domaines`` defaults to the domains of its ``emails``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import cache
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from pipeline.errors import SetupError
from pipeline.text.model import TextLimits

T = TypeVar("T")
Loc = tuple[str | int, ...]  # a place in the TOML document: ("collaborateurs", 1, "id")


class HolidayCalendar(StrEnum):
    """Which public holidays the deadlines skip."""

    METROPOLE = "metropole"
    ALSACE_MOSELLE = "alsace-moselle"  # adds Good Friday and 26 December


class OrganisationType(StrEnum):
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

    def worker_count(self) -> int:
        """`workers`, with 0 resolved to the number of cores."""
        return self.workers or os.cpu_count() or 1

    def state_path(self, home: Path) -> Path:
        """The runtime-state folder (an absolute `dossier_etat` is taken as is)."""
        return home / self.state_dir


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
    source: str = ""  # the file it was read from, for messages

    @property
    def process_owner(self) -> Collaborator:
        """The collaborator with ``responsable_reclamations = true`` (exactly one, checked)."""
        return next(c for c in self.collaborators if c.process_owner)

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


# --- loading ------------------------------------------------------------------------------


def load_settings(path: Path) -> Settings:
    """Read and validate `path`; raise `SetupError` (French, one line) on any problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SetupError(f"Fichier de configuration introuvable : {path}") from None
    except OSError as exc:
        raise SetupError(f"Fichier de configuration illisible : {path} ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SetupError(
            f"{path}, ligne {line} : le fichier n'est pas en UTF-8 (enregistrez-le en UTF-8)"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
        if found:
            detail = message[: found.start()] + message[found.end() :]
            raise SetupError(
                f"{path}, ligne {found[1]}, colonne {found[2]} : syntaxe TOML invalide ({detail})"
            ) from None
        raise SetupError(f"{path} : syntaxe TOML invalide ({message})") from None
    return _Validator(str(path), _LineIndex(text)).settings(data)


_SECTIONS = ("cabinet", "collaborateurs", "mediateur", "organismes", "registre", "traitement")


class _Validator:
    def __init__(self, file: str, lines: _LineIndex) -> None:
        self.file = file
        self.lines = lines

    def fail(self, loc: Loc, message: str) -> NoReturn:
        line = self.lines.line(loc)
        where = f"{self.file}, ligne {line}" if line else self.file
        raise SetupError(f"{where} : {message}")

    def settings(self, data: dict[str, Any]) -> Settings:
        self.reject_unknown(data, _SECTIONS, (), "le fichier")
        for section in ("cabinet", "collaborateurs", "mediateur"):
            if section not in data:
                self.fail((), f"section obligatoire [{section}] absente")

        cabinet = self.build(Cabinet, data["cabinet"], ("cabinet",))
        if not cabinet.domains:
            domains = dict.fromkeys(e.split("@", 1)[1] for e in cabinet.emails)
            cabinet = dataclasses.replace(cabinet, domains=tuple(domains))

        collaborators = self.build_list(Collaborator, data["collaborateurs"], "collaborateurs")
        if not collaborators:
            self.fail(("collaborateurs",), "il faut au moins un collaborateur [[collaborateurs]]")
        self.check_collaborators(collaborators)

        mediator = self.build(Mediator, data["mediateur"], ("mediateur",))
        organisations = self.build_list(Organisation, data.get("organismes", []), "organismes")
        seen: dict[str, int] = {}
        for i, org in enumerate(organisations):
            folded = _fold(org.name)
            if folded in seen:
                self.fail(
                    ("organismes", i, "nom"),
                    f"« nom » : l'organisme « {org.name} » est déjà déclaré "
                    f"(ligne {self.lines.line(('organismes', seen[folded], 'nom'))})",
                )
            seen[folded] = i

        return Settings(
            cabinet=cabinet,
            collaborators=collaborators,
            mediator=mediator,
            organisations=organisations,
            register_columns=self.register_columns(data.get("registre", {})),
            processing=self.build(Processing, data.get("traitement", {}), ("traitement",)),
            source=self.file,
        )

    def check_collaborators(self, collaborators: tuple[Collaborator, ...]) -> None:
        ids: dict[str, int] = {}
        owner: int | None = None
        for i, c in enumerate(collaborators):
            folded = c.id.casefold()
            if folded in ids:
                first = self.lines.line(("collaborateurs", ids[folded], "id"))
                self.fail(
                    ("collaborateurs", i, "id"),
                    f"« id » : l'identifiant « {c.id} » est déjà utilisé (ligne {first})",
                )
            ids[folded] = i
            if c.process_owner:
                if owner is not None:
                    first = self.lines.line(("collaborateurs", owner, "responsable_reclamations"))
                    self.fail(
                        ("collaborateurs", i, "responsable_reclamations"),
                        "« responsable_reclamations » : un seul collaborateur peut être "
                        f"responsable des réclamations, « {collaborators[owner].id} » l'est "
                        f"déjà (ligne {first})",
                    )
                owner = i
        if owner is None:
            self.fail(
                ("collaborateurs", 0),
                "« responsable_reclamations » : aucun collaborateur n'est responsable des "
                "réclamations (mettez responsable_reclamations = true sur un seul)",
            )

    def register_columns(self, registre: Any) -> dict[RegisterColumn, str]:
        loc: Loc = ("registre",)
        if not isinstance(registre, dict):
            self.fail(
                loc, f"« registre » doit être une table [registre], pas {_describe(registre)}"
            )
        self.reject_unknown(registre, ("colonnes",), loc, "[registre]")
        columns = registre.get("colonnes", {})
        loc = ("registre", "colonnes")
        if not isinstance(columns, dict):
            self.fail(
                loc,
                f"« colonnes » doit être une table [registre.colonnes], pas {_describe(columns)}",
            )
        allowed = tuple(c.value for c in RegisterColumn)
        self.reject_unknown(columns, allowed, loc, "[registre.colonnes]")
        out: dict[RegisterColumn, str] = {}
        by_header: dict[str, str] = {}
        for key, value in columns.items():
            header = self.convert(str, value, (*loc, key), key)
            if _fold(header) in by_header:
                self.fail(
                    (*loc, key),
                    f"« {key} » : l'en-tête « {header} » est déjà attribué à "
                    f"« {by_header[_fold(header)]} »",
                )
            by_header[_fold(header)] = key
            out[RegisterColumn(key)] = header
        return out

    # --- generic machinery

    def reject_unknown(
        self, table: dict[str, Any], allowed: tuple[str, ...], loc: Loc, where: str
    ) -> None:
        unknown = [k for k in table if k not in allowed]
        if unknown:
            first = min(unknown, key=lambda k: self.lines.line((*loc, k)) or 0)
            self.fail(
                (*loc, first),
                f"clé inconnue « {first} » dans {where} (clés permises : {', '.join(allowed)})",
            )

    def build_list(self, cls: type[T], value: Any, name: str) -> tuple[T, ...]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(
                (name,),
                f"« {name} » doit être une suite de tables [[{name}]], pas {_describe(value)}",
            )
        return tuple(self.build(cls, table, (name, i)) for i, table in enumerate(value))

    def build(self, cls: type[T], table: Any, loc: Loc) -> T:
        where = _section_name(loc)
        if not isinstance(table, dict):
            self.fail(loc, f"« {loc[0]} » doit être une table {where}, pas {_describe(table)}")
        spec: Any = cls  # a dataclass whose fields come from `_key`
        fields = {f.metadata["key"]: f for f in dataclasses.fields(spec) if "key" in f.metadata}
        self.reject_unknown(table, tuple(fields), loc, where)
        hints = _hints(spec)
        kwargs: dict[str, Any] = {}
        for key, f in fields.items():
            if key not in table:
                if f.default is dataclasses.MISSING:
                    self.fail(loc, f"clé obligatoire « {key} » absente de {where}")
                continue
            value = self.convert(hints[f.name], table[key], (*loc, key), key)
            check = f.metadata["check"]
            if check is not None and value is not None:
                try:
                    value = check(value)
                except ValueError as exc:
                    self.fail((*loc, key), f"« {key} » : {exc}")
            kwargs[f.name] = value
        return cls(**kwargs)

    def convert(self, tp: Any, value: Any, loc: Loc, key: str) -> Any:
        """Check `value` against the field type `tp` and return it typed."""
        if typing.get_origin(tp) in (typing.Union, type(str | None)):
            (tp,) = (a for a in typing.get_args(tp) if a is not type(None))
            if isinstance(value, str) and not value.strip():
                return None  # an empty optional text counts as absent
        expected = _expected(tp)
        if tp is str:
            if not isinstance(value, str):
                self.fail(loc, f"« {key} » doit être {expected}, pas {_describe(value)}")
            if not value.strip():
                self.fail(loc, f"« {key} » ne peut pas être vide")
            return value.strip()
        if tp is bool:
            if not isinstance(value, bool):
                self.fail(loc, f"« {key} » doit être {expected}, pas {_describe(value)}")
            return value
        if tp is int:
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(loc, f"« {key} » doit être {expected}, pas {_describe(value)}")
            return value
        if tp is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.fail(loc, f"« {key} » doit être {expected}, pas {_describe(value)}")
            return float(value)
        if typing.get_origin(tp) is tuple:
            if not isinstance(value, list):
                self.fail(loc, f"« {key} » doit être {expected}, pas {_describe(value)}")
            return tuple(self.convert(str, v, loc, key) for v in value)
        if isinstance(tp, type) and issubclass(tp, Enum):
            if not isinstance(value, str) or value.strip() not in {m.value for m in tp}:
                self.fail(loc, f"« {key} » doit être {expected}, pas {_describe(value)}")
            return tp(value.strip())
        raise TypeError(f"unsupported settings field type {tp!r}")  # a programming error


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _expected(tp: Any) -> str:
    if tp is str:
        return "du texte entre guillemets"
    if tp is bool:
        return "true ou false"
    if tp is int:
        return "un nombre entier"
    if tp is float:
        return "un nombre"
    if typing.get_origin(tp) is tuple:
        return 'une liste de textes (["…", "…"])'
    if isinstance(tp, type) and issubclass(tp, Enum):
        return "l'une des valeurs " + ", ".join(f"« {m.value} »" for m in tp)
    return str(tp)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"la valeur {str(value).lower()}"
    if isinstance(value, str):
        return f"le texte « {value} »"
    if isinstance(value, int | float):
        return f"le nombre {value}"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "une table"
    return f"une valeur de type {type(value).__name__}"


def _section_name(loc: Loc) -> str:
    names = [p for p in loc if isinstance(p, str)]
    index = next((p for p in loc if isinstance(p, int)), None)
    if index is None:
        return f"[{'.'.join(names)}]"
    return f"[[{'.'.join(names)}]] n° {index + 1}"


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


# --- line numbers -------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class _LineIndex:
    """Line numbers of the tables and keys of a TOML text.

    Paths are like tomllib's data with array-of-tables indices:
    ``("collaborateurs", 1, "id")``. `line()` falls back to the nearest enclosing
    table, so a key inside an inline table gets the line of its parent key.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[Loc, int] = {}
        self._arrays: dict[tuple[str, ...], int] = {}  # array-of-tables name -> count so far
        self._index(text)

    def line(self, loc: Loc) -> int | None:
        for end in range(len(loc), 0, -1):
            found = self._lines.get(loc[:end])
            if found is not None:
                return found
        return None

    def _index(self, text: str) -> None:
        current: Loc = ()
        depth, multiline = 0, None
        for number, raw in enumerate(text.splitlines(), start=1):
            if depth > 0 or multiline:
                depth, multiline = _scan_value(raw, depth, multiline)
                continue
            stripped = raw.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("["):
                is_array = stripped.startswith("[[")
                parsed = _parse_key(stripped[2 if is_array else 1 :])
                if parsed is None:
                    continue
                current = self._resolve(parsed[0], new_array=is_array)
                for end in range(1, len(current)):
                    self._lines.setdefault(current[:end], number)
                self._lines[current] = number
                continue
            parsed = _parse_key(stripped)
            if parsed is None or not parsed[1].startswith("="):
                continue
            loc = (*current, *parsed[0])
            for end in range(len(current) + 1, len(loc)):
                self._lines.setdefault(loc[:end], number)
            self._lines[loc] = number
            depth, multiline = _scan_value(parsed[1][1:], 0, None)

    def _resolve(self, parts: list[str], *, new_array: bool) -> Loc:
        out: list[str | int] = []
        for i, part in enumerate(parts):
            out.append(part)
            prefix = tuple(parts[: i + 1])
            if new_array and i == len(parts) - 1:
                self._arrays[prefix] = self._arrays.get(prefix, 0) + 1
                out.append(self._arrays[prefix] - 1)
            elif prefix in self._arrays:
                out.append(self._arrays[prefix] - 1)
        return tuple(out)


def _parse_key(text: str) -> tuple[list[str], str] | None:
    """A (dotted) key at the start of `text`: its parts and the text after it, stripped."""
    parts: list[str] = []
    i = 0
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i >= len(text):
            return None
        if text[i] in "\"'":
            quote = text[i]
            j = i + 1
            while j < len(text) and text[j] != quote:
                j += 2 if quote == '"' and text[j] == "\\" else 1
            if j >= len(text):
                return None
            parts.append(text[i + 1 : j].replace('\\"', '"').replace("\\\\", "\\"))
            i = j + 1
        else:
            m = _BARE_KEY.match(text, i)
            if not m:
                return None
            parts.append(m.group())
            i = m.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] == ".":
            i += 1
            continue
        return parts, text[i:]


def _scan_value(text: str, depth: int, multiline: str | None) -> tuple[int, str | None]:
    """Follow brackets and strings over one line of a value: the state at its end."""
    i = 0
    while i < len(text):
        if multiline:
            j = text.find(multiline, i)
            if j < 0:
                return depth, multiline
            i, multiline = j + 3, None
            continue
        c = text[i]
        if c == "#":
            break
        if text.startswith('"""', i) or text.startswith("'''", i):
            multiline = text[i : i + 3]
            i += 3
            continue
        if c == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "'":
            j = text.find("'", i + 1)
            i = j if j >= 0 else len(text)
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        i += 1
    return depth, multiline
