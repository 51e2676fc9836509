"""Hostile inboxes (issue 10): links, FIFOs, hard links, unreadable and long names, empty
files. Each through the real product (`reclam run --once` in a subprocess); a bad file is
reported or quarantined and never stops the batch, and nothing outside the inbox moves."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from tests.makers import text_pdf

RECLAM = [sys.executable, "-m", "pipeline.cli"]


def _run(home: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], capture_output=True,
                          text=True, timeout=300, **kwargs)  # type: ignore[call-overload, no-any-return]


def _records(home: Path) -> list[dict]:
    out = subprocess.run([*RECLAM, "--home", str(home), "export"], capture_output=True,
                         text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_a_link_to_a_file_of_the_home_is_never_followed(home: Path) -> None:
    clients = home / "config" / "registre" / "clients.csv"
    before = clients.read_bytes()
    _run(home)  # a journal to point at
    journal = home / "var" / "journal.sqlite3"
    (home / "inbox" / "clients.csv").symlink_to(clients)
    (home / "inbox" / "journal.pdf").symlink_to(journal)
    (home / "inbox" / "dossier").symlink_to(home / "config", target_is_directory=True)
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    run = _run(home)
    assert run.returncode == 0, run.stderr
    assert clients.read_bytes() == before and journal.is_file()
    assert (home / "config" / "registre" / "clients.csv").is_file()
    for name in ("clients.csv", "journal.pdf", "dossier"):
        assert (home / "inbox" / name).is_symlink()
        assert f"{name} : lien symbolique : non suivi" in run.stdout
    assert [r["source_file"] for r in _records(home)] == ["lettre.pdf"]


def test_a_link_to_a_secret_outside_the_home_copies_nothing(home: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe : hunter2\n")
    secret.chmod(0o600)
    (home / "inbox" / "secret.pdf").symlink_to(secret)
    run = _run(home)
    assert run.returncode == 0, run.stderr
    assert secret.read_text() == "mot de passe : hunter2\n"
    copied = [p for p in home.rglob("*") if p.is_file() and not p.is_symlink()
              and b"hunter2" in p.read_bytes()]
    assert copied == []


def test_a_fifo_does_not_hang_the_run(home: Path) -> None:
    os.mkfifo(home / "inbox" / "tube.pdf")
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    run = _run(home)  # would block forever on open() without O_NONBLOCK / lstat
    assert run.returncode == 0, run.stderr
    assert "tube.pdf : tube nommé (FIFO)" in run.stdout
    assert [r["source_file"] for r in _records(home)] == ["lettre.pdf"]


def test_a_hard_link_from_outside_is_filed_as_an_independent_copy(home: Path,
                                                                 tmp_path: Path) -> None:
    outside = tmp_path / "original.pdf"
    outside.write_bytes(text_pdf())
    outside.chmod(0o600)
    os.link(outside, home / "inbox" / "lettre.pdf")
    assert _run(home).returncode == 0
    (record,) = _records(home)
    filed = home / record["location"]
    assert filed.stat().st_ino != outside.stat().st_ino
    assert stat.S_IMODE(filed.stat().st_mode) == 0o600  # never wider than the original
    outside.write_bytes(b"%PDF-1.4 changed later\n%%EOF\n")
    assert filed.read_bytes() == text_pdf()


def test_a_250_byte_name_is_taken_and_filed(home: Path) -> None:
    name = "réclamation-" + "é" * 115 + ".pdf"
    assert len(name.encode()) > 240
    (home / "inbox" / name).write_bytes(text_pdf())
    run = _run(home)
    assert run.returncode == 0, run.stderr
    (record,) = _records(home)
    assert record["source_file"] == name and record["status"] == "filed"


def test_two_empty_files_are_two_quarantined_items_not_duplicates(home: Path) -> None:
    (home / "inbox" / "vide-1.pdf").write_bytes(b"")
    (home / "inbox" / "vide-2.pdf").write_bytes(b"")
    run = _run(home)
    assert run.returncode == 0, run.stderr
    assert "doublon de" not in run.stdout  # the counts line says « 0 doublon »
    records = _records(home)
    assert sorted(r["source_file"] for r in records) == ["vide-1.pdf", "vide-2.pdf"]
    assert {r["status"] for r in records} == {"quarantined"}
    assert not list((home / "outbox").glob("*/doublons/*"))


def _without_root_bypass() -> list[str]:
    """A command prefix under which permission bits bind (root reads everything: drop the
    capabilities that let it, as an ordinary mail-room account would be)."""
    if os.geteuid() != 0:
        return []
    assert shutil.which("setpriv"), "util-linux setpriv is needed to test permissions as root"
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def test_an_unreadable_file_waits_with_its_reason(home: Path) -> None:
    (home / "inbox" / "prive.pdf").write_bytes(text_pdf())
    (home / "inbox" / "prive.pdf").chmod(0o000)
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf(["Une autre lettre."]))
    command = [*_without_root_bypass(), *RECLAM, "--home", str(home), "run", "--once"]
    for _ in range(2):  # and again on restart: never a traceback
        run = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
        assert "prive.pdf : illisible (droits insuffisants)" in run.stdout
    assert (home / "inbox" / "prive.pdf").exists()
    assert [r["source_file"] for r in _records(home)] == ["lettre.pdf"]
