"""Checks that the journal and the folders tell the same story (for auditors and tests)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.filing import is_note
from pipeline.intake import is_waiting_name
from pipeline.journal import Journal
from pipeline.workspace import Workspace


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def disagreements(ws: Workspace, journal: Journal) -> list[str]:
    """Every problem found, in French; empty when all agrees."""
    problems: list[str] = []
    expected: set[Path] = set()
    for drop in journal.drops():
        if drop["state"] != "filed":
            problems.append(f"{drop['item_id']} : « {drop['source_file']} » n'est pas encore classé")
            continue
        path = ws.home / drop["location"]
        expected.add(path.resolve())
        if not path.is_file():
            problems.append(f"{drop['item_id']} : fichier absent à {drop['location']}")
        elif _sha(path) != drop["sha256"]:
            problems.append(f"{drop['item_id']} : contenu modifié à {drop['location']}")
    for root in (ws.outbox, ws.quarantine):
        for path in root.rglob("*"):
            if (path.is_file() and not is_note(path.name)
                    and not is_waiting_name(path.name) and path.resolve() not in expected):
                problems.append(f"fichier inconnu du journal : {ws.relative(path)}")
    if ws.work.exists():
        problems += [f"fichier resté en cours : {p.name}" for p in ws.work.iterdir()]
    return problems
