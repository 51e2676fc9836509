"""The synthetic mail generator: reproducible files whose truth follows the register and rules."""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import fields
from datetime import date, datetime, time
from email import policy
from itertools import combinations
from pathlib import Path
from zoneinfo import ZoneInfo

import pdfplumber
import pytest

from tools.synth import wordings as W
from tools.synth.mail import ALL_KINDS, EMAIL_KINDS, Truth, generate, main
from tools.synth.scenario import SCENARIOS
from tools.synth.sets.heldout import HELDOUT
from tools.synth.sets.tuning import TUNING
from tools.synth.sets.validation import VALIDATION
from tools.synth.sources import (
    DEFAULT_PROCESS_OWNER,
    ClientRegister,
    load_register,
    write_demo_register,
)

DAY = date(2026, 11, 20)
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def register_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("home") / "config" / "registre"
    write_demo_register(path)
    return path


@pytest.fixture(scope="module")
def register(register_dir: Path) -> ClientRegister:
    return load_register(register_dir)


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory, register_dir: Path) -> tuple[Path, list[Truth]]:
    out = tmp_path_factory.mktemp("every_kind")
    return out, generate(out, 7, len(ALL_KINDS), "tuning", set(ALL_KINDS), register_dir, DAY)


@pytest.fixture(scope="module")
def many_emails(tmp_path_factory: pytest.TempPathFactory, register_dir: Path) -> list[Truth]:
    out = tmp_path_factory.mktemp("many")
    truths = generate(out, 3, 90, "tuning", {"email_plain"}, register_dir, DAY)
    truths += generate(out / "h", 3, 90, "heldout", {"email_base64"}, register_dir, DAY)
    return truths + generate(out / "v", 3, 90, "validation", {"email_html"}, register_dir, DAY)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def test_same_seed_gives_byte_identical_files_across_processes(
        tmp_path: Path, register_dir: Path, every_kind: tuple[Path, list[Truth]]) -> None:
    first, _ = every_kind
    second = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "4321"}
    subprocess.run(
        [sys.executable, "-m", "tools.synth.mail", "--out", str(second), "--seed", "7",
         "--count", str(len(ALL_KINDS)), "--kinds", "scan,pdf,email", "--register",
         str(register_dir), "--date", DAY.isoformat()],
        check=True, cwd=REPO, env=env, capture_output=True,
    )
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_every_kind_is_produced_with_the_receipt_day_as_mtime(
        every_kind: tuple[Path, list[Truth]]) -> None:
    out, truths = every_kind
    assert {t.kind for t in truths} == set(ALL_KINDS)
    receipt = datetime.combine(DAY, time(9, 0), ZoneInfo("Europe/Paris")).timestamp()
    for t in truths:
        assert (out / t.file).stat().st_mtime == receipt
        assert t.channel == ("email" if t.kind in EMAIL_KINDS else "courrier")
    lines = (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["file"] for line in lines] == [t.file for t in truths]
    assert set(json.loads(lines[0])) == {f.name for f in fields(Truth)}


def test_first_items_cover_every_scenario(many_emails: list[Truth]) -> None:
    assert {t.scenario for t in many_emails[: len(SCENARIOS)]} == set(SCENARIOS)


def test_truth_is_consistent_with_the_register_and_the_rules(
        many_emails: list[Truth], register: ClientRegister) -> None:
    for t in many_emails:
        refs = [*t.references.contrats, *t.references.sinistres]
        if t.client_id is not None:
            assert t.client_id in register.clients
            for ref in t.references.contrats:
                if ref in register.contracts:
                    assert register.contracts[ref].client_id == t.client_id
            for ref in t.references.sinistres:
                assert register.claims[ref].client_id == t.client_id
        else:
            assert not any(r in register.contracts or r in register.claims for r in refs)
        if t.mediator or t.misdirected or t.client_id is None:
            assert t.expected_owner == DEFAULT_PROCESS_OWNER
        else:
            claim = register.claims.get(t.references.sinistres[0]) if t.references.sinistres else None
            contract = (register.contracts.get(t.references.contrats[0]) if t.references.contrats
                        else register.contracts.get(claim.numero_contrat) if claim else None)
            expected = ((claim and claim.gestionnaire) or (contract and contract.gestionnaire)
                        or register.clients[t.client_id].gestionnaire)
            assert t.expected_owner == expected, t.file
        if not t.is_complaint or t.misdirected:
            assert t.missing_fields == ()
        if t.misdirected:
            assert t.redirect_to and t.client_id is None and not t.mediator
        else:
            assert t.redirect_to is None
        assert t.mediator == (t.scenario in ("mediateur_destinataire", "mediateur_saisine"))
        assert t.is_complaint == (t.category in W.COMPLAINT_CATEGORIES)
        if t.representative is not None:
            assert t.claimant.statut == "mandataire" and t.client_id is not None
        for phone in t.claimant.telephones:
            assert re.fullmatch(r"\+33\d{9}", phone)
        if t.claimant.email:
            assert t.claimant.email == t.claimant.email.lower()
        assert t.sent_on == DAY.isoformat()  # an email's date is its Date: header


