"""`reclam run --cluster` on a real Dask scheduler and two `reclam worker` processes on
127.0.0.1: a mixed batch with a worker killed -9 mid-item files every file once with the
records of a local run; a file that kills every worker it meets is quarantined; a worker
whose client register differs is refused; the scheduler going away stops the run in
French, and the next run files the rest. `reclam worker` and `reclam run --cluster` facing
an unreachable scheduler, and a worker's home that is not one, say so in one French line.

The slow file is slow only until its reader is killed (`slow_reader.release_path`), and
the records are read from each home's journal in-process: the module stays well under a
minute on two loaded cores."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline import filing
from pipeline.journal import Journal
from pipeline.workspace import Workspace
from tests.conftest import REPO, make_home
from tests.makers import complaint_email, image_bytes, letter_image, text_pdf
from tests.plugins.slow_reader import release_path

# One xdist worker runs the whole module (`make test`: --dist loadgroup), so that one
# cluster serves every test, and the scheduler's killing test comes after the others.
pytestmark = pytest.mark.xdist_group("cluster")

RECLAM = [sys.executable, "-m", "pipeline.cli"]
PLUGIN = "tests.plugins.slow_reader:wrap"
START_S = 120  # scheduler and workers up, under a loaded machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _letter(n: int, name: str) -> list[str]:
    return [f"Madame Claire {name}", f"{n} rue des Lilas, 69003 Lyon",
            f"Lyon, le {n} novembre 2026", f"Objet : réclamation, contrat n° MT-2024-{n:06d}",
            "Je conteste la hausse de ma cotisation, que je trouve injustifiée.",
            "Veuillez agréer mes salutations distinguées."]


def batch() -> dict[str, bytes]:
    """A few emails, two small scans, a digital PDF, and a slow email: one claimant each,
    so that no item continues another (the order they finish in differs by design)."""
    names = ["Aubert", "Barbier", "Carpentier", "Dumont", "Eymard", "Ferrand", "Gautier"]
    files = {f"mail_{n}.eml": complaint_email(
        body="\n".join(_letter(n, names[n])), subject=f"Réclamation n° {n}",
        sender=f"Claire {names[n]} <claire.{names[n].lower()}@example.fr>") for n in range(4)}
    for n in (4, 5):
        files[f"scan_{n}.png"] = image_bytes(letter_image(_letter(n, names[n]), 1240, 700), "PNG")
    files["courrier_6.pdf"] = text_pdf(_letter(6, names[6]))
    files["lent_7.eml"] = complaint_email(body="\n".join(_letter(7, "Hamelin")),
                                          sender="Claire Hamelin <c.hamelin@example.fr>")
    return files


def _drop(home: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = home / "inbox" / name
        path.write_bytes(data)
        os.utime(path, (1_796_000_000, 1_796_000_000))  # the same reception time everywhere


def _export(home: Path) -> list[dict]:
    """The records `reclam export` writes (the same journal query and record), read here
    rather than by a third process per home."""
    with Journal(Workspace(home).journal_file) as journal:
        return [json.loads(json.dumps(item.export_record())) for item in journal.items()]


def _by_file(records: list[dict]) -> dict[str, dict]:
    """The records by file, without what differs by design: ids (taken in another order),
    and the folder named after the id."""
    out = {}
    for record in records:
        kept = {k: v for k, v in record.items() if k not in ("id", "location", "follow_up_of")}
        assert record["source_file"] not in out, f"{record['source_file']} recorded twice"
        out[record["source_file"]] = kept
    return out


def _filed_once(home: Path, files: dict[str, bytes]) -> None:
    originals = [p for folder in ("outbox", "quarantaine") for p in (home / folder).rglob("REC-*")
                 if not filing.is_note(p.name)]
    contents = sorted(p.read_bytes() for p in originals)
    assert contents == sorted(files.values())  # each file once, byte-identical
    assert not list((home / "inbox").iterdir())
    assert not list((home / "var" / "work").iterdir())


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]
    marks: Path
    logs: Path

    def worker_pids(self) -> list[int]:
        """The processes that run tasks (a nanny's child under each `reclam worker`)."""
        import psutil

        return [c.pid for w in self.workers for c in psutil.Process(w.pid).children(True)
                if "spawn_main" in " ".join(c.cmdline())]


def _start_workers(address: str, home: Path, env: dict[str, str], logs: Path,
                   ) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen([*RECLAM, "worker", "--scheduler", address, "--home", str(home),
                              "--name", f"w{n}"], env=env, cwd=REPO,
                             stdout=(logs / f"w{n}.log").open("ab"), stderr=subprocess.STDOUT)
            for n in (1, 2)]


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=START_S, set_as_default=False) as client:
        client.wait_for_workers(count, timeout=START_S)


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A scheduler and two workers on 127.0.0.1; the workers read another home, as a second
    machine would (its own copy of config/registre/)."""
    root = tmp_path_factory.mktemp("cluster")
    worker_home = make_home(root / "worker-home")
    marks, logs = root / "marks", root / "logs"
    marks.mkdir()
    logs.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "RECLAM_READER_PLUGIN": PLUGIN,
           "RECLAM_TEST_MARKS": str(marks)}
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--no-dashboard"], env=env,
        stdout=(logs / "scheduler.log").open("ab"), stderr=subprocess.STDOUT)
    workers = _start_workers(address, worker_home, env, logs)
    try:
        _wait_for_workers(address, 2)
        yield Cluster(address, scheduler, workers, marks, logs)
    finally:
        _stop([*workers, scheduler])


def _run(home: Path, *extra: str) -> subprocess.Popen[str]:
    """`reclam run --once` of `home`; its local workers (without --cluster) have the test's
    reader too, released at once: no local run here needs the slow file slow."""
    marks = home.parent / f"{home.name}-marks"  # the slow reader's, in local workers
    marks.mkdir(exist_ok=True)
    release_path(marks).touch()
    env = {**os.environ, "PYTHONPATH": str(REPO), "RECLAM_READER_PLUGIN": PLUGIN,
           "RECLAM_TEST_MARKS": str(marks)}
    return subprocess.Popen([*RECLAM, "--home", str(home), "run", "--once", *extra], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_mark(marks: Path, seen: int, timeout: float = START_S) -> int:
    """The pid of the worker process that started a slow file after `seen` marks."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(marks.iterdir())
        if len(found) > seen:
            return int(found[seen].read_text())
        time.sleep(0.05)
    raise AssertionError("the slow file was never started")


