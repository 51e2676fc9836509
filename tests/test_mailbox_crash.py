"""Exactly once from the mailbox: kill -9 the run (and its workers) at random moments while
it reads a real Dovecot, restart, and account for every message. Real processes, no mocks."""

from __future__ import annotations

import collections
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import filing
from pipeline.audit import disagreements
from pipeline.context import load_installation
from pipeline.journal import Journal
from tests.conftest import make_home
from tests.imap_server import dovecot_server
from tests.test_mailbox import export, message, with_mailbox

RECLAM = [sys.executable, "-m", "pipeline.cli"]


def _taken(home: Path) -> tuple[int, int]:
    """Messages the ledger knows, and those the server holds as processed."""
    try:
        with sqlite3.connect(home / "var" / "journal.sqlite3", timeout=5) as db:
            return db.execute("SELECT count(*), count(done_at) FROM mail_messages").fetchone()
    except sqlite3.OperationalError:  # not created yet
        return (0, 0)


def _filed_originals(home: Path) -> list[Path]:
    return [p for root in ("outbox", "quarantaine") for p in (home / root).rglob("*")
            if p.is_file() and not filing.is_note(p.name) and not p.name.startswith(".")]


@pytest.mark.slow
def test_kill_9_while_reading_the_mailbox_neither_loses_nor_doubles_a_message(
        tmp_path: Path) -> None:
    rng = random.Random(20261204)
    with dovecot_server() as server:
        home = with_mailbox(make_home(tmp_path / "home", travailleurs=1), server)
        sent = [message(n) for n in range(60)]
        server.deliver(sent)
        kills, moments = 0, []
        while kills < 10:
            if len(_filed_originals(home)) == len(sent):
                if kills >= 5:
                    break
                more = [message(n) for n in range(len(sent), len(sent) + 20)]
                server.deliver(more)  # a fast machine filed them all: more mail, more kills
                sent += more
            proc = subprocess.Popen([*RECLAM, "--home", str(home), "run", "--once"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            if kills % 2 == 0 and _taken(home)[1] < len(sent):  # mid-fetch or mid-move
                before, deadline = _taken(home), time.monotonic() + 60
                while _taken(home) == before and time.monotonic() < deadline:
                    time.sleep(0.005)
                time.sleep(rng.uniform(0.0, 0.08))
            else:  # start-up or mid-batch
                time.sleep(rng.uniform(0.5, 6.0))
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                kills += 1
                moments.append((*_taken(home), len(_filed_originals(home))))
            proc.wait()
        final = subprocess.run([*RECLAM, "--home", str(home), "run", "--once"],
                               capture_output=True, text=True, timeout=600)
        assert final.returncode == 0, final.stderr
        assert kills >= 5, moments
        assert any(0 < moved < len(sent) for _, moved, _ in moments), moments

        def sha(data: bytes) -> str:
            return hashlib.sha256(data).hexdigest()

        filed = collections.Counter(sha(p.read_bytes()) for p in _filed_originals(home))
        assert filed == collections.Counter(sha(d) for d in sent), moments
        assert server.uids("INBOX") == []
        assert collections.Counter(sha(b) for b in server.bodies("Trait&AOk-")) == \
            collections.Counter(sha(d) for d in sent)  # each moved once, none deleted
        assert len(export(home)) == len(sent)
        ws, _ = load_installation(home)
        with Journal(ws.journal_file) as journal:
            assert disagreements(ws, journal) == []