WORDING_SETS = {"tuning": TUNING, "heldout": HELDOUT, "validation": VALIDATION}


def _templates(ws: W.WordingSet) -> set[str]:
    found: set[str] = set()
    for f in fields(ws):
        value = getattr(ws, f.name)
        items = value.values() if isinstance(value, dict) else [value]
        for item in items:
            if isinstance(item, tuple):
                found.update(s for s in item if isinstance(s, str) and " " in s)
    return found


def _shared(a: str, b: str, shared: set[str]) -> str:
    """What a failed disjointness check may show: never the held-out set's contents (only a
    count), except what the validation set itself holds."""
    if "validation" in (a, b):
        return f"{a} and {b} share {len(shared)}: {sorted(shared)[:10]}"
    return f"{a} and {b} share {len(shared)}"


def _surname(person: tuple[str, ...]) -> str:
    return _fold(person[-1]).replace("-", " ").strip()


def test_wording_sets_share_no_sentence_name_or_font(many_emails: list[Truth]) -> None:
    """Tuning, held-out and validation are pairwise disjoint: templates, generated sentences,
    non-client people and lawyers, scan fonts (and validation's PDF fonts are its own)."""

    def sentences(name: str) -> set[str]:
        return {s for t in many_emails if t.wording == name for p in t.body
                for s in re.split(r"(?<=[.!?])\s+", p) if s}

    generated = {name: sentences(name) for name in WORDING_SETS}
    assert all(generated.values())
    for a, b in combinations(WORDING_SETS, 2):
        wa, wb = WORDING_SETS[a], WORDING_SETS[b]
        people = {p[1:] for p in wa.people + wa.lawyers} & {p[1:] for p in wb.people + wb.lawyers}
        for shared in (_templates(wa) & _templates(wb), generated[a] & generated[b],
                       {" ".join(p) for p in people}, set(wa.scan_fonts) & set(wb.scan_fonts)):
            count = len(shared)  # the assertion shows the count, not the set
            assert count == 0, _shared(a, b, shared)
    own = {_surname(p) for p in VALIDATION.people + VALIDATION.lawyers}
    for name, ws in WORDING_SETS.items():
        if name == "validation":
            continue
        for shared in (own & {_surname(p) for p in ws.people + ws.lawyers},
                       set(VALIDATION.pdf_fonts) & set(ws.pdf_fonts + ws.scan_fonts)):
            count = len(shared)
            assert count == 0, _shared("validation", name, shared)


def test_scanned_letter_ocrs_to_text_with_the_claimant_surname(
        every_kind: tuple[Path, list[Truth]]) -> None:
    out, truths = every_kind
    scan = next(t for t in truths if t.kind == "scan_png")
    result = subprocess.run(["tesseract", str(out / scan.file), "-", "-l", "fra"],
                            capture_output=True, text=True, check=True, timeout=120)
    assert scan.claimant.nom
    assert _fold(scan.claimant.nom) in _fold(result.stdout)


def test_digital_pdf_has_a_text_layer_with_accents(every_kind: tuple[Path, list[Truth]]) -> None:
    out, truths = every_kind
    item = next(t for t in truths if t.kind == "digital_pdf")
    with pdfplumber.open(out / item.file) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Objet" in text and "é" in text
    assert _fold(item.claimant.nom or "") in _fold(text)


def test_forwarded_email_keeps_the_original_sender_as_claimant(
        every_kind: tuple[Path, list[Truth]]) -> None:
    out, truths = every_kind
    item = next(t for t in truths if t.kind == "email_forward")
    msg = email.message_from_bytes((out / item.file).read_bytes(), policy=policy.default)
    assert "alteregoassurances.fr" in str(msg["From"])
    body = msg.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "De : " in body
    if item.claimant.email:
        assert item.claimant.email in body.lower()


def test_latin1_email_is_quoted_printable_and_attached_scan_has_an_image(
        every_kind: tuple[Path, list[Truth]]) -> None:
    out, truths = every_kind
    by_kind = {t.kind: t for t in truths}
    raw = (out / by_kind["email_qp_latin1"].file).read_bytes()
    assert b"iso-8859-1" in raw and b"quoted-printable" in raw
    msg = email.message_from_bytes((out / by_kind["email_attached_scan"].file).read_bytes(),
                                   policy=policy.default)
    types = {part.get_content_type() for part in msg.iter_attachments()}  # type: ignore[attr-defined]
    assert types & {"application/pdf", "image/jpeg"}


def test_cli_rejects_an_unknown_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--out", str(tmp_path), "--seed", "1", "--count", "1", "--kinds", "fax"]) == 2
    assert "unknown kind" in capsys.readouterr().err