def test_a_batch_on_the_cluster_with_a_worker_killed_files_each_file_once_as_a_local_run(
        cluster: Cluster, tmp_path: Path) -> None:
    files = batch()
    # the local reference run with one worker: one context and spaCy load fewer, while the
    # cluster, killed worker and all, is the longer of the two runs
    local, remote = make_home(tmp_path / "local", travailleurs=1), make_home(tmp_path / "remote")
    _drop(local, files)
    _drop(remote, files)
    release_path(cluster.marks).unlink(missing_ok=True)
    seen = len(list(cluster.marks.iterdir()))
    run = _run(remote, "--cluster", cluster.address)
    local_run = _run(local)  # meanwhile, the same files through the local pool
    victim = _wait_for_mark(cluster.marks, seen)
    assert victim in cluster.worker_pids()
    os.kill(victim, signal.SIGKILL)  # mid-item: it sleeps inside the slow file's reading
    release_path(cluster.marks).touch()  # tried again elsewhere, it need not be slow
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert local_run.wait(timeout=300) == 0
    lines = [line for line in out.splitlines() if "→" in line]
    assert len(lines) == len(files)
    assert sum("lent_7.eml →" in line for line in lines) == 1
    assert len(list(cluster.marks.iterdir())) >= seen + 2  # started again after the kill
    _filed_once(remote, files)
    cluster_records, local_records = _by_file(_export(remote)), _by_file(_export(local))
    assert set(cluster_records) == set(files)
    assert cluster_records == local_records
    assert all(r["status"] == "filed" for r in cluster_records.values())


def test_a_file_that_kills_every_worker_it_meets_is_quarantined(cluster: Cluster,
                                                                 tmp_path: Path) -> None:
    home = make_home(tmp_path / "home", tentatives_max=2)
    files = {"crash_1.eml": complaint_email(subject="tue le travailleur")}
    _drop(home, files)
    run = _run(home, "--cluster", cluster.address)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    records = {r["source_file"]: r for r in _export(home)}
    assert records["crash_1.eml"]["status"] == "quarantined"
    assert records["crash_1.eml"]["error_code"] == "echec-repete"
    assert "2 fois" in records["crash_1.eml"]["error"]
    _filed_once(home, files)
    _wait_for_workers(cluster.address, 2)  # the nannies restarted the dead workers


