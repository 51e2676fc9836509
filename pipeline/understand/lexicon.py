"""Vocabularies as data: the word lists and tables reading uses, one file each.

The files live in `pipeline/understand/lexicon/` so that a change of wording (a new
stamp word, a label family, a first name) is a reviewable data change, not Python.
Each file says on its first line what it holds:

    # kind: words            one entry a line (a word or a phrase, as written)
    # kind: patterns         one regular expression a line (over folded text)
    # kind: table 3          columns separated by " | ", exactly 3 of them a line
    # kind: expressions      `name | regular expression`, over the text as written and
                             case-insensitive; a long expression goes on over the
                             following lines that start with spaces, joined stripped

Other lines starting with ``#`` are comments; blank lines are skipped; a `` # `` after
an entry starts a trailing comment. Every file is loaded and checked once, at start-up
(`check_all`, called by the context before any file is touched): a bad entry (a regular
expression that does not compile, a wrong number of columns, an entry given twice, an
unknown kind) stops the program with the file and line, as a `SetupError`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

from pipeline.errors import SetupError

T = TypeVar("T")

FOLDER = Path(__file__).with_name("lexicon")
_KIND = re.compile(
    r"#\s*kind:\s*(?P<kind>words|patterns|table|expressions)(?:\s+(?P<columns>\d+))?\s*$")


@dataclass(frozen=True)
class Entry:
    line: int  # 1-based, for messages
    fields: tuple[str, ...]


def words(name: str) -> tuple[str, ...]:
    """The entries of a `words` file, in file order."""
    return tuple(e.fields[0] for e in _load(name, "words"))


def patterns(name: str) -> tuple[re.Pattern[str], ...]:
    """The compiled entries of a `patterns` file, in file order."""
    return tuple(re.compile(e.fields[0]) for e in _load(name, "patterns"))


def expressions(name: str) -> dict[str, re.Pattern[str]]:
    """The named regular expressions of an `expressions` file, compiled case-insensitive."""
    return {e.fields[0]: re.compile(e.fields[1], re.IGNORECASE)
            for e in _load(name, "expressions")}


def table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a `table` file, each with the file's number of columns."""
    return tuple(e.fields for e in _load(name, "table"))


def mapping(name: str, convert: Callable[[str], T]) -> dict[str, T]:
    """A two-column `table` file as {first column: convert(second column)}: `converted`,
    typed."""
    return {cast(str, key): cast(T, value) for key, value in converted(name, str, convert)}


def check_all(folder: Path = FOLDER) -> list[str]:
    """Load and check every lexicon file; the names checked. Raises SetupError."""
    names = sorted(p.stem for p in folder.glob("*.txt"))
    for name in names:
        parse(folder / f"{name}.txt")
    return names


def parse(path: Path) -> tuple[str, list[Entry]]:
    """(kind, entries) of one lexicon file, checked line by line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SetupError(f"lexique illisible : {path} ({error})") from error
    header = _KIND.match(lines[0]) if lines else None
    if header is None:
        raise SetupError(f"{path}:1 : la première ligne doit dire « # kind: words », "
                         "« # kind: patterns » ou « # kind: table N »")
    kind = header["kind"]
    columns = 2 if kind == "expressions" else int(header["columns"] or 1)
    if kind == "table" and not header["columns"]:
        raise SetupError(f"{path}:1 : « # kind: table » sans nombre de colonnes")
    rows: list[tuple[int, str]] = []
    for number, raw in enumerate(lines[1:], start=2):
        text = raw.split(" # ", 1)[0].strip()
        if not text or text.startswith("#"):
            continue
        if kind == "expressions" and raw[:1].isspace() and rows:
            rows[-1] = (rows[-1][0], rows[-1][1] + text)  # a long expression goes on
        else:
            rows.append((number, text))
    entries: list[Entry] = []
    seen: dict[tuple[str, ...], int] = {}
    for number, text in rows:
        if kind == "table":
            fields = tuple(f.strip() for f in text.split(" | "))
        elif kind == "expressions":  # the expression itself may hold " | "
            fields = tuple(f.strip() for f in text.split(" | ", 1))
        else:
            fields = (text,)
        where = f"{path}:{number}"
        if len(fields) != columns or not all(fields):
            raise SetupError(f"{where} : {columns} colonne(s) attendue(s) séparées par « | », "
                             f"{len(fields)} trouvée(s) : {text!r}")
        if kind in ("patterns", "expressions"):
            try:
                re.compile(fields[-1], re.IGNORECASE if kind == "expressions" else 0)
            except re.error as error:
                raise SetupError(f"{where} : expression invalide ({error}) : {text!r}") from error
        key = fields[:1] if kind in ("table", "expressions") else fields
        if key in seen:
            raise SetupError(f"{where} : entrée déjà donnée ligne {seen[key]} : {text!r}")
        seen[key] = number
        entries.append(Entry(number, fields))
    return kind, entries


@functools.cache
def _load(name: str, kind: str) -> tuple[Entry, ...]:
    path = FOLDER / f"{name}.txt"
    if not path.is_file():
        raise SetupError(f"lexique manquant : {path}")
    found, entries = parse(path)
    if found != kind:
        raise SetupError(f"{path}:1 : lexique de type {found}, {kind} attendu")
    return tuple(entries)


def converted(name: str, *converters: Callable[[str], object]) -> tuple[tuple[object, ...], ...]:
    """The rows of a `table` file, each column passed through its converter (as many
    converters as columns, `str` to keep one as written); a value that does not convert
    stops with its file and line. A regular expression column: pass `re.compile`."""
    out: list[tuple[object, ...]] = []
    for entry in _load(name, "table"):
        if len(converters) != len(entry.fields):
            raise SetupError(f"{FOLDER / name}.txt:{entry.line} : {len(converters)} colonne(s) "
                             f"attendue(s), {len(entry.fields)} trouvée(s)")
        try:
            out.append(tuple(c(v) for c, v in zip(converters, entry.fields, strict=True)))
        except (ValueError, TypeError, re.error) as error:
            raise SetupError(f"{FOLDER / name}.txt:{entry.line} : valeur invalide "
                             f"({error}) : {' | '.join(entry.fields)!r}") from error
    return tuple(out)


def pattern_mapping(name: str, convert: Callable[[str], T]) -> tuple[tuple[re.Pattern[str], T], ...]:
    """A two-column `table` file whose first column is a regular expression (over folded
    text), in file order, as (compiled, convert(second column)): `converted`, typed."""
    return tuple((cast(re.Pattern[str], pattern), cast(T, value))
                 for pattern, value in converted(name, re.compile, convert))


class Cues:
    """A lexicon `patterns` file read as one alternation, compiled on first use (the file
    is checked line by line at start-up, lexicon.check_all)."""

    def __init__(self, name: str) -> None:
        self.name = name

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(p.pattern for p in patterns(self.name)))

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text)
