"""Loads and validates ``config/cabinet.toml``; its messages name the line.

`load_settings(path)` reads the file, checks every key against the fields of
`pipeline.settings` and returns a frozen `Settings`. Any problem stops with a `SetupError`
whose one-line French message names the key and its line in the file, e.g.::

    config/cabinet.toml, ligne 14 : clé inconnue « courriel » dans [[collaborateurs]] n° 2 …

The line numbers come from `settings_lines.LineIndex`.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import typing
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from pipeline.errors import SetupError, os_reason
from pipeline.settings import (
    Cabinet,
    Collaborator,
    Letters,
    Mailbox,
    Mediator,
    Organisation,
    Processing,
    RegisterColumn,
    Settings,
)
from pipeline.settings_lines import LineIndex, Loc

T = TypeVar("T")


# --- loading ------------------------------------------------------------------------------


def load_settings(path: Path) -> Settings:
    """Read and validate `path`; raise `SetupError` (French, one line) on any problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SetupError(f"Fichier de configuration introuvable : {path}") from None
    except OSError as exc:
        raise SetupError(f"Fichier de configuration illisible : {os_reason(exc)}") from None
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
    return _Validator(str(path), LineIndex(text)).settings(data)


_SECTIONS = ("cabinet", "collaborateurs", "mediateur", "organismes", "registre", "traitement",
             "courriers", "boites_mail")


class _Validator:
    def __init__(self, file: str, lines: LineIndex) -> None:
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
            mailboxes=self.mailboxes(data.get("boites_mail", [])),
            letters=self.build(Letters, data.get("courriers", {}), ("courriers",)),
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

    def mailboxes(self, tables: Any) -> tuple[Mailbox, ...]:
        """`[[boites_mail]]`: never a password in the file, exactly one secret source, each
        mailbox and folder named once."""
        for i, table in enumerate(tables if isinstance(tables, list) else []):
            if isinstance(table, dict) and "mot_de_passe" in table:
                self.fail(("boites_mail", i, "mot_de_passe"),
                          "« mot_de_passe » : le mot de passe ne s'écrit jamais dans ce fichier ; "
                          "mettez-le dans un fichier lisible du seul compte de reclam "
                          "(mot_de_passe_fichier = \"…\") ou dans une variable d'environnement "
                          "(mot_de_passe_env = \"…\")")
        boxes = self.build_list(Mailbox, tables, "boites_mail")
        seen: dict[tuple[str, str], int] = {}
        for i, box in enumerate(boxes):
            if len(box.secret_keys) != 1:
                found = ", ".join(box.secret_keys) or "aucune"
                self.fail(("boites_mail", i),
                          f"[[boites_mail]] n° {i + 1} : il faut exactement une source du secret "
                          "parmi mot_de_passe_fichier, mot_de_passe_env, jeton_oauth2_fichier, "
                          f"jeton_oauth2_env (trouvé : {found})")
            if box.processed_folder == box.folder:
                self.fail(("boites_mail", i, "dossier_traite"),
                          "« dossier_traite » doit être différent de « dossier » "
                          f"(« {box.folder} »)")
            key = (box.account.casefold(), box.folder)
            if key in seen:
                self.fail(("boites_mail", i, "dossier"),
                          f"la boîte {box.name}, dossier « {box.folder} », est déjà déclarée "
                          f"([[boites_mail]] n° {seen[key] + 1})")
            seen[key] = i
        return boxes

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
