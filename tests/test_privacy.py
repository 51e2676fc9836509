"""Personal numbers (issue 10, items 10 and 11): one masking pass for IBAN, NIR and card
numbers before anything else, and a journal that keeps no letter text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import privacy
from tests.makers import complaint_email

RECLAM = [sys.executable, "-m", "pipeline.cli"]
IBAN = "FR76 3000 6000 0112 3456 7890 189"
IBAN_COMPACT = "FR7630006000011234567890189"
NIR = "1 85 05 78 006 084 36"
CARD = "4970 1012 3456 7893"  # Luhn-valid


@pytest.mark.parametrize(("text", "shown"), [
    (f"IBAN {IBAN}.", "IBAN FR76*********************89."),
    (f"IBAN {IBAN_COMPACT}.", "IBAN FR76*********************89."),
    (f"RIB : {IBAN_COMPACT} tél 06 12 34 56 78", "RIB : FR76*********************89 tél 06 12 34 56 78"),
    ("compte DE89370400440532013000 en Allemagne", "compte DE89****************00 en Allemagne"),
    (f"NIR {NIR}", "NIR 1850*********36"),
    (f"carte {CARD} expirée", "carte 4970**********93 expirée"),
])
def test_personal_numbers_are_masked_in_one_pass(text: str, shown: str) -> None:
    assert privacy.mask(text) == shown


@pytest.mark.parametrize("text", [
    "Tél. 06 12 34 56 78 ou +33 6 12 34 56 78, le 20/11/2026.",
    "contrat AX-2023-004512, sinistre 2024000123, police 45 871 236 P",
    "carte 4970 1012 3456 7899 (not Luhn-valid: a reference, left alone)",
    "FR12 rue des Lilas",
])
def test_phones_dates_and_references_are_left_alone(text: str) -> None:
    assert privacy.mask(text) == text


def test_no_letter_text_nor_personal_number_reaches_the_journal(home: Path) -> None:
    body = ("Objet : réclamation, contrat n° AX-2023-004512\nMadame, Monsieur,\n"
            f"Je conteste le prélèvement fait sur mon compte {IBAN_COMPACT} alors que mon "
            f"numéro de sécurité sociale {NIR} figure au dossier. Appelez-moi au "
            "06 12 34 56 78.\nVeuillez agréer mes salutations distinguées.\nSophie Durand")
    (home / "inbox" / "mail.eml").write_bytes(complaint_email(body=body))
    run = subprocess.run([*RECLAM, "--home", str(home), "run", "--once"], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    export = subprocess.run([*RECLAM, "--home", str(home), "export"], capture_output=True,
                            text=True, check=True).stdout
    written = [export, *(p.read_text(encoding="utf-8") for p in home.rglob("*.resume.txt"))]
    written += [p.read_bytes().decode("utf-8", "replace") for p in (home / "var").glob("journal*")]
    for text in written:
        for secret in (IBAN_COMPACT, "3000600001123456", "8505780060", "85 05 78 006"):
            assert secret not in text
        assert "[téléphone]4567" not in text
    journal = b"".join(p.read_bytes() for p in (home / "var").glob("journal*"))
    assert "Veuillez agréer".encode() not in journal  # the letter itself is not kept
