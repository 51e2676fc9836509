"""Runs at the edges (issue 10): two runs on one home, a home wedged by them, the parent
killed alone, concurrent register writers. Real processes and signals, no mocks."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.makers import text_pdf

RECLAM = [sys.executable, "-m", "pipeline.cli"]
ORIGINALS = "*/*/REC-????-??????.pdf"  # filed originals, not the letters drafted beside them


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RECLAM, "--home", str(home), *args], capture_output=True,
                          text=True, timeout=300)


def _watch(home: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([*RECLAM, "--home", str(home), "run"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:  # the watch is set once the batch waiting is done
        if line.startswith("Surveillance"):
            return proc
    raise AssertionError("the watch never started")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_a_second_run_on_the_same_home_stops_with_a_french_reason(home: Path) -> None:
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    watch = _watch(home)
    try:
        second = _cli(home, "run", "--once")
        assert second.returncode == 2
        assert "un traitement est déjà en cours sur ce dossier" in second.stderr
        assert f"processus {watch.pid}" in second.stderr
        assert "Traceback" not in second.stderr
        assert _cli(home, "export").returncode == 0  # reading commands still work
        assert _cli(home, "verifier").returncode == 0
    finally:
        watch.send_signal(signal.SIGTERM)
        watch.wait(timeout=60)
    assert _cli(home, "run", "--once").returncode == 0  # the lock went with its process


def test_a_wedged_home_is_repaired_on_start(home: Path) -> None:
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    (home / "inbox" / "autre.pdf").write_bytes(text_pdf(["Une autre lettre."]))
    assert _cli(home, "run", "--once").returncode == 0
    db = sqlite3.connect(home / "var" / "journal.sqlite3")
    with db:  # what two runs at once left: items "in progress" with no file in work/
        db.execute("UPDATE items SET state = 'claimed', work_path = NULL"
                   " WHERE source_file = 'lettre.pdf'")
        db.execute("UPDATE items SET state = 'claimed', work_path = 'var/work/absent__x.pdf'"
                   " WHERE source_file = 'autre.pdf'")
    db.close()
    lettre = next((home / "outbox").glob(ORIGINALS))
    lettre_id = lettre.stem
    for other in (home / "outbox").glob(ORIGINALS):
        if other != lettre:
            other.unlink()  # and its original is gone
    run = _cli(home, "run", "--once")
    assert run.returncode == 0, run.stderr
    assert f"Réparé : {lettre_id} était déjà rangé dans outbox/" in run.stdout
    assert "autre.pdf) : Le fichier d'origine n'est plus dans le dossier de travail" in run.stdout
    again = _cli(home, "run", "--once")  # repaired for good: nothing more to say
    assert again.returncode == 0 and "Réparé" not in again.stdout and "⚠" not in again.stdout
    states = dict(sqlite3.connect(home / "var" / "journal.sqlite3").execute(
        "SELECT source_file, state FROM items").fetchall())
    assert set(states.values()) <= {"filed", "quarantined"}


def test_workers_die_with_a_parent_killed_alone(home: Path) -> None:
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    watch = _watch(home)
    deadline = time.monotonic() + 120
    while len(workers := _children(watch.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)  # the pool starts as the batch waiting in inbox/ is taken
    os.kill(watch.pid, signal.SIGKILL)  # as the OOM killer does: the parent alone
    watch.wait(timeout=30)
    assert len(workers) == 2, "the watch kept its two workers"
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [w for w in workers if _alive(w)]
    assert _cli(home, "run", "--once").returncode == 0  # and the home is usable again


def test_concurrent_register_writers_never_break_the_workbook(home: Path) -> None:
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    assert _cli(home, "run", "--once").returncode == 0
    day = next((home / "outbox").iterdir()).name
    writers = [subprocess.Popen([*RECLAM, "--home", str(home), "register", "--date", day],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for _ in range(8)]
    errors = [w.communicate(timeout=300)[1] for w in writers]
    assert [w.returncode for w in writers] == [0] * 8, errors
    workbook = load_workbook(home / "reports" / f"registre-{day}.xlsx")
    assert workbook.sheetnames
    assert not list((home / "reports").glob(".*.tmp"))


def test_a_register_writer_waits_for_the_one_writing(home: Path) -> None:
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    assert _cli(home, "run", "--once").returncode == 0
    day = next((home / "outbox").iterdir()).name
    held = os.open(home / "reports", os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(held, fcntl.LOCK_EX)  # as a run writing the same register would
    writer = subprocess.Popen([*RECLAM, "--home", str(home), "register", "--date", day],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            writer.wait(timeout=5)
    finally:
        os.close(held)
    assert writer.wait(timeout=120) == 0


def test_a_name_with_a_newline_stays_on_one_mail_room_line(home: Path) -> None:
    (home / "inbox" / "lettre\nfausse ligne.pdf").write_bytes(text_pdf())
    run = _cli(home, "run", "--once")
    assert run.returncode == 0, run.stderr
    (line,) = [line for line in run.stdout.splitlines() if "→" in line]
    assert line.startswith("lettre\\nfausse ligne.pdf → REC-")
    assert not any(line.startswith("fausse ligne") for line in run.stdout.splitlines())


def test_an_unwritable_outbox_stops_with_one_french_line_and_loses_nothing(home: Path) -> None:
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    (home / "outbox").chmod(0o555)
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 \
        else []
    try:
        run = subprocess.run([*prefix, *RECLAM, "--home", str(home), "run", "--once"],
                             capture_output=True, text=True, timeout=300)
    finally:
        (home / "outbox").chmod(0o755)
    assert run.returncode == 3
    assert "Traceback" not in run.stderr
    (said,) = run.stderr.strip().splitlines()
    assert said.startswith("reclam : écriture impossible") and "rien n'est perdu" in said
    again = _cli(home, "run", "--once")  # once the folder is fixed, the item is filed
    assert again.returncode == 0, again.stderr
    assert list((home / "outbox").glob(ORIGINALS))
    assert _cli(home, "verifier").returncode == 0


def test_a_register_missed_by_an_interrupted_run_is_rewritten_by_the_next(home: Path) -> None:
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    assert _cli(home, "run", "--once").returncode == 0
    (register,) = (home / "reports").glob("registre-*.xlsx")
    register.unlink()  # as if the run had been killed before writing it
    run = _cli(home, "run", "--once")  # nothing new in inbox/
    assert run.returncode == 0 and register.is_file()
    assert "Registre du" in run.stdout
    assert "Registre du" not in _cli(home, "run", "--once").stdout  # up to date: left alone


def test_a_full_disk_stops_with_one_french_line_and_loses_nothing(home: Path) -> None:
    assert os.geteuid() == 0, "mounting a small file system needs root (CI runs as root)"
    big = text_pdf([f"Ligne {i} d'une longue lettre de réclamation." for i in range(40)])
    big = big.replace(b"%%EOF", b"%" + b"x" * 300_000 + b"\n%%EOF")  # a heavy scan
    (home / "inbox" / "lourd.pdf").write_bytes(big)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(home / "outbox")],
                   check=True)
    try:
        run = _cli(home, "run", "--once")
    finally:
        subprocess.run(["umount", str(home / "outbox")], check=True)
    assert run.returncode == 3, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    (said,) = run.stderr.strip().splitlines()
    assert said.startswith("reclam : disque plein") and "rien n'est perdu" in said
    again = _cli(home, "run", "--once")
    assert again.returncode == 0, again.stderr
    (filed,) = (home / "outbox").glob(ORIGINALS)
    assert filed.read_bytes() == big


def test_a_pool_broken_since_the_last_wait_is_not_a_crash(tmp_path: Path) -> None:
    """A worker that dies between two dispatches (a crash right at the start of an item)
    breaks the pool before the next submit: the run goes on with a new pool."""
    from concurrent.futures.process import BrokenProcessPool
    from threading import Event

    from pipeline import intake
    from pipeline.context import build_worker_context, load_installation
    from pipeline.journal import Journal
    from pipeline.runner import Runner
    from tests.conftest import make_home

    home = make_home(tmp_path / "home")
    (home / "inbox" / "lettre.pdf").write_bytes(text_pdf())
    ws, settings = load_installation(home)
    context = build_worker_context(ws, settings)
    ws.ensure()
    said: list[str] = []
    with Journal(ws.journal_file) as journal:
        runner = Runner(ws, context, journal, said.append)
        runner.take_ready(intake.InboxTracker(ws.inbox, 0))
        with pytest.raises(BrokenProcessPool):
            runner.pool.submit(os._exit, 1).result(timeout=60)
        inflight: dict = {}
        runner._dispatch(inflight)  # submits to the broken pool: no exception
        assert not inflight
        runner.run(once=True, stop=Event(), wake=Event())
        (item,) = journal.items()
    assert item.outcome is not None and item.outcome.status.value == "filed"
    assert any("lettre.pdf → REC-" in line for line in said)
