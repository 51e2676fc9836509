"""Email straight from the mailbox (issue 14), against a real Dovecot on 127.0.0.1.

End-to-end runs are real `reclam run --once` processes; the failure cases drive the
mailbox stage (`MailPoller`) in process, on a real journal and a real server.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline import filing, intake
from pipeline.errors import SetupError
from pipeline.journal import Journal
from pipeline.mailbox.client import decode_folder, encode_folder, uid_set
from pipeline.mailbox.fetch import KILL_POINT_ENV, MailPoller
from pipeline.settings_load import load_settings
from pipeline.workspace import Workspace
from tests.conftest import make_home
from tests.imap_server import PASSWORD, USER, Dovecot, dovecot_server, free_port, self_signed
from tests.makers import complaint_email

RECLAM = [sys.executable, "-m", "pipeline.cli"]
SENT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    with dovecot_server() as server:
        yield server


def message(n: int, size: int = 0) -> bytes:
    body = (f"Madame, Monsieur,\n\nJe conteste le refus de prise en charge du sinistre n° {n}."
            "\nVeuillez agréer mes salutations.\nSophie Durand\n")
    if size:
        body += "x" * size
    data = complaint_email(body=body, subject=f"Réclamation n° {n}", sent=SENT + timedelta(n))
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def with_mailbox(home: Path, server: Dovecot, **keys: object) -> Path:
    """The home's cabinet.toml with one [[boites_mail]] table for the test server."""
    (home / "config" / "imap.secret").write_text(PASSWORD + "\n", encoding="utf-8")
    values: dict[str, object] = {
        "serveur": "127.0.0.1", "utilisateur": USER, "port": server.imaps_port,
        "certificat_ca": str(server.ca), "mot_de_passe_fichier": "config/imap.secret",
        "intervalle_s": 1, **keys}
    table = "\n[[boites_mail]]\n" + "".join(
        f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in values.items() if v is not None)
    config = home / "config" / "cabinet.toml"
    config.write_text(config.read_text(encoding="utf-8") + table, encoding="utf-8")
    return home


def poller(home: Path) -> tuple[MailPoller, list[str], Journal]:
    """The mailbox stage on the home's real journal; what it says is collected."""
    settings = load_settings(home / "config" / "cabinet.toml")
    ws = Workspace(home, settings.processing.state_dir)
    ws.ensure()
    journal = Journal(ws.journal_file)
    said: list[str] = []
    mail = MailPoller(ws, settings.mailboxes, journal, said.append,
                      lambda path, name: intake.journal_taken(path, ws, journal, name),
                      settings.text_limits().max_file_bytes, once=True)
    return mail, said, journal


def run_once(home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], capture_output=True,
                          text=True, timeout=600, env={**os.environ, **env})


