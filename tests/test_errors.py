"""The quarantine codes: one registry, every code the product sets is in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.entry import FIELDS
from pipeline.errors import DOCUMENT_CODES, RUN_CODES, DocumentError, is_code, is_document_code
from pipeline.text.pdf import REASONS

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"
CODE = r'"([a-z0-9]+(?:-[a-z0-9]+)*)"'


def _codes_in_source(pattern: str) -> set[str]:
    found = set()
    for path in PIPELINE.rglob("*.py"):
        found |= set(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_every_document_error_code_in_the_source_is_registered() -> None:
    raised = _codes_in_source(r"DocumentError\(\s*" + CODE) | set(REASONS)  # pdf.py's by key
    assert {"fichier-vide", "email-vide", "pdf-chiffre"} <= raised  # the scan finds them
    assert sorted(c for c in raised if not is_document_code(c)) == []


def test_every_quarantine_code_the_runner_sets_is_registered() -> None:
    set_by_run = _codes_in_source(r"quarantined\(\s*[\w.]+,\s*" + CODE)
    set_by_run |= _codes_in_source(r"error_code=" + CODE)
    assert {"echec-repete", "erreur-interne", "reconstruit"} <= set_by_run
    assert sorted(c for c in set_by_run if not is_code(c)) == []


def test_one_condition_one_code() -> None:
    assert not set(DOCUMENT_CODES) & set(RUN_CODES)
    assert "fichier-trop-volumineux" not in DOCUMENT_CODES  # the email's size check says
    assert "fichier-trop-gros" in DOCUMENT_CODES  # what every other file's says


def test_an_entry_field_has_its_code() -> None:
    for name in FIELDS:
        code = f"saisie-{name.replace('_', '-')}"
        assert DocumentError(code, "Champ invalide.").code == code


def test_an_unregistered_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unregistered"):
        DocumentError("pdf-invalide", "Le fichier PDF est endommagé.")
    with pytest.raises(ValueError, match="unregistered"):
        DocumentError("saisie-", "Champ invalide.")
