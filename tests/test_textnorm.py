"""The text-normalisation variants: each one's contract, on the text reading meets."""

from __future__ import annotations

import pytest

from pipeline import textnorm

SAMPLES = [
    "Réclamation – contrat n° AX-2023-004512",
    "L’assurée Hélène BEN YOUSSEF\u00a0: « refus »",
    "Cœur d'Alène\tŒuvre",
    "  Code Postal  ",
    "jean.dupont@orange.fr écrit",
    "Søren Ærø ﬁn ²",
    "",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_same_length_and_cue_text_keep_every_position(text: str) -> None:
    assert len(textnorm.same_length(text)) == len(text)
    assert len(textnorm.cue_text(text)) == len(text)


def test_plain_is_lower_case_without_accents_trimmed() -> None:
    assert textnorm.plain("  Code Postal  ") == "code postal"
    assert textnorm.plain("Prénom") == "prenom"
    assert textnorm.plain("À VÉRIFIER") == "a verifier"


def test_same_length_straightens_apostrophes_and_spaces_only() -> None:
    assert textnorm.same_length("L’Été\u00a0« 1er »") == "l'ete « 1er »"
    assert textnorm.same_length("n° AX–12") == "n° ax–12"


def test_cue_text_straightens_dashes_quotes_and_blanks_emails() -> None:
    assert textnorm.cue_text("« Refus » – voir\njean@x.fr") == '" refus " - voir ' + " " * 9


@pytest.mark.parametrize(("text", "key"), [
    ("Le Roux", "le roux"), ("LE-ROUX", "le roux"), ("d’Almeida", "d almeida"),
    ("Hélène  Ben-Youssef", "helene ben youssef"), ("jean.dupont@orange.fr", "jean.dupont@orange.fr"),
])
def test_name_key_treats_hyphens_apostrophes_and_case_alike(text: str, key: str) -> None:
    assert textnorm.name_key(text) == key


def test_header_key_reads_a_header_however_it_is_written() -> None:
    for header in ("Code_Postal", "code-postal", "CODE POSTAL", "Code.Postal "):
        assert textnorm.header_key(header) == "code postal"
    assert textnorm.header_key("Numéro de contrat") == "numero de contrat"


def test_ascii_words_spells_ligatures_out_and_keeps_ascii_only() -> None:
    assert textnorm.ascii_words("Cœur-de-Lion") == "coeur de lion"
    assert textnorm.ascii_words("Ærø O'Neil") == "aer o neil"  # ø has no ASCII base
    assert textnorm.ascii_words("Søren") == "sren"  # no ASCII base: the letter goes