def export(home: Path) -> list[dict]:
    out = subprocess.run([*RECLAM, "--home", str(home), "export"], capture_output=True,
                         text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_messages_are_taken_filed_byte_identical_and_moved_to_traite(
        tmp_path: Path, dovecot: Dovecot) -> None:
    home = with_mailbox(make_home(tmp_path / "home"), dovecot)
    sent = [message(1), message(2), message(3)]
    arrived = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # the server's INTERNALDATE
    dovecot.deliver([*sent, sent[0]], when=arrived)  # the first one twice: the same bytes
    run = run_once(home)
    assert run.returncode == 0, run.stderr
    assert "4 messages à relever" in run.stdout
    records = export(home)
    assert len(records) == 3
    assert {r["channel"] for r in records} == {"email"}
    assert dovecot.uids("INBOX") == []
    assert len(dovecot.uids("Trait&AOk-")) == 4  # « Traité », created, in modified UTF-7
    filed = {p.read_bytes() for p in (home / "outbox").rglob("REC-*.eml")
             if not filing.is_note(p.name)}
    assert filed == set(sent)  # the server's exact bytes
    assert len(list((home / "outbox").rglob("doublons/*"))) == 1
    with sqlite3.connect(home / "var" / "journal.sqlite3") as db:
        rows = db.execute("SELECT state, count(*) FROM mail_messages GROUP BY 1").fetchall()
        received = [json.loads(r)["source"]["received_at"] for (r,) in db.execute(
            "SELECT record FROM items")]
    assert rows == [("deplace", 4)]
    assert received == ["2026-11-25T10:00:00+01:00"] * 3  # INTERNALDATE, in Paris time
    # the record's one date of receipt too, whatever the message's Date: says
    assert {r["received_at"] for r in records} == {"2026-11-25T10:00:00+01:00"}
    again = run_once(home)
    assert "Aucun fichier à traiter." in again.stdout
    assert len(export(home)) == 3


def test_a_kill_between_the_journal_and_the_move_gives_no_second_item(
        tmp_path: Path, dovecot: Dovecot) -> None:
    home = with_mailbox(make_home(tmp_path / "home"), dovecot)
    dovecot.deliver([message(1), message(2)])
    killed = run_once(home, **{KILL_POINT_ENV: "apres-journal"})
    assert killed.returncode == -9
    assert len(dovecot.uids("INBOX")) == 2  # recorded in the journal, not moved yet
    with sqlite3.connect(home / "var" / "journal.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM items").fetchone()[0] == 2
    run = run_once(home)
    assert run.returncode == 0, run.stderr
    assert "2 messages déjà enregistrés au journal" in run.stdout
    assert "à relever" not in run.stdout
    assert len(export(home)) == 2
    assert dovecot.uids("INBOX") == []
    assert len(dovecot.uids("Trait&AOk-")) == 2


@pytest.mark.parametrize(("moment", "hidden"), [
    ("pendant-ecriture", True),  # a hidden temporary name: dropped, the message read again
    ("avant-journal", False),  # the whole file: recorded as an orphan by the next run
])
def test_a_kill_before_the_journal_gives_one_item_each(
        tmp_path: Path, dovecot: Dovecot, moment: str, hidden: bool) -> None:
    home = with_mailbox(make_home(tmp_path / "home"), dovecot)
    dovecot.deliver([message(1), message(2)])
    killed = run_once(home, **{KILL_POINT_ENV: moment})
    assert killed.returncode == -9
    (work,) = (home / "var" / "work").iterdir()  # a file the journal does not know
    assert work.name.startswith(".") == hidden
    run = run_once(home)
    assert run.returncode == 0, run.stderr
    records = export(home)
    assert len(records) == 2
    assert all(r["source_file"].startswith(f"{USER}@127.0.0.1/INBOX/") for r in records)
    assert dovecot.uids("INBOX") == [] and len(dovecot.uids("Trait&AOk-")) == 2


def test_flagging_leaves_the_message_in_place_and_it_is_not_taken_again(
        tmp_path: Path, dovecot: Dovecot) -> None:
    home = with_mailbox(make_home(tmp_path / "home"), dovecot, apres="marquer",
                        tls="starttls", port=dovecot.imap_port)
    dovecot.deliver([message(1)])
    mail, said, journal = poller(home)
    assert mail.poll_due() == 1
    assert mail.poll_due() == 0  # once: a single poll
    assert len(dovecot.uids("INBOX")) == 1
    again, said_again, _ = poller(home)
    assert again.poll_due() == 0
    assert journal.count_items() == 1
    assert dovecot.uids("Trait&AOk-") == []


def test_without_move_the_message_is_copied_then_flagged_never_deleted(tmp_path: Path) -> None:
    # the capabilities Dovecot announces after login, MOVE left out
    caps = ("IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES"
            " MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED"
            " I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH"
            " LIST-STATUS BINARY SPECIAL-USE")
    with dovecot_server(extra=f"protocol imap {{\n  imap_capability = {caps}\n}}\n") as server:
        home = with_mailbox(make_home(tmp_path / "home"), server)
        server.deliver([message(1)])
        mail, said, journal = poller(home)
        assert mail.poll_due() == 1, said
        assert len(server.uids("INBOX")) == 1 and len(server.uids("Trait&AOk-")) == 1
        again, _, _ = poller(home)
        assert again.poll_due() == 0 and journal.count_items() == 1
        state = journal.connection.execute("SELECT state FROM mail_messages").fetchall()
        assert state == [("copie",)]


def test_a_message_put_back_by_hand_is_a_duplicate_not_a_second_item(
        tmp_path: Path, dovecot: Dovecot) -> None:
    home = with_mailbox(make_home(tmp_path / "home"), dovecot)
    dovecot.deliver([message(1)])
    mail, said, journal = poller(home)
    assert mail.poll_due() == 1
    conn = dovecot.connect()
    conn.select('"Trait&AOk-"')
    assert conn.uid("MOVE", "1:*", "INBOX")[0] == "OK"  # someone moves it back: a new UID
    conn.logout()
    again, _, _ = poller(home)
    assert again.poll_due() == 1
    assert journal.count_items() == 1
    assert sorted(d["role"] for d in journal.drops()) == ["doublon", "original"]
    assert dovecot.uids("INBOX") == [] and len(dovecot.uids("Trait&AOk-")) == 1


def test_xoauth2_with_a_token_from_the_environment(tmp_path: Path, dovecot: Dovecot) -> None:
    home = with_mailbox(make_home(tmp_path / "home"), dovecot, mot_de_passe_fichier=None,
                        jeton_oauth2_env="RECLAM_TEST_TOKEN")
    dovecot.deliver([message(1)])
    os.environ["RECLAM_TEST_TOKEN"] = "expiré"
    try:
        mail, said, journal = poller(home)
        assert mail.poll_due() == 0
        assert len(said) == 1 and "identifiant ou jeton OAuth2 refusé pour reclam" in said[0]
        os.environ["RECLAM_TEST_TOKEN"] = PASSWORD  # Dovecot's passwd-file checks it as such
        mail, said, journal = poller(home)
        assert mail.poll_due() == 1, said
    finally:
        del os.environ["RECLAM_TEST_TOKEN"]


def test_a_password_with_accents_is_sent_in_utf8(tmp_path: Path, dovecot: Dovecot) -> None:
    accented = "mot-de-passe-été"
    passwd = dovecot.root / "passwd"
    passwd.write_text(f"{USER}:{{PLAIN}}{accented}\n", encoding="utf-8")
    home = with_mailbox(make_home(tmp_path / "home"), dovecot)
    (home / "config" / "imap.secret").write_text(accented, encoding="utf-8")
    dovecot.deliver_as(accented, [message(1)])
    mail, said, journal = poller(home)
    assert mail.poll_due() == 1, said


@pytest.mark.parametrize("tls", ["implicite", "starttls"])
def test_a_wrong_certificate_authority_is_refused(tmp_path: Path, dovecot: Dovecot,
                                                   tls: str) -> None:
    other, _ = self_signed(tmp_path, "autre")
    port = dovecot.imaps_port if tls == "implicite" else dovecot.imap_port
    home = with_mailbox(make_home(tmp_path / "home"), dovecot, certificat_ca=str(other),
                        tls=tls, port=port)
    dovecot.deliver([message(1)])
    mail, said, journal = poller(home)
    assert mail.poll_due() == 0
    assert len(said) == 1 and "certificat du serveur 127.0.0.1" in said[0], said
    assert "refusé" in said[0] and "certificat_ca" in said[0]
    assert journal.count_items() == 0 and len(dovecot.uids("INBOX")) == 1


def test_failures_give_one_french_line_each_and_the_other_mailboxes_go_on(
        tmp_path: Path, dovecot: Dovecot) -> None:
    home = make_home(tmp_path / "home")
    with_mailbox(home, dovecot, mot_de_passe_fichier=None, mot_de_passe_env="RECLAM_TEST_BAD")
    with_mailbox(home, dovecot, serveur="localhost", port=free_port())  # nothing listens
    with_mailbox(home, dovecot, serveur="127.0.0.1", dossier="Réclamations")  # no such folder
    with_mailbox(home, dovecot, serveur="127.0.0.1", tls="starttls",
                 port=dovecot.imap_port)  # the one that works
    dovecot.deliver([message(1), message(2)])
    os.environ["RECLAM_TEST_BAD"] = "mauvais"
    try:
        mail, said, journal = poller(home)
        assert mail.poll_due() == 2
    finally:
        del os.environ["RECLAM_TEST_BAD"]
    problems = [line for line in said if line.startswith("⚠")]
    assert len(problems) == 3, said
    wrong, down, folder = problems
    assert "identifiant ou mot de passe refusé pour reclam" in wrong
    assert "mot_de_passe_env" in wrong
    assert "serveur localhost:" in down and "injoignable" in down
    assert "le dossier « Réclamations » n'existe pas" in folder and "« INBOX »" in folder
    assert all("Rien n'est perdu" in p for p in problems)
    assert journal.count_items() == 2 and dovecot.uids("INBOX") == []


def test_a_message_over_the_size_limit_stays_on_the_server(tmp_path: Path,
                                                           dovecot: Dovecot) -> None:
    home = with_mailbox(make_home(tmp_path / "home", taille_max_mo=1), dovecot)
    dovecot.deliver([message(1, size=1_200_000), message(2)])
    mail, said, journal = poller(home)
    assert mail.poll_due() == 1
    big = [line for line in said if "au-delà de la limite" in line]
    assert len(big) == 1 and "objet « Réclamation n° 1 »" in big[0], said
    assert "1 Mo (taille_max_mo)" in big[0]
    assert len(dovecot.uids("INBOX")) == 1 and journal.count_items() == 1


def test_a_server_down_then_back_is_said_once_then_read(tmp_path: Path) -> None:
    with dovecot_server() as server:
        home = with_mailbox(make_home(tmp_path / "home"), server)
        server.deliver([message(1)])
        server.stop()
        mail, said, journal = poller(home)
        mail.once = False
        box = mail.boxes[0]
        assert mail.poll(box) == 0 and mail.poll(box) == 0
        assert len(said) == 1 and "injoignable" in said[0]
        server.start()
        assert mail.poll(box) == 1
        assert said[-1] == f"Boîte {USER}@127.0.0.1 : de nouveau lisible."


def test_a_long_first_fetch_goes_by_chunks_and_shows_its_progress(
        tmp_path: Path, dovecot: Dovecot) -> None:
    home = with_mailbox(make_home(tmp_path / "home"), dovecot)
    dovecot.deliver([message(n) for n in range(450)])
    mail, said, journal = poller(home)
    assert [mail.poll_due() for _ in range(4)] == [200, 200, 50, 0]  # once: the backlog only
    assert [line for line in said if "relevés" in line] == [
        f"Boîte {USER}@127.0.0.1 : {n}/450 messages relevés." for n in (200, 400, 450)]
    assert journal.count_items() == 450 and dovecot.uids("INBOX") == []


def test_watch_mode_polls_the_mailbox_on_its_interval(tmp_path: Path, dovecot: Dovecot) -> None:
    home = with_mailbox(make_home(tmp_path / "home"), dovecot)
    proc = subprocess.Popen([*RECLAM, "--home", str(home), "run"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        dovecot.deliver([message(1)])
        while dovecot.uids("INBOX") and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2)
        dovecot.deliver([message(2)])  # after the first poll: taken by a later one
        while dovecot.uids("INBOX") and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.count("1 message à relever") == 2, out
    assert f", de la boîte {USER}@127.0.0.1 toutes les 1 s (Ctrl-C pour arrêter)." in out
    assert len(export(home)) == 2 and len(dovecot.uids("Trait&AOk-")) == 2


def test_a_backlog_cut_by_a_failure_waits_for_the_interval(tmp_path: Path) -> None:
    with dovecot_server() as server:
        home = with_mailbox(make_home(tmp_path / "home"), server, intervalle_s=30)
        server.deliver([message(n) for n in range(250)])
        mail, said, journal = poller(home)
        mail.once = False
        assert mail.poll_due() == 200 and mail.due_in() == 0  # the rest at the next turn
        server.stop()
        assert mail.poll_due() == 0 and mail.due_in() > 20  # not polled again at once
        server.start()
        mail._next = [0.0]
        assert mail.poll_due() == 50 and mail.due_in() > 20
        assert journal.count_items() == 250 and server.uids("INBOX") == []


def test_a_password_in_the_configuration_is_refused_with_its_line(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    config = home / "config" / "cabinet.toml"
    lines = len(config.read_text(encoding="utf-8").splitlines())
    config.write_text(config.read_text(encoding="utf-8") + '\n[[boites_mail]]\nserveur = "x.fr"'
                      '\nutilisateur = "u"\nmot_de_passe = "secret"\n', encoding="utf-8")
    with pytest.raises(SetupError) as refused:
        load_settings(config)
    assert f"ligne {lines + 5} : « mot_de_passe » : le mot de passe ne s'écrit jamais" in str(
        refused.value)


def test_exactly_one_secret_source_and_known_values(tmp_path: Path) -> None:
    home = make_home(tmp_path / "home")
    config = home / "config" / "cabinet.toml"
    base = config.read_text(encoding="utf-8") + '\n[[boites_mail]]\nserveur = "x.fr"\n' \
        'utilisateur = "u"\n'
    config.write_text(base + 'mot_de_passe_env = "A"\njeton_oauth2_env = "B"\n', encoding="utf-8")
    with pytest.raises(SetupError, match="exactement une source du secret.*trouvé : "
                                         "mot_de_passe_env, jeton_oauth2_env"):
        load_settings(config)
    config.write_text(base + 'mot_de_passe_env = "A"\ntls = "ssl"\n', encoding="utf-8")
    with pytest.raises(SetupError, match="« tls » doit être l'une des valeurs « implicite », "
                                         "« starttls »"):
        load_settings(config)
    config.write_text(base + 'mot_de_passe_env = "A"\n', encoding="utf-8")
    (box,) = load_settings(config).mailboxes
    assert (box.port_number, box.folder, box.processed_folder) == (993, "INBOX", "Traité")


def test_an_older_journal_gains_the_mail_table(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE items (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,"
                   " source_file TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL"
                   " DEFAULT 0, work_path TEXT, location TEXT, taken_at TEXT NOT NULL,"
                   " record TEXT NOT NULL, updated_at TEXT NOT NULL)")
    with Journal(path) as journal:
        assert journal.connection.execute("SELECT count(*) FROM mail_messages").fetchone() == (0,)


def test_folder_names_and_uid_sets_as_imap_writes_them() -> None:
    assert encode_folder("Traité") == "Trait&AOk-"
    assert encode_folder("A&B") == "A&-B"
    assert decode_folder("Trait&AOk-") == "Traité" and decode_folder("A&-B") == "A&B"
    assert decode_folder(encode_folder("Réclamations/Année 2026 €")) == \
        "Réclamations/Année 2026 €"
    assert uid_set([5, 1, 2, 3, 7, 9, 10]) == "1:3,5,7,9:10"
