"""The independent evaluation set (tools/synth/independent): deterministic, with sound
truth objects, a register in the spec's format, and files that open."""

from __future__ import annotations

import csv
import email
import io
import json
import re
from datetime import date
from email import policy
from pathlib import Path

import pytest
from PIL import Image

from tools.synth.independent import generate

KEYS = {"file", "kind", "channel", "category", "scenario", "is_complaint", "claimant",
        "representative", "references", "sent_on", "received_on", "addressee", "mediator",
        "misdirected", "redirect_to", "client_id", "expected_owner", "missing_fields",
        "wording", "seed", "pages", "font", "subject", "body", "grievance", "request"}
COMPLAINT_CATS = {"avant-vente et conseil", "gestion du contrat", "cotisation",
                  "sinistre et indemnisation", "résiliation", "qualité de service",
                  "données personnelles", "autre"}
OTHER_CATS = {"demande d'attestation", "demande d'information", "changement d'adresse",
              "demande de devis", "demande de document", "publicité"}
STAFF = {"mlefevre", "tnguyen", "sdubois", "kbenali", "erousseau", "jmarchand"}
MISSING = {"nom", "prenom", "statut", "adresse", "telephone", "description", "reference"}
COLUMNS = {"clients.csv": ["client_id", "statut", "civilite", "nom", "prenom", "adresse",
                           "code_postal", "ville", "email", "telephone", "gestionnaire"],
           "contrats.csv": ["numero_contrat", "client_id", "assureur", "produit", "gestionnaire"],
           "sinistres.csv": ["numero_sinistre", "numero_contrat", "client_id", "assureur",
                             "gestionnaire"]}


def _key(number: str) -> str:
    """register.md: references compared without spaces, dots, dashes, slashes and case."""
    return re.sub(r"[\s./-]", "", number).upper()


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict], Path, Path]:
    root = tmp_path_factory.mktemp("independent")
    truths = generate(root / "a", root / "ra", seed=5, count=14)
    generate(root / "b", root / "rb", seed=5, count=14)
    return root / "a", root / "ra", truths, root / "b", root / "rb"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes(sets) -> None:
    a, ra, _, b, rb = sets
    assert _files(a) == _files(b)
    assert _files(ra) == _files(rb)


def test_truth_file_matches_return_value(sets) -> None:
    a, _, truths, _, _ = sets
    lines = (a / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == truths
    assert len(truths) == 14
    assert {t["file"] for t in truths} == {p.name for p in a.iterdir()} - {"truth.jsonl"}


def test_truth_values_are_valid(sets) -> None:
    _, _, truths, _, _ = sets
    for t in truths:
        assert set(t) == KEYS, t["file"]
        assert t["kind"] in {"scan_png", "scan_tiff", "scan_pdf", "digital_pdf", "eml"}
        assert t["channel"] == ("email" if t["kind"] == "eml" else "courrier")
        assert t["category"] in (COMPLAINT_CATS if t["is_complaint"] else OTHER_CATS)
        c = t["claimant"]
        assert set(c) == {"civilite", "nom", "prenom", "statut", "adresse", "code_postal",
                          "ville", "telephones", "email"}
        assert c["civilite"] in ("M.", "Mme", None)
        assert c["statut"] in ("client", "prospect", "ayant droit", "tiers", "mandataire", None)
        assert c["telephones"] == sorted(c["telephones"])
        assert all(re.fullmatch(r"\+33[1-9]\d{8}", p) for p in c["telephones"])
        assert c["email"] is None or c["email"] == c["email"].lower()
        assert c["code_postal"] is None or re.fullmatch(r"\d{5}", c["code_postal"])
        rep = t["representative"]
        assert rep is None or (set(rep) == {"nom", "prenom", "qualite"} and c["statut"] == "mandataire")
        assert set(t["references"]) == {"contrats", "sinistres"}
        for d in (t["sent_on"], t["received_on"]):
            assert d is None or date.fromisoformat(d) <= date(2026, 11, 20)
        assert t["received_on"] is not None
        assert t["addressee"] in ("cabinet", "mediateur", "autre")
        assert t["mediator"] == (t["addressee"] == "mediateur")
        assert (t["redirect_to"] is not None) == t["misdirected"]
        assert not (t["mediator"] and t["misdirected"])
        assert t["expected_owner"] in STAFF
        if t["mediator"] or t["misdirected"] or t["client_id"] is None:
            assert t["expected_owner"] == "mlefevre"
        assert t["missing_fields"] == sorted(t["missing_fields"])
        assert set(t["missing_fields"]) <= MISSING
        if not t["is_complaint"] or t["misdirected"]:
            assert t["missing_fields"] == []


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_register_parses_and_holds_the_cited_numbers(sets) -> None:
    _, ra, truths, _, _ = sets
    tables = {}
    for name, columns in COLUMNS.items():
        header, rows = _read(ra / name)
        assert header == columns
        tables[name] = rows
    clients = {r["client_id"]: r for r in tables["clients.csv"]}
    assert len(clients) == 300
    assert all(r["gestionnaire"] in STAFF for r in clients.values())
    contracts = {_key(r["numero_contrat"]): r for r in tables["contrats.csv"]}
    claims = {_key(r["numero_sinistre"]): r for r in tables["sinistres.csv"]}
    assert all(r["client_id"] in clients for r in contracts.values())
    for t in truths:
        if t["client_id"] is None or t["misdirected"]:
            continue
        assert t["client_id"] in clients
        for n in t["references"]["contrats"]:
            assert contracts[_key(n)]["client_id"] == t["client_id"]
            assert contracts[_key(n)]["numero_contrat"] == n     # the register's spelling
        for n in t["references"]["sinistres"]:
            assert claims[_key(n)]["client_id"] == t["client_id"]


def test_files_open(sets) -> None:
    a, _, truths, _, _ = sets
    for t in truths:
        path = a / t["file"]
        if t["kind"] == "eml":
            msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            assert msg["Date"] is not None and msg["From"] is not None
            assert msg.get_body(preferencelist=("plain", "html")) is not None
        elif t["kind"] == "digital_pdf":
            assert path.read_bytes().startswith(b"%PDF")
        elif t["kind"] == "scan_pdf":
            data = path.read_bytes()
            assert data.startswith(b"%PDF") and b"/Image" in data
        else:
            with Image.open(path) as img:
                assert img.n_frames == t["pages"] if t["kind"] == "scan_tiff" else True
                img.load()
