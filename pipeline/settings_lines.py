"""Line numbers of a TOML text's tables and keys, for the settings' messages.

`tomllib` gives no line numbers for valid documents, so `LineIndex` finds them from the
raw text (tables, arrays of tables, dotted keys and multi-line values included).
"""

from __future__ import annotations

import re

Loc = tuple[str | int, ...]  # a place in the TOML document: ("collaborateurs", 1, "id")

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class LineIndex:
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
