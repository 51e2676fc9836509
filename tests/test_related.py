"""A later letter about an open complaint is linked to it, not counted as a new one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.makers import complaint_email

CLI = [sys.executable, "-m", "pipeline.cli"]


def _run_and_export(home: Path) -> dict[str, dict]:
    subprocess.run([*CLI, "--home", str(home), "run", "--once"], check=True,
                   capture_output=True, timeout=300)
    out = subprocess.run([*CLI, "--home", str(home), "export"], check=True,
                         capture_output=True, text=True).stdout
    return {r["source_file"]: r for r in map(json.loads, out.splitlines())}


def test_later_mail_quoting_the_id_or_the_reference_continues_the_complaint(home: Path) -> None:
    (home / "inbox" / "premier.eml").write_bytes(complaint_email())
    first = _run_and_export(home)["premier.eml"]
    assert first["is_complaint"] and first["follow_up_of"] is None

    quoting = complaint_email(
        subject=f"Relance : ma réclamation {first['id']}",
        body=f"Madame, Monsieur,\n\nJe n'ai toujours aucune réponse à ma réclamation "
             f"{first['id']} du 20 novembre. C'est inadmissible.\n\nSophie Durand\n")
    (home / "inbox" / "relance.eml").write_bytes(quoting.replace(b"test-1@", b"test-2@"))
    same_reference = complaint_email(
        subject="Contrat AX-2023-004512 : toujours rien",
        body="Madame, Monsieur,\n\nConcernant mon contrat n° AX-2023-004512, je conteste "
             "toujours le refus de prise en charge.\n\nSophie Durand\n")
    same_reference = same_reference.replace(b"test-1@", b"test-3@").replace(
        b"20 Nov 2026", b"27 Nov 2026")  # a week later
    (home / "inbox" / "encore.eml").write_bytes(same_reference)
    reply = complaint_email(subject="RE: votre réponse", body="Votre réponse ne me convient pas.\n")
    reply = reply.replace(b"Message-ID: <test-1@example.fr>",
                          b"Message-ID: <test-4@example.fr>\nIn-Reply-To: <test-1@example.fr>")
    (home / "inbox" / "reponse.eml").write_bytes(reply)
    records = _run_and_export(home)

    for name, why in (("relance.eml", "cite la réclamation"), ("encore.eml", "même"),
                      ("reponse.eml", "fil de messages")):
        later = records[name]
        assert later["follow_up_of"] == first["id"], name
        assert later["owner"] == first["owner"]
        assert why in later["owner_reason"]
        assert later["ack_due"] is None  # no new deadlines: the first complaint's run on

    register = next((home / "reports").glob("registre-*.xlsx"))
    sheet = load_workbook(register)["réclamations"]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == [first["id"]]
