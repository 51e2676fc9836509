"""The client register's look-ups cached in the state folder: a hit, a miss on a changed
register or configuration, a corrupt cache file rebuilt without a word to the user."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.context import load_installation
from pipeline.record import Claimant, References
from pipeline.register_cache import RegisterLookups, cache_path, register_lookups
from pipeline.workspace import Workspace

CLIENT = "C001058"  # Théo Muller, 75020, in the shipped register


def _lookups(home: Path) -> tuple[Workspace, RegisterLookups]:
    ws, settings = load_installation(home)
    return ws, register_lookups(ws, settings)


def _muller(lookups: RegisterLookups) -> str | None:
    link = lookups.index.link(Claimant(nom="Muller", prenom="Théo", code_postal="75020"),
                              References())
    return link.match.client_id if link.match else None


def test_a_second_start_reads_the_cache_and_finds_the_same_clients(
        home: Path, caplog: pytest.LogCaptureFixture) -> None:
    ws, built = _lookups(home)
    path = cache_path(ws)
    assert path.is_file() and path.parent == home / "var" / "cache"
    written = path.stat().st_mtime_ns
    caplog.set_level(logging.INFO, logger="pipeline")
    _, cached = _lookups(home)
    assert "read from" in caplog.text
    assert path.stat().st_mtime_ns == written  # not rewritten
    assert cached.register.clients == built.register.clients
    assert cached.register.contracts == built.register.contracts
    assert cached.names.people == built.names.people
    assert _muller(cached) == _muller(built) == CLIENT
    assert cached.index.register is cached.register  # one register, shared as when built


def test_a_changed_register_is_read_again(home: Path) -> None:
    ws, before = _lookups(home)
    clients = home / "config" / "registre" / "clients.csv"
    text = clients.read_text(encoding="utf-8-sig")
    assert ";Muller;Théo;" in text
    clients.write_text(text.replace(";Muller;Théo;", ";Mullerbach;Théo;"), encoding="utf-8-sig")
    key_before = cache_path(ws).read_bytes()[:100]
    _, after = _lookups(home)
    assert after.register.clients[CLIENT].nom == "Mullerbach"
    assert before.register.clients[CLIENT].nom == "Muller"
    assert cache_path(ws).read_bytes()[:100] != key_before  # cached again, under its new key


def test_a_changed_configuration_is_a_miss_but_not_a_changed_traitement(
        home: Path, caplog: pytest.LogCaptureFixture) -> None:
    _lookups(home)
    config = home / "config" / "cabinet.toml"
    text = config.read_text(encoding="utf-8")
    caplog.set_level(logging.INFO, logger="pipeline")
    config.write_text(text.replace("tentatives_max = 3", "tentatives_max = 5") + "\n# note\n",
                      encoding="utf-8")
    _lookups(home)  # [traitement] and comments do not shape the register
    assert "read from" in caplog.text
    caplog.clear()
    assert 'nom = "Marie Lefèvre"' in text
    config.write_text(text.replace('nom = "Marie Lefèvre"', 'nom = "Marie Lefèvre-Roux"'),
                      encoding="utf-8")
    _lookups(home)
    assert "out of date" in caplog.text and "read from" not in caplog.text


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_corrupt_cache_is_rebuilt_without_an_error(
        home: Path, caplog: pytest.LogCaptureFixture, damage: str) -> None:
    ws, _ = _lookups(home)
    path = cache_path(ws)
    data = path.read_bytes()
    header = data.index(b"\n", data.index(b"\n") + 1) + 1  # magic line, key line
    path.write_bytes({"truncated": data[: len(data) // 2],
                      "garbage": data[:header] + b"\x80\x05garbage" * 50,
                      "empty": b""}[damage])
    caplog.set_level(logging.INFO, logger="pipeline")
    _, again = _lookups(home)
    assert _muller(again) == CLIENT
    if damage != "empty":  # an empty file is one of another key: simply out of date
        assert "cache unreadable, rebuilding" in caplog.text
    caplog.clear()
    _lookups(home)
    assert "read from" in caplog.text


def test_a_corrupt_cache_costs_the_user_nothing(home: Path) -> None:
    """The command line says nothing of it: a run after the cache is garbled ends as usual."""
    ws = Workspace(home)
    subprocess.run([sys.executable, "-m", "pipeline.cli", "--home", str(home), "run", "--once"],
                   check=True, capture_output=True, timeout=300)
    cache_path(ws).write_bytes(cache_path(ws).read_bytes()[:5000])
    run = subprocess.run([sys.executable, "-m", "pipeline.cli", "--home", str(home), "run",
                          "--once"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "Aucun fichier à traiter." and not run.stderr
    log = (ws.log_file).read_text(encoding="utf-8")
    assert log.count("cache unreadable") == 1  # one line in the log, for the administrator
