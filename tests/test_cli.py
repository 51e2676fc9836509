"""The command line as people meet it: help in French, a near miss named, and every user
mistake one French line and a non-zero exit, never a traceback (real processes)."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli_help import COMMANDS
from pipeline.entry import EntryError, parse_day
from pipeline.errors import os_reason

REPO = Path(__file__).resolve().parents[1]
RECLAM = [sys.executable, "-m", "pipeline.cli"]
ENGLISH = ("usage:", "options:", "show this help", "error:", "invalid", "required",
           "unrecognized", "expected", "choose from", "Traceback", "positional")


def _cli(*args: str, env: dict[str, str] | None = None,
         stdin: str = "") -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "RECLAM_HOME"}
    environment.update(PYTHONPATH=str(REPO), **(env or {}))
    return subprocess.run([*RECLAM, *args], capture_output=True, text=True, timeout=120,
                          env=environment, input=stdin, cwd=REPO)


def test_the_help_is_french_with_one_line_per_command() -> None:
    done = _cli("--help")
    assert done.returncode == 0
    out = done.stdout
    assert out.startswith("utilisation : reclam ")
    assert "options :" in out and "commandes :" in out and "afficher cette aide et quitter" in out
    for name, command in COMMANDS.items():
        first_words = " ".join(command.line.split()[:4])
        assert any(line.split()[:1] == [name] and first_words in " ".join(line.split()[1:])
                   for line in out.splitlines()), name
    assert not [word for word in ENGLISH if word in out]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_has_its_french_help(name: str) -> None:
    done = _cli(name, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"utilisation : reclam {name} ")
    assert "options :" in done.stdout and "afficher cette aide et quitter" in done.stdout
    assert COMMANDS[name].description.split()[0] in done.stdout
    assert not [word for word in ENGLISH if word in done.stdout]


def test_home_help_says_the_default_workspace_really_takes(tmp_path: Path) -> None:
    default = " ".join(_cli("export", "--help").stdout.split())
    assert "la variable RECLAM_HOME si elle est définie" in default
    assert f"ici le dépôt de reclam : {REPO}" in default  # the repository holds config/
    chosen = " ".join(_cli("--help", env={"RECLAM_HOME": str(tmp_path)}).stdout.split())
    assert f"ici la variable RECLAM_HOME : {tmp_path}" in chosen


def test_a_near_miss_names_the_command_meant() -> None:
    done = _cli("runn")
    assert done.returncode == 2 and done.stdout == ""
    said, hint = done.stderr.splitlines()
    assert said == "reclam : commande inconnue : runn — vouliez-vous dire run ?"
    assert "reclam COMMANDE --help pour l'aide" in hint
    assert _cli("suivre").stderr.splitlines()[0].endswith("vouliez-vous dire suivi ?")


@pytest.mark.parametrize(("args", "said"), [
    ((), "reclam : commande manquante : run, export"),
    (("xyz",), "reclam : commande inconnue : xyz (choix : run, export"),
    (("export", "--sinse", "2026-01-01"),
     "reclam export : option inconnue : --sinse — vouliez-vous dire --since ?"),
    (("export", "--since"), "reclam export : --since : valeur manquante"),
    (("export", "--since", "31/02/2026"), "reclam export : --since 31/02/2026 : cette date n'existe pas"),
    (("export", "--since", "2 décembre"), "reclam export : --since 2 décembre : date attendue au format"),
    (("register", "--date", "2026-02-30"), "reclam register : --date 2026-02-30 : cette date n'existe pas"),
    (("suivi",), "reclam suivi : argument obligatoire manquant : N°"),
    (("suivi", "REC-2026-000001", "--accuse", "31/02/2026"), "reclam suivi : --accuse : valeur refusée"),
    (("report",), "reclam report : argument obligatoire manquant : --month"),
    (("report", "--month", "2026-13"), "reclam report : --month 2026-13 : mois attendu au format AAAA-MM"),
    (("purge", "--retention-annees", "cinq"), "reclam purge : --retention-annees cinq : nombre entier attendu"),
    (("verifier", "en-trop"), "reclam verifier : argument en trop : en-trop"),
    (("--home",), "reclam : --home : valeur manquante"),
    (("--h",), "reclam : option ambiguë : --h (peut-être --home ou --help)"),
])
def test_a_command_line_mistake_is_one_french_line_and_exit_2(home: Path, args: tuple[str, ...],
                                                                said: str) -> None:
    done = _cli("--home", str(home), *args)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0].startswith(said), done.stderr
    assert len(lines) <= 2 and "--help pour l'aide" in done.stderr
    assert not [word for word in ENGLISH if word in done.stderr]


def test_home_may_come_after_the_command(home: Path) -> None:
    done = _cli("verifier", "--home", str(home))
    assert done.returncode == 0, done.stderr
    assert "concordent" in done.stdout


def test_every_date_option_takes_both_forms(home: Path) -> None:
    # an empty home: nothing to export, but both forms are accepted and neither raises
    for typed in ("02/12/2026", "2026-12-02", "2.12.2026"):
        done = _cli("--home", str(home), "export", "--since", typed)
        assert (done.returncode, done.stderr) == (0, ""), typed
    done = _cli("--home", str(home), "register", "--date", "02/12/2026")
    assert done.returncode == 0, done.stderr
    assert (home / "reports" / "registre-2026-12-02.xlsx").is_file()


def test_entry_dates_are_read_by_the_one_parser() -> None:
    assert parse_day(" 02/12/2026 ") == parse_day("2026-12-02")
    with pytest.raises(EntryError, match="cette date n'existe pas"):
        parse_day("31/02/2026")
    with pytest.raises(EntryError, match="JJ/MM/AAAA ou AAAA-MM-JJ"):
        parse_day("2 décembre 2026")


def test_a_missing_home_or_file_is_one_french_line(home: Path, tmp_path: Path) -> None:
    missing = _cli("--home", str(tmp_path / "absent"), "export")
    assert missing.returncode == 2
    assert missing.stderr == (f"reclam : dossier de l'installation introuvable : "
                              f"{tmp_path / 'absent'} (donné par --home)\n")
    unset = _cli("export", env={"RECLAM_HOME": str(tmp_path / "absent")})
    assert unset.returncode == 2 and "(donné par la variable RECLAM_HOME)" in unset.stderr
    empty = _cli("--home", str(tmp_path), "export")  # a folder, but no installation
    assert empty.returncode == 2 and "configuration introuvable" in empty.stderr
    folder = _cli("--home", str(home), "saisie", "--fichier", str(tmp_path))
    assert folder.returncode == 2 and "c'est un dossier" in folder.stderr
    absent = _cli("--home", str(home), "saisie", "--fichier", str(tmp_path / "absent.json"))
    assert absent.returncode == 2 and "fichier ou dossier introuvable" in absent.stderr
    (home / "reports").rmdir()
    (home / "reports").write_text("pas un dossier")  # a file where the folder should be
    blocked = _cli("--home", str(home), "register")
    assert blocked.returncode == 2
    (line,) = blocked.stderr.splitlines()
    assert line.startswith("reclam : ") and str(home / "reports") in line
    for done in (missing, unset, empty, folder, absent, blocked):
        assert not [word for word in ENGLISH if word in done.stderr], done.stderr
        assert "Errno" not in done.stderr and "No such file" not in done.stderr


def test_a_corrupt_journal_is_one_french_line(home: Path) -> None:
    (home / "var").mkdir()
    (home / "var" / "journal.sqlite3").write_bytes(b"pas une base SQLite " * 100)
    for args in (("export",), ("register",), ("suivi", "REC-2026-000001", "--accuse", "01/12/2026")):
        done = _cli("--home", str(home), *args)
        assert done.returncode == 2, args
        (line,) = done.stderr.splitlines()
        assert "journal" in line and "illisible" in line and "Traceback" not in done.stderr


def test_ctrl_c_is_one_line_and_exit_130(home: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen([*RECLAM, "--home", str(home), "saisie"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=environment) as waiting:
        assert waiting.stdout is not None
        assert waiting.stdout.readline().startswith("Nouvelle saisie")  # asking, now
        waiting.send_signal(signal.SIGINT)
        out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 130
    assert err.strip() == "reclam : interrompu (Ctrl-C)."
    assert list((home / "inbox").iterdir()) == []


def test_os_reason_is_french_for_real_errors(tmp_path: Path) -> None:
    with pytest.raises(OSError) as missing:
        (tmp_path / "absent.txt").read_text()
    assert os_reason(missing.value) == f"fichier ou dossier introuvable : {tmp_path / 'absent.txt'}"
    with pytest.raises(OSError) as folder:
        tmp_path.read_text()
    assert os_reason(folder.value).startswith("c'est un dossier, pas un fichier : ")
    with pytest.raises(OSError) as full, open("/dev/full", "w") as device:
        device.write("x")
        device.flush()
    assert full.value.errno == errno.ENOSPC and os_reason(full.value) == "disque plein"
    assert os_reason(OSError(errno.EPROTO, "x")) == f"erreur système n° {errno.EPROTO}"


def test_export_output_is_json_lines_after_the_split(home: Path) -> None:
    (home / "inbox" / "appel.json").write_text(json.dumps({
        "canal": "telephone", "date": "10/03/2025", "nom": "Roux",
        "description": "Conteste le refus de prise en charge."}), encoding="utf-8")
    assert _cli("--home", str(home), "run", "--once").returncode == 0
    done = _cli("--home", str(home), "export", "--since", "10/03/2025")
    (record,) = map(json.loads, done.stdout.splitlines())
    assert record["channel"] == "telephone"
