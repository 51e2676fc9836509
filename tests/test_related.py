"""A later letter about an open complaint is linked to it, not counted as a new one."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook

from pipeline import related
from pipeline.record import Channel, Claimant, Findings, Item, Match, References, Source
from pipeline.text.model import EmailHeaders, Extracted, Page, PageMethod
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
        # the worker drafted it an acknowledgement (a complaint, to its eyes); the parent,
        # linking it, wrote none
        assert later["letters"] == [] and not list(home.glob(f"outbox/**/{later['id']}-*"))

    register = next((home / "reports").glob("registre-*.xlsx"))
    sheet = load_workbook(register)["réclamations"]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == [first["id"]]


# -- the index of open complaints, against the plain search it replaced ---------------

def _linear_find(item: Item, open_complaints: list[Item]) -> tuple[Item, str] | None:
    """The search before the index (every open complaint looked at), kept as the oracle."""
    by_id = {c.id: c for c in open_complaints if c.id != item.id}
    thread = related._thread(item)
    for complaint in by_id.values():
        own = related._message_id(complaint)
        if own and own in thread:
            return complaint, "réponse dans le fil de messages de la réclamation"
    for match in related.QUOTED_ID.finditer(related._text(item)):
        quoted = f"REC-{match.group(1)}-{match.group(2)}"
        if quoted in by_id:
            return by_id[quoted], f"cite la réclamation {quoted}"
    mine = related._references(item)
    if not mine:
        return None
    received = date.fromisoformat(item.received_at[:10])
    client = item.match.client_id if item.match else None
    for complaint in reversed(list(by_id.values())):
        if not mine & related._references(complaint):
            continue
        same = (client and complaint.match and complaint.match.client_id == client) or (
            related._email(item) and related._email(complaint) == related._email(item))
        age = (received - date.fromisoformat(complaint.received_at[:10])).days
        if same and 1 <= age <= related.WINDOW_DAYS:
            return complaint, "même client et même référence"
    return None


def _random_item(rng: random.Random, n: int) -> Item:
    day = date(2026, 9, 1) + timedelta(days=rng.randrange(120))
    refs = References(contrats=tuple(rng.sample(["AX-1", "AX-2", "ax 3", "BZ-9", "CX-4"],
                                                rng.randrange(3))),
                      sinistres=tuple(rng.sample(["S-10", "S-11"], rng.randrange(2))))
    quoted = " ".join(f"REC-2026-{rng.randrange(1, n + 2):06d}" for _ in range(rng.randrange(2)))
    thread = tuple(f"<m{rng.randrange(1, n + 2)}@x>" for _ in range(rng.randrange(3)))
    email = EmailHeaders(subject=f"Réclamation {quoted}", message_id=f"<m{n}@x>",
                         in_reply_to=thread[0] if thread else None, references=thread[1:])
    return Item(
        source=Source(f"REC-2026-{n:06d}", f"m{n}.eml", f"sha{n}", f"{day}T09:00:00+01:00",
                      f"{day}T09:05:00+01:00", Channel.EMAIL, 10, "eml"),
        extracted=Extracted(pages=(Page(1, "texte", PageMethod.TEXT_LAYER),),
                            email=email if rng.random() < 0.7 else None),
        findings=Findings(is_complaint=True, references=refs, claimant=Claimant(
            email=rng.choice([None, "a@x.fr", "b@x.fr"]))),
        match=Match(rng.choice([None, "C1", "C2", "C3"]), None, 0.0),
    )


def test_the_open_complaints_index_finds_what_the_plain_search_found() -> None:
    rng = random.Random(15)
    hits: Counter[str] = Counter()
    for _ in range(30):
        items = [_random_item(rng, n) for n in range(1, 80)]
        index = related.OpenComplaints()
        filed: list[Item] = []
        for item in items:
            expected = _linear_find(item, filed)
            found = index.find(item)
            assert (found and (found[0].id, found[1])) == (
                expected and (expected[0].id, expected[1])), item.id
            hits[found[1].split()[0] if found else "none"] += 1
            if rng.random() < 0.8:  # most are new complaints, left open
                filed.append(item)
                index.add(item)
        again = filed[len(filed) // 2]  # stored again: same place in the order
        index.add(again)
        assert len(index) == len(filed)
    assert min(hits.values()) > 20 and len(hits) == 4, hits  # every rule was put to the test
