"""`reclam run`: batch mode, watch mode, stopping cleanly, a worker that dies."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import REPO, make_home
from tests.makers import complaint_email, image_bytes, letter_image, mixed_inbox, text_pdf

RECLAM = [sys.executable, "-m", "pipeline.cli"]


def _export(home: Path) -> list[dict]:
    out = subprocess.run([*RECLAM, "--home", str(home), "export"], capture_output=True,
                         text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_run_once_accounts_for_every_file_of_a_mixed_inbox(home: Path) -> None:
    inputs = mixed_inbox(home / "inbox")
    (home / "inbox" / ".en-cours.pdf").write_bytes(b"%PDF-1.4")  # hidden: waits
    (home / "inbox" / "scan.pdf.part").write_bytes(b"%PDF-1.4")  # temporary: waits
    run = subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if "→" in line]
    assert len(lines) == 30  # one line per file for the mail room
    assert sum("doublon de REC-" in line for line in lines) == 2
    records = _export(home)
    assert {r["source_file"] for r in records} == set(inputs) - {
        "scan_0000 (copie).png", "courrier_14 - Copie.pdf"}
    for record in records:
        assert (home / record["location"]).is_file()
        assert record["owner"] == "mlefevre" or record["status"] == "quarantined"
    assert sorted(p.name for p in (home / "inbox").iterdir()) == [".en-cours.pdf",
                                                                 "scan.pdf.part"]
    doublons = list((home / "outbox").glob("*/doublons/*"))
    assert len(doublons) == 2


def test_an_email_is_received_on_its_own_date(home: Path) -> None:
    mail = home / "inbox" / "mail.eml"
    mail.write_bytes(complaint_email())  # dated 20/11/2026 10:30, exported the same day
    exported = datetime(2026, 11, 20, 11, 0, tzinfo=ZoneInfo("Europe/Paris")).timestamp()
    os.utime(mail, (exported, exported))
    subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], check=True,
                   capture_output=True, timeout=300)
    (record,) = _export(home)
    assert record["received_at"] == "2026-11-20T10:30:00+01:00"
    assert record["channel"] == "email"


def test_watch_mode_takes_new_files_and_stops_cleanly_on_sigterm(home: Path) -> None:
    proc = subprocess.Popen([*RECLAM, "--home", str(home), "run"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.0)
        (home / "inbox" / "arrivee.pdf").write_bytes(text_pdf())
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list((home / "outbox").rglob("REC-*.pdf")):
            time.sleep(0.2)
        assert list((home / "outbox").rglob("REC-*.pdf")), "the dropped file was not filed"
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Surveillance de" in out and "arrivee.pdf → REC-" in out and "Arrêt demandé" in out


def test_a_file_that_kills_its_worker_is_quarantined_and_the_batch_goes_on(
        tmp_path: Path) -> None:
    home = make_home(tmp_path / "home", tentatives_max=2)
    (home / "inbox" / "crash-lettre.png").write_bytes(image_bytes(letter_image(), "PNG"))
    (home / "inbox" / "courrier.pdf").write_bytes(text_pdf())
    (home / "inbox" / "mail.eml").write_bytes(complaint_email())
    env = {**os.environ, "RECLAM_READER_PLUGIN": "tests.plugins.crashing_reader:wrap",
           "PYTHONPATH": str(REPO)}
    run = subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], capture_output=True,
                         text=True, timeout=600, env=env)
    assert run.returncode == 0, run.stderr
    by_name = {r["source_file"]: r for r in _export(home)}
    assert by_name["crash-lettre.png"]["status"] == "quarantined"
    assert by_name["crash-lettre.png"]["error_code"] == "echec-repete"
    assert "2 fois" in by_name["crash-lettre.png"]["error"]
    assert by_name["courrier.pdf"]["status"] == "filed"
    assert by_name["mail.eml"]["status"] == "filed"


def test_a_missing_configuration_stops_with_a_one_line_reason(tmp_path: Path) -> None:
    run = subprocess.run([*RECLAM, "--home", str(tmp_path), "run", "--once"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert run.stderr.count("\n") == 1 and "configuration introuvable" in run.stderr


def test_a_bad_configuration_names_the_key_and_line(home: Path) -> None:
    config = home / "config" / "cabinet.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[traitement2]\nx = 1\n",
                      encoding="utf-8")
    run = subprocess.run([*RECLAM, "--home", str(home), "run", "--once"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "traitement2" in run.stderr and "ligne" in run.stderr
