"""Reading the client register's files: encodings, separators, headers, rows.

`read_workbook` reads the three tables, ``clients``, ``contrats`` and ``sinistres``, from
``registre.xlsx`` (one sheet each, read-only); `read_csv` one of ``clients.csv``,
``contrats.csv`` and ``sinistres.csv``. CSV files may be UTF-8 (with or without BOM),
Windows-1252 or UTF-16 (Excel's "Unicode text"), separated by ``;``, ``,`` or a tab (the
most frequent on the header line).

Headers are matched to the columns of register.md (or to the names
``[registre.colonnes]`` maps onto them) ignoring case, accents, surrounding spaces and
the difference between ``_``, ``-``, ``.`` and a space (`textnorm.header_key`). Extra
columns are ignored. A missing file or a missing required column stops with a `SetupError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pipeline.errors import SetupError, os_reason
from pipeline.settings import RegisterColumn as Col
from pipeline.settings import Settings
from pipeline.textnorm import header_key

XLSX_NAME = "registre.xlsx"


class Table(StrEnum):
    """The three tables of the export: file stem and sheet name."""

    CLIENTS = "clients"
    CONTRATS = "contrats"
    SINISTRES = "sinistres"


# Columns each table must have (the others of register.md are optional columns).
REQUIRED_COLUMNS: dict[Table, tuple[Col, ...]] = {
    Table.CLIENTS: (
        Col.CLIENT_ID, Col.STATUT, Col.NOM, Col.PRENOM, Col.ADRESSE, Col.CODE_POSTAL,
        Col.VILLE, Col.GESTIONNAIRE,
    ),
    Table.CONTRATS: (Col.NUMERO_CONTRAT, Col.CLIENT_ID, Col.ASSUREUR, Col.PRODUIT),
    Table.SINISTRES: (Col.NUMERO_SINISTRE, Col.NUMERO_CONTRAT, Col.CLIENT_ID, Col.ASSUREUR),
}  # fmt: skip
OPTIONAL_COLUMNS: dict[Table, tuple[Col, ...]] = {
    Table.CLIENTS: (Col.CIVILITE, Col.EMAIL, Col.TELEPHONE),
    Table.CONTRATS: (Col.GESTIONNAIRE,),
    Table.SINISTRES: (Col.GESTIONNAIRE,),
}


@dataclass
class TableRows:
    """One table: its label for messages and its rows as {column: trimmed text}."""

    table: Table
    label: str
    rows: list[tuple[int, dict[Col, str]]]
    notes: list[tuple[int, str]] = field(default_factory=list)  # rows loaded, but worth a word


def _map_columns(
    headers: list[str], table: Table, label: str, settings: Settings
) -> dict[Col, int]:
    folded = [header_key(h.lstrip("\ufeff")) for h in headers]
    found: dict[Col, int] = {}
    for column in (*REQUIRED_COLUMNS[table], *OPTIONAL_COLUMNS[table]):
        expected = settings.header_for(column)
        if header_key(expected) in folded:
            found[column] = folded.index(header_key(expected))
        elif column in REQUIRED_COLUMNS[table]:
            mapped = (
                f" (en-tête « {expected} » selon [registre.colonnes])" if expected != column else ""
            )
            shown = ", ".join(f"« {h.strip()} »" for h in headers if h.strip()) or "aucun"
            raise SetupError(
                f"Registre client : colonne obligatoire « {column} »{mapped} absente de "
                f"{label} (en-têtes trouvés : {shown})"
            )
    return found


def _decode(data: bytes) -> tuple[str, list[int]]:
    """The text of a CSV export, and the lines read as Windows-1252 inside a UTF-8 file.

    UTF-16 by its BOM; else UTF-8 (a BOM dropped) when it decodes; else line by line: a
    file whose every accented line fails UTF-8 is a Windows-1252 export (nothing to say),
    but a UTF-8 file with a few Windows-1252 lines (rows pasted from another export) keeps
    its UTF-8 lines as they are and names the others, instead of garbling every accent.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    accented = [i for i, line in enumerate(lines) if any(b > 0x7F for b in line)]
    utf8 = set()
    for i in accented:
        try:
            lines[i].decode("utf-8")
            utf8.add(i)
        except UnicodeDecodeError:
            pass
    if not utf8:
        return data.decode("cp1252", errors="replace"), []
    text = "\n".join(line.decode("utf-8") if i in utf8 or i not in accented
                     else line.decode("cp1252", errors="replace")
                     for i, line in enumerate(lines))
    return text, [i + 1 for i in accented if i not in utf8]


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def read_csv(path: Path, table: Table, settings: Settings) -> TableRows:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SetupError(
            f"Registre client : fichier introuvable : {path} "
            f"(ni {XLSX_NAME} avec une feuille « {table.value} »)"
        ) from None
    except OSError as exc:
        raise SetupError(f"Registre client : fichier illisible : {os_reason(exc)}") from None
    text, cp1252_lines = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = _rows(_numbered(reader), table, path.name, settings)
    rows.notes += [(line, "ligne en Windows-1252 dans un fichier UTF-8 : lue comme telle, "
                          "vérifiez ses accents et réenregistrez le fichier en UTF-8")
                   for line in cp1252_lines]
    return rows


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on (a quoted field may span lines)."""
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _rows(
    records: Iterable[tuple[int, list[str]]], table: Table, label: str, settings: Settings
) -> TableRows:
    records = iter(records)
    for _, headers in records:
        if any(h.strip() for h in headers):
            break
    else:
        raise SetupError(f"Registre client : {label} est vide (pas de ligne d'en-têtes)")
    columns = _map_columns(headers, table, label, settings)
    rows: list[tuple[int, dict[Col, str]]] = []
    for line, record in records:
        if not any(v.strip() for v in record):
            continue  # blank line, or a row of empty cells
        values = {col: record[i].strip() if i < len(record) else "" for col, i in columns.items()}
        rows.append((line, values))
    return TableRows(table, label, rows)


def read_workbook(path: Path, settings: Settings) -> dict[Table, TableRows]:
    from pipeline.workbook import open_values  # openpyxl loaded only for a CRM workbook

    try:
        workbook = open_values(path)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike
        raise SetupError(f"Registre client : classeur illisible : {path} ({exc})") from None
    try:
        sheets = {header_key(name): name for name in workbook.sheetnames}
        tables: dict[Table, TableRows] = {}
        for table in Table:
            name = sheets.get(table.value)
            if name is None:
                raise SetupError(
                    f"Registre client : feuille « {table.value} » absente de {path} "
                    f"(feuilles trouvées : {', '.join(workbook.sheetnames)})"
                )
            records = (
                (number, [_cell_text(v) for v in row])
                for number, row in enumerate(workbook[name].iter_rows(values_only=True), start=1)
            )
            tables[table] = _rows(records, table, f"{path.name}, feuille {name}", settings)
        return tables
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()
