"""What the mail room reads on the console (issue 12): one French line per file saying what
it is and for whom, a batch's counts, files being copied said once, logs in their file
and never on the console, and Ctrl-C that stops cleanly with one line and status 130."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline import logs
from pipeline.console import MailRoom, Tally, item_line, stop_line, waiting_line
from pipeline.french import count
from pipeline.logs import BACKUPS, FORMAT, ParisFormatter, SharedLogFile
from pipeline.record import (
    Channel,
    Claimant,
    Decision,
    FilingStatus,
    Findings,
    Item,
    Outcome,
    Source,
)
from pipeline.registers.followup_cells import FILE_NAME, OWNER_HEADERS, SHEET
from tests.conftest import REPO, make_home
from tests.makers import LETTER, complaint_email, image_bytes, letter_image, text_pdf

RECLAM = [sys.executable, "-m", "pipeline.cli"]
GOLDEN = Path(__file__).parent / "resources" / "understand"
NAMES = {"mlefevre": "Marie Lefèvre", "tnguyen": "Thomas Nguyen"}
LOG_LINE = re.compile(r"^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0[12]:00 "
                      r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+ \[[^\]]+\] ")


def _item(n: int = 1, *, complaint: bool = True, owner: str = "tnguyen", **decided: object) -> Item:
    item_id = f"REC-2026-{n:06d}"
    return Item(
        source=Source(item_id, f"lettre-{n}.pdf", f"sha{n}", "2026-12-04T09:00:00+01:00",
                      "2026-12-04T09:05:00+01:00", Channel.LETTER, 10, "pdf"),
        findings=Findings(is_complaint=complaint, claimant=Claimant("Mme", "Dupont", "Jeanne")),
        decision=Decision(owner=owner, owner_reason="gestionnaire du contrat", **decided),  # type: ignore[arg-type]
        outcome=Outcome(FilingStatus.FILED, f"outbox/2026-12-04/{owner}/{item_id}.pdf"),
    )


def _quarantined(n: int, reason: str) -> Item:
    item = _item(n)
    return Item(item.source, outcome=Outcome(
        FilingStatus.QUARANTINED, f"quarantaine/2026-12-04/{item.id}.pdf", reason, "fichier-vide"))


# -- the lines, built from hand-made records ------------------------------------------


def test_an_item_line_says_what_the_item_is_and_its_owner_by_name() -> None:
    line = item_line(_item(3, mediator=True, needs_review=True, owner="mlefevre"), NAMES, "[3/6]")
    assert line == ("[3/6] lettre-3.pdf → REC-2026-000003 · réclamation · Médiateur · "
                    "à vérifier → Marie Lefèvre")
    assert item_line(_item(1, complaint=False), NAMES) == (
        "lettre-1.pdf → REC-2026-000001 · autre courrier → Thomas Nguyen")
    assert "tnguyen" not in item_line(_item(1), NAMES)


def test_misdirected_mail_says_where_it_should_go_agreeing_with_what_it_is() -> None:
    complaint = _item(2, misdirected=True, redirect_to="MAAF Assurances")
    assert item_line(complaint, NAMES).endswith(
        "· réclamation · mal orientée (pour MAAF Assurances) → Thomas Nguyen")
    other = _item(2, complaint=False, misdirected=True, redirect_to="GMF")
    assert "· autre courrier · mal orienté (pour GMF) →" in item_line(other, NAMES)


def test_a_later_letter_names_the_complaint_it_continues() -> None:
    line = item_line(_item(5, follow_up_of="REC-2026-000001"), NAMES)
    assert line == "lettre-5.pdf → REC-2026-000005 · suite de REC-2026-000001 → Thomas Nguyen"


def test_a_quarantined_item_gives_the_short_reason_and_where_the_note_is() -> None:
    item = _quarantined(4, "Le fichier est vide (0 octet) : le scan ou l'export a échoué, "
                           "refaites-le puis déposez-le à nouveau.")
    assert item_line(item, NAMES, "[4/6]") == (
        "[4/6] lettre-4.pdf → REC-2026-000004 · en quarantaine : le fichier est vide (0 octet) · "
        "motif dans quarantaine/2026-12-04/REC-2026-000004.motif.txt")


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 fichier : 0 réclamation, 0 autre courrier, 0 en quarantaine, 0 doublon ; "
        "à vérifier : 0"),
    (1, "4 fichiers : 1 réclamation, 1 autre courrier, 1 en quarantaine, 1 doublon ; "
        "à vérifier : 1"),
    (2, "8 fichiers : 2 réclamations, 2 autres courriers, 2 en quarantaine, 2 doublons ; "
        "à vérifier : 2"),
])
def test_batch_counts_agree_in_number_for_0_1_and_2(n: int, expected: str) -> None:
    tally = Tally()
    for i in range(n):
        tally.add(_item(10 + i, needs_review=True))
        tally.add(_item(20 + i, complaint=False))
        tally.add(_quarantined(30 + i, "Le fichier est vide (0 octet) : refaites-le."))
        tally.add_duplicate()
    assert tally.line() == expected
    assert count(1, "fichier") == "1 fichier"


def test_batch_counts_add_up_and_name_the_mediator_and_misdirected_when_present() -> None:
    tally = Tally()
    for item in (_item(1, mediator=True), _item(2, misdirected=True), _item(3),
                 _item(4, follow_up_of="REC-2026-000003"), _item(5, complaint=False)):
        tally.add(item)
    assert tally.line() == ("5 fichiers : 3 réclamations, 1 suite de réclamation, "
                            "1 autre courrier, 0 en quarantaine, 0 doublon ; Médiateur : 1, "
                            "à réorienter : 1, à vérifier : 0")


def test_a_one_file_batch_counts_in_numbers() -> None:
    tally = Tally()
    tally.add(_item(1, needs_review=True, mediator=True))
    assert tally.line() == ("1 fichier : 1 réclamation, 0 autre courrier, 0 en quarantaine, "
                            "0 doublon ; Médiateur : 1, à vérifier : 1")
    tally = Tally()
    tally.add(_item(2))
    assert tally.line().endswith("; à vérifier : 0")


def test_the_counter_restarts_with_each_batch() -> None:
    said: list[str] = []
    mail = MailRoom(said.append, NAMES)
    mail.taken(2)
    mail.filed(_item(1))
    mail.filed(_item(2))
    mail.end_batch()
    mail.taken(1)
    mail.filed(_item(3))
    mail.end_batch()
    mail.end_batch()  # an idle pass says nothing
    assert [line.split(" ")[0] for line in said] == ["[1/2]", "[2/2]", "2", "lettre-3.pdf", "1"]
    assert said[-1].startswith("1 fichier : 1 réclamation,") and mail.handled == 3


def test_a_waiting_file_is_said_once_until_taken_and_again_if_dropped_anew() -> None:
    said: list[str] = []
    mail = MailRoom(said.append, NAMES)
    for _ in range(3):
        mail.waiting(["x.pdf"])
    mail.waiting(["x.pdf", "y.pdf"])
    mail.waiting([])  # y.pdf could not be taken (said with its reason): not said again
    mail.waiting(["y.pdf"])
    mail.taken(name="x.pdf")
    mail.waiting(["x.pdf"])
    assert said == ["en attente : x.pdf (copie en cours)", "en attente : y.pdf (copie en cours)",
                    "en attente : x.pdf (copie en cours)"]
    assert waiting_line([f"f{i}.pdf" for i in range(5)]) == (
        "en attente : 5 fichiers (f0.pdf, f1.pdf, f2.pdf, et 2 autres) (copie en cours)")


def test_the_stop_line_says_what_the_next_run_takes_in_correct_french() -> None:
    assert stop_line(17, 0, 2) == ("Arrêt demandé : fin des 2 courriers en cours ; 17 fichiers "
                                   "restent dans inbox/, ils seront traités au prochain lancement.")
    assert stop_line(1, 0, 1) == ("Arrêt demandé : fin du courrier en cours ; 1 fichier reste "
                                  "dans inbox/, il sera traité au prochain lancement.")
    assert stop_line(0, 1, 0) == ("Arrêt demandé : 1 fichier déjà pris en charge reste à "
                                  "traiter, il sera traité au prochain lancement.")
    assert stop_line(0, 0, 0) == "Arrêt demandé : aucun fichier n'attend."


# -- real runs ------------------------------------------------------------------------


def _export(home: Path) -> list[dict]:
    out = subprocess.run([*RECLAM, "--home", str(home), "export"], capture_output=True,
                         text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def _log_lines(home: Path) -> list[str]:
    return (home / "var" / "log" / "reclam.log").read_text(encoding="utf-8").splitlines()


def test_a_mixed_batch_reads_as_the_mail_room_needs_it(home: Path) -> None:
    inbox = home / "inbox"
    for name in ("destine-mediateur.eml", "hors-perimetre-maaf.eml", "attestation-colere.eml",
                 "refus-assureur-contrat-du-cabinet.eml"):
        shutil.copy(GOLDEN / name, inbox / name)
    shutil.copy(GOLDEN / "attestation-colere.eml", inbox / "attestation (copie).eml")
    (inbox / "inconnu.eml").write_bytes(complaint_email(body="\n".join([  # not a client
        "Monsieur Jean Petit", "20 rue de la Paix, 75002 Paris", "Paris, le 21 novembre 2026",
        "Objet : réclamation, contrat n° AX-2023-000020",
        "Je conteste le refus de prise en charge de mon sinistre.",
        "Veuillez agréer mes salutations distinguées."])))
    (inbox / "vide.pdf").write_bytes(b"")
    run = subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    lines = run.stdout.splitlines()
    by_file = {line.split(" → ")[0].split("] ")[-1]: line for line in lines if " → " in line}
    assert len(by_file) == 7
    records = {r["source_file"]: r for r in _export(home)}
    assert by_file["destine-mediateur.eml"].endswith(
        f"{records['destine-mediateur.eml']['id']} · réclamation · Médiateur → Marie Lefèvre")
    assert "· réclamation · mal orientée (pour MAAF Assurances) → Marie Lefèvre" in by_file[
        "hors-perimetre-maaf.eml"]
    assert "· autre courrier → " in by_file["attestation-colere.eml"]
    assert by_file["attestation (copie).eml"].endswith(
        f"doublon de {records['attestation-colere.eml']['id']} (mêmes octets) · rangé dans "
        f"outbox/{records['vide.pdf']['location'].split('/')[1]}/doublons/")
    assert "· réclamation · à vérifier → Marie Lefèvre" in by_file["inconnu.eml"]
    assert "· en quarantaine : le fichier est vide (0 octet) · motif dans quarantaine/" in by_file[
        "vide.pdf"]
    owner = records["refus-assureur-contrat-du-cabinet.eml"]["owner"]
    settings_names = _staff_names()
    assert by_file["refus-assureur-contrat-du-cabinet.eml"].endswith(f"→ {settings_names[owner]}")
    assert not any(re.search(r"→ [a-z]+$", line) for line in by_file.values())  # never an id
    assert sorted(line.split(" ")[0] for line in by_file.values()) == [
        f"[{n}/7]" for n in range(1, 8)]
    assert lines[-1] == ("7 fichiers : 4 réclamations, 1 autre courrier, 1 en quarantaine, "
                         "1 doublon ; Médiateur : 1, à réorienter : 1, à vérifier : 1")
    logged = _log_lines(home)
    assert logged and all(LOG_LINE.match(line) for line in logged), logged[:3]
    text = "\n".join(logged)
    assert "Je conteste le refus" not in text and "salutations" not in text


def test_client_register_problems_are_said_once_in_french_the_rest_in_the_log(
        home: Path) -> None:
    with (home / "config" / "registre" / "clients.csv").open("a", encoding="utf-8") as f:
        for _ in range(7):
            f.write(";client;M.;Sans;Identifiant;1 rue X;75001;Paris;;;mlefevre\n")
    run = subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    said = run.stdout.splitlines()
    assert said[0].startswith("Registre des clients : clients.csv, ligne ")
    assert said[0].endswith(" : client_id vide : ligne ignorée")
    assert said[5] == ("Registre des clients : et 2 autres lignes à corriger "
                       "(liste dans var/log/reclam.log)")
    assert said[6:] == ["Aucun fichier à traiter."]
    assert sum("client_id vide" in line for line in _log_lines(home)) == 7


def _staff_names() -> dict[str, str]:
    from pipeline.settings_load import load_settings

    return load_settings(REPO / "config" / "cabinet.toml").staff_names


class _Lines:
    """A process's stdout, read line by line on a thread, waited on by pattern."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._proc = proc
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, found: Callable[[str], bool], timeout: float = 180) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = next((line for line in self.lines if found(line)), None)
            if match is not None:
                return match
            if self._proc.poll() is not None and not self._thread.is_alive():
                break
            time.sleep(0.1)
        raise AssertionError(f"not said: {self.lines}")

    def finish(self, timeout: float) -> str:
        """Wait for the process's end; its stderr."""
        self._proc.wait(timeout=timeout)
        self._thread.join(timeout=30)
        assert self._proc.stderr is not None
        return self._proc.stderr.read()


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str], _Lines]]:
    home = make_home(tmp_path / "home", delai_stabilite_s=1, intervalle_rescan_s=1)
    proc = subprocess.Popen([*RECLAM, "--home", str(home), "run"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    lines = _Lines(proc)
    try:
        yield home, proc, lines
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def _drop_together(inbox: Path, files: dict[str, bytes]) -> None:
    """Files appearing at once, as a folder moved into inbox/ (one rename)."""
    hidden = inbox / ".lot"
    hidden.mkdir()
    for name, data in files.items():
        (hidden / name).write_bytes(data)
    hidden.rename(inbox / "lot")


def test_watch_mode_counts_each_batch_from_one_says_waiting_files_and_warnings_once_and_stops(
        watching: tuple[Path, subprocess.Popen[str], _Lines]) -> None:
    home, proc, out = watching
    out.wait_for(lambda line: line.startswith("Surveillance de"))
    (home / "inbox" / "premier.eml").write_bytes(complaint_email())
    out.wait_for(lambda line: line.startswith("1 fichier : "))
    # the owner types an impossible date in the follow-up workbook
    path = home / "reports" / FILE_NAME
    wb = load_workbook(path)
    ws = wb[SHEET]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index(OWNER_HEADERS["answered_on"]) + 1).value = "31/02/2026"
    wb.save(path)
    _drop_together(home / "inbox", {f"lettre_{n}.pdf": text_pdf([*LETTER, f"Lettre {n}"])
                                    for n in range(3)})
    out.wait_for(lambda line: line.startswith("3 fichiers : "))
    # a file still being copied: said once, taken when it is complete
    slow = home / "inbox" / "lent.png"
    data = image_bytes(letter_image(), "PNG")
    with slow.open("wb") as f:
        f.write(data[: len(data) // 2])
        f.flush()
        out.wait_for(lambda line: line.startswith("en attente : lent.png"))
        time.sleep(3)  # several polls of inbox/
        f.write(data[len(data) // 2:])
    out.wait_for(lambda line: line.startswith("lent.png → REC-"))
    out.wait_for(lambda line: line.startswith("1 fichier : "))
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    err = out.finish(timeout=120)
    assert proc.returncode == 130 and err == "", err
    said = out.lines
    assert [line.split(" ")[0] for line in said if "lot/lettre_" in line and " → " in line] == [
        "[1/3]", "[2/3]", "[3/3]"]
    assert sum(line.startswith("en attente : lent.png") for line in said) == 1
    problems = [line for line in said if line.startswith("Suivi des réclamations : ")]
    assert len(problems) == 1 and "« 31/02/2026 »" in problems[0], said
    assert not any(re.search(r"WARNING|INFO|pipeline\.", line) for line in said)
    logged = [line for line in _log_lines(home) if "31/02/2026" in line]
    assert len(logged) == 1 and " WARNING pipeline.followup_edits " in logged[0]
    assert said[-1] == "Arrêt demandé : aucun fichier n'attend."


def _scans(inbox: Path, n: int) -> set[str]:
    for i in range(n):
        lines = [f"Madame Claire Martin {i}", f"{i} rue des Lilas, 69003 Lyon", *LETTER[3:]]
        (inbox / f"scan_{i:02d}.png").write_bytes(image_bytes(letter_image(lines), "PNG"))
    return {f"scan_{i:02d}.png" for i in range(n)}


def test_ctrl_c_stops_with_one_french_line_status_130_and_nothing_lost(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home", travailleurs=1)
    names = _scans(home / "inbox", 12)
    proc = subprocess.Popen([*RECLAM, "--home", str(home), "run", "--once"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    out = _Lines(proc)
    try:
        out.wait_for(lambda line: " → REC-" in line)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole group
        err = out.finish(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert err == "", err  # no traceback, no log line
    (stop,) = [line for line in out.lines if line.startswith("Arrêt demandé")]
    assert stop.endswith("au prochain lancement.") and "Aucun fichier" not in "".join(out.lines)
    filed = [line for line in out.lines if " → REC-" in line]
    assert 0 < len(filed) < 12
    again = subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    records = _export(home)
    assert sorted(r["source_file"] for r in records) == sorted(names)  # each once
    assert all((home / r["location"]).is_file() for r in records)
    assert not [p for p in (home / "inbox").iterdir() if not p.name.startswith(".")]


def test_ctrl_c_during_the_demo_says_what_waits_without_a_traceback(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home", delai_stabilite_s=5)
    proc = subprocess.Popen([sys.executable, "-m", "tools.demo", "--home", str(home),
                             "--count", "3", "--seed", "4"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, cwd=REPO)
    out = _Lines(proc)
    try:
        out.wait_for(lambda line: line.startswith("en attente : "), timeout=300)
        os.killpg(proc.pid, signal.SIGINT)
        err = out.finish(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "Aucun fichier à traiter." not in out.lines
    assert out.lines[-1] == ("Arrêt demandé : 3 fichiers restent dans inbox/, ils seront "
                             "traités au prochain lancement.")
    assert len(list((home / "inbox").glob("demo-4-*"))) == 3


# -- the log file -----------------------------------------------------------------------


def _record(message: str, created: float) -> logging.LogRecord:
    record = logging.LogRecord("pipeline.test", logging.WARNING, __file__, 1, message, (), None)
    record.created = created
    return record


def test_log_lines_are_in_paris_time_and_mask_personal_numbers() -> None:
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(ParisFormatter(FORMAT))
    record = _record("IBAN FR76 3000 6000 0112 3456 7890 189 refusé", datetime(
        2026, 7, 1, 12, 0, tzinfo=UTC).timestamp())
    record.item_id = "REC-2026-000001"
    line = handler.format(record)
    assert line.startswith("2026-07-01T14:00:00.000+02:00 WARNING pipeline.test "
                           "[REC-2026-000001] IBAN FR76")
    assert "3456 7890" not in line


def test_the_log_file_is_rotated_by_the_parent_and_followed_by_the_workers(
        tmp_path: Path) -> None:
    path = tmp_path / "var" / "log" / "reclam.log"
    parent, worker = SharedLogFile(path, max_bytes=300), SharedLogFile(path, max_bytes=0)
    try:
        for handler in (parent, worker):
            handler.setFormatter(logging.Formatter("%(message)s"))
        now = time.time()
        for n in range(8):
            parent.handle(_record(f"parent {n} " + "x" * 60, now))
        worker.handle(_record("worker after rotation", now))
    finally:
        parent.close()
        worker.close()
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated[0] == "reclam.log" and "reclam.log.1" in rotated
    assert len(rotated) <= 1 + BACKUPS
    assert "worker after rotation" in path.read_text(encoding="utf-8")  # the current file
    assert all("worker" not in p.read_text(encoding="utf-8") for p in path.parent.glob("*.log.*"))


def test_python_warnings_go_to_the_log_file_never_to_the_console(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    kept = (root.handlers[:], root.level, logging.getLogger("pipeline").level)
    path = tmp_path / "var" / "log" / "reclam.log"
    try:
        logs.setup(verbose=False)
        logs.to_file(path)
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn("Data Validation extension is not supported", UserWarning,
                          stacklevel=1)
            logging.getLogger("pipeline.test").warning("REC-2026-000001: said once")
            logging.getLogger("pipeline.test").warning("REC-2026-000001: said once")
    finally:
        for handler in root.handlers:
            handler.close()
        logging.captureWarnings(False)
        root.handlers[:], level, pipeline_level = kept
        root.setLevel(level)
        logging.getLogger("pipeline").setLevel(pipeline_level)
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
    logged = path.read_text(encoding="utf-8")
    assert "WARNING py.warnings" in logged and "Data Validation extension" in logged
    assert logged.count("said once") == 1
