"""A lost journal (issue 10, item 3): deleted, truncated, left behind by a change of
`dossier_etat`, or garbled. The run refuses with a French reason and touches nothing;
`reclam verifier --reconstruire` rebuilds it from the filed folders, and numbering goes
on after the filed items instead of renaming new ones over them."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.makers import text_pdf

RECLAM = [sys.executable, "-m", "pipeline.cli"]


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RECLAM, "--home", str(home), *args], capture_output=True,
                          text=True, timeout=300)


def _archive(home: Path) -> dict[str, str]:
    return {p.relative_to(home).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for root in ("outbox", "quarantaine") for p in (home / root).rglob("*")
            if p.is_file()}


@pytest.fixture
def filed_home(home: Path) -> Path:
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    (home / "inbox" / "lettre - Copie.pdf").write_bytes(text_pdf())
    (home / "inbox" / "vide.pdf").write_bytes(b"")
    assert _cli(home, "run", "--once").returncode == 0
    return home


def _lose(home: Path, how: str) -> None:
    journal = home / "var" / "journal.sqlite3"
    for extra in ("-wal", "-shm"):
        Path(f"{journal}{extra}").unlink(missing_ok=True)
    if how == "supprimé":
        journal.unlink()
    elif how == "tronqué":
        journal.write_bytes(b"")
    elif how == "abîmé":
        journal.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    elif how == "dossier_etat":
        config = home / "config" / "cabinet.toml"
        config.write_text(re.sub(r'(?m)^dossier_etat = .*$', 'dossier_etat = "etat"',
                                 config.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.mark.parametrize("how", ["supprimé", "tronqué", "dossier_etat", "abîmé"])
def test_a_run_refuses_a_lost_journal_and_touches_nothing(filed_home: Path, how: str) -> None:
    home = filed_home
    before = _archive(home)
    _lose(home, how)
    (home / "inbox" / "nouvelle.pdf").write_bytes(text_pdf(["Une nouvelle lettre."]))
    run = _cli(home, "run", "--once")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    said = run.stderr.strip()
    assert said.startswith("reclam : le journal") and "reclam verifier --reconstruire" in said
    assert _archive(home) == before
    assert (home / "inbox" / "nouvelle.pdf").is_file()


def test_the_journal_is_rebuilt_from_the_folders_and_numbering_goes_on(filed_home: Path) -> None:
    home = filed_home
    records = [json.loads(line) for line in _cli(home, "export").stdout.splitlines()]
    before = _archive(home)
    _lose(home, "supprimé")
    rebuilt = _cli(home, "verifier", "--reconstruire")
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert "Journal reconstruit : 2 courriers repris" in rebuilt.stdout
    assert "Le journal et les dossiers concordent." in rebuilt.stdout
    again = _cli(home, "export").stdout.splitlines()
    assert sorted((r["id"], r["source_file"], r["status"], r["location"], r["sha256"])
                  for r in map(json.loads, again)) == sorted(
        (r["id"], r["source_file"], r["status"], r["location"], r["sha256"]) for r in records)
    (home / "inbox" / "nouvelle.pdf").write_bytes(text_pdf(["Une nouvelle lettre."]))
    assert _cli(home, "run", "--once").returncode == 0
    after = _archive(home)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing replaced
    new = [json.loads(line) for line in _cli(home, "export").stdout.splitlines()][-1]
    assert new["source_file"] == "nouvelle.pdf"
    assert new["id"] > max(r["id"] for r in records)
    assert _cli(home, "verifier").returncode == 0
    assert _cli(home, "verifier", "--reconstruire").returncode == 2  # not over a live journal