def test_a_worker_whose_register_differs_is_refused_in_one_french_line_on_both_sides(
        cluster: Cluster, tmp_path: Path) -> None:
    """A third worker with another client register: the parent's run stops before taking a
    file, naming that worker's home; the worker's console says it, Dask's traceback goes to
    its log file. Before the scheduler's test: the refused worker is stopped at the end."""
    other = make_home(tmp_path / "other-worker")
    with (other / "config" / "registre" / "clients.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    console = tmp_path / "w3.log"
    w3 = subprocess.Popen([*RECLAM, "worker", "--scheduler", cluster.address, "--home",
                           str(other), "--name", "w3"], env=env, cwd=REPO,
                          stdout=console.open("wb"), stderr=subprocess.STDOUT)
    try:
        _wait_for_workers(cluster.address, 3)
        home = make_home(tmp_path / "home")
        _drop(home, {"mail_0.eml": batch()["mail_0.eml"]})
        run = _run(home, "--cluster", cluster.address)
        out, err = run.communicate(timeout=120)
        assert run.returncode == 2
        assert err.count("\n") == 1 and "Traceback" not in err
        assert err.startswith("reclam : le travailleur tcp://127.0.0.1:") and (
            f"(dossier {other}) n'a pas le même registre client" in err)
        assert [p.name for p in (home / "inbox").iterdir()] == ["mail_0.eml"]  # left in place
    finally:
        _stop([w3])
    said = console.read_text(encoding="utf-8")
    assert f"(dossier {other}) n'a pas le même registre client" in said
    assert "Traceback" not in said and "distributed" not in said
    assert "Traceback" in (other / "var" / "log" / "reclam.log").read_text(encoding="utf-8")
    _wait_for_workers(cluster.address, 2)


def test_the_scheduler_going_away_stops_the_run_and_the_next_run_files_the_rest(
        cluster: Cluster, tmp_path: Path) -> None:
    """Last of the module: it kills the scheduler. (One local worker for the next run's
    three emails.)"""
    home = make_home(tmp_path / "home", travailleurs=1)
    files = {name: data for name, data in batch().items()
             if name.startswith(("lent", "mail_0", "mail_1"))}
    _drop(home, files)
    release_path(cluster.marks).unlink(missing_ok=True)
    seen = len(list(cluster.marks.iterdir()))
    run = _run(home, "--cluster", cluster.address)
    _wait_for_mark(cluster.marks, seen)
    cluster.scheduler.kill()  # while the slow file is being read
    out, err = run.communicate(timeout=120)
    assert run.returncode == 2
    assert err.strip().splitlines()[-1].startswith(
        f"reclam : l'ordonnanceur Dask {cluster.address} ne répond plus : traitement arrêté.")
    assert "Traceback" not in err
    again = _run(home)  # locally this time: the journal knows what is left
    out2, err2 = again.communicate(timeout=300)
    assert again.returncode == 0, err2
    filed = [line for line in (out + out2).splitlines() if "→" in line]
    assert len(filed) == len(files)
    _filed_once(home, files)
    assert {r["source_file"] for r in _export(home)} == set(files)


def test_an_unreachable_scheduler_stops_the_run_before_any_file_is_taken(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    _drop(home, {"mail_0.eml": batch()["mail_0.eml"]})
    run = _run(home, "--cluster", f"tcp://127.0.0.1:{_free_port()}")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 2
    assert err.startswith("reclam : ordonnanceur Dask tcp://127.0.0.1:")
    assert "injoignable" in err and "Traceback" not in err
    assert [p.name for p in (home / "inbox").iterdir()] == ["mail_0.eml"]  # left in place


def test_dask_is_not_imported_without_a_cluster(home: Path) -> None:
    """A local run never imports Dask: pipeline/cluster.py alone does, for --cluster."""
    probe = ("import runpy, sys\n"
             "sys.argv = ['reclam', '--home', sys.argv[1], 'run', '--once']\n"
             "try:\n    runpy.run_module('pipeline.cli', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", probe, str(home)], capture_output=True,
                         text=True, check=True, cwd=REPO).stdout
    assert out.strip().splitlines()[-1] == "[]"


def _worker(home: Path, scheduler: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RECLAM, "worker", "--scheduler", scheduler, "--home", str(home)],
                          capture_output=True, text=True, timeout=60, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def test_a_worker_whose_scheduler_cannot_be_reached_says_so_in_one_french_line(
        tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    done = _worker(home, address)
    assert time.monotonic() - started < 30  # Dask alone tries for 30 s, then again
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"reclam : ordonnanceur Dask {address} injoignable (connexion refusée) : vérifiez")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""
    logged = (home / "var" / "log" / "reclam.log").read_text(encoding="utf-8")
    assert f"scheduler {address} unreachable: ConnectionRefusedError" in logged


def test_a_worker_needs_a_reclam_home_with_its_client_register(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    empty = tmp_path / "vide"
    empty.mkdir()
    done = _worker(empty, address)
    assert done.returncode == 2
    assert done.stderr == (f"reclam : {empty} n'est pas un dossier de reclam (ni "
                           "config/cabinet.toml ni config/registre/) : donnez --home vers le "
                           "dossier partagé du poste principal, ou vers un dossier où vous "
                           "avez copié son config/registre/\n")
    assert not list(empty.iterdir())  # nothing written in a folder that is not a home
    home = make_home(tmp_path / "home")
    for path in sorted((home / "config" / "registre").iterdir()):
        path.unlink()
    (home / "config" / "registre").rmdir()
    done = _worker(home, address)
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"reclam : registre client introuvable : {home / 'config' / 'registre'} (copiez")
    assert done.stderr.count("\n") == 1
