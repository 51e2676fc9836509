"""Nothing is lost: kill -9 the whole run at random moments, restart, and account for
every file. Real processes, no mocks."""

from __future__ import annotations

import collections
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.audit import disagreements
from pipeline.context import load_installation
from pipeline.journal import Journal
from pipeline.letters.owed import is_letter
from tests.conftest import make_home
from tests.makers import LETTER, mixed_inbox, text_pdf

RECLAM = [sys.executable, "-m", "pipeline.cli"]


def _reclam(home: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*RECLAM, "--home", str(home), *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _filed_originals(home: Path) -> list[Path]:
    return [p for root in ("outbox", "quarantaine") for p in (home / root).rglob("*")
            if p.is_file() and not p.name.endswith((".resume.txt", ".motif.txt"))
            and not is_letter(p.name) and not p.name.startswith(".")]


def _kill_at_a_random_moment(home: Path, rng: random.Random) -> bool:
    """Start a run and kill -9 it (and its workers) at a random moment: a quarter of the
    time early (intake, start-up), else just after it filed something (mid-batch, mid-OCR,
    mid-filing). True when it was killed, False when it finished first."""
    proc = _reclam(home, "run", "--once")
    deadline = time.monotonic() + 60
    if rng.random() < 0.25:
        target = None
        time.sleep(rng.uniform(0.05, 1.5))
    else:
        target = len(_filed_originals(home)) + 1
        while time.monotonic() < deadline and proc.poll() is None:
            if len(_filed_originals(home)) >= target:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.15))
    if proc.poll() is not None:
        return False
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, at once
    proc.wait()
    return True


@pytest.mark.slow
def test_kill_9_at_random_moments_neither_loses_nor_duplicates(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home", travailleurs=1)  # one item at a time: finer kills
    inputs = mixed_inbox(home / "inbox")
    assert len(inputs) == 30
    rng = random.Random(20261126)
    kills = 0
    filed_at_kill = []
    while kills < 20:
        if len(_filed_originals(home)) >= len(inputs):  # a fast machine: more to do
            name = f"supplement_{len(inputs)}.pdf"
            inputs[name] = text_pdf([f"Lettre supplémentaire n° {len(inputs)}", *LETTER[3:]])
            (home / "inbox" / name).write_bytes(inputs[name])
        if _kill_at_a_random_moment(home, rng):
            kills += 1
            filed_at_kill.append(len(_filed_originals(home)))
    final = _reclam(home, "run", "--once")
    assert final.wait(timeout=600) == 0
    assert kills >= 20, filed_at_kill
    assert len(set(filed_at_kill)) >= 10, filed_at_kill  # kills spread over the batch

    # every dropped file lies filed exactly once: same bytes, same count
    dropped = collections.Counter(_sha(d) for d in inputs.values())
    filed = collections.Counter(_sha(p.read_bytes()) for p in _filed_originals(home))
    assert filed == dropped
    assert [p for p in (home / "inbox").rglob("*") if p.is_file()] == []

    # the journal agrees with the disk, and export accounts for every distinct content
    ws, _ = load_installation(home)
    with Journal(ws.journal_file) as journal:
        assert disagreements(ws, journal) == []
    out = subprocess.run([*RECLAM, "--home", str(home), "export"], capture_output=True,
                         check=True, text=True).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(dropped) == len(inputs) - 2  # two were duplicates
    assert len({r["id"] for r in records}) == len(records)
    by_name = {r["source_file"]: r for r in records}
    for bad in ("vide.pdf", "tronque.pdf", "rapport.docx"):
        assert by_name[bad]["status"] == "quarantined" and by_name[bad]["error"]
    assert all(r["status"] in {"filed", "quarantined"} for r in records)
    # the letters of every complaint drafted once: each file listed, none twice, none astray
    owed = [r for r in records if r["status"] == "filed" and r["is_complaint"]
            and not r["follow_up_of"]]
    assert owed and all(r["letters"] for r in owed)
    listed = [letter[k] for r in records for letter in r["letters"] for k in ("path", "pdf", "eml")
              if letter[k]]
    on_disk = [p.relative_to(home).as_posix() for p in (home / "outbox").rglob("*")
               if is_letter(p.name)]
    assert sorted(on_disk) == sorted(listed)
